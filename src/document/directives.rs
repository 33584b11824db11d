//! Inline suppressions: `<!-- citecheck-disable-next-line CC101 -->`,
//! `<!-- citecheck-disable-line CC101 -->`, `<!-- citecheck-disable CC201 -->`
//! … `<!-- citecheck-enable CC201 -->`, `<!-- citecheck-disable-file CC103 -->`
//! in Markdown; the same on a line of their own starting with `citecheck:`
//! in plain text, or trailing a line (`… citecheck: ignore CC101`). A
//! directive naming no rule covers every rule.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::lines_from;
use super::Span;
use crate::source::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveKind {
    DisableNextLine,
    /// The line the directive is on.
    DisableLine,
    Disable,
    Enable,
    DisableFile,
    /// A mistyped kind (`disable-lines`): suppresses nothing, and CC007
    /// says so.
    Unknown,
}

/// The kinds as written, for suggestions.
pub const KINDS: &[&str] = &[
    "disable-next-line",
    "disable-line",
    "disable",
    "enable",
    "disable-file",
    "ignore",
];

/// One directive as written, with the text it applies to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Directive {
    pub span: Span,
    pub kind: DirectiveKind,
    /// The kind as written (`disable-next-line`).
    pub kind_span: Span,
    /// The rule codes or names as written, each with its span.
    pub rules: Vec<(String, Span)>,
    /// Where it suppresses findings (empty for `enable`).
    pub applies: Span,
}

// A kind is anything starting with disable/enable/ignore, so that a
// mistyped one is reported rather than read as prose or ignored.
static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*citecheck-((?:disable|enable|ignore)[A-Za-z-]*)((?:\s[^>]*?)?)-->")
        .expect("static regex")
});
static TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\u{feff}?[ \t]*citecheck:[ \t]*((?:disable|enable|ignore)[A-Za-z-]*)(\s.*)?$")
        .expect("static regex")
});
/// After prose on the same line: only the forms that name a line.
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t]citecheck:[ \t]*(disable-line|disable-next-line|ignore)(\s.*)?$")
        .expect("static regex")
});

/// Whether a plain-text line is a directive (and so not prose).
pub fn is_text_directive(line: &str) -> bool {
    line.contains(TEXT_MARK) && TEXT.is_match(line)
}

/// What every plain-text directive spells: a text without it has none, and
/// most lines are looked at for one.
const TEXT_MARK: &str = "citecheck:";

/// Where a directive trailing prose starts on a plain-text line (the prose
/// ends there).
pub fn trailing_text_directive(line: &str) -> Option<usize> {
    if !line.contains(TEXT_MARK) || TEXT.is_match(line) {
        return None;
    }
    TRAILING.find(line).map(|m| m.start())
}

/// Find every directive. `excluded` are the Markdown ranges that are not
/// prose; a Markdown directive counts only inside an HTML comment there.
pub fn find(text: &str, format: Format, excluded: &[Span]) -> Vec<Directive> {
    let mut found: Vec<Found> = Vec::new();
    match format {
        Format::Markdown => {
            for caps in MARKDOWN.captures_iter(text) {
                let (Some(whole), Some(kind), Some(args)) = (caps.get(0), caps.get(1), caps.get(2))
                else {
                    continue;
                };
                let span = Span::new(whole.start(), whole.end());
                let in_comment = excluded.iter().any(|e| {
                    e.start <= span.start
                        && span.end <= e.end
                        && !text[e.range()].starts_with(['`', '~', ' ', '\t'])
                });
                if in_comment {
                    found.push(Found {
                        span,
                        kind: kind_of(kind.as_str(), false),
                        kind_span: Span::new(kind.start(), kind.end()),
                        rules: rules_in(args.as_str(), args.start()),
                    });
                }
            }
        }
        Format::Text if !text.contains(TEXT_MARK) => {}
        Format::Text => {
            for line in lines_from(text, 0) {
                let content = line.text(text);
                let (caps, trailing) = match TEXT.captures(content) {
                    Some(caps) => (caps, false),
                    None => match TRAILING.captures(content) {
                        Some(caps) => (caps, true),
                        None => continue,
                    },
                };
                let Some(kind) = caps.get(1) else {
                    continue;
                };
                let (args, args_start) = caps
                    .get(2)
                    .map_or(("", kind.end()), |a| (a.as_str(), a.start()));
                let start = if trailing {
                    caps.get(0).map_or(0, |m| m.start() + 1)
                } else {
                    0
                };
                found.push(Found {
                    span: Span::new(line.start + start, line.span().end),
                    kind: kind_of(kind.as_str(), trailing),
                    kind_span: Span::new(line.start + kind.start(), line.start + kind.end()),
                    rules: rules_in(args, line.start + args_start),
                });
            }
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let applies = match f.kind {
            DirectiveKind::DisableFile => Span::new(0, text.len()),
            DirectiveKind::Enable | DirectiveKind::Unknown => Span::new(f.span.end, f.span.end),
            DirectiveKind::DisableNextLine => next_line(text, f.span.end),
            DirectiveKind::DisableLine => line_around(text, f.span),
            DirectiveKind::Disable => {
                let names: Vec<&str> = f.rules.iter().map(|(r, _)| r.as_str()).collect();
                let end = found[i + 1..]
                    .iter()
                    .find(|g| {
                        g.kind == DirectiveKind::Enable
                            && (g.rules.is_empty()
                                || g.rules
                                    .iter()
                                    .any(|(r, _)| names.iter().any(|n| n.eq_ignore_ascii_case(r))))
                    })
                    .map_or(text.len(), |g| g.span.start);
                Span::new(f.span.end, end)
            }
        };
        out.push(Directive {
            span: f.span,
            kind: f.kind,
            kind_span: f.kind_span,
            rules: f.rules.clone(),
            applies,
        });
    }
    out
}

/// A directive as read, before what it applies to is known.
struct Found {
    span: Span,
    kind: DirectiveKind,
    kind_span: Span,
    rules: Rules,
}

/// Rule names as written, each with its span.
type Rules = Vec<(String, Span)>;

/// `ignore` after prose names its own line, as ruff's `# noqa` does; on a
/// line of its own, the next line.
fn kind_of(s: &str, trailing: bool) -> DirectiveKind {
    match s {
        "ignore" if trailing => DirectiveKind::DisableLine,
        "disable-next-line" | "ignore" => DirectiveKind::DisableNextLine,
        "disable-line" => DirectiveKind::DisableLine,
        "disable-file" => DirectiveKind::DisableFile,
        "enable" => DirectiveKind::Enable,
        "disable" => DirectiveKind::Disable,
        _ => DirectiveKind::Unknown,
    }
}

fn rules_in(args: &str, base: usize) -> Rules {
    let mut out = Vec::new();
    let mut at = 0;
    for token in args.split(|c: char| c.is_whitespace() || c == ',') {
        let start = args[at..].find(token).map_or(at, |i| at + i);
        at = start + token.len();
        if !token.is_empty() {
            out.push((
                token.to_string(),
                Span::new(base + start, base + start + token.len()),
            ));
        }
    }
    out
}

/// The whole line (or lines) the span is on, without the line ending.
fn line_around(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end)
}

