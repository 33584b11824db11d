//! Inline suppressions in both formats, and CC007 for stale ones.

use citecheck::engine::{check_text, Options};
use citecheck::source::Format;

fn codes(text: &str, format: Format) -> Vec<&'static str> {
    check_text("t", text, format, &Options::default())
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

const CLAIM: &str = "The council met on 4 May 2024 in Leeds and approved the budget.";
const REFS_MD: &str = "\n\n## References\n\n1. [Council approves budget](https://www.example-news.com/2024/05/04/council-approves-budget) — Example News, 4 May 2024\n";

#[test]
fn markdown_disable_next_line() {
    let base = format!("# T\n\n{CLAIM}\n\nCited.[1]{REFS_MD}");
    assert_eq!(codes(&base, Format::Markdown), vec!["CC101"]);
    let suppressed =
        format!("# T\n\n<!-- citecheck-disable-next-line CC101 -->\n{CLAIM}\n\nCited.[1]{REFS_MD}");
    assert_eq!(codes(&suppressed, Format::Markdown), Vec::<&str>::new());
    let by_name = suppressed.replace("CC101", "uncited-claim");
    assert_eq!(codes(&by_name, Format::Markdown), Vec::<&str>::new());
}

#[test]
fn markdown_disable_enable_and_file() {
    let ranged = format!(
        "# T\n\n<!-- citecheck-disable CC101 -->\n\n{CLAIM}\n\n<!-- citecheck-enable CC101 -->\n\nThe mayor said on 5 May 2024 in York that taxes rise.\n\nCited.[1]{REFS_MD}"
    );
    let found = check_text("t.md", &ranged, Format::Markdown, &Options::default());
    let cc101: Vec<&str> = found
        .diagnostics
        .iter()
        .filter(|d| d.code == "CC101")
        .map(|d| &ranged[d.span.range()])
        .collect();
    assert_eq!(
        cc101,
        vec!["The mayor said on 5 May 2024 in York that taxes rise."]
    );
    let file =
        format!("<!-- citecheck-disable-file CC101 -->\n# T\n\n{CLAIM}\n\nCited.[1]{REFS_MD}");
    assert_eq!(codes(&file, Format::Markdown), Vec::<&str>::new());
}

#[test]
fn directives_in_code_are_not_directives() {
    let text =
        format!("# T\n\n`<!-- citecheck-disable-file CC101 -->`\n\n{CLAIM}\n\nCited.[1]{REFS_MD}");
    assert_eq!(codes(&text, Format::Markdown), vec!["CC101"]);
}

#[test]
fn plain_text_forms() {
    let refs = "\n\nReferences\n1. “Council approves budget” Example News, 4 May 2024, https://www.example-news.com/2024/05/04/council-approves-budget\n";
    let base = format!("{CLAIM}\n\nCited.[1]{refs}");
    assert_eq!(codes(&base, Format::Text), vec!["CC101"]);
    for directive in [
        "citecheck: disable-next-line CC101",
        "citecheck: ignore CC101",
        "citecheck: disable-file uncited-claim",
    ] {
        let text = format!("{directive}\n{CLAIM}\n\nCited.[1]{refs}");
        assert_eq!(
            codes(&text, Format::Text),
            Vec::<&str>::new(),
            "{directive}"
        );
    }
    // The directive line is not prose: no sentence, no claim.
    let doc = citecheck::document::parse_text(
        &format!("citecheck: disable CC101\nCited.[1]{refs}"),
        Format::Text,
    );
    assert_eq!(doc.sentences.len(), 1);
}

#[test]
fn stale_unknown_and_empty_directives_are_cc007() {
    let text = format!("# T\n\n<!-- citecheck-disable-next-line CC102 -->\n{CLAIM}\n\n<!-- citecheck-disable nonsense -->\n\n<!-- citecheck-disable -->\n\nCited.[1]{REFS_MD}");
    let report = check_text("t.md", &text, Format::Markdown, &Options::default());
    let messages: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "CC007")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        messages,
        vec![
            "suppression of CC102 (uncited-quote) suppressed nothing",
            "suppression names an unknown rule `nonsense`",
            "suppression of every rule suppressed nothing",
        ]
    );
    assert!(
        report.diagnostics.iter().any(|d| d.code == "CC101"),
        "a CC102 directive does not hide CC101"
    );
}

