//! Input sources: reading files, directories and stdin into validated UTF-8
//! text, mapping byte offsets to 1-based lines and columns, and writing a
//! file's fixed text back (`--fix`).

use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The text formats citecheck understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    /// Markdown for `.md`/`.markdown` (any case), plain text for everything else.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// One input, read whole and checked to be text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or `--stdin-filename`, or `-`).
    pub path: String,
    pub text: String,
    pub format: Format,
    lines: LineIndex,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        let path = path.into();
        let format = Format::from_path(&path);
        Source::with_format(path, text, format)
    }

    pub fn with_format(path: impl Into<String>, text: impl Into<String>, format: Format) -> Source {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            format,
            lines,
        }
    }

    /// 1-based (line, column) of a byte offset; columns count Unicode scalar values.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// Unicode scalar values before a byte offset, not counting a leading
    /// byte-order mark (as columns do not): SARIF's `charOffset`.
    pub fn char_offset(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let bom = usize::from(self.text.starts_with('\u{feff}') && offset >= 3);
        self.lines.chars_before(&self.text, offset) - bom
    }

    /// Byte range of 1-based line `line` without its line ending; lines past
    /// the end are clamped to the last.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        self.lines.line_range(&self.text, line)
    }

    pub fn line_count(&self) -> usize {
        self.lines.starts.len()
    }
}

/// Start offsets of every line, so that offset → line is a binary search,
/// and the char count at block boundaries, so that a column on a very long
/// line costs one block's scan rather than the whole line's.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset, chars before it), every `BLOCK` bytes or so.
    blocks: Vec<(usize, usize)>,
}

const BLOCK: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // A file with no LF at all but CRs (old Mac OS) breaks lines at
        // CR, as CC001 already reads it; LF and CRLF files break at LF.
        let break_at = if !text.contains('\n') && text.contains('\r') {
            b'\r'
        } else {
            b'\n'
        };
        let mut starts = vec![0];
        starts.extend(line_breaks(text, break_at).map(|i| i + 1));
        let mut blocks = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + BLOCK < text.len() {
            let next = floor_char_boundary(text, at + BLOCK);
            chars += text[at..next].chars().count();
            blocks.push((next, chars));
            at = next;
        }
        LineIndex { starts, blocks }
    }

    /// Chars in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = self.blocks.partition_point(|&(b, _)| b <= offset).max(1) - 1;
        let (start, count) = self.blocks[k];
        count + text[start..offset].chars().count()
    }

    pub fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let i = line.clamp(1, self.starts.len()) - 1;
        let start = self.starts[i];
        let mut end = self.starts.get(i + 1).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// A leading byte-order mark is not counted as a column.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let mut start = self.starts[line - 1];
        if line == 1 && text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        // Most lines are short: counting their own chars is cheaper than
        // two block lookups, each of which scans up to a block.
        let column = if offset - start <= BLOCK {
            text[start..offset].chars().count() + 1
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start) + 1
        };
        (line, column)
    }
}

fn line_breaks(text: &str, byte: u8) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(move |&(_, b)| b == byte)
        .map(|(i, _)| i)
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Why an input could not be checked. Each names what is wrong; the caller
/// names the file.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    #[error("no such file or directory")]
    NotFound,
    #[error("not a regular file (a FIFO, socket or device); refusing to read it")]
    NotRegular,
    #[error("UTF-16 text ({0} byte-order mark); UTF-16 is not supported, convert it to UTF-8 to check it")]
    Utf16(&'static str),
    #[error("binary file (NUL byte at offset {offset}); not checked")]
    Binary { offset: usize },
    #[error("not valid UTF-8 (invalid byte at offset {offset}, line {line}); convert it to UTF-8 to check it")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error("cannot walk directory: {0}")]
    Walk(String),
    #[error("larger than {} MiB, the most one input may be ({cap} bytes); not checked (split it to check it)", cap >> 20)]
    TooLarge { cap: u64 },
}

/// The most bytes one input (a file, standard input, a batch record's line)
/// may have. Checking news-like text costs about 30 bytes of memory per
/// input byte (the parsed document, sentence and word indexes), so this
/// bounds one input at about 2 GB (more when nearly every sentence is a
/// finding); a 200 MB article took 6.3 GB.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Read a file from disk as checked text: a regular file only (FIFOs,
/// sockets and devices are refused, see [`crate::atomic::read_regular`]).
pub fn read_file(path: &Path) -> Result<String, SourceError> {
    use crate::atomic::{read_regular, ReadError};
    match read_regular(path, MAX_INPUT_BYTES) {
        Ok(bytes) => decode(bytes),
        Err(ReadError::NotRegular) => Err(SourceError::NotRegular),
        Err(ReadError::Io(e)) => Err(io_error(e)),
        Err(ReadError::TooLarge { cap }) => Err(SourceError::TooLarge { cap }),
    }
}

/// Read all of standard input as checked text.
pub fn read_stdin() -> Result<String, SourceError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(SourceError::TooLarge {
            cap: MAX_INPUT_BYTES,
        });
    }
    decode(bytes)
}

fn io_error(e: std::io::Error) -> SourceError {
    if e.kind() == std::io::ErrorKind::NotFound {
        SourceError::NotFound
    } else {
        SourceError::Io(e)
    }
}

