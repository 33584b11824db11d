//! End-to-end corpus benchmark of the release binary: offline MB/s on one
//! large generated article, on a directory of many small ones and on the
//! freshwiki corpus, with one thread and with every core, beside `wc -w` on
//! the same files; start-up time on the seed; peak memory (max RSS); and the
//! time for 1×, 2× and 4× the small-article corpus. Prints one table.
//!
//! Run: `cargo bench --bench corpus` (add `-- 40` for a 40 MB large article;
//! the default is 20).

#[path = "gen/mod.rs"]
mod gen;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_citecheck");

/// Wall time and CPU time (user + system) of one run of `cmd`.
fn measure_cpu(cmd: &mut Command) -> (Duration, Duration) {
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let start = Instant::now();
    let Ok(child) = cmd.spawn() else {
        return (Duration::ZERO, Duration::ZERO);
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on our own child, with valid pointers.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    let secs = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    (elapsed, secs(usage.ru_utime) + secs(usage.ru_stime))
}

/// Best wall time of `n` runs, and the least CPU time (which other load on
/// the machine disturbs less).
fn best(n: usize, mut make: impl FnMut() -> Command) -> (Duration, Duration) {
    let mut time = Duration::MAX;
    let mut cpu = Duration::MAX;
    for _ in 0..n {
        let (t, c) = measure_cpu(&mut make());
        time = time.min(t);
        cpu = cpu.min(c);
    }
    (time, cpu)
}

/// Peak resident memory (KiB) of one run, measured by GNU time in between:
/// the benchmark's own memory would otherwise count, because the child
/// shares it until it calls exec.
fn peak_rss(cmd: &Command, scratch: &Path) -> Option<u64> {
    let out = scratch.join("rss.txt");
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&out)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    std::fs::read_to_string(&out).ok()?.trim().parse().ok()
}

fn rss_text(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".to_string(), |k| format!("{} MB", k / 1024))
}

fn citecheck(jobs: usize, path: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.args([
        "--offline",
        "--no-config",
        "--format",
        "json",
        "--fail-on",
        "never",
    ])
    .arg(format!("-j{jobs}"))
    .arg(path);
    c
}

fn wc(files: &[PathBuf]) -> Command {
    let mut c = Command::new("wc");
    c.arg("-w").args(files);
    c
}

/// The .txt/.md files under `path` (or `path` itself) and their total size.
fn files_of(path: &Path) -> (Vec<PathBuf>, u64) {
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                stack.push(e.path());
            }
        } else if p
            .extension()
            .is_some_and(|e| e == "txt" || e == "md" || e == "markdown")
        {
            files.push(p);
        }
    }
    files.sort();
    let bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    (files, bytes)
}

/// `count` articles of about `size` bytes each, in folders of 100.
fn small_corpus(dir: &Path, count: usize, size: usize) {
    for i in 0..count {
        let sub = dir.join(format!("d{:03}", i / 100));
        let _ = std::fs::create_dir_all(&sub);
        let text = gen::article(size, 1000 + i as u64);
        let _ = std::fs::write(sub.join(format!("a{i:05}.txt")), text);
    }
}

