//! CC501 unsupported-by-source: a cited sentence whose key facts are not in
//! the text of the pages it cites, or whose wording the closest passage of
//! those pages barely shares.

use super::rule::{Check, Rule};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use std::collections::{HashMap, HashSet};

use super::Context;
use crate::document::{MarkerContent, RefKey, Span};
use crate::text::key_facts::{self, KeyFact, SourceText};
use crate::text::passages::Index;
use crate::text::words::StemCache;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC501",
        name: "unsupported-by-source",
        severity: Severity::Warning,
        needs: Needs::Page,
        summary:
            "the cited page's text lacks the sentence's key facts (numbers, names, quoted words)",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
For each sentence that carries citation markers, reads the main text of
every page it cites (fetched live, or from `--sources`) and checks the
sentence's key facts against it:

- numbers and quantities, normalised (“five years” = “5 years”,
  “1.2 million” = “1,200,000”, “40%” = “40 per cent”, “$3.5 billion”);
  a number that counts something (“21 awards”) must be in the same or a
  neighbouring sentence of the page as a word it counts (“award”), so a
  page whose 21 is a date or a score does not state it; a unit of time,
  length, area, mass or volume must be the page's own number's (the
  page's “3 Idiots” beside “five years” does not state “three years”);
  a conversion in parentheses (“18 inches (460 mm)”) is not a fact of
  its own;
- dates (`June 3, 2023`, `3 June 2023`, `2023`, `2018–19`), at the
  precision written; “May 2018” is stated by a page that says “in May” and
  was published in 2018 or the year before;
- proper names (runs of capitalised words), case, accents and possessives
  folded (“Jackson's” = “Jackson”, “E. W.” = “E.W.”), in their variants
  (“Canadian” ~ “Canada”, “Olympics” ~ “Olympic”), aliases (“U.S.” ~
  “United States” ~ “America”, “British” ~ “UK”) and acronyms (“DNC” ~
  “Democratic National Committee”); a name of three words or more must
  have its words together on the page, not scattered over it, and the
  last word of a law's name (“Act”, “Law”, “Treaty” …) must follow the
  word before it (“Union Judiciary Law” does not state “Union Judiciary
  Act”);
- quotations, which must appear verbatim up to quote style, case,
  punctuation and whitespace, each stretch between the cuts they mark
  (“[…]”, “...”); a quoted title is found by any of its parts (“Maiden
  Heaven: A Tribute to Iron Maiden” by “Maiden Heaven”).

A fact is supported when any of the cited pages states it (a sentence
citing `[2][3]` is supported by the two pages together). The pages are
also split into passages of three sentences; when fewer than `[support]
min-overlap` of the sentence's content words (stemmed, stopwords dropped)
are in the passage that shares the most of them, counting the words of
facts the pages state, the page is about something else.

The finding names the missing facts and the pages read, is labelled on the
markers, and its help quotes the closest passage.

## How well it does
On 349 real Wikipedia claims checked against the page they cite (WiCE,
see the README's accuracy table) it flags about one in ten claims the
annotators found fully supported, two in three partially supported and
nine in ten unsupported ones. What it misses is a wrong relation between facts
that are all on the page (“five years to make the film” where the page's
five years are something else) and claims made only of common words.

## Why it matters
A marker that points at a live, correctly titled page still proves
nothing if the page does not say what the sentence claims. Generated text
in particular cites real pages for numbers, names and quotations they do
not contain.

## Example
```text
A Chinese warship came within 50 yards of a US destroyer.[1]
```
when the page at reference 1 says “within 150 yards”: “50 yards” is not on
the page.

## Use instead
Correct the sentence to what the source says, or cite the source that
says it.

## Never flagged
- Sentences with no markers, or whose cited references have no URL.
- A sentence when any of its cited pages could not be read (dead,
  unreachable, an error page, not HTML or text, cut at the size cap): a
  page that was not read never counts as not supporting (see CC401–CC404).
- Anything with `--offline` and no `--sources`: CC501 needs the pages.
- Sentences with fewer than four content words are not held to the
  overlap test, only to their facts.
- Paraphrase whose facts are all on the page, when the passage that shares
  the most words covers `min-overlap` of the sentence.

## Options
`[support] min-overlap` (default 0.3): the share of the sentence's content
words the closest passage must contain.
"#;

/// Sentences with fewer content words are only checked for their facts.
const MIN_WORDS: usize = 4;
/// At most this many characters of the closest passage are quoted.
const QUOTED: usize = 200;

/// A cited page that was read.
struct Read<'a> {
    key: RefKey,
    /// The key as the article writes it, for messages.
    number: String,
    url: &'a str,
    text: &'a str,
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx.links.is_none() {
        return Vec::new();
    }
    let min_overlap = ctx.config.support.min_overlap;
    let mut stems = StemCache::default();
    let mut prepared: HashMap<&str, SourceText> = HashMap::new();
    let mut indexes: HashMap<Vec<&str>, Index> = HashMap::new();
    let mut out = Vec::new();
    for (i, sentence) in ctx.doc.sentences.iter().enumerate() {
        if sentence.markers.is_empty() {
            continue;
        }
        let Some(sources) = cited_pages(ctx, &sentence.markers) else {
            continue;
        };
        if sources.is_empty() {
            continue;
        }
        let masked = &*ctx.masked(i);
        let facts = key_facts::of_sentence(masked, ctx.known_names());
        for s in &sources {
            prepared.entry(s.url).or_insert_with(|| {
                let extra: Vec<&str> = page_metadata(ctx, s.url);
                SourceText::new(s.text, &extra)
            });
        }
        let missing: Vec<&KeyFact> = facts
            .iter()
            .filter(|f| {
                !sources
                    .iter()
                    .any(|s| prepared.get(s.url).is_some_and(|t| t.states(f)))
            })
            .collect();
        let key: Vec<&str> = sources.iter().map(|s| s.url).collect();
        let index = indexes.entry(key).or_insert_with(|| {
            let texts: Vec<&str> = sources.iter().map(|s| s.text).collect();
            Index::new(&texts, &mut stems)
        });
        let query: HashSet<String> = stems.content_words(masked).into_iter().collect();
        let best = index.most_shared(&query);
        // A fact the pages state anywhere is covered, wherever the
        // passage that shares the most words is.
        let covered: HashSet<String> = facts
            .iter()
            .filter(|f| !missing.contains(f))
            .flat_map(|f| stems.content_words(&f.shown))
            .collect();
        let overlap = best.map(|(p, _)| {
            let shared = query
                .iter()
                .filter(|q| p.stems.contains(*q) || covered.contains(*q))
                .count();
            (shared, query.len())
        });
        let low_overlap = overlap.is_some_and(|(shared, total)| {
            total >= MIN_WORDS && (shared as f64) < min_overlap * total as f64
        });
        if missing.is_empty() && !low_overlap {
            continue;
        }
        let read = sources
            .iter()
            .map(|s| format!("[{}] {}", s.number, s.url))
            .collect::<Vec<_>>()
            .join(", ");
        let plural = sources.len() > 1;
        let base = sentence.span.start;
        let (span, message, label) = if let Some(first) = missing.first() {
            let names: Vec<String> = missing
                .iter()
                .map(|f| format!("“{}”", trim_quotes(&f.shown)))
                .collect();
            (
                Span::new(base + first.start, base + first.end),
                format!(
                    "the cited source{} never mention{} {} (read: {read})",
                    if plural { "s" } else { "" },
                    if plural { "" } else { "s" },
                    join_or(&names)
                ),
                "not in the cited source",
            )
        } else {
            let (shared, total) = overlap.unwrap_or((0, 0));
            (
                text_span(ctx, i),
                format!(
                    "the cited source{} barely cover{} this sentence: {shared} of its {total} content words are in the closest passage (read: {read})",
                    if plural { "s" } else { "" },
                    if plural { "" } else { "s" },
                ),
                "not supported by the cited source",
            )
        };
        let mut d = Diagnostic::new(&RULE, span, message, label);
        for &m in &sentence.markers {
            d = d.with_label(ctx.doc.markers[m].span, "the citation checked");
        }
        if let Some((p, _)) = best {
            let s = &sources[p.source];
            d = d.with_help(format!(
                "closest passage in [{}]: “{}”",
                s.number,
                shorten(&s.text[p.start..p.end])
            ));
        }
        let first = &sources[0];
        d = d
            .with_reference(Some(first.key.clone()))
            .with_url(Some(first.url.to_string()));
        out.push(d);
    }
    out
}

/// The pages a sentence cites, or `None` when any cited reference has no
/// page that was read (it might hold the facts).
fn cited_pages<'a>(ctx: &'a Context<'_>, markers: &[usize]) -> Option<Vec<Read<'a>>> {
    let mut keys: Vec<RefKey> = Vec::new();
    for &m in markers {
        match &ctx.doc.markers[m].content {
            MarkerContent::Numbers(items) => {
                keys.extend(items.iter().flat_map(|i| i.numbers()).map(RefKey::Number));
            }
            MarkerContent::Footnote { label, .. } => keys.push(RefKey::Label(label.clone())),
            MarkerContent::Malformed(_) => {}
        }
    }
    let mut out: Vec<Read<'a>> = Vec::new();
    for key in keys {
        let r = ctx.doc.reference(&key)?;
        let url = r.url.as_ref()?;
        let page = super::links::page_evidence(ctx, url)?;
        if page.truncated || page.text.trim().is_empty() {
            return None;
        }
        let facts = ctx.links?.get(url.parsed.as_ref().ok()?)?;
        if out.iter().any(|o| o.url == facts.url) {
            continue;
        }
        out.push(Read {
            number: match &key {
                RefKey::Number(n) => n.to_string(),
                RefKey::Label(l) => l.clone(),
            },
            key,
            url: &facts.url,
            text: &page.text,
        });
    }
    Some(out)
}

/// What the page says of itself: titles, site names and publication dates
/// (date part only), which its main text may leave out.
fn page_metadata<'a>(ctx: &'a Context<'_>, url: &str) -> Vec<&'a str> {
    let Some(p) = ctx
        .links
        .and_then(|l| l.facts.get(url))
        .and_then(|f| f.page.as_ref())
    else {
        return Vec::new();
    };
    p.titles
        .iter()
        .chain(&p.site_names)
        .map(|(_, t)| t.as_str())
        .chain(p.dates.iter().map(|d| d.text.get(..10).unwrap_or(&d.text)))
        .collect()
}

/// The sentence without its trailing markers and spaces.
fn text_span(ctx: &Context<'_>, i: usize) -> Span {
    let s = &ctx.doc.sentences[i];
    Span::new(s.span.start, s.span.start + ctx.masked(i).trim_end().len())
}

fn trim_quotes(s: &str) -> &str {
    s.trim_matches(['“', '”', '"', '‘', '’', '«', '»', '„'])
        .trim_end_matches([',', '.'])
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// At most [`QUOTED`] characters, whitespace collapsed, cut at a word.
fn shorten(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTED {
        return flat;
    }
    let mut cut: String = flat.chars().take(QUOTED).collect();
    if let Some(i) = cut.rfind(' ') {
        cut.truncate(i);
    }
    cut.push('…');
    cut
}
