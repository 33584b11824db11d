//! The calendar: dates as cited, month names, validity and day arithmetic,
//! for text, documents, checks and the network alike. It imports nothing
//! from the crate, so every layer can use it without a cycle.

mod civil;
mod page;
mod written;

use serde::Serialize;

pub use civil::{civil_from_days, days_apart, days_from_civil, is_later, months_apart};
pub use page::page_date;
pub use written::{find_dates, FoundDate};

/// A calendar date at the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CitedDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl std::fmt::Display for CitedDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// An English month name or its abbreviation, case-insensitive, as a regex
/// group to paste into larger patterns.
pub const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// Whether `word` is exactly a month name or abbreviation (`June`, `sept`).
/// ASCII only, so Unicode case folding (`ſ` for `s`) cannot make one.
pub fn is_month_name(word: &str) -> bool {
    if !word.is_ascii() || word.len() > 9 {
        return false;
    }
    let mut buf = [0u8; 9];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"jan"
            | b"january"
            | b"feb"
            | b"february"
            | b"mar"
            | b"march"
            | b"apr"
            | b"april"
            | b"may"
            | b"jun"
            | b"june"
            | b"jul"
            | b"july"
            | b"aug"
            | b"august"
            | b"sep"
            | b"sept"
            | b"september"
            | b"oct"
            | b"october"
            | b"nov"
            | b"november"
            | b"dec"
            | b"december"
    )
}

/// The month a name matched by [`MONTH`] stands for, by its first three
/// letters.
pub fn month_from_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    let key = lower.get(..3)?;
    let m = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Whether the day exists in the proleptic Gregorian calendar.
pub fn valid(year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn month_names_are_whole_words() {
        for w in ["january", "jan", "sept", "may", "june", "jun", "dec", "MAR"] {
            assert!(is_month_name(w), "{w}");
        }
        for w in ["janu", "septem", "ju", "mayday", "ſep", "", "martes"] {
            assert!(!is_month_name(w), "{w}");
        }
        assert_eq!(month_from_name("Sept"), Some(9));
        assert_eq!(month_from_name("ju"), None);
    }

    #[test]
    fn month_names_are_what_the_month_pattern_matches_whole() {
        let whole = Regex::new(&format!("^{MONTH}$")).unwrap();
        let names = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "sept",
        ];
        for name in names {
            // Every prefix and one letter more, in three casings.
            for end in 0..=name.len() {
                for w in [&name[..end], &format!("{}x", &name[..end])] {
                    for w in [w.to_string(), w.to_uppercase(), capitalised(w)] {
                        assert_eq!(is_month_name(&w), whole.is_match(&w), "{w}");
                    }
                }
            }
        }
    }

    fn capitalised(w: &str) -> String {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    #[test]
    fn leap_years() {
        assert!(valid(2024, 2, 29));
        assert!(!valid(2023, 2, 29));
        assert!(!valid(1900, 2, 29));
        assert!(valid(2000, 2, 29));
        assert!(!valid(2023, 13, 1));
        assert_eq!(days_in_month(2023, 0), 0);
    }
}
