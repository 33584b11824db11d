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
    insta::assert_snapshot!(sarif::render(
        &faulty_seed(),
        citecheck::checks::registry::catalogue()
    ));
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
