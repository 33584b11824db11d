//! A site as a list or a configuration names it: a host with its
//! subdomains and a path prefix (`www.afp.com/en`), matched by whole labels
//! and whole path segments (CC304's list and `[sources]`).

/// Where a site is: a host (matched with its subdomains) and a path prefix
/// (empty, or `/en`, lowercase, no trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub host: String,
    pub path: String,
}

impl Site {
    /// Read `www.afp.com/en`, `//telesurtv.net` or `example.com`: `www.` and
    /// a bare name stand for the whole registrable domain; any other
    /// subdomain for itself. `None` when it names no domain.
    pub fn parse(text: &str) -> Option<Site> {
        let t = text.trim().trim_start_matches("//");
        let t = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"))
            .unwrap_or(t);
        let (host, path) = t.split_once('/').map_or((t, ""), |(h, p)| (h, p));
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            || host.contains("..")
        {
            return None;
        }
        let domain = psl::domain_str(&host)?.to_string();
        let host = if host == domain || host.strip_prefix("www.") == Some(domain.as_str()) {
            domain
        } else {
            host
        };
        let path = path.trim_matches('/').to_lowercase();
        let path = if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        };
        Some(Site { host, path })
    }

    /// The registrable domain it is under.
    pub fn domain(&self) -> &str {
        psl::domain_str(&self.host).unwrap_or(&self.host)
    }

    /// Whether a URL's lowercase host and path are on this site.
    pub fn covers(&self, host: &str, path: &str) -> bool {
        let host_ok = host == self.host
            || host
                .strip_suffix(self.host.as_str())
                .is_some_and(|rest| rest.ends_with('.'));
        host_ok && path_under(path, &self.path)
    }

    /// How specific it is: a longer host, then a longer path, wins.
    pub fn specificity(&self) -> (usize, usize) {
        (self.host.len(), self.path.len())
    }
}

/// Whether `path` is `prefix` or below it, by whole segments.
fn path_under(path: &str, prefix: &str) -> bool {
    if prefix.is_empty() {
        return true;
    }
    let path = path.to_lowercase();
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_parse_and_reject() {
        assert_eq!(
            Site::parse("WWW.Example.co.uk/News/"),
            Some(Site {
                host: "example.co.uk".into(),
                path: "/news".into()
            })
        );
        assert_eq!(
            Site::parse("https://blog.example.com").map(|s| s.host),
            Some("blog.example.com".into())
        );
        assert!(Site::parse("not a domain").is_none());
        assert!(Site::parse("").is_none());
        assert!(Site::parse("例え.jp").is_none());
        assert!(Site::parse("com").is_none());
    }

    #[test]
    fn covers_whole_labels_and_segments() {
        let s = Site::parse("example.com/en").unwrap();
        assert!(s.covers("www.example.com", "/en/a"));
        assert!(s.covers("example.com", "/EN"));
        assert!(!s.covers("example.com", "/english"));
        assert!(!s.covers("badexample.com", "/en"));
        let b = Site::parse("blog.example.com").unwrap();
        assert!(b.covers("x.blog.example.com", "/"));
        assert!(!b.covers("www.example.com", "/"));
    }
}
