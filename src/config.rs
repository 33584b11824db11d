//! `citecheck.toml` / `.citecheck.toml`: finding the closest one above each
//! checked file, reading it with strict keys, and the settings it holds.
//! Command-line flags are merged over it by the engine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{suggest, Catalogue, OutputFormat, Severity};

/// File names looked for, in order, in each directory.
pub const FILE_NAMES: &[&str] = &["citecheck.toml", ".citecheck.toml"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// Another configuration file to start from (relative to this one): its
    /// settings apply unless this file sets the same key.
    pub extend: Option<String>,
    /// Output format when neither `--format` nor `CITECHECK_FORMAT` is given
    /// (read from the configuration that applies to the current directory).
    pub format: Option<OutputFormat>,
    /// Globs (relative to the configuration file's directory) of files not
    /// to check: skipped in directory walks, and when named on the command
    /// line with `--force-exclude`.
    pub exclude: Vec<String>,
    pub rules: RulesConfig,
    pub claims: ClaimsConfig,
    pub duplicates: DuplicatesConfig,
    pub references: ReferencesConfig,
    pub links: LinksConfig,
    pub support: SupportConfig,
    pub sources: SourcesConfig,
    /// Extra publisher → domain aliases: `"Example News" = "example.com"` or
    /// a list of domains.
    pub publishers: BTreeMap<String, Domains>,
    /// Where globs inherited through `extend` are relative to, when that is
    /// not this file's directory.
    #[serde(skip)]
    #[schemars(skip)]
    pub glob_dirs: GlobDirs,
}

/// The directories of an extended file that its `exclude` and
/// `per-file-ignores` globs are relative to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GlobDirs {
    pub exclude: Option<PathBuf>,
    pub per_file_ignores: BTreeMap<String, PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Domains {
    One(String),
    Many(Vec<String>),
}

impl Domains {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let v: Vec<&str> = match self {
            Domains::One(d) => vec![d.as_str()],
            Domains::Many(ds) => ds.iter().map(String::as_str).collect(),
        };
        v.into_iter()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Replaces the default rule set.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by rule code or name.
    pub severity: BTreeMap<String, Severity>,
    /// Rules not to report for files matching a glob:
    /// `"drafts/**" = ["uncited-claim", "uncited-quote"]`.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
}

/// Which citations cover which sentences (CC101, CC102).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// `sentence` for articles cited sentence by sentence, else `paragraph`.
    #[default]
    Auto,
    /// Each claim needs its own marker.
    Sentence,
    /// A marker also covers the preceding sentences of its paragraph.
    Paragraph,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ClaimsConfig {
    pub coverage: Coverage,
    /// Score at or above which a sentence states a checkable fact.
    pub threshold: f64,
    /// Share of all markers above which one reference is too dominant (CC103).
    pub concentration: f64,
}

impl Default for ClaimsConfig {
    fn default() -> Self {
        ClaimsConfig {
            coverage: Coverage::Auto,
            threshold: 2.0,
            concentration: 1.0 / 3.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DuplicatesConfig {
    /// Similarity (0–1) at or above which two sentences are repeats.
    pub sentence_threshold: f64,
    /// The same, for two sentences of one paragraph.
    pub near_sentence_threshold: f64,
    /// Similarity (0–1) at or above which two paragraphs are repeats.
    pub paragraph_threshold: f64,
    /// Sentences with fewer content words are never compared.
    pub min_words: usize,
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        DuplicatesConfig {
            sentence_threshold: 0.7,
            near_sentence_threshold: 0.45,
            paragraph_threshold: 0.5,
            min_words: 5,
        }
    }
}

/// How references are compared with their URLs (CC301–CC303).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ReferencesConfig {
    /// A cited date 1 to this many days from the URL's date is reported at
    /// info (a time-zone difference, usually); 0 never reports at info.
    pub date_info_days: u32,
    /// A cited date at least this many days from the URL's date is reported
    /// at warning. Differences between the two thresholds are not reported.
    pub date_warning_days: u32,
}

impl Default for ReferencesConfig {
    fn default() -> Self {
        ReferencesConfig {
            date_info_days: 1,
            date_warning_days: 2,
        }
    }
}

/// How CC501 decides that a cited page supports a sentence.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct SupportConfig {
    /// Share (0–1) of the sentence's content words that the closest
    /// passage of its cited pages must contain.
    pub min_overlap: f64,
}

