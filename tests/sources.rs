//! CC501 end to end: pages served from 127.0.0.1 inside the test, saved
//! folders written by `sources fetch` or by hand, and WARC files. No test
//! touches any other address.

mod common;
#[path = "common/server.rs"]
mod server;

use std::io::Write;
use std::path::Path;

use common::{diagnostics, Output, Run};
use serde_json::Value;
use server::{reply, Reply, Server};

/// (path, content type, body) served by a test server.
type Page = (&'static str, &'static str, Vec<u8>);

/// A server on 127.0.0.1 serving fixed pages (404 for anything else).
fn serve(pages: Vec<Page>) -> Server {
    Server::start(move |_, path, _| {
        let path = path.split('?').next().unwrap_or(path);
        match pages.iter().find(|(p, _, _)| *p == path) {
            Some((_, ct, body)) => Reply::Answer {
                status: 200,
                headers: vec![("content-type", ct.to_string())],
                body: body.clone(),
            },
            None => reply(404, ""),
        }
    })
}

fn html(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html><head><title>Story</title><script>var s = 'script text';</script></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>Story</h1>\n{body}</article>\
         <footer>Footer text</footer></body></html>"
    )
    .into_bytes()
}

const HTML: &str = "text/html; charset=utf-8";

const WARSHIP: &[&str] = &[
    "A Chinese warship sailed within 150 yards of the USS Chung-Hoon in the Taiwan Strait on Saturday, the US Indo-Pacific Command said.",
    "The command called the manoeuvre “unsafe and unprofessional” and said it forced the destroyer to slow down.",
    "Defense Secretary Lloyd Austin raised the incident at the Shangri-La Dialogue in Singapore.",
];

/// An article of `sentences`, citing references to `urls` (1-based).
fn article(sentences: &[&str], urls: &[String]) -> String {
    let mut text = sentences.join(" ");
    text.push_str("\n\nReferences\n");
    for (i, u) in urls.iter().enumerate() {
        text.push_str(&format!(
            "{}. “Story” Example News, 4 Jun. 2023, {u}\n",
            i + 1
        ));
    }
    text
}

const CONFIG: &str =
    "[links]\nretries = 0\ntimeout = \"3s\"\narchive = false\nsoft-404-probe = false\n";

/// A temporary folder with `article.txt` and a config.
fn folder(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    dir
}

fn live(dir: &Path) -> Output {
    Run::new()
        .online()
        .args([
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "article.txt",
        ])
        .current_dir(dir)
        .run()
}

fn saved(dir: &Path, sources: &str) -> Output {
    Run::new()
        .online()
        .args(["--format", "json", "--sources", sources, "article.txt"])
        .current_dir(dir)
        .run()
}

fn cc501(out: &Output) -> Vec<Value> {
    diagnostics(&out.json())
        .into_iter()
        .filter(|d| d["code"] == "CC501")
        .collect()
}

fn messages(out: &Output) -> Vec<String> {
    cc501(out)
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Write a saved-sources folder by hand: (url, file, content type, body).
fn write_saved(dir: &Path, pages: &[(&str, &str, &str, &[u8])]) {
    let sources = dir.join("saved");
    std::fs::create_dir_all(&sources).unwrap();
    let mut entries = Vec::new();
    for (url, file, ct, body) in pages {
        std::fs::write(sources.join(file), body).unwrap();
        entries.push(serde_json::json!({"url": url, "file": file, "content-type": ct}));
    }
    let manifest = serde_json::json!({"format": "citecheck-sources/1", "pages": entries});
    std::fs::write(sources.join("manifest.json"), manifest.to_string()).unwrap();
}

#[test]
fn a_number_not_on_the_page_is_named() {
    let s = serve(vec![("/warship", HTML, html(WARSHIP))]);
    let dir = folder(&article(
        &["A Chinese warship came within 50 yards of the USS Chung-Hoon, the US Indo-Pacific Command said.[1]"],
        &[s.url("/warship")],
    ));
    let out = live(dir.path());
    let found = cc501(&out);
    assert_eq!(found.len(), 1, "{}", out.stdout);
    let d = &found[0];
    assert!(d["message"].as_str().unwrap().contains("“50 yards”"), "{d}");
    assert!(
        d["message"].as_str().unwrap().contains(&s.url("/warship")),
        "{d}"
    );
    assert!(d["help"].as_str().unwrap().contains("150 yards"), "{d}");
    // The finding points at the fact; a label is on the marker.
    let text = std::fs::read_to_string(dir.path().join("article.txt")).unwrap();
    let (a, b) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "50 yards");
    let on_marker = d["labels"].as_array().unwrap().iter().any(|l| {
        let (la, lb) = (
            l["span"]["start"].as_u64().unwrap() as usize,
            l["span"]["end"].as_u64().unwrap() as usize,
        );
        &text[la..lb] == "[1]"
    });
    assert!(on_marker, "{d}");
    // CC501 needs the page: a GET, not a HEAD.
    assert!(
        s.requests().iter().all(|(m, _)| m == "GET"),
        "{:?}",
        s.requests()
    );
}

