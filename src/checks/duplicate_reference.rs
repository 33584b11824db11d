//! CC003 duplicate-reference: two entries that cite the same work.

use crate::model::Fix;
use super::rule::{Check, Rule};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use std::collections::HashMap;

use super::Context;
use crate::text::normalize;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC003",
        name: "duplicate-reference",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary:
            "two references to the same work (same normalised URL, or same title and publisher)",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Finds reference entries that point at the same work as an earlier entry:
the same URL once scheme, `www.`, fragment, tracking parameters and trailing
slash are ignored, or the same title from the same publisher.

## Why it matters
Duplicates inflate the apparent number of sources and split the citations
of one source over two numbers, which hides how much the article leans on
it.

## Example
```text
1. “Blinken lands in China” CNN, 18 Jun. 2023, https://www.cnn.com/2023/06/17/politics/a/index.html
2. “Blinken arrives in Beijing” CNN, 18 Jun. 2023, https://cnn.com/2023/06/17/politics/a/index.html?utm_source=x
```

## Use instead
Keep one entry and cite its number everywhere the other was cited.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut by_title: HashMap<(String, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in ctx.doc.references.iter().enumerate() {
        let url_key = r
            .url
            .as_ref()
            .and_then(|u| u.parsed.as_ref().ok())
            .map(normalize::url_key);
        let title_key = match (&r.title, &r.publisher) {
            (Some(t), Some(p)) => {
                let (t, p) = (normalize::key(&t.text), normalize::key(&p.text));
                (!t.is_empty() && !p.is_empty()).then_some((t, p))
            }
            _ => None,
        };
        let earlier_url = url_key.as_ref().and_then(|k| by_url.get(k).copied());
        let earlier_title = title_key.as_ref().and_then(|k| by_title.get(k).copied());
        if let Some(j) = earlier_url.or(earlier_title) {
            let first = &ctx.doc.references[j];
            let same_url = earlier_url.is_some();
            let (span, first_span, what) = if same_url {
                (
                    r.url.as_ref().map_or(r.span, |u| u.span),
                    first.url.as_ref().map_or(first.span, |u| u.span),
                    "the same URL",
                )
            } else {
                (
                    r.title.as_ref().map_or(r.span, |t| t.span),
                    first.title.as_ref().map_or(first.span, |t| t.span),
                    "the same title and publisher",
                )
            };
            let this = key_text(r);
            let that = key_text(first);
            out.push(
                Diagnostic::new(
                    &RULE,
                    span,
                    format!("reference {this} duplicates reference {that} ({what})"),
                    "this entry",
                )
                .with_label(first_span, format!("first listed here as reference {that}"))
                .with_help(format!(
                    "keep one entry: remove reference {this} and cite [{that}] where it was cited"
                ))
                .with_reference(r.key.clone())
                .with_url(r.url.as_ref().map(|u| u.text.clone())),
            );
        }
        if let Some(k) = url_key {
            by_url.entry(k).or_insert(i);
        }
        if let Some(k) = title_key {
            by_title.entry(k).or_insert(i);
        }
    }
    out
}

fn key_text(r: &crate::document::Reference) -> String {
    r.key
        .as_ref()
        .map_or_else(|| "(unnumbered)".to_string(), |k| k.to_string())
}

/// Fold the duplicate into the first entry: remove it, cite the first where
/// it was cited, renumber. Safe for the same URL; unsafe for the same title
/// and publisher, whose two URLs may be two versions of the page.
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let refs = &ctx.doc.references;
    let find = |span: crate::model::Span| refs.iter().position(|r| r.span.start <= span.start && span.end <= r.span.end);
    let dup = find(d.span)?;
    let kept = find(d.labels.get(1)?.span)?;
    if dup == kept {
        return None;
    }
    let same_url = refs[dup].url.as_ref().is_some_and(|u| u.span == d.span);
    let message = format!(
        "merge reference {} into reference {}",
        key_text(&refs[dup]),
        key_text(&refs[kept])
    );
    let edits = super::edits::renumber(ctx, &[], &[(dup, kept)])?;
    let fix = if same_url {
        Fix::safe(message, edits)
    } else {
        Fix::unsafe_(message, edits)
    };
    fix.map(Fix::isolated)
}
