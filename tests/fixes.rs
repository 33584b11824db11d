//! `--fix` on the fixtures of fixtures/fixes/: each file's snapshot holds
//! the input, the diff and the fixed text (files named `unsafe-…` with
//! `--unsafe-fixes`), and the same file with CRLF line endings and a BOM
//! must be fixed the same way, byte for byte. Fixing twice changes nothing.

use citecheck::engine::{fix_source, FixOptions, Settings};
use citecheck::report::{diff, FileReport};
use citecheck::source::Source;

fn fix(name: &str, text: &str, unsafe_fixes: bool) -> FileReport {
    fix_source(
        Source::new(name, text),
        &Settings::default(),
        None,
        FixOptions { unsafe_fixes },
    )
}

fn codes(report: &FileReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn each_fix_fixture_is_fixed_and_stays_fixed() {
    insta::glob!("../fixtures", "fixes/*", |path| {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let unsafe_fixes = name.starts_with("unsafe-");
        let code = name.trim_start_matches("unsafe-").get(..5).expect("a code");
        let before = citecheck::engine::check_with(Source::new(name, text.as_str()), &Settings::default());
        assert!(
            before.diagnostics.iter().any(|d| d.code == code && d.fix.is_some()),
            "{name}: no fixable {code} in {:?}",
            codes(&before)
        );
        let report = fix(name, &text, unsafe_fixes);
        let fixed = report.fixed.clone().expect("fix summary");
        assert!(fixed.applied > 0 && fixed.changed(&report), "{name}: nothing fixed");
        assert!(
            !report.diagnostics.iter().any(|d| d.code == code && d.fix.as_ref().is_some_and(|f| unsafe_fixes || f.applicability == citecheck::model::Applicability::Safe)),
            "{name}: {code} still fixable after --fix: {:?}",
            codes(&report)
        );
        // Idempotent: a second run changes nothing.
        let again = fix(name, &report.source.text, unsafe_fixes);
        assert_eq!(again.source.text, report.source.text, "{name}: second --fix changed the text");
        assert_eq!(again.fixed.map(|f| f.applied), Some(0));
        // CRLF and a BOM: the same edits, every other byte kept.
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let crlf_fixed = fix(name, &crlf, unsafe_fixes);
        assert_eq!(
            crlf_fixed.source.text,
            format!("\u{feff}{}", report.source.text.replace('\n', "\r\n")),
            "{name}: CRLF/BOM variant fixed differently"
        );
        let remaining: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        insta::assert_snapshot!(format!(
            "--- input\n{text}\n--- diff ({} fixes applied)\n{}\n--- fixed\n{}\n--- remaining findings\n{}\n--- CRLF + BOM: the same fix, line endings and BOM kept\n",
            fixed.applied,
            diff::unified(name, &text, &report.source.text),
            report.source.text,
            remaining.join("\n")
        ));
    });
}
