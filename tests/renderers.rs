//! One snapshot per output format, on the seed with two faults added (a
//! marker to a missing reference, and a deleted entry), so that every
//! format's rendering of errors, warnings, labels and help is reviewed.

use citecheck::engine::{check_text, Options};
use citecheck::report::{concise, github, human, json, sarif, Report};
use citecheck::source::Format;

fn faulty_seed() -> Report {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/blinken-beijing.txt"
    ))
    .expect("seed");
    let text = text.replacen("later this year.[5]", "later this year.[9]", 1);
    let start = text.find("\n3. “").expect("entry 3") + 1;
    let end = start + text[start..].find('\n').expect("line end") + 1;
    let text = format!("{}{}", &text[..start], &text[end..]);
    Report {
        files: vec![check_text(
            "fixtures/blinken-beijing.txt",
            &text,
            Format::Text,
            &Options::default(),
        )],
    }
}

#[test]
fn human_plain() {
    let report = faulty_seed();
    let mut out = human::render(&report, human::Style::default());
    out.push_str(&human::summary_line(&report));
    insta::assert_snapshot!(out);
}

#[test]
fn human_unicode() {
    let style = human::Style {
        unicode: true,
        ..human::Style::default()
    };
    insta::assert_snapshot!(human::render(&faulty_seed(), style));
}

#[test]
fn narrated() {
    let style = human::Style {
        narrated: true,
        ..human::Style::default()
    };
    insta::assert_snapshot!(human::render(&faulty_seed(), style));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(json::render(&faulty_seed()));
}

#[test]
fn jsonl_lines() {
    insta::assert_snapshot!(json::render_lines(&faulty_seed()));
}

#[test]
fn concise_lines() {
    insta::assert_snapshot!(concise::render(&faulty_seed()));
}

#[test]
fn clean_summary() {
    let report = Report {
        files: vec![check_text(
            "a.txt",
            "Prose.",
            Format::Text,
            &Options::default(),
        )],
    };
    assert_eq!(
        human::summary_line(&report),
        "All checks passed (1 file checked).\n"
    );
}

#[test]
fn sarif_log() {
    let log = sarif::render(&faulty_seed(), citecheck::checks::registry::catalogue());
    // The base directory is the checkout's, which differs between machines.
    let base = sarif_base_uri();
    assert!(log.contains(&format!("\"uri\": \"{base}\"")), "{base}");
    insta::assert_snapshot!(log.replace(&base, "file:///CHECKOUT/"));
}

/// `%SRCROOT%` as the SARIF log gives it: the working directory.
fn sarif_base_uri() -> String {
    let cwd = std::env::current_dir().unwrap();
    let mut uri = url::Url::from_directory_path(&cwd).unwrap().to_string();
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[test]
fn github_annotations() {
    insta::assert_snapshot!(github::render(&faulty_seed()));
}

/// The SARIF log validates against the SARIF 2.1.0 JSON Schema shipped in
/// tests/ (OASIS's schema, with the `run.language` pattern's stray `]` fixed
/// so that it compiles as a regular expression).
#[test]
fn sarif_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let log: serde_json::Value = serde_json::from_str(&sarif::render(
        &faulty_seed(),
        citecheck::checks::registry::catalogue(),
    ))
    .expect("SARIF JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(citecheck::checks::registry::RULES.len())
    );
    let result = &run["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/blinken-beijing.txt"
    );
    assert!(result["partialFingerprints"]["citecheck/v1"].is_string());
    // A broken schema must fail, or this test could not fail.
    let mut broken = log.clone();
    broken["version"] = serde_json::json!("9.9");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn github_escapes_messages_and_properties() {
    let text = "Claim.[1]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";
    let mut report = Report {
        files: vec![check_text(
            "dir,with:odd%name.txt",
            text,
            Format::Text,
            &Options::default(),
        )],
    };
    let d = citecheck::report::Diagnostic::new(
        &citecheck::checks::registry::lookup("CC101").unwrap().meta,
        citecheck::document::Span::new(0, 6),
        "50% of a, b: c\nnext",
        "x",
    );
    report.files[0].diagnostics = vec![d];
    let out = github::render(&report);
    assert_eq!(
        out,
        "::warning file=dir%2Cwith%3Aodd%25name.txt,line=1,col=1,endLine=1,endColumn=7,title=citecheck CC101 (uncited-claim)::50%25 of a, b: c%0Anext\n"
    );
}

#[test]
fn github_leaves_out_columns_for_multi_line_spans() {
    let text = "Line one\nline two.[9]\n";
    let mut report = Report {
        files: vec![check_text("a.txt", text, Format::Text, &Options::default())],
    };
    let d = citecheck::report::Diagnostic::new(
        &citecheck::checks::registry::lookup("CC101").unwrap().meta,
        citecheck::document::Span::new(0, 18),
        "m",
        "x",
    );
    report.files[0].diagnostics = vec![d];
    assert!(github::render(&report).starts_with("::warning file=a.txt,line=1,endLine=2,title="));
}

/// Where a SARIF consumer finds (line, column) for a char offset: counting
/// the characters of the text as decoded (no byte-order mark).
fn line_col_of_char(text: &str, offset: usize) -> (u64, u64) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut line, mut col) = (1, 1);
    for c in text.chars().take(offset) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

