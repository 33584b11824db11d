//! Citation markers: finding `[3]`, `[1, 4–6]`, `[1][2]` and `[^note]` in body
//! text, and telling them apart from `[sic]`, `[a]` and link text.

use std::sync::LazyLock;

use regex::Regex;

use super::{CitedItem, Document, MalformedMarker, MarkerContent, RefKey, Span};

/// A marker as found, before it is attached to a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub span: Span,
    pub content: MarkerContent,
}

/// Ranges wider than this are not expanded: `[1-99999]` is a typo, not 99,999 citations.
pub const MAX_RANGE: u64 = 1000;
/// Numbers above this cannot be reference numbers.
pub const MAX_NUMBER: u64 = 1_000_000_000;

static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]{0,80})\]").expect("static regex"));

const DASHES: &[char] = &['-', '–', '—', '‐', '‑', '−'];

/// Scan `span` of `text` for markers, skipping excluded ranges (code, HTML,
/// link targets).
pub fn scan(text: &str, span: Span, excluded: &[Span]) -> Vec<Found> {
    let slice = &text[span.range()];
    let mut out = Vec::new();
    for caps in BRACKETS.captures_iter(slice) {
        let Some(whole) = caps.get(0) else { continue };
        let Some(inner) = caps.get(1) else { continue };
        let start = span.start + whole.start();
        let end = span.start + whole.end();
        let marker_span = Span::new(start, end);
        if excluded.iter().any(|e| e.overlaps(marker_span)) {
            continue;
        }
        let after = &text[end..];
        // `[text](url)`, `[text][ref]` and `[label]: url` are links, not citations.
        if after.starts_with('(') || (after.starts_with(':') && is_line_start(text, start)) {
            continue;
        }
        if let Some(content) = classify(inner.as_str(), span.start + inner.start()) {
            out.push(Found {
                span: marker_span,
                content,
            });
        }
    }
    out
}

fn is_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace)
}

/// Read the inside of a bracket pair; `None` when it is not a citation at all.
pub fn classify(inner: &str, inner_start: usize) -> Option<MarkerContent> {
    if let Some(label) = inner.strip_prefix('^') {
        let label_trimmed = label.trim();
        if label_trimmed.is_empty() || label_trimmed.contains(char::is_whitespace) {
            return None;
        }
        return Some(MarkerContent::Footnote {
            label: label_trimmed.to_string(),
            span: Span::new(inner_start, inner_start + inner.len()),
        });
    }
    if inner.trim().is_empty() {
        return Some(MarkerContent::Malformed(MalformedMarker::Empty));
    }
    let citation_like = inner.chars().all(|c| {
        c.is_ascii_digit() || c.is_whitespace() || c == ',' || c == ';' || DASHES.contains(&c)
    });
    if !citation_like || !inner.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(parse_items(inner, inner_start))
}

fn parse_items(inner: &str, inner_start: usize) -> MarkerContent {
    // Sized exactly: a document holds one list per marker, and most hold
    // one number.
    let parts = 1 + inner.bytes().filter(|&b| b == b',' || b == b';').count();
    let mut items = Vec::with_capacity(parts);
    let mut offset = 0;
    for part in inner.split([',', ';']) {
        let part_start = offset;
        offset += part.len() + 1;
        let trimmed = part.trim();
        if trimmed.is_empty() {
            return MarkerContent::Malformed(MalformedMarker::Unreadable);
        }
        let lead = part.len() - part.trim_start().len();
        let item_span = Span::new(
            inner_start + part_start + lead,
            inner_start + part_start + lead + trimmed.len(),
        );
        let bounds: Vec<&str> = trimmed.split(DASHES).map(str::trim).collect();
        let numbers: Option<Vec<Result<u64, ()>>> = match bounds.as_slice() {
            [one] => Some(vec![parse_number(one)]),
            [a, b] => Some(vec![parse_number(a), parse_number(b)]),
            _ => None,
        };
        let Some(numbers) = numbers else {
            return MarkerContent::Malformed(MalformedMarker::Unreadable);
        };
        if bounds
            .iter()
            .any(|b| b.is_empty() || b.contains(char::is_whitespace))
        {
            return MarkerContent::Malformed(MalformedMarker::Unreadable);
        }
        let mut values = Vec::new();
        for n in numbers {
            match n {
                Ok(v) => values.push(v),
                Err(()) => {
                    return MarkerContent::Malformed(MalformedMarker::TooLarge { span: item_span })
                }
            }
        }
        let (first, last) = match values.as_slice() {
            [one] => (*one, *one),
            [a, b] => (*a, *b),
            _ => return MarkerContent::Malformed(MalformedMarker::Unreadable),
        };
        if last < first {
            return MarkerContent::Malformed(MalformedMarker::Reversed {
                first,
                last,
                span: item_span,
            });
        }
        if last - first > MAX_RANGE {
            return MarkerContent::Malformed(MalformedMarker::RangeTooWide {
                first,
                last,
                span: item_span,
            });
        }
        items.push(CitedItem {
            span: item_span,
            first,
            last,
        });
    }
    MarkerContent::Numbers(items)
}

