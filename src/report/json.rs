//! `--format json` (the `citecheck-report/1` schema) and `--format jsonl`.

use serde::Serialize;

use super::format::{render_all, Emit};
use super::stream::Totals;
use super::{Diagnostic, FileReport, Report, Stats, Summary};
use crate::model::{Fix, RefKey, Span};
use crate::source::Source;

pub const SCHEMA: &str = "citecheck-report/1";

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    stats: Stats,
    diagnostics: Diagnostics<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    /// With `--fix`: how many fixes were applied (the report is the fixed text's).
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes_applied: Option<usize>,
}

/// A span with both byte offsets and 1-based line/column (in characters).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl JsonSpan {
    pub fn new(source: &Source, span: Span) -> JsonSpan {
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        JsonSpan {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    span: JsonSpan,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    reference: Option<&'a RefKey>,
    url: Option<&'a str>,
    /// Only on a diagnostic its rule can fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    content: &'a str,
}

fn json_fix<'a>(source: &Source, fix: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        applicability: fix.applicability.as_str(),
        message: &fix.message,
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                span: JsonSpan::new(source, e.span),
                content: &e.content,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct JsonlLine<'a> {
    path: &'a str,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
}

fn diagnostic<'a>(source: &Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: d.code,
        rule: d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        span: JsonSpan::new(source, d.span),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                span: JsonSpan::new(source, l.span),
                message: &l.message,
            })
            .collect(),
        help: d.help.as_deref(),
        reference: d.reference.as_ref(),
        url: d.url.as_deref(),
        fix: d.fix.as_ref().map(|f| json_fix(source, f)),
    }
}

fn diagnostics(f: &FileReport) -> Vec<JsonDiagnostic<'_>> {
    f.diagnostics
        .iter()
        .map(|d| diagnostic(&f.source, d))
        .collect()
}

/// A file's diagnostics, each made into its JSON form as it is written:
/// collecting them first held a copy of every finding's layout (750,000
/// CC202s in a pathological file) beside the findings themselves.
struct Diagnostics<'a>(&'a FileReport);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        s.collect_seq(f.diagnostics.iter().map(|d| diagnostic(&f.source, d)))
    }
}

fn file(f: &FileReport) -> JsonFile<'_> {
    JsonFile {
        path: &f.source.path,
        stats: f.stats,
        diagnostics: Diagnostics(f),
        error: f.error.as_deref(),
        fixes_applied: f.fixed.as_ref().map(|x| x.applied),
    }
}

/// The `--format json` emitter: the document's opening, each file as an
/// element of `files`, then the summary, laid out as if the whole document
/// had been pretty-printed at once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json {
    files: usize,
}

impl Emit for Json {
    fn header(&mut self) -> String {
        header()
    }

    fn file(&mut self, f: &FileReport) -> String {
        self.files += 1;
        file_chunk(f, self.files == 1)
    }

    fn write_file(&mut self, f: &FileReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.files += 1;
        write_file_chunk(f, self.files == 1, w)
    }

    fn finish(&mut self, totals: &Totals) -> String {
        footer(self.files == 0, totals.summary)
    }
}

/// The `--format jsonl` emitter: a line per diagnostic.
#[derive(Debug, Clone, Copy, Default)]
pub struct Jsonl;

impl Emit for Jsonl {
    fn file(&mut self, f: &FileReport) -> String {
        render_file_lines(f)
    }
}

/// The whole report as one pretty-printed JSON document.
pub fn render(report: &Report) -> String {
    render_all(&mut Json::default(), &report.files)
}

/// The document up to the opening of the `files` array, so a run can write
/// each file as it is checked (see [`file_chunk`] and [`footer`]).
pub fn header() -> String {
    let tool = Tool {
        name: "citecheck",
        version: env!("CARGO_PKG_VERSION"),
    };
    let tool = pretty_at(&tool, 2);
    format!(
        "{{\n  \"schema\": {},\n  \"tool\": {tool},\n  \"files\": [",
        json_string(SCHEMA)
    )
}

