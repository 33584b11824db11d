//! CC304 unreliable-source: the cited site is one Wikipedia's editors agree
//! should not be cited (the perennial sources list, or `[sources]`).

use super::perennial::{self, Entry, Site, Verdict, LIST_DATE};
use super::rule::{Check, Rule};
use super::Context;
use crate::document::{Reference, Span, UrlField};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::urls;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC304",
        name: "unreliable-source",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "the cited site is deprecated, blacklisted or generally unreliable on a source-reliability list (info for \"no consensus\")",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Looks each reference's URL up in Wikipedia's "Reliable sources/Perennial
sources" list, shipped with citecheck as it stood on 2021-03-17 (329
sources; the text is Wikipedia's, CC BY-SA 3.0). The site is matched by its
registrable domain (`edition.cnn.com` is `cnn.com`), or by the host the list
names when that is a subdomain of its own (`baike.baidu.com`), and by the
path prefix the list gives (`www.afp.com/en`); labels and path segments are
compared whole, so `redstate.com` is never `state.gov`. An archive copy
(`web.archive.org/web/…/ORIGINAL`) is judged by the original.

- Deprecated, Blacklisted and Generally unreliable: a warning.
- No consensus: info, and only with `[sources] no-consensus = true`; a
  default run never shows it.
- Generally reliable, and sites the list does not name: nothing.

When several entries share a site (a source reliable for some topics and
not others: The Guardian and its blogs, Anadolu Agency's general and
political coverage), the warning is given only when every entry is
unreliable or worse; a mix counts as No consensus.

The message names the status and the source as the list names them; the
help quotes the first sentence of the list's summary.

## Why it matters
Editors have already discussed these sites, often many times, and agreed
that they are not to be relied on: content farms, state propaganda outlets,
tabloids that fabricated stories. A machine-written article cites whatever
its retrieval found.

## Example
```text
1. “Blinken lands in Beijing” RT, 18 Jun. 2023, https://www.rt.com/news/578000-blinken-beijing-visit/
```
RT is Deprecated on the list.

## Use instead
Cite a reliable source for the same fact: a wire service, a newspaper of
record, the primary document.

## Never flagged
- Sites the list rates Generally reliable, or does not list.
- No consensus, unless `[sources] no-consensus = true`.
- A site your configuration lists under `[sources] reliable`.

## Options
The list is old: newer sources are missing and some statuses have changed.
Add and override entries in `citecheck.toml` (a domain covers its
subdomains; `domain/path` covers that path and below). Your entries win
over the list:

```toml
[sources]
unreliable = ["example-news.com", "example.org/opinion"]
reliable = ["theguardian.com"]
no-consensus = true        # also report "No consensus" sites, at info
```
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let user_bad: Vec<Site> = sites(&ctx.config.sources.unreliable);
    let user_good: Vec<Site> = sites(&ctx.config.sources.reliable);
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let Some(url) = &r.url else { continue };
        if url.parsed.is_err() {
            continue;
        }
        let raw = &ctx.text[url.span.range()];
        let (offset, target) = urls::archived_target(raw).unwrap_or((0, raw));
        let Some(parts) = urls::split(target) else {
            continue;
        };
        let host = target[parts.host.clone()].to_ascii_lowercase();
        let path = &target[parts.path.clone()];
        let start = url.span.start + offset;
        let span = match urls::domain(target) {
            Some(d) => Span::new(start + d.range.start, start + d.range.end),
            None => Span::new(start + parts.host.start, start + parts.host.end),
        };
        // Your entries win over the list: the most specific one decides.
        let best = |list: &[Site]| {
            list.iter()
                .filter(|s| s.covers(&host, path))
                .map(Site::specificity)
                .max()
        };
        match (best(&user_bad), best(&user_good)) {
            (Some(bad), good) if good.is_none_or(|g| g < bad) => {
                out.push(configured(r, url, span, &host));
                continue;
            }
            (_, Some(_)) => continue,
            _ => {}
        }
        let entries = perennial::list().lookup(&host, path);
        let Some(verdict) = perennial::verdict(&entries) else {
            continue;
        };
        let diagnostic = match verdict {
            Verdict::Reliable => continue,
            Verdict::NoConsensus if !ctx.config.sources.no_consensus => continue,
            Verdict::NoConsensus => {
                let mut d = finding(r, url, span, &entries, "No consensus");
                d.severity = Severity::Info;
                d
            }
            Verdict::Bad(worst) => finding(r, url, span, &entries, worst.as_str()),
        };
        out.push(diagnostic);
    }
    out
}

fn sites(list: &[String]) -> Vec<Site> {
    list.iter().filter_map(|s| Site::parse(s)).collect()
}

