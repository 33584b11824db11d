//! Any bytes that are text go through parse → checks → every renderer
//! without a panic, with every span inside the text and on char boundaries
//! (the property tests/properties.rs checks with proptest).
#![no_main]

use citecheck::engine::{check_text, Options};
use citecheck::report::{concise, github, human, json, sarif, stream, Report};
use citecheck::source::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The raw bytes as a batch-mode line: any of them gives one JSON line.
    let raw = citecheck::batch::check_line(data, 1, &Default::default());
    assert!(serde_json::from_str::<serde_json::Value>(&raw).is_ok());
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if first & 1 == 0 {
        Format::Text
    } else {
        Format::Markdown
    };
    let file = check_text("fuzz", text, format, &Options::default());
    for d in &file.diagnostics {
        for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "span out of range"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span not on a char boundary"
            );
        }
    }
    let line = citecheck::batch::check_line(
        serde_json::json!({ "id": 1, "text": text })
            .to_string()
            .as_bytes(),
        1,
        &Default::default(),
    );
    assert!(serde_json::from_str::<serde_json::Value>(&line).is_ok());
    let report = Report { files: vec![file] };
    let doc: serde_json::Value =
        serde_json::from_str(&json::render(&report)).expect("the JSON report parses");
    assert!(doc["files"].is_array());
    let _ = json::render_lines(&report);
    let _ = concise::render(&report);
    let _ = github::render(&report);
    let _ = sarif::render(&report, citecheck::checks::registry::catalogue());
    let mut stream = stream::Stream::new(Box::new(citecheck::report::json::Json::default()));
    let _ = stream.file(&report.files[0]);
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
});
