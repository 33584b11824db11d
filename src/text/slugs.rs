//! A URL's slug: the words in its last meaningful path segment that name
//! the page, with where they are written.

use super::urls::split;

/// A URL's slug: the words naming the page, and where they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug {
    pub start: usize,
    pub end: usize,
    /// Lowercased words, ids and numbers removed, in order.
    pub words: Vec<String>,
}

/// Last segments that name a page type, not the page.
const NOISE_SEGMENTS: &[&str] = &[
    "index", "default", "home", "amp", "print", "full", "story", "article", "articles", "post",
    "posts", "page", "view", "content", "main", "entry", "news", "live", "video", "embed", "p",
    "a", "s", "en", "html", "htm",
];

/// Words that make up section names (`world-asia-china`, `us-canada`):
/// a segment of nothing else is a section, not a slug.
const SECTION_WORDS: &[&str] = &[
    "world",
    "news",
    "uk",
    "us",
    "usa",
    "asia",
    "china",
    "africa",
    "europe",
    "canada",
    "america",
    "americas",
    "latin",
    "middle",
    "east",
    "west",
    "north",
    "south",
    "pacific",
    "australia",
    "india",
    "england",
    "scotland",
    "wales",
    "northern",
    "ireland",
    "london",
    "politics",
    "business",
    "technology",
    "tech",
    "science",
    "environment",
    "health",
    "entertainment",
    "arts",
    "culture",
    "sport",
    "sports",
    "opinion",
    "opinions",
    "analysis",
    "features",
    "local",
    "national",
    "international",
    "global",
    "economy",
    "markets",
    "and",
    "the",
    "of",
    "security",
    "foreign",
    "policy",
    "defense",
    "defence",
    "region",
    "asia-pacific",
    "nation",
    "latest",
    "top",
    "stories",
    "breaking",
];

const EXTENSIONS: &[&str] = &[
    ".html", ".htm", ".shtml", ".php", ".aspx", ".asp", ".jsp", ".cms", ".cfm", ".pdf", ".amp",
    ".ece", ".xml",
];

/// The slug of a URL as written: the last meaningful path segment with
/// file extensions, ids and trailing numbers removed. `None` when the
/// segment names no page (an id, `index.html`, a section such as
/// `world-asia-china`) or has fewer than three words.
pub fn slug(url: &str) -> Option<Slug> {
    let parts = split(url)?;
    let path = &url[parts.path.clone()];
    let mut segments: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for seg in path.split('/') {
        segments.push((parts.path.start + at, seg));
        at += seg.len() + 1;
    }
    for &(start, seg) in segments.iter().rev() {
        let mut body = seg;
        loop {
            let lower = body.to_ascii_lowercase();
            match EXTENSIONS.iter().find(|e| lower.ends_with(*e)) {
                Some(e) => body = &body[..body.len() - e.len()],
                None => break,
            }
        }
        let tokens = tokens(body);
        let words: Vec<&(usize, usize, String)> =
            tokens.iter().filter(|(_, _, w)| is_word(w)).collect();
        if words.is_empty() {
            continue;
        }
        if words.len() == 1 && NOISE_SEGMENTS.contains(&words[0].2.as_str()) {
            continue;
        }
        if words.len() < 3
            || words
                .iter()
                .all(|(_, _, w)| SECTION_WORDS.contains(&w.as_str()))
        {
            return None;
        }
        let first = words.first().map_or(0, |w| w.0);
        let last = words.last().map_or(0, |w| w.1);
        return Some(Slug {
            start: start + first,
            end: start + last,
            words: words.into_iter().map(|(_, _, w)| w.clone()).collect(),
        });
    }
    None
}

