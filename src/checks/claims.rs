//! Shared by CC101 and CC102: which sentences a citation covers under the
//! `[claims] coverage` policy, and sentence text with its markers masked.

use crate::config::Coverage;
use crate::document::{BlockKind, Document, Span};
use std::borrow::Cow;

/// `auto` resolved: `sentence` for an article cited sentence by sentence,
/// `paragraph` otherwise. See `citecheck explain CC101` for the measure.
pub fn resolve(doc: &Document, coverage: Coverage) -> Coverage {
    match coverage {
        Coverage::Auto => {
            let total = doc.sentences.len();
            if total == 0 || answer_shaped(doc) {
                return Coverage::Sentence;
            }
            let cited = doc
                .sentences
                .iter()
                .filter(|s| !s.markers.is_empty())
                .count();
            let mut uncited = 0;
            let mut followed = 0;
            for p in &doc.paragraphs {
                // Walk backwards so "a marker later in the paragraph" is one flag.
                let mut later_marker = false;
                for s in doc.sentences[p.sentences.clone()].iter().rev() {
                    if s.markers.is_empty() {
                        uncited += 1;
                        if later_marker {
                            followed += 1;
                        }
                    } else {
                        later_marker = true;
                    }
                }
            }
            let cited_share = cited as f64 / total as f64;
            let followed_share = if uncited == 0 {
                0.0
            } else {
                followed as f64 / uncited as f64
            };
            // A handful of uncited sentences is too little evidence of a
            // paragraph convention.
            let paragraph_style =
                followed >= AUTO_MIN_FOLLOWED && followed_share >= AUTO_FOLLOWED_SHARE;
            if cited_share >= AUTO_CITED_SHARE && !paragraph_style {
                Coverage::Sentence
            } else {
                Coverage::Paragraph
            }
        }
        other => other,
    }
}

/// An answer rather than an article: body prose that cites, with no title and
/// no section headings, in at most [`ANSWER_MAX_PARAGRAPHS`] paragraphs. Generative
/// search and chat answers look like this and cite sentence by sentence; a
/// marker closing such a paragraph is no evidence of the Wikipedia
/// convention, whose articles have a title, sections and many paragraphs.
/// A short line after the last paragraph ("Is there anything else you would
/// like to know?") is laid out like a heading but heads no section.
pub fn answer_shaped(doc: &Document) -> bool {
    let outside_references = |span: crate::document::Span| {
        doc.reference_section.is_none_or(|r| !r.overlaps(span))
            && doc.reference_heading.is_none_or(|h| !h.overlaps(span))
    };
    let titled = doc.blocks.iter().enumerate().any(|(i, b)| {
        outside_references(b.span)
            && match b.kind {
                BlockKind::Headline => true,
                BlockKind::Heading => doc.blocks[i + 1..].iter().any(|later| {
                    later.kind == BlockKind::Paragraph && outside_references(later.span)
                }),
                _ => false,
            }
    });
    // Prose that cites nothing has not taken up the sentence-by-sentence
    // convention; it keeps the signal reading.
    let cites = !doc.markers.is_empty();
    cites && !titled && !doc.paragraphs.is_empty() && doc.paragraphs.len() <= ANSWER_MAX_PARAGRAPHS
}

/// The most paragraphs an answer-shaped text has.
pub const ANSWER_MAX_PARAGRAPHS: usize = 3;

/// `auto` picks `sentence` when at least this share of sentences carry a marker…
pub const AUTO_CITED_SHARE: f64 = 0.6;
/// …unless at least this share of the uncited ones have a marker later in
/// their paragraph (the Wikipedia convention of citing at the paragraph's end)…
pub const AUTO_FOLLOWED_SHARE: f64 = 0.5;
/// …and there are at least this many of them.
pub const AUTO_MIN_FOLLOWED: usize = 3;

/// For each sentence, whether a citation covers it.
pub fn covered(doc: &Document, coverage: Coverage) -> Vec<bool> {
    let mut out: Vec<bool> = doc
        .sentences
        .iter()
        .map(|s| !s.markers.is_empty())
        .collect();
    if resolve(doc, coverage) == Coverage::Paragraph {
        for p in &doc.paragraphs {
            let mut later_marker = false;
            for i in p.sentences.clone().rev() {
                if out[i] {
                    later_marker = true;
                }
                out[i] = later_marker;
            }
        }
    }
    out
}

/// Each excluded span (code, HTML comment, link target) with the sentences
/// it overlaps, as (sentence, span), in order of sentence.
pub fn excluded_by_sentence(doc: &Document) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    for &e in &doc.excluded {
        // Sentences are in text order and do not overlap.
        let first = doc.sentences.partition_point(|s| s.span.end <= e.start);
        for (i, s) in doc.sentences.iter().enumerate().skip(first) {
            if s.span.start >= e.end {
                break;
            }
            if e.overlaps(s.span) {
                out.push((i, e));
            }
        }
    }
    out.sort_by_key(|&(i, _)| i);
    out
}

/// Sentence `sentence`'s text with each marker and each of `excluded` (the
/// excluded spans that overlap it) replaced by spaces of the same byte
/// length, so offsets into it are offsets into the sentence. Borrowed when
/// there is nothing to blank.
pub fn masked<'t>(
    text: &'t str,
    doc: &Document,
    sentence: usize,
    excluded: impl Iterator<Item = Span>,
) -> Cow<'t, str> {
    let s = &doc.sentences[sentence];
    let own = text.get(s.span.range()).unwrap_or_default();
    let markers = s.markers.iter().map(|&m| doc.markers[m].span);
    let mut blanked = markers.chain(excluded).peekable();
    if blanked.peek().is_none() {
        return Cow::Borrowed(own);
    }
    let mut bytes = own.as_bytes().to_vec();
    for span in blanked {
        let span = Span::new(span.start.max(s.span.start), span.end.min(s.span.end));
        let (a, b) = (
            span.start.saturating_sub(s.span.start),
            span.end.saturating_sub(s.span.start),
        );
        let b = b.min(bytes.len());
        for byte in bytes.iter_mut().take(b).skip(a) {
            *byte = b' ';
        }
    }
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_excluded_span_is_listed_with_every_sentence_it_overlaps() {
        let text = "One `code [1]` here. Two <!-- a comment. That spans --> sentences.\n\n\
                    A [link](http://x/[3]) and `tail` end. 北京 `x`.[2]\n\n\
                    References\n1. A\n2. B\n";
        let doc = crate::document::parse_text(text, crate::source::Format::Markdown);
        assert!(doc.excluded.len() >= 4);
        let mut naive = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            for &e in &doc.excluded {
                if e.overlaps(s.span) {
                    naive.push((i, e));
                }
            }
        }
        let mut found = excluded_by_sentence(&doc);
        naive.sort_by_key(|&(i, e)| (i, e.start, e.end));
        found.sort_by_key(|&(i, e)| (i, e.start, e.end));
        assert_eq!(found, naive);
        // The comment spans two sentences.
        assert!(found
            .windows(2)
            .any(|w| w[0].1 == w[1].1 && w[0].0 != w[1].0));
    }
}
