//! Human output: miette's graphical handler (or its screen-reader layout),
//! shown an excerpt rather than the file. Prose keeps a paragraph on one
//! line, so miette reading the source itself would print rows of hundreds
//! of columns; instead [`excerpt`] cuts the flagged sentences into rows that
//! fit the width, and miette draws those rows through a [`SourceCode`] whose
//! spans are excerpt offsets, while its header keeps the original
//! `line:column`. miette numbers every row as a line, so the gutter is
//! rewritten afterwards to show each source line's number on its first row
//! only. The screen-reader layout prints the excerpt with the real columns
//! itself, since miette would count them from the excerpt.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};

use super::excerpt::{self, str_width, Excerpt};
use super::format::Emit;
use super::stream::Totals;
use super::{Diagnostic, FileReport, Report, Severity, Summary};
use crate::source::Source;

/// How to draw: chosen by the caller from `--color`, `NO_COLOR`,
/// `FORCE_COLOR`, `TERM` and whether stdout is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    /// File paths as OSC 8 hyperlinks (only where the terminal supports them).
    pub links: bool,
    /// Columns no output line may exceed.
    pub width: usize,
    /// miette's screen-reader layout instead of the graphical one.
    pub narrated: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            unicode: false,
            links: false,
            width: 100,
            narrated: false,
        }
    }
}

/// Rows a narrated place keeps before it is elided.
const NARRATED_ROWS: usize = 12;

/// Narrower than this, output is drawn at this width anyway.
const MIN_WIDTH: usize = 30;

/// The excerpt as miette's source: a context read gets every row, a read of
/// a single span (miette's header) gets the diagnostic's own position.
struct Snippet<'a> {
    name: String,
    excerpt: &'a Excerpt,
    /// 0-based line miette numbers the first row with.
    base: usize,
    /// 0-based line and column of the diagnostic's start in the original.
    at: (usize, usize),
}

impl SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &self.excerpt.text;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        if before == 0 && after == 0 {
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &text.as_bytes()[start..end],
                *span,
                self.at.0,
                self.at.1,
                1,
            )));
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            text.as_bytes(),
            SourceSpan::new(0.into(), text.len()),
            self.base,
            0,
            self.excerpt.rows.len(),
        )))
    }
}

struct View<'a> {
    d: &'a Diagnostic,
    help: Option<String>,
    snippet: Option<Snippet<'a>>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{} {}", self.d.code, self.d.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.snippet.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn theme(style: Style) -> GraphicalTheme {
    let mut theme = match (style.unicode, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => {
            let mut t = GraphicalTheme::unicode();
            t.characters = miette::ThemeCharacters::ascii();
            t
        }
        (false, false) => GraphicalTheme::none(),
    };
    // A label is drawn in several pieces, one per row: one colour for all,
    // not a new colour per piece.
    if let Some(first) = theme.styles.highlights.first().copied() {
        theme.styles.highlights = vec![first];
    }
    theme
}

/// Words for wrapping prose: split at spaces, except inside a short
/// quotation, so a quoted name is never cut across rows.
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    const QUOTE_MAX: usize = 40;
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote_open: Option<usize> = None;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let c = match line[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        match c {
            '“' | '«' | '„' => quote_open = Some(i),
            '”' | '»' => quote_open = None,
            '"' => {
                quote_open = match quote_open {
                    Some(_) => None,
                    None if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'(' => Some(i),
                    None => None,
                }
            }
            _ => {}
        }
        if quote_open.is_some_and(|q| i - q > QUOTE_MAX) {
            quote_open = None;
        }
        if c == ' ' && quote_open.is_none() {
            let mut j = i;
            while j < line.len() && bytes[j] == b' ' {
                j += 1;
            }
            out.push(textwrap::core::Word::from(&line[start..j]));
            start = j;
            i = j;
            continue;
        }
        i += c.len_utf8();
    }
    if start < line.len() {
        out.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(out.into_iter())
}

/// One piece of a label on one row: excerpt offsets, the label it belongs
/// to, and whether its message is drawn here.
#[derive(Debug, Clone)]
struct Run {
    label: usize,
    start: usize,
    end: usize,
    /// The message as drawn here (rows joined by `\n`), on one run per label.
    message: Option<String>,
}

