//! The link stage end to end: real HTTP servers on 127.0.0.1 inside the test
//! process, the real binary against them. No test touches any other address.

mod common;
#[path = "common/server.rs"]
mod server;

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{diagnostics, Output, Run};
use serde_json::Value;
use server::{redirect, reply, Reply, Server};

/// An article citing each (title, publisher, date, url).
fn article(refs: &[(&str, &str, &str, &str)]) -> String {
    let mut text = String::new();
    for i in 1..=refs.len() {
        text.push_str(&format!("Claim number {i} is here.[{i}]\n\n"));
    }
    text.push_str("References\n");
    for (i, (t, p, d, u)) in refs.iter().enumerate() {
        text.push_str(&format!("{}. “{t}” {p}, {d}, {u}\n", i + 1));
    }
    text
}

const CONFIG: &str = "[links]\nretries = 1\nretry-backoff = \"10ms\"\nmax-retry-after = \"3s\"\ntimeout = \"2s\"\narchive = false\nsoft-404-probe = false\n";

/// Run the binary on an article with a config (CONFIG plus `extra`).
fn check(text: &str, extra: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("article.txt");
    std::fs::write(&file, text).unwrap();
    let config = dir.path().join("citecheck.toml");
    let mut c = std::fs::File::create(&config).unwrap();
    write!(c, "{CONFIG}{extra}").unwrap();
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--format", "json", "--no-cache", "--allow-private"];
    if args.contains(&"--cache-dir") || args.contains(&"--no-allow") {
        all.retain(|a| *a != "--no-cache");
    }
    if args.contains(&"--no-allow") {
        all.retain(|a| *a != "--allow-private");
    }
    // The test's configuration is trusted as `--config` names it: found by
    // discovery, its network-trust keys (nameservers, headers,
    // archive-url, doi-resolver) would be ignored.
    if dir.join("citecheck.toml").is_file() {
        all.extend(["--config", "citecheck.toml"]);
    }
    all.extend(args.iter().filter(|a| **a != "--no-allow"));
    all.push("article.txt");
    Run::new().online().args(all).current_dir(dir).run()
}

/// Diagnostics of the link rules and of CC301–CC303.
fn findings(out: &Output) -> Vec<Value> {
    diagnostics(&out.json())
        .into_iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("CC4") || c.starts_with("CC30"))
        })
        .collect()
}

