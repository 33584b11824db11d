//! The text a human diagnostic shows: the flagged sentence(s) around each
//! labelled span, wrapped at word boundaries to the terminal's width, with
//! the labels cut into one piece per row. Wrapping is done here rather than
//! with textwrap because every row must stay a byte range of the original
//! text (so marks land under exactly the flagged words), which textwrap's
//! `Cow` rows do not give.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use crate::source::{floor_char_boundary, Source};

/// How far around a span sentence boundaries are looked for.
const REACH: usize = 600;
/// By default, a place longer than this many rows shows its first and last rows, and
/// the rows where a label starts or ends, with an elision between.
pub const MAX_ROWS: usize = 4;
/// What an elided stretch shows.
pub const ELLIPSIS: &str = "…";

/// One row of the excerpt: `start..end` of the original text, or an elision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    /// The 1-based line shown in the gutter: on a line's first row only.
    pub line: Option<usize>,
    pub elision: bool,
    /// Where the row begins in [`Excerpt::text`].
    pub at: usize,
}

/// The rows, joined by `\n` into the text handed to miette.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    pub text: String,
    pub rows: Vec<Row>,
}

/// Display width of one character as miette counts it (a control
/// character is shown as a space).
pub fn char_width(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Display width of a string, as miette counts it.
pub fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Whether `s` is at most `limit` columns wide. Stops at the limit: one
/// line of a file can be megabytes long and hold thousands of findings,
/// and measuring all of it for each would make the report quadratic.
fn fits(s: &str, limit: usize) -> bool {
    let mut width = 0;
    s.chars().all(|c| {
        width += char_width(c);
        width <= limit
    })
}

/// A byte range clamped into `text` and onto character boundaries.
fn clamp(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = floor_char_boundary(text, start.min(text.len()));
    let mut end = end.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end)
}

/// The range shown around `start..end`: whole lines when they fit in two
/// rows, else the sentences containing the span (within [`REACH`]).
fn context(source: &Source, start: usize, end: usize, width: usize) -> (usize, usize) {
    let text = &source.text;
    let (first, _) = source.line_col(start);
    let (last, _) = source.line_col(end.saturating_sub(1).max(start));
    let (ls, _) = source.line_range(first);
    let (_, le) = source.line_range(last);
    let le = le.max(end.min(text.len()));
    if fits(&text[ls..le], 2 * width) {
        return (ls, le);
    }
    let ws = floor_char_boundary(text, ls.max(start.saturating_sub(REACH)));
    let we = floor_char_boundary(text, le.min(end + REACH)).max(end);
    // The sentence starts around the span, scanned from near it, and from
    // the window's start only when no boundary near it is certain.
    let near = floor_char_boundary(text, start.saturating_sub(NEAR)).max(ws);
    let (cs, ce, _) = Some(near)
        .filter(|&near| near > ws)
        .map(|near| sentence_starts(text, near, we, start, end))
        .filter(|&(_, _, certain)| certain)
        .unwrap_or_else(|| sentence_starts(text, ws, we, start, end));
    let mut cs = cs.unwrap_or(ws);
    let mut ce = ce.unwrap_or(we);
    // A short sentence in a line that fits in three rows (a reference
    // entry, a heading): the whole line says more.
    if str_width(&text[cs..ce]) < width / 2 && fits(&text[ls..le], 3 * width) {
        return (ls, le);
    }
    if cs == ws && ws > ls {
        // No sentence start in reach: begin after a space.
        if let Some(i) = text[ws..start].find(' ') {
            cs = ws + i + 1;
        }
    }
    if ce == we && we < le {
        if let Some(i) = text[end..we].rfind(' ') {
            ce = end + i;
        }
    }
    let trimmed = text[cs..ce].trim_end();
    (cs, (cs + trimmed.len()).max(end.min(ce.max(end))))
}

/// How far before a span the sentence scan starts first.
const NEAR: usize = 48;