/// The labels cut at rows and at each other (on a row, a shorter label
/// wins over a longer one it lies in, so each word has one mark), then
/// each message placed where it fits.
fn runs(d: &Diagnostic, ex: &Excerpt, width: usize) -> (Vec<Run>, Vec<usize>) {
    let pieces: Vec<Vec<(usize, usize)>> = d
        .labels
        .iter()
        .map(|l| ex.pieces(l.span.start, l.span.end))
        .collect();
    let mut rows: Vec<Vec<Run>> = Vec::new();
    for row in ex.rows.iter().filter(|r| !r.elision) {
        let (lo, hi) = (row.at, row.at + (row.end - row.start));
        let mut mine: Vec<(usize, usize, usize)> = Vec::new();
        for (li, ps) in pieces.iter().enumerate() {
            for &(a, b) in ps {
                if a >= lo && b <= hi && !(a == b && mine.iter().any(|m| m.1 == a)) {
                    mine.push((li, a, b));
                }
            }
        }
        let mut cuts: Vec<usize> = mine.iter().flat_map(|&(_, a, b)| [a, b]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut row_runs: Vec<Run> = Vec::new();
        for w in cuts.windows(2) {
            let (x, y) = (w[0], w[1]);
            let owner = mine
                .iter()
                .filter(|&&(_, a, b)| a <= x && b >= y && a < b)
                .min_by_key(|&&(_, a, b)| b - a)
                .map(|m| m.0);
            if let Some(li) = owner {
                match row_runs.last_mut() {
                    Some(last) if last.label == li && last.end == x => last.end = y,
                    _ => row_runs.push(Run {
                        label: li,
                        start: x,
                        end: y,
                        message: None,
                    }),
                }
            }
        }
        for &(li, a, b) in &mine {
            if a == b {
                row_runs.push(Run {
                    label: li,
                    start: a,
                    end: a,
                    message: None,
                });
            }
        }
        row_runs.sort_by_key(|r| (r.start, r.end));
        rows.push(row_runs);
    }
    // Place messages: labels with the fewest pieces first; a message goes
    // on a run only if every run left of it on that row carries a message
    // too (miette draws a stem under each run left of a message).
    let mut order: Vec<usize> = (0..d.labels.len()).collect();
    order.sort_by_key(|&li| (pieces[li].len(), li));
    let mut placed = vec![false; d.labels.len()];
    for &li in &order {
        if placed[li] || pieces[li].is_empty() {
            continue;
        }
        'candidates: for row in rows.iter_mut() {
            for k in 0..row.len() {
                if row[k].label != li {
                    continue;
                }
                let mut trial = row.clone();
                let mut newly = Vec::new();
                let (mut j, mut k) = (0, k);
                while j <= k {
                    if trial[j].message.is_some() {
                        j += 1;
                        continue;
                    }
                    let lj = trial[j].label;
                    if placed[lj] && lj != li || newly.contains(&lj) {
                        continue 'candidates;
                    }
                    let before = trial.len();
                    if !fit(&mut trial, j, ex, &d.labels[lj].message, width) {
                        continue 'candidates;
                    }
                    if trial.len() > before && j < k {
                        // The run was split: the target moved one right.
                        k += 1;
                    }
                    newly.push(lj);
                    j += 1;
                }
                *row = trial;
                for lj in newly {
                    placed[lj] = true;
                }
                break 'candidates;
            }
        }
    }
    let unplaced = (0..d.labels.len())
        .filter(|&li| !placed[li] && !d.labels[li].message.is_empty())
        .collect();
    (rows.into_iter().flatten().collect(), unplaced)
}

/// The message laid out right of a stem at column `stem`: on one line, or
/// wrapped at spaces when there is room for its longest word.
fn laid_out(message: &str, stem: usize, width: usize) -> Option<String> {
    let room = width.checked_sub(stem + 4)?;
    if str_width(message) <= room {
        return Some(message.to_string());
    }
    let longest = words(message).map(|w| str_width(w.word)).max().unwrap_or(0);
    if room < 8 || longest > room {
        return None;
    }
    let options = textwrap::Options::new(room)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::Custom(words))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let rows = textwrap::wrap(message, options);
    (rows.len() <= 3).then(|| rows.join("\n"))
}

