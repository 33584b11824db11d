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
sentence-threshold` (default 0.7, `near-sentence-threshold` 0.45 within
one paragraph) of the smaller sentence's weight, scaled down when the two
name different people or state different numbers, or when it is verbatim
the same.

A reworded repeat often shares few words but the same facts, so durations
are compared by length, not wording ("six weeks" = "a month and a half" =
"42 days", within an eighth), and two sentences that state the same facts
— at least two numbers, dates or durations, one of them an amount or a
duration, all of the one with fewer in the other, and the same names or
none — are a repeat when the words they share carry half the smaller
one's weight. Sentences with fewer than `[duplicates] min-words`
(default 5) content words are only matched verbatim. The finding is on the
later sentence, with a label on the earlier one and the similarity in the
message.

Candidate pairs come from an index over each sentence's rarer words, so even
a very long article is checked in near-linear time.

## Never flagged
- Sentences on one topic that agree on a date but not on amounts, or that
  name other parties ("the Green Party nominee qualified on August 1" /
  "the Libertarian Party nominee qualified on August 1").
- "A day after", "once a year": a lone "a" before a unit is not read as a
  duration.

## Why it matters
A reworded repeat says nothing new but reads as if it did; in generated text
it is a common filler.

## Example
```text
In addition, Beijing considers Taiwan part of its territory, with no right
to independently conduct diplomatic relations. … The territory of Beijing
includes Taiwan as per their claim.
```
Or with the same facts in other words:
```text
The bridge will close for six weeks in June while crews replace its deck.
… Crews replacing the deck mean the crossing shuts for a month and a half
from June.
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