impl Default for SupportConfig {
    fn default() -> Self {
        SupportConfig { min_overlap: 0.3 }
    }
}

/// Source reliability (CC304): sites added to or overriding Wikipedia's
/// perennial sources list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct SourcesConfig {
    /// Sites to report as unreliable: domains (covering their subdomains)
    /// or domain/path prefixes, `"example-news.com"`, `"example.org/blog"`.
    pub unreliable: Vec<String>,
    /// Sites never to report, whatever the list says.
    pub reliable: Vec<String>,
    /// Also report sites the list rates "No consensus" (at info).
    pub no_consensus: bool,
}

/// A length of time written `"10s"`, `"500ms"`, `"2m"`, `"12h"`, `"7d"`, or
/// a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration(pub std::time::Duration);

impl Duration {
    pub const fn secs(s: u64) -> Duration {
        Duration(std::time::Duration::from_secs(s))
    }

    pub const fn millis(ms: u64) -> Duration {
        Duration(std::time::Duration::from_millis(ms))
    }

    /// Parse `"10s"`, `"500ms"`, `"1.5s"`, `"2m"`, `"12h"`, `"7d"` or `"10"`.
    pub fn parse(s: &str) -> Result<Duration, String> {
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: f64 = num.parse().map_err(|_| {
            format!("`{s}` is not a duration (write e.g. \"10s\", \"500ms\", \"7d\")")
        })?;
        let scale = match unit.trim() {
            "" | "s" => 1.0,
            "ms" => 0.001,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            other => {
                return Err(format!(
                    "unknown duration unit `{other}` in `{s}` (ms, s, m, h, d)"
                ))
            }
        };
        let secs = n * scale;
        if !secs.is_finite() || !(0.0..=1e9).contains(&secs) {
            return Err(format!("`{s}` is out of range"));
        }
        Ok(Duration(std::time::Duration::from_secs_f64(secs)))
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Secs(u64),
            Float(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            // Through the same range check as text, so `1e18` seconds cannot
            // overflow a timer later.
            Raw::Secs(n) => Duration::parse(&n.to_string()).map_err(serde::de::Error::custom),
            Raw::Float(f) => Duration::parse(&f.to_string()).map_err(serde::de::Error::custom),
            Raw::Text(t) => Duration::parse(&t).map_err(serde::de::Error::custom),
        }
    }
}

impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A duration: seconds as a number, or text such as \"10s\", \"500ms\", \"2m\", \"12h\", \"7d\".",
            "anyOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": "^\\s*[0-9.]+\\s*(ms|s|m|min|h|d)?\\s*$" }
            ]
        })
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The largest unit that states the duration exactly, as users write it
/// ("7d", "20s", "500ms"), and what `parse` reads back.
impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.0.as_millis();
        let units = [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "m"),
            (1000, "s"),
        ];
        match units.iter().find(|(size, _)| ms > 0 && ms % size == 0) {
            Some((size, unit)) => write!(f, "{}{unit}", ms / size),
            None => write!(f, "{ms}ms"),
        }
    }
}

/// An accepted status: one code (`200`) or a range (`"200..=299"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum StatusSpec {
    One(u16),
    Range(String),
}

impl StatusSpec {
    /// The inclusive range this names, or why it names none.
    pub fn bounds(&self) -> Result<(u16, u16), String> {
        let (a, b) = match self {
            StatusSpec::One(n) => (*n, *n),
            StatusSpec::Range(r) => {
                let (a, b) = r
                    .split_once("..=")
                    .or_else(|| r.split_once('-'))
                    .ok_or_else(|| {
                        format!("`{r}` is not a status or a range like \"200..=299\"")
                    })?;
                let p = |x: &str| {
                    x.trim()
                        .parse::<u16>()
                        .map_err(|_| format!("`{r}` is not a status range"))
                };
                (p(a)?, p(b)?)
            }
        };
        if !(100..=599).contains(&a) || !(100..=599).contains(&b) || a > b {
            return Err(format!("status {a}..={b} is not within 100..=599"));
        }
        Ok((a, b))
    }
}

