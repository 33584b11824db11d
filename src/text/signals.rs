//! What makes a sentence a checkable claim: numbers and quantities, dates,
//! proper names, attribution verbs, superlatives and firsts. Each signal is
//! kept with the words that raised it, so a diagnostic can say why.

use std::borrow::Cow;
use std::sync::LazyLock;

use foldhash::{HashMap, HashSet, HashSetExt};
use unicode_segmentation::UnicodeSegmentation;

use crate::calendar;

/// The signals found in one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    pub numbers: Vec<String>,
    /// The numbers that are amounts, percentages or counts ("60 residents",
    /// "40%", "five wins"): one is a checkable fact on its own. Not "one",
    /// and not digits inside a name ("COVID-19", "F-16", "3D").
    pub amounts: Vec<String>,
    pub dates: Vec<String>,
    pub names: Vec<String>,
    pub attribution: Vec<String>,
    pub superlatives: Vec<String>,
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "percent",
    "twice",
    "thrice",
    "once",
];
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tomorrow",
];
const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "announced",
    "announces",
    "reported",
    "reports",
    "stated",
    "states",
    "claimed",
    "claims",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "estimated",
    "estimates",
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "warned",
    "warns",
    "added",
    "noted",
    "revealed",
    "disclosed",
    "testified",
    "alleged",
];
const SUPERLATIVES: &[&str] = &[
    "first",
    "last",
    "only",
    "sole",
    "largest",
    "biggest",
    "highest",
    "lowest",
    "most",
    "least",
    "best",
    "worst",
    "record",
    "longest",
    "shortest",
    "oldest",
    "newest",
    "youngest",
    "fastest",
    "slowest",
    "greatest",
    "smallest",
    "deadliest",
    "strongest",
    "weakest",
    "earliest",
    "latest",
    "richest",
    "poorest",
    "top",
    "unprecedented",
    "never",
];
/// Capitalised words that are not names even mid-sentence.
const NOT_NAMES: &[&str] = &["I", "I'm", "I’m", "I've", "OK"];

impl Signals {
    /// The weighted score compared with `[claims] threshold`. An amount
    /// weighs 2, so it meets the default threshold alone.
    pub fn score(&self) -> f64 {
        let mut s = 0.0;
        if !self.amounts.is_empty() {
            s += 2.0;
        } else if !self.numbers.is_empty() {
            s += 1.0;
        }
        if !self.dates.is_empty() {
            s += 1.0;
        }
        s += match self.names.len() {
            0 => 0.0,
            1 => 1.0,
            _ => 2.0,
        };
        if !self.attribution.is_empty() {
            s += 1.0;
        }
        if !self.superlatives.is_empty() {
            s += 1.0;
        }
        s
    }

    /// "numbers (150, five), proper names (Jake Sullivan, Vienna), …"
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let groups: [(&str, &Vec<String>); 5] = [
            ("numbers", &self.numbers),
            ("dates", &self.dates),
            ("proper names", &self.names),
            ("attribution", &self.attribution),
            ("superlatives", &self.superlatives),
        ];
        for (label, words) in groups {
            if words.is_empty() {
                continue;
            }
            let shown: Vec<&str> = words.iter().take(4).map(String::as_str).collect();
            let more = if words.len() > 4 { ", …" } else { "" };
            parts.push(format!("{label} ({}{more})", shown.join(", ")));
        }
        parts.join(", ")
    }
}

/// What a lowercased word is to [`find`], by the first list that has it
/// (in the order `find` asks them): one lookup instead of a scan of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// In [`NUMBER_WORDS`], but not "once" or "half".
    Number,
    Day,
    Attribution,
    Superlative,
}

static CLASSES: LazyLock<HashMap<&'static str, Class>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    let lists = [
        (NUMBER_WORDS, Class::Number),
        (DAYS, Class::Day),
        (ATTRIBUTION, Class::Attribution),
        (SUPERLATIVES, Class::Superlative),
    ];
    for (list, class) in lists {
        for &w in list {
            if class == Class::Number && (w == "once" || w == "half") {
                continue;
            }
            map.entry(w).or_insert(class);
        }
    }
    map
});

/// `w` lowercased, borrowed when it already is.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// Capitalised words seen mid-sentence anywhere in the document: a
/// sentence-initial word in this set is a name too ("Blinken's visit…").
pub fn mid_sentence_names<'a>(sentences: impl Iterator<Item = &'a str>) -> HashSet<String> {
    mid_sentence_names_in(sentences.map(|s| s.unicode_words()))
}

/// [`mid_sentence_names`] over each sentence's words (UAX 29), already
/// found.
pub fn mid_sentence_names_in<'a, W: Iterator<Item = &'a str>>(
    sentences: impl Iterator<Item = W>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for words in sentences {
        for (i, w) in words.enumerate() {
            if i > 0 && is_capitalised(w) && !crate::text::words::is_stopword(&lowercase(w)) {
                let base = base_word(w);
                if !out.contains(base) {
                    out.insert(base.to_string());
                }
            }
        }
    }
    out
}

