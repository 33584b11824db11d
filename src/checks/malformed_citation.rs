//! CC006 malformed-citation: a bracket that looks like a citation but cannot
//! be read as one.

use crate::model::Fix;
use super::rule::{Check, Rule};
use super::Context;
use crate::document::{MalformedMarker, MarkerContent};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC006",
        name: "malformed-citation",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "a marker that is empty, reversed ([5-2]), or unreadable",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Finds citation markers that cannot be read: empty brackets `[]`, reversed
ranges `[5-2]`, doubled or dangling separators `[1,,2]` `[3-]`, numbers too
large to be reference numbers `[99999999999999999999]`, and ranges so wide
(over 1000 references) that they are surely typos.

## Why it matters
A marker that cannot be read cites nothing: the sentence is effectively
uncited, and the reader cannot tell which source was meant.

## Example
```text
The talks were called constructive.[5-2]
```

## Use instead
```text
The talks were called constructive.[2-5]
```
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.doc
        .markers
        .iter()
        .filter_map(|m| {
            let MarkerContent::Malformed(kind) = &m.content else {
                return None;
            };
            let shown = ctx.quote(m.span);
            let d = match kind {
                MalformedMarker::Empty => Diagnostic::new(
                    &RULE,
                    m.span,
                    "empty citation marker",
                    "nothing inside the brackets",
                )
                .with_help("put the reference number inside the brackets, or remove them"),
                MalformedMarker::Reversed { first, last, span } => Diagnostic::new(
                    &RULE,
                    m.span,
                    format!("citation range {shown} runs backwards"),
                    "reversed range",
                )
                .with_label(*span, format!("{first} is greater than {last}"))
                .with_help(format!("write the range low to high: {last}–{first}")),
                MalformedMarker::TooLarge { span } => Diagnostic::new(
                    &RULE,
                    m.span,
                    format!("citation {shown} holds a number too large to be a reference"),
                    "not a reference number",
                )
                .with_label(*span, "too large")
                .with_help("correct the reference number"),
                MalformedMarker::RangeTooWide { first, last, span } => Diagnostic::new(
                    &RULE,
                    m.span,
                    format!(
                        "citation range {shown} spans {} references",
                        last - first + 1
                    ),
                    "range too wide",
                )
                .with_label(*span, "this range")
                .with_help(
                    "cite the references that support the sentence, not a span of the whole list",
                ),
                MalformedMarker::Unreadable => Diagnostic::new(
                    &RULE,
                    m.span,
                    format!("citation marker {shown} cannot be read"),
                    "unreadable marker",
                )
                .with_help("write numbers separated by commas, with ranges as 3-5, e.g. [1, 3-5]"),
            };
            Some(d)
        })
        .collect()
}

/// `[1,,2]`, `[,3]`, `[4;]`: the numbers are plain, only a separator is
/// doubled or dangling, so the marker is rewritten with single ones. Other
/// malformed markers (reversed, dangling dash, empty) could mean more than
/// one thing and are left to the writer.
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let marker = ctx.doc.markers.iter().find(|m| m.span == d.span)?;
    if !matches!(marker.content, MarkerContent::Malformed(MalformedMarker::Unreadable)) {
        return None;
    }
    let inner = ctx.text.get(marker.span.start + 1..marker.span.end - 1)?;
    let separator = if inner.contains(';') && !inner.contains(',') { "; " } else { ", " };
    let parts: Vec<&str> = inner
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let rewritten = parts.join(separator);
    // Readable, and citing only entries the list has: a fix that made the
    // marker point nowhere would trade this finding for CC001.
    let Some(MarkerContent::Numbers(items)) = crate::document::markers::classify(&rewritten, 0)
    else {
        return None;
    };
    if !items
        .iter()
        .flat_map(|i| i.numbers())
        .all(|n| ctx.doc.reference(&crate::document::RefKey::Number(n)).is_some())
    {
        return None;
    }
    Fix::safe(
        format!("write the marker as [{rewritten}]"),
        vec![crate::model::Edit::replace(
            crate::model::Span::new(marker.span.start + 1, marker.span.end - 1),
            rewritten,
        )],
    )
}