fn codes(out: &Output) -> Vec<String> {
    findings(out)
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn message(out: &Output, code: &str) -> String {
    findings(out)
        .iter()
        .find(|d| d["code"] == code)
        .map(|d| {
            format!(
                "{} | {}",
                d["message"].as_str().unwrap_or(""),
                d["help"].as_str().unwrap_or("")
            )
        })
        .unwrap_or_else(|| panic!("no {code} in {}", out.stdout))
}

const GOOD: &str = r#"<html><head><title>Harbour bridge reopens after repairs | Example News</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs","datePublished":"2023-06-17T09:00:00Z"}</script>
</head><body><h1>Harbour bridge reopens after repairs</h1><p>Text.</p></body></html>"#;

fn good_ref(url: &str) -> String {
    article(&[(
        "Harbour bridge reopens after repairs",
        "Example News",
        "17 Jun. 2023",
        url,
    )])
}

/// An article citing each URL with the reference `GOOD` agrees with.
fn good_refs(urls: &[String]) -> String {
    let refs: Vec<(&str, &str, &str, &str)> = urls
        .iter()
        .map(|u| {
            (
                "Harbour bridge reopens after repairs",
                "Example News",
                "17 Jun. 2023",
                u.as_str(),
            )
        })
        .collect();
    article(&refs)
}

#[test]
fn a_good_page_with_matching_metadata_gives_nothing() {
    let s = Server::start(|_, _, _| reply(200, GOOD));
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(out.json()["files"][0]["stats"]["links_checked"], 1);
    assert_eq!(out.code, 0);
}

#[test]
fn not_found_and_gone_are_dead_links() {
    let s = Server::start(|_, p, _| {
        if p == "/gone" {
            reply(410, "")
        } else {
            reply(404, "")
        }
    });
    let text = article(&[
        (
            "Harbour bridge reopens after repairs",
            "Example News",
            "17 Jun. 2023",
            &s.url("/missing"),
        ),
        (
            "Ferry service resumes on Sunday",
            "Example News",
            "18 Jun. 2023",
            &s.url("/gone"),
        ),
    ]);
    let out = check(&text, "", &[]);
    assert_eq!(codes(&out), vec!["CC401", "CC401"], "{}", out.stdout);
    assert!(message(&out, "CC401").contains("404"));
    assert!(out.stdout.contains("410 Gone"));
    assert_eq!(out.code, 1);
}

#[test]
fn head_refused_falls_back_to_get() {
    let s = Server::start(|m, _, _| {
        if m == "HEAD" {
            reply(405, "")
        } else {
            reply(200, GOOD)
        }
    });
    // Only status rules: HEAD is enough, until it is refused.
    let out = check(
        &good_ref(&s.url("/story")),
        "",
        &["--select", "CC401,CC402,CC403"],
    );
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    let methods: Vec<String> = s.requests().into_iter().map(|(m, _)| m).collect();
    assert_eq!(methods, vec!["HEAD", "GET"]);
}

#[test]
fn a_permanent_redirect_chain_to_a_good_page_suggests_the_new_url() {
    let s = Server::start(|_, p, _| match p {
        "/old" => redirect(301, "/mid"),
        "/mid" => redirect(308, "/2023/06/17/harbour-bridge-reopens"),
        _ => reply(200, GOOD),
    });
    let out = check(&good_ref(&s.url("/old")), "", &[]);
    assert_eq!(codes(&out), vec!["CC403"], "{}", out.stdout);
    let m = message(&out, "CC403");
    assert!(
        m.contains("moved permanently") && m.contains("/2023/06/17/harbour-bridge-reopens"),
        "{m}"
    );
}

#[test]
fn a_redirect_to_the_home_page_is_likely_gone() {
    let s = Server::start(|_, p, _| match p {
        "/story" => redirect(302, "/"),
        _ => reply(200, "<title>Example News: home</title>"),
    });
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC403"], "{}", out.stdout);
    assert!(message(&out, "CC403").contains("likely gone"));
}

#[test]
fn a_redirect_loop_is_unverified() {
    let s = Server::start(|_, p, _| {
        if p == "/a" {
            redirect(302, "/b")
        } else {
            redirect(302, "/a")
        }
    });
    let out = check(&good_ref(&s.url("/a")), "", &[]);
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    assert!(message(&out, "CC402").contains("loop"));
    assert!(s.requests().len() <= 3);
}

#[test]
fn private_addresses_are_refused_without_allow_private() {
    let s = Server::start(|_, _, _| reply(200, GOOD));
    let out = check(&good_ref(&s.url("/story")), "", &["--no-allow"]);
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    assert!(message(&out, "CC402").contains("127.0.0.1"));
    assert!(s.requests().is_empty(), "a request reached the server");
}

#[test]
fn a_redirect_from_a_public_page_to_a_private_address_is_refused() {
    // 127.0.0.1 stands in for a public address here (`trusted`); its
    // redirect to the cloud metadata address must be refused before any
    // connection is made.
    let s = Server::start(|_, _, _| redirect(302, "http://169.254.169.254/latest/meta-data/"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, good_ref(&s.url("/story"))).unwrap();
    let options = citecheck::engine::Options {
        config: citecheck::engine::ConfigMode::Disabled,
        overlay: citecheck::engine::Overlay {
            no_archive: true,
            timeout: Some(Duration::from_secs(2)),
            ..Default::default()
        },
        links: citecheck::engine::LinkOptions {
            no_cache: true,
            trusted: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        },
        ..Default::default()
    };
    let run = citecheck::engine::run_full(&[file.display().to_string()], &options).unwrap();
    let d: Vec<_> = run.report.files[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == "CC402")
        .collect();
    assert_eq!(d.len(), 1, "{:?}", run.report.files[0].diagnostics);
    assert!(d[0].message.contains("169.254.169.254"), "{}", d[0].message);
    assert_eq!(s.requests().len(), 1);
}

/// A 429 whose `Retry-After` is `header()`, then 200: no finding, two
/// requests, and at least `wait` between them.
fn retry_after_case(header: fn() -> String, wait: Duration) {
    let s = Server::start(move |_, _, nth| {
        if nth == 0 {
            Reply::Answer {
                status: 429,
                headers: vec![("retry-after", header())],
                body: Vec::new(),
            }
        } else {
            reply(200, GOOD)
        }
    });
    let started = Instant::now();
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(s.requests().len(), 2);
    assert!(started.elapsed() >= wait, "Retry-After was not honoured");
}

#[test]
fn too_many_requests_with_retry_after_then_ok() {
    retry_after_case(|| "1".to_string(), Duration::from_secs(1));
}

/// HTTP dates have one-second resolution: two seconds ahead waits at least one.
#[test]
fn retry_after_as_an_http_date_is_honoured() {
    retry_after_case(
        || httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2)),
        Duration::from_secs(1),
    );
}

#[test]
fn a_server_error_that_lasts_is_unverified_after_retries() {
    let s = Server::start(|_, _, _| reply(503, "busy"));
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    assert!(message(&out, "CC402").contains("503"));
    assert_eq!(s.requests().len(), 2, "one try and one retry");
    assert_eq!(out.code, 0, "CC402 is a warning");
}

