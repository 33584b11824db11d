//! Accuracy on real labelled data, beside the targets of issue 13: CC101/CC102
//! on the generative-search answers (`gensearch`) and CC501 on the WiCE
//! claims with their saved pages (`wice-dev`). Owns only the scoring: it runs
//! the library in-process with the options the Python scorers give the binary
//! and counts exactly as `../shared/tools/score-gensearch.py` and
//! `../shared/tools/score-wice.py score` do, so the figures are theirs.
//!
//! Run: `cargo bench --bench accuracy`, or with other folders:
//! `cargo bench --bench accuracy -- --gensearch DIR --wice DIR` (or the
//! environment variables `CITECHECK_GENSEARCH_DIR`, `CITECHECK_WICE_DIR`).
//! The defaults are `../shared/corpus/gensearch` and `../shared/corpus/wice-dev`
//! beside the crate; a folder that is not there is skipped (exit 0), because
//! CI and most users do not have the data. Exit 2 if a folder is there but
//! cannot be read.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use citecheck::engine::{self, ConfigMode, LinkOptions, Options, Overlay};
use citecheck::report::FileReport;
use serde::Deserialize;

/// The rules score-gensearch.py counts as "flagged".
const CLAIM_CODES: [&str; 2] = ["CC101", "CC102"];
/// WiCE's labels, in the order score-wice.py prints them.
const LABELS: [&str; 3] = ["supported", "partially_supported", "not_supported"];

fn main() -> ExitCode {
    let (gensearch, wice) = match folders() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "citecheck {} accuracy on real data (default settings: --no-config, offline)",
        env!("CARGO_PKG_VERSION")
    );
    let mut ok = true;
    for (name, dir, score) in [
        (
            "gensearch",
            gensearch,
            score_gensearch as fn(&Path) -> Result<(), String>,
        ),
        ("wice", wice, score_wice),
    ] {
        println!();
        if !dir.is_dir() {
            println!("{name}: {} not found, skipped", dir.display());
            continue;
        }
        if let Err(e) = score(&dir) {
            eprintln!("error: {name}: {e}");
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// The two data set folders: `--gensearch DIR` / `--wice DIR` (or `=DIR`),
/// else the environment variable, else the default beside the crate.
fn folders() -> Result<(PathBuf, PathBuf), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut gensearch = std::env::var_os("CITECHECK_GENSEARCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/gensearch"));
    let mut wice = std::env::var_os("CITECHECK_WICE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/wice-dev"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "--gensearch" => &mut gensearch,
            "--wice" => &mut wice,
            // cargo passes `--bench` to every bench target, and filters
            // meant for the other benches of a plain `cargo bench`.
            _ => continue,
        };
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{flag} needs a folder"))?;
        *slot = PathBuf::from(value);
    }
    Ok((gensearch, wice))
}

/// A run's options as the scorers' command lines set them: built-in
/// defaults (`--no-config`), nothing sent (`--offline` / `--sources`, which
/// replaces the network), no cache.
fn options(select: Option<&[&str]>) -> Options {
    Options {
        config: ConfigMode::Disabled,
        overlay: Overlay {
            select: select.map(|s| s.iter().map(|c| c.to_string()).collect()),
            ..Overlay::default()
        },
        links: LinkOptions {
            offline: true,
            no_cache: true,
            ..LinkOptions::default()
        },
        ..Options::default()
    }
}

/// Check `paths` in one run; a file the engine could not read is an error
/// naming it, as it makes the binary exit 2 and the scorers stop.
fn run(paths: &[PathBuf], options: &Options) -> Result<Vec<FileReport>, String> {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let report = engine::run(&names, options).map_err(|e| e.to_string())?;
    Ok(report.files)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

/// "met" or "not met".
fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "not met"
    }
}

/// `n/d (p%)`, the share as score-wice.py prints it (one decimal).
fn share(n: usize, d: usize) -> String {
    if d == 0 {
        return format!("{n}/{d} (n/a)");
    }
    format!("{n}/{d} ({:.1}%)", 100.0 * (n as f64 / d as f64))
}

/// A figure with its target: one aligned line.
fn line(what: &str, value: &str, target: &str, met: bool) {
    println!(
        "  {what:<50} {value:>16}   target {target:<10} {}",
        verdict(met)
    );
}

// --------------------------------------------------------------------------
// gensearch: CC101/CC102

#[derive(Deserialize)]
struct Statement {
    text: String,
    cited: bool,
    worthy: bool,
}

