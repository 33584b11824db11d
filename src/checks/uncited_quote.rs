//! CC102 uncited-quote: quoted words in a sentence no citation covers.

use super::rule::{Check, Rule};
use super::Context;
use crate::document::Span;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::quotes;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC102",
        name: "uncited-quote",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "quoted words with no citation",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Finds quotations — “…”, "…" or ‘…’ of two or more words — in sentences that
no citation covers (coverage as for CC101, set by `[claims] coverage`). The
finding is on the first quotation of the sentence; a sentence reported here
is not also reported as CC101.

## Why it matters
A quotation asserts that someone said exactly these words. Without a source
the reader cannot check who said them, or whether anyone did; generated text
invents quotations readily.

## Example
```text
Sullivan met Wang Yi in Vienna for “candid talks.”
```

## Use instead
```text
Sullivan met Wang Yi in Vienna for “candid talks.”[3]
```
"#;

/// The first quotation of each uncovered sentence: (sentence, span).
pub fn uncited_quotes(ctx: &Context<'_>) -> Vec<(usize, Span)> {
    let covered = ctx.covered();
    let mut out = Vec::new();
    for (i, s) in ctx.doc.sentences.iter().enumerate() {
        if covered[i] {
            continue;
        }
        if let Some(&(a, b)) = quotes::find(&ctx.masked(i)).first() {
            out.push((i, Span::new(s.span.start + a, s.span.start + b)));
        }
    }
    out
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.uncited_quotes()
        .iter()
        .map(|&(i, span)| {
            let sentence = ctx.doc.sentences[i].span;
            Diagnostic::new(&RULE, span, format!("quotation {} has no citation", ctx.quote(span)), "quoted without a source")
                .with_label(sentence, "in this sentence")
                .with_help("cite the source of the quotation, e.g. append [n] to the sentence, or rephrase without quoting")
        })
        .collect()
}
