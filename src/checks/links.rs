//! What the online checks share: each reference's URL with the facts the
//! link stage found for it.

use super::Context;
use crate::document::{Reference, UrlField};
use crate::net::LinkFacts;

/// Every reference whose URL was checked, with its facts.
pub fn checked<'a>(
    ctx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a Reference, &'a UrlField, &'a LinkFacts)> + 'a {
    let links = ctx.links;
    ctx.doc.references.iter().filter_map(move |r| {
        let url = r.url.as_ref()?;
        let parsed = url.parsed.as_ref().ok()?;
        let facts = links?.get(parsed)?;
        Some((r, url, facts))
    })
}

/// The page behind a URL as evidence for CC301–CC303: a live page that is
/// not an error or placeholder page and not a bounce to the home page.
pub fn page_evidence<'a>(
    ctx: &'a Context<'_>,
    url: &UrlField,
) -> Option<&'a crate::net::PageFacts> {
    page_evidence_at(ctx, url.parsed.as_ref().ok()?)
}

/// The same, for any URL the link stage checked (a DOI's resolver link).
pub fn page_evidence_at<'a>(
    ctx: &'a Context<'_>,
    url: &url::Url,
) -> Option<&'a crate::net::PageFacts> {
    let facts = ctx.links?.get(url)?;
    if !matches!(facts.outcome, crate::net::Outcome::Alive { .. })
        || super::redirected_link::bounced(&facts.url, facts.final_url())
        || super::soft_404::error_page(facts).is_some()
    {
        return None;
    }
    facts.page.as_ref()
}

/// A failing link's history for its message: "failing since 2026-11-30,
/// 2 of 5 checks failed, last answered on 2026-11-29".
pub fn history_note(h: &crate::net::LinkHistory) -> String {
    let alive = h
        .last_alive
        .as_ref()
        .map_or(String::new(), |d| format!(", last answered on {d}"));
    format!(
        "failing since {}, {} of {} checks failed{alive}",
        h.failing_since, h.failures, h.checks
    )
}

/// Whether a URL's path is a site's home page.
pub fn is_home(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        matches!(u.path(), "/" | "" | "/index.html" | "/index.php" | "/home") && u.query().is_none()
    })
}

/// Whether a URL's path looks like an error page (`/404`, `notfound`).
pub fn is_error_path(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        let p = u.path().to_ascii_lowercase();
        p.split('/')
            .any(|seg| seg == "404" || seg.starts_with("404."))
            || p.contains("notfound")
            || p.contains("not-found")
            || p.contains("not_found")
            || p.contains("page-missing")
    })
}

/// Two URLs that differ only by scheme upgrade, `www.` or a trailing slash.
pub fn trivially_same(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let s = s
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let s = s.strip_prefix("www.").unwrap_or(s);
        s.trim_end_matches('/').to_ascii_lowercase()
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_and_error_paths() {
        assert!(is_home("https://a.example/"));
        assert!(!is_home("https://a.example/story"));
        assert!(is_error_path("https://a.example/404"));
        assert!(is_error_path("https://a.example/errors/notfound?x=1"));
        assert!(!is_error_path("https://a.example/route-4040"));
        assert!(trivially_same(
            "http://a.example/x",
            "https://www.a.example/x/"
        ));
        assert!(!trivially_same("http://a.example/x", "https://a.example/y"));
    }
}
