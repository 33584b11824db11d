//! The publication date a URL states in its path or query, and where it is
//! written; the calendar reads and validates the date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::urls::split;
use crate::calendar::{self, CitedDate, MONTH};

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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(url: &str) -> Option<(String, &str)> {
        date(url).map(|u| (u.date.to_string(), &url[u.start..u.end]))
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
}
