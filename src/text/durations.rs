//! Spans of time in running text, normalised to days, so that a reworded
//! repeat that restates a duration another way ("six weeks", "a month and a
//! half", "42 days", "a six-week closure") is seen to state the same fact.

use std::sync::LazyLock;

use regex::Regex;

use super::quantities;

/// One duration found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// Byte range of the whole phrase ("a month and a half") in the text.
    pub start: usize,
    pub end: usize,
    /// Its length in days (a month is 30.44 days, a year 365.25).
    pub days: f64,
}

/// Words that count a duration beyond the number words quantities know:
/// "a week", "a hundred years", "a couple of days".
const MORE_NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("hundred", 100.0),
    ("couple of", 2.0),
];

fn number_words() -> impl Iterator<Item = &'static (&'static str, f64)> {
    quantities::NUMBER_WORDS.iter().chain(MORE_NUMBER_WORDS)
}

const UNITS: &[(&str, f64)] = &[
    ("hour", 1.0 / 24.0),
    ("day", 1.0),
    ("week", 7.0),
    ("fortnight", 14.0),
    ("month", 30.44),
    ("year", 365.25),
    ("decade", 3652.5),
    ("century", 36525.0),
    ("centurie", 36525.0),
];

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = number_words().map(|(w, _)| *w).collect();
    // Longest first, so that "couple of" wins over "a".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    // Verbose mode ignores spaces: spell them as `\s+`.
    let words = words.join("|").replace(' ', r"\s+");
    let units = UNITS.iter().map(|(u, _)| *u).collect::<Vec<_>>().join("|");
    Regex::new(&format!(
        r"(?xi)
        \b
        (?:
            (?P<half_of>half\s+an?)
          | (?P<num>\d+(?:\.\d+)?|{words})
            (?P<num_half>\s+and\s+a\s+half)?
        )
        [\s-]+
        (?P<unit>{units})s?
        (?P<unit_half>\s+and\s+a\s+half)?
        \b
        "
    ))
    .expect("static regex")
});

/// Some unit's word, anywhere: a duration needs one. This scan is a plain
/// automaton; [`DURATION`]'s Unicode word boundaries make its fast engine
/// give up on any text that is not ASCII (curly quotes are enough), so it
/// runs only on the sentences that can match.
static ANY_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    let units = UNITS.iter().map(|(u, _)| *u).collect::<Vec<_>>().join("|");
    Regex::new(&format!("(?i){units}")).expect("static regex")
});

/// Whether `s` may hold a duration: cheap, and true wherever [`DURATION`]
/// matches.
fn may_hold(s: &str) -> bool {
    ANY_UNIT
        .find_iter(s)
        .any(|m| count_before(&s[..m.start()]) && ends_word(&s[m.end()..]))
}

/// Whether a unit's word could end a duration's count: after a space or
/// hyphen that follows a number, a number's word or "half" ("a month and
/// a half"). Where [`DURATION`] matches, this holds; it lets through
/// whatever it cannot tell (a word that is not ASCII), so only the
/// sentences it rules out ("today", "in recent years") skip the regex.
fn count_before(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == '-');
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[word_start..];
    word.chars().last().is_some_and(char::is_numeric)
        || !word.is_ascii()
        || word.eq_ignore_ascii_case("half")
        || number_words().any(|(w, _)| {
            w.rsplit(' ')
                .next()
                .is_some_and(|last| word.eq_ignore_ascii_case(last))
        })
}

