//! Link results on disk: one small JSON file per normalised URL, written
//! atomically (temporary file + rename), so two runs at once never leave a
//! torn file. Only definite results are stored. A file that cannot be read
//! or parsed, or whose checksum does not match its contents, is ignored
//! with a warning and replaced on the next write.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::facts::LinkFacts;
use crate::atomic::{read_regular_text, write_atomic};
use crate::hash::fnv1a;

/// An entry holds a page's facts and main text, which come from a body of
/// at most `max-body-bytes`; anything far larger is not an entry we wrote.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// Bumped when the stored shape changes; older entries are then ignored.
const VERSION: &str = "v2";

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    url: String,
    /// The settings the answer was found with (see [`Cache::keyed`]). An
    /// older entry has none, so it matches no run's settings and is
    /// refetched.
    #[serde(default)]
    context: String,
    /// Seconds since the Unix epoch.
    stored: u64,
    facts: LinkFacts,
    /// FNV-1a of the other fields ([`checksum`]), in hex: a flipped bit or
    /// an edited answer is found and refetched, never trusted. An entry
    /// written before it has none and is refetched quietly.
    #[serde(default)]
    checksum: String,
}

/// The checksum of an entry's contents. The facts serialise the same way
/// every time (no maps, no floats), so a parsed entry checks against the
/// value computed when it was written.
fn checksum(url: &str, context: &str, stored: u64, facts: &LinkFacts) -> String {
    let facts = serde_json::to_vec(facts).unwrap_or_default();
    let mut bytes = Vec::with_capacity(url.len() + context.len() + facts.len() + 32);
    for part in [
        url.as_bytes(),
        context.as_bytes(),
        &stored.to_le_bytes(),
        &facts,
    ] {
        bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
        bytes.extend_from_slice(part);
    }
    format!("{:016x}", fnv1a(&bytes))
}

/// A cache directory and how long its entries are trusted.
#[derive(Debug, Clone)]
pub struct Cache {
    /// The directory the user named (the link history lives there too).
    root: PathBuf,
    dir: PathBuf,
    ttl: Duration,
    /// What besides the URL decides the answer; part of every key.
    context: String,
    /// The time (Unix seconds) entries are stored and aged at; `None` is
    /// the clock. One clock with the link history's, so a test can step
    /// both.
    now: Option<u64>,
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup {
    Hit(Box<LinkFacts>),
    Miss,
    /// The entry exists but is unreadable; the text says why.
    Corrupt(String),
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>, ttl: Duration) -> Cache {
        let root = dir.into();
        Cache {
            dir: root.join(VERSION),
            root,
            ttl,
            context: String::new(),
            now: None,
        }
    }

    /// This cache for answers found with `context` (the settings that
    /// change an answer: whether private addresses are allowed, accepted
    /// statuses, headers, user agent). An answer found with other settings
    /// is never served: a page read with `--allow-private` must not reach a
    /// run that forbids private addresses.
    pub fn keyed(&self, context: impl Into<String>) -> Cache {
        Cache {
            context: context.into(),
            ..self.clone()
        }
    }

    /// The same cache, on a clock stopped at `now` (Unix seconds).
    pub fn at(self, now: Option<u64>) -> Cache {
        Cache { now, ..self }
    }

    /// The time entries are stored and aged at.
    pub fn now(&self) -> Option<u64> {
        self.now
    }

