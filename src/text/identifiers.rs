//! Identifiers of published works in a reference — DOI, ISBN-10/13, ISSN,
//! arXiv, PMID, PMCID — found with their byte spans and checked for whether
//! they can exist at all: syntax, length, check digit (CC305). Hand-written:
//! the checks are a few lines each, and the crates that exist validate one
//! kind each and give no spans or reasons.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// What kind of identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Doi,
    Isbn,
    Issn,
    Arxiv,
    Pmid,
    Pmcid,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Doi => "DOI",
            Kind::Isbn => "ISBN",
            Kind::Issn => "ISSN",
            Kind::Arxiv => "arXiv identifier",
            Kind::Pmid => "PMID",
            Kind::Pmcid => "PMCID",
        }
    }
}

/// One identifier: where it is written, what it is, and what is wrong with
/// it, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// Byte range of the identifier itself (not its label).
    pub span: Range<usize>,
    /// The identifier as written (trailing punctuation dropped).
    pub value: String,
    /// Why it cannot be valid; `None` when it is well formed.
    pub problem: Option<String>,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in regex: {e}")))
}

/// A label and the token after it. The token stops at whitespace; ISBNs
/// may be written in space-separated groups, which [`isbn_token`] joins.
fn labels() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    regex(
        &R,
        r"(?i)(?:\b(?:https?://)?(?:dx\.|www\.)?(doi)\.org/|\b(doi|isbn(?:-?1[03])?|e-?issn|issn|arxiv|pmcid|pmid)\b[ \t]*[:=#]?[ \t]*)",
    )
}

/// Bare DOIs in a reference's text (`10.1038/nphys1170`), with no label.
fn bare_doi() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    regex(&R, r"\b10\.[0-9]{4,9}(?:\.[0-9]+)*/")
}

/// Every identifier in a reference's text (its URL blanked out by the
/// caller, so an identifier in the URL is not read twice).
pub fn find(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for caps in labels().captures_iter(text) {
        let Some(all) = caps.get(0) else { continue };
        let label = caps
            .get(1)
            .or_else(|| caps.get(2))
            .map(|m| m.as_str().to_ascii_lowercase())
            .unwrap_or_default();
        let start = all.end();
        let kind = match label.as_str() {
            "doi" => Kind::Doi,
            "arxiv" => Kind::Arxiv,
            "pmid" => Kind::Pmid,
            "pmcid" => Kind::Pmcid,
            l if l.contains("issn") => Kind::Issn,
            _ => Kind::Isbn,
        };
        let token = if kind == Kind::Isbn {
            isbn_token(text, start)
        } else {
            token(text, start)
        };
        if token.is_empty() || !token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let span = start..start + token.len();
        if out
            .iter()
            .any(|f| f.span.start < span.end && span.start < f.span.end)
        {
            continue;
        }
        out.push(check(kind, token, span));
    }
    for m in bare_doi().find_iter(text) {
        if out
            .iter()
            .any(|f| f.span.start <= m.start() && m.start() < f.span.end.max(f.span.start + 1))
        {
            continue;
        }
        let t = token(text, m.start());
        let span = m.start()..m.start() + t.len();
        out.push(check(Kind::Doi, t, span));
    }
    out.sort_by_key(|f| f.span.start);
    out
}

