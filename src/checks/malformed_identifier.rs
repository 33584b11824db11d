//! CC305 malformed-identifier: a DOI, ISBN, ISSN, arXiv or PubMed identifier
//! in a reference that cannot exist (syntax, length, check digit).

use super::rule::{Check, Rule};
use super::Context;
use crate::document::{Reference, Span};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::identifiers::{self, Found};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC305",
        name: "malformed-identifier",
        severity: Severity::Error,
        needs: Needs::Text,
        summary: "a DOI, ISBN, ISSN, arXiv or PubMed identifier in a reference that cannot be valid (syntax, checksum)",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Reads the identifiers in each reference, in its text and in its URL, and
reports the ones that cannot exist:

- DOIs (`doi:10.1038/nphys1170`, `DOI 10.1038/…`, a bare `10.NNNN/…`, or
  `https://doi.org/10.…`): the directory code must be `10.`, the
  registrant code four or more digits, and a suffix must follow the `/`.
- ISBN-10 and ISBN-13 (`ISBN 978-0-306-40615-7`, with hyphens or spaces):
  10 or 13 digits, an ISBN-13 starting 978 or 979, and the check digit
  (the help says what it should be).
- ISSN (`ISSN 0378-5955`): seven digits and a check character.
- arXiv (`arXiv:2301.12345`, `arxiv.org/abs/…`): the new form YYMM.NNNN
  (from 0704) or YYMM.NNNNN (from 1501) with a real month, or the old form
  `archive/YYMMNNN` (1991–2007).
- PMID (one to eight digits) and PMCID (`PMC` and digits), also in
  PubMed and PubMed Central URLs.

The finding points at the identifier itself.

## Why it matters
A machine-written reference list often invents identifiers that look
right. A DOI with an impossible prefix or an ISBN with a wrong check digit
names no work: the reader cannot find what was cited.

## Example
```text
1. Smith, J. “Tidal power” Energy Review, 2021, ISBN 978-0-306-40615-8, https://energy.example/tidal
```
The ISBN's check digit should be 7.

## Use instead
Copy the identifier from the work itself (its copyright page, the
publisher's page, the DOI landing page).

## Online
With the link stage, a well-formed DOI written in a reference's text is
looked up at the DOI resolver (`[links] doi-resolver`, default
`https://doi.org/`, cached like any URL): a DOI the resolver does not know
is a dead reference (CC401), and the landing page's title is compared with
the cited title (CC303) like any page.

## Never flagged
- A label with no identifier after it (`DOI not available`).
- Numbers in ordinary URLs: only DOI resolvers, arXiv, PubMed and `isbn=`
  or `/isbn/` links are read.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let url = r.url.as_ref();
        for (span, found) in identifiers_of(ctx.text, r) {
            let in_url = url.filter(|u| u.span.start <= span.start && span.end <= u.span.end);
            let Some(problem) = &found.problem else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    span,
                    format!("malformed {}: `{}` cannot be valid", found.kind.name(), found.value),
                    format!("this {} cannot exist", found.kind.name()),
                )
                .with_help(format!(
                    "{problem}; copy the identifier from the work itself"
                ))
                .with_reference(r.key.clone())
                .with_url(in_url.map(|u| u.text.clone())),
            );
        }
    }
    out
}

