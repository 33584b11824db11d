//! Bad input never panics: it becomes a diagnostic or an error naming the
//! file, and the other files of the run are still checked.

mod common;

use common::{check_stdin, Run};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path.display().to_string()
}

const GOOD: &str = "A claim.[1]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n";

#[test]
fn empty_file_is_clean() {
    let out = check_stdin("empty.txt", "");
    assert_eq!(out.code, 0);
    assert!(out.codes().is_empty());
    assert_eq!(out.json()["files"][0]["stats"]["references"], 0);
}

#[test]
fn no_reference_list() {
    let out = check_stdin("plain.txt", "Just prose with no citations at all.\n");
    assert_eq!((out.code, out.codes().len()), (0, 0));
    let out = check_stdin("cites.txt", "A cited claim.[1]\n");
    assert_eq!(out.codes(), vec!["CC001"]);
    assert!(out.stdout.contains("no reference list"));
}

#[test]
fn binary_and_invalid_utf8_files_are_errors_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let binary = write(&dir, "binary.txt", b"abc\0def");
    let latin1 = write(&dir, "latin1.txt", b"caf\xe9 [1]\n");
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = Run::new()
        .args(["--format", "json", &binary, &latin1, &good])
        .run();
    assert_eq!(out.code, 2, "I/O errors exit 2: {}", out.stdout);
    let report = out.json();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(n))
            .unwrap()
            .clone()
    };
    assert!(by_name("binary.txt")["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert!(by_name("latin1.txt")["error"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert!(by_name("good.txt").get("error").is_none());
    assert_eq!(by_name("good.txt")["stats"]["references"], 1);

    let human = Run::new().args(["--color", "never", &binary, &good]).run();
    assert_eq!(human.code, 2);
    assert!(
        human.stdout.contains("binary.txt: binary file"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("All checks passed (1 file checked). 1 file failed (named above)."),
        "{}",
        human.stdout
    );
}

#[test]
fn missing_path_is_named_and_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.txt", GOOD.as_bytes());
    let out = Run::new()
        .args(["--format", "concise", "no/such/file.txt", &good])
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stdout
            .contains("no/such/file.txt: error: no such file or directory"),
        "{}",
        out.stdout
    );
}

#[test]
fn unreadable_directory_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("a.txt"), GOOD).unwrap();
    write(&dir, "good.txt", GOOD.as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: permissions do not apply, so there is nothing to test.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user can read a mode-000 directory (root)");
        return;
    }
    let out = Run::new()
        .args(["--format", "json"])
        .arg(dir.path().display().to_string())
        .run();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.code, 2);
    let report = out.json();
    let files = report["files"].as_array().unwrap();
    assert!(files
        .iter()
        .any(|f| f["path"].as_str().unwrap().contains("locked") && f["error"].is_string()));
    assert!(files
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("good.txt")));
}

#[test]
fn fifo_is_refused_not_hung_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = Run::new()
        .args(["--format", "concise"])
        .arg(fifo.display().to_string())
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("not a regular file"), "{}", out.stdout);
}

#[test]
fn sixty_megabyte_single_line() {
    // Just under the 64 MiB a single input may have.
    let mut text = String::with_capacity(60 * 1024 * 1024 + 100);
    while text.len() < 60 * 1024 * 1024 {
        text.push_str(
            "Words and more words, said Mr. Smith of the U.S. office; data rose 3.5 percent. ",
        );
    }
    text.push_str("The end.[1]");
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "huge.txt", text.as_bytes());
    // Every sentence repeats the first, so the repeat and claim rules would
    // report each of 750,000 sentences; the structure rules are the point here.
    let out = Run::new()
        .args(["--format", "json", "--select", "CC0", &path])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["files"][0]["stats"]["citations"], 1);
    assert!(report["files"][0]["stats"]["sentences"].as_u64().unwrap() > 700_000);
    assert_eq!(out.codes(), vec!["CC001"]);
    let human = Run::new()
        .args(["--color", "never", "--select", "CC0", &path])
        .run();
    // The snippet is a window of the line, not the 60 MB line itself.
    assert!(
        human.stdout.len() < 4_000,
        "human output is {} bytes",
        human.stdout.len()
    );
    assert!(human.stdout.contains("citation [1]"));
}

