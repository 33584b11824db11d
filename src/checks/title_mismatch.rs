//! CC303 title-mismatch: the cited title and the URL's slug name different stories.

use super::rule::{Check, Rule};
use super::Context;
use crate::document::Span;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::{normalize, slugs, words};
use unicode_segmentation::UnicodeSegmentation;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC303",
        name: "title-mismatch",
        severity: Severity::Warning,
        needs: Needs::TextOrPage,
        summary: "the cited title disagrees with the URL slug or the page's title",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Compares the cited title with the URL's slug, offline. The slug is the
last meaningful path segment, with file extensions (`.html`, `.php`, …),
`index.html`, ids and trailing numbers (`-3569686`, `-2023-06-17`,
`-idUSKBN2XX`) removed. Both are reduced to content words: case and
apostrophes folded, accents removed, stopwords dropped, and words stemmed
(Snowball English), so “expectations” and “expected” compare equal.

It reports when both hold: at least two of the slug's words, and at least
half of them, are missing from the title; and at least half of the
title's words are missing from the slug. A slug is usually a shortened
headline, so a slug whose words are all in the title is never reported,
however short it is.

When the page has been fetched (or saved, with `--sources`) and gives
titles of its own (`citation_title`, `og:title`, JSON-LD headline,
`<title>` whole and split at `|`, `–`, `—`, `·` and ` - `, first `<h1>`),
those settle it whenever the slug does not agree. The cited title matches
a page title that shares at least two of its content words, and a third of
the shorter's, unless the two name different stories by their
distinctive content: both name people or places (capitalised words in a
sentence-case headline) and most of each side's are missing from the
other, with no number shared (`Commission approves Harbor's expansion` /
`Commission approves Eastside school expansion plan`); or both state
numbers, none shared, and no name is shared (`Council approves 40 new
homes` / `Council approves 250 new homes near the stadium`). Site-name
suffixes, subtitles, truncated titles, case, punctuation and accents
(`Zürich` / `ZURICH`) do not count as differences.

## Why it matters
The slug is written when the story is published. A title that shares
little with it usually belongs to another story: the article cites one
headline and links another.

## Example
```text
1. “Blinken lands in China for high-stakes visit amid rising tensions” CNN, 18 Jun. 2023, https://www.cnn.com/2023/06/17/politics/blinken-beijing-visit-expectations/index.html
```
The slug names Beijing and expectations, the title names landing in China,
high stakes and tensions: by its URL this is the preview story, not the
arrival story.

## Use instead
Open the URL and compare its headline with the cited title: link the story
the title names, or cite the headline the page shows. Headlines are often
changed after publication while the slug stays; if the page's headline is
the cited title, the reference is right.

## Never flagged
- URLs with no slug: only ids or numbers (`/c_1129418.htm`, `?id=17`),
  `index.html`, a single word or two (`/conversation`), or a section name
  (`/news/world-asia-china-65938431`).
- Slugs or titles with fewer than three content words.
- A foreign-language slug beside a title in another language (a
  translated title).
"#;

/// Function words of other languages: a slug with them beside a title
/// without them is a translation, not another story.
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    "de", "la", "le", "les", "du", "des", "et", "el", "los", "las", "del", "und", "der", "die",
    "das", "den", "il", "di", "della", "che", "och", "het", "een", "van", "na", "za", "dan",
    "yang", "dans", "pour", "por", "para", "mit", "für", "fur", "sur", "em", "da", "do", "dos",
];

