//! Command-line types (clap derive). Every flag is defined here once; `app`
//! turns them into validated settings.

pub use citecheck::report::OutputFormat;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "citecheck",
    version,
    about = "A citation-integrity linter: checks markers, reference lists, claims and links",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, configuration or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories to check (directories are walked for .txt, .md and
    /// .markdown, honouring .gitignore); "-" reads standard input.
    // Paths, not strings: a file name need not be UTF-8.
    #[arg(value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,

    /// Output format [default: the `format` key of citecheck.toml, else human].
    #[arg(long, value_enum, global = true, env = "CITECHECK_FORMAT")]
    pub format: Option<OutputFormat>,

    /// Rules to run, replacing the default set: codes, code prefixes or names (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = RuleSelector, hide_possible_values = true)]
    pub select: Option<Vec<String>>,

    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = RuleSelector, hide_possible_values = true)]
    pub extend_select: Vec<String>,

    /// Rules not to run (wins over --select).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = RuleSelector, hide_possible_values = true)]
    pub ignore: Vec<String>,

    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Name (and so format) to report for standard input.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,

    /// When to use colour in human output (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print diagnostics only: no closing summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Print a count per rule instead of each diagnostic.
    #[arg(long)]
    pub statistics: bool,

    /// Use this configuration file for every input instead of discovering
    /// citecheck.toml / .citecheck.toml above each file.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config", global = true)]
    pub config: Option<std::path::PathBuf>,

    /// Ignore configuration files; use built-in defaults and flags only.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Apply the configuration's `exclude` globs to files named on the
    /// command line too (as pre-commit passes them).
    #[arg(long)]
    pub force_exclude: bool,

    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,

    /// Record today's findings in this baseline file (written atomically) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<std::path::PathBuf>,

    #[arg(long, help = offline_help(), env = "CITECHECK_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,

    /// Threads reading and checking files (default: every core).
    #[arg(long, short = 'j', value_name = "N", env = "CITECHECK_JOBS", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub jobs: Option<u32>,

    /// Batch mode: read one JSON record per line from standard input
    /// ({"id": …, "text": …, "format": "markdown"|"text"}) and write one JSON
    /// line per record, in order. Runs the offline rules only.
    #[arg(long, conflicts_with_all = ["paths", "baseline", "write_baseline", "statistics"])]
    pub stdin_jsonl: bool,

    /// Apply the safe fixes and write each fixed file (atomically, and only
    /// if it has not changed since it was read); with "-", print the fixed
    /// text on stdout and the report on stderr.
    #[arg(long, conflicts_with_all = ["diff", "stdin_jsonl", "write_baseline"])]
    pub fix: bool,

    /// With --fix or --diff, apply the unsafe fixes too (they may change what
    /// the text says or cites: see the README's "Fixes").
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change and change nothing;
    /// exit 1 when there is something to change, 0 when not.
    #[arg(long, conflicts_with_all = ["stdin_jsonl", "write_baseline", "statistics"])]
    pub diff: bool,

    /// Do not read or write the link cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Where the link cache lives (default: the platform's cache directory).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<std::path::PathBuf>,

    /// Date this run's link checks (Unix seconds) in the link history
    /// instead of by the clock: for tests and replays, so hidden.
    #[arg(long, env = "CITECHECK_NOW", hide = true, value_name = "SECONDS")]
    pub now: Option<u64>,

    /// Total time for one request: "10s", "500ms", or seconds.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Requests in flight at once, over all hosts.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_concurrency: Option<u32>,

    /// Check links to loopback, private and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,

    /// Do not look dead links up in the web archive.
    #[arg(long)]
    pub no_archive: bool,

    /// Do not check URLs matching this regular expression (repeatable).
    #[arg(long, value_name = "REGEX", value_parser = parse_regex)]
    pub exclude: Vec<String>,

    /// Write the report to this file instead of standard output (created or
    /// replaced; never one of the files being checked).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<std::path::PathBuf>,

    /// Read cited pages from saved sources instead of the network: a folder
    /// with manifest.json (see `citecheck sources fetch`) or a .warc/.warc.gz
    /// file. Nothing is sent; links not saved there are not checked.
    #[arg(long, value_name = "DIR|WARC")]
    pub sources: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: code, name, default severity, status and summary.
    Rules,
    /// Show a rule's long explanation with an example.
    Explain {
        /// A rule code (CC001) or name (undefined-citation).
        #[arg(value_parser = RuleSelector, hide_possible_values = true)]
        rule: String,
    },
    /// Show the effective configuration for a path, or the configuration's JSON Schema.
    Config {
        /// Print the settings that apply to this file or directory (default: the current directory).
        #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = ".")]
        show: Option<std::path::PathBuf>,
        /// Print the JSON Schema of citecheck.toml.
        #[arg(long, conflicts_with = "show")]
        schema: bool,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): citecheck(1), or a subcommand's page
    /// (`citecheck man rules` is citecheck-rules(1), `citecheck man sources fetch`
    /// citecheck-sources-fetch(1)).
    Man {
        /// The subcommand whose page to print.
        #[arg(value_name = "SUBCOMMAND")]
        page: Vec<String>,
    },
    /// Serve the Language Server Protocol on stdin/stdout, for editors:
    /// live diagnostics, quick fixes, suppressions, hovers (see docs/editors.md).
    Server {
        /// Never run the link rules (a client may change this through
        /// `workspace/didChangeConfiguration` with {"citecheck": {"offline": …}}).
        #[arg(long, env = "CITECHECK_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
        offline: bool,
        /// Do not read or write the link cache.
        #[arg(long)]
        no_cache: bool,
        /// Where the link cache lives (default: the platform's cache directory).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<std::path::PathBuf>,
        /// Check links to loopback, private and link-local addresses.
        #[arg(long)]
        allow_private: bool,
    },
    /// Saved sources: copies of the cited pages for reproducible CC501 runs.
    Sources {
        #[command(subcommand)]
        action: SourcesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Fetch every page the articles cite and save them in a folder with a
    /// manifest.json, for `citecheck --sources DIR`.
    Fetch {
        /// Articles (files, directories or "-") whose references to fetch.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<String>,
        /// The folder to write (created if missing; other saved URLs are kept).
        #[arg(long, value_name = "DIR")]
        into: std::path::PathBuf,
        /// Fetch loopback, private and link-local addresses.
        #[arg(long)]
        allow_private: bool,
        /// Total time for one request: "10s", "500ms", or seconds.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let d = citecheck::config::Duration::parse(s)?.0;
    if d.is_zero() {
        return Err("must be above zero".into());
    }
    Ok(d)
}

fn parse_regex(s: &str) -> Result<String, String> {
    regex::Regex::new(s)
        .map(|_| s.to_string())
        .map_err(|e| e.to_string())
}

/// `--offline`'s help, with the rules it concerns named from the registry.
fn offline_help() -> String {
    use citecheck::checks::registry;
    use citecheck::model::Needs;
    format!(
        "Send nothing over the network: skip the link checks ({}) and the page's own facts for {}",
        registry::online_only_codes(),
        registry::codes_where(|r| r.needs == Needs::TextOrPage)
    )
}

/// Rule selectors: any text (checked against the registry by the settings
/// resolver, which knows prefixes and names), offering every code, name and
/// code prefix to shell completion through clap's possible values.
#[derive(Debug, Clone, Copy)]
struct RuleSelector;

impl clap::builder::TypedValueParser for RuleSelector {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use citecheck::checks::registry::RULES;
        use clap::builder::PossibleValue;
        let mut prefixes: Vec<&'static str> = RULES.iter().map(|r| &r.code[..3]).collect();
        prefixes.dedup();
        let values = std::iter::once(PossibleValue::new("ALL").help("every rule"))
            .chain(
                prefixes
                    .into_iter()
                    .map(|p| PossibleValue::new(p).help("every rule with this prefix")),
            )
            .chain(RULES.iter().flat_map(|r| {
                [
                    PossibleValue::new(r.code).help(r.name),
                    PossibleValue::new(r.name).help(r.code),
                ]
            }));
        Some(Box::new(values))
    }
}