fn parse_number(s: &str) -> Result<u64, ()> {
    match s.parse::<u64>() {
        Ok(n) if n <= MAX_NUMBER => Ok(n),
        _ => Err(()),
    }
}

/// A lone bracketed year such as `[2023]` that names no reference, in an
/// article whose references are numbered below 1000, is an editorial bracket,
/// not a citation: drop it. (Documented in `citecheck explain CC001`.)
pub fn drop_year_brackets(doc: &mut Document) {
    let max_ref = doc
        .references
        .iter()
        .filter_map(|r| match r.key {
            Some(RefKey::Number(n)) => Some(n),
            _ => None,
        })
        .max();
    if max_ref.is_some_and(|m| m >= 1000) {
        return;
    }
    let is_year = |content: &MarkerContent| match content {
        MarkerContent::Numbers(items) => match items.as_slice() {
            [item] => {
                item.first == item.last
                    && is_year_number(item.first)
                    && doc.reference(&RefKey::Number(item.first)).is_none()
            }
            _ => false,
        },
        _ => false,
    };
    let keep: Vec<bool> = doc.markers.iter().map(|m| !is_year(&m.content)).collect();
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut new_index = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &k in &keep {
        new_index.push(if k {
            next += 1;
            Some(next - 1)
        } else {
            None
        });
    }
    let mut i = 0;
    doc.markers.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    for sentence in &mut doc.sentences {
        sentence.markers = sentence
            .markers
            .iter()
            .filter_map(|&m| new_index[m])
            .collect();
    }
}

pub fn is_year_number(n: u64) -> bool {
    (1000..=2999).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<MarkerContent> {
        scan(text, Span::new(0, text.len()), &[])
            .into_iter()
            .map(|f| f.content)
            .collect()
    }

    fn numbers(text: &str) -> Vec<Vec<(u64, u64)>> {
        contents(text)
            .into_iter()
            .map(|c| match c {
                MarkerContent::Numbers(items) => items.iter().map(|i| (i.first, i.last)).collect(),
                other => panic!("not numbers: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn reads_numbers_lists_and_ranges() {
        assert_eq!(numbers("a [3] b"), vec![vec![(3, 3)]]);
        assert_eq!(numbers("a[1, 3]"), vec![vec![(1, 1), (3, 3)]]);
        assert_eq!(numbers("x[1,3-5]"), vec![vec![(1, 1), (3, 5)]]);
        assert_eq!(numbers("x [2–4]."), vec![vec![(2, 4)]]);
        assert_eq!(numbers("x.[1][2]"), vec![vec![(1, 1)], vec![(2, 2)]]);
    }

    #[test]
    fn ignores_non_citations() {
        assert!(
            contents("He [sic] said [citation needed] and [a] or [text](http://x) [b]: y")
                .is_empty()
        );
        assert!(contents("see [1](http://example.com)").is_empty());
    }

    #[test]
    fn flags_malformed() {
        assert_eq!(
            contents("a [] b"),
            vec![MarkerContent::Malformed(MalformedMarker::Empty)]
        );
        assert!(matches!(
            contents("a [5-2]")[0],
            MarkerContent::Malformed(MalformedMarker::Reversed {
                first: 5,
                last: 2,
                ..
            })
        ));
        assert!(matches!(
            contents("[99999999999999999999999]")[0],
            MarkerContent::Malformed(MalformedMarker::TooLarge { .. })
        ));
        assert!(matches!(
            contents("[1,,2]")[0],
            MarkerContent::Malformed(MalformedMarker::Unreadable)
        ));
        assert!(matches!(
            contents("[1-]")[0],
            MarkerContent::Malformed(MalformedMarker::Unreadable)
        ));
        assert!(matches!(
            contents("[1-5000]")[0],
            MarkerContent::Malformed(MalformedMarker::RangeTooWide { .. })
        ));
    }

    #[test]
    fn item_spans_point_at_the_numbers() {
        let text = "é [1, 12–14]";
        let found = scan(text, Span::new(0, text.len()), &[]);
        let MarkerContent::Numbers(items) = &found[0].content else {
            panic!()
        };
        assert_eq!(&text[found[0].span.range()], "[1, 12–14]");
        assert_eq!(&text[items[0].span.range()], "1");
        assert_eq!(&text[items[1].span.range()], "12–14");
    }

    #[test]
    fn footnotes() {
        assert!(matches!(
            &contents("text[^note]")[0],
            MarkerContent::Footnote { label, .. } if label == "note"
        ));
    }
}
