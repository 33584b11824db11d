//! The HTTP client: one fetch per URL with redirects followed by hand, every
//! hop's address checked after DNS resolution, retries with backoff, a total
//! timeout per request and a capped body.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, CONNECTION, CONTENT_TYPE, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, StatusCode};
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use super::facts::{Dead, Hop, LinkFacts, Outcome, Unverified};
use super::{page, NetOptions, ProgressFn, Request};
use crate::calendar;

/// Why a resolution was refused; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum ResolveError {
    /// The name does not exist (NXDOMAIN, or no address records).
    #[error("no such host {host}: {message}")]
    NotFound { host: String, message: String },
    /// The resolver could not answer now (timeout, SERVFAIL, no server).
    #[error("cannot resolve {host}: {message}")]
    Unavailable { host: String, message: String },
    #[error("{host} resolves to {address}, a private address")]
    Blocked { host: String, address: IpAddr },
}

/// Whether an address is loopback, private, link-local, unspecified,
/// multicast, reserved or otherwise not on the public internet (the IANA
/// special-purpose registries). An IPv6 address that embeds an IPv4 one
/// (IPv4-compatible, -mapped or -translated, NAT64, 6to4, Teredo) is judged
/// by the IPv4 address too, since that is where a packet to it may go.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                // Shared address space (carrier-grade NAT).
                || (o[0] == 100 && (64..128).contains(&o[1]))
                // IETF protocol assignments, benchmarking, reserved (240/4).
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1]))
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if embedded_v4(v6).is_some_and(|v4| is_private(IpAddr::V4(v4))) {
                return true;
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7, link-local fe80::/10, site-local fec0::/10.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                // Discard-only 100::/64.
                || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
                // Documentation 2001:db8::/32.
                || (s[0] == 0x2001 && s[1] == 0xdb8)
        }
    }
}

/// The IPv4 address an IPv6 one carries, by its prefix.
fn embedded_v4(v6: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    let s = v6.segments();
    let low = |a: u16, b: u16| std::net::Ipv4Addr::from((u32::from(a) << 16) | u32::from(b));
    match s {
        // IPv4-mapped ::ffff:a.b.c.d, -compatible ::a.b.c.d (deprecated,
        // but routed to the IPv4 address by some stacks).
        [0, 0, 0, 0, 0, 0xffff, a, b] | [0, 0, 0, 0, 0, 0, a, b] => Some(low(a, b)),
        // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765).
        [0, 0, 0, 0, 0xffff, 0, a, b] => Some(low(a, b)),
        // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48.
        [0x64, 0xff9b, 0, 0, 0, 0, a, b] | [0x64, 0xff9b, 1, _, _, _, a, b] => Some(low(a, b)),
        // 6to4 2002:a.b.c.d::/48.
        [0x2002, a, b, ..] => Some(low(a, b)),
        // Teredo 2001:0::/32: the client's address, inverted, last.
        [0x2001, 0, _, _, _, _, a, b] => Some(low(!a, !b)),
        _ => None,
    }
}

/// Where names are looked up: the system's resolver (getaddrinfo), or the
/// DNS servers `[links] nameservers` names.
enum Lookup {
    System,
    Servers(Box<hickory_resolver::TokioResolver>),
}

impl Lookup {
    fn new(servers: &[SocketAddr]) -> Lookup {
        if servers.is_empty() {
            return Lookup::System;
        }
        let mut config = hickory_resolver::config::ResolverConfig::new();
        for addr in servers {
            for protocol in [
                hickory_resolver::proto::xfer::Protocol::Udp,
                hickory_resolver::proto::xfer::Protocol::Tcp,
            ] {
                config.add_name_server(hickory_resolver::config::NameServerConfig::new(
                    *addr, protocol,
                ));
            }
        }
        Lookup::Servers(Box::new(
            hickory_resolver::Resolver::builder_with_config(
                config,
                hickory_resolver::name_server::TokioConnectionProvider::default(),
            )
            .build(),
        ))
    }

