//! Link results on disk: one small JSON file per normalised URL, written
//! atomically (temporary file + rename), so two runs at once never leave a
//! torn file. Only definite results are stored. A file that cannot be read
//! or parsed is ignored with a warning and replaced on the next write.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::facts::LinkFacts;
use crate::atomic::write_atomic;
use crate::hash::fnv1a;

/// Bumped when the stored shape changes; older entries are then ignored.
const VERSION: &str = "v2";

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    url: String,
    /// Seconds since the Unix epoch.
    stored: u64,
    facts: LinkFacts,
}

/// A cache directory and how long its entries are trusted.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    ttl: Duration,
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
        Cache {
            dir: dir.into().join(VERSION),
            ttl,
        }
    }

    /// The platform's cache directory for citecheck (`~/.cache/citecheck`).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("citecheck"))
    }

    fn path(&self, url: &str) -> PathBuf {
        self.dir
            .join(format!("{:016x}.json", fnv1a(url.as_bytes())))
    }

    pub fn get(&self, url: &str) -> Lookup {
        let path = self.path(url);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => return Lookup::Corrupt(format!("{}: {e}", path.display())),
        };
        let entry: Entry = match serde_json::from_str(&text) {
            Ok(e) => e,
            Err(e) => return Lookup::Corrupt(format!("{}: {e}", path.display())),
        };
        // Another URL with the same hash: not ours.
        if entry.url != url {
            return Lookup::Miss;
        }
        let age = now().saturating_sub(entry.stored);
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
        let entry = Entry {
            url: facts.url.clone(),
            stored: now(),
            facts: facts.clone(),
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
}
