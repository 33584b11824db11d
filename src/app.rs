//! The binary's work: validated settings from the command line, one run of
//! the engine, output written to stdout, and the exit status.

use std::io::{IsTerminal, Write};

use std::sync::Arc;

use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use citecheck::checks::registry;
use citecheck::checks::selection::Selection;
use citecheck::engine::{self, ConfigMode, LinkOptions, Options, Overrides};
use citecheck::report::{self, human, Report, Severity};

use crate::cli::{Cli, ColorChoice, Command, FailOn, OutputFormat};

/// The process outcome; `main` maps it to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the --fail-on level.
    Success,
    /// Findings at or above the --fail-on level.
    Failure,
    /// Usage, configuration or I/O error.
    Error,
}

pub fn run() -> ExitStatus {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    match &cli.command {
        Some(Command::Rules) => {
            let out = match cli.format {
                OutputFormat::Json | OutputFormat::Jsonl => report::rules_table::render_json(),
                _ => report::rules_table::render_table(),
            };
            write_out(&out);
            return ExitStatus::Success;
        }
        Some(Command::Explain { rule }) => {
            return match registry::lookup(rule) {
                Some(r) => {
                    write_out(&registry::explain(r));
                    ExitStatus::Success
                }
                None => {
                    eprintln!("error: unknown rule `{rule}`; `citecheck rules` lists them all");
                    ExitStatus::Error
                }
            };
        }
        None => {}
    }
    if cli.paths.is_empty() {
        eprintln!("error: no paths given; try `citecheck article.txt`, `citecheck docs/` or `citecheck -` for stdin (see --help)");
        return ExitStatus::Error;
    }
    let mut options = Options {
        config: match (&cli.config, cli.no_config) {
            (Some(path), _) => ConfigMode::File(path.clone()),
            (None, true) => ConfigMode::Disabled,
            (None, false) => ConfigMode::Discover,
        },
        overrides: Overrides {
            select: cli.select.clone(),
            extend_select: cli.extend_select.clone(),
            ignore: cli.ignore.clone(),
        },
        stdin_filename: cli.stdin_filename.clone(),
        links: LinkOptions {
            offline: cli.offline,
            no_cache: cli.no_cache,
            cache_dir: cli.cache_dir.clone(),
            timeout: cli.timeout,
            max_concurrency: cli.max_concurrency.map(|n| n as usize),
            allow_private: cli.allow_private,
            no_archive: cli.no_archive,
            exclude: cli.exclude.clone(),
            ..LinkOptions::default()
        },
    };
    let bar = progress_bar(&cli);
    if let Some(bar) = &bar {
        options.links.on_start = Some(progress_start(bar.clone()));
        let b = bar.clone();
        options.links.progress = Some(Arc::new(move |done, _total| b.set_position(done as u64)));
    }
    // Unknown selectors on the command line are usage errors, whatever the files say.
    if let Err(e) = Selection::new(cli.select.as_deref(), &cli.extend_select, &cli.ignore) {
        eprintln!("error: {e}");
        return ExitStatus::Error;
    }
    let run = engine::run_full(&cli.paths, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = match run {
        Ok(run) => {
            for notice in &run.notices {
                eprintln!("{notice}");
            }
            run.report
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitStatus::Error;
        }
    };
    write_out(&render(&cli, &report));
    status(&report, cli.fail_on)
}

/// A progress bar for the link stage: on a terminal, for human output only.
fn progress_bar(cli: &Cli) -> Option<ProgressBar> {
    let human = matches!(cli.format, OutputFormat::Human | OutputFormat::Narrated);
    if cli.offline || cli.quiet || cli.statistics || !human || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Show the bar only when there are more than a handful of URLs.
fn progress_start(bar: ProgressBar) -> Arc<dyn Fn(usize) + Send + Sync> {
    Arc::new(move |total| {
        if total > 5 {
            bar.set_length(total as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    })
}

fn render(cli: &Cli, report: &Report) -> String {
    if cli.statistics {
        return statistics(report);
    }
    match cli.format {
        OutputFormat::Json => report::json::render(report),
        OutputFormat::Jsonl => report::json::render_lines(report),
        OutputFormat::Concise => report::concise::render(report),
        OutputFormat::Human | OutputFormat::Narrated => {
            let style = style(cli);
            let mut out = human::render(report, style);
            if !cli.quiet {
                out.push_str(&human::summary_line(report));
            }
            out
        }
    }
}

fn style(cli: &Cli) -> human::Style {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    let narrated = cli.format == OutputFormat::Narrated
        || std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty() && v != "0");
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100);
    human::Style {
        color,
        unicode: tty || cli.color == ColorChoice::Always,
        links: tty && color,
        width,
        narrated,
    }
}

/// `--statistics`: one line per rule with its count, most frequent first.
fn statistics(report: &Report) -> String {
    let mut counts: Vec<(usize, &str, &str)> = Vec::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        match counts.iter_mut().find(|(_, code, _)| *code == d.code) {
            Some(entry) => entry.0 += 1,
            None => counts.push((1, d.code, d.rule)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out = String::new();
    for (n, code, rule) in counts {
        out.push_str(&format!("{n:>6}  {code}  {rule}\n"));
    }
    for f in report.failures() {
        out.push_str(&format!(
            "error: {}: {}\n",
            f.source.path,
            f.error.as_deref().unwrap_or("")
        ));
    }
    out
}

fn status(report: &Report, fail_on: FailOn) -> ExitStatus {
    if report.failures().next().is_some() {
        return ExitStatus::Error;
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    match (threshold, report.max_severity()) {
        (Some(t), Some(max)) if max >= t => ExitStatus::Failure,
        _ => ExitStatus::Success,
    }
}

/// Write to stdout; a closed pipe (`citecheck … | head`) ends output quietly.
fn write_out(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush());
}
