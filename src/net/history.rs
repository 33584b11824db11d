//! Each URL's recent checks (time and verdict, bounded) beside the link
//! cache, so that a link that was up yesterday and fails for five minutes
//! today does not fail CI: it is unverified until it has failed often enough
//! over long enough (Wikipedia's InternetArchiveBot waits for three failures
//! a day apart), then dead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::facts::{Dead, LinkFacts, LinkHistory, Outcome, Unverified};
use crate::atomic::{read_regular_text, write_atomic};
use crate::hash::fnv1a;

/// Checks kept per URL: enough to span weeks of daily CI runs, small enough
/// that a file stays a few kilobytes.
pub const MAX_CHECKS: usize = 32;

/// A history file is a few kilobytes; anything far larger is not ours.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Bumped when the stored shape changes; older files are then ignored.
const VERSION: &str = "history-v1";

/// When a failing link counts as dead (`[links] dead-after-failures` and
/// `dead-after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failed checks in a row, at least.
    pub failures: usize,
    /// Time from the first of them to now, at least.
    pub span: Duration,
}

/// What one check said about a URL, as the history counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Alive,
    /// 404, 410 or a host that does not exist.
    Gone,
    /// Timeouts, refused or reset connections, 5xx, 408, 429, a resolver
    /// that did not answer: what a flaky site or network looks like.
    Failed,
    /// Says nothing either way (a bot wall, a private address, a redirect
    /// loop): neither a failure nor a sign of life.
    Inconclusive,
}

impl Verdict {
    pub fn of(outcome: &Outcome) -> Verdict {
        match outcome {
            Outcome::Alive { .. } => Verdict::Alive,
            Outcome::Dead(Dead::Status { .. } | Dead::UnknownHost { .. }) => Verdict::Gone,
            Outcome::Dead(Dead::Failing { .. }) => Verdict::Failed,
            Outcome::Unverified(u) => match u {
                Unverified::Timeout { .. }
                | Unverified::Connection { .. }
                | Unverified::Dns { .. } => Verdict::Failed,
                Unverified::Status { status } if temporary_status(*status) => Verdict::Failed,
                _ => Verdict::Inconclusive,
            },
        }
    }

    fn failed(self) -> bool {
        matches!(self, Verdict::Gone | Verdict::Failed)
    }
}

/// Statuses a working site answers for a while: overload, maintenance, a
/// rate limit, a slow request, and 404/410 on a page that existed.
fn temporary_status(status: u16) -> bool {
    matches!(status, 404 | 408 | 410 | 429 | 500..=599)
}

/// One check: seconds since the Unix epoch, and what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub at: u64,
    pub verdict: Verdict,
}

/// One URL's file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub url: String,
    /// The settings the checks were made with (as the cache's key).
    #[serde(default)]
    pub context: String,
    /// The last time the URL answered, kept when its check has fallen out
    /// of `checks`: "seen alive" must not be forgotten after 32 failures.
    #[serde(default)]
    pub last_alive: Option<u64>,
    /// Oldest first, at most [`MAX_CHECKS`].
    pub checks: Vec<Check>,
}

impl Record {
    fn push(&mut self, check: Check) {
        // Clocks go backwards (a corrected clock, a copied cache): keep the
        // list in time order so "since" stays the first failure.
        let at = self.checks.last().map_or(check.at, |c| c.at.max(check.at));
        self.checks.push(Check { at, ..check });
        if check.verdict == Verdict::Alive {
            self.last_alive = Some(at);
        }
        if self.checks.len() > MAX_CHECKS {
            let extra = self.checks.len() - MAX_CHECKS;
            self.checks.drain(..extra);
        }
    }

    /// The failed checks since the last sign of life (inconclusive ones are
    /// skipped, not counted).
    fn streak(&self) -> impl Iterator<Item = &Check> {
        let start = self
            .checks
            .iter()
            .rposition(|c| c.verdict == Verdict::Alive)
            .map_or(0, |i| i + 1);
        self.checks[start..].iter().filter(|c| c.verdict.failed())
    }
}

