//! CC301 publisher-mismatch: the cited publisher is not the site the URL is on.

use super::publishers::{ALIASES, CARRIERS, DOMAIN_TAILS, DOMAIN_WORDS, GENERIC, PLATFORMS};
use super::rule::{Check, Rule};
use super::Context;
use crate::config::Domains;
use crate::document::{Reference, Span};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use crate::text::urls::{self, Domain};
use crate::text::{normalize, words};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC301",
        name: "publisher-mismatch",
        severity: Severity::Warning,
        needs: Needs::TextOrPage,
        summary: "the cited publisher does not match the URL's site",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: None,
};

pub const EXPLANATION: &str = r#"
## What it does
Compares each reference's publisher with the registrable domain of its URL
(by the public suffix list: `www.bbc.co.uk` → `bbc.co.uk`), without any
network access. The publisher matches when any of these holds:

- its words spell the domain, whole or by initials, with a leading “The”
  and a trailing “News”, “Online” and the like optional:
  `The Daily Beast` ↔ `thedailybeast.com`, `Al Jazeera English` ↔
  `aljazeera.com`, `Council on Foreign Relations` ↔ `cfr.org`,
  `New York Post` ↔ `nypost.com`; any label of the host counts
  (`ABC News` ↔ `abcnews.go.com`);
- it is a broadcaster's call sign and channel number, which its domain
  may follow with a short tail of letters: `NBC4` ↔ `nbc4i.com`,
  `FOX 13` ↔ `fox13now.com` (another number is another station: `CBS2`
  is not `cbs21.com`);
- it is an acronym of the domain's words: `CNA` ↔ `channelnewsasia.com`;
- a distinctive word of it (four letters or more, not “News” or
  “Times”) opens or closes a label of the host, as an author's blog does:
  `Noah Smith` ↔ `noahpinion.blog`;
- it is the domain itself: `Reuters.com`;
- a built-in alias table says so, for the publishers most cited in news
  (wire services, national broadcasters and papers, governments and
  international organisations): `Department of State` ↔ `state.gov`,
  `AP` ↔ `apnews.com`, `BBC` ↔ `bbc.com` and `bbc.co.uk`, …;
- an alias in your configuration says so (see below).

The publisher is the first named segment after the title; names before
a title are its authors (`Maria Lopez. “Title.” The Wall Street Journal,
…` cites the Journal, not Maria Lopez).

## Why it matters
A reference whose publisher and URL disagree points the reader at a
different source than it names. Machine-written articles do this often:
the title and publisher of one story, the link of another.

## Example
```text
1. “Blinken lands in China” CNN, 18 Jun. 2023, https://www.bbc.co.uk/news/world-asia-china-65938431
```

## Use instead
Check which one is right: open the URL and cite the page's own publisher,
or replace the URL with the cited publisher's page.

## Never flagged
- Platforms where the publisher is a subdomain or a path: Substack,
  Medium, Blogspot/Blogger, WordPress.com, GitHub and GitHub Pages, GitLab,
  Tumblr, Ghost, social networks and video sites, and the shared government
  portals `gov.uk`, `europa.eu` and `canada.ca`.
- Sites that carry other publishers' work: web archives (an archived
  `web.archive.org/web/…/URL` is judged by the URL it preserves),
  aggregators and syndicators (Yahoo, MSN, Google News, Apple News), DOIs
  and journal hosts, document hosts, shops and link shorteners.
- A publisher the alias table does not know, on a site under a country
  domain where sites are usually named in another language (`.de`, `.hu`,
  `co.jp`, …): a translated name (`National Election Office` on
  `valasztas.hu`) spells nothing. A publisher the table knows is still
  reported there (`Reuters` on `spiegel.de`).
- A publisher with no Latin letters to compare, a URL whose host is an IP
  address or an internationalised domain, and an entry that names the
  site elsewhere (`“Title” by Jane Doe, CNN, …`).

## Adding an alias
When a publisher rightly publishes on a domain citecheck cannot guess, say
so in `citecheck.toml`; the name is compared case- and
punctuation-insensitively, and a domain also covers its subdomains:

