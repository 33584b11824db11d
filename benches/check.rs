//! Criterion suite: parse plus every offline check on the seed and on a
//! generated article, the JSON renderer, and a batch-mode record, so a
//! change in the cost of any stage shows up with confidence intervals.
//!
//! Run: `cargo bench --bench check`.

#[path = "gen/mod.rs"]
mod gen;

use citecheck::engine::{check_with, Settings};
use citecheck::report::{json, Report};
use citecheck::source::Source;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/blinken-beijing.txt"
    ))
    .unwrap_or_default()
}

fn check(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("check");
    for (name, text) in [
        ("seed", seed()),
        ("article-100k", gen::article(100_000, 7)),
        ("article-1m", gen::article(1_000_000, 7)),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| check_with(Source::new("bench.txt", text.as_str()), &settings))
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let settings = Settings::default();
    let report = Report {
        files: vec![check_with(
            Source::new("bench.txt", gen::article(1_000_000, 7)),
            &settings,
        )],
    };
    c.bench_function("render/json-1m", |b| b.iter(|| json::render(&report)));
}

fn batch(c: &mut Criterion) {
    let settings = Settings::default();
    let line = serde_json::json!({ "id": 1, "text": seed(), "format": "text" }).to_string();
    c.bench_function("batch/seed-record", |b| {
        b.iter(|| citecheck::batch::check_line(line.as_bytes(), 1, &settings))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = check, render, batch
}
criterion_main!(benches);
