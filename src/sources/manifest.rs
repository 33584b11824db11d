//! The saved-sources folder: `manifest.json` mapping each URL to a file in
//! the folder, read strictly (a broken manifest, a missing file or one that
//! is not a regular file inside the folder is an error naming it) and
//! written atomically.
//!
//! ```json
//! { "format": "citecheck-sources/1",
//!   "pages": [ { "url": "https://news.example/story",
//!                "file": "pages/news.example-story.html",
//!                "content-type": "text/html; charset=windows-1252",
//!                "status": 200,
//!                "fetched": "2026-11-28T19:00:00Z",
//!                "final-url": "https://news.example/story" } ] }
//! ```

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{SavedPage, SourcesError, MAX_PAGE_BYTES};
use crate::atomic::{read_regular, read_regular_text, write_atomic, ReadError};

pub const FILE_NAME: &str = "manifest.json";
pub const FORMAT: &str = "citecheck-sources/1";

/// A manifest is a list of small entries; this is room for ~100,000.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    pub format: String,
    pub pages: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entry {
    pub url: String,
    /// Relative to the folder, `/`-separated.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default = "ok")]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
}

fn ok() -> u16 {
    200
}

/// Read `DIR/manifest.json` and every file it names.
pub fn load_dir(dir: &Path) -> Result<super::Saved, SourcesError> {
    let path = dir.join(FILE_NAME);
    let manifest = read_manifest(&path)?;
    // Links are resolved before the check: a saved page that is a link to
    // `/proc/self/environ` or `~/.ssh` must not end up quoted in a report.
    let root = std::fs::canonicalize(dir).map_err(|source| SourcesError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut pages = Vec::with_capacity(manifest.pages.len());
    for e in manifest.pages {
        let outside = || SourcesError::Manifest {
            path: path.clone(),
            message: format!(
                "`{}` (for {}) is not a relative path inside the folder",
                e.file, e.url
            ),
        };
        let file = inside(dir, &e.file).ok_or_else(outside)?;
        let real = std::fs::canonicalize(&file).map_err(|source| SourcesError::Io {
            path: file.clone(),
            source,
        })?;
        if !real.starts_with(&root) {
            return Err(SourcesError::Manifest {
                path: path.clone(),
                message: format!(
                    "`{}` (for {}) leads outside the folder (to {}); saved pages must be files inside it",
                    e.file,
                    e.url,
                    real.display()
                ),
            });
        }
        let body = read_regular(&real, MAX_PAGE_BYTES).map_err(|e| read_error(&file, e))?;
        let content_type = e.content_type.or_else(|| guess_type(&e.file));
        pages.push(SavedPage {
            url: e.url,
            final_url: e.final_url,
            status: e.status,
            content_type,
            fetched: e.fetched,
            body,
        });
    }
    Ok(super::Saved { pages })
}

/// The manifest at `path`, checked for its format and URLs.
pub fn read_manifest(path: &Path) -> Result<Manifest, SourcesError> {
    let text = read_regular_text(path, MAX_MANIFEST_BYTES).map_err(|e| read_error(path, e))?;
    parse_manifest(&text, path)
}

/// A manifest's text, checked for its format and URLs; errors name `path`.
pub fn parse_manifest(text: &str, path: &Path) -> Result<Manifest, SourcesError> {
    let bad = |message: String| SourcesError::Manifest {
        path: path.to_path_buf(),
        message,
    };
    let manifest: Manifest = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(bad(format!(
            "unknown format `{}` (expected `{FORMAT}`)",
            manifest.format
        )));
    }
    for e in &manifest.pages {
        if let Err(err) = url::Url::parse(&e.url) {
            return Err(bad(format!("`{}` is not a URL: {err}", e.url)));
        }
    }
    Ok(manifest)
}

fn read_error(path: &Path, e: ReadError) -> SourcesError {
    SourcesError::Io {
        path: path.to_path_buf(),
        source: match e {
            ReadError::Io(e) => e,
            other => std::io::Error::other(other),
        },
    }
}

/// `file` joined to `dir`, if it stays inside it (as written; links are
/// resolved by the caller).
fn inside(dir: &Path, file: &str) -> Option<PathBuf> {
    let rel = Path::new(file);
    let plain = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    (plain && !file.is_empty()).then(|| dir.join(rel))
}