```toml
[publishers]
"Example Gazette" = "gazette-online.example"
"Ministry of Truth" = ["minitrue.gov.oc", "truth.oc"]
```
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &ctx.doc.references {
        let (Some(publisher), Some(url)) = (&r.publisher, &r.url) else {
            continue;
        };
        if url.parsed.is_err() {
            continue;
        }
        let raw = &ctx.text[url.span.range()];
        let (offset, target) = urls::archived_target(raw).unwrap_or((0, raw));
        let host = urls::split(target)
            .map(|p| target[p.host].to_ascii_lowercase())
            .unwrap_or_default();
        if on_any(&host, CARRIERS) || !comparable(&publisher.text) {
            continue;
        }
        let Some(domain) = urls::domain(target) else {
            out.extend(page_finding(ctx, r, publisher, url, None));
            continue;
        };
        if on_any(&host, PLATFORMS) {
            continue;
        }
        let aliases = &ctx.config.publishers;
        if matches(&publisher.text, &domain, &host, aliases)
            || other_segments(ctx, r).any(|s| matches(s, &domain, &host, aliases))
        {
            out.extend(page_finding(ctx, r, publisher, url, Some((&domain, &host))));
            continue;
        }
        // A translated name (`National Election Office` on `valasztas.hu`)
        // spells nothing; there only a publisher the table knows is evidence.
        if foreign_country_domain(&domain.suffix)
            && known_domains(&publisher.text).is_empty()
            && !owned_by_known(&host)
        {
            continue;
        }
        let start = url.span.start + offset;
        let domain_span = Span::new(start + domain.range.start, start + domain.range.end);
        let name = publisher.text.trim();
        let known = known_domains(name);
        let mut help = String::from("check that the URL is the page this reference cites");
        match known.first() {
            Some(home) => help.push_str(&format!(
                " (“{name}” publishes on {home}) or correct the publisher to the site's own"
            )),
            None => help.push_str(" and that the publisher is the site's own"),
        }
        help.push_str(&format!(
            "; if “{name}” does publish on {}, add `\"{name}\" = \"{}\"` under [publishers] in citecheck.toml",
            domain.name, domain.name
        ));
        out.push(
            Diagnostic::new(
                &RULE,
                publisher.span,
                format!(
                    "publisher “{}” does not match the URL's site {}",
                    ctx.quote(publisher.span),
                    domain.name
                ),
                "cited publisher",
            )
            .with_label(domain_span, format!("the URL is on {}", domain.name))
            .with_help(help)
            .with_reference(r.key.clone())
            .with_url(Some(url.text.clone())),
        );
    }
    out
}

/// CC301 with the page as evidence: the site name the page gives for
/// itself (`og:site_name`, its JSON-LD publisher, …) names neither the
/// cited publisher nor the URL's site.
fn page_finding(
    ctx: &Context<'_>,
    r: &Reference,
    publisher: &crate::document::Field,
    url: &crate::document::UrlField,
    domain: Option<(&Domain, &str)>,
) -> Option<Diagnostic> {
    let page = super::links::page_evidence(ctx, url)?;
    if page.site_names.is_empty() {
        return None;
    }
    let aliases = &ctx.config.publishers;
    let close = page.site_names.iter().any(|(_, site)| {
        same_name(&publisher.text, site)
            || domain.is_some_and(|(d, host)| matches(site, d, host, aliases))
    });
    if close {
        return None;
    }
    let (source, site) = page.site_names.first()?;
    Some(
        Diagnostic::new(
            &RULE,
            publisher.span,
            format!(
                "publisher “{}” does not match the page's own site name “{site}”",
                ctx.quote(publisher.span)
            ),
            "cited publisher",
        )
        .with_label(url.span, format!("this page's {source} is “{site}”"))
        .with_help(format!(
            "the evidence is the page itself: cite “{site}” as the publisher, or link the cited publisher's page"
        ))
        .with_reference(r.key.clone())
        .with_url(Some(url.text.clone())),
    )
}

