//! `--format json` (the `citecheck-report/1` schema) and `--format jsonl`.

use serde::Serialize;

use super::{Diagnostic, FileReport, Report, Stats, Summary};
use crate::document::{RefKey, Span};
use crate::source::Source;

pub const SCHEMA: &str = "citecheck-report/1";

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    tool: Tool,
    files: Vec<JsonFile<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    stats: Stats,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// A span with both byte offsets and 1-based line/column (in characters).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl JsonSpan {
    pub fn new(source: &Source, span: Span) -> JsonSpan {
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        JsonSpan {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    span: JsonSpan,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    reference: Option<&'a RefKey>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonlLine<'a> {
    path: &'a str,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
}

fn diagnostic<'a>(source: &Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: d.code,
        rule: d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        span: JsonSpan::new(source, d.span),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                span: JsonSpan::new(source, l.span),
                message: &l.message,
            })
            .collect(),
        help: d.help.as_deref(),
        reference: d.reference.as_ref(),
        url: d.url.as_deref(),
    }
}

fn file(f: &FileReport) -> JsonFile<'_> {
    JsonFile {
        path: &f.source.path,
        stats: f.stats,
        diagnostics: f
            .diagnostics
            .iter()
            .map(|d| diagnostic(&f.source, d))
            .collect(),
        error: f.error.as_deref(),
    }
}

/// The whole report as one pretty-printed JSON document.
pub fn render(report: &Report) -> String {
    let doc = JsonReport {
        schema: SCHEMA,
        tool: Tool {
            name: "citecheck",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: report.files.iter().map(file).collect(),
        summary: report.summary(),
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}

/// One diagnostic per line, each with its `path`. A file that could not be
/// read gives one line with `path` and `error`.
pub fn render_lines(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.files {
        if let Some(error) = &f.error {
            let line = serde_json::json!({ "path": f.source.path, "error": error });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        for d in &f.diagnostics {
            let line = JsonlLine {
                path: &f.source.path,
                diagnostic: diagnostic(&f.source, d),
            };
            if let Ok(s) = serde_json::to_string(&line) {
                out.push_str(&s);
                out.push('\n');
            }
        }
    }
    out
}