/// The identifiers a URL names by its form: a DOI on a DOI resolver, an
/// arXiv abstract or PDF, a PubMed or PubMed Central page, an ISBN in an
/// `isbn=` query or an `/isbn/` path.
pub fn find_in_url(url: &str) -> Vec<Found> {
    let Some(parts) = super::urls::split(url) else {
        return Vec::new();
    };
    let host = url[parts.host.clone()].to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = &url[parts.path.clone()];
    let at = |prefix: &str| -> Option<(usize, &str)> {
        let lower = path.to_ascii_lowercase();
        lower
            .starts_with(prefix)
            .then(|| (parts.path.start + prefix.len(), &path[prefix.len()..]))
    };
    let mut out = Vec::new();
    let mut push = |kind: Kind, start: usize, raw: &str| {
        let t = trim_token(raw);
        if !t.is_empty() {
            out.push(check(kind, t, start..start + t.len()));
        }
    };
    match host {
        "doi.org" | "dx.doi.org" => {
            if let Some((start, rest)) = at("/") {
                match rest.strip_prefix("doi:") {
                    Some(r) => push(Kind::Doi, start + 4, r),
                    None => push(Kind::Doi, start, rest),
                }
            }
        }
        "arxiv.org" => {
            for prefix in ["/abs/", "/pdf/"] {
                if let Some((start, rest)) = at(prefix) {
                    let id = rest.strip_suffix(".pdf").unwrap_or(rest);
                    push(Kind::Arxiv, start, id);
                }
            }
        }
        "pubmed.ncbi.nlm.nih.gov" => {
            if let Some((start, rest)) = at("/") {
                push(Kind::Pmid, start, rest.trim_end_matches('/'));
            }
        }
        "ncbi.nlm.nih.gov" | "pmc.ncbi.nlm.nih.gov" => {
            if let Some((start, rest)) = at("/pubmed/") {
                push(Kind::Pmid, start, rest.trim_end_matches('/'));
            }
            for prefix in ["/pmc/articles/", "/articles/"] {
                if let Some((start, rest)) = at(prefix) {
                    let id = rest.split('/').next().unwrap_or("");
                    push(Kind::Pmcid, start, id);
                }
            }
        }
        _ => {}
    }
    if let Some(q) = parts.query.clone() {
        let mut offset = q.start;
        for pair in url[q.clone()].split('&') {
            if let Some(v) = pair
                .strip_prefix("isbn=")
                .or_else(|| pair.strip_prefix("ISBN="))
            {
                let start = offset + pair.len() - v.len();
                let v = v.split(['&', '#']).next().unwrap_or("");
                if v.chars().any(|c| c.is_ascii_digit()) {
                    out.push(check(Kind::Isbn, v, start..start + v.len()));
                }
            }
            offset += pair.len() + 1;
        }
    }
    if let Some(i) = path.to_ascii_lowercase().find("/isbn/") {
        let start = parts.path.start + i + "/isbn/".len();
        let id = url[start..parts.path.end].split('/').next().unwrap_or("");
        if id.chars().any(|c| c.is_ascii_digit()) {
            out.push(check(Kind::Isbn, id, start..start + id.len()));
        }
    }
    out
}

/// The token that starts at `start`: up to whitespace, without trailing
/// punctuation (and without a closing bracket it did not open).
fn token(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '<' | '>'))
        .unwrap_or(rest.len());
    trim_token(&rest[..end])
}

fn trim_token(t: &str) -> &str {
    let mut t = t;
    loop {
        let before = t;
        t = t.trim_end_matches(['.', ',', ';', ':', '\'', '’', ']', '}', '>', '|']);
        if t.ends_with(')') && t.matches('(').count() < t.matches(')').count() {
            t = &t[..t.len() - 1];
        }
        if t == before {
            return t;
        }
    }
}

/// An ISBN as written: digits, `X` and hyphens, and groups separated by
/// single spaces while they add up to at most 13 digits.
fn isbn_token(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let mut digits = 0;
    let mut last_good = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '0'..='9' | 'X' | 'x' => {
                digits += 1;
                last_good = i + 1;
            }
            '-' | '‐' | '‑' | '–' => {}
            ' ' if digits < 13
                && chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_ascii_digit() || *n == 'X') =>
            {
                // Another group only if the number so far is not complete.
                if digits == 10 {
                    break;
                }
            }
            _ => break,
        }
        if digits > 13 {
            break;
        }
    }
    &rest[..last_good]
}

/// Judge one identifier.
fn check(kind: Kind, value: &str, span: Range<usize>) -> Found {
    let problem = match kind {
        Kind::Doi => doi_problem(value),
        Kind::Isbn => isbn_problem(value),
        Kind::Issn => issn_problem(value),
        Kind::Arxiv => arxiv_problem(value),
        Kind::Pmid => pmid_problem(value),
        Kind::Pmcid => pmcid_problem(value),
    };
    Found {
        kind,
        span,
        value: value.to_string(),
        problem,
    }
}

