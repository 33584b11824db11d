//! Which sentences are not statements about the world, however they are
//! cited: questions, pleasantries addressed to the reader, and hedges or
//! meta-statements about the question itself ("There are different opinions
//! on whether …", "… depends on how you define …"). CC101 never flags these;
//! under the strict reading it flags every other uncited sentence. Each
//! verdict carries the phrase that decided it, so it can be explained.

/// Why a sentence is not a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotClaim {
    Question,
    Pleasantry,
    Hedge,
}

/// Phrases that address the reader rather than the world.
const PLEASANTRIES: &[&str] = &[
    "i hope this helps",
    "hope this helps",
    "i hope that helps",
    "hope that helps",
    "let me know",
    "feel free to",
    "thank you",
    "thanks for",
    "you're welcome",
    "you are welcome",
    "happy to help",
    "glad to help",
    "good luck",
    "i'm sorry",
    "i am sorry",
    "i apologize",
    "i'm not sure",
    "i am not sure",
    "i don't know",
    "i do not know",
    "as an ai",
];

/// Hedges and meta-statements: they talk about the question, the answer or
/// the range of views, and assert nothing a source could confirm.
const HEDGES: &[&[&str]] = &[
    // "There are different opinions on whether …", "There are several ways to …"
    &["there", "is|are|were|exist", QUANTIFIER, META_NOUN],
    &[
        "there",
        "is|are",
        "a",
        "number|variety|range|lot|few",
        "of",
        META_NOUN,
    ],
    &[
        "there",
        "is|are",
        "no",
        "simple|single|easy|clear|definitive|straightforward|one|right|correct",
        "answer|way|solution",
    ],
    // "… depends on how you define …", "It depends."
    &["depend|depends|depending", "on|upon", DEPENDS_ON],
    &["it", "depends"],
    &["opinions|views|answers|perspectives", "differ|vary|varies"],
    // "Thus, it appears that …", "It seems that …"
    &["it|this", "appears|seems", "that|as|like"],
    &["it", "would", "appear|seem", "that"],
    &[
        "it",
        "is",
        "difficult|hard|impossible",
        "to",
        "say|tell|know",
    ],
    &["in", "my", "opinion|view"],
    &["i", "think|believe|feel|suppose|guess"],
    &[
        "up",
        "to",
        "you|the individual|each person|personal preference",
    ],
    &[
        "a",
        "matter",
        "of",
        "opinion|debate|personal|taste|preference|perspective",
    ],
];
const QUANTIFIER: &str = "different|differing|diverse|mixed|conflicting|competing|varying|various|many|several|multiple|numerous|some|two|few";
const META_NOUN: &str = "opinions|opinion|views|viewpoints|perspectives|answers|ways|things|options|approaches|methods|steps|strategies|factors|reasons|theories|interpretations|possibilities|considerations|tips|arguments";
const DEPENDS_ON: &str = "how|what|whether|which|who|when|where|your|one's|personal|individual|individual's|context|the context|many factors|several factors|various factors|a number of factors|a variety of factors|circumstances|the circumstances|the situation|preference|preferences";

/// Whether the sentence (markers masked) is not a claim, and why.
pub fn not_claim(sentence: &str) -> Option<(NotClaim, String)> {
    let trimmed = sentence.trim_end();
    if trimmed.ends_with('?') || trimmed.ends_with('？') {
        return Some((NotClaim::Question, "a question".to_string()));
    }
    let words = words(sentence);
    let joined = words.join(" ");
    for (p, finder) in PLEASANTRIES.iter().zip(PLEASANTRY_FINDERS.iter()) {
        if contains_found(&joined, finder) {
            return Some((NotClaim::Pleasantry, format!("“{p}”")));
        }
    }
    for steps in HEDGE_STEPS.iter() {
        if let Some(found) = find_steps(&words, steps) {
            return Some((NotClaim::Hedge, format!("“{found}”")));
        }
    }
    None
}

/// Lowercased words, with ’ folded to ' so "it’s" and "it's" agree.
pub fn words(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                w.to_lowercase().replace('’', "'")
            }
        })
        .collect()
}

/// Whether `phrase` is in `joined` (words joined by single spaces) as whole
/// words.
#[cfg(test)]
fn contains_phrase(joined: &str, phrase: &str) -> bool {
    contains_found(joined, &memchr::memmem::Finder::new(phrase))
}

/// Each of [`PLEASANTRIES`] as a searcher, built once rather than for each
/// sentence.
static PLEASANTRY_FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| {
        PLEASANTRIES
            .iter()
            .map(memchr::memmem::Finder::new)
            .collect()
    });

