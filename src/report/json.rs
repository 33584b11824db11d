//! `--format json` (the `citecheck-report/1` schema) and `--format jsonl`.

use serde::Serialize;

use super::format::{render_all, Emit};
use super::stream::Totals;
use super::{Diagnostic, FileReport, Report, Stats, Summary};
use crate::model::{Edit, Fix, RefKey, Span};
use crate::source::Source;

pub const SCHEMA: &str = "citecheck-report/1";

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
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
    let mut out = FileWriter {
        source: &f.source,
        out: Vec::with_capacity(FLUSH_AT + 4096),
        columns: foldhash::HashMap::default(),
        edits: foldhash::HashMap::default(),
        written: Vec::new(),
        w,
    };
    out.file(f)
}

/// Bytes [`FileWriter`] gathers before it passes them on.
const FLUSH_AT: usize = 1 << 16;

/// One element of `files` written by hand in serde_json's pretty layout
/// (two spaces a level, the element four spaces in). Not through serde: a
/// file whose CC002 fixes each renumber the list repeats the same edits
/// hundreds of times, and serde, writing small pieces through a `dyn
/// Write` and finding each edit's line and column anew, spent three
/// quarters of a JSON run on the real corpus on them. The layout is tested
/// against serde's own.
struct FileWriter<'a> {
    source: &'a Source,
    out: Vec<u8>,
    /// Line and column of offsets already written (bounded by
    /// [`MEMO_OFFSETS`]).
    columns: foldhash::HashMap<usize, (usize, usize)>,
    /// Edits already written, by span and indentation: their content and
    /// where their layout is in `written` (bounded by [`MEMO_BYTES`]).
    edits: foldhash::HashMap<(usize, usize, usize), (&'a str, std::ops::Range<usize>)>,
    written: Vec<u8>,
    w: &'a mut dyn std::io::Write,
}

/// Bounds on what [`FileWriter`] remembers, so a file with hundreds of
/// thousands of edits does not hold a second copy of its report.
const MEMO_OFFSETS: usize = 1 << 14;
const MEMO_BYTES: usize = 1 << 20;

