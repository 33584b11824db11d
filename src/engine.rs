//! One run: inputs in, file reports out, streamed in path order. Resolves
//! each file's settings (its closest `citecheck.toml` with command-line flags
//! over it), reads through `source`, parses through `document`, fetches every
//! unique URL of all files once through `net` (unless offline), checks
//! through `checks` on `parallel` worker threads; prints nothing.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use crate::checks::{self, Context};
use crate::config::Config;
use crate::document;
use crate::model::{Applicability, Fix};
use crate::net::{self, cache::Cache, Links, Request};
use crate::report::{FileReport, Fixed, Report, Stats};
pub use crate::settings::{ConfigMode, Overlay, Resolver, Settings, SettingsError};
use crate::source::{self, Format, Input, Source};

/// What a run needs to know beyond the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub config: ConfigMode,
    /// The command line over every configuration.
    pub overlay: Overlay,
    /// Display name (and format) for stdin.
    pub stdin_filename: Option<String>,
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
    /// The link stage: flags over `[links]`.
    pub links: LinkOptions,
    /// Threads reading and checking files; `None` or 0: every core.
    pub jobs: Option<usize>,
    /// Apply fixes (`--fix`, `--diff`): each file's report is then its fixed
    /// text's. Nothing is written here; the caller writes what it wants.
    pub fix: Option<FixOptions>,
}

/// How a run's link stage runs, beyond `[links]` (the settings it shares
/// with the configuration are in [`Overlay`]).
#[derive(Clone, Default)]
pub struct LinkOptions {
    /// Send nothing; skip the rules that need the link stage.
    pub offline: bool,
    pub no_cache: bool,
    pub cache_dir: Option<PathBuf>,
    /// Addresses treated as public (tests of the private-address refusal).
    pub trusted: Vec<std::net::IpAddr>,
    /// Called as URLs are done (done, total); the binary draws a bar.
    pub progress: Option<crate::net::ProgressFn>,
    /// Called once with the number of URLs about to be fetched.
    pub on_start: Option<std::sync::Arc<dyn Fn(usize) + Send + Sync>>,
    /// Pages read from `--sources`: they replace the network entirely.
    pub saved: Option<Arc<Links>>,
    /// When this run's checks happened, in the link history (Unix seconds);
    /// `None` is the clock.
    pub now: Option<u64>,
}

impl std::fmt::Debug for LinkOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkOptions")
            .field("offline", &self.offline)
            .field("no_cache", &self.no_cache)
            .field("cache_dir", &self.cache_dir)
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
    let _prompt = crate::memory::prompt_release_for(source.text.len());
    let ctx = Context::new(&source.text, doc, &settings.config).with_links(links);
    let mut diagnostics = checks::run(&ctx, &settings.selection);
    let ignored = settings.ignored_for(Path::new(&source.path));
    if !ignored.is_empty() {
        diagnostics.retain(|d| !ignored.contains(&d.code));
    }
    let links_checked = links.map_or(0, |l| {
        doc.references
            .iter()
            .filter_map(document::Reference::link_key)
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
        fixed: None,
    }
}

/// How many times `--fix` checks and fixes a text at most: each pass takes
/// the fixes that do not overlap, the next pass the ones that then still
/// apply (ruff bounds its loop the same way).
pub const MAX_FIX_PASSES: usize = 20;

/// Which fixes `--fix` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixOptions {
    /// Unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

