//! Code actions: each finding's fix as a quick fix (safe fixes preferred),
//! and "suppress CCnnn on this line / in this file", written in the
//! project's suppression syntax (`document::directives`).

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, TextEdit, Uri, WorkspaceEdit};

use super::diagnostics;
use super::documents::{Checked, Doc};
use crate::document::directives::DirectiveKind;
use crate::model::{Applicability, Diagnostic, Edit, Span};
use crate::source::Format;

/// The actions for the findings whose span touches `range`.
pub fn actions(doc: &Doc, checked: &Checked, range: Span) -> Vec<CodeAction> {
    let touching = checked.diagnostics.iter().filter(|d| {
        d.span.overlaps(range) || d.span.contains(range.start) || d.span.start == range.start
    });
    let mut fixes = Vec::new();
    let mut suppressions = Vec::new();
    let mut seen_file = std::collections::HashSet::new();
    for d in touching {
        let lsp = diagnostics::to_lsp(d, &doc.text, &doc.lines, &doc.uri);
        if let Some(fix) = &d.fix {
            fixes.push(CodeAction {
                title: fix.message.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(workspace_edit(doc, &fix.edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            });
        }
        // A stale suppression is fixed by removing it, not by another one.
        if d.code == "CC007" {
            continue;
        }
        if let Some(edit) = suppress_on_line(doc, checked, d) {
            suppressions.push(CodeAction {
                title: format!("Suppress {} ({}) on this line", d.code, d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(workspace_edit(doc, &[edit])),
                ..CodeAction::default()
            });
        }
        if seen_file.insert(d.code) {
            suppressions.push(CodeAction {
                title: format!("Suppress {} ({}) in this file", d.code, d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(workspace_edit(doc, &[suppress_in_file(doc, d.code)])),
                ..CodeAction::default()
            });
        }
    }
    fixes.extend(suppressions);
    fixes
}

fn workspace_edit(doc: &Doc, edits: &[Edit]) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|e| TextEdit::new(doc.lines.range(&doc.text, e.span), e.content.to_string()))
        .collect();
    #[allow(clippy::mutable_key_type)] // lsp-types' own map type: the URI is not mutated.
    let changes: HashMap<Uri, Vec<TextEdit>> = HashMap::from([(doc.uri.clone(), edits)]);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// A `disable-line` directive trailing the line the finding starts on, or
/// the code added to one already there. Trailing, not a line above, because
/// in plain text a line of its own inside the reference list would end the
/// list.
fn suppress_on_line(doc: &Doc, checked: &Checked, d: &Diagnostic) -> Option<Edit> {
    let text = &doc.text;
    let start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = text[d.span.start..]
        .find('\n')
        .map_or(text.len(), |i| d.span.start + i);
    if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    let line = Span::new(start, end);
    let existing = checked.doc.directives.iter().find(|x| {
        x.kind == DirectiveKind::DisableLine && line.start <= x.span.start && x.span.end <= line.end
    });
    if let Some(x) = existing {
        // A directive naming no rule covers every rule: nothing to add.
        let last = x.rules.last()?;
        return Some(Edit::insert(last.1.end, format!(" {}", d.code)));
    }
    let content = match doc.format {
        Format::Markdown => format!(" <!-- citecheck-disable-line {} -->", d.code),
        Format::Text => format!(" citecheck: disable-line {}", d.code),
    };
    Some(Edit::insert(end, content))
}

/// A `disable-file` directive on a line of its own at the top (after a
/// byte-order mark, and after Markdown front matter, which must stay first).
fn suppress_in_file(doc: &Doc, code: &str) -> Edit {
    let text = &doc.text;
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let content = match doc.format {
        Format::Markdown => {
            at = after_front_matter(text, at);
            format!("<!-- citecheck-disable-file {code} -->{newline}")
        }
        Format::Text => format!("citecheck: disable-file {code}{newline}"),
    };
    Edit::insert(at, content)
}

/// Where YAML front matter (`---` … `---` or `...`) starting at `at` ends.
fn after_front_matter(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let Some(first) = rest.split_inclusive('\n').next() else {
        return at;
    };
    if first.trim_end() != "---" {
        return at;
    }
    let mut offset = at + first.len();
    for line in text[offset..].split_inclusive('\n') {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return offset;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::position::Encoding;
    use crate::settings::Settings;

    const REFS: &str = "\n\n## References\n\n1. “Bridge reopens” Example News, 2 May 2024, https://news.example/bridge-reopens\n2. “Traffic returns” Example Wire, 2 May 2024, https://wire.example/traffic-returns\n";

    fn checked(text: &str) -> (Doc, Checked) {
        let uri = "file:///tmp/x.md".parse().unwrap();
        let doc = Doc::new(uri, 1, text.to_string(), "markdown", Encoding::Utf8);
        let parsed = doc.parse();
        let report = crate::engine::check_parsed(doc.source(), &parsed, &Settings::default(), None);
        let checked = Checked {
            doc: parsed,
            diagnostics: report.diagnostics,
        };
        (doc, checked)
    }

    /// The text after the action titled `…suffix` for the first `code`.
    fn after(text: &str, code: &str, suffix: &str) -> String {
        let (doc, c) = checked(text);
        let d = c.diagnostics.iter().find(|d| d.code == code).unwrap();
        let edit = if suffix == "line" {
            suppress_on_line(&doc, &c, d).unwrap()
        } else {
            suppress_in_file(&doc, code)
        };
        let mut out = text.to_string();
        out.replace_range(edit.span.range(), &edit.content);
        out
    }

    fn codes(text: &str) -> Vec<&'static str> {
        checked(text).1.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn markdown_suppressions_silence_the_finding_and_are_used() {
        let text = format!("The bridge reopened.[1,,2] Traffic returned.[2]{REFS}");
        assert!(codes(&text).contains(&"CC006"));
        let line = after(&text, "CC006", "line");
        assert!(
            line.contains("[2] <!-- citecheck-disable-line CC006 -->\n"),
            "{line}"
        );
        let left = codes(&line);
        assert!(
            !left.contains(&"CC006") && !left.contains(&"CC007"),
            "{left:?}"
        );
        let file = after(&text, "CC006", "file");
        assert!(
            file.starts_with("<!-- citecheck-disable-file CC006 -->\n"),
            "{file}"
        );
        let left = codes(&file);
        assert!(
            !left.contains(&"CC006") && !left.contains(&"CC007"),
            "{left:?}"
        );
        // A second code joins the directive already on the line.
        let both =
            format!("The bridge reopened.[1,,2] <!-- citecheck-disable-line CC101 -->{REFS}");
        let (doc, c) = checked(&both);
        let d = c.diagnostics.iter().find(|d| d.code == "CC006").unwrap();
        let e = suppress_on_line(&doc, &c, d).unwrap();
        let mut out = both.clone();
        out.replace_range(e.span.range(), &e.content);
        assert!(
            out.contains("citecheck-disable-line CC101 CC006 -->"),
            "{out}"
        );
    }

    #[test]
    fn front_matter_stays_first() {
        let text = "---\ntitle: x\n---\nBody.\n";
        assert_eq!(after_front_matter(text, 0), "---\ntitle: x\n---\n".len());
        assert_eq!(after_front_matter("Body.\n", 0), 0);
        assert_eq!(after_front_matter("---\nnever closed\n", 0), 0);
    }
}
