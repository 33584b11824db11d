//! Dates as written in reference lists and prose: `14 Jun. 2023`,
//! `June 14, 2023`, `14 June 2023`, `2023-06-14`, `Jun 2023`, `2023`, kept
//! at the precision they were written with.

use std::sync::LazyLock;

use regex::Regex;

use super::{month_from_name, valid, CitedDate, MONTH};

/// A date found in a string: its byte range and value (`None` when it looks
/// like a date but is not a valid one, e.g. `31 Jun. 2023`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub value: Option<CitedDate>,
}

struct Pattern {
    regex: Regex,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Iso,
    DayMonthYear,
    MonthDayYear,
    MonthYear,
    Numeric,
    Year,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: String, kind| Pattern {
        regex: Regex::new(&re).expect("static regex"),
        kind,
    };
    vec![
        p(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b".into(), Kind::Iso),
        p(
            format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\.?,?\s+(\d{{4}})\b"),
            Kind::DayMonthYear,
        ),
        p(
            format!(r"\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
            Kind::MonthDayYear,
        ),
        p(format!(r"\b({MONTH})\.?,?\s+(\d{{4}})\b"), Kind::MonthYear),
        p(
            r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b".into(),
            Kind::Numeric,
        ),
        p(r"\b(1[5-9]\d\d|20\d\d|2100)\b".into(), Kind::Year),
    ]
});

/// Every date in `s`, in order, without overlaps (more specific forms win).
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for pattern in PATTERNS.iter() {
        for caps in pattern.regex.captures_iter(s) {
            let Some(whole) = caps.get(0) else { continue };
            if found
                .iter()
                .any(|f| f.start < whole.end() && whole.start() < f.end)
            {
                continue;
            }
            let g = |i: usize| caps.get(i).map_or("", |m| m.as_str());
            let value = match pattern.kind {
                Kind::Iso => ymd(g(1), month_number_str(g(2)), g(3)),
                Kind::DayMonthYear => ymd(g(3), month_from_name(g(2)), g(1)),
                Kind::MonthDayYear => ymd(g(3), month_from_name(g(1)), g(2)),
                Kind::MonthYear => g(2).parse().ok().and_then(|year| {
                    month_from_name(g(1)).map(|m| CitedDate {
                        year,
                        month: Some(m),
                        day: None,
                    })
                }),
                Kind::Numeric => numeric(g(1), g(2), g(3)),
                Kind::Year => g(1).parse().ok().map(|year| CitedDate {
                    year,
                    month: None,
                    day: None,
                }),
            };
            found.push(FoundDate {
                start: whole.start(),
                end: whole.end(),
                value,
            });
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

fn month_number_str(s: &str) -> Option<u8> {
    s.parse::<u8>().ok().filter(|m| (1..=12).contains(m))
}

fn ymd(year: &str, month: Option<u8>, day: &str) -> Option<CitedDate> {
    let year: i32 = year.parse().ok()?;
    let month = month?;
    let day: u8 = day.parse().ok()?;
    valid(year, month, day).then_some(CitedDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

/// `d/m/yyyy` or `m/d/yyyy`: read when unambiguous, otherwise kept at year
/// precision rather than guessed.
fn numeric(a: &str, b: &str, year: &str) -> Option<CitedDate> {
    let a: u8 = a.parse().ok()?;
    let b: u8 = b.parse().ok()?;
    let year: i32 = year.parse().ok()?;
    let (month, day) = match (a > 12, b > 12) {
        (true, false) => (b, a),
        (false, true) => (a, b),
        (false, false) if a == b => (a, b),
        (false, false) => {
            return (a >= 1 && b >= 1).then_some(CitedDate {
                year,
                month: None,
                day: None,
            })
        }
        (true, true) => return None,
    };
    valid(year, month, day).then_some(CitedDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Option<String> {
        let found = find_dates(s);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        found[0].value.map(|d| d.to_string())
    }

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(one("14 Jun. 2023").as_deref(), Some("2023-06-14"));
        assert_eq!(one("June 14, 2023").as_deref(), Some("2023-06-14"));
        assert_eq!(one("14 June 2023").as_deref(), Some("2023-06-14"));
        assert_eq!(one("2023-06-14").as_deref(), Some("2023-06-14"));
        assert_eq!(one("Jun 2023").as_deref(), Some("2023-06"));
        assert_eq!(one("2023").as_deref(), Some("2023"));
        assert_eq!(one("Sept. 3rd, 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(one("25/12/2020").as_deref(), Some("2020-12-25"));
        assert_eq!(one("3/4/2020").as_deref(), Some("2020"));
    }

    #[test]
    fn invalid_dates_are_found_but_unread() {
        assert_eq!(one("31 Jun. 2023"), None);
        assert_eq!(one("Feb 30, 2024"), None);
        assert_eq!(one("29 Feb 2024").as_deref(), Some("2024-02-29"));
        assert_eq!(one("2023-13-01"), None);
    }

    #[test]
    fn spans_cover_the_date() {
        let s = "CNN, 18 Jun. 2023, https://x";
        let f = &find_dates(s)[0];
        assert_eq!(&s[f.start..f.end], "18 Jun. 2023");
    }
}
