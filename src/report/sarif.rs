//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it, rules
//! from the registry, one result per diagnostic with a relative URI, a
//! region in Unicode code points, related locations for the labels, and a
//! partial fingerprint.

use serde_json::{json, Value};

use super::format::{render_all, Emit};
use super::stream::Totals;
use super::{fingerprint, FileReport, Report, Severity};
use crate::model::{Catalogue, Span};
use crate::source::Source;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The path relative to the working directory, with forward slashes and no
/// leading `./`.
pub fn relative_path(path: &str) -> String {
    let cwd = std::env::current_dir().ok();
    let p = std::path::Path::new(path);
    let rel = match (&cwd, p.is_absolute()) {
        (Some(cwd), true) => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

/// The relative path as a URI reference (percent-encoded segments).
pub fn relative_uri(path: &str) -> String {
    relative_path(path)
        .split('/')
        .map(|seg| {
            seg.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn region(source: &Source, span: Span) -> Value {
    let (start_line, start_column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": span.start,
        "charLength": span.len(),
    })
}

fn rules(catalogue: Catalogue<'_>) -> Vec<Value> {
    catalogue
        .iter()
        .map(|r| {
            let full = if r.explanation.is_empty() {
                r.summary.to_string()
            } else {
                r.explanation.trim().to_string()
            };
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": full },
                "help": { "text": full },
                "defaultConfiguration": { "level": level(r.severity), "enabled": true },
                "properties": { "status": "stable" },
            })
        })
        .collect()
}

/// The SARIF emitter. It keeps each file's results (plain values, not the
/// file's text) until the end, because SARIF puts them inside the run object.
#[derive(Debug)]
pub struct Sarif<'a> {
    rules: Catalogue<'a>,
    results: Vec<Value>,
    notifications: Vec<Value>,
}

impl<'a> Sarif<'a> {
    pub fn new(rules: Catalogue<'a>) -> Sarif<'a> {
        Sarif {
            rules,
            results: Vec::new(),
            notifications: Vec::new(),
        }
    }
}

impl Emit for Sarif<'_> {
    fn file(&mut self, f: &FileReport) -> String {
        let (results, notification) = file_results(f, self.rules);
        self.results.extend(results);
        self.notifications.extend(notification);
        String::new()
    }

    fn finish(&mut self, _totals: &Totals) -> String {
        document(
            std::mem::take(&mut self.results),
            std::mem::take(&mut self.notifications),
            self.rules,
        )
    }
}

pub fn render(report: &Report, rules: Catalogue<'_>) -> String {
    render_all(&mut Sarif::new(rules), &report.files)
}

/// One file's results, and its notification when it could not be read:
/// plain values, so a run keeps them and drops the file's text.
fn file_results(f: &FileReport, rules: Catalogue<'_>) -> (Vec<Value>, Option<Value>) {
    let mut results = Vec::new();
    let mut notification = None;
    let uri = relative_uri(&f.source.path);
    if let Some(error) = &f.error {
        notification = Some(json!({
            "level": "error",
            "message": { "text": format!("{}: {error}", f.source.path) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
        }));
    }
    let prints = fingerprint::fingerprints(f);
    for (d, print) in f.diagnostics.iter().zip(prints) {
        let rule_index = rules.position(d.code).unwrap_or(0);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<Value> = d
            .labels
            .iter()
            .skip(1)
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i + 1,
                    "message": { "text": l.message },
                    "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region(&f.source, l.span) },
                })
            })
            .collect();
        let mut result = json!({
            "ruleId": d.code,
            "ruleIndex": rule_index,
            "level": level(d.severity),
            "message": { "text": message },
            "locations": [{
                "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region(&f.source, d.span) },
            }],
            "partialFingerprints": { "citecheck/v1": print },
        });
        if !related.is_empty() {
            result["relatedLocations"] = Value::Array(related);
        }
        if let Some(fix) = &d.fix {
            // SARIF 2.1.0 §3.55: one artifactChange for the file, each
            // edit a replacement whose deletedRegion is a region as above.
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(&f.source, e.span),
                        "insertedContent": { "text": e.content },
                    })
                })
                .collect();
            result["fixes"] = json!([{
                "description": { "text": fix.message },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": replacements,
                }],
                "properties": { "applicability": fix.applicability.as_str() },
            }]);
        }
        results.push(result);
    }
    (results, notification)
}

/// The SARIF log around the results of every file.
fn document(results: Vec<Value>, notifications: Vec<Value>, catalogue: Catalogue<'_>) -> String {
    let rules = rules(catalogue);
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "citecheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/citecheck",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
