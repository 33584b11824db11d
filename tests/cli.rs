//! The command line as users drive it: rules, explain, selection, fail-on,
//! formats, stdin, directory walks and exit codes.

mod common;

use common::{root, Run};

const ARTICLE: &str = "Claim one.[1] Claim two.[3]\n\nReferences\n1. “One” Example, 2020, https://example.com/1\n2. “Two” Example, 2020, https://example.com/2\n";

fn stdin(args: &[&str]) -> common::Output {
    Run::new()
        .args(args)
        .args(["--stdin-filename", "article.txt", "-"])
        .stdin(ARTICLE)
        .run()
}

#[test]
fn rules_lists_every_rule_from_the_registry() {
    let out = Run::new().arg("rules").run();
    assert_eq!(out.code, 0);
    for rule in citecheck::checks::registry::RULES {
        assert!(
            out.stdout.contains(rule.code) && out.stdout.contains(rule.name),
            "{}",
            rule.code
        );
    }
    let json = Run::new().args(["rules", "--format", "json"]).run();
    let rules: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        rules.as_array().unwrap().len(),
        citecheck::checks::registry::RULES.len()
    );
    assert_eq!(rules[0]["code"], "CC001");
    assert_eq!(rules[0]["severity"], "error");
}

/// The README's rule table is the registry's, so the two cannot drift;
/// after a change, paste what this test prints into the README.
#[test]
fn the_readme_lists_the_registry() {
    let readme = include_str!("../README.md");
    let table =
        citecheck::report::rules_table::render_markdown(citecheck::checks::registry::catalogue());
    assert!(
        readme.contains(&table),
        "README.md's rule table differs from the registry; it should read:\n{table}"
    );
}

/// docs/rules/ holds one generated page per rule and an index, nothing
/// else; `CITECHECK_BLESS=1` rewrites them from the registry.
#[test]
fn rule_pages_match_the_registry() {
    use citecheck::report::rules_table::{render_index, render_page};
    let catalogue = citecheck::checks::registry::catalogue();
    let dir = root().join("docs/rules");
    let mut expected: Vec<(String, String)> = catalogue
        .iter()
        .map(|r| (format!("{}.md", r.code), render_page(r)))
        .collect();
    expected.push(("README.md".to_string(), render_index(catalogue)));
    if std::env::var_os("CITECHECK_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut names: Vec<String> = expected.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(
        present, names,
        "docs/rules/ has a page per rule and README.md"
    );
    for (name, text) in &expected {
        let on_disk = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(
            &on_disk, text,
            "docs/rules/{name} differs from the registry; run CITECHECK_BLESS=1 cargo test --test cli rule_pages"
        );
    }
    for r in catalogue.iter() {
        assert!(r.doc_url().ends_with(&format!("/docs/rules/{}.md", r.code)));
    }
}

#[test]
fn explain_by_code_or_name() {
    let by_code = Run::new().args(["explain", "CC001"]).run();
    let by_name = Run::new().args(["explain", "undefined-citation"]).run();
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stdout, by_name.stdout);
    assert!(
        by_code.stdout.contains("[2023]"),
        "the year rule is documented"
    );
    assert!(by_code.stdout.contains("## Example"));
    let unknown = Run::new().args(["explain", "CC999"]).run();
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown rule"));
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(stdin(&["--format", "json"]).code, 1, "CC001 is an error");
    assert_eq!(
        stdin(&["--format", "json", "--ignore", "CC001"]).code,
        0,
        "CC002 is a warning"
    );
    assert_eq!(
        stdin(&[
            "--format",
            "json",
            "--ignore",
            "CC001",
            "--fail-on",
            "warning"
        ])
        .code,
        1
    );
    assert_eq!(stdin(&["--format", "json", "--fail-on", "never"]).code, 0);
    assert_eq!(Run::new().arg("--no-such-flag").run().code, 2);
    assert_eq!(Run::new().run().code, 2, "no paths is a usage error");
}