/// The link stage (CC401–CC404, and the page's own facts for CC301–CC303).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// Total time for one request, body included.
    pub timeout: Duration,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Retries after a timeout, a reset connection, a 5xx, 408 or 429.
    pub retries: u32,
    /// The first retry's wait; each further retry doubles it.
    pub retry_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one is waited this long.
    pub max_retry_after: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Bytes of a body read at most (after decompression).
    pub max_body_bytes: usize,
    /// Statuses that count as alive besides 2xx: `[403, "500..=599"]`.
    pub accept: Vec<StatusSpec>,
    /// Regular expressions: matching URLs are not checked.
    pub exclude: Vec<String>,
    /// How long a cached result is trusted.
    pub cache_ttl: Duration,
    /// Allow loopback, private and link-local addresses. A network-trust
    /// key: ignored in a file found by discovery (only `--config` sets it).
    pub allow_private: bool,
    pub user_agent: String,
    /// Extra request headers by domain, which covers its subdomains (`"*"`
    /// for every host): `[links.headers."example.com"] Authorization = "…"`.
    /// A network-trust key: ignored in a file found by discovery.
    pub headers: BTreeMap<String, BTreeMap<String, String>>,
    /// Look dead links up in a Wayback-compatible archive.
    pub archive: bool,
    /// The archive asked. A network-trust key: ignored in a file found by
    /// discovery.
    pub archive_url: String,
    /// Where well-formed DOIs written in a reference's text are looked up
    /// (CC305's online part: an unknown DOI is CC401, the landing page's
    /// title is compared by CC303); the DOI is appended to it. A
    /// network-trust key: ignored in a file found by discovery.
    pub doi_resolver: String,
    /// Fetch a random sibling path once per host to recognise soft 404s.
    pub soft_404_probe: bool,
    /// DNS servers to ask instead of the system resolver (`"10.0.0.53"`,
    /// `"127.0.0.1:5353"`); empty means the system's own. A network-trust
    /// key: ignored in a file found by discovery.
    pub nameservers: Vec<String>,
    /// Keep each URL's recent checks in the cache directory, and report a
    /// failing link as dead only once it has failed `dead-after-failures`
    /// times in a row over at least `dead-after` (a 404 or 410 on a URL
    /// never seen alive is dead at once); until then it is unverified
    /// (CC402) with its history. Off: each check is judged alone.
    pub history: bool,
    /// Failed checks in a row before a link that answered before, or that
    /// times out or fails with 5xx/429, is dead (1 to 32).
    pub dead_after_failures: usize,
    /// How long it must have been failing, from the first of those checks
    /// (at most 365d).
    pub dead_after: Duration,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            timeout: Duration::secs(20),
            concurrency: 64,
            per_host: 8,
            retries: 2,
            retry_backoff: Duration::millis(500),
            max_retry_after: Duration::secs(10),
            max_redirects: 10,
            max_body_bytes: 4 * 1024 * 1024,
            accept: Vec::new(),
            exclude: Vec::new(),
            cache_ttl: Duration::secs(7 * 86400),
            allow_private: false,
            user_agent: concat!(
                "citecheck/",
                env!("CARGO_PKG_VERSION"),
                " (citation link checker)"
            )
            .to_string(),
            headers: BTreeMap::new(),
            archive: true,
            archive_url: "https://web.archive.org".to_string(),
            doi_resolver: "https://doi.org/".to_string(),
            soft_404_probe: true,
            nameservers: Vec::new(),
            // InternetArchiveBot's rule: three failures at least a day
            // apart, so the first and the third are two days apart.
            history: true,
            dead_after_failures: 3,
            dead_after: Duration::secs(2 * 86400),
        }
    }
}

/// A configuration file that could not be used. Rendered by miette at the
/// edge, pointing at the offending key.
#[derive(Debug, Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {message}")]
    #[diagnostic(code(config::read))]
    Read { path: String, message: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidConfig>),
    #[error("configuration files extend each other in a cycle: {path} extends {extended}, which leads back to it")]
    #[diagnostic(
        code(config::extend_cycle),
        help("remove `extend` from one of the files")
    )]
    Cycle { path: String, extended: String },
    #[error("cannot read {extended}, which {path} extends: {message}")]
    #[diagnostic(
        code(config::extend),
        help("`extend` is relative to the file that names it")
    )]
    Extend {
        path: String,
        extended: String,
        message: String,
    },
}

#[derive(Debug, Error, miette::Diagnostic)]
#[error("invalid configuration in {path}: {message}")]
#[diagnostic(
    code(config::invalid),
    help("see the README's Configuration section for the keys each section takes")
)]
pub struct InvalidConfig {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: Option<SourceSpan>,
}

