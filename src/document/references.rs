//! The reference list: finding it (under a heading, or as the trailing run of
//! numbered entries with URLs) and reading each entry's number, title,
//! publisher, date and URL with their own spans.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{atx_heading_level, lines_from, trim_span, FootnoteDef, Layout, Line, RawKind};
use super::{DateField, Field, RefKey, Reference, Span, UrlField};
use crate::calendar;
use crate::source::Format;

/// Where the reference list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<Span>,
    /// From the first entry line to the end of the list.
    pub span: Span,
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*#{0,6}\s*(?:\*\*|__)?\s*(?:references?|sources?|notes?|citations?|bibliography|works\s+cited|footnotes?|reference\s+list)\s*:?\s*(?:\*\*|__)?\s*:?\s*#*\s*$",
    )
    .expect("static regex")
});

static ENTRY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:(?P<num>\d{1,30})[.)](?:[ \t]+|$)|\[(?P<bnum>\d{1,30})\][ \t]*|\((?P<pnum>\d{1,30})\)[ \t]+|\[\^(?P<label>[^\]\s]+)\]:[ \t]*|(?P<bullet>[-*+•·▪◦‣])[ \t]+)",
    )
    .expect("static regex")
});

static MD_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<url>[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)>?(?:\s+"[^"]*")?\s*\)"#)
        .expect("static regex")
});
static ANGLE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*://[^>\s]+)>").expect("static regex")
});
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?|ftp)://[^\s<>"“”‘’]+|\bwww\.[^\s<>"“”‘’]+\.[^\s<>"“”‘’]+"#)
        .expect("static regex")
});
static ACCESS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:retrieved|accessed|archived|viewed|last\s+visited)\b")
        .expect("static regex")
});

/// Whether a line names the reference list ("References", "## Sources:", …).
pub fn is_heading(line: &str) -> bool {
    HEADING.is_match(line)
}

/// Find the reference list: the last reference heading in the text, or else
/// the trailing run of numbered entries that carry URLs.
pub fn find_section(text: &str, layout: &Layout, format: Format) -> Option<Section> {
    for (i, block) in layout.blocks.iter().enumerate().rev() {
        let first_line_end = text[block.span.range()]
            .find('\n')
            .map_or(block.span.end, |n| block.span.start + n);
        let line_span = trim_span(text, Span::new(block.span.start, first_line_end));
        if !is_heading(&text[line_span.range()]) {
            continue;
        }
        let level = match block.kind {
            RawKind::Heading(level) => level,
            RawKind::Text => 0,
        };
        let end = layout.blocks[i + 1..]
            .iter()
            .find(|b| match b.kind {
                RawKind::Heading(l) => level == 0 || l <= level,
                RawKind::Text => false,
            })
            .map_or(text.len(), |b| b.span.start);
        return Some(Section {
            heading: Some(line_span),
            span: Span::new(line_span.end, end.max(line_span.end)),
        });
    }
    trailing_run(text, layout.body_start, format)
}

/// The reference list of an article with no heading above it: the longest
/// trailing run of numbered entries, the first of which carries a URL.
fn trailing_run(text: &str, from: usize, format: Format) -> Option<Section> {
    let lines = lines_from(text, from);
    let mut starts: Vec<usize> = Vec::new();
    let mut pending = false;
    for (i, line) in lines.iter().enumerate().rev() {
        let content = line.text(text);
        // A directive line ends a block like a blank line (see `text_layout`).
        if content.trim().is_empty() || is_directive_line(content, format) {
            if pending {
                break;
            }
            continue;
        }
        if atx_heading_level(content).is_some() {
            break;
        }
        match ENTRY_START.captures(content) {
            Some(caps) if caps.name("bullet").is_none() => {
                starts.push(i);
                pending = false;
            }
            _ => pending = true,
        }
    }
    // Entries top-down; the run begins at the first entry that has a URL.
    starts.reverse();
    let entry_has_url = |k: usize| {
        let first = starts[k];
        let last = starts.get(k + 1).map_or(lines.len(), |&n| n);
        lines[first..last]
            .iter()
            .any(|l| BARE_URL.is_match(l.text(text)) || ANGLE_URL.is_match(l.text(text)))
    };
    let with_url = (0..starts.len()).filter(|&k| entry_has_url(k)).count();
    let first = (0..starts.len()).find(|&k| entry_has_url(k))?;
    if with_url * 2 < starts.len() - first {
        return None;
    }
    let start = lines[starts[first]].start;
    Some(Section {
        heading: None,
        span: Span::new(start, text.len()),
    })
}

