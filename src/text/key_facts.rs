//! A cited sentence's key facts — numbers and quantities, dates, proper
//! names and quoted words — and whether a source text states each one.
//! Comparison is lexical and normalised: "five years" = "5 years", a
//! name case-folded and taken in its variants ("Canadian" ~ "Canada",
//! "U.S." ~ "United States"), a quotation verbatim up to quote style, case,
//! punctuation, whitespace and the cuts it marks ("[…]").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::fact_words::{self, fact_words};
use super::{normalize, passages, quantities, quotes, signals, words};
use crate::calendar::{find_dates, is_month_name, month_from_name, CitedDate, MONTH};

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
    /// A value, the relative tolerance it was written with ("about 3,000")
    /// and the stems of the words after it, one of which says what it
    /// counts ("award" in "21 awards", "applic" in "three potential
    /// applicants").
    Number(f64, f64, Vec<String>),
    Date(CitedDate),
    Name {
        /// Folded words.
        words: Vec<String>,
        /// A name of several capitalised words: their initials, which the
        /// page may write as an acronym ("DNC").
        initials: Option<String>,
        /// A name written in capitals ("DNC"), which the page may spell out.
        acronym: bool,
    },
    Quote {
        /// Folded words of each stretch between the cuts the quotation
        /// marks ("…", "[...]", "[her]").
        pieces: Vec<Vec<String>>,
        /// A quoted title's parts around a colon or dash ("Maiden Heaven:
        /// A Tribute to Iron Maiden"), any of which names it; empty for
        /// quoted speech.
        parts: Vec<Vec<String>>,
    },
}

/// "June 14" and "14 June" without a year.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH})\b)"
    ))
    .expect("static regex")
});

/// A season or span of years written short: "2018–19", "1998-99".
static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[5-9]|20)(\d\d)\s?[–—-]\s?(\d\d)\b").expect("static regex"));

/// Where a quotation marks a cut or an insertion of the writer's.
static CUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[[^\]]*\]|\.\.\.|…").expect("static regex"));

/// Where a title's parts meet: "Title: Subtitle", "Title – Part 2",
/// "Brown v. Board of Education of Topeka, Kansas".
static TITLE_PARTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[:,]|\s[–—-]\s|[()]").expect("static regex"));