/// At most this many words of each side are shown in the message.
const SHOWN: usize = 8;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let (Some(title), Some(url)) = (&r.title, &r.url) else {
            continue;
        };
        if url.parsed.is_err() {
            continue;
        }
        let from_slug = slug_finding(ctx, r, title, url);
        let page = super::links::page_evidence(ctx, url).filter(|p| !p.titles.is_empty());
        match page {
            // The page's own titles settle it: a page titled as cited means
            // the story was retitled, whatever its slug says.
            Some(page) => {
                let slug_agrees =
                    from_slug.is_none() && slugs::slug(&ctx.text[url.span.range()]).is_some();
                if !slug_agrees {
                    out.extend(page_finding(r, title, url.span, &url.text, page));
                }
            }
            None => out.extend(from_slug),
        }
    }
    // The landing page of a DOI written in a reference's text.
    for r in &ctx.doc.references {
        let Some(title) = &r.title else { continue };
        if out.iter().any(|d| d.reference == r.key && r.key.is_some()) {
            continue;
        }
        let resolver = &ctx.config.links.doi_resolver;
        let Some((span, _, link)) = super::malformed_identifier::doi_lookup(ctx.text, r, resolver)
        else {
            continue;
        };
        let page = super::links::page_evidence_at(ctx, &link).filter(|p| !p.titles.is_empty());
        if let Some(page) = page {
            out.extend(page_finding(r, title, span, link.as_str(), page));
        }
    }
    out
}

/// CC303 with the page as evidence: none of the titles the page gives (its
/// `citation_title`, `og:title`, JSON-LD headline, `<title>` with or
/// without a site-name suffix, first `<h1>`) is close to the cited title.
fn page_finding(
    r: &crate::document::Reference,
    title: &crate::document::Field,
    at: crate::document::Span,
    link: &str,
    page: &crate::net::PageFacts,
) -> Option<Diagnostic> {
    let cited = content(&normalize::words(&normalize::fold_accents(&title.text)));
    if cited.len() < 3 {
        return None;
    }
    let mut candidates: Vec<&str> = Vec::new();
    for (_, t) in &page.titles {
        candidates.push(t);
        candidates.extend(
            t.split(['|', '–', '—', '·'])
                .flat_map(|p| p.split(" - "))
                .map(str::trim),
        );
    }
    let cited_facts = Distinctive::of(&title.text);
    let mut comparable = false;
    for c in &candidates {
        let words = content(&normalize::words(&normalize::fold_accents(c)));
        if words.len() < 2 {
            continue;
        }
        comparable |= words.len() >= 3;
        let shared = cited
            .iter()
            .filter(|(s, _)| words.iter().any(|(w, _)| same(s, w)))
            .count();
        if shared >= 2
            && shared * 3 >= cited.len().min(words.len())
            && !cited_facts.conflicts(&Distinctive::of(c))
        {
            return None;
        }
    }
    if !comparable {
        return None;
    }
    let (source, shown) = page
        .titles
        .iter()
        .find(|(s, _)| s == "citation_title" || s == "og:title" || s == "headline")
        .or_else(|| page.titles.first())?;
    // Say which names or numbers differ when that is what decided it.
    let page_facts = Distinctive::of(shown);
    let facts = if cited_facts.conflicts(&page_facts) {
        format!(
            " (it names {}; the cited title {})",
            page_facts.shown.join(", "),
            cited_facts.shown.join(", ")
        )
    } else {
        String::new()
    };
    Some(
        Diagnostic::new(
            &RULE,
            title.span,
            format!(
                "title does not match the page's own title: the page is titled “{shown}”{facts}"
            ),
            "cited title",
        )
        .with_label(at, format!("this page's {source} is “{shown}”"))
        .with_help(
            "the evidence is the page itself: link the story the title names, or cite the headline the page shows",
        )
        .with_reference(r.key.clone())
        .with_url(Some(link.to_string())),
    )
}

