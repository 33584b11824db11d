//! CC001 undefined-citation: a marker names a reference the list does not have.

use super::rule::{Check, Rule};
use super::Context;
use crate::document::{MarkerContent, RefKey};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC001",
        name: "undefined-citation",
        severity: Severity::Error,
        needs: Needs::Text,
        summary: "a marker [n] with no reference n",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Finds citation markers (`[3]`, `[1, 4–6]`, `[^note]`) that name a reference
the article's reference list does not contain.

## Why it matters
A reader who follows `[9]` and finds no entry 9 cannot check the claim. In
machine-written text this is the commonest citation fault: markers are
generated independently of the list, or the list is cut short.

## Example
```text
Prices rose 4% in May.[9]

References
1. “Inflation report” Reuters, 2 Jun. 2023, https://www.reuters.com/…
```

## Use instead
Add the missing entry to the reference list, or correct the marker to the
reference that supports the sentence.

## What counts as a marker
Square brackets holding numbers, comma- or semicolon-separated lists and
ranges (`-`, `–` or `—`): `[3]`, `[1, 3]`, `[1,3-5]`, `[2–4]`, `[1][2]`.
Brackets holding words (`[sic]`, `[citation needed]`, `[a]`) and Markdown
link text `[text](url)` are not markers; nor is anything inside code, HTML
comments or link targets in Markdown.

A lone bracketed year such as `[2023]` that names no reference is read as an
editorial insertion, not a citation, and is not reported, as long as the
reference list is numbered below 1000. Precisely: a single number from 1000
to 2999, with no reference of that number, in an article whose highest
reference number is below 1000. Any other number that names no reference is
reported.

When the article has no reference list at all, every marker is reported,
with a message that says so.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let range = reference_range(ctx);
    for marker in &doc.markers {
        let missing_of: Vec<(crate::document::Span, Vec<RefKey>, String)> = match &marker.content {
            MarkerContent::Numbers(items) => items
                .iter()
                .filter_map(|item| {
                    let missing: Vec<RefKey> = item
                        .numbers()
                        .map(RefKey::Number)
                        .filter(|k| doc.reference(k).is_none())
                        .collect();
                    if missing.is_empty() {
                        return None;
                    }
                    let span = if items.len() == 1 && item.first == item.last {
                        marker.span
                    } else {
                        item.span
                    };
                    Some((span, missing, ctx.quote(item.span)))
                })
                .collect(),
            MarkerContent::Footnote { label, .. } => {
                let key = RefKey::Label(label.clone());
                if doc.reference(&key).is_some() {
                    continue;
                }
                vec![(marker.span, vec![key], format!("^{label}"))]
            }
            MarkerContent::Malformed(_) => continue,
        };
        for (span, missing, shown) in missing_of {
            let names = join_keys(&missing);
            let (message, help) = match &range {
                None => (
                    format!("citation [{shown}] has no reference list to point to"),
                    "add a reference list under a “References” heading, with an entry for each cited number".to_string(),
                ),
                Some(range) => (
                    if missing.len() == 1 {
                        format!("citation [{shown}] names no reference {names}")
                    } else {
                        format!("citation [{shown}] names missing references {names}")
                    },
                    format!(
                        "add reference {names} to the list, or correct the marker; the list has {range}"
                    ),
                ),
            };
            let mut d = Diagnostic::new(&RULE, span, message, format!("no reference {names}"))
                .with_help(help)
                .with_reference(missing.first().cloned());
            if let Some(heading) = doc.reference_heading {
                d = d.with_label(heading, "the reference list starts here");
            } else if let Some(first) = doc.references.first() {
                d = d.with_label(
                    first.key_span.unwrap_or(first.span),
                    "the reference list starts here",
                );
            }
            out.push(d);
        }
    }
    out
}

fn join_keys(keys: &[RefKey]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "references 0–7" or "references ^a, ^b"; `None` with no list at all.
fn reference_range(ctx: &Context<'_>) -> Option<String> {
    let refs = &ctx.doc.references;
    if refs.is_empty() {
        return None;
    }
    let numbers: Vec<u64> = refs
        .iter()
        .filter_map(|r| match r.key {
            Some(RefKey::Number(n)) => Some(n),
            _ => None,
        })
        .collect();
    if numbers.len() == refs.len() {
        let min = numbers.iter().min().copied().unwrap_or(0);
        let max = numbers.iter().max().copied().unwrap_or(0);
        return Some(if min == max {
            format!("only reference {min}")
        } else {
            format!("references {min}–{max}")
        });
    }
    let keys: Vec<String> = refs
        .iter()
        .filter_map(|r| r.key.as_ref())
        .map(|k| k.to_string())
        .collect();
    Some(format!("references {}", keys.join(", ")))
}
