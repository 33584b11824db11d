//! CC101 uncited-claim: a sentence stating a checkable fact that no citation
//! covers.

use super::rule::{Check, Rule};
use super::{claims, Context};
use crate::config::Coverage;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::signals;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC101",
        name: "uncited-claim",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "a sentence stating a checkable fact (numbers, dates, names, attribution) that no citation covers",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Scores each body sentence for signals of a checkable fact and reports those
at or above `[claims] threshold` (default 2) that no citation covers:
- numbers and quantities (digits, and number words: "five years") — 1;
- dates (months, weekdays, years) — 1;
- proper names (capitalised words past the sentence start, multi-word names
  as one; a sentence-initial word counts when it is capitalised mid-sentence
  elsewhere in the article) — 1 for one name, 2 for two or more;
- attribution ("said", "according to", "announced", "reported", "told") — 1;
- superlatives and firsts ("the first visit", "largest", "record") — 1.

Not claims: the headline, navigation crumbs, headings, the reference list,
and questions. The help line names the signals found.

## Coverage
`[claims] coverage` decides what a marker covers:
- `sentence`: each factual sentence needs its own marker;
- `paragraph`: a marker also covers the preceding sentences of its paragraph,
  back to the previous marker (the Wikipedia convention);
- `auto` (default): `sentence` when the article cites sentence by sentence,
  `paragraph` otherwise. Precisely: `sentence` when at least 60% of body
  sentences carry a marker, unless at least half of the uncited sentences
  (and at least three) have a marker later in their paragraph.

## Why it matters
A factual sentence without a source cannot be checked. Machine-written
articles mix sourced sentences with unsourced ones that read just as
confidently.

## Example
```text
The US recognizes Beijing as the sole government of China but maintains
unofficial relations with Taiwan.
```

## Use instead
```text
The US recognizes Beijing as the sole government of China but maintains
unofficial relations with Taiwan.[7]
```
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let coverage = claims::resolve(ctx.doc, ctx.config.claims.coverage);
    let covered = ctx.covered();
    let quoted: std::collections::HashSet<usize> =
        ctx.uncited_quotes().iter().map(|&(i, _)| i).collect();
    let masked = ctx.masked();
    let names = ctx.known_names();
    let mut out = Vec::new();
    for (i, s) in ctx.doc.sentences.iter().enumerate() {
        if covered[i] || quoted.contains(&i) {
            continue;
        }
        let text = masked[i].trim_end();
        if text.ends_with('?') || text.ends_with('？') {
            continue;
        }
        let sig = signals::find(text, names);
        if sig.score() < ctx.config.claims.threshold {
            continue;
        }
        let policy = match coverage {
            Coverage::Paragraph => "no marker in it or later in its paragraph",
            _ => "no marker in this sentence",
        };
        out.push(
            Diagnostic::new(&RULE, s.span, "factual sentence has no citation", policy).with_help(
                format!(
                    "cite a source for this sentence, e.g. append [n]; it states {}",
                    sig.describe()
                ),
            ),
        );
    }
    out
}
