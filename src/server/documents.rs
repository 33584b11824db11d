//! The open documents: each one's text as the client last sent it, its
//! parse and findings, and the link facts last fetched for it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use lsp_types::Uri;

use super::position::{Encoding, LineMap};
use crate::document::{self, Document};
use crate::model::Diagnostic;
use crate::net::Links;
use crate::source::{Format, Source};

/// Documents larger than this are not checked: the checks are linear but a
/// multi-megabyte buffer on every keystroke is not an article.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// One open document.
#[derive(Debug)]
pub struct Doc {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub format: Format,
    /// The file it is, when the URI is a `file:` one (settings are found
    /// from it; an unsaved buffer gets the defaults).
    pub path: Option<PathBuf>,
    pub lines: LineMap,
    /// The parse and findings of `text`, once checked.
    pub checked: Option<Checked>,
    /// When to check `text` after a change (typing is let settle first).
    pub due: Option<Instant>,
    /// What the link stage last found for this document's URLs.
    pub links: Option<Arc<Links>>,
    /// Why it is not checked (binary, huge), said once.
    pub refused: Option<String>,
}

/// A checked text's parse and findings, for code actions and hovers.
#[derive(Debug)]
pub struct Checked {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    pub fn new(uri: Uri, version: i32, text: String, language: &str, encoding: Encoding) -> Doc {
        let path = file_path(&uri);
        let name = path
            .as_ref()
            .map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
        // The file's name decides as for the CLI; an unsaved Markdown
        // buffer is known by its language id.
        let format = match Format::from_path(&name) {
            Format::Text if language.eq_ignore_ascii_case("markdown") => Format::Markdown,
            f => f,
        };
        let lines = LineMap::new(&text, encoding);
        Doc {
            uri,
            version,
            text,
            format,
            path,
            lines,
            checked: None,
            due: None,
            links: None,
            refused: None,
        }
    }

    pub fn set_text(&mut self, version: i32, text: String, encoding: Encoding) {
        self.lines = LineMap::new(&text, encoding);
        self.text = text;
        self.version = version;
        self.checked = None;
    }

    /// The name settings and messages know it by.
    pub fn name(&self) -> String {
        self.path.as_ref().map_or_else(
            || self.uri.as_str().to_string(),
            |p| p.display().to_string(),
        )
    }

    /// Why this text is not checked: a NUL byte (binary) or its size.
    pub fn unreadable(&self) -> Option<String> {
        if self.text.len() > MAX_BYTES {
            return Some(format!(
                "{} is {} bytes, over the {MAX_BYTES} bytes the editor server checks; run `citecheck` on it instead",
                self.name(),
                self.text.len()
            ));
        }
        self.text.find('\0').map(|offset| {
            format!(
                "{}: binary file (NUL byte at offset {offset}); not checked",
                self.name()
            )
        })
    }

    pub fn source(&self) -> Source {
        Source::with_format(self.name(), self.text.clone(), self.format)
    }

    pub fn parse(&self) -> Document {
        document::parse_text(&self.text, self.format)
    }
}

/// A `file:` URI's path.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    by_uri: HashMap<String, Doc>,
}

impl Documents {
    pub fn insert(&mut self, doc: Doc) {
        self.by_uri.insert(doc.uri.as_str().to_string(), doc);
    }

    pub fn remove(&mut self, uri: &Uri) -> Option<Doc> {
        self.by_uri.remove(uri.as_str())
    }

    pub fn get(&self, uri: &Uri) -> Option<&Doc> {
        self.by_uri.get(uri.as_str())
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Doc> {
        self.by_uri.get_mut(uri.as_str())
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Doc> {
        self.by_uri.values_mut()
    }

    /// The earliest time a changed document is due to be checked.
    pub fn next_due(&self) -> Option<Instant> {
        self.by_uri.values().filter_map(|d| d.due).min()
    }
}