/// Give `runs[j]` its message if the message fits right of its stem; a
/// run too far right keeps the stem at its first character instead.
fn fit(runs: &mut Vec<Run>, j: usize, ex: &Excerpt, message: &str, width: usize) -> bool {
    let run = runs[j].clone();
    let start = ex.column(run.start);
    let end = if run.end == run.start {
        start + 1
    } else {
        ex.column(run.end).max(start + 1)
    };
    if let Some(m) = laid_out(message, (start + end) / 2, width) {
        runs[j].message = Some(m);
        return true;
    }
    let first = ex.text[run.start..run.end]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    if first < run.end - run.start {
        let cw = ex.column(run.start + first) - start;
        if let Some(m) = laid_out(message, start + cw.max(1) / 2, width) {
            runs[j].end = run.start + first;
            runs[j].message = Some(m);
            runs.insert(
                j + 1,
                Run {
                    label: run.label,
                    start: run.start + first,
                    end: run.end,
                    message: None,
                },
            );
            return true;
        }
    }
    false
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

/// The gutter miette drew, with each row's made-up number replaced by the
/// source line's number on a line's first row and blanks elsewhere.
fn renumber(out: &str, ex: &Excerpt, base: usize, w: usize) -> String {
    let mut rows = ex.rows.iter().enumerate().peekable();
    let mut result = String::with_capacity(out.len());
    for line in out.split_inclusive('\n') {
        if let Some(&(i, row)) = rows.peek() {
            let made_up = format!("{:>w$}", base + i + 1);
            let at = after_blanks(line);
            if line[at..].starts_with(&made_up) {
                let real = row.line.map_or(String::new(), |n| n.to_string());
                result.push_str(&line[..at]);
                result.push_str(&format!("{real:>w$}"));
                result.push_str(&line[at + made_up.len()..]);
                rows.next();
                continue;
            }
        }
        result.push_str(line);
    }
    result
}

/// Where a line's text starts after its leading spaces and colour codes.
fn after_blanks(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            0x1b if bytes.get(i + 1) == Some(&b'[') => {
                i += 2;
                while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                    i += 1;
                }
                i += 1;
            }
            _ => break,
        }
    }
    i.min(line.len())
}

/// Text without ANSI colour (CSI) and OSC sequences.
pub fn strip_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The path, as an OSC 8 link to the file when links are on.
fn linked_path(path: &str, style: Style, room: usize) -> String {
    let shown = fitted_path(path, room);
    if !style.links || path == "-" || path.starts_with('<') {
        return shown;
    }
    let absolute = std::path::absolute(path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.to_string());
    let url = format!("file://{}", absolute.replace(' ', "%20"));
    format!("\u{1b}]8;;{url}\u{1b}\\{shown}\u{1b}]8;;\u{1b}\\")
}

/// `path` in at most `room` columns: whole when it fits, else as many of
/// its last components as fit after `…/` (the file name at least, cut from
/// the left when even that is too wide). The link, where there is one,
/// still holds the whole path.
fn fitted_path(path: &str, room: usize) -> String {
    if str_width(path) <= room {
        return path.to_string();
    }
    let sep = |c: char| c == '/' || c == std::path::MAIN_SEPARATOR;
    let mut tail = path.len();
    for (i, _) in path.rmatch_indices(sep) {
        if str_width(&path[i + 1..]) + 2 > room {
            break;
        }
        tail = i + 1;
    }
    if tail < path.len() {
        return format!("…/{}", &path[tail..]);
    }
    let start = path
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| str_width(&path[i..]) < room.max(2))
        .unwrap_or(path.len());
    format!("…{}", &path[start..])
}

/// The help text, with label messages that found no room under their
/// words added after it, each with the words it is about.
fn help_with(source: &Source, d: &Diagnostic, unplaced: &[usize]) -> Option<String> {
    const QUOTED: usize = 40;
    let mut help = d.help.as_deref().map(str::to_string);
    for &li in unplaced {
        let l = &d.labels[li];
        let text = source.text.get(l.span.start..l.span.end).unwrap_or("");
        let text = one_line(text);
        let quoted = match text.char_indices().nth(QUOTED) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text,
        };
        let note = format!("{}: “{quoted}”", l.message);
        help = Some(match help {
            Some(h) => format!("{h}\n{note}"),
            None => note,
        });
    }
    help
}

