//! Shared by CC201 and CC202: sentences and paragraphs as bags of stemmed
//! content words (markers, case and punctuation folded), and the repeats
//! found among them.

use super::Context;
use crate::text::similarity::{self, Exact, Item, Pair, Thresholds, Weights};
use crate::text::{durations, normalize, signals, words};

pub struct Repeats {
    pub paragraphs: Vec<Pair>,
    pub sentences: Vec<Pair>,
}

pub fn find(ctx: &Context<'_>) -> Repeats {
    let doc = ctx.doc;
    let settings = &ctx.config.duplicates;
    let known = ctx.known_names();
    let mut vocabulary = words::Vocabulary::take();
    let mut spans_of_time = Durations::default();
    let mut words_here: Vec<(usize, &str)> = Vec::new();
    let mut names_here: Vec<u32> = Vec::new();
    let mut facts_here: Vec<u32> = Vec::new();
    let mut facts = Facts::default();
    // Every sentence's words, in order: a sentence's item holds its range,
    // and a paragraph's the range of its sentences'.
    let mut words: Vec<u32> = Vec::new();
    // Exact keys are hashed as they are made. A paragraph's key is its
    // sentences' keys joined by spaces, hashed when its last sentence's key
    // is in (a paragraph's sentences are consecutive).
    let state = foldhash::fast::RandomState::default();
    let mut key = String::new();
    let mut joined = String::new();
    let mut paragraph_exact = vec![Exact::of(&state, ""); doc.paragraphs.len()];
    let sentences: Vec<Item> = (0..ctx.sentence_count())
        .map(|i| {
            let masked = &*ctx.masked(i);
            // A duration is one fact however it is worded: its words give
            // way to one term naming its length.
            let (text, duration_terms) = spans_of_time.replace(masked);
            let text = &*text;
            // The sentence's words, found once for every rule, unless a
            // duration was blanked out of it.
            let shared = duration_terms.is_empty();
            let sig = if shared {
                words_here.clear();
                words_here.extend(ctx.words(i));
                signals::find_in(masked, &words_here, known)
            } else {
                signals::find(text, known)
            };
            facts_here.clear();
            for n in &sig.numbers {
                facts_here.push(facts.number(n));
            }
            facts_here.extend(duration_terms.iter().map(|t| facts.number(t)));
            facts_here.sort_unstable();
            facts_here.dedup();
            let amounts: Box<[u32]> = facts_here.as_slice().into();
            for n in &sig.dates {
                facts_here.push(facts.number(n));
            }
            facts_here.sort_unstable();
            facts_here.dedup();
            let numbers: Box<[u32]> = facts_here.as_slice().into();
            // Gathered in reused lists, then kept in lists of their exact
            // size: an item lives until every sentence is compared.
            names_here.clear();
            for n in &sig.names {
                vocabulary.content_ids(n, &mut names_here);
            }
            names_here.sort_unstable();
            names_here.dedup();
            let names: Box<[u32]> = names_here.as_slice().into();
            let start = words.len();
            if shared {
                vocabulary.content_ids_of(words_here.iter().map(|&(_, w)| w), &mut words);
            } else {
                vocabulary.content_ids(text, &mut words);
            }
            words.extend(duration_terms.iter().map(|t| vocabulary.intern(t)));
            key.clear();
            normalize::push_key(ctx.words(i).map(|(_, w)| w), &mut key);
            let p = doc.sentences[i].paragraph;
            if let Some(paragraph) = doc.paragraphs.get(p) {
                if i == paragraph.sentences.start {
                    joined.clear();
                } else {
                    joined.push(' ');
                }
                joined.push_str(&key);
                if i + 1 == paragraph.sentences.end {
                    paragraph_exact[p] = Exact::of(&state, &joined);
                }
            }
            Item {
                words: start..words.len(),
                exact: Exact::of(&state, &key),
                names,
                numbers,
                amounts,
            }
        })
        .collect();
    words.shrink_to_fit();
    // Weights come from sentences: a word in many sentences counts for less.
    let weights = Weights::from_units(sentences.iter().map(|s| similarity::words_of(&words, s)));
    let paragraphs: Vec<Item> = doc
        .paragraphs
        .iter()
        .zip(paragraph_exact)
        .map(|(p, exact)| Item {
            numbers: union(&sentences[p.sentences.clone()], |s| &s.numbers),
            names: union(&sentences[p.sentences.clone()], |s| &s.names),
            amounts: union(&sentences[p.sentences.clone()], |s| &s.amounts),
            words: match &sentences[p.sentences.clone()] {
                [first, .., last] => first.words.start..last.words.end,
                [only] => only.words.clone(),
                [] => 0..0,
            },
            exact,
        })
        .collect();
    // Verbatim matches, confirmed on the texts (rebuilt for the few items
    // whose hashes match).
    let sentence_key = |i: usize| {
        let len = doc.sentences.get(i).map_or(0, |s| s.span.len());
        normalize::key_of(len, ctx.words(i).map(|(_, w)| w))
    };
    let paragraph_key = |p: usize| {
        doc.paragraphs
            .get(p)
            .map(|p| {
                p.sentences
                    .clone()
                    .map(sentence_key)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    // A paragraph of one sentence is compared as a sentence.
    let paragraph_thresholds = Thresholds {
        far: settings.paragraph_threshold,
        near: settings.paragraph_threshold,
        min_words: settings.min_words * 2,
        symmetric: true,
    };
    let paragraph_pairs: Vec<Pair> = similarity::find_repeats(
        &paragraphs,
        &words,
        &weights,
        paragraph_thresholds,
        &[],
        |a, b| paragraph_key(a) == paragraph_key(b),
    )
    .into_iter()
    .filter(|p| {
        doc.paragraphs[p.later].sentences.len() > 1 && doc.paragraphs[p.earlier].sentences.len() > 1
    })
    .collect();
    drop(paragraphs);
    // Looked up, not searched: an article repeated whole has as many
    // repeated sentences as paragraphs, and a search of every paragraph
    // pair for each would grow with the square of its length.
    let repeated_paragraphs: foldhash::HashSet<(usize, usize)> = paragraph_pairs
        .iter()
        .flat_map(|p| [(p.earlier, p.later), (p.later, p.earlier)])
        .collect();
    let in_repeated_paragraphs = |a: usize, b: usize| {
        let (pa, pb) = (doc.sentences[a].paragraph, doc.sentences[b].paragraph);
        repeated_paragraphs.contains(&(pa, pb))
    };
    let sentence_thresholds = Thresholds {
        far: settings.sentence_threshold,
        near: settings.near_sentence_threshold,
        min_words: settings.min_words,
        symmetric: false,
    };
    let groups: Vec<usize> = doc.sentences.iter().map(|s| s.paragraph).collect();
    let sentence_pairs = similarity::find_repeats(
        &sentences,
        &words,
        &weights,
        sentence_thresholds,
        &groups,
        |a, b| sentence_key(a) == sentence_key(b),
    )
    .into_iter()
    .filter(|p| !in_repeated_paragraphs(p.earlier, p.later))
    .collect();
    vocabulary.give_back();
    Repeats {
        paragraphs: paragraph_pairs,
        sentences: sentence_pairs,
    }
}

/// The durations met so far in the article, each a term that later
/// durations of about the same length share: "six weeks" and, later, "a
/// month and a half" become the same term. Durations are compared with the
/// first one met within tolerance, so the terms do not drift along a chain
/// of near values.
#[derive(Debug, Default)]
struct Durations {
    seen: Vec<f64>,
}

impl Durations {
    /// `text` with its durations blanked out (byte lengths kept), and a
    /// term for each.
    fn replace<'t>(&mut self, text: &'t str) -> (std::borrow::Cow<'t, str>, Vec<String>) {
        let found = durations::find(text);
        if found.is_empty() {
            return (std::borrow::Cow::Borrowed(text), Vec::new());
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut terms = Vec::new();
        for d in found {
            out.push_str(&text[at..d.start]);
            out.extend(std::iter::repeat_n(' ', d.end - d.start));
            at = d.end;
            let id = match self
                .seen
                .iter()
                .position(|&v| durations::about_the_same(v, d.days))
            {
                Some(id) => id,
                None => {
                    self.seen.push(d.days);
                    self.seen.len() - 1
                }
            };
            terms.push(format!("#duration{id}"));
        }
        out.push_str(&text[at..]);
        (std::borrow::Cow::Owned(out), terms)
    }
}

/// The sorted, deduplicated union of one list of each item.
fn union(items: &[Item], list: impl Fn(&Item) -> &[u32]) -> Box<[u32]> {
    let mut out: Vec<u32> = items.iter().flat_map(|i| list(i).iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out.into()
}

/// Numbers, dates and duration terms numbered by their lowercased text:
/// an item keeps four bytes for each rather than a copy of its text.
#[derive(Default)]
struct Facts {
    ids: foldhash::HashMap<String, u32>,
    folded: String,
}

impl Facts {
    fn number(&mut self, text: &str) -> u32 {
        self.folded.clear();
        if text.is_ascii() {
            self.folded.push_str(text);
            self.folded.make_ascii_lowercase();
        } else {
            // The whole text's lowercase, which knows a final sigma.
            self.folded.push_str(&text.to_lowercase());
        }
        if let Some(&id) = self.ids.get(self.folded.as_str()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(self.folded.clone(), id);
        id
    }
}

/// "verbatim" or "62% similar".
pub fn describe(pair: &Pair) -> String {
    if pair.verbatim {
        "verbatim".to_string()
    } else {
        format!("{:.0}% similar", pair.similarity * 100.0)
    }
}
