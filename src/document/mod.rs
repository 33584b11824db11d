//! The parsed article: front matter, body paragraphs, sentences, citation
//! markers and reference entries, each with its byte span in the original text.

mod blocks;
pub mod directives;
mod front_matter;
mod markdown;
pub mod markers;
pub mod references;
pub mod sentences;

use std::ops::Range;

use serde::Serialize;

pub use crate::calendar::CitedDate;
pub use crate::model::{RefKey, Span};
use crate::source::{Format, Source};

/// What a block of the article is, which decides which checks look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Site navigation above the article (`• Home`, `News > World`).
    Crumb,
    /// The article's title line.
    Headline,
    /// A section heading.
    Heading,
    /// Body prose: the only blocks whose sentences are claims.
    Paragraph,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub span: Span,
    /// Indices into `Document::sentences`.
    pub sentences: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    /// Indices into `Document::markers`.
    pub markers: Vec<usize>,
}

/// A citation marker such as `[3]`, `[1, 4–6]` or `[^note]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marker {
    /// The whole marker, brackets included.
    pub span: Span,
    pub sentence: usize,
    pub content: MarkerContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerContent {
    /// Numbered citations: single numbers and ranges.
    Numbers(Vec<CitedItem>),
    /// A Markdown footnote reference `[^label]`.
    Footnote { label: String, span: Span },
    /// Looks like a citation but cannot be read.
    Malformed(MalformedMarker),
}

/// One number or range inside a marker: `4` or `4–6`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedItem {
    pub span: Span,
    pub first: u64,
    pub last: u64,
}

impl CitedItem {
    pub fn numbers(&self) -> impl Iterator<Item = u64> {
        self.first..=self.last
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MalformedMarker {
    Empty,
    Reversed { first: u64, last: u64, span: Span },
    TooLarge { span: Span },
    RangeTooWide { first: u64, last: u64, span: Span },
    Unreadable,
}

/// A text field of a reference entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateField {
    pub span: Span,
    pub text: String,
    /// `None` when the text looks like a date but is not a valid one.
    pub value: Option<CitedDate>,
    /// An access date ("Retrieved 3 May 2023") rather than a publication date.
    pub access: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlField {
    pub span: Span,
    pub text: String,
    /// `Err` holds why the URL could not be parsed.
    #[serde(skip)]
    pub parsed: Result<url::Url, String>,
}

/// One entry of the reference list, each field with its own span. What could
/// not be read is kept as `None` so checks can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub span: Span,
    pub key: Option<RefKey>,
    pub key_span: Option<Span>,
    /// True when the list had no numbers and the key is the entry's position.
    pub positional: bool,
    pub title: Option<Field>,
    pub publisher: Option<Field>,
    pub date: Option<DateField>,
    /// Dates beyond the first that the entry carries (an access date, say).
    pub other_dates: Vec<DateField>,
    pub url: Option<UrlField>,
    /// The entry is nothing but a URL: the URL alone identifies the work.
    pub bare_url: bool,
}

impl Reference {
    /// The key its URL is checked and cached under, when it has a usable one.
    pub fn link_key(&self) -> Option<String> {
        crate::model::link_key(self.url.as_ref()?.parsed.as_ref().ok()?)
    }
}

/// The whole parsed article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub markers: Vec<Marker>,
    pub references: Vec<Reference>,
    /// The heading above the reference list, when there is one.
    pub reference_heading: Option<Span>,
    /// The stretch of text that holds the reference list.
    pub reference_section: Option<Span>,
    /// Ranges that are not prose: code, HTML, link targets (Markdown).
    pub excluded: Vec<Span>,
    /// Inline suppressions.
    pub directives: Vec<directives::Directive>,
    /// Key → reference lookup, built on first use (checks ask per marker
    /// number, so a scan of the list each time would be markers × references).
    #[serde(skip)]
    index: std::sync::OnceLock<ReferenceIndex>,
}

/// First reference per exact key, and per number for `[1]` ↔ `[^1]`.
#[derive(Debug, Clone, Default)]
struct ReferenceIndex {
    exact: std::collections::HashMap<RefKey, usize>,
    numeric: std::collections::HashMap<u64, Vec<usize>>,
}

fn numeric_value(key: &RefKey) -> Option<u64> {
    match key {
        RefKey::Number(n) => Some(*n),
        RefKey::Label(l) => l.parse().ok(),
    }
}

