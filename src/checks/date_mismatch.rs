//! CC302 date-mismatch: the cited date is not the date written in the URL.

use super::rule::{Check, Rule};
use super::Context;
use crate::calendar::{self, CitedDate};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity, Span};
use crate::text::url_dates;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC302",
        name: "date-mismatch",
        severity: Severity::Warning,
        needs: Needs::TextOrPage,
        summary: "the cited date disagrees with the URL's date or the page's publication date",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Reads the publication date many sites write into their URLs and compares
it with the reference's cited date, offline:

- path dates: `/2023/06/17/`, `/2023/6/16/`, `/2023/jun/12/`,
  `/2023-06-17/` or `…-2023-06-17/`, `/20230617/`, `/2023-03/04/`,
  `/202306/17/`, and a month alone in permalinks such as `/2023/06/slug`;
- query dates: `?date=2023-06-17`, `?d=20230617`, `pubdate=`,
  `published=`, `?year=2023&month=6&day=17`.

The two are compared at the coarser precision: a cited `Jun 2023` only
checks the month, a cited `2023` only the year, and a URL month
(`/2023/06/`) only the month. A difference of one day is reported at
`info`, because it is usually a time zone: US outlets publish in the
evening, when it is already the next day in Asia and Europe, and the
article may use its own local date. Two days or more is a `warning`.

## Why it matters
The URL's date is the day the page was published. A reference that gives
another date either cites a different story than it links, or gives the
reader a wrong date to find and judge it by.

## Example
```text
1. “Blinken lands in China” CNN, 18 Jun. 2023, https://www.cnn.com/2023/06/17/politics/blinken-beijing-visit-expectations/index.html
```

## Use instead
Open the page, check its dateline, and cite the publication date it shows
(or link the story the date belongs to).

## Never flagged
- URLs with no date in them, or with two dates that disagree (then the
  URL is no evidence).
- Access dates (“Retrieved 3 May 2023”, “Accessed …”): the day you read a
  page is not the day it was published.
- A cited date that cannot be read (that is CC004).

## Configuration
```toml
[references]
date-info-days = 1     # 1 to this many days apart: info (0: never info)
date-warning-days = 2  # at least this many days apart: warning
```
Differences between the two thresholds are not reported.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let limits = &ctx.config.references;
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let (Some(date), Some(url)) = (&r.date, &r.url) else {
            continue;
        };
        if date.access || url.parsed.is_err() {
            continue;
        }
        let Some(cited) = date.value else { continue };
        let raw = &ctx.text[url.span.range()];
        let Some(found) = url_dates::date(raw) else {
            continue;
        };
        let apart = calendar::days_apart(cited, found.date);
        let Some(severity) = severity_for(apart, limits) else {
            continue;
        };
        let url_date = found.date.to_string();
        let direction = if calendar::is_later(cited, found.date) {
            "after"
        } else {
            "before"
        };
        let days = distance(cited, found.date, apart);
        let help = match severity {
            Severity::Info => format!(
                "one day apart is usually a time zone: US outlets publish in the evening, when it is already the next day in Asia and Europe, and the article may use its local date; check the page's dateline and cite the date it shows ({url_date} by the URL)"
            ),
            _ => format!(
                "check the page's publication date ({url_date} by the URL): the reference may link a different story than it describes, or give a wrong date"
            ),
        };
        let mut d = Diagnostic::new(
            &RULE,
            date.span,
            format!(
                "cited date {} is {days} {direction} the URL's date {url_date}",
                ctx.quote(date.span)
            ),
            "cited date",
        )
        .with_label(
            Span::new(url.span.start + found.start, url.span.start + found.end),
            format!("the URL is dated {url_date}"),
        )
        .with_help(help)
        .with_reference(r.key.clone())
        .with_url(Some(url.text.clone()));
        d.severity = severity;
        out.push(d);
    }
    out.extend(page_findings(ctx));
    out
}

