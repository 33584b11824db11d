//! CC303 title-mismatch: the cited title and the URL's slug name different stories.

use super::rule::{Check, Rule};
use super::Context;
use crate::document::Span;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::{normalize, slugs, words};

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
                    out.extend(page_finding(r, title, url, page));
                }
            }
            None => out.extend(from_slug),
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
    url: &crate::document::UrlField,
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
        if shared >= 2 && shared * 3 >= cited.len().min(words.len()) {
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
    Some(
        Diagnostic::new(
            &RULE,
            title.span,
            format!("title does not match the page's own title: the page is titled “{shown}”"),
            "cited title",
        )
        .with_label(url.span, format!("this page's {source} is “{shown}”"))
        .with_help(
            "the evidence is the page itself: link the story the title names, or cite the headline the page shows",
        )
        .with_reference(r.key.clone())
        .with_url(Some(url.text.clone())),
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
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() >= 4 && long.starts_with(short))
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

    #[test]
    fn same_word_by_stem_or_prefix() {
        assert!(same("blinken", "blinken"));
        assert!(same("expect", "expectations"));
        assert!(!same("us", "usa"));
    }
}
