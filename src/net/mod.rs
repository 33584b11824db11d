//! The link stage: the only network I/O in citecheck. Each unique URL of a
//! run is fetched once (HEAD or GET, redirects followed by hand, retries,
//! timeouts, capped bodies, private addresses refused on every hop), cached
//! on disk, and reduced to a [`LinkFacts`] value the online checks read.

pub mod cache;
mod client;
pub mod facts;
pub mod history;
pub mod page;
pub mod text;

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

pub use facts::{Dead, Hop, LinkFacts, LinkHistory, Links, Outcome, PageFacts, Unverified};

use cache::{Cache, Lookup};
use history::History;

/// Called after each URL is done with (done, total).
pub type ProgressFn = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// Everything the client needs; the settings resolver builds it from
/// `[links]` and the flags.
#[derive(Debug, Clone)]
pub struct NetOptions {
    pub timeout: Duration,
    pub concurrency: usize,
    pub per_host: usize,
    pub retries: u32,
    pub retry_backoff: Duration,
    pub max_retry_after: Duration,
    pub max_redirects: usize,
    pub max_body_bytes: usize,
    /// Inclusive ranges of statuses accepted besides 2xx.
    pub accept: Vec<(u16, u16)>,
    pub allow_private: bool,
    /// Addresses treated as public even though they are not (for tests that
    /// must show a redirect to a private address being refused).
    pub trusted: Vec<IpAddr>,
    pub user_agent: String,
    pub headers: BTreeMap<String, BTreeMap<String, String>>,
    /// Base URL of a Wayback-compatible archive; `None` skips the lookup.
    pub archive: Option<String>,
    pub soft_404_probe: bool,
    /// DNS servers to ask instead of the system resolver.
    pub nameservers: Vec<std::net::SocketAddr>,
    pub cache: Option<Cache>,
    /// Keep each URL's checks beside the cache and judge failures by them
    /// (`[links] history`); `None` judges each check alone.
    pub history: Option<history::Policy>,
    /// Keep the bodies of live pages (for `citecheck sources fetch`); the
    /// cache is then not read, since it holds no bodies.
    pub keep_bodies: bool,
}

/// A live page's body as served, for saving it.
#[derive(Debug, Clone)]
pub struct RawPage {
    /// Where redirects ended.
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub truncated: bool,
}

/// One URL to check, and whether its page is needed (by a rule that reads
/// the page) or its status alone will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub need_page: bool,
}

/// What a run of the link stage produced.
#[derive(Debug, Default)]
pub struct Checked {
    pub links: Links,
    /// Things to tell the user once (no network, an unreadable cache).
    pub notices: Vec<String>,
    /// Set (to the number of hosts tried) when no host at all could be
    /// resolved: there is no network, so nothing was checked.
    pub no_network: Option<usize>,
    /// HTTP requests actually sent.
    pub requests_sent: usize,
    /// Bodies of live pages by URL, when `keep_bodies` was set.
    pub bodies: std::collections::HashMap<String, RawPage>,
}

#[derive(Debug, Error)]
pub enum NetError {
    #[error("cannot start the network runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// A link task failed (a bug): the run must not go on with a result
    /// missing.
    #[error("the link stage failed ({0}); this is a bug in citecheck, please report it")]
    Task(String),
    /// Out of file descriptors: the links that failed say nothing about
    /// themselves.
    #[error("links could not be checked: {0} (raise the limit, `ulimit -n`, or lower `[links] concurrency`)")]
    Exhausted(String),
}

impl NetError {
    /// Errors that must stop the run rather than leave its links unchecked
    /// with a warning.
    pub fn is_fatal(&self) -> bool {
        matches!(self, NetError::Task(_) | NetError::Exhausted(_))
    }
}

