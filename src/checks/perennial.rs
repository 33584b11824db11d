//! Wikipedia's perennial sources list (as of 2021-03-17, CC BY-SA 3.0;
//! `data/README.md`), embedded from `data/perennial-sources.csv` and read
//! once on first use, and the matching of a URL against it (CC304).
//!
//! Sites are matched by registrable domain (the public suffix list, through
//! `psl`) or, for a list entry on another subdomain than `www`
//! (`baike.baidu.com`), by that host and its subdomains; then by path
//! prefix, segment by segment (`www.afp.com/en` covers `/en/news/…`, not
//! `/english`). Labels are compared whole, so `redstate.com` is never
//! `state.gov`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

pub use crate::model::Site;

/// The list as shipped (see `data/README.md`).
const CSV: &str = include_str!("../../data/perennial-sources.csv");

/// The date the shipped list was collected.
pub const LIST_DATE: &str = "2021-03-17";

/// A status on the list, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Reliable,
    NoConsensus,
    Unreliable,
    Deprecated,
    Blacklisted,
}

impl Status {
    fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "Generally reliable" => Status::Reliable,
            "No consensus" => Status::NoConsensus,
            "Generally unreliable" => Status::Unreliable,
            "Deprecated" => Status::Deprecated,
            "Blacklisted" => Status::Blacklisted,
            _ => return None,
        })
    }

    /// As the list writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reliable => "Generally reliable",
            Status::NoConsensus => "No consensus",
            Status::Unreliable => "Generally unreliable",
            Status::Deprecated => "Deprecated",
            Status::Blacklisted => "Blacklisted",
        }
    }

    /// Unreliable, deprecated or blacklisted.
    pub fn is_bad(self) -> bool {
        self >= Status::Unreliable
    }
}

/// One source of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// As the list gives them (`Blacklisted`, `Deprecated`), in its order.
    pub statuses: Vec<Status>,
    /// The first sentence of the consensus summary.
    pub summary: String,
}

impl Entry {
    /// The most severe of its statuses.
    pub fn worst(&self) -> Status {
        self.statuses
            .iter()
            .copied()
            .max()
            .unwrap_or(Status::NoConsensus)
    }

    /// Its statuses as the list names them: `Blacklisted and Deprecated`.
    pub fn status_text(&self) -> String {
        let names: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
        names.join(" and ")
    }
}

/// The list, indexed by registrable domain.
#[derive(Debug, Default)]
pub struct List {
    pub entries: Vec<Entry>,
    by_domain: HashMap<String, Vec<(Site, usize)>>,
}

#[derive(Deserialize)]
struct Row {
    name: String,
    status: String,
    urls: String,
    info: String,
}

/// The shipped list, read on first use.
pub fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| List::from_csv(CSV))
}

impl List {
    /// Read the list's CSV. Rows that cannot be read, or whose status is
    /// not one of the five, are skipped (one row of the shipped file has a
    /// page name for a status).
    pub fn from_csv(text: &str) -> List {
        let mut list = List::default();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for row in reader.deserialize::<Row>() {
            let Ok(row) = row else { continue };
            let Ok(statuses) = serde_json::from_str::<Vec<String>>(&row.status) else {
                continue;
            };
            let statuses: Option<Vec<Status>> = statuses.iter().map(|s| Status::parse(s)).collect();
            let Some(statuses) = statuses.filter(|s| !s.is_empty()) else {
                continue;
            };
            let urls: Vec<String> = serde_json::from_str(&row.urls).unwrap_or_default();
            let index = list.entries.len();
            list.entries.push(Entry {
                name: row.name.trim().to_string(),
                statuses,
                summary: first_sentence(&row.info),
            });
            let mut sites: Vec<Site> = Vec::new();
            for url in urls {
                let Some(site) = own_site(&url) else { continue };
                if !sites.contains(&site) {
                    sites.push(site);
                }
            }
            for site in sites {
                list.by_domain
                    .entry(site.domain().to_string())
                    .or_default()
                    .push((site, index));
            }
        }
        list
    }

    /// The entries for a URL's lowercase host and path: those of the most
    /// specific sites that cover it.
    pub fn lookup(&self, host: &str, path: &str) -> Vec<&Entry> {
        let Some(domain) = psl::domain_str(host) else {
            return Vec::new();
        };
        let Some(sites) = self.by_domain.get(domain) else {
            return Vec::new();
        };
        let matching: Vec<&(Site, usize)> =
            sites.iter().filter(|(s, _)| s.covers(host, path)).collect();
        let Some(best) = matching.iter().map(|(s, _)| s.specificity()).max() else {
            return Vec::new();
        };
        let mut out: Vec<&Entry> = Vec::new();
        for (site, i) in matching {
            if site.specificity() == best
                && !out.iter().any(|e| std::ptr::eq(*e, &self.entries[*i]))
            {
                out.push(&self.entries[*i]);
            }
        }
        out
    }
}