/// `10.` + a registrant code of four or more digits (dot-separated
/// sub-codes allowed) + `/` + a suffix.
fn doi_problem(written: &str) -> Option<String> {
    // In a URL the slash may be percent-encoded (`10.26443%2Fseismica…`).
    let decoded = written.replace("%2F", "/").replace("%2f", "/");
    let v = decoded.as_str();
    let Some(rest) = v.strip_prefix("10.") else {
        return Some(format!(
            "a DOI starts with the directory code `10.`; `{v}` does not"
        ));
    };
    let (prefix, suffix) = match rest.split_once('/') {
        Some(p) => p,
        None => return Some(format!("`{v}` has no `/suffix` after its prefix")),
    };
    let codes_ok = !prefix.is_empty()
        && prefix
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !codes_ok {
        return Some(format!(
            "`10.{prefix}` is not a DOI prefix: the registrant code after `10.` is digits"
        ));
    }
    let first = prefix.split('.').next().unwrap_or("");
    if first.len() < 4 {
        return Some(format!(
            "`10.{prefix}` is not a DOI prefix: registrant codes have four or more digits"
        ));
    }
    if suffix.is_empty() {
        return Some(format!("`{v}` has no suffix after `10.{prefix}/`"));
    }
    None
}

fn isbn_problem(v: &str) -> Option<String> {
    let chars: Vec<char> = v
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x'))
        .collect();
    let n = chars.len();
    if n != 10 && n != 13 {
        return Some(format!("an ISBN has 10 or 13 digits; `{v}` has {n}"));
    }
    if let Some(i) = chars.iter().position(|c| matches!(c, 'X' | 'x')) {
        if n == 13 || i != 9 {
            return Some(format!("`{v}`: only an ISBN-10's last character may be X"));
        }
    }
    let digit = |c: char| c.to_digit(10).unwrap_or(10);
    if n == 10 {
        let sum: u32 = chars[..9]
            .iter()
            .enumerate()
            .map(|(i, c)| (10 - i as u32) * digit(*c))
            .sum();
        let check = (11 - sum % 11) % 11;
        let want = if check == 10 {
            'X'
        } else {
            char::from_digit(check, 10).unwrap_or('0')
        };
        let got = chars[9].to_ascii_uppercase();
        return (got != want)
            .then(|| format!("the ISBN-10's check digit should be {want}, not {got}"));
    }
    let prefix: String = chars[..3].iter().collect();
    if prefix != "978" && prefix != "979" {
        return Some(format!("an ISBN-13 starts with 978 or 979, not {prefix}"));
    }
    let sum: u32 = chars[..12]
        .iter()
        .enumerate()
        .map(|(i, c)| if i % 2 == 0 { 1 } else { 3 } * digit(*c))
        .sum();
    let want = (10 - sum % 10) % 10;
    let got = digit(chars[12]);
    (got != want).then(|| format!("the ISBN-13's check digit should be {want}, not {got}"))
}

fn issn_problem(v: &str) -> Option<String> {
    let chars: Vec<char> = v.chars().filter(|c| *c != '-').collect();
    let shape = v.len() == chars.len() || (v.len() == 9 && v.as_bytes().get(4) == Some(&b'-'));
    if chars.len() != 8
        || !shape
        || !chars[..7].iter().all(|c| c.is_ascii_digit())
        || !(chars[7].is_ascii_digit() || matches!(chars[7], 'X' | 'x'))
    {
        return Some(format!(
            "an ISSN is seven digits and a check character, written NNNN-NNNC; `{v}` is not"
        ));
    }
    let sum: u32 = chars[..7]
        .iter()
        .enumerate()
        .map(|(i, c)| (8 - i as u32) * c.to_digit(10).unwrap_or(0))
        .sum();
    let check = (11 - sum % 11) % 11;
    let want = if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10).unwrap_or('0')
    };
    let got = chars[7].to_ascii_uppercase();
    (got != want).then(|| format!("the ISSN's check digit should be {want}, not {got}"))
}