struct RawEntry {
    first: Line,
    last: Line,
    key: Option<RefKey>,
    key_span: Option<Span>,
    body_start: usize,
}

/// Read the entries of a reference section.
pub fn parse_entries(text: &str, section: &Section, format: Format) -> Vec<Reference> {
    let cleaned = without_trailing_directives(text, section, format);
    let text = cleaned.as_deref().unwrap_or(text);
    let mut raw: Vec<RawEntry> = Vec::new();
    let mut blank_since_last = true;
    for line in lines_from(text, section.span.start) {
        if line.start >= section.span.end {
            break;
        }
        let content = line.text(text);
        // A suppression directive is not an entry: on a line of its own it
        // ends an entry like a blank line.
        if content.trim().is_empty() || is_directive_line(content, format) {
            blank_since_last = true;
            continue;
        }
        if let Some(caps) = ENTRY_START.captures(content) {
            let Some(whole) = caps.get(0) else { continue };
            let (key, key_span) = entry_key(&caps, line.start);
            raw.push(RawEntry {
                first: line,
                last: line,
                key,
                key_span,
                body_start: line.start + whole.end(),
            });
        } else {
            let indented = content.starts_with([' ', '\t']);
            match raw.last_mut() {
                Some(entry) if !blank_since_last || indented => entry.last = line,
                _ => {
                    let lead = content.len() - content.trim_start().len();
                    raw.push(RawEntry {
                        first: line,
                        last: line,
                        key: None,
                        key_span: None,
                        body_start: line.start + lead,
                    });
                }
            }
        }
        blank_since_last = false;
    }
    let positional = raw.iter().all(|e| e.key.is_none() && e.key_span.is_none());
    raw.into_iter()
        .enumerate()
        .map(|(i, e)| {
            let span = trim_span(text, Span::new(e.first.start, e.last.end));
            let body = Span::new(e.body_start.min(span.end), span.end);
            let mut reference = parse_fields(text, span, body, format);
            if positional {
                reference.key = Some(RefKey::Number(i as u64 + 1));
                reference.positional = true;
            } else {
                reference.key = e.key;
                reference.key_span = e.key_span;
            }
            reference
        })
        .collect()
}

/// The text with each directive that trails an entry's line blanked out,
/// byte for byte, so that every span still holds: the directive is not the
/// entry's text, even when the entry goes on below it. `None` when there is
/// none.
fn without_trailing_directives(text: &str, section: &Section, format: Format) -> Option<String> {
    if format != Format::Text {
        return None;
    }
    let mut out: Option<String> = None;
    for line in lines_from(text, section.span.start) {
        if line.start >= section.span.end {
            break;
        }
        let content = line.text(text);
        if let Some(at) = super::directives::trailing_text_directive(content) {
            let s = out.get_or_insert_with(|| text.to_owned());
            let range = line.start + at..line.end;
            s.replace_range(range.clone(), &" ".repeat(range.len()));
        }
    }
    out
}

/// A line that holds only a suppression directive (an HTML comment, in
/// Markdown).
fn is_directive_line(line: &str, format: Format) -> bool {
    let t = line.trim();
    match format {
        Format::Markdown => t.starts_with("<!--") && t.ends_with("-->") && t.contains("citecheck"),
        _ => super::directives::is_text_directive(line),
    }
}

fn entry_key(caps: &regex::Captures<'_>, line_start: usize) -> (Option<RefKey>, Option<Span>) {
    for name in ["num", "bnum", "pnum"] {
        if let Some(m) = caps.name(name) {
            let span = Span::new(line_start + m.start(), line_start + m.end());
            return (m.as_str().parse().ok().map(RefKey::Number), Some(span));
        }
    }
    if let Some(m) = caps.name("label") {
        let span = Span::new(line_start + m.start(), line_start + m.end());
        let key = match m.as_str().parse::<u64>() {
            Ok(n) => RefKey::Label(n.to_string()),
            Err(_) => RefKey::Label(m.as_str().to_string()),
        };
        return (Some(key), Some(span));
    }
    (None, None)
}