/// The key facts of a sentence whose markers are masked out.
pub fn of_sentence(sentence: &str, known_names: &foldhash::HashSet<String>) -> Vec<KeyFact> {
    let mut facts = Vec::new();
    let quoted: Vec<(usize, usize)> = quotes::find(sentence);
    for &(a, b) in &quoted {
        if let Some(key) = quote_key(&sentence[a..b]) {
            facts.push(KeyFact {
                kind: Kind::Quote,
                start: a,
                end: b,
                shown: sentence[a..b].to_string(),
                key,
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
    // The second year of "2018–19" is a date, not the number 19.
    for c in YEAR_RANGE.captures_iter(sentence) {
        let (Some(century), Some(end)) = (c.get(1), c.get(3)) else {
            continue;
        };
        date_spans.push((end.start(), end.end()));
        let Ok(year) = format!("{}{}", century.as_str(), end.as_str()).parse::<i32>() else {
            continue;
        };
        if in_quote(end.start(), end.end()) {
            continue;
        }
        facts.push(KeyFact {
            kind: Kind::Date,
            start: end.start(),
            end: end.end(),
            shown: year.to_string(),
            key: Key::Date(CitedDate {
                year,
                month: None,
                day: None,
            }),
        });
    }
    date_spans.extend(MONTH_DAY.find_iter(sentence).map(|m| (m.start(), m.end())));
    let found = quantities::find(sentence);
    for (i, q) in found.iter().enumerate() {
        let in_date = date_spans.iter().any(|&(a, b)| q.start < b && a < q.end);
        // "one" is an article as often as a number.
        let vague = q.word && q.value <= 1.0;
        let converted = i > 0 && is_conversion(sentence, found[i - 1].end, q.start);
        if in_date || vague || converted || in_quote(q.start, q.end) {
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
            key: Key::Number(q.value, tolerance, counted(sentence, q)),
        });
    }
    for name in signals::find(sentence, known_names).names {
        let words = fact_words(&name);
        if words.is_empty() {
            continue;
        }
        let (start, end) = sentence
            .find(&name)
            .map_or((0, sentence.len()), |i| (i, i + name.len()));
        if in_quote(start, end) {
            continue;
        }
        let capitalised: Vec<&str> = name
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let initials = (capitalised.len() >= 2).then(|| {
            capitalised
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_lowercase)
                .collect()
        });
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym =
            words.len() == 1 && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        facts.push(KeyFact {
            kind: Kind::Name,
            start,
            end,
            shown: name,
            key: Key::Name {
                words,
                initials,
                acronym,
            },
        });
    }
    facts.sort_by_key(|f| f.start);
    facts
}

/// A quotation's key, or `None` when it has fewer than two words.
fn quote_key(quoted: &str) -> Option<Key> {
    let inner = quoted.trim_matches(|c: char| !c.is_alphanumeric() && c != '[' && c != ']');
    let all = fact_words(&CUT.replace_all(inner, " "));
    if all.len() < 2 {
        return None;
    }
    let pieces: Vec<Vec<String>> = CUT
        .split(inner)
        .map(fact_words)
        .filter(|p| !p.is_empty())
        .collect();
    let parts = if is_title(inner) {
        TITLE_PARTS
            .split(inner)
            .map(fact_words)
            .filter(|p| p.iter().any(|w| !words::is_stopword(w)))
            .collect()
    } else {
        Vec::new()
    };
    Some(Key::Quote { pieces, parts })
}

/// Whether quoted words read as a title: most of the words that are not
/// stopwords are capitalised, and there are no more than a title has.
fn is_title(inner: &str) -> bool {
    let kept: Vec<&str> = inner
        .unicode_words()
        .filter(|w| !words::is_stopword(&w.to_lowercase()))
        .collect();
    let capitalised = kept
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
        .count();
    !kept.is_empty() && kept.len() <= 12 && capitalised * 3 >= kept.len() * 2
}

/// A number in parentheses right after another is the same amount in
/// other units, which Wikipedia and others add: "18 inches (460 mm)".
fn is_conversion(sentence: &str, previous_end: usize, start: usize) -> bool {
    sentence.get(previous_end..start).is_some_and(|between| {
        let b = between.trim();
        b.ends_with('(') && b.len() <= 3 && !b.chars().any(char::is_alphanumeric)
    })
}

/// The stem of the noun a number counts, which the page must use near the
/// same number: "21 awards" is not stated by a page whose 21 is a date or a
/// score. Percentages are matched by value alone.
/// A word ending like a participle or adverb ("55 participating teams",
/// "130 million worldwide") describes the number rather than counting.
/// The end of a range ("10-24 year olds") counts what the range counts,
/// which the page may say once for both.
fn counted(sentence: &str, q: &quantities::Quantity) -> Vec<String> {
    let range_end = sentence[..q.start]
        .strip_suffix(['-', '–', '—'])
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()));
    let Some(unit) = q.unit.as_deref().filter(|u| *u != "percent") else {
        return Vec::new();
    };
    if range_end {
        return Vec::new();
    }
    let next = sentence[q.end..]
        .unicode_words()
        .next()
        .map(str::to_lowercase)
        .filter(|w| !words::is_stopword(w) && w.chars().all(char::is_alphabetic));
    let describes = |u: &str| ["ing", "ed", "ly", "wide"].iter().any(|e| u.ends_with(e));
    if describes(unit) && next.is_none() {
        return Vec::new();
    }
    std::iter::once(unit.to_string())
        .chain(next)
        .map(|w| unit_stem(&w))
        .collect()
}

/// A word's stem with British and American spellings of "-tre" folded
/// ("metres" and "meters" both "meter").
fn unit_stem(word: &str) -> String {
    let folded = if let Some(b) = word.strip_suffix("tres") {
        format!("{b}ters")
    } else if let Some(b) = word.strip_suffix("tre") {
        format!("{b}ter")
    } else {
        word.to_string()
    };
    words::stem(&folded)
}