/// New form `YYMM.NNNN` (to 1412) or `YYMM.NNNNN` (from 1501), from 0704,
/// with an optional `vN`; old form `archive(.SC)/YYMMNNN`, 1991 to 2007.
fn arxiv_problem(v: &str) -> Option<String> {
    static NEW: OnceLock<Regex> = OnceLock::new();
    static OLD: OnceLock<Regex> = OnceLock::new();
    let new = regex(&NEW, r"^([0-9]{2})([0-9]{2})\.([0-9]+)(?:v[0-9]+)?$");
    let old = regex(
        &OLD,
        r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z-]+)?/([0-9]{2})([0-9]{2})([0-9]+)(?:v[0-9]+)?$",
    );
    if let Some(c) = new.captures(v) {
        let yy: u32 = c[1].parse().unwrap_or(0);
        let mm: u32 = c[2].parse().unwrap_or(0);
        let n = c[3].len();
        if !(1..=12).contains(&mm) {
            return Some(format!(
                "`{v}`: arXiv identifiers start with YYMM, and {mm:02} is not a month"
            ));
        }
        if yy * 100 + mm < 704 {
            return Some(format!(
                "`{v}`: identifiers of the YYMM.NNNN form began in April 2007 (0704)"
            ));
        }
        let want = if yy * 100 + mm >= 1501 { 5 } else { 4 };
        if n != want {
            return Some(format!(
                "`{v}`: arXiv numbers from {} have {want} digits after the dot, not {n}",
                if want == 5 { "2015 on" } else { "before 2015" }
            ));
        }
        return None;
    }
    if let Some(c) = old.captures(v) {
        let yy: u32 = c[1].parse().unwrap_or(0);
        let mm: u32 = c[2].parse().unwrap_or(0);
        if !(1..=12).contains(&mm) {
            return Some(format!("`{v}`: {mm:02} is not a month"));
        }
        if !(91..=99).contains(&yy) && yy > 7 {
            return Some(format!(
                "`{v}`: old-style arXiv identifiers run from 1991 to 2007"
            ));
        }
        if c[3].len() != 3 {
            return Some(format!(
                "`{v}`: old-style arXiv identifiers have three digits after YYMM"
            ));
        }
        return None;
    }
    Some(format!(
        "`{v}` is not an arXiv identifier (YYMM.NNNNN, or archive/YYMMNNN before 2007)"
    ))
}

fn pmid_problem(v: &str) -> Option<String> {
    if v.len() <= 8
        && !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b != b'0')
    {
        return None;
    }
    Some(format!(
        "a PMID is a number of one to eight digits; `{v}` is not"
    ))
}

