//! CC202 duplicate-sentence: a sentence that repeats an earlier one,
//! verbatim or reworded.

use super::rule::{Check, Rule};
use super::{repeats, Context};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC202",
        name: "duplicate-sentence",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "a sentence that repeats another elsewhere, verbatim or reworded",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Compares every body sentence with the earlier ones, as bags of stemmed
content words (case, punctuation, markers and stopwords folded away; words
common in the article weigh less: each word weighs ln(1 + N/df) for N
sentences, df of which contain it). A sentence is a repeat when the words it
shares with an earlier sentence carry at least `[duplicates]
sentence-threshold` (default 0.5) of the smaller sentence's weight, or when
it is verbatim the same. Sentences with fewer than `[duplicates] min-words`
(default 5) content words are only matched verbatim. The finding is on the
later sentence, with a label on the earlier one and the similarity in the
message.

Candidate pairs come from an index over each sentence's rarer words, so even
a very long article is checked in near-linear time.

## Why it matters
A reworded repeat says nothing new but reads as if it did; in generated text
it is a common filler.

## Example
```text
In addition, Beijing considers Taiwan part of its territory, with no right
to independently conduct diplomatic relations. … The territory of Beijing
includes Taiwan as per their claim.
```

## Use instead
Say it once.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.repeats()
        .sentences
        .iter()
        .map(|pair| {
            let later = ctx.doc.sentences[pair.later].span;
            let earlier = ctx.doc.sentences[pair.earlier].span;
            Diagnostic::new(
                &RULE,
                later,
                format!(
                    "sentence repeats an earlier one ({})",
                    repeats::describe(pair)
                ),
                "this sentence",
            )
            .with_label(earlier, "first said here")
            .with_help("remove the repeat, or merge what it adds into the earlier sentence")
        })
        .collect()
}
