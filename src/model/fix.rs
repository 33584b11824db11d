//! Fixes: what a rule offers to resolve one of its findings (a message, an
//! applicability and byte-span edits of the original text), and applying a
//! set of them to a text with overlapping ones skipped. Here, at the bottom,
//! so the checks, the report and an editor server share one model.

use std::borrow::Cow;

use serde::Serialize;

use super::Span;

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning of the text: applied by `--fix`.
    Safe,
    /// May change what the text says or cites: only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` (empty: insert at `span.start`) by `content`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Edit {
    pub span: Span,
    /// Borrowed when it is one of a few common texts: a fix that renumbers
    /// writes hundreds of small numbers, each of which would be a string of
    /// its own.
    pub content: Cow<'static, str>,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<Cow<'static, str>>) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }

    pub fn insert(at: usize, content: impl Into<Cow<'static, str>>) -> Edit {
        Edit::replace(Span::new(at, at), content)
    }
}

/// What resolves one diagnostic: edits applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    /// Sorted by position, none overlapping another.
    pub edits: Vec<Edit>,
    /// Applied alone in its pass. A fix that renumbers rewrites markers all
    /// over the text from what it read; another fix in the same pass that
    /// edits a marker (CC006 making `[,3]` readable) would escape the
    /// renumbering and point at the wrong entry.
    #[serde(skip)]
    pub isolated: bool,
}

impl Fix {
    /// A fix from edits in any order; `None` when there is nothing to change
    /// or two of its own edits overlap (a rule's mistake, never applied).
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Option<Fix> {
        // Rules mostly give their edits in order already: strictly ordered
        // spans are sorted and distinct whatever the contents, so one pass
        // over them finds them ordered and free of conflicts.
        let ordered = edits
            .windows(2)
            .all(|w| w[0].span < w[1].span && !conflict(&w[0], &w[1]));
        if !ordered {
            edits.sort();
            edits.dedup();
            if edits.windows(2).any(|w| conflict(&w[0], &w[1])) {
                return None;
            }
        }
        if edits.is_empty() {
            return None;
        }
        Some(Fix {
            message: message.into(),
            applicability,
            edits,
            isolated: false,
        })
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    /// The same fix, applied alone in its pass.
    pub fn isolated(self) -> Fix {
        Fix {
            isolated: true,
            ..self
        }
    }

    /// From the first edit's start to the last one's end.
    pub fn range(&self) -> Span {
        let start = self.edits.first().map_or(0, |e| e.span.start);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }
}

/// Two edits that cannot both be applied: overlapping spans, or two inserts
/// (or an insert and a replacement starting) at the same place, whose order
/// would be a guess.
fn conflict(a: &Edit, b: &Edit) -> bool {
    a.span.overlaps(b.span)
        || (a.span.start == b.span.start && (a.span.is_empty() || b.span.is_empty()))
        || (a.span.is_empty() && b.span.contains(a.span.start))
        || (b.span.is_empty() && a.span.contains(b.span.start))
}

/// The outcome of applying fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// The fixes applied, in the order given.
    pub applied: Vec<usize>,
    /// Fixes skipped because an edit overlapped one applied before, or a
    /// span was outside the text: (index, why).
    pub skipped: Vec<(usize, String)>,
}

