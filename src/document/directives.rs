//! Inline suppressions: `<!-- citecheck-disable-next-line CC101 -->`,
//! `<!-- citecheck-disable CC201 -->` … `<!-- citecheck-enable CC201 -->`,
//! `<!-- citecheck-disable-file CC103 -->` in Markdown, and the same on a
//! line of their own starting with `citecheck:` in plain text.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::lines_from;
use super::Span;
use crate::source::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
    DisableFile,
}

/// One directive as written, with the text it applies to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Directive {
    pub span: Span,
    pub kind: DirectiveKind,
    /// The rule codes or names as written, each with its span.
    pub rules: Vec<(String, Span)>,
    /// Where it suppresses findings (empty for `enable`).
    pub applies: Span,
}

static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*citecheck-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->")
        .expect("static regex")
});
static TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\u{feff}?[ \t]*citecheck:[ \t]*(disable-next-line|disable-file|disable|enable|ignore)\b(.*)$",
    )
    .expect("static regex")
});

/// Whether a plain-text line is a directive (and so not prose).
pub fn is_text_directive(line: &str) -> bool {
    TEXT.is_match(line)
}

/// Find every directive. `excluded` are the Markdown ranges that are not
/// prose; a Markdown directive counts only inside an HTML comment there.
pub fn find(text: &str, format: Format, excluded: &[Span]) -> Vec<Directive> {
    let mut found: Vec<(Span, DirectiveKind, Rules)> = Vec::new();
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
                    found.push((
                        span,
                        kind_of(kind.as_str()),
                        rules_in(args.as_str(), args.start()),
                    ));
                }
            }
        }
        Format::Text => {
            for line in lines_from(text, 0) {
                let content = line.text(text);
                if let Some(caps) = TEXT.captures(content) {
                    let (Some(kind), Some(args)) = (caps.get(1), caps.get(2)) else {
                        continue;
                    };
                    found.push((
                        line.span(),
                        kind_of(kind.as_str()),
                        rules_in(args.as_str(), line.start + args.start()),
                    ));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for (i, (span, kind, rules)) in found.iter().enumerate() {
        let applies = match kind {
            DirectiveKind::DisableFile => Span::new(0, text.len()),
            DirectiveKind::Enable => Span::new(span.end, span.end),
            DirectiveKind::DisableNextLine => next_line(text, span.end),
            DirectiveKind::Disable => {
                let names: Vec<&str> = rules.iter().map(|(r, _)| r.as_str()).collect();
                let end = found[i + 1..]
                    .iter()
                    .find(|(_, k, rs)| {
                        *k == DirectiveKind::Enable
                            && (rs.is_empty()
                                || rs
                                    .iter()
                                    .any(|(r, _)| names.iter().any(|n| n.eq_ignore_ascii_case(r))))
                    })
                    .map_or(text.len(), |(s, _, _)| s.start);
                Span::new(span.end, end)
            }
        };
        out.push(Directive {
            span: *span,
            kind: *kind,
            rules: rules.clone(),
            applies,
        });
    }
    out
}

/// Rule names as written, each with its span.
type Rules = Vec<(String, Span)>;

fn kind_of(s: &str) -> DirectiveKind {
    match s {
        "disable-next-line" | "ignore" => DirectiveKind::DisableNextLine,
        "disable-file" => DirectiveKind::DisableFile,
        "enable" => DirectiveKind::Enable,
        _ => DirectiveKind::Disable,
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
    fn markdown_directives_only_in_comments() {
        let text = "<!-- citecheck-disable-file CC103 -->\n\n`<!-- citecheck-disable CC101 -->`\n";
        let layout = crate::document::markdown_layout_for_tests(text);
        let d = find(text, Format::Markdown, &layout);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DirectiveKind::DisableFile);
    }
}
