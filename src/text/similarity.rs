//! Near-duplicate detection over bags of content words: verbatim repeats by
//! exact key, reworded ones by an IDF-weighted overlap. Candidate pairs come
//! from an inverted index over each item's rarer terms, never from all pairs,
//! so a 100,000-sentence article is checked in near-linear time.

use foldhash::{HashMap, HashSet};

/// One item to compare (a sentence or a paragraph).
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Where its stemmed content words, as a [`super::words::Vocabulary`]
    /// numbers them (any order, repeats allowed), are in the list of words
    /// the items are compared with: one list for all, so that a paragraph's
    /// words are its sentences' and no item holds an allocation of its own.
    pub words: std::ops::Range<usize>,
    /// Its normalised full text, as a hash: equal texts are verbatim
    /// repeats.
    pub exact: Exact,
    /// Stemmed words of the proper names it mentions, numbered alike.
    pub names: Box<[u32]>,
    /// Numbers and dates it states, each numbered by its folded text (the
    /// caller's numbering: only equality is asked of them).
    pub numbers: Box<[u32]>,
    /// Those of `numbers` that are amounts, counts or durations rather than
    /// dates: two sentences agreeing only on when are not the same fact.
    pub amounts: Box<[u32]>,
}

/// An item's normalised full text ([`super::normalize::key`]) held as a
/// hash and a word count rather than the text, which would be a second copy
/// of the article: a hash match is confirmed on the texts themselves, which
/// the caller rebuilds for the few items that match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exact {
    pub hash: u64,
    /// Words in the text (spaces plus one, as the key separates them).
    pub words: usize,
}

impl Exact {
    /// The hash (by `state`, the same for every item compared) and word
    /// count of a normalised text.
    pub fn of(state: &impl std::hash::BuildHasher, key: &str) -> Exact {
        Exact {
            hash: state.hash_one(key),
            words: memchr::memchr_iter(b' ', key.as_bytes()).count() + 1,
        }
    }
}

/// A later item that repeats an earlier one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub earlier: usize,
    pub later: usize,
    /// 0–1: the weight of shared words over the weight of the smaller item,
    /// scaled by how far the two mention the same names.
    pub similarity: f64,
    pub verbatim: bool,
}

/// Term weights: words common in the document count for less.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    df: HashMap<u32, usize>,
    docs: usize,
}

impl Weights {
    /// Document frequencies over `units` (each a bag of words).
    pub fn from_units<'a>(units: impl Iterator<Item = &'a [u32]>) -> Weights {
        let mut df: HashMap<u32, usize> = HashMap::default();
        let mut docs = 0;
        let mut seen: Vec<u32> = Vec::new();
        for words in units {
            docs += 1;
            seen.clear();
            seen.extend_from_slice(words);
            seen.sort_unstable();
            seen.dedup();
            for &w in &seen {
                *df.entry(w).or_default() += 1;
            }
        }
        Weights { df, docs }
    }

    pub fn df(&self, term: u32) -> usize {
        self.df.get(&term).copied().unwrap_or(0)
    }

    pub fn weight(&self, term: u32) -> f64 {
        let df = self.df(term).max(1) as f64;
        (1.0 + self.docs.max(1) as f64 / df).ln()
    }
}

/// Terms this frequent are not indexed: they match too much to propose
/// useful candidates (they still count in the similarity).
const MAX_INDEXED_DF: usize = 32;
/// Candidates must share at least this share of the smaller item's weight in
/// indexed terms before the full similarity is computed.
const CANDIDATE_SHARE: f64 = 0.15;

/// An item's terms and name terms, as ranges of one list each.
struct Prepared {
    terms: std::ops::Range<usize>,
    total: f64,
    /// Term ids of the item's name words, sorted.
    names: std::ops::Range<usize>,
}

/// An item's words in the list of words compared (none when its range is
/// not in the list).
pub fn words_of<'w>(words: &'w [u32], item: &Item) -> &'w [u32] {
    words.get(item.words.clone()).unwrap_or_default()
}

/// Keeps the first of each run of equal values at the front of `sorted`;
/// returns how many that is (`Vec::dedup` for part of a list).
fn dedup_sorted(sorted: &mut [u32]) -> usize {
    let mut kept = 0;
    for i in 0..sorted.len() {
        if kept == 0 || sorted[i] != sorted[kept - 1] {
            sorted[kept] = sorted[i];
            kept += 1;
        }
    }
    kept
}

