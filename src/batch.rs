//! Batch mode (`--stdin-jsonl`): one JSON record per input line in, one JSON
//! line of diagnostics per record out, for pipelines that shard a corpus
//! (Spark's `RDD.pipe`, job runners). Pure: the binary owns stdin and stdout.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::engine::{check_parsed, Settings};
use crate::model::Severity;
use crate::source::{Format, Source};
use crate::{document, report};

/// One input record. Unknown keys are ignored, so a pipeline may carry its
/// own columns through.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    text: String,
    #[serde(default)]
    format: Option<String>,
}

/// One output line and the worst severity among its findings (none for an
/// error line), which the exit code needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLine {
    /// The line, without its newline.
    pub text: String,
    pub worst: Option<Severity>,
}

/// The output line for input line `line` (1-based), without its newline:
/// `{"id", "stats", "diagnostics"}` for a record that was checked, or
/// `{"id", "line", "error"}` for one that could not be. Never fails.
pub fn check_line(bytes: &[u8], line: usize, settings: &Settings) -> String {
    check_record(bytes, line, settings).text
}

/// [`check_line`], with the worst severity it found.
pub fn check_record(bytes: &[u8], line: usize, settings: &Settings) -> BatchLine {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    match parse(bytes) {
        Ok((id, text, format)) => {
            let name = match &id {
                Value::String(s) => s.clone(),
                Value::Null => format!("line {line}"),
                other => other.to_string(),
            };
            let source = Source::with_format(name, text, format);
            let doc = document::parse(&source);
            let file = check_parsed(source, &doc, settings, None);
            BatchLine {
                text: report::json::record_line(&id, &file),
                worst: file.diagnostics.iter().map(|d| d.severity).max(),
            }
        }
        Err((id, error)) => BatchLine {
            text: json!({ "id": id, "line": line, "error": error }).to_string(),
            worst: None,
        },
    }
}

/// The output line for input line `line` that was longer than `cap` bytes
/// and not read: an error line, like a malformed record's.
pub fn too_large(line: usize, cap: u64) -> BatchLine {
    BatchLine {
        text: json!({
            "id": Value::Null,
            "line": line,
            "error": format!(
                "record larger than {} MiB, the most one input may be ({cap} bytes); not checked",
                cap >> 20
            ),
        })
        .to_string(),
        worst: None,
    }
}

/// A record's id, text and format, or its id (when readable) and what is wrong.
fn parse(bytes: &[u8]) -> Result<(Value, String, Format), (Value, String)> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            Value::Null,
            format!(
                "not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err((Value::Null, "empty line; expected a JSON object".into()));
    }
    let record: Record = serde_json::from_str(text).map_err(|e| {
        let id = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("id").cloned())
            .unwrap_or(Value::Null);
        (id, format!("not a citecheck record: {e}"))
    })?;
    let format = match record.format.as_deref() {
        None | Some("text") => Format::Text,
        Some("markdown") => Format::Markdown,
        Some(other) => {
            return Err((
                record.id,
                format!("unknown format `{other}`; expected \"markdown\" or \"text\""),
            ))
        }
    };
    if let Some(offset) = record.text.find('\0') {
        return Err((
            record.id,
            format!("binary text (NUL character at offset {offset}); not checked"),
        ));
    }
    Ok((record.id, record.text, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Value {
        let out = check_line(line.as_bytes(), 7, &Settings::default());
        assert!(!out.contains('\n'), "one line: {out}");
        serde_json::from_str(&out).expect("output is JSON")
    }

    #[test]
    fn a_record_gives_its_id_stats_and_diagnostics() {
        let v = run(
            r#"{"id": "a1", "text": "A claim.[2]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n", "format": "text"}"#,
        );
        assert_eq!(v["id"], "a1");
        assert_eq!(v["stats"]["references"], 1);
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"CC001"), "{codes:?}");
        assert!(v.get("error").is_none());
    }

    #[test]
    fn numeric_ids_and_markdown() {
        let v = run(r#"{"id": 42, "text": "Hi.[^1]\n\n[^1]: x", "format": "markdown"}"#);
        assert_eq!(v["id"], 42);
        assert_eq!(v["stats"]["citations"], 1);
    }

    #[test]
    fn malformed_records_become_error_lines() {
        for (line, id, needle) in [
            ("not json", Value::Null, "not a citecheck record"),
            (r#"{"id": "x"}"#, json!("x"), "missing field `text`"),
            (r#"{"id": "y", "text": 3}"#, json!("y"), "invalid type"),
            (
                r#"{"id": "z", "text": "a", "format": "rst"}"#,
                json!("z"),
                "unknown format",
            ),
            (r#"{"id": 1, "text": "a\u0000b"}"#, json!(1), "NUL"),
            ("   ", Value::Null, "empty line"),
        ] {
            let v = run(line);
            assert_eq!(v["id"], id, "{line}");
            assert_eq!(v["line"], 7);
            assert!(
                v["error"].as_str().is_some_and(|e| e.contains(needle)),
                "{line}: {v}"
            );
        }
        let v: Value = serde_json::from_str(&check_line(
            b"{\"text\": \"\xff\"}",
            1,
            &Settings::default(),
        ))
        .expect("JSON");
        assert!(v["error"].as_str().is_some_and(|e| e.contains("UTF-8")));
    }
}
