//! The rules' Markdown documentation as plain text, for consumers that show
//! text only (SARIF's `help.text` and `fullDescription`, GitHub's alert
//! panel): markup dropped, links kept as "text (URL)", blocks kept apart.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One block of the text: a heading, a paragraph, a list item or code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub heading: bool,
    /// Consecutive list items are joined with one line break, not two.
    pub item: bool,
    pub text: String,
}

/// The blocks of a Markdown text, in order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current = String::new();
    let (mut heading, mut item) = (false, false);
    let mut links: Vec<String> = Vec::new();
    let mut flush = |text: &mut String, heading: bool, item: bool| {
        let trimmed = text.trim_end();
        if !trimmed.trim().is_empty() {
            out.push(Block {
                heading,
                item,
                text: trimmed.to_string(),
            });
        }
        text.clear();
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, heading, item);
                heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut current, heading, item);
                heading = false;
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, heading, item);
                item = true;
                current.push_str("- ");
            }
            Event::End(TagEnd::Item) => {
                flush(&mut current, heading, item);
                item = false;
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) if !item => {
                flush(&mut current, heading, item);
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock) if !item => {
                flush(&mut current, heading, item);
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    if !current.ends_with(url.as_str()) {
                        current.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak if item => current.push_str("\n  "),
            Event::SoftBreak | Event::HardBreak => current.push('\n'),
            _ => {}
        }
    }
    flush(&mut current, heading, item);
    out
}

/// The whole text: blocks separated by a blank line, list items by a line
/// break.
pub fn from_markdown(markdown: &str) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for b in blocks(markdown) {
        if !out.is_empty() {
            out.push_str(if b.item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(&b.text);
        previous_item = b.item;
    }
    out
}

/// The first paragraph that is not a heading, on one line, cut at the last
/// sentence end (else word) that fits in `max` characters.
pub fn first_paragraph(markdown: &str, max: usize) -> String {
    let Some(b) = blocks(markdown).into_iter().find(|b| !b.heading) else {
        return String::new();
    };
    let text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(i) = cut.rfind(". ") {
        return cut[..=i].to_string();
    }
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_dropped_and_blocks_kept_apart() {
        let md = "## What it does\nReports `[3]` when **no** reference\nis numbered 3.\n\n- one\n- [two](https://example.org/)\n  more\n";
        assert_eq!(
            from_markdown(md),
            "What it does\n\nReports [3] when no reference\nis numbered 3.\n\n- one\n- two (https://example.org/)\n  more"
        );
    }

    #[test]
    fn the_first_paragraph_is_cut_at_a_sentence_that_fits() {
        let md = "# Title\n\nOne sentence here. Another sentence that is long.\n";
        assert_eq!(
            first_paragraph(md, 200),
            "One sentence here. Another sentence that is long."
        );
        assert_eq!(first_paragraph(md, 30), "One sentence here.");
        assert_eq!(
            first_paragraph("# T\n\nNo sentence ends in here", 13),
            "No sentence…"
        );
    }
}