/// Whether two publisher names name the same outlet: the same words, the
/// distinctive words of one within the other, or one spelling or
/// abbreviating the other.
fn same_name(a: &str, b: &str) -> bool {
    let (wa, wb) = (name_words(a), name_words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    if wa == wb {
        return true;
    }
    let distinctive = |ws: &[String]| -> Vec<String> {
        ws.iter()
            .filter(|w| !words::is_stopword(w) && !is_generic(w))
            .cloned()
            .collect()
    };
    let (da, db) = (distinctive(&wa), distinctive(&wb));
    let within = |x: &[String], y: &[String]| !x.is_empty() && x.iter().all(|w| y.contains(w));
    let joined = |ws: &[String]| ws.concat();
    within(&da, &db)
        || within(&db, &da)
        || spells(&wa, &joined(&wb))
        || spells(&wb, &joined(&wa))
        || acronym_of(&wa, &joined(&wb))
        || acronym_of(&wb, &joined(&wa))
}

fn on_any(host: &str, list: &[&str]) -> bool {
    list.iter().any(|d| on(host, d))
}

/// Whether `host` is `domain` or one of its subdomains.
fn on(host: &str, domain: &str) -> bool {
    let domain = domain.trim().trim_start_matches('.').to_ascii_lowercase();
    host == domain
        || host
            .strip_suffix(domain.as_str())
            .is_some_and(|rest| rest.ends_with('.'))
}

/// A publisher's name reduced for comparison: accents folded, lowercase
/// words of Latin letters and digits, a leading “the” dropped.
fn name_words(name: &str) -> Vec<String> {
    let mut ws: Vec<String> = normalize::words(&normalize::fold_accents(name))
        .into_iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    if ws.len() > 1 && ws[0] == "the" {
        ws.remove(0);
    }
    ws
}

fn name_key(name: &str) -> String {
    name_words(name).join(" ")
}

/// Whether a publisher has something to compare: Latin words, and not so
/// many that it is a sentence rather than a name.
fn comparable(name: &str) -> bool {
    let ws = name_words(name);
    !ws.is_empty()
        && ws.len() <= 10
        && ws
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The domains the alias table gives for a publisher.
fn known_domains(name: &str) -> Vec<&'static str> {
    let key = name_key(name);
    ALIASES
        .iter()
        .filter(|(names, _)| names.contains(&key.as_str()))
        .flat_map(|(_, domains)| domains.iter().copied())
        .collect()
}

/// Whether a publisher name matches the site.
fn matches(
    name: &str,
    domain: &Domain,
    host: &str,
    user: &std::collections::BTreeMap<String, Domains>,
) -> bool {
    let key = name_key(name);
    if key.is_empty() {
        return false;
    }
    let written = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if !written.contains(char::is_whitespace)
        && written.contains('.')
        && (on(host, &written)
            || urls::domain(&format!("https://{written}/")).is_some_and(|d| d.name == domain.name))
    {
        return true;
    }
    if user
        .iter()
        .any(|(n, ds)| name_key(n) == key && ds.iter().any(|d| on(host, d)))
    {
        return true;
    }
    let known = known_domains(name);
    if known.iter().any(|d| on(host, d)) {
        return true;
    }
    // A domain the table gives to another publisher is strong evidence.
    if owned_by_known(host) && !known.is_empty() {
        return false;
    }
    let ws = name_words(name);
    domain.labels.iter().any(|label| {
        let label: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
        spells(&ws, &label) || acronym_of(&ws, &label) || names_part(&ws, &label)
    })
}

/// Whether the alias table gives this host to some publisher.
fn owned_by_known(host: &str) -> bool {
    ALIASES
        .iter()
        .any(|(_, ds)| ds.iter().any(|d| d.contains('.') && on(host, d)))
}

/// Country domains where sites are mostly named in English.
const ENGLISH_COUNTRY_DOMAINS: &[&str] = &[
    "uk", "us", "au", "ca", "nz", "ie", "in", "sg", "za", "ph", "ng", "ke", "gh", "pk", "my", "hk",
    "jm", "tt", "ug", "tz", "zw", "zm", "bw", "mt", "bd", "lk", "np", "fj", "io", "co", "tv", "me",
    "ai", "ly", "fm", "gg", "im", "je",
];

/// Whether a public suffix is under a country domain whose sites are
/// usually named in another language (`.de`, `co.jp`, `com.br`).
fn foreign_country_domain(suffix: &str) -> bool {
    let tld = suffix.rsplit('.').next().unwrap_or(suffix);
    tld.len() == 2 && !ENGLISH_COUNTRY_DOMAINS.contains(&tld)
}

fn is_generic(w: &str) -> bool {
    GENERIC.contains(&w)
}

/// Whether the words spell `label`, each word whole or by its initial,
/// inner stopwords optional, starting at any word and stopping at any
/// word, a leading “the” and a trailing `news`-like tail optional.
fn spells(ws: &[String], label: &str) -> bool {
    if label.len() < 2 || ws.is_empty() || ws.len() > 12 {
        return false;
    }
    let needed: Vec<usize> = (0..ws.len())
        .filter(|&k| !words::is_stopword(&ws[k]) && !is_generic(&ws[k]))
        .collect();
    let variants = [
        Some(label),
        label.strip_prefix("the").filter(|l| l.len() >= 2),
    ];
    variants.into_iter().flatten().any(|l| {
        (0..ws.len()).any(|start| {
            let mut walk = Walk {
                ws,
                label: l.as_bytes(),
                start,
                needed: &needed,
            };
            walk.go(start, 0, false, 0)
        })
    })
}

struct Walk<'a> {
    ws: &'a [String],
    label: &'a [u8],
    start: usize,
    /// Words that must all be used for a match without a strong word:
    /// those neither stopwords nor generic (`Sky` of `Sky News`).
    needed: &'a [usize],
}