impl ConfigError {
    pub fn invalid(
        path: &Path,
        text: &str,
        message: String,
        span: Option<std::ops::Range<usize>>,
    ) -> ConfigError {
        let name = path.display().to_string();
        ConfigError::Invalid(Box::new(InvalidConfig {
            path: name.clone(),
            message,
            src: NamedSource::new(name, text.to_string()),
            span: span.map(|r| SourceSpan::new(r.start.into(), r.end - r.start)),
        }))
    }
}

/// Read and validate one configuration file, and the files it extends;
/// `rules` are the rules its selectors may name.
pub fn load(path: &Path, rules: Catalogue<'_>) -> Result<Config, ConfigError> {
    let text = read(path)?;
    let mut chain = vec![canonical(path)];
    let (table, dirs) = load_table(path, &text, rules, &mut chain)?;
    let mut config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::invalid(path, &text, toml_message(&e), None))?;
    config.validate(path, &text, rules)?;
    let own = dir_of(path);
    config.glob_dirs = GlobDirs {
        exclude: dirs.exclude.filter(|d| *d != own),
        per_file_ignores: dirs
            .per_file_ignores
            .into_iter()
            .filter(|(_, d)| *d != own)
            .collect(),
    };
    Ok(config)
}

/// Read and validate configuration text on its own (no `extend`).
pub fn parse(path: &Path, text: &str, rules: Catalogue<'_>) -> Result<Config, ConfigError> {
    let config: Config = toml::from_str(text)
        .map_err(|e| ConfigError::invalid(path, text, toml_message(&e), e.span()))?;
    config.validate(path, text, rules)?;
    Ok(config)
}

/// The TOML error's message, with a suggestion for a mistyped key or value
/// (serde's message lists what it expected: "unknown field `x`, expected one
/// of `a`, `b`").
fn toml_message(e: &toml::de::Error) -> String {
    let message = e.message().trim_end().to_string();
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| message.strip_prefix(p));
    let Some(rest) = unknown else {
        return message;
    };
    let Some((word, expected)) = rest.split_once('`') else {
        return message;
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = suggest::did_you_mean(word, candidates.iter().copied());
    format!("{message}{hint}")
}

/// A configuration file is small; a FIFO or a device in its place must not
/// hang or exhaust the run.
const MAX_CONFIG_BYTES: u64 = 4 << 20;

