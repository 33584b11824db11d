//! `--statistics`: a count per rule instead of each diagnostic, as text or
//! as a JSON object.

use super::stream::Totals;

/// One line per rule with its count, most frequent first, then the files
/// that could not be read.
pub fn render_text(totals: &Totals) -> String {
    let mut out = String::new();
    for (n, code, rule) in totals.rule_counts() {
        out.push_str(&format!("{n:>6}  {code}  {rule}\n"));
    }
    for (path, error) in &totals.failures {
        out.push_str(&format!("error: {path}: {error}\n"));
    }
    out
}

/// The same counts as an object: `statistics`, `errors`, `summary`.
pub fn render_json(totals: &Totals) -> String {
    let rows: Vec<serde_json::Value> = totals
        .rule_counts()
        .into_iter()
        .map(
            |(count, code, rule)| serde_json::json!({ "count": count, "code": code, "rule": rule }),
        )
        .collect();
    let errors: Vec<serde_json::Value> = totals
        .failures
        .iter()
        .map(|(path, error)| serde_json::json!({ "path": path, "error": error }))
        .collect();
    let doc =
        serde_json::json!({ "statistics": rows, "errors": errors, "summary": totals.summary });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}