/// `w` without trailing possessives ("'s", then "’s"), stripped by
/// comparison: a substring searcher built for each word costs more.
fn base_word(w: &str) -> &str {
    let mut w = w;
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix("’s") {
        w = rest;
    }
    w
}

fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&w)
}

/// Find the signals in a sentence whose markers are already masked out.
pub fn find(sentence: &str, known_names: &HashSet<String>) -> Signals {
    let words: Vec<(usize, &str)> = sentence.unicode_word_indices().collect();
    find_in(sentence, &words, known_names)
}

/// [`find`] with the sentence's words (UAX 29, with their byte offsets)
/// already found.
pub fn find_in<'a>(
    sentence: &'a str,
    words: &[(usize, &'a str)],
    known_names: &HashSet<String>,
) -> Signals {
    let mut sig = Signals::default();
    let mut seen = Seen::default();
    let mut i = 0;
    while i < words.len() {
        let (at, w) = words[i];
        let lower = lowercase(w);
        let class = CLASSES.get(&*lower).copied();
        if w.bytes().any(|b| b.is_ascii_digit()) {
            let is_year = w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("18") || w.starts_with("19") || w.starts_with("20"));
            if is_year {
                push_unique(&mut sig.dates, &mut seen.dates, w);
            } else {
                push_unique(&mut sig.numbers, &mut seen.numbers, w);
                if is_amount(sentence, at, w) {
                    push_unique(&mut sig.amounts, &mut seen.amounts, w);
                }
            }
        } else if class == Some(Class::Number) {
            push_unique(&mut sig.numbers, &mut seen.numbers, w);
            if lower != "one" {
                push_unique(&mut sig.amounts, &mut seen.amounts, w);
            }
        } else if class == Some(Class::Day)
            || (calendar::is_month_name(&lower)
                && is_capitalised(w)
                && (lower != "may" || i == 0 || prev_is_date_context(words, i)))
        {
            push_unique(&mut sig.dates, &mut seen.dates, w);
        } else if class == Some(Class::Attribution)
            || (lower == "according" && words.get(i + 1).is_some_and(|(_, n)| *n == "to"))
        {
            push_unique(&mut sig.attribution, &mut seen.attribution, w);
        } else if class == Some(Class::Superlative) {
            push_unique(&mut sig.superlatives, &mut seen.superlatives, w);
        }
        // Names: runs of capitalised words; sentence-initial only when the
        // word is capitalised mid-sentence elsewhere in the document.
        if is_capitalised(w)
            && !calendar::is_month_name(&lower)
            && !DAYS.contains(&&*lower)
            && !crate::text::words::is_stopword(&lower)
        {
            let initial = i == 0 || after_opener(sentence, at);
            if !initial || known_names.contains(base_word(w)) {
                let mut end = i + 1;
                while end < words.len()
                    && is_capitalised(words[end].1)
                    && adjacent(sentence, words[end - 1], words[end])
                {
                    end += 1;
                }
                // As written, so it can be found and shown: "E. W. Scripps".
                let (last_at, last) = words[end - 1];
                let name = &sentence[at..last_at + base_word(last).len()];
                push_unique(&mut sig.names, &mut seen.names, name);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    sig
}

/// A numeral written in digits that stands alone ("60", "3.5", "1,200"),
/// not one glued to a name by a hyphen or letters ("COVID-19", "F-16", "3D").
fn is_amount(sentence: &str, at: usize, w: &str) -> bool {
    let digits = w
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let glued = sentence[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c == '-' || c.is_alphabetic());
    digits && !glued
}

fn prev_is_date_context(words: &[(usize, &str)], i: usize) -> bool {
    let prev = lowercase(words[i - 1].1);
    matches!(
        &*prev,
        "in" | "since"
            | "until"
            | "by"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "of"
            | "from"
            | "to"
    ) || words[i - 1].1.chars().all(|c| c.is_ascii_digit())
}

/// Whether the word at `at` follows an opening quote or a colon, where a
/// capital letter does not mean a name.
fn after_opener(sentence: &str, at: usize) -> bool {
    sentence[..at]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '“' | '"' | '‘' | ':' | '(' | '—'))
}

/// Two words separated only by spaces (not by a comma or other punctuation).
fn adjacent(sentence: &str, a: (usize, &str), b: (usize, &str)) -> bool {
    let between = &sentence[a.0 + a.1.len()..b.0];
    // An initial's full stop joins it to the rest of the name: "E. W. Scripps".
    let initial = a.1.chars().count() == 1 && a.1.chars().all(char::is_uppercase);
    let between = if initial {
        between.strip_prefix('.').unwrap_or(between)
    } else {
        between
    };
    between.chars().all(|c| c == ' ' || c == '\u{a0}') && between.len() <= 2
}

/// What each list of [`Signals`] holds already: a sentence of 200,000
/// distinct numbers (`[tok1] [tok2] …`, a run of links) made a linear
/// search per word quadratic (41 s for 1.9 MB).
#[derive(Default)]
struct Seen<'a> {
    numbers: HashSet<&'a str>,
    amounts: HashSet<&'a str>,
    dates: HashSet<&'a str>,
    names: HashSet<&'a str>,
    attribution: HashSet<&'a str>,
    superlatives: HashSet<&'a str>,
}

