//! The diagnostic model and the per-run report; one module per output format
//! renders it.

pub mod baseline;
pub mod concise;
pub mod diff;
pub mod excerpt;
pub mod fingerprint;
pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod plain_text;
pub mod rules_table;
pub mod sarif;
pub mod statistics;
pub mod stream;

use serde::Serialize;

pub use crate::model::{Diagnostic, Label, Severity};
use crate::source::Source;
pub use format::OutputFormat;

/// Counts describing what was checked in one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub paragraphs: usize,
    pub sentences: usize,
    pub citations: usize,
    pub references: usize,
    pub links_checked: usize,
}

/// The outcome for one input: its findings, or why it could not be checked.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Source,
    pub stats: Stats,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read; `source.text` is then empty.
    pub error: Option<String>,
    /// Set when fixes were applied (`--fix`, `--diff`): `source` is then
    /// the fixed text and the diagnostics are the fixed text's.
    pub fixed: Option<Fixed>,
}

/// What applying a file's fixes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixed {
    /// The text as read, before any fix.
    pub original: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Fixes left out (overlapping ones still overlapping at the last pass,
    /// passes exhausted), for the user.
    pub notes: Vec<String>,
    /// The text came from standard input (so the fixed text goes to stdout).
    pub stdin: bool,
    /// The file to write, as named: the report's path is text, shown
    /// lossily, and a name that is not UTF-8 would not find the file.
    pub file: Option<std::path::PathBuf>,
}

impl Fixed {
    /// Whether the fixes changed the text.
    pub fn changed(&self, report: &FileReport) -> bool {
        self.original != report.source.text
    }
}

impl FileReport {
    pub fn failed(path: impl Into<String>, error: impl Into<String>) -> FileReport {
        FileReport {
            source: Source::new(path, ""),
            stats: Stats::default(),
            diagnostics: Vec::new(),
            error: Some(error.into()),
            fixed: None,
        }
    }
}

/// Everything one run found, files sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

/// Totals over a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// Files that could not be read.
    pub fn failures(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| f.error.is_some())
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .map(|d| d.severity)
            .max()
    }
}