/// A Markdown footnote definition as a reference entry.
pub fn parse_footnote(text: &str, def: &FootnoteDef, format: Format) -> Reference {
    let span = trim_span(text, def.span);
    let mut body_start = def.label_span.end.min(span.end);
    if text[body_start..span.end].starts_with(':') {
        body_start += 1;
    }
    let mut reference = parse_fields(text, span, Span::new(body_start, span.end), format);
    let label_inner = Span::new(
        (def.label_span.start + 2).min(def.label_span.end),
        def.label_span
            .end
            .saturating_sub(1)
            .max(def.label_span.start),
    );
    reference.key = Some(RefKey::Label(def.label.clone()));
    reference.key_span = Some(label_inner);
    reference
}

/// Read title, publisher, date and URL from an entry's body.
pub fn parse_fields(text: &str, span: Span, body: Span, format: Format) -> Reference {
    let b = &text[body.range()];
    let base = body.start;
    let mut consumed: Vec<(usize, usize)> = Vec::new();
    let mut title: Option<Field> = None;
    let mut url: Option<UrlField> = None;

    if let Some(caps) = MD_LINK.captures(b) {
        if let (Some(whole), Some(t), Some(u)) = (caps.get(0), caps.name("text"), caps.name("url"))
        {
            url = Some(url_field(base + u.start(), u.as_str()));
            if !t.as_str().trim().is_empty() && t.as_str().trim() != u.as_str() {
                title = field(text, Span::new(base + t.start(), base + t.end()));
            }
            consumed.push((whole.start(), whole.end()));
        }
    }
    if url.is_none() {
        if let Some(caps) = ANGLE_URL.captures(b) {
            if let (Some(whole), Some(u)) = (caps.get(0), caps.name("url")) {
                url = Some(url_field(base + u.start(), u.as_str()));
                consumed.push((whole.start(), whole.end()));
            }
        }
    }
    if url.is_none() {
        if let Some(m) = BARE_URL.find(b) {
            let raw = trim_url(m.as_str());
            url = Some(url_field(base + m.start(), raw));
            consumed.push((m.start(), m.start() + raw.len()));
        }
    }
    let url_start = url.as_ref().map_or(b.len(), |u| u.span.start - base);

    if title.is_none() {
        if let Some((outer, inner)) = quoted(b, url_start) {
            title = field(text, Span::new(base + inner.0, base + inner.1));
            consumed.push(outer);
        }
    }
    let rest_pieces = |consumed: &[(usize, usize)]| pieces(b, consumed);

    if title.is_none() {
        // The leading segment, unless it is a date or there is nothing but the URL.
        if let Some(&(s, e)) = rest_pieces(&consumed).first() {
            let seg = leading_segment(&b[s..e]);
            let seg_trimmed = trim_punct(seg);
            let lead = offset_in(seg, seg_trimmed);
            let looks_like_date = calendar::find_dates(seg_trimmed)
                .iter()
                .any(|d| d.end - d.start + 2 >= seg_trimmed.len());
            if s < url_start
                && seg_trimmed.chars().any(char::is_alphabetic)
                && !looks_like_date
                && !ACCESS_WORD.is_match(seg_trimmed)
            {
                let start = s + lead;
                title = field(
                    text,
                    Span::new(base + start, base + start + seg_trimmed.len()),
                );
                consumed.push((s, s + seg.len()));
            }
        }
    }

    let mut found_dates: Vec<DateField> = Vec::new();
    for (s, e) in rest_pieces(&consumed) {
        let piece = &b[s..e];
        for d in calendar::find_dates(piece) {
            let before = &piece[..d.start];
            let access = ACCESS_WORD.find_iter(before).last().is_some_and(|m| {
                !before[m.end()..].contains([',', ';', '.']) || d.start - m.end() < 4
            });
            found_dates.push(DateField {
                span: Span::new(base + s + d.start, base + s + d.end),
                text: piece[d.start..d.end].to_string(),
                value: d.value,
                access,
            });
        }
    }
    for d in &found_dates {
        consumed.push((d.span.start - base, d.span.end - base));
    }
    let date_index = found_dates
        .iter()
        .position(|d| !d.access)
        .or(if found_dates.is_empty() {
            None
        } else {
            Some(0)
        });
    let date = date_index.map(|i| found_dates.remove(i));

    // The publisher is the first named segment after the title: in every
    // common style (APA, MLA, Chicago, Wikipedia's templates) what comes
    // before a title is its authors (`Maria Lopez. “Title.” The Wall Street
    // Journal, …`), so that text is never taken for the publisher. An
    // entry without a title keeps its first named segment.
    let after_title = title.as_ref().map_or(0, |t| t.span.end - base);
    let mut publisher = None;
    'pieces: for (s, e) in rest_pieces(&consumed) {
        for (ss, se) in segments(&b[s..e]) {
            if s + ss < after_title {
                continue;
            }
            let seg = &b[s + ss..s + se];
            let trimmed = trim_punct(seg);
            if trimmed.chars().filter(|c| c.is_alphabetic()).count() < 2
                || ACCESS_WORD.is_match(trimmed)
            {
                continue;
            }
            let lead = offset_in(seg, trimmed);
            let start = base + s + ss + lead;
            publisher = field(text, Span::new(start, start + trimmed.len()));
            break 'pieces;
        }
    }
    let bare_url = url.is_some()
        && title.is_none()
        && publisher.is_none()
        && date.is_none()
        && rest_pieces(&consumed)
            .iter()
            .all(|&(s, e)| trim_punct(&b[s..e]).is_empty());
    let _ = format;
    Reference {
        span,
        key: None,
        key_span: None,
        positional: false,
        title,
        publisher,
        date,
        other_dates: found_dates,
        url,
        bare_url,
    }
}