/// CC303 offline: the cited title against the URL's slug.
fn slug_finding(
    ctx: &Context<'_>,
    r: &crate::document::Reference,
    title: &crate::document::Field,
    url: &crate::document::UrlField,
) -> Option<Diagnostic> {
    {
        let raw = &ctx.text[url.span.range()];
        let slug = slugs::slug(raw)?;
        let title_text = normalize::fold_accents(&title.text);
        let title_surface: Vec<String> = normalize::words(&title_text);
        let slug_surface: Vec<String> = slug
            .words
            .iter()
            .map(|w| normalize::fold_accents(w))
            .collect();
        let foreign = |ws: &[String]| {
            ws.iter()
                .any(|w| FOREIGN_FUNCTION_WORDS.contains(&w.as_str()))
        };
        if foreign(&slug_surface) && !foreign(&title_surface) {
            return None;
        }
        let slug_words = content(&slug_surface);
        let title_words = content(&title_surface);
        if slug_words.len() < 3 || title_words.len() < 3 {
            return None;
        }
        let slug_only: Vec<&(String, String)> = slug_words
            .iter()
            .filter(|(s, _)| !title_words.iter().any(|(t, _)| same(s, t)))
            .collect();
        let title_only: Vec<&(String, String)> = title_words
            .iter()
            .filter(|(t, _)| !slug_words.iter().any(|(s, _)| same(s, t)))
            .collect();
        let differs = slug_only.len() >= 2
            && slug_only.len() * 2 >= slug_words.len()
            && title_only.len() * 2 >= title_words.len();
        if !differs {
            return None;
        }
        let show = |ws: &[&(String, String)]| {
            let mut s: Vec<&str> = ws.iter().take(SHOWN).map(|(_, w)| w.as_str()).collect();
            if ws.len() > SHOWN {
                s.push("…");
            }
            s.join(", ")
        };
        let slug_span = Span::new(url.span.start + slug.start, url.span.start + slug.end);
        Some(
            Diagnostic::new(
                &RULE,
                title.span,
                format!(
                    "title does not match the URL's slug: the slug has {{{}}}, not in the title; the title has {{{}}}, not in the slug",
                    show(&slug_only),
                    show(&title_only)
                ),
                "cited title",
            )
            .with_label(
                slug_span,
                format!("the slug reads “{}”", slug.words.join(" ")),
            )
            .with_help(
                "open the URL and compare its headline with the cited title: link the story the title names, or cite the headline the page shows (if the page's headline is this title, the story was retitled and the reference is right)",
            )
            .with_reference(r.key.clone())
            .with_url(Some(url.text.clone())),
        )
    }
}

/// What makes a headline one story rather than another: the names it
/// mentions and the numbers it states. Common words (`approves`,
/// `expansion`, `says`) are shared by many stories; these are not.
#[derive(Debug, Default)]
struct Distinctive {
    /// Stems of the capitalised words that do not open the title or one of
    /// its parts, when the title is in
    /// sentence case (in Title Case every word is capitalised, so case says
    /// nothing and no names are taken).
    names: Vec<String>,
    /// Numbers, digits only (`1,200` → `1200`, `$310m` → `310`).
    numbers: Vec<String>,
    /// Every stem and number of the title, to look the other's up in.
    all: Vec<String>,
    /// The names and numbers as written, for the message.
    shown: Vec<String>,
}

