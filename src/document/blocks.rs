//! The block layout of a plain-text article: blank-line separated blocks,
//! `#` heading lines, and the line iterator both formats share.

use super::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    /// A prose block (a paragraph, a list item's text).
    Text,
    /// A heading with its level (1 for `#`; plain-text title lines count as 1).
    Heading(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub kind: RawKind,
    pub span: Span,
}

/// A Markdown footnote definition `[^label]: text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDef {
    pub label: String,
    /// The whole definition.
    pub span: Span,
    /// The `[^label]` part.
    pub label_span: Span,
}

/// What the format-specific pass found; everything after it is shared.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub blocks: Vec<RawBlock>,
    /// Ranges where nothing is a marker or prose: code, HTML, link targets.
    pub excluded: Vec<Span>,
    pub footnote_definitions: Vec<FootnoteDef>,
    /// Where the text proper starts (after a BOM or YAML front matter).
    pub body_start: usize,
}

/// One line of text without its line ending.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Lines from `from`, with `\n`, `\r\n` or a lone `\r` (old Mac line
/// endings, which would otherwise make the reference list one line and
/// every marker undefined) removed.
pub fn lines_from(text: &str, from: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = from;
    let bytes = text.as_bytes();
    while start < text.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(text.len(), |i| start + i);
        let crlf = bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n');
        lines.push(Line { start, end });
        start = end + if crlf { 2 } else { 1 };
    }
    lines
}

/// The level of a `#` heading line (`# Background` → 1), if it is one.
pub fn atx_heading_level(line: &str) -> Option<u8> {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &trimmed[hashes..];
    if rest.is_empty() || rest.starts_with([' ', '\t']) {
        Some(hashes as u8)
    } else {
        None
    }
}

pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Plain text: blocks are separated by blank lines; a `#` line is a heading
/// block of its own even without blank lines around it.
pub fn text_layout(text: &str) -> Layout {
    let body_start = bom_len(text);
    let mut blocks = Vec::new();
    let mut excluded = Vec::new();
    let mut current: Option<Span> = None;
    for line in lines_from(text, body_start) {
        let content = line.text(text);
        // Suppression directives are not prose: they end a block like a blank line.
        if content.trim().is_empty() || super::directives::is_text_directive(content) {
            if let Some(span) = current.take() {
                blocks.push(RawBlock {
                    kind: RawKind::Text,
                    span,
                });
            }
            continue;
        }
        if let Some(level) = atx_heading_level(content) {
            if let Some(span) = current.take() {
                blocks.push(RawBlock {
                    kind: RawKind::Text,
                    span,
                });
            }
            blocks.push(RawBlock {
                kind: RawKind::Heading(level),
                span: trim_span(text, line.span()),
            });
            continue;
        }
        // A directive after prose on the line is not prose either.
        let mut line_span = line.span();
        if let Some(at) = super::directives::trailing_text_directive(content) {
            excluded.push(Span::new(line.start + at, line_span.end));
            line_span = Span::new(line_span.start, line.start + at);
        }
        let span = trim_span(text, line_span);
        current = Some(match current {
            Some(block) => Span::new(block.start, span.end),
            None => span,
        });
    }
    if let Some(span) = current {
        blocks.push(RawBlock {
            kind: RawKind::Text,
            span,
        });
    }
    Layout {
        blocks,
        excluded,
        footnote_definitions: Vec::new(),
        body_start,
    }
}

/// Shrink a span to exclude surrounding whitespace.
pub fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    if start >= end {
        Span::new(span.start, span.start)
    } else {
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_on_blank_lines_and_headings() {
        let text = "Title\r\n\r\n# Background\r\nOne line.\r\nTwo line.\r\n   \r\nLast.";
        let layout = text_layout(text);
        let kinds: Vec<_> = layout.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                RawKind::Text,
                RawKind::Heading(1),
                RawKind::Text,
                RawKind::Text
            ]
        );
        let texts: Vec<_> = layout
            .blocks
            .iter()
            .map(|b| &text[b.span.range()])
            .collect();
        assert_eq!(
            texts,
            vec!["Title", "# Background", "One line.\r\nTwo line.", "Last."]
        );
    }

    #[test]
    fn heading_levels() {
        assert_eq!(atx_heading_level("## References"), Some(2));
        assert_eq!(atx_heading_level("#hashtag"), None);
        assert_eq!(atx_heading_level("####### x"), None);
        assert_eq!(atx_heading_level("#"), Some(1));
    }
}