/// Whether a character must be shown rather than sent to the terminal:
/// control characters other than line breaks and tabs (an escape starts a
/// command), and the bidirectional overrides that reorder what is shown.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Text from outside (a page's title, a quoted passage, a file name) with
/// each hostile character written as its escape (`\u{1b}`), so a page cannot
/// send escape sequences to the terminal, whatever `--color` says.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| {
            if is_hostile(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The diagnostic with every string it shows escaped (see
/// [`escape_controls`]); borrowed when there is nothing to escape.
fn escaped(d: &Diagnostic) -> std::borrow::Cow<'_, Diagnostic> {
    let clean = |t: &str| !t.chars().any(is_hostile);
    if clean(&d.message)
        && d.help.as_deref().is_none_or(clean)
        && d.labels.iter().all(|l| clean(&l.message))
    {
        return std::borrow::Cow::Borrowed(d);
    }
    let mut d = d.clone();
    d.message = escape_controls(&d.message).into_owned();
    d.help = d.help.map(|h| escape_controls(&h).into_owned().into());
    for l in &mut d.labels {
        l.message = escape_controls(&l.message).into_owned().into();
    }
    std::borrow::Cow::Owned(d)
}

/// Render one diagnostic against its source.
pub fn render_diagnostic(source: &Source, d: &Diagnostic, style: Style) -> String {
    let d = &*escaped(d);
    let style = Style {
        width: style.width.max(MIN_WIDTH),
        ..style
    };
    let mut out = String::new();
    let result = if style.narrated {
        narrated(source, d, style, &mut out)
    } else {
        graphical(source, d, style, &mut out)
    };
    if result.is_err() {
        out = format!(
            "{}:{}: {}[{}] {}\n",
            source.path,
            source.line_col(d.span.start).0,
            d.severity.as_str(),
            d.code,
            one_line(&d.message)
        );
    }
    out
}

/// The spans a diagnostic shows: its labels, or its own span.
fn spans_of(d: &Diagnostic) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = d
        .labels
        .iter()
        .map(|l| (l.span.start, l.span.end))
        .collect();
    if spans.is_empty() {
        spans.push((d.span.start, d.span.end));
    }
    spans
}

fn handler(style: Style) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(theme(style))
        .with_width(style.width)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::Custom(words))
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

fn graphical(source: &Source, d: &Diagnostic, style: Style, out: &mut String) -> fmt::Result {
    let spans = spans_of(d);
    let (line, col) = source.line_col(d.span.start);
    // The gutter is " N │ ": its width depends on the numbers shown, which
    // depend on the rows, which depend on the room the gutter leaves.
    let mut w = digits(
        spans
            .iter()
            .map(|s| source.line_col(s.1).0)
            .max()
            .unwrap_or(line),
    );
    // Room for each label's message right of its stem: on one row, or on
    // up to three (see `laid_out`).
    let reserve: Vec<(usize, usize)> = d
        .labels
        .iter()
        .filter(|l| !l.message.is_empty())
        .map(|l| {
            let total = str_width(&l.message);
            let longest = words(&l.message)
                .map(|w| str_width(w.word))
                .max()
                .unwrap_or(0);
            (l.span.start, total.min(longest.max(total / 3 + 1)) + 5)
        })
        .collect();
    let (ex, base) = loop {
        let room = style.width.saturating_sub(w + 4).max(10);
        let ex = excerpt::build(source, &spans, room, excerpt::MAX_ROWS, &reserve);
        let base = 10usize.pow(w as u32 - 1) - 1;
        let shown = ex.rows.iter().filter_map(|r| r.line).max().unwrap_or(1);
        if base + ex.rows.len() < 10usize.pow(w as u32) && digits(shown) <= w {
            break (ex, base);
        }
        w += 1;
    };
    let room = style.width.saturating_sub(w + 4).max(10);
    let (runs, unplaced) = runs(d, &ex, room);
    let primary = runs
        .iter()
        .position(|r| r.label == 0 && r.message.is_some())
        .or_else(|| runs.iter().position(|r| r.label == 0));
    let labels = runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let message = r.message.clone();
            let span = SourceSpan::new(r.start.into(), r.end - r.start);
            if Some(i) == primary {
                LabeledSpan::new_primary_with_span(message, span)
            } else {
                LabeledSpan::new_with_span(message, span)
            }
        })
        .collect();
    let view = View {
        d,
        help: help_with(source, d, &unplaced),
        snippet: Some(Snippet {
            // " N ╭─[" before the name, ":L:C]" after it.
            name: linked_path(
                &source.path,
                style,
                style
                    .width
                    .saturating_sub(w + 5 + format!(":{line}:{col}]").len())
                    .max(MIN_WIDTH / 2),
            ),
            excerpt: &ex,
            base,
            at: (line - 1, col - 1),
        }),
        labels,
    };
    let mut drawn = String::new();
    handler(style).render_report(&mut drawn, &view)?;
    out.push_str(&renumber(&drawn, &ex, base, w));
    Ok(())
}

