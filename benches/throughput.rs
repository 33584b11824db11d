//! Offline throughput: generated articles of 1× and 2× size through parse and
//! every offline check, plus the seed and the Wikipedia corpus. Prints MB/s
//! and the 2×/1× time ratio (near 2.0 means linear cost).
//!
//! Run: `cargo bench --bench throughput` (add `-- 20` for a 20 MB base size).

use std::time::{Duration, Instant};

use citecheck::engine::{check_with, Settings};
use citecheck::source::Source;

#[path = "gen/mod.rs"]
mod gen;
use gen::article;

fn time_check(name: &str, text: &str, settings: &Settings) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let source = Source::new(name, text);
        let start = Instant::now();
        let report = check_with(source, settings);
        std::hint::black_box(report.diagnostics.len());
        best = best.min(start.elapsed());
    }
    best
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1_000_000.0 / d.as_secs_f64()
}

fn main() {
    let base_mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let settings = Settings::default();
    println!(
        "{:<34} {:>10} {:>10} {:>9}",
        "input", "bytes", "time", "MB/s"
    );
    let one = article(base_mb * 1_000_000, 7);
    let two = article(2 * base_mb * 1_000_000, 7);
    let t1 = time_check("one.txt", &one, &settings);
    let t2 = time_check("two.txt", &two, &settings);
    for (name, text, t) in [
        ("generated article (1x)", &one, t1),
        ("generated article (2x)", &two, t2),
    ] {
        println!(
            "{name:<34} {:>10} {:>9.0?} {:>9.1}",
            text.len(),
            t,
            mb_per_s(text.len(), t)
        );
    }
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/blinken-beijing.txt"
    ))
    .unwrap_or_default();
    let ts = time_check("seed.txt", &seed, &settings);
    println!(
        "{:<34} {:>10} {:>9.0?} {:>9.1}",
        "seed article",
        seed.len(),
        ts,
        mb_per_s(seed.len(), ts)
    );
    let corpus_dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/freshwiki/txt"
    );
    if let Ok(entries) = std::fs::read_dir(corpus_dir) {
        let texts: Vec<(String, String)> = entries
            .flatten()
            .filter_map(|e| {
                Some((
                    e.path().display().to_string(),
                    std::fs::read_to_string(e.path()).ok()?,
                ))
            })
            .collect();
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            for (name, text) in &texts {
                std::hint::black_box(
                    check_with(Source::new(name.as_str(), text.as_str()), &settings)
                        .diagnostics
                        .len(),
                );
            }
            best = best.min(start.elapsed());
        }
        println!(
            "{:<34} {:>10} {:>9.0?} {:>9.1}",
            format!("freshwiki corpus ({} files)", texts.len()),
            bytes,
            best,
            mb_per_s(bytes, best)
        );
    }
    println!(
        "2x/1x time ratio: {:.2} (2.00 is linear)",
        t2.as_secs_f64() / t1.as_secs_f64()
    );
}
