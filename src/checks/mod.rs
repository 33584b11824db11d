//! Checks: pure functions from a parsed document (and, for the online ones,
//! the facts the link stage found) to diagnostics, one module per rule, all
//! listed in the registry.

pub mod registry;
pub mod selection;

mod citation_concentration;
mod claims;
mod date_mismatch;
mod dead_link;
mod duplicate_paragraph;
mod duplicate_reference;
mod duplicate_sentence;
mod links;
mod malformed_citation;
mod malformed_reference;
mod publisher_mismatch;
mod publishers;
mod redirected_link;
mod reference_numbering;
mod repeats;
mod soft_404;
mod title_mismatch;
mod uncited_claim;
mod uncited_quote;
mod undefined_citation;
mod unreachable_link;
mod unsupported_by_source;
mod unused_reference;
mod unused_suppression;

use std::cell::OnceCell;
use std::collections::BTreeSet;

use crate::document::{Document, MarkerContent, RefKey};
use crate::report::Diagnostic;
use selection::Selection;

/// What every check sees: the text, its parse and the settings, plus facts
/// several checks share, each computed once on first use.
pub struct Context<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    pub config: &'a crate::config::Config,
    /// What the link stage found, when it ran.
    pub links: Option<&'a crate::net::Links>,
    shared: Shared,
}

#[derive(Default)]
struct Shared {
    masked: OnceCell<Vec<String>>,
    names: OnceCell<std::collections::HashSet<String>>,
    covered: OnceCell<Vec<bool>>,
    quotes: OnceCell<Vec<(usize, crate::document::Span)>>,
    repeats: OnceCell<repeats::Repeats>,
}

impl<'a> Context<'a> {
    pub fn new(text: &'a str, doc: &'a Document, config: &'a crate::config::Config) -> Context<'a> {
        Context {
            text,
            doc,
            config,
            links: None,
            shared: Shared::default(),
        }
    }

    /// The same, with the link stage's facts for the online checks.
    pub fn with_links(mut self, links: Option<&'a crate::net::Links>) -> Context<'a> {
        self.links = links;
        self
    }

    /// Each sentence with markers, code and link targets blanked out.
    pub fn masked(&self) -> &[String] {
        self.shared.masked.get_or_init(|| {
            (0..self.doc.sentences.len())
                .map(|i| claims::masked(self.text, self.doc, i))
                .collect()
        })
    }

    /// Words capitalised mid-sentence somewhere in the article.
    pub fn known_names(&self) -> &std::collections::HashSet<String> {
        self.shared.names.get_or_init(|| {
            crate::text::signals::mid_sentence_names(self.masked().iter().map(String::as_str))
        })
    }

    /// Whether a citation covers each sentence, under `[claims] coverage`.
    pub fn covered(&self) -> &[bool] {
        self.shared
            .covered
            .get_or_init(|| claims::covered(self.doc, self.config.claims.coverage))
    }

    /// The first quotation of each uncovered sentence.
    pub fn uncited_quotes(&self) -> &[(usize, crate::document::Span)] {
        self.shared
            .quotes
            .get_or_init(|| uncited_quote::uncited_quotes(self))
    }

    /// Repeated paragraphs and sentences.
    pub fn repeats(&self) -> &repeats::Repeats {
        self.shared.repeats.get_or_init(|| repeats::find(self))
    }

    /// Every reference key some marker names (ranges expanded).
    pub fn cited_keys(&self) -> BTreeSet<RefKey> {
        let mut keys = BTreeSet::new();
        for marker in &self.doc.markers {
            match &marker.content {
                MarkerContent::Numbers(items) => {
                    for item in items {
                        keys.extend(item.numbers().map(RefKey::Number));
                    }
                }
                MarkerContent::Footnote { label, .. } => {
                    keys.insert(RefKey::Label(label.clone()));
                }
                MarkerContent::Malformed(_) => {}
            }
        }
        keys
    }

    /// A short quote of a span for messages.
    pub fn quote(&self, span: crate::document::Span) -> String {
        let s = &self.text[span.range()];
        let mut out: String = s.chars().take(60).collect();
        if s.chars().count() > 60 {
            out.push('…');
        }
        out
    }
}

type Check = fn(&Context<'_>) -> Vec<Diagnostic>;

const CHECKS: &[(&str, Check)] = &[
    ("CC001", undefined_citation::check),
    ("CC002", unused_reference::check),
    ("CC003", duplicate_reference::check),
    ("CC004", malformed_reference::check),
    ("CC005", reference_numbering::check),
    ("CC006", malformed_citation::check),
    ("CC101", uncited_claim::check),
    ("CC102", uncited_quote::check),
    ("CC103", citation_concentration::check),
    ("CC201", duplicate_paragraph::check),
    ("CC202", duplicate_sentence::check),
    ("CC301", publisher_mismatch::check),
    ("CC302", date_mismatch::check),
    ("CC303", title_mismatch::check),
];

/// Checks that only find something with the link stage's facts.
const ONLINE_CHECKS: &[(&str, Check)] = &[
    ("CC401", dead_link::check),
    ("CC402", unreachable_link::check),
    ("CC403", redirected_link::check),
    ("CC404", soft_404::check),
    ("CC501", unsupported_by_source::check),
];

/// Run the selected checks and return their findings sorted by position.
pub fn run(ctx: &Context<'_>, selection: &Selection) -> Vec<Diagnostic> {
    let online = if ctx.links.is_some() {
        ONLINE_CHECKS
    } else {
        &[]
    };
    let mut out: Vec<Diagnostic> = CHECKS
        .iter()
        .chain(online)
        .filter(|(code, _)| selection.is_enabled(code))
        .flat_map(|(_, check)| check(ctx))
        .collect();
    out = unused_suppression::apply(ctx, out, selection);
    for d in &mut out {
        d.severity = selection.severity(d.code, d.severity);
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out
}

/// The coverage policy CC101/CC102 apply to a document (`auto` resolved).
pub fn coverage_for(doc: &Document, config: &crate::config::Config) -> crate::config::Coverage {
    claims::resolve(doc, config.claims.coverage)
}

/// The offline checks' codes (each has a trigger fixture).
pub fn implemented_codes() -> impl Iterator<Item = &'static str> {
    std::iter::once("CC007").chain(CHECKS.iter().map(|(code, _)| *code))
}

/// The online checks' codes (they need the link stage).
pub fn online_codes() -> impl Iterator<Item = &'static str> {
    ONLINE_CHECKS.iter().map(|(code, _)| *code)
}

/// Codes whose checks read the fetched page, not only its status.
pub const PAGE_CODES: &[&str] = &["CC301", "CC302", "CC303", "CC404", "CC501"];

/// Codes that need the link stage at all.
pub const LINK_CODES: &[&str] = &[
    "CC301", "CC302", "CC303", "CC401", "CC402", "CC403", "CC404", "CC501",
];