/// The judgement, given the URL's history including this check (`now` is
/// this check's time). A failure on a URL never seen alive that is a 404,
/// 410 or unknown host is dead at once, as without a history; any other
/// failure is unverified, with its history, until the failures in a row
/// reach the policy's count and span, and then dead.
pub fn judge(facts: &mut LinkFacts, record: &Record, policy: Policy, now: u64) {
    let verdict = Verdict::of(&facts.outcome);
    if !verdict.failed() {
        return;
    }
    let streak: Vec<&Check> = record.streak().collect();
    let Some(first) = streak.first() else {
        return;
    };
    let failures = streak.len();
    let failed_total = record.checks.iter().filter(|c| c.verdict.failed()).count();
    let summary = LinkHistory {
        failing_since: day(first.at),
        failures: failed_total,
        checks: record.checks.len(),
        last_alive: record.last_alive.map(day),
    };
    let long_enough = now.saturating_sub(first.at) >= policy.span.as_secs();
    let dead = failures >= policy.failures && long_enough;
    let seen_alive = record.last_alive.is_some();
    match (&facts.outcome, dead) {
        // Gone, and never answered: as dead as it gets. Said with the
        // history when there is one.
        (Outcome::Dead(_), _) if !seen_alive => {
            if failures > 1 {
                facts.history = Some(summary);
            }
        }
        (Outcome::Dead(_), true) => facts.history = Some(summary),
        (Outcome::Dead(d), false) => {
            facts.outcome = Outcome::Unverified(match d {
                Dead::Status { status } => Unverified::Status { status: *status },
                Dead::UnknownHost { host } => Unverified::Dns {
                    host: host.clone(),
                    message: "no such host".into(),
                },
                Dead::Failing { last } => last.clone(),
            });
            facts.history = Some(summary);
        }
        (Outcome::Unverified(u), true) => {
            facts.outcome = Outcome::Dead(Dead::Failing { last: u.clone() });
            facts.history = Some(summary);
        }
        (Outcome::Unverified(_), false) => {
            // A first failure of a URL with no past says nothing new.
            if failures > 1 || seen_alive {
                facts.history = Some(summary);
            }
        }
        (Outcome::Alive { .. }, _) => {}
    }
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
fn day(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = crate::calendar::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Where the histories live, and when their checks happen.
#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
    context: String,
    pub policy: Policy,
    /// Seconds since the Unix epoch; `None` is the system clock.
    now: Option<u64>,
}

/// What recording a check found besides the history.
#[derive(Debug)]
pub struct Recorded {
    pub record: Record,
    pub now: u64,
    /// The file was unreadable and has been reset; the text says why.
    pub corrupt: Option<String>,
}

impl History {
    /// Histories under the cache directory `root`.
    pub fn new(root: &Path, policy: Policy) -> History {
        History {
            dir: root.join(VERSION),
            context: String::new(),
            policy,
            now: None,
        }
    }

    /// The same, for checks made with `context` (see `Cache::keyed`).
    pub fn keyed(&self, context: impl Into<String>) -> History {
        History {
            context: context.into(),
            ..self.clone()
        }
    }

    /// The same, with the checks dated `now` (tests, and replaying a
    /// recorded run) instead of by the system clock.
    pub fn at(self, now: Option<u64>) -> History {
        History { now, ..self }
    }

    fn now(&self) -> u64 {
        self.now.unwrap_or_else(system_now)
    }

    fn path(&self, url: &str) -> PathBuf {
        let key = format!("{url}\n{}", self.context);
        self.dir
            .join(format!("{:016x}.json", fnv1a(key.as_bytes())))
    }

    /// Read what is known of `url`, without recording anything.
    pub fn read(&self, url: &str) -> Result<Option<Record>, String> {
        let path = self.path(url);
        let text = match read_regular_text(&path, MAX_FILE_BYTES) {
            Ok(t) => t,
            Err(e) if e.not_found() => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let record: Record =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // Another URL (or other settings) with the same hash: not ours.
        if record.url != url || record.context != self.context {
            return Ok(None);
        }
        Ok(Some(record))
    }

    /// Add this check of `facts.url` to its history and return the history.
    /// The read, the addition and the atomic write happen under a lock on
    /// the URL's file, so runs at once add their checks one after the
    /// other; an unreadable file is reset (and said so), never fatal.
    pub fn record(&self, facts: &LinkFacts) -> std::io::Result<Recorded> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(&facts.url);
        let _lock = lock(&path.with_extension("lock"))?;
        let (mut record, corrupt) = match self.read(&facts.url) {
            Ok(r) => (r, None),
            Err(why) => (None, Some(why)),
        };
        let record = record.get_or_insert_with(|| Record {
            url: facts.url.clone(),
            context: self.context.clone(),
            ..Record::default()
        });
        let now = self.now();
        record.push(Check {
            at: now,
            verdict: Verdict::of(&facts.outcome),
        });
        let json = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
        write_atomic(&path, &json)?;
        Ok(Recorded {
            record: record.clone(),
            now,
            corrupt,
        })
    }
}

fn system_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// An exclusive advisory lock on `path` (created if need be), released when
/// the value is dropped. Where there is no `flock`, no lock: the write is
/// still atomic, and a run at once may then lose the other's check.
struct Lock {
    #[allow(dead_code)]
    file: std::fs::File,
}

fn lock(path: &Path) -> std::io::Result<Lock> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    // A FIFO planted where the lock goes must fail, not hang the run.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        loop {
            // SAFETY: flock on a descriptor this function owns.
            let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if r == 0 {
                break;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
    Ok(Lock { file })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400;
    const POLICY: Policy = Policy {
        failures: 3,
        span: Duration::from_secs(2 * DAY),
    };

    fn facts(outcome: Outcome) -> LinkFacts {
        LinkFacts {
            url: "http://127.0.0.1:9/page".into(),
            outcome,
            redirects: Vec::new(),
            page: None,
            same_as_missing_sibling: false,
            archived: None,
            history: None,
        }
    }

    fn timeout() -> Outcome {
        Outcome::Unverified(Unverified::Timeout { millis: 2000 })
    }

    fn gone() -> Outcome {
        Outcome::Dead(Dead::Status { status: 404 })
    }

    /// Record `outcomes` at the given times and judge the last one.
    fn run(history: &History, steps: &[(u64, Outcome)]) -> LinkFacts {
        let mut last = None;
        for (at, outcome) in steps {
            let h = history.clone().at(Some(*at));
            let mut f = facts(outcome.clone());
            let rec = h.record(&f).unwrap();
            judge(&mut f, &rec.record, h.policy, rec.now);
            last = Some(f);
        }
        last.unwrap()
    }

    fn history() -> (tempfile::TempDir, History) {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path(), POLICY);
        (dir, h)
    }

    #[test]
    fn seen_alive_then_failing_is_unverified_with_its_history() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let f = run(
            &h,
            &[(t0, Outcome::Alive { status: 200 }), (t0 + DAY, timeout())],
        );
        assert_eq!(f.outcome, timeout());
        let s = f.history.unwrap();
        assert_eq!((s.failures, s.checks), (1, 2));
        assert_eq!(s.failing_since, "2023-11-15");
        assert_eq!(s.last_alive.as_deref(), Some("2023-11-14"));
    }

    #[test]
    fn a_404_on_a_page_that_answered_before_is_unverified_at_first() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let f = run(
            &h,
            &[(t0, Outcome::Alive { status: 200 }), (t0 + 60, gone())],
        );
        assert_eq!(
            f.outcome,
            Outcome::Unverified(Unverified::Status { status: 404 })
        );
        assert!(f.history.is_some());
    }

    #[test]
    fn failing_often_enough_for_long_enough_is_dead() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let alive = (t0, Outcome::Alive { status: 200 });
        // Three failures within an hour: not yet (the span is two days).
        let f = run(
            &h,
            &[
                alive.clone(),
                (t0 + 60, timeout()),
                (t0 + 120, timeout()),
                (t0 + 3600, timeout()),
            ],
        );
        assert_eq!(f.outcome, timeout());
        // Still failing two days after the first failure: dead.
        let f = run(&h, &[(t0 + 60 + 2 * DAY, timeout())]);
        assert_eq!(
            f.outcome,
            Outcome::Dead(Dead::Failing {
                last: Unverified::Timeout { millis: 2000 }
            })
        );
        assert_eq!(f.history.unwrap().failures, 4);
        // Two days of failures but only two checks: not yet.
        let (_d2, h2) = history();
        let f = run(
            &h2,
            &[alive, (t0 + 60, gone()), (t0 + 60 + 3 * DAY, gone())],
        );
        assert!(matches!(f.outcome, Outcome::Unverified(_)));
        let f = run(&h2, &[(t0 + 60 + 4 * DAY, gone())]);
        assert_eq!(f.outcome, gone());
    }

    #[test]
    fn a_404_never_seen_alive_is_dead_at_once() {
        let (_d, h) = history();
        let f = run(&h, &[(1_700_000_000, gone())]);
        assert_eq!(f.outcome, gone());
        assert!(f.history.is_none());
    }

    #[test]
    fn coming_back_ends_the_streak() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let f = run(
            &h,
            &[
                (t0, Outcome::Alive { status: 200 }),
                (t0 + DAY, timeout()),
                (t0 + 2 * DAY, timeout()),
                (t0 + 3 * DAY, Outcome::Alive { status: 200 }),
                (t0 + 4 * DAY, timeout()),
            ],
        );
        assert_eq!(f.outcome, timeout());
        let s = f.history.unwrap();
        assert_eq!(s.failing_since, day(t0 + 4 * DAY));
        assert_eq!((s.failures, s.checks), (3, 5));
    }

    #[test]
    fn bot_walls_neither_fail_nor_escalate() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let wall = Outcome::Unverified(Unverified::Status { status: 403 });
        let steps: Vec<(u64, Outcome)> = (0..10).map(|i| (t0 + i * DAY, wall.clone())).collect();
        let f = run(&h, &steps);
        assert_eq!(f.outcome, wall);
        assert!(f.history.is_none());
    }

    #[test]
    fn the_history_is_bounded_and_remembers_life() {
        let (_d, h) = history();
        let t0 = 1_700_000_000;
        let mut steps = vec![(t0, Outcome::Alive { status: 200 })];
        steps.extend((1..=40).map(|i| (t0 + i * 60, gone())));
        let _ = run(&h, &steps);
        let rec = h.read("http://127.0.0.1:9/page").unwrap().unwrap();
        assert_eq!(rec.checks.len(), MAX_CHECKS);
        assert_eq!(rec.last_alive, Some(t0));
    }

    #[test]
    fn a_corrupt_file_is_reset_with_a_warning() {
        let (_d, h) = history();
        let f = facts(timeout());
        h.record(&f).unwrap();
        std::fs::write(h.path(&f.url), b"{\"url\": 3").unwrap();
        let rec = h.record(&f).unwrap();
        assert!(rec.corrupt.is_some());
        assert_eq!(rec.record.checks.len(), 1);
        let rec = h.record(&f).unwrap();
        assert!(rec.corrupt.is_none());
        assert_eq!(rec.record.checks.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_for_a_lock_or_an_entry_is_an_error_not_a_hang() {
        let (_d, h) = history();
        let f = facts(timeout());
        std::fs::create_dir_all(&h.dir).unwrap();
        let lock = h.path(&f.url).with_extension("lock");
        let made = std::process::Command::new("mkfifo").arg(&lock).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        assert!(h.record(&f).is_err());
        std::fs::remove_file(&lock).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(h.path(&f.url))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let rec = h.record(&f).unwrap();
        assert!(rec
            .corrupt
            .is_some_and(|e| e.contains("not a regular file")));
    }

    #[test]
    fn writers_at_once_lose_no_check() {
        let (_d, h) = history();
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let h = h.clone().at(Some(1_700_000_000 + i));
                std::thread::spawn(move || {
                    for _ in 0..3 {
                        h.record(&facts(timeout())).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let rec = h.read("http://127.0.0.1:9/page").unwrap().unwrap();
        assert_eq!(rec.checks.len(), 24);
    }
}
