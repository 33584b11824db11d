//! One settings resolver for every command: `extend` between configuration
//! files, the command line over them, and which configuration a whole run's
//! network settings come from.

mod common;

use common::Run;

/// CC002 (reference 2 is never cited) and CC001 ([3] names nothing).
const ARTICLE: &str = "Claim one.[1] Claim two.[3]\n\nReferences\n1. “One” Example, 2020, https://example.com/1\n2. “Two” Example, 2020, https://example.com/2\n";

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_child_that_sets_only_claims_keeps_its_parents_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "base.toml",
        "[rules]\nignore = [\"CC002\"]\n[claims]\ncoverage = \"sentence\"\n",
    );
    write(
        p,
        "citecheck.toml",
        "extend = \"base.toml\"\n[claims]\ncoverage = \"paragraph\"\n",
    );
    write(p, "a.txt", ARTICLE);
    let out = Run::new()
        .args(["--format", "json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.codes(), vec!["CC001"], "{}", out.stdout);
    let show = Run::new()
        .args(["config", "--show", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.contains("coverage = \"paragraph\""),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("\"CC002\""), "{}", show.stdout);
    assert!(
        !show.stdout.contains("CC002 "),
        "CC002 is not enabled: {}",
        show.stdout
    );
}

#[test]
fn extend_is_relative_to_the_file_that_names_it_and_chains() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "shared/root.toml", "[rules]\nignore = [\"CC001\"]\n");
    write(
        p,
        "shared/mid.toml",
        "extend = \"root.toml\"\n[duplicates]\nmin-words = 6\n",
    );
    write(
        p,
        "project/citecheck.toml",
        "extend = \"../shared/mid.toml\"\n",
    );
    write(p, "project/a.txt", ARTICLE);
    let out = Run::new()
        .args(["--format", "json", "project/a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.codes(), vec!["CC002"], "{}{}", out.stdout, out.stderr);
    // The extending file's list replaces the extended one's.
    write(
        p,
        "project/citecheck.toml",
        "extend = \"../shared/mid.toml\"\n[rules]\nignore = [\"CC002\"]\n",
    );
    let out = Run::new()
        .args(["--format", "json", "project/a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.codes(), vec!["CC001"], "{}{}", out.stdout, out.stderr);
}

#[test]
fn inherited_globs_are_relative_to_the_file_that_wrote_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "base.toml",
        "[rules]\nper-file-ignores = { \"docs/a.txt\" = [\"CC002\"] }\n",
    );
    write(p, "docs/citecheck.toml", "extend = \"../base.toml\"\n");
    write(p, "docs/a.txt", ARTICLE);
    write(p, "docs/b.txt", ARTICLE);
    let out = Run::new()
        .args(["--format", "concise", "docs"])
        .current_dir(p)
        .run();
    assert!(
        !out.stdout.contains("a.txt:5:1: warning[CC002]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("b.txt:5:1: warning[CC002]"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_cycle_of_extends_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "citecheck.toml", "extend = \"other.toml\"\n");
    write(p, "other.toml", "extend = \"citecheck.toml\"\n");
    write(p, "a.txt", ARTICLE);
    let out = Run::new().args(["a.txt"]).current_dir(p).run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("cycle"), "{}", out.stderr);
    assert!(out.stderr.contains("other.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("citecheck.toml"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn errors_in_extended_files_are_diagnostics_naming_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "base.toml", "[claims]\ncoverrage = \"sentence\"\n");
    write(p, "citecheck.toml", "extend = \"base.toml\"\n");
    write(p, "a.txt", ARTICLE);
    let out = Run::new().args(["a.txt"]).current_dir(p).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("base.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("coverrage"), "{}", out.stderr);
    assert!(
        out.stderr.contains("config::invalid"),
        "a miette diagnostic: {}",
        out.stderr
    );
    write(p, "citecheck.toml", "extend = \"missing.toml\"\n");
    let out = Run::new().args(["a.txt"]).current_dir(p).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("citecheck.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("config::extend"), "{}", out.stderr);
}

/// A reference to a closed port on 127.0.0.1: the link stage runs and gets
/// refused at once, which is all these tests need of it.
const LOCAL_LINK: &str =
    "A claim.[1]\n\nReferences\n1. “One” Example, 2020, http://127.0.0.1:9/one\n";

fn link_message(out: &common::Output) -> String {
    common::diagnostics(&out.json())
        .iter()
        .filter(|d| d["code"] == "CC402")
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn network_settings_come_from_the_runs_configuration_and_others_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // The working directory's configuration allows the private address…
    write(
        p,
        "citecheck.toml",
        "[links]\nallow-private = true\nretries = 0\n",
    );
    // …the file's own does not, and differs.
    write(
        p,
        "sub/citecheck.toml",
        "[links]\nretries = 0\ntimeout = \"3s\"\n",
    );
    write(p, "sub/a.txt", LOCAL_LINK);
    let run = |dir: &std::path::Path, extra: &[&str]| {
        Run::new()
            .online()
            .args(["--format", "json", "--no-cache", "--select", "CC402"])
            .args(extra)
            .arg(p.join("sub/a.txt").display().to_string())
            .current_dir(dir)
            .run()
    };
    let out = run(p, &[]);
    // Found by discovery, the run's file is in the checked tree: its
    // allow-private (a network-trust key) is ignored and named.
    assert!(
        link_message(&out).contains("private"),
        "a discovered allow-private is not trusted: {}",
        out.stdout
    );
    assert!(
        out.stderr.contains("`[links] allow-private`")
            && out.stderr.contains("is ignored")
            && out.stderr.contains("citecheck.toml"),
        "the ignored key and its file are named: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("sub/citecheck.toml") && out.stderr.contains("differ"),
        "the file's own [links] is named: {}",
        out.stderr
    );
    // Named with --config, the same file is trusted: its allow-private applies.
    let out = run(p, &["--config", "citecheck.toml"]);
    assert!(!link_message(&out).contains("private"), "{}", out.stdout);
    assert!(!out.stderr.contains("is ignored"), "{}", out.stderr);
    // And the flag sets it whatever the files say.
    let out = run(p, &["--allow-private"]);
    assert!(!link_message(&out).contains("private"), "{}", out.stdout);
    // With --config, that file is the run's configuration: no warning, and
    // its [links] (no allow-private) applies.
    let out = run(p, &["--config", "sub/citecheck.toml"]);
    assert!(link_message(&out).contains("private"), "{}", out.stdout);
    assert!(!out.stderr.contains("differ"), "{}", out.stderr);
}

#[test]
fn command_line_flags_win_over_every_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "citecheck.toml",
        "format = \"concise\"\n[rules]\nselect = [\"CC002\"]\n",
    );
    write(p, "a.txt", ARTICLE);
    let out = Run::new().args(["a.txt"]).current_dir(p).run();
    assert_eq!(
        out.stdout,
        "a.txt:5:1: warning[CC002] reference 2 is never cited\n"
    );
    let out = Run::new()
        .args(["--format", "json", "--select", "CC001", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.codes(), vec!["CC001"]);
    let out = Run::new()
        .args(["--select", "CC999", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: unknown rule selector `CC999`"),
        "{}",
        out.stderr
    );
}

#[test]
fn globs_of_a_config_named_without_a_folder_are_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "citecheck.toml", "exclude = [\"drafts/**\"]\n");
    write(p, "drafts/a.txt", ARTICLE);
    write(p, "b.txt", ARTICLE);
    let out = Run::new()
        .args([
            "--format",
            "concise",
            "--config",
            "citecheck.toml",
            "--force-exclude",
        ])
        .args(["drafts/a.txt", "b.txt"])
        .current_dir(p)
        .run();
    assert!(!out.stdout.contains("drafts/a.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("b.txt:"), "{}", out.stdout);
}