/// score-gensearch.py: every answer in one run with the default rules; a
/// statement is flagged when a CC101/CC102 span overlaps the bytes of its
/// first occurrence in the answer; statements not found are left out.
fn score_gensearch(dir: &Path) -> Result<(), String> {
    // Sorted by name, as the scorer's `sorted(labels)` (code-point order is
    // byte order in UTF-8).
    let labels: BTreeMap<String, Vec<Statement>> = read_json(&dir.join("labels.json"))?;
    let paths: Vec<PathBuf> = labels
        .keys()
        .map(|n| dir.join(format!("{n}.txt")))
        .collect();
    let files = run(&paths, &options(None))?;
    let mut by_name: HashMap<String, &FileReport> = HashMap::new();
    for f in &files {
        if let Some(e) = &f.error {
            return Err(format!("cannot check {}: {e}", f.source.path));
        }
        let base = Path::new(&f.source.path)
            .file_name()
            .map(|b| b.to_string_lossy().into_owned())
            .unwrap_or_default();
        by_name.insert(base, f);
    }
    // (worthy, worthy flagged), (unworthy, …), (cited, …)
    let (mut worthy, mut unworthy, mut cited) = ((0, 0), (0, 0), (0, 0));
    let mut not_found = 0;
    for (name, rows) in &labels {
        let path = dir.join(format!("{name}.txt"));
        let raw = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // Python's text mode reads "\r\n" and "\r" as "\n" and the scorer
        // takes offsets in that text, so the same is done here.
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let spans: Vec<(usize, usize)> = by_name
            .get(&format!("{name}.txt"))
            .map(|f| {
                f.diagnostics
                    .iter()
                    .filter(|d| CLAIM_CODES.contains(&d.code))
                    .map(|d| (d.span.start, d.span.end))
                    .collect()
            })
            .unwrap_or_default();
        for r in rows {
            // The first occurrence, as `str.find`: its byte range in UTF-8.
            let Some(start) = text.find(&r.text) else {
                not_found += 1;
                continue;
            };
            let end = start + r.text.len();
            let hit = spans.iter().any(|&(s, e)| s < end && start < e);
            let bucket = if r.cited {
                &mut cited
            } else if r.worthy {
                &mut worthy
            } else {
                &mut unworthy
            };
            bucket.0 += 1;
            bucket.1 += usize::from(hit);
        }
    }
    println!(
        "gensearch ({}): {} answers, {} statements scored{}",
        dir.display(),
        labels.len(),
        worthy.0 + unworthy.0 + cited.0,
        if not_found > 0 {
            format!(" ({not_found} not found in their answer, left out as the scorer does)")
        } else {
            String::new()
        }
    );
    // Integer comparisons, so a figure on the line is not lost to rounding.
    line(
        "uncited verification-worthy flagged (CC101/CC102)",
        &share(worthy.1, worthy.0),
        ">= 80%",
        worthy.0 > 0 && 5 * worthy.1 >= 4 * worthy.0,
    );
    line(
        "uncited unworthy flagged",
        &share(unworthy.1, unworthy.0),
        "<= 1 in 6",
        6 * unworthy.1 <= unworthy.0,
    );
    line(
        "cited statements flagged",
        &share(cited.1, cited.0),
        "0",
        cited.1 == 0,
    );
    Ok(())
}

// --------------------------------------------------------------------------
// WiCE: CC501

/// Precision, recall, F1 and balanced accuracy as score-wice.py's `prf`
/// computes them (NaN where a denominator is 0, F1 0 without a true
/// positive).
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    balanced_accuracy: f64,
}

fn prf(pairs: &[(bool, bool)]) -> Prf {
    let count = |want: (bool, bool)| pairs.iter().filter(|&&p| p == want).count();
    let (tp, fp, fn_, tn) = (
        count((true, true)),
        count((true, false)),
        count((false, true)),
        count((false, false)),
    );
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            f64::NAN
        } else {
            a as f64 / b as f64
        }
    };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if tp > 0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let tnr = ratio(tn, tn + fp);
    Prf {
        tp,
        fp,
        fn_,
        tn,
        precision,
        recall,
        f1,
        balanced_accuracy: (recall + tnr) / 2.0,
    }
}

/// Three decimals, or "n/a" for NaN, as score-wice.py's `fmt`.
fn three(x: f64) -> String {
    if x.is_nan() {
        "n/a".to_string()
    } else {
        format!("{x:.3}")
    }
}