    async fn resolve(&self, host: &str) -> Result<Vec<SocketAddr>, ResolveError> {
        match self {
            Lookup::System => match tokio::net::lookup_host((host, 0)).await {
                Ok(addrs) => Ok(addrs.collect()),
                Err(e) => {
                    let message = e.to_string();
                    // getaddrinfo's EAI_AGAIN: the resolver did not answer.
                    if message.contains("Temporary failure") || message.contains("try again") {
                        Err(ResolveError::Unavailable {
                            host: host.to_string(),
                            message,
                        })
                    } else {
                        Err(ResolveError::NotFound {
                            host: host.to_string(),
                            message,
                        })
                    }
                }
            },
            Lookup::Servers(resolver) => match resolver.lookup_ip(host).await {
                Ok(found) => Ok(found.iter().map(|ip| SocketAddr::new(ip, 0)).collect()),
                Err(e) if e.is_nx_domain() || no_address(&e) => Err(ResolveError::NotFound {
                    host: host.to_string(),
                    message: e.to_string(),
                }),
                Err(e) => Err(ResolveError::Unavailable {
                    host: host.to_string(),
                    message: dns_failure(&e),
                }),
            },
        }
    }
}

/// The name exists but has no address records (NODATA): as good as gone.
/// SERVFAIL and REFUSED also come as "no records", but say nothing.
fn no_address(e: &hickory_resolver::ResolveError) -> bool {
    e.proto().is_some_and(|p| {
        matches!(
            p.kind(),
            hickory_resolver::proto::ProtoErrorKind::NoRecordsFound {
                response_code: hickory_resolver::proto::op::ResponseCode::NoError,
                ..
            }
        )
    })
}

/// A resolver failure in words: the server's answer code when it gave one.
fn dns_failure(e: &hickory_resolver::ResolveError) -> String {
    match e.proto().map(|p| p.kind()) {
        Some(hickory_resolver::proto::ProtoErrorKind::NoRecordsFound { response_code, .. }) => {
            format!("the DNS server answered {response_code}")
        }
        _ => e.to_string(),
    }
}

/// A DNS resolver that refuses private addresses, so the address reqwest
/// connects to is the one that was checked.
struct Guard {
    allow_private: bool,
    trusted: Arc<Vec<IpAddr>>,
    lookup: Arc<Lookup>,
}

impl reqwest::dns::Resolve for Guard {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allow = self.allow_private;
        let trusted = self.trusted.clone();
        let lookup = self.lookup.clone();
        Box::pin(async move {
            let boxed = |e: ResolveError| Box::new(e) as Box<dyn std::error::Error + Send + Sync>;
            let addrs = lookup.resolve(&host).await.map_err(boxed)?;
            if addrs.is_empty() {
                return Err(boxed(ResolveError::NotFound {
                    host,
                    message: "no addresses".into(),
                }));
            }
            if !allow {
                if let Some(bad) = addrs
                    .iter()
                    .map(SocketAddr::ip)
                    .find(|ip| is_private(*ip) && !trusted.contains(ip))
                {
                    return Err(boxed(ResolveError::Blocked { host, address: bad }));
                }
            }
            let it: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(it)
        })
    }
}

/// Whether a request waits for its host's and the run's free slots. The
/// soft-404 probe does not: every page of its host waits for it, so behind
/// the host's queue it held the whole host up until the queue drained (one
/// host's 1,000 URLs finished a latency after the last page). It is one
/// request per host, once, so the host sees at most `per-host` + 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queue {
    Wait,
    Skip,
}

/// A response as far as the checks care.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
    content_type: Option<String>,
    /// The body as received (up to the cap) and whether it was cut.
    body: Option<(Vec<u8>, bool)>,
    /// A turn to read the body, taken before the request's own slot is
    /// given back (see [`Pages`]).
    turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// A request that got no answer.
enum Failure {
    Timeout,
    Dead(Dead),
    Unverified(Unverified),
    /// A connection-level error worth retrying (reset, refused, …).
    Connection(String),
    /// The process ran out of file descriptors: no verdict on the link,
    /// and an error of the whole run.
    Exhausted(String),
}

impl Failure {
    fn into_outcome(self, timeout: Duration) -> Outcome {
        match self {
            Failure::Timeout => Outcome::Unverified(Unverified::Timeout {
                millis: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            }),
            Failure::Dead(d) => Outcome::Dead(d),
            Failure::Unverified(u) => Outcome::Unverified(u),
            Failure::Connection(message) | Failure::Exhausted(message) => {
                Outcome::Unverified(Unverified::Connection { message })
            }
        }
    }
}