fn regions(log: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for r in log["runs"][0]["results"].as_array().unwrap() {
        out.push(r["locations"][0]["physicalLocation"]["region"].clone());
        for related in r["relatedLocations"].as_array().into_iter().flatten() {
            out.push(related["physicalLocation"]["region"].clone());
        }
    }
    out
}

/// What GitHub code scanning needs: a distinct `primaryLocationLineHash`
/// per result (a paragraph is one line, so a line hash would merge its
/// findings), char offsets in the columns' units, plain and Markdown help,
/// short full descriptions, documentation links and relative URIs.
#[test]
fn sarif_is_what_code_scanning_needs() {
    let text = "\u{feff}# Café “Zürich” 東京 🎉\r\n\r\nThe café in Zürich served 4,000 guests in 2021, said Müller. \
                Le café « Zürich » a servi 4 000 clients 東京 🎉.[4]\r\n\r\nThe café in Zürich served 4,000 guests in 2021, said Müller.\r\n\r\n\
                ## References\r\n\r\n1. “Café” Zürich Post, 2021, https://example.com/cafe\r\n";
    let report = Report {
        files: vec![check_text(
            "docs/café.md",
            text,
            Format::Markdown,
            &Options::default(),
        )],
    };
    let log: serde_json::Value = serde_json::from_str(&sarif::render(
        &report,
        citecheck::checks::registry::catalogue(),
    ))
    .unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{results:#?}");
    let hashes: std::collections::HashSet<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(hashes.len(), results.len(), "one hash per result");
    for region in regions(&log) {
        let offset = region["charOffset"].as_u64().unwrap() as usize;
        let length = region["charLength"].as_u64().unwrap() as usize;
        let start = (
            region["startLine"].as_u64().unwrap(),
            region["startColumn"].as_u64().unwrap(),
        );
        let end = (
            region["endLine"].as_u64().unwrap(),
            region["endColumn"].as_u64().unwrap(),
        );
        assert_eq!(line_col_of_char(text, offset), start, "{region}");
        assert_eq!(line_col_of_char(text, offset + length), end, "{region}");
    }
    assert!(
        results.iter().any(|r| r["relatedLocations"].is_array()),
        "the repeated sentence's first place is a related location"
    );
    let location = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "docs/caf%C3%A9.md");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && full.chars().count() <= 1024,
            "{}",
            rule["id"]
        );
        let plain = rule["help"]["text"].as_str().unwrap();
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            !plain.contains("## ") && !plain.contains('`'),
            "{}: {plain}",
            rule["id"]
        );
        assert!(markdown.contains("## "), "{}", rule["id"]);
        let uri = rule["helpUri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://")
                && uri.ends_with(&format!("docs/rules/{}.md", rule["id"].as_str().unwrap())),
            "{uri}"
        );
    }
}
