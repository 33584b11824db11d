//! `citecheck PATH…`: one run of the engine, each file's output written as
//! soon as it is made, then the closing, the baseline or the statistics.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use citecheck::checks::registry;
use citecheck::engine::{self, FixOptions, LinkOptions, Options, Resolver};
use citecheck::report::format::{self, Emit, EmitOptions, Silent};
use citecheck::report::stream::{Stream, Totals};
use citecheck::report::{self, statistics, FileReport, Fixed, OutputFormat, Severity};

use super::output::{self, Stdout};

/// A baseline is a list of short entries; this is room for ~500,000.
const MAX_BASELINE_BYTES: u64 = 128 * 1024 * 1024;
use super::{ExitStatus, Failure, Outcome};
use crate::cli::{Cli, FailOn};

pub fn run(cli: &Cli, resolver: Resolver, format: OutputFormat) -> Outcome {
    if cli.statistics && matches!(format, OutputFormat::Sarif | OutputFormat::Github) {
        return Err(Failure::message(format!(
            "--statistics counts findings per rule, which has no {} form; use --format json, or the text table (the default)",
            format.as_str()
        )));
    }
    let (mode, overlay) = resolver.into_parts();
    let mut options = Options {
        config: mode,
        overlay,
        stdin_filename: cli.stdin_filename.clone(),
        force_exclude: cli.force_exclude,
        links: LinkOptions {
            offline: cli.offline,
            no_cache: cli.no_cache,
            cache_dir: cli.cache_dir.clone(),
            now: cli.now,
            ..LinkOptions::default()
        },
        jobs: cli.jobs.map(|n| n as usize),
        fix: (cli.fix || cli.diff).then_some(FixOptions {
            unsafe_fixes: cli.unsafe_fixes,
        }),
    };
    // `--fix -`: the fixed text is standard output, so the report goes to stderr.
    let report_to_stderr = cli.fix && cli.paths.iter().any(|p| p.as_os_str() == "-");
    if let Some(path) = &cli.sources {
        let saved = citecheck::sources::load(path).map_err(|e| Failure::message(e.to_string()))?;
        options.links.saved = Some(Arc::new(saved.links()));
    }
    let bar = output::progress_bar(cli, format);
    if let Some(bar) = &bar {
        options.links.on_start = Some(output::progress_start(bar.clone()));
        let b = bar.clone();
        options.links.progress = Some(Arc::new(move |done, _total| b.set_position(done as u64)));
    }
    if let Some(path) = &cli.write_baseline {
        refuse_input_as_output(cli, path, "the baseline")?;
    }
    let known = match &cli.baseline {
        None => None,
        Some(path) => Some(
            // Bounded and regular files only: a FIFO named as the baseline
            // must not hang the run.
            citecheck::atomic::read_regular_text(path, MAX_BASELINE_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|t| report::baseline::parse(&t).map_err(|e| e.to_string()))
                .map_err(|e| {
                    Failure::message(format!("cannot use baseline {}: {e}", path.display()))
                })?,
        ),
    };
    let known_set: Option<HashSet<&report::baseline::Entry>> =
        known.as_ref().map(|b| b.findings.iter().collect());
    let mut matched: HashSet<report::baseline::Entry> = HashSet::new();
    let mut checked: HashSet<String> = HashSet::new();
    let emit: Box<dyn Emit> = if cli.statistics || cli.write_baseline.is_some() || cli.diff {
        Box::new(Silent)
    } else {
        format::emitter(
            format,
            EmitOptions {
                style: output::style(cli, format),
                summary: !cli.quiet,
                rules: registry::catalogue(),
            },
        )
    };
    let mut stream = Stream::new(emit);
    let mut out = match &cli.output_file {
        None => Stdout::new(),
        Some(path) => {
            refuse_input_as_output(cli, path, "the report")?;
            Stdout::file(path)
                .map_err(|e| Failure::message(format!("cannot write {}: {e}", path.display())))?
        }
    };
    let mut recorded = Vec::new();
    let mut started = false;
    let mut fixes = FixTally::default();
    let run = engine::run_streaming(&cli.paths, &options, |mut file| {
        if !started {
            started = true;
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            report_out(&mut out, report_to_stderr, &stream.header());
        }
        if let Some(fixed) = file.fixed.take() {
            fixes.file(cli, &mut out, &mut file, &fixed);
        }
        if let Some(known) = &known_set {
            checked.insert(report::baseline::entry_path(&file));
            matched.extend(report::baseline::filter_file(&mut file, known));
        }
        if cli.write_baseline.is_some() {
            recorded.extend(report::baseline::entries(&file));
        }
        if report_to_stderr {
            report_out(&mut out, report_to_stderr, &stream.file(&file));
        } else {
            out.write_with(|w| stream.write_file(&file, w));
        }
        if out.terminal {
            out.flush();
        }
        if out.closed {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for notice in &run?.notices {
        eprintln!("{}", output::notice(notice));
    }
    if !started {
        report_out(&mut out, report_to_stderr, &stream.header());
    }
    let (footer, totals) = stream.finish();
    // Human output shows unreadable files among the findings; machine
    // formats only inside the document, which a person running CI may
    // never open.
    if !format.is_human() {
        for (path, error) in &totals.failures {
            eprintln!("error: {path}: {error}");
        }
    }
    if let (Some(baseline), Some(path)) = (&known, &cli.baseline) {
        let usage = report::baseline::usage(baseline, &checked, &matched);
        eprint!(
            "{}",
            report::baseline::usage_text(&usage, &path.display().to_string())
        );
    }
    if let Some(path) = &cli.write_baseline {
        // A baseline without an unreadable file's findings would hide them
        // all once the file reads again.
        if !totals.failures.is_empty() {
            if format.is_human() {
                for (path, error) in &totals.failures {
                    eprintln!("error: {path}: {error}");
                }
            }
            return Err(Failure::message(format!(
                "not writing baseline {}: {} input{} could not be read",
                path.display(),
                totals.failures.len(),
                if totals.failures.len() == 1 { "" } else { "s" }
            )));
        }
        let baseline = report::baseline::from_entries(recorded);
        citecheck::atomic::write_named(path, report::baseline::to_json(&baseline).as_bytes())
            .map_err(|e| {
                Failure::message(format!("cannot write baseline {}: {e}", path.display()))
            })?;
        eprintln!(
            "wrote {} findings to {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(ExitStatus::Success);
    }
    if cli.statistics {
        report_out(
            &mut out,
            report_to_stderr,
            &if format.is_json() {
                statistics::render_json(&totals)
            } else {
                statistics::render_text(&totals)
            },
        );
    } else {
        report_out(&mut out, report_to_stderr, &footer);
    }
    if cli.diff {
        out.flush();
        let n = fixes.applied;
        eprintln!(
            "would apply {n} fix{} to {} file{}",
            if n == 1 { "" } else { "es" },
            fixes.files,
            if fixes.files == 1 { "" } else { "s" }
        );
        return Ok(if !totals.failures.is_empty() {
            ExitStatus::Error
        } else if fixes.files > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        });
    }
    if cli.fix {
        out.flush();
        let n = fixes.applied;
        eprintln!("{n} fix{} applied", if n == 1 { "" } else { "es" });
    }
    out.flush();
    if let Some(e) = out.error.take() {
        let target = cli.output_file.as_ref().map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        );
        return Err(Failure::message(format!(
            "cannot write the report to {target}: {e}"
        )));
    }
    Ok(status(&totals, cli.fail_on))
}

/// `-o` or `--write-baseline` naming a file being checked would destroy it.
fn refuse_input_as_output(cli: &Cli, output: &std::path::Path, what: &str) -> Result<(), Failure> {
    let Ok(target) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    for input in &cli.paths {
        let Ok(p) = std::fs::canonicalize(input) else {
            continue;
        };
        if p == target || (p.is_dir() && target.starts_with(&p) && is_article(&target)) {
            return Err(Failure::message(format!(
                "refusing to write {what} over {}, which is being checked",
                output.display()
            )));
        }
    }
    Ok(())
}

/// Whether a directory walk would check this file.
fn is_article(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["txt", "md", "markdown"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The report's text, on stdout or (for `--fix -`) on stderr.
fn report_out(out: &mut Stdout, to_stderr: bool, s: &str) {
    if to_stderr {
        eprint!("{s}");
    } else {
        out.write(s);
    }
}

/// What `--fix` and `--diff` did over the run.
#[derive(Default)]
struct FixTally {
    /// Fixes applied (or, with `--diff`, that would be).
    applied: usize,
    /// Files changed (or that would be).
    files: usize,
}

impl FixTally {
    /// One file's fixes: its diff printed (`--diff`), its fixed text
    /// written back or printed (`--fix`). A file that cannot be written
    /// becomes a failed report (exit 2), the file as it was.
    fn file(&mut self, cli: &Cli, out: &mut Stdout, file: &mut FileReport, fixed: &Fixed) {
        let path = file.source.path.clone();
        for note in &fixed.notes {
            eprintln!("{}", output::notice(&format!("{path}: note: {note}")));
        }
        let changed = fixed.changed(file);
        if cli.diff {
            out.write(&report::diff::unified(
                &path,
                &fixed.original,
                &file.source.text,
            ));
        } else if fixed.stdin {
            out.write(&file.source.text);
        } else if changed {
            let target = fixed.file.as_deref().unwrap_or(Path::new(&path));
            if let Err(e) =
                citecheck::source::write_fixed(target, &fixed.original, &file.source.text)
            {
                *file = FileReport::failed(path, format!("fixes not written: {e}"));
                return;
            }
            eprintln!(
                "{path}: {} fix{} applied",
                fixed.applied,
                if fixed.applied == 1 { "" } else { "es" }
            );
        }
        if changed {
            self.applied += fixed.applied;
            self.files += 1;
        }
        file.fixed = Some(fixed.clone());
    }
}

/// The lowest severity that fails the run.
pub fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn status(totals: &Totals, fail_on: FailOn) -> ExitStatus {
    if !totals.failures.is_empty() {
        return ExitStatus::Error;
    }
    match (threshold(fail_on), totals.max_severity) {
        (Some(t), Some(max)) if max >= t => ExitStatus::Failure,
        _ => ExitStatus::Success,
    }
}