/// One element of the `files` array, laid out as if the whole document had
/// been pretty-printed at once.
pub fn file_chunk(f: &FileReport, first: bool) -> String {
    written(|out| write_file_chunk(f, first, out))
}

/// [`file_chunk`] written straight to `w`: a large file's report is not
/// held whole in memory first (1.65 GB of JSON for 750,000 findings, and
/// a copy of it when the indentation was put in front).
pub fn write_file_chunk(
    f: &FileReport,
    first: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(if first { b"\n    " } else { b",\n    " })?;
    pretty_into(&file(f), 4, w)
}

/// The end of the `files` array and the summary.
pub fn footer(no_files: bool, summary: Summary) -> String {
    format!(
        "{}],\n  \"summary\": {}\n}}\n",
        if no_files { "" } else { "\n  " },
        pretty_at(&summary, 2)
    )
}

/// `value` pretty-printed as serde_json does, every line after the first
/// indented by `by` spaces: laid out in one pass, where printing and then
/// indenting copied (and scanned) a large file's report twice.
fn pretty_at<T: Serialize>(value: &T, by: usize) -> String {
    written(|out| pretty_into(value, by, out))
}

/// What `write` writes, as a string. Writing to memory fails only if a
/// value cannot be serialized, which is then said in the JSON's place.
fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::with_capacity(256);
    match write(&mut out) {
        Ok(()) => String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => format!("{{\"error\":{}}}", json_string(&e.to_string())),
    }
}

/// [`pretty_at`] written to `w`.
fn pretty_into<T: Serialize, W: std::io::Write>(value: &T, by: usize, w: W) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        w,
        Indented {
            base: by,
            depth: 0,
            has_value: false,
        },
    );
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// serde_json's `PrettyFormatter` (two spaces a level) starting `base`
/// spaces in.
struct Indented {
    base: usize,
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        w.write_all(b"\n")?;
        let mut n = self.base + 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// A `--stdin-jsonl` output line (no newline): the record's `id`, the
/// file's stats and its diagnostics as the report writes them.
pub fn record_line(id: &serde_json::Value, f: &FileReport) -> String {
    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a serde_json::Value,
        stats: Stats,
        diagnostics: Vec<JsonDiagnostic<'a>>,
    }
    let record = Record {
        id,
        stats: f.stats,
        diagnostics: diagnostics(f),
    };
    // Through a `Value`, whose maps keep keys sorted: the line's layout
    // since batch mode began.
    serde_json::to_value(&record)
        .map(|v| v.to_string())
        .unwrap_or_else(|e| format!("{{\"error\":{}}}", json_string(&e.to_string())))
}

/// One diagnostic per line, each with its `path`. A file that could not be
/// read gives one line with `path` and `error`.
pub fn render_lines(report: &Report) -> String {
    render_all(&mut Jsonl, &report.files)
}

/// [`render_lines`] for one file.
pub fn render_file_lines(f: &FileReport) -> String {
    let mut out = String::new();
    if let Some(error) = &f.error {
        let line = serde_json::json!({ "path": f.source.path, "error": error });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    for d in &f.diagnostics {
        let line = JsonlLine {
            path: &f.source.path,
            diagnostic: diagnostic(&f.source, d),
        };
        if let Ok(s) = serde_json::to_string(&line) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_layout_is_serde_jsons_pretty_layout_shifted() {
        let v = serde_json::json!({
            "a": [], "b": {}, "c": [1, {"d": [true, null, "x\ny"]}, []],
            "e": {"f": {"g": []}}, "h": "é"
        });
        for by in [0, 2, 4, 70] {
            let pad = format!("\n{}", " ".repeat(by));
            let want = serde_json::to_string_pretty(&v)
                .unwrap()
                .replace('\n', &pad);
            assert_eq!(pretty_at(&v, by), want, "{by}");
        }
    }
}