impl Walk<'_> {
    fn go(&mut self, i: usize, j: usize, strong: bool, pieces: usize) -> bool {
        let done = j == self.label.len()
            || (pieces > 0
                && std::str::from_utf8(&self.label[j..])
                    .is_ok_and(|rest| DOMAIN_TAILS.contains(&rest)))
            || (pieces > 0 && call_sign_tail(self.label, j));
        if done && pieces > 0 {
            let all_used = self.needed.iter().all(|&k| self.start <= k && k < i);
            if strong || pieces >= 2 || all_used {
                return true;
            }
        }
        if i >= self.ws.len() || j >= self.label.len() {
            return false;
        }
        let w = self.ws[i].as_bytes();
        if self.label[j..].starts_with(w)
            && self.go(
                i + 1,
                j + w.len(),
                strong || (w.len() >= 3 && !is_generic(&self.ws[i])),
                pieces + 1,
            )
        {
            return true;
        }
        if w.len() > 1
            && w.first() == self.label.get(j)
            && self.go(i + 1, j + 1, strong, pieces + 1)
        {
            return true;
        }
        // Abbreviations keep a word's first letters: `statcan`.
        if w.len() >= 5 {
            for p in (3..w.len()).rev() {
                if self.label[j..].starts_with(&w[..p]) && self.go(i + 1, j + p, strong, pieces + 1)
                {
                    return true;
                }
            }
        }
        pieces > 0 && words::is_stopword(&self.ws[i]) && self.go(i + 1, j, strong, pieces)
    }
}

/// Longest letter tail a broadcaster's domain adds after its call sign
/// and channel number (`nbc4i`, `fox13now`).
const CALL_SIGN_TAIL: usize = 3;

/// Whether `label[..j]` is a call sign with its channel number (letters,
/// then digits: `nbc4`, `kare11`) and what follows is a short tail of
/// letters: broadcasters brand their sites so (NBC4 on `nbc4i.com`). The
/// number must end where the name's does: `cbs21` is another station
/// than CBS2.
fn call_sign_tail(label: &[u8], j: usize) -> bool {
    let (head, tail) = label.split_at(j.min(label.len()));
    let digits = head.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && head[..head.len() - digits]
            .iter()
            .any(u8::is_ascii_alphabetic)
        && (1..=CALL_SIGN_TAIL).contains(&tail.len())
        && tail.iter().all(u8::is_ascii_alphabetic)
}

