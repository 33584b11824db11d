//! Quotations inside a sentence: “…”, "…" and ‘…’ of two words or more,
//! telling a closing ’ from an apostrophe ("China’s").

/// Byte ranges of quotations (quote marks included) of two or more words.
pub fn find(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let closers: &[char] = match c {
            '“' => &['”'],
            '"' => &['"'],
            '‘' => &['’'],
            '«' => &['»'],
            '„' => &['“', '”'],
            _ => {
                i += 1;
                continue;
            }
        };
        let mut close = None;
        for (j, &(cat, cc)) in chars.iter().enumerate().skip(i + 1) {
            if closers.contains(&cc) {
                // ’ followed by a letter is an apostrophe, not a closing quote.
                let next = chars.get(j + 1).map(|&(_, n)| n);
                if cc == '’' && next.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                close = Some((j, cat + cc.len_utf8()));
                break;
            }
        }
        match close {
            Some((j, end)) => {
                let inner = &s[at + c.len_utf8()..end - chars[j].1.len_utf8()];
                if inner
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count()
                    >= 2
                {
                    out.push((at, end));
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> Vec<&str> {
        find(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn quotations_of_two_words_or_more() {
        assert_eq!(
            quoted("met for “candid talks.” Then"),
            vec!["“candid talks.”"]
        );
        assert_eq!(
            quoted("a \"so-called\" deal and \"two words\""),
            vec!["\"two words\""]
        );
        assert_eq!(
            quoted("China’s ‘quiet diplomacy’ worked"),
            vec!["‘quiet diplomacy’"]
        );
        assert!(quoted("China’s and Blinken’s visit").is_empty());
        assert!(quoted("an unclosed “quote here").is_empty());
    }
}