#[test]
fn a_missing_name_is_named() {
    let s = serve(vec![("/warship", HTML, html(WARSHIP))]);
    let dir = folder(&article(
        &["The incident was raised at the Shangri-La Dialogue by Secretary of State Antony Blinken.[1]"],
        &[s.url("/warship")],
    ));
    let out = live(dir.path());
    let m = messages(&out);
    assert_eq!(m.len(), 1, "{}", out.stdout);
    assert!(m[0].contains("Antony Blinken"), "{m:?}");
    assert!(!m[0].contains("Shangri"), "{m:?}");
}

#[test]
fn a_quotation_not_on_the_page_verbatim() {
    let dir = folder(&article(
        &["The command called the manoeuvre “dangerous and unprofessional.”[1]"],
        &["https://news.example/warship".to_string()],
    ));
    write_saved(
        dir.path(),
        &[(
            "https://news.example/warship",
            "warship.html",
            HTML,
            &html(WARSHIP),
        )],
    );
    let out = saved(dir.path(), "saved");
    let m = messages(&out);
    assert_eq!(m.len(), 1, "{}", out.stdout);
    assert!(m[0].contains("dangerous and unprofessional"), "{m:?}");
    // Verbatim up to quote style, case and punctuation: this one is there.
    std::fs::write(
        dir.path().join("article.txt"),
        article(
            &["The command called the manoeuvre \"Unsafe and unprofessional.\"[1]"],
            &["https://news.example/warship".to_string()],
        ),
    )
    .unwrap();
    let out = saved(dir.path(), "saved");
    assert_eq!(messages(&out), Vec::<String>::new(), "{}", out.stdout);
}

