//! CC401 dead-link: the URL is gone for good.

use crate::model::Fix;
use super::rule::{Check, Rule};
use super::{links, Context};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::net::{Dead, Outcome};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC401",
        name: "dead-link",
        severity: Severity::Error,
        needs: Needs::LinkStatus,
        summary: "the URL is gone for good (404, 410, unknown host, a DOI that does not exist, …)",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Fetches each unique URL of the run once (unless `--offline`) and reports
the ones that are gone for good: the server answers `404 Not Found` or
`410 Gone` (after any redirects), or the host name does not exist. A
well-formed DOI written in a reference's text (`doi:10.1038/…`) is looked
up at the DOI resolver (`[links] doi-resolver`, default `https://doi.org/`)
like any URL: a DOI the resolver does not know is reported here, on the
DOI, as a reference to a work that does not exist. When
a Wayback-compatible archive has a snapshot of the page, the help gives
its address (`--no-archive` skips the lookup).

With the link cache, each URL's recent checks are kept (`[links]
history`). A 404, 410 or unknown host on a URL never seen alive is dead at
once. A URL that answered before and now fails, or one that keeps timing
out or failing with 5xx or 429, is reported as CC402 with its history
("failing since 2026-11-30, 2 of 5 checks failed") until it has failed
`dead-after-failures` checks in a row (default 3) over at least
`dead-after` (default 2 days, Wikipedia's InternetArchiveBot's rule),
and then here.

## Why it matters
A reader who follows a dead link cannot check the claim it supports.

## Example
```text
1. “Blinken lands in China” CNN, 18 Jun. 2023, https://www.cnn.com/2023/06/17/politics/removed-story
```
The server answers 404.

## Use instead
Find the page's new address (search the site for its title) or link the
archived copy.

## Never flagged
- Bot walls, paywalls and rate limits (401, 403, 429, 999): CC402.
- A machine with no network at all: when every host fails to resolve,
  citecheck says so once instead of reporting each link.
- URLs matching `[links] exclude` or `--exclude`, and every URL with
  `--offline`.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let resolver = &ctx.config.links.doi_resolver;
    // A DOI written in a reference's text, looked up at the resolver.
    for r in &ctx.doc.references {
        let Some((span, doi, link)) = super::malformed_identifier::doi_lookup(ctx.text, r, resolver)
        else {
            continue;
        };
        let Some(facts) = ctx.links.and_then(|l| l.get(&link)) else {
            continue;
        };
        let Outcome::Dead(dead) = &facts.outcome else {
            continue;
        };
        let answer = match dead {
            Dead::Status { status } => format!("answers {status} {}", reason(*status)),
            Dead::UnknownHost { host } => format!("host {host} does not exist"),
            Dead::Failing { last } => format!(
                "has failed for days; last: {}",
                super::unreachable_link::describe(last).0
            ),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                span,
                format!("dead reference: the DOI {doi} does not exist (the DOI resolver {answer})"),
                "unknown DOI",
            )
            .with_help("check the DOI against the work itself (its first page or the publisher's page); a DOI the resolver does not know names no work")
            .with_reference(r.key.clone())
            .with_url(Some(link.to_string())),
        );
    }
    for (r, url, facts) in links::checked(ctx) {
        let Outcome::Dead(dead) = &facts.outcome else {
            continue;
        };
        let via = if facts.redirects.is_empty() {
            String::new()
        } else {
            format!(" (after redirecting to {})", facts.final_url())
        };
        let doi = url
            .parsed
            .as_ref()
            .ok()
            .and_then(|u| super::malformed_identifier::resolver_doi(u, resolver))
            .filter(|p| p.starts_with("10."));
        let (message, label) = match dead {
            Dead::Status { status } if doi.is_some() => (
                format!(
                    "dead link: the DOI {} does not exist (the DOI resolver answers {status} {}){via}",
                    doi.as_deref().unwrap_or_default(),
                    reason(*status)
                ),
                "unknown DOI".to_string(),
            ),
            Dead::Status { status } => (
                format!(
                    "dead link: the server answers {status} {}{via}",
                    reason(*status)
                ),
                format!("{status} {}", reason(*status)),
            ),
            Dead::UnknownHost { host } => (
                format!("dead link: the host {host} does not exist"),
                "unknown host".to_string(),
            ),
            Dead::Failing { last } => (
                format!(
                    "dead link: it keeps failing ({}){via}",
                    super::unreachable_link::describe(last).0
                ),
                "keeps failing".to_string(),
            ),
        };
        let message = match &facts.history {
            Some(h) => format!("{message}; {}", links::history_note(h)),
            None => message,
        };
        let help = match &facts.archived {
            Some(a) => format!("an archived copy exists: {a}; link it, or find the page's new address"),
            None => "find the page's new address (search the site for its title) or link an archived copy".to_string(),
        };
        out.push(
            Diagnostic::new(&RULE, url.span, message, label)
                .with_help(help)
                .with_reference(r.key.clone())
                .with_url(Some(url.text.clone())),
        );
    }
    out
}

pub fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// Cite the archived copy instead of the dead URL. Replaced, not added: a
/// reference holds one URL (a second would be read as neither), and the
/// archive's address keeps the original inside it, which CC301–CC303 read
/// through. Unsafe: the snapshot is the archive's closest, not checked to be
/// the page that was cited.
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let (_, url, facts) = links::checked(ctx).find(|(_, u, _)| u.span == d.span)?;
    let archived = facts.archived.as_deref()?;
    if !matches!(facts.outcome, crate::net::Outcome::Dead(_))
        || archived.chars().any(char::is_whitespace)
    {
        return None;
    }
    Fix::unsafe_(
        format!("cite the archived copy {archived}"),
        vec![crate::model::Edit::replace(url.span, archived.to_string())],
    )
}
