//! `citecheck rules`: the rule catalogue as a table or as JSON.

use serde::Serialize;

use crate::model::{Catalogue, Needs, RuleMeta, Severity};

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

/// What a rule reads, in the words of its documentation page.
fn runs(needs: Needs) -> &'static str {
    match needs {
        Needs::Text => "offline, on the article alone",
        Needs::TextOrPage => "offline on the article and its URLs; with the link stage it also reads the fetched page",
        Needs::LinkStatus => "only with the link stage (not with `--offline`): it needs each link's status",
        Needs::Page => "only with the link stage (not with `--offline`) or `--sources`: it reads the cited page",
    }
}

/// A rule's documentation page, `docs/rules/CODE.md`, generated from the
/// registry so that it never disagrees with `citecheck explain`.
pub fn render_page(r: &RuleMeta) -> String {
    let mut out = format!("# {} {}\n\n{GENERATED}\n\n", r.code, r.name);
    out.push_str(&format!("{}.\n\n", capitalise(r.summary)));
    out.push_str(&format!(
        "- Default severity: **{}**\n",
        r.severity.as_str()
    ));
    out.push_str(&format!("- Runs: {}\n", runs(r.needs)));
    out.push_str(&format!(
        "- Select or ignore it as `{code}` or `{}`; `citecheck explain {code}` prints this page.\n",
        r.name,
        code = r.code
    ));
    if !r.explanation.trim().is_empty() {
        out.push('\n');
        out.push_str(r.explanation.trim());
        out.push('\n');
    }
    out
}

const GENERATED: &str = "<!-- Generated from the rule registry: `CITECHECK_BLESS=1 cargo test --test cli rule_pages` rewrites it. -->";

/// `docs/rules/README.md`: the index of the rule pages.
pub fn render_index(rules: Catalogue<'_>) -> String {
    let mut out = format!(
        "# Rules\n\n{GENERATED}\n\n| code | name | default | what it finds |\n|---|---|---|---|\n"
    );
    for r in rules.iter() {
        out.push_str(&format!(
            "| [{code}]({code}.md) | {} | {} | {} |\n",
            r.name,
            r.severity.as_str(),
            r.summary.replace('|', "\\|"),
            code = r.code,
        ));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
