//! The binary's work: validated settings from the command line, one run of
//! the engine, output written to stdout, and the exit status.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::sync::Arc;

use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use citecheck::checks::registry;
use citecheck::checks::selection::Selection;
use citecheck::engine::{self, ConfigMode, LinkOptions, Options, Overrides};
use citecheck::report::stream::{Emitter, Output, Totals};
use citecheck::report::{self, human, Severity};

use crate::cli::{Cli, ColorChoice, Command, FailOn, OutputFormat, SourcesCommand};

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
    let mut cli = match Cli::try_parse() {
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
    if cli.format.is_none() {
        cli.format = match configured_format(&cli) {
            Ok(f) => f,
            Err(status) => return status,
        };
    }
    match &cli.command {
        Some(Command::Rules) => {
            let out = match format(&cli) {
                OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Sarif => {
                    report::rules_table::render_json()
                }
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
        Some(Command::Config { show, schema }) => {
            if *schema {
                write_out(&citecheck::config::json_schema());
                return ExitStatus::Success;
            }
            let path = show
                .clone()
                .unwrap_or_else(|| std::path::PathBuf::from("."));
            return show_config(&cli, &path);
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "citecheck", &mut out);
            write_out(&String::from_utf8_lossy(&out));
            return ExitStatus::Success;
        }
        Some(Command::Sources {
            action:
                SourcesCommand::Fetch {
                    paths,
                    into,
                    allow_private,
                    timeout,
                },
        }) => return sources_fetch(&cli, paths, into, *allow_private, *timeout),
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            return match clap_mangen::Man::new(cmd).render(&mut out) {
                Ok(()) => {
                    write_out(&String::from_utf8_lossy(&out));
                    ExitStatus::Success
                }
                Err(e) => {
                    eprintln!("error: cannot render the man page: {e}");
                    ExitStatus::Error
                }
            };
        }
        None => {}
    }
    if cli.paths.is_empty() && !cli.stdin_jsonl {
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
        force_exclude: cli.force_exclude,
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
        jobs: cli.jobs.map(|n| n as usize),
    };
    // Unknown selectors on the command line are usage errors, whatever the files say.
    if let Err(e) = Selection::new(cli.select.as_deref(), &cli.extend_select, &cli.ignore) {
        eprintln!("error: {e}");
        return ExitStatus::Error;
    }
    if cli.stdin_jsonl {
        return batch(&cli, &options);
    }
    if let Some(path) = &cli.sources {
        match citecheck::sources::load(path) {
            Ok(saved) => options.links.saved = Some(Arc::new(saved.links())),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitStatus::Error;
            }
        }
    }
    let bar = progress_bar(&cli);
    if let Some(bar) = &bar {
        options.links.on_start = Some(progress_start(bar.clone()));
        let b = bar.clone();
        options.links.progress = Some(Arc::new(move |done, _total| b.set_position(done as u64)));
    }
    let known = match &cli.baseline {
        None => None,
        Some(path) => {
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| report::baseline::parse(&t).map_err(|e| e.to_string()));
            match parsed {
                Ok(baseline) => Some(baseline),
                Err(e) => {
                    eprintln!("error: cannot use baseline {}: {e}", path.display());
                    return ExitStatus::Error;
                }
            }
        }
    };
    let known: Option<HashSet<&report::baseline::Entry>> =
        known.as_ref().map(|b| b.findings.iter().collect());
    let output = if cli.statistics || cli.write_baseline.is_some() {
        Output::Totals
    } else {
        match format(&cli) {
            OutputFormat::Json => Output::Json,
            OutputFormat::Jsonl => Output::Jsonl,
            OutputFormat::Concise => Output::Concise,
            OutputFormat::Sarif => Output::Sarif,
            OutputFormat::Github => Output::Github,
            OutputFormat::Human | OutputFormat::Narrated => Output::Human {
                style: style(&cli),
                summary: !cli.quiet,
            },
        }
    };
    let mut emitter = Emitter::new(output);
    let mut out = Stdout::new();
    let mut recorded = Vec::new();
    let mut started = false;
    let run = engine::run_streaming(&cli.paths, &options, |mut file| {
        if !started {
            started = true;
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            out.write(&emitter.header());
        }
        if let Some(known) = &known {
            report::baseline::filter_file(&mut file, known);
        }
        if cli.write_baseline.is_some() {
            recorded.extend(report::baseline::entries(&file));
        }
        out.write(&emitter.file(&file));
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
    match run {
        Ok(done) => {
            for notice in &done.notices {
                eprintln!("{notice}");
            }
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitStatus::Error;
        }
    }
    if !started {
        out.write(&emitter.header());
    }
    let (footer, totals) = emitter.finish();
    if let Some(path) = &cli.write_baseline {
        let baseline = report::baseline::from_entries(recorded);
        return match write_atomically(path, &report::baseline::to_json(&baseline)) {
            Ok(()) => {
                eprintln!(
                    "wrote {} findings to {}",
                    baseline.findings.len(),
                    path.display()
                );
                ExitStatus::Success
            }
            Err(e) => {
                eprintln!("error: cannot write baseline {}: {e}", path.display());
                ExitStatus::Error
            }
        };
    }
    if cli.statistics {
        out.write(&match format(&cli) {
            OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Sarif => {
                statistics_json(&totals)
            }
            _ => statistics(&totals),
        });
    } else {
        out.write(&footer);
    }
    status(&totals, cli.fail_on)
}

/// `--stdin-jsonl`: records from stdin, checked on `--jobs` threads, one
/// output line each, in input order. A malformed record is an error line and
/// does not change the exit code; findings do, as with files.
fn batch(cli: &Cli, options: &Options) -> ExitStatus {
    let anchor = std::path::PathBuf::from(cli.stdin_filename.as_deref().unwrap_or("-"));
    let settings = match engine::settings_for(&anchor, options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitStatus::Error;
        }
    };
    let threads = citecheck::parallel::effective_jobs(options.jobs);
    let mut stdin = std::io::BufReader::new(std::io::stdin());
    let mut read_error = None;
    let mut number = 0usize;
    let lines = std::iter::from_fn(|| {
        let mut line = Vec::new();
        match std::io::BufRead::read_until(&mut stdin, b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                number += 1;
                Some((number, line))
            }
            Err(e) => {
                read_error = Some(e);
                None
            }
        }
    });
    let mut out = Stdout::new();
    let mut worst = None;
    let fail_at = threshold(cli.fail_on);
    citecheck::parallel::ordered_map(
        lines,
        threads,
        |(n, line)| citecheck::batch::check_line(&line, n, &settings),
        |result| {
            worst = worst.max(batch_severity(&result));
            out.write(&result);
            out.write("\n");
            out.flush();
            if out.closed {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    if let Some(e) = read_error {
        eprintln!("error: cannot read standard input: {e}");
        return ExitStatus::Error;
    }
    match (fail_at, worst) {
        (Some(t), Some(max)) if max >= t => ExitStatus::Failure,
        _ => ExitStatus::Success,
    }
}

/// The highest severity in one batch output line.
fn batch_severity(line: &str) -> Option<Severity> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    v["diagnostics"]
        .as_array()?
        .iter()
        .filter_map(|d| match d["severity"].as_str()? {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        })
        .max()
}

/// Standard output, buffered; a closed pipe (`citecheck … | head`) is noted
/// once and every later write skipped, so the run ends quietly.
struct Stdout {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
    /// A person is watching: show each file's findings as soon as they are made.
    terminal: bool,
}

impl Stdout {
    fn new() -> Stdout {
        Stdout {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            closed: false,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    fn write(&mut self, s: &str) {
        if self.closed || s.is_empty() {
            return;
        }
        if self.out.write_all(s.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    fn flush(&mut self) {
        if !self.closed && self.out.flush().is_err() {
            self.closed = true;
        }
    }
}

impl Drop for Stdout {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A progress bar for the link stage: on a terminal, for human output only.
fn progress_bar(cli: &Cli) -> Option<ProgressBar> {
    let human = matches!(format(cli), OutputFormat::Human | OutputFormat::Narrated);
    if cli.offline
        || cli.sources.is_some()
        || cli.quiet
        || cli.statistics
        || !human
        || !std::io::stderr().is_terminal()
    {
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

fn style(cli: &Cli) -> human::Style {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    let narrated = format(cli) == OutputFormat::Narrated
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

fn format(cli: &Cli) -> OutputFormat {
    cli.format.unwrap_or(OutputFormat::Human)
}

/// The `format` key of the configuration for the current directory, when
/// neither `--format` nor `CITECHECK_FORMAT` chose one.
fn configured_format(cli: &Cli) -> Result<Option<OutputFormat>, ExitStatus> {
    let path = match (&cli.config, cli.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|d| citecheck::config::discover(&d)),
    };
    let Some(path) = path else { return Ok(None) };
    match citecheck::config::load(&path) {
        Ok(config) => Ok(config
            .format
            .and_then(|f| <OutputFormat as clap::ValueEnum>::from_str(&f, true).ok())),
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            Err(ExitStatus::Error)
        }
    }
}

/// `citecheck config --show PATH`: the file that applies and the merged settings.
fn show_config(cli: &Cli, path: &std::path::Path) -> ExitStatus {
    let anchor = if path.is_dir() {
        path.join("citecheck.toml")
    } else {
        path.to_path_buf()
    };
    let dir = std::path::absolute(&anchor)
        .ok()
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let config_path = match (&cli.config, cli.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => citecheck::config::discover(&dir),
    };
    let config = match &config_path {
        Some(p) => match citecheck::config::load(p) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{:?}", miette::Report::new(e));
                return ExitStatus::Error;
            }
        },
        None => citecheck::config::Config::default(),
    };
    let overrides = Overrides {
        select: cli.select.clone(),
        extend_select: cli.extend_select.clone(),
        ignore: cli.ignore.clone(),
    };
    let settings = match engine::Settings::new(config, &overrides, config_path.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Error;
        }
    };
    let enabled: Vec<&str> = registry::RULES
        .iter()
        .filter(|r| settings.selection.is_enabled(r.code))
        .map(|r| r.code)
        .collect();
    let mut out = format!(
        "# configuration file: {}\n# enabled rules: {}\n",
        config_path.as_ref().map_or_else(
            || "none (built-in defaults)".to_string(),
            |p| p.display().to_string()
        ),
        enabled.join(" ")
    );
    out.push_str(&toml::to_string_pretty(&settings.config).unwrap_or_default());
    write_out(&out);
    ExitStatus::Success
}

/// `--statistics` in machine formats: the same counts as an object.
fn statistics_json(totals: &Totals) -> String {
    let rows: Vec<serde_json::Value> = totals
        .rule_counts()
        .into_iter()
        .map(
            |(count, code, rule)| serde_json::json!({ "count": count, "code": code, "rule": rule }),
        )
        .collect();
    let errors: Vec<serde_json::Value> = totals
        .failures
        .iter()
        .map(|(path, error)| serde_json::json!({ "path": path, "error": error }))
        .collect();
    let doc =
        serde_json::json!({ "statistics": rows, "errors": errors, "summary": totals.summary });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// `--statistics`: one line per rule with its count, most frequent first.
fn statistics(totals: &Totals) -> String {
    let mut out = String::new();
    for (n, code, rule) in totals.rule_counts() {
        out.push_str(&format!("{n:>6}  {code}  {rule}\n"));
    }
    for (path, error) in &totals.failures {
        out.push_str(&format!("error: {path}: {error}\n"));
    }
    out
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
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

/// Write a file by writing a sibling temporary file and renaming it over,
/// so a reader never sees half a file.
fn write_atomically(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Write to stdout; a closed pipe (`citecheck … | head`) ends output quietly.
fn write_out(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush());
}

/// `citecheck sources fetch PATH… --into DIR`: save every cited page.
fn sources_fetch(
    cli: &Cli,
    paths: &[String],
    into: &std::path::Path,
    allow_private: bool,
    timeout: Option<std::time::Duration>,
) -> ExitStatus {
    if cli.offline {
        eprintln!(
            "error: `sources fetch` needs the network, but --offline (or CITECHECK_OFFLINE) is set"
        );
        return ExitStatus::Error;
    }
    let config_path = match (&cli.config, cli.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|d| citecheck::config::discover(&d)),
    };
    let config = match config_path.as_deref().map(citecheck::config::load) {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitStatus::Error;
        }
        None => citecheck::config::Config::default(),
    };
    let mut opts = citecheck::net::NetOptions::from_config(&config.links);
    opts.allow_private |= allow_private;
    if let Some(t) = timeout {
        opts.timeout = t;
    }
    opts.archive = None;
    opts.soft_404_probe = false;
    match citecheck::sources::fetch::run(paths, into, &opts) {
        Ok(done) => {
            for notice in &done.notices {
                eprintln!("{notice}");
            }
            for (url, why) in &done.failed {
                eprintln!("warning: not saved: {url}: {why}");
            }
            eprintln!(
                "saved {} page{} in {} ({} request{})",
                done.saved.len(),
                if done.saved.len() == 1 { "" } else { "s" },
                done.manifest.display(),
                done.requests,
                if done.requests == 1 { "" } else { "s" },
            );
            ExitStatus::Success
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitStatus::Error
        }
    }
}