/// The screen-reader layout: miette's, with the snippet written here so
/// that its lines fit and its columns are the original ones.
fn narrated(source: &Source, d: &Diagnostic, style: Style, out: &mut String) -> fmt::Result {
    let view = View {
        d,
        help: d.help.as_deref().map(str::to_string),
        snippet: None,
        labels: Vec::new(),
    };
    let mut text = String::new();
    NarratableReportHandler::new().render_report(&mut text, &view)?;
    let spans = spans_of(d);
    let (line, col) = source.line_col(d.span.start);
    let last = spans
        .iter()
        .map(|s| source.line_col(s.1).0)
        .max()
        .unwrap_or(line);
    let prefix = format!("snippet line {last}: ").len();
    // Read aloud, the whole flagged sentence is worth hearing: elide only
    // what is longer than a screenful.
    let ex = excerpt::build(
        source,
        &spans,
        style.width.saturating_sub(prefix).max(10),
        NARRATED_ROWS,
        &[],
    );
    let mut snippet = fill(
        &format!(
            "Begin snippet for {} starting at line {line}, column {col}",
            source.path
        ),
        style.width,
        4,
    );
    snippet.push_str("\n\n");
    for row in &ex.rows {
        let shown = &ex.text[row.at
            ..row.at
                + if row.elision {
                    excerpt::ELLIPSIS.len()
                } else {
                    row.end - row.start
                }];
        match row.line {
            Some(n) => snippet.push_str(&format!("snippet line {n}: {shown}\n")),
            None => snippet.push_str(&format!("{:prefix$}{shown}\n", "")),
        }
    }
    for l in &d.labels {
        let (l1, c1) = source.line_col(l.span.start);
        let (l2, c2) = source.line_col(l.span.end);
        let c2 = if l.span.end > l.span.start {
            c2 - 1
        } else {
            c2
        };
        let place = if l1 == l2 && c1 == c2 {
            format!("line {l1}, column {c1}")
        } else if l1 == l2 {
            format!("line {l1}, columns {c1} to {c2}")
        } else {
            format!("line {l1}, column {c1} to line {l2}, column {c2}")
        };
        let label = format!("    label at {place}: {}", one_line(&l.message));
        snippet.push_str(&fill(&label, style.width, 8));
        snippet.push('\n');
    }
    let mut inserted = false;
    for piece in text.split_inclusive('\n') {
        if piece.trim_end().is_empty() {
            continue;
        }
        let indent = piece.len() - piece.trim_start().len();
        out.push_str(&fill(piece.trim_end(), style.width, indent + 4));
        out.push('\n');
        if !inserted && piece.trim_start().starts_with("Diagnostic severity") {
            out.push_str(&snippet);
            inserted = true;
        }
    }
    if !inserted {
        out.push_str(&snippet);
    }
    Ok(())
}

/// A line wrapped to `width` at spaces, later rows indented by `indent`.
fn fill(line: &str, width: usize, indent: usize) -> String {
    if str_width(line) <= width {
        return line.to_string();
    }
    let pad = " ".repeat(indent.min(width / 2));
    let options = textwrap::Options::new(width)
        .subsequent_indent(&pad)
        .word_separator(textwrap::WordSeparator::Custom(words))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(line, options)
}

/// A line for standard error (`warning: …`, `note: …`) wrapped to `width`
/// at spaces, later rows under the text after its `kind: ` prefix.
pub fn fill_notice(line: &str, width: usize) -> String {
    let indent = line
        .find(": ")
        .map(|i| i + 2)
        .filter(|&i| i <= 12)
        .unwrap_or(2);
    fill(line, width.max(20), indent)
}

/// A message on one line: newlines and runs of spaces become one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The human emitter: each file's diagnostics, and a closing summary line
/// unless `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Human {
    style: Style,
    summary: bool,
}

impl Human {
    pub fn new(style: Style, summary: bool) -> Human {
        Human { style, summary }
    }
}

impl Emit for Human {
    fn file(&mut self, f: &FileReport) -> String {
        render_file(f, self.style)
    }

    fn write_file(&mut self, f: &FileReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        each_part(f, self.style, |part| w.write_all(part.as_bytes()))
    }

