//! CC005 reference-numbering: gaps, repeats and disorder in the list's
//! numbers, and markers counting from 1 against a list counting from 0 (or
//! the reverse).

use crate::model::Fix;
use super::rule::{Check, Rule};
use crate::model::{Diagnostic, Needs, RuleMeta, Severity};
use std::collections::HashMap;

use super::Context;
use crate::document::{MarkerContent, RefKey, Reference, Span};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "CC005",
        name: "reference-numbering",
        severity: Severity::Warning,
        needs: Needs::Text,
        summary: "numbering with gaps, repeats or disorder; mixed 0- and 1-based",
        explanation: EXPLANATION,
    },
    check: Check::Document(check),
    fix: Some(fix),
};

pub const EXPLANATION: &str = r#"
## What it does
Reads the numbers of the reference list in order and reports:
- a gap (`4` followed by `6`: reference 5 is missing),
- a repeat (two entries numbered `3`),
- disorder (`7` followed by `5`),
- a list that starts at neither 0 nor 1,
- an entry without a number in a numbered list, or a number too long to read,
- an off-by-one between list and markers: the list counts from 0 but no
  marker cites `[0]` and a marker cites one past the last entry (or the
  list counts from 1, a marker cites `[0]` and none cites the last entry).

A list numbered consistently from 0, like `0.` … `7.`, is fine.

## Why it matters
Readers find sources by number. A gap usually means an entry was dropped
(and its markers now point nowhere); a repeat makes `[3]` ambiguous; an
off-by-one shifts every citation to the wrong source.

## Example
```text
4. “…” Reuters, 2023, https://…
6. “…” BBC, 2023, https://…
```

## Use instead
Number the list consecutively and make every marker match its entry.
"#;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let refs = &ctx.doc.references;
    let mut out = Vec::new();
    if refs.iter().any(|r| r.positional) {
        return out;
    }
    let numbered: Vec<(u64, &Reference)> = refs
        .iter()
        .filter_map(|r| match r.key {
            Some(RefKey::Number(n)) => Some((n, r)),
            _ => None,
        })
        .collect();
    if numbered.is_empty() {
        return out;
    }
    for r in refs {
        if r.key.is_some() {
            continue;
        }
        let (span, message, help) = match r.key_span {
            Some(span) => (
                span,
                "reference number cannot be read".to_string(),
                "use a plain number such as 12.",
            ),
            None => (
                r.span,
                "reference entry has no number in a numbered list".to_string(),
                "number the entry, or join it to the entry above if it continues it",
            ),
        };
        out.push(Diagnostic::new(&RULE, span, message, "here").with_help(help));
    }

    let min = numbered.iter().map(|&(n, _)| n).min().unwrap_or(0);
    if min > 1 {
        let first_ref = numbered
            .iter()
            .find(|&&(n, _)| n == min)
            .map_or(numbered[0].1, |&(_, r)| r);
        out.push(
            Diagnostic::new(
                &RULE,
                key_span(first_ref),
                format!("reference numbering starts at {min}"),
                "lowest number",
            )
            .with_help("number the list from 1 (or from 0, consistently with the markers)")
            .with_reference(first_ref.key.clone()),
        );
    }
    // Repeats.
    let mut seen: HashMap<u64, &Reference> = HashMap::new();
    for &(n, r) in &numbered {
        if let Some(first) = seen.get(&n) {
            out.push(
                Diagnostic::new(&RULE, key_span(r), format!("reference number {n} is used twice"), "repeated number")
                    .with_label(key_span(first), format!("{n} first used here"))
                    .with_help(format!("renumber one of the two entries numbered {n}; markers [{n}] resolve to the first"))
                    .with_reference(r.key.clone()),
            );
        } else {
            seen.insert(n, r);
        }
    }
    // Gaps, in the set of numbers whatever their order.
    let mut sorted: Vec<(u64, &Reference)> = seen.iter().map(|(&n, &r)| (n, r)).collect();
    sorted.sort_by_key(|&(n, _)| n);
    for pair in sorted.windows(2) {
        let ((p, _), (n, r)) = (pair[0], pair[1]);
        if n > p + 1 {
            let missing = if n == p + 2 {
                format!("reference {} is missing", p + 1)
            } else {
                format!("references {}–{} are missing", p + 1, n - 1)
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    key_span(r),
                    format!("reference numbering skips from {p} to {n}: {missing}"),
                    "gap before this number",
                )
                .with_help("restore the missing entries, or renumber the list and its markers")
                .with_reference(r.key.clone()),
            );
        }
    }
    // Disorder: the entries outside the longest increasing run, grouped.
    let sequence: Vec<u64> = numbered.iter().map(|&(n, _)| n).collect();
    let in_order = longest_increasing(&sequence);
    let mut i = 0;
    while i < numbered.len() {
        if in_order[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < numbered.len() && !in_order[i] {
            i += 1;
        }
        let group = &numbered[start..i];
        let first = group[0].1;
        let last = group[group.len() - 1].1;
        let span = Span::new(key_span(first).start, key_span(last).end);
        let names: Vec<String> = group.iter().map(|&(n, _)| n.to_string()).collect();
        let message = if group.len() == 1 {
            format!("reference {} is out of numerical order", names[0])
        } else {
            let shown = if names.len() > 8 {
                format!("{}, … ({} in all)", names[..8].join(", "), names.len())
            } else {
                names.join(", ")
            };
            format!("references {shown} are out of numerical order")
        };
        let mut d = Diagnostic::new(&RULE, span, message, "out of order")
            .with_help("put the list in numerical order")
            .with_reference(first.key.clone());
        if let Some(&(p, prev)) = start.checked_sub(1).and_then(|k| numbered.get(k)) {
            d = d.with_label(key_span(prev), format!("after {p}"));
        }
        out.push(d);
    }
    out.extend(off_by_one(ctx, &numbered));
    out
}