/// Sentence starts in `from..we`, each moved out of a citation marker it
/// falls in (and `we`): the last at or before `start..end` and the first
/// after it; and whether the first is certain to be what a scan from any
/// earlier point finds. UAX 29 decides a boundary from the last four parts
/// of the text before it (a character, or a run of spaces or closing
/// marks), so a scan begun mid-text finds what one begun earlier finds once
/// four parts of its own are behind it; four ASCII letters or digits are
/// four parts. Such a boundary at or before the span makes the answer
/// certain: the boundaries before it cannot be the last.
fn sentence_starts(
    text: &str,
    from: usize,
    we: usize,
    start: usize,
    end: usize,
) -> (Option<usize>, Option<usize>, bool) {
    let mut cs: Option<usize> = None;
    let mut ce: Option<usize> = None;
    let mut take = |s: usize| {
        if s <= start {
            cs = cs.max(Some(s));
        }
        if s >= end && s > start {
            ce = Some(ce.map_or(s, |c| c.min(s)));
        }
        ce
    };
    // Where four parts of the scan's own text are behind.
    let settled = text[from..we]
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_alphanumeric())
        .nth(3)
        .map_or(we, |(i, _)| from + i + 1);
    let mut certain = false;
    // A start is never before its boundary, and boundaries come in order
    // whatever follows them, so once a boundary is past the first start
    // after the span, no later one can change either.
    for (i, _) in text[from..we].split_sentence_bound_indices() {
        let at = from + i;
        let moved = past_marker(text, at, we);
        certain |= at >= settled && moved == at && at <= start;
        if take(moved).is_some_and(|c| at > c) {
            break;
        }
    }
    take(we);
    (cs, ce, certain)
}

/// A sentence boundary that falls inside a citation marker (`…said.[2] In
/// May`, which UAX 29 cuts after the `[`) moved past the `]` and the spaces
/// after it, but not beyond `limit`.
fn past_marker(text: &str, at: usize, limit: usize) -> usize {
    let before = &text[floor_char_boundary(text, at.saturating_sub(16))..at];
    let Some(open) = before.rfind('[') else {
        return at;
    };
    if before[open..].contains(']') {
        return at;
    }
    let after = &text[at..floor_char_boundary(text, (at + 16).min(text.len()))];
    match after.find(']') {
        Some(close) if !after[..close].contains(' ') => {
            let end = at + close + 1;
            let spaces = text[end..].len() - text[end..].trim_start_matches(' ').len();
            (end + spaces).min(limit.max(at))
        }
        _ => at,
    }
}

/// `start..end` of one line cut into rows no wider than `width`, at
/// spaces, or inside a word that is itself too wide.
fn wrap(
    text: &str,
    start: usize,
    end: usize,
    width: usize,
    reserve: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row_start = start;
    let mut row_width = 0;
    // The last space in the row: where it can break.
    let mut last_space: Option<usize> = None;
    let mut i = start;
    for c in text[start..end].chars() {
        let w = char_width(c);
        // A labelled span too near the row's end for its message starts a
        // row of its own (with the word it is attached to), where there is
        // a space to break at.
        if let Some(&(_, need)) = reserve.iter().find(|r| r.0 == i) {
            if row_width + need > width && need < width {
                if let Some(sp) = last_space.filter(|&sp| sp > row_start) {
                    rows.push((row_start, sp));
                    row_start = sp + 1;
                    row_width = str_width(&text[row_start..i]);
                    last_space = None;
                }
            }
        }
        if row_width + w > width && i > row_start {
            if c == ' ' {
                rows.push((row_start, i));
                row_start = i;
                row_width = 0;
                last_space = None;
            } else if let Some(sp) = last_space {
                rows.push((row_start, sp));
                row_start = sp + 1;
                row_width = str_width(&text[row_start..i]);
                last_space = None;
            } else {
                rows.push((row_start, i));
                row_start = i;
                row_width = 0;
            }
        }
        if c == ' ' {
            if i == row_start && !rows.is_empty() {
                // A row never starts with the space it broke at.
                row_start = i + 1;
                i += 1;
                continue;
            }
            last_space = Some(i);
        }
        row_width += w;
        i += c.len_utf8();
    }
    if row_start < end || rows.is_empty() {
        rows.push((row_start, end));
    }
    // Rows end without their trailing spaces.
    rows.into_iter()
        .map(|(s, e)| (s, s + text[s..e].trim_end_matches(' ').len()))
        .collect()
}

