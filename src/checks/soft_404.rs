//! CC404 soft-404: a page that answers 200 but says it is not there.

use super::rule::{Check, Rule};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use std::sync::LazyLock;

use regex::Regex;

use super::{links, redirected_link, Context};
use crate::net::{LinkFacts, Outcome};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC404",
        name: "soft-404",
        severity: Severity::Warning,
        needs: Needs::Page,
        summary: "the page answers 200 but is an error or placeholder page",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Reads the page behind each URL that answers 200 and reports it when
- its title or main heading says the page is missing (“Page not found”,
  “404”, “This page is no longer available”, “does not exist”), or
- it is the very page the server returns for a random path beside it
  (citecheck asks for one such path once per host).

## Why it matters
Many sites answer every missing page with a 200 and an error or
placeholder page: a status check alone calls the link alive.

## Example
```text
1. “Budget passes” Example News, 2 May 2024, https://news.example/2024/05/02/budget-passes
```
The server answers 200 with `<title>Page not found | Example News</title>`.

## Use instead
Find the page's new address or link an archived copy.

## Never flagged
- A redirect to the home page (that is CC403).
- A home page itself.
"#;

static NOT_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(page (was )?not found|\bnot found\b|^\s*404\b|\b(error|page)\s*404\b|\b404\s*(error|page|-|\|)|page (is )?(unavailable|no longer available)|no longer available|does(n't| not) exist|(can ?not|can't|couldn't|could not) (be )?find|cannot be found|can't be found|page (is )?missing)",
    )
    .expect("static regex")
});

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (r, url, facts) in links::checked(ctx) {
        let Outcome::Alive { status } = &facts.outcome else {
            continue;
        };
        if redirected_link::bounced(&facts.url, facts.final_url()) {
            continue;
        }
        let Some(message) = error_page(facts) else {
            continue;
        };
        let message = format!("the page answers {status} but {message}");
        out.push(
            Diagnostic::new(&RULE, url.span, message, "soft 404")
                .with_help("find the page's new address (search the site for its title) or link an archived copy")
                .with_reference(r.key.clone())
                .with_url(Some(url.text.clone())),
        );
    }
    out
}

/// Why a live page is an error or placeholder page, if it is one.
pub fn error_page(facts: &LinkFacts) -> Option<String> {
    let page = facts.page.as_ref()?;
    let says = page
        .titles
        .iter()
        .filter(|(source, _)| matches!(source.as_str(), "title" | "h1" | "og:title"))
        .find(|(_, t)| NOT_FOUND.is_match(t));
    match says {
        Some((source, t)) => Some(format!(
            "its {} says “{t}”: it is an error page",
            if source == "h1" { "heading" } else { "title" }
        )),
        None if facts.same_as_missing_sibling && !links::is_home(facts.final_url()) => Some(
            "it is the same page the site returns for a path that does not exist: a placeholder"
                .to_string(),
        ),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::NOT_FOUND;

    #[test]
    fn error_titles() {
        for t in [
            "Page not found | CNN",
            "404",
            "Error 404 - Example",
            "This page is no longer available",
            "Sorry, we can't find that page",
        ] {
            assert!(NOT_FOUND.is_match(t), "{t}");
        }
        for t in [
            "Route 4040 reopens",
            "Blinken lands in China",
            "Found: the missing Picasso",
        ] {
            assert!(!NOT_FOUND.is_match(t), "{t}");
        }
    }
}
