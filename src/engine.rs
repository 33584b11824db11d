//! One run: inputs in, file reports out, streamed in path order. Resolves
//! each file's settings (its closest `citecheck.toml` with command-line flags
//! over it), reads through `source`, parses through `document`, fetches every
//! unique URL of all files once through `net` (unless offline), checks
//! through `checks` on `parallel` worker threads; prints nothing.

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use crate::checks::{self, selection::Selection, Context};
use crate::config::{self, Config, ConfigError};
use crate::document;
use crate::net::{self, cache::Cache, Links, NetOptions, Request};
use crate::report::{FileReport, Report, Stats};
use crate::source::{self, Format, Input, Source};

/// Where configuration comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigMode {
    /// The closest `citecheck.toml` / `.citecheck.toml` above each file.
    #[default]
    Discover,
    /// This file, for every input (`--config`).
    File(PathBuf),
    /// Built-in defaults only (`--no-config`).
    Disabled,
}

/// Rule selection given on the command line; it wins over the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// What a run needs to know beyond the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub config: ConfigMode,
    pub overrides: Overrides,
    /// Display name (and format) for stdin.
    pub stdin_filename: Option<String>,
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
    /// The link stage: flags over `[links]`.
    pub links: LinkOptions,
    /// Threads reading and checking files; `None` or 0: every core.
    pub jobs: Option<usize>,
}

/// Command-line settings of the link stage; they win over `[links]`.
#[derive(Clone, Default)]
pub struct LinkOptions {
    /// Send nothing; skip CC401–CC404 and the page's facts.
    pub offline: bool,
    pub no_cache: bool,
    pub cache_dir: Option<PathBuf>,
    pub timeout: Option<std::time::Duration>,
    pub max_concurrency: Option<usize>,
    pub allow_private: bool,
    pub no_archive: bool,
    /// Regular expressions of URLs not to check (validated by the caller).
    pub exclude: Vec<String>,
    /// Addresses treated as public (tests of the private-address refusal).
    pub trusted: Vec<std::net::IpAddr>,
    /// Called as URLs are done (done, total); the binary draws a bar.
    pub progress: Option<crate::net::ProgressFn>,
    /// Called once with the number of URLs about to be fetched.
    pub on_start: Option<std::sync::Arc<dyn Fn(usize) + Send + Sync>>,
    /// Pages read from `--sources`: they replace the network entirely.
    pub saved: Option<Arc<Links>>,
}

impl std::fmt::Debug for LinkOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkOptions")
            .field("offline", &self.offline)
            .field("no_cache", &self.no_cache)
            .field("cache_dir", &self.cache_dir)
            .field("timeout", &self.timeout)
            .field("max_concurrency", &self.max_concurrency)
            .field("allow_private", &self.allow_private)
            .field("no_archive", &self.no_archive)
            .field("exclude", &self.exclude)
            .field("saved", &self.saved.as_ref().map(|l| l.facts.len()))
            .finish_non_exhaustive()
    }
}

/// A run's report and what to tell the user besides (no network, an
/// unreadable cache): the binary prints these on stderr.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    pub report: Report,
    pub notices: Vec<String>,
}

/// Everything a file is checked with.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub config: Config,
    pub selection: Selection,
    /// The file the settings came from, if any.
    pub config_path: Option<PathBuf>,
    exclude: config::Globs,
    per_file_ignores: Vec<(config::Globs, Vec<&'static str>)>,
}

impl Settings {
    /// Merge command-line overrides over a configuration.
    pub fn new(
        config: Config,
        overrides: &Overrides,
        config_path: Option<PathBuf>,
    ) -> Result<Settings, String> {
        let select = overrides.select.as_ref().or(config.rules.select.as_ref());
        let extend: Vec<String> = config
            .rules
            .extend_select
            .iter()
            .chain(&overrides.extend_select)
            .cloned()
            .collect();
        let ignore: Vec<String> = config
            .rules
            .ignore
            .iter()
            .chain(&overrides.ignore)
            .cloned()
            .collect();
        let mut selection = Selection::new(select.map(Vec::as_slice), &extend, &ignore)
            .map_err(|e| e.to_string())?;
        for (rule, severity) in &config.rules.severity {
            if let Some(r) = checks::registry::lookup(rule) {
                selection.set_severity(r.code, *severity);
            }
        }
        let exclude = config::Globs::new(config.exclude.iter());
        let per_file_ignores = config
            .rules
            .per_file_ignores
            .iter()
            .map(|(glob, rules)| {
                let codes = rules
                    .iter()
                    .flat_map(|r| checks::registry::matching(r))
                    .map(|r| r.code)
                    .collect();
                (config::Globs::new(std::iter::once(glob)), codes)
            })
            .collect();
        Ok(Settings {
            config,
            selection,
            config_path,
            exclude,
            per_file_ignores,
        })
    }

