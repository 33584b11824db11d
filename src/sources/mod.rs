//! Saved sources: pages kept on disk (a folder with a manifest, or a WARC
//! file) that stand in for the network, so CC501 and the page facts of
//! CC301–CC303 give the same answer tomorrow. Loading and writing only; the
//! checks see the result as ordinary link facts.

pub mod fetch;
pub mod manifest;
pub mod warc;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::net::{page, LinkFacts, Links, Outcome};

/// The most bytes one saved page (a file, a WARC record) may hold: the
/// network's body cap (`[links] max-body-bytes`' default), so a saved folder
/// costs what fetching it would.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// One saved page, as it was served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPage {
    /// The URL the article cites (as fetched).
    pub url: String,
    /// Where redirects ended, when elsewhere.
    pub final_url: Option<String>,
    pub status: u16,
    /// The `Content-Type` it was served with (charset included).
    pub content_type: Option<String>,
    /// When it was fetched (RFC 3339), if known.
    pub fetched: Option<String>,
    pub body: Vec<u8>,
}

/// What could not be read, always naming the file.
#[derive(Debug, Error)]
pub enum SourcesError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a valid sources manifest: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("{path}: not a readable WARC file: {message}")]
    Warc { path: PathBuf, message: String },
    #[error(
        "{path}: expected a folder holding {} or a .warc / .warc.gz file",
        manifest::FILE_NAME
    )]
    Kind { path: PathBuf },
    #[error("cannot fetch the sources: {0}")]
    Net(String),
}

/// Pages read from a saved-sources folder or WARC file.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    pub pages: Vec<SavedPage>,
}

/// Read saved sources: a folder with `manifest.json`, or a `.warc` /
/// `.warc.gz` file.
pub fn load(path: &Path) -> Result<Saved, SourcesError> {
    if path.is_dir() {
        return manifest::load_dir(path);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return warc::load(path);
    }
    if !path.exists() {
        return Err(SourcesError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    Err(SourcesError::Kind {
        path: path.to_path_buf(),
    })
}

/// A saved status as the link stage would classify it.
fn outcome(status: u16) -> Outcome {
    use crate::net::{Dead, Unverified};
    match status {
        200..=299 => Outcome::Alive { status },
        404 | 410 => Outcome::Dead(Dead::Status { status }),
        _ => Outcome::Unverified(Unverified::Status { status }),
    }
}

impl Saved {
    /// The saved pages as link facts: each a live page with its facts and
    /// main text, keyed by its normalised URL. A later copy of a URL wins.
    pub fn links(&self) -> Links {
        let mut links = Links::default();
        for p in &self.pages {
            let Some(key) = url::Url::parse(&p.url)
                .ok()
                .and_then(|u| crate::model::link_key(&u))
            else {
                continue;
            };
            // Where the page really was, so a bounce to a home page is not
            // taken as the cited page.
            let redirects = p
                .final_url
                .iter()
                .filter(|to| **to != key)
                .map(|to| crate::net::Hop {
                    status: 302,
                    from: key.clone(),
                    to: to.clone(),
                })
                .collect();
            let facts = LinkFacts {
                url: key.clone(),
                outcome: outcome(p.status),
                redirects,
                page: Some(page::read(&p.body, p.content_type.as_deref(), false)),
                same_as_missing_sibling: false,
                archived: None,
                history: None,
            };
            links.facts.insert(key, facts);
        }
        links
    }
}
