//! The one list of rules. `citecheck rules`, `citecheck explain`, rule
//! selection and every report format read it and nothing else.

use serde::Serialize;

use crate::report::Severity;

/// Whether a rule runs today or is reserved in the public catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Implemented and selected by default.
    Stable,
    /// Code and name reserved; the check is not written yet, so it never fires.
    Planned,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub status: Status,
    pub summary: &'static str,
    /// Long explanation: what it does, why it matters, example, use instead.
    pub explanation: &'static str,
}

use super::{
    citation_concentration, date_mismatch, dead_link, duplicate_paragraph, duplicate_reference,
    duplicate_sentence, malformed_citation, malformed_reference, publisher_mismatch,
    redirected_link, reference_numbering, soft_404, title_mismatch, uncited_claim, uncited_quote,
    undefined_citation, unreachable_link, unsupported_by_source, unused_reference,
    unused_suppression,
};

const fn stable(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        code,
        name,
        severity,
        status: Status::Stable,
        summary,
        explanation,
    }
}

use Severity::{Error, Info, Warning};

pub static RULES: &[Rule] = &[
    stable("CC001", "undefined-citation", Error, "a marker [n] with no reference n", undefined_citation::EXPLANATION),
    stable("CC002", "unused-reference", Warning, "a reference no marker cites", unused_reference::EXPLANATION),
    stable("CC003", "duplicate-reference", Warning, "two references to the same work (same normalised URL, or same title and publisher)", duplicate_reference::EXPLANATION),
    stable("CC004", "malformed-reference", Error, "an entry with no URL, an unparsable URL, no title, or an unreadable date", malformed_reference::EXPLANATION),
    stable("CC005", "reference-numbering", Warning, "numbering with gaps, repeats or disorder; mixed 0- and 1-based", reference_numbering::EXPLANATION),
    stable("CC006", "malformed-citation", Warning, "a marker that is empty, reversed ([5-2]), or unreadable", malformed_citation::EXPLANATION),
    stable("CC007", "unused-suppression", Warning, "an inline suppression that suppressed nothing", unused_suppression::EXPLANATION),
    stable("CC101", "uncited-claim", Warning, "a sentence stating a checkable fact (numbers, dates, names, attribution) that no citation covers", uncited_claim::EXPLANATION),
    stable("CC102", "uncited-quote", Warning, "quoted words with no citation", uncited_quote::EXPLANATION),
    stable("CC103", "citation-concentration", Info, "one source carries too large a share of the citations", citation_concentration::EXPLANATION),
    stable("CC201", "duplicate-paragraph", Warning, "a paragraph that repeats another, verbatim or reworded", duplicate_paragraph::EXPLANATION),
    stable("CC202", "duplicate-sentence", Warning, "a sentence that repeats another elsewhere, verbatim or reworded", duplicate_sentence::EXPLANATION),
    stable("CC301", "publisher-mismatch", Warning, "the cited publisher does not match the URL's site", publisher_mismatch::EXPLANATION),
    stable("CC302", "date-mismatch", Warning, "the cited date disagrees with the URL's date or the page's publication date", date_mismatch::EXPLANATION),
    stable("CC303", "title-mismatch", Warning, "the cited title disagrees with the URL slug or the page's title", title_mismatch::EXPLANATION),
    stable("CC401", "dead-link", Error, "the URL is gone for good (404, 410, unknown host, …)", dead_link::EXPLANATION),
    stable("CC402", "unreachable-link", Warning, "the URL could not be verified (timeout, 5xx or 429 after retries, TLS error, blocked address)", unreachable_link::EXPLANATION),
    stable("CC403", "redirected-link", Warning, "the URL redirects elsewhere: a permanent move or a bounce to a home page", redirected_link::EXPLANATION),
    stable("CC404", "soft-404", Warning, "the page answers 200 but is an error or placeholder page", soft_404::EXPLANATION),
    stable("CC501", "unsupported-by-source", Warning, "the cited page's text lacks the sentence's key facts (numbers, names, quoted words)", unsupported_by_source::EXPLANATION),
];

/// The rule with this exact code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// A rule by code or name, case-insensitively (`cc001`, `undefined-citation`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name.eq_ignore_ascii_case(wanted))
}

/// The rules a selector names: a code, a code prefix (`CC0`, `CC`), a name,
/// or `ALL`. Empty when it names nothing.
pub fn matching(selector: &str) -> Vec<&'static Rule> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return RULES.iter().collect();
    }
    if let Some(rule) = lookup(s) {
        return vec![rule];
    }
    let upper = s.to_ascii_uppercase();
    if upper.len() >= 2 && upper.starts_with("CC") {
        return RULES
            .iter()
            .filter(|r| r.code.starts_with(&upper))
            .collect();
    }
    Vec::new()
}

/// The text `citecheck explain` prints.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!(
        "{} ({}) — default severity: {}{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        match rule.status {
            Status::Stable => "",
            Status::Planned => " — planned, not yet implemented",
        },
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
            }
            if a.status == Status::Stable {
                for section in ["## What it does", "## Why it matters", "## Example"] {
                    assert!(
                        a.explanation.contains(section),
                        "{} lacks {section}",
                        a.code
                    );
                }
            }
        }
    }

    #[test]
    fn selectors() {
        assert_eq!(matching("cc001")[0].name, "undefined-citation");
        assert_eq!(matching("unused-reference")[0].code, "CC002");
        assert_eq!(matching("CC00").len(), 7);
        assert!(matching("CC9").is_empty());
        assert!(matching("nonsense").is_empty());
        assert_eq!(matching("ALL").len(), RULES.len());
    }
}
