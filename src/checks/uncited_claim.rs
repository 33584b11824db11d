//! CC101 uncited-claim: a sentence stating a checkable fact that no citation
//! covers.

use super::rule::{Check, Rule};
use super::{claims, Context};
use crate::config::Coverage;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::{signals, statements};

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
Reports body sentences that state something checkable and that no citation
covers. Two readings decide what "checkable" means.

Strict reading, for answers (generative-search and chat answers): text with
at least one citation marker, no title, no section headings and at most
three paragraphs, read with `sentence` coverage. Such text cites sentence by
sentence, so every uncited statement of six words or more needs a source,
whether or not it has a signal below.

Signal reading, for articles: a sentence is reported when its signals score
at least `[claims] threshold` (default 2):
- amounts, percentages and counts ("60 residents", "40%", "five wins") — 2,
  so one is enough; other numbers ("one", digits inside a name such as
  "COVID-19" or "3D") — 1;
- dates (months, weekdays, years) — 1;
- proper names (capitalised words past the sentence start, multi-word names
  as one; a sentence-initial word counts when it is capitalised mid-sentence
  elsewhere in the article) — 1 for one name, 2 for two or more;
- attribution ("said", "according to", "announced", "reported", "told") — 1;
- superlatives and firsts ("the first visit", "largest", "record") — 1.

Never reported, under either reading: the headline, navigation crumbs,
headings, the reference list; questions ("What do you think?"); pleasantries
addressed to the reader ("I hope this helps.", "Let me know if …");
hedges and meta-statements about the question rather than the world
("There are different opinions on whether …", "There are several ways to …",
"… depends on how you define …", "Thus, it appears that …", "It depends.",
"There is no simple answer."). A sentence with a quotation is reported as
CC102 instead. The help line names the signals found, or says that the
strict reading applied.

Measured on real generative-search answers with human labels (Liu, Zhang &
Liang 2023; `../shared/tools/score-gensearch.py`): 33 of 34 uncited
statements the annotators judged worth verifying are reported (CC101 or
CC102), 0 of 9 uncited ones they judged not worth it, 0 of 147 cited ones.
On real Wikipedia articles (FreshWiki, paragraph coverage), 8 of 619
sentences the data set gives a citation are reported, each where the
article text carries no marker for it (a copy in the lead, a stripped ref).

## Coverage
`[claims] coverage` decides what a marker covers:
- `sentence`: each factual sentence needs its own marker;
- `paragraph`: a marker also covers the preceding sentences of its paragraph,
  back to the previous marker (the Wikipedia convention);
- `auto` (default): `sentence` for an answer (as above) and for an article
  that cites sentence by sentence, `paragraph` otherwise. Precisely: an
  article gets `sentence` when at least 60% of body sentences carry a marker,
  unless at least half of the uncited sentences (and at least three) have a
  marker later in their paragraph. A marker closing an answer's paragraph
  covers only its own sentence.

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

/// Under the strict reading, a sentence with no signal needs at least this
/// many words to count as a statement: shorter ones ("Yes, it does.",
/// "Scholars weighed in.", "Code `[9]` is not a marker.") answer back, lead in
/// or talk about the text. The shortest statement annotators wanted a source
/// for in the generative-search data has seven words.
pub const MIN_STATEMENT_WORDS: usize = 6;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let coverage = claims::resolve(ctx.doc, ctx.config.claims.coverage);
    // An answer cited sentence by sentence has said what needs a source:
    // every uncited statement about the world does, not only those with
    // signals. Articles keep the signal reading: their titled, sectioned
    // prose also talks about itself ("Inline code is not a citation.").
    let strict = coverage == Coverage::Sentence && claims::answer_shaped(ctx.doc);
    let covered = ctx.covered();
    let quoted: std::collections::HashSet<usize> =
        ctx.uncited_quotes().iter().map(|&(i, _)| i).collect();
    let names = ctx.known_names();
    let mut out = Vec::new();
    let mut words: Vec<(usize, &str)> = Vec::new();
    for (i, s) in ctx.doc.sentences.iter().enumerate() {
        if covered[i] || quoted.contains(&i) {
            continue;
        }
        let masked = ctx.masked(i);
        let text = masked.trim_end();
        if statements::not_claim(text).is_some() {
            continue;
        }
        // The masked sentence's words are the trimmed one's: trailing
        // white space ends no word and joins none.
        words.clear();
        words.extend(ctx.words(i));
        let sig = signals::find_in(text, &words, names);
        let scored = sig.score() >= ctx.config.claims.threshold;
        let statement = strict && statements::words(text).len() >= MIN_STATEMENT_WORDS;
        if !scored && !statement {
            continue;
        }
        let policy = match coverage {
            Coverage::Paragraph => "no marker in it or later in its paragraph",
            _ => "no marker in this sentence",
        };
        let why = match (scored, sig.describe()) {
            (true, found) => format!("it states {found}"),
            (false, found) if found.is_empty() => {
                "it is a statement in an answer cited sentence by sentence (no fact signal; not a question, hedge or pleasantry)".to_string()
            }
            (false, found) => format!(
                "it is a statement in an answer cited sentence by sentence and states {found}"
            ),
        };
        out.push(
            Diagnostic::new(&RULE, s.span, "factual sentence has no citation", policy)
                .with_help(format!("cite a source for this sentence, e.g. append [n]; {why}")),
        );
    }
    out
}
