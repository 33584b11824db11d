//! Shared by CC201 and CC202: sentences and paragraphs as bags of stemmed
//! content words (markers, case and punctuation folded), and the repeats
//! found among them.

use super::Context;
use crate::text::similarity::{self, Item, Pair, Thresholds, Weights};
use crate::text::{normalize, signals, words};

pub struct Repeats {
    pub paragraphs: Vec<Pair>,
    pub sentences: Vec<Pair>,
}

pub fn find(ctx: &Context<'_>) -> Repeats {
    let doc = ctx.doc;
    let settings = &ctx.config.duplicates;
    let known = ctx.known_names();
    let mut stems = words::StemCache::default();
    let sentences: Vec<Item> = ctx
        .masked()
        .iter()
        .map(|text| {
            let sig = signals::find(text, known);
            let mut numbers: Vec<String> = sig
                .numbers
                .iter()
                .chain(&sig.dates)
                .map(|n| n.to_lowercase())
                .collect();
            numbers.sort();
            numbers.dedup();
            let mut names: Vec<String> = sig
                .names
                .iter()
                .flat_map(|n| stems.content_words(n))
                .collect();
            names.sort();
            names.dedup();
            Item {
                words: stems.content_words(text),
                exact: normalize::key(text),
                names,
                numbers,
            }
        })
        .collect();
    // Weights come from sentences: a word in many sentences counts for less.
    let weights = Weights::from_units(sentences.iter().map(|s| s.words.as_slice()));
    let paragraphs: Vec<Item> = doc
        .paragraphs
        .iter()
        .map(|p| Item {
            numbers: union(&sentences[p.sentences.clone()], |s| &s.numbers),
            names: union(&sentences[p.sentences.clone()], |s| &s.names),
            words: sentences[p.sentences.clone()]
                .iter()
                .flat_map(|s| s.words.iter().cloned())
                .collect(),
            exact: sentences[p.sentences.clone()]
                .iter()
                .map(|s| s.exact.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    // A paragraph of one sentence is compared as a sentence.
    let paragraph_thresholds = Thresholds {
        far: settings.paragraph_threshold,
        near: settings.paragraph_threshold,
        min_words: settings.min_words * 2,
        symmetric: true,
    };
    let paragraph_pairs: Vec<Pair> =
        similarity::find_repeats(&paragraphs, &weights, paragraph_thresholds, &[])
            .into_iter()
            .filter(|p| {
                doc.paragraphs[p.later].sentences.len() > 1
                    && doc.paragraphs[p.earlier].sentences.len() > 1
            })
            .collect();
    let in_repeated_paragraphs = |a: usize, b: usize| {
        let (pa, pb) = (doc.sentences[a].paragraph, doc.sentences[b].paragraph);
        paragraph_pairs
            .iter()
            .any(|p| (p.earlier == pa && p.later == pb) || (p.earlier == pb && p.later == pa))
    };
    let sentence_thresholds = Thresholds {
        far: settings.sentence_threshold,
        near: settings.near_sentence_threshold,
        min_words: settings.min_words,
        symmetric: false,
    };
    let groups: Vec<usize> = doc.sentences.iter().map(|s| s.paragraph).collect();
    let sentence_pairs =
        similarity::find_repeats(&sentences, &weights, sentence_thresholds, &groups)
            .into_iter()
            .filter(|p| !in_repeated_paragraphs(p.earlier, p.later))
            .collect();
    Repeats {
        paragraphs: paragraph_pairs,
        sentences: sentence_pairs,
    }
}

/// The sorted, deduplicated union of one list of each item.
fn union(items: &[Item], list: impl Fn(&Item) -> &Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = items.iter().flat_map(|i| list(i).iter().cloned()).collect();
    out.sort();
    out.dedup();
    out
}

/// "verbatim" or "62% similar".
pub fn describe(pair: &Pair) -> String {
    if pair.verbatim {
        "verbatim".to_string()
    } else {
        format!("{:.0}% similar", pair.similarity * 100.0)
    }
}