    fn finish(&mut self, totals: &Totals) -> String {
        if self.summary {
            closing(totals, self.style)
        } else {
            String::new()
        }
    }
}

/// The closing summary and, when something was found, where to read about
/// the rule found most, wrapped to the width.
pub fn closing(totals: &Totals, style: Style) -> String {
    let width = style.width.max(MIN_WIDTH);
    let mut out = String::new();
    let line = summary_text(totals.summary, totals.failures.len());
    out.push_str(&fill(line.trim_end(), width, 0));
    out.push('\n');
    if let Some((_, code, _)) = totals.rule_counts().first() {
        let hint = format!(
            "Run `citecheck explain {code}` (or any code above) for what a rule checks and how to fix what it finds."
        );
        out.push_str(&fill(&hint, width, 0));
        out.push('\n');
    }
    if let Some(hint) = fix_hint(totals.fixable, totals.unsafe_fixable) {
        out.push_str(&fill(&hint, width, 0));
        out.push('\n');
    }
    out
}

/// How many findings `--fix` (and `--unsafe-fixes`) would fix, as ruff says
/// it.
fn fix_hint(safe: usize, unsafe_: usize) -> Option<String> {
    let findings = |n| plural(n, "finding", "findings");
    match (safe, unsafe_) {
        (0, 0) => None,
        (0, u) => Some(format!(
            "{} can be fixed with `--fix --unsafe-fixes` (see the change first with `--diff --unsafe-fixes`).",
            findings(u)
        )),
        (s, 0) => Some(format!("{} can be fixed with `--fix`.", findings(s))),
        (s, u) => Some(format!(
            "{} can be fixed with `--fix` ({u} more with `--unsafe-fixes`).",
            findings(s)
        )),
    }
}

/// All diagnostics of a report, files in order, then unreadable files.
pub fn render(report: &Report, style: Style) -> String {
    report.files.iter().map(|f| render_file(f, style)).collect()
}

/// The diagnostics of one file, after its read error if it had one.
pub fn render_file(f: &FileReport, style: Style) -> String {
    let mut out = String::new();
    let drawn = each_part(f, style, |part| {
        out.push_str(part);
        Ok::<(), std::convert::Infallible>(())
    });
    match drawn {
        Ok(()) => out,
        Err(never) => match never {},
    }
}

/// [`render_file`]'s text, handed to `put` a finding at a time: a file
/// with tens of thousands of findings is written as it is drawn rather
/// than held whole (36 MB for the real corpus as one file).
fn each_part<E>(
    f: &FileReport,
    style: Style,
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    if let Some(error) = &f.error {
        put(&format!(
            "error: {}: {}\n\n",
            escape_controls(&f.source.path),
            escape_controls(error)
        ))?;
    }
    if !f.diagnostics.is_empty() {
        put(&file_header(f, style))?;
    }
    for d in &f.diagnostics {
        put(&render_diagnostic(&f.source, d, style))?;
        put("\n")?;
    }
    Ok(())
}