#[test]
fn select_ignore_and_extend_select() {
    assert_eq!(stdin(&["--format", "json"]).codes(), vec!["CC001", "CC002"]);
    assert_eq!(
        stdin(&["--format", "json", "--select", "CC002"]).codes(),
        vec!["CC002"]
    );
    assert_eq!(
        stdin(&["--format", "json", "--select", "unused-reference"]).codes(),
        vec!["CC002"]
    );
    assert_eq!(
        stdin(&["--format", "json", "--ignore", "CC00"]).codes(),
        Vec::<String>::new()
    );
    assert_eq!(
        stdin(&[
            "--format",
            "json",
            "--select",
            "CC002",
            "--extend-select",
            "CC001"
        ])
        .codes(),
        vec!["CC001", "CC002"]
    );
    let bad = stdin(&["--select", "CC999"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown rule selector `CC999`"));
}

#[test]
fn concise_and_jsonl_shapes() {
    let concise = stdin(&["--format", "concise"]);
    assert_eq!(
        concise.stdout,
        "article.txt:1:25: error[CC001] citation [3] names no reference 3\narticle.txt:5:1: warning[CC002] reference 2 is never cited\n"
    );
    let jsonl = stdin(&["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], "article.txt");
    assert_eq!(lines[0]["code"], "CC001");
    assert_eq!(lines[0]["span"]["line"], 1);
}

#[test]
fn format_from_the_environment() {
    let out = Run::new()
        .env("CITECHECK_FORMAT", "concise")
        .args(["--stdin-filename", "a.txt", "-"])
        .stdin(ARTICLE)
        .run();
    assert!(
        out.stdout.starts_with("a.txt:1:25: error[CC001]"),
        "{}",
        out.stdout
    );
}

#[test]
fn colour_is_off_when_piped_and_on_when_forced() {
    let plain = stdin(&[]);
    assert!(!plain.stdout.contains('\u{1b}'));
    assert!(plain.stdout.contains("CC001 undefined-citation"));
    assert!(plain.stdout.contains("help: add reference 3"));
    let forced = stdin(&["--color", "always"]);
    assert!(forced.stdout.contains('\u{1b}'));
    let never = Run::new()
        .env("NO_COLOR", "1")
        .args(["--stdin-filename", "a.txt", "-"])
        .stdin(ARTICLE)
        .run();
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn quiet_and_statistics() {
    let quiet = stdin(&["--quiet"]);
    assert!(!quiet.stdout.contains("Found"));
    let stats = stdin(&["--statistics"]);
    assert_eq!(
        stats.stdout,
        "     1  CC001  undefined-citation\n     1  CC002  unused-reference\n"
    );
}

#[test]
fn stdin_filename_picks_the_format() {
    let md =
        "A claim.[^a] Code `[9]` is not a marker.\n\n[^a]: “T” P, 2020, https://example.com/t\n";
    let as_md = Run::new()
        .args(["--format", "json", "--stdin-filename", "doc.md", "-"])
        .stdin(md)
        .run();
    assert_eq!(as_md.codes(), Vec::<String>::new());
    assert_eq!(as_md.json()["files"][0]["path"], "doc.md");
}

#[test]
fn directory_walk_honours_gitignore_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("sub")).unwrap();
    std::fs::write(p.join(".gitignore"), "ignored.txt\n").unwrap();
    for name in [
        "b.md",
        "a.txt",
        "ignored.txt",
        "notes.rst",
        "sub/c.markdown",
    ] {
        std::fs::write(p.join(name), "Prose.\n").unwrap();
    }
    let out = Run::new()
        .args(["--format", "json", "."])
        .current_dir(p)
        .run();
    assert_eq!(out.code, 0);
    let paths: Vec<String> = out.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, vec!["./a.txt", "./b.md", "./sub/c.markdown"]);
    // A file named explicitly is checked whatever its extension.
    let explicit = Run::new()
        .args(["--format", "json", "notes.rst"])
        .current_dir(p)
        .run();
    assert_eq!(explicit.json()["summary"]["files"], 1);
}

#[test]
fn sorted_report_across_files() {
    let out = Run::new()
        .args([
            "--format",
            "json",
            "fixtures/rules/CC005",
            "fixtures/rules/CC001",
        ])
        .current_dir(root())
        .run();
    let report = out.json();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for f in report["files"].as_array().unwrap() {
        let starts: Vec<u64> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["span"]["start"].as_u64().unwrap())
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    }
    let s = &report["summary"];
    assert_eq!(s["files"], paths.len());
}

#[test]
fn closest_config_file_wins_and_flags_win_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("sub")).unwrap();
    std::fs::write(p.join("citecheck.toml"), "[rules]\nignore = [\"CC001\"]\n").unwrap();
    std::fs::write(
        p.join("sub/.citecheck.toml"),
        "[rules]\nignore = [\"unused-reference\"]\n",
    )
    .unwrap();
    std::fs::write(p.join("top.txt"), ARTICLE).unwrap();
    std::fs::write(p.join("sub/deep.txt"), ARTICLE).unwrap();
    let out = Run::new()
        .args(["--format", "concise", "."])
        .current_dir(p)
        .run();
    assert_eq!(
        out.stdout,
        "./sub/deep.txt:1:25: error[CC001] citation [3] names no reference 3\n./top.txt:5:1: warning[CC002] reference 2 is never cited\n"
    );
    let none = Run::new()
        .args(["--format", "json", "--no-config", "top.txt"])
        .current_dir(p)
        .run();
    assert_eq!(none.codes(), vec!["CC001", "CC002"]);
    let flag = Run::new()
        .args(["--format", "json", "--select", "CC001", "top.txt"])
        .current_dir(p)
        .run();
    assert_eq!(
        flag.codes(),
        Vec::<String>::new(),
        "the file's ignore still applies to a selected rule"
    );
    let explicit = Run::new()
        .args([
            "--format",
            "json",
            "--config",
            "sub/.citecheck.toml",
            "top.txt",
        ])
        .current_dir(p)
        .run();
    assert_eq!(explicit.codes(), vec!["CC001"]);
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[rules.severity]\nundefined-citation = \"warning\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let out = Run::new()
        .args(["--format", "json", "a.txt"])
        .current_dir(dir.path())
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(
        out.json()["files"][0]["diagnostics"][0]["severity"],
        "warning"
    );
}

