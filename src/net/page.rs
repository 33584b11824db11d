//! The page's own facts from its HTML: titles, publication dates, site
//! names. A small, forgiving reader of `<title>`, `<meta>`, the first `<h1>`
//! and JSON-LD; it never fails, it only finds less.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::{PageDate, PageFacts};

static META: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<meta\b[^>]*>"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?is)([a-z_:][-a-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
});
static TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<title\b[^>]*>(.*?)</title\s*>"));
static H1: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)<h1\b[^>]*>(.*?)</h1\s*>"));
static LD: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?is)<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script\s*>"#)
});
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)<[^>]*>"));
static SCRIPTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)<(script|style|noscript)\b[^>]*>.*?</(script|style|noscript)\s*>"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static regex")
}

/// Meta keys that give a title, date or site name, by authority.
const TITLE_KEYS: &[&str] = &["citation_title", "og:title", "twitter:title", "dc.title"];
const DATE_KEYS: &[&str] = &[
    "citation_publication_date",
    "citation_date",
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "date",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
];
const SITE_KEYS: &[&str] = &[
    "og:site_name",
    "application-name",
    "citation_publisher",
    "dc.publisher",
];

/// Read a served body: decoded by its charset, its metadata, and its main
/// text for CC501.
pub fn read(body: &[u8], content_type: Option<&str>, truncated: bool) -> PageFacts {
    let decoded = super::text::decode(body, content_type);
    let mut facts = extract(&decoded);
    facts.text = super::text::main_text(&decoded, content_type);
    facts.truncated = truncated;
    facts
}

/// Read the facts of an HTML (or plain text) page.
pub fn extract(html: &str) -> PageFacts {
    let mut facts = PageFacts::default();
    let mut metas: Vec<(String, String)> = Vec::new();
    for m in META.find_iter(html) {
        let mut key = None;
        let mut content = None;
        for c in ATTR.captures_iter(m.as_str()) {
            let name = c.get(1).map_or("", |g| g.as_str()).to_ascii_lowercase();
            let value = c
                .get(2)
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))
                .map_or("", |g| g.as_str());
            match name.as_str() {
                "name" | "property" | "itemprop" => key = Some(value.trim().to_ascii_lowercase()),
                "content" => content = Some(clean(value)),
                _ => {}
            }
        }
        if let (Some(k), Some(v)) = (key, content) {
            if !v.is_empty() {
                metas.push((k, v));
            }
        }
    }
    let meta = |k: &str| -> Vec<String> {
        metas
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    for k in TITLE_KEYS {
        for v in meta(k) {
            facts.titles.push((k.to_string(), v));
        }
    }
    for k in DATE_KEYS {
        for v in meta(k) {
            facts.dates.push(PageDate {
                source: k.to_string(),
                text: v,
            });
        }
    }
    for k in SITE_KEYS {
        for v in meta(k) {
            facts.site_names.push((k.to_string(), v));
        }
    }
    for block in LD.captures_iter(html) {
        let Some(json) = block.get(1) else { continue };
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(json.as_str().trim()) {
            json_ld(&value, &mut facts, 0);
        }
    }
    if let Some(t) = TITLE.captures(html).and_then(|c| c.get(1)) {
        let t = clean(t.as_str());
        if !t.is_empty() {
            facts.titles.push(("title".into(), t));
        }
    }
    if let Some(h) = H1.captures(html).and_then(|c| c.get(1)) {
        let h = clean(&TAG.replace_all(h.as_str(), " "));
        if !h.is_empty() {
            facts.titles.push(("h1".into(), h));
        }
    }
    facts.fingerprint = fingerprint(&facts, html);
    facts
}

/// JSON-LD objects (also inside `@graph` and arrays) with a headline, a
/// publication date or a publisher.
fn json_ld(v: &serde_json::Value, facts: &mut PageFacts, depth: usize) {
    use serde_json::Value;
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                json_ld(i, facts, depth + 1);
            }
        }
        Value::Object(o) => {
            if let Some(Value::String(h)) = o.get("headline") {
                let h = clean(h);
                if !h.is_empty() {
                    facts.titles.push(("headline".into(), h));
                }
            }
            if let Some(Value::String(d)) = o.get("datePublished") {
                facts.dates.insert(
                    0,
                    PageDate {
                        source: "datePublished".into(),
                        text: d.trim().to_string(),
                    },
                );
            }
            if let Some(p) = o.get("publisher") {
                let name = match p {
                    Value::Object(po) => po.get("name").and_then(Value::as_str),
                    Value::String(s) => Some(s.as_str()),
                    _ => None,
                };
                if let Some(n) = name.map(clean).filter(|n| !n.is_empty()) {
                    facts.site_names.push(("publisher".into(), n));
                }
            }
            if let Some(g) = o.get("@graph") {
                json_ld(g, facts, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                json_ld(m, facts, depth + 1);
            }
        }
        _ => {}
    }
}

/// Entities decoded, whitespace collapsed.
fn clean(s: &str) -> String {
    decode_entities(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Character references decoded (numeric ones and the common named ones).
pub(super) fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    ENTITY.replace_all(s, |c: &regex::Captures<'_>| {
        let e = c.get(1).map_or("", |g| g.as_str());
        let ch = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = e.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match e {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                _ => None,
            }
        };
        ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
    })
}

/// The titles if there are any, else the visible text, digits dropped (a
/// catch-all error page often echoes the path or a request id).
fn fingerprint(facts: &PageFacts, html: &str) -> u64 {
    let basis = if facts.titles.is_empty() {
        let text = SCRIPTS.replace_all(html, " ");
        TAG.replace_all(&text, " ").into_owned()
    } else {
        facts
            .titles
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let norm: String = basis
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    fnv1a(norm.as_bytes())
}

pub use crate::hash::fnv1a;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles_dates_and_site_names() {
        let html = r#"<html><head><title>Blinken lands in China | CNN</title>
<meta property="og:title" content="Blinken lands in China &amp; meets Xi">
<meta name='citation_publication_date' content='2023/06/18'>
<META PROPERTY="og:site_name" CONTENT="CNN">
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Blinken lands","datePublished":"2023-06-17T22:00:00Z","publisher":{"name":"CNN"}}]}</script>
</head><body><h1 class="x">Blinken <em>lands</em></h1></body></html>"#;
        let f = extract(html);
        let titles: Vec<&str> = f.titles.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Blinken lands in China & meets Xi",
                "Blinken lands",
                "Blinken lands in China | CNN",
                "Blinken lands"
            ]
        );
        assert_eq!(f.dates[0].source, "datePublished");
        assert_eq!(f.dates[1].text, "2023/06/18");
        assert_eq!(f.site_names[0].1, "CNN");
        assert_eq!(
            f.site_names[1],
            ("publisher".to_string(), "CNN".to_string())
        );
    }

    #[test]
    fn garbage_finds_nothing() {
        let f = extract("<meta content=><title><h1 <script type=application/ld+json>{");
        assert!(f.titles.is_empty() && f.dates.is_empty());
    }
}