/// The first non-blank line after `from`.
fn next_line(text: &str, from: usize) -> Span {
    let after_newline = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    lines_from(text, after_newline)
        .into_iter()
        .find(|l| !l.text(text).trim().is_empty())
        .map_or(Span::new(text.len(), text.len()), |l| l.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_directives() {
        let text = "citecheck: disable-next-line CC101, uncited-quote\nA line.\n\ncitecheck: disable CC201\nB.\ncitecheck: enable CC201\nC.\n";
        let d = find(text, Format::Text, &[]);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(
            d[0].rules
                .iter()
                .map(|(r, _)| r.as_str())
                .collect::<Vec<_>>(),
            vec!["CC101", "uncited-quote"]
        );
        assert_eq!(&text[d[0].rules[1].1.range()], "uncited-quote");
        assert_eq!(&text[d[0].applies.range()], "A line.");
        assert_eq!(&text[d[1].applies.range()], "\nB.\n");
    }

    #[test]
    fn disable_line_bare_and_trailing_forms() {
        let text = "Prose here.[1] <!-- citecheck-disable-line CC101 -->\nNext.\n<!-- citecheck-disable-next-line -->\nAll.\n<!-- citecheck-disable-lines CC101 -->\n";
        let layout = crate::document::markdown_layout_for_tests(text);
        let d = find(text, Format::Markdown, &layout);
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!(d[0].kind, DirectiveKind::DisableLine);
        assert_eq!(&text[d[0].kind_span.range()], "disable-line");
        assert!(text[d[0].applies.range()].starts_with("Prose here."));
        assert_eq!(d[0].rules.len(), 1);
        assert_eq!(d[1].kind, DirectiveKind::DisableNextLine);
        assert!(d[1].rules.is_empty());
        assert_eq!(&text[d[1].applies.range()], "All.");
        assert_eq!(d[2].kind, DirectiveKind::Unknown);
        assert_eq!(&text[d[2].kind_span.range()], "disable-lines");

        let text = "The café served 4,000 guests. citecheck: ignore CC101\nciteCheck: a tool.\n";
        let d = find(text, Format::Text, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DirectiveKind::DisableLine);
        assert_eq!(&text[d[0].span.range()], "citecheck: ignore CC101");
        assert_eq!(
            &text[d[0].applies.range()],
            "The café served 4,000 guests. citecheck: ignore CC101"
        );
        let line = "The café served 4,000 guests. citecheck: ignore CC101";
        assert_eq!(
            trailing_text_directive(line),
            Some("The café served 4,000 guests.".len())
        );
        assert_eq!(trailing_text_directive("citecheck: ignore CC101"), None);
        assert_eq!(trailing_text_directive("Use citecheck: it helps."), None);
    }

    #[test]
    fn markdown_directives_only_in_comments() {
        let text = "<!-- citecheck-disable-file CC103 -->\n\n`<!-- citecheck-disable CC101 -->`\n";
        let layout = crate::document::markdown_layout_for_tests(text);
        let d = find(text, Format::Markdown, &layout);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DirectiveKind::DisableFile);
    }
}