/// Whether a one-word acronym is the initials of the words `label` is made
/// of (`cna` ↔ `channel` `news` `asia`).
fn acronym_of(ws: &[String], label: &str) -> bool {
    let [acronym] = ws else { return false };
    if !(2..=6).contains(&acronym.len()) || !acronym.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let a = acronym.as_bytes();
    let l = label.as_bytes();
    // can[j][k]: label[j..] splits into dictionary words whose initials are a[k..].
    let mut can = vec![vec![false; a.len() + 1]; l.len() + 1];
    can[l.len()][a.len()] = true;
    for j in (0..l.len()).rev() {
        for k in (0..a.len()).rev() {
            if l[j] != a[k] {
                continue;
            }
            can[j][k] = DOMAIN_WORDS.iter().any(|word| {
                let word = word.as_bytes();
                l[j..].starts_with(word) && can[j + word.len()][k + 1]
            });
        }
    }
    can[0][0]
}

/// Whether a distinctive word of the name (four letters or more, not a
/// word such as “news”) opens or closes the label: an author's blog
/// (`Noah Smith` ↔ `noahpinion.blog`) or a shortened outlet name.
fn names_part(ws: &[String], label: &str) -> bool {
    ws.iter().any(|w| {
        w.len() >= 4
            && !is_generic(w)
            && !words::is_stopword(w)
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && [
                label.strip_prefix(w.as_str()),
                label.strip_suffix(w.as_str()),
            ]
            .into_iter()
            .flatten()
            // `washingtontimes` is another outlet than “Washington Post”.
            .any(|rest| !is_generic(rest.strip_prefix("the").unwrap_or(rest)))
    })
}