fn mbs(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

fn main() {
    let large_mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Ok(tmp) = tempfile::tempdir() else {
        eprintln!("cannot create a temporary directory");
        return;
    };
    let large = tmp.path().join("large.txt");
    let _ = std::fs::write(&large, gen::article(large_mb * 1_000_000, 7));
    let small = tmp.path().join("small");
    small_corpus(&small, 2000, 8_000);
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let freshwiki = shared.join("freshwiki");
    // The issue-18 corpus: every FreshWiki and generative-search article,
    // copied 20 times (when ../shared is there), and all of it as one file.
    let real = tmp.path().join("real");
    let real_large = tmp.path().join("real-large.txt");
    let mut real_files = Vec::new();
    for sub in ["freshwiki/txt", "gensearch"] {
        for e in std::fs::read_dir(shared.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            if e.path().extension().is_some_and(|x| x == "txt") {
                real_files.push(e.path());
            }
        }
    }
    real_files.sort();
    let mut all = Vec::new();
    for copy in 0..20 {
        let dir = real.join(format!("c{copy:02}"));
        let _ = std::fs::create_dir_all(&dir);
        for f in &real_files {
            if let (Some(name), Ok(bytes)) = (f.file_name(), std::fs::read(f)) {
                let _ = std::fs::write(dir.join(name), &bytes);
                all.extend_from_slice(&bytes);
                all.extend_from_slice(b"\n\n");
            }
        }
    }
    let _ = std::fs::write(&real_large, &all);

    println!(
        "citecheck {} on {cores} cores; best of 3 runs, offline, JSON to /dev/null",
        env!("CARGO_PKG_VERSION")
    );
    println!();
    println!(
        "{:<26} {:>6} {:>11} {:>9} {:>9} {:>9} {:>8} {:>8} {:>9} {:>7} {:>7}",
        "input",
        "files",
        "bytes",
        "-j1 MB/s",
        "-jN MB/s",
        "wc MB/s",
        "-j1/wc",
        "cpu/wc",
        "max RSS",
        "RSS/B",
        "MB/s/c"
    );
    let mut inputs = vec![
        (format!("large article ({large_mb} MB)"), large.clone()),
        ("2000 small articles".to_string(), small.clone()),
    ];
    if freshwiki.is_dir() {
        inputs.push(("freshwiki corpus".to_string(), freshwiki));
    }
    if !real_files.is_empty() {
        inputs.push(("real articles ×20".to_string(), real));
        inputs.push(("real articles ×20, 1 file".to_string(), real_large));
    }
    for (name, path) in &inputs {
        let (files, bytes) = files_of(path);
        let (t1, c1) = best(3, || citecheck(1, path));
        let (tn, cn) = best(3, || citecheck(cores, path));
        let kib = peak_rss(&citecheck(cores, path), tmp.path());
        let (tw, cw) = best(3, || wc(&files));
        // CPU seconds (user + system) over `wc -w`'s: what the check costs,
        // whatever else loads the machine. MB/s per core: bytes over all
        // cores' CPU time with every core.
        println!(
            "{name:<26} {:>6} {bytes:>11} {:>9.1} {:>9.1} {:>9.1} {:>7.1}x {:>7.1}x {:>9} {:>7} {:>7.1}",
            files.len(),
            mbs(bytes, t1),
            mbs(bytes, tn),
            mbs(bytes, tw),
            t1.as_secs_f64() / tw.as_secs_f64(),
            c1.as_secs_f64() / cw.as_secs_f64().max(1e-3),
            rss_text(kib),
            kib.map_or_else(
                || "n/a".to_string(),
                |k| format!("{:.1}", (k * 1024) as f64 / bytes.max(1) as f64)
            ),
            mbs(bytes, cn),
        );
    }

    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/blinken-beijing.txt");
    let mut times: Vec<Duration> = (0..31)
        .map(|_| {
            let mut c = Command::new(BIN);
            c.args(["--offline", "--no-config"]).arg(&seed);
            measure_cpu(&mut c).0
        })
        .collect();
    times.sort();
    println!();
    println!(
        "start-up: `citecheck --offline` on the seed, median of 31 runs: {:.1} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0
    );

    println!();
    println!("cost growth, all cores (the 2000 small articles = 1x):");
    let mut base = None;
    let mut base_cpu = None;
    for factor in [1usize, 2, 4] {
        let path = if factor == 1 {
            small.clone()
        } else {
            let dir = tmp.path().join(format!("x{factor}"));
            small_corpus(&dir, 2000 * factor, 8_000);
            dir
        };
        let (files, bytes) = files_of(&path);
        let (t, cpu) = best(3, || citecheck(cores, &path));
        let rss = rss_text(peak_rss(&citecheck(cores, &path), tmp.path()));
        let ratio = t.as_secs_f64() / *base.get_or_insert(t.as_secs_f64());
        let cpu_ratio = cpu.as_secs_f64() / *base_cpu.get_or_insert(cpu.as_secs_f64());
        println!(
            "  {factor}x {:>6} files {bytes:>11} bytes  wall {:>6.0} ms ({ratio:.2}x)  cpu {:>6.0} ms ({cpu_ratio:.2}x)  linear: {factor}.00x  max RSS {}",
            files.len(),
            t.as_secs_f64() * 1000.0,
            cpu.as_secs_f64() * 1000.0,
            rss
        );
    }
}
