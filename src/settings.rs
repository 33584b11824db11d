//! The one resolver from configuration files and command-line flags to the
//! settings a file is checked with, used by every command (check, batch,
//! `config --show`, `sources fetch`). Flags are an [`Overlay`] applied once
//! over each configuration, as ruff's `ConfigurationTransformer` is.
//!
//! Which configuration applies: per file, the closest `citecheck.toml`
//! above it (or `--config`, or none with `--no-config`). Run-wide settings
//! — the link stage's `[links]` except `exclude`, and `format` — come from
//! the run's configuration: `--config`, else the closest one above the
//! working directory. A file whose configuration sets other run-wide values
//! gets a warning naming it; its per-file settings (rules, thresholds,
//! `exclude`, `[links] exclude`) still apply to it.
//!
//! Trust: a configuration found by discovery lies in the checked tree (a
//! pull request can change it), so it may not set the `[links]` keys that
//! decide where requests go or what they carry ([`TRUST_KEYS`]); those
//! come only from `--config PATH` or the command line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::checks::registry;
use crate::checks::selection::{Selection, UnknownSelector};
use crate::config::{self, Config, ConfigError, Globs, LinksConfig};
use crate::model::OutputFormat;
use crate::net::NetOptions;

/// Why settings could not be resolved (a configuration file that cannot be
/// used, a rule selector that names no rule), or the run stopped.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SettingsError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    #[diagnostic(code(settings::selector))]
    Selector(#[from] UnknownSelector),
    /// The link stage failed as a whole (a task panicked). Carried here,
    /// the one error a run stops on, so the run fails (exit 2) instead of
    /// reporting without a link's result.
    #[error("{0}")]
    #[diagnostic(code(links::failed))]
    LinkStage(String),
}

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

/// What the command line sets over the configuration. A field that is set
/// wins over the file; lists named `extend_*`/`ignore`/`exclude_urls` add to
/// the file's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub format: Option<OutputFormat>,
    /// Replaces `[rules] select`.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub timeout: Option<std::time::Duration>,
    pub concurrency: Option<usize>,
    /// `--allow-private`: on, whatever the file says.
    pub allow_private: bool,
    /// `--no-archive`: off, whatever the file says.
    pub no_archive: bool,
    /// `--exclude`: added to `[links] exclude`.
    pub exclude_urls: Vec<String>,
}

impl Overlay {
    /// Rule selectors on the command line that name no rule: a usage error
    /// whatever the files say.
    pub fn validate(&self) -> Result<(), UnknownSelector> {
        Selection::new(self.select.as_deref(), &self.extend_select, &self.ignore).map(|_| ())
    }

    /// The configuration with the command line over it.
    pub fn apply(&self, mut config: Config) -> Config {
        if self.format.is_some() {
            config.format = self.format;
        }
        if let Some(select) = &self.select {
            config.rules.select = Some(select.clone());
        }
        config
            .rules
            .extend_select
            .extend(self.extend_select.iter().cloned());
        config.rules.ignore.extend(self.ignore.iter().cloned());
        let links = &mut config.links;
        if let Some(t) = self.timeout {
            links.timeout = config::Duration(t);
        }
        if let Some(c) = self.concurrency {
            links.concurrency = c.max(1);
        }
        links.allow_private |= self.allow_private;
        if self.no_archive {
            links.archive = false;
        }
        links.exclude.extend(self.exclude_urls.iter().cloned());
        config
    }
}

/// Globs matched against paths relative to one directory.
#[derive(Debug, Clone, Default)]
struct DirGlobs {
    /// `None`: paths as given (no configuration file).
    dir: Option<PathBuf>,
    globs: Globs,
}

impl DirGlobs {
    fn is_match(&self, path: &Path) -> bool {
        let Some(dir) = &self.dir else {
            return self.globs.is_match(path);
        };
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(dir) {
            Ok(rel) => self.globs.is_match(rel),
            Err(_) => self.globs.is_match(path),
        }
    }
}

