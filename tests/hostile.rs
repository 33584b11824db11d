//! Hostile input (issue 20): saved sources, configurations, WARC files,
//! pages and baselines built to crash, stall, leak or mislead a run. Each
//! must end in a clear error or an honest finding. Network cases use
//! servers on 127.0.0.1 inside the test; no test touches any other address.

mod common;
#[path = "common/server.rs"]
mod server;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use common::Output;

/// Run the binary in `dir` with a generous timeout: a hang is a failure of
/// the test, not of the suite.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("citecheck").expect("the citecheck binary is built");
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CITECHECK_FORMAT")
        .env_remove("CITECHECK_OFFLINE")
        .timeout(Duration::from_secs(120));
    let out = cmd.output().expect("citecheck runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `mkfifo path`, or false where there is no mkfifo.
fn mkfifo(path: &Path) -> bool {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    let ok = made.is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: mkfifo is not available");
    }
    ok
}

const ARTICLE: &str = "The command called the manoeuvre “unsafe and unprofessional.”[1]\n\n\
References\n1. “Story” Example News, 4 Jun. 2023, https://news.example/warship\n";

/// A folder with `article.txt` and a saved-sources folder `saved/` whose
/// manifest names `pages/e.txt` (not written: each test makes it).
fn sources_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(saved.join("pages")).unwrap();
    let manifest = serde_json::json!({"format": "citecheck-sources/1", "pages": [
        {"url": "https://news.example/warship", "file": "pages/e.txt", "content-type": "text/plain"}
    ]});
    std::fs::write(saved.join("manifest.json"), manifest.to_string()).unwrap();
    dir
}

fn with_sources(dir: &Path) -> Output {
    run_in(
        dir,
        &["--format", "json", "--sources", "saved", "article.txt"],
    )
}

#[cfg(unix)]
#[test]
fn a_saved_page_linked_outside_its_folder_is_refused_not_quoted() {
    let dir = sources_folder();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("environ");
    std::fs::write(&secret, "unsafe and unprofessional SECRET_TOKEN=hunter2").unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("saved/pages/e.txt")).unwrap();
    let out = with_sources(dir.path());
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("outside the folder"), "{}", out.stderr);
    assert!(!out.stdout.contains("hunter2"), "{}", out.stdout);
    // A link to a device is refused the same way, before anything is read.
    std::fs::remove_file(dir.path().join("saved/pages/e.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("saved/pages/e.txt")).unwrap();
    let out = with_sources(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("outside the folder"), "{}", out.stderr);
    // A link that stays inside the folder is fine.
    std::fs::remove_file(dir.path().join("saved/pages/e.txt")).unwrap();
    std::fs::write(
        dir.path().join("saved/pages/real.txt"),
        "The command called the manoeuvre unsafe and unprofessional.",
    )
    .unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("saved/pages/e.txt")).unwrap();
    let out = with_sources(dir.path());
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
}

#[cfg(unix)]
#[test]
fn fifos_in_saved_sources_and_baselines_are_refused_not_waited_on() {
    let dir = sources_folder();
    if !mkfifo(&dir.path().join("saved/pages/e.txt")) {
        return;
    }
    let out = with_sources(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    assert!(out.stderr.contains("e.txt"), "{}", out.stderr);

    std::fs::remove_file(dir.path().join("saved/manifest.json")).unwrap();
    assert!(mkfifo(&dir.path().join("saved/manifest.json")));
    let out = with_sources(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("manifest.json"), "{}", out.stderr);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);

    assert!(mkfifo(&dir.path().join("baseline.json")));
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            "article.txt",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
}