/// How long a connection may sit idle in the pool.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Client {
    http: reqwest::Client,
    opts: NetOptions,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Requests queued or in flight per origin (scheme, host, port): the
    /// last one asks for `Connection: close`, so a run over many hosts does
    /// not keep one idle connection open per host.
    origins: Mutex<HashMap<String, usize>>,
    probes: Mutex<HashMap<String, Arc<OnceCell<Option<u64>>>>>,
    sent: AtomicUsize,
    /// Set when the process ran out of file descriptors.
    exhausted: Mutex<Option<String>>,
    /// Bodies of live pages by checked URL, when `keep_bodies` is set.
    bodies: Mutex<HashMap<String, super::RawPage>>,
    /// Turns to read pages.
    pages: Arc<Pages>,
}

/// One request counted against its origin in [`Client::origins`] until
/// dropped.
struct Queued<'a> {
    origins: &'a Mutex<HashMap<String, usize>>,
    key: String,
}

impl<'a> Queued<'a> {
    fn new(origins: &'a Mutex<HashMap<String, usize>>, url: &Url) -> Queued<'a> {
        let key = url.origin().ascii_serialization();
        *origins
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.clone())
            .or_insert(0) += 1;
        Queued { origins, key }
    }

    /// Whether no other request to the origin is queued or in flight: the
    /// connection would only sit idle after this one.
    fn is_last(&self) -> bool {
        self.origins
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&self.key)
            .is_none_or(|n| *n <= 1)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        let mut origins = self.origins.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = origins.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                origins.remove(&self.key);
            }
        }
    }
}

/// Request time one URL may still spend, over all its hops, retries and
/// HEAD-then-GET fallbacks: `--timeout` bounds one request, this bounds
/// the URL (a chain of slow redirects would otherwise take hops × timeout).
struct Budget {
    left_ms: AtomicU64,
}

impl Budget {
    fn new(total: Duration) -> Budget {
        Budget {
            left_ms: AtomicU64::new(u64::try_from(total.as_millis()).unwrap_or(u64::MAX)),
        }
    }

    fn left(&self) -> Duration {
        Duration::from_millis(self.left_ms.load(Ordering::Relaxed))
    }

    fn spend(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let _ = self
            .left_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                Some(l.saturating_sub(ms))
            });
    }
}

/// Pages read at once. Reading one is CPU work that costs far more memory
/// than its body (a 4 MiB page of `<p>a</p>` takes about 390 MB while its
/// trees are built), and the blocking pool would run every downloaded page
/// at once: 16 such pages took 5.9 GB, 64 would not fit in most machines.
/// So at most one page a core is read at a time, and a request holds its
/// slot of `concurrency` until its page has a turn, so that bodies waiting
/// to be read are at most `concurrency` too.
pub(crate) struct Pages {
    turns: Arc<Semaphore>,
    /// Pages being read now, and the most ever at once (for tests).
    reading: AtomicUsize,
    most: AtomicUsize,
}

impl Pages {
    pub(crate) fn new(at_once: usize) -> Arc<Pages> {
        Arc::new(Pages {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
            reading: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        })
    }