/// Check every URL once. Blocks; builds its own runtime and client, and only
/// when there is something to check.
pub fn check_all(
    requests: Vec<Request>,
    opts: &NetOptions,
    progress: Option<ProgressFn>,
) -> Result<Checked, NetError> {
    let mut checked = Checked::default();
    let mut todo: Vec<Request> = Vec::new();
    let mut corrupt: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let keyed = opts.cache.as_ref().map(|c| c.keyed(answer_context(opts)));
    let opts = &NetOptions {
        cache: keyed,
        ..opts.clone()
    };
    for r in requests {
        if !seen.insert(r.url.clone()) {
            continue;
        }
        let cache = opts.cache.as_ref().filter(|_| !opts.keep_bodies);
        match cache.map(|c| c.get(&r.url)) {
            Some(Lookup::Hit(f)) if !(r.need_page && f.page.is_none() && alive(&f)) => {
                checked.links.facts.insert(r.url.clone(), *f);
            }
            Some(Lookup::Corrupt(why)) => {
                corrupt.push(why);
                todo.push(r);
            }
            _ => todo.push(r),
        }
    }
    if let Some(first) = corrupt.first() {
        checked.notices.push(format!(
            "warning: ignored {} unreadable link-cache entr{} ({first}); {} rewritten",
            corrupt.len(),
            if corrupt.len() == 1 { "y" } else { "ies" },
            if corrupt.len() == 1 {
                "it is"
            } else {
                "they are"
            },
        ));
    }
    if todo.is_empty() {
        return Ok(checked);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(NetError::Runtime)?;
    // The DNS client, when configured, belongs to this runtime.
    let client = {
        let _inside = runtime.enter();
        client::Client::new(opts.clone()).map_err(NetError::Client)?
    };
    let total = todo.len();
    let results = runtime
        .block_on(client.check_many(todo, progress, total))
        .map_err(NetError::Task)?;
    if let Some(why) = client.exhausted() {
        return Err(NetError::Exhausted(why));
    }
    checked.requests_sent = client.requests_sent();
    checked.bodies = client.take_bodies();
    let unknown_hosts = results
        .iter()
        .filter(|f| {
            matches!(
                f.outcome,
                Outcome::Dead(Dead::UnknownHost { .. })
                    | Outcome::Unverified(Unverified::Dns { .. })
            )
        })
        .count();
    if unknown_hosts == results.len() && checked.links.facts.is_empty() {
        let hosts: HashSet<String> = results
            .iter()
            .filter_map(|f| url::Url::parse(&f.url).ok())
            .filter_map(|u| u.host_str().map(str::to_string))
            .collect();
        checked.no_network = Some(hosts.len());
        return Ok(checked);
    }
    let mut cache_failed = None;
    let history = opts.cache.as_ref().zip(opts.history).map(|(c, policy)| {
        History::new(c.root(), policy)
            .keyed(answer_context(opts))
            .at(c.now())
    });
    let mut reset: Vec<String> = Vec::new();
    for mut f in results {
        if let Some(h) = &history {
            match h.record(&f) {
                Ok(rec) => {
                    reset.extend(rec.corrupt);
                    history::judge(&mut f, &rec.record, h.policy, rec.now);
                }
                Err(e) => {
                    cache_failed.get_or_insert(e.to_string());
                }
            }
        }
        if let Some(c) = &opts.cache {
            if let Err(e) = c.put(&f) {
                cache_failed.get_or_insert(e.to_string());
            }
        }
        checked.links.facts.insert(f.url.clone(), f);
    }
    if let Some(first) = reset.first() {
        checked.notices.push(format!(
            "warning: reset {} unreadable link-history entr{} ({first}); {} this run's check only",
            reset.len(),
            if reset.len() == 1 { "y" } else { "ies" },
            if reset.len() == 1 {
                "it holds"
            } else {
                "they hold"
            },
        ));
    }
    if let Some(e) = cache_failed {
        checked
            .notices
            .push(format!("warning: cannot write the link cache: {e}"));
    }
    Ok(checked)
}

/// The settings besides the URL that can change a link's answer, as the
/// cache's key: a result found with private addresses allowed, other
/// accepted statuses, headers or user agent is another answer.
fn answer_context(opts: &NetOptions) -> String {
    format!(
        "allow-private={} trusted={:?} accept={:?} user-agent={:?} headers={:?} archive={:?} max-body-bytes={}",
        opts.allow_private,
        opts.trusted,
        opts.accept,
        opts.user_agent,
        opts.headers,
        opts.archive,
        opts.max_body_bytes
    )
}

fn alive(f: &LinkFacts) -> bool {
    matches!(f.outcome, Outcome::Alive { .. })
}
