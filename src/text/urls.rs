//! What a URL says about its page, read from the URL as written: the
//! registrable domain, a publication date in the path or query, and the slug,
//! each with its byte range inside the URL text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::calendar::{self, CitedDate, MONTH};

/// The parts of a URL as written, as byte ranges into the URL text. Ranges
/// are computed on the raw text because `url::Url` re-encodes and lowercases,
/// which would shift offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParts {
    pub host: Range<usize>,
    pub path: Range<usize>,
    pub query: Option<Range<usize>>,
}

/// Split a URL as written into host, path and query. `None` without a
/// `scheme://` or with a bracketed (IPv6) host.
pub fn split(url: &str) -> Option<RawParts> {
    let scheme_end = url.find("://")?;
    if scheme_end == 0
        || !url[..scheme_end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let host_start = authority_start + authority.rfind('@').map_or(0, |i| i + 1);
    let host_text = &url[host_start..authority_end];
    if host_text.starts_with('[') {
        return None;
    }
    let mut host_end = host_start + host_text.find(':').unwrap_or(host_text.len());
    if url[host_start..host_end].ends_with('.') {
        host_end -= 1;
    }
    let fragment = url[authority_end..]
        .find('#')
        .map_or(url.len(), |i| authority_end + i);
    let (path_end, query) = match url[authority_end..fragment].find('?') {
        Some(q) => (authority_end + q, Some(authority_end + q + 1..fragment)),
        None => (fragment, None),
    };
    Some(RawParts {
        host: host_start..host_end,
        path: authority_end..path_end,
        query,
    })
}

/// A registrable domain (`bbc.co.uk` for `www.bbc.co.uk`) and where it is
/// written in the URL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// Lowercase, e.g. `bbc.co.uk`.
    pub name: String,
    /// The public suffix, e.g. `co.uk`.
    pub suffix: String,
    /// Every label of the host left of the suffix, lowercase, outermost
    /// first: `["www", "bbc"]`.
    pub labels: Vec<String>,
    /// The byte range of the registrable domain in the URL text (the whole
    /// host when the written host is not plain ASCII).
    pub range: Range<usize>,
}

/// The registrable domain of a URL as written, by the public suffix list.
pub fn domain(url: &str) -> Option<Domain> {
    let parts = split(url)?;
    domain_of_host(&url[parts.host.clone()], parts.host.start)
}

fn domain_of_host(host: &str, offset: usize) -> Option<Domain> {
    let lower = host.to_ascii_lowercase();
    if lower.is_empty()
        || !lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        || lower
            .split('.')
            .all(|l| l.chars().all(|c| c.is_ascii_digit()))
        || lower.contains("xn--")
    {
        return None;
    }
    let name = psl::domain_str(&lower)?.to_string();
    let suffix = psl::suffix_str(&lower)?.to_string();
    let left = lower.strip_suffix(&suffix)?.trim_end_matches('.');
    let labels: Vec<String> = left
        .split('.')
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if labels.is_empty() {
        return None;
    }
    let start = offset + lower.len() - name.len();
    Some(Domain {
        name,
        suffix,
        labels,
        range: start..offset + lower.len(),
    })
}

/// The URL an archive link preserves (`web.archive.org/web/2023…/https://…`)
/// and its byte offset in `url`, so the preserved page is judged instead of
/// the archive.
pub fn archived_target(url: &str) -> Option<(usize, &str)> {
    let parts = split(url)?;
    let host = url[parts.host.clone()].to_ascii_lowercase();
    if !(host == "web.archive.org" || host == "wayback.archive.org") {
        return None;
    }
    let path = &url[parts.path.start..];
    let rest = path.strip_prefix("/web/")?;
    let stamp_end = rest.find('/')?;
    let target_start = parts.path.start + "/web/".len() + stamp_end + 1;
    let target = &url[target_start..];
    split(target).map(|_| (target_start, target))
}

/// A publication date read from a URL and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlDate {
    pub date: CitedDate,
    pub start: usize,
    pub end: usize,
}