#[test]
fn a_reworded_page_with_the_facts_supports_the_sentence() {
    let reworded: &[&str] = &[
        "On Saturday the USS Chung-Hoon had a Chinese warship pass as close as 150 yards, according to the US Indo-Pacific Command.",
        "Commanders described what happened as “unsafe and unprofessional.”",
    ];
    let s = serve(vec![("/story", HTML, html(reworded))]);
    let dir = folder(&article(
        &["A Chinese warship came within 150 yards of the USS Chung-Hoon, the US Indo-Pacific Command said, calling it “unsafe and unprofessional.”[1]"],
        &[s.url("/story")],
    ));
    let out = live(dir.path());
    assert_eq!(messages(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(out.json()["files"][0]["stats"]["links_checked"], 1);
}

#[test]
fn facts_split_between_two_cited_pages_are_supported_together() {
    let first: &[&str] = &["A Chinese warship sailed within 150 yards of the USS Chung-Hoon, the US Indo-Pacific Command said."];
    let second: &[&str] = &["Defense Secretary Lloyd Austin raised the incident at the Shangri-La Dialogue in Singapore."];
    let s = serve(vec![("/a", HTML, html(first)), ("/b", HTML, html(second))]);
    let sentence = "A Chinese warship sailed within 150 yards of the USS Chung-Hoon, and Lloyd Austin raised it in Singapore.";
    let urls = [s.url("/unused"), s.url("/a"), s.url("/b")];
    let both = format!("{sentence}[2][3] Unused reference sentence.[1]");
    let dir = folder(&article(&[&both], &urls));
    let out = live(dir.path());
    assert_eq!(messages(&out), Vec::<String>::new(), "{}", out.stdout);
    // Either page alone lacks part of the facts.
    let one = format!("{sentence}[2] Unused reference sentence.[1]");
    std::fs::write(dir.path().join("article.txt"), article(&[&one], &urls)).unwrap();
    let m = messages(&live(dir.path()));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("Lloyd Austin") && m[0].contains("Singapore"),
        "{m:?}"
    );
}

#[test]
fn an_unreadable_source_never_counts_as_not_supporting() {
    let s = serve(vec![("/warship", HTML, html(WARSHIP))]);
    let dir = folder(&article(
        &["A Chinese warship came within 50 yards of the USS Chung-Hoon.[1][2]"],
        &[s.url("/warship"), s.url("/gone")],
    ));
    let out = live(dir.path());
    assert_eq!(messages(&out), Vec::<String>::new(), "{}", out.stdout);
    assert!(out.codes().contains(&"CC401".to_string()), "{}", out.stdout);
}

#[test]
fn offline_without_sources_says_nothing() {
    let s = serve(vec![("/warship", HTML, html(WARSHIP))]);
    let dir = folder(&article(
        &["A Chinese warship came within 50 yards of the USS Chung-Hoon.[1]"],
        &[s.url("/warship")],
    ));
    let out = Run::new()
        .args(["--format", "json", "article.txt"])
        .current_dir(dir.path())
        .run();
    assert_eq!(messages(&out), Vec::<String>::new());
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(s.requests().is_empty());
}

#[test]
fn a_page_in_another_charset_is_decoded() {
    // windows-1252: é = 0xE9, ñ = 0xF1; declared only in <meta>.
    let mut body = b"<html><head><meta charset=\"windows-1252\"></head><body><article><p>Chef Jos\xe9 Mu\xf1oz opened 12 restaurants in Madrid.</p></article></body></html>".to_vec();
    let s = serve(vec![("/chef", "text/html", std::mem::take(&mut body))]);
    let dir = folder(&article(
        &["The chef José Muñoz has opened 12 restaurants in Madrid.[1]"],
        &[s.url("/chef")],
    ));
    assert_eq!(messages(&live(dir.path())), Vec::<String>::new());
    std::fs::write(
        dir.path().join("article.txt"),
        article(
            &["The chef José Muñoz has opened 15 restaurants in Madrid.[1]"],
            &[s.url("/chef")],
        ),
    )
    .unwrap();
    let m = messages(&live(dir.path()));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("15 restaurants"), "{m:?}");
}

