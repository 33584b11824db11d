//! CC403 redirected-link: a permanent move, or a bounce to a home page or an
//! error path.

use crate::model::Fix;
use super::rule::{Check, Rule};
use super::{links, Context};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::net::Outcome;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC403",
        name: "redirected-link",
        severity: Severity::Warning,
        needs: Needs::LinkStatus,
        summary: "the URL redirects elsewhere: a permanent move or a bounce to a home page",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Follows each URL's redirects and reports:

- a permanent redirect (301 or 308) to another URL: the help gives the
  new URL to cite;
- any redirect that lands on the site's home page or on an error path
  (`/404`, `notfound`): the page is most likely gone, and the site sends
  every missing page there.

## Why it matters
A moved page should be cited at its address; a page that bounces to the
home page no longer supports the claim.

## Example
```text
1. “Budget passes” Example News, 2 May 2024, http://news.example/budget-passes
```
The server answers `301 Moved Permanently` to
`https://news.example/2024/05/02/budget-passes`.

## Use instead
Cite the new URL; for a bounce to the home page, find the page's new
address or an archived copy.

## Never flagged
- Moves that only upgrade to https, add or drop `www.` or a trailing
  slash.
- Temporary redirects (302, 303, 307) to a page that is not the home page
  or an error page.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (r, url, facts) in links::checked(ctx) {
        if !matches!(facts.outcome, Outcome::Alive { .. }) || facts.redirects.is_empty() {
            continue;
        }
        let target = facts.final_url();
        let d = if bounced(&facts.url, target) {
            Diagnostic::new(
                &RULE,
                url.span,
                format!("link redirects to {target}: the page is likely gone"),
                "redirects to the site's home or error page",
            )
            .with_help("find the page's new address (search the site for its title) or link an archived copy")
        } else if matches!(facts.redirects.first().map(|h| h.status), Some(301 | 308))
            && !links::trivially_same(&facts.url, target)
        {
            Diagnostic::new(
                &RULE,
                url.span,
                format!("link has moved permanently to {target}"),
                "moved permanently",
            )
            .with_help(format!("cite the new URL: {target}"))
        } else {
            continue;
        };
        out.push(
            d.with_reference(r.key.clone())
                .with_url(Some(url.text.clone())),
        );
    }
    out
}

/// A redirect from a page to the home page or an error path.
pub fn bounced(from: &str, to: &str) -> bool {
    (links::is_home(to) && !links::is_home(from)) || links::is_error_path(to)
}

/// Cite the target of a permanent move: every hop a 301 or 308, and not a
/// bounce to a home or error page (whose target is not the page).
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let (_, url, facts) = links::checked(ctx).find(|(_, u, _)| u.span == d.span)?;
    let target = facts.final_url();
    let permanent = !facts.redirects.is_empty()
        && facts.redirects.iter().all(|h| matches!(h.status, 301 | 308));
    if !matches!(facts.outcome, Outcome::Alive { .. })
        || !permanent
        || bounced(&facts.url, target)
        || links::trivially_same(&facts.url, target)
        || target.chars().any(char::is_whitespace)
    {
        return None;
    }
    Fix::safe(
        format!("cite the new URL {target}"),
        vec![crate::model::Edit::replace(url.span, target.to_string())],
    )
}