fn pmcid_problem(v: &str) -> Option<String> {
    let digits = v
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("pmc"))
        .map(|_| &v[3..]);
    match digits {
        Some(d) if !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit()) => None,
        _ => Some(format!(
            "a PMCID is `PMC` and digits (PMC1234567); `{v}` is not"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(Kind, String, bool)> {
        find(text)
            .into_iter()
            .map(|f| (f.kind, f.value, f.problem.is_some()))
            .collect()
    }

    #[test]
    fn isbns() {
        assert_eq!(isbn_problem("978-0-306-40615-7"), None);
        assert_eq!(isbn_problem("0-306-40615-2"), None);
        assert_eq!(isbn_problem("080442957X"), None);
        assert_eq!(
            isbn_problem("978-0-306-40615-8").as_deref(),
            Some("the ISBN-13's check digit should be 7, not 8")
        );
        assert_eq!(
            isbn_problem("0-306-40615-3").as_deref(),
            Some("the ISBN-10's check digit should be 2, not 3")
        );
        assert!(isbn_problem("978-0-306-4061").is_some());
        assert!(isbn_problem("977-0-306-40615-7").is_some());
        assert!(isbn_problem("08044X2957").is_some());
        assert_eq!(
            problems("Book. ISBN 978 0 306 40615 7, 2004."),
            vec![(Kind::Isbn, "978 0 306 40615 7".into(), false)]
        );
        assert_eq!(
            problems("ISBN-10: 0-306-40615-2 (paperback)"),
            vec![(Kind::Isbn, "0-306-40615-2".into(), false)]
        );
        assert_eq!(
            problems("ISBN 0 306 40615 2 2004"),
            vec![(Kind::Isbn, "0 306 40615 2".into(), false)]
        );
    }

    #[test]
    fn issns() {
        assert_eq!(issn_problem("0378-5955"), None);
        assert_eq!(issn_problem("2049-3630"), None);
        assert_eq!(issn_problem("0317-8471"), None);
        assert_eq!(
            issn_problem("0378-5956").as_deref(),
            Some("the ISSN's check digit should be 5, not 6")
        );
        assert!(issn_problem("0378-595").is_some());
        assert!(issn_problem("03-785955").is_some());
        assert_eq!(
            problems("Journal, ISSN: 0378-5955."),
            vec![(Kind::Issn, "0378-5955".into(), false)]
        );
    }

    #[test]
    fn dois() {
        assert_eq!(doi_problem("10.1038/nphys1170"), None);
        assert_eq!(doi_problem("10.1000.10/123"), None);
        assert!(doi_problem("10.123/abc").is_some());
        assert!(doi_problem("10.1038/").is_some());
        assert!(doi_problem("10.1038").is_some());
        assert!(doi_problem("11.1038/x").is_some());
        assert!(doi_problem("10.abcd/x").is_some());
        assert_eq!(
            problems("Nature 5, doi:10.1038/nphys1170."),
            vec![(Kind::Doi, "10.1038/nphys1170".into(), false)]
        );
        assert_eq!(
            problems("Paper (10.1016/j.cell.2020.01.001)"),
            vec![(Kind::Doi, "10.1016/j.cell.2020.01.001".into(), false)]
        );
        assert_eq!(
            problems("DOI: 10.12/abc"),
            vec![(Kind::Doi, "10.12/abc".into(), true)]
        );
        // A label with no identifier after it is no identifier.
        assert!(problems("DOI not available; ISBN unknown").is_empty());
        // Spans are byte ranges, also after non-ASCII text.
        let text = "“Café” 会谈 🎉 doi:10.1038/nphys1170";
        let f = find(text);
        assert_eq!(&text[f[0].span.clone()], "10.1038/nphys1170");
    }

    #[test]
    fn arxiv_ids() {
        assert_eq!(arxiv_problem("2301.12345"), None);
        assert_eq!(arxiv_problem("1207.7214v2"), None);
        assert_eq!(arxiv_problem("hep-th/9901001"), None);
        assert_eq!(arxiv_problem("math.GT/0309136"), None);
        assert!(arxiv_problem("2313.12345").is_some());
        assert!(arxiv_problem("1207.72145").is_some());
        assert!(arxiv_problem("2301.1234").is_some());
        assert!(arxiv_problem("0612.1234").is_some());
        assert!(arxiv_problem("hep-th/1501001").is_some());
        assert!(arxiv_problem("hep-th/99010011").is_some());
        assert_eq!(
            problems("arXiv:2301.12345."),
            vec![(Kind::Arxiv, "2301.12345".into(), false)]
        );
        assert!(problems("arXiv preprint").is_empty());
    }

    #[test]
    fn pubmed_ids() {
        assert_eq!(pmid_problem("31452104"), None);
        assert!(pmid_problem("314521041").is_some());
        assert!(pmid_problem("0").is_some());
        assert!(pmid_problem("3145a").is_some());
        assert_eq!(pmcid_problem("PMC6716338"), None);
        assert!(pmcid_problem("6716338").is_some());
        assert_eq!(
            problems("PMID: 31452104; PMCID: PMC6716338"),
            vec![
                (Kind::Pmid, "31452104".into(), false),
                (Kind::Pmcid, "PMC6716338".into(), false)
            ]
        );
    }

    #[test]
    fn urls() {
        let f = |u: &str| -> Vec<(Kind, String, bool)> {
            find_in_url(u)
                .into_iter()
                .map(|f| {
                    assert_eq!(&u[f.span.clone()], f.value);
                    (f.kind, f.value, f.problem.is_some())
                })
                .collect()
        };
        assert_eq!(
            f("https://doi.org/10.1038/nphys1170"),
            vec![(Kind::Doi, "10.1038/nphys1170".into(), false)]
        );
        assert_eq!(
            f("https://dx.doi.org/10.12/x"),
            vec![(Kind::Doi, "10.12/x".into(), true)]
        );
        assert_eq!(
            f("https://arxiv.org/abs/2313.00001"),
            vec![(Kind::Arxiv, "2313.00001".into(), true)]
        );
        assert_eq!(
            f("https://arxiv.org/pdf/2301.00001.pdf"),
            vec![(Kind::Arxiv, "2301.00001".into(), false)]
        );
        assert_eq!(
            f("https://pubmed.ncbi.nlm.nih.gov/31452104/"),
            vec![(Kind::Pmid, "31452104".into(), false)]
        );
        assert_eq!(
            f("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6716338/"),
            vec![(Kind::Pmcid, "PMC6716338".into(), false)]
        );
        assert_eq!(
            f("https://books.example/find?q=x&isbn=9780306406158"),
            vec![(Kind::Isbn, "9780306406158".into(), true)]
        );
        assert_eq!(
            f("https://openlibrary.org/isbn/9780306406157"),
            vec![(Kind::Isbn, "9780306406157".into(), false)]
        );
        assert!(f("https://www.nature.com/articles/10.1038/x").is_empty());
        assert!(f("https://doi.org/").is_empty());
    }
}