fn field(text: &str, span: Span) -> Option<Field> {
    let span = trim_span(text, span);
    if span.is_empty() {
        return None;
    }
    Some(Field {
        span,
        text: text[span.range()].to_string(),
    })
}

fn url_field(start: usize, raw: &str) -> UrlField {
    let parsed = if raw.to_ascii_lowercase().starts_with("www.") {
        Err("the URL has no scheme; write it as https://…".to_string())
    } else {
        url::Url::parse(raw)
            .map_err(|e| e.to_string())
            .and_then(|u| {
                if matches!(u.scheme(), "http" | "https" | "ftp")
                    && u.host_str().is_none_or(str::is_empty)
                {
                    Err("the URL has no host".to_string())
                } else {
                    Ok(u)
                }
            })
    };
    UrlField {
        span: Span::new(start, start + raw.len()),
        text: raw.to_string(),
        parsed,
    }
}

/// Drop punctuation that ends the sentence around a URL, keeping balanced
/// parentheses (Wikipedia URLs have them).
fn trim_url(mut s: &str) -> &str {
    loop {
        let Some(last) = s.chars().next_back() else {
            return s;
        };
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ']' | '}' | '>' | '*' | '_' => true,
            ')' => s.matches('(').count() < s.matches(')').count(),
            _ => false,
        };
        if !drop {
            return s;
        }
        s = &s[..s.len() - last.len_utf8()];
    }
}

/// The first quoted stretch before `limit`: ((outer start, end), (inner start, end)).
fn quoted(b: &str, limit: usize) -> Option<((usize, usize), (usize, usize))> {
    let (open_at, open) = b[..limit.min(b.len())]
        .char_indices()
        .find(|&(_, c)| matches!(c, '“' | '"' | '«' | '„' | '‘' | '「' | '『'))?;
    let closers: &[char] = match open {
        '“' => &['”', '"'],
        '"' => &['"', '”'],
        '«' => &['»'],
        '„' => &['“', '”'],
        '‘' => &['’'],
        '「' => &['」'],
        _ => &['』'],
    };
    let inner_start = open_at + open.len_utf8();
    let rest = &b[inner_start..];
    let mut close = None;
    for (i, c) in rest.char_indices() {
        if closers.contains(&c) {
            let next = rest[i + c.len_utf8()..].chars().next();
            // ’ is also an apostrophe: "Blinken’s".
            if c == '’' && next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            close = Some((i, c));
            break;
        }
    }
    let (i, c) = close?;
    let inner_end = inner_start + i;
    let inner = &b[inner_start..inner_end];
    let trimmed = inner.trim_end_matches([',', '.', ';', ' ']);
    if trimmed.trim().is_empty() {
        return None;
    }
    Some((
        (open_at, inner_end + c.len_utf8()),
        (inner_start, inner_start + trimmed.len()),
    ))
}

