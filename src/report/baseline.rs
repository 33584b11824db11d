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
        .map(|f| filter_file(f, &known))
        .sum()
}

/// Drop one file's findings that are in `known`; returns how many.
pub fn filter_file(f: &mut FileReport, known: &HashSet<&Entry>) -> usize {
    let path = sarif::relative_path(&f.source.path);
    let prints = fingerprint::fingerprints(f);
    let keep: Vec<bool> = prints
        .iter()
        .zip(&f.diagnostics)
        .map(|(print, d)| {
            !known.contains(&Entry {
                path: path.clone(),
                code: d.code.to_string(),
                fingerprint: print.clone(),
            })
        })
        .collect();
    let before = f.diagnostics.len();
    let mut flags = keep.into_iter();
    f.diagnostics.retain(|_| flags.next().unwrap_or(true));
    before - f.diagnostics.len()
}
