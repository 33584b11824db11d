//! The binary's commands, one file each. Each returns an exit status, or a
//! [`Failure`] that `main` reports once; the flags become settings in one
//! place, [`resolver`].

mod batch;
mod check;
mod completions;
mod config;
mod explain;
mod man;
mod output;
mod rules;
mod server;
mod sources;

use citecheck::engine::{ConfigMode, Overlay, Resolver};
use citecheck::report::OutputFormat;

use crate::cli::{Cli, Command, SourcesCommand};

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

/// Why a command could not do its work (exit 2).
#[derive(Debug)]
pub enum Failure {
    /// Printed as `error: …`.
    Message(String),
    /// A diagnostic (a configuration error pointing at its key), printed by
    /// miette's handler.
    Diagnostic(miette::Report),
}

impl Failure {
    pub fn message(m: impl Into<String>) -> Failure {
        Failure::Message(m.into())
    }
}

impl<E: miette::Diagnostic + Send + Sync + 'static> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Diagnostic(miette::Report::new(e))
    }
}

pub type Outcome = Result<ExitStatus, Failure>;

pub fn run(cli: &Cli) -> Outcome {
    let mut resolver = resolver(cli);
    match &cli.command {
        Some(Command::Rules) => rules::run(format(cli, &mut resolver)?),
        Some(Command::Explain { rule }) => explain::run(rule),
        Some(Command::Config { show, schema }) => {
            config::run(&mut resolver, show.as_deref(), *schema)
        }
        Some(Command::Completions { shell }) => completions::run(*shell),
        Some(Command::Man { page }) => man::run(page),
        Some(Command::Sources {
            action: SourcesCommand::Fetch { paths, into, .. },
        }) => sources::fetch(cli, &mut resolver, paths, into),
        Some(Command::Server {
            offline,
            no_cache,
            cache_dir,
            allow_private,
        }) => server::run(cli, *offline, *no_cache, cache_dir.clone(), *allow_private),
        None => {
            if cli.paths.is_empty() && !cli.stdin_jsonl {
                return Err(Failure::message("no paths given; try `citecheck article.txt`, `citecheck docs/` or `citecheck -` for stdin (see --help)"));
            }
            // Unknown selectors on the command line are usage errors,
            // whatever the files say.
            overlay(cli)
                .validate()
                .map_err(|e| Failure::message(e.to_string()))?;
            let format = format(cli, &mut resolver)?;
            if cli.stdin_jsonl {
                batch::run(cli, &mut resolver)
            } else {
                check::run(cli, resolver, format)
            }
        }
    }
}

/// Where configuration comes from, by `--config` and `--no-config`.
pub fn config_mode(cli: &Cli) -> ConfigMode {
    match (&cli.config, cli.no_config) {
        (Some(path), _) => ConfigMode::File(path.clone()),
        (None, true) => ConfigMode::Disabled,
        (None, false) => ConfigMode::Discover,
    }
}

/// The command line as an overlay over every configuration.
pub fn overlay(cli: &Cli) -> Overlay {
    // `sources fetch` takes the two link flags it needs as its own.
    let (allow_private, timeout) = match &cli.command {
        Some(Command::Sources {
            action:
                SourcesCommand::Fetch {
                    allow_private,
                    timeout,
                    ..
                },
        }) => (*allow_private, *timeout),
        _ => (cli.allow_private, cli.timeout),
    };
    Overlay {
        format: cli.format,
        select: cli.select.clone(),
        extend_select: cli.extend_select.clone(),
        ignore: cli.ignore.clone(),
        timeout,
        concurrency: cli.max_concurrency.map(|n| n as usize),
        allow_private,
        no_archive: cli.no_archive,
        exclude_urls: cli.exclude.clone(),
    }
}

/// The one resolver every command uses.
pub fn resolver(cli: &Cli) -> Resolver {
    Resolver::new(config_mode(cli), overlay(cli))
}

/// `--format` (or `CITECHECK_FORMAT`), else the run configuration's
/// `format`, else human.
fn format(cli: &Cli, resolver: &mut Resolver) -> Result<OutputFormat, Failure> {
    if let Some(f) = cli.format {
        return Ok(f);
    }
    let run = resolver.run_settings()?;
    Ok(run.config.format.unwrap_or(OutputFormat::Human))
}
