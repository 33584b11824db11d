//! CC402 unreachable-link: the URL could not be verified.

use super::rule::{Check, Rule};
use super::{dead_link::reason, links, Context};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::net::{Outcome, Unverified};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC402",
        name: "unreachable-link",
        severity: Severity::Warning,
        needs: Needs::LinkStatus,
        summary: "the URL could not be verified (timeout, 5xx or 429 after retries, TLS error, blocked address)",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Reports URLs whose state could not be established: no answer within the
timeout, a refused or reset connection, a TLS error, a server error (5xx)
or a rate limit (429) that lasted through the retries, a login, paywall or
bot wall (401, 403, 999), a redirect loop, or an address that is
loopback, private or link-local (refused unless `--allow-private`, on
every redirect hop, after DNS resolution). Each message says which.

A link that answered on an earlier run (the link history, kept beside
the cache) and fails now, even with a 404, is reported here with its
history ("failing since 2026-11-30, 2 of 5 checks failed, last answered
on 2026-11-29") rather than as dead: a site that is down for five minutes
must not fail CI. Once it has failed `[links] dead-after-failures` checks
in a row over `[links] dead-after`, it is CC401.

## Why it matters
These are not proof that a page is gone, but nobody could check it
either: open it by hand.

## Example
```text
1. “Quarterly results” Example Corp, 2 May 2024, https://example.com/investors/q1
```
The server answers 403 Forbidden to every request.

## Use instead
Open the link in a browser. If it is fine, accept the status
(`[links] accept = [403]`) or exclude the URL (`[links] exclude`).

## Never flagged
- URLs matching `[links] exclude` or `--exclude`, and everything with
  `--offline`.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (r, url, facts) in links::checked(ctx) {
        let Outcome::Unverified(why) = &facts.outcome else {
            continue;
        };
        let (message, label) = describe(why);
        let message = if matches!(why, Unverified::Blocked { .. }) {
            format!("link not checked: {message}")
        } else {
            format!("link could not be verified: {message}")
        };
        let message = match &facts.history {
            Some(h) => format!("{message}; {}", links::history_note(h)),
            None => message,
        };
        let help = match why {
            _ if facts.history.as_ref().is_some_and(|h| h.last_alive.is_some()) => "it answered before, so this may be a passing failure: it is reported dead (CC401) once it has failed `[links] dead-after-failures` checks in a row over `[links] dead-after`; open the link in a browser to see now".to_string(),
            Unverified::Blocked { .. } => "pass --allow-private (or `[links] allow-private = true` in a file named with --config) to check links to your own network".to_string(),
            Unverified::Dns { .. } => "the name server did not give an answer: check again later, or set `[links] nameservers` if this machine's resolver is at fault".to_string(),
            Unverified::Connection { message } if message.starts_with("TLS error") => "the site's HTTPS is broken (certificate or handshake): open it in a browser to see why; if the page is right, cite an archived copy or exclude the URL (`[links] exclude`)".to_string(),
            _ => "open the link in a browser; if it is fine, accept the status (`[links] accept`) or exclude the URL (`[links] exclude`)".to_string(),
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

/// What went wrong, as the tail of a message, and a label for the URL.
pub fn describe(why: &Unverified) -> (String, String) {
    match why {
            Unverified::Timeout { millis } => (
                format!(
                    "no answer within {}",
                    seconds(*millis)
                ),
                "timed out".to_string(),
            ),
            Unverified::Connection { message } => (
                format!("the connection failed ({message})"),
                if message.starts_with("TLS error") {
                    "TLS failed"
                } else {
                    "connection failed"
                }
                .to_string(),
            ),
            Unverified::Status { status } => {
                let why = match status {
                    401 | 403 | 999 => " (a login, paywall or bot wall is not proof the page is gone)",
                    429 => " after retries (rate limited)",
                    500..=599 => " after retries (a server error)",
                    _ => "",
                };
                (
                    format!(
                        "the server answers {status} {}{why}",
                        reason(*status)
                    ),
                    format!("{status} {}", reason(*status)),
                )
            }
            Unverified::Blocked { host, address } => (
                format!(
                    "{host} resolves to {address}, a private, loopback or link-local address (refused)"
                ),
                "private address".to_string(),
            ),
            Unverified::RedirectLoop { hops } => (
                format!("its redirects loop (after {hops} redirects)"),
                "redirect loop".to_string(),
            ),
            Unverified::TooManyRedirects { hops } => (
                format!("more than {} redirects", hops - 1),
                "too many redirects".to_string(),
            ),
            Unverified::Invalid { message } => (
                message.clone(),
                "not checked".to_string(),
            ),
            Unverified::Dns { host, message } => (
                format!("{host} could not be resolved ({message})"),
                "DNS failure".to_string(),
            ),
        }
}

fn seconds(millis: u64) -> String {
    if millis % 1000 == 0 {
        format!("{} s", millis / 1000)
    } else {
        format!("{} ms", millis)
    }
}
