//! CC006 malformed-citation: a bracket that looks like a citation but cannot
//! be read as one.

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
    fix: None,
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
