//! CC201 duplicate-paragraph: a paragraph that repeats an earlier one,
//! verbatim or reworded.

use crate::model::Fix;
use super::rule::{Check, Rule};
use super::{repeats, Context};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC201",
        name: "duplicate-paragraph",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "a paragraph that repeats another, verbatim or reworded",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Compares every body paragraph with the earlier ones, as bags of stemmed
content words (case, punctuation, markers and stopwords folded away; words
common in the article weigh less), and reports a paragraph whose similarity
to an earlier one reaches `[duplicates] paragraph-threshold` (default 0.5:
half of the larger paragraph's weight is shared, so a paragraph that merely
repeats a sentence or two of another is left to CC202). Verbatim repeats are
always reported. The finding is on the later paragraph, with a label on the
earlier one; the sentences inside a repeated paragraph are not also
reported as CC202.

## Why it matters
Generated articles pad themselves by saying the same thing twice in other
words. Readers notice, and a repeated paragraph adds no evidence.

## Example
Two paragraphs, the second a rewording of the first.

## Use instead
Keep one of them, merging anything the other adds.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.repeats()
        .paragraphs
        .iter()
        .map(|pair| {
            let later = ctx.doc.paragraphs[pair.later].span;
            let earlier = ctx.doc.paragraphs[pair.earlier].span;
            Diagnostic::new(
                &RULE,
                later,
                format!(
                    "paragraph repeats an earlier one ({})",
                    repeats::describe(pair)
                ),
                "this paragraph",
            )
            .with_label(earlier, "first said here")
            .with_help("remove the repeat, or merge what it adds into the earlier paragraph")
        })
        .collect()
}

/// Remove a paragraph that repeats an earlier one word for word (unsafe: its
/// markers go with it). Reworded repeats may add something: left to the writer.
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    // Found by halving, not by a walk over every pair for each finding: an
    // article repeated whole has a finding for every other paragraph.
    // Paragraphs are in text order, pairs in order of their later paragraph,
    // one pair for each.
    let paragraphs = &ctx.doc.paragraphs;
    let later = paragraphs.partition_point(|p| p.span.start < d.span.start);
    if paragraphs.get(later).is_none_or(|p| p.span != d.span) {
        return None;
    }
    let pairs = &ctx.repeats().paragraphs;
    let pair = pairs
        .get(pairs.partition_point(|p| p.later < later))
        .filter(|p| p.later == later && p.verbatim)?;
    Fix::unsafe_(
        "remove the repeated paragraph",
        vec![super::edits::delete_block(ctx.text, ctx.doc.paragraphs[pair.later].span)],
    )
}
