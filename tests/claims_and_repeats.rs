//! Uncited claims and quotes, concentration, and repeated text (CC101–CC103,
//! CC201–CC202) on the seed, under both coverage policies, and on the real
//! Wikipedia corpus.

mod common;

use citecheck::config::{Config, Coverage};
use citecheck::engine::{check_with, Settings};
use citecheck::report::Diagnostic;
use citecheck::source::Source;
use common::seed;

fn check(text: &str, config: Config) -> (Vec<Diagnostic>, String) {
    let settings = Settings::new(config, &Default::default(), None).expect("settings");
    let report = check_with(Source::new("seed.txt", text), &settings);
    (report.diagnostics, text.to_string())
}

fn texts<'a>(diags: &[Diagnostic], text: &'a str, code: &str) -> Vec<&'a str> {
    diags
        .iter()
        .filter(|d| d.code == code)
        .map(|d| &text[d.span.range()])
        .collect()
}

const SEED_UNCITED: [&str; 5] = [
    "During the visit, Blinken is expected",
    "During his upcoming meetings, Blinken",
    "In addition, Beijing considers Taiwan",
    "The US recognizes Beijing as the sole government",
    "The territory of Beijing includes Taiwan",
];

#[test]
fn seed_uncited_claims_and_quote() {
    let text = seed();
    let (diags, text) = check(&text, Config::default());
    let cc101 = texts(&diags, &text, "CC101");
    assert_eq!(cc101.len(), 5, "{cc101:#?}");
    for (found, expected) in cc101.iter().zip(SEED_UNCITED) {
        assert!(found.starts_with(expected), "{found}");
        assert!(
            !found.trim_end().ends_with(']'),
            "a sentence ending in a marker is covered"
        );
    }
    assert_eq!(texts(&diags, &text, "CC102"), vec!["“candid talks.”"]);
    let help = diags
        .iter()
        .find(|d| d.code == "CC101")
        .and_then(|d| d.help.as_deref().map(str::to_string))
        .unwrap_or_default();
    assert!(help.contains("proper names"), "{help}");
}

#[test]
fn paragraph_coverage_lets_a_later_marker_cover() {
    let mut config = Config::default();
    config.claims.coverage = Coverage::Paragraph;
    let (diags, text) = check(&seed(), config);
    let cc101 = texts(&diags, &text, "CC101");
    let expected: Vec<&str> = vec![SEED_UNCITED[0], SEED_UNCITED[1], SEED_UNCITED[4]];
    assert_eq!(cc101.len(), 3, "{cc101:#?}");
    for (found, e) in cc101.iter().zip(expected) {
        assert!(found.starts_with(e), "{found}");
    }
}

#[test]
fn seed_repeats_and_concentration() {
    let (diags, text) = check(&seed(), Config::default());
    let cc202: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CC202").collect();
    assert_eq!(cc202.len(), 2);
    let pairs: Vec<(&str, &str)> = cc202
        .iter()
        .map(|d| (&text[d.labels[1].span.range()], &text[d.span.range()]))
        .collect();
    assert!(
        pairs[0].0.starts_with("During the visit") && pairs[0].1.starts_with("During his upcoming")
    );
    assert!(
        pairs[1].0.starts_with("In addition, Beijing")
            && pairs[1].1.starts_with("The territory of Beijing")
    );
    assert!(!diags.iter().any(|d| d.code == "CC201"));
    let cc103: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CC103").collect();
    assert_eq!(cc103.len(), 1);
    assert_eq!(
        cc103[0].reference,
        Some(citecheck::document::RefKey::Number(4))
    );
    assert!(cc103[0].message.contains("7 of 20"));
}

#[test]
fn auto_picks_sentence_on_the_seed() {
    let doc = citecheck::document::parse(&Source::new("seed.txt", seed()));
    assert_eq!(
        citecheck::checks::coverage_for(&doc, &Config::default()),
        Coverage::Sentence
    );
}

#[test]
fn repeat_thresholds_come_from_config() {
    let mut config = Config::default();
    config.duplicates.near_sentence_threshold = 0.95;
    config.duplicates.sentence_threshold = 0.95;
    let (diags, _) = check(&seed(), config);
    assert!(!diags.iter().any(|d| d.code == "CC202"));
}