#[test]
fn bad_config_names_file_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[claims]\ncoverage = \"sentence\"\nthreshhold = 3\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let out = Run::new()
        .args(["--color", "never", "a.txt"])
        .current_dir(dir.path())
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("citecheck.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("threshhold"), "{}", out.stderr);
    assert!(
        out.stderr.contains(":3:1"),
        "the line of the key: {}",
        out.stderr
    );
}

#[test]
fn explain_reference_url_rules() {
    for (code, needles) in [
        (
            "CC301",
            &[
                "## What it does",
                "Never flagged",
                "[publishers]",
                "citecheck.toml",
            ][..],
        ),
        (
            "CC302",
            &[
                "## What it does",
                "Never flagged",
                "date-info-days",
                "time zone",
            ][..],
        ),
        ("CC303", &["## What it does", "Never flagged", "slug"][..]),
    ] {
        let out = Run::new().args(["explain", code]).run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        for needle in needles {
            assert!(
                out.stdout.contains(needle),
                "{code} lacks {needle}:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let article = "Intro paragraph about the port.[1]\n\nThe port handled 438 million tonnes in 2022, the most in Europe.\n\nReferences\n1. “Port report” Example News, 2023, https://www.example-news.com/port-report\n";
    std::fs::write(p.join("a.txt"), article).unwrap();
    let write = Run::new()
        .args(["--write-baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(
        write.stderr.contains("wrote 1 findings"),
        "{}",
        write.stderr
    );
    // Unchanged: nothing new.
    let same = Run::new()
        .args(["--format", "json", "--baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(same.codes(), Vec::<String>::new());
    // Edit another paragraph and add a new uncited claim: only it reports.
    let edited = article
        .replace(
            "Intro paragraph about the port.[1]",
            "A longer intro paragraph, rewritten, about the busy port.[1]",
        )
        .replace(
            "\n\nReferences",
            "\n\nShips waited 6 days off Rotterdam in March, officials said.\n\nReferences",
        );
    std::fs::write(p.join("a.txt"), edited).unwrap();
    let out = Run::new()
        .args(["--format", "json", "--baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    let report = out.json();
    let diags = common::diagnostics(&report);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("factual sentence"));
    let bad = Run::new()
        .args(["--baseline", "missing.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(bad.code, 2);
}

/// `--baseline` says on stderr how many findings it hid and which of its
/// entries no longer match anything.
#[test]
fn baseline_reports_hidden_and_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let article = "Intro.[1]\n\nThe port handled 438 million tonnes in 2022, the most in Europe.\n\nShips waited 6 days off Rotterdam in March, officials said.\n\nReferences\n1. “Port report” Example News, 2023, https://www.example-news.com/port-report\n";
    std::fs::write(p.join("a.txt"), article).unwrap();
    let write = Run::new()
        .args(["--write-baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    assert!(
        write.stderr.contains("wrote 2 findings"),
        "{}",
        write.stderr
    );
    let same = Run::new()
        .args(["--baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    assert!(
        same.stderr
            .contains("baseline base.json: hid 2 known findings\n"),
        "{}",
        same.stderr
    );
    // One claim fixed (cited): its entry matches nothing now.
    let fixed = article.replace("officials said.", "officials said.[1]");
    std::fs::write(p.join("a.txt"), fixed).unwrap();
    let out = Run::new()
        .args(["--format", "json", "--baseline", "base.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.codes(), Vec::<String>::new());
    assert!(
        out.stderr
            .contains("hid 1 known finding; 1 stale entry, matching nothing now"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("a.txt CC101 "), "{}", out.stderr);
}

#[test]
fn output_file_takes_the_report_and_never_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.txt"), ARTICLE).unwrap();
    let out = Run::new()
        .args(["--format", "json", "-o", "report.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(out.stdout, "", "the report goes to the file");
    let written = std::fs::read_to_string(p.join("report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(report["schema"], "citecheck-report/1");
    assert_eq!(out.code, 1, "the exit code is the same as without -o");
    let human = Run::new()
        .args(["--output-file", "report.txt", "--color", "auto", "a.txt"])
        .current_dir(p)
        .run();
    let text = std::fs::read_to_string(p.join("report.txt")).unwrap();
    assert!(text.contains("CC001") && !text.contains('\u{1b}'), "{text}");
    assert_eq!(human.stdout, "");
    let over = Run::new()
        .args(["-o", "a.txt", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(over.code, 2);
    assert!(
        over.stderr
            .contains("refusing to write the report over a.txt"),
        "{}",
        over.stderr
    );
    assert_eq!(std::fs::read_to_string(p.join("a.txt")).unwrap(), ARTICLE);
    let nowhere = Run::new()
        .args(["-o", "no/such/dir/r.json", "a.txt"])
        .current_dir(p)
        .run();
    assert_eq!(nowhere.code, 2);
    assert!(
        nowhere.stderr.contains("cannot write no/such/dir/r.json"),
        "{}",
        nowhere.stderr
    );
}

/// A report that cannot be written is an error, not a silent success.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_run() {
    let out = Run::new()
        .args([
            "-o",
            "/dev/full",
            "--fail-on",
            "never",
            "--stdin-filename",
            "a.txt",
            "-",
        ])
        .stdin(ARTICLE)
        .run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot write the report to /dev/full"),
        "{}",
        out.stderr
    );
}

#[test]
fn machine_formats_name_unreadable_files_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("bad.txt"), [0xff, 0xfe, 0x00, 0x00, 0x01]).unwrap();
    for format in ["json", "sarif", "jsonl", "github", "concise"] {
        let out = Run::new()
            .args(["--format", format, "bad.txt"])
            .current_dir(p)
            .run();
        assert_eq!(out.code, 2, "{format}");
        assert!(
            out.stderr.contains("error: bad.txt:"),
            "{format}: {}",
            out.stderr
        );
    }
}

#[test]
fn statistics_refuse_formats_without_a_statistics_form() {
    for format in ["sarif", "github"] {
        let out = stdin(&["--statistics", "--format", format]);
        assert_eq!(out.code, 2, "{format}");
        assert!(out.stderr.contains("no "), "{}", out.stderr);
        assert_eq!(out.stdout, "", "{format}");
    }
    assert_eq!(
        stdin(&["--statistics", "--format", "json"]).code,
        1,
        "JSON statistics still work"
    );
}

#[test]
fn exclude_force_exclude_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("drafts")).unwrap();
    std::fs::write(
        p.join("citecheck.toml"),
        "exclude = [\"vendor-*.txt\"]\n[rules.per-file-ignores]\n\"drafts/**\" = [\"CC001\"]\n",
    )
    .unwrap();
    for name in ["a.txt", "vendor-x.txt", "drafts/d.txt"] {
        std::fs::write(p.join(name), ARTICLE).unwrap();
    }
    let walked = Run::new()
        .args(["--format", "concise", "."])
        .current_dir(p)
        .run();
    assert_eq!(
        walked.stdout,
        "./a.txt:1:25: error[CC001] citation [3] names no reference 3\n./a.txt:5:1: warning[CC002] reference 2 is never cited\n./drafts/d.txt:5:1: warning[CC002] reference 2 is never cited\n"
    );
    let named = Run::new()
        .args(["--format", "json", "vendor-x.txt"])
        .current_dir(p)
        .run();
    assert_eq!(
        named.json()["summary"]["files"],
        1,
        "a file named explicitly is checked"
    );
    let forced = Run::new()
        .args(["--format", "json", "--force-exclude", "vendor-x.txt"])
        .current_dir(p)
        .run();
    assert_eq!(forced.json()["summary"]["files"], 0);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Run::new().args(["completions", shell]).run();
        assert_eq!(out.code, 0);
        assert!(out.stdout.contains("citecheck"), "{shell}");
        // --select, --ignore and explain complete rule codes and names
        // (clap's PowerShell script completes flags only).
        if shell != "powershell" {
            for word in ["CC101", "uncited-claim", "CC4"] {
                assert!(out.stdout.contains(word), "{shell}: {word}");
            }
        }
    }
    let man = Run::new().arg("man").run();
    assert!(man.stdout.contains(".TH citecheck 1"));
    assert!(man.stdout.contains("fail\\-on"));
    // Every page citecheck(1) refers to exists.
    assert!(man.stdout.contains("citecheck\\-rules(1)"));
    for (args, title) in [
        (vec!["man", "rules"], ".TH citecheck-rules 1"),
        (vec!["man", "explain"], ".TH citecheck-explain 1"),
        (
            vec!["man", "sources", "fetch"],
            ".TH citecheck-sources-fetch 1",
        ),
    ] {
        let page = Run::new().args(&args).run();
        assert_eq!(page.code, 0, "{args:?}");
        assert!(
            page.stdout.contains(title),
            "{args:?}: {}",
            &page.stdout[..200.min(page.stdout.len())]
        );
    }
    let none = Run::new().args(["man", "nope"]).run();
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("pages: rules, explain"),
        "{}",
        none.stderr
    );
}

#[test]
fn pre_commit_hooks_file_declares_every_hook_for_articles_only() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = hooks.split("\n- id: ").skip(1).collect();
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| e.lines().next().unwrap_or("").trim())
        .collect();
    assert_eq!(
        ids,
        [
            "citecheck",
            "citecheck-offline",
            "citecheck-system",
            "citecheck-offline-system"
        ]
    );
    for (id, entry) in ids.iter().zip(&entries) {
        // pre-commit's `text` tag matches YAML, Python and every config
        // file; articles are `markdown` and `plain-text`.
        assert!(
            entry.contains("types_or: [markdown, plain-text]\n"),
            "{id}: {entry}"
        );
        assert!(entry.contains("require_serial: true"), "{id}");
        let language = if id.ends_with("-system") {
            "language: system"
        } else {
            "language: rust"
        };
        assert!(entry.contains(language), "{id}");
        assert_eq!(entry.contains("--offline"), id.contains("offline"), "{id}");
    }
}

/// `pre-commit try-repo . citecheck --files fixtures/blinken-beijing.txt`,
/// when pre-commit is installed (it builds citecheck with cargo install).
#[test]
fn pre_commit_try_repo() {
    let available = std::process::Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: pre-commit is not on PATH (pip install pre-commit to run this test)");
        return;
    }
    let out = std::process::Command::new("pre-commit")
        .args([
            "try-repo",
            ".",
            "citecheck-offline",
            "--files",
            "fixtures/blinken-beijing.txt",
        ])
        .current_dir(root())
        .output()
        .expect("pre-commit runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("citecheck (offline)"), "{stdout}");
}

#[test]
fn config_show_prints_the_effective_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[rules]\nignore = [\"CC103\"]\n[claims]\ncoverage = \"paragraph\"\n",
    )
    .unwrap();
    let out = Run::new()
        .args(["config", "--show", "."])
        .current_dir(dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("citecheck.toml"), "{}", out.stdout);
    assert!(!out.stdout.contains("CC103 "), "{}", out.stdout);
    assert!(
        out.stdout.contains("coverage = \"paragraph\""),
        "{}",
        out.stdout
    );
    let flags = Run::new()
        .args(["config", "--show", ".", "--no-config"])
        .current_dir(dir.path())
        .run();
    assert!(flags.stdout.contains("none (built-in defaults)"));
}

/// The shipped JSON Schema is the one the types generate, and the README's
/// example validates against it.
#[test]
fn shipped_config_schema_is_current_and_validates_the_readme_example() {
    let generated = citecheck::config::json_schema();
    let shipped = std::fs::read_to_string(root().join("docs/citecheck.schema.json")).unwrap();
    assert_eq!(
        shipped, generated,
        "run `citecheck config --schema > docs/citecheck.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(schema["$id"], citecheck::config::SCHEMA_URL);
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    assert!(
        citecheck::config::SCHEMA_URL
            .contains(&format!("/{repository}/main/docs/citecheck.schema.json")),
        "the schema is published from this repository"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&format!("#:schema {}", citecheck::config::SCHEMA_URL)));
    let validator = jsonschema::validator_for(&schema).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("```toml\n[rules]").unwrap() + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example: toml::Value = toml::from_str(&readme[start..end]).unwrap();
    let as_json = serde_json::to_value(&example).unwrap();
    assert!(
        validator.is_valid(&as_json),
        "{:?}",
        validator
            .iter_errors(&as_json)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    let wrong: serde_json::Value = serde_json::json!({ "claims": { "coverrage": "auto" } });
    assert!(!validator.is_valid(&wrong), "unknown keys are rejected");
}

#[test]
fn format_from_config_and_flag_precedence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), "format = \"concise\"\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let from_file = Run::new().arg("a.txt").current_dir(dir.path()).run();
    assert!(
        from_file.stdout.starts_with("a.txt:1:25: error[CC001]"),
        "{}",
        from_file.stdout
    );
    let flag = Run::new()
        .args(["--format", "jsonl", "a.txt"])
        .current_dir(dir.path())
        .run();
    assert!(flag.stdout.starts_with("{\"path\""), "{}", flag.stdout);
    let env = Run::new()
        .env("CITECHECK_FORMAT", "json")
        .arg("a.txt")
        .current_dir(dir.path())
        .run();
    assert!(env.stdout.starts_with("{\n  \"schema\""), "{}", env.stdout);
}

#[test]
fn each_config_error_names_file_key_and_line() {
    let cases = [
        (
            "[claims]\ncoverage = \"sentence\"\nthreshhold = 3\n",
            "threshhold",
            ":3:1",
        ),
        ("[claims]\nthreshold = \"high\"\n", "invalid type", ":2:"),
        ("[rules]\nignore = [\"CC999\"]\n", "CC999", ":2:"),
        (
            "[duplicates]\nsentence-threshold = 7\n",
            "between 0 and 1",
            ":2:1",
        ),
        ("exclude = [\"a[\"]\n", "invalid glob", ":1:"),
        ("format = \"xml\"\n", "xml", ":1:"),
        ("[nonsense]\n", "nonsense", ":1:"),
    ];
    for (toml, needle, line) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("citecheck.toml"), toml).unwrap();
        std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
        let out = Run::new()
            .args(["--color", "never", "--format", "concise", "a.txt"])
            .current_dir(dir.path())
            .run();
        assert_eq!(out.code, 2, "{toml}");
        assert!(
            out.stderr.contains("citecheck.toml"),
            "{toml}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(needle), "{toml}: {}", out.stderr);
        assert!(out.stderr.contains(line), "{toml}: {}", out.stderr);
    }
}

/// CC304 through a real `citecheck.toml`: "No consensus" only when asked
/// for, and `[sources]` overriding the list both ways.
#[test]
fn sources_configuration_selects_no_consensus_and_overrides_the_list() {
    let article = "Talks began.[1] Talks went on.[2] Talks ended.[3]\n\nReferences\n\
        1. “Turkey welcomes talks” Anadolu Agency, 19 Jun. 2023, https://www.aa.com.tr/en/politics/turkey-welcomes-talks/2925678\n\
        2. “Talks go on in Beijing” RT, 19 Jun. 2023, https://www.rt.com/news/578124-talks-go-on-beijing/\n\
        3. “Talks end in Beijing” Example Gazette, 20 Jun. 2023, https://gazette.example/opinion/talks-end-in-beijing\n";
    let run = |config: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("article.txt"), article).unwrap();
        std::fs::write(dir.path().join("citecheck.toml"), config).unwrap();
        let out = Run::new()
            .args(["--format", "json", "--select", "CC304", "article.txt"])
            .current_dir(dir.path())
            .run();
        common::diagnostics(&out.json())
            .iter()
            .map(|d| {
                (
                    d["reference"].as_u64().unwrap_or(0),
                    d["severity"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    // By default: RT only; Anadolu Agency's entries (No consensus and
    // Generally unreliable) are a mix, which a default run never shows.
    assert_eq!(run(""), vec![(2, "warning".to_string())]);
    assert_eq!(
        run("[sources]\nno-consensus = true\n"),
        vec![(1, "info".to_string()), (2, "warning".to_string())]
    );
    assert_eq!(
        run("[sources]\nreliable = [\"rt.com\"]\nunreliable = [\"gazette.example/opinion\"]\n"),
        vec![(3, "warning".to_string())]
    );
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("article.txt"), article).unwrap();
    std::fs::write(
        bad.path().join("citecheck.toml"),
        "[sources]\nunreliable = [\"not a domain\"]\n",
    )
    .unwrap();
    let out = Run::new()
        .args(["article.txt"])
        .current_dir(bad.path())
        .run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("sources.unreliable"), "{}", out.stderr);
}
