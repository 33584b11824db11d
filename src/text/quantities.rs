//! Numbers and quantities in running text, normalised to a value so that
//! "five years" and "5 years", "1.2 million" and "1,200,000", "40%" and
//! "40 per cent" compare equal (CC501 compares a sentence's with a page's).

use std::sync::LazyLock;

use regex::Regex;

/// One number found in a text, with the unit word that follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte range of the number (and scale, unit or `%`) in the text.
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// `percent`, or the following noun (lowercased), if any.
    pub unit: Option<String>,
    /// Written as a word ("five"), not in digits.
    pub word: bool,
}

/// Numbers written as words, and their values.
pub const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("mn", 1e6),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let small = NUMBER_WORDS
        .iter()
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?xi)
        (?P<money>[$€£¥])?\s?
        (?:
            (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
          | \b(?P<word>(?:{small})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)\b
        )
        (?:[\s-]?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn)\b)?
        (?:\s?(?P<pct>%|percent\b|per\s+cent\b))?
        (?:[\s-](?P<unit>\p{{L}}[\p{{L}}'’]*))?
        "
    ))
    .expect("static regex")
});

/// Every quantity in `s`, in order. Four-digit years (1500–2100 written
/// alone) are dates, not quantities, and are left out.
pub fn find(s: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for c in NUMBER.captures_iter(s) {
        let Some(whole) = c.get(0) else { continue };
        let (mut value, word) = if let Some(d) = c.name("digits") {
            let Ok(v) = d.as_str().replace(',', "").parse::<f64>() else {
                continue;
            };
            (v, false)
        } else if let Some(w) = c.name("word") {
            (word_value(w.as_str()), true)
        } else {
            continue;
        };
        let scale = c.name("scale");
        if let Some(sc) = scale {
            let lower = sc.as_str().to_lowercase();
            value *= SCALES
                .iter()
                .find(|(w, _)| *w == lower)
                .map_or(1.0, |(_, f)| *f);
        }
        let digits = c.name("digits").map(|d| d.as_str());
        let is_year = digits.is_some_and(|d| {
            d.len() == 4 && (1500.0..=2100.0).contains(&value) && !d.contains(['.', ','])
        }) && c.name("money").is_none()
            && scale.is_none()
            && c.name("pct").is_none();
        if is_year {
            continue;
        }
        let start = c
            .name("money")
            .map_or_else(|| c.name("digits").or(c.name("word")), Some)
            .map_or(whole.start(), |m| m.start());
        let mut end = whole.end();
        let unit = if c.name("pct").is_some() {
            if let Some(u) = c.name("unit") {
                end = u.start();
            }
            Some("percent".to_string())
        } else {
            c.name("unit").and_then(|u| {
                let lower = u.as_str().to_lowercase();
                if crate::text::words::is_stopword(&lower) {
                    end = u.start();
                    None
                } else {
                    Some(lower)
                }
            })
        };
        let end = s[..end].trim_end().len().max(start);
        out.push(Quantity {
            start,
            end,
            value,
            unit,
            word,
        });
    }
    out
}

fn word_value(w: &str) -> f64 {
    let lower = w.to_lowercase();
    lower
        .split('-')
        .map(|part| {
            NUMBER_WORDS
                .iter()
                .find(|(s, _)| *s == part)
                .map_or(0.0, |(_, v)| *v)
        })
        .sum()
}

/// Two values that are the same number (floating-point scale factors aside).
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<(f64, Option<String>, &str)> {
        find(s)
            .into_iter()
            .map(|q| (q.value, q.unit, &s[q.start..q.end]))
            .collect()
    }

    #[test]
    fn numbers_words_scales_percentages_money() {
        let v = values("came within 150 yards, the first time in five years");
        assert_eq!(v[0], (150.0, Some("yards".into()), "150 yards"));
        assert_eq!(v[1], (5.0, Some("years".into()), "five years"));
        let v = values("about 1.2 million people and 1,200,000 more");
        assert_eq!(v[0].0, 1_200_000.0);
        assert_eq!(v[1].0, 1_200_000.0);
        let v = values("up 40% or 40 per cent, a $3.5 billion deal");
        assert_eq!(v[0], (40.0, Some("percent".into()), "40%"));
        assert_eq!(v[1].0, 40.0);
        assert_eq!(v[1].1.as_deref(), Some("percent"));
        assert_eq!(v[2].0, 3.5e9);
        assert_eq!(v[2].2, "$3.5 billion deal");
    }

    #[test]
    fn years_are_not_quantities_and_non_ascii_spans_hold() {
        assert!(find("in 2023 and 1999").is_empty());
        let s = "Über 150 Meter – twenty-five Schiffe";
        let v = values(s);
        assert_eq!(v[0].2, "150 Meter");
        assert_eq!(v[1].0, 25.0);
        assert!(same_value(0.1 + 0.2, 0.3));
    }
}
