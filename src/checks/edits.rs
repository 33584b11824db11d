//! What the fixes share: renumbering a reference list and every marker that
//! points into it (after removing or merging entries, or to put the numbers
//! in list order), and deleting a block of text with its blank lines.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::Context;
use crate::document::{MarkerContent, RefKey, Span};
use crate::model::Edit;

/// The edits that remove the entries `remove`, fold each `(duplicate,
/// kept)` of `merge` into the kept one, and number what is left
/// consecutively in list order, from 0 when the list counts from 0 and from
/// 1 otherwise, with every numbered marker rewritten to cite the same entry
/// under its new number. `None` when that cannot keep every citation's
/// meaning: a positional or partly unnumbered list, a repeated number, a
/// marker citing a number the list lacks, a footnote marker spelling a number.
pub fn renumber(
    ctx: &Context<'_>,
    remove: &[usize],
    merge: &[(usize, usize)],
) -> Option<Vec<Edit>> {
    let refs = &ctx.doc.references;
    let text = ctx.text;
    let gone = |i: usize| remove.contains(&i) || merge.iter().any(|&(d, _)| d == i);
    let first = match ctx.numbering() {
        Numbering::Footnotes => {
            // A list of footnotes only: nothing is renumbered, `[^dup]`
            // becomes `[^kept]`.
            let mut edits: Vec<Edit> = (0..refs.len())
                .filter(|&i| gone(i))
                .map(|i| delete_block(text, refs[i].span))
                .collect();
            for &(dup, kept) in merge {
                let (Some(RefKey::Label(from)), Some(RefKey::Label(to))) =
                    (&refs[dup].key, &refs[kept].key)
                else {
                    return None;
                };
                for m in &ctx.doc.markers {
                    if let MarkerContent::Footnote { label, span } = &m.content {
                        if label == from {
                            edits.push(Edit::replace(*span, format!("^{to}")));
                        }
                    }
                }
            }
            return Some(edits);
        }
        Numbering::Unsure => return None,
        Numbering::Numbered {
            first,
            base,
            written,
            markers,
        } => (first, *base, written, markers),
    };
    let (first, base, written, marker_numbers) = first;
    // New number of each entry that stays.
    let mut new: Vec<Option<u64>> = vec![None; refs.len()];
    let mut next = base;
    for (i, slot) in new.iter_mut().enumerate() {
        if !gone(i) {
            *slot = Some(next);
            next += 1;
        }
    }
    for &(dup, kept) in merge {
        new[dup] = new[kept];
    }
    let map = |n: u64| first.get(&n).and_then(|&i| new[i]);
    // The list's edits, then the markers': in text order when the list
    // follows the body, as it mostly does.
    let mut list_edits = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if gone(i) {
            list_edits.push(delete_block(text, r.span));
            continue;
        }
        let span = r.key_span?;
        let Written::Digits(as_written) = written[i] else {
            return None;
        };
        let n = new[i]?;
        if as_written != Some(n) {
            list_edits.push(Edit::replace(span, number(n)));
        }
    }
    let mut edits = Vec::new();
    for (m, as_written) in ctx.doc.markers.iter().zip(marker_numbers) {
        let items = match &m.content {
            MarkerContent::Numbers(items) => items,
            MarkerContent::Footnote { label, .. } => {
                if label.parse::<u64>().is_ok() {
                    return None;
                }
                continue;
            }
            MarkerContent::Malformed(_) => continue,
        };
        // Most markers cite one number: rewritten as that number's new one.
        if let [item] = items.as_slice() {
            if item.first == item.last {
                let to = map(item.first)?;
                if *as_written != Some(to) {
                    edits.push(Edit::replace(item.span, number(to)));
                }
                continue;
            }
        }
        let (Some(head), Some(tail)) = (items.first(), items.last()) else {
            continue;
        };
        let mut parts: Vec<String> = Vec::new();
        let mut cited: Vec<u64> = Vec::new();
        for item in items {
            let mut numbers = Vec::new();
            for n in item.numbers() {
                let to = map(n)?;
                if !cited.contains(&to) && !numbers.contains(&to) {
                    numbers.push(to);
                }
            }
            cited.extend(&numbers);
            if numbers.is_empty() {
                continue;
            }
            let written = &text[item.span.range()];
            parts.push(if item.first == item.last {
                numbers[0].to_string()
            } else {
                runs(&mut numbers, dash(written))
            });
        }
        let whole = Span::new(head.span.start, tail.span.end);
        let separator = if items.len() > 1 {
            separator(&text[head.span.end..items[1].span.start])
        } else {
            ", ".to_string()
        };
        let rewritten = parts.join(&separator);
        if rewritten != text[whole.range()] {
            edits.push(Edit::replace(whole, rewritten));
        }
    }
    edits.append(&mut list_edits);
    Some(edits)
}