/// Everything a file is checked with.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configuration with the command line applied.
    pub config: Config,
    pub selection: Selection,
    /// The file the settings came from, if any.
    pub config_path: Option<PathBuf>,
    exclude: DirGlobs,
    per_file_ignores: Vec<(DirGlobs, Vec<&'static str>)>,
}

impl Settings {
    /// The overlay over a configuration, resolved against the registry.
    pub fn new(
        config: Config,
        overlay: &Overlay,
        config_path: Option<PathBuf>,
    ) -> Result<Settings, UnknownSelector> {
        let config = overlay.apply(config);
        let rules = &config.rules;
        let mut selection =
            Selection::new(rules.select.as_deref(), &rules.extend_select, &rules.ignore)?;
        for (rule, severity) in &rules.severity {
            if let Some(r) = registry::lookup(rule) {
                selection.set_severity(r.code, *severity);
            }
        }
        let own_dir = config_path.as_deref().map(|p| {
            // `--config citecheck.toml` has an empty parent: the working directory.
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
        });
        let exclude = DirGlobs {
            dir: config.glob_dirs.exclude.clone().or_else(|| own_dir.clone()),
            globs: Globs::new(config.exclude.iter()),
        };
        let catalogue = registry::catalogue();
        let per_file_ignores = rules
            .per_file_ignores
            .iter()
            .map(|(glob, names)| {
                let codes = names
                    .iter()
                    .flat_map(|r| catalogue.matching(r))
                    .map(|r| r.code)
                    .collect();
                let dir = config
                    .glob_dirs
                    .per_file_ignores
                    .get(glob)
                    .cloned()
                    .or_else(|| own_dir.clone());
                let globs = Globs::new(std::iter::once(glob));
                (DirGlobs { dir, globs }, codes)
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

    /// Whether the configuration excludes this file.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(path)
    }

    /// Rules not reported for this file (`per-file-ignores`).
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static str> {
        self.per_file_ignores
            .iter()
            .filter(|(globs, _)| globs.is_match(path))
            .flat_map(|(_, codes)| codes.iter().copied())
            .collect()
    }

    /// The link stage's options from `[links]` (no cache: the run decides).
    pub fn net_options(&self) -> NetOptions {
        net_options(&self.config.links)
    }
}

/// `[links]` as the network layer takes it (validated when it was read).
pub fn net_options(c: &LinksConfig) -> NetOptions {
    NetOptions {
        timeout: c.timeout.0,
        concurrency: c.concurrency,
        per_host: c.per_host,
        retries: c.retries,
        retry_backoff: c.retry_backoff.0,
        max_retry_after: c.max_retry_after.0,
        max_redirects: c.max_redirects,
        max_body_bytes: c.max_body_bytes,
        accept: c.accept.iter().filter_map(|a| a.bounds().ok()).collect(),
        allow_private: c.allow_private,
        trusted: Vec::new(),
        user_agent: c.user_agent.clone(),
        headers: c.headers.clone(),
        archive: c.archive.then(|| c.archive_url.clone()),
        soft_404_probe: c.soft_404_probe,
        nameservers: c
            .nameservers
            .iter()
            .filter_map(|n| config::parse_nameserver(n))
            .collect(),
        cache: None,
        history: c.history.then_some(crate::net::history::Policy {
            failures: c.dead_after_failures,
            span: c.dead_after.0,
        }),
        keep_bodies: false,
    }
}

/// Whether two `[links]` sections set the same run-wide values (`exclude`
/// is per file, so it is left out).
fn same_run_wide(a: &LinksConfig, b: &LinksConfig) -> bool {
    let strip = |l: &LinksConfig| LinksConfig {
        exclude: Vec::new(),
        ..l.clone()
    };
    strip(a) == strip(b)
}

/// `[links]` keys a configuration found in the checked tree may not set:
/// they let the tree reach private addresses, choose who answers DNS,
/// attach headers (credentials) to requests, or send every dead link or DOI
/// to a server of its choosing. Only `--config PATH` or a flag sets them.
pub const TRUST_KEYS: [&str; 5] = [
    "allow-private",
    "nameservers",
    "headers",
    "archive-url",
    "doi-resolver",
];

/// Reset the network-trust keys of `links` to their defaults and name the
/// ones that were set.
fn drop_trust_keys(links: &mut LinksConfig) -> Vec<&'static str> {
    let default = LinksConfig::default();
    let mut dropped = Vec::new();
    if links.allow_private != default.allow_private {
        links.allow_private = default.allow_private;
        dropped.push(TRUST_KEYS[0]);
    }
    if links.nameservers != default.nameservers {
        links.nameservers = default.nameservers;
        dropped.push(TRUST_KEYS[1]);
    }
    if links.headers != default.headers {
        links.headers = default.headers;
        dropped.push(TRUST_KEYS[2]);
    }
    if links.archive_url != default.archive_url {
        links.archive_url = default.archive_url;
        dropped.push(TRUST_KEYS[3]);
    }
    if links.doi_resolver != default.doi_resolver {
        links.doi_resolver = default.doi_resolver;
        dropped.push(TRUST_KEYS[4]);
    }
    dropped
}

/// Resolves and caches settings per configuration file.
#[derive(Debug)]
pub struct Resolver {
    mode: ConfigMode,
    overlay: Overlay,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_file: HashMap<Option<PathBuf>, Arc<Settings>>,
    /// Warnings for network-trust keys ignored in discovered files.
    untrusted: Vec<String>,
}

impl Resolver {
    pub fn new(mode: ConfigMode, overlay: Overlay) -> Resolver {
        Resolver {
            mode,
            overlay,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            untrusted: Vec::new(),
        }
    }