#[test]
fn forbidden_is_not_proof_of_death() {
    let s = Server::start(|_, _, _| reply(403, "no bots"));
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    assert!(message(&out, "CC402").contains("bot wall"));
}

#[test]
fn a_server_that_never_answers_times_out() {
    let s = Server::start(|_, _, _| Reply::Hang);
    let started = Instant::now();
    let out = check(&good_ref(&s.url("/story")), "", &["--timeout", "300ms"]);
    let took = started.elapsed();
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    assert!(
        message(&out, "CC402").contains("no answer within 300 ms"),
        "{}",
        out.stdout
    );
    // Two attempts of 300 ms plus a 10 ms backoff, and process start-up.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn a_body_over_the_cap_is_not_read_past_it() {
    let mut body = String::from(
        "<html><head><title>Harbour bridge reopens after repairs</title></head><body>",
    );
    body.push_str(&"x".repeat(2_000_000));
    body.push_str("<h1>Page not found</h1></body></html>");
    let s = Server::start(move |_, _, _| reply(200, &body));
    let text = good_ref(&s.url("/story"));
    let capped = check(&text, "max-body-bytes = 10000\n", &[]);
    assert_eq!(codes(&capped), Vec::<String>::new(), "{}", capped.stdout);
    let whole = check(&text, "max-body-bytes = 4000000\n", &[]);
    assert_eq!(codes(&whole), vec!["CC404"], "{}", whole.stdout);
}

#[test]
fn gzip_bodies_are_read() {
    use flate2::write::GzEncoder;
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(b"<html><head><title>Page not found | Example News</title></head></html>")
        .unwrap();
    let gz = enc.finish().unwrap();
    let s = Server::start(move |_, _, _| Reply::Answer {
        status: 200,
        headers: vec![
            ("content-type", "text/html".into()),
            ("content-encoding", "gzip".into()),
        ],
        body: gz.clone(),
    });
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC404"], "{}", out.stdout);
    assert!(message(&out, "CC404").contains("Page not found"));
}

#[test]
fn a_soft_404_by_its_title_and_by_the_sibling_probe() {
    let s = Server::start(|_, _, _| {
        reply(
            200,
            "<html><head><title>Sorry, this page is no longer available</title></head></html>",
        )
    });
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC404"], "{}", out.stdout);

    // Every path answers the same placeholder, whose title says nothing.
    let s = Server::start(|_, _, _| {
        reply(
            200,
            "<html><head><title>Welcome to Example News</title></head></html>",
        )
    });
    let out = check(&good_ref(&s.url("/news/story")), "", &[]);
    assert!(codes(&out).iter().all(|c| c != "CC404"), "the probe is off");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("article.txt"),
        good_ref(&s.url("/news/story")),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        CONFIG.replace("soft-404-probe = false", "soft-404-probe = true"),
    )
    .unwrap();
    let out = run_in(dir.path(), &[]);
    let c = codes(&out);
    assert!(c.contains(&"CC404".to_string()), "{}", out.stdout);
    assert!(message(&out, "CC404").contains("path that does not exist"));
    assert!(s
        .requests()
        .iter()
        .any(|(_, p)| p.starts_with("/news/citecheck-missing-")));
}

#[test]
fn the_page_disagrees_on_title_date_and_site_name() {
    let page = r#"<html><head><title>Apple unveils Vision Pro headset | Gadget Daily</title>
<meta property="og:site_name" content="Gadget Daily">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Apple unveils Vision Pro headset","datePublished":"2023-06-05T09:00:00Z"}</script>
</head><body><h1>Apple unveils Vision Pro headset</h1></body></html>"#;
    let s = Server::start(move |_, _, _| reply(200, page));
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    let mut c = codes(&out);
    c.sort();
    assert_eq!(c, vec!["CC301", "CC302", "CC303"], "{}", out.stdout);
    assert!(message(&out, "CC301").contains("Gadget Daily"));
    assert!(
        message(&out, "CC302").contains("2023-06-05"),
        "{}",
        message(&out, "CC302")
    );
    assert!(message(&out, "CC303").contains("Apple unveils Vision Pro headset"));
}

