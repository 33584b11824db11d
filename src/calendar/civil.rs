//! Day counts and distances between dates at their precision. Hand-written
//! (Howard Hinnant's algorithms) rather than jiff: a dozen exact integer
//! lines, valid for any year, with no time zone to shift a day.

use super::{days_in_month, CitedDate};

/// Days since 1970-01-01 of a valid proleptic Gregorian date.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The first and last day a date covers at its precision: a day, a month
/// or a year.
fn day_interval(d: CitedDate) -> (i64, i64) {
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let n = days_from_civil(d.year, m, day);
            (n, n)
        }
        (Some(m), None) => (
            days_from_civil(d.year, m, 1),
            days_from_civil(d.year, m, days_in_month(d.year, m).max(1)),
        ),
        _ => (
            days_from_civil(d.year, 1, 1),
            days_from_civil(d.year, 12, 31),
        ),
    }
}

/// How many days apart two dates are at the coarser of their precisions:
/// 0 when they can name the same day (`Jun 2023` and `2023-06-17`).
pub fn days_apart(a: CitedDate, b: CitedDate) -> i64 {
    let (a0, a1) = day_interval(a);
    let (b0, b1) = day_interval(b);
    if a1 < b0 {
        b0 - a1
    } else if b1 < a0 {
        a0 - b1
    } else {
        0
    }
}

/// Whole months between two dates that both name a month, ignoring days;
/// `None` when either is a bare year.
pub fn months_apart(a: CitedDate, b: CitedDate) -> Option<i64> {
    let (am, bm) = (a.month?, b.month?);
    let months =
        (i64::from(a.year) * 12 + i64::from(am)) - (i64::from(b.year) * 12 + i64::from(bm));
    Some(months.abs())
}

/// Whether `a` falls after `b`, compared at the precision both have (their
/// precisions differ at most by what [`days_apart`] already measured).
pub fn is_later(a: CitedDate, b: CitedDate) -> bool {
    let key = |d: CitedDate| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0));
    match (
        a.month.is_some() && b.month.is_some(),
        a.day.is_some() && b.day.is_some(),
    ) {
        (_, true) => key(a) > key(b),
        (true, false) => (a.year, a.month) > (b.year, b.month),
        _ => a.year > b.year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> CitedDate {
        CitedDate {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    fn month(y: i32, m: u8) -> CitedDate {
        CitedDate {
            year: y,
            month: Some(m),
            day: None,
        }
    }

    #[test]
    fn days_apart_at_the_coarser_precision() {
        assert_eq!(days_apart(day(2023, 6, 18), day(2023, 6, 17)), 1);
        assert_eq!(days_apart(day(2024, 3, 1), day(2024, 2, 28)), 2);
        assert_eq!(days_apart(day(2023, 1, 1), day(2022, 12, 31)), 1);
        assert_eq!(days_apart(month(2023, 6), day(2023, 6, 30)), 0);
        assert_eq!(days_apart(month(2023, 6), day(2023, 5, 31)), 1);
        assert_eq!(days_apart(month(2023, 6), day(2023, 4, 10)), 52);
    }

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_525), (2023, 6, 17));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for n in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(n);
            let (y, m, d) = (
                i32::try_from(y).unwrap(),
                u8::try_from(m).unwrap(),
                u8::try_from(d).unwrap(),
            );
            assert!(valid_day(y, m, d), "{n}");
            assert_eq!(days_from_civil(y, m, d), n);
        }
    }

    fn valid_day(y: i32, m: u8, d: u8) -> bool {
        crate::calendar::valid(y, m, d)
    }

    #[test]
    fn months_and_order_at_the_common_precision() {
        assert_eq!(months_apart(month(2023, 8), day(2023, 6, 17)), Some(2));
        assert_eq!(months_apart(month(2022, 11), month(2023, 2)), Some(3));
        let year = CitedDate {
            year: 2023,
            month: None,
            day: None,
        };
        assert_eq!(months_apart(year, month(2023, 2)), None);
        assert!(is_later(day(2023, 6, 18), day(2023, 6, 17)));
        assert!(!is_later(month(2023, 6), day(2023, 6, 30)));
        assert!(is_later(month(2023, 7), day(2023, 6, 30)));
        assert!(!is_later(year, day(2023, 6, 30)));
    }
}
