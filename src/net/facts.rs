//! What the link stage learned about one URL: a plain value, serialisable
//! for the cache, that the online checks read. No I/O here.

use serde::{Deserialize, Serialize};

/// One followed redirect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub status: u16,
    pub from: String,
    pub to: String,
}

/// Why a link is gone for good (CC401).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Dead {
    /// 404 or 410 (or another 4xx that is not a bot wall).
    Status { status: u16 },
    /// The host name does not exist.
    UnknownHost { host: String },
    /// It has failed again and again (timeouts, 5xx, …) for longer than
    /// `[links] dead-after`: `last` is how it failed this time.
    Failing { last: Unverified },
}

/// Why a link could not be verified (CC402).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unverified {
    /// No complete answer within the timeout.
    Timeout { millis: u64 },
    /// The connection failed: refused, reset, TLS, …
    Connection { message: String },
    /// A status that is not proof of death: 401, 403, 429, 999, 5xx.
    Status { status: u16 },
    /// The address is loopback, private, link-local or unspecified.
    Blocked { host: String, address: String },
    /// The redirects never end (or come back to an earlier URL).
    RedirectLoop { hops: usize },
    /// More redirects than allowed.
    TooManyRedirects { hops: usize },
    /// A redirect without a usable `Location`, an unsupported scheme, …
    Invalid { message: String },
    /// The host name could not be resolved right now (not "no such host").
    Dns { host: String, message: String },
}

/// How the URL answered in the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// A 2xx, or a status accepted by configuration.
    Alive {
        status: u16,
    },
    Dead(Dead),
    Unverified(Unverified),
}

/// A date the page gives for itself, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageDate {
    /// `citation_publication_date`, `article:published_time`, `datePublished`, …
    pub source: String,
    pub text: String,
}

/// The page's own metadata, read from its HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFacts {
    /// Every title the page gives, with its source: `citation_title`,
    /// `og:title`, `headline` (JSON-LD), `title`, `h1`.
    pub titles: Vec<(String, String)>,
    /// Publication dates, most authoritative first.
    pub dates: Vec<PageDate>,
    /// Site names: `og:site_name`, JSON-LD publisher, `application-name`.
    pub site_names: Vec<(String, String)>,
    /// A fingerprint of the page's text, to compare with a random sibling.
    pub fingerprint: u64,
    /// The body was longer than the cap and was not read past it.
    pub truncated: bool,
    /// The page's main text (boilerplate dropped, decoded), for CC501.
    #[serde(default)]
    pub text: String,
}

/// Everything known about one URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkFacts {
    /// The normalised URL that was checked.
    pub url: String,
    pub outcome: Outcome,
    /// Redirects followed, in order.
    pub redirects: Vec<Hop>,
    /// The page, when it was fetched and is HTML or text.
    pub page: Option<PageFacts>,
    /// The host answers a random sibling path with this very page.
    pub same_as_missing_sibling: bool,
    /// An archived copy, for a dead link.
    pub archived: Option<String>,
    /// The URL's recent failures, when the link history has some to tell
    /// (see `net::history`).
    #[serde(default)]
    pub history: Option<LinkHistory>,
}

/// What a failing URL's history says, for the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkHistory {
    /// The day (`YYYY-MM-DD`, UTC) of the first failure in the current run
    /// of failures.
    pub failing_since: String,
    /// Failed checks among the `checks` recorded.
    pub failures: usize,
    pub checks: usize,
    /// The day it last answered, if it ever did.
    pub last_alive: Option<String>,
}

impl LinkFacts {
    /// Where the redirects ended.
    pub fn final_url(&self) -> &str {
        self.redirects.last().map_or(&self.url, |h| &h.to)
    }

    /// Only definite results are worth caching: a live page, a dead status or
    /// a host that does not exist — not timeouts, errors or bot walls.
    pub fn is_definite(&self) -> bool {
        // Dead by its history: checked again next run, so that a link
        // that comes back is seen to.
        matches!(
            self.outcome,
            Outcome::Alive { .. } | Outcome::Dead(Dead::Status { .. } | Dead::UnknownHost { .. })
        )
    }
}

pub use crate::model::link_key as normalise;

/// All the link stage learned in one run.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub facts: std::collections::HashMap<String, LinkFacts>,
}

impl Links {
    /// The facts for a reference's URL, if it was checked.
    pub fn get(&self, url: &url::Url) -> Option<&LinkFacts> {
        normalise(url).and_then(|k| self.facts.get(&k))
    }
}
