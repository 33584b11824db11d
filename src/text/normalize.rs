//! Normalised forms of titles, publishers and URLs, for comparing references.

use unicode_segmentation::UnicodeSegmentation;

/// Lowercased words of `s` with apostrophes and punctuation folded away:
/// `“What’s at Stake”` → `whats at stake`.
pub fn words(s: &str) -> Vec<String> {
    s.unicode_words()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A title or publisher reduced to its words, for equality tests.
pub fn key(s: &str) -> String {
    words(s).join(" ")
}

/// A URL reduced to what identifies the page: no scheme, no `www.`, no
/// fragment, no tracking parameters, no trailing slash, host lowercased.
pub fn url_key(url: &url::Url) -> String {
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    let path = url.path().trim_end_matches('/');
    let query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut key = format!("{host}{path}");
    if !query.is_empty() {
        key.push('?');
        let parts: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        key.push_str(&parts.join("&"));
    }
    key
}

fn is_tracking_param(k: &str) -> bool {
    k.starts_with("utm_")
        || matches!(
            k,
            "fbclid" | "gclid" | "mc_cid" | "mc_eid" | "ref" | "cmpid" | "ocid" | "smid"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_apostrophes() {
        assert_eq!(key("“What’s at Stake, Really?”"), "whats at stake really");
    }

    #[test]
    fn url_keys_ignore_cosmetic_differences() {
        let a = url::Url::parse("https://www.Example.com/a/b/?utm_source=x#top").unwrap();
        let b = url::Url::parse("http://example.com/a/b").unwrap();
        assert_eq!(url_key(&a), url_key(&b));
        let c = url::Url::parse("http://example.com/a/b?id=2").unwrap();
        assert_ne!(url_key(&a), url_key(&c));
    }
}