/// A unit the page abbreviates: "230 m" for "230 metres", "5 km" for
/// "5 kilometres".
fn abbreviates(short: &str, unit: &str) -> bool {
    let n = short.chars().count();
    (1..=3).contains(&n)
        && short.chars().all(char::is_alphabetic)
        && short.chars().next() == unit.chars().next()
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

/// How many words apart the words of one name may be on the page.
const NEAR: usize = 30;

/// The last word of a law's or an agreement's name, which tells one
/// instrument from another with the same other words.
const INSTRUMENTS: &[&str] = &[
    "act",
    "acts",
    "law",
    "laws",
    "bill",
    "treaty",
    "code",
    "amendment",
    "accord",
    "accords",
    "agreement",
    "convention",
    "charter",
    "constitution",
    "ordinance",
    "statute",
    "decree",
    "directive",
    "regulation",
    "regulations",
    "protocol",
    "resolution",
];

/// How far a law's head may follow the word before it in its name.
const HEAD_GAP: usize = 3;

/// Words that may join the capitalised words of one name ("Order of the
/// British Empire").
const NAME_JOINERS: &[&str] = &["of", "the", "and", "for", "&", "de"];

/// A number on the page.
#[derive(Debug)]
struct PageNumber {
    value: f64,
    /// The page sentence it is in.
    sentence: usize,
    /// The word after it, as written.
    unit: Option<String>,
    /// Stems of the noun it counts and the words right after that ("21
    /// Grammy awards"); empty when no noun follows it ("21 of them",
    /// "won 21."), where a noun in the same or a neighbouring sentence may
    /// say what it counts. A page's "3 Idiots" does not state "three years".
    counts: Vec<String>,
}

/// Stems of units of time, length, area, mass and volume. A number with
/// one of these is bound to it: the page's "five years" states "five
/// years", its "3 Idiots" beside "years" does not. Other nouns may be said
/// in other words near the number ("66 playwrights", "sixty-six writers").
const MEASURES: &[&str] = &[
    "second", "minut", "hour", "day", "week", "month", "year", "decad", "centuri", "mile",
    "kilomet", "km", "meter", "metr", "feet", "foot", "inch", "yard", "acr", "hectar", "pound",
    "lb", "kilogram", "kg", "gram", "ton", "tonn", "liter", "litr", "gallon",
];

fn is_measure(stem: &str) -> bool {
    MEASURES.contains(&stem)
}

/// How many words after a page's number may name what it counts.
const COUNTED_WORDS: usize = 3;

impl PageNumber {
    fn new(sentence: &str, q: quantities::Quantity, at: usize) -> PageNumber {
        let counts = match q.unit.as_deref() {
            Some(u) if u != "percent" && u.chars().all(char::is_alphabetic) => {
                std::iter::once(u.to_string())
                    .chain(
                        sentence[q.end..]
                            .unicode_words()
                            .take(COUNTED_WORDS - 1)
                            .map(str::to_lowercase),
                    )
                    .filter(|w| !words::is_stopword(w))
                    .map(|w| unit_stem(&w))
                    .collect()
            }
            _ => Vec::new(),
        };
        PageNumber {
            value: q.value,
            sentence: at,
            unit: q.unit,
            counts,
        }
    }
}

/// A source text prepared for fact lookups.
#[derive(Debug, Default)]
pub struct SourceText {
    /// Folded words in order; an empty word between pieces of metadata, so
    /// no phrase spans two of them.
    tokens: Vec<String>,
    /// Where each word is in `tokens`.
    positions: HashMap<String, Vec<usize>>,
    /// Every variant stem of the page's words, with where the words are.
    stems: HashMap<String, Vec<usize>>,
    /// Words the page writes in capitals ("US", "U.S."), folded.
    capitals: HashSet<String>,
    /// Initials of the page's names of several capitalised words.
    initials: HashSet<String>,
    /// Each number on the page, with the sentence it is in and its unit.
    numbers: Vec<PageNumber>,
    /// Stems of each sentence of the page.
    sentence_stems: Vec<HashSet<String>>,
    dates: Vec<CitedDate>,
    /// (month, day) written without a year.
    month_days: HashSet<(u8, u8)>,
    /// Months the page names, with or without a day or year.
    months: HashSet<u8>,
    /// Years of the dates in the page's metadata (its publication date).
    published: Vec<i32>,
}

impl SourceText {
    /// `extra` is metadata that also counts (the page's own titles, site
    /// names and dates, which the main text may leave out).
    pub fn new(text: &str, extra: &[&str]) -> SourceText {
        let mut tokens = fact_words(text);
        for e in extra {
            tokens.push(String::new());
            tokens.extend(fact_words(e));
        }
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if !t.is_empty() {
                positions.entry(t.clone()).or_default().push(i);
            }
        }
        let mut stems: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            for v in fact_words::variants(t).filter(|v| !v.is_empty()) {
                stems.entry(v.to_string()).or_default().push(i);
            }
        }
        let mut page = SourceText {
            tokens,
            positions,
            stems,
            ..SourceText::default()
        };
        for (i, &(a, b)) in passages::sentences(text).iter().enumerate() {
            let sentence = &text[a..b];
            page.numbers.extend(
                quantities::find(sentence)
                    .into_iter()
                    .map(|q| PageNumber::new(sentence, q, i)),
            );
            page.sentence_stems.push(
                normalize::words(sentence)
                    .iter()
                    .map(|w| unit_stem(w))
                    .collect(),
            );
        }
        for t in std::iter::once(text).chain(extra.iter().copied()) {
            page.read_names(t);
            page.dates
                .extend(find_dates(t).into_iter().filter_map(|d| d.value));
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
                    page.month_days.insert((m, d));
                }
            }
        }
        page.published = extra
            .iter()
            .flat_map(|e| find_dates(e))
            .filter_map(|d| d.value.map(|v| v.year))
            .collect();
        page
    }

    /// Record the words the page writes in capitals, the initials of its
    /// multi-word names and the months it names.
    fn read_names(&mut self, text: &str) {
        let folded = normalize::fold_accents(text);
        let mut run: Vec<&str> = Vec::new();
        let mut last_end = 0;
        for (at, w) in folded.unicode_word_indices() {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
                self.capitals.extend(fact_words(w));
            }
            if is_month_name(w) && w.starts_with(char::is_uppercase) {
                if let Some(m) = month_from_name(w) {
                    self.months.insert(m);
                }
            }
            let joined = folded[last_end..at].trim().is_empty();
            let capitalised = w.starts_with(char::is_uppercase);
            let joiner = NAME_JOINERS.contains(&w) && !run.is_empty();
            if !(joined && (capitalised || joiner)) {
                self.end_run(&mut run);
            }
            if capitalised || joiner {
                run.push(w);
            }
            last_end = at + w.len();
        }
        self.end_run(&mut run);
    }

    fn end_run(&mut self, run: &mut Vec<&str>) {
        while run.last().is_some_and(|w| NAME_JOINERS.contains(w)) {
            run.pop();
        }
        let capitalised: String = run
            .iter()
            .filter(|w| !NAME_JOINERS.contains(w))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect();
        if capitalised.chars().count() >= 2 {
            self.initials.insert(capitalised);
        }
        run.clear();
    }

    /// Whether the words appear in this order, side by side. A word before
    /// the last may be written as its initial ("A. swainsonii mimetes").
    fn phrase(&self, words: &[String]) -> bool {
        let Some((last, before)) = words.split_last() else {
            return false;
        };
        let Some(at) = self.positions.get(last) else {
            return false;
        };
        at.iter().any(|&p| {
            p >= before.len() && {
                let mut initials = 0;
                before.iter().rev().enumerate().all(|(k, w)| {
                    let t = &self.tokens[p - 1 - k];
                    if t == w {
                        return true;
                    }
                    let initial = t.chars().count() == 1
                        && w.starts_with(t.as_str())
                        && w.chars().all(char::is_alphabetic);
                    initials += usize::from(initial);
                    initial && initials == 1
                })
            }
        })
    }

    /// Where the page has the word or a variant of it, in order.
    fn word_positions(&self, word: &str) -> Vec<usize> {
        let mut at: Vec<usize> = fact_words::variants(word)
            .filter_map(|v| self.stems.get(v))
            .flatten()
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// Whether every word of a name (or a variant of it) is on the page
    /// and, for a name of three words or more, two of them side by side or
    /// all within [`NEAR`] words: a long name's words scattered over a page
    /// ("Union" here, "Judiciary" there, "Act" further on) do not name it.
    fn words_together(&self, words: &[String]) -> bool {
        let lists: Vec<Vec<usize>> = words.iter().map(|w| self.word_positions(w)).collect();
        if lists.iter().any(Vec::is_empty) {
            return false;
        }
        // "Union Judiciary Act" is not "Union Judiciary Law": the head of
        // a law's name says which instrument it is, so it must follow the
        // word before it closely ("Union Judiciary reform act"), not merely
        // be somewhere on the page.
        if let [.., before, head] = words {
            if INSTRUMENTS.contains(&head.as_str()) {
                return self.headed(before, head);
            }
        }
        if words.len() <= 2 {
            return true;
        }
        if words.windows(2).any(|pair| self.phrase(pair)) {
            return true;
        }
        let Some(rarest) = lists.iter().min_by_key(|l| l.len()) else {
            return false;
        };
        rarest.iter().any(|&p| {
            lists.iter().all(|l| {
                let from = l.partition_point(|&x| x + NEAR < p);
                l.get(from).is_some_and(|&x| x <= p + NEAR)
            })
        })
    }

    /// Whether `head` follows `before` within [`HEAD_GAP`] words, with no
    /// other instrument's head between them.
    fn headed(&self, before: &str, head: &str) -> bool {
        let heads = self.word_positions(head);
        self.word_positions(before).iter().any(|&b| {
            let from = heads.partition_point(|&h| h <= b);
            heads.get(from).is_some_and(|&h| {
                h <= b + HEAD_GAP
                    && self.tokens[b + 1..h]
                        .iter()
                        .all(|t| !INSTRUMENTS.contains(&t.as_str()))
            })
        })
    }

    fn states_name(&self, words: &[String], initials: Option<&str>, acronym: bool) -> bool {
        if self.phrase(words) || self.words_together(words) {
            return true;
        }
        let alias = fact_words::aliases(words).iter().any(|(a, capitals)| {
            if *capitals {
                self.capitals.contains(&a.concat())
            } else {
                self.phrase(a)
            }
        });
        let prefix = fact_words::alias_prefix(words);
        alias
            || (prefix > 0
                && words.len() - prefix >= 2
                && self.states_name(&words[prefix..], None, false))
            || initials.is_some_and(|i| i.chars().count() >= 3 && self.capitals.contains(i))
            || (acronym && words.first().is_some_and(|w| self.initials.contains(w)))
    }

    /// Whether the text states this fact.
    pub fn states(&self, fact: &KeyFact) -> bool {
        match &fact.key {
            Key::Number(v, tolerance, unit) => self.numbers.iter().any(|p| {
                let n = p.value;
                (quantities::same_value(n, *v) || (n - v).abs() <= tolerance * n.abs())
                    && (unit.is_empty()
                        || unit.iter().any(|u| {
                            p.counts.contains(u)
                                || ((p.counts.is_empty() || !is_measure(u))
                                    && self.near(p.sentence, u))
                                || p.unit.as_ref().is_some_and(|pu| abbreviates(pu, u))
                        }))
            }),
            Key::Date(d) => self.states_date(d),
            Key::Name {
                words,
                initials,
                acronym,
            } => self.states_name(words, initials.as_deref(), *acronym),
            Key::Quote { pieces, parts } => {
                pieces.iter().all(|p| match p.as_slice() {
                    [one] => self.positions.contains_key(one),
                    _ => self.phrase(p),
                }) || parts.iter().any(|p| self.phrase(p))
            }
        }
    }

    /// Whether the stem is in sentence `at` of the page or one beside it.
    fn near(&self, at: usize, stem: &str) -> bool {
        self.sentence_stems[at.saturating_sub(1)..(at + 2).min(self.sentence_stems.len())]
            .iter()
            .any(|s| s.contains(stem))
    }

    fn states_date(&self, d: &CitedDate) -> bool {
        let dated = self.dates.iter().any(|p| {
            p.year == d.year
                && (d.month.is_none() || p.month == d.month)
                && (d.day.is_none() || p.day == d.day)
        });
        let year_on_page = self.dates.iter().any(|p| p.year == d.year);
        // "on June 14" beside the year elsewhere on the page.
        let undated = match (d.month, d.day) {
            (Some(m), Some(day)) => self.month_days.contains(&(m, day)) && year_on_page,
            // "in June" on a page published that year or the year before.
            (Some(m), None) => {
                self.months.contains(&m)
                    && (year_on_page
                        || self
                            .published
                            .iter()
                            .any(|&y| d.year == y || d.year == y + 1))
            }
            _ => false,
        };
        dated || undated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Vec<(Kind, String)> {
        of_sentence(s, &foldhash::HashSet::default())
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
            &foldhash::HashSet::default(),
        );
        for f in &facts {
            assert!(page.states(f), "{f:?}");
        }
        let missing = of_sentence(
            "Officials said Wang Yi saw it come within 50 yards.",
            &foldhash::HashSet::default(),
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
            of_sentence(s, &foldhash::HashSet::default())
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

    /// What a page fails to state of a sentence, as shown.
    fn unstated(page: &SourceText, sentence: &str) -> Vec<String> {
        of_sentence(sentence, &foldhash::HashSet::default())
            .iter()
            .filter(|f| !page.states(f))
            .map(|f| f.shown.clone())
            .collect()
    }

    #[test]
    fn possessives_and_initials_match_the_page() {
        let page = SourceText::new(
            "Young meets Kedzie at Jackson’s MMA Series 4. The E.W. Scripps Company bought it.",
            &[],
        );
        assert!(unstated(&page, "Young fought at Jackson's MMA Series 4 in April.").is_empty());
        assert!(unstated(&page, "It was sold to the E. W. Scripps Company.").is_empty());
        assert_eq!(
            unstated(&page, "It was sold to the Hearst Company."),
            vec!["Hearst Company"]
        );
    }

    #[test]
    fn names_in_their_variants_and_aliases() {
        let page = SourceText::new(
            "Cavalry FC welcomes four more Canadian players. The U.S. team and the British \
             Olympic Association (BOA) met England’s Mark England, appointed to the Olympic team.",
            &[],
        );
        for ok in [
            "He returned to Canada to sign for Cavalry FC.",
            "He played in the United States with Olympics hopefuls.",
            "The British Olympic Association named him; the UK team agreed.",
            "The BOA named him.",
        ] {
            assert!(
                unstated(&page, ok).is_empty(),
                "{ok}: {:?}",
                unstated(&page, ok)
            );
        }
        assert_eq!(unstated(&page, "He returned to Mexico."), vec!["Mexico"]);
        // "us" the pronoun is not "US" the country.
        let lower = SourceText::new("Come with us to see them.", &[]);
        assert_eq!(
            unstated(&lower, "They came from the United States."),
            vec!["United States"]
        );
    }

    #[test]
    fn a_long_name_scattered_over_the_page_is_not_named() {
        let filler = "Other news of the week follows here. ".repeat(8);
        let page = SourceText::new(
            &format!("The Supreme Court of the Union met. {filler} A judiciary reform passed. {filler} The act was read."),
            &[],
        );
        assert_eq!(
            unstated(
                &page,
                "Courts were founded by the Union Judiciary Act in a later year."
            ),
            vec!["Union Judiciary Act"]
        );
        let near = SourceText::new("The Union Judiciary reform act of that year.", &[]);
        assert!(unstated(&near, "Courts were founded by the Union Judiciary Act.").is_empty());
        // Another law of the same words, and "act" used as a verb nearby.
        let other = SourceText::new(
            "The Union Judiciary Law was enacted. Judges act as to the procedure.",
            &[],
        );
        assert_eq!(
            unstated(&other, "Courts were founded by the Union Judiciary Act."),
            vec!["Union Judiciary Act"]
        );
        let short = SourceText::new("The Patriot Act passed, and later on a bill.", &[]);
        assert!(unstated(&short, "The Patriot Act was renewed.").is_empty());
        assert_eq!(
            unstated(&short, "The Patriot Bill was renewed."),
            vec!["Patriot Bill"]
        );
    }

    #[test]
    fn quotations_with_cuts_and_titles_by_their_parts() {
        let page = SourceText::new(
            "The video is mature, tasteful, and, dare I say… sexy? The CD is called \
             “Maiden Heaven” and Hoffman filmed “Mockingjay — Part 2”. Brown v. Board of \
             Education of Topeka was decided.",
            &[],
        );
        for ok in [
            "A critic called it \"mature, tasteful, and [...] sexy\".",
            "It was on the album \"Maiden Heaven: A Tribute to Iron Maiden\" that year.",
            "He was filming \"The Hunger Games: Mockingjay – Part 2\" then.",
            "The court ruled on \"Brown v. Board of Education of Topeka, Kansas\" then.",
        ] {
            assert!(
                unstated(&page, ok).is_empty(),
                "{ok}: {:?}",
                unstated(&page, ok)
            );
        }
        assert_eq!(
            unstated(&page, "A critic called it \"bold and tasteless\"."),
            vec!["\"bold and tasteless\""]
        );
        assert_eq!(
            unstated(&page, "It was on \"Heaven and Hell: A Tribute\" that year."),
            vec!["\"Heaven and Hell: A Tribute\""]
        );
    }

    #[test]
    fn year_ranges_conversions_and_implied_years() {
        let page = SourceText::new(
            "The change takes place over the 2018-2019 academic year. The pipe is 18 inches \
             wide. Screenings start in May.",
            &["2018-03-02"],
        );
        assert!(unstated(&page, "It happens during the 2018–19 academic year.").is_empty());
        assert!(unstated(&page, "The pipe is 18 inches (460 mm) wide.").is_empty());
        assert!(unstated(&page, "It screened in May 2018.").is_empty());
        assert!(unstated(&page, "It screened in May 2019.").is_empty());
        assert_eq!(
            unstated(&page, "It screened in May 2021."),
            vec!["May 2021"]
        );
        assert_eq!(
            unstated(&page, "It screened in June 2018."),
            vec!["June 2018"]
        );
        assert_eq!(
            unstated(&page, "The pipe is 19 inches wide."),
            vec!["19 inches"]
        );
    }

    #[test]
    fn a_count_must_be_near_what_it_counts() {
        let page = SourceText::new(
            "He won the final 10-7 on 21 May. The plant lies 230 meters under ground. \
             Some 44 people came.",
            &[],
        );
        assert_eq!(
            unstated(&page, "Gill has won 21 awards."),
            vec!["21 awards"]
        );
        assert!(unstated(&page, "The plant lies 230 metres below the surface.").is_empty());
        assert!(unstated(&page, "Some 44 people came.").is_empty());
        let short = SourceText::new("The peak is 4,000 m high.", &[]);
        assert!(unstated(&short, "The peak is 4,000 metres high.").is_empty());
    }

    #[test]
    fn a_measure_is_bound_to_its_own_number() {
        let page = SourceText::new(
            "Hirani returns after five years and a hit like 3 Idiots. The cycle had \
             sixty-six writers, playwrights and poets among them.",
            &[],
        );
        assert_eq!(
            unstated(
                &page,
                "It took five years to make the film and three years to write it."
            ),
            vec!["three years"]
        );
        assert!(unstated(&page, "It gave 66 playwrights a stage.").is_empty());
        let hyphen = SourceText::new("A five-year plan, then 3 years more.", &[]);
        assert!(unstated(&hyphen, "It took 5 years, then three years.").is_empty());
    }
}