fn read(path: &Path) -> Result<String, ConfigError> {
    crate::atomic::read_regular_text(path, MAX_CONFIG_BYTES).map_err(|e| ConfigError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn dir_of(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// One file's table merged over the tables of the files it extends, and the
/// directory each glob came from. Each file is checked on its own first, so
/// an error points into the file that has it.
fn load_table(
    path: &Path,
    text: &str,
    rules: Catalogue<'_>,
    chain: &mut Vec<PathBuf>,
) -> Result<(toml::Table, GlobDirs), ConfigError> {
    let own = toml::from_str::<Config>(text)
        .map_err(|e| ConfigError::invalid(path, text, toml_message(&e), e.span()))?;
    own.validate_keys(path, text, rules)?;
    let mut table: toml::Table = toml::from_str(text)
        .map_err(|e| ConfigError::invalid(path, text, toml_message(&e), e.span()))?;
    let dir = dir_of(path);
    let mut dirs = GlobDirs {
        exclude: (!own.exclude.is_empty() || table.contains_key("exclude")).then(|| dir.clone()),
        per_file_ignores: own
            .rules
            .per_file_ignores
            .keys()
            .map(|k| (k.clone(), dir.clone()))
            .collect(),
    };
    let Some(extend) = own.extend else {
        return Ok((table, dirs));
    };
    let parent_path = dir.join(&extend);
    let parent_text =
        crate::atomic::read_regular_text(&parent_path, MAX_CONFIG_BYTES).map_err(|e| {
            ConfigError::Extend {
                path: path.display().to_string(),
                extended: parent_path.display().to_string(),
                message: e.to_string(),
            }
        })?;
    let key = canonical(&parent_path);
    if chain.contains(&key) {
        return Err(ConfigError::Cycle {
            path: path.display().to_string(),
            extended: parent_path.display().to_string(),
        });
    }
    chain.push(key);
    let (mut merged, parent_dirs) = load_table(&parent_path, &parent_text, rules, chain)?;
    merged.remove("extend");
    if dirs.exclude.is_none() {
        dirs.exclude = parent_dirs.exclude;
    }
    for (glob, d) in parent_dirs.per_file_ignores {
        dirs.per_file_ignores.entry(glob).or_insert(d);
    }
    table.remove("extend");
    merge(&mut merged, table);
    merged.insert("extend".into(), toml::Value::String(extend));
    Ok((merged, dirs))
}

/// `over`'s keys win; tables are merged key by key, anything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

impl Config {
    /// Rule names and codes must exist; numbers must be in range; the date
    /// thresholds must be in order.
    fn validate(&self, path: &Path, text: &str, rules: Catalogue<'_>) -> Result<(), ConfigError> {
        self.validate_keys(path, text, rules)?;
        self.validate_together(path, text)
    }

    /// What can be checked key by key, so also in a file that is extended.
    fn validate_keys(
        &self,
        path: &Path,
        text: &str,
        rules: Catalogue<'_>,
    ) -> Result<(), ConfigError> {
        for glob in self
            .exclude
            .iter()
            .chain(self.rules.per_file_ignores.keys())
        {
            if let Err(e) = globset::Glob::new(glob) {
                let span = text.find(glob.as_str()).map(|i| i..i + glob.len());
                return Err(ConfigError::invalid(
                    path,
                    text,
                    format!("invalid glob `{glob}`: {e}"),
                    span,
                ));
            }
        }
        let selectors = self
            .rules
            .select
            .iter()
            .flatten()
            .chain(&self.rules.extend_select)
            .chain(&self.rules.ignore)
            .chain(self.rules.per_file_ignores.values().flatten())
            .chain(self.rules.severity.keys());
        for s in selectors {
            let known = if self.rules.severity.contains_key(s) {
                rules.lookup(s).is_some()
            } else {
                !rules.matching(s).is_empty()
            };
            if !known {
                let span = text.find(&format!("\"{s}\"")).map(|i| i..i + s.len() + 2);
                return Err(ConfigError::invalid(
                    path,
                    text,
                    format!(
                        "unknown rule `{s}` (see `citecheck rules`){}",
                        suggest::did_you_mean(s, rules.iter().flat_map(|r| [r.code, r.name]))
                    ),
                    span,
                ));
            }
        }
        let ratios = [
            (
                "duplicates.sentence-threshold",
                self.duplicates.sentence_threshold,
            ),
            (
                "duplicates.near-sentence-threshold",
                self.duplicates.near_sentence_threshold,
            ),
            (
                "duplicates.paragraph-threshold",
                self.duplicates.paragraph_threshold,
            ),
            ("claims.concentration", self.claims.concentration),
            ("support.min-overlap", self.support.min_overlap),
        ];
        for (key, value) in ratios {
            if !(0.0..=1.0).contains(&value) {
                let short = key.rsplit('.').next().unwrap_or(key);
                let span = text.find(short).map(|i| i..i + short.len());
                return Err(ConfigError::invalid(
                    path,
                    text,
                    format!("`{key}` must be between 0 and 1, not {value}"),
                    span,
                ));
            }
        }
        // A score, not a share; NaN would make every comparison false and
        // silently switch CC101 off.
        let threshold = self.claims.threshold;
        if !(threshold.is_finite() && (0.0..=MAX_CLAIM_THRESHOLD).contains(&threshold)) {
            let span = text.find("threshold").map(|i| i..i + "threshold".len());
            return Err(ConfigError::invalid(
                path,
                text,
                format!(
                    "`claims.threshold` must be a number between 0 and {MAX_CLAIM_THRESHOLD}, not {threshold}"
                ),
                span,
            ));
        }
        if self.duplicates.min_words > MAX_MIN_WORDS {
            let span = text.find("min-words").map(|i| i..i + "min-words".len());
            return Err(ConfigError::invalid(
                path,
                text,
                format!(
                    "`duplicates.min-words` must be at most {MAX_MIN_WORDS}, not {}",
                    self.duplicates.min_words
                ),
                span,
            ));
        }
        for (key, sites) in [
            ("unreliable", &self.sources.unreliable),
            ("reliable", &self.sources.reliable),
        ] {
            for site in sites {
                let span = text
                    .find(&format!("\"{site}\""))
                    .map(|i| i..i + site.len() + 2);
                if crate::model::Site::parse(site).is_none() {
                    return Err(ConfigError::invalid(
                        path,
                        text,
                        format!("`sources.{key}`: `{site}` is not a domain or a domain/path prefix (write e.g. \"example.com\" or \"example.com/blog\")"),
                        span,
                    ));
                }
                if key == "unreliable"
                    && self
                        .sources
                        .reliable
                        .iter()
                        .any(|r| crate::model::Site::parse(r) == crate::model::Site::parse(site))
                {
                    return Err(ConfigError::invalid(
                        path,
                        text,
                        format!("`{site}` is in both `sources.unreliable` and `sources.reliable`"),
                        span,
                    ));
                }
            }
        }
        self.links.validate().map_err(|(key, message)| {
            let span = text.find(key).map(|i| i..i + key.len());
            ConfigError::invalid(path, text, format!("`links.{key}` {message}"), span)
        })
    }

    /// What depends on several keys, so only on the merged configuration.
    fn validate_together(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let r = &self.references;
        if r.date_warning_days == 0 || r.date_info_days >= r.date_warning_days {
            let span = text
                .find("date-warning-days")
                .or_else(|| text.find("date-info-days"))
                .map(|i| i..i + "date-warning-days".len().min(text.len() - i));
            return Err(ConfigError::invalid(
                path,
                text,
                format!(
                    "`references.date-info-days` ({}) must be below `references.date-warning-days` ({}), which must be at least 1",
                    r.date_info_days, r.date_warning_days
                ),
                span,
            ));
        }
        Ok(())
    }
}

/// The highest `claims.threshold`: no sentence scores near it.
const MAX_CLAIM_THRESHOLD: f64 = 100.0;
/// The highest `duplicates.min-words` (higher compares nothing).
const MAX_MIN_WORDS: usize = 10_000;
/// Upper bounds of `[links]` numbers: far above any useful value, and far
/// below what overflows a semaphore, a buffer or a timer.
const MAX_CONCURRENCY: usize = 4096;
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;
const MAX_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3600);
const MAX_RETRY_WAIT: std::time::Duration = std::time::Duration::from_secs(3600);
/// The checks a link history keeps (`net::history::MAX_CHECKS`, which the
/// settings tests hold equal): more failures in a row could never be seen.
pub const MAX_DEAD_AFTER_FAILURES: usize = 32;

/// A DNS server as `IP` or `IP:port` (`[v6]:port` for IPv6 with a port).
pub fn parse_nameserver(text: &str) -> Option<std::net::SocketAddr> {
    let t = text.trim();
    t.parse::<std::net::SocketAddr>().ok().or_else(|| {
        t.parse::<std::net::IpAddr>()
            .ok()
            .map(|ip| std::net::SocketAddr::new(ip, 53))
    })
}

impl LinksConfig {
    /// Numbers in range, patterns that compile, headers that are headers.
    /// On error: the key and what is wrong with it.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.timeout.0.is_zero() || self.timeout.0 > MAX_TIMEOUT {
            return Err(("timeout", "must be above zero and at most 1h".into()));
        }
        if self.concurrency == 0 || self.concurrency > MAX_CONCURRENCY {
            return Err((
                "concurrency",
                format!("must be between 1 and {MAX_CONCURRENCY}"),
            ));
        }
        if self.per_host == 0 || self.per_host > MAX_CONCURRENCY {
            return Err((
                "per-host",
                format!("must be between 1 and {MAX_CONCURRENCY}"),
            ));
        }
        if self.retry_backoff.0 > MAX_RETRY_WAIT {
            return Err(("retry-backoff", "must be at most 1h".into()));
        }
        if self.max_retry_after.0 > MAX_RETRY_WAIT {
            return Err(("max-retry-after", "must be at most 1h".into()));
        }
        if self.retries > 10 {
            return Err(("retries", "must be at most 10".into()));
        }
        if self.max_redirects > 50 {
            return Err(("max-redirects", "must be at most 50".into()));
        }
        if self.max_body_bytes == 0 || self.max_body_bytes > MAX_BODY_BYTES {
            return Err((
                "max-body-bytes",
                format!("must be between 1 and {MAX_BODY_BYTES} (256 MiB)"),
            ));
        }
        for a in &self.accept {
            a.bounds().map_err(|e| ("accept", e))?;
        }
        for p in &self.exclude {
            regex::Regex::new(p)
                .map_err(|e| ("exclude", format!("`{p}` is not a regular expression: {e}")))?;
        }
        if !url::Url::parse(&self.doi_resolver)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        {
            return Err((
                "doi-resolver",
                format!("`{}` is not an http(s) URL", self.doi_resolver),
            ));
        }
        if self.user_agent.trim().is_empty() || self.user_agent.contains(['\r', '\n']) {
            return Err(("user-agent", "must be one non-empty line".into()));
        }
        for headers in self.headers.values() {
            for (name, value) in headers {
                let ok_name = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !ok_name || value.contains(['\r', '\n']) {
                    return Err(("headers", format!("`{name}` is not a valid header")));
                }
            }
        }
        for n in &self.nameservers {
            parse_nameserver(n).ok_or_else(|| {
                (
                    "nameservers",
                    format!("`{n}` is not an IP address (with an optional :port)"),
                )
            })?;
        }
        if self.dead_after_failures == 0 || self.dead_after_failures > MAX_DEAD_AFTER_FAILURES {
            return Err((
                "dead-after-failures",
                format!(
                    "must be between 1 and {MAX_DEAD_AFTER_FAILURES} (the checks a history keeps)"
                ),
            ));
        }
        if self.dead_after.0 > std::time::Duration::from_secs(365 * 86400) {
            return Err(("dead-after", "must be at most 365d".into()));
        }
        let archive = url::Url::parse(&self.archive_url).ok();
        if !archive.is_some_and(|u| matches!(u.scheme(), "http" | "https")) {
            return Err((
                "archive-url",
                format!("`{}` is not an http(s) URL", self.archive_url),
            ));
        }
        Ok(())
    }
}

