//! Checks: pure functions from a parsed document (and, for the online ones,
//! the facts the link stage found) to diagnostics, one file per rule, each
//! listed once in [`rules!`] below (the registry's list; [`registry`] holds
//! the lookups over it).

pub mod registry;
pub mod rule;
pub mod selection;

// What several rules share.
mod claims;
mod edits;
mod links;
mod perennial;
mod publishers;
mod repeats;

/// Declares each rule's module and lists its `RULE`: the registry's one
/// list, in code order. Adding a rule is its file and one line here.
macro_rules! rules {
    ($($module:ident,)*) => {
        $(mod $module;)*

        /// Every rule, in code order.
        pub static RULES: &[&rule::Rule] = &[$(&$module::RULE,)*];
    };
}

rules! {
    undefined_citation,
    unused_reference,
    duplicate_reference,
    malformed_reference,
    reference_numbering,
    malformed_citation,
    unused_suppression,
    uncited_claim,
    uncited_quote,
    citation_concentration,
    duplicate_paragraph,
    duplicate_sentence,
    publisher_mismatch,
    date_mismatch,
    title_mismatch,
    unreliable_source,
    malformed_identifier,
    dead_link,
    unreachable_link,
    redirected_link,
    soft_404,
    unsupported_by_source,
}

use crate::model::Diagnostic;
use std::cell::OnceCell;
use std::collections::BTreeSet;

