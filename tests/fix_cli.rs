//! `--fix`, `--diff` and `--unsafe-fixes` through the binary: the seed with
//! two references swapped, writing back (permissions, read-only files,
//! symbolic links), standard input, and the JSON `fix` object.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{seed, Run};

/// The seed with its entries 2 and 3 swapped in the list (numbers kept).
fn swapped_seed() -> String {
    let s = seed();
    let a = s.find("2. “Why is US").expect("entry 2");
    let b = s.find("3. “Why U.S.").expect("entry 3");
    let c = s.find("4. “What's").expect("entry 4");
    format!("{}{}{}{}", &s[..a], &s[b..c], &s[a..b], &s[c..])
}

fn run(dir: &Path, args: &[&str]) -> common::Output {
    Run::new()
        .args(["--no-config"])
        .args(args)
        .current_dir(dir)
        .run()
}

/// Each body sentence's markers, as the URLs they cite.
fn cited_urls(text: &str) -> Vec<(String, Vec<String>)> {
    let doc = citecheck::document::parse_text(text, citecheck::source::Format::Text);
    let urls: BTreeMap<u64, String> = doc
        .references
        .iter()
        .filter_map(|r| match (&r.key, &r.url) {
            (Some(citecheck::model::RefKey::Number(n)), Some(u)) => Some((*n, u.text.clone())),
            _ => None,
        })
        .collect();
    doc.sentences
        .iter()
        .map(|s| {
            let cited = s
                .markers
                .iter()
                .flat_map(|&m| match &doc.markers[m].content {
                    citecheck::document::MarkerContent::Numbers(items) => {
                        items.iter().flat_map(|i| i.numbers()).collect::<Vec<_>>()
                    }
                    _ => Vec::new(),
                })
                .map(|n| urls.get(&n).cloned().unwrap_or_default())
                .collect();
            (text[s.span.range()].chars().take(40).collect(), cited)
        })
        .collect()
}

