//! Property tests: any text, and any mutation of the fixtures, goes through
//! parse → checks → every renderer (and batch mode) without a panic, with
//! every span inside the text and on char boundaries. The fuzz target
//! (fuzz/fuzz_targets/check.rs) checks the same property.

use citecheck::engine::{check_text, Options};
use citecheck::report::{concise, github, human, json, sarif, stream, Report};
use citecheck::source::Format;
use proptest::prelude::*;

fn fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
    out.sort();
    out
}

const SNIPPETS: &[&str] = &[
    "[",
    "]",
    "[3]",
    "[1, 2–4]",
    "[5-2]",
    "[]",
    "[^a]",
    "[^a]: x",
    "\r\n",
    "\n\n",
    "\r",
    "“",
    "”",
    "’",
    "0. ",
    "12) ",
    "[7] ",
    "https://",
    "www.",
    "\u{feff}",
    "References\n",
    "# ",
    "## Sources\n",
    "```\n",
    "<!-- ",
    "-->",
    "`",
    "é",
    "北京",
    "🎉",
    "\u{2028}",
    "\u{85}",
    ". ",
    "U.S. ",
    "Mr. ",
    "31 Jun. 2023",
    "[99999999999999999999999]",
    "[2023]",
    "(",
    ")",
    "[x](y)",
    "|",
];

fn check_everything(text: &str) {
    for format in [Format::Text, Format::Markdown] {
        let file = check_text("prop", text, format, &Options::default());
        for d in &file.diagnostics {
            for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
                prop_assert_ok(span.start <= span.end && span.end <= text.len(), text);
                prop_assert_ok(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    text,
                );
            }
        }
        let report = Report { files: vec![file] };
        let _ = concise::render(&report);
        let _ = json::render_lines(&report);
        let _ = github::render(&report);
        let whole = json::render(&report);
        let doc: serde_json::Value = serde_json::from_str(&whole).expect("JSON report parses");
        assert!(doc["files"].is_array());
        let mut stream = stream::Stream::new(Box::new(json::Json::default()));
        let _ = stream.header() + &stream.file(&report.files[0]);
        let (_, totals) = stream.finish();
        assert_eq!(
            serde_json::to_value(totals.summary).expect("summary"),
            doc["summary"],
            "streamed totals differ on {text:?}"
        );
        let sarif: serde_json::Value = serde_json::from_str(&sarif::render(
            &report,
            citecheck::checks::registry::catalogue(),
        ))
        .expect("SARIF parses");
        assert!(sarif["runs"].is_array());
        let record = serde_json::json!({ "id": 1, "text": text, "format": match format {
            Format::Text => "text",
            Format::Markdown => "markdown",
        } });
        let line = citecheck::batch::check_line(
            record.to_string().as_bytes(),
            1,
            &citecheck::engine::Settings::default(),
        );
        let line: serde_json::Value = serde_json::from_str(&line).expect("batch line parses");
        assert_eq!(
            line["diagnostics"], doc["files"][0]["diagnostics"],
            "batch differs on {text:?}"
        );
        for style in [
            human::Style::default(),
            human::Style {
                color: true,
                unicode: true,
                ..human::Style::default()
            },
            human::Style {
                narrated: true,
                ..human::Style::default()
            },
        ] {
            let _ = human::render(&report, style);
        }
    }
}

fn prop_assert_ok(ok: bool, text: &str) {
    assert!(ok, "bad span on input {text:?}");
}

/// Insert snippets at, and delete ranges around, char boundaries.
fn mutate(base: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut text = base.to_string();
    for &(pos, op, arg) in edits {
        if text.is_empty() {
            text.push_str(SNIPPETS[arg % SNIPPETS.len()]);
            continue;
        }
        let mut at = pos % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if op % 3 == 0 {
            let mut end = (at + arg % 40).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, "");
        } else {
            text.insert_str(at, SNIPPETS[arg % SNIPPETS.len()]);
        }
    }
    text
}

/// Inputs the fuzzer found; each once panicked.
#[test]
fn regressions() {
    let cases = [
        "“4]\n\nReferences\n1. “One” Example, 2020, https://example.com/1\n2. “Two” Example, 2020, https://example.com/2\n4. “le, References\n2020, https://example.com/4\n",
    ];
    for case in cases {
        check_everything(case);
    }
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=20000 for a deeper local run.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check_everything(&text);
    }

    #[test]
    fn bracket_heavy_text_never_panics(text in "[\\[\\]0-9,;\\-–^ a-z.\\n\\r“”#:()!]{0,300}") {
        check_everything(&text);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..64,
        edits in proptest::collection::vec((0usize..100_000, 0usize..3, 0usize..1000), 1..12),
    ) {
        let all = fixtures();
        let base = &all[which % all.len()];
        check_everything(&mutate(base, &edits));
    }
}
