//! Inline suppressions applied to a file's findings, and CC007
//! unused-suppression for each directive that suppressed nothing.

use crate::model::{Fix, Span};
use super::rule::{Check, Rule};
use super::{registry, selection::Selection, Context};
use crate::document::directives::{DirectiveKind, KINDS};
use crate::model::{suggest, Diagnostic, Needs, RuleMeta, Severity};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC007",
        name: "unused-suppression",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "an inline suppression that suppressed nothing",
        explanation: EXPLANATION,
    },
    check: Check::Suppressions,
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Applies inline suppressions and reports each one that suppressed nothing,
that names an unknown rule, or whose kind is mistyped.

In Markdown, as HTML comments:
```markdown
<!-- citecheck-disable-next-line CC101 -->
A sentence.  <!-- citecheck-disable-line CC101 -->
<!-- citecheck-disable CC201 duplicate-sentence -->  …  <!-- citecheck-enable CC201 duplicate-sentence -->
<!-- citecheck-disable-file CC103 -->
```
In plain text, on a line of its own (such a line is not part of the text),
or after the prose of a line:
```text
citecheck: disable-next-line CC101
citecheck: ignore CC101            (on its own line: the same as disable-next-line)
A sentence. citecheck: ignore CC101         (after prose: this line)
A sentence. citecheck: disable-line CC101   (the same)
citecheck: disable CC201 / citecheck: enable CC201
citecheck: disable-file CC103
```
Rules are named by code or name, separated by spaces or commas; a
directive that names no rule covers every rule. An `enable` without rules
ends every open `disable`. `disable-next-line` covers the next non-blank
line (the whole paragraph, when the paragraph is one line); `disable-line`
the line it is on.

## Why it matters
A suppression that no longer suppresses anything hides the next real
finding at that place, and tells readers of the source something false.

## Example
```text
citecheck: disable-next-line CC101
This sentence now has a citation.[4]
```

## Use instead
Remove the stale directive. For findings you accept across a whole project
without editing the text, use a baseline (`--write-baseline`).
"#;

/// Drop suppressed findings and add CC007 for directives that did nothing.
pub fn apply(
    ctx: &Context<'_>,
    diagnostics: Vec<Diagnostic>,
    selection: &Selection,
) -> Vec<Diagnostic> {
    let directives = &ctx.doc.directives;
    if directives.is_empty() {
        return diagnostics;
    }
    // One flag per named rule; a directive naming none has one flag for
    // "every rule".
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len().max(1)])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    'diag: for d in diagnostics {
        for (i, dir) in directives.iter().enumerate() {
            if matches!(dir.kind, DirectiveKind::Enable | DirectiveKind::Unknown)
                || !dir.applies.contains(d.span.start)
            {
                continue;
            }
            if dir.rules.is_empty() {
                used[i][0] = true;
                continue 'diag;
            }
            for (k, (rule, _)) in dir.rules.iter().enumerate() {
                if registry::lookup(rule).is_some_and(|r| r.code == d.code) {
                    used[i][k] = true;
                    continue 'diag;
                }
            }
        }
        kept.push(d);
    }
    if !selection.is_enabled(RULE.code) {
        return kept;
    }
    let text = ctx.text;
    for (i, dir) in directives.iter().enumerate() {
        if dir.kind == DirectiveKind::Unknown {
            let written = text.get(dir.kind_span.range()).unwrap_or("");
            let hint = suggest::closest(written, KINDS.iter().copied()).map_or_else(
                || format!("use one of: {}", KINDS.join(", ")),
                |k| format!("did you mean `{k}`?"),
            );
            kept.push(
                Diagnostic::new(
                    &RULE,
                    dir.kind_span,
                    format!("unknown suppression `{written}`: it suppresses nothing"),
                    "unknown directive",
                )
                .with_help(hint),
            );
            continue;
        }
        if dir.kind == DirectiveKind::Enable {
            continue;
        }
        if dir.rules.is_empty() {
            if !used[i][0] {
                kept.push(
                    Diagnostic::new(
                        &RULE,
                        dir.span,
                        "suppression of every rule suppressed nothing",
                        "nothing to suppress",
                    )
                    .with_help("remove the directive"),
                );
            }
            continue;
        }
        for (k, (rule, span)) in dir.rules.iter().enumerate() {
            let Some(r) = registry::lookup(rule) else {
                let hint = suggest::closest(
                    rule,
                    registry::RULES.iter().flat_map(|r| [r.code, r.name]),
                )
                .map_or_else(
                    || "use a rule code or name from `citecheck rules`".to_string(),
                    |c| format!("did you mean `{c}`? (`citecheck rules` lists them all)"),
                );
                kept.push(
                    Diagnostic::new(
                        &RULE,
                        *span,
                        format!("suppression names an unknown rule `{rule}`"),
                        "unknown rule",
                    )
                    .with_help(hint),
                );
                continue;
            };
            if used[i][k] || !selection.is_enabled(r.code) {
                continue;
            }
            kept.push(
                Diagnostic::new(
                    &RULE,
                    *span,
                    format!("suppression of {} ({}) suppressed nothing", r.code, r.name),
                    "nothing to suppress",
                )
                .with_label(dir.span, "in this directive")
                .with_help("remove the rule from the directive, or the directive itself"),
            );
        }
    }
    kept
}

/// Remove a rule that suppressed nothing from its directive, or the whole
/// directive when it names no other rule (or none at all). A rule name that
/// is unknown may be a typo of a real one: that is left to the writer.
fn fix(ctx: &Context<'_>, d: &Diagnostic) -> Option<Fix> {
    let dir = ctx
        .doc
        .directives
        .iter()
        .find(|dir| dir.span.start <= d.span.start && d.span.end <= dir.span.end)?;
    let whole = || {
        // After prose on its line, the directive and the blanks before it
        // go, the line stays; on a line of its own, the line goes (and the
        // blank lines after it only when it was a block of its own).
        let line_start = ctx.text[..dir.span.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &ctx.text[line_start..dir.span.start];
        let edit = if before.trim_start_matches('\u{feff}').trim().is_empty() {
            super::edits::delete_own_line(ctx.text, dir.span)
        } else {
            let blanks = before.len() - before.trim_end().len();
            crate::model::Edit::delete(Span::new(dir.span.start - blanks, dir.span.end))
        };
        Fix::safe("remove the unused suppression", vec![edit])
    };
    if d.span == dir.span {
        return (dir.rules.is_empty() && dir.kind != DirectiveKind::Enable).then(whole)?;
    }
    let k = dir.rules.iter().position(|(_, span)| *span == d.span)?;
    registry::lookup(&dir.rules[k].0)?;
    if dir.rules.len() == 1 {
        return whole();
    }
    // The name with the separators before it (after it, for the first).
    let span = if k == 0 {
        Span::new(d.span.start, dir.rules[1].1.start)
    } else {
        Span::new(dir.rules[k - 1].1.end, d.span.end)
    };
    Fix::safe(
        format!("remove {} from the suppression", dir.rules[k].0),
        vec![crate::model::Edit::delete(span)],
    )
}