    /// One page a core: more would only wait for a core, holding memory.
    fn per_core() -> Arc<Pages> {
        Pages::new(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// Wait for a turn to read a page. `None` only if the semaphore were
    /// closed, which nothing does; the page is then read without one.
    async fn turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.turns.clone().acquire_owned().await.ok()
    }

    /// The most pages that were read at once.
    #[cfg(test)]
    pub(crate) fn most_at_once(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// Run `work` (reading a page) on tokio's blocking pool within a turn
    /// (`turn`, else one waited for here): reading a large page takes a
    /// while, and on the link stage's one runtime thread every other
    /// request (and its timeout) would wait for it. A panic while reading
    /// is resumed here, so [`join_all`] reports it.
    pub(crate) async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        turn: Option<tokio::sync::OwnedSemaphorePermit>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let turn = match turn {
            Some(t) => Some(t),
            None => self.turn().await,
        };
        let me = self.clone();
        let read = tokio::task::spawn_blocking(move || {
            let now = me.reading.fetch_add(1, Ordering::SeqCst) + 1;
            me.most.fetch_max(now, Ordering::SeqCst);
            let done = work();
            me.reading.fetch_sub(1, Ordering::SeqCst);
            drop(turn);
            done
        })
        .await;
        match read {
            Ok(done) => done,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => std::panic::panic_any(format!("reading a page: {e}")),
        }
    }
}

/// Run named tasks at once and collect what they return. A task that
/// panicked is an error naming it: its result would otherwise be missing
/// from the report without a word.
/// The requests taken one origin (scheme, host, port: what a connection
/// serves) at a time in turn, each origin's in their order, origins in
/// order of first appearance. URLs arrive sorted, so grouped by origin:
/// started in that order, the global slots would all go to one origin, then
/// the next, and each would open a connection per request it was given at
/// once, never to use it again. In turn, every origin has a few requests in
/// flight throughout and reuses its connections.
fn interleave_hosts(todo: Vec<Request>) -> Vec<Request> {
    let mut by_host: Vec<std::collections::VecDeque<Request>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let total = todo.len();
    for r in todo {
        let origin = Url::parse(&r.url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        let i = *index.entry(origin).or_insert_with(|| {
            by_host.push(std::collections::VecDeque::new());
            by_host.len() - 1
        });
        by_host[i].push_back(r);
    }
    let mut out = Vec::with_capacity(total);
    while out.len() < total {
        for queue in &mut by_host {
            if let Some(r) = queue.pop_front() {
                out.push(r);
            }
        }
    }
    out
}

async fn join_all<T: Send + 'static>(
    tasks: impl Iterator<
        Item = (
            String,
            impl std::future::Future<Output = T> + Send + 'static,
        ),
    >,
    mut on_done: impl FnMut(usize),
) -> Result<Vec<T>, String> {
    let mut set = tokio::task::JoinSet::new();
    let mut names = HashMap::new();
    for (name, task) in tasks {
        names.insert(set.spawn(task).id(), name);
    }
    let mut out = Vec::with_capacity(names.len());
    while let Some(res) = set.join_next().await {
        match res {
            Ok(v) => out.push(v),
            Err(e) => {
                let name = names
                    .get(&e.id())
                    .map_or("a URL", String::as_str)
                    .to_string();
                let why = if e.is_panic() {
                    let payload = e.into_panic();
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic".into())
                } else {
                    e.to_string()
                };
                return Err(format!("checking {name} failed: {why}"));
            }
        }
        on_done(out.len());
    }
    Ok(out)
}

impl Client {
    pub fn new(opts: NetOptions) -> Result<Arc<Client>, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            .user_agent(opts.user_agent.clone())
            .dns_resolver(Arc::new(Guard {
                allow_private: opts.allow_private,
                trusted: Arc::new(opts.trusted.clone()),
                lookup: Arc::new(Lookup::new(&opts.nameservers)),
            }))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_max_idle_per_host(opts.per_host)
            // An idle connection left by a host whose requests overlapped
            // (each saw the other queued, so neither closed) goes soon.
            .pool_idle_timeout(IDLE_TIMEOUT)
            // A proxy resolves host names itself, past the private-address
            // check on each hop's address: proxy variables (HTTP_PROXY,
            // HTTPS_PROXY, ALL_PROXY) are ignored.
            .no_proxy()
            .build()?;
        Ok(Arc::new(Client {
            http,
            global: Semaphore::new(opts.concurrency),
            opts,
            hosts: Mutex::new(HashMap::new()),
            origins: Mutex::new(HashMap::new()),
            probes: Mutex::new(HashMap::new()),
            sent: AtomicUsize::new(0),
            exhausted: Mutex::new(None),
            bodies: Mutex::new(HashMap::new()),
            pages: Pages::per_core(),
        }))
    }

