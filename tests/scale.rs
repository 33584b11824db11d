//! Many files on many threads: the output is the same whatever `--jobs`,
//! sorted by path, and the link stage (client, runtime, cache) is only set
//! up when some URL needs checking.

mod common;

use citecheck::engine::{run_streaming, LinkOptions, Options};
use common::Run;
use std::ops::ControlFlow;

/// A directory of `n` small articles, some with faults, in nested folders.
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        let sub = dir.path().join(format!("part{}", i % 4));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let marker = if i % 5 == 0 { 9 } else { 1 };
        let text = format!(
            "Article {i} says the rate rose 3.{i} percent in 2023.[{marker}] Nobody said “hello {i}”.\n\nReferences\n1. “Title {i}” Example, 14 Jun. 2023, https://example.com/{i}\n"
        );
        let ext = if i % 3 == 0 { "md" } else { "txt" };
        std::fs::write(sub.join(format!("a{i:03}.{ext}")), text).expect("write");
    }
    dir
}

#[test]
fn output_does_not_depend_on_the_number_of_jobs() {
    let dir = corpus(60);
    let path = dir.path().display().to_string();
    for format in ["json", "concise", "human", "sarif", "jsonl", "github"] {
        let one = Run::new()
            .args(["--format", format, "--color", "never", "-j", "1", &path])
            .run();
        let many = Run::new()
            .args(["--format", format, "--color", "never", "-j", "4", &path])
            .run();
        assert_eq!(one.code, 1, "{format}: {}", one.stderr);
        assert_eq!(one.stdout, many.stdout, "{format}");
        assert_eq!(one.code, many.code);
    }
    let report = Run::new().args(["--format", "json", &path]).run().json();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths.len(), 60);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are sorted by path");
    assert_eq!(report["summary"]["files"], 60);
    assert_eq!(
        report["summary"]["errors"], 12,
        "one CC001 in every fifth file"
    );
}

#[test]
fn jobs_flag_is_validated() {
    let out = Run::new().args(["-j", "0", "fixtures/clean"]).run();
    assert_eq!(out.code, 2);
    let out = Run::new()
        .args(["--jobs", "3", "--format", "json", "fixtures/clean"])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_empty_run_is_still_a_whole_json_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Run::new()
        .args(["--format", "json"])
        .arg(dir.path().display().to_string())
        .run();
    assert_eq!(out.code, 0);
    let report = out.json();
    assert_eq!(report["files"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["summary"]["files"], 0);
}

fn streamed(paths: &[String], options: &Options) -> (usize, citecheck::engine::RunDone) {
    let mut files = 0;
    let done = run_streaming(paths, options, |_| {
        files += 1;
        ControlFlow::Continue(())
    })
    .expect("run");
    (files, done)
}

#[test]
fn no_link_stage_unless_a_url_needs_checking() {
    let dir = corpus(8);
    let cache = dir.path().join("cache");
    let paths = vec![dir.path().display().to_string()];
    let links = |offline| LinkOptions {
        offline,
        cache_dir: Some(cache.clone()),
        ..LinkOptions::default()
    };
    // --offline: URLs are there, nothing is requested.
    let options = Options {
        links: links(true),
        ..Options::default()
    };
    let (files, done) = streamed(&paths, &options);
    assert_eq!((files, done.urls_requested), (8, 0));
    // Online, but no link rule selected.
    let options = Options {
        links: links(false),
        overlay: citecheck::engine::Overlay {
            select: Some(vec!["CC0".into()]),
            ..Default::default()
        },
        ..Options::default()
    };
    let (_, done) = streamed(&paths, &options);
    assert_eq!(done.urls_requested, 0);
    // Online, link rules on, but no file has a URL.
    let plain = tempfile::tempdir().expect("temp dir");
    std::fs::write(plain.path().join("a.txt"), "No references here.\n").expect("write");
    let options = Options {
        links: links(false),
        ..Options::default()
    };
    let (files, done) = streamed(&[plain.path().display().to_string()], &options);
    assert_eq!((files, done.urls_requested), (1, 0));
    assert!(done.notices.is_empty(), "{:?}", done.notices);
    assert!(!cache.exists(), "no cache was created");
}

#[test]
fn stopping_early_stops_the_run() {
    let dir = corpus(40);
    let mut seen = Vec::new();
    let options = Options {
        jobs: Some(2),
        ..Options::default()
    };
    run_streaming(&[dir.path().display().to_string()], &options, |f| {
        seen.push(f.source.path.clone());
        if seen.len() == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("run");
    assert_eq!(seen.len(), 3);
}
