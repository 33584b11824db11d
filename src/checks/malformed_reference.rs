//! CC004 malformed-reference: an entry missing its URL or title, with a URL
//! that does not parse, or with a date that is not a date.

use super::rule::{Check, Rule};
use super::Context;
use crate::document::Reference;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC004",
        name: "malformed-reference",
        severity: Severity::Error,
        needs: Needs::Text,
        summary: "an entry with no URL, an unparsable URL, no title, or an unreadable date",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Checks each reference entry for the fields a reader needs to find the
source: a URL that parses, a title, and (when a date is given) a real date.
Each problem is reported on the field itself: the URL, the date, or the
entry when the field is missing.

An entry that is nothing but a URL (`[4] https://…`) is accepted: the URL
identifies the work, and many lists (Wikipedia exports, link lists) are
written that way. An entry with other text but no recognisable title is
reported. A date that names a day that does not exist (`31 Jun. 2023`,
`2023-02-30`) is reported; an entry with no date at all is not.

## Why it matters
A reference that cannot be followed cannot be checked, and a malformed
entry often means the generator invented or truncated it.

## Example
```text
3. “Blinken meets Wang Yi” Reuters, 31 Jun. 2023, www.reuters.com/world/…
4. [ERROR retrieving ref link]
```

## Use instead
```text
3. “Blinken meets Wang Yi” Reuters, 19 Jun. 2023, https://www.reuters.com/world/…
4. “Title of the page” Publisher, date, https://…
```
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let name = r
            .key
            .as_ref()
            .map_or_else(|| "entry".to_string(), |k| format!("reference {k}"));
        let base = |span, message: String, label: &'static str| {
            Diagnostic::new(&RULE, span, message, label)
                .with_reference(r.key.clone())
                .with_url(r.url.as_ref().map(|u| u.text.clone()))
        };
        match &r.url {
            None => out.push(
                base(r.span, format!("{name} has no URL"), "no URL in this entry")
                    .with_help("add the URL of the cited page (https://…)"),
            ),
            Some(url) => {
                if let Err(why) = &url.parsed {
                    out.push(
                        base(
                            url.span,
                            format!("{name} has an unparsable URL: {why}"),
                            "this URL does not parse",
                        )
                        .with_help("write the full URL, starting with https://"),
                    );
                }
            }
        }
        if r.title.is_none() && !r.bare_url && has_text_besides_url(ctx, r) {
            out.push(
                base(r.span, format!("{name} has no title"), "no title found in this entry")
                    .with_help("give the title of the cited page in quotation marks: “Title” Publisher, date, URL"),
            );
        }
        for date in r.date.iter().chain(&r.other_dates) {
            if date.value.is_none() {
                out.push(
                    base(
                        date.span,
                        format!("{name} has an unreadable date `{}`", date.text),
                        "not a valid date",
                    )
                    .with_help("write a real calendar date, e.g. 14 Jun. 2023 or 2023-06-14"),
                );
            }
        }
    }
    out
}

fn has_text_besides_url(ctx: &Context<'_>, r: &Reference) -> bool {
    let entry = &ctx.text[r.span.range()];
    let without_url = match &r.url {
        Some(u) => {
            let s = u.span.start.saturating_sub(r.span.start);
            let e = u.span.end.saturating_sub(r.span.start);
            format!(
                "{}{}",
                entry.get(..s).unwrap_or(""),
                entry.get(e..).unwrap_or("")
            )
        }
        None => entry.to_string(),
    };
    without_url.chars().filter(|c| c.is_alphabetic()).count() >= 2
}