/// `n` in decimal, borrowed for the numbers reference lists run to: a fix
/// that renumbers writes one for each entry and marker after the removed one.
fn number(n: u64) -> Cow<'static, str> {
    static SMALL: LazyLock<Vec<String>> =
        LazyLock::new(|| (0..1000).map(|n| n.to_string()).collect());
    match usize::try_from(n).ok().and_then(|i| SMALL.get(i)) {
        Some(s) => Cow::Borrowed(s.as_str()),
        None => Cow::Owned(n.to_string()),
    }
}

/// What a document's reference list allows [`renumber`] to do, the same
/// for every fix of the document, so found once.
#[derive(Debug)]
pub enum Numbering {
    /// Footnotes only: labels are merged, nothing is renumbered.
    Footnotes,
    /// Every entry has a written number, each number once: the entry each
    /// number names, and the number the list counts from (0 or 1).
    Numbered {
        first: foldhash::HashMap<u64, usize>,
        base: u64,
        /// Each entry's number as written.
        written: Vec<Written>,
        /// Each marker's number, for a marker of one number written as
        /// [`canonical`] writes it.
        markers: Vec<Option<u64>>,
    },
    /// A positional or partly unnumbered list, a repeated number, or no
    /// entries: renumbering could change what a citation means.
    Unsure,
}