impl Distinctive {
    fn of(title: &str) -> Distinctive {
        let folded = normalize::fold_accents(title);
        let mut out = Distinctive::default();
        let mut lettered = 0;
        let mut capitalised = Vec::new();
        // Each part of a headline (`Analysis: Commission approves …`,
        // `… | The Guardian`) opens with a capital whatever the word.
        let parts = folded.split([':', '|', '—', '–', '?', '!', '·']);
        for (i, w) in parts.flat_map(|p| p.unicode_words().enumerate()) {
            let lower = w.to_lowercase();
            let digits: String = w.chars().filter(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                out.shown.push(w.to_string());
                out.numbers.push(digits.clone());
                out.all.push(digits);
                continue;
            }
            let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.is_empty() || words::is_stopword(&letters) {
                continue;
            }
            let stem = words::stem(&letters);
            out.all.push(stem.clone());
            if i == 0 {
                continue;
            }
            lettered += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                capitalised.push((stem, w.to_string()));
            }
        }
        let title_case = lettered >= 3 && capitalised.len() * 4 >= lettered * 3;
        if !title_case {
            for (stem, surface) in capitalised {
                out.names.push(stem);
                out.shown.push(surface);
            }
        }
        let mut seen = Vec::new();
        out.shown.retain(|w| {
            let new = !seen.contains(w);
            seen.push(w.clone());
            new
        });
        for list in [&mut out.names, &mut out.numbers] {
            list.sort();
            list.dedup();
        }
        out
    }

    /// Whether `self` (the cited title) and `other` (a page title) name
    /// different stories: each names people or places and most of either's
    /// are missing from the other (`Zoë Brontë wins the Booker prize` /
    /// `Søren Ødegaard wins the Booker prize`), or each states numbers and
    /// none is shared. A number is weaker evidence (a headline's toll or
    /// score is updated as a story develops), so differing numbers count
    /// only when no name is shared, and shared numbers outweigh names.
    fn conflicts(&self, other: &Distinctive) -> bool {
        let found = |x: &str, ys: &[String]| ys.iter().any(|y| x == y || same(x, y));
        let hits = |a: &Distinctive, b: &Distinctive| {
            a.names.iter().filter(|n| found(n, &b.all)).count()
        };
        let (mine, theirs) = (hits(self, other), hits(other, self));
        let names_shared = mine + theirs > 0;
        let numbers_shared = self.numbers.iter().any(|n| other.numbers.contains(n));
        let names_differ = !self.names.is_empty()
            && !other.names.is_empty()
            && mine * 2 < self.names.len()
            && theirs * 2 < other.names.len();
        let numbers_differ =
            !self.numbers.is_empty() && !other.numbers.is_empty() && !numbers_shared;
        (names_differ && !numbers_shared) || (numbers_differ && !names_shared)
    }
}

/// Distinct content words as (stem, first surface form); numbers dropped.
fn content(surface: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for w in surface {
        if words::is_stopword(w) || w.chars().count() < 2 || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let stem = words::stem(w);
        if !out.iter().any(|(s, _)| *s == stem) {
            out.push((stem, w.clone()));
        }
    }
    out
}

/// Whether two stems name the same word: equal, or one a prefix of the
/// other of four letters or more (`beij` ↔ `beijing`, `blinkens`).
fn same(a: &str, b: &str) -> bool {
    let close = |a: &str, b: &str| {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short == long || (short.len() >= 4 && long.starts_with(short))
    };
    // Slugs spell umlauts out (`Förde` → `foerde`, `Lärm` → `laerm`) where
    // the folded title drops them (`forde`).
    close(a, b) || close(&spelled_out(a), &spelled_out(b))
}

