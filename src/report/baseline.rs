//! Baselines: today's findings recorded by rule, file and fingerprint, so
//! that a later run reports only what is new. The fingerprint is of the
//! flagged text, so edits elsewhere in the file do not disturb it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{fingerprint, sarif, FileReport, Report};

pub const SCHEMA: &str = "citecheck-baseline/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

#[derive(Debug, Error)]
pub enum BaselineError {
    #[error("baseline is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("baseline has schema `{0}`, expected `{SCHEMA}`")]
    Schema(String),
}

/// Record every finding of a report.
pub fn from_report(report: &Report) -> Baseline {
    from_entries(report.files.iter().flat_map(entries).collect())
}

/// The entries of one file's findings.
pub fn entries(f: &FileReport) -> Vec<Entry> {
    let path = sarif::relative_path(&f.source.path);
    f.diagnostics
        .iter()
        .zip(fingerprint::fingerprints(f))
        .map(|(d, print)| Entry {
            path: path.clone(),
            code: d.code.to_string(),
            fingerprint: print,
        })
        .collect()
}

/// A baseline of these entries, sorted.
pub fn from_entries(mut findings: Vec<Entry>) -> Baseline {
    findings.sort();
    Baseline {
        schema: SCHEMA.to_string(),
        findings,
    }
}

pub fn to_json(b: &Baseline) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}

pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
    let b: Baseline = serde_json::from_str(text)?;
    if b.schema != SCHEMA {
        return Err(BaselineError::Schema(b.schema));
    }
    Ok(b)
}

/// Drop the findings the baseline knows. Returns how many were dropped.
pub fn filter(report: &mut Report, baseline: &Baseline) -> usize {
    let known: HashSet<&Entry> = baseline.findings.iter().collect();
    report
        .files
        .iter_mut()
        .map(|f| filter_file(f, &known).len())
        .sum()
}

/// Drop one file's findings that are in `known`; returns the entries that
/// matched, so a run can tell which entries no longer match anything.
pub fn filter_file(f: &mut FileReport, known: &HashSet<&Entry>) -> Vec<Entry> {
    let path = sarif::relative_path(&f.source.path);
    let prints = fingerprint::fingerprints(f);
    let mut matched = Vec::new();
    let keep: Vec<bool> = prints
        .into_iter()
        .zip(&f.diagnostics)
        .map(|(print, d)| {
            let entry = Entry {
                path: path.clone(),
                code: d.code.to_string(),
                fingerprint: print,
            };
            let hit = known.contains(&entry);
            if hit {
                matched.push(entry);
            }
            !hit
        })
        .collect();
    let mut flags = keep.into_iter();
    f.diagnostics.retain(|_| flags.next().unwrap_or(true));
    matched
}

/// What a baseline did in one run: how many findings it hid, and its
/// entries for files checked in this run that matched nothing (fixed, or
/// changed beyond recognition), which only hide future findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    pub hidden: usize,
    pub stale: Vec<Entry>,
}

pub fn usage(baseline: &Baseline, checked: &HashSet<String>, matched: &HashSet<Entry>) -> Usage {
    Usage {
        hidden: matched.len(),
        stale: baseline
            .findings
            .iter()
            .filter(|e| checked.contains(&e.path) && !matched.contains(*e))
            .cloned()
            .collect(),
    }
}

/// One line (or a few) for standard error after a run with `--baseline`.
pub fn usage_text(usage: &Usage, path: &str) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = format!(
        "baseline {path}: hid {} known finding{}",
        usage.hidden,
        s(usage.hidden)
    );
    if usage.stale.is_empty() {
        out.push('\n');
        return out;
    }
    out.push_str(&format!(
        "; {} stale entr{}, matching nothing now (fixed or reworded; `--write-baseline {path}` rewrites the baseline without them):\n",
        usage.stale.len(),
        if usage.stale.len() == 1 { "y" } else { "ies" }
    ));
    for e in usage.stale.iter().take(10) {
        out.push_str(&format!("  {} {} {}\n", e.path, e.code, e.fingerprint));
    }
    if usage.stale.len() > 10 {
        out.push_str(&format!("  … and {} more\n", usage.stale.len() - 10));
    }
    out
}

/// The path a file's entries are recorded under.
pub fn entry_path(f: &FileReport) -> String {
    sarif::relative_path(&f.source.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, code: &str, print: &str) -> Entry {
        Entry {
            path: path.into(),
            code: code.into(),
            fingerprint: print.into(),
        }
    }

    #[test]
    fn usage_counts_hidden_and_stale_entries_of_checked_files_only() {
        let baseline = from_entries(vec![
            entry("a.md", "CC101", "1"),
            entry("a.md", "CC101", "2"),
            entry("b.md", "CC101", "3"),
        ]);
        let checked: HashSet<String> = ["a.md".to_string()].into();
        let matched: HashSet<Entry> = [entry("a.md", "CC101", "1")].into();
        let u = usage(&baseline, &checked, &matched);
        assert_eq!(u.hidden, 1);
        assert_eq!(u.stale, vec![entry("a.md", "CC101", "2")]);
        let text = usage_text(&u, "base.json");
        assert!(
            text.starts_with(
                "baseline base.json: hid 1 known finding; 1 stale entry, matching nothing now"
            ),
            "{text}"
        );
        assert!(text.contains("a.md CC101 2"));
    }
}
