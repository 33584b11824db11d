//! A run's output made file by file through one format's [`Emit`]: each
//! file's chunk as soon as it is checked, so its text can be dropped once
//! the chunk is made. Also keeps the totals the exit code and `--statistics`
//! need.

use super::format::Emit;
use super::{FileReport, Severity, Summary};
use crate::model::Applicability;

/// Counts over every file seen so far.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub summary: Summary,
    /// (path, error) of each file that could not be read.
    pub failures: Vec<(String, String)>,
    pub max_severity: Option<Severity>,
    /// (count, code, rule) per rule, in order of first appearance.
    pub rules: Vec<(usize, &'static str, &'static str)>,
    /// Findings that carry a safe fix (`--fix`), and an unsafe one
    /// (`--unsafe-fixes`).
    pub fixable: usize,
    pub unsafe_fixable: usize,
}

impl Totals {
    pub fn add(&mut self, f: &FileReport) {
        self.summary.files += 1;
        if let Some(error) = &f.error {
            self.failures.push((f.source.path.clone(), error.clone()));
        }
        for d in &f.diagnostics {
            match d.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Info => self.summary.infos += 1,
            }
            self.max_severity = self.max_severity.max(Some(d.severity));
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                None => {}
            }
            match self.rules.iter_mut().find(|(_, code, _)| *code == d.code) {
                Some(entry) => entry.0 += 1,
                None => self.rules.push((1, d.code, d.rule)),
            }
        }
    }

    /// Diagnostics per rule, most frequent first.
    pub fn rule_counts(&self) -> Vec<(usize, &'static str, &'static str)> {
        let mut counts = self.rules.clone();
        counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        counts
    }
}

/// Turns files into output chunks, in the order they are given, counting
/// as it goes.
pub struct Stream<'a> {
    emit: Box<dyn Emit + 'a>,
    totals: Totals,
}

impl<'a> Stream<'a> {
    pub fn new(emit: Box<dyn Emit + 'a>) -> Stream<'a> {
        Stream {
            emit,
            totals: Totals::default(),
        }
    }

    /// What comes before the first file.
    pub fn header(&mut self) -> String {
        self.emit.header()
    }

    /// One file's chunk.
    pub fn file(&mut self, f: &FileReport) -> String {
        self.totals.add(f);
        self.emit.file(f)
    }

    /// [`Stream::file`] written to `w`.
    pub fn write_file(
        &mut self,
        f: &FileReport,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.totals.add(f);
        self.emit.write_file(f, w)
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// What comes after the last file, and the totals.
    pub fn finish(mut self) -> (String, Totals) {
        let out = self.emit.finish(&self.totals);
        (out, self.totals)
    }
}