struct DatePattern {
    regex: Regex,
    has_day: bool,
}

/// Date shapes in paths. Each regex has groups `y`, `m` and (when it has a
/// day) `d`; the leading delimiter is matched but not part of the range.
static PATH_DATES: LazyLock<Vec<DatePattern>> = LazyLock::new(|| {
    let p = |re: String, has_day| DatePattern {
        regex: Regex::new(&re).expect("static regex"),
        has_day,
    };
    vec![
        // /2023/06/17/, /2023/6/16/, /2023/jun/12/
        p(
            format!(r"(?i)/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2]|{MONTH})/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$)"),
            true,
        ),
        // 2023-06-17 or 2023_06_17 anywhere in a segment (Reuters puts it last)
        p(
            r"(?:^|[^0-9A-Za-z])(?P<y>(?:19|20)\d\d)[-_](?P<m>0[1-9]|1[0-2])[-_](?P<d>0[1-9]|[12]\d|3[01])(?:$|[^0-9])"
                .into(),
            true,
        ),
        // /2023-03/04/ (Xinhua) and /202306/17/ (China Daily)
        p(
            r"/(?P<y>(?:19|20)\d\d)-?(?P<m>0[1-9]|1[0-2])/(?P<d>0[1-9]|[12]\d|3[01])(?:/|$)".into(),
            true,
        ),
        // 20230617 as a whole token
        p(
            r"(?:^|[/_.\-])(?P<y>(?:199|20\d)\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:$|[/_.\-])"
                .into(),
            true,
        ),
        // /2023/06/ followed by more path: WordPress and Blogspot permalinks
        p(
            format!(r"(?i)/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2]|{MONTH})/[^/0-9]"),
            false,
        ),
    ]
});

/// Query keys whose value is a whole date.
const DATE_KEYS: &[&str] = &[
    "date",
    "d",
    "dt",
    "pubdate",
    "pub_date",
    "publishdate",
    "publish_date",
    "published",
    "publication_date",
    "articledate",
];

static QUERY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>(?:19|20)\d\d)(?:-|/|%2[fF])?(?P<m>0[1-9]|1[0-2])(?:-|/|%2[fF])?(?P<d>0[1-9]|[12]\d|3[01])$")
        .expect("static regex")
});

/// The publication date a URL states, in its path or query. `None` when it
/// states none, or states two that disagree (then it is not evidence).
pub fn date(url: &str) -> Option<UrlDate> {
    let parts = split(url)?;
    let mut found = path_dates(&url[parts.path.clone()], parts.path.start);
    if let Some(q) = parts.query.clone() {
        found.extend(query_dates(&url[q.clone()], q.start));
    }
    let best = found
        .iter()
        .copied()
        .max_by_key(|d| (d.date.day.is_some(), d.date.month.is_some()))?;
    let agree = found.iter().all(|d| {
        d.date.year == best.date.year
            && d.date.month.is_none_or(|m| best.date.month == Some(m))
            && d.date.day.is_none_or(|x| best.date.day == Some(x))
    });
    agree.then_some(best)
}

fn path_dates(path: &str, offset: usize) -> Vec<UrlDate> {
    let mut out: Vec<UrlDate> = Vec::new();
    for pattern in PATH_DATES.iter() {
        for caps in pattern.regex.captures_iter(path) {
            let (Some(y), Some(m)) = (caps.name("y"), caps.name("m")) else {
                continue;
            };
            let d = caps.name("d");
            let end = d.map_or(m.end(), |d| d.end());
            if out
                .iter()
                .any(|o| o.start < offset + end && offset + y.start() < o.end)
            {
                continue;
            }
            let Some(date) = value(y.as_str(), m.as_str(), d.map(|d| d.as_str())) else {
                continue;
            };
            if pattern.has_day != date.day.is_some() {
                continue;
            }
            out.push(UrlDate {
                date,
                start: offset + y.start(),
                end: offset + end,
            });
        }
    }
    out
}