    /// Where configuration comes from and the command line, for a run that
    /// resolves on its own threads.
    pub fn into_parts(self) -> (ConfigMode, Overlay) {
        (self.mode, self.overlay)
    }

    /// The configuration file that applies to a file at `anchor`.
    pub fn config_path(&mut self, anchor: &Path) -> Option<PathBuf> {
        match &self.mode {
            ConfigMode::Disabled => None,
            ConfigMode::File(p) => Some(p.clone()),
            ConfigMode::Discover => {
                let dir = std::path::absolute(anchor)
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

    /// The settings a file at `anchor` is checked with.
    pub fn settings(&mut self, anchor: &Path) -> Result<Arc<Settings>, SettingsError> {
        let path = self.config_path(anchor);
        self.settings_of(path)
    }

    /// The settings of one configuration file (or of none).
    pub fn settings_of(&mut self, path: Option<PathBuf>) -> Result<Arc<Settings>, SettingsError> {
        if let Some(s) = self.by_file.get(&path) {
            return Ok(s.clone());
        }
        let mut config = match &path {
            Some(p) => config::load(p, registry::catalogue())?,
            None => Config::default(),
        };
        if let (ConfigMode::Discover, Some(p)) = (&self.mode, &path) {
            for key in drop_trust_keys(&mut config.links) {
                let flag = if key == "allow-private" {
                    " or --allow-private"
                } else {
                    ""
                };
                self.untrusted.push(format!(
                    "warning: `[links] {key}` in {} is ignored: a configuration found in the checked tree may not set network-trust keys ({}); pass --config {}{flag} to use it",
                    p.display(),
                    TRUST_KEYS.join(", "),
                    p.display()
                ));
            }
        }
        let settings = Arc::new(Settings::new(config, &self.overlay, path.clone())?);
        self.by_file.insert(path, settings.clone());
        Ok(settings)
    }

    /// The run's own settings, for what applies to a whole run (`[links]`
    /// but `exclude`, `format`): `--config`, else the configuration closest
    /// above the working directory, else the defaults.
    pub fn run_settings(&mut self) -> Result<Arc<Settings>, SettingsError> {
        let path = match &self.mode {
            ConfigMode::Disabled => None,
            ConfigMode::File(p) => Some(p.clone()),
            ConfigMode::Discover => std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d)),
        };
        self.settings_of(path)
    }

    /// A warning for each network-trust key ignored in a configuration
    /// found by discovery (see [`TRUST_KEYS`]), once each.
    pub fn trust_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.untrusted)
    }