impl FixOptions {
    pub fn takes(&self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// Check a source, apply its fixes, and check again until no fix is left
/// (at most [`MAX_FIX_PASSES`] times). The report is the fixed text's, with
/// [`Fixed`] saying what was done; a fix whose edits overlap another is
/// left for the next pass, and noted if it never applies.
pub fn fix_source(
    source: Source,
    settings: &Settings,
    links: Option<&Links>,
    fix: FixOptions,
) -> FileReport {
    let original = source.text.clone();
    let (path, format) = (source.path.clone(), source.format);
    let mut applied = 0;
    let mut current = source;
    let mut pass = 0;
    loop {
        pass += 1;
        let doc = document::parse(&current);
        let mut report = check_parsed(current, &doc, settings, links);
        let fixes: Vec<&Fix> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_deref())
            .filter(|f| fix.takes(f))
            .collect();
        let out = crate::model::fix::apply(&report.source.text, &fixes);
        if out.applied.is_empty() || out.text == report.source.text || pass == MAX_FIX_PASSES {
            let mut notes: Vec<String> = out.skipped.into_iter().map(|(_, why)| why).collect();
            if pass == MAX_FIX_PASSES && out.text != report.source.text {
                notes.push(format!(
                    "stopped after {MAX_FIX_PASSES} passes with fixes still to apply"
                ));
            }
            report.fixed = Some(Fixed {
                original,
                applied,
                notes,
                stdin: false,
                file: None,
            });
            return report;
        }
        applied += out.applied.len();
        current = Source::with_format(path.clone(), out.text, format);
    }
}

/// Parse and check one source with default settings and these overrides.
pub fn check_source(source: Source, options: &Options) -> FileReport {
    let settings = Settings::new(Config::default(), &options.overlay, None).unwrap_or_default();
    check_with(source, &settings)
}

/// Check a text held in memory with default settings.
pub fn check_text(path: &str, text: &str, format: Format, options: &Options) -> FileReport {
    check_source(Source::with_format(path, text, format), options)
}

/// The settings a file at `anchor` is checked with: its configuration (as
/// `options.config` finds it) with the command line over it.
pub fn settings_for(anchor: &Path, options: &Options) -> Result<Arc<Settings>, SettingsError> {
    Resolver::new(options.config.clone(), options.overlay.clone()).settings(anchor)
}

/// Expand paths, resolve settings, read and check every input. A file that
/// cannot be read becomes a report entry with its error; the others are still
/// checked. An unusable configuration file stops the run.
pub fn run<P: AsRef<Path>>(paths: &[P], options: &Options) -> Result<Report, SettingsError> {
    run_full(paths, options).map(|r| r.report)
}

/// [`run`], with the notices the link stage left for the user.
pub fn run_full<P: AsRef<Path>>(
    paths: &[P],
    options: &Options,
) -> Result<RunOutput, SettingsError> {
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
    /// Could not even be listed (a walk error, a missing path). Boxed: a
    /// report is large next to the other variants.
    Failed(Box<FileReport>),
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
pub fn run_streaming<P: AsRef<Path>>(
    paths: &[P],
    options: &Options,
    mut sink: impl FnMut(FileReport) -> ControlFlow<()>,
) -> Result<RunDone, SettingsError> {
    let (inputs, errors) = source::collect_inputs(paths);
    let named: std::collections::HashSet<PathBuf> =
        paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    let mut resolver = Resolver::new(options.config.clone(), options.overlay.clone());
    let mut jobs: Vec<Job> = errors
        .into_iter()
        .map(|e| Job::Failed(Box::new(FileReport::failed(e.path, e.error.to_string()))))
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
            .any(|s| checks::link_needs(&s.selection).0);
    let fetched = if wants_links {
        let requests = link_requests(&jobs, threads, &mut done.notices);
        done.urls_requested = requests.len();
        let run = resolver.run_settings()?;
        done.notices.extend(resolver.run_wide_conflicts()?);
        fetch(requests, &run, &options.links, &mut done.notices)?
    } else {
        None
    };
    let links = options.links.saved.as_deref().or(fetched.as_ref());
    crate::parallel::ordered_map(
        jobs.into_iter(),
        threads,
        |job| match job {
            Job::Failed(f) => *f,
            job => match job.read() {
                Some(Ok(source)) => {
                    let settings = job.settings().cloned().unwrap_or_default();
                    match options.fix {
                        Some(fix) => {
                            let mut report = fix_source(source, &settings, links, fix);
                            match (&mut report.fixed, &job) {
                                (Some(fixed), Job::Text(..)) => fixed.stdin = true,
                                (Some(fixed), Job::File(p, _)) => fixed.file = Some(p.clone()),
                                _ => {}
                            }
                            report
                        }
                        None => {
                            let doc = document::parse(&source);
                            check_parsed(source, &doc, &settings, links)
                        }
                    }
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
fn link_requests(jobs: &[Job], threads: usize, notices: &mut Vec<String>) -> Vec<Request> {
    let mut wanted: BTreeMap<String, bool> = BTreeMap::new();
    let mut seen_notices = std::collections::HashSet::new();
    crate::parallel::ordered_map(
        jobs.iter(),
        threads,
        |job| {
            let urls: Vec<(String, bool)> = Vec::new();
            let mut notes = Vec::new();
            let Some(settings) = job.settings() else {
                return (urls, notes);
            };
            let (uses_links, need_page) = checks::link_needs(&settings.selection);
            if !uses_links {
                return (urls, notes);
            }
            let Some(Ok(source)) = job.read() else {
                return (urls, notes);
            };
            let doc = document::parse(&source);
            let urls = document_urls(&source.text, &doc, settings, &mut notes)
                .into_iter()
                .map(|key| (key, need_page))
                .collect();
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

/// The link keys of one document's references and DOIs, minus those its
/// `[links] exclude` patterns name (a bad pattern is noted and ignored).
fn document_urls(
    text: &str,
    doc: &document::Document,
    settings: &Settings,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let mut excludes: Vec<Regex> = Vec::new();
    for p in &settings.config.links.exclude {
        match Regex::new(p) {
            Ok(r) => excludes.push(r),
            Err(e) => notes.push(format!(
                "warning: ignoring `[links] exclude` pattern `{p}`: {e}"
            )),
        }
    }
    let dois = checks::doi_link_keys(text, doc, &settings.config);
    doc.references
        .iter()
        .filter_map(document::Reference::link_key)
        .chain(dois)
        .filter(|key| !excludes.iter().any(|x| x.is_match(key)))
        .collect()
}

/// The link stage for one document with its own settings, through the same
/// cache and client as a run's (the editor server checks a document at a
/// time, so its `[links]` are the document's). `None` when no rule of its
/// selection wants links or it has no URL; blocks while fetching.
pub fn document_links(
    text: &str,
    doc: &document::Document,
    settings: &Settings,
    flags: &LinkOptions,
) -> (Option<Links>, Vec<String>) {
    let mut notices = Vec::new();
    let (uses_links, need_page) = checks::link_needs(&settings.selection);
    if flags.offline || !uses_links {
        return (None, notices);
    }
    let requests = document_urls(text, doc, settings, &mut notices)
        .into_iter()
        .map(|url| Request { url, need_page })
        .collect();
    // A failure of the stage itself (a task that panicked, no file
    // descriptors left) is the editor's to see, not a verdict on a link.
    let links = fetch(requests, settings, flags, &mut notices).unwrap_or_else(|e| {
        notices.push(format!("error: links not checked: {e}"));
        None
    });
    (links, notices)
}

/// What a run says when no host of `hosts` could be resolved.
pub fn no_network_notice(hosts: usize) -> String {
    format!(
        "warning: no network: none of the {hosts} host{} could be resolved, so links were not checked ({} skipped; use --offline to skip them quietly)",
        if hosts == 1 { "" } else { "s" },
        checks::registry::online_only_codes()
    )
}

/// Run the link stage with the run's `[links]` (see [`crate::settings`]).
/// No runtime or client unless there is a URL to check.
fn fetch(
    requests: Vec<Request>,
    run: &Settings,
    flags: &LinkOptions,
    notices: &mut Vec<String>,
) -> Result<Option<Links>, SettingsError> {
    if requests.is_empty() {
        return Ok(None);
    }
    let mut opts = run.net_options();
    opts.trusted = flags.trusted.clone();
    if !flags.no_cache {
        opts.cache = flags
            .cache_dir
            .clone()
            .or_else(Cache::default_dir)
            .map(|d| Cache::new(d, run.config.links.cache_ttl.0).at(flags.now));
    }
    if let Some(start) = &flags.on_start {
        start(requests.len());
    }
    match net::check_all(requests, &opts, flags.progress.clone()) {
        Ok(checked) => {
            notices.extend(checked.notices);
            notices.extend(checked.no_network.map(no_network_notice));
            Ok(Some(checked.links))
        }
        Err(e) if e.is_fatal() => Err(SettingsError::LinkStage(e.to_string())),
        Err(e) => {
            notices.push(format!("warning: links were not checked: {e}"));
            Ok(None)
        }
    }
}
