//! Words as CC501 compares them between a sentence and a page: accents and
//! case folded, a possessive dropped ("Jackson's" = "Jackson"), a run of
//! initials joined ("E. W." = "E.W." = "ew"), and the variants one name
//! takes as a people, a plural or an adjective ("Canadian" ~ "Canada",
//! "Olympics" ~ "Olympic", "British" ~ "UK"). Hand-written: stemmers strip
//! verb and noun endings, not demonyms, and know no aliases.

use unicode_segmentation::UnicodeSegmentation;

use super::normalize;

/// The folded words of `s`, in order.
pub fn fact_words(s: &str) -> Vec<String> {
    let folded = normalize::fold_accents(s);
    let mut out: Vec<String> = Vec::new();
    let mut initials = String::new();
    for w in folded.unicode_words() {
        let w = strip_possessive(w);
        let t: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if t.is_empty() {
            continue;
        }
        let mut chars = t.chars();
        let single = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
        if single {
            initials.push_str(&t);
            continue;
        }
        if !initials.is_empty() {
            out.push(std::mem::take(&mut initials));
        }
        out.push(t);
    }
    if !initials.is_empty() {
        out.push(initials);
    }
    out
}

fn strip_possessive(w: &str) -> &str {
    ["'s", "’s", "'S", "’S"]
        .iter()
        .find_map(|p| w.strip_suffix(p))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(w)
}

/// Endings a name takes as a people, an adjective or a plural.
const ENDINGS: &[&str] = &[
    "ians", "ian", "eans", "ean", "ans", "an", "ese", "ish", "ics", "ic", "ists", "ist", "ism",
    "es", "s", "i", "a", "ia", "y",
];

/// A word and the stems it shares with its variants: "canadian" gives
/// "canadi" and "canad", "canada" gives "canad". Stems keep four letters.
pub fn variants(word: &str) -> impl Iterator<Item = &str> {
    let alphabetic = word.chars().all(char::is_alphabetic);
    std::iter::once(word).chain(
        ENDINGS
            .iter()
            .filter(move |_| alphabetic)
            .filter_map(move |e| word.strip_suffix(e))
            .filter(|stem| stem.chars().count() >= 4),
    )
}

/// Names of one place or body that stand for each other. A member in
/// capitals is an acronym: it counts only where the page writes it in
/// capitals, so "US" is never the pronoun "us".
const ALIASES: &[&[&str]] = &[
    &[
        "united states",
        "united states of america",
        "US",
        "USA",
        "america",
        "american",
        "americans",
    ],
    &[
        "united kingdom",
        "UK",
        "britain",
        "great britain",
        "british",
        "briton",
        "britons",
    ],
    &["england", "english"],
    &["scotland", "scottish", "scots", "scot"],
    &["wales", "welsh"],
    &["ireland", "irish"],
    &["france", "french"],
    &["netherlands", "dutch", "holland"],
    &["germany", "german", "germans"],
    &["spain", "spanish", "spaniard", "spaniards"],
    &["switzerland", "swiss"],
    &["sweden", "swedish", "swede", "swedes"],
    &["denmark", "danish", "dane", "danes"],
    &["finland", "finnish", "finn", "finns"],
    &["norway", "norwegian", "norwegians"],
    &["poland", "polish", "pole", "poles"],
    &["turkey", "turkish", "turks"],
    &["greece", "greek", "greeks"],
    &["mexico", "mexican", "mexicans"],
    &["argentina", "argentine", "argentinian", "argentinians"],
    &["portugal", "portuguese"],
    &["thailand", "thai"],
    &["iceland", "icelandic"],
    &["philippines", "filipino", "filipinos", "philippine"],
    &["new zealand", "NZ"],
    &["soviet union", "USSR", "soviet"],
    &["european union", "EU"],
    &["united nations", "UN"],
    &["united arab emirates", "UAE"],
    &["new york city", "NYC"],
];

/// The aliases of a name given as folded words, when it is one of them:
/// each as folded words, with whether it must be written in capitals.
pub fn aliases(name: &[String]) -> Vec<(Vec<String>, bool)> {
    let joined = name.join(" ");
    let Some(group) = ALIASES
        .iter()
        .find(|g| g.iter().any(|m| m.to_lowercase() == joined))
    else {
        return Vec::new();
    };
    group
        .iter()
        .map(|m| {
            let words = m.to_lowercase().split(' ').map(str::to_string).collect();
            (words, is_acronym_member(m))
        })
        .collect()
}

/// How many leading words of `name` are a place or people with aliases
/// ("United States" in "United States National Film Registry").
pub fn alias_prefix(name: &[String]) -> usize {
    (1..name.len())
        .rev()
        .find(|&n| !aliases(&name[..n]).is_empty())
        .unwrap_or(0)
}

fn is_acronym_member(m: &str) -> bool {
    m.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        fact_words(s)
    }

    #[test]
    fn possessives_initials_and_accents_fold() {
        assert_eq!(w("Jackson's MMA Series"), w("Jackson MMA Series"));
        assert_eq!(w("Jackson’s"), vec!["jackson"]);
        assert_eq!(w("E. W. Scripps"), w("E.W. Scripps"));
        assert_eq!(w("U.S. and U. S."), vec!["us", "and", "us"]);
        assert_eq!(w("Société Générale"), vec!["societe", "generale"]);
        assert_eq!(w("北京 “quoted” 😀 text"), vec!["北京", "quoted", "text"]);
        assert_eq!(w("a dog"), vec!["a", "dog"]);
    }

    #[test]
    fn variants_meet_at_a_stem() {
        let shares = |a: &str, b: &str| variants(a).any(|x| variants(b).any(|y| x == y));
        assert!(shares("canadian", "canada"));
        assert!(shares("olympics", "olympic"));
        assert!(shares("chinese", "china"));
        assert!(shares("italian", "italy"));
        assert!(!shares("japanese", "java"));
        assert!(!shares("iran", "iraq"));
        assert!(variants("2019s").eq(["2019s"]), "numbers have no variants");
    }

    #[test]
    fn aliases_of_places_and_bodies() {
        let names: Vec<Vec<String>> = aliases(&w("United States"))
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert!(names.contains(&w("America")));
        assert!(aliases(&w("U.S."))
            .iter()
            .any(|(a, caps)| *a == w("united states") && !caps));
        assert!(aliases(&w("U.S."))
            .iter()
            .any(|(a, caps)| *a == w("us") && *caps));
        assert!(aliases(&w("Jake Sullivan")).is_empty());
        assert_eq!(alias_prefix(&w("United States National Film Registry")), 2);
        assert_eq!(alias_prefix(&w("National Film Registry")), 0);
    }
}