#[test]
fn a_reworded_title_or_a_site_suffix_is_not_a_mismatch() {
    let page = r#"<html><head><title>Harbour bridge finally reopens following months of repairs - Example News</title></head></html>"#;
    let s = Server::start(move |_, _, _| reply(200, page));
    let out = check(&good_ref(&s.url("/story")), "", &[]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
}

#[test]
fn the_cache_spares_the_second_run_and_survives_corruption() {
    let s = Server::start(|_, p, _| {
        if p == "/dead" {
            reply(404, "")
        } else {
            reply(200, GOOD)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let text = article(&[
        (
            "Harbour bridge reopens after repairs",
            "Example News",
            "17 Jun. 2023",
            &s.url("/story"),
        ),
        (
            "Ferry service resumes on Sunday",
            "Example News",
            "18 Jun. 2023",
            &s.url("/dead"),
        ),
    ]);
    std::fs::write(dir.path().join("article.txt"), &text).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    let cache = dir.path().join("cache");
    let cache_arg = cache.display().to_string();
    let first = run_in(dir.path(), &["--cache-dir", &cache_arg]);
    assert_eq!(codes(&first), vec!["CC401"], "{}", first.stdout);
    let sent = s.requests().len();
    assert_eq!(sent, 2);
    let second = run_in(dir.path(), &["--cache-dir", &cache_arg]);
    assert_eq!(codes(&second), vec!["CC401"], "{}", second.stdout);
    assert_eq!(s.requests().len(), sent, "the second run sent requests");

    // Corrupt every entry: a warning, a fresh fetch, entries rewritten.
    let entries: Vec<_> = std::fs::read_dir(cache.join("v2"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        std::fs::write(e, b"{\"url\": tru").unwrap();
    }
    let third = run_in(dir.path(), &["--cache-dir", &cache_arg]);
    assert_eq!(codes(&third), vec!["CC401"], "{}", third.stdout);
    assert!(
        third.stderr.contains("unreadable link-cache"),
        "{}",
        third.stderr
    );
    assert_eq!(s.requests().len(), sent + 2);
    for e in &entries {
        let v: Value = serde_json::from_slice(&std::fs::read(e).unwrap()).unwrap();
        assert!(v["url"].is_string());
    }
    // --no-cache bypasses it.
    let _ = run_in(dir.path(), &["--cache-dir", &cache_arg, "--no-cache"]);
    assert_eq!(s.requests().len(), sent + 4);
}

#[test]
fn an_archive_answers_for_a_dead_link() {
    let archive = Server::start(|_, p, _| {
        redirect(
            302,
            &format!(
                "/web/20230618000000/{}",
                p.splitn(4, '/').nth(3).unwrap_or("")
            ),
        )
    });
    let s = Server::start(|_, _, _| reply(404, ""));
    let extra = format!("archive-url = \"{}\"\n", archive.url(""));
    let config = CONFIG.replace("archive = false\n", "");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), good_ref(&s.url("/story"))).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{config}{extra}"),
    )
    .unwrap();
    let out = run_in(dir.path(), &[]);
    let m = message(&out, "CC401");
    assert!(
        m.contains("archived copy exists") && m.contains("/web/20230618000000/"),
        "{m}"
    );
    assert_eq!(archive.requests().len(), 1);
    // --no-archive skips it.
    let out = run_in(dir.path(), &["--no-archive"]);
    assert!(!message(&out, "CC401").contains("archived copy exists"));
    assert_eq!(archive.requests().len(), 1);
}

#[test]
fn offline_sends_nothing() {
    let s = Server::start(|_, _, _| panic!("--offline sent a request"));
    let out = check(&good_ref(&s.url("/story")), "", &["--offline"]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert!(s.requests().is_empty());
    assert_eq!(out.json()["files"][0]["stats"]["links_checked"], 0);
}

#[test]
fn one_request_per_unique_url_across_files() {
    let s = Server::start(|_, _, _| reply(200, GOOD));
    let dir = tempfile::tempdir().unwrap();
    let text = good_ref(&format!("{}#section", s.url("/story")));
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b.txt"), good_ref(&s.url("/story"))).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    let out = Run::new()
        .online()
        .args([
            "--format",
            "json",
            "--no-cache",
            "--allow-private",
            "a.txt",
            "b.txt",
        ])
        .current_dir(dir.path())
        .run();
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn bad_links_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("article.txt"),
        good_ref("https://a.example/x"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\nconcurrency = 0\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["--offline"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("links.concurrency"), "{}", out.stderr);
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[links]\ntimout = \"1s\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["--offline"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("timout"), "{}", out.stderr);
    let out = run_in(dir.path(), &["--offline", "--exclude", "(unclosed"]);
    assert_eq!(out.code, 2);
}

#[test]
fn a_tls_error_is_unverified_and_says_so() {
    // A server that answers a TLS ClientHello with plain HTTP: the
    // handshake fails, as it does against a misconfigured https site.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = std::io::Read::read(&mut stream, &mut buf);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        }
    });
    let out = check(&good_ref(&format!("https://{addr}/story")), "", &[]);
    assert_eq!(codes(&out), vec!["CC402"], "{}", out.stdout);
    let m = message(&out, "CC402");
    assert!(m.contains("TLS"), "{m}");
    assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}

#[test]
fn runs_at_once_share_the_cache_without_corrupting_it() {
    let s = Server::start(|_, p, _| {
        std::thread::sleep(Duration::from_millis(5));
        if p.ends_with("0") {
            reply(404, "")
        } else {
            reply(200, GOOD)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<String> = (0..40).map(|i| s.url(&format!("/story/{i}"))).collect();
    let entries = good_refs(&refs);
    std::fs::write(dir.path().join("article.txt"), entries).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    let cache = dir.path().join("cache").display().to_string();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let d = dir.path().to_path_buf();
            let c = cache.clone();
            std::thread::spawn(move || run_in(&d, &["--cache-dir", &c]))
        })
        .collect();
    let outs: Vec<Output> = runs.into_iter().map(|h| h.join().unwrap()).collect();
    let dead = vec!["CC401"; 4];
    for out in &outs {
        assert_eq!(codes(out), dead, "{}", out.stdout);
        assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    }
    let files: Vec<_> = std::fs::read_dir(dir.path().join("cache").join("v2"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 40, "{files:?}");
    for f in &files {
        assert_eq!(
            f.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{f:?}"
        );
        let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        assert!(v["url"].as_str().is_some_and(|u| u.contains("/story/")));
    }
    let sent = s.requests().len();
    let again = run_in(dir.path(), &["--cache-dir", &cache]);
    assert_eq!(codes(&again), dead, "{}", again.stdout);
    assert_eq!(s.requests().len(), sent, "a run after them sent requests");
}

/// A DNS server on 127.0.0.1 (UDP): `alive.test` and its subdomains are
/// 127.0.0.1, names starting `broken.` get SERVFAIL, every other name
/// NXDOMAIN.
fn dns_server() -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    dns_server_answering(|name| {
        if name == "alive.test" || name.ends_with(".alive.test") {
            0
        } else if name.starts_with("broken.") {
            2
        } else {
            3
        }
    })
}

/// A DNS server on 127.0.0.1 (UDP) answering each name with the response
/// code `rcode(name)` gives, and 127.0.0.1 as its address when that is 0.
fn dns_server_answering(
    rcode: impl Fn(&str) -> u8 + Send + 'static,
) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap();
    let asked: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = asked.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((n, peer)) = socket.recv_from(&mut buf) {
            let q = &buf[..n];
            if n < 12 {
                continue;
            }
            // The question: labels up to a zero byte, then type and class.
            let mut at = 12;
            let mut labels = Vec::new();
            while at < n && q[at] != 0 {
                let len = q[at] as usize;
                labels.push(String::from_utf8_lossy(&q[at + 1..at + 1 + len]).to_string());
                at += 1 + len;
            }
            let end = at + 5;
            let name = labels.join(".").to_ascii_lowercase();
            let qtype = u16::from_be_bytes([q[at + 1], q[at + 2]]);
            log.lock().unwrap().push(format!("{name} {qtype}"));
            let rcode = rcode(&name);
            let answer = rcode == 0 && qtype == 1;
            let mut r = Vec::new();
            r.extend_from_slice(&q[..2]);
            r.push(0x80 | (q[2] & 0x01)); // QR, RD copied
            r.push(0x80 | rcode); // RA, RCODE
            r.extend_from_slice(&[0, 1, 0, u8::from(answer), 0, 0, 0, 0]);
            r.extend_from_slice(&q[12..end]);
            if answer {
                r.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
            }
            let _ = socket.send_to(&r, peer);
        }
    });
    (addr, asked)
}