/// Compiled `exclude` or `per-file-ignores` globs, matched against a path
/// relative to the configuration file's directory, or against the file name
/// alone for a glob without `/`.
#[derive(Debug, Clone, Default)]
pub struct Globs {
    full: Vec<globset::GlobMatcher>,
    names: Vec<globset::GlobMatcher>,
}

impl Globs {
    pub fn new<'a>(patterns: impl Iterator<Item = &'a String>) -> Globs {
        let mut g = Globs::default();
        for p in patterns {
            if let Ok(glob) = globset::Glob::new(p) {
                if p.contains('/') {
                    g.full.push(glob.compile_matcher());
                } else {
                    g.names.push(glob.compile_matcher());
                }
            }
        }
        g
    }

    pub fn is_match(&self, relative: &Path) -> bool {
        let name = relative.file_name().map(Path::new);
        self.full.iter().any(|m| m.is_match(relative))
            || self
                .names
                .iter()
                .any(|m| name.is_some_and(|n| m.is_match(n)) || m.is_match(relative))
    }
}

/// The JSON Schema of `citecheck.toml`, generated from these types.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Config);
    // Where editors (taplo, Even Better TOML, `#:schema` comments) fetch it.
    schema.insert("$id".into(), SCHEMA_URL.into());
    schema.insert("title".into(), "citecheck.toml".into());
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

