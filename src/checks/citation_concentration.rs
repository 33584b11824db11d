//! CC103 citation-concentration: one reference carries too large a share of
//! the article's citations.

use super::rule::{Check, Rule};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use std::collections::BTreeMap;

use super::Context;
use crate::document::{MarkerContent, RefKey};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC103",
        name: "citation-concentration",
        severity: Severity::Info,
        needs: Needs::Text,
        summary: "one source carries too large a share of the citations",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Counts, for each reference, the markers that cite it, and reports a
reference cited by more than `[claims] concentration` of all markers
(default one third), in an article that cites at least three references.
The finding is on the reference entry, with labels on the markers.

## Why it matters
An article that leans on one source mostly repeats that source. It is worth
knowing, even when every citation is correct, which is why this is `info`.

## Example
Seven of twenty markers cite `[4]`.

## Use instead
Support the claims with a wider range of sources, or say plainly that the
article summarises one.
"#;

/// Labels on at most this many markers, to keep the output readable.
const MAX_MARKER_LABELS: usize = 8;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let doc = ctx.doc;
    let mut per_ref: BTreeMap<RefKey, Vec<usize>> = BTreeMap::new();
    let mut total = 0usize;
    for (m, marker) in doc.markers.iter().enumerate() {
        let keys: Vec<RefKey> = match &marker.content {
            MarkerContent::Numbers(items) => {
                let mut ks: Vec<RefKey> = items
                    .iter()
                    .flat_map(|i| i.numbers())
                    .map(RefKey::Number)
                    .collect();
                ks.dedup();
                ks
            }
            MarkerContent::Footnote { label, .. } => vec![RefKey::Label(label.clone())],
            MarkerContent::Malformed(_) => continue,
        };
        total += 1;
        for k in keys {
            if let Some(r) = doc.reference(&k).and_then(|r| r.key.clone()) {
                per_ref.entry(r).or_default().push(m);
            }
        }
    }
    if per_ref.len() < 3 || total == 0 {
        return Vec::new();
    }
    let limit = ctx.config.claims.concentration;
    let mut out = Vec::new();
    for (key, markers) in &per_ref {
        let share = markers.len() as f64 / total as f64;
        if share <= limit {
            continue;
        }
        let Some(r) = doc.reference(key) else {
            continue;
        };
        let mut d = Diagnostic::new(
            &RULE,
            r.span,
            format!(
                "reference {key} carries {} of {total} citations ({:.0}%)",
                markers.len(),
                share * 100.0
            ),
            "most-cited source",
        )
        .with_help("check that the article does not merely restate this one source; cite others where they support the claims")
        .with_reference(Some(key.clone()))
        .with_url(r.url.as_ref().map(|u| u.text.clone()));
        for &m in markers.iter().take(MAX_MARKER_LABELS) {
            d = d.with_label(doc.markers[m].span, format!("cites {key}"));
        }
        out.push(d);
    }
    out
}
