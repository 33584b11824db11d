//! A page's main text, for CC501: the body decoded by its character set
//! (the `Content-Type` header, else `<meta charset>`, else UTF-8) and, for
//! HTML, reduced to the article — readability-style extraction first, then
//! a plain walk of `<article>`/`<main>`/`<body>` without scripts, styles,
//! navigation, headers, footers, asides and forms. Plain text is kept as is.
//! A page nested deeper than any real one (80,000 `<b>`s) is never parsed
//! into a tree, which would overflow the stack or take quadratic time: its
//! tags are stripped instead.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::Regex;

/// Main text past this many bytes is dropped (it also sits in the cache).
pub const MAX_TEXT: usize = 512 * 1024;

/// Elements nested deeper than this are not parsed into a tree. Browsers
/// stop nesting at 512 too (Chromium's parser), so no page that renders
/// sensibly is deeper.
pub const MAX_DEPTH: usize = 512;

/// Readability gives up below this many characters; the fallback takes over.
const READABILITY_MIN_CHARS: usize = 140;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([-a-z0-9_:.]+)"#).expect("static regex")
});

/// Elements whose text is never the article's.
const BOILERPLATE: &str = "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button, select, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true], .nav, .navbar, .menu, .breadcrumb, .breadcrumbs, .cookie, .cookies, .share, .social, .subscribe, .newsletter, .related, .comments, .sidebar, .advert, .ad, .ads";

/// The body as text, decoded by the charset it declares.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type.and_then(charset_param).or_else(|| {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        META_CHARSET
            .captures(&head)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
    });
    let encoding = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // `decode` also honours a byte-order mark over the declared charset.
    let (text, _, _) = encoding.decode(bytes);
    // NUL is never text (an HTML parser replaces each with U+FFFD and logs
    // a parse error for it: a 4 MiB page of NULs took 1 GB); drop them.
    if text.contains('\0') {
        return text.replace('\0', "");
    }
    text.into_owned()
}

/// `charset=…` of a `Content-Type` value.
fn charset_param(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// Whether the body is plain text rather than markup.
pub fn is_plain(content_type: Option<&str>, text: &str) -> bool {
    match content_type.map(str::to_ascii_lowercase) {
        Some(ct) => ct.starts_with("text/plain"),
        None => !text.trim_start().starts_with('<'),
    }
}

/// The main text of a decoded page, paragraphs on their own lines.
pub fn main_text(decoded: &str, content_type: Option<&str>) -> String {
    let text = if is_plain(content_type, decoded) {
        decoded.to_string()
    } else if nesting_depth(decoded) > MAX_DEPTH {
        flat_text(decoded)
    } else {
        let readable = readability(decoded).filter(|t| t.chars().count() >= READABILITY_MIN_CHARS);
        let (marked, body) = fallback(decoded);
        let words = |t: &str| t.split_whitespace().count();
        match (readable, marked) {
            // Readability sometimes prunes paragraphs the page itself marks
            // as the article; a page that is not read whole would make
            // CC501 report facts that are there.
            (Some(r), Some(m)) if words(&m) * 10 > words(&r) * 13 => m,
            (Some(r), _) => r,
            (None, Some(m)) => m,
            (None, None) => body,
        }
    };
    tidy(&text)
}

/// Elements that never hold others, or whose end tag is optional (so an
/// open one is usually closed by its next sibling, not nested).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rt", "rp",
];
/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// How deep the page's elements nest, by a linear scan of its tags (open
/// tags minus end tags; comments, void elements, elements whose end tag is
/// optional, and the content of scripts and styles not counted). An
/// estimate that errs high on broken markup, which only costs that page its
/// tree.
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = find(b, i, b"<") {
        i = at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let close = b.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        let Some(end) = find(b, start + len, b">") else {
            break;
        };
        i = end + 1;
        if close {
            if !NOT_NESTING.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let closing = format!("</{name}");
            i = find_ignore_case(b, i, closing.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if b[end - 1] == b'/' || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Tags that end a line of text; other tags are a space.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "hr",
];

/// A page too deep for a tree, as text: scripts and styles dropped, tags
/// stripped (a line break for a block, else a space), entities decoded.
fn flat_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len().min(MAX_TEXT * 2));
    let mut i = 0;
    while i < b.len() {
        let Some(at) = find(b, i, b"<") else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..at]);
        if out.len() > MAX_TEXT * 2 {
            break;
        }
        if b[at..].starts_with(b"<!--") {
            i = find(b, at + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let start = at + 1 + usize::from(b.get(at + 1) == Some(&b'/'));
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let Some(end) = find(b, at + 1, b">") else {
            break;
        };
        let name = html[start..start + len].to_ascii_lowercase();
        i = end + 1;
        if len > 0 && b[at + 1] != b'/' && RAW_TEXT.contains(&name.as_str()) {
            let closing = format!("</{name}");
            let close = find_ignore_case(b, i, closing.as_bytes()).unwrap_or(b.len());
            if name == "title" || name == "textarea" {
                out.push_str(&html[i..close]);
            }
            i = find(b, close, b">").map_or(b.len(), |e| e + 1);
        }
        out.push(if BLOCKS.contains(&name.as_str()) {
            '\n'
        } else {
            ' '
        });
    }
    super::page::decode_entities(&out).into_owned()
}