/// Apply `fixes` to `text`, in order of their first edit: a fix whose edits
/// overlap one already taken is skipped (with a note) for a later pass to
/// reconsider; a fix equal to one taken counts as applied, since the text
/// already says what it would write. Bytes outside the edits are kept.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| (fixes[i].range().start, fixes[i].range().end, i));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut taken_fixes: Vec<&Fix> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    // Fixes that may share a pass first; an isolated one only in a pass of
    // its own, so that it reads the text the others left.
    order.sort_by_key(|&i| fixes[i].isolated);
    for i in order {
        let fix = fixes[i];
        if taken_fixes.iter().any(|f| f.edits == fix.edits) {
            applied.push(i);
            continue;
        }
        if !taken_fixes.is_empty() && (fix.isolated || taken_fixes.iter().any(|f| f.isolated)) {
            skipped.push((
                i,
                format!("{}: applied alone; left for the next pass", fix.message),
            ));
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if !valid {
            skipped.push((i, format!("{}: an edit is outside the text", fix.message)));
            continue;
        }
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| conflict(e, t)))
        {
            skipped.push((
                i,
                format!(
                    "{}: overlaps a fix applied before it; left for the next pass",
                    fix.message
                ),
            ));
            continue;
        }
        taken.extend(fix.edits.iter());
        taken_fixes.push(fix);
        applied.push(i);
    }
    taken.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    applied.sort_unstable();
    Applied {
        text: out,
        applied,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix::safe(
            "test",
            edits
                .iter()
                .map(|&(s, e, c)| Edit::replace(Span::new(s, e), c.to_string()))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn applies_edits_and_keeps_every_other_byte() {
        let text = "\u{feff}a [1]\r\nb [2]\r\n";
        let a = fix(&[(6, 7, "2")]);
        let b = fix(&[(13, 14, "1")]);
        let out = apply(text, &[&b, &a]);
        assert_eq!(out.text, "\u{feff}a [2]\r\nb [1]\r\n");
        assert_eq!(out.applied, vec![0, 1]);
        assert!(out.skipped.is_empty());
    }

    #[test]
    fn an_isolated_fix_waits_for_a_pass_of_its_own() {
        let text = "[,3] [1] [3]";
        let renumber = fix(&[(6, 7, "2"), (10, 11, "1")]).isolated();
        let repair = fix(&[(1, 2, "")]);
        let out = apply(text, &[&renumber, &repair]);
        assert_eq!(out.text, "[3] [1] [3]");
        assert_eq!(out.applied, vec![1]);
        assert_eq!(out.skipped.len(), 1);
        // Alone, it is applied; two isolated fixes take two passes.
        let other = fix(&[(0, 1, "(")]).isolated();
        let out = apply(text, &[&renumber, &other]);
        assert_eq!(out.applied.len(), 1);
        assert_eq!(out.skipped.len(), 1);
    }

    #[test]
    fn the_later_of_two_overlapping_fixes_is_skipped() {
        let text = "abcdef";
        let first = fix(&[(1, 3, "X")]);
        let second = fix(&[(2, 4, "Y"), (5, 6, "Z")]);
        let out = apply(text, &[&second, &first]);
        assert_eq!(out.text, "aXdef");
        assert_eq!(out.applied, vec![1]);
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].0, 0);
        assert!(out.skipped[0].1.contains("overlaps"), "{:?}", out.skipped);
    }

    #[test]
    fn equal_fixes_apply_once_and_inserts_at_one_place_conflict() {
        let text = "ab";
        let a = fix(&[(1, 1, "X")]);
        let out = apply(text, &[&a, &a.clone()]);
        assert_eq!(out.text, "aXb");
        assert_eq!(out.applied, vec![0, 1]);
        let b = fix(&[(1, 1, "Y")]);
        let out = apply(text, &[&a, &b]);
        assert_eq!(out.text, "aXb");
        assert_eq!(out.skipped.len(), 1);
    }

    #[test]
    fn a_fix_outside_the_text_or_inside_a_character_is_skipped() {
        let text = "é";
        let out = apply(text, &[&fix(&[(1, 2, "e")]), &fix(&[(3, 4, "x")])]);
        assert_eq!(out.text, "é");
        assert_eq!(out.skipped.len(), 2);
    }

    #[test]
    fn a_fix_with_overlapping_edits_of_its_own_is_refused() {
        let e = |s, e| Edit::replace(Span::new(s, e), "x");
        assert!(Fix::safe("m", vec![e(0, 2), e(1, 3)]).is_none());
        assert!(Fix::safe("m", vec![]).is_none());
        // In order, yet an insertion where a replacement begins, or inside it.
        assert!(Fix::safe("m", vec![e(3, 3), e(3, 5)]).is_none());
        assert!(Fix::safe("m", vec![e(1, 4), e(2, 2)]).is_none());
        // Out of order, or repeated: sorted and kept once.
        let fix = Fix::safe("m", vec![e(4, 5), e(0, 1), e(4, 5)]);
        let spans: Vec<Span> = fix
            .map(|f| f.edits.iter().map(|e| e.span).collect())
            .unwrap_or_default();
        assert_eq!(spans, [Span::new(0, 1), Span::new(4, 5)]);
    }
}
