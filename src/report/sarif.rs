//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it, rules
//! from the registry (plain and Markdown help, a documentation link), one
//! result per diagnostic with a URI relative to `%SRCROOT%`, a region whose
//! columns and char offsets are both Unicode code points, related locations
//! for the other places, and per-result fingerprints (GitHub tracks alerts by
//! `primaryLocationLineHash`, and a paragraph is one line).

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value};

use super::format::{render_all, Emit};
use super::stream::Totals;
use super::{fingerprint, plain_text, FileReport, Report, Severity};
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

fn region(source: &Source, span: Span) -> Value {
    let (start_line, start_column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    let char_offset = source.char_offset(span.start);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": char_offset,
        "charLength": source.char_offset(span.end) - char_offset,
    })
}

/// GitHub shows at most 1,024 characters of a rule's full description.
const FULL_DESCRIPTION_MAX: usize = 1000;

fn rules(catalogue: Catalogue<'_>) -> Vec<Value> {
    catalogue
        .iter()
        .map(|r| {
            let explanation = r.explanation.trim();
            let full = match plain_text::first_paragraph(explanation, FULL_DESCRIPTION_MAX) {
                p if p.is_empty() => r.summary.to_string(),
                p => p,
            };
            let (text, markdown) = if explanation.is_empty() {
                (r.summary.to_string(), r.summary.to_string())
            } else {
                (
                    plain_text::from_markdown(explanation),
                    explanation.to_string(),
                )
            };
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": full },
                "help": { "text": text, "markdown": markdown },
                "helpUri": r.doc_url(),
                "defaultConfiguration": { "level": level(r.severity), "enabled": true },
                "properties": { "status": "stable" },
            })
        })
        .collect()
}

/// The base every result's URI is relative to: the working directory, or
/// the deepest directory holding it and every checked file when some lie
/// outside it, so that no URI is absolute or climbs with `..`.
const BASE_ID: &str = "%SRCROOT%";

fn absolute(path: &str, cwd: &Path) -> PathBuf {
    let joined = cwd.join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn common_root(cwd: &Path, files: &[PathBuf]) -> PathBuf {
    let mut root = cwd.to_path_buf();
    for f in files {
        let dir = f.parent().unwrap_or(f);
        while !dir.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    root
}

fn encode_segment(seg: &str) -> String {
    seg.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `file:///…/` for the base directory, with a trailing slash as SARIF asks.
fn directory_uri(dir: &Path) -> String {
    url::Url::from_directory_path(dir).map_or_else(|()| "file:///".to_string(), String::from)
}

fn uri_under(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(encode_segment(&s.to_string_lossy())),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Sets every artifact location of a result (its location and related
/// ones) to the file's URI under the base.
fn locate(value: &mut Value, uri: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(artifact)) = map.get_mut("artifactLocation") {
                artifact.insert("uri".into(), Value::String(uri.to_string()));
                artifact.insert("uriBaseId".into(), Value::String(BASE_ID.to_string()));
            }
            for (key, v) in map.iter_mut() {
                if key != "artifactLocation" {
                    locate(v, uri);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| locate(v, uri)),
        _ => {}
    }
}

/// The SARIF emitter. It keeps each file's results (plain values, not the
/// file's text) until the end, because SARIF puts them inside the run object
/// and the base directory is known only once every file is seen.
#[derive(Debug)]
pub struct Sarif<'a> {
    rules: Catalogue<'a>,
    files: Vec<FileResults>,
}

/// One file's results and notification, before their URIs are set.
#[derive(Debug)]
struct FileResults {
    path: String,
    results: Vec<Value>,
    notification: Option<Value>,
}

impl<'a> Sarif<'a> {
    pub fn new(rules: Catalogue<'a>) -> Sarif<'a> {
        Sarif {
            rules,
            files: Vec::new(),
        }
    }
}

impl Emit for Sarif<'_> {
    fn file(&mut self, f: &FileReport) -> String {
        let (results, notification) = file_results(f, self.rules);
        self.files.push(FileResults {
            path: f.source.path.clone(),
            results,
            notification,
        });
        String::new()
    }

    fn finish(&mut self, _totals: &Totals) -> String {
        document(std::mem::take(&mut self.files), self.rules)
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
    // Set with the base directory at the end; see `locate`.
    let uri = "";
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
            "partialFingerprints": {
                "citecheck/v1": print,
                "primaryLocationLineHash": format!("{print}:1"),
            },
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
fn document(mut files: Vec<FileResults>, catalogue: Catalogue<'_>) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let paths: Vec<PathBuf> = files.iter().map(|f| absolute(&f.path, &cwd)).collect();
    let root = common_root(&cwd, &paths);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (f, path) in files.iter_mut().zip(&paths) {
        let uri = uri_under(&root, path);
        for mut r in f.results.drain(..) {
            locate(&mut r, &uri);
            results.push(r);
        }
        if let Some(mut n) = f.notification.take() {
            locate(&mut n, &uri);
            notifications.push(n);
        }
    }
    let rules = rules(catalogue);
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "citecheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "originalUriBaseIds": { BASE_ID: { "uri": directory_uri(&root) } },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_is_the_working_directory_unless_a_file_lies_outside() {
        let cwd = Path::new("/work/project");
        let inside = vec![absolute("docs/a.md", cwd), absolute("./b.txt", cwd)];
        assert_eq!(common_root(cwd, &inside), cwd);
        assert_eq!(uri_under(cwd, &inside[0]), "docs/a.md");
        let outside = vec![absolute("docs/a.md", cwd), absolute("../other/c d.md", cwd)];
        let root = common_root(cwd, &outside);
        assert_eq!(root, Path::new("/work"));
        assert_eq!(uri_under(&root, &outside[0]), "project/docs/a.md");
        assert_eq!(uri_under(&root, &outside[1]), "other/c%20d.md");
        assert_eq!(directory_uri(&root), "file:///work/");
        assert_eq!(directory_uri(Path::new("/")), "file:///");
    }
}
