//! `citecheck PATH…`: one run of the engine, each file's output written as
//! soon as it is made, then the closing, the baseline or the statistics.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::sync::Arc;

use citecheck::checks::registry;
use citecheck::engine::{self, LinkOptions, Options, Resolver};
use citecheck::report::format::{self, Emit, EmitOptions, Silent};
use citecheck::report::stream::{Stream, Totals};
use citecheck::report::{self, statistics, OutputFormat, Severity};

use super::output::{self, Stdout};
use super::{ExitStatus, Failure, Outcome};
use crate::cli::{Cli, FailOn};

pub fn run(cli: &Cli, resolver: Resolver, format: OutputFormat) -> Outcome {
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
            ..LinkOptions::default()
        },
        jobs: cli.jobs.map(|n| n as usize),
    };
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
    let known = match &cli.baseline {
        None => None,
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| report::baseline::parse(&t).map_err(|e| e.to_string()))
                .map_err(|e| {
                    Failure::message(format!("cannot use baseline {}: {e}", path.display()))
                })?,
        ),
    };
    let known: Option<HashSet<&report::baseline::Entry>> =
        known.as_ref().map(|b| b.findings.iter().collect());
    let emit: Box<dyn Emit> = if cli.statistics || cli.write_baseline.is_some() {
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
    let mut out = Stdout::new();
    let mut recorded = Vec::new();
    let mut started = false;
    let run = engine::run_streaming(&cli.paths, &options, |mut file| {
        if !started {
            started = true;
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            out.write(&stream.header());
        }
        if let Some(known) = &known {
            report::baseline::filter_file(&mut file, known);
        }
        if cli.write_baseline.is_some() {
            recorded.extend(report::baseline::entries(&file));
        }
        out.write(&stream.file(&file));
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
        eprintln!("{notice}");
    }
    if !started {
        out.write(&stream.header());
    }
    let (footer, totals) = stream.finish();
    if let Some(path) = &cli.write_baseline {
        let baseline = report::baseline::from_entries(recorded);
        citecheck::atomic::write_atomic(path, report::baseline::to_json(&baseline).as_bytes())
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
        out.write(&if format.is_json() {
            statistics::render_json(&totals)
        } else {
            statistics::render_text(&totals)
        });
    } else {
        out.write(&footer);
    }
    Ok(status(&totals, cli.fail_on))
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
