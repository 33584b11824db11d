//! Passages of a source text and BM25 ranking over them: a page is split
//! into sentences, and overlapping windows of a few sentences are the units
//! a claim is matched against (CC501's "closest passage").

use std::collections::{HashMap, HashSet};

use super::words::StemCache;

/// Sentences per passage; windows overlap by all but one sentence.
pub const WINDOW: usize = 3;

/// One window of a source text.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Which source (index into the texts given to [`Index::new`]).
    pub source: usize,
    /// Byte range of the passage in its source text.
    pub start: usize,
    pub end: usize,
    /// Distinct content stems.
    pub stems: HashSet<String>,
    /// Content stems with repeats, for term frequencies.
    len: usize,
    tf: HashMap<String, usize>,
}

/// BM25 over the passages of several source texts.
#[derive(Debug, Default)]
pub struct Index {
    pub passages: Vec<Passage>,
    df: HashMap<String, usize>,
    avg_len: f64,
}

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Byte ranges of the sentences of a plain text: split after `.`, `!`, `?`
/// (and closing quotes) before whitespace, and at line breaks.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let at_break = b == b'\n'
            || (matches!(b, b'.' | b'!' | b'?')
                && text[i + 1..]
                    .trim_start_matches(['"', '\'', ')', '”', '’'])
                    .starts_with(char::is_whitespace));
        if at_break {
            let mut end = i + 1;
            if b != b'\n' {
                let rest = &text[end..];
                end += rest.len() - rest.trim_start_matches(['"', '\'', ')', '”', '’']).len();
            }
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

impl Index {
    /// Index every window of every text.
    pub fn new(texts: &[&str], stems: &mut StemCache) -> Index {
        let mut passages = Vec::new();
        for (source, text) in texts.iter().enumerate() {
            let sents = sentences(text);
            let words: Vec<Vec<String>> = sents
                .iter()
                .map(|&(a, b)| stems.content_words(&text[a..b]))
                .collect();
            let windows = sents.len().saturating_sub(WINDOW - 1).max(1);
            for w in 0..windows.min(sents.len()) {
                let last = (w + WINDOW).min(sents.len());
                let mut tf: HashMap<String, usize> = HashMap::new();
                let mut len = 0;
                for ws in &words[w..last] {
                    for s in ws {
                        *tf.entry(s.clone()).or_default() += 1;
                        len += 1;
                    }
                }
                passages.push(Passage {
                    source,
                    start: sents[w].0,
                    end: sents[last - 1].1,
                    stems: tf.keys().cloned().collect(),
                    len,
                    tf,
                });
            }
        }
        let mut df: HashMap<String, usize> = HashMap::new();
        for p in &passages {
            for s in &p.stems {
                *df.entry(s.clone()).or_default() += 1;
            }
        }
        let avg_len = if passages.is_empty() {
            0.0
        } else {
            passages.iter().map(|p| p.len as f64).sum::<f64>() / passages.len() as f64
        };
        Index {
            passages,
            df,
            avg_len,
        }
    }

    /// The passage with the highest BM25 score for these query stems.
    pub fn best(&self, query: &HashSet<String>) -> Option<(&Passage, f64)> {
        let mut best: Option<(&Passage, f64)> = None;
        for p in &self.passages {
            let score = self.score(p, query);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((p, score));
            }
        }
        best
    }

    fn score(&self, p: &Passage, query: &HashSet<String>) -> f64 {
        let n = self.passages.len() as f64;
        let mut score = 0.0;
        for q in query {
            let Some(&tf) = p.tf.get(q) else { continue };
            let df = self.df.get(q).copied().unwrap_or(0) as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            let tf = tf as f64;
            let norm = 1.0 - B + B * p.len as f64 / self.avg_len.max(1.0);
            score += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
        }
        score
    }
}

impl Index {
    /// The passage that shares the most query stems, and how many; ties go
    /// to the higher BM25 score.
    pub fn most_shared(&self, query: &HashSet<String>) -> Option<(&Passage, usize)> {
        let mut best: Option<(&Passage, usize, f64)> = None;
        for p in &self.passages {
            let shared = query.iter().filter(|q| p.tf.contains_key(*q)).count();
            if best.is_none_or(|(_, s, _)| shared >= s) {
                let score = self.score(p, query);
                if best.is_none_or(|(_, s, b)| shared > s || score > b) {
                    best = Some((p, shared, score));
                }
            }
        }
        best.map(|(p, s, _)| (p, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_stops_and_lines() {
        let t = "He said “no.” Then left! Über 3.5 km.\nNext line";
        let s: Vec<&str> = sentences(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            vec!["He said “no.”", "Then left!", "Über 3.5 km.", "Next line"]
        );
    }

    #[test]
    fn best_passage_is_the_one_about_the_query() {
        let page = "The weather was fine. Markets rose on Monday. \
                    A warship came within 150 yards of the destroyer. \
                    The navy called it unsafe. Sports results follow. \
                    The team won. Fans cheered. Tickets sold out.";
        let mut cache = StemCache::default();
        let index = Index::new(&[page], &mut cache);
        let q: HashSet<String> = cache
            .content_words("warship yards destroyer unsafe")
            .into_iter()
            .collect();
        let (p, _) = index.best(&q).unwrap();
        assert!(page[p.start..p.end].contains("150 yards"));
        assert!(page[p.start..p.end].contains("unsafe"));
    }
}
