//! A URL as written: split into host, path and query by byte range, its
//! registrable domain, and the page an archive link preserves.

use std::ops::Range;

/// The parts of a URL as written, as byte ranges into the URL text. Ranges
/// are computed on the raw text because `url::Url` re-encodes and lowercases,
/// which would shift offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParts {
    pub host: Range<usize>,
    pub path: Range<usize>,
    pub query: Option<Range<usize>>,
}

/// Split a URL as written into host, path and query. `None` without a
/// `scheme://` or with a bracketed (IPv6) host.
pub fn split(url: &str) -> Option<RawParts> {
    // Found by its colon: a substring searcher built per URL costs more.
    let scheme_end = memchr::memchr_iter(b':', url.as_bytes())
        .find(|&at| url.as_bytes().get(at + 1..at + 3) == Some(b"//"))?;
    if scheme_end == 0
        || !url[..scheme_end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let host_start = authority_start + authority.rfind('@').map_or(0, |i| i + 1);
    let host_text = &url[host_start..authority_end];
    if host_text.starts_with('[') {
        return None;
    }
    let mut host_end = host_start + host_text.find(':').unwrap_or(host_text.len());
    if url[host_start..host_end].ends_with('.') {
        host_end -= 1;
    }
    let fragment = url[authority_end..]
        .find('#')
        .map_or(url.len(), |i| authority_end + i);
    let (path_end, query) = match url[authority_end..fragment].find('?') {
        Some(q) => (authority_end + q, Some(authority_end + q + 1..fragment)),
        None => (fragment, None),
    };
    Some(RawParts {
        host: host_start..host_end,
        path: authority_end..path_end,
        query,
    })
}

/// A registrable domain (`bbc.co.uk` for `www.bbc.co.uk`) and where it is
/// written in the URL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// Lowercase, e.g. `bbc.co.uk`.
    pub name: String,
    /// The public suffix, e.g. `co.uk`.
    pub suffix: String,
    /// Every label of the host left of the suffix, lowercase, outermost
    /// first: `["www", "bbc"]`.
    pub labels: Vec<String>,
    /// The byte range of the registrable domain in the URL text (the whole
    /// host when the written host is not plain ASCII).
    pub range: Range<usize>,
}

/// The registrable domain of a URL as written, by the public suffix list.
pub fn domain(url: &str) -> Option<Domain> {
    let parts = split(url)?;
    domain_of_host(&url[parts.host.clone()], parts.host.start)
}

fn domain_of_host(host: &str, offset: usize) -> Option<Domain> {
    let lower = host.to_ascii_lowercase();
    if lower.is_empty()
        || !lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        || lower
            .split('.')
            .all(|l| l.chars().all(|c| c.is_ascii_digit()))
        || lower.contains("xn--")
    {
        return None;
    }
    let name = psl::domain_str(&lower)?.to_string();
    let suffix = psl::suffix_str(&lower)?.to_string();
    let left = lower.strip_suffix(&suffix)?.trim_end_matches('.');
    let labels: Vec<String> = left
        .split('.')
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if labels.is_empty() {
        return None;
    }
    let start = offset + lower.len() - name.len();
    Some(Domain {
        name,
        suffix,
        labels,
        range: start..offset + lower.len(),
    })
}

/// The URL an archive link preserves (`web.archive.org/web/2023…/https://…`)
/// and its byte offset in `url`, so the preserved page is judged instead of
/// the archive.
pub fn archived_target(url: &str) -> Option<(usize, &str)> {
    let parts = split(url)?;
    let host = url[parts.host.clone()].to_ascii_lowercase();
    if !(host == "web.archive.org" || host == "wayback.archive.org") {
        return None;
    }
    let path = &url[parts.path.start..];
    let rest = path.strip_prefix("/web/")?;
    let stamp_end = rest.find('/')?;
    let target_start = parts.path.start + "/web/".len() + stamp_end + 1;
    let target = &url[target_start..];
    split(target).map(|_| (target_start, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_written() {
        let url = "https://user@WWW.CNN.com:443/a/b?x=1#top";
        let p = split(url).unwrap();
        assert_eq!(&url[p.host.clone()], "WWW.CNN.com");
        assert_eq!(&url[p.path.clone()], "/a/b");
        assert_eq!(&url[p.query.clone().unwrap()], "x=1");
        assert!(split("www.cnn.com/a").is_none());
        assert!(split("http://[::1]/a").is_none());
    }

    #[test]
    fn registrable_domains() {
        let url = "https://www.BBC.co.uk/news/world-asia-china-65938431";
        let dom = domain(url).unwrap();
        assert_eq!(dom.name, "bbc.co.uk");
        assert_eq!(dom.labels, vec!["www", "bbc"]);
        assert_eq!(&url[dom.range.clone()], "BBC.co.uk");
        assert_eq!(
            domain("https://edition.cnn.com./x").unwrap().name,
            "cnn.com"
        );
        assert_eq!(
            domain("https://2021-2025.state.gov/x").unwrap().labels,
            vec!["2021-2025", "state"]
        );
        assert!(domain("http://127.0.0.1/x").is_none());
        assert!(domain("https://xn--bcher-kva.example/").is_none());
    }

    #[test]
    fn archive_links_point_at_the_preserved_page() {
        let url = "https://web.archive.org/web/20230618000000/https://www.cnn.com/2023/06/17/x";
        let (at, target) = archived_target(url).unwrap();
        assert_eq!(&url[at..], target);
        assert_eq!(domain(target).unwrap().name, "cnn.com");
        assert!(archived_target("https://archive.org/details/x").is_none());
    }
}
