//! CC501 on the labelled set in `fixtures/support/`: sentence–page pairs,
//! half supported, half not. Prints precision and recall of "unsupported"
//! and fails below 0.8 precision.

use std::path::PathBuf;

use citecheck::config::Config;
use citecheck::engine::{check_parsed, Overlay, Settings};
use citecheck::source::Source;
use citecheck::sources::{Saved, SavedPage};

#[derive(serde::Deserialize)]
struct Pairs {
    pair: Vec<Pair>,
}

#[derive(serde::Deserialize)]
struct Pair {
    page: String,
    sentence: String,
    supported: bool,
    #[serde(default)]
    differs: String,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/support")
}

/// Whether CC501 reports the sentence cited to the page, and its message.
fn flagged(sentence: &str, page: &str) -> Option<String> {
    let url = format!(
        "https://daily.example/news/{}",
        page.trim_end_matches(".html")
    );
    let text = format!(
        "{sentence}[1]\n\nReferences\n1. “A story” The Daily Example, 1 Jan. 2024, {url}\n"
    );
    let body = std::fs::read(dir().join("pages").join(page)).expect("page fixture");
    let saved = Saved {
        pages: vec![SavedPage {
            url,
            final_url: None,
            status: 200,
            content_type: Some("text/html; charset=utf-8".into()),
            fetched: None,
            body,
        }],
    };
    let links = saved.links();
    let settings = Settings::new(Config::default(), &Overlay::default(), None).unwrap();
    let source = Source::new("pair.txt", text);
    let doc = citecheck::document::parse(&source);
    let report = check_parsed(source, &doc, &settings, Some(&links));
    report
        .diagnostics
        .into_iter()
        .find(|d| d.code == "CC501")
        .map(|d| d.message)
}

#[test]
fn labelled_pairs_precision_and_recall() {
    let text = std::fs::read_to_string(dir().join("pairs.toml")).unwrap();
    let pairs: Pairs = toml::from_str(&text).unwrap();
    let supported = pairs.pair.iter().filter(|p| p.supported).count();
    assert!(pairs.pair.len() >= 40, "at least 40 pairs");
    assert_eq!(supported * 2, pairs.pair.len(), "half supported, half not");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for p in &pairs.pair {
        let found = flagged(&p.sentence, &p.page);
        match (found.is_some(), p.supported) {
            (true, false) => {
                tp += 1;
                println!("found ({}): {}", p.differs, found.unwrap_or_default());
            }
            (true, true) => {
                fp += 1;
                println!(
                    "false alarm ({}): {} — {}",
                    p.page,
                    p.sentence,
                    found.unwrap_or_default()
                );
            }
            (false, false) => {
                fn_ += 1;
                println!("missed ({}, {}): {}", p.page, p.differs, p.sentence);
            }
            (false, true) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "CC501 on {} pairs: precision {precision:.3} ({tp}/{}), recall {recall:.3} ({tp}/{})",
        pairs.pair.len(),
        tp + fp,
        tp + fn_
    );
    assert!(precision >= 0.8, "precision {precision:.3} is below 0.8");
    assert!(tp > 0, "nothing was found at all");
}