/// Every identifier of a reference with its span in the document: those in
/// its text (the URL blanked out, so nothing is read twice) and those its
/// URL names by its form.
pub fn identifiers_of(text: &str, r: &Reference) -> Vec<(Span, Found)> {
    let entry = &text[r.span.range()];
    let mut blanked = entry.to_string();
    let mut out = Vec::new();
    if let Some(url) = &r.url {
        if url.span.start >= r.span.start && url.span.end <= r.span.end {
            let range = url.span.start - r.span.start..url.span.end - r.span.start;
            blanked.replace_range(range.clone(), &" ".repeat(range.len()));
        }
        for f in identifiers::find_in_url(&text[url.span.range()]) {
            let span = Span::new(url.span.start + f.span.start, url.span.start + f.span.end);
            out.push((span, f));
        }
    }
    for f in identifiers::find(&blanked) {
        // The same identifier in the text and the URL is one finding, on the text.
        out.retain(|(_, u): &(Span, Found)| !(u.kind == f.kind && u.value == f.value));
        let span = Span::new(r.span.start + f.span.start, r.span.start + f.span.end);
        out.push((span, f));
    }
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// The well-formed DOI written in a reference's text (not its URL), the
/// one the link stage looks up at the DOI resolver.
pub fn text_doi(text: &str, r: &Reference) -> Option<(Span, String)> {
    let url_span = r.url.as_ref().map(|u| u.span);
    identifiers_of(text, r).into_iter().find_map(|(span, f)| {
        let in_url = url_span.is_some_and(|u| u.start <= span.start && span.end <= u.end);
        (f.kind == identifiers::Kind::Doi && f.problem.is_none() && !in_url)
            .then_some((span, f.value))
    })
}

/// The resolver URL a DOI is looked up at: `resolver` with the DOI
/// appended (`?` and `#` escaped, so they stay part of the DOI).
pub fn doi_link(resolver: &str, doi: &str) -> Option<url::Url> {
    let mut base = resolver.trim().to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    let escaped = doi.replace('?', "%3F").replace('#', "%23");
    url::Url::parse(&format!("{base}{escaped}")).ok()
}

/// The DOI a URL on a DOI resolver names (doi.org, dx.doi.org, or under
/// the configured resolver's URL), so that the DOI is the link itself.
pub fn resolver_doi(url: &url::Url, resolver: &str) -> Option<String> {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let rest = if matches!(host.as_str(), "doi.org" | "dx.doi.org" | "www.doi.org") {
        url.path().trim_start_matches('/').to_string()
    } else {
        let base = url::Url::parse(resolver).ok()?;
        let prefix = base.as_str().trim_end_matches('/');
        url.as_str().strip_prefix(prefix)?.trim_start_matches('/').to_string()
    };
    Some(rest)
}

/// The DOI of a reference to look up at the resolver, with its span and
/// the resolver URL: a well-formed DOI in its text, when its own URL is
/// not already a DOI link.
pub fn doi_lookup(text: &str, r: &Reference, resolver: &str) -> Option<(Span, String, url::Url)> {
    if let Some(Ok(u)) = r.url.as_ref().map(|u| &u.parsed) {
        if resolver_doi(u, resolver).is_some() {
            return None;
        }
    }
    let (span, doi) = text_doi(text, r)?;
    let link = doi_link(resolver, &doi)?;
    Some((span, doi, link))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::Source;

    fn run(text: &str) -> Vec<Diagnostic> {
        let source = Source::new("t.txt", text.to_string());
        let doc = crate::document::parse(&source);
        let config = Config::default();
        let ctx = Context::new(text, &doc, &config);
        check(&ctx)
    }

    #[test]
    fn points_at_the_identifier() {
        let text = "Tidal power grew.[1]\n\nReferences\n1. “Tidal power” Energy Review, 2021, ISBN 978-0-306-40615-8, https://energy.example/tidal\n";
        let d = run(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.range()], "978-0-306-40615-8");
        assert!(d[0].help.as_deref().unwrap_or("").contains("should be 7"));
        let ok = text.replace("40615-8", "40615-7");
        assert!(run(&ok).is_empty());
    }

    #[test]
    fn reads_the_url_once() {
        let text = "Tidal power grew.[1]\n\nReferences\n1. “Tidal power” Energy Review, 2021, https://doi.org/10.12/tidal\n";
        let d = run(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.range()], "10.12/tidal");
    }

    #[test]
    fn non_ascii_crlf_and_text_dois() {
        let text = "\u{feff}Le café a fermé 🎉.[1]\r\n\r\nReferences\r\n1. “Café « fermé »” Revue, 2021, doi:10.1038/café, ISSN 0378-5956, https://revue.example/café\r\n";
        let d = run(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.range()], "0378-5956");
        let source = Source::new("t.txt", text.to_string());
        let doc = crate::document::parse(&source);
        let (span, doi) = text_doi(text, &doc.references[0]).expect("a DOI");
        assert_eq!(doi, "10.1038/café");
        assert_eq!(&text[span.range()], "10.1038/café");
    }
}
