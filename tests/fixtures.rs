//! Every fixture as data: `fixtures/clean/*` must give zero findings,
//! `fixtures/rules/CCnnn/*` must trigger rule CCnnn, and each fixture's full
//! concise report is an insta snapshot, so a change in output is a diff.
//! A fixture `NAME.ext` with a folder `NAME.sources/` beside it is checked
//! with that folder as `--sources` (the online rules then run on it).

use std::path::Path;

use citecheck::config::Config;
use citecheck::engine::{check_parsed, check_source, Options, Overlay, Settings};
use citecheck::report::{concise, Report};
use citecheck::source::{self, Source};

fn check(path: &Path) -> Report {
    let text = source::read_file(path).expect("fixture is readable text");
    let rel = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    let source = Source::new(rel, text);
    let sources = path.with_extension("sources");
    let file = if sources.is_dir() {
        let links = citecheck::sources::load(&sources)
            .expect("saved sources load")
            .links();
        let settings =
            Settings::new(Config::default(), &Overlay::default(), None).expect("default settings");
        let doc = citecheck::document::parse(&source);
        check_parsed(source, &doc, &settings, Some(&links))
    } else {
        check_source(source, &Options::default())
    };
    Report { files: vec![file] }
}

#[test]
fn clean_fixtures_give_zero_findings() {
    insta::glob!("../fixtures", "clean/*", |path| {
        if path.is_dir() {
            return;
        }
        let report = check(path);
        let out = concise::render(&report);
        assert!(out.is_empty(), "{} should be clean:\n{out}", path.display());
    });
}

#[test]
fn rule_fixtures_trigger_their_rule() {
    insta::glob!("../fixtures", "rules/*/*", |path| {
        if path.is_dir() {
            return;
        }
        let code = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .expect("rule directory");
        let report = check(path);
        assert!(
            report.files[0].diagnostics.iter().any(|d| d.code == code),
            "{} should trigger {code}",
            path.display()
        );
        insta::assert_snapshot!(concise::render(&report));
    });
}

#[test]
fn every_stable_rule_has_a_trigger_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    // Every rule that runs without the network has one; so does CC501,
    // whose fixtures bring their saved pages.
    let codes = citecheck::checks::registry::RULES
        .iter()
        .filter(|r| !r.needs.online_only())
        .map(|r| r.code);
    for code in codes.chain(["CC501"]) {
        let rule_dir = dir.join(code);
        let count = std::fs::read_dir(&rule_dir).map(|d| d.count()).unwrap_or(0);
        assert!(count > 0, "no fixture under {}", rule_dir.display());
    }
}