/// Bytes → text, refusing binary data and invalid UTF-8 rather than guessing,
/// because spans must be byte offsets into the file exactly as read.
pub fn decode(bytes: Vec<u8>) -> Result<String, SourceError> {
    // Before the NUL check: UTF-16 text is full of NULs but is not binary.
    if bytes.starts_with(&[0xff, 0xfe]) {
        return Err(SourceError::Utf16("little-endian"));
    }
    if bytes.starts_with(&[0xfe, 0xff]) {
        return Err(SourceError::Utf16("big-endian"));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(SourceError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        SourceError::InvalidUtf8 { offset, line }
    })
}

/// Why fixed text was not written back. Each names what is wrong; the
/// caller names the file. The file is as it was in every case.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("is a symbolic link; not written (run --fix on the file it points to, {0})")]
    Symlink(String),
    #[error("is read-only; not written")]
    ReadOnly,
    #[error("changed since it was read; not written (check it again)")]
    Changed,
    #[error("cannot write: {0}")]
    Io(#[source] std::io::Error),
}

/// Write a file's fixed text back, only if the file still holds exactly
/// `original` (the bytes it was checked from): atomically, through a
/// temporary file in its directory renamed over it, with its permissions.
/// A symbolic link is refused rather than followed or replaced: replacing it
/// would turn the link into a copy, and following it writes a file the user
/// did not name.
pub fn write_fixed(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    let meta = std::fs::symlink_metadata(path).map_err(WriteError::Io)?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "its target".into());
        return Err(WriteError::Symlink(target));
    }
    if !meta.is_file() {
        return Err(WriteError::Io(std::io::Error::other("not a regular file")));
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let now = std::fs::read(path).map_err(WriteError::Io)?;
    if now != original.as_bytes() {
        return Err(WriteError::Changed);
    }
    crate::atomic::replace_atomic(path, fixed.as_bytes(), meta.permissions())
        .map_err(WriteError::Io)
}

/// One thing to check, as found on the command line or in a directory walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// A path that could not be expanded into inputs.
#[derive(Debug)]
pub struct InputError {
    pub path: String,
    pub error: SourceError,
}

/// Extensions a directory walk picks up. Files named explicitly are always checked.
pub const WALKED_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Expand command-line paths: files as given, directories walked (honouring
/// `.gitignore`), `-` as stdin. The result is sorted and deduplicated so output
/// is deterministic.
///
/// Paths are `Path`s, not strings: a file name need not be UTF-8.
pub fn collect_inputs<P: AsRef<Path>>(paths: &[P]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut stdin = false;
    for p in paths {
        let path = p.as_ref();
        if path.as_os_str() == "-" {
            stdin = true;
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(InputError {
                path: path.display().to_string(),
                error: io_error(e),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.to_path_buf())),
        }
    }
    inputs.sort();
    inputs.dedup();
    if stdin {
        inputs.insert(0, Input::Stdin);
    }
    (inputs, errors)
}

fn walk_dir(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| WALKED_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)));
                if is_file && wanted {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(err) => {
                let path = walk_error_path(&err).unwrap_or_else(|| dir.display().to_string());
                errors.push(InputError {
                    path,
                    error: SourceError::Walk(walk_error_message(&err)),
                });
            }
        }
    }
}

fn walk_error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_skips_bom() {
        let text = "\u{feff}ab\r\n“é” x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3), (1, 1));
        assert_eq!(idx.line_col(text, 4), (1, 2));
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), (2, 5));
        assert_eq!(idx.line_col(text, text.len()), (2, 6));
    }

    #[test]
    fn cr_only_files_break_lines_at_cr_and_others_at_lf() {
        let text = "one\rtwo\r\rthree";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, text.find("two").unwrap()), (2, 1));
        assert_eq!(idx.line_col(text, text.find("three").unwrap()), (4, 1));
        assert_eq!(idx.line_range(text, 2), (4, 7));
        // With any LF, a lone CR is not a break (CRLF and LF unchanged).
        let text = "one\rtwo\r\nthree\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, text.find("two").unwrap()), (1, 5));
        assert_eq!(idx.line_col(text, text.find("three").unwrap()), (2, 1));
        assert_eq!(idx.line_range(text, 1), (0, 7));
    }

    #[test]
    fn decode_names_utf16_by_its_byte_order_mark() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hi[1]".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let e = decode(le).unwrap_err().to_string();
        assert!(
            e.contains("UTF-16 is not supported, convert it to UTF-8"),
            "{e}"
        );
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Hi".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert!(matches!(decode(be), Err(SourceError::Utf16("big-endian"))));
    }

    #[test]
    fn decode_refuses_binary_and_bad_utf8() {
        assert!(matches!(
            decode(b"ab\0c".to_vec()),
            Err(SourceError::Binary { offset: 2 })
        ));
        assert!(matches!(
            decode(b"a\nb\xffc".to_vec()),
            Err(SourceError::InvalidUtf8 { offset: 3, line: 2 })
        ));
        assert_eq!(decode("é".as_bytes().to_vec()).unwrap(), "é");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path("a/B.MD"), Format::Markdown);
        assert_eq!(Format::from_path("x.markdown"), Format::Markdown);
        assert_eq!(Format::from_path("x.txt"), Format::Text);
        assert_eq!(Format::from_path("-"), Format::Text);
    }
}