#[test]
fn fetched_sources_give_the_live_findings_without_a_request() {
    let s = serve(vec![
        ("/warship", HTML, html(WARSHIP)),
        (
            "/plain",
            "text/plain; charset=utf-8",
            b"Officials said 3,000 people attended the rally in Lisbon.".to_vec(),
        ),
    ]);
    let dir = folder(&article(
        &[
            "A Chinese warship came within 50 yards of the USS Chung-Hoon.[1]",
            "About 3,000 people attended the rally in Porto.[2]",
            "The command called it “unsafe and unprofessional.”[1]",
            "Nobody reads the third page.[3]",
        ],
        &[s.url("/warship"), s.url("/plain"), s.url("/gone")],
    ));
    let live_out = live(dir.path());
    let live_found = cc501(&live_out);
    assert_eq!(live_found.len(), 2, "{}", live_out.stdout);
    let fetch = Run::new()
        .online()
        .args([
            "sources",
            "fetch",
            "article.txt",
            "--into",
            "saved",
            "--allow-private",
        ])
        .current_dir(dir.path())
        .run();
    assert_eq!(fetch.code, 0, "{}", fetch.stderr);
    assert!(fetch.stderr.contains("saved 2 pages"), "{}", fetch.stderr);
    assert!(
        fetch
            .stderr
            .contains(&format!("not saved: {}: HTTP 404", s.url("/gone"))),
        "{}",
        fetch.stderr
    );
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("saved/manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["format"], "citecheck-sources/1");
    assert_eq!(manifest["pages"].as_array().unwrap().len(), 2);
    let before = s.requests().len();
    let saved_out = saved(dir.path(), "saved");
    assert_eq!(s.requests().len(), before, "no request with --sources");
    assert_eq!(cc501(&saved_out), live_found);
}

/// A WARC record: headers (besides type, URI, length) and a block.
fn warc_record(kind: &str, uri: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\nWARC-Date: 2026-11-28T19:00:00Z\r\nWARC-Target-URI: {uri}\r\n{extra}Content-Length: {}\r\n\r\n",
        block.len() as u32 ^ kind.len() as u32,
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn warc_files_are_sources_too() {
    let mut response =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n".to_vec();
    response.extend_from_slice(&html(WARSHIP));
    let resource = b"Officials said 3,000 people attended the rally in Lisbon.".to_vec();
    let mut warc = Vec::new();
    warc.extend(warc_record(
        "response",
        "https://news.example/warship",
        "Content-Type: application/http; msgtype=response\r\n",
        &response,
    ));
    warc.extend(warc_record(
        "resource",
        "https://news.example/rally",
        "Content-Type: text/plain\r\n",
        &resource,
    ));
    let dir = folder(&article(
        &[
            "A Chinese warship came within 50 yards of the USS Chung-Hoon.[1]",
            "About 3,000 people attended the rally in Lisbon.[2]",
        ],
        &[
            "https://news.example/warship".into(),
            "https://news.example/rally".into(),
        ],
    ));
    let gz = dir.path().join("archive.warc.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&warc).unwrap();
    enc.finish().unwrap();
    std::fs::write(dir.path().join("plain.warc"), &warc).unwrap();
    for file in ["archive.warc.gz", "plain.warc"] {
        let out = saved(dir.path(), file);
        let m = messages(&out);
        assert_eq!(m.len(), 1, "{file}: {}", out.stdout);
        assert!(m[0].contains("50 yards"), "{m:?}");
        assert_eq!(out.json()["files"][0]["stats"]["links_checked"], 2);
    }
}

#[test]
fn broken_sources_are_errors_naming_the_file() {
    let dir = folder(&article(
        &["A sentence.[1]"],
        &["https://news.example/a".into()],
    ));
    std::fs::write(
        dir.path().join("bad.warc"),
        b"this is not a warc file at all\r\n\r\n",
    )
    .unwrap();
    let out = saved(dir.path(), "bad.warc");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.warc"), "{}", out.stderr);
    std::fs::create_dir(dir.path().join("saved")).unwrap();
    std::fs::write(dir.path().join("saved/manifest.json"), "{\"format\": 1").unwrap();
    let out = saved(dir.path(), "saved");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("manifest.json"), "{}", out.stderr);
    let out = saved(dir.path(), "missing-folder");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing-folder"), "{}", out.stderr);
    // An article `sources fetch` cannot read is named too.
    let out = Run::new()
        .online()
        .args(["sources", "fetch", "no-such-article.txt", "--into", "out"])
        .current_dir(dir.path())
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-article.txt"), "{}", out.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn offline_with_sources_reads_the_saved_pages() {
    let dir = folder(&article(
        &["A Chinese warship came within 50 yards of the USS Chung-Hoon.[1]"],
        &["https://news.example/warship".to_string()],
    ));
    write_saved(
        dir.path(),
        &[(
            "https://news.example/warship",
            "warship.html",
            HTML,
            &html(WARSHIP),
        )],
    );
    let out = Run::new()
        .args([
            "--format",
            "json",
            "--offline",
            "--sources",
            "saved",
            "article.txt",
        ])
        .current_dir(dir.path())
        .run();
    let m = messages(&out);
    assert_eq!(m.len(), 1, "{}", out.stdout);
    assert!(m[0].contains("50 yards"), "{m:?}");
}

#[test]
fn cc501_is_a_stable_rule_with_an_explanation() {
    let out = Run::new().args(["explain", "unsupported-by-source"]).run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.starts_with("CC501 (unsupported-by-source)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("planned"), "{}", out.stdout);
    assert!(out.stdout.contains("min-overlap"), "{}", out.stdout);
    let rules = Run::new().args(["rules", "--format", "json"]).run();
    let rule = rules
        .json()
        .as_array()
        .and_then(|a| a.iter().find(|r| r["code"] == "CC501").cloned())
        .unwrap_or_else(|| panic!("{}", rules.stdout));
    assert_eq!(rule["status"], "stable");
}