    /// The directory this cache was made with.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// The platform's cache directory for citecheck (`~/.cache/citecheck`).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("citecheck"))
    }

    fn path(&self, url: &str) -> PathBuf {
        let key = format!("{url}\n{}", self.context);
        self.dir
            .join(format!("{:016x}.json", fnv1a(key.as_bytes())))
    }

    pub fn get(&self, url: &str) -> Lookup {
        let path = self.path(url);
        // A FIFO or device planted in the cache must not hang the run.
        let text = match read_regular_text(&path, MAX_ENTRY_BYTES) {
            Ok(t) => t,
            Err(e) if e.not_found() => return Lookup::Miss,
            Err(e) => return Lookup::Corrupt(format!("{}: {e}", path.display())),
        };
        let entry: Entry = match serde_json::from_str(&text) {
            Ok(e) => e,
            Err(e) => return Lookup::Corrupt(format!("{}: {e}", path.display())),
        };
        // Another URL (or the same with other settings) with the same hash:
        // not ours.
        if entry.url != url || entry.context != self.context {
            return Lookup::Miss;
        }
        if entry.checksum.is_empty() {
            return Lookup::Miss;
        }
        if entry.checksum != checksum(&entry.url, &entry.context, entry.stored, &entry.facts) {
            return Lookup::Corrupt(format!(
                "{}: the entry does not match its checksum",
                path.display()
            ));
        }
        let age = self.now.unwrap_or_else(now).saturating_sub(entry.stored);
        if Duration::from_secs(age) > self.ttl {
            return Lookup::Miss;
        }
        Lookup::Hit(Box::new(entry.facts))
    }

    /// Store a definite result; anything else is not stored.
    pub fn put(&self, facts: &LinkFacts) -> std::io::Result<()> {
        if !facts.is_definite() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let stored = self.now.unwrap_or_else(now);
        let entry = Entry {
            url: facts.url.clone(),
            context: self.context.clone(),
            stored,
            facts: facts.clone(),
            checksum: checksum(&facts.url, &self.context, stored, facts),
        };
        let json = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        let path = self.path(&facts.url);
        write_atomic(&path, &json)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::facts::{Dead, Outcome, Unverified};

    fn facts(url: &str, outcome: Outcome) -> LinkFacts {
        LinkFacts {
            url: url.into(),
            outcome,
            redirects: Vec::new(),
            page: None,
            same_as_missing_sibling: false,
            archived: None,
            history: None,
        }
    }

    #[test]
    fn stores_definite_results_only_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), Duration::from_secs(60));
        let dead = facts(
            "https://a.example/x",
            Outcome::Dead(Dead::Status { status: 404 }),
        );
        cache.put(&dead).unwrap();
        assert!(matches!(cache.get(&dead.url), Lookup::Hit(f) if *f == dead));
        let timeout = facts(
            "https://a.example/y",
            Outcome::Unverified(Unverified::Timeout { millis: 1000 }),
        );
        cache.put(&timeout).unwrap();
        assert!(matches!(cache.get(&timeout.url), Lookup::Miss));
        std::fs::write(cache.path(&dead.url), b"{not json").unwrap();
        assert!(matches!(cache.get(&dead.url), Lookup::Corrupt(_)));
        cache.put(&dead).unwrap();
        assert!(matches!(cache.get(&dead.url), Lookup::Hit(_)));
        let stale = Cache::new(dir.path(), Duration::ZERO);
        std::thread::sleep(Duration::from_millis(1100));
        assert!(matches!(stale.get(&dead.url), Lookup::Miss));
    }

    #[test]
    fn an_entry_that_does_not_match_its_checksum_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), Duration::from_secs(60));
        let dead = facts(
            "https://a.example/x",
            Outcome::Dead(Dead::Status { status: 404 }),
        );
        cache.put(&dead).unwrap();
        let path = cache.path(&dead.url);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"checksum\""), "{text}");
        // An edited answer (404 → 410) still parses, but is not trusted.
        std::fs::write(&path, text.replace("404", "410")).unwrap();
        assert!(
            matches!(cache.get(&dead.url), Lookup::Corrupt(e) if e.contains("checksum")),
            "{:?}",
            cache.get(&dead.url)
        );
        // An entry written before checksums is refetched without a warning.
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v.as_object_mut().unwrap().remove("checksum");
        std::fs::write(&path, v.to_string()).unwrap();
        assert!(matches!(cache.get(&dead.url), Lookup::Miss));
        cache.put(&dead).unwrap();
        assert!(matches!(cache.get(&dead.url), Lookup::Hit(f) if *f == dead));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_for_an_entry_is_corrupt_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), Duration::from_secs(60));
        let url = "https://a.example/fifo";
        std::fs::create_dir_all(&cache.dir).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(cache.path(url))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        assert!(matches!(cache.get(url), Lookup::Corrupt(e) if e.contains("not a regular file")));
    }

    #[test]
    fn answers_found_with_other_settings_are_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let base = Cache::new(dir.path(), Duration::from_secs(60));
        let private = base.keyed("allow-private");
        let public = base.keyed("");
        let dead = facts(
            "http://127.0.0.1:9/x",
            Outcome::Dead(Dead::Status { status: 404 }),
        );
        private.put(&dead).unwrap();
        assert!(matches!(private.get(&dead.url), Lookup::Hit(_)));
        assert!(matches!(public.get(&dead.url), Lookup::Miss));
    }
}
