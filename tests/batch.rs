//! Batch mode: `--stdin-jsonl` reads one record per line and writes one JSON
//! line per record, in order, with error lines for malformed records.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::Run;
use serde_json::Value;

const CITED: &str = "A claim.[1]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";
const BROKEN: &str = "A claim.[2]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";

fn record(id: impl serde::Serialize, text: &str, format: &str) -> String {
    serde_json::json!({ "id": id, "text": text, "format": format }).to_string()
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn codes(line: &Value) -> Vec<String> {
    line["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn one_line_per_record_in_order_with_error_lines() {
    let mut input = String::new();
    for i in 0..40 {
        let text = if i % 3 == 0 { BROKEN } else { CITED };
        input.push_str(&record(format!("doc-{i}"), text, "text"));
        input.push('\n');
        if i == 10 {
            input.push_str("{\"id\": \"bad\", \"text\": \n");
        }
        if i == 20 {
            input.push_str("{\"id\": \"nofmt\", \"text\": \"x\", \"format\": \"rst\"}\n");
        }
    }
    for jobs in ["1", "4"] {
        let out = Run::new()
            .args(["--stdin-jsonl", "--fail-on", "never", "-j", jobs])
            .stdin(input.clone())
            .run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let got = lines(&out.stdout);
        assert_eq!(got.len(), 42, "jobs={jobs}");
        assert_eq!(got[0]["id"], "doc-0");
        // Not JSON, so its id cannot be read.
        assert_eq!(got[11]["id"], Value::Null);
        assert_eq!(got[12]["id"], "doc-11");
        assert_eq!(got[22]["id"], "nofmt");
        assert_eq!(got[41]["id"], "doc-39");
        assert!(got[11]["error"]
            .as_str()
            .unwrap()
            .contains("not a citecheck record"));
        assert_eq!(got[11]["line"], 12);
        assert!(got[22]["error"]
            .as_str()
            .unwrap()
            .contains("unknown format"));
        assert_eq!(codes(&got[0]), vec!["CC001", "CC002"]);
        assert!(codes(&got[1]).is_empty(), "{}", got[1]);
        assert_eq!(got[1]["stats"]["references"], 1);
        // The diagnostic objects are the JSON report's.
        let d = &got[0]["diagnostics"][0];
        for key in [
            "code",
            "rule",
            "severity",
            "message",
            "span",
            "labels",
            "help",
            "reference",
            "url",
        ] {
            assert!(d.get(key).is_some(), "missing {key}: {d}");
        }
        assert_eq!(d["span"]["line"], 1);
    }
}

#[test]
fn diagnostics_match_the_file_report() {
    let seed = common::seed();
    let out = Run::new()
        .args(["--stdin-jsonl", "--fail-on", "never"])
        .stdin(format!("{}\n", record(1, &seed, "text")))
        .run();
    let batch = &lines(&out.stdout)[0];
    let file = Run::new()
        .args(["--format", "json", "--stdin-filename", "seed.txt", "-"])
        .stdin(seed)
        .run()
        .json();
    assert_eq!(batch["diagnostics"], file["files"][0]["diagnostics"]);
    assert_eq!(batch["stats"], file["files"][0]["stats"]);
}

#[test]
fn exit_code_follows_fail_on_and_markdown_is_markdown() {
    let input = format!(
        "{}\n{}\n",
        record("a", BROKEN, "text"),
        record(
            "m",
            "Said so.[^1]\n\n[^1]: “T” P, 2020, https://example.com/t\n",
            "markdown"
        )
    );
    let out = Run::new().arg("--stdin-jsonl").stdin(input.clone()).run();
    assert_eq!(out.code, 1, "CC001 is an error");
    let got = lines(&out.stdout);
    assert_eq!(got[1]["stats"]["citations"], 1);
    assert!(!codes(&got[1]).contains(&"CC001".to_string()), "{}", got[1]);
    let clean = Run::new()
        .arg("--stdin-jsonl")
        .stdin(format!("{}\nnot json\n", record("c", CITED, "text")))
        .run();
    assert_eq!(clean.code, 0, "a malformed record does not fail the run");
    assert_eq!(lines(&clean.stdout).len(), 2);
}

#[test]
fn selection_flags_apply() {
    let out = Run::new()
        .args(["--stdin-jsonl", "--select", "CC002", "--fail-on", "never"])
        .stdin(format!("{}\n", record("a", BROKEN, "text")))
        .run();
    assert_eq!(codes(&lines(&out.stdout)[0]), vec!["CC002"]);
}

#[test]
fn input_is_streamed_not_read_whole() {
    // Answer each line before the next one is written: stdin stays open.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("citecheck"))
        .args(["--stdin-jsonl", "--offline", "-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn citecheck");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for i in 0..3 {
        writeln!(stdin, "{}", record(i, BROKEN, "text")).expect("write a record");
        stdin.flush().expect("flush");
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read an answer");
        let v: Value = serde_json::from_str(&line).expect("JSON line");
        assert_eq!(v["id"], i);
    }
    drop(stdin);
    let status = child.wait().expect("citecheck ends");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn conflicts_with_paths() {
    let out = Run::new()
        .args(["--stdin-jsonl", "fixtures/blinken-beijing.txt"])
        .run();
    assert_eq!(out.code, 2);
}
