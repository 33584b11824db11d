//! Content words: lowercased, stopwords dropped, stemmed (Snowball English),
//! so that "talks", "talked" and "talking" compare equal.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::normalize;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// English function words that carry no content.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "via",
    "per",
    "amid",
    "among",
    "within",
    "without",
];

static STOPWORD_SET: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// The Snowball English stem of a lowercased word.
pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// Lowercased, stemmed content words of `s`, in order.
pub fn content_words(s: &str) -> Vec<String> {
    normalize::words(s)
        .into_iter()
        .filter(|w| !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}

/// `content_words` with each distinct word stemmed once: stemming is the
/// costly part, and an article repeats its words.
#[derive(Debug, Default)]
pub struct StemCache {
    stems: foldhash::HashMap<String, String>,
}

/// Past this many distinct words the cache stops growing (text of random
/// tokens would otherwise hold every one).
const STEM_CACHE_LIMIT: usize = 200_000;

impl StemCache {
    pub fn content_words(&mut self, s: &str) -> Vec<String> {
        normalize::words(s)
            .into_iter()
            .filter(|w| !is_stopword(w))
            .map(|w| match self.stems.get(&w) {
                Some(stemmed) => stemmed.clone(),
                None => {
                    let stemmed = stem(&w);
                    if self.stems.len() < STEM_CACHE_LIMIT {
                        self.stems.insert(w, stemmed.clone());
                    }
                    stemmed
                }
            })
            .collect()
    }
}

/// Content words as numbers: each distinct stem gets one, so that bags of
/// words are compared, counted and held as `u32`s, not strings. A word is
/// folded, looked up and stemmed once per thread: the vocabulary outlives a
/// document (see [`Vocabulary::take`]), and articles share most of theirs.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Folded word → its stem's number.
    words: foldhash::HashMap<String, u32>,
    /// Stem (or other term) → its number.
    terms: foldhash::HashMap<String, u32>,
    /// A word being folded, reused.
    buf: String,
}

thread_local! {
    static VOCABULARY: std::cell::RefCell<Option<Vocabulary>> =
        const { std::cell::RefCell::new(None) };
}

/// Past this many distinct words and terms, a vocabulary is not kept for the
/// next document (text of random tokens would otherwise hold every one).
const VOCABULARY_LIMIT: usize = 200_000;

impl Vocabulary {
    /// This thread's vocabulary, or a new one; give it back with
    /// [`Vocabulary::give_back`]. Numbers stay the same while it is held.
    pub fn take() -> Vocabulary {
        VOCABULARY
            .with(|v| v.borrow_mut().take())
            .unwrap_or_default()
    }

    /// Keep this vocabulary for the thread's next document, unless it grew
    /// past the limit.
    pub fn give_back(self) {
        if self.words.len() + self.terms.len() <= VOCABULARY_LIMIT {
            VOCABULARY.with(|v| *v.borrow_mut() = Some(self));
        }
    }

    /// The number of a term (a stem, or a made-up term such as a duration's).
    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.terms.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.insert(term.to_string(), id);
        id
    }

    /// [`content_words`] of `s`, each as its stem's number, pushed on `out`.
    pub fn content_ids(&mut self, s: &str, out: &mut Vec<u32>) {
        use unicode_segmentation::UnicodeSegmentation;
        self.content_ids_of(s.unicode_words(), out);
    }

    /// [`Vocabulary::content_ids`] of a text whose words (UAX 29) are
    /// `words`.
    pub fn content_ids_of<'a>(&mut self, words: impl Iterator<Item = &'a str>, out: &mut Vec<u32>) {
        for w in words {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            normalize::fold_word(w, &mut buf);
            if !buf.is_empty() && !is_stopword(&buf) {
                let id = match self.words.get(buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = self.intern(&STEMMER.stem(&buf));
                        self.words.insert(buf.clone(), id);
                        id
                    }
                };
                out.push(id);
            }
            self.buf = buf;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_fold_inflections() {
        assert_eq!(
            content_words("The talks were talked about in talking"),
            vec!["talk", "talk", "talk"]
        );
        assert_eq!(content_words("Blinken’s visit"), vec!["blinken", "visit"]);
    }

    #[test]
    fn content_ids_number_the_content_words() {
        let mut v = Vocabulary::default();
        for s in [
            "The talks were talked about in talking",
            "Blinken’s visit to Beijing — 北京 — in 2023 😀",
            "ÉCOLE Normale’s STRASSE, o'clock",
        ] {
            let mut ids = Vec::new();
            v.content_ids(s, &mut ids);
            let want: Vec<u32> = content_words(s).iter().map(|w| v.intern(w)).collect();
            assert_eq!(ids, want, "{s}");
        }
        let (talk, visit) = (v.intern("talk"), v.intern("visit"));
        assert_ne!(talk, visit);
        assert_eq!(v.intern("talk"), talk);
    }
}
