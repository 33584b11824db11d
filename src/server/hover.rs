//! Hover and go-to-definition: a citation marker shows the references it
//! names (title, publisher, date, URL, the link's last known state) and
//! leads to them; a reference shows the sentences that cite it.

use lsp_types::{Hover, HoverContents, Location, MarkupContent, MarkupKind};

use super::documents::{Checked, Doc};
use crate::document::{keys_match, Marker, MarkerContent, Reference};
use crate::model::{RefKey, Span};
use crate::net::{Links, Outcome};

/// More keys than this in one marker (`[1–400]`) are not listed one by one.
const MAX_KEYS: usize = 12;

/// The marker at `offset`, and the keys it names there: the number or
/// range under the cursor when it is on one, else all of them.
fn marker_at(checked: &Checked, offset: usize) -> Option<(&Marker, Vec<RefKey>)> {
    let marker = checked
        .doc
        .markers
        .iter()
        .find(|m| m.span.contains(offset))?;
    let keys = match &marker.content {
        MarkerContent::Numbers(items) => {
            let under: Vec<_> = items.iter().filter(|i| i.span.contains(offset)).collect();
            let chosen = if under.is_empty() {
                items.iter().collect()
            } else {
                under
            };
            chosen
                .into_iter()
                .flat_map(|i| i.numbers())
                .take(MAX_KEYS + 1)
                .map(RefKey::Number)
                .collect()
        }
        MarkerContent::Footnote { label, .. } => vec![RefKey::Label(label.clone())],
        MarkerContent::Malformed(_) => Vec::new(),
    };
    Some((marker, keys))
}

pub fn hover(doc: &Doc, checked: &Checked, offset: usize) -> Option<Hover> {
    let (value, span) = if let Some((marker, keys)) = marker_at(checked, offset) {
        (marker_text(doc, checked, &keys), marker.span)
    } else {
        let r = checked
            .doc
            .references
            .iter()
            .find(|r| r.span.contains(offset))?;
        (citing_text(doc, checked, r), r.span)
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(doc.lines.range(&doc.text, span)),
    })
}

/// Where the reference a marker names is (the first, for several).
pub fn definition(doc: &Doc, checked: &Checked, offset: usize) -> Option<Location> {
    let (_, keys) = marker_at(checked, offset)?;
    let r = keys.iter().find_map(|k| checked.doc.reference(k))?;
    Some(Location::new(
        doc.uri.clone(),
        doc.lines.range(&doc.text, r.key_span.unwrap_or(r.span)),
    ))
}

fn marker_text(doc: &Doc, checked: &Checked, keys: &[RefKey]) -> String {
    if keys.is_empty() {
        return "This citation cannot be read (see its finding).".to_string();
    }
    let mut parts = Vec::new();
    for key in keys.iter().take(MAX_KEYS) {
        parts.push(match checked.doc.reference(key) {
            Some(r) => reference_text(doc, key, r),
            None => format!("**[{key}]** — no reference {key} in the list"),
        });
    }
    if keys.len() > MAX_KEYS {
        parts.push(format!("… and more (only the first {MAX_KEYS} shown)"));
    }
    parts.join("\n\n---\n\n")
}

/// A field's text, when it says something.
fn field(f: Option<&str>) -> Option<&str> {
    f.map(str::trim).filter(|s| !s.is_empty())
}

fn reference_text(doc: &Doc, key: &RefKey, r: &Reference) -> String {
    let mut out = format!("**[{key}]**");
    if let Some(t) = field(r.title.as_ref().map(|f| f.text.as_str())) {
        out.push_str(&format!(" “{t}”"));
    }
    let meta: Vec<&str> = [
        field(r.publisher.as_ref().map(|f| f.text.as_str())),
        field(r.date.as_ref().map(|d| d.text.as_str())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !meta.is_empty() {
        out.push_str(&format!("  \n{}", meta.join(", ")));
    }
    if let Some(u) = &r.url {
        out.push_str(&format!("  \n<{}>", u.text));
        if let Some(state) = link_state(doc.links.as_deref(), r) {
            out.push_str(&format!("  \nLink: {state}"));
        }
    }
    out
}

/// What the link stage last said about a reference's URL.
fn link_state(links: Option<&Links>, r: &Reference) -> Option<String> {
    let url = r.url.as_ref()?.parsed.as_ref().ok()?;
    let facts = links?.get(url)?;
    let moved =
        (!facts.redirects.is_empty()).then(|| format!(", redirects to {}", facts.final_url()));
    Some(match &facts.outcome {
        Outcome::Alive { status } => format!("alive (HTTP {status}){}", moved.unwrap_or_default()),
        Outcome::Dead(d) => format!("dead ({})", serde_json::to_string(d).unwrap_or_default()),
        Outcome::Unverified(u) => {
            format!(
                "not verified ({})",
                serde_json::to_string(u).unwrap_or_default()
            )
        }
    })
}

/// The sentences whose markers name this reference.
fn citing_text(doc: &Doc, checked: &Checked, r: &Reference) -> String {
    let Some(key) = &r.key else {
        return "This entry has no number, so no marker can cite it.".to_string();
    };
    let d = &checked.doc;
    let mut sentences: Vec<usize> = d
        .markers
        .iter()
        .filter(|m| names(m, key))
        .map(|m| m.sentence)
        .collect();
    sentences.dedup();
    if sentences.is_empty() {
        return format!("**[{key}]** is cited by no sentence.");
    }
    let mut out = format!(
        "**[{key}]** is cited by {} sentence{}:",
        sentences.len(),
        if sentences.len() == 1 { "" } else { "s" }
    );
    for &i in sentences.iter().take(MAX_KEYS) {
        let Some(s) = d.sentences.get(i) else {
            continue;
        };
        let line = doc.lines.position(&doc.text, s.span.start).line + 1;
        out.push_str(&format!("\n- line {line}: {}", excerpt(&doc.text, s.span)));
    }
    if sentences.len() > MAX_KEYS {
        out.push_str(&format!("\n- … and {} more", sentences.len() - MAX_KEYS));
    }
    out
}

fn names(m: &Marker, key: &RefKey) -> bool {
    match &m.content {
        MarkerContent::Numbers(items) => items.iter().any(|i| {
            matches!(key, RefKey::Number(n) if (i.first..=i.last).contains(n))
                || items_match_label(i.first, i.last, key)
        }),
        MarkerContent::Footnote { label, .. } => keys_match(&RefKey::Label(label.clone()), key),
        MarkerContent::Malformed(_) => false,
    }
}

/// `[1]` cites a footnote labelled `1` too.
fn items_match_label(first: u64, last: u64, key: &RefKey) -> bool {
    match key {
        RefKey::Label(l) => l.parse::<u64>().is_ok_and(|n| (first..=last).contains(&n)),
        RefKey::Number(_) => false,
    }
}

fn excerpt(text: &str, span: Span) -> String {
    let s = text.get(span.range()).unwrap_or_default().trim();
    let mut out: String = s.chars().take(100).collect();
    if s.chars().count() > 100 {
        out.push('…');
    }
    out
}