/// A word with the spelled-out umlauts of German slugs folded back:
/// `ae`, `oe`, `ue` → `a`, `o`, `u`.
fn spelled_out(w: &str) -> String {
    w.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(s: &str) -> Vec<String> {
        content(&normalize::words(s))
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn content_words_are_stemmed_and_distinct() {
        assert_eq!(
            words_of("Blinken's visits: visit expectations 2023"),
            vec!["blinken", "visit", "expect"]
        );
    }

    fn findings(title: &str, url: &str) -> usize {
        let text = format!("A claim.[1]\n\nReferences\n1. “{title}” CNN, 2023, {url}\n");
        let doc = crate::document::parse_text(&text, crate::source::Format::Text);
        let config = crate::config::Config::default();
        let ctx = Context::new(&text, &doc, &config);
        check(&ctx).len()
    }

    #[test]
    fn shortened_and_retitled_slugs_are_not_flagged() {
        let cases = [
            (
                "Biden signs sweeping executive order on artificial intelligence safety",
                "https://x.com/2023/10/30/biden-ai-executive-order.html",
            ),
            (
                "Russia's Wagner chief Prigozhin presumed dead in plane crash",
                "https://x.com/world/wagner-boss-plane-crash-russia-123456",
            ),
            (
                "Prix du café en hausse",
                "https://www.lemonde.fr/economie/article/2023/03/03/prix-du-cafe.html",
            ),
            (
                "Coffee prices rise sharply",
                "https://www.lemonde.fr/economie/article/2023/03/03/le-prix-du-cafe-augmente.html",
            ),
            (
                "Lärm an der Förde",
                "https://www.beispiel-zeitung.de/lokales/laerm-an-der-foerde",
            ),
            (
                "Blinken lands in China on rare trip with hopes low for any breakthrough",
                "https://www.channelnewsasia.com/world/blinken-arrive-beijing-hopes-low-breakthrough-3569686",
            ),
        ];
        for (title, url) in cases {
            assert_eq!(findings(title, url), 0, "{title} ↔ {url}");
        }
        assert_eq!(
            findings(
                "China's exports fall sharply as demand weakens",
                "https://x.com/2023/06/07/apple-unveils-vision-pro-headset.html"
            ),
            1
        );
    }

    /// Whether the cited title is reported against a page with these titles.
    fn page_mismatch(cited: &str, page_titles: &[&str]) -> bool {
        let text = format!("A claim.[1]\n\nReferences\n1. “{cited}” Example, 2024, https://example.com/a?id=17\n");
        let doc = crate::document::parse_text(&text, crate::source::Format::Text);
        let r = &doc.references[0];
        let page = crate::net::PageFacts {
            titles: page_titles
                .iter()
                .map(|t| ("og:title".to_string(), t.to_string()))
                .collect(),
            ..Default::default()
        };
        let (Some(title), Some(url)) = (&r.title, &r.url) else {
            panic!("entry parsed without title or URL");
        };
        page_finding(r, title, url.span, &url.text, &page).is_some()
    }

    #[test]
    fn page_titles_of_the_same_story_pass() {
        for (cited, page) in [
            (
                "Commission approves Harbor's bigger-than-planned expansion",
                "Commission approves Harbor’s bigger-than-planned expansion | The Boston Globe",
            ),
            (
                "Commission approves Harbor's bigger-than-planned expansion",
                "COMMISSION APPROVES HARBOR'S BIGGER-THAN-PLANNED EXPANSION",
            ),
            (
                "Commission approves Harbor's bigger-than-planned expansion",
                "Commission approves Harbor's bigger-than-planned expansion: what it means for ferries",
            ),
            (
                "Commission approves Harbor's bigger-than-planned expansion after a long fight",
                "Commission approves Harbor's bigger-than-planned…",
            ),
            (
                "Zürich votes to close its last coal plant by 2030",
                "Zurich votes to close its last coal plant by 2030 - SWI swissinfo.ch",
            ),
            (
                "Fire kills 12 in Lagos market",
                "Lagos market fire: death toll rises to 15",
            ),
            (
                "Zoë Brontë wins the Booker prize for her novel about Malmö",
                "Zoe Bronte wins the Booker Prize | Books | The Guardian",
            ),
            (
                "Blinken Meets Xi in Beijing as Both Sides Seek Stability",
                "Blinken meets Xi in Beijing as both sides seek stability",
            ),
        ] {
            assert!(!page_mismatch(cited, &[page]), "{cited} ↔ {page}");
        }
    }

    #[test]
    fn page_titles_of_another_story_are_reported() {
        for (cited, page) in [
            // Shared common words, different place and people.
            (
                "Commission approves Harbor's bigger-than-planned expansion",
                "Commission approves Eastside school expansion plan",
            ),
            (
                "Mayor Ortiz says Riverside bridge will reopen in June",
                "Mayor Chen says Hillcrest bridge will reopen in spring",
            ),
            // Shared common words, different numbers, no shared name.
            (
                "Council approves 40 new homes on the waterfront",
                "Council approves 250 new homes near the stadium",
            ),
            (
                "Zoë Brontë wins the Booker prize for her novel about Malmö",
                "Søren Ødegaard wins the Booker prize for his novel about Tromsø",
            ),
        ] {
            assert!(page_mismatch(cited, &[page]), "{cited} ↔ {page}");
        }
    }

    #[test]
    fn same_word_by_stem_or_prefix() {
        assert!(same("blinken", "blinken"));
        assert!(same("expect", "expectations"));
        assert!(!same("us", "usa"));
        assert!(same("laerm", "larm"));
        assert!(same("foerd", "forde"));
    }
}