/// Whether what `finder` looks for is in `joined` as whole words.
fn contains_found(joined: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    let bytes = joined.as_bytes();
    let len = finder.needle().len();
    finder.find_iter(bytes).any(|at| {
        let end = at + len;
        (at == 0 || bytes[at - 1] == b' ') && (end == bytes.len() || bytes[end] == b' ')
    })
}

/// A pattern of [`HEDGES`] as steps, each step its alternatives, each
/// alternative its words; split once.
type Steps = Vec<Vec<Vec<&'static str>>>;

static HEDGE_STEPS: std::sync::LazyLock<Vec<Steps>> = std::sync::LazyLock::new(|| {
    HEDGES
        .iter()
        .map(|pattern| {
            pattern
                .iter()
                .map(|step| {
                    step.split('|')
                        .map(|alt| alt.split(' ').collect())
                        .collect()
                })
                .collect()
        })
        .collect()
});

/// The first place `pattern` matches consecutive words: each step is a set
/// of alternatives separated by `|`, and an alternative of several words
/// ("the individual") must match that many words.
#[cfg(test)]
fn find_pattern(words: &[String], pattern: &[&'static str]) -> Option<String> {
    let steps: Steps = pattern
        .iter()
        .map(|step| {
            step.split('|')
                .map(|alt| alt.split(' ').collect())
                .collect()
        })
        .collect();
    find_steps(words, &steps)
}

/// [`find_pattern`] over a pattern already split.
fn find_steps(words: &[String], steps: &Steps) -> Option<String> {
    (0..words.len()).find_map(|start| {
        let mut at = start;
        for step in steps {
            let n = step.iter().find_map(|parts| {
                let end = at + parts.len();
                (end <= words.len() && words[at..end].iter().zip(parts).all(|(w, p)| w == p))
                    .then_some(parts.len())
            })?;
            at += n;
        }
        Some(words[start..at].join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<NotClaim> {
        not_claim(s).map(|(k, _)| k)
    }

    #[test]
    fn questions_pleasantries_and_hedges() {
        assert_eq!(kind("What do you think?"), Some(NotClaim::Question));
        assert_eq!(
            kind("Is there anything else you would like to know？"),
            Some(NotClaim::Question)
        );
        assert_eq!(kind("I hope this helps!"), Some(NotClaim::Pleasantry));
        assert_eq!(
            kind("Let me know if you need more."),
            Some(NotClaim::Pleasantry)
        );
        for hedge in [
            "There are different opinions on whether cities should ban cars.",
            "The best city in Asia depends on how you define “best.”",
            "There are several ways to cook rice.",
            "If you feel stuck, there are several things you can do to cope.",
            "Thus, it appears that the plan has not failed yet.",
            "It seems that nobody agrees.",
            "There is no simple answer to this.",
            "Ultimately, it’s up to you.",
            "Opinions differ on the matter.",
        ] {
            assert_eq!(kind(hedge), Some(NotClaim::Hedge), "{hedge}");
        }
    }

    #[test]
    fn statements_about_the_world_are_claims() {
        for claim in [
            "About 60 residents attended the hearing, which ran past midnight.",
            "There are diamond mines in the United States.",
            "There are 44 phonemes in English.",
            "The song appears on their 1969 debut album.",
            "Prices depend on supply.",
            "Let the cycle run, and then add half a cup of baking soda.",
            "You can apply for an entry visa for business visits.",
        ] {
            assert_eq!(kind(claim), None, "{claim}");
        }
    }

    #[test]
    fn phrases_are_whole_words() {
        assert!(contains_phrase("good luck", "good luck"));
        assert!(contains_phrase("good luck to you", "good luck"));
        assert!(contains_phrase("and good luck", "good luck"));
        assert!(contains_phrase("so good luck to you", "good luck"));
        assert!(!contains_phrase("no good lucky day", "good luck"));
        assert!(!contains_phrase("verygood luck", "good luck"));
        assert!(contains_phrase("verygood luck and good luck", "good luck"));
        let words: Vec<String> = ["it", "is", "up", "to", "the", "individual"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            find_pattern(&words, HEDGES[11]).as_deref(),
            Some("up to the individual")
        );
    }

    #[test]
    fn the_deciding_phrase_is_named() {
        let (_, why) = not_claim("There are several ways to do it.")
            .unwrap_or((NotClaim::Question, String::new()));
        assert_eq!(why, "“there are several ways”");
    }
}