/// CC302 with the page as evidence: the publication date the page gives
/// (JSON-LD `datePublished`, `citation_publication_date`,
/// `article:published_time`, …) disagrees with the cited date. Skipped when
/// the URL's date already says the same.
fn page_findings(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let limits = &ctx.config.references;
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let (Some(date), Some(url)) = (&r.date, &r.url) else {
            continue;
        };
        let (Some(cited), Ok(_), false) = (date.value, &url.parsed, date.access) else {
            continue;
        };
        let Some(page) = super::links::page_evidence(ctx, url) else {
            continue;
        };
        let Some((source, found)) = page
            .dates
            .iter()
            .find_map(|d| calendar::page_date(&d.text).map(|v| (d.source.as_str(), v)))
        else {
            continue;
        };
        if let Some(u) = url_dates::date(&ctx.text[url.span.range()]) {
            if calendar::days_apart(u.date, found) == 0 {
                continue;
            }
        }
        let apart = calendar::days_apart(cited, found);
        let Some(severity) = severity_for(apart, limits) else {
            continue;
        };
        let shown = found.to_string();
        let direction = if calendar::is_later(cited, found) {
            "after"
        } else {
            "before"
        };
        let days = distance(cited, found, apart);
        let mut d = Diagnostic::new(
            &RULE,
            date.span,
            format!(
                "cited date {} is {days} {direction} the page's own publication date {shown} (its {source})",
                ctx.quote(date.span)
            ),
            "cited date",
        )
        .with_label(url.span, format!("this page says it was published {shown}"))
        .with_help(format!(
            "the evidence is the page itself: cite the publication date it gives ({shown}), or link the story the date belongs to"
        ))
        .with_reference(r.key.clone())
        .with_url(Some(url.text.clone()));
        d.severity = severity;
        out.push(d);
    }
    out
}

/// How far apart, in the unit of the coarser precision: days, months or
/// years (a one-day gap across a boundary is said in days).
fn distance(a: CitedDate, b: CitedDate, days: i64) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if days <= 1 || (a.day.is_some() && b.day.is_some()) {
        return plural(days, "day");
    }
    match calendar::months_apart(a, b) {
        Some(months) => plural(months, "month"),
        None => plural(i64::from(a.year - b.year).abs(), "year"),
    }
}

/// How far apart is reported how loudly: within `date-info-days` as info
/// (time zones), from `date-warning-days` on as warning, nothing between or
/// at zero. One rule for the URL's date and the page's.
fn severity_for(apart: i64, limits: &crate::config::ReferencesConfig) -> Option<Severity> {
    if apart == 0 {
        None
    } else if apart >= i64::from(limits.date_warning_days) {
        Some(Severity::Warning)
    } else if apart <= i64::from(limits.date_info_days) {
        Some(Severity::Info)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn run(entry: &str, config: &Config) -> Vec<(Severity, String, String)> {
        let text = format!("A claim.[1]\n\nReferences\n1. {entry}\n");
        let doc = crate::document::parse_text(&text, crate::source::Format::Text);
        let ctx = Context::new(&text, &doc, config);
        check(&ctx)
            .into_iter()
            .map(|d| {
                let label = d
                    .labels
                    .get(1)
                    .map_or(String::new(), |l| text[l.span.range()].to_string());
                (d.severity, text[d.span.range()].to_string(), label)
            })
            .collect()
    }

    const URL: &str = "https://www.cnn.com/2023/06/17/politics/blinken-visit/index.html";

    #[test]
    fn one_day_is_info_more_is_warning() {
        let c = Config::default();
        let one = run(&format!("“T” CNN, 18 Jun. 2023, {URL}"), &c);
        assert_eq!(
            one,
            vec![(Severity::Info, "18 Jun. 2023".into(), "2023/06/17".into())]
        );
        let two = run(&format!("“T” CNN, 15 Jun. 2023, {URL}"), &c);
        assert_eq!(two[0].0, Severity::Warning);
        assert!(run(&format!("“T” CNN, 17 Jun. 2023, {URL}"), &c).is_empty());
    }

    #[test]
    fn compares_at_the_cited_precision() {
        let c = Config::default();
        assert!(run(&format!("“T” CNN, Jun 2023, {URL}"), &c).is_empty());
        assert!(run(&format!("“T” CNN, 2023, {URL}"), &c).is_empty());
        assert_eq!(
            run(&format!("“T” CNN, Aug 2023, {URL}"), &c)[0].0,
            Severity::Warning
        );
    }

    #[test]
    fn access_dates_and_dateless_urls_are_skipped() {
        let c = Config::default();
        assert!(run(&format!("“T” CNN. Retrieved 30 June 2023. {URL}"), &c).is_empty());
        assert!(run(
            "“T” CNN, 3 Jan. 2023, https://www.cnn.com/politics/blinken",
            &c
        )
        .is_empty());
    }

    #[test]
    fn thresholds_come_from_config() {
        let mut c = Config::default();
        c.references.date_info_days = 0;
        c.references.date_warning_days = 3;
        assert!(run(&format!("“T” CNN, 18 Jun. 2023, {URL}"), &c).is_empty());
        assert!(run(&format!("“T” CNN, 19 Jun. 2023, {URL}"), &c).is_empty());
        assert_eq!(
            run(&format!("“T” CNN, 20 Jun. 2023, {URL}"), &c)[0].0,
            Severity::Warning
        );
        c.references.date_info_days = 2;
        assert_eq!(
            run(&format!("“T” CNN, 19 Jun. 2023, {URL}"), &c)[0].0,
            Severity::Info
        );
    }
}