    /// `path` relative to the configuration file's directory (or as given).
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let Some(dir) = self.config_path.as_ref().and_then(|c| c.parent()) else {
            return std::borrow::Cow::Borrowed(path);
        };
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        match absolute.strip_prefix(&dir) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether the configuration excludes this file.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(&self.relative(path))
    }

    /// Rules not reported for this file (`per-file-ignores`).
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static str> {
        let rel = self.relative(path);
        self.per_file_ignores
            .iter()
            .filter(|(globs, _)| globs.is_match(&rel))
            .flat_map(|(_, codes)| codes.iter().copied())
            .collect()
    }
}

/// Parse and check one source with the given settings.
pub fn check_with(source: Source, settings: &Settings) -> FileReport {
    let doc = document::parse(&source);
    check_parsed(source, &doc, settings, None)
}

/// Check a parsed source, with the link stage's facts when it ran.
pub fn check_parsed(
    source: Source,
    doc: &document::Document,
    settings: &Settings,
    links: Option<&Links>,
) -> FileReport {
    let ctx = Context::new(&source.text, doc, &settings.config).with_links(links);
    let mut diagnostics = checks::run(&ctx, &settings.selection);
    let ignored = settings.ignored_for(Path::new(&source.path));
    if !ignored.is_empty() {
        diagnostics.retain(|d| !ignored.contains(&d.code));
    }
    let links_checked = links.map_or(0, |l| {
        doc.references
            .iter()
            .filter_map(|r| r.url.as_ref()?.parsed.as_ref().ok())
            .filter_map(net::facts::normalise)
            .filter(|u| l.facts.contains_key(u))
            .collect::<std::collections::HashSet<_>>()
            .len()
    });
    let stats = Stats {
        paragraphs: doc.paragraphs.len(),
        sentences: doc.sentences.len(),
        citations: doc.markers.len(),
        references: doc.references.len(),
        links_checked,
    };
    FileReport {
        source,
        stats,
        diagnostics,
        error: None,
    }
}

/// Parse and check one source with default settings and these overrides.
pub fn check_source(source: Source, options: &Options) -> FileReport {
    let settings = Settings::new(Config::default(), &options.overrides, None).unwrap_or_default();
    check_with(source, &settings)
}

/// Check a text held in memory with default settings.
pub fn check_text(path: &str, text: &str, format: Format, options: &Options) -> FileReport {
    check_source(Source::with_format(path, text, format), options)
}

/// The settings a file at `anchor` is checked with: its configuration (as
/// `options.config` finds it) with the command-line overrides over it.
pub fn settings_for(anchor: &Path, options: &Options) -> Result<Arc<Settings>, ConfigError> {
    Resolver::new(options).settings(anchor)
}

/// Resolves and caches settings per configuration file.
struct Resolver<'a> {
    options: &'a Options,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_file: HashMap<Option<PathBuf>, Arc<Settings>>,
}

impl<'a> Resolver<'a> {
    fn new(options: &'a Options) -> Self {
        Resolver {
            options,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
        }
    }

    fn config_path(&mut self, input: &Path) -> Option<PathBuf> {
        match &self.options.config {
            ConfigMode::Disabled => None,
            ConfigMode::File(p) => Some(p.clone()),
            ConfigMode::Discover => {
                let dir = std::path::absolute(input)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| PathBuf::from("."));
                self.by_dir
                    .entry(dir.clone())
                    .or_insert_with(|| config::discover(&dir))
                    .clone()
            }
        }
    }

    fn settings(&mut self, input: &Path) -> Result<Arc<Settings>, ConfigError> {
        let path = self.config_path(input);
        if let Some(s) = self.by_file.get(&path) {
            return Ok(s.clone());
        }
        let config = match &path {
            Some(p) => config::load(p)?,
            None => Config::default(),
        };
        let settings =
            Settings::new(config, &self.options.overrides, path.clone()).map_err(|message| {
                ConfigError::Read {
                    path: path
                        .as_ref()
                        .map_or_else(|| "command line".to_string(), |p| p.display().to_string()),
                    message,
                }
            })?;
        let settings = Arc::new(settings);
        self.by_file.insert(path, settings.clone());
        Ok(settings)
    }
}

