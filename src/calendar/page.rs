//! Dates a fetched page gives for itself (JSON-LD `datePublished`,
//! `article:published_time`, …): read by their digits, so a timestamp keeps
//! the local date it was written with rather than shifting by its offset.

use super::{find_dates, valid, CitedDate};

/// A date the page gives for itself: `2023-06-17T…`, `2023/06/17`,
/// `20230617`, or a written date.
pub fn page_date(text: &str) -> Option<CitedDate> {
    let t = text.trim();
    let digits: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    let iso = match digits.as_slice() {
        [y, m, d] if *y >= 1900 && t.starts_with(&y.to_string()) => Some((*y, *m, *d)),
        [ymd] if t.len() >= 8 && *ymd >= 19_000_101 => {
            Some((ymd / 10000, ymd / 100 % 100, ymd % 100))
        }
        _ => None,
    };
    if let Some((y, m, d)) = iso {
        let (y, m, d) = (
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        );
        return valid(y, m, d).then_some(CitedDate {
            year: y,
            month: Some(m),
            day: Some(d),
        });
    }
    find_dates(t).first().and_then(|f| f.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Option<String> {
        page_date(s).map(|d| d.to_string())
    }

    #[test]
    fn timestamps_keep_their_written_date() {
        assert_eq!(
            shown("2023-06-17T23:30:00-05:00").as_deref(),
            Some("2023-06-17")
        );
        assert_eq!(shown(" 2023/06/17 ").as_deref(), Some("2023-06-17"));
        assert_eq!(shown("20230617").as_deref(), Some("2023-06-17"));
        assert_eq!(shown("June 17, 2023").as_deref(), Some("2023-06-17"));
        assert_eq!(shown("2023-02-30T00:00:00Z"), None);
        assert_eq!(shown("soon"), None);
    }
}
