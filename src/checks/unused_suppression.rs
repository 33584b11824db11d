//! Inline suppressions applied to a file's findings, and CC007
//! unused-suppression for each directive that suppressed nothing.

use crate::model::{Fix, Span};
use super::rule::{Check, Rule};
use super::{registry, selection::Selection, Context};
use crate::document::directives::DirectiveKind;
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};

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
or that names no rule or an unknown one.

In Markdown, as HTML comments:
```markdown
<!-- citecheck-disable-next-line CC101 -->
<!-- citecheck-disable CC201 duplicate-sentence -->  …  <!-- citecheck-enable CC201 duplicate-sentence -->
<!-- citecheck-disable-file CC103 -->
```
In plain text, on a line of its own (such a line is not part of the text):
```text
citecheck: disable-next-line CC101
citecheck: ignore CC101            (the same as disable-next-line)
citecheck: disable CC201 / citecheck: enable CC201
citecheck: disable-file CC103
```
Rules are named by code or name; naming none is an error. An
`enable` without rules ends every open `disable`. `disable-next-line`
covers the next non-blank line (the whole paragraph, when the paragraph is
one line).

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
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len()])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    'diag: for d in diagnostics {
        for (i, dir) in directives.iter().enumerate() {
            if dir.kind == DirectiveKind::Enable || !dir.applies.contains(d.span.start) {
                continue;
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
    for (i, dir) in directives.iter().enumerate() {
        if dir.rules.is_empty() {
            kept.push(
                Diagnostic::new(
                    &RULE,
                    dir.span,
                    "suppression names no rule",
                    "no rule named",
                )
                .with_help("name the rules to suppress, e.g. CC101 or uncited-claim"),
            );
            continue;
        }
        for (k, (rule, span)) in dir.rules.iter().enumerate() {
            let Some(r) = registry::lookup(rule) else {
                kept.push(
                    Diagnostic::new(
                        &RULE,
                        *span,
                        format!("suppression names an unknown rule `{rule}`"),
                        "unknown rule",
                    )
                    .with_help("use a rule code or name from `citecheck rules`"),
                );
                continue;
            };
            if dir.kind == DirectiveKind::Enable || used[i][k] || !selection.is_enabled(r.code) {
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
        Fix::safe(
            "remove the unused suppression",
            vec![super::edits::delete_block(ctx.text, dir.span)],
        )
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