/// Expand paths, resolve settings, read and check every input. A file that
/// cannot be read becomes a report entry with its error; the others are still
/// checked. An unusable configuration file stops the run.
pub fn run(paths: &[String], options: &Options) -> Result<Report, ConfigError> {
    run_full(paths, options).map(|r| r.report)
}

/// [`run`], with the notices the link stage left for the user.
pub fn run_full(paths: &[String], options: &Options) -> Result<RunOutput, ConfigError> {
    let mut files = Vec::new();
    let done = run_streaming(paths, options, |f| {
        files.push(f);
        ControlFlow::Continue(())
    })?;
    Ok(RunOutput {
        report: Report { files },
        notices: done.notices,
    })
}

/// What a streamed run leaves besides the files it handed out.
#[derive(Debug, Clone, Default)]
pub struct RunDone {
    pub notices: Vec<String>,
    /// Unique URLs handed to the link stage; 0 means no HTTP client, runtime
    /// or cache was created.
    pub urls_requested: usize,
}

/// One unit of work of a run, named as it will be reported.
enum Job {
    /// Could not even be listed (a walk error, a missing path).
    Failed(FileReport),
    File(PathBuf, Arc<Settings>),
    /// Standard input, read once up front because it cannot be read twice.
    Text(String, Result<String, String>, Arc<Settings>),
}

impl Job {
    fn name(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Job::Failed(f) => std::borrow::Cow::Borrowed(&f.source.path),
            Job::File(p, _) => p.to_string_lossy(),
            Job::Text(name, _, _) => std::borrow::Cow::Borrowed(name),
        }
    }

    fn settings(&self) -> Option<&Arc<Settings>> {
        match self {
            Job::Failed(_) => None,
            Job::File(_, s) | Job::Text(_, _, s) => Some(s),
        }
    }

    /// The source text, read now (files are re-read by each pass, so only
    /// the files in flight are held in memory).
    fn read(&self) -> Option<Result<Source, FileReport>> {
        match self {
            Job::Failed(_) => None,
            Job::File(path, _) => {
                let name = path.display().to_string();
                Some(match source::read_file(path) {
                    Ok(text) => Ok(Source::new(name, text)),
                    Err(e) => Err(FileReport::failed(name, e.to_string())),
                })
            }
            Job::Text(name, text, _) => Some(match text {
                Ok(text) => Ok(Source::new(name.clone(), text.clone())),
                Err(e) => Err(FileReport::failed(name.clone(), e.clone())),
            }),
        }
    }
}

/// [`run`], handing each file's report to `sink` as soon as it is made, in
/// path order, and dropping it after (`Break` stops the run): files are read and checked on
/// `options.jobs` threads, and only the files in flight are in memory.
///
/// When the link stage runs, a first pass reads and parses every file only
/// to collect its URLs (so each unique URL of the run is fetched once), and
/// the checking pass reads each file again: parsing twice is cheap next to
/// the network, and keeps memory bounded by the files in flight.
pub fn run_streaming(
    paths: &[String],
    options: &Options,
    mut sink: impl FnMut(FileReport) -> ControlFlow<()>,
) -> Result<RunDone, ConfigError> {
    let (inputs, errors) = source::collect_inputs(paths);
    let named: std::collections::HashSet<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let mut resolver = Resolver::new(options);
    let mut jobs: Vec<Job> = errors
        .into_iter()
        .map(|e| Job::Failed(FileReport::failed(e.path, e.error.to_string())))
        .collect();
    for input in inputs {
        let anchor = match &input {
            Input::Stdin => PathBuf::from(options.stdin_filename.as_deref().unwrap_or("-")),
            Input::File(p) => p.clone(),
        };
        let settings = resolver.settings(&anchor)?;
        let explicit =
            matches!(&input, Input::File(p) if named.contains(p)) || input == Input::Stdin;
        if (!explicit || options.force_exclude) && settings.excludes(&anchor) {
            continue;
        }
        jobs.push(match input {
            Input::Stdin => Job::Text(
                anchor.display().to_string(),
                source::read_stdin().map_err(|e| e.to_string()),
                settings,
            ),
            Input::File(path) => Job::File(path, settings),
        });
    }
    jobs.sort_by(|a, b| a.name().cmp(&b.name()));
    let threads = crate::parallel::effective_jobs(options.jobs);
    let mut done = RunDone::default();
    // Saved sources replace the network: nothing is fetched with them.
    let wants_links = !options.links.offline
        && options.links.saved.is_none()
        && jobs
            .iter()
            .filter_map(Job::settings)
            .any(|s| checks::LINK_CODES.iter().any(|c| s.selection.is_enabled(c)));
    let fetched = if wants_links {
        let requests = link_requests(&jobs, threads, &options.links, &mut done.notices);
        done.urls_requested = requests.len();
        let first = jobs.iter().find_map(Job::settings).cloned();
        fetch(
            requests,
            first.as_deref(),
            &options.links,
            &mut done.notices,
        )
    } else {
        None
    };
    let links = options.links.saved.as_deref().or(fetched.as_ref());
    crate::parallel::ordered_map(
        jobs.into_iter(),
        threads,
        |job| match job {
            Job::Failed(f) => f,
            job => match job.read() {
                Some(Ok(source)) => {
                    let doc = document::parse(&source);
                    let settings = job.settings().cloned().unwrap_or_default();
                    check_parsed(source, &doc, &settings, links)
                }
                Some(Err(failed)) => failed,
                None => FileReport::failed(job.name().into_owned(), "not checked"),
            },
        },
        &mut sink,
    );
    Ok(done)
}

