//! "Did you mean …?" for names a user mistyped (rule codes and names,
//! configuration keys, formats, directives), by Jaro–Winkler similarity as
//! clap suggests subcommands, so every layer suggests the same way.

/// The candidate closest to `word` (case folded), when it is close enough
/// to be what was meant.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `; did you mean `X`?` or nothing, to append to an error message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_not() {
        let names = ["uncited-claim", "uncited-quote", "unused-reference"];
        assert_eq!(closest("uncited-clam", names), Some("uncited-claim"));
        assert_eq!(closest("UNCITED-QUOTE", names), Some("uncited-quote"));
        assert_eq!(closest("zebra", names), None);
        assert_eq!(
            did_you_mean("per-hots", ["per-host", "timeout"]),
            "; did you mean `per-host`?"
        );
        assert_eq!(did_you_mean("xyz", ["per-host"]), "");
    }
}