/// How similar two items must be to count as a repeat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Anywhere in the document.
    pub far: f64,
    /// Between items of the same group (sentences of one paragraph), where a
    /// shared vocabulary is far more often a restatement than a shared topic.
    pub near: f64,
    /// Items with fewer distinct content words are only matched verbatim.
    pub min_words: usize,
    /// Measure shared weight against the larger item rather than the
    /// smaller, so that an item merely containing another is no repeat.
    pub symmetric: bool,
}

/// For each item, its best earlier repeat. `groups[i]` is item i's group
/// (its paragraph), or empty when items have no groups. `same_text(a, b)`
/// says whether items a and b, whose [`Exact`] hashes are equal, have the
/// same normalised text.
pub fn find_repeats(
    items: &[Item],
    words: &[u32],
    weights: &Weights,
    thresholds: Thresholds,
    groups: &[usize],
    same_text: impl Fn(usize, usize) -> bool,
) -> Vec<Pair> {
    let min_words = thresholds.min_words;
    let threshold_for = |a: usize, b: usize| match (groups.get(a), groups.get(b)) {
        (Some(x), Some(y)) if x == y => thresholds.near.min(thresholds.far),
        _ => thresholds.far,
    };
    // Terms are numbered again here, in order of first use, so that an
    // item's weights are summed in the same order whatever numbers the
    // vocabulary gave.
    let mut ids: HashMap<u32, u32> = HashMap::default();
    let mut term_weight: Vec<f64> = Vec::new();
    let mut term_df: Vec<usize> = Vec::new();
    let mut all_terms: Vec<u32> = Vec::new();
    let mut all_names: Vec<u32> = Vec::new();
    let prepared: Vec<Prepared> = items
        .iter()
        .map(|item| {
            let start = all_terms.len();
            all_terms.extend(words_of(words, item).iter().map(|&w| {
                let next = ids.len() as u32;
                *ids.entry(w).or_insert_with(|| {
                    term_weight.push(weights.weight(w));
                    term_df.push(weights.df(w));
                    next
                })
            }));
            let terms = &mut all_terms[start..];
            terms.sort_unstable();
            let kept = dedup_sorted(terms);
            all_terms.truncate(start + kept);
            let total = all_terms[start..]
                .iter()
                .map(|&t| term_weight[t as usize])
                .sum();
            let names_start = all_names.len();
            all_names.extend(item.names.iter().filter_map(|n| ids.get(n).copied()));
            all_names[names_start..].sort_unstable();
            Prepared {
                terms: start..all_terms.len(),
                total,
                names: names_start..all_names.len(),
            }
        })
        .collect();
    all_terms.shrink_to_fit();
    all_names.shrink_to_fit();
    let terms_of = |p: &Prepared| &all_terms[p.terms.clone()];
    let names_of = |p: &Prepared| &all_names[p.names.clone()];

    let mut out = Vec::new();
    // The first item of each text, by hash; `collided` holds the first of
    // each other text whose hash an earlier text already has.
    let mut exact: HashMap<u64, usize> = HashMap::default();
    let mut collided: Vec<(u64, usize)> = Vec::new();
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    // Dense accumulator: shared rare weight per earlier item, and which were touched.
    let mut shared: Vec<f64> = vec![0.0; items.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = &prepared[i];
        if item.exact.words >= 3 {
            let hash = item.exact.hash;
            let earlier = match exact.get(&hash) {
                Some(&j) if same_text(j, i) => Some(j),
                Some(_) => collided
                    .iter()
                    .find(|&&(h, j)| h == hash && same_text(j, i))
                    .map(|&(_, j)| j),
                None => None,
            };
            if let Some(j) = earlier {
                out.push(Pair {
                    earlier: j,
                    later: i,
                    similarity: 1.0,
                    verbatim: true,
                });
                continue;
            }
            match exact.entry(hash) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(_) => collided.push((hash, i)),
            }
        }
        let p_terms = terms_of(p);
        if p_terms.len() < min_words {
            continue;
        }
        for &j in &touched {
            shared[j] = 0.0;
        }
        touched.clear();
        for &t in p_terms {
            if term_df[t as usize] > MAX_INDEXED_DF {
                continue;
            }
            if let Some(list) = postings.get(&t) {
                for &j in list {
                    if shared[j] == 0.0 {
                        touched.push(j);
                    }
                    shared[j] += term_weight[t as usize];
                }
            }
        }
        let mut best: Option<Pair> = None;
        for &j in &touched {
            let rare = shared[j];
            let q = &prepared[j];
            let smaller = if thresholds.symmetric {
                p.total.max(q.total)
            } else {
                p.total.min(q.total)
            };
            if smaller <= 0.0
                || rare < CANDIDATE_SHARE * smaller * thresholds.near.min(thresholds.far) / 0.5
            {
                continue;
            }
            let (common, shared_terms) = overlap(p_terms, terms_of(q), &term_weight);
            let similarity = common / smaller
                * name_agreement(&item.names, &items[j].names)
                * number_agreement(&item.numbers, &items[j].numbers);
            let threshold = threshold_for(j, i);
            let plain_shared = shared_terms
                .iter()
                .filter(|&&t| {
                    names_of(p).binary_search(&t).is_err() && names_of(q).binary_search(&t).is_err()
                })
                .count();
            // Many shared words that are not names (expected, raise,
            // concerns, detention, citizens…) mark a reworded sentence even
            // when each adds much of its own.
            let facts = !thresholds.symmetric
                && same_facts(item, &items[j])
                && common / smaller >= FACT_SHARE;
            let strong = groups.get(i).is_some()
                && groups.get(i) == groups.get(j)
                && plain_shared >= STRONG_SHARED_WORDS
                && similarity >= threshold * STRONG_FACTOR;
            // A restatement in other words states the same facts: when it
            // does, the words it shares need not reach the threshold, and
            // its score is the share of words (the name and number factors
            // are already satisfied).
            let similarity = if facts && similarity < threshold {
                (common / smaller).min(1.0)
            } else {
                similarity
            };
            if (similarity >= threshold || strong || facts)
                && best.is_none_or(|b| {
                    similarity > b.similarity || (similarity == b.similarity && j < b.earlier)
                })
            {
                best = Some(Pair {
                    earlier: j,
                    later: i,
                    similarity,
                    verbatim: false,
                });
            }
        }
        if let Some(pair) = best {
            out.push(pair);
        }
        for &t in p_terms {
            if term_df[t as usize] <= MAX_INDEXED_DF {
                postings.entry(t).or_default().push(i);
            }
        }
    }
    out
}

