//! The key a URL is checked, cached and saved under.

/// Fragment dropped, host lowercased (by `url`); only http and https URLs
/// with a host have one.
pub fn link_key(url: &url::Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut u = url.clone();
    u.set_fragment(None);
    Some(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_case_do_not_make_another_link() {
        let key = |s: &str| url::Url::parse(s).ok().and_then(|u| link_key(&u));
        assert_eq!(
            key("https://News.Example/a?b=1#top"),
            Some("https://news.example/a?b=1".into())
        );
        assert_eq!(key("mailto:a@b.example"), None);
        assert_eq!(key("ftp://files.example/x"), None);
    }
}
