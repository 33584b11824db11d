//! Spans are byte ranges into the original text: on accented, CJK and emoji
//! text, CRLF line endings and a BOM, every span must slice the source at
//! char boundaries, and the reported line/column must agree with the offset.

use std::path::Path;

use citecheck::engine::{check_text, Options};
use citecheck::report::{json, Report};
use citecheck::source::{self, Format};
use serde_json::Value;

/// Line and column computed independently of the library: lines split on
/// `\n`, columns in chars, a leading BOM not counted.
fn expected_line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut col_text = &before[line_start..];
    if line_start == 0 {
        col_text = col_text.strip_prefix('\u{feff}').unwrap_or(col_text);
    }
    (line as u64, col_text.chars().count() as u64 + 1)
}

fn assert_spans_agree(name: &str, text: &str, format: Format) -> Vec<String> {
    let report = Report {
        files: vec![check_text(name, text, format, &Options::default())],
    };
    let value: Value = serde_json::from_str(&json::render(&report)).expect("valid JSON");
    let mut codes = Vec::new();
    for d in value["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
    {
        codes.push(d["code"].as_str().unwrap_or_default().to_string());
        let mut spans = vec![d["span"].clone()];
        spans.extend(
            d["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|l| l["span"].clone()),
        );
        for span in spans {
            let start = span["start"].as_u64().expect("start") as usize;
            let end = span["end"].as_u64().expect("end") as usize;
            assert!(start <= end && end <= text.len(), "{name}: {span}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{name}: {span}"
            );
            let (line, column) = expected_line_col(text, start);
            assert_eq!(
                (span["line"].as_u64(), span["column"].as_u64()),
                (Some(line), Some(column)),
                "{name}: start of {span}"
            );
            let (end_line, end_column) = expected_line_col(text, end);
            assert_eq!(
                (span["end_line"].as_u64(), span["end_column"].as_u64()),
                (Some(end_line), Some(end_column)),
                "{name}: end of {span}"
            );
        }
    }
    codes.sort();
    codes
}

/// Variants of a fixture that must report the same rules at shifted spans.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let unicode = text
        .replace("Example", "Exämple 例子 🎉")
        .replace("Ministers", "Ministèrs “quoted” 🇪🇺")
        .replace("sources", "sourcés ☕");
    vec![
        ("crlf", text.replace('\n', "\r\n")),
        ("bom", format!("\u{feff}{text}")),
        ("unicode", unicode.clone()),
        ("all", format!("\u{feff}{}", unicode.replace('\n', "\r\n"))),
    ]
}

#[test]
fn spans_hold_on_every_fixture_and_its_variants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                // Saved pages beside a fixture and CC501's labelled set are data.
                if path.extension().is_none_or(|e| e != "sources") && !path.ends_with("support") {
                    stack.push(path);
                }
                continue;
            }
            let name = path.display().to_string();
            let format = Format::from_path(&name);
            let text = source::read_file(&path).expect("text fixture");
            let base = assert_spans_agree(&name, &text, format);
            for (kind, variant) in variants(&text) {
                let codes = assert_spans_agree(&format!("{name} ({kind})"), &variant, format);
                assert_eq!(
                    codes, base,
                    "{name}: the {kind} variant reports other rules"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} fixtures found");
}

#[test]
fn marker_spans_on_non_ascii_text() {
    let text = "\u{feff}Café “naïve” 北京 🎉 claims.[3]\r\nMore.[1]\r\n\r\nReferences\r\n1. “Un” Le Monde, 2020, https://lemonde.fr/a\r\n";
    let report = check_text("x.txt", text, Format::Text, &Options::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "CC001")
        .expect("CC001");
    assert_eq!(&text[d.span.range()], "[3]");
    assert_eq!(report.source.line_col(d.span.start), (1, 26));
}