#[test]
fn a_line_with_no_spaces_and_huge_numbers() {
    let mut text = "x".repeat(10 * 1024 * 1024);
    text.push_str(" end.[99999999999999999999999]\n");
    let out = check_stdin("long.txt", &text);
    assert_eq!(out.codes(), vec!["CC006"]);
}

const REFERENCE: &str = "1. “T” P, 2020, https://example.com/t\n";

/// Run on a file with a timeout, so a hang fails the test instead of CI.
fn run_with_timeout(args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("citecheck")
        .expect("binary")
        .env("CITECHECK_OFFLINE", "1")
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("citecheck runs")
}

#[test]
fn a_hundred_thousand_markers_in_one_sentence() {
    let mut text = String::from("One sentence cites everything");
    for _ in 0..100_000 {
        text.push_str("[1]");
    }
    text.push_str(".\n\nReferences\n");
    text.push_str(REFERENCE);
    let out = check_stdin("markers.txt", &text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["files"][0]["stats"]["citations"], 100_000);
    assert_eq!(report["files"][0]["stats"]["sentences"], 1);
    // Every marker points at the one reference: nothing to report.
    assert!(out.codes().is_empty(), "{:?}", out.codes());
}

#[test]
fn fifty_thousand_references() {
    let mut text = String::from("A claim.[1] Another claim.[49999]\n\nReferences\n");
    for i in 1..=50_000 {
        text.push_str(&format!(
            "{i}. “Title {i}” Publisher, 2020, https://example.com/{i}\n"
        ));
    }
    let out = check_stdin("refs.txt", &text);
    let report = out.json();
    assert_eq!(report["files"][0]["stats"]["references"], 50_000);
    let codes = out.codes();
    assert_eq!(
        codes.iter().filter(|c| *c == "CC002").count(),
        49_998,
        "every uncited reference is reported once"
    );
    assert!(!codes.contains(&"CC001".to_string()));
}

#[test]
fn deeply_nested_brackets() {
    let depth = 100_000;
    let text = format!(
        "Nested {}1{} claim.[1]\n\nReferences\n{REFERENCE}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    for name in ["nested.txt", "nested.md"] {
        let out = check_stdin(name, &text);
        assert!(out.code == 0 || out.code == 1, "{name}: {}", out.stderr);
        let report = out.json();
        assert_eq!(report["files"][0]["stats"]["references"], 1, "{name}");
    }
    let parens = format!(
        "{}x{} said so.[1]\n\nReferences\n{REFERENCE}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let out = check_stdin("parens.md", &parens);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
}

#[test]
fn every_unicode_line_separator() {
    for sep in [
        "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}", "\r", "\r\n", "\n",
    ] {
        let text = format!(
            "First claim in 2020.[1]{sep}Second claim in 2021.[7]{sep}{sep}Third.[1]\n\nReferences\n{REFERENCE}"
        );
        let out = check_stdin("seps.txt", &text);
        let report = out.json();
        let cc001: Vec<_> = common::diagnostics(&report)
            .into_iter()
            .filter(|d| d["code"] == "CC001")
            .collect();
        assert_eq!(cc001.len(), 1, "separator {sep:?}: {}", out.stdout);
        let at = text.find("[7]").expect("marker");
        assert_eq!(cc001[0]["span"]["start"], at, "separator {sep:?}");
        assert_eq!(cc001[0]["span"]["end"], at + 3, "separator {sep:?}");
    }
}

#[test]
fn mixed_line_endings() {
    let text = format!(
        "Para one claim.[1]\r\nStill para one.[1]\n\r\nPara two in 2020.[8]\r\rPara three.[1]\n\nReferences\r\n{}",
        REFERENCE.replace('\n', "\r\n")
    );
    let out = check_stdin("mixed.txt", &text);
    let report = out.json();
    assert_eq!(
        report["files"][0]["stats"]["references"], 1,
        "{}",
        out.stdout
    );
    let d = common::diagnostics(&report);
    let cc001: Vec<_> = d.iter().filter(|d| d["code"] == "CC001").collect();
    assert_eq!(cc001.len(), 1, "{}", out.stdout);
    let at = text.find("[8]").expect("marker");
    assert_eq!(cc001[0]["span"]["start"], at);
    // Lines count LF and CRLF endings: the marker is on line 4.
    assert_eq!(cc001[0]["span"]["line"], 4);
}

#[test]
fn a_device_file_is_refused_by_name() {
    if !std::path::Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero");
        return;
    }
    let out = run_with_timeout(&["--format", "concise", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("/dev/zero: error: not a regular file"),
        "{stdout}"
    );
}

#[test]
fn a_fifo_in_a_walked_directory_is_skipped_and_a_named_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "good.txt", GOOD.as_bytes());
    let fifo = dir.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let root = dir.path().display().to_string();
    let out = run_with_timeout(&["--format", "json", &root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["files"], 1);
    let named = fifo.display().to_string();
    let out = run_with_timeout(&["--format", "concise", &root, &named]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{named}: error: not a regular file")),
        "{stdout}"
    );
}

