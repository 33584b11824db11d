//! Lookups over the one list of rules ([`RULES`], declared with the rules'
//! modules in `checks/mod.rs`). Selection, the link stage's needs,
//! `citecheck rules`, `citecheck explain`, configuration validation and
//! every report format are derived from it.

use std::sync::LazyLock;

use super::rule::Rule;
pub use super::RULES;
use crate::model::{Catalogue, RuleMeta};

static METAS: LazyLock<Vec<&'static RuleMeta>> =
    LazyLock::new(|| RULES.iter().map(|r| &r.meta).collect());

/// The registry's descriptions, for the layers that must not see checks
/// (configuration, reports).
pub fn catalogue() -> Catalogue<'static> {
    Catalogue::new(&METAS)
}

/// The rule with this exact code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// A rule by code or name, case-insensitively (`cc001`, `undefined-citation`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    catalogue()
        .lookup(code_or_name)
        .and_then(|meta| rule(meta.code))
}

/// The rules that run only with the link stage, as prose with ranges:
/// `CC401–CC404 and CC501`.
pub fn online_only_codes() -> String {
    codes_where(|r| r.needs.online_only())
}

/// The codes of the rules `keep` keeps, as prose with ranges.
pub fn codes_where(keep: impl Fn(&Rule) -> bool) -> String {
    let codes: Vec<&str> = RULES.iter().filter(|r| keep(r)).map(|r| r.code).collect();
    let number = |c: &str| c.get(2..).and_then(|n| n.parse::<u32>().ok());
    let mut runs: Vec<(&str, &str)> = Vec::new();
    for code in codes {
        match runs.last_mut() {
            Some((_, last))
                if number(last)
                    .zip(number(code))
                    .is_some_and(|(a, b)| a + 1 == b) =>
            {
                *last = code;
            }
            _ => runs.push((code, code)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    match parts.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => parts.join(""),
    }
}

/// The text `citecheck explain` prints.
pub fn explain(rule: &RuleMeta) -> String {
    let mut out = format!(
        "{} ({}) — default severity: {}\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary
    );
    if !rule.explanation.is_empty() {
        out.push('\n');
        out.push_str(rule.explanation.trim());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Needs;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(a.code.len() == 5 && a.code.starts_with("CC"), "{}", a.code);
            assert!(a
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            for b in &RULES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
                assert!(a.code < b.code, "{} is listed before {}", a.code, b.code);
            }
            for section in ["## What it does", "## Why it matters", "## Example"] {
                assert!(
                    a.explanation.contains(section),
                    "{} lacks {section}",
                    a.code
                );
            }
        }
    }

    #[test]
    fn what_rules_need_follows_their_family() {
        for r in RULES {
            let family = &r.code[..3];
            match family {
                "CC0" | "CC1" | "CC2" => assert_eq!(r.needs, Needs::Text, "{}", r.code),
                "CC3" => assert!(!r.needs.online_only(), "{}", r.code),
                _ => assert!(r.needs.online_only(), "{}", r.code),
            }
        }
    }

    #[test]
    fn online_rules_read_as_ranges() {
        assert_eq!(online_only_codes(), "CC401–CC404 and CC501");
    }

    #[test]
    fn selectors() {
        let c = catalogue();
        assert_eq!(c.matching("cc001")[0].name, "undefined-citation");
        assert_eq!(c.matching("unused-reference")[0].code, "CC002");
        assert_eq!(c.matching("CC00").len(), 7);
        assert!(c.matching("CC9").is_empty());
        assert!(c.matching("nonsense").is_empty());
        assert_eq!(c.matching("ALL").len(), RULES.len());
        assert_eq!(lookup("dead-link").map(|r| r.code), Some("CC401"));
    }
}