#[test]
fn a_fifo_as_the_configuration_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    if !mkfifo(&dir.path().join("citecheck.toml")) {
        return;
    }
    // Found by discovery, it is not a configuration file (only regular
    // files are) and the run goes on; named with --config, it is an error.
    let out = run_in(dir.path(), &["--offline", "article.txt"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = run_in(
        dir.path(),
        &["--offline", "--config", "citecheck.toml", "article.txt"],
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(
        said.contains("citecheck.toml") && said.contains("not a regular file"),
        "{said}"
    );
    // And one it extends.
    std::fs::remove_file(dir.path().join("citecheck.toml")).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "extend = \"base.toml\"\n",
    )
    .unwrap();
    assert!(mkfifo(&dir.path().join("base.toml")));
    let out = run_in(dir.path(), &["--offline", "article.txt"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(
        said.contains("base.toml") && said.contains("not a regular file"),
        "{said}"
    );
}

#[test]
fn a_saved_page_above_the_body_cap_is_refused() {
    let dir = sources_folder();
    let big = vec![b'a'; 4 * 1024 * 1024 + 1];
    std::fs::write(dir.path().join("saved/pages/e.txt"), big).unwrap();
    let out = with_sources(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
}

/// Each configuration a run must refuse (exit 2), and a word the message
/// must hold.
#[test]
fn numeric_keys_out_of_range_are_refused_naming_the_key() {
    let cases = [
        (
            "[links]\nper-host = 4611686018427387904\n",
            "links.per-host",
        ),
        ("[links]\nper-host = 5000\n", "links.per-host"),
        ("[links]\nconcurrency = 100000\n", "links.concurrency"),
        (
            "[links]\nmax-body-bytes = 1099511627776\n",
            "links.max-body-bytes",
        ),
        ("[links]\ntimeout = 1000000000000\n", "timeout"),
        ("[links]\nretry-backoff = \"30d\"\n", "links.retry-backoff"),
        (
            "[duplicates]\nnear-sentence-threshold = 7.5\n",
            "near-sentence-threshold",
        ),
        ("[claims]\nthreshold = nan\n", "claims.threshold"),
        ("[claims]\nthreshold = inf\n", "claims.threshold"),
        ("[claims]\nthreshold = -1.0\n", "claims.threshold"),
        (
            "[duplicates]\nmin-words = 9223372036854775807\n",
            "min-words",
        ),
    ];
    for (config, key) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
        std::fs::write(dir.path().join("citecheck.toml"), config).unwrap();
        let out = run_in(
            dir.path(),
            &["--offline", "--format", "json", "article.txt"],
        );
        assert_eq!(out.code, 2, "{config}: {}\n{}", out.stdout, out.stderr);
        // miette wraps the message: compare without the wrapping.
        let flat: String = out
            .stderr
            .split_whitespace()
            .filter(|w| *w != "|")
            .collect();
        assert!(flat.contains(key), "{config}: {}", out.stderr);
    }
}

/// A WARC file `name` holding `bytes` in a folder with `article.txt`.
fn warc_folder(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

fn warc_record(length: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2026-11-28T19:00:00Z\r\nWARC-Target-URI: https://news.example/warship\r\nContent-Type: text/plain\r\nContent-Length: {length}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn a_warc_record_claiming_u64_max_bytes_is_an_error_not_a_panic() {
    let good = warc_record("25", b"unsafe and unprofessional");
    let bytes = [good, warc_record("18446744073709551615", b"x")].concat();
    let dir = warc_folder("a.warc", &bytes);
    let out = run_in(
        dir.path(),
        &["--format", "json", "--sources", "a.warc", "article.txt"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("a.warc"), "{}", out.stderr);
    assert!(out.stderr.contains("record 2"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn a_truncated_warc_or_trailing_garbage_is_an_error_naming_the_record() {
    let good = warc_record("25", b"unsafe and unprofessional");
    let mut cut = good.clone();
    cut.truncate(good.len() - 10);
    for (bytes, says) in [
        ([good.clone(), cut].concat(), "record 2: truncated"),
        (
            [good.clone(), b"<html>junk</html>\r\n".to_vec()].concat(),
            "trailing garbage",
        ),
    ] {
        let dir = warc_folder("a.warc", &bytes);
        let out = run_in(
            dir.path(),
            &["--format", "json", "--sources", "a.warc", "article.txt"],
        );
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("a.warc"), "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
    }
    // The good record alone reads.
    let dir = warc_folder("a.warc", &good);
    let out = run_in(
        dir.path(),
        &["--format", "json", "--sources", "a.warc", "article.txt"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// A page of 80,000 nested `<b>` (and 40,000 `<div>`) around the sentence.
fn deep_page() -> Vec<u8> {
    let mut html = String::from("<html><head><title>Story</title></head><body>");
    html.push_str(&"<b>".repeat(80_000));
    html.push_str("The command called the manoeuvre unsafe and unprofessional.");
    html.push_str(&"</b>".repeat(80_000));
    html.push_str(&"<div>".repeat(40_000));
    html.push_str("</body></html>");
    html.into_bytes()
}

const LINKS: &str =
    "[links]\nretries = 0\ntimeout = \"20s\"\narchive = false\nsoft-404-probe = false\n";

#[test]
fn a_deeply_nested_page_is_read_over_http_and_from_sources() {
    let s = server::Server::start(|_, path, _| match path {
        "/deep" => server::Reply::Answer {
            status: 200,
            headers: vec![("content-type", "text/html; charset=utf-8".into())],
            body: deep_page(),
        },
        _ => server::reply(200, "<html><body><p>Other page.</p></body></html>"),
    });
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "The command called the manoeuvre “unsafe and unprofessional.”[1] Officials said 150 ships took part.[2]\n\n\
         References\n1. “Story” Example News, 4 Jun. 2023, {}\n2. “Other” Example News, 4 Jun. 2023, {}\n",
        s.url("/deep"),
        s.url("/other")
    );
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), LINKS).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "article.txt",
        ],
    );
    assert!(
        out.code == 0 || out.code == 1,
        "{}\n{}",
        out.code,
        out.stderr
    );
    let found: Vec<(String, String)> = common::diagnostics(&out.json())
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["url"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // The deep page was read (its quotation is there), and neither link
    // went unverified.
    assert!(
        !found
            .iter()
            .any(|(c, u)| c == "CC501" && *u == s.url("/deep")),
        "{}",
        out.stdout
    );
    assert!(!found.iter().any(|(c, _)| c == "CC402"), "{}", out.stdout);
    assert_eq!(out.json()["files"][0]["stats"]["links_checked"], 2);

    let saved = dir.path().join("saved");
    std::fs::create_dir_all(saved.join("pages")).unwrap();
    std::fs::write(saved.join("pages/e.html"), deep_page()).unwrap();
    let manifest = serde_json::json!({"format": "citecheck-sources/1", "pages": [
        {"url": s.url("/deep"), "file": "pages/e.html"}
    ]});
    std::fs::write(saved.join("manifest.json"), manifest.to_string()).unwrap();
    let out = run_in(
        dir.path(),
        &["--format", "json", "--sources", "saved", "article.txt"],
    );
    assert!(
        out.code == 0 || out.code == 1,
        "{}\n{}",
        out.code,
        out.stderr
    );
    out.json();
}

#[test]
fn write_baseline_refuses_unreadable_inputs_and_writing_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--offline",
            "--write-baseline",
            "b.json",
            "article.txt",
            "missing.txt",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
    assert!(!dir.path().join("b.json").exists());

    let out = run_in(
        dir.path(),
        &[
            "--offline",
            "--write-baseline",
            "article.txt",
            "article.txt",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("refusing"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("article.txt")).unwrap(),
        ARTICLE
    );
}

#[cfg(unix)]
#[test]
fn write_baseline_keeps_the_mode_and_the_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "{}").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("real.json", dir.path().join("b.json")).unwrap();
    let out = run_in(
        dir.path(),
        &["--offline", "--write-baseline", "b.json", "article.txt"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("b.json")).unwrap();
    assert!(link.file_type().is_symlink());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(std::fs::read_to_string(&real).unwrap().contains("findings"));
}

#[test]
fn proxy_variables_are_ignored_so_the_private_address_check_holds() {
    let proxy = server::Server::start(|_, _, _| server::reply(200, "<p>proxied</p>"));
    let target = server::Server::start(|_, _, _| server::reply(200, "<p>direct</p>"));
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "A claim.[1] Another claim.[2]\n\nReferences\n1. “A” Example News, 4 Jun. 2023, http://localhost:9/secret\n2. “B” Example News, 4 Jun. 2023, {}\n",
        target.url("/page")
    );
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), LINKS).unwrap();
    let proxy_url = format!("http://{}", proxy.addr);
    let mut cmd = Command::cargo_bin("citecheck").unwrap();
    cmd.args(["--format", "json", "--no-cache", "article.txt"])
        .current_dir(dir.path())
        .env_remove("CITECHECK_OFFLINE")
        .env("HTTP_PROXY", &proxy_url)
        .env("http_proxy", &proxy_url)
        .env("HTTPS_PROXY", &proxy_url)
        .env("ALL_PROXY", &proxy_url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .timeout(Duration::from_secs(120));
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
    assert!(
        target.requests().is_empty(),
        "private without --allow-private"
    );
    assert!(stdout.contains("CC402"), "{stdout}");
}

#[test]
fn a_result_cached_with_allow_private_is_not_served_without_it() {
    let s = server::Server::start(|_, _, _| server::reply(404, "gone"));
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "A claim.[1]\n\nReferences\n1. “A” Example News, 4 Jun. 2023, {}\n",
        s.url("/gone")
    );
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), LINKS).unwrap();
    let codes = |out: &Output| -> Vec<String> {
        common::diagnostics(&out.json())
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .filter(|c| c.starts_with("CC4"))
            .collect()
    };
    let args = ["--format", "json", "--cache-dir", "cache", "article.txt"];
    let with = run_in(dir.path(), &[&["--allow-private"][..], &args].concat());
    assert_eq!(codes(&with), ["CC401"], "{}", with.stdout);
    let sent = s.requests().len();
    let without = run_in(dir.path(), &args);
    assert_eq!(codes(&without), ["CC402"], "{}", without.stdout);
    assert_eq!(s.requests().len(), sent, "refused before any request");
    // The allowed run still has its own entry.
    let again = run_in(dir.path(), &[&["--allow-private"][..], &args].concat());
    assert_eq!(codes(&again), ["CC401"], "{}", again.stdout);
    assert_eq!(s.requests().len(), sent, "served from the cache");
}

#[test]
fn escape_sequences_from_a_page_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("article.txt"),
        "A Chinese warship came within 50 yards of the USS Chung-Hoon, the US Indo-Pacific Command said.[1]\n\n\
         References\n1. “Story” Example News, 4 Jun. 2023, https://news.example/warship\n",
    )
    .unwrap();
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(saved.join("pages")).unwrap();
    std::fs::write(
        saved.join("pages/e.txt"),
        "A Chinese warship \u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31msailed within 150 yards of the USS Chung-Hoon in the Taiwan Strait, the US Indo-Pacific Command said.",
    )
    .unwrap();
    let manifest = serde_json::json!({"format": "citecheck-sources/1", "pages": [
        {"url": "https://news.example/warship", "file": "pages/e.txt", "content-type": "text/plain"}
    ]});
    std::fs::write(saved.join("manifest.json"), manifest.to_string()).unwrap();
    for format in ["human", "concise", "narrated"] {
        let out = run_in(
            dir.path(),
            &[
                "--format",
                format,
                "--color",
                "never",
                "--sources",
                "saved",
                "article.txt",
            ],
        );
        assert!(out.stdout.contains("CC501"), "{format}: {}", out.stdout);
        assert!(!out.stdout.contains('\u{1b}'), "{format}: {:?}", out.stdout);
        assert!(!out.stdout.contains('\u{7}'), "{format}: {:?}", out.stdout);
    }
}