/// What the infobox link says about the source's own site, or `None` when
/// it is a link to a page about the source rather than its site: a
/// reference link with a query or fragment (Wikidata statements, library
/// catalogues, Wikipedia's edit links), or a page on a Wikimedia project
/// other than the source itself (`en.wiktionary.org/wiki/…`). A link to the
/// site's own about page, masthead or live stream stands for the whole site
/// (the list names Breitbart's site only as `www.breitbart.com/masthead`).
fn own_site(url: &str) -> Option<Site> {
    if url.contains(['?', '#']) {
        return None;
    }
    let mut site = Site::parse(url)?;
    let wikimedia = [
        "wikipedia.org",
        "wikidata.org",
        "wiktionary.org",
        "wikisource.org",
    ];
    if !site.path.is_empty() && wikimedia.contains(&site.domain()) {
        return None;
    }
    let first = site
        .path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let about = first.starts_with("about")
        || matches!(
            first,
            "masthead"
                | "contributors"
                | "corporate"
                | "pressroom"
                | "live"
                | "livetv"
                | "on-air"
                | "tag"
                | "go"
        )
        || [".html", ".htm", ".xml", ".aspx", ".jsp", ".pdf"]
            .iter()
            .any(|ext| site.path.ends_with(ext));
    if about {
        site.path.clear();
    }
    Some(site)
}

/// The first sentence of a summary.
fn first_sentence(text: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let t = text.trim();
    t.unicode_sentences().next().unwrap_or(t).trim().to_string()
}

/// The verdict on a set of entries that share a site: warning only when
/// every one is unreliable or worse; nothing when all are reliable; a mix is
/// no consensus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry is unreliable or worse; the worst status.
    Bad(Status),
    NoConsensus,
    Reliable,
}

pub fn verdict(entries: &[&Entry]) -> Option<Verdict> {
    if entries.is_empty() {
        return None;
    }
    if entries.iter().all(|e| e.worst().is_bad()) {
        let worst = entries.iter().map(|e| e.worst()).max()?;
        return Some(Verdict::Bad(worst));
    }
    if entries.iter().all(|e| e.worst() == Status::Reliable) {
        return Some(Verdict::Reliable);
    }
    Some(Verdict::NoConsensus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(host: &str, path: &str) -> Vec<(String, Status)> {
        list()
            .lookup(host, path)
            .iter()
            .map(|e| (e.name.clone(), e.worst()))
            .collect()
    }

    #[test]
    fn the_shipped_list_reads() {
        let l = list();
        assert!(l.entries.len() > 300, "{}", l.entries.len());
        // The row with a page name for a status is skipped.
        assert!(!l.entries.iter().any(|e| e.name == "The Canary"));
        let breitbart = statuses("www.breitbart.com", "/politics/2020/x");
        assert_eq!(breitbart.len(), 1);
        assert_eq!(breitbart[0].1, Status::Blacklisted);
    }

    #[test]
    fn domains_match_by_whole_labels() {
        assert!(!statuses("www.rt.com", "/news").is_empty());
        assert!(statuses("www.art.com", "/news").is_empty());
        assert!(statuses("rt.com.example.net", "/news").is_empty());
        assert!(statuses("notdailymail.co.uk", "/a").is_empty());
        assert!(!statuses("www.dailymail.co.uk", "/news/a").is_empty());
        assert!(!statuses("dailymail.co.uk", "/").is_empty());
        // A subdomain entry is that host only: Baidu Baike, not Baidu.
        assert!(!statuses("baike.baidu.com", "/item/x").is_empty());
        assert!(statuses("www.baidu.com", "/s").is_empty());
    }

    #[test]
    fn path_prefixes_match_by_segment() {
        assert!(!statuses("www.afp.com", "/en/news/x").is_empty());
        assert!(!statuses("www.afp.com", "/en").is_empty());
        assert!(statuses("www.afp.com", "/english").is_empty());
        assert!(statuses("www.afp.com", "/fr/x").is_empty());
    }

    #[test]
    fn shared_sites_are_judged_together() {
        let aa: Vec<&Entry> = list().lookup("www.aa.com.tr", "/en/politics/x");
        assert_eq!(aa.len(), 2);
        assert_eq!(verdict(&aa), Some(Verdict::NoConsensus));
        let rt = list().lookup("www.rt.com", "/news/1");
        assert!(matches!(
            verdict(&rt),
            Some(Verdict::Bad(Status::Deprecated))
        ));
        let reuters = list().lookup("www.reuters.com", "/world/");
        assert_eq!(verdict(&reuters), Some(Verdict::Reliable));
    }

    #[test]
    fn infobox_links_about_the_source_are_skipped() {
        // Wikidata statement links do not make Wikidata pages reliable.
        assert!(own_site("www.wikidata.org/wiki/q192621#p856").is_none());
        assert!(own_site("en.wiktionary.org/wiki/%e6%9d%a8").is_none());
        assert_eq!(
            own_site("www.breitbart.com/masthead"),
            Some(Site {
                host: "breitbart.com".into(),
                path: String::new()
            })
        );
        assert_eq!(
            own_site("//telesurtv.net").map(|s| s.host),
            Some("telesurtv.net".into())
        );
    }

    #[test]
    fn first_sentences() {
        assert_eq!(
            first_sentence("Editors agree. It is old."),
            "Editors agree."
        );
        assert_eq!(first_sentence("  One only\n"), "One only");
    }
}
