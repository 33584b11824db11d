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
}
