//! The Spark recipe of docs/spark.md, run for real in Spark's local mode
//! when `pyspark` and a Java runtime are installed; skipped, saying so,
//! when they are not.

use std::io::Write;
use std::process::{Command, Stdio};

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn rdd_pipe_in_local_mode() {
    if !available("java", &["-version"]) {
        eprintln!("skipped: no Java runtime (`java -version` failed); Spark needs one");
        return;
    }
    if !available("python3", &["-c", "import pyspark"]) {
        eprintln!("skipped: the pyspark Python module is not installed (`pip install pyspark`)");
        return;
    }
    let cited = "A claim.[1]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";
    let broken = "A claim.[2]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";
    let mut input = String::new();
    for i in 0..30 {
        let text = if i % 2 == 0 { broken } else { cited };
        let record =
            serde_json::json!({ "id": format!("doc-{i:02}"), "text": text, "format": "text" });
        input.push_str(&format!("{record}\n"));
    }
    input.push_str("{\"id\": \"bad\"}\n");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/spark/pipe.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("citecheck"))
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", "python3")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("records written");
    let out = child.wait_with_output().expect("spark job ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "spark job failed:\n{stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 31, "one line per record:\n{stderr}");
    for (i, line) in lines.iter().take(30).enumerate() {
        assert_eq!(line["id"], format!("doc-{i:02}"), "order is kept");
        let codes: Vec<&str> = line["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        if i % 2 == 0 {
            assert_eq!(codes, vec!["CC001", "CC002"], "{line}");
        } else {
            assert!(codes.is_empty(), "{line}");
        }
    }
    assert_eq!(lines[30]["id"], "bad");
    assert!(lines[30]["error"].is_string());
}