use crate::document::{Document, MarkerContent, RefKey};
use rule::Check;
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
    excluded: OnceCell<Vec<(usize, crate::document::Span)>>,
    words: OnceCell<Words>,
    names: OnceCell<foldhash::HashSet<String>>,
    covered: OnceCell<Vec<bool>>,
    quotes: OnceCell<Vec<(usize, crate::document::Span)>>,
    repeats: OnceCell<repeats::Repeats>,
    numbering: OnceCell<edits::Numbering>,
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

    /// Sentence `i` with markers, code and link targets blanked out (empty
    /// past the last sentence). Made anew on each call, not kept: it is a
    /// copy of the sentence, and every sentence of an article with markers
    /// throughout was a copy of the article held through every check.
    pub fn masked(&self, i: usize) -> std::borrow::Cow<'a, str> {
        if i >= self.doc.sentences.len() {
            return std::borrow::Cow::Borrowed("");
        }
        let excluded = self
            .shared
            .excluded
            .get_or_init(|| claims::excluded_by_sentence(self.doc));
        let from = excluded.partition_point(|&(s, _)| s < i);
        let here = excluded[from..]
            .iter()
            .take_while(|&&(s, _)| s == i)
            .map(|&(_, span)| span);
        claims::masked(self.text, self.doc, i, here)
    }

    /// How many sentences the article has.
    pub fn sentence_count(&self) -> usize {
        self.doc.sentences.len()
    }

    /// The words (UAX 29) of masked sentence `i`, with their byte offsets
    /// in it: found once, for every rule that reads words. A word's bytes
    /// are the sentence's own: masking only puts spaces where no word is.
    pub fn words(&self, i: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        let words = self
            .shared
            .words
            .get_or_init(|| Words::of((0..self.sentence_count()).map(|i| self.masked(i))));
        let text = self.text;
        let own = self
            .doc
            .sentences
            .get(i)
            .and_then(|s| text.get(s.span.range()))
            .unwrap_or_default();
        let range = match (words.starts.get(i), words.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        words.spans[range].iter().map(move |&(at, len)| {
            let (at, len) = (at as usize, len as usize);
            (at, own.get(at..at + len).unwrap_or_default())
        })
    }

    /// Words capitalised mid-sentence somewhere in the article.
    pub fn known_names(&self) -> &foldhash::HashSet<String> {
        self.shared.names.get_or_init(|| {
            crate::text::signals::mid_sentence_names_in(
                (0..self.sentence_count()).map(|i| self.words(i).map(|(_, w)| w)),
            )
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

    /// What renumbering the reference list may do (every fix that
    /// renumbers asks).
    pub(crate) fn numbering(&self) -> &edits::Numbering {
        self.shared
            .numbering
            .get_or_init(|| edits::Numbering::of(self.text, self.doc))
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

/// Every masked sentence's words, as offsets and lengths into it, one list
/// for all: eight bytes a word.
#[derive(Default)]
struct Words {
    spans: Vec<(u32, u32)>,
    /// Where each sentence's words begin in `spans` (one more at the end).
    starts: Vec<u32>,
}

impl Words {
    fn of<'t>(masked: impl Iterator<Item = std::borrow::Cow<'t, str>>) -> Words {
        use unicode_segmentation::UnicodeSegmentation;
        let mut out = Words::default();
        for s in masked {
            out.starts.push(out.spans.len() as u32);
            out.spans.extend(
                s.unicode_word_indices()
                    .map(|(at, w)| (at as u32, w.len() as u32)),
            );
        }
        out.starts.push(out.spans.len() as u32);
        // Kept for every check: the room a growing list leaves is a third
        // of it on average.
        out.spans.shrink_to_fit();
        out.starts.shrink_to_fit();
        out
    }
}

/// Run the selected rules and return their findings sorted by position,
/// each with the fix its rule offers for it, if any.
/// Rules that need the link stage run only when it ran.
pub fn run(ctx: &Context<'_>, selection: &Selection) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = registry::RULES
        .iter()
        .filter(|rule| ctx.links.is_some() || !rule.needs.online_only())
        .filter(|rule| selection.is_enabled(rule.code))
        .flat_map(|rule| match rule.check {
            Check::Document(check) => check(ctx),
            Check::Suppressions => Vec::new(),
        })
        .collect();
    out = unused_suppression::apply(ctx, out, selection);
    for d in &mut out {
        d.severity = selection.severity(d.code, d.severity);
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    // A fix that renumbers touches every marker and entry, so offering one
    // per finding is findings × entries: bounded by a budget of edits per
    // file, after which findings carry no fix (a later `--fix` pass offers
    // them again on the smaller text).
    let mut budget = FIX_EDIT_BUDGET;
    for d in &mut out {
        if budget == 0 {
            break;
        }
        if let Some(fix) = registry::rule(d.code).and_then(|r| r.fix) {
            d.fix = fix(ctx, d).map(Box::new);
            let edits = d.fix.as_ref().map_or(0, |f| f.edits.len());
            budget = budget.saturating_sub(edits.max(1));
        }
    }
    out
}

/// Edits the fixes of one file's findings may hold in all.
const FIX_EDIT_BUDGET: usize = 200_000;

/// The coverage policy CC101/CC102 apply to a document (`auto` resolved).
pub fn coverage_for(doc: &Document, config: &crate::config::Config) -> crate::config::Coverage {
    claims::resolve(doc, config.claims.coverage)
}

/// The resolver URLs (as link keys) of the well-formed DOIs written in the
/// references' text, which the link stage checks like any URL: an unknown
/// DOI is CC401, the landing page's title is compared by CC303.
pub fn doi_link_keys(text: &str, doc: &Document, config: &crate::config::Config) -> Vec<String> {
    doc.references
        .iter()
        .filter_map(|r| malformed_identifier::doi_lookup(text, r, &config.links.doi_resolver))
        .filter_map(|(_, _, link)| crate::model::link_key(&link))
        .collect()
}

/// Whether any enabled rule wants the link stage; and, when it does,
/// whether any wants the fetched page and not only the link's status.
pub fn link_needs(selection: &Selection) -> (bool, bool) {
    let enabled = || {
        registry::RULES
            .iter()
            .filter(|r| selection.is_enabled(r.code))
    };
    (
        enabled().any(|r| r.needs.uses_links()),
        enabled().any(|r| r.needs.uses_page()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn each_sentences_words_are_found_once_as_segmentation_finds_them() {
        let text = "\u{feff}Blinken’s “visit” to 北京 went well 😀.[1] It lasted\r\n\
                    six weeks, o'clock — Ĳssel café.  \r\n\r\nReferences\r\n\
                    1. “Talks” Example News, 14 Jun. 2023\r\n";
        let doc = crate::document::parse_text(text, crate::source::Format::Text);
        let config = crate::config::Config::default();
        let ctx = Context::new(text, &doc, &config);
        assert!(ctx.sentence_count() >= 2);
        for i in 0..ctx.sentence_count() {
            let masked = ctx.masked(i);
            let shared: Vec<(usize, &str)> = ctx.words(i).collect();
            let own: Vec<(usize, &str)> = masked.unicode_word_indices().collect();
            assert_eq!(shared, own, "{masked:?}");
            // What CC101 relies on: trailing white space ends no word.
            let trimmed: Vec<(usize, &str)> = masked.trim_end().unicode_word_indices().collect();
            assert_eq!(shared, trimmed, "{masked:?}");
        }
        assert_eq!(ctx.words(99).count(), 0);
    }

    #[test]
    fn a_sentence_with_nothing_to_blank_is_borrowed_and_one_with_a_marker_is_blanked() {
        use std::borrow::Cow;
        let text = "Caf\u{e9} \u{201c}ouvert\u{201d} 😀. It rose 4%.[1] See `code` here.\n\n\
                    References\n1. \u{201c}Talks\u{201d} Example News, 2023\n";
        let doc = crate::document::parse_text(text, crate::source::Format::Markdown);
        let config = crate::config::Config::default();
        let ctx = Context::new(text, &doc, &config);
        assert!(matches!(ctx.masked(0), Cow::Borrowed(s) if s.starts_with("Caf\u{e9}")));
        assert!(matches!(ctx.masked(1), Cow::Owned(s) if s.starts_with("It rose 4%.   ")));
        assert!(matches!(ctx.masked(2), Cow::Owned(s) if s.starts_with("See        here.")));
        for i in 0..ctx.sentence_count() {
            let m = ctx.masked(i);
            assert_eq!(m.len(), doc.sentences[i].span.len(), "{m:?}");
        }
        assert_eq!(ctx.masked(99), "");
    }
}
