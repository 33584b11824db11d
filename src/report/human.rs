//! Human output: miette's graphical handler (or its screen-reader layout),
//! reading source snippets through the line index so that huge files and
//! huge lines render in time proportional to the snippet, not the file.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};

use super::format::Emit;
use super::stream::Totals;
use super::{Diagnostic, FileReport, Report, Severity, Summary};
use crate::source::{floor_char_boundary, Source};

/// How to draw: chosen by the caller from `--color`, `NO_COLOR` and whether
/// stdout is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    pub links: bool,
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

/// A line is clipped when the span starts further than this into it (or the
/// line goes on this far past the span), keeping half of it as context.
const WINDOW: usize = 160;
/// Longest label span handed to miette; longer spans are shown by their start.
const MAX_LABEL: usize = 2000;

/// How far a clipped edge may move to land between words.
const SNAP: usize = 24;

/// A window start at `at` moved forward past the next space (not beyond
/// `limit`, nor more than `SNAP` bytes), so it does not begin mid-word.
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    let stop = floor_char_boundary(text, limit.min(at + SNAP));
    text[at..stop]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(at, |(i, c)| at + i + c.len_utf8())
}

/// A window end at `at` moved back to the previous space (not before
/// `limit`, nor more than `SNAP` bytes), so it does not end mid-word.
fn word_end(text: &str, at: usize, limit: usize) -> usize {
    let from = floor_char_boundary(text, limit.max(at.saturating_sub(SNAP)));
    text[from..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(at, |(i, _)| from + i)
}

struct Snippet<'a> {
    source: &'a Source,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &self.source.text;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (line, col) = self.source.line_col(start);
        let (end_line, _) = self.source.line_col(end);
        let (window_start, window_end, first_line) = if before == 0 && after == 0 {
            (start, end, line)
        } else {
            let first = line.saturating_sub(before).max(1);
            let last = (end_line + after).min(self.source.line_count());
            let (mut ws, _) = self.source.line_range(first);
            let (_, mut we) = self.source.line_range(last);
            we = we.max(end);
            // Clip long lines to a window around the span.
            if start - ws > WINDOW {
                ws = word_start(text, floor_char_boundary(text, start - WINDOW / 2), start);
            }
            if we - end > WINDOW {
                we = word_end(text, floor_char_boundary(text, end + WINDOW / 2), end);
            }
            (
                ws,
                we,
                if ws > self.source.line_range(first).0 {
                    line
                } else {
                    first
                },
            )
        };
        let (_, column) = self.source.line_col(window_start);
        let column = if window_start == start { col } else { column };
        let data = &text[window_start..window_end];
        let line_count = data.matches('\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.source.path.clone(),
            data.as_bytes(),
            SourceSpan::new(window_start.into(), window_end - window_start),
            first_line - 1,
            column - 1,
            line_count,
        )))
    }
}

struct View<'a> {
    d: &'a Diagnostic,
    snippet: Snippet<'a>,
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
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = &self.snippet.source.text;
        let labels = self.d.labels.iter().enumerate().map(move |(i, l)| {
            let start = l.span.start.min(text.len());
            let mut end = l.span.end.min(text.len()).max(start);
            if end - start > MAX_LABEL {
                end = floor_char_boundary(text, start + MAX_LABEL);
            }
            let span = SourceSpan::new(start.into(), end - start);
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(l.message.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(l.message.clone()), span)
            }
        });
        Some(Box::new(labels))
    }
}

fn theme(style: Style) -> GraphicalTheme {
    match (style.unicode, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => {
            let mut t = GraphicalTheme::unicode();
            t.characters = miette::ThemeCharacters::ascii();
            t
        }
        (false, false) => GraphicalTheme::none(),
    }
}

/// Render one diagnostic against its source.
pub fn render_diagnostic(source: &Source, d: &Diagnostic, style: Style) -> String {
    let view = View {
        d,
        snippet: Snippet { source },
    };
    let mut out = String::new();
    let result = if style.narrated {
        NarratableReportHandler::new().render_report(&mut out, &view)
    } else {
        GraphicalReportHandler::new_themed(theme(style))
            .with_width(style.width)
            .with_links(style.links)
            .render_report(&mut out, &view)
    };
    if result.is_err() {
        out = format!(
            "{}:{}: {}[{}] {}\n",
            source.path,
            source.line_col(d.span.start).0,
            d.severity.as_str(),
            d.code,
            d.message
        );
    }
    out
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

    fn finish(&mut self, totals: &Totals) -> String {
        if self.summary {
            summary_text(totals.summary, totals.failures.len())
        } else {
            String::new()
        }
    }
}

/// All diagnostics of a report, files in order, then unreadable files.
pub fn render(report: &Report, style: Style) -> String {
    report.files.iter().map(|f| render_file(f, style)).collect()
}

/// The diagnostics of one file, after its read error if it had one.
pub fn render_file(f: &FileReport, style: Style) -> String {
    let mut out = String::new();
    if let Some(error) = &f.error {
        out.push_str(&format!("error: {}: {}\n\n", f.source.path, error));
    }
    for d in &f.diagnostics {
        out.push_str(&render_diagnostic(&f.source, d, style));
        out.push('\n');
    }
    out
}

/// The closing line: counts by severity, or that all checks passed.
pub fn summary_line(report: &Report) -> String {
    summary_text(report.summary(), report.failures().count())
}

/// [`summary_line`] from the totals (`failed`: files that could not be read).
pub fn summary_text(s: Summary, failed: usize) -> String {
    let files = plural(s.files, "file", "files");
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
    let mut line = if parts.is_empty() {
        format!("All checks passed ({files} checked).")
    } else {
        format!("Found {} in {files}.", join_and(&parts))
    };
    if failed > 0 {
        line.push_str(&format!(
            " {} could not be read.",
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

    #[test]
    fn clipped_edges_fall_between_words() {
        let text = "alpha beta gamma délta 東京 epsilon zeta eta theta iota";
        for at in 0..text.len() {
            if !text.is_char_boundary(at) {
                continue;
            }
            let s = word_start(text, at, text.len());
            assert!(text.is_char_boundary(s));
            assert!(s >= at && s <= at + SNAP + 4, "{at} → {s}");
            assert!(s == at || text[..s].ends_with(' '), "{at} → {s}");
            let e = word_end(text, at, 0);
            assert!(text.is_char_boundary(e));
            assert!(e <= at && e + SNAP >= at, "{at} → {e}");
            assert!(e == at || text[e..].starts_with(' '), "{at} → {e}");
        }
        // Never past the span it frames.
        assert_eq!(word_start("abcdefgh ij", 0, 4), 0);
        assert_eq!(word_end("ab cdefghij", 10, 6), 10);
    }
}
