//! Sentence segmentation tuned for news prose: no break after "U.S.", "Mr."
//! or initials, nor inside names and titles ("Roe v. Wade", "c. 1491",
//! "Impulse! Records"), trailing citation markers stay with their sentence
//! (also `decade.[1]He`), and CJK full stops end sentences without a space.

use super::Span;

const TERMINATORS: &[char] = &['.', '!', '?', '…', '。', '！', '？', '‼', '⁇', '⁈', '⁉'];
const CJK_TERMINATORS: &[char] = &['。', '！', '？'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', '»', '」', '』', '›'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«', '「', '『', '¿', '¡'];

/// Words after which a period never ends a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "rev",
    "hon", "pres", "mt", "ft", "messrs", "mme", "mlle", "st", "e.g", "i.e", "vs", "cf", "approx",
    "ca", "viz", "al", "v",
];
/// Words after which a period ends a sentence only before a digit-free word:
/// `Jun. 2023`, `No. 5`, `pp. 12`.
const BEFORE_NUMBER: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "vol", "pp", "p", "fig", "art", "ch", "sec", "ed", "est", "op", "para",
    // Genealogy and dating: "b. 1950", "d. 1821", "c. 1491", "fl. 1200", "r. 1509".
    "b", "d", "c", "fl", "r",
];
/// Words that may end a sentence, but usually do not: break only when the
/// next word is a typical sentence opener.
const USUALLY_INNER: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "plc", "llc", "dept", "univ", "assn",
];
const OPENER_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "however",
    "his",
    "her",
    "their",
    "its",
    "there",
    "meanwhile",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "according",
    "since",
    "although",
    "despite",
    "some",
    "many",
    "most",
    "for",
    "with",
    "by",
    "from",
    "officials",
    "our",
    "you",
    "what",
    "why",
    "how",
    "who",
    "one",
    "two",
    "both",
    "each",
    "such",
    "then",
    "so",
    "yet",
    "also",
    "still",
];

/// Split `span` of `text` into sentence spans (trimmed). `markers` are the
/// citation markers inside the span, sorted by start.
pub fn split(text: &str, span: Span, markers: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let end = span.end;
    let mut start = skip_ws(text, span.start, end);
    let mut i = start;
    let mut marker_idx = 0;
    while i < end {
        // Never look for a break inside a marker.
        while marker_idx < markers.len() && markers[marker_idx].end <= i {
            marker_idx += 1;
        }
        if let Some(m) = markers.get(marker_idx) {
            if m.start <= i && i < m.end {
                i = m.end;
                continue;
            }
        }
        let Some(c) = text[i..end].chars().next() else {
            break;
        };
        let next_i = i + c.len_utf8();
        if !TERMINATORS.contains(&c) {
            i = next_i;
            continue;
        }
        match sentence_end(text, start, i, end, markers) {
            Some((sentence_end, next_start)) => {
                push(text, &mut out, start, sentence_end);
                start = next_start;
                i = next_start;
            }
            None => i = next_i,
        }
    }
    if start < end {
        push(text, &mut out, start, end);
    }
    out
}

fn push(text: &str, out: &mut Vec<Span>, start: usize, end: usize) {
    let slice = &text[start..end];
    let s = start + (slice.len() - slice.trim_start().len());
    let e = end - (slice.len() - slice.trim_end().len());
    if s < e {
        out.push(Span::new(s, e));
    }
}