    pub fn requests_sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// Why the run ran out of resources, if it did.
    pub fn exhausted(&self) -> Option<String> {
        self.exhausted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The bodies kept so far (`keep_bodies`), taken out of the client.
    pub fn take_bodies(&self) -> HashMap<String, super::RawPage> {
        std::mem::take(&mut *self.bodies.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Check every request concurrently (the semaphores bound it).
    pub async fn check_many(
        self: &Arc<Self>,
        todo: Vec<Request>,
        progress: Option<ProgressFn>,
        total: usize,
    ) -> Result<Vec<LinkFacts>, String> {
        let tasks = interleave_hosts(todo).into_iter().map(|r| {
            let me = self.clone();
            let url = r.url.clone();
            (url, async move { me.check(&r.url, r.need_page).await })
        });
        join_all(tasks, |done| {
            if let Some(p) = &progress {
                p(done, total);
            }
        })
        .await
    }

    /// Fetch, classify, probe for soft 404s and look up an archived copy.
    async fn check(self: &Arc<Self>, url: &str, need_page: bool) -> LinkFacts {
        let mut facts = self.fetch(url, need_page, Queue::Wait).await;
        if let (Outcome::Alive { .. }, Some(p)) = (&facts.outcome, &facts.page) {
            if self.opts.soft_404_probe {
                let fingerprint = p.fingerprint;
                if let Some(probe) = self.probe(facts.final_url()).await {
                    facts.same_as_missing_sibling = probe == fingerprint;
                }
            }
        }
        if matches!(facts.outcome, Outcome::Dead(Dead::Status { .. })) {
            facts.archived = self.archived(url).await;
        }
        facts
    }

    /// Follow redirects by hand from `url` and classify where they end.
    async fn fetch(&self, url: &str, need_page: bool, queue: Queue) -> LinkFacts {
        let mut facts = LinkFacts {
            url: url.to_string(),
            outcome: Outcome::Unverified(Unverified::Invalid {
                message: "not checked".into(),
            }),
            redirects: Vec::new(),
            page: None,
            same_as_missing_sibling: false,
            archived: None,
            history: None,
        };
        let mut current = match Url::parse(url) {
            Ok(u) => u,
            Err(e) => {
                facts.outcome = Outcome::Unverified(Unverified::Invalid {
                    message: e.to_string(),
                });
                return facts;
            }
        };
        let mut seen: HashSet<String> = HashSet::from([current.to_string()]);
        // Every attempt of one hop fits in it, as before; a chain shares it.
        let budget = Budget::new(
            self.opts
                .timeout
                .saturating_mul(self.opts.retries.saturating_add(1)),
        );
        loop {
            let answer = match self
                .send_retrying(&current, need_page, &budget, queue)
                .await
            {
                Ok(a) => a,
                Err(f) => {
                    facts.outcome = f.into_outcome(self.opts.timeout);
                    return facts;
                }
            };
            let status = answer.status;
            if (300..400).contains(&status) && status != 304 {
                let Some(next) = answer
                    .location
                    .as_deref()
                    .and_then(|l| current.join(l).ok())
                else {
                    facts.outcome = Outcome::Unverified(Unverified::Invalid {
                        message: format!("a {status} redirect without a usable Location"),
                    });
                    return facts;
                };
                facts.redirects.push(Hop {
                    status,
                    from: current.to_string(),
                    to: next.to_string(),
                });
                if !seen.insert(next.to_string()) {
                    facts.outcome = Outcome::Unverified(Unverified::RedirectLoop {
                        hops: facts.redirects.len(),
                    });
                    return facts;
                }
                if facts.redirects.len() > self.opts.max_redirects {
                    facts.outcome = Outcome::Unverified(Unverified::TooManyRedirects {
                        hops: facts.redirects.len(),
                    });
                    return facts;
                }
                current = next;
                continue;
            }
            facts.outcome = self.classify(status);
            if matches!(facts.outcome, Outcome::Alive { .. }) {
                if let Some((bytes, truncated)) = answer.body {
                    let content_type = answer.content_type.clone();
                    let (read, bytes) = self
                        .pages
                        .read(answer.turn, move || {
                            let facts = page::read(&bytes, content_type.as_deref(), truncated);
                            (facts, bytes)
                        })
                        .await;
                    facts.page = Some(read);
                    if self.opts.keep_bodies {
                        let raw = super::RawPage {
                            final_url: current.to_string(),
                            status,
                            content_type: answer.content_type,
                            body: bytes,
                            truncated,
                        };
                        self.bodies
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(url.to_string(), raw);
                    }
                }
            }
            return facts;
        }
    }

    fn classify(&self, status: u16) -> Outcome {
        let accepted = self
            .opts
            .accept
            .iter()
            .any(|(a, b)| (*a..=*b).contains(&status));
        if (200..300).contains(&status) || accepted {
            Outcome::Alive { status }
        } else if status == 404 || status == 410 {
            Outcome::Dead(Dead::Status { status })
        } else {
            Outcome::Unverified(Unverified::Status { status })
        }
    }

    /// One hop: HEAD when the status is enough (GET if HEAD is refused),
    /// GET when the page is needed; retried when that may help.
    async fn send_retrying(
        &self,
        url: &Url,
        need_page: bool,
        budget: &Budget,
        queue: Queue,
    ) -> Result<Answer, Failure> {
        let mut attempt = 0;
        loop {
            let mut result = if need_page {
                self.send_once(url, Method::GET, true, Some(budget), queue)
                    .await
            } else {
                let head = self
                    .send_once(url, Method::HEAD, false, Some(budget), queue)
                    .await;
                match &head {
                    Ok(a) if a.status == 405 || a.status == 501 => {
                        self.send_once(url, Method::GET, false, Some(budget), queue)
                            .await
                    }
                    Err(Failure::Connection(_)) => {
                        self.send_once(url, Method::GET, false, Some(budget), queue)
                            .await
                    }
                    _ => head,
                }
            };
            if let Err(Failure::Exhausted(m)) = &result {
                self.exhausted
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert_with(|| m.clone());
                return result;
            }
            let wait = match &result {
                Ok(a) if matches!(a.status, 408 | 429 | 500..=599) => a
                    .retry_after
                    .unwrap_or_else(|| self.backoff(attempt))
                    .min(self.opts.max_retry_after),
                Err(Failure::Timeout | Failure::Connection(_)) => self.backoff(attempt),
                _ => return result,
            };
            if attempt >= self.opts.retries {
                if let Err(Failure::Connection(m)) = &result {
                    result = Err(Failure::Connection(m.clone()));
                }
                return result;
            }
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.opts
            .retry_backoff
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(self.opts.max_retry_after)
    }

    /// One request within the concurrency limits and the total timeout.
    async fn send_once(
        &self,
        url: &Url,
        method: Method,
        read_body: bool,
        budget: Option<&Budget>,
        queue: Queue,
    ) -> Result<Answer, Failure> {
        let host = url.host_str().unwrap_or_default().to_string();
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Failure::Unverified(Unverified::Invalid {
                message: format!("unsupported scheme `{}`", url.scheme()),
            }));
        }
        // Literal addresses never reach the resolver: check them here.
        if !self.opts.allow_private {
            let literal = match url.host() {
                Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
                Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
                _ => None,
            };
            if let Some(ip) =
                literal.filter(|ip| is_private(*ip) && !self.opts.trusted.contains(ip))
            {
                return Err(Failure::Unverified(Unverified::Blocked {
                    host: host.clone(),
                    address: ip.to_string(),
                }));
            }
        }
        let queued = Queued::new(&self.origins, url);
        let host_limit = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts
                .entry(host.clone())
                .or_insert_with(|| Arc::new(Semaphore::new(self.opts.per_host)))
                .clone()
        };
        // Host first: a request waiting for a busy host must not hold one of
        // the global slots, or URLs sorted by host (as they arrive) would
        // run one host at a time.
        let (_host, _global) = match queue {
            Queue::Wait => (
                Some(host_limit.acquire().await),
                Some(self.global.acquire().await),
            ),
            Queue::Skip => (None, None),
        };
        self.sent.fetch_add(1, Ordering::Relaxed);
        let mut headers = self.headers_for(&host);
        if queued.is_last() {
            headers.insert(CONNECTION, HeaderValue::from_static("close"));
        }
        let request = self.http.request(method, url.clone()).headers(headers);
        let cap = self.opts.max_body_bytes;
        let work = async move {
            let mut resp = request.send().await.map_err(|e| failure(&e))?;
            let status = resp.status().as_u16();
            let headers = resp.headers();
            let location = headers
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let retry_after = headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
            let content_type = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let readable = content_type.as_deref().is_none_or(|ct| {
                let ct = ct.to_ascii_lowercase();
                ct.starts_with("text/") || ct.contains("html") || ct.contains("xml")
            });
            let mut body = None;
            if read_body && readable && resp.status() == StatusCode::OK {
                let mut bytes: Vec<u8> = Vec::new();
                let mut truncated = false;
                while let Some(chunk) = resp.chunk().await.map_err(|e| failure(&e))? {
                    let room = cap.saturating_sub(bytes.len());
                    if chunk.len() > room {
                        bytes.extend_from_slice(&chunk[..room]);
                        truncated = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                body = Some((bytes, truncated));
            }
            Ok(Answer {
                status,
                location,
                retry_after,
                content_type,
                body,
                turn: None,
            })
        };
        // Counted from here, after the host and global slots: waiting in
        // the queue is not the URL's fault.
        let limit = budget.map_or(self.opts.timeout, |b| b.left().min(self.opts.timeout));
        if limit.is_zero() {
            return Err(Failure::Timeout);
        }
        let started = tokio::time::Instant::now();
        let result = tokio::time::timeout(limit, work).await;
        if let Some(b) = budget {
            b.spend(started.elapsed());
        }
        let mut answer = match result {
            Ok(r) => r?,
            Err(_) => return Err(Failure::Timeout),
        };
        // The page's turn is waited for while this request still holds its
        // slots (after its deadline: the wait is not the URL's fault), so
        // no more than `concurrency` bodies wait to be read.
        if answer.body.is_some() {
            answer.turn = self.pages.turn().await;
        }
        Ok(answer)
    }

    /// Headers configured for every host (`*`), then for each configured
    /// domain this host is or is under (`example.com` covers
    /// `www.example.com`), the most specific last so that it wins.
    fn headers_for(&self, host: &str) -> HeaderMap {
        let mut keys: Vec<&String> = self
            .opts
            .headers
            .keys()
            .filter(|k| k.as_str() == "*" || host_under(host, k))
            .collect();
        keys.sort_by_key(|k| if k.as_str() == "*" { 0 } else { k.len() });
        let mut map = HeaderMap::new();
        for key in keys {
            for (k, v) in &self.opts.headers[key] {
                if let (Ok(k), Ok(v)) = (
                    HeaderName::from_bytes(k.as_bytes()),
                    HeaderValue::from_str(v),
                ) {
                    map.insert(k, v);
                }
            }
        }
        map
    }

    /// What the host answers for a path that cannot exist beside this page:
    /// the fingerprint of a 200 page, else `None`. Once per host.
    async fn probe(self: &Arc<Self>, page_url: &str) -> Option<u64> {
        let url = Url::parse(page_url).ok()?;
        if url.path() == "/" || url.path().is_empty() {
            return None;
        }
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut probes = self.probes.lock().unwrap_or_else(|e| e.into_inner());
            probes.entry(origin).or_default().clone()
        };
        let me = self.clone();
        *cell
            .get_or_init(|| async move {
                let token =
                    page::fnv1a(format!("{page_url}{:?}", std::time::SystemTime::now()).as_bytes());
                let probe = url.join(&format!("citecheck-missing-{token:016x}")).ok()?;
                let f = me.fetch(probe.as_str(), true, Queue::Skip).await;
                match (f.outcome, f.page) {
                    (Outcome::Alive { .. }, Some(p)) => Some(p.fingerprint),
                    _ => None,
                }
            })
            .await
    }

    /// The archive's closest snapshot of a dead URL, if it has one.
    async fn archived(&self, url: &str) -> Option<String> {
        let base = self.opts.archive.as_deref()?;
        let lookup = Url::parse(&format!(
            "{}/web/{}/{url}",
            base.trim_end_matches('/'),
            timestamp()
        ))
        .ok()?;
        match self
            .send_once(&lookup, Method::HEAD, false, None, Queue::Wait)
            .await
        {
            Ok(a) if (300..400).contains(&a.status) => a
                .location
                .and_then(|l| lookup.join(&l).ok())
                .map(|u| u.to_string()),
            Ok(a) if a.status == 200 => Some(lookup.to_string()),
            _ => None,
        }
    }
}

/// Today as `YYYYMMDD` (UTC), for the archive's closest-snapshot lookup.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = calendar::civil_from_days(days);
    format!("{y:04}{m:02}{d:02}")
}

/// Classify a reqwest error by what its cause chain holds.
fn failure(e: &reqwest::Error) -> Failure {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut messages: Vec<String> = Vec::new();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if out_of_descriptors(io) {
                return Failure::Exhausted(io.to_string());
            }
        }
        if let Some(r) = s.downcast_ref::<ResolveError>() {
            return match r {
                ResolveError::NotFound { host, .. } => {
                    Failure::Dead(Dead::UnknownHost { host: host.clone() })
                }
                ResolveError::Unavailable { host, message } => {
                    Failure::Unverified(Unverified::Dns {
                        host: host.clone(),
                        message: message.clone(),
                    })
                }
                ResolveError::Blocked { host, address } => {
                    Failure::Unverified(Unverified::Blocked {
                        host: host.clone(),
                        address: address.to_string(),
                    })
                }
            };
        }
        if let Some(tls) = rustls_error(s) {
            return Failure::Unverified(Unverified::Connection {
                message: format!("TLS error: {tls}"),
            });
        }
        let m = s.to_string();
        if !messages.iter().any(|p| p.contains(&m)) {
            messages.push(m);
        }
        source = s.source();
    }
    if e.is_timeout() {
        return Failure::Timeout;
    }
    let message = messages
        .iter()
        .rev()
        .take(2)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join(": ");
    let lower = message.to_ascii_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return Failure::Unverified(Unverified::Connection {
            message: format!("TLS error: {message}"),
        });
    }
    Failure::Connection(message)
}