/// The line above a file's findings: its path and what was found in it.
fn file_header(f: &FileReport, style: Style) -> String {
    let mut counts = [0usize; 3];
    for d in &f.diagnostics {
        counts[d.severity as usize] += 1;
    }
    let parts: Vec<String> = [
        (counts[2], "error", "errors"),
        (counts[1], "warning", "warnings"),
        (counts[0], "info", "infos"),
    ]
    .into_iter()
    .filter(|p| p.0 > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    let room = style.width.max(MIN_WIDTH) - 1;
    let path = if style.color {
        format!(
            "\u{1b}[1m{}\u{1b}[0m",
            linked_path(&f.source.path, style, room)
        )
    } else {
        linked_path(&f.source.path, style, room)
    };
    let rule = if style.unicode { "──" } else { "--" };
    let plain = format!(
        "{rule} {}: {} {rule}",
        fitted_path(&f.source.path, room),
        parts.join(", ")
    );
    if str_width(&plain) <= style.width.max(MIN_WIDTH) {
        format!("{rule} {path}: {} {rule}\n\n", parts.join(", "))
    } else {
        format!("{path}:\n{}\n\n", parts.join(", "))
    }
}

/// The closing line: counts by severity, or that all checks passed.
pub fn summary_line(report: &Report) -> String {
    summary_text(report.summary(), report.failures().count())
}

/// [`summary_line`] from the totals (`failed`: files that could not be
/// read, or whose fixes could not be written). A failed file was not
/// checked (or not fixed), so it never counts as passing.
pub fn summary_text(s: Summary, failed: usize) -> String {
    let files = plural(s.files - failed.min(s.files), "file", "files");
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(plural(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning", "warnings"));
    }
    if s.infos > 0 {
        parts.push(plural(s.infos, "info", "infos"));
    }
    let mut line = if !parts.is_empty() {
        format!("Found {} in {files}.", join_and(&parts))
    } else if failed < s.files {
        format!("All checks passed ({files} checked).")
    } else {
        String::new()
    };
    if failed > 0 {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&format!(
            "{} failed (named above).",
            plural(failed, "file", "files")
        ));
    }
    line.push('\n');
    line
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps what is written, and each write's size.
    #[derive(Default)]
    struct Writes {
        text: Vec<u8>,
        sizes: Vec<usize>,
    }

    impl std::io::Write for Writes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.text.extend_from_slice(buf);
            self.sizes.push(buf.len());
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A file's findings are written one at a time, and what is written is
    /// exactly the file's rendered text (read error, header, findings).
    #[test]
    fn a_file_is_written_a_finding_at_a_time_as_rendered() {
        let text = "Père Noël said “ho” [3].\r\n北京 🎉 [4]\r\n";
        let d = |at: usize, code: &'static str| crate::model::Diagnostic {
            code,
            rule: "undefined-citation",
            severity: crate::model::Severity::Error,
            message: format!("citation names no reference ({code})"),
            span: crate::model::Span::new(at, at + 3),
            labels: vec![],
            help: Some("add the reference".into()),
            reference: None,
            url: None,
            fix: None,
        };
        let mut f = FileReport::failed("a.txt", "could not read all of it");
        f.source = crate::source::Source::new("a.txt", text);
        let first = text.find("[3]").unwrap_or(0);
        let second = text.find("[4]").unwrap_or(0);
        f.diagnostics = vec![d(first, "CC001"), d(second, "CC001")];
        let style = Style::default();
        let mut out = Writes::default();
        Human::new(style, false).write_file(&f, &mut out).unwrap();
        let whole = render_file(&f, style);
        assert_eq!(String::from_utf8(out.text).unwrap(), whole);
        assert!(whole.starts_with("error: a.txt: could not read all of it"));
        assert!(whole.matches("CC001").count() >= 2, "{whole}");
        let largest = out.sizes.iter().copied().max().unwrap_or(0);
        assert!(
            largest < whole.len() / 2,
            "{:?} of {}",
            out.sizes,
            whole.len()
        );
    }

    #[test]
    fn a_path_too_wide_keeps_its_last_components() {
        let path = "corpus/freshwiki/txt/2022_AFL_Grand_Final.txt";
        assert_eq!(fitted_path(path, 80), path);
        assert_eq!(fitted_path(path, 34), "…/txt/2022_AFL_Grand_Final.txt");
        assert_eq!(fitted_path(path, 28), "…/2022_AFL_Grand_Final.txt");
        // Not even the file name fits: its end, after an ellipsis.
        let cut = fitted_path(path, 10);
        assert_eq!(cut, "…Final.txt");
        assert!(str_width(&cut) <= 10);
        assert!(str_width(&fitted_path("北京/北京北京北京.txt", 9)) <= 9);
    }

    #[test]
    fn notices_fill_the_width_under_their_prefix() {
        let filled = fill_notice(
            "warning: no network: none of the 24 hosts could be resolved, so links were not checked",
            40,
        );
        assert!(filled.lines().all(|l| str_width(l) <= 40), "{filled}");
        assert!(
            filled
                .lines()
                .skip(1)
                .all(|l| l.starts_with("         ") && !l.starts_with("          ")),
            "{filled}"
        );
    }

    #[test]
    fn the_fix_hint_says_which_flag_fixes_how_many() {
        assert_eq!(fix_hint(0, 0), None);
        assert_eq!(
            fix_hint(1, 0).as_deref(),
            Some("1 finding can be fixed with `--fix`.")
        );
        assert_eq!(
            fix_hint(2, 3).as_deref(),
            Some("2 findings can be fixed with `--fix` (3 more with `--unsafe-fixes`).")
        );
        assert!(fix_hint(0, 1).is_some_and(|h| h.contains("--fix --unsafe-fixes")));
    }
}