#[test]
fn symlink_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "good.txt", GOOD.as_bytes());
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("up")).unwrap();
    std::os::unix::fs::symlink("self.txt", dir.path().join("self.txt")).unwrap();
    let root = dir.path().display().to_string();
    let out = run_with_timeout(&["--format", "json", &root]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("good.txt")), "{paths:?}");
    assert_eq!(out.status.code(), Some(0), "{paths:?}");
    // Named explicitly, the self-referential link is an error naming it.
    let looped = dir.path().join("self.txt").display().to_string();
    let out = run_with_timeout(&["--format", "concise", &looped]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with(&format!("{looped}: error:")), "{stdout}");
}

#[test]
fn a_file_that_vanishes_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "good.txt", GOOD.as_bytes());
    let gone = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("deleted.txt"), &gone).unwrap();
    let named = gone.display().to_string();
    let good = dir.path().join("good.txt").display().to_string();
    let out = run_with_timeout(&["--format", "concise", &named, &good]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{named}: error: no such file or directory")),
        "{stdout}"
    );
}

#[test]
fn files_that_change_and_vanish_while_the_run_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(&dir, &format!("a{i:03}.txt"), GOOD.as_bytes());
    }
    let root = dir.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        let root = root.clone();
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in (0..300).step_by(7) {
                    let p = root.join(format!("a{i:03}.txt"));
                    if n % 2 == 0 {
                        let _ = std::fs::remove_file(&p);
                    } else {
                        let long = GOOD.repeat((n % 50) as usize + 1);
                        let _ = std::fs::write(&p, long);
                    }
                }
                n += 1;
            }
        })
    };
    let mut outcomes = Vec::new();
    for jobs in ["1", "4"] {
        let out = run_with_timeout(&["--format", "json", "-j", jobs, &root.display().to_string()]);
        outcomes.push(out);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    for out in outcomes {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(matches!(out.status.code(), Some(0..=2)), "{stderr}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        for f in report["files"].as_array().unwrap() {
            // Every entry is either checked or an error naming its file.
            assert!(f["path"].as_str().unwrap().contains(".txt"));
            if let Some(e) = f.get("error") {
                assert!(e.as_str().unwrap().contains("no such file"), "{e}");
            }
        }
    }
}

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        write(
            &dir,
            &format!("a{i:03}.txt"),
            "A claim.[2]\n\nReferences\n1. “T” P, 2020, https://example.com/t\n".as_bytes(),
        );
    }
    for format in ["human", "json", "concise"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("citecheck"))
            .args(["--format", format, "--offline"])
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("citecheck ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(stderr.trim().is_empty(), "{format}: {stderr}");
        assert!(out.status.code().is_some(), "{format}: killed by a signal");
    }
}
