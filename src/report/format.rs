//! The output formats' one way out: the [`Emit`] trait that each format's
//! module implements once, and the emitter for an [`OutputFormat`] (the
//! format's name is a setting, so it lives in the model).

use super::stream::Totals;
use super::{concise, github, human, json, sarif, FileReport};
use crate::model::Catalogue;
pub use crate::model::OutputFormat;

/// The emitter that writes a run in `format`.
pub fn emitter<'a>(format: OutputFormat, options: EmitOptions<'a>) -> Box<dyn Emit + 'a> {
    match format {
        OutputFormat::Human => Box::new(human::Human::new(options.style, options.summary)),
        OutputFormat::Narrated => Box::new(human::Human::new(
            human::Style {
                narrated: true,
                ..options.style
            },
            options.summary,
        )),
        OutputFormat::Concise => Box::new(concise::Concise),
        OutputFormat::Json => Box::new(json::Json::default()),
        OutputFormat::Jsonl => Box::new(json::Jsonl),
        OutputFormat::Sarif => Box::new(sarif::Sarif::new(options.rules)),
        OutputFormat::Github => Box::new(github::Github),
    }
}

/// What the emitters need besides the files.
#[derive(Debug, Clone, Copy)]
pub struct EmitOptions<'a> {
    /// How human output is drawn.
    pub style: human::Style,
    /// Human output closes with a summary line (not with `--quiet`).
    pub summary: bool,
    /// The rules, for formats that describe them (SARIF).
    pub rules: Catalogue<'a>,
}

/// A run's output in one format: an opening, one chunk per file, in the
/// order given, as soon as it is checked, and a closing.
pub trait Emit {
    /// What comes before the first file.
    fn header(&mut self) -> String {
        String::new()
    }

    /// One file's chunk.
    fn file(&mut self, f: &FileReport) -> String;

    /// One file's chunk written to `w`; a format whose chunk can be large
    /// (JSON) writes it as it is made instead of holding it whole.
    fn write_file(&mut self, f: &FileReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(self.file(f).as_bytes())
    }

    /// What comes after the last file.
    fn finish(&mut self, _totals: &Totals) -> String {
        String::new()
    }
}

/// Totals only, nothing per file (`--statistics`, `--write-baseline`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Emit for Silent {
    fn file(&mut self, _f: &FileReport) -> String {
        String::new()
    }
}

/// A whole report rendered through an emitter, as a run would stream it.
pub fn render_all<'r>(
    emit: &mut dyn Emit,
    files: impl IntoIterator<Item = &'r FileReport>,
) -> String {
    let mut totals = Totals::default();
    let mut out = emit.header();
    for f in files {
        totals.add(f);
        out.push_str(&emit.file(f));
    }
    out.push_str(&emit.finish(&totals));
    out
}
