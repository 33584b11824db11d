//! Offline throughput: generated articles of 1× and 2× size through parse and
//! every offline check, plus the seed and the Wikipedia corpus. Prints MB/s
//! and the 2×/1× time ratio (near 2.0 means linear cost).
//!
//! Run: `cargo bench --bench throughput` (add `-- 20` for a 20 MB base size).

use std::time::{Duration, Instant};

use citecheck::engine::{check_with, Settings};
use citecheck::source::Source;

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// News-like prose: a Zipf-ish vocabulary, capitalised names, numbers,
/// markers on most sentences, some repeated sentences, and a reference list.
fn article(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let vocab: Vec<String> = (0..20_000)
        .map(|i| {
            let syllables = [
                "ka", "lo", "mi", "ten", "ra", "vos", "pel", "du", "shi", "an", "ber", "ot",
            ];
            let mut w = String::new();
            let mut n = i + 1;
            while n > 0 {
                w.push_str(syllables[n % syllables.len()]);
                n /= syllables.len();
            }
            w
        })
        .collect();
    let names = [
        "Blinken", "Wang Yi", "Geneva", "Reuters", "Taiwan", "Kai Li", "Vienna", "Qin Gang",
    ];
    let refs = 40;
    let mut out = String::from("Generated Benchmark Article\n\n");
    let mut sentences: Vec<String> = Vec::new();
    while out.len() < bytes {
        for _ in 0..(3 + rng.below(4)) {
            let sentence = if !sentences.is_empty() && rng.below(50) == 0 {
                sentences[rng.below(sentences.len())].clone()
            } else {
                let len = 8 + rng.below(18);
                let mut s = String::new();
                for k in 0..len {
                    // Zipf-like: small indices far more often.
                    let r = rng.below(vocab.len());
                    let idx = (r * r) / vocab.len() / (1 + rng.below(8));
                    let word = if k > 0 && rng.below(12) == 0 {
                        names[rng.below(names.len())].to_string()
                    } else if rng.below(20) == 0 {
                        (rng.below(5000)).to_string()
                    } else {
                        vocab[idx].clone()
                    };
                    if k == 0 {
                        let mut c = word.chars();
                        if let Some(f) = c.next() {
                            s.extend(f.to_uppercase());
                            s.push_str(c.as_str());
                        }
                    } else {
                        s.push(' ');
                        s.push_str(&word);
                    }
                }
                s.push('.');
                sentences.push(s.clone());
                s
            };
            out.push_str(&sentence);
            if rng.below(10) < 8 {
                out.push_str(&format!("[{}]", 1 + rng.below(refs)));
            }
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out.push_str("References\n");
    for i in 1..=refs {
        out.push_str(&format!(
            "{i}. “Report number {i} on the talks” Reuters, 14 Jun. 2023, https://www.reuters.com/world/report-number-{i}-on-the-talks-2023-06-14/\n"
        ));
    }
    out
}

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