fn finding(
    r: &Reference,
    url: &UrlField,
    span: Span,
    entries: &[&Entry],
    label: &str,
) -> Diagnostic {
    let list = "Wikipedia's perennial sources list";
    let message = match entries {
        [one] => format!(
            "unreliable source: {list} rates “{}” {}",
            one.name,
            one.status_text()
        ),
        many => {
            let each: Vec<String> = many
                .iter()
                .map(|e| format!("“{}” {}", e.name, e.status_text()))
                .collect();
            let overall = if many.iter().all(|e| e.worst().is_bad()) {
                "every entry for this site is unreliable or worse"
            } else {
                "its entries for this site differ, which counts as No consensus"
            };
            format!("unreliable source: {list} rates {}; {overall}", each.join(", "))
        }
    };
    let quotes: Vec<String> = entries
        .iter()
        .filter(|e| !e.summary.is_empty())
        .map(|e| format!("“{}”", e.summary))
        .collect();
    let mut help = String::new();
    if !quotes.is_empty() {
        help.push_str(&format!("the list says: {}; ", quotes.join(" / ")));
    }
    help.push_str(&format!(
        "cite a reliable source for this instead (the list as of {LIST_DATE}; override it with `[sources] reliable` in citecheck.toml)"
    ));
    Diagnostic::new(&RULE, span, message, label.to_string())
        .with_help(help)
        .with_reference(r.key.clone())
        .with_url(Some(url.text.clone()))
}

fn configured(r: &Reference, url: &UrlField, span: Span, host: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!("unreliable source: {host} is listed as unreliable in your configuration"),
        "unreliable (your configuration)",
    )
    .with_help("cite a reliable source for this instead (`[sources] unreliable` in citecheck.toml lists this site)")
    .with_reference(r.key.clone())
    .with_url(Some(url.text.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::Source;

    fn run(text: &str, config: &Config) -> Vec<Diagnostic> {
        let source = Source::new("t.txt", text.to_string());
        let doc = crate::document::parse(&source);
        let ctx = Context::new(text, &doc, config);
        check(&ctx)
    }

    fn article(url: &str) -> String {
        format!("Talks began.[1]\n\nReferences\n1. “Talks begin” Some Outlet, 18 Jun. 2023, {url}\n")
    }

    #[test]
    fn deprecated_unreliable_reliable() {
        let c = Config::default();
        let d = run(&article("https://www.rt.com/news/578000-talks/"), &c);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("Deprecated"), "{}", d[0].message);
        assert!(d[0].message.contains("RT (Russia Today)"), "{}", d[0].message);
        assert_eq!(d[0].severity, Severity::Warning);
        let text = article("https://www.rt.com/news/578000-talks/");
        assert_eq!(&text[d[0].span.range()], "rt.com");
        assert!(d[0].help.as_deref().unwrap_or("").contains("2021-03-17"));
        assert!(run(&article("https://www.reuters.com/world/x"), &c).is_empty());
        assert!(run(&article("https://www.art.com/news/x"), &c).is_empty());
    }

    #[test]
    fn archive_copies_are_judged_by_the_original() {
        let url = "https://web.archive.org/web/20230618000000/https://www.breitbart.com/politics/2023/06/18/talks/";
        let text = article(url);
        let d = run(&text, &Config::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.range()], "breitbart.com");
    }

    #[test]
    fn no_consensus_only_when_asked() {
        let text = article("https://www.aa.com.tr/en/politics/talks/1");
        assert!(run(&text, &Config::default()).is_empty());
        let mut c = Config::default();
        c.sources.no_consensus = true;
        let d = run(&text, &c);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
        assert!(d[0].message.contains("No consensus"), "{}", d[0].message);
    }

    #[test]
    fn configuration_overrides_both_ways() {
        let mut c = Config::default();
        c.sources.reliable = vec!["rt.com".into()];
        c.sources.unreliable = vec!["news.example/opinion".into()];
        assert!(run(&article("https://www.rt.com/news/1/"), &c).is_empty());
        let d = run(&article("https://www.news.example/opinion/1"), &c);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("your configuration"));
        assert!(run(&article("https://www.news.example/world/1"), &c).is_empty());
    }

    #[test]
    fn non_ascii_and_crlf_references() {
        let text = "\u{feff}Les pourparlers ont commencé « vite ».[1] 会谈开始了 🎉.[2]\r\n\r\nReferences\r\n1. “Café talks” Outlet, 18 Jun. 2023, https://www.rt.com/news/café/\r\n2. “会谈” Outlet, 18 Jun. 2023, https://例え.jp/news/1\r\n";
        let d = run(text, &Config::default());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.range()], "rt.com");
    }
}
