//! A run's output made file by file: each format's opening, one chunk per
//! file as soon as it is checked, and a closing, so a file's text can be
//! dropped once its chunk is made. Also keeps the totals the exit code and
//! `--statistics` need.

use super::{concise, github, human, json, sarif, FileReport, Severity, Summary};

/// What to make of each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Human or narrated diagnostics; `summary` adds the closing line.
    Human {
        style: human::Style,
        summary: bool,
    },
    Concise,
    Json,
    Jsonl,
    Sarif,
    Github,
    /// Nothing per file (`--statistics`, `--write-baseline`): totals only.
    Totals,
}

/// Counts over every file seen so far.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub summary: Summary,
    /// (path, error) of each file that could not be read.
    pub failures: Vec<(String, String)>,
    pub max_severity: Option<Severity>,
    /// (count, code, rule) per rule, in order of first appearance.
    pub rules: Vec<(usize, &'static str, &'static str)>,
}

impl Totals {
    fn add(&mut self, f: &FileReport) {
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

/// Turns files into output chunks, in the order they are given.
#[derive(Debug)]
pub struct Emitter {
    output: Output,
    totals: Totals,
    sarif_results: Vec<serde_json::Value>,
    sarif_notifications: Vec<serde_json::Value>,
}

impl Emitter {
    pub fn new(output: Output) -> Emitter {
        Emitter {
            output,
            totals: Totals::default(),
            sarif_results: Vec::new(),
            sarif_notifications: Vec::new(),
        }
    }

    /// What comes before the first file.
    pub fn header(&self) -> String {
        match self.output {
            Output::Json => json::header(),
            _ => String::new(),
        }
    }

    /// One file's chunk. SARIF keeps the file's results (plain values, no
    /// text) for [`Emitter::finish`], because its layout puts them inside
    /// the run object.
    pub fn file(&mut self, f: &FileReport) -> String {
        let first = self.totals.summary.files == 0;
        self.totals.add(f);
        match self.output {
            Output::Human { style, .. } => human::render_file(f, style),
            Output::Concise => concise::render_file(f),
            Output::Json => json::file_chunk(f, first),
            Output::Jsonl => json::render_file_lines(f),
            Output::Github => github::render_file(f),
            Output::Sarif => {
                let (results, notification) = sarif::file_results(f);
                self.sarif_results.extend(results);
                self.sarif_notifications.extend(notification);
                String::new()
            }
            Output::Totals => String::new(),
        }
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// What comes after the last file, and the totals.
    pub fn finish(self) -> (String, Totals) {
        let out = match self.output {
            Output::Json => json::footer(self.totals.summary.files == 0, self.totals.summary),
            Output::Sarif => sarif::document(self.sarif_results, self.sarif_notifications),
            Output::Human { summary: true, .. } => {
                human::summary_text(self.totals.summary, self.totals.failures.len())
            }
            _ => String::new(),
        };
        (out, self.totals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check_text, Options};
    use crate::report::Report;
    use crate::source::Format;

    fn report() -> Report {
        let a = check_text(
            "a.txt",
            "A claim in 2020 by the U.N.[2]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n",
            Format::Text,
            &Options::default(),
        );
        let b = FileReport::failed("b.txt", "binary file");
        let c = check_text(
            "c.md",
            "Said “hello”.\n",
            Format::Markdown,
            &Options::default(),
        );
        Report {
            files: vec![a, b, c],
        }
    }

    fn streamed(report: &Report, output: Output) -> String {
        let mut e = Emitter::new(output);
        let mut out = e.header();
        for f in &report.files {
            out.push_str(&e.file(f));
        }
        out.push_str(&e.finish().0);
        out
    }

    #[test]
    fn streamed_output_is_the_whole_report_rendering() {
        for report in [report(), Report::default()] {
            assert_eq!(streamed(&report, Output::Json), json::render(&report));
            let doc: serde_json::Value =
                serde_json::from_str(&streamed(&report, Output::Json)).expect("valid JSON");
            assert_eq!(
                doc["files"].as_array().map(Vec::len),
                Some(report.files.len())
            );
            assert_eq!(streamed(&report, Output::Sarif), sarif::render(&report));
            assert_eq!(
                streamed(&report, Output::Jsonl),
                json::render_lines(&report)
            );
            assert_eq!(streamed(&report, Output::Concise), concise::render(&report));
            assert_eq!(streamed(&report, Output::Github), github::render(&report));
            let style = human::Style::default();
            let mut whole = human::render(&report, style);
            whole.push_str(&human::summary_line(&report));
            assert_eq!(
                streamed(
                    &report,
                    Output::Human {
                        style,
                        summary: true
                    }
                ),
                whole
            );
        }
    }

    #[test]
    fn totals_count_what_the_report_counts() {
        let report = report();
        let mut e = Emitter::new(Output::Totals);
        for f in &report.files {
            assert!(e.file(f).is_empty());
        }
        let (_, totals) = e.finish();
        assert_eq!(totals.summary, report.summary());
        assert_eq!(totals.max_severity, report.max_severity());
        assert_eq!(totals.failures.len(), 1);
        let total: usize = totals.rule_counts().iter().map(|r| r.0).sum();
        assert_eq!(
            total,
            report
                .files
                .iter()
                .map(|f| f.diagnostics.len())
                .sum::<usize>()
        );
    }
}