/// The entry's other text segments (outside title, date and URL), which may
/// name the site when the publisher slot holds an author.
fn other_segments<'a>(ctx: &'a Context<'_>, r: &Reference) -> impl Iterator<Item = &'a str> {
    let mut taken: Vec<Span> = Vec::new();
    taken.extend(r.title.as_ref().map(|t| t.span));
    taken.extend(r.publisher.as_ref().map(|p| p.span));
    taken.extend(r.url.as_ref().map(|u| u.span));
    taken.extend(r.date.as_ref().map(|d| d.span));
    taken.extend(r.other_dates.iter().map(|d| d.span));
    taken.sort();
    let mut pieces: Vec<Span> = Vec::new();
    let mut at = r.span.start;
    for t in taken {
        if t.start > at {
            pieces.push(Span::new(at, t.start.min(r.span.end)));
        }
        at = at.max(t.end);
    }
    if at < r.span.end {
        pieces.push(Span::new(at, r.span.end));
    }
    let text = ctx.text;
    pieces
        .into_iter()
        .flat_map(move |p| text[p.range()].split([',', ';', '|', '—', '–', '·', '(', ')', '\n']))
        .map(str::trim)
        .filter(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn ok(publisher: &str, url: &str) -> bool {
        ok_with(publisher, url, &BTreeMap::new())
    }

    fn ok_with(publisher: &str, url: &str, user: &BTreeMap<String, Domains>) -> bool {
        let domain = urls::domain(url).unwrap();
        let host = urls::split(url)
            .map(|p| url[p.host].to_ascii_lowercase())
            .unwrap();
        matches(publisher, &domain, &host, user)
    }

    #[test]
    fn names_that_spell_their_domain() {
        for (p, u) in [
            ("The Daily Beast", "https://www.thedailybeast.com/x"),
            ("Al Jazeera English", "https://www.aljazeera.com/x"),
            ("ChinaFile", "https://www.chinafile.com/x"),
            ("CNBC", "https://www.cnbc.com/x"),
            ("The Guardian", "https://www.theguardian.com/x"),
            ("Guardian", "https://www.theguardian.com/x"),
            ("Council on Foreign Relations", "https://www.cfr.org/x"),
            ("New York Post", "https://nypost.com/x"),
            (
                "Ministry of Foreign Affairs of Japan",
                "https://www.mofa.go.jp/x",
            ),
            ("ABC News", "https://abcnews.go.com/x"),
            ("Fox News", "https://www.foxnews.com/x"),
            ("Example Port Authority", "https://www.example-port.com/x"),
            ("Example Statistics Office", "https://stats.example.gov/x"),
            ("Reuters.com", "https://www.reuters.com/x"),
            ("U.S. Department of Defense", "https://www.defense.gov/x"),
            (
                "Centers for Disease Control and Prevention",
                "https://www.cdc.gov/x",
            ),
            (
                "Massachusetts Institute of Technology",
                "https://news.mit.edu/x",
            ),
            ("Le Monde", "https://www.lemonde.fr/x"),
            ("Xinhua", "https://www.xinhuanet.com/x"),
            ("Yonhap News Agency", "https://en.yna.co.kr/x"),
            ("Noah Smith", "https://www.noahpinion.blog/p/x"),
            ("Statistics Canada", "https://www150.statcan.gc.ca/n1/x"),
            ("Evening Standard", "https://www.standard.co.uk/x"),
            ("Daily Express", "https://www.express.co.uk/x"),
            ("NBC4", "https://www.nbc4i.com/news/x"),
            ("NBC 4", "https://www.nbc4i.com/news/x"),
            ("FOX 13", "https://www.fox13now.com/x"),
            ("KARE 11", "https://www.kare11.com/x"),
            ("ABC7", "https://abc7news.com/x"),
        ] {
            assert!(ok(p, u), "{p} ↔ {u}");
        }
    }

    #[test]
    fn initials_and_aliases() {
        for (p, u) in [
            ("CNA", "https://www.channelnewsasia.com/x"),
            ("Department of State", "https://www.state.gov/x"),
            ("AP", "https://apnews.com/x"),
            ("BBC", "https://www.bbc.co.uk/x"),
            ("BBC News", "https://www.bbc.com/x"),
            ("The New York Times", "https://www.nytimes.com/x"),
            ("Pentagon", "https://www.defense.gov/x"),
        ] {
            assert!(ok(p, u), "{p} ↔ {u}");
        }
    }

    #[test]
    fn mismatches() {
        for (p, u) in [
            ("CNN", "https://www.bbc.co.uk/news/x"),
            ("CNN", "https://www.channelnewsasia.com/x"),
            ("Reuters", "https://www.theguardian.com/x"),
            ("Sky News", "https://www.news.com.au/x"),
            ("The New York Times", "https://www.newyorker.com/x"),
            ("The Times", "https://www.nytimes.com/x"),
            ("Fox News", "https://www.cnn.com/x"),
            ("Al Jazeera", "https://www.cnbc.com/x"),
            ("The Washington Post", "https://www.washingtontimes.com/x"),
            ("The New York Times", "https://www.times.com/x"),
            // Another channel number, or other call letters.
            ("CBS2", "https://www.cbs21.com/x"),
            ("NBC4", "https://www.abc4i.com/x"),
            ("NBC 5", "https://www.nbc4i.com/x"),
            ("Fox News", "https://www.fox13now.com/x"),
        ] {
            assert!(!ok(p, u), "{p} ↔ {u} should not match");
        }
    }

    #[test]
    fn user_aliases() {
        let mut user = BTreeMap::new();
        user.insert(
            "Ministry of Truth".to_string(),
            Domains::Many(vec!["minitrue.example".to_string()]),
        );
        let url = "https://press.minitrue.example/x";
        assert!(!ok("The Ministry of Truth", url));
        assert!(ok_with("The ministry of truth.", url, &user));
        assert!(!ok_with("Ministry of Peace", url, &user));
    }

    #[test]
    fn country_domains() {
        assert!(foreign_country_domain("hu"));
        assert!(foreign_country_domain("co.jp"));
        assert!(!foreign_country_domain("co.uk"));
        assert!(!foreign_country_domain("com"));
        assert!(owned_by_known("www.spiegel.de"));
        assert!(!owned_by_known("www.valasztas.hu"));
    }

    #[test]
    fn hosts_on_lists() {
        assert!(on("name.substack.com", "substack.com"));
        assert!(!on("notsubstack.com", "substack.com"));
        assert!(on("www.army.mil", "mil"));
    }
}
