//! Print sentence pairs of a file with overlap measures, for tuning the
//! duplicate-sentence thresholds.
use std::collections::HashSet;

use citecheck::text::{similarity::Weights, words};
use unicode_segmentation::UnicodeSegmentation;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pairs FILE [NAME-FACTOR]");
        std::process::exit(2);
    };
    let factor: f64 = std::env::args()
        .nth(2)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0.5);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        std::process::exit(2);
    };
    let source = citecheck::source::Source::new(path, text);
    let doc = citecheck::document::parse(&source);
    let sents: Vec<(String, Vec<String>, HashSet<String>)> = doc
        .sentences
        .iter()
        .map(|s| {
            let t = source.text[s.span.range()].to_string();
            let mut names = HashSet::new();
            for w in t.unicode_words().skip(1) {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    names.extend(words::content_words(w));
                }
            }
            let mut w = words::content_words(&t);
            w.sort();
            w.dedup();
            (t, w, names)
        })
        .collect();
    // Weights count numbered stems.
    let mut vocabulary = words::Vocabulary::default();
    let ids: Vec<Vec<u32>> = sents
        .iter()
        .map(|s| s.1.iter().map(|w| vocabulary.intern(w)).collect())
        .collect();
    let weights = Weights::from_units(ids.iter().map(Vec::as_slice));
    let mut wt = |w: &String, names: &HashSet<String>| {
        weights.weight(vocabulary.intern(w)) * if names.contains(w) { factor } else { 1.0 }
    };
    let mut rows = Vec::new();
    for i in 0..sents.len() {
        for j in 0..i {
            let (a, b) = (&sents[j], &sents[i]);
            let names: HashSet<String> = a.2.union(&b.2).cloned().collect();
            let shared: Vec<&String> = b.1.iter().filter(|w| a.1.contains(w)).collect();
            if shared.len() < 2 {
                continue;
            }
            let ws: f64 = shared.iter().map(|w| wt(w, &names)).sum();
            let wa: f64 = a.1.iter().map(|w| wt(w, &names)).sum();
            let wb: f64 = b.1.iter().map(|w| wt(w, &names)).sum();
            rows.push((ws / wa.min(wb), 2.0 * ws / (wa + wb), shared.len(), j, i));
        }
    }
    rows.sort_by(|x, y| y.0.total_cmp(&x.0));
    for (min, dice, n, j, i) in rows.into_iter().take(8) {
        println!(
            "min={min:.2} dice={dice:.2} n={n}\n  A: {}\n  B: {}",
            &sents[j].0.chars().take(90).collect::<String>(),
            &sents[i].0.chars().take(90).collect::<String>()
        );
    }
}