fn skip_ws(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match text[i..end].chars().next() {
            Some(c) if c.is_whitespace() => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// Decide whether the terminator at `at` ends a sentence; if so, return where
/// the sentence ends (after closers and trailing markers) and where the next
/// one starts.
fn sentence_end(
    text: &str,
    start: usize,
    at: usize,
    end: usize,
    markers: &[Span],
) -> Option<(usize, usize)> {
    let term = text[at..].chars().next()?;
    let mut j = at + term.len_utf8();
    // Runs of terminators and closing quotes or brackets.
    while let Some(c) = text[j..end].chars().next() {
        if TERMINATORS.contains(&c) || CLOSERS.contains(&c) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing markers, also after a space: `tensions. [1]`.
    let mut took_marker = false;
    loop {
        let k = skip_inline_ws(text, j, end);
        // Markers are sorted by start: a binary search, not a scan per stop.
        let at = markers.partition_point(|m| m.start < k);
        match markers.get(at).filter(|m| m.start == k) {
            Some(m) => {
                j = m.end;
                took_marker = true;
            }
            None => break,
        }
    }
    if j >= end {
        return Some((end, end));
    }
    let next = text[j..end].chars().next()?;
    if next.is_whitespace() {
        let k = skip_ws(text, j, end);
        if k >= end {
            return Some((j, k));
        }
        let next_word = word_at(text, k, end);
        let starts = next_word.chars().next()?;
        let starts_sentence = starts.is_uppercase()
            || starts.is_ascii_digit()
            || OPENERS.contains(&starts)
            || (starts.is_alphabetic() && !starts.is_lowercase() && !starts.is_uppercase());
        if !starts_sentence {
            return None;
        }
        if term == '.' && !took_marker && abbreviation_holds(text, start, at, next_word) {
            return None;
        }
        if term == '!'
            && !took_marker
            && j == at + 1
            && exclamation_in_name(text, start, at, next_word)
        {
            return None;
        }
        return Some((j, k));
    }
    if CJK_TERMINATORS.contains(&term) {
        return Some((j, j));
    }
    if took_marker && next.is_uppercase() {
        return Some((j, j));
    }
    // "81 others.No group": a missing space between a lowercase word and a
    // capitalised one.
    if term == '.' && j == at + 1 && next.is_uppercase() {
        let prev_lower = text[start..at]
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase);
        let word = word_at(text, j, end);
        let rest_lower = word.chars().nth(1).is_some_and(char::is_lowercase);
        if prev_lower && rest_lower && !word.contains('.') {
            return Some((j, j));
        }
    }
    None
}

fn skip_inline_ws(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match text[i..end].chars().next() {
            Some(c) if c == ' ' || c == '\t' || c == '\u{a0}' => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// The word (letters, digits, apostrophes, periods) starting at `i`, without
/// a leading opener.
fn word_at(text: &str, i: usize, end: usize) -> &str {
    let slice = &text[i..end];
    let w_end = slice
        .char_indices()
        .find(|&(n, c)| n > 0 && (c.is_whitespace() || c == ',' || c == ';' || c == ':'))
        .map_or(slice.len(), |(n, _)| n);
    &slice[..w_end]
}

/// Where the last word of `before` starts, its periods included ("U.S.",
/// "K.O.").
fn last_token_start(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(n, c)| n + c.len_utf8())
}

/// Whether the period at `at` belongs to an abbreviation or an initial, so
/// that the sentence goes on.
fn abbreviation_holds(text: &str, start: usize, at: usize, next_word: &str) -> bool {
    let before = &text[start..at];
    let token_start = last_token_start(before);
    let token = &before[token_start..];
    if token.is_empty() {
        return false;
    }
    let lower = token.to_lowercase();
    let next_lower = next_word
        .trim_start_matches(OPENERS)
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let next_is_number = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    let mut chars = token.chars();
    // A single capital: an initial, "Antony J. Blinken". A single small
    // letter goes on to the lists below ("v.", "c. 1491").
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return true;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) {
        return next_is_number;
    }
    // Dotted acronyms: U.S., U.K., a.m.
    let dotted = token.contains('.')
        && token
            .split('.')
            .all(|part| part.chars().count() <= 2 && !part.is_empty());
    if dotted || USUALLY_INNER.contains(&lower.as_str()) {
        return !OPENER_WORDS.contains(&next_lower.as_str());
    }
    false
}

/// Whether the `!` at `at` is part of a name or title ("Shout! Factory",
/// "Impulse! Records", "Yahoo! News"): it follows a capitalised word that is
/// not the sentence's first, and the next word is capitalised but is not a
/// word that typically opens a sentence. "We won! The crowd cheered." and
/// "Paris! The city…" still break.
fn exclamation_in_name(text: &str, start: usize, at: usize, next_word: &str) -> bool {
    let before = &text[start..at];
    // The word may end in an abbreviation's period: "OK K.O.! Let's Be Heroes".
    let token_start = last_token_start(before);
    let token = &before[token_start..];
    let capitalised = token.chars().next().is_some_and(char::is_uppercase);
    // The word is the sentence's first when only openers precede it.
    let first = before[..token_start]
        .chars()
        .all(|c| c.is_whitespace() || OPENERS.contains(&c));
    if !capitalised || first {
        return false;
    }
    let next = next_word
        .trim_start_matches(OPENERS)
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    next.chars().next().is_some_and(char::is_uppercase)
        && !OPENER_WORDS.contains(&next.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::markers;

    fn sentences(text: &str) -> Vec<&str> {
        let span = Span::new(0, text.len());
        let marker_spans: Vec<Span> = markers::scan(text, span, &[])
            .into_iter()
            .map(|m| m.span)
            .collect();
        split(text, span, &marker_spans)
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    #[test]
    fn news_abbreviations_do_not_break() {
        assert_eq!(
            sentences("U.S. Secretary of State Antony J. Blinken met Mr. Wang. He left."),
            vec![
                "U.S. Secretary of State Antony J. Blinken met Mr. Wang.",
                "He left."
            ]
        );
        assert_eq!(
            sentences("Talks with the U.S. The meeting ended."),
            vec!["Talks with the U.S.", "The meeting ended."]
        );
        assert_eq!(
            sentences("Published 14 Jun. 2023 in print. Next."),
            vec!["Published 14 Jun. 2023 in print.", "Next."]
        );
    }

    #[test]
    fn markers_stay_with_their_sentence() {
        assert_eq!(
            sentences("It rose in 2018.[3] Next one.[1][2] Last"),
            vec!["It rose in 2018.[3]", "Next one.[1][2]", "Last"]
        );
        assert_eq!(
            sentences("over a decade.[1]He said so."),
            vec!["over a decade.[1]", "He said so."]
        );
        assert_eq!(
            sentences("tensions. [1] Then more."),
            vec!["tensions. [1]", "Then more."]
        );
    }

    #[test]
    fn quotes_numbers_and_cjk() {
        assert_eq!(
            sentences("He called it “candid talks.” Prices rose 3.5 percent. Really?"),
            vec![
                "He called it “candid talks.”",
                "Prices rose 3.5 percent.",
                "Really?"
            ]
        );
        assert_eq!(
            sentences("北京很大。上海也很大。"),
            vec!["北京很大。", "上海也很大。"]
        );
        assert_eq!(
            sentences("killing 6 people.No group claimed it."),
            vec!["killing 6 people.", "No group claimed it."]
        );
        assert_eq!(
            sentences("see example.com and Node.js here. ok then"),
            vec!["see example.com and Node.js here. ok then"]
        );
    }

    #[test]
    fn names_and_titles_do_not_break() {
        assert_eq!(
            sentences("In the 1980 case \"Godfrey v. Georgia\", the court ruled. Next."),
            vec![
                "In the 1980 case \"Godfrey v. Georgia\", the court ruled.",
                "Next."
            ]
        );
        assert_eq!(
            sentences("The panel dates from c. 1491–1510. Its frame is later."),
            vec!["The panel dates from c. 1491–1510.", "Its frame is later."]
        );
        assert_eq!(
            sentences("Ada Byron (b. 1815, d. 1852) wrote notes. They survive."),
            vec!["Ada Byron (b. 1815, d. 1852) wrote notes.", "They survive."]
        );
        assert_eq!(
            sentences("In 2017, Shout! Factory released it on Impulse! Records. Fans cheered."),
            vec![
                "In 2017, Shout! Factory released it on Impulse! Records.",
                "Fans cheered."
            ]
        );
        assert_eq!(
            sentences("The series OK K.O.! Let's Be Heroes premiered in 2017. It ran."),
            vec![
                "The series OK K.O.! Let's Be Heroes premiered in 2017.",
                "It ran."
            ]
        );
        // Exclamations still end sentences.
        assert_eq!(
            sentences("We won! The crowd cheered. Welcome to Paris! The city waits. Wow! Great."),
            vec![
                "We won!",
                "The crowd cheered.",
                "Welcome to Paris!",
                "The city waits.",
                "Wow!",
                "Great."
            ]
        );
        // A small letter that is not an abbreviation before a capital ends one.
        assert_eq!(
            sentences("He took vitamin c. The cold passed."),
            vec!["He took vitamin c.", "The cold passed."]
        );
    }

    #[test]
    fn non_ascii_and_crlf() {
        assert_eq!(
            sentences(
                "É. Zola wrote “J’accuse…!” in 1898. Łódź v. Kraków ended 2–1.\r\nSão Paulo grew."
            ),
            vec![
                "É. Zola wrote “J’accuse…!” in 1898.",
                "Łódź v. Kraków ended 2–1.",
                "São Paulo grew."
            ]
        );
        assert_eq!(
            sentences("It rose in 2018.[3]\r\nNext one.\r\n"),
            vec!["It rose in 2018.[3]", "Next one."]
        );
    }
}