#[cfg(test)]
thread_local! {
    /// Entries looked at to keep the lists unique, for the test that the
    /// work is linear in the words.
    static LOOKED_AT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Push `w` unless the list has it, keeping the first-seen order.
fn push_unique<'a>(v: &mut Vec<String>, seen: &mut HashSet<&'a str>, w: &'a str) {
    #[cfg(test)]
    LOOKED_AT.with(|n| n.set(n.get() + 1));
    if seen.insert(w) {
        v.push(w.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(s: &str) -> Signals {
        find(s, &HashSet::new())
    }

    #[test]
    fn a_base_word_loses_its_trailing_possessives_as_trimming_would() {
        for w in [
            "Biden's",
            "Biden’s",
            "Bob's's",
            "Bob’s's",
            "Bob's’s",
            "'s",
            "Ng",
            "Öz’s",
            "",
        ] {
            let trimmed = w.trim_end_matches("'s").trim_end_matches("’s");
            assert_eq!(base_word(w), trimmed, "{w}");
        }
        assert_eq!(base_word("Bob’s's"), "Bob");
    }

    #[test]
    fn each_word_has_the_class_of_the_first_list_asked() {
        for w in NUMBER_WORDS {
            let want = (!matches!(*w, "once" | "half")).then_some(Class::Number);
            assert_eq!(CLASSES.get(w).copied(), want, "{w}");
        }
        for (list, class) in [
            (DAYS, Class::Day),
            (ATTRIBUTION, Class::Attribution),
            (SUPERLATIVES, Class::Superlative),
        ] {
            for w in list {
                let earlier = [NUMBER_WORDS, DAYS, ATTRIBUTION, SUPERLATIVES]
                    .iter()
                    .take_while(|l| !std::ptr::eq(**l, list))
                    .any(|l| l.contains(w));
                if !earlier {
                    assert_eq!(CLASSES.get(w).copied(), Some(class), "{w}");
                }
            }
        }
        assert_eq!(lowercase("May"), "may");
        assert_eq!(lowercase("ÉTÉ"), "été");
        assert!(matches!(lowercase("said"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_sentence_of_distinct_tokens_costs_work_linear_in_its_words() {
        let n = 20_000;
        let tokens: Vec<String> = (0..n).map(|i| format!("[tok{i}] Name{i}")).collect();
        let sentence = format!("Officials said {} in 2023.", tokens.join(" "));
        LOOKED_AT.with(|c| c.set(0));
        let s = find(&sentence, &HashSet::new());
        let looked_at = LOOKED_AT.with(std::cell::Cell::get);
        assert_eq!(s.numbers.len(), 2 * n);
        assert_eq!(s.names.len(), n);
        // One look per word that may join a list, not one per earlier entry
        // (n²/2 = 200 million before).
        assert!(looked_at <= 4 * n, "{looked_at} entries looked at");
    }

    #[test]
    fn numbers_dates_names_attribution_superlatives() {
        let s = sig("The US Indo-Pacific Command said a China warship came within 150 yards of a US destroyer in May 2023, the first time in five years.");
        assert_eq!(s.numbers, vec!["150", "five"]);
        assert_eq!(s.dates, vec!["May", "2023"]);
        assert!(
            s.names.contains(&"US Indo".to_string()) || s.names.iter().any(|n| n.starts_with("US"))
        );
        assert!(s.names.contains(&"China".to_string()));
        assert_eq!(s.attribution, vec!["said"]);
        assert_eq!(s.superlatives, vec!["first"]);
        assert!(s.score() >= 5.0);
    }

    #[test]
    fn one_amount_is_enough() {
        let s = sig("About 60 residents attended the hearing, which ran past midnight.");
        assert_eq!(s.amounts, vec!["60"]);
        assert!(s.score() >= 2.0);
        assert!(sig("Prices rose 40% over five weeks.").score() >= 2.0);
        assert!(sig("The COVID-19 wave hit a 3D printing plant.")
            .amounts
            .is_empty());
        assert!(sig("It was one of the oddities.").score() < 2.0);
    }

    #[test]
    fn plain_statements_score_low() {
        assert!(sig("The relationship is at a precarious moment.").score() < 2.0);
        assert!(sig("It is time to move away from blaming each other.").score() < 2.0);
        assert_eq!(sig("You may go.").dates, Vec::<String>::new());
    }

    #[test]
    fn multi_word_names_and_sentence_starts() {
        let s = sig("During the talks, Jake Sullivan met Wang Yi in Vienna.");
        assert_eq!(s.names, vec!["Jake Sullivan", "Wang Yi", "Vienna"]);
        let known: HashSet<String> = ["Blinken".to_string()].into_iter().collect();
        assert_eq!(
            find("Blinken’s visit went well.", &known).names,
            vec!["Blinken"]
        );
        assert!(find("Officials met.", &known).names.is_empty());
    }
}
