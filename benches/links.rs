//! Link-stage throughput: 1,000 unique URLs on local servers (16 loopback
//! addresses, so the per-host limit does not bind) that answer each request
//! after 50 ms, checked at the default concurrency. Prints the wall time,
//! the physical floor (requests × latency ÷ concurrency) and, when `lychee`
//! is on PATH, lychee's time on the same URLs at the same concurrency.
//!
//! Run: `cargo bench --bench links`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Response;
use citecheck::config::LinksConfig;
use citecheck::engine::{self, LinkOptions, Options};

const URLS: usize = 1000;
const HOSTS: usize = 16;
const LATENCY: Duration = Duration::from_millis(50);

/// Requests the servers received, in flight now, and at most at once.
static RECEIVED: AtomicUsize = AtomicUsize::new(0);
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn main() {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            return;
        }
    };
    let mut bases = Vec::new();
    for h in 0..HOSTS {
        let ip = format!("127.0.0.{}", h + 1);
        let listener = match rt.block_on(tokio::net::TcpListener::bind(format!("{ip}:0"))) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on {ip}: {e}");
                return;
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        bases.push(format!("http://{ip}:{port}"));
        let app = axum::Router::new().fallback(|req: axum::extract::Request| async move {
            RECEIVED.fetch_add(1, Ordering::Relaxed);
            let now = IN_FLIGHT.fetch_add(1, Ordering::Relaxed) + 1;
            PEAK.fetch_max(now, Ordering::Relaxed);
            tokio::time::sleep(LATENCY).await;
            IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
            let path = req.uri().path().trim_start_matches('/').to_string();
            let body = format!("<html><head><title>{path}</title></head><body><h1>{path}</h1><p>Report text.</p></body></html>");
            Response::builder()
                .header("content-type", "text/html; charset=utf-8")
                .body(Body::from(body))
                .unwrap_or_default()
        });
        rt.spawn(async move {
            // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add
            // tens of milliseconds to every response: the server, not the
            // client, would be measured.
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let _ = axum::serve(listener, app).await;
        });
    }
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("no temp dir: {e}");
            return;
        }
    };
    let mut article = String::from("Benchmark Article\n\n");
    let mut urls = Vec::new();
    for i in 1..=URLS {
        article.push_str(&format!("Statement number {i} about the report.[{i}] "));
    }
    article.push_str("\n\nReferences\n");
    for i in 1..=URLS {
        let url = format!("{}/report-number-{i}", bases[i % HOSTS]);
        article.push_str(&format!("{i}. “Report number {i}” Example, 2023, {url}\n"));
        urls.push(url);
    }
    let path = dir.path().join("article.txt");
    let urls_path = dir.path().join("urls.txt");
    if std::fs::write(&path, &article).is_err()
        || std::fs::write(&urls_path, urls.join("\n")).is_err()
    {
        eprintln!("cannot write the article");
        return;
    }
    let concurrency = LinksConfig::default().concurrency;
    let options = Options {
        config: engine::ConfigMode::Disabled,
        overlay: engine::Overlay {
            allow_private: true,
            no_archive: true,
            ..engine::Overlay::default()
        },
        links: LinkOptions {
            no_cache: true,
            ..LinkOptions::default()
        },
        ..Options::default()
    };
    let start = Instant::now();
    let run = engine::run_full(&[path.display().to_string()], &options);
    let took = start.elapsed();
    let checked = run
        .as_ref()
        .map(|r| {
            r.report
                .files
                .iter()
                .map(|f| f.stats.links_checked)
                .sum::<usize>()
        })
        .unwrap_or(0);
    let floor = LATENCY.as_secs_f64() * URLS as f64 / concurrency as f64;
    println!(
        "citecheck: {checked} links in {:.2} s at concurrency {concurrency}",
        took.as_secs_f64()
    );
    println!(
        "requests received: {}, at most {} at once",
        RECEIVED.swap(0, Ordering::Relaxed),
        PEAK.swap(0, Ordering::Relaxed)
    );
    println!(
        "floor (requests × latency ÷ concurrency): {floor:.2} s; citecheck / floor = {:.2}",
        took.as_secs_f64() / floor
    );
    let lychee = std::process::Command::new("lychee")
        .arg("--version")
        .output();
    if lychee.is_ok_and(|o| o.status.success()) {
        let start = Instant::now();
        let status = std::process::Command::new("lychee")
            .args([
                "--no-progress",
                "--max-concurrency",
                &concurrency.to_string(),
            ])
            .arg(&urls_path)
            .output();
        let lt = start.elapsed();
        match status {
            Ok(_) => println!(
                "lychee: {:.2} s; citecheck / lychee = {:.2}",
                lt.as_secs_f64(),
                took.as_secs_f64() / lt.as_secs_f64()
            ),
            Err(e) => println!("lychee failed to run: {e}"),
        }
    } else {
        println!("lychee: not installed (cargo install lychee) — comparison skipped");
    }
}
