//! `--format github`: GitHub Actions workflow commands, one annotation per
//! diagnostic, escaped as the runner expects.

use super::format::{render_all, Emit};
use super::{FileReport, Report, Severity};

/// The GitHub emitter: an annotation per finding, nothing before or after.
#[derive(Debug, Clone, Copy, Default)]
pub struct Github;

impl Emit for Github {
    fn file(&mut self, f: &FileReport) -> String {
        render_file(f)
    }
}

/// Escape a message: `%`, CR and LF as the runner expects, and other
/// control characters (an escape sequence from a page would colour or
/// rewrite the job's log) as `\u{…}`, as in human output.
pub fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::human::escape_controls(&s).into_owned()
}

/// Escape a property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    render_all(&mut Github, &report.files)
}

/// The annotations of one file.
pub fn render_file(f: &FileReport) -> String {
    let mut out = String::new();
    let file = escape_property(&super::sarif::relative_path(&f.source.path));
    if let Some(error) = &f.error {
        out.push_str(&format!(
            "::error file={file},title=citecheck::{}\n",
            escape_data(&format!("cannot check {}: {error}", f.source.path))
        ));
    }
    for d in &f.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = f.source.line_col(d.span.start);
        let (end_line, end_col) = f.source.line_col(d.span.end);
        let position = if line == end_line {
            format!("line={line},col={col},endLine={end_line},endColumn={end_col}")
        } else {
            format!("line={line},endLine={end_line}")
        };
        let title = escape_property(&format!("citecheck {} ({})", d.code, d.rule));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{level} file={file},{position},title={title}::{}\n",
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_data("50% done\r\nnext: a, b"),
            "50%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
