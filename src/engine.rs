//! One run: inputs in, report out. Resolves each file's settings (its closest
//! `citecheck.toml` with command-line flags over it), reads through `source`,
//! parses through `document`, checks through `checks`; prints nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::checks::{self, selection::Selection, Context};
use crate::config::{self, Config, ConfigError};
use crate::document;
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
    let ctx = Context::new(&source.text, &doc, &settings.config);
    let mut diagnostics = checks::run(&ctx, &settings.selection);
    let ignored = settings.ignored_for(Path::new(&source.path));
    if !ignored.is_empty() {
        diagnostics.retain(|d| !ignored.contains(&d.code));
    }
    let stats = Stats {
        paragraphs: doc.paragraphs.len(),
        sentences: doc.sentences.len(),
        citations: doc.markers.len(),
        references: doc.references.len(),
        links_checked: 0,
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
    let (inputs, errors) = source::collect_inputs(paths);
    let named: std::collections::HashSet<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let mut resolver = Resolver::new(options);
    let mut planned = Vec::with_capacity(inputs.len());
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
        planned.push((input, settings));
    }
    let mut files: Vec<FileReport> = errors
        .into_iter()
        .map(|e| FileReport::failed(e.path, e.error.to_string()))
        .collect();
    for (input, settings) in planned {
        files.push(match input {
            Input::Stdin => {
                let name = options
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "-".to_string());
                match source::read_stdin() {
                    Ok(text) => check_with(Source::new(name, text), &settings),
                    Err(e) => FileReport::failed(name, e.to_string()),
                }
            }
            Input::File(path) => {
                let name = path.display().to_string();
                match source::read_file(&path) {
                    Ok(text) => check_with(Source::new(name, text), &settings),
                    Err(e) => FileReport::failed(name, e.to_string()),
                }
            }
        });
    }
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    Ok(Report { files })
}