/// The real Wikipedia articles: auto picks paragraph coverage, and no CC101
/// falls on a sentence that carries a marker.
#[test]
fn wikipedia_corpus() {
    let dir = common::root().join("../shared/corpus/freshwiki/txt");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let source = Source::new(path.display().to_string(), text.clone());
        let doc = citecheck::document::parse(&source);
        assert_eq!(
            citecheck::checks::coverage_for(&doc, &Config::default()),
            Coverage::Paragraph,
            "{}",
            path.display()
        );
        let (diags, _) = check(&text, Config::default());
        for d in diags.iter().filter(|d| d.code == "CC101") {
            let sentence = doc
                .sentences
                .iter()
                .find(|s| s.span == d.span)
                .expect("CC101 is on a sentence");
            assert!(
                sentence.markers.is_empty(),
                "{}: {}",
                path.display(),
                &text[d.span.range()]
            );
        }
        checked += 1;
    }
    assert!(checked >= 15);
}

/// An answer (no title, one paragraph) is read strictly: a statement with no
/// fact signal needs its own marker, and the paragraph's closing marker does
/// not cover the sentences before it; questions, hedges and pleasantries are
/// never claims.
#[test]
fn answers_get_the_strict_reading() {
    let text = "Heat pumps move heat rather than make it [1]. \
        In winter they pull heat from the outside air and release it indoors. \
        There are several ways to size one. \
        It depends. \
        What do you think? \
        I hope this helps! \
        Most installers size the pump to the coldest week of the year.[2]\n\n\
        References\n\n[1] https://www.example.org/a\n[2] https://www.example.org/b\n";
    let doc = citecheck::document::parse(&Source::new("answer.txt", text));
    assert_eq!(
        citecheck::checks::coverage_for(&doc, &Config::default()),
        Coverage::Sentence
    );
    let (diags, text) = check(text, Config::default());
    let cc101: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CC101").collect();
    let flagged: Vec<&str> = cc101.iter().map(|d| &text[d.span.range()]).collect();
    assert_eq!(
        flagged,
        vec!["In winter they pull heat from the outside air and release it indoors."]
    );
    let help = cc101[0].help.as_deref().unwrap_or_default().to_string();
    assert!(help.contains("statement in an answer"), "{help}");
    // With paragraph coverage asked for, the closing marker covers them all.
    let mut config = Config::default();
    config.claims.coverage = Coverage::Paragraph;
    let (diags, _) = check(&text, config);
    assert!(!diags.iter().any(|d| d.code == "CC101"), "{diags:?}");
}

/// In an article (signal reading) one amount is enough, and the help names it.
#[test]
fn one_amount_is_a_claim_in_an_article() {
    let text = "Harbour Plan Hearing\n\n\
        The council opened its hearing on the harbour plan on Tuesday evening.[1] \
        About 60 residents attended the hearing, which ran past midnight. \
        Speakers raised concerns about traffic and noise.[1]\n\n\
        1. “Council hears residents” Example Gazette, 12 Mar. 2024, https://www.example-gazette.com/2024/03/12/council-hears-residents\n";
    let (diags, text) = check(text, Config::default());
    let cc101: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CC101").collect();
    assert_eq!(cc101.len(), 1, "{cc101:?}");
    assert!(text[cc101[0].span.range()].starts_with("About 60 residents"));
    let help = cc101[0].help.as_deref().unwrap_or_default().to_string();
    assert!(help.contains("numbers (60)"), "{help}");
}

/// Each verbatim repeat of a paragraph, in an article repeating two of them
/// several times over, is offered the removal of itself and of no other.
#[test]
fn each_repeated_paragraphs_fix_removes_that_paragraph() {
    let first = "The river flooded the lower town in March. Engineers reopened the eastern bridge two weeks later.";
    let second = "Harvests in the valley fell by a third that year. Growers blamed the late frost and the floods.";
    let text = [first, second, first, second, first].join("\n\n") + "\n";
    let (diags, text) = check(&text, Config::default());
    let repeats: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "CC201").collect();
    let starts: Vec<usize> = repeats.iter().map(|d| d.span.start).collect();
    let at = |n: usize| {
        text.match_indices(if n % 2 == 0 { first } else { second })
            .nth(n / 2)
            .map(|(i, _)| i)
    };
    assert_eq!(
        starts,
        [at(2), at(3), at(4)].map(|a| a.expect("a paragraph"))
    );
    for d in repeats {
        let fix = d.fix.as_ref().expect("a fix for a verbatim repeat");
        assert_eq!(fix.edits.len(), 1);
        let removed = fix.edits[0].span;
        assert!(
            removed.start <= d.span.start && d.span.end <= removed.end,
            "{d:?}"
        );
        assert!(
            removed.end - removed.start <= d.span.end - d.span.start + 2,
            "{d:?}"
        );
    }
}