/// "Too many open files" (for the process or the system).
fn out_of_descriptors(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Whether `host` is `domain` or a subdomain of it (case-insensitive).
fn host_under(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    host == domain
        || host
            .strip_suffix(&domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// The rustls error behind `e`, looking inside I/O errors too: their
/// `source()` skips the error they wrap, and TLS failures arrive as an I/O
/// error wrapping an I/O error wrapping the rustls one.
fn rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut at = Some(e);
    while let Some(x) = at {
        if let Some(tls) = x.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        at = x
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map(|inner| inner as &(dyn std::error::Error + 'static));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_grouped_by_origin_are_started_one_origin_at_a_time_in_turn() {
        let urls = [
            "http://a.test/1",
            "http://a.test/2",
            "http://a.test/3",
            "http://b.test/1",
            "http://c.test/1",
            "http://c.test/2",
            "http://c.test:8080/1",
            "not a url",
        ];
        let todo = urls
            .iter()
            .map(|u| Request {
                url: u.to_string(),
                need_page: false,
            })
            .collect();
        let order: Vec<String> = interleave_hosts(todo).into_iter().map(|r| r.url).collect();
        assert_eq!(
            order,
            [
                "http://a.test/1",
                "http://b.test/1",
                "http://c.test/1",
                "http://c.test:8080/1",
                "not a url",
                "http://a.test/2",
                "http://c.test/2",
                "http://a.test/3",
            ]
        );
    }

    #[test]
    fn private_addresses() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
            // Embedding a private IPv4 address, by every prefix that does.
            "::127.0.0.1",
            "::ffff:0:127.0.0.1",
            "::ffff:0:10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::10.1.2.3",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "fec0::1",
            "ff02::1",
            "ff0e::1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "2001:db8::1",
        ] {
            assert!(is_private(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "2606:4700::1111",
            "8.8.8.8",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
        ] {
            assert!(!is_private(a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn hosts_under_domains() {
        assert!(host_under("www.example.com", "example.com"));
        assert!(host_under("Example.COM", "example.com"));
        assert!(host_under("example.com.", "example.com"));
        assert!(!host_under("badexample.com", "example.com"));
        assert!(!host_under("example.com", "www.example.com"));
    }

    #[test]
    fn a_panicking_task_is_an_error_naming_it_not_a_missing_result() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let tasks = (0..3).map(|i| {
            (format!("https://{i}.example/"), async move {
                if i == 1 {
                    panic!("boom");
                }
                i
            })
        });
        let err = rt.block_on(join_all(tasks, |_| {})).unwrap_err();
        assert!(
            err.contains("https://1.example/") && err.contains("boom"),
            "{err}"
        );
        let fine = (0..3).map(|i| (i.to_string(), async move { i }));
        let mut got = rt.block_on(join_all(fine, |_| {})).unwrap();
        got.sort();
        assert_eq!(got, vec![0, 1, 2]);
    }

    #[test]
    fn no_more_pages_are_read_at_once_than_there_are_turns() {
        // As the link stage runs: one runtime thread, every page's reading
        // spawned onto the blocking pool. Sixteen pages downloaded at once
        // were all read at once (each costing hundreds of MB for a large
        // page); now two turns mean two at a time, each turn a core.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let pages = Pages::new(2);
        let tasks = (0..16).map(|i| {
            let pages = pages.clone();
            (i.to_string(), async move {
                pages
                    .read(None, move || {
                        std::thread::sleep(Duration::from_millis(20));
                        i
                    })
                    .await
            })
        });
        let mut got = rt.block_on(join_all(tasks, |_| {})).unwrap();
        got.sort();
        assert_eq!(got, (0..16).collect::<Vec<_>>(), "every page is read");
        assert_eq!(pages.most_at_once(), 2, "pages read at once");
    }

    #[test]
    fn timestamp_is_a_date() {
        let t = timestamp();
        assert_eq!(t.len(), 8);
        assert!(t.starts_with("20"));
    }
}

/// `Retry-After` as delay-seconds or as an HTTP date (RFC 9110 §10.2.3);
/// a date in the past means "now".
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod retry_after_tests {
    use super::*;

    #[test]
    fn seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")
            .unwrap_or(std::time::UNIX_EPOCH);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