/// The unique normalised URLs of every file whose link rules are selected,
/// minus the excluded ones. Files are read and parsed on `threads` threads
/// and dropped as soon as their URLs are known.
fn link_requests(
    jobs: &[Job],
    threads: usize,
    flags: &LinkOptions,
    notices: &mut Vec<String>,
) -> Vec<Request> {
    let cli_excludes: Vec<Regex> = flags
        .exclude
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect();
    let mut wanted: BTreeMap<String, bool> = BTreeMap::new();
    let mut seen_notices = std::collections::HashSet::new();
    crate::parallel::ordered_map(
        jobs.iter(),
        threads,
        |job| {
            let mut urls = Vec::new();
            let mut notes = Vec::new();
            let Some(settings) = job.settings() else {
                return (urls, notes);
            };
            let enabled = |codes: &[&str]| codes.iter().any(|c| settings.selection.is_enabled(c));
            if !enabled(checks::LINK_CODES) {
                return (urls, notes);
            }
            let Some(Ok(source)) = job.read() else {
                return (urls, notes);
            };
            let doc = document::parse(&source);
            let need_page = enabled(checks::PAGE_CODES);
            let mut excludes: Vec<Regex> = Vec::new();
            for p in &settings.config.links.exclude {
                match Regex::new(p) {
                    Ok(r) => excludes.push(r),
                    Err(e) => notes.push(format!(
                        "warning: ignoring `[links] exclude` pattern `{p}`: {e}"
                    )),
                }
            }
            for r in &doc.references {
                let Some(Ok(url)) = r.url.as_ref().map(|u| &u.parsed) else {
                    continue;
                };
                let Some(key) = net::facts::normalise(url) else {
                    continue;
                };
                if excludes
                    .iter()
                    .chain(&cli_excludes)
                    .any(|x| x.is_match(&key))
                {
                    continue;
                }
                urls.push((key, need_page));
            }
            (urls, notes)
        },
        |(urls, notes)| {
            for (key, need_page) in urls {
                *wanted.entry(key).or_default() |= need_page;
            }
            for n in notes {
                if seen_notices.insert(n.clone()) {
                    notices.push(n);
                }
            }
            ControlFlow::Continue(())
        },
    );
    wanted
        .into_iter()
        .map(|(url, need_page)| Request { url, need_page })
        .collect()
}

/// Run the link stage: `[links]` of the first file's configuration, the
/// flags over it. No runtime or client unless there is a URL to check.
fn fetch(
    requests: Vec<Request>,
    first: Option<&Settings>,
    flags: &LinkOptions,
    notices: &mut Vec<String>,
) -> Option<Links> {
    if requests.is_empty() {
        return None;
    }
    let config = first.map(|s| s.config.links.clone()).unwrap_or_default();
    let mut opts = NetOptions::from_config(&config);
    if let Some(t) = flags.timeout {
        opts.timeout = t;
    }
    if let Some(c) = flags.max_concurrency {
        opts.concurrency = c.max(1);
    }
    opts.allow_private |= flags.allow_private;
    if flags.no_archive {
        opts.archive = None;
    }
    opts.trusted = flags.trusted.clone();
    if !flags.no_cache {
        opts.cache = flags
            .cache_dir
            .clone()
            .or_else(Cache::default_dir)
            .map(|d| Cache::new(d, config.cache_ttl.0));
    }
    if let Some(start) = &flags.on_start {
        start(requests.len());
    }
    match net::check_all(requests, &opts, flags.progress.clone()) {
        Ok(checked) => {
            notices.extend(checked.notices);
            Some(checked.links)
        }
        Err(e) => {
            notices.push(format!("warning: links were not checked: {e}"));
            None
        }
    }
}