impl Document {
    /// The reference a key names; `[1]` also finds a footnote `[^1]` and back.
    pub fn reference(&self, key: &RefKey) -> Option<&Reference> {
        let index = self.index.get_or_init(|| {
            let mut index = ReferenceIndex::default();
            for (i, r) in self.references.iter().enumerate() {
                let Some(k) = &r.key else { continue };
                index.exact.entry(k.clone()).or_insert(i);
                if let Some(n) = numeric_value(k) {
                    index.numeric.entry(n).or_default().push(i);
                }
            }
            index
        });
        if let Some(&i) = index.exact.get(key) {
            return self.references.get(i);
        }
        let candidates = index.numeric.get(&numeric_value(key)?)?;
        candidates
            .iter()
            .filter_map(|&i| self.references.get(i))
            .find(|r| r.key.as_ref().is_some_and(|k| keys_match(k, key)))
    }
}

/// Whether two keys name the same reference: equal, or a number and a
/// footnote label spelling that number.
pub fn keys_match(a: &RefKey, b: &RefKey) -> bool {
    match (a, b) {
        (RefKey::Number(n), RefKey::Label(l)) | (RefKey::Label(l), RefKey::Number(n)) => {
            l.parse::<u64>().ok() == Some(*n)
        }
        _ => a == b,
    }
}

#[cfg(test)]
pub(crate) fn markdown_layout_for_tests(text: &str) -> Vec<Span> {
    markdown::layout(text).excluded
}

/// Parse a source into a document. Never panics on any input.
pub fn parse(source: &Source) -> Document {
    parse_text(&source.text, source.format)
}

pub fn parse_text(text: &str, format: Format) -> Document {
    let layout = match format {
        Format::Text => blocks::text_layout(text),
        Format::Markdown => markdown::layout(text),
    };
    let section = references::find_section(text, &layout, format);
    let mut references = match &section {
        Some(section) => references::parse_entries(text, section, format),
        None => Vec::new(),
    };
    // Footnote definitions are read from pulldown-cmark's events, not as lines.
    references.retain(|r| {
        !layout
            .footnote_definitions
            .iter()
            .any(|def| def.span.overlaps(r.span))
    });
    references.extend(
        layout
            .footnote_definitions
            .iter()
            .map(|def| references::parse_footnote(text, def, format)),
    );

    let body_limit = section.as_ref().map(|s| s.span);
    let candidate_blocks: Vec<blocks::RawBlock> = layout
        .blocks
        .iter()
        .filter(|b| !body_limit.is_some_and(|limit| limit.overlaps(b.span)))
        .filter(|b| {
            section
                .as_ref()
                .and_then(|s| s.heading)
                .is_none_or(|h| !h.overlaps(b.span))
        })
        .cloned()
        .collect();
    let blocks = front_matter::classify(text, &candidate_blocks, &layout.excluded);

    let mut doc = Document {
        blocks,
        references,
        reference_heading: section.as_ref().and_then(|s| s.heading),
        reference_section: section.as_ref().map(|s| s.span),
        excluded: layout.excluded.clone(),
        directives: directives::find(text, format, &layout.excluded),
        ..Document::default()
    };
    for block in doc.blocks.clone() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let found = markers::scan(text, block.span, &layout.excluded);
        let marker_spans: Vec<Span> = found.iter().map(|m| m.span).collect();
        let sentence_spans = sentences::split(text, block.span, &marker_spans);
        if sentence_spans.is_empty() {
            continue;
        }
        let paragraph = doc.paragraphs.len();
        let first_sentence = doc.sentences.len();
        for span in &sentence_spans {
            doc.sentences.push(Sentence {
                span: *span,
                paragraph,
                markers: Vec::new(),
            });
        }
        // Markers and sentences are both in text order: walk them together.
        let mut local = 0;
        for (span, content) in found.into_iter().map(|m| (m.span, m.content)) {
            while local + 1 < sentence_spans.len() && sentence_spans[local].end <= span.start {
                local += 1;
            }
            let sentence = first_sentence + local;
            doc.sentences[sentence].markers.push(doc.markers.len());
            doc.markers.push(Marker {
                span,
                sentence,
                content,
            });
        }
        doc.paragraphs.push(Paragraph {
            span: block.span,
            sentences: first_sentence..doc.sentences.len(),
        });
    }
    markers::drop_year_brackets(&mut doc);
    // The document lives as long as its checks: no room left to grow.
    doc.sentences.shrink_to_fit();
    doc.markers.shrink_to_fit();
    doc.paragraphs.shrink_to_fit();
    doc
}