fn query_dates(query: &str, offset: usize) -> Vec<UrlDate> {
    let mut out = Vec::new();
    let mut ymd: [Option<(&str, Range<usize>)>; 3] = [None, None, None];
    let mut at = 0;
    for pair in query.split(['&', ';']) {
        let pair_start = at;
        at += pair.len() + 1;
        let Some((key, val)) = pair.split_once('=') else {
            continue;
        };
        let val_start = offset + pair_start + key.len() + 1;
        let range = val_start..val_start + val.len();
        let key = key.to_ascii_lowercase();
        if DATE_KEYS.contains(&key.as_str()) {
            if let Some(caps) = QUERY_DATE.captures(val) {
                let g = |n: &str| caps.name(n).map_or("", |m| m.as_str());
                if let Some(date) = value(g("y"), g("m"), Some(g("d"))) {
                    out.push(UrlDate {
                        date,
                        start: range.start,
                        end: range.end,
                    });
                    continue;
                }
            }
        }
        let slot = match key.as_str() {
            "year" | "yr" | "y" => 0,
            "month" | "mon" | "m" => 1,
            "day" | "d" => 2,
            _ => continue,
        };
        ymd[slot] = Some((val, range));
    }
    if let [Some((y, yr)), Some((m, mr)), day] = ymd {
        let d = day.as_ref().map(|(d, _)| *d);
        let last = day.as_ref().map_or(mr.end, |(_, r)| r.end).max(mr.end);
        if y.len() == 4 {
            if let Some(date) = value(y, m, d) {
                out.push(UrlDate {
                    date,
                    start: yr.start.min(mr.start),
                    end: last.max(yr.end),
                });
            }
        }
    }
    out
}

fn value(y: &str, m: &str, d: Option<&str>) -> Option<CitedDate> {
    let year: i32 = y.parse().ok()?;
    let month = match m.parse::<u8>() {
        Ok(n) => Some(n),
        Err(_) => calendar::month_from_name(m),
    }
    .filter(|m| (1..=12).contains(m))?;
    let day = match d {
        Some(d) => {
            let day: u8 = d.parse().ok()?;
            calendar::valid(year, month, day).then_some(day)?;
            Some(day)
        }
        None => None,
    };
    Some(CitedDate {
        year,
        month: Some(month),
        day,
    })
}

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