/// The parts of `b` not covered by `consumed`.
fn pieces(b: &str, consumed: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = consumed.to_vec();
    sorted.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in sorted {
        if s > at {
            out.push((at, s));
        }
        at = at.max(e);
    }
    if at < b.len() {
        out.push((at, b.len()));
    }
    out.into_iter()
        .filter(|&(s, e)| {
            b.is_char_boundary(s) && b.is_char_boundary(e) && !b[s..e].trim().is_empty()
        })
        .collect()
}

/// The text up to the first separator: ". ", " — ", " | ", or else ", ".
fn leading_segment(s: &str) -> &str {
    let strong = [". ", " — ", " – ", " | ", " - "];
    let mut best: Option<usize> = None;
    for sep in strong {
        let mut from = 0;
        while let Some(i) = s[from..].find(sep) {
            let at = from + i;
            // "J. Smith": a period after an initial is not a separator.
            let initial = sep == ". "
                && s[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count()
                    <= 1;
            if !initial {
                best = Some(best.map_or(at, |b: usize| b.min(at)));
                break;
            }
            from = at + sep.len();
        }
    }
    if best.is_none() {
        best = s.find(", ");
    }
    match best {
        Some(at) => &s[..at],
        None => s,
    }
}

/// Split on field separators, returning byte ranges.
fn segments(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next_is_space = iter.peek().is_none_or(|&(_, n)| n.is_whitespace());
        let is_sep = matches!(c, ',' | ';' | '|' | '—' | '–' | '·' | '(' | ')')
            || (c == '.' && next_is_space);
        if is_sep {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// Byte offset of `part`, a subslice of `whole`, within it.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '-'
                    | '–'
                    | '—'
                    | '|'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '"'
                    | '“'
                    | '”'
                    | '\''
                    | '*'
                    | '_'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::blocks::text_layout;

    fn entries(text: &str) -> Vec<Reference> {
        let layout = text_layout(text);
        let section = find_section(text, &layout, Format::Text).expect("a reference section");
        parse_entries(text, &section, Format::Text)
    }

    fn f(text: &str, field: &Option<Field>) -> Option<String> {
        field.as_ref().map(|f| {
            assert_eq!(&text[f.span.range()], f.text);
            f.text.clone()
        })
    }

    #[test]
    fn seed_style_entry() {
        let text = "Body.[0]\n\n0. “Blinken’s trip – Dept” Department of State, 14 Jun. 2023, https://www.state.gov/trip/\n\n1. “Two” CNN, June 18, 2023, https://cnn.com/x.";
        let refs = entries(text);
        assert_eq!(refs.len(), 2);
        let r = &refs[0];
        assert_eq!(r.key, Some(RefKey::Number(0)));
        assert_eq!(f(text, &r.title).as_deref(), Some("Blinken’s trip – Dept"));
        assert_eq!(
            f(text, &r.publisher).as_deref(),
            Some("Department of State")
        );
        let date = r.date.as_ref().unwrap();
        assert_eq!(&text[date.span.range()], "14 Jun. 2023");
        assert_eq!(date.value.unwrap().to_string(), "2023-06-14");
        let url = r.url.as_ref().unwrap();
        assert_eq!(&text[url.span.range()], "https://www.state.gov/trip/");
        assert!(url.parsed.is_ok());
        assert_eq!(
            &text[refs[1].url.as_ref().unwrap().span.range()],
            "https://cnn.com/x"
        );
        assert_eq!(refs[1].date.as_ref().unwrap().text, "June 18, 2023");
    }

    #[test]
    fn heading_forms() {
        for h in [
            "References",
            "## Sources:",
            "WORKS CITED",
            "# Notes",
            "Bibliography:",
            "**References**",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for h in ["References are below.", "Sources said", "# Background"] {
            assert!(!is_heading(h), "{h}");
        }
    }

    #[test]
    fn numbering_styles_and_wrapping() {
        let text = "Body [1].\n\nSources:\n[1] Title one, Pub, 2020,\n    https://a.example/x\n2) Title two. Pub Two, Jun 2021. https://b.example/y\n(3) https://c.example/z\n- Bullet entry https://d.example";
        let refs = entries(text);
        let keys: Vec<_> = refs.iter().map(|r| r.key.clone()).collect();
        assert_eq!(
            keys,
            vec![
                Some(RefKey::Number(1)),
                Some(RefKey::Number(2)),
                Some(RefKey::Number(3)),
                None
            ]
        );
        assert_eq!(refs[0].url.as_ref().unwrap().text, "https://a.example/x");
        assert_eq!(f(text, &refs[0].title).as_deref(), Some("Title one"));
        assert_eq!(f(text, &refs[1].title).as_deref(), Some("Title two"));
        assert_eq!(f(text, &refs[1].publisher).as_deref(), Some("Pub Two"));
        assert!(refs[2].bare_url);
    }

    #[test]
    fn trailing_run_without_heading() {
        let text = "Intro.\n\n1. A numbered body point without a link.\n\nMore body.[1]\n\n1. “T” P, 2020, https://x.example\n2. “U” Q, 2021, https://y.example";
        let layout = text_layout(text);
        let section = find_section(text, &layout, Format::Text).unwrap();
        assert!(section.heading.is_none());
        assert!(text[section.span.range()].starts_with("1. “T”"));
    }

    #[test]
    fn access_dates_and_bad_urls() {
        let text = "References\n1. Title. Publisher. Retrieved 3 May 2024. www.example.com/page\n2. Other. 31 Jun. 2023. https://ok.example";
        let refs = entries(text);
        let d = refs[0].date.as_ref().unwrap();
        assert!(d.access);
        assert!(refs[0].url.as_ref().unwrap().parsed.is_err());
        assert_eq!(refs[1].date.as_ref().unwrap().value, None);
    }

    #[test]
    fn authors_before_the_title_are_not_the_publisher() {
        let text = "References\n[1] Maria Lopez. \"Commission approves Harbor's expansion.\" The Wall Street Journal, May 2, 2024. https://www.wsj.com/x\n[2] Zoë Çelik, Ana Núñez. “Título del artículo” El País, 3 mayo 2024, https://elpais.com/y\n[3] Jane Doe. “Only authors and a title.” https://example.com/z";
        let refs = entries(text);
        assert_eq!(
            f(text, &refs[0].publisher).as_deref(),
            Some("The Wall Street Journal")
        );
        assert_eq!(f(text, &refs[1].publisher).as_deref(), Some("El País"));
        assert_eq!(f(text, &refs[2].publisher), None);
        assert_eq!(
            f(text, &refs[2].title).as_deref(),
            Some("Only authors and a title")
        );
    }

    #[test]
    fn markdown_link_entries() {
        let text = "## References\n1. [Blinken lands](https://cnn.com/a_(b)) — CNN, 18 June 2023";
        let layout = text_layout(text);
        let section = find_section(text, &layout, Format::Markdown).unwrap();
        let refs = parse_entries(text, &section, Format::Markdown);
        assert_eq!(f(text, &refs[0].title).as_deref(), Some("Blinken lands"));
        assert_eq!(refs[0].url.as_ref().unwrap().text, "https://cnn.com/a_(b)");
        assert_eq!(f(text, &refs[0].publisher).as_deref(), Some("CNN"));
        assert_eq!(refs[0].date.as_ref().unwrap().text, "18 June 2023");
    }

    #[test]
    fn directives_are_not_entries() {
        let text = "Body.[1][2]\n\nReferences\n1. “One” CNN, 2023, https://cnn.com/a citecheck: ignore CC304\ncitecheck: disable-next-line CC004\n2. “Two” BBC, 2023\ncitecheck: ignore CC101\n";
        let refs = entries(text);
        assert_eq!(refs.len(), 2);
        assert_eq!(
            &text[refs[0].span.range()],
            "1. “One” CNN, 2023, https://cnn.com/a"
        );
        assert_eq!(&text[refs[1].span.range()], "2. “Two” BBC, 2023");
        let md = "Body.[1]\n\n## References\n1. [One](https://cnn.com/a) CNN\n<!-- citecheck-disable-next-line CC004 -->\n";
        let layout = text_layout(md);
        let section = find_section(md, &layout, Format::Markdown).unwrap();
        assert_eq!(parse_entries(md, &section, Format::Markdown).len(), 1);
    }
}
