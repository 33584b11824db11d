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
        human.stdout.contains("1 file could not be read"),
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
fn fifty_megabyte_single_line() {
    let mut text = String::with_capacity(50 * 1024 * 1024 + 100);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(
            "Words and more words, said Mr. Smith of the U.S. office; data rose 3.5 percent. ",
        );
    }
    text.push_str("The end.[1]");
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "huge.txt", text.as_bytes());
    // Every sentence repeats the first, so the repeat and claim rules would
    // report each of 600,000 sentences; the structure rules are the point here.
    let out = Run::new()
        .args(["--format", "json", "--select", "CC0", &path])
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["files"][0]["stats"]["citations"], 1);
    assert!(report["files"][0]["stats"]["sentences"].as_u64().unwrap() > 600_000);
    assert_eq!(out.codes(), vec!["CC001"]);
    let human = Run::new()
        .args(["--color", "never", "--select", "CC0", &path])
        .run();
    // The snippet is a window of the line, not the 50 MB line itself.
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