impl Numbering {
    pub fn of(text: &str, doc: &crate::document::Document) -> Numbering {
        let refs = &doc.references;
        if refs
            .iter()
            .all(|r| matches!(r.key, Some(RefKey::Label(_))) && !r.positional)
        {
            return Numbering::Footnotes;
        }
        if refs.iter().any(|r| {
            r.positional || !matches!(r.key, Some(RefKey::Number(_))) || r.key_span.is_none()
        }) {
            return Numbering::Unsure;
        }
        let number = |i: usize| match refs[i].key {
            Some(RefKey::Number(n)) => n,
            _ => 0,
        };
        let Some(min) = (0..refs.len()).map(number).min() else {
            return Numbering::Unsure;
        };
        // Markers resolve to the first entry with a number; whether the
        // writer meant the second by some of them is a guess, so a list
        // that repeats a number is not renumbered.
        let mut first = foldhash::HashMap::default();
        for i in 0..refs.len() {
            if first.insert(number(i), i).is_some() {
                return Numbering::Unsure;
            }
        }
        let text = |span: Span| text.get(span.range()).unwrap_or_default();
        let written = refs
            .iter()
            .map(|r| {
                let w = r.key_span.map_or("", text);
                if w.bytes().all(|b| b.is_ascii_digit()) {
                    Written::Digits(canonical(w))
                } else {
                    Written::Other
                }
            })
            .collect();
        let markers = doc
            .markers
            .iter()
            .map(|m| match &m.content {
                MarkerContent::Numbers(items) => match items.as_slice() {
                    [item] if item.first == item.last => canonical(text(item.span)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        Numbering::Numbered {
            first,
            base: u64::from(min != 0),
            written,
            markers,
        }
    }
}

/// An entry's number as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Digits only: the number when they are its [`canonical`] spelling
    /// (`7`, not `07`), so a renumbered entry keeps its text exactly when
    /// its new number is this one.
    Digits(Option<u64>),
    /// Anything else: the list cannot be renumbered in place.
    Other,
}

/// The number `s` spells the way `n.to_string()` would write it, if it does.
fn canonical(s: &str) -> Option<u64> {
    let n: u64 = s.parse().ok()?;
    (s.bytes().all(|b| b.is_ascii_digit()) && n.to_string() == s).then_some(n)
}

/// The dash of a written range, spaces included (`–`, ` - `).
fn dash(written: &str) -> &str {
    let inner = written.trim_start_matches(|c: char| c.is_ascii_digit());
    let inner = inner.trim_end_matches(|c: char| c.is_ascii_digit());
    if inner.is_empty() {
        "–"
    } else {
        inner
    }
}

/// The separator between two items as written (`, `, `,`, `; `).
fn separator(between: &str) -> String {
    if between.trim().is_empty() {
        ", ".to_string()
    } else {
        between.to_string()
    }
}

/// Numbers as runs: `2, 3, 4` → `2–4`, `2, 5, 6` → `2, 5–6`.
fn runs(numbers: &mut [u64], dash: &str) -> String {
    numbers.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}{dash}{}", numbers[i], numbers[j])
        } else {
            numbers[i].to_string()
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Delete `span` (a paragraph, an entry) with the blank lines after it, so
/// the blocks around it keep one separation; the last block of a text takes
/// the line breaks before it instead.
pub fn delete_block(text: &str, span: Span) -> Edit {
    let edit = delete_lines(text, span);
    // A byte order mark is the file's, not the first block's.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    Edit::delete(Span::new(edit.span.start.max(bom), edit.span.end.max(bom)))
}

/// Delete the line that holds only `span` (a directive on a line of its
/// own). Such a line ends a block like a blank line does, so what it
/// separated stays separated: between two lines of text it leaves an empty
/// line (else a closing sentence would run into the reference list's
/// heading); after text and before a blank line the line goes alone; a
/// line that starts a block goes with the blank lines after it.
pub fn delete_own_line(text: &str, span: Span) -> Edit {
    let start = line_start(text, span.start);
    let before = text[..start].trim_end_matches(['\r', '\n']);
    let starts_block = before.trim_start_matches('\u{feff}').is_empty()
        || text[before.len()..start].matches('\n').count() >= 2;
    if starts_block {
        return delete_block(text, span);
    }
    let Some(nl) = text[span.end..].find('\n').map(|i| span.end + i) else {
        // The last line: its line break is the one before it.
        return Edit::delete(Span::new(before.len(), text.len()));
    };
    let next = text[nl + 1..].split('\n').next().unwrap_or("");
    if next.trim().is_empty() {
        return Edit::delete(Span::new(start, nl + 1));
    }
    let end = if text[..nl].ends_with('\r') {
        nl - 1
    } else {
        nl
    };
    Edit::delete(Span::new(start, end))
}

fn delete_lines(text: &str, span: Span) -> Edit {
    let rest = &text[span.end..];
    let ws = rest.len() - rest.trim_start().len();
    if span.end + ws < text.len() {
        // Up to the start of the next block's line. The gap may hold
        // whitespace of several bytes (U+0085, U+2028), so it is searched,
        // not stepped through byte by byte.
        let end = text[span.end..span.end + ws]
            .rfind('\n')
            .map_or(span.end + ws, |i| span.end + i + 1);
        return Edit::delete(Span::new(line_start(text, span.start), end));
    }
    // The last block: from the end of the line before it (its line break
    // kept) to the end of the text.
    let before = &text[..span.start];
    let kept = before.trim_end();
    let start = if kept.is_empty() || kept == "\u{feff}" {
        0
    } else {
        let nl = before[kept.len()..]
            .find('\n')
            .map_or(before.len(), |i| kept.len() + i + 1);
        nl.min(span.start)
    };
    Edit::delete(Span::new(start, text.len()))
}

/// The start of the line holding `at` when only blanks precede it there.
fn line_start(text: &str, at: usize) -> usize {
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[line..at].trim().is_empty() {
        line
    } else {
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_number_is_written_in_decimal_below_and_above_the_shared_ones() {
        for n in [0, 1, 9, 10, 999, 1000, 1001, 123_456, u64::MAX] {
            assert_eq!(number(n), n.to_string());
        }
        assert!(matches!(number(42), Cow::Borrowed("42")));
    }

    #[test]
    fn a_number_is_canonical_when_written_as_it_would_be() {
        for n in [0, 7, 10, 99, 100, 12345, u64::MAX] {
            assert_eq!(canonical(&n.to_string()), Some(n));
        }
        for s in ["07", "00", "+7", "", " 7", "18446744073709551616", "٣"] {
            assert_eq!(canonical(s), None, "{s}");
        }
    }

    fn without_line(text: &str, line: &str) -> String {
        let at = text.find(line).unwrap_or(0);
        let edit = delete_own_line(text, Span::new(at, at + line.len()));
        let mut out = text.to_owned();
        out.replace_range(edit.span.range(), &edit.content);
        out
    }

    #[test]
    fn a_block_before_whitespace_of_several_bytes_is_deleted_on_char_boundaries() {
        // U+2028 and U+0085 are whitespace to `trim_start` and take 3 and
        // 2 bytes: the end of the deletion must not fall inside them.
        for gap in ["\u{2028}", "\u{85}", "\n\u{2028}", "\u{85}\n"] {
            let text = format!("Intro.\n\nGone block.{gap}Next block.\n");
            let at = text.find("Gone").unwrap_or(0);
            let edit = delete_block(&text, Span::new(at, at + "Gone block.".len()));
            assert!(text.is_char_boundary(edit.span.end), "{gap:?}");
            let mut out = text.clone();
            out.replace_range(edit.span.range(), &edit.content);
            assert!(
                out.starts_with("Intro.\n\n") && out.contains("Next block."),
                "{out:?}"
            );
        }
    }

    #[test]
    fn a_directive_line_goes_without_joining_what_it_separated() {
        let d = "citecheck: ignore CC102";
        // Between two lines of text: an empty line stays in its place.
        assert_eq!(
            without_line(&format!("End.[1]\n{d}\nReferences\n"), d),
            "End.[1]\n\nReferences\n"
        );
        assert_eq!(
            without_line(&format!("End.[1]\r\n{d}\r\nNext\r\n"), d),
            "End.[1]\r\n\r\nNext\r\n"
        );
        // Closing a paragraph before a blank line: the line alone.
        assert_eq!(
            without_line(&format!("End.\n{d}\n\nNext\n"), d),
            "End.\n\nNext\n"
        );
        // A block of its own: with the blank lines after it.
        assert_eq!(
            without_line(&format!("End.\n\n{d}\n\nNext\n"), d),
            "End.\n\nNext\n"
        );
        assert_eq!(
            without_line(&format!("\u{feff}{d}\nFirst.\n"), d),
            "\u{feff}First.\n"
        );
        // The last line, with no line break of its own.
        assert_eq!(without_line(&format!("End.\n{d}"), d), "End.");
    }
}