#[test]
fn the_seed_with_two_references_swapped_is_renumbered_and_stays_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.txt");
    let text = swapped_seed();
    std::fs::write(&path, &text).unwrap();

    let diff = run(dir.path(), &["--diff", "seed.txt"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(
        diff.stdout.starts_with("--- a/seed.txt\n+++ b/seed.txt\n"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("\n-3. “Why U.S.") && diff.stdout.contains("\n+2. “Why U.S."),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("relationship.[3]\n"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stderr.contains("would apply 1 fix to 1 file"),
        "{}",
        diff.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "--diff wrote the file"
    );

    let fixed = run(dir.path(), &["--fix", "--format", "json", "seed.txt"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let report = fixed.json();
    assert_eq!(report["files"][0]["fixes_applied"], 1);
    assert!(
        !fixed.codes().contains(&"CC005".to_string()),
        "{:?}",
        fixed.codes()
    );
    assert!(
        fixed.stderr.contains("seed.txt: 1 fix applied"),
        "{}",
        fixed.stderr
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        cited_urls(&after),
        cited_urls(&text),
        "a sentence cites another URL"
    );
    assert_ne!(after, text);
    assert!(after.contains("\n\n2. “Why U.S.") && after.contains("\n\n3. “Why is US"));

    let again = run(dir.path(), &["--diff", "seed.txt"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(again.stdout, "");
}

#[test]
fn fix_keeps_permissions_crlf_and_bom_and_refuses_read_only_files_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Talks went well.[2] They ended late.[1]\r\n\r\nReferences\r\n2. “Talks” Example News, 2 May 2024, https://example.com/talks\r\n1. “Late” Example News, 2 May 2024, https://example.com/late\r\n";
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let out = run(dir.path(), &["--fix", "a.txt"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "\u{feff}Talks went well.[1] They ended late.[2]\r\n\r\nReferences\r\n1. “Talks” Example News, 2 May 2024, https://example.com/talks\r\n2. “Late” Example News, 2 May 2024, https://example.com/late\r\n"
        );
        // A symbolic link is refused, naming it; its target is untouched.
        let target = dir.path().join("b.txt");
        std::fs::write(&target, text).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("link.txt")).unwrap();
        let out = run(dir.path(), &["--fix", "link.txt"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stdout.contains("link.txt") && out.stdout.contains("symbolic link"),
            "{}",
            out.stdout
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    }
    // A read-only file is refused, naming it, and left as it was.
    let ro = dir.path().join("ro.txt");
    std::fs::write(&ro, text).unwrap();
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ro, perms).unwrap();
    let out = run(dir.path(), &["--fix", "ro.txt"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stdout.contains("ro.txt") && out.stdout.contains("read-only"),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), text);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")),
        "{names:?}"
    );
}

#[test]
fn fix_of_stdin_prints_the_fixed_text_and_the_report_on_stderr() {
    let text = "Talks went well.[1,,2]\n\nReferences\n1. “Talks” Example News, 2 May 2024, https://example.com/talks\n2. “Late” Example News, 2 May 2024, https://example.com/late\n";
    let out = Run::new()
        .args(["--no-config", "--fix", "--format", "concise", "-"])
        .stdin(text)
        .run();
    assert_eq!(out.stdout, text.replace("[1,,2]", "[1, 2]"));
    assert!(out.stderr.contains("1 fix applied"), "{}", out.stderr);
    assert!(!out.stderr.contains("CC006"), "{}", out.stderr);
}

#[test]
fn the_json_report_carries_each_fix_and_unsafe_ones_wait_for_the_flag() {
    let text = "Only the first is cited.[1]\n\nReferences\n1. “One” Example News, 2 May 2024, https://example.com/one\n2. “Two” Example News, 2 May 2024, https://example.com/two\n";
    let out = Run::new()
        .args(["--no-config", "--format", "json", "-"])
        .stdin(text)
        .run();
    let d = common::diagnostics(&out.json())
        .into_iter()
        .find(|d| d["code"] == "CC002")
        .expect("CC002");
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["content"], "");
    let span = &d["fix"]["edits"][0]["span"];
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        "2. “Two” Example News, 2 May 2024, https://example.com/two\n"
    );
    // Without --unsafe-fixes nothing changes; with it the entry goes.
    let safe = Run::new()
        .args(["--no-config", "--diff", "-"])
        .stdin(text)
        .run();
    assert_eq!((safe.code, safe.stdout.as_str()), (0, ""));
    let unsafe_ = Run::new()
        .args(["--no-config", "--diff", "--unsafe-fixes", "-"])
        .stdin(text)
        .run();
    assert_eq!(unsafe_.code, 1);
    assert!(unsafe_.stdout.contains("-2. “Two”"), "{}", unsafe_.stdout);
    // SARIF: the same fix as a `fixes` entry.
    let sarif = Run::new()
        .args(["--no-config", "--format", "sarif", "-"])
        .stdin(text)
        .run();
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let result = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "CC002")
        .unwrap()
        .clone();
    let rep = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    // SARIF regions count characters, like its columns.
    let chars = text[..s].chars().count() as u64;
    assert_eq!(rep["deletedRegion"]["charOffset"].as_u64(), Some(chars));
    assert_eq!(rep["insertedContent"]["text"], "");
}

/// A file that changed between the check and the write is not written:
/// the edit someone made meanwhile would be lost.
#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "edited by someone else meanwhile\n").unwrap();
    let err = citecheck::source::write_fixed(&path, "as it was read\n", "fixed text\n")
        .expect_err("a changed file is refused");
    assert!(err.to_string().contains("changed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "edited by someone else meanwhile\n"
    );
    // Unchanged: written, and nothing left behind in the directory.
    std::fs::write(&path, "as it was read\n").unwrap();
    citecheck::source::write_fixed(&path, "as it was read\n", "fixed text\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed text\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A real full disk: a tmpfs of 64 KiB filled to the last byte (Linux, where
/// this test may mount one; elsewhere it says so and checks nothing).
#[cfg(target_os = "linux")]
#[test]
fn fix_on_a_full_disk_names_the_file_and_keeps_it() {
    struct Mounted(std::path::PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (needs root on Linux)");
        return;
    }
    let _guard = Mounted(dir.path().to_owned());
    let text = "Talks went well.[2] They ended late.[1]\n\nReferences\n2. “Talks” Example News, 2 May 2024, https://example.com/talks\n1. “Late” Example News, 2 May 2024, https://example.com/late\n";
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    // Fill every block that is left.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(dir.path().join("filler")).unwrap();
        while filler.write_all(&[b'x'; 512]).is_ok() {}
        while filler.write_all(b"x").is_ok() {}
    }
    let out = run(dir.path(), &["--fix", "a.txt"]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(
        said.contains("a.txt") && said.to_lowercase().contains("space"),
        "{said}"
    );
    assert!(
        out.stdout.contains("1 file failed") && !out.stdout.contains("passed"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "a temporary file was left: {names:?}");
}

#[test]
fn the_summary_says_what_fix_would_fix_until_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Talks went well.[2] They ended late.[1]\n\nReferences\n2. “Talks” Example News, 2 May 2024, https://example.com/talks\n1. “Late” Example News, 2 May 2024, https://example.com/late\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let before = run(dir.path(), &["--offline", "--color", "never", "a.txt"]);
    assert!(
        before
            .stdout
            .contains("1 finding can be fixed with `--fix`."),
        "{}",
        before.stdout
    );
    run(dir.path(), &["--offline", "--fix", "a.txt"]);
    let after = run(dir.path(), &["--offline", "--color", "never", "a.txt"]);
    assert!(!after.stdout.contains("can be fixed"), "{}", after.stdout);
}
