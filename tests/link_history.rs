//! The link history end to end: a real HTTP server on 127.0.0.1 whose
//! answers the test switches, the real binary run at recorded times
//! (`--now`, hidden) over one cache directory. No sleeps, no other address.

mod common;
#[path = "common/server.rs"]
mod server;

use std::path::Path;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

use common::{diagnostics, Output, Run};
use serde_json::Value;
use server::{reply, Server};

const DAY: u64 = 86_400;
/// 2026-11-30 00:00 UTC.
const T0: u64 = 1_795_996_800;

const PAGE: &str = "<html><head><title>Harbour bridge reopens after repairs | Example News</title></head><body><h1>Harbour bridge reopens after repairs</h1><p>The bridge reopened.</p></body></html>";

/// Short timeouts, no retries, no archive or probe; cached answers trusted
/// for an hour, so that each run a day later checks again.
const CONFIG: &str = "[links]\nretries = 0\ntimeout = \"2s\"\narchive = false\nsoft-404-probe = false\ncache-ttl = \"1h\"\n";

/// A server whose answer to `/story` the test sets; `/never` is always 404.
fn server() -> (Server, Arc<AtomicU16>) {
    let status = Arc::new(AtomicU16::new(200));
    let s = status.clone();
    let server = Server::start(move |_, p, _| match p {
        "/story" => reply(s.load(Ordering::SeqCst), PAGE),
        _ => reply(404, "not here"),
    });
    (server, status)
}

fn setup(s: &Server) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "The harbour bridge reopened on Saturday.[1] The ferry resumed too.[2]\n\nReferences\n1. “Harbour bridge reopens after repairs” Example News, 17 Jun. 2023, {}\n2. “Ferry service resumes” Example News, 18 Jun. 2023, {}\n",
        s.url("/story"),
        s.url("/never")
    );
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    dir
}

/// One run at `now` over the cache in `dir`.
fn run_at(dir: &Path, now: u64) -> Output {
    let cache = dir.join("cache").display().to_string();
    Run::new()
        .online()
        .args([
            "--format",
            "json",
            "--allow-private",
            "--select",
            "CC4",
            "--cache-dir",
            &cache,
            "--now",
            &now.to_string(),
            "article.txt",
        ])
        .current_dir(dir)
        .run()
}

/// (code, message) of each link finding for `url`'s path.
fn finding(out: &Output, path: &str) -> Option<(String, String)> {
    diagnostics(&out.json())
        .into_iter()
        .find(|d| d["url"].as_str().is_some_and(|u| u.ends_with(path)))
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
}

fn history_files(dir: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir.join("cache").join("history-v1")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            out.push(serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap());
        }
    }
    out
}

#[test]
fn seen_alive_then_failing_is_unverified_until_it_has_failed_long_enough() {
    let (s, status) = server();
    let dir = setup(&s);
    // Day 0: the story answers; the other URL was never alive and 404s:
    // dead at once.
    let out = run_at(dir.path(), T0);
    assert_eq!(finding(&out, "/story"), None, "{}", out.stdout);
    let (code, message) = finding(&out, "/never").unwrap();
    assert_eq!(code, "CC401", "{message}");
    assert!(!message.contains("failing since"), "{message}");

    // Day 1: a 503. It answered yesterday: unverified, with its history.
    status.store(503, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + DAY);
    let (code, message) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC402", "{message}");
    assert!(
        message.contains(
            "failing since 2026-12-01, 1 of 2 checks failed, last answered on 2026-11-30"
        ),
        "{message}"
    );

    // Day 2: now a 404 — still not dead: it answered two days ago, and it
    // has failed twice only.
    status.store(404, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + 2 * DAY);
    let (code, message) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC402", "{message}");
    assert!(message.contains("404 Not Found"), "{message}");
    assert!(message.contains("2 of 3 checks failed"), "{message}");

    // Day 3: three failures in a row over two days: dead.
    status.store(503, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + 3 * DAY);
    let (code, message) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC401", "{message}");
    assert!(message.contains("keeps failing"), "{message}");
    assert!(
        message.contains("failing since 2026-12-01, 3 of 4 checks failed"),
        "{message}"
    );
    assert_eq!(out.code, 1);

    // Day 4: it is back; no finding, and the streak is over.
    status.store(200, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + 4 * DAY);
    assert_eq!(finding(&out, "/story"), None, "{}", out.stdout);
    status.store(500, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + 5 * DAY);
    let (code, message) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC402", "{message}");
    assert!(message.contains("failing since 2026-12-05"), "{message}");
}

#[test]
fn with_the_history_off_each_check_is_judged_alone() {
    let (s, status) = server();
    let dir = setup(&s);
    let _ = run_at(dir.path(), T0);
    status.store(404, Ordering::SeqCst);
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{CONFIG}history = false\n"),
    )
    .unwrap();
    let out = run_at(dir.path(), T0 + DAY);
    let (code, _) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC401", "judged alone, a 404 is dead");
}

#[test]
fn a_corrupt_history_entry_is_reset_with_a_warning() {
    let (s, status) = server();
    let dir = setup(&s);
    let _ = run_at(dir.path(), T0);
    let hist = dir.path().join("cache").join("history-v1");
    for e in std::fs::read_dir(&hist).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            std::fs::write(&p, b"{\"url\": \"http://").unwrap();
        }
    }
    status.store(503, Ordering::SeqCst);
    let out = run_at(dir.path(), T0 + DAY);
    assert!(
        out.stderr.contains("unreadable link-history"),
        "{}",
        out.stderr
    );
    // The past is lost: a first failure with no history, reported plainly.
    let (code, message) = finding(&out, "/story").unwrap();
    assert_eq!(code, "CC402", "{message}");
    assert!(!message.contains("failing since"), "{message}");
    for h in history_files(dir.path()) {
        assert_eq!(h["checks"].as_array().map(Vec::len), Some(1), "{h}");
    }
    // And the next run reads it again without a word.
    let out = run_at(dir.path(), T0 + 2 * DAY);
    assert!(!out.stderr.contains("unreadable"), "{}", out.stderr);
    let (_, message) = finding(&out, "/story").unwrap();
    assert!(message.contains("2 of 2 checks failed"), "{message}");
}

#[test]
fn runs_at_once_each_add_their_check() {
    let (s, status) = server();
    status.store(503, Ordering::SeqCst);
    let dir = setup(&s);
    let runs: Vec<_> = (0..6)
        .map(|i| {
            let d = dir.path().to_path_buf();
            std::thread::spawn(move || run_at(&d, T0 + i))
        })
        .collect();
    for r in runs {
        let out = r.join().unwrap();
        assert!(!out.stderr.contains("unreadable"), "{}", out.stderr);
    }
    let files = history_files(dir.path());
    assert_eq!(files.len(), 2);
    for h in files {
        // The never-alive 404 is answered from the cache after the first
        // run to store it, so it has 1 to 6 checks; the 503 is never
        // cached, so each run added one.
        let n = h["checks"].as_array().map_or(0, Vec::len);
        if h["url"].as_str().is_some_and(|u| u.ends_with("/story")) {
            assert_eq!(n, 6, "{h}");
        } else {
            assert!((1..=6).contains(&n), "{h}");
        }
    }
}