/// A content type from a file's extension, for hand-written manifests.
fn guess_type(file: &str) -> Option<String> {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        Some("text/html".into())
    } else if lower.ends_with(".txt") {
        Some("text/plain".into())
    } else {
        None
    }
}

/// Write `pages` into `dir`: each body to its own file, then the manifest
/// (entries for other URLs already in it are kept). Files are written to a
/// temporary name and renamed.
pub fn write_dir(dir: &Path, pages: &[SavedPage]) -> Result<PathBuf, SourcesError> {
    let werr = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SourcesError::Write { path, source }
    };
    let manifest_path = dir.join(FILE_NAME);
    let mut manifest = if manifest_path.exists() {
        read_manifest(&manifest_path)?
    } else {
        Manifest {
            format: FORMAT.to_string(),
            pages: Vec::new(),
        }
    };
    let pages_dir = dir.join("pages");
    std::fs::create_dir_all(&pages_dir).map_err(werr(&pages_dir))?;
    // A `pages` link would send the bodies wherever it points (and the
    // next load refuses them as outside the folder anyway).
    if std::fs::symlink_metadata(&pages_dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(werr(&pages_dir)(std::io::Error::other(
            "is a symbolic link; saved pages are written only into a real folder inside the sources folder",
        )));
    }
    for p in pages {
        let name = format!("pages/{}", file_name(&p.url, p.content_type.as_deref()));
        let path = dir.join(&name);
        write_atomic(&path, &p.body).map_err(werr(&path))?;
        manifest.pages.retain(|e| e.url != p.url);
        manifest.pages.push(Entry {
            url: p.url.clone(),
            file: name,
            content_type: p.content_type.clone(),
            status: p.status,
            fetched: p.fetched.clone(),
            final_url: p.final_url.clone(),
        });
    }
    manifest.pages.sort_by(|a, b| a.url.cmp(&b.url));
    let mut json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| werr(&manifest_path)(std::io::Error::other(e)))?;
    json.push('\n');
    write_atomic(&manifest_path, json.as_bytes()).map_err(werr(&manifest_path))?;
    Ok(manifest_path)
}

/// A readable, unique file name for a URL: host and path folded to
/// `[a-z0-9-]`, shortened, with a hash of the whole URL.
fn file_name(url: &str, content_type: Option<&str>) -> String {
    let readable: String = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut readable: String = readable
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    readable.truncate(60);
    let ext = match content_type.map(str::to_ascii_lowercase) {
        Some(ct) if ct.starts_with("text/plain") => "txt",
        Some(ct) if ct.contains("html") => "html",
        Some(_) => "bin",
        None => "html",
    };
    format!(
        "{readable}-{:08x}.{ext}",
        crate::hash::fnv1a(url.as_bytes()) as u32
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, body: &str) -> SavedPage {
        SavedPage {
            url: url.into(),
            final_url: None,
            status: 200,
            content_type: Some("text/html; charset=utf-8".into()),
            fetched: Some("2026-11-28T19:00:00Z".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn written_folders_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = page("https://a.example/story?id=1", "<p>Ünïcode</p>");
        write_dir(dir.path(), std::slice::from_ref(&a)).unwrap();
        let b = page("https://b.example/other", "<p>B</p>");
        write_dir(dir.path(), std::slice::from_ref(&b)).unwrap();
        let saved = load_dir(dir.path()).unwrap();
        assert_eq!(saved.pages, vec![a, b]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_pages_folder_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("pages")).unwrap();
        let e = write_dir(dir.path(), &[page("https://a.example/", "<p>A</p>")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }

    #[test]
    fn bad_manifests_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join(FILE_NAME);
        std::fs::write(&m, "{not json").unwrap();
        let e = load_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("manifest.json"), "{e}");
        std::fs::write(
            &m,
            r#"{"format":"citecheck-sources/1","pages":[{"url":"https://a.example/","file":"../etc/passwd"}]}"#,
        )
        .unwrap();
        let e = load_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a relative path inside"), "{e}");
        std::fs::write(
            &m,
            r#"{"format":"citecheck-sources/1","pages":[{"url":"https://a.example/","file":"gone.html"}]}"#,
        )
        .unwrap();
        let e = load_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("gone.html"), "{e}");
    }
}