/// The tokens of a segment split on separators, percent-escapes decoded:
/// (start, end, lowercased text), offsets into the segment as written.
fn tokens(seg: &str) -> Vec<(usize, usize, String)> {
    let bytes = seg.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut buf: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut flush = |start: &mut Option<usize>, end: usize, buf: &mut Vec<u8>| {
        if let Some(s) = start.take() {
            let text = String::from_utf8_lossy(buf).to_lowercase();
            // An apostrophe inside a word (`what%E2%80%99s`) is dropped, as in titles.
            let text: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
            if !text.is_empty() {
                out.push((s, end, text));
            }
        }
        buf.clear();
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(decoded) = hex {
                if decoded.is_ascii() && !decoded.is_ascii_alphanumeric() && decoded != b'\'' {
                    flush(&mut start, i, &mut buf);
                } else {
                    start.get_or_insert(i);
                    buf.push(decoded);
                }
                i += 3;
                continue;
            }
        }
        if b.is_ascii_alphanumeric() || b >= 0x80 {
            start.get_or_insert(i);
            buf.push(b);
        } else if b == b'\'' {
            start.get_or_insert(i);
        } else {
            flush(&mut start, i, &mut buf);
        }
        i += 1;
    }
    flush(&mut start, bytes.len(), &mut buf);
    out
}

/// A token that reads as a word: letters only (ids and numbers mix in
/// digits), and not a run of consonants such as a hash.
fn is_word(token: &str) -> bool {
    token.chars().all(char::is_alphabetic)
        && (token.chars().count() < 5
            || token
                .chars()
                .any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') || !c.is_ascii()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(url: &str) -> Option<(String, &str)> {
        slug(url).map(|s| (s.words.join(" "), &url[s.start..s.end]))
    }

    #[test]
    fn slugs() {
        assert_eq!(
            s("https://www.cnn.com/2023/06/17/politics/blinken-beijing-visit-expectations/index.html"),
            Some(("blinken beijing visit expectations".into(), "blinken-beijing-visit-expectations"))
        );
        assert_eq!(
            s("https://www.channelnewsasia.com/world/blinken-arrive-beijing-hopes-low-breakthrough-3569686"),
            Some(("blinken arrive beijing hopes low breakthrough".into(), "blinken-arrive-beijing-hopes-low-breakthrough"))
        );
        assert_eq!(
            s("https://www.reuters.com/world/china/blinken-lands-beijing-2023-06-18/"),
            Some(("blinken lands beijing".into(), "blinken-lands-beijing"))
        );
        assert_eq!(
            s("https://medium.com/@someone/why-rust-is-fun-8f3a2b1c9d0e"),
            Some(("why rust is fun".into(), "why-rust-is-fun"))
        );
        assert_eq!(
            s("https://x.com/what%E2%80%99s-at-stake-now.html?x=1"),
            Some(("whats at stake now".into(), "what%E2%80%99s-at-stake-now"))
        );
        assert_eq!(
            s("https://en.wikipedia.org/wiki/Caf%C3%A9_au_lait_spot"),
            Some(("café au lait spot".into(), "Caf%C3%A9_au_lait_spot"))
        );
        assert_eq!(
            s("https://www.reuters.com/article/us-china-usa-blinken-idUSKBN2XX0A1"),
            Some(("us china usa blinken".into(), "us-china-usa-blinken"))
        );
        for none in [
            "https://www.bbc.co.uk/news/world-asia-china-65938431",
            "https://www.bbc.com/news/world-us-canada-65941231",
            "https://www.chinafile.com/conversation",
            "https://x.com/p.php?id=3",
            "https://x.com/",
            "https://github.com/rust-lang/rust/issues/123",
            "https://www.xinhuanet.com/2023-03/04/c_1129418.htm",
            "https://x.com/news/index.html",
            "https://x.com/two-words",
        ] {
            assert_eq!(s(none), None, "{none}");
        }
    }

    #[test]
    fn slug_ranges_survive_odd_bytes() {
        let url = "https://x.com/caf%C3%A9-cr%C3%A8me-news-today";
        let sl = slug(url).unwrap();
        assert_eq!(&url[sl.start..sl.end], "caf%C3%A9-cr%C3%A8me-news-today");
        let t: Vec<String> = tokens("%zz-ab%2").into_iter().map(|t| t.2).collect();
        assert_eq!(t, vec!["zz", "ab", "2"]);
    }
}