/// 0.5–1: restatements are about the same people and places; two sentences
/// sharing vocabulary but naming different ones usually state different
/// facts ("Sydney won the clearance" / "the clearance was won by Geelong").
/// Unknown (no names on one side) counts as partial agreement.
pub fn name_agreement(a: &[u32], b: &[u32]) -> f64 {
    let agreement = match (a.is_empty(), b.is_empty()) {
        (true, true) => 0.5,
        (true, false) | (false, true) => 0.25,
        (false, false) => {
            let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            let in_large = member_of(large);
            let shared = small.iter().filter(|n| in_large(n)).count();
            shared as f64 / small.len() as f64
        }
    };
    0.5 + 0.5 * agreement
}

/// Items stating the same facts need only this share of shared word weight.
const FACT_SHARE: f64 = 0.5;

/// Whether two items state the same facts: each states at least two
/// numbers, dates or durations, at least one of them an amount or a
/// duration, and every one of the item with fewer is in the other; and
/// every name of the one with fewer names is in the other (or neither
/// names anyone). Two sentences that agree on a date and a duration ("six
/// weeks in June" / "a month and a half from June") and share much of the
/// rest are one statement said twice, even in other words; two that agree
/// on a date but name other parties ("the Green Party nominee qualified on
/// August 1" / "the Libertarian Party nominee …") are not.
pub fn same_facts(a: &Item, b: &Item) -> bool {
    let (small, large) = if a.numbers.len() <= b.numbers.len() {
        (a, b)
    } else {
        (b, a)
    };
    let names_agree = match (a.names.is_empty(), b.names.is_empty()) {
        (true, true) => true,
        (false, false) => {
            let (few, many) = if a.names.len() <= b.names.len() {
                (&a.names, &b.names)
            } else {
                (&b.names, &a.names)
            };
            let in_many = member_of(many);
            few.iter().all(in_many)
        }
        _ => false,
    };
    if small.numbers.len() < 2 || !names_agree {
        return false;
    }
    let in_numbers = member_of(&large.numbers);
    let in_amounts = member_of(&large.amounts);
    small.numbers.iter().all(in_numbers) && small.amounts.iter().any(in_amounts)
}

/// Membership in `list`: by a hash set when the list is long, where a
/// linear search for each item of another long list would be quadratic.
fn member_of<T: Eq + std::hash::Hash>(list: &[T]) -> impl Fn(&T) -> bool + '_ {
    let set: Option<HashSet<&T>> = (list.len() > 32).then(|| list.iter().collect());
    move |x| match &set {
        Some(set) => set.contains(x),
        None => list.iter().any(|y| y == x),
    }
}

/// Near items sharing at least this many words that are not names…
const STRONG_SHARED_WORDS: usize = 5;
/// …need only this share of the near threshold.
const STRONG_FACTOR: f64 = 0.7;