/// Marks the entries of one longest strictly increasing subsequence.
fn longest_increasing(seq: &[u64]) -> Vec<bool> {
    // tails[k]: index of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < x);
        parent[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = parent[i];
    }
    keep
}

fn key_span(r: &Reference) -> Span {
    r.key_span.unwrap_or(r.span)
}

/// Markers that count from a different base than the list.
fn off_by_one(ctx: &Context<'_>, numbered: &[(u64, &Reference)]) -> Option<Diagnostic> {
    let min = numbered.iter().map(|&(n, _)| n).min()?;
    let max = numbered.iter().map(|&(n, _)| n).max()?;
    let mut cited_min = false;
    let mut cited_max = false;
    let mut first_zero: Option<Span> = None;
    let mut first_past: Option<Span> = None;
    for marker in &ctx.doc.markers {
        let MarkerContent::Numbers(items) = &marker.content else {
            continue;
        };
        for item in items {
            for n in item.numbers() {
                cited_min |= n == min;
                cited_max |= n == max;
                if n == 0 && first_zero.is_none() {
                    first_zero = Some(marker.span);
                }
                if n == max + 1 && first_past.is_none() {
                    first_past = Some(marker.span);
                }
            }
        }
    }
    let first = numbered.first()?.1;
    if min == 0 && !cited_min {
        let past = first_past?;
        return Some(
            Diagnostic::new(
                &RULE,
                key_span(first),
                format!("the list counts from 0 but the markers count from 1: no marker cites [0] and a marker cites [{}]", max + 1),
                "list starts at 0",
            )
            .with_label(past, format!("no reference {}", max + 1))
            .with_help("number the list from 1, or shift every marker down by one"),
        );
    }
    if min == 1 && first_zero.is_some() && !cited_max {
        let zero = first_zero?;
        return Some(
            Diagnostic::new(
                &RULE,
                key_span(first),
                format!("the list counts from 1 but the markers count from 0: a marker cites [0] and none cites [{max}]"),
                "list starts at 1",
            )
            .with_label(zero, "no reference 0")
            .with_help("number the list from 0, or shift every marker up by one"),
        );
    }
    None
}

/// Number the list in its own order (from 0 or 1, as it counts) and every
/// marker with it, so each marker still cites the entry it cited. None when
/// a marker cites a number the list lacks, a number is repeated (which
/// entry did `[4]` mean?), or the list is partly unnumbered.
fn fix(ctx: &Context<'_>, _d: &Diagnostic) -> Option<Fix> {
    Fix::safe(
        "renumber the references in list order, and every marker with them",
        super::edits::renumber(ctx, &[], &[])?,
    )
    .map(Fix::isolated)
}