impl<'a> FileWriter<'a> {
    fn file(&mut self, f: &'a FileReport) -> std::io::Result<()> {
        const IN: usize = 6;
        self.out.push(b'{');
        self.key(IN, true, "path");
        self.string(&f.source.path);
        self.key(IN, false, "stats");
        let Stats {
            paragraphs,
            sentences,
            citations,
            references,
            links_checked,
        } = f.stats;
        self.numbers(
            IN,
            &[
                ("paragraphs", paragraphs),
                ("sentences", sentences),
                ("citations", citations),
                ("references", references),
                ("links_checked", links_checked),
            ],
        );
        self.key(IN, false, "diagnostics");
        self.out.push(b'[');
        for (i, d) in f.diagnostics.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.newline(IN + 2);
            self.diagnostic(d, IN + 2);
            if self.out.len() >= FLUSH_AT {
                self.w.write_all(&self.out)?;
                self.out.clear();
            }
        }
        if f.diagnostics.is_empty() {
            self.out.push(b']');
        } else {
            self.close(IN, b']');
        }
        if let Some(error) = &f.error {
            self.key(IN, false, "error");
            self.string(error);
        }
        if let Some(fixed) = &f.fixed {
            self.key(IN, false, "fixes_applied");
            self.number(fixed.applied);
        }
        self.close(IN - 2, b'}');
        self.w.write_all(&self.out)
    }

    /// A diagnostic whose `{` is at indentation `at`.
    fn diagnostic(&mut self, d: &'a Diagnostic, at: usize) {
        let a = at + 2;
        self.out.push(b'{');
        self.key(a, true, "code");
        self.string(d.code);
        self.key(a, false, "rule");
        self.string(d.rule);
        self.key(a, false, "severity");
        self.string(d.severity.as_str());
        self.key(a, false, "message");
        self.string(&d.message);
        self.key(a, false, "span");
        self.span(d.span, a);
        self.key(a, false, "labels");
        self.out.push(b'[');
        for (i, l) in d.labels.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.newline(a + 2);
            self.out.push(b'{');
            self.key(a + 4, true, "span");
            self.span(l.span, a + 4);
            self.key(a + 4, false, "message");
            self.string(&l.message);
            self.close(a + 2, b'}');
        }
        if d.labels.is_empty() {
            self.out.push(b']');
        } else {
            self.close(a, b']');
        }
        self.key(a, false, "help");
        match &d.help {
            Some(help) => self.string(help),
            None => self.null(),
        }
        self.key(a, false, "reference");
        match &d.reference {
            Some(RefKey::Number(n)) => self.number(*n),
            Some(RefKey::Label(l)) => self.string(l),
            None => self.null(),
        }
        self.key(a, false, "url");
        match &d.url {
            Some(url) => self.string(url),
            None => self.null(),
        }
        if let Some(fix) = &d.fix {
            self.key(a, false, "fix");
            self.fix(fix, a);
        }
        self.close(at, b'}');
    }

    fn fix(&mut self, fix: &'a Fix, at: usize) {
        let a = at + 2;
        self.out.push(b'{');
        self.key(a, true, "applicability");
        self.string(fix.applicability.as_str());
        self.key(a, false, "message");
        self.string(&fix.message);
        self.key(a, false, "edits");
        self.out.push(b'[');
        for (i, e) in fix.edits.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.newline(a + 2);
            self.edit(e, a + 2);
        }
        if fix.edits.is_empty() {
            self.out.push(b']');
        } else {
            self.close(a, b']');
        }
        self.close(at, b'}');
    }

    /// An edit whose `{` is at indentation `at`: copied when the same edit
    /// was written before (fixes that renumber share most of theirs).
    fn edit(&mut self, e: &'a Edit, at: usize) {
        let key = (e.span.start, e.span.end, at);
        if let Some(&(content, ref range)) = self.edits.get(&key) {
            if content == e.content {
                self.out.extend_from_slice(&self.written[range.clone()]);
                return;
            }
        }
        let from = self.out.len();
        self.out.push(b'{');
        self.key(at + 2, true, "span");
        self.span(e.span, at + 2);
        self.key(at + 2, false, "content");
        self.string(&e.content);
        self.close(at, b'}');
        if self.written.len() > MEMO_BYTES {
            self.written.clear();
            self.edits.clear();
        }
        let start = self.written.len();
        self.written.extend_from_slice(&self.out[from..]);
        self.edits
            .insert(key, (&e.content, start..self.written.len()));
    }

    /// A span (as [`JsonSpan`]) whose `{` is at indentation `at`.
    fn span(&mut self, span: Span, at: usize) {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end);
        self.numbers(
            at,
            &[
                ("start", span.start),
                ("end", span.end),
                ("line", line),
                ("column", column),
                ("end_line", end_line),
                ("end_column", end_column),
            ],
        );
    }

    /// An object of named numbers whose `{` is at indentation `at`.
    fn numbers(&mut self, at: usize, fields: &[(&str, usize)]) {
        self.out.push(b'{');
        for (i, &(name, n)) in fields.iter().enumerate() {
            self.key(at + 2, i == 0, name);
            self.number(n);
        }
        self.close(at, b'}');
    }

    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        if self.columns.len() > MEMO_OFFSETS {
            self.columns.clear();
        }
        let source = self.source;
        *self
            .columns
            .entry(offset)
            .or_insert_with(|| source.line_col(offset))
    }

    fn newline(&mut self, indent: usize) {
        self.out.push(b'\n');
        for piece in spaces(indent) {
            self.out.extend_from_slice(piece);
        }
    }

    /// A member's name (one that needs no escaping) at indentation
    /// `indent`, after a comma unless first.
    fn key(&mut self, indent: usize, first: bool, name: &str) {
        if !first {
            self.out.push(b',');
        }
        self.newline(indent);
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// The end of a non-empty object or array opened at indentation `at`.
    fn close(&mut self, at: usize, bracket: u8) {
        self.newline(at);
        self.out.push(bracket);
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn number(&mut self, n: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A JSON string escaped as serde_json escapes it (only quotes,
    /// backslashes and control characters).
    fn string(&mut self, s: &str) {
        if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        } else if serde_json::to_writer(&mut self.out, s).is_err() {
            // Writing a string to memory cannot fail; were it to, the
            // value is at least valid JSON.
            self.null();
        }
    }
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
        w.write_all(b"\n")?;
        for piece in spaces(self.base + 2 * self.depth) {
            w.write_all(piece)?;
        }
        Ok(())
    }
}

/// `n` spaces, in pieces of at most 64: a line's indentation.
fn spaces(mut n: usize) -> impl Iterator<Item = &'static [u8]> {
    const SPACES: &[u8] = &[b' '; 64];
    std::iter::from_fn(move || {
        let k = n.min(SPACES.len());
        n -= k;
        (k > 0).then(|| &SPACES[..k])
    })
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

    // serde's layout of a file's element, which `FileWriter` must write.
    #[derive(Serialize)]
    struct JsonFile<'a> {
        path: &'a str,
        stats: Stats,
        diagnostics: Diagnostics<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        fixes_applied: Option<usize>,
    }

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

    fn serde_layout(f: &FileReport, first: bool) -> String {
        let lead = if first { "\n    " } else { ",\n    " };
        format!("{lead}{}", pretty_at(&file(f), 4))
    }

    #[test]
    fn a_file_is_written_by_hand_as_serde_lays_it_out() {
        use crate::model::{Applicability, Edit, Label, Severity};
        use std::borrow::Cow;
        let text =
            "\u{feff}Caf\u{e9} \u{201c}quoted\u{201d} [1].\r\n\u{5317}\u{4eac} \u{1f600} [2].\n";
        let at = |a: usize, b: usize| Span::new(a, b);
        let plain = Diagnostic {
            code: "CC001",
            rule: "undefined-citation",
            severity: Severity::Error,
            message: "marker [2] \"cites\" nothing\twith \\ and \u{1}".to_string(),
            span: at(30, 33),
            labels: vec![],
            help: None,
            reference: Some(RefKey::Number(2)),
            url: None,
            fix: None,
        };
        let full = Diagnostic {
            code: "CC002",
            rule: "unused-reference",
            severity: Severity::Info,
            message: "\u{5317}\u{4eac} \u{1f600}".to_string(),
            span: at(3, 8),
            labels: vec![
                Label {
                    span: at(3, 8),
                    message: Cow::Borrowed("here"),
                },
                Label {
                    span: at(text.len(), text.len()),
                    message: Cow::Owned("and at the end\n".to_string()),
                },
            ],
            help: Some(Cow::Borrowed("remove it")),
            reference: Some(RefKey::Label("note-\"a\"".to_string())),
            url: Some("https://example.org/?q=\u{e9}".to_string()),
            fix: Some(Box::new(Fix {
                message: "renumber".to_string(),
                applicability: Applicability::Unsafe,
                edits: vec![
                    Edit::replace(at(0, 3), ""),
                    Edit::replace(at(20, 21), "\u{2014}\"x\""),
                    Edit::insert(30, "1"),
                ],
                isolated: true,
            })),
        };
        let no_edits = Diagnostic {
            fix: Some(Box::new(Fix {
                message: String::new(),
                applicability: Applicability::Safe,
                edits: vec![],
                isolated: false,
            })),
            ..plain.clone()
        };
        let mut many = FileReport::failed("dir/\u{e9}t\u{e9} \"1\".txt", "cannot read:\n\u{7}");
        many.source = Source::new("x.md", text);
        many.stats = Stats {
            paragraphs: 1,
            sentences: 22,
            citations: 333,
            references: 4444,
            links_checked: 55555,
        };
        // The same spans again, one edit's content changed: a written
        // edit is reused only when it is the same edit.
        let mut other = full.clone();
        if let Some(fix) = other.fix.as_mut() {
            fix.edits[1].content = Cow::Borrowed("2");
        }
        many.diagnostics = vec![plain.clone(), full.clone(), no_edits, other, full, plain];
        let mut fixed = many.clone();
        fixed.error = None;
        fixed.fixed = Some(crate::report::Fixed {
            applied: 7,
            ..Default::default()
        });
        let empty = FileReport {
            diagnostics: vec![],
            ..fixed.clone()
        };
        let failed = FileReport::failed("gone.txt", "no such file");
        for f in [&many, &fixed, &empty, &failed] {
            for first in [true, false] {
                let mut hand = Vec::new();
                write_file_chunk(f, first, &mut hand).unwrap();
                assert_eq!(String::from_utf8(hand).unwrap(), serde_layout(f, first));
            }
        }
    }

    #[test]
    fn a_file_larger_than_the_buffer_is_written_whole() {
        let d = Diagnostic {
            code: "CC001",
            rule: "undefined-citation",
            severity: crate::model::Severity::Error,
            message: "m".repeat(100),
            span: Span::new(0, 1),
            labels: vec![],
            help: None,
            reference: None,
            url: None,
            fix: None,
        };
        let mut f = FileReport::failed("big.txt", "e");
        f.error = None;
        f.source = Source::new("big.txt", "x");
        f.diagnostics = vec![d; 2 * FLUSH_AT / 100];
        let mut hand = Vec::new();
        write_file_chunk(&f, true, &mut hand).unwrap();
        assert!(hand.len() > 2 * FLUSH_AT);
        assert_eq!(String::from_utf8(hand).unwrap(), serde_layout(&f, true));
    }

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
