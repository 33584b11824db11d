//! Deciding what a block is: navigation crumbs and the headline above the
//! article, headings, and the body paragraphs whose sentences are claims.

use super::blocks::{RawBlock, RawKind};
use super::{Block, BlockKind, Span};

const BULLETS: &[char] = &['•', '·', '*', '-', '–', '›', '»', '>', '|', '◦', '▪', '‣'];
const CRUMB_SEPARATORS: &[char] = &['>', '›', '»', '|', '/', '→'];

/// Classify raw blocks in document order. Crumbs and one headline are only
/// recognised above the first body paragraph.
pub fn classify(text: &str, raw: &[RawBlock], excluded: &[Span]) -> Vec<Block> {
    let mut out = Vec::with_capacity(raw.len());
    let mut in_front = true;
    let mut headline_seen = false;
    for block in raw {
        if excluded
            .iter()
            .any(|e| e.start <= block.span.start && block.span.end <= e.end)
        {
            continue;
        }
        let kind = match block.kind {
            RawKind::Heading(_) => {
                if in_front && !headline_seen {
                    headline_seen = true;
                    BlockKind::Headline
                } else {
                    BlockKind::Heading
                }
            }
            RawKind::Text => {
                let slice = &text[block.span.range()];
                if in_front && is_crumbs(slice) {
                    BlockKind::Crumb
                } else if in_front && !headline_seen && is_title_line(slice, 30) {
                    headline_seen = true;
                    BlockKind::Headline
                } else if is_title_line(slice, 12) {
                    BlockKind::Heading
                } else {
                    in_front = false;
                    BlockKind::Paragraph
                }
            }
        };
        out.push(Block {
            kind,
            span: block.span,
        });
    }
    out
}

fn is_crumbs(block: &str) -> bool {
    block.lines().all(|line| {
        let line = line.trim();
        if line.is_empty() {
            return true;
        }
        let words = line.split_whitespace().count();
        let bulleted = line.starts_with(BULLETS) && words <= 6;
        let separated = line
            .chars()
            .filter(|c| CRUMB_SEPARATORS.contains(c))
            .count()
            >= 2
            && words <= 14
            && !ends_sentence(line);
        bulleted || separated
    })
}

/// A single short line that does not end like a sentence and carries no marker.
fn is_title_line(block: &str, max_words: usize) -> bool {
    let line = block.trim();
    if line.contains('\n') || line.is_empty() {
        return false;
    }
    // A paragraph is long: counting past the most a title may have, or
    // searching it for full stops, would be wasted.
    if line.split_whitespace().nth(max_words).is_some() {
        return false;
    }
    let inner_stop = [". ", "! ", "? ", "。"]
        .iter()
        .any(|stop| line.contains(stop));
    !inner_stop
        && !ends_sentence(line)
        && !line.ends_with([',', ';', ':'])
        && !has_marker(line)
        && line.chars().next().is_some_and(|c| !c.is_lowercase())
}

fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', ')']);
    trimmed.ends_with(['.', '!', '…', '。', '！'])
}

fn has_marker(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'[' && (w[1].is_ascii_digit() || w[1] == b'^'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::blocks::text_layout;

    fn kinds(text: &str) -> Vec<BlockKind> {
        let layout = text_layout(text);
        classify(text, &layout.blocks, &[])
            .into_iter()
            .map(|b| b.kind)
            .collect()
    }

    #[test]
    fn seed_style_front_matter() {
        let text = "• Home\n  • Blog\n\nBig Headline Here\n\nBody sentence one. Two.\n\nShort Subhead\n\nMore body text.";
        assert_eq!(
            kinds(text),
            vec![
                BlockKind::Crumb,
                BlockKind::Headline,
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::Paragraph
            ]
        );
    }

    #[test]
    fn crumbs_only_at_the_top() {
        let text = "Body first.\n\n• Home";
        assert_eq!(kinds(text), vec![BlockKind::Paragraph, BlockKind::Heading]);
    }

    #[test]
    fn breadcrumb_trail() {
        assert!(is_crumbs("Home > World > Asia"));
        assert!(!is_crumbs(
            "He said that prices rose > 5% in a year and then fell."
        ));
    }
}
