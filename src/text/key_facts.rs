//! A cited sentence's key facts — numbers and quantities, dates, proper
//! names and quoted words — and whether a source text states each one.
//! Comparison is lexical and normalised: "five years" = "5 years", a
//! name case-folded, a quotation verbatim up to quote style, case,
//! punctuation and whitespace.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{normalize, quantities, quotes, signals};
use crate::calendar::{find_dates, month_from_name, CitedDate, MONTH};

/// What sort of fact it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Date,
    Name,
    Quote,
}

/// One fact of a sentence, with where it is in the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFact {
    pub kind: Kind,
    /// Byte range in the sentence.
    pub start: usize,
    pub end: usize,
    /// As written in the sentence.
    pub shown: String,
    key: Key,
}

#[derive(Debug, Clone, PartialEq)]
enum Key {
    /// A value and the relative tolerance it was written with ("about 3,000").
    Number(f64, f64),
    Date(CitedDate),
    /// Folded words of a name.
    Name(Vec<String>),
    /// Folded words of a quotation, space-separated.
    Quote(String),
}

/// "June 14" and "14 June" without a year.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH})\b)"
    ))
    .expect("static regex")
});

/// The key facts of a sentence whose markers are masked out.
pub fn of_sentence(sentence: &str, known_names: &HashSet<String>) -> Vec<KeyFact> {
    let mut facts = Vec::new();
    let quoted: Vec<(usize, usize)> = quotes::find(sentence);
    for &(a, b) in &quoted {
        let words = normalize::words(&normalize::fold_accents(&sentence[a..b]));
        if words.len() >= 2 {
            facts.push(KeyFact {
                kind: Kind::Quote,
                start: a,
                end: b,
                shown: sentence[a..b].to_string(),
                key: Key::Quote(words.join(" ")),
            });
        }
    }
    let in_quote = |a: usize, b: usize| quoted.iter().any(|&(qa, qb)| a < qb && qa < b);
    let mut date_spans: Vec<(usize, usize)> = Vec::new();
    for d in find_dates(sentence) {
        date_spans.push((d.start, d.end));
        let Some(value) = d.value else { continue };
        if in_quote(d.start, d.end) {
            continue;
        }
        facts.push(KeyFact {
            kind: Kind::Date,
            start: d.start,
            end: d.end,
            shown: sentence[d.start..d.end].to_string(),
            key: Key::Date(value),
        });
    }
    date_spans.extend(MONTH_DAY.find_iter(sentence).map(|m| (m.start(), m.end())));
    for q in quantities::find(sentence) {
        let in_date = date_spans.iter().any(|&(a, b)| q.start < b && a < q.end);
        // "one" is an article as often as a number.
        let vague = q.word && q.value <= 1.0;
        if in_date || vague || in_quote(q.start, q.end) {
            continue;
        }
        let tolerance = if approximate(&sentence[..q.start]) {
            APPROXIMATE
        } else {
            0.0
        };
        facts.push(KeyFact {
            kind: Kind::Number,
            start: q.start,
            end: q.end,
            shown: sentence[q.start..q.end].to_string(),
            key: Key::Number(q.value, tolerance),
        });
    }
    for name in signals::find(sentence, known_names).names {
        let words = normalize::words(&normalize::fold_accents(&name));
        if words.is_empty() {
            continue;
        }
        let (start, end) = sentence
            .find(&name)
            .map_or((0, sentence.len()), |i| (i, i + name.len()));
        if in_quote(start, end) {
            continue;
        }
        facts.push(KeyFact {
            kind: Kind::Name,
            start,
            end,
            shown: name,
            key: Key::Name(words),
        });
    }
    facts.sort_by_key(|f| f.start);
    facts
}

/// How far from the page's number an approximate one may be ("nearly 3,000"
/// for 2,946).
const APPROXIMATE: f64 = 0.1;

/// Words before a number that say it is rounded.
const APPROXIMATORS: &[&str] = &[
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "some",
    "over",
    "than",
    "under",
    "up to",
    "estimated",
    "close to",
];

/// Whether the text before a number ends with a word that rounds it.
fn approximate(before: &str) -> bool {
    let lower = before
        .trim_end()
        .trim_end_matches(['$', '€', '£', '¥'])
        .trim_end()
        .to_lowercase();
    APPROXIMATORS.iter().any(|a| {
        lower.ends_with(a) && !lower[..lower.len() - a.len()].ends_with(char::is_alphanumeric)
    })
}

/// Demonym endings: "Chinese" is about China, "Canadian" about Canada.
const DEMONYM_ENDINGS: &[&str] = &["ese", "ian", "ish", "an", "i"];

/// A single-word name stated as its country or people: the page's word
/// starts with the name less its demonym ending (at least four letters).
fn demonym_match(word: &str, words: &HashSet<String>) -> bool {
    DEMONYM_ENDINGS.iter().any(|end| {
        word.strip_suffix(end)
            .filter(|stem| stem.chars().count() >= 4)
            .is_some_and(|stem| words.iter().any(|w| w != word && w.starts_with(stem)))
    })
}

/// A source text prepared for fact lookups.
#[derive(Debug, Default)]
pub struct SourceText {
    /// Folded words, space-separated, with a space at each end.
    words: String,
    word_set: HashSet<String>,
    numbers: Vec<f64>,
    dates: Vec<CitedDate>,
    /// (month, day) written without a year.
    month_days: HashSet<(u8, u8)>,
}