#[test]
fn an_unknown_host_is_dead_and_a_failing_resolver_is_not() {
    let (dns, asked) = dns_server();
    let s = Server::start(|_, _, _| reply(200, GOOD));
    let port = s.addr.port();
    let text = article(&[
        (
            "Harbour bridge reopens after repairs",
            "Example News",
            "17 Jun. 2023",
            &format!("http://alive.test:{port}/story"),
        ),
        (
            "Ferry service resumes on Sunday",
            "Example News",
            "18 Jun. 2023",
            &format!("http://nosuch-host.test:{port}/story"),
        ),
        (
            "Tram line extended to the airport",
            "Example News",
            "19 Jun. 2023",
            &format!("http://broken.test:{port}/story"),
        ),
    ]);
    let out = check(
        &text,
        &format!("nameservers = [\"{dns}\"]\n"),
        &["--ignore", "CC301"],
    );
    assert_eq!(codes(&out), vec!["CC401", "CC402"], "{}", out.stdout);
    let dead = message(&out, "CC401");
    assert!(dead.contains("nosuch-host.test"), "{dead}");
    let unverified = message(&out, "CC402");
    assert!(
        unverified.contains("broken.test") && unverified.contains("could not be resolved"),
        "{unverified}"
    );
    // The page of the host that resolved was fetched, by name.
    assert_eq!(
        s.requests(),
        vec![("GET".to_string(), "/story".to_string())]
    );
    let asked = asked.lock().unwrap().clone();
    assert!(
        asked.iter().any(|q| q.starts_with("nosuch-host.test ")),
        "{asked:?}"
    );
}