/// Whether a unit's word ends a word there, with its plural `s` or without.
fn ends_word(rest: &str) -> bool {
    let rest = rest.strip_prefix(['s', 'S', 'ſ']).unwrap_or(rest);
    !rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every duration in `s`, in order.
pub fn find(s: &str) -> Vec<Duration> {
    let mut out = Vec::new();
    if !may_hold(s) {
        return out;
    }
    for c in DURATION.captures_iter(s) {
        let (Some(whole), Some(unit)) = (c.get(0), c.name("unit")) else {
            continue;
        };
        let unit = unit.as_str().to_lowercase();
        let Some(&(_, per)) = UNITS.iter().find(|(u, _)| *u == unit) else {
            continue;
        };
        let count = if c.name("half_of").is_some() {
            0.5
        } else {
            let Some(num) = c.name("num") else { continue };
            let lower = num.as_str().to_lowercase();
            let value = match number_words().find(|(w, _)| *w == lower) {
                Some(&(_, v)) => v,
                None => match lower.parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => continue,
                },
            };
            let halves = [c.name("num_half"), c.name("unit_half")]
                .iter()
                .filter(|h| h.is_some())
                .count();
            value + 0.5 * halves.min(1) as f64
        };
        // "A day after", "once a year", "a week later": a lone article
        // before a unit is a frequency or a relative time far more often
        // than a length ("a month and a half" still is one).
        let article = c
            .name("num")
            .is_some_and(|n| matches!(n.as_str().to_lowercase().as_str(), "a" | "an"));
        if count <= 0.0
            || (article && c.name("num_half").is_none() && c.name("unit_half").is_none())
        {
            continue;
        }
        out.push(Duration {
            start: whole.start(),
            end: whole.end(),
            days: count * per,
        });
    }
    out
}

/// Two durations close enough to be one fact said two ways: within an
/// eighth of the longer (six weeks = 42 days, a month and a half = 45.7).
pub fn about_the_same(a: f64, b: f64) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    hi > 0.0 && (hi - lo) / hi <= 0.125
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_cheap_scan_rules_out_holds_no_duration() {
        let held = [
            "six weeks",
            "SIX WEEKS later",
            "a 3.5-day strike",
            "٣ days",
            "a month and a half",
            "half an hour",
            "a couple of  weeks",
            "twenty\u{a0}years",
            "ten wee\u{212a}s",
            "ſix days",
            "“two years”",
            "2 decades-long",
            "three centuries",
        ];
        for text in held {
            assert!(DURATION.is_match(text), "{text}");
            assert!(may_hold(text), "{text}");
        }
        let ruled_out = [
            "today",
            "in recent years",
            "on Monday",
            "five days_x",
            "the weekend",
            "six weekly",
            "over the century",
            "",
        ];
        for text in ruled_out {
            assert!(!DURATION.is_match(text), "{text}");
            assert!(!may_hold(text), "{text}");
        }
    }

    fn days(s: &str) -> Vec<(f64, &str)> {
        find(s)
            .into_iter()
            .map(|d| ((d.days * 10.0).round() / 10.0, &s[d.start..d.end]))
            .collect()
    }

    #[test]
    fn durations_in_words_digits_and_halves() {
        assert_eq!(
            days("It will close for six weeks in June."),
            vec![(42.0, "six weeks")]
        );
        assert_eq!(
            days("It shuts for a month and a half from June."),
            vec![(45.7, "a month and a half")]
        );
        assert_eq!(days("a six-week closure"), vec![(42.0, "six-week")]);
        assert_eq!(days("for 18 months"), vec![(547.9, "18 months")]);
        assert_eq!(
            days("two and a half years"),
            vec![(913.1, "two and a half years")]
        );
        assert_eq!(days("half a year"), vec![(182.6, "half a year")]);
        assert_eq!(days("a couple of weeks"), vec![(14.0, "couple of weeks")]);
        assert!(days("the weekly market, a monthly fee, many years ago").is_empty());
        assert!(days("a day after his birthday, once a year").is_empty());
        assert_eq!(
            days("a year and a half"),
            vec![(547.9, "a year and a half")]
        );
        assert!(about_the_same(42.0, 45.66));
        assert!(!about_the_same(42.0, 60.0));
    }

    #[test]
    fn units_are_found_in_any_case() {
        // The case folding (?i) applies: the Kelvin sign is a K.
        assert_eq!(days("SIX WEE\u{212a}S")[0].0, 42.0);
        assert_eq!(days("Six Months")[0].0, 182.6);
        assert!(days("six weasels").is_empty());
    }

    #[test]
    fn spans_hold_in_non_ascii_text() {
        let s = "Die Brücke – geschlossen for six weeks über den Sommer";
        let d = find(s);
        assert_eq!(&s[d[0].start..d[0].end], "six weeks");
    }
}