    /// A warning for each configuration file in use whose run-wide `[links]`
    /// values differ from the run's, which are used instead, and for each
    /// network-trust key ignored.
    pub fn run_wide_conflicts(&mut self) -> Result<Vec<String>, SettingsError> {
        let run = self.run_settings()?;
        let mut paths: Vec<&Option<PathBuf>> = self.by_file.keys().collect();
        paths.sort();
        let mut out = std::mem::take(&mut self.untrusted);
        for path in paths {
            let Some(p) = path else { continue };
            let s = &self.by_file[path];
            if *path == run.config_path || same_run_wide(&s.config.links, &run.config.links) {
                continue;
            }
            out.push(format!(
                "warning: the [links] settings of {} differ from the run's ({}) and are not used: network settings apply to a whole run (only `exclude` applies per file); pass --config {} to use them",
                p.display(),
                run.config_path
                    .as_ref()
                    .map_or_else(|| "built-in defaults".to_string(), |r| r.display().to_string()),
                p.display()
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_replaces_select_adds_lists_and_sets_links() {
        let mut config = Config::default();
        config.rules.select = Some(vec!["CC0".into()]);
        config.rules.ignore = vec!["CC002".into()];
        config.links.exclude = vec!["^https://a\\.".into()];
        let overlay = Overlay {
            format: Some(OutputFormat::Json),
            select: Some(vec!["CC1".into()]),
            ignore: vec!["CC103".into()],
            timeout: Some(std::time::Duration::from_secs(3)),
            concurrency: Some(0),
            no_archive: true,
            exclude_urls: vec!["^https://b\\.".into()],
            ..Overlay::default()
        };
        let c = overlay.apply(config);
        assert_eq!(c.format, Some(OutputFormat::Json));
        assert_eq!(c.rules.select, Some(vec!["CC1".to_string()]));
        assert_eq!(c.rules.ignore, vec!["CC002", "CC103"]);
        assert_eq!(c.links.timeout.0, std::time::Duration::from_secs(3));
        assert_eq!(c.links.concurrency, 1, "at least one request");
        assert!(!c.links.archive);
        assert_eq!(c.links.exclude.len(), 2);
        let s = Settings::new(c, &Overlay::default(), None).unwrap();
        assert!(s.selection.is_enabled("CC101"));
        assert!(!s.selection.is_enabled("CC103"));
        assert!(!s.selection.is_enabled("CC001"));
    }

    #[test]
    fn an_empty_overlay_changes_nothing() {
        let config = Config::default();
        assert_eq!(Overlay::default().apply(config.clone()), config);
    }

    #[test]
    fn only_exclude_may_differ_per_file() {
        let a = LinksConfig::default();
        let mut b = a.clone();
        b.exclude.push("x".into());
        assert!(same_run_wide(&a, &b));
        b.per_host = 2;
        assert!(!same_run_wide(&a, &b));
    }

    #[test]
    fn trust_keys_are_dropped_and_named() {
        let mut links = LinksConfig {
            allow_private: true,
            nameservers: vec!["127.0.0.1".into()],
            archive_url: "http://127.0.0.1:1".into(),
            retries: 0,
            ..LinksConfig::default()
        };
        assert_eq!(
            drop_trust_keys(&mut links),
            vec!["allow-private", "nameservers", "archive-url"]
        );
        assert_eq!(
            links,
            LinksConfig {
                retries: 0,
                ..LinksConfig::default()
            }
        );
    }

    #[test]
    fn net_options_carry_links() {
        let c = LinksConfig {
            archive: false,
            nameservers: vec!["127.0.0.1:5353".into()],
            ..LinksConfig::default()
        };
        let o = net_options(&c);
        assert_eq!(o.archive, None);
        assert_eq!(o.nameservers, vec!["127.0.0.1:5353".parse().unwrap()]);
        assert_eq!(o.per_host, c.per_host);
        assert!(o.cache.is_none());
        assert_eq!(
            crate::config::MAX_DEAD_AFTER_FAILURES,
            crate::net::history::MAX_CHECKS
        );
    }
}
