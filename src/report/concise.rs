//! `--format concise`: `path:line:col: severity[CODE] message`, one per line,
//! for editors' quickfix lists. A message is kept on its one line (a
//! quotation across two lines would otherwise break it).

use super::format::{render_all, Emit};
use super::human::escape_controls;
use super::{FileReport, Report};

/// The concise emitter: a line per finding, nothing before or after.
#[derive(Debug, Clone, Copy, Default)]
pub struct Concise;

impl Emit for Concise {
    fn file(&mut self, f: &FileReport) -> String {
        render_file(f)
    }
}

pub fn render(report: &Report) -> String {
    render_all(&mut Concise, &report.files)
}

/// The lines of one file.
pub fn render_file(f: &FileReport) -> String {
    let mut out = String::new();
    if let Some(error) = &f.error {
        out.push_str(&format!(
            "{}: error: {}\n",
            escape_controls(&f.source.path),
            escape_controls(error)
        ));
    }
    for d in &f.diagnostics {
        let (line, col) = f.source.line_col(d.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            escape_controls(&f.source.path),
            line,
            col,
            d.severity.as_str(),
            d.code,
            super::human::one_line(&escape_controls(&d.message))
        ));
    }
    out
}