/// Latin letters with their accents removed (`café` → `cafe`), so titles
/// and slugs compare; other scripts are kept as they are.
pub fn fold_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => "A",
            'ç' | 'ć' | 'č' => "c",
            'Ç' | 'Ć' | 'Č' => "C",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => "E",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' => "I",
            'ñ' | 'ń' | 'ň' => "n",
            'Ñ' | 'Ń' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => "O",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => "U",
            'ý' | 'ÿ' => "y",
            'Ý' => "Y",
            'ś' | 'š' | 'ş' => "s",
            'Ś' | 'Š' | 'Ş' => "S",
            'ź' | 'ż' | 'ž' => "z",
            'Ź' | 'Ż' | 'Ž' => "Z",
            'ł' => "l",
            'Ł' => "L",
            'ř' => "r",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(url: &str) -> Option<(String, &str)> {
        date(url).map(|u| (u.date.to_string(), &url[u.start..u.end]))
    }

    #[test]
    fn splits_as_written() {
        let url = "https://user@WWW.CNN.com:443/a/b?x=1#top";
        let p = split(url).unwrap();
        assert_eq!(&url[p.host.clone()], "WWW.CNN.com");
        assert_eq!(&url[p.path.clone()], "/a/b");
        assert_eq!(&url[p.query.clone().unwrap()], "x=1");
        assert!(split("www.cnn.com/a").is_none());
        assert!(split("http://[::1]/a").is_none());
    }

    #[test]
    fn registrable_domains() {
        let url = "https://www.BBC.co.uk/news/world-asia-china-65938431";
        let dom = domain(url).unwrap();
        assert_eq!(dom.name, "bbc.co.uk");
        assert_eq!(dom.labels, vec!["www", "bbc"]);
        assert_eq!(&url[dom.range.clone()], "BBC.co.uk");
        assert_eq!(
            domain("https://edition.cnn.com./x").unwrap().name,
            "cnn.com"
        );
        assert_eq!(
            domain("https://2021-2025.state.gov/x").unwrap().labels,
            vec!["2021-2025", "state"]
        );
        assert!(domain("http://127.0.0.1/x").is_none());
        assert!(domain("https://xn--bcher-kva.example/").is_none());
    }

    #[test]
    fn archive_links_point_at_the_preserved_page() {
        let url = "https://web.archive.org/web/20230618000000/https://www.cnn.com/2023/06/17/x";
        let (at, target) = archived_target(url).unwrap();
        assert_eq!(&url[at..], target);
        assert_eq!(domain(target).unwrap().name, "cnn.com");
        assert!(archived_target("https://archive.org/details/x").is_none());
    }

    #[test]
    fn dates_in_paths() {
        let cases = [
            (
                "https://www.cnn.com/2023/06/17/politics/x/index.html",
                "2023-06-17",
                "2023/06/17",
            ),
            (
                "https://www.aljazeera.com/news/2023/6/16/why-is",
                "2023-06-16",
                "2023/6/16",
            ),
            (
                "https://www.theguardian.com/world/2023/jun/12/us-and-china",
                "2023-06-12",
                "2023/jun/12",
            ),
            (
                "https://x.com/news/2023-06-17/slug",
                "2023-06-17",
                "2023-06-17",
            ),
            (
                "https://www.reuters.com/world/eu-japan-talks-2023-06-12/",
                "2023-06-12",
                "2023-06-12",
            ),
            (
                "https://x.co.kr/view/20230617/slug",
                "2023-06-17",
                "20230617",
            ),
            (
                "https://x.com/a/article_20230617.html",
                "2023-06-17",
                "20230617",
            ),
            (
                "https://www.xinhuanet.com/2023-03/04/c_1129418.htm",
                "2023-03-04",
                "2023-03/04",
            ),
            (
                "https://www.chinadaily.com.cn/a/202306/17/WS648d.html",
                "2023-06-17",
                "202306/17",
            ),
            (
                "https://blog.example.com/2023/06/my-post.html",
                "2023-06",
                "2023/06",
            ),
        ];
        for (url, want, written) in cases {
            assert_eq!(d(url), Some((want.to_string(), written)), "{url}");
        }
    }

    #[test]
    fn dates_in_queries() {
        assert_eq!(
            d("https://x.gov/press?date=2023-06-17&id=4"),
            Some(("2023-06-17".into(), "2023-06-17"))
        );
        assert_eq!(
            d("https://x.gov/press?year=2023&month=06&day=17"),
            Some(("2023-06-17".into(), "2023&month=06&day=17"))
        );
        assert_eq!(
            d("https://x.gov/p.php?d=20230617"),
            Some(("2023-06-17".into(), "20230617"))
        );
    }

    #[test]
    fn no_date_where_there_is_none_or_it_is_ambiguous() {
        for url in [
            "https://www.channelnewsasia.com/world/blinken-3569686",
            "https://www.state.gov/secretary-blinkens-trip/",
            "https://x.com/reports/2023",
            "https://x.com/rail/2023-05",
            "https://x.com/id/12345678",
            "https://x.com/a/20231345/b",
            "https://x.com/2023/02/30/b",
            "https://web.archive.org/web/20230618123456/https://x.com/a",
            "https://x.com/2023/06/17/a-2023-06-20",
        ] {
            assert_eq!(d(url), None, "{url}");
        }
        assert!(d("https://x.com/2023/06/17").is_some());
    }

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

    #[test]
    fn folds_latin_accents() {
        assert_eq!(fold_accents("Café Crème Süd"), "Cafe Creme Sud");
        assert_eq!(fold_accents("北京"), "北京");
    }
}
