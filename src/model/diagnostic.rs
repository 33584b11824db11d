//! One finding: a rule's code and name, its severity, a message, the span it
//! is about and labelled places beside it.

use std::borrow::Cow;

use serde::Serialize;

use super::{Fix, RefKey, RuleMeta, Span};

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
    /// Most labels are fixed words ("first said here"): borrowed, not a
    /// copy per finding, which a file of 750,000 repeats multiplied.
    pub message: Cow<'static, str>,
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
    /// Usually a fixed text of its rule: borrowed, as label messages are.
    pub help: Option<Cow<'static, str>>,
    pub reference: Option<RefKey>,
    pub url: Option<String>,
    /// The edit that resolves it, when its rule knows one (`--fix`).
    /// Boxed: most findings have none, and a file can hold tens of
    /// thousands of findings.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding of `rule`, at its default severity, with a primary label
    /// on `span`. Taking the rule itself, not its code, means a finding
    /// cannot name a rule that does not exist.
    pub fn new(
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
        label: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            message: message.into(),
            span,
            labels: vec![Label {
                span,
                message: label.into(),
            }],
            help: None,
            reference: None,
            url: None,
            fix: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        // Room for this label only: a growing list would keep room for four,
        // in each of a file's thousands of findings.
        self.labels.reserve_exact(1);
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
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
