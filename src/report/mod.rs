//! The diagnostic model and the per-run report; one module per output format
//! renders it.

pub mod baseline;
pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod rules_table;
pub mod sarif;
pub mod stream;

use serde::Serialize;

use crate::document::{RefKey, Span};
use crate::source::Source;

/// Output format names, as `--format` and the `format` key take them.
pub const FORMATS: &[&str] = &[
    "human", "narrated", "concise", "json", "jsonl", "sarif", "github",
];

/// How serious a finding is. Ordered so that `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A span with a message, shown beside the text it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding. `labels[0]` is always on `span` itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub reference: Option<RefKey>,
    pub url: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for the rule `code`, at its default severity, with a
    /// primary label on `span`.
    pub fn new(
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let rule = crate::checks::registry::rule(code);
        Diagnostic {
            code,
            rule: rule.map_or("unknown", |r| r.name),
            severity: rule.map_or(Severity::Warning, |r| r.severity),
            message: message.into(),
            span,
            labels: vec![Label {
                span,
                message: label.into(),
            }],
            help: None,
            reference: None,
            url: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_reference(mut self, key: Option<RefKey>) -> Diagnostic {
        self.reference = key;
        self
    }

    pub fn with_url(mut self, url: Option<String>) -> Diagnostic {
        self.url = url;
        self
    }
}

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
}

impl FileReport {
    pub fn failed(path: impl Into<String>, error: impl Into<String>) -> FileReport {
        FileReport {
            source: Source::new(path, ""),
            stats: Stats::default(),
            diagnostics: Vec::new(),
            error: Some(error.into()),
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