#[test]
fn disable_line_and_bare_directives_in_markdown() {
    for directive in [
        "<!-- citecheck-disable-line CC101 -->",
        "<!-- citecheck-disable-line uncited-claim -->",
        "<!-- citecheck-disable-line -->",
    ] {
        let text = format!("# T\n\n{CLAIM} {directive}\n\nCited.[1]{REFS_MD}");
        assert_eq!(
            codes(&text, Format::Markdown),
            Vec::<&str>::new(),
            "{directive}"
        );
    }
    let bare =
        format!("# T\n\n<!-- citecheck-disable-next-line -->\n{CLAIM}\n\nCited.[1]{REFS_MD}");
    assert_eq!(codes(&bare, Format::Markdown), Vec::<&str>::new());
    // disable-line covers its own line only.
    let other =
        format!("# T\n\n{CLAIM}\n\nCited.[1] <!-- citecheck-disable-line CC101 -->{REFS_MD}");
    assert_eq!(codes(&other, Format::Markdown), vec!["CC101", "CC007"]);
}

#[test]
fn trailing_directives_in_plain_text_on_non_ascii_crlf_text() {
    let claim = "Le conseil de Zürich a voté le budget de 4 000 € le 4 mai 2024, a déclaré Müller.";
    let refs = "\r\n\r\nReferences\r\n1. “Conseil de Zürich” Example News, 4 May 2024, https://www.example-news.com/2024/05/04/conseil-budget\r\n";
    let base = format!("\u{feff}{claim}\r\n\r\nCited.[1]{refs}");
    assert_eq!(codes(&base, Format::Text), vec!["CC101"]);
    for directive in [
        "citecheck: ignore CC101",
        "citecheck: disable-line uncited-claim",
        "citecheck: disable-line",
    ] {
        let text = format!("\u{feff}{claim} {directive}\r\n\r\nCited.[1]{refs}");
        assert_eq!(
            codes(&text, Format::Text),
            Vec::<&str>::new(),
            "{directive}"
        );
        // The directive is not part of the sentence.
        let doc = citecheck::document::parse_text(&text, Format::Text);
        assert!(
            doc.sentences
                .iter()
                .all(|s| !text[s.span.range()].contains("citecheck")),
            "{directive}"
        );
    }
}

#[test]
fn mistyped_kinds_and_rules_get_suggestions() {
    let text = format!("# T\n\n<!-- citecheck-disable-lines CC101 -->\n{CLAIM} <!-- citecheck-disable-line uncited-clam -->\n\nCited.[1]{REFS_MD}");
    let report = check_text("t.md", &text, Format::Markdown, &Options::default());
    let found: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "CC007")
        .map(|d| {
            (
                d.message.clone(),
                d.help.as_deref().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0].0,
        "unknown suppression `disable-lines`: it suppresses nothing"
    );
    assert_eq!(found[0].1, "did you mean `disable-line`?");
    assert_eq!(
        found[1].0,
        "suppression names an unknown rule `uncited-clam`"
    );
    assert!(
        found[1].1.starts_with("did you mean `uncited-claim`?"),
        "{}",
        found[1].1
    );
}

/// `--fix` removes a stale directive that trails prose, and only it.
#[test]
fn a_stale_trailing_directive_is_removed_and_its_line_kept() {
    let text = "Cited claim here.[1] citecheck: ignore CC101\n\nAnother cited claim.[1] <!-- x -->\n\nReferences\n1. “Budget” Example News, 4 May 2024, https://www.example-news.com/2024/05/04/budget\n";
    let report = check_text("t.txt", text, Format::Text, &Options::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "CC007")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    let fix = d.fix.as_ref().expect("CC007 offers a fix");
    assert_eq!(fix.edits.len(), 1);
    let e = &fix.edits[0];
    assert_eq!(&text[e.span.range()], " citecheck: ignore CC101");
    assert_eq!(e.content, "");
}