#[test]
fn when_no_host_resolves_the_run_says_so_once() {
    let (dns, _) = dns_server();
    let text = article(&[
        (
            "Harbour bridge reopens",
            "Example News",
            "17 Jun. 2023",
            "http://one.test/a",
        ),
        (
            "Ferry service resumes",
            "Example News",
            "18 Jun. 2023",
            "http://two.test/b",
        ),
    ]);
    let out = check(
        &text,
        &format!("nameservers = [\"{dns}\"]\n"),
        &["--ignore", "CC301"],
    );
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(
        out.stderr.matches("no network").count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn the_user_agent_and_per_domain_headers_are_sent() {
    let (dns, _) = dns_server();
    let s = Server::start(|_, _, _| reply(200, GOOD));
    let port = s.addr.port();
    let text = article(&[
        (
            "Harbour bridge reopens after repairs",
            "Example News",
            "17 Jun. 2023",
            &format!("http://www.alive.test:{port}/story"),
        ),
        (
            "Harbour bridge reopens after repairs",
            "Example News",
            "17 Jun. 2023",
            &format!("http://127.0.0.1:{port}/other"),
        ),
    ]);
    let extra = format!(
        "nameservers = [\"{dns}\"]\nuser-agent = \"newsroom-bot/2 (+https://newsroom.example/bot)\"\n\
         [links.headers.\"*\"]\nX-Team = \"desk\"\nX-Scope = \"all\"\n\
         [links.headers.\"alive.test\"]\nX-Scope = \"alive\"\nAuthorization = \"Bearer t0k3n\"\n"
    );
    let out = check(&text, &extra, &["--ignore", "CC301"]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    let requests = s.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let agents = s.header("user-agent");
    assert!(
        agents
            .iter()
            .all(|a| a.as_deref() == Some("newsroom-bot/2 (+https://newsroom.example/bot)")),
        "{agents:?}"
    );
    assert!(s
        .header("x-team")
        .iter()
        .all(|v| v.as_deref() == Some("desk")));
    let by_path = |path: &str, name: &str| {
        let i = requests.iter().position(|(_, p)| p == path).unwrap();
        s.header(name)[i].clone()
    };
    // The subdomain gets its domain's headers; the other host does not.
    assert_eq!(by_path("/story", "x-scope").as_deref(), Some("alive"));
    assert_eq!(
        by_path("/story", "authorization").as_deref(),
        Some("Bearer t0k3n")
    );
    assert_eq!(by_path("/other", "x-scope").as_deref(), Some("all"));
    assert_eq!(by_path("/other", "authorization"), None);
}

#[test]
fn a_busy_host_does_not_hold_up_the_others() {
    // URLs reach the client sorted, so all of a.alive.test's come first. At
    // concurrency 4 with 2 per host, b.alive.test's must run beside them.
    let (dns, _) = dns_server();
    let s = Server::start(|_, _, _| {
        Reply::Slow(Duration::from_millis(200), Box::new(reply(200, GOOD)))
    });
    let port = s.addr.port();
    let urls: Vec<String> = (0..8)
        .map(|i| format!("http://a.alive.test:{port}/a/{i}"))
        .chain((0..2).map(|i| format!("http://b.alive.test:{port}/b/{i}")))
        .collect();
    let refs = good_refs(&urls);
    let extra = format!("nameservers = [\"{dns}\"]\nconcurrency = 4\nper-host = 2\n");
    let out = check(&refs, &extra, &["--ignore", "CC301"]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{}", out.stdout);
    assert_eq!(s.requests().len(), 10);
    let first_wave: Vec<String> = s.requests()[..4].iter().map(|(_, p)| p.clone()).collect();
    assert!(
        first_wave.contains(&"/b/0".to_string()) && first_wave.contains(&"/b/1".to_string()),
        "b.alive.test waited for a.alive.test: {first_wave:?}"
    );
    assert!(s.peak() <= 4, "at most {} requests at once", s.peak());
}

/// The seed with its links served locally: same hosts and paths, over
/// http on the test server's port, every host resolving to 127.0.0.1.
fn local_seed(port: u16) -> String {
    let re = regex::Regex::new(r"https://([A-Za-z0-9.-]+)/").unwrap();
    re.replace_all(&common::seed(), format!("http://${{1}}:{port}/").as_str())
        .into_owned()
}

/// (code, span start, span end) of every finding.
fn spans(out: &Output) -> Vec<(String, u64, u64)> {
    diagnostics(&out.json())
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["span"]["start"].as_u64().unwrap_or(0),
                d["span"]["end"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_seed_online_gives_its_offline_findings_plus_what_its_links_say() {
    let (dns, _) = dns_server_answering(|_| 0);
    // CNN's story is gone; every other page answers, without metadata.
    let s = Server::start(|_, p, _| {
        if p.starts_with("/2023/06/17/politics/") {
            reply(404, "")
        } else {
            reply(200, "<html><body><p>Report text.</p></body></html>")
        }
    });
    let text = local_seed(s.addr.port());
    let extra = format!("nameservers = [\"{dns}\"]\n");
    let offline = check(&text, &extra, &["--offline"]);
    assert!(s.requests().is_empty(), "--offline sent {:?}", s.requests());
    // Rewriting the links changed none of the offline findings' rules.
    let original = common::check_stdin("seed.txt", &common::seed());
    let rules = |o: &Output| {
        let mut c: Vec<String> = spans(o).into_iter().map(|(c, _, _)| c).collect();
        c.sort();
        c
    };
    assert_eq!(rules(&offline), rules(&original));

    let online = check(&text, &extra, &[]);
    assert_eq!(s.requests().len(), 8, "{:?}", s.requests());
    let mut expected = spans(&offline);
    let cnn = text.find("http://www.cnn.com").unwrap() as u64;
    let dead: Vec<_> = spans(&online)
        .into_iter()
        .filter(|(c, _, _)| c.starts_with("CC4"))
        .collect();
    assert_eq!(dead.len(), 1, "{}", online.stdout);
    assert_eq!((dead[0].0.as_str(), dead[0].1), ("CC401", cnn));
    expected.push(dead[0].clone());
    expected.sort();
    // The stub pages say only "Report text.", so the cited sentences whose
    // pages were all read are unsupported (CC501, tested in tests/sources.rs).
    let (unsupported, mut got): (Vec<_>, Vec<_>) = spans(&online)
        .into_iter()
        .partition(|(c, _, _)| c == "CC501");
    assert!(!unsupported.is_empty(), "{}", online.stdout);
    got.sort();
    assert_eq!(got, expected, "{}", online.stdout);
    assert_eq!(online.json()["files"][0]["stats"]["links_checked"], 8);
}

/// The terminal output of citecheck run in `dir` under a pseudo-terminal
/// (util-linux `script`), or `None` when `script` is not installed.
fn under_a_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_citecheck");
    let mut command = vec![bin.to_string()];
    command.extend(args.iter().map(|a| a.to_string()));
    let line = command
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new("script")
        .args(["-qefc", &line, "/dev/null"])
        .current_dir(dir)
        .env_remove("CITECHECK_OFFLINE")
        .env_remove("CITECHECK_FORMAT")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_progress_bar_only_on_a_terminal_and_only_for_people() {
    let s = Server::start(|_, _, _| {
        Reply::Slow(Duration::from_millis(150), Box::new(reply(200, GOOD)))
    });
    let urls: Vec<String> = (0..8).map(|i| s.url(&format!("/story/{i}"))).collect();
    let refs = good_refs(&urls);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), refs).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{CONFIG}concurrency = 2\n"),
    )
    .unwrap();
    let common = ["--no-cache", "--allow-private", "--ignore", "CC301"];
    // Piped: no bar, whatever the format.
    let piped = Run::new()
        .online()
        .args(common)
        .arg("article.txt")
        .current_dir(dir.path())
        .run();
    assert!(!piped.stderr.contains("checking links"), "{}", piped.stderr);
    let Some(human) = under_a_terminal(dir.path(), &[&common[..], &["article.txt"]].concat())
    else {
        eprintln!("skipped the terminal half: util-linux `script` is not installed");
        return;
    };
    assert!(human.contains("checking links"), "{human}");
    let json = under_a_terminal(
        dir.path(),
        &[&common[..], &["--format", "json", "article.txt"]].concat(),
    )
    .unwrap_or_default();
    assert!(!json.contains("checking links"), "{json}");
    assert!(json.contains("\"schema\""), "{json}");
}

/// CC305's online part: DOIs written in a reference's text are looked up at
/// the configured resolver (here a 127.0.0.1 server standing in for
/// doi.org), cached like any URL.
#[test]
fn dois_are_looked_up_at_the_resolver() {
    let s = Server::start(|_, p, _| {
        match p {
        "/doi/10.5555/known" => redirect(302, "/landing/known"),
        "/landing/known" => reply(
            200,
            "<html><head><title>Apple unveils Vision Pro headset | Gadget Daily</title></head><body><p>Text.</p></body></html>",
        ),
        "/doi/10.5555/unknown" | "/doi/10.5555/gone-link" => reply(404, "DOI Not Found"),
        _ => reply(200, GOOD),
    }
    });
    let resolver = s.url("/doi/");
    let story = s.url("/story");
    let text = format!(
        "Claim one is here.[1]\n\nClaim two is here.[2]\n\nClaim three is here.[3]\n\nReferences\n\
         1. “Harbour bridge reopens after repairs” Example News, 17 Jun. 2023, doi:10.5555/unknown, {story}\n\
         2. “Harbour bridge reopens after repairs” Example News, 17 Jun. 2023, doi:10.5555/known, {story}\n\
         3. “Harbour bridge reopens after repairs” Example News, 17 Jun. 2023, {resolver}10.5555/gone-link\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{CONFIG}doi-resolver = \"{resolver}\"\n"),
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    let out = run_in(dir.path(), &["--cache-dir", cache]);
    let found = findings(&out);
    let dead: Vec<&Value> = found.iter().filter(|d| d["code"] == "CC401").collect();
    assert_eq!(dead.len(), 2, "{}", out.stdout);
    let doi_dead = dead
        .iter()
        .find(|d| d["reference"] == 1)
        .unwrap_or_else(|| panic!("no CC401 on reference 1: {}", out.stdout));
    let msg = doi_dead["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("the DOI 10.5555/unknown does not exist"),
        "{msg}"
    );
    let start = doi_dead["span"]["start"].as_u64().unwrap() as usize;
    let end = doi_dead["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "10.5555/unknown");
    let link_dead = dead.iter().find(|d| d["reference"] == 3).unwrap();
    assert!(
        link_dead["message"]
            .as_str()
            .unwrap_or("")
            .contains("the DOI 10.5555/gone-link does not exist"),
        "{}",
        out.stdout
    );
    // The known DOI's landing page names another story.
    let title = found
        .iter()
        .find(|d| d["code"] == "CC303" && d["reference"] == 2)
        .unwrap_or_else(|| panic!("no CC303 on reference 2: {}", out.stdout));
    assert!(
        title["message"]
            .as_str()
            .unwrap_or("")
            .contains("Apple unveils Vision Pro headset"),
        "{title}"
    );
    // A second run answers from the cache: no DOI is asked for again.
    let asked = |s: &Server| {
        s.requests()
            .iter()
            .filter(|(_, p)| p.starts_with("/doi/"))
            .count()
    };
    let before = asked(&s);
    assert!(before >= 2, "{:?}", s.requests());
    let again = run_in(dir.path(), &["--cache-dir", cache]);
    assert_eq!(asked(&s), before, "{:?}", s.requests());
    assert_eq!(codes(&again), codes(&out));
}

#[test]
fn fix_cites_a_permanent_move_and_unsafe_fixes_an_archived_copy() {
    // 301 then 308: --fix writes the target; a 302 bounce gets no fix.
    let s = Server::start(|_, p, _| match p {
        "/old" => redirect(301, "/mid"),
        "/mid" => redirect(308, "/2023/06/17/harbour-bridge-reopens"),
        "/2023/06/17/harbour-bridge-reopens" => reply(200, GOOD),
        _ => reply(404, ""),
    });
    let old = s.url("/old");
    let new = s.url("/2023/06/17/harbour-bridge-reopens");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), good_ref(&old)).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    let out = run_in(dir.path(), &[]);
    let d = findings(&out)
        .into_iter()
        .find(|d| d["code"] == "CC403")
        .expect("CC403");
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["content"], new.as_str());
    let out = run_in(dir.path(), &["--fix"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("article.txt")).unwrap();
    assert_eq!(text, good_ref(&new));

    // A dead link: the archived copy only with --unsafe-fixes.
    let archive = Server::start(|_, p, _| {
        redirect(
            302,
            &format!(
                "/web/20230618000000/{}",
                p.splitn(4, '/').nth(3).unwrap_or("")
            ),
        )
    });
    let dead = s.url("/gone");
    std::fs::write(dir.path().join("article.txt"), good_ref(&dead)).unwrap();
    let config = CONFIG.replace("archive = false\n", "");
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("{config}archive-url = \"{}\"\n", archive.url("")),
    )
    .unwrap();
    let out = run_in(dir.path(), &["--fix"]);
    assert_eq!(out.code, 1, "CC401 is an error: {}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("article.txt")).unwrap(),
        good_ref(&dead)
    );
    let out = run_in(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert!(out.stderr.contains("1 fix applied"), "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("article.txt")).unwrap();
    assert!(!text.contains(&format!(" {dead}\n")), "{text}");
    assert!(text.contains("/web/20230618000000/"), "{text}");
}
