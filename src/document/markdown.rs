//! The block layout of a Markdown article, from pulldown-cmark's offsets:
//! paragraphs, headings and list items become blocks; code, HTML, math and
//! link targets become ranges where nothing is a marker.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{bom_len, trim_span, FootnoteDef, Layout, RawBlock, RawKind};
use super::Span;

struct OpenItem {
    start: usize,
    has_paragraph: bool,
    nested_list_at: Option<usize>,
}

pub fn layout(text: &str) -> Layout {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_MATH;
    let mut out = Layout {
        body_start: bom_len(text),
        ..Layout::default()
    };
    let mut items: Vec<OpenItem> = Vec::new();
    let mut footnote_depth = 0usize;
    let mut table_depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let span = Span::new(range.start.min(text.len()), range.end.min(text.len()));
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if let Some(item) = items.last_mut() {
                        item.has_paragraph = true;
                    }
                    if footnote_depth == 0 && table_depth == 0 {
                        push_block(text, &mut out, RawKind::Text, span);
                    }
                }
                Tag::Heading { level, .. } if footnote_depth == 0 => {
                    push_block(text, &mut out, RawKind::Heading(level as u8), span);
                }
                Tag::Item => items.push(OpenItem {
                    start: span.start,
                    has_paragraph: false,
                    nested_list_at: None,
                }),
                Tag::List(_) | Tag::CodeBlock(_) | Tag::BlockQuote(_) => {
                    if let Some(item) = items.last_mut() {
                        item.nested_list_at.get_or_insert(span.start);
                    }
                    if matches!(tag, Tag::CodeBlock(_)) {
                        out.excluded.push(span);
                    }
                }
                Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. } => {
                    out.excluded.push(span)
                }
                Tag::Table(_) => {
                    table_depth += 1;
                    out.excluded.push(span);
                }
                Tag::Link { .. } => out.excluded.push(link_target(text, span)),
                Tag::FootnoteDefinition(label) => {
                    footnote_depth += 1;
                    let label_end = text[span.range()]
                        .find("]:")
                        .map_or(span.start, |i| span.start + i + 1);
                    out.footnote_definitions.push(FootnoteDef {
                        label: label.to_string(),
                        span,
                        label_span: Span::new(span.start, label_end),
                    });
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Item => {
                    if let Some(item) = items.pop() {
                        if !item.has_paragraph && footnote_depth == 0 && table_depth == 0 {
                            let end = item.nested_list_at.unwrap_or(span.end);
                            let start = item.start + list_marker_len(&text[item.start..end]);
                            push_block(
                                text,
                                &mut out,
                                RawKind::Text,
                                Span::new(start.min(end), end),
                            );
                        }
                    }
                }
                TagEnd::FootnoteDefinition => footnote_depth = footnote_depth.saturating_sub(1),
                TagEnd::Table => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => out.excluded.push(span),
            _ => {}
        }
    }
    out.blocks.sort_by_key(|b| b.span.start);
    out
}

fn push_block(text: &str, out: &mut Layout, kind: RawKind, span: Span) {
    let span = trim_span(text, span);
    if !span.is_empty() {
        out.blocks.push(RawBlock { kind, span });
    }
}

/// The part of a link that is not its text: `(url)` or `[ref]`, or the whole
/// of an autolink.
fn link_target(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    if !slice.starts_with('[') {
        return span;
    }
    let mut depth = 0i32;
    for (i, c) in slice.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Span::new(span.start + i + 1, span.end);
                }
            }
            _ => {}
        }
    }
    span
}

fn list_marker_len(s: &str) -> usize {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    let marker = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        }
    };
    let after = &trimmed[marker..];
    lead + marker + (after.len() - after.trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_html_and_link_targets_are_excluded() {
        let text =
            "Para `[1]` and <!-- [2] --> and [text](http://x/[3]) end.[4]\n\n```\n[5]\n```\n";
        let layout = layout(text);
        let excluded: Vec<&str> = layout.excluded.iter().map(|s| &text[s.range()]).collect();
        assert!(excluded.contains(&"`[1]`"));
        assert!(excluded.iter().any(|e| e.contains("[2]")));
        assert!(excluded.contains(&"(http://x/[3])"));
        assert!(excluded.iter().any(|e| e.contains("[5]")));
        assert_eq!(layout.blocks.len(), 1);
    }

    #[test]
    fn footnote_definitions_and_tight_lists() {
        let text =
            "# Title\n\nClaim.[^a]\n\n- item one\n- item two\n\n[^a]: Source, https://x.example\n";
        let layout = layout(text);
        assert_eq!(layout.footnote_definitions.len(), 1);
        assert_eq!(layout.footnote_definitions[0].label, "a");
        let blocks: Vec<&str> = layout
            .blocks
            .iter()
            .map(|b| &text[b.span.range()])
            .collect();
        assert_eq!(
            blocks,
            vec!["# Title", "Claim.[^a]", "item one", "item two"]
        );
    }
}