#[test]
fn cr_only_line_endings_read_like_any_other() {
    let lf = "Officials met in Beijing on Sunday.[1] Talks went on for hours.[2]\n\nReferences\n1. “Talks” Example News, 4 Jun. 2023, https://news.example/a\n2. “More talks” Example News, 4 Jun. 2023, https://news.example/b\n";
    let codes = |text: &str| {
        let out = common::check_stdin("article.txt", text);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        out.codes()
    };
    let want = codes(lf);
    assert!(!want.contains(&"CC001".to_string()), "{want:?}");
    assert_eq!(codes(&lf.replace('\n', "\r")), want);
    assert_eq!(codes(&lf.replace('\n', "\r\n")), want);
}

#[test]
fn cr_only_files_report_the_lines_an_lf_file_does() {
    let lf = "Officials met in Beijing on Sunday.\n\nTalks went on for hours in 2023 with 40 officials.[3]\n\nReferences\n1. “Talks” Example News, 4 Jun. 2023, https://news.example/a\n";
    let lines = |text: &str| -> Vec<(String, u64, u64)> {
        let out = common::check_stdin("article.txt", text);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        common::diagnostics(&out.json())
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["span"]["line"].as_u64().unwrap_or(0),
                    d["span"]["end_line"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let want = lines(lf);
    assert!(want.iter().any(|(_, line, _)| *line > 1), "{want:?}");
    assert_eq!(lines(&lf.replace('\n', "\r")), want);
    assert_eq!(lines(&lf.replace('\n', "\r\n")), want);
}

#[test]
fn utf16_files_are_named_as_utf16_not_binary() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("article.txt"), bytes).unwrap();
    let out = run_in(
        dir.path(),
        &["--offline", "--format", "json", "article.txt"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("UTF-16 is not supported, convert it to UTF-8"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("binary"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn running_out_of_file_descriptors_is_an_error_of_the_run_not_cc402() {
    let s = server::Server::start(|_, _, _| {
        server::Reply::Slow(
            Duration::from_millis(300),
            Box::new(server::reply(200, "<p>fine</p>")),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut refs = String::from("\nReferences\n");
    for i in 1..=120 {
        text.push_str(&format!("Claim {i}.[{i}] "));
        refs.push_str(&format!(
            "{i}. “Page {i}” Example News, 4 Jun. 2023, {}\n",
            s.url(&format!("/p{i}"))
        ));
    }
    text.push('\n');
    text.push_str(&refs);
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{LINKS}concurrency = 100\nper-host = 100\n"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("citecheck");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 48 && exec \"$0\" \"$@\"")
        .arg(&bin)
        .args([
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "article.txt",
        ])
        .current_dir(dir.path())
        .env_remove("CITECHECK_OFFLINE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stderr}\n{stdout}");
    assert!(stderr.contains("open files"), "{stderr}");
    assert!(!stdout.contains("CC402"), "{stdout}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_to_a_full_standard_output_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    for format in ["human", "json"] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("citecheck"))
            .args([
                "--offline",
                "--fail-on",
                "never",
                "--format",
                format,
                "article.txt",
            ])
            .current_dir(dir.path())
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
        assert!(stderr.contains("cannot write the report"), "{stderr}");
    }
}

#[test]
fn a_chain_of_slow_redirects_shares_one_deadline() {
    // Eleven hops, each answering in 0.6 s under a 1 s timeout and no
    // retries: each hop alone is in time, the chain is not.
    let s = server::Server::start(|_, path, _| {
        let n: usize = path.trim_start_matches("/r").parse().unwrap_or(99);
        let reply = if n < 11 {
            server::redirect(302, &format!("/r{}", n + 1))
        } else {
            server::reply(200, "<p>the end</p>")
        };
        server::Reply::Slow(Duration::from_millis(600), Box::new(reply))
    });
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "A claim.[1]\n\nReferences\n1. “A” Example News, 4 Jun. 2023, {}\n",
        s.url("/r0")
    );
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nretries = 0\ntimeout = \"1s\"\nmax-redirects = 20\narchive = false\nsoft-404-probe = false\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "article.txt",
        ],
    );
    let codes: Vec<String> = common::diagnostics(&out.json())
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .filter(|c| c.starts_with("CC4"))
        .collect();
    assert_eq!(codes, ["CC402"], "{}", out.stdout);
    assert!(s.requests().len() < 11, "{:?}", s.requests());
}

/// A file name that is not UTF-8 (Linux allows any bytes) is checked when
/// named, as when walked; the report shows it lossily.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_can_be_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"a\xff.txt");
    if std::fs::write(dir.path().join(name), ARTICLE).is_err() {
        eprintln!("skipped: this file system refuses non-UTF-8 names");
        return;
    }
    let mut cmd = Command::cargo_bin("citecheck").expect("the citecheck binary is built");
    cmd.args(["--offline", "--no-config", "--format", "concise"])
        .arg(name)
        .current_dir(dir.path())
        .env_remove("CITECHECK_FORMAT")
        .timeout(Duration::from_secs(120));
    let out = cmd.output().expect("citecheck runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("a\u{fffd}.txt:4:12: warning[CC301]"),
        "{stdout}{stderr}"
    );
}

/// Servers on `n` ports of 127.0.0.1 (so `n` origins) that speak HTTP/1.1
/// with keep-alive and count the connections open at once over all of them
/// (now, most at once, accepted in all).
struct Origins {
    ports: Vec<u16>,
    open: std::sync::Arc<[std::sync::atomic::AtomicUsize; 3]>,
}

impl Origins {
    fn start(n: usize) -> Origins {
        Origins::start_answering_after(n, std::time::Duration::ZERO)
    }

    /// Servers that answer each request after `delay`.
    fn start_answering_after(n: usize, delay: std::time::Duration) -> Origins {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering::SeqCst;
        let open: std::sync::Arc<[std::sync::atomic::AtomicUsize; 3]> = Default::default();
        let mut ports = Vec::new();
        for _ in 0..n {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            ports.push(listener.local_addr().unwrap().port());
            let open = open.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let open = open.clone();
                    let now = open[0].fetch_add(1, SeqCst) + 1;
                    open[1].fetch_max(now, SeqCst);
                    open[2].fetch_add(1, SeqCst);
                    std::thread::spawn(move || {
                        let mut reader = BufReader::new(stream.try_clone().unwrap());
                        let mut out = stream;
                        'conn: loop {
                            let mut head = Vec::new();
                            loop {
                                let mut line = String::new();
                                match reader.read_line(&mut line) {
                                    Ok(0) | Err(_) => break 'conn,
                                    Ok(_) if line == "\r\n" => break,
                                    Ok(_) => head.push(line.to_ascii_lowercase()),
                                }
                            }
                            std::thread::sleep(delay);
                            let body =
                                "<html><head><title>Story</title></head><body>Text.</body></html>";
                            let close = head.iter().any(|l| l.starts_with("connection: close"));
                            let mut reply = format!(
                                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n",
                                body.len()
                            );
                            if !head.first().is_some_and(|l| l.starts_with("head ")) {
                                reply.push_str(body);
                            }
                            if out.write_all(reply.as_bytes()).is_err() || close {
                                break;
                            }
                        }
                        open[0].fetch_sub(1, SeqCst);
                    });
                }
            });
        }
        Origins { ports, open }
    }

    /// The most connections that were open at once.
    fn peak(&self) -> usize {
        self.open[1].load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The connections accepted in all.
    fn accepted(&self) -> usize {
        self.open[2].load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[test]
fn a_run_over_several_hosts_reuses_each_hosts_connections() {
    // Twelve URLs on each of four origins, listed (and sorted) origin by
    // origin, eight requests at once: started in that order, each origin's
    // requests would go out together, each on a connection of its own,
    // used once.
    let origins = Origins::start_answering_after(4, std::time::Duration::from_millis(40));
    let mut text = String::new();
    let mut refs = String::from("\nReferences\n");
    let mut n = 0;
    for port in &origins.ports {
        for page in 0..12 {
            n += 1;
            text.push_str(&format!("Claim number {n} is here.[{n}]\n\n"));
            refs.push_str(&format!(
                "{n}. “Story” Example News, 4 Jun. 2023, http://127.0.0.1:{port}/story-{page}\n"
            ));
        }
    }
    text.push_str(&refs);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nretries = 0\ntimeout = \"20s\"\narchive = false\nsoft-404-probe = false\nconcurrency = 8\nper-host = 8\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "--select",
            "CC401,CC402",
            "article.txt",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    // Two at a time per origin, on connections it keeps: a few per origin
    // (a connection may be opened while one is being handed back), not one
    // per request (it was 46 of 48).
    assert!(
        origins.accepted() <= 24,
        "{} connections for 48 requests",
        origins.accepted()
    );
}

#[test]
fn a_run_over_many_hosts_does_not_keep_a_connection_per_host() {
    let origins = Origins::start(150);
    let mut text = String::new();
    let mut refs = String::from("\nReferences\n");
    for (i, port) in origins.ports.iter().enumerate() {
        let n = i + 1;
        text.push_str(&format!("Claim number {n} is here.[{n}]\n\n"));
        refs.push_str(&format!(
            "{n}. “Story” Example News, 4 Jun. 2023, http://127.0.0.1:{port}/story\n"
        ));
    }
    text.push_str(&refs);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nretries = 0\ntimeout = \"20s\"\narchive = false\nsoft-404-probe = false\nconcurrency = 4\nper-host = 4\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "--select",
            "CC401,CC402",
            "article.txt",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    // Four requests in flight at most; a connection whose host has nothing
    // left to ask is closed with its last answer (it was one per host: 150).
    assert!(
        origins.peak() <= 8,
        "{} connections open at once",
        origins.peak()
    );
}

#[test]
fn network_trust_keys_of_a_discovered_configuration_are_ignored() {
    let s = server::Server::start(|_, _, _| {
        server::reply(
            200,
            "<html><head><title>Story</title></head><body>Text.</body></html>",
        )
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("article.txt"),
        format!(
            "A claim.[1]\n\nReferences\n1. “Story” Example News, 4 Jun. 2023, {}\n",
            s.url("/story")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nretries = 0\narchive = false\nsoft-404-probe = false\nallow-private = true\n\
         archive-url = \"http://127.0.0.1:9\"\nnameservers = [\"127.0.0.1:9\"]\n\
         [links.headers.\"*\"]\nX-Secret = \"from-the-tree\"\n",
    )
    .unwrap();
    let args = ["--format", "json", "--no-cache", "article.txt"];
    // The tree's allow-private does not open 127.0.0.1.
    let out = run_in(dir.path(), &args);
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    for key in ["allow-private", "nameservers", "headers", "archive-url"] {
        assert!(
            out.stderr.contains(&format!("`[links] {key}`"))
                && out.stderr.contains("citecheck.toml"),
            "{key}: {}",
            out.stderr
        );
    }
    // The flag does; the tree's headers are still not sent, and the tree's
    // nameservers are not asked (the address literal needs none anyway).
    let out = run_in(dir.path(), &[&["--allow-private"][..], &args].concat());
    assert_eq!(s.requests().len(), 1, "{}", out.stderr);
    assert_eq!(s.header("x-secret"), vec![None]);
    // Named with --config, the file is trusted.
    let out = run_in(
        dir.path(),
        &[&["--config", "citecheck.toml"][..], &args].concat(),
    );
    assert!(!out.stderr.contains("is ignored"), "{}", out.stderr);
    assert_eq!(s.requests().len(), 2, "{}", out.stderr);
    assert_eq!(
        s.header("x-secret"),
        vec![None, Some("from-the-tree".to_string())]
    );
}

#[cfg(unix)]
#[test]
fn fix_writes_a_file_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"b\xfe.txt");
    let text = "Officials met twice.[1,,2]\n\nReferences\n1. “One” Example News, 4 Jun. 2023, https://news.example/one\n2. “Two” Example News, 4 Jun. 2023, https://news.example/two\n";
    if std::fs::write(dir.path().join(name), text).is_err() {
        eprintln!("skipped: this file system refuses non-UTF-8 names");
        return;
    }
    let mut cmd = Command::cargo_bin("citecheck").expect("the citecheck binary is built");
    cmd.args(["--offline", "--no-config", "--fix", "--select", "CC006"])
        .arg(name)
        .current_dir(dir.path())
        .env_remove("CITECHECK_FORMAT")
        .timeout(Duration::from_secs(120));
    let out = cmd.output().expect("citecheck runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("1 fix applied"), "{stderr}");
    let fixed = std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(fixed.contains("twice.[1, 2]"), "{fixed}");
    // No file with the lossy name was made beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_input_above_the_size_limit_is_refused_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let limit = 64 * 1024 * 1024;
    let mut big = "Words and more words. ".repeat(limit / 22 + 1).into_bytes();
    big.truncate(limit + 1);
    std::fs::write(dir.path().join("big.txt"), &big).unwrap();
    std::fs::write(dir.path().join("small.txt"), ARTICLE).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--offline",
            "--no-config",
            "--format",
            "json",
            "big.txt",
            "small.txt",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{}", out.stdout);
    assert!(out.stdout.contains("small.txt"));
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(
        said.contains("big.txt") && said.contains("larger than 64 MiB"),
        "{said}"
    );
    // Standard input and a batch record have the same bound; the batch
    // goes on with the next record.
    let mut stdin = Command::cargo_bin("citecheck").unwrap();
    stdin
        .args(["--offline", "--no-config", "--format", "json", "-"])
        .write_stdin(big.clone())
        .timeout(Duration::from_secs(120));
    let o = stdin.output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("larger than 64 MiB")
            || String::from_utf8_lossy(&o.stderr).contains("larger than 64 MiB")
    );
    let mut lines = br#"{"id": "huge", "text": ""#.to_vec();
    lines.extend(std::iter::repeat_n(b'a', limit));
    lines.extend_from_slice(b"\"}\n");
    lines.extend_from_slice(br#"{"id": "next", "text": "A claim.[2]\n\nReferences\n1. \u201cT\u201d P, 2020, https://example.com/t\n"}"#);
    lines.push(b'\n');
    let mut batch = Command::cargo_bin("citecheck").unwrap();
    batch
        .args(["--offline", "--no-config", "--stdin-jsonl"])
        .write_stdin(lines)
        .timeout(Duration::from_secs(120));
    let o = batch.output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert_eq!(rows[0]["line"], 1);
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap_or("")
            .contains("larger than 64 MiB"),
        "{stdout}"
    );
    assert_eq!(rows[1]["id"], "next");
    assert!(rows[1]["diagnostics"].is_array(), "{stdout}");
}