/// The published JSON Schema of citecheck.toml: docs/citecheck.schema.json
/// on the repository's main branch.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/citecheck/citecheck/main/docs/citecheck.schema.json";

/// The closest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut at = Some(dir);
    while let Some(d) = at {
        for name in FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        at = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Needs, RuleMeta};

    const fn meta(code: &'static str, name: &'static str) -> RuleMeta {
        RuleMeta {
            code,
            name,
            severity: Severity::Warning,
            needs: Needs::Text,
            summary: "",
            explanation: "",
        }
    }

    static KNOWN: [RuleMeta; 5] = [
        meta("CC002", "unused-reference"),
        meta("CC003", "duplicate-reference"),
        meta("CC101", "uncited-claim"),
        meta("CC103", "citation-concentration"),
        meta("CC301", "publisher-mismatch"),
    ];
    static RULES: [&RuleMeta; 5] = [&KNOWN[0], &KNOWN[1], &KNOWN[2], &KNOWN[3], &KNOWN[4]];

    /// Configuration validation knows rules only through its parameter; a
    /// few stand-ins do here.
    fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        super::parse(path, text, Catalogue::new(&RULES))
    }

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("```toml\n[rules]")
            .map(|i| i + "```toml\n".len());
        let block = start.and_then(|s| readme[s..].find("```").map(|e| &readme[s..s + e]));
        let block = block.expect("README has a [rules] toml example");
        let config = parse(Path::new("README.md"), block).expect("README example parses");
        assert_eq!(config.claims.coverage, Coverage::Auto);
        assert_eq!(config.rules.severity["CC002"], Severity::Error);
        assert_eq!(config.links.per_host, 8);
        assert_eq!(config.links.headers["*"]["Accept-Language"], "en");
    }

    #[test]
    fn nameservers_are_addresses_with_optional_ports() {
        assert_eq!(
            parse_nameserver("10.0.0.53"),
            Some("10.0.0.53:53".parse().unwrap())
        );
        assert_eq!(
            parse_nameserver(" 127.0.0.1:5353 "),
            Some("127.0.0.1:5353".parse().unwrap())
        );
        assert_eq!(
            parse_nameserver("[::1]:5353"),
            Some("[::1]:5353".parse().unwrap())
        );
        assert_eq!(parse_nameserver("::1"), Some("[::1]:53".parse().unwrap()));
        assert_eq!(parse_nameserver("dns.example"), None);
        let err = parse(
            Path::new("c.toml"),
            "[links]\nnameservers = [\"dns.example\"]\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("dns.example"), "{err}");
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse(Path::new("c.toml"), "").unwrap(), Config::default());
    }

    #[test]
    fn sections_and_kebab_keys() {
        let text = "[rules]\nignore = [\"CC002\"]\nseverity = { CC003 = \"error\" }\n[claims]\ncoverage = \"paragraph\"\n[duplicates]\nsentence-threshold = 0.7\n[publishers]\n\"Example News\" = \"example.com\"\n\"Other\" = [\"a.com\", \"b.org\"]\n";
        let c = parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(c.rules.ignore, vec!["CC002"]);
        assert_eq!(c.rules.severity["CC003"], Severity::Error);
        assert_eq!(c.claims.coverage, Coverage::Paragraph);
        assert_eq!(c.duplicates.sentence_threshold, 0.7);
        assert_eq!(
            c.publishers["Other"].iter().collect::<Vec<_>>(),
            vec!["a.com", "b.org"]
        );
    }

    #[test]
    fn unknown_keys_and_rules_are_errors_with_spans() {
        let err = parse(Path::new("c.toml"), "[claims]\ncoverrage = \"x\"\n").unwrap_err();
        let ConfigError::Invalid(invalid) = err else {
            panic!("not invalid")
        };
        assert!(invalid.message.contains("coverrage"), "{}", invalid.message);
        assert!(
            invalid.message.ends_with("did you mean `coverage`?"),
            "{}",
            invalid.message
        );
        assert_eq!(invalid.span.map(|s| s.offset()), Some(9));
        let err = parse(Path::new("c.toml"), "[rules]\nignore = [\"CC999\"]\n").unwrap_err();
        assert!(err.to_string().contains("CC999"));
        let err = parse(
            Path::new("c.toml"),
            "[rules]\nignore = [\"uncited-clam\"]\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `uncited-claim`?"),
            "{err}"
        );
        let err = parse(
            Path::new("c.toml"),
            "[duplicates]\nsentence-threshold = 3.0\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("between 0 and 1"));
    }

    #[test]
    fn durations_print_as_users_write_them_and_read_back() {
        for (ms, text) in [
            (604_800_000, "7d"),
            (20_000, "20s"),
            (500, "500ms"),
            (90_000, "90s"),
            (7_200_000, "2h"),
            (0, "0ms"),
        ] {
            let d = Duration::millis(ms);
            assert_eq!(d.to_string(), text);
            assert_eq!(Duration::parse(text), Ok(d));
        }
    }

    #[test]
    fn date_thresholds() {
        let c = parse(
            Path::new("c.toml"),
            "[references]\ndate-info-days = 2\ndate-warning-days = 5\n",
        )
        .unwrap();
        assert_eq!(c.references.date_info_days, 2);
        assert_eq!(c.references.date_warning_days, 5);
        let err = parse(
            Path::new("c.toml"),
            "[references]\ndate-info-days = 3\ndate-warning-days = 2\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("date-info-days"), "{err}");
        assert!(parse(Path::new("c.toml"), "[references]\ndate-warning = true\n").is_err());
    }
}