/// Mozilla Readability's algorithm (dom_smoothie).
fn readability(html: &str) -> Option<String> {
    let cfg = dom_smoothie::Config {
        char_threshold: READABILITY_MIN_CHARS,
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    Some(article.text_content.to_string())
}

/// The text of `<article>` (else `<main>`) if the page marks one, and of the
/// whole `<body>`, boilerplate removed.
fn fallback(html: &str) -> (Option<String>, String) {
    let doc = dom_query::Document::from(html);
    doc.select(BOILERPLATE).remove();
    let marked = ["article", "main", "[role=main]"].iter().find_map(|root| {
        let sel = doc.select(root);
        sel.exists().then(|| sel.formatted_text().to_string())
    });
    let body = doc.select("body");
    let body = if body.exists() {
        body.formatted_text().to_string()
    } else {
        doc.root().formatted_text().to_string()
    };
    (marked, body)
}

/// Lines trimmed, runs of blank lines and spaces collapsed, capped.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT));
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if out.len() + line.len() + 1 > MAX_TEXT {
            break;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_counts_real_nesting_only() {
        assert_eq!(nesting_depth("<div><div><b>x</b></div></div>"), 3);
        assert_eq!(nesting_depth("<p>a<p>b<p>c<br><img src=x><hr/>"), 0);
        assert_eq!(
            nesting_depth("<script>if (a<b) { '<div><div>' }</script><div></div>"),
            1
        );
        assert_eq!(nesting_depth("<!-- <div><div> --><span></span>"), 1);
        assert_eq!(nesting_depth(&"<b>".repeat(80_000)), 80_000);
    }

    #[test]
    fn a_page_nested_too_deep_is_read_flat_in_linear_time() {
        let mut html = "<html><body>".to_string();
        html.push_str(&"<b>".repeat(80_000));
        html.push_str(
            "The warship came within 150 yards &amp; turned.<script>var x = 'no';</script>",
        );
        html.push_str(&"</b>".repeat(80_000));
        html.push_str("<div>".repeat(40_000).as_str());
        html.push_str("Second paragraph.");
        let text = main_text(&html, Some("text/html"));
        assert!(
            text.contains("The warship came within 150 yards & turned."),
            "{text}"
        );
        assert!(text.contains("Second paragraph."), "{text}");
        assert!(!text.contains("var x"), "{text}");
    }

    #[test]
    fn charsets_from_header_meta_and_default() {
        let latin1 = b"<p>Caf\xe9 \x80</p>";
        assert_eq!(
            decode(latin1, Some("text/html; charset=windows-1252")),
            "<p>Café €</p>"
        );
        let meta = b"<html><head><meta charset=\"iso-8859-1\"></head><p>Caf\xe9</p>";
        assert!(decode(meta, Some("text/html")).contains("Café"));
        assert_eq!(decode("Ünï".as_bytes(), None), "Ünï");
    }

    #[test]
    fn article_text_without_boilerplate() {
        let html = r#"<html><head><title>T</title><style>p{}</style><script>var x = "script words";</script></head>
<body><header>Site header words</header><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Warship incident</h1><p>A Chinese warship came within 150 yards of a US destroyer on Saturday.</p>
<p>The navy called the manoeuvre “unsafe and unprofessional”.</p></article>
<aside>Related: other stories</aside><footer>Copyright footer</footer></body></html>"#;
        let text = main_text(html, Some("text/html"));
        assert!(
            text.contains("within 150 yards of a US destroyer"),
            "{text}"
        );
        assert!(text.contains("“unsafe and unprofessional”"), "{text}");
        for junk in [
            "script words",
            "Site header",
            "Home",
            "Related",
            "Copyright",
        ] {
            assert!(!text.contains(junk), "{junk} in {text}");
        }
        assert!(
            text.contains("Saturday.\n"),
            "paragraphs on their own lines: {text}"
        );
    }

    #[test]
    fn a_page_without_article_markup_still_loses_its_boilerplate() {
        let html = "<html><body><nav>Menu Home World</nav><div><p>The council approved a budget of $4.2 billion on Tuesday after a long debate.</p></div><footer>Footer words</footer></body></html>";
        let text = main_text(html, None);
        assert!(text.contains("$4.2 billion"), "{text}");
        assert!(!text.contains("Menu") && !text.contains("Footer"), "{text}");
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(
            main_text(
                "Line one.\n\n  Line   two.",
                Some("text/plain; charset=utf-8")
            ),
            "Line one.\nLine two.\n"
        );
    }
}
