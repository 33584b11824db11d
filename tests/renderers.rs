//! One snapshot per output format, on the seed with two faults added (a
//! marker to a missing reference, and a deleted entry), so that every
//! format's rendering of errors, warnings, labels and help is reviewed.

use citecheck::engine::{check_text, Options};
use citecheck::report::{concise, human, json, Report};
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
