//! `citecheck rules`: the rule catalogue as a table or as JSON.

use serde::Serialize;

use crate::model::{Catalogue, RuleMeta, Severity};

/// One rule as `citecheck rules --format json` lists it. Every listed rule
/// runs, so `status` is always `stable`; the field stays for readers of the
/// earlier output.
#[derive(Serialize)]
struct Row {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    status: &'static str,
    summary: &'static str,
    explanation: &'static str,
}

impl From<&RuleMeta> for Row {
    fn from(r: &RuleMeta) -> Row {
        Row {
            code: r.code,
            name: r.name,
            severity: r.severity,
            status: "stable",
            summary: r.summary,
            explanation: r.explanation,
        }
    }
}

pub fn render_table(rules: Catalogue<'_>) -> String {
    let mut out = format!(
        "{:<6} {:<24} {:<8} {:<8} {}\n",
        "code", "name", "severity", "status", "summary"
    );
    for r in rules.iter() {
        out.push_str(&format!(
            "{:<6} {:<24} {:<8} {:<8} {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            "stable",
            r.summary
        ));
    }
    out
}

/// The Markdown table of the README's "Rules" section.
pub fn render_markdown(rules: Catalogue<'_>) -> String {
    let mut out = String::from("| code | name | default | what it finds |\n|---|---|---|---|\n");
    for r in rules.iter() {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    out
}

pub fn render_json(rules: Catalogue<'_>) -> String {
    let rows: Vec<Row> = rules.iter().map(Row::from).collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_default();
    out.push('\n');
    out
}
