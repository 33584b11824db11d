//! `citecheck rules`: the registry as a table or as JSON.

use crate::checks::registry::{Status, RULES};

pub fn render_table() -> String {
    let mut out = format!(
        "{:<6} {:<24} {:<8} {:<8} {}\n",
        "code", "name", "severity", "status", "summary"
    );
    for r in RULES {
        let status = match r.status {
            Status::Stable => "stable",
            Status::Planned => "planned",
        };
        out.push_str(&format!(
            "{:<6} {:<24} {:<8} {:<8} {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            status,
            r.summary
        ));
    }
    out
}

pub fn render_json() -> String {
    let mut out = serde_json::to_string_pretty(RULES).unwrap_or_default();
    out.push('\n');
    out
}
