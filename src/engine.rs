//! One run: inputs in, report out. Reads through `source`, parses through
//! `document`, checks through `checks`; prints nothing.

use crate::checks::{self, selection::Selection, Context};
use crate::document;
use crate::report::{FileReport, Report, Stats};
use crate::source::{self, Format, Input, Source};

/// What a run needs to know beyond the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    /// Display name (and format) for stdin.
    pub stdin_filename: Option<String>,
}

/// Parse and check one source.
pub fn check_source(source: Source, options: &Options) -> FileReport {
    let doc = document::parse(&source);
    let ctx = Context {
        text: &source.text,
        doc: &doc,
    };
    let diagnostics = checks::run(&ctx, &options.selection);
    let stats = Stats {
        paragraphs: doc.paragraphs.len(),
        sentences: doc.sentences.len(),
        citations: doc.markers.len(),
        references: doc.references.len(),
        links_checked: 0,
    };
    FileReport {
        source,
        stats,
        diagnostics,
        error: None,
    }
}

/// Check a text held in memory.
pub fn check_text(path: &str, text: &str, format: Format, options: &Options) -> FileReport {
    check_source(Source::with_format(path, text, format), options)
}

/// Expand paths, read and check every input. A file that cannot be read
/// becomes a report entry with its error; the others are still checked.
pub fn run(paths: &[String], options: &Options) -> Report {
    let (inputs, errors) = source::collect_inputs(paths);
    let mut files: Vec<FileReport> = errors
        .into_iter()
        .map(|e| FileReport::failed(e.path, e.error.to_string()))
        .collect();
    for input in inputs {
        files.push(match input {
            Input::Stdin => {
                let name = options
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "-".to_string());
                match source::read_stdin() {
                    Ok(text) => check_source(Source::new(name, text), options),
                    Err(e) => FileReport::failed(name, e.to_string()),
                }
            }
            Input::File(path) => {
                let name = path.display().to_string();
                match source::read_file(&path) {
                    Ok(text) => check_source(Source::new(name, text), options),
                    Err(e) => FileReport::failed(name, e.to_string()),
                }
            }
        });
    }
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    Report { files }
}
