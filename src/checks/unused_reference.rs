//! CC002 unused-reference: an entry of the reference list that no marker cites.

use crate::model::Fix;
use super::rule::{Check, Rule};
use super::Context;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC002",
        name: "unused-reference",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "a reference no marker cites",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Finds reference entries that no citation marker in the body names (ranges
such as `[3–5]` count for every number they span).

## Why it matters
An uncited reference pads the list with sources that support nothing, which
makes the article look better sourced than it is. It is also a sign that a
marker was lost in editing, so a sentence now lacks its citation.

## Example
```text
Blinken arrived in Beijing on Sunday.[1]

1. “Blinken lands in China” CNN, 18 Jun. 2023, https://www.cnn.com/…
2. “Why is Blinken going to China?” Al Jazeera, 16 Jun. 2023, https://…
```
Reference 2 is never cited.

## Use instead
Cite the reference where the article relies on it, or remove the entry.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let cited = ctx.cited_keys();
    let is_cited = |key: &crate::document::RefKey| {
        cited.contains(key) || cited.iter().any(|c| crate::document::keys_match(c, key))
    };
    ctx.doc
        .references
        .iter()
        .filter_map(|r| {
            let key = r.key.as_ref()?;
            if is_cited(key) {
                return None;
            }
            let cite = match key {
                crate::document::RefKey::Number(n) => format!("[{n}]"),
                crate::document::RefKey::Label(l) => format!("[^{l}]"),
            };
            Some(
                Diagnostic::new(
                    &RULE,
                    r.span,
                    format!("reference {key} is never cited"),
                    "no marker cites this entry",
                )
                .with_help(format!(
                    "cite it where the article relies on it (append {cite} to the sentence), or remove the entry"
                ))
                .with_reference(Some(key.clone()))
                .with_url(r.url.as_ref().map(|u| u.text.clone())),
            )
        })
        .collect()
}

/// Remove the entry and renumber the rest (unsafe: the entry may be a source
/// the text forgot to cite).
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let i = ctx.doc.references.iter().position(|r| r.span == d.span)?;
    let key = ctx.doc.references[i].key.as_ref()?;
    Fix::unsafe_(
        format!("remove reference {key} and renumber the list"),
        super::edits::renumber(ctx, &[i], &[])?,
    )
    .map(Fix::isolated)
}