/// The excerpt for `spans` (byte ranges into `source.text`), rows at most
/// `width` columns wide. `reserve` holds (byte, columns): a label starts
/// there and needs that many columns right of it for its message.
pub fn build(
    source: &Source,
    spans: &[(usize, usize)],
    width: usize,
    max_rows: usize,
    reserve: &[(usize, usize)],
) -> Excerpt {
    let text = &source.text;
    let mut contexts: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| {
            let (s, e) = clamp(text, s, e);
            context(source, s, e, width)
        })
        .collect();
    contexts.sort_unstable();
    let mut places: Vec<(usize, usize)> = Vec::new();
    for (s, e) in contexts {
        match places.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => places.push((s, e)),
        }
    }
    let mut excerpt = Excerpt::default();
    let mut previous_line = None;
    for (s, e) in places {
        let (first, _) = source.line_col(s);
        let (last, _) = source.line_col(e);
        if previous_line.is_some_and(|p: usize| first > p + 1 || first == p) {
            push_row(&mut excerpt, 0, 0, None, true);
        }
        let mut rows = Vec::new();
        for line in first..=last.max(first) {
            let (ls, le) = source.line_range(line);
            let (rs, re) = (ls.max(s), le.min(e));
            if rs > re || (rs == re && line != first) {
                continue;
            }
            for (i, (a, b)) in wrap(text, rs, re, width, reserve).into_iter().enumerate() {
                rows.push((a, b, (i == 0).then_some(line)));
            }
        }
        let keep = kept_rows(&rows, spans, max_rows);
        let mut skipped = false;
        for (i, &(a, b, line)) in rows.iter().enumerate() {
            if keep[i] {
                if skipped {
                    push_row(&mut excerpt, 0, 0, None, true);
                    skipped = false;
                }
                let line = line.or_else(|| {
                    // A line's number also heads its first row after an elision.
                    (i > 0 && !keep[i - 1]).then(|| source.line_col(a).0)
                });
                push_row(&mut excerpt, a, b, line, false);
                excerpt.text.push_str(&printable(&text[a..b]));
            } else {
                skipped = true;
            }
        }
        previous_line = Some(last);
    }
    if excerpt.text.ends_with('\n') {
        excerpt.text.pop();
    }
    excerpt
}

/// Which rows of a place are shown: all of a short place; of a long one,
/// the first and last rows and those where a span starts or ends (a gap
/// of one row is shown rather than elided).
fn kept_rows(
    rows: &[(usize, usize, Option<usize>)],
    spans: &[(usize, usize)],
    max_rows: usize,
) -> Vec<bool> {
    if rows.len() <= max_rows {
        return vec![true; rows.len()];
    }
    let mut keep: Vec<bool> = rows
        .iter()
        .enumerate()
        .map(|(i, &(a, b, _))| {
            i == 0
                || i + 1 == rows.len()
                || spans.iter().any(|&(s, e)| {
                    let e = e.max(s);
                    (s >= a && s <= b) || (e >= a && e <= b && e > s)
                })
        })
        .collect();
    for i in 1..keep.len().saturating_sub(1) {
        if !keep[i] && keep[i - 1] && keep[i + 1] {
            keep[i] = true;
        }
    }
    keep
}

/// Start a row (after a `\n` unless it is the first).
fn push_row(excerpt: &mut Excerpt, start: usize, end: usize, line: Option<usize>, elision: bool) {
    if !excerpt.rows.is_empty() {
        excerpt.text.push('\n');
    }
    let at = excerpt.text.len();
    excerpt.rows.push(Row {
        start,
        end,
        line,
        elision,
        at,
    });
    if elision {
        excerpt.text.push_str(ELLIPSIS);
    }
}