impl SourceText {
    /// `extra` is metadata that also counts (the page's own titles, site
    /// names and dates, which the main text may leave out).
    pub fn new(text: &str, extra: &[&str]) -> SourceText {
        let mut folded = normalize::words(&normalize::fold_accents(text));
        for e in extra {
            // A break between pieces, so no phrase spans two of them.
            folded.push(String::new());
            folded.extend(normalize::words(&normalize::fold_accents(e)));
        }
        let mut words = String::with_capacity(text.len() + 2);
        words.push(' ');
        for w in &folded {
            if w.is_empty() {
                words.push('|');
            } else {
                words.push_str(w);
            }
            words.push(' ');
        }
        let mut dates: Vec<CitedDate> = Vec::new();
        let mut month_days = HashSet::new();
        for t in std::iter::once(text).chain(extra.iter().copied()) {
            dates.extend(find_dates(t).into_iter().filter_map(|d| d.value));
            for c in MONTH_DAY.captures_iter(t) {
                let month = c
                    .name("m1")
                    .or(c.name("m2"))
                    .and_then(|m| month_from_name(m.as_str()));
                let day = c
                    .name("d1")
                    .or(c.name("d2"))
                    .and_then(|d| d.as_str().parse::<u8>().ok());
                if let (Some(m), Some(d)) = (month, day) {
                    month_days.insert((m, d));
                }
            }
        }
        SourceText {
            words,
            word_set: folded.into_iter().filter(|w| !w.is_empty()).collect(),
            numbers: quantities::find(text)
                .into_iter()
                .map(|q| q.value)
                .collect(),
            dates,
            month_days,
        }
    }

    /// Whether the text states this fact.
    pub fn states(&self, fact: &KeyFact) -> bool {
        match &fact.key {
            Key::Number(v, tolerance) => self
                .numbers
                .iter()
                .any(|n| quantities::same_value(*n, *v) || (n - v).abs() <= tolerance * n.abs()),
            Key::Date(d) => {
                let dated = self.dates.iter().any(|p| {
                    p.year == d.year
                        && (d.month.is_none() || p.month == d.month)
                        && (d.day.is_none() || p.day == d.day)
                });
                // "on June 14" beside the year elsewhere on the page.
                let undated = match (d.month, d.day) {
                    (Some(m), Some(day)) => {
                        self.month_days.contains(&(m, day))
                            && self.dates.iter().any(|p| p.year == d.year)
                    }
                    _ => false,
                };
                dated || undated
            }
            Key::Name(words) => {
                self.words.contains(&format!(" {} ", words.join(" ")))
                    || words.iter().all(|w| self.word_set.contains(w))
                    || matches!(words.as_slice(), [one] if demonym_match(one, &self.word_set))
            }
            Key::Quote(q) => self.words.contains(&format!(" {q} ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Vec<(Kind, String)> {
        of_sentence(s, &HashSet::new())
            .into_iter()
            .map(|f| (f.kind, f.shown))
            .collect()
    }

    #[test]
    fn facts_of_a_sentence() {
        let f = shown("A Chinese warship came within 50 yards of the USS Chung-Hoon on June 3, 2023, the navy said, calling it “unsafe and unprofessional.”");
        assert!(f.contains(&(Kind::Number, "50 yards".into())), "{f:?}");
        assert!(f.contains(&(Kind::Date, "June 3, 2023".into())), "{f:?}");
        assert!(
            f.iter()
                .any(|(k, s)| *k == Kind::Name && s.starts_with("USS")),
            "{f:?}"
        );
        assert!(
            f.contains(&(Kind::Quote, "“unsafe and unprofessional.”".into())),
            "{f:?}"
        );
        assert!(
            !f.iter().any(|(_, s)| s == "3"),
            "a day is not a number: {f:?}"
        );
    }

    #[test]
    fn a_source_states_facts_in_other_words() {
        let page = SourceText::new(
            "The ship sailed within 150 yards. It was the first in 5 years, said Jake Sullivan on 3 June. \
             Officials called it \"Unsafe and   unprofessional\". Published 2023.",
            &[],
        );
        let facts = of_sentence(
            "Jake Sullivan said five years passed, on June 3, 2023, calling it “unsafe and unprofessional.”",
            &HashSet::new(),
        );
        for f in &facts {
            assert!(page.states(f), "{f:?}");
        }
        let missing = of_sentence(
            "Officials said Wang Yi saw it come within 50 yards.",
            &HashSet::new(),
        );
        let not: Vec<&str> = missing
            .iter()
            .filter(|f| !page.states(f))
            .map(|f| f.shown.as_str())
            .collect();
        assert_eq!(not, vec!["Wang Yi", "50 yards"]);
    }

    #[test]
    fn demonyms_approximations_and_metadata() {
        let page = SourceText::new(
            "A ship from China and a frigate from Canada. About 2,946 people died.",
            &["Example News", "2023-06-04"],
        );
        let states = |s: &str| {
            of_sentence(s, &HashSet::new())
                .iter()
                .filter(|f| !page.states(f))
                .map(|f| f.shown.clone())
                .collect::<Vec<_>>()
        };
        assert!(states("Officials said a Chinese ship and a Canadian frigate met.").is_empty());
        assert!(states("Officials said nearly 3,000 people died.").is_empty());
        assert_eq!(
            states("Officials said 3,000 people died."),
            vec!["3,000 people"]
        );
        assert!(states("Officials told Example News on June 4, 2023.").is_empty());
        assert_eq!(
            states("Officials said a Japanese ship came."),
            vec!["Japanese"]
        );
    }
}