/// 0.5 when both state numbers and share none ("in the 16th minute" / "in
/// the 34th minute" are two events), else 1.
pub fn number_agreement(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let in_b = member_of(b);
    if a.iter().any(in_b) {
        1.0
    } else {
        0.5
    }
}

/// Summed weight of the terms two sorted term lists share, and those terms.
fn overlap(a: &[u32], b: &[u32], weight: &[f64]) -> (f64, Vec<u32>) {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    let mut shared = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weight[a[i] as usize];
                shared.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    (sum, shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, words};

    /// Items of `texts` and the list of their words.
    fn items(texts: &[&str]) -> (Vec<Item>, Vec<u32>) {
        let mut vocabulary = words::Vocabulary::take();
        let mut ids = Vec::new();
        let items = texts
            .iter()
            .map(|s| {
                let start = ids.len();
                vocabulary.content_ids(s, &mut ids);
                Item {
                    words: start..ids.len(),
                    exact: Exact::of(&STATE, &normalize::key(s)),
                    ..Default::default()
                }
            })
            .collect();
        vocabulary.give_back();
        (items, ids)
    }

    fn weights_of(items: &[Item], words: &[u32]) -> Weights {
        Weights::from_units(items.iter().map(|i| words_of(words, i)))
    }

    /// Sentence-like thresholds (at least four words, measured against the
    /// smaller item).
    fn thresholds(far: f64, near: f64) -> Thresholds {
        Thresholds {
            far,
            near,
            min_words: 4,
            symmetric: false,
        }
    }

    const STATE: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(7);

    /// find_repeats over `texts`, confirming hash matches on the keys.
    fn find(
        texts: &[&str],
        (items, words): &(Vec<Item>, Vec<u32>),
        t: Thresholds,
        groups: &[usize],
    ) -> Vec<Pair> {
        let same = |a: usize, b: usize| normalize::key(texts[a]) == normalize::key(texts[b]);
        let weights = weights_of(items, words);
        find_repeats(items, words, &weights, t, groups, same)
    }

    fn repeats(texts: &[&str], threshold: f64) -> Vec<(usize, usize, bool)> {
        find(texts, &items(texts), thresholds(threshold, threshold), &[])
            .into_iter()
            .map(|p| (p.earlier, p.later, p.verbatim))
            .collect()
    }

    #[test]
    fn verbatim_and_reworded_repeats() {
        let texts = [
            "The dam holds 40 million cubic metres of water for the valley.",
            "Farmers upstream planted maize and sorghum this spring.",
            "The dam holds 40 million cubic metres of water for the valley!",
            "For the valley, the dam stores forty million cubic metres of water.",
            "A new school opened in the northern district last week.",
        ];
        let found = repeats(&texts, 0.3);
        assert!(found.contains(&(0, 2, true)));
        assert!(found.iter().any(|&(a, b, v)| a == 0 && b == 3 && !v));
        assert!(!found.iter().any(|&(_, b, _)| b == 1 || b == 4));
    }

    /// Every text hashes alike: matches are confirmed on the texts, so
    /// different texts are never verbatim repeats, and a repeat of a text
    /// whose hash an earlier text already had is still found.
    #[test]
    fn verbatim_repeats_are_confirmed_on_the_text_not_the_hash() {
        #[derive(Default)]
        struct Constant;
        impl std::hash::Hasher for Constant {
            fn finish(&self) -> u64 {
                42
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let state = std::hash::BuildHasherDefault::<Constant>::default();
        let texts = [
            "Ana won the race in Lyon.",
            "Ben lost the game in Oslo.",
            "Ben lost the game in Oslo.",
            "Cy sang the song in Rome.",
            "Ana won the race in Lyon.",
        ];
        let items: Vec<Item> = texts
            .iter()
            .map(|t| Item {
                exact: Exact::of(&state, &normalize::key(t)),
                ..Default::default()
            })
            .collect();
        let t = thresholds(0.5, 0.5);
        let found: Vec<(usize, usize, bool)> = find(&texts, &(items, vec![]), t, &[])
            .into_iter()
            .map(|p| (p.earlier, p.later, p.verbatim))
            .collect();
        assert_eq!(found, [(1, 2, true), (0, 4, true)]);
    }

    #[test]
    fn near_items_meet_a_lower_bar() {
        let texts = [
            "Beijing considers Taiwan part of its territory and rejects its diplomacy.",
            "The territory of Beijing includes Taiwan by its claim.",
        ];
        let items = items(&texts);
        let t = thresholds(0.9, 0.3);
        assert!(find(&texts, &items, t, &[0, 1]).is_empty());
        assert_eq!(find(&texts, &items, t, &[0, 0]).len(), 1);
    }
}