/// The text with each control character (tab, escape, lone CR) replaced by
/// spaces of the same byte length, so offsets still map one to one and
/// nothing reaches the terminal as a command.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                " ".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl Excerpt {
    /// `start..end` of the original text as pieces of the excerpt, one per
    /// shown row it touches (a zero-length span gives one empty piece).
    pub fn pieces(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for row in self.rows.iter().filter(|r| !r.elision) {
            if start == end {
                if start >= row.start && start <= row.end {
                    out.push((row.at + start - row.start, row.at + start - row.start));
                    break;
                }
                continue;
            }
            let (a, b) = (start.max(row.start), end.min(row.end));
            if a < b {
                out.push((row.at + a - row.start, row.at + b - row.start));
            }
        }
        out
    }

    /// The row that holds excerpt offset `at`.
    pub fn row_of(&self, at: usize) -> Option<&Row> {
        self.rows.iter().rev().find(|r| r.at <= at)
    }

    /// Display column of excerpt offset `at` within its row.
    pub fn column(&self, at: usize) -> usize {
        self.row_of(at)
            .map_or(0, |r| str_width(&self.text[r.at..at]))
    }

    /// The widest row.
    pub fn width(&self) -> usize {
        self.text.split('\n').map(str_width).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_agrees_with_the_width_it_stops_measuring_at() {
        for text in [
            "",
            "plain words",
            "“curly” café",
            "中文字符",
            "emoji 🎉🎉",
            "a\tb",
        ] {
            let w = str_width(text);
            assert!(fits(text, w), "{text:?}");
            assert_eq!(fits(text, w.saturating_sub(1)), w == 0, "{text:?}");
        }
        let long = "wide 中文 ".repeat(200_000);
        assert!(!fits(&long, 160));
        assert!(fits(&long, str_width(&long)));
    }

    #[test]
    fn a_scan_begun_near_the_span_finds_the_sentences_a_scan_of_the_window_finds() {
        let sentence = |i: usize| match i % 6 {
            5 => "In 1990 the U.S. government and its many allies agreed on a long list. ",
            0 => "The U.S. Army said so.[1] ",
            1 => "“Quoted,” he wrote (in 2019). ",
            2 => "Il a été élu à 75 ans… puis réélu! ",
            3 => "中文句子。第二句。 ",
            _ => "Prices rose 3.5% in Q1 [2, 4–6]; e.g. food. Emoji 🎉 too? ",
        };
        let text: String = (0..24).map(sentence).collect();
        let text = format!("Title\r\n{text}\n");
        let (ws, we) = (0, text.len());
        let mut compared = 0;
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            for len in [0, 1, 12, 90] {
                let end = floor_char_boundary(&text, (start + len).min(text.len()));
                let (start, end) = clamp(&text, start, end.max(start));
                let (cs, ce, _) = sentence_starts(&text, ws, we, start, end);
                let near = floor_char_boundary(&text, start.saturating_sub(NEAR));
                if let (ncs, nce, true) = sentence_starts(&text, near, we, start, end) {
                    assert_eq!((ncs, nce), (cs, ce), "{start}..{end}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 1500, "{compared}");
    }

    fn rows_of(text: &str, width: usize) -> Vec<&str> {
        wrap(text, 0, text.len(), width, &[])
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn a_labelled_span_near_the_end_of_a_row_starts_the_next() {
        let text = "a path toward a more predictable bilateral relationship.[4] Next";
        let at = text.find("[4]").unwrap();
        let rows: Vec<&str> = wrap(text, 0, text.len(), 60, &[(at, 12)])
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(
            rows,
            [
                "a path toward a more predictable bilateral",
                "relationship.[4] Next"
            ]
        );
        // With room for the message, the row is as before.
        assert_eq!(
            wrap(text, 0, text.len(), 60, &[(at, 2)]),
            wrap(text, 0, text.len(), 60, &[])
        );
    }

    #[test]
    fn rows_break_at_spaces_and_fit() {
        let text = "Blinken met “Wang Yi” in Beijing, 東京 and Zürich 🎉 on Sunday.";
        for width in 8..40 {
            let rows = rows_of(text, width);
            for r in &rows {
                assert!(str_width(r) <= width, "{width}: {r:?}");
                assert!(!r.starts_with(' ') && !r.ends_with(' '), "{r:?}");
            }
            // Nothing is lost but the spaces broken at.
            assert_eq!(rows.join(" "), text, "{width}");
        }
        // A word wider than the row is cut inside it, on a char boundary.
        assert_eq!(rows_of("東京東京東京", 4), ["東京", "東京", "東京"]);
    }

    #[test]
    fn a_long_paragraph_shows_its_first_and_last_rows() {
        let para = "word ".repeat(200);
        let text = format!("Intro.\n\n{}\n\nEnd.\n", para.trim_end());
        let source = Source::new("a.txt", text.clone());
        let start = 8;
        let end = 8 + para.trim_end().len();
        let ex = build(&source, &[(start, end)], 40, MAX_ROWS, &[]);
        assert!(ex.rows.len() <= MAX_ROWS + 1, "{:?}", ex.rows);
        assert!(ex.rows.iter().any(|r| r.elision));
        assert_eq!(ex.rows[0].line, Some(3));
        let pieces = ex.pieces(start, end);
        assert_eq!(pieces.len(), 2);
        assert!(ex.width() <= 40);
    }

    #[test]
    fn a_sentence_in_a_long_line_is_shown_alone() {
        let text = format!(
            "{} The quote “here it is” matters. {}\r\n",
            "First sentence goes on. ".repeat(10),
            "Later sentence goes on. ".repeat(10)
        );
        let source = Source::new("a.txt", text.clone());
        let s = text.find('“').unwrap();
        let e = text.find('”').unwrap() + '”'.len_utf8();
        let ex = build(&source, &[(s, e)], 30, MAX_ROWS, &[]);
        assert_eq!(
            ex.text.replace('\n', " "),
            "The quote “here it is” matters."
        );
        let p = ex.pieces(s, e);
        let shown: String = p.iter().map(|&(a, b)| &ex.text[a..b]).collect();
        assert_eq!(shown, "“here it is”");
    }
}