/// Whether any report has a CC501, by path as given.
fn flagged_by_path(files: &[FileReport]) -> HashMap<String, Option<bool>> {
    files
        .iter()
        .map(|f| {
            let flagged = f
                .error
                .is_none()
                .then(|| f.diagnostics.iter().any(|d| d.code == "CC501"));
            (f.source.path.clone(), flagged)
        })
        .collect()
}

/// score-wice.py score: every case in one run with `--select CC501,CC404`
/// against `DIR/sources`; a claim is flagged when its file has a CC501; a
/// case whose file could not be checked is left out. The sanity controls
/// are run first when `DIR/controls/expect.json` is there.
fn score_wice(dir: &Path) -> Result<(), String> {
    let labels: BTreeMap<String, String> = read_json(&dir.join("labels.json"))?;
    let opts = |sources: &Path| -> Result<Options, String> {
        let saved = citecheck::sources::load(sources).map_err(|e| e.to_string())?;
        let mut o = options(Some(&["CC501", "CC404"]));
        o.links.saved = Some(Arc::new(saved.links()));
        Ok(o)
    };
    println!("wice ({}): {} claims", dir.display(), labels.len());

    let controls = dir.join("controls");
    let expect_path = controls.join("expect.json");
    if expect_path.is_file() {
        let expect: BTreeMap<String, bool> = read_json(&expect_path)?;
        let path_of = |n: &str| controls.join("cases").join(format!("{n}.txt"));
        let paths: Vec<PathBuf> = expect.keys().map(|n| path_of(n)).collect();
        let got = flagged_by_path(&run(&paths, &opts(&controls.join("sources"))?)?);
        let bad: Vec<&str> = expect
            .iter()
            .filter(|(n, want)| {
                got.get(&path_of(n).display().to_string())
                    .copied()
                    .flatten()
                    != Some(**want)
            })
            .map(|(n, _)| n.as_str())
            .collect();
        println!(
            "  sanity controls (page verbatim / unrelated / empty / not saved): {}/{} as expected{}",
            expect.len() - bad.len(),
            expect.len(),
            if bad.is_empty() {
                String::new()
            } else {
                format!(" — FAILED: {}", bad.join(", "))
            }
        );
    }

    let path_of = |n: &str| dir.join("cases").join(format!("{n}.txt"));
    let paths: Vec<PathBuf> = labels.keys().map(|n| path_of(n)).collect();
    let got = flagged_by_path(&run(&paths, &opts(&dir.join("sources"))?)?);
    // (label, flagged) of each case that has a result.
    let rows: Vec<(&str, bool)> = labels
        .iter()
        .filter_map(|(n, label)| {
            let flagged = got
                .get(&path_of(n).display().to_string())
                .copied()
                .flatten()?;
            Some((label.as_str(), flagged))
        })
        .collect();
    if rows.len() < labels.len() {
        println!(
            "  {} cases without a result, left out as the scorer does",
            labels.len() - rows.len()
        );
    }
    let per_label = |label: &str| {
        let of: Vec<bool> = rows
            .iter()
            .filter(|(l, _)| *l == label)
            .map(|&(_, f)| f)
            .collect();
        (of.iter().filter(|&&f| f).count(), of.len())
    };
    for label in LABELS {
        let (n, d) = per_label(label);
        // Integer comparisons, so a figure on the line is not lost to rounding.
        let (target, met) = match label {
            "supported" => ("<= 10%", 10 * n <= d),
            "partially_supported" => (">= 60%", d > 0 && 5 * n >= 3 * d),
            _ => (">= 90%", d > 0 && 10 * n >= 9 * d),
        };
        line(&format!("{label} flagged CC501"), &share(n, d), target, met);
    }
    // "Not fully supported" (partially + not, and any other label, as the
    // scorer's `l != "supported"`) is the positive class.
    let pairs: Vec<(bool, bool)> = rows
        .iter()
        .map(|&(label, flagged)| (flagged, label != "supported"))
        .collect();
    let m = prf(&pairs);
    println!(
        "  partially+not vs supported (n={}, positives={}): TP {} FP {} FN {} TN {}",
        pairs.len(),
        m.tp + m.fn_,
        m.tp,
        m.fp,
        m.fn_,
        m.tn
    );
    println!(
        "  precision {}  recall {}  F1 {}",
        three(m.precision),
        three(m.recall),
        three(m.f1)
    );
    line(
        "balanced accuracy",
        &three(m.balanced_accuracy),
        ">= 0.80",
        m.balanced_accuracy >= 0.80,
    );
    Ok(())
}
