//! Human output fits the terminal: snapshots of the seed and of a non-ASCII
//! CRLF article at 60, 80 and 120 columns, widths checked on every line,
//! and the binary under a pseudo-terminal (`script`) at 80 and 120 columns.

mod common;

use citecheck::engine::{check_text, Options};
use citecheck::report::excerpt::str_width;
use citecheck::report::human::{self, strip_escapes};
use citecheck::report::Report;
use citecheck::source::Format;
use common::{root, Run};

const SEED: &str = "fixtures/blinken-beijing.txt";
const NON_ASCII: &str = "fixtures/human/non-ascii-crlf.txt";

fn report(path: &str) -> Report {
    let text = std::fs::read_to_string(root().join(path)).expect("fixture");
    Report {
        files: vec![check_text(path, &text, Format::Text, &Options::default())],
    }
}

fn style(width: usize, narrated: bool) -> human::Style {
    human::Style {
        unicode: true,
        width,
        narrated,
        ..human::Style::default()
    }
}

/// Every line no wider than `width` columns, escape codes removed.
fn assert_fits(out: &str, width: usize) {
    for line in out.lines() {
        let shown = strip_escapes(line);
        assert!(
            str_width(&shown) <= width,
            "{} columns > {width}: {shown:?}",
            str_width(&shown)
        );
    }
}

#[test]
fn snapshots_at_60_80_120_columns() {
    for path in [SEED, NON_ASCII] {
        let name = if path == SEED {
            "seed"
        } else {
            "non_ascii_crlf"
        };
        let r = report(path);
        for width in [60, 80, 120] {
            let out = human::render(&r, style(width, false));
            assert_fits(&out, width);
            assert_rows_on_their_lines(&out, path);
            insta::assert_snapshot!(format!("{name}_{width}"), out);
            let narrated = human::render(&r, style(width, true));
            assert_fits(&narrated, width);
        }
    }
}

#[test]
fn narrated_columns_are_the_lines_own() {
    let out = human::render(&report(SEED), style(100, true));
    assert!(
        out.contains("label at line 9, columns 469 to 483: quoted without a source"),
        "{out}"
    );
}

#[test]
fn a_quotation_across_two_lines_stays_on_one_concise_line() {
    let text = "Intro.\n\nShe said “we will\nmeet again” and left.\n";
    let out = Run::new()
        .args(["--format", "concise", "--stdin-filename", "a.md", "-"])
        .stdin(text)
        .run();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(!lines.is_empty(), "{}", out.stdout);
    for line in &lines {
        assert!(line.starts_with("a.md:"), "{line:?} in {}", out.stdout);
    }
}

#[test]
fn colour_follows_the_usual_variables() {
    let seed = root().join(SEED);
    let seed = seed.to_str().expect("utf-8 path");
    let coloured = |run: Run| run.arg(seed).run().stdout.contains("\u{1b}[");
    assert!(!coloured(Run::new()), "piped: no colour");
    assert!(coloured(Run::new().env("FORCE_COLOR", "1")));
    assert!(coloured(Run::new().env("CLICOLOR_FORCE", "1")));
    assert!(!coloured(Run::new().env("FORCE_COLOR", "0")));
    assert!(!coloured(
        Run::new().env("FORCE_COLOR", "1").env("NO_COLOR", "1")
    ));
    assert!(coloured(Run::new().args(["--color", "always"])));
    assert!(!coloured(
        Run::new()
            .env("FORCE_COLOR", "1")
            .args(["--color", "never"])
    ));
    // Piped output never carries hyperlinks.
    let out = Run::new().args(["--color", "always", seed]).run().stdout;
    assert!(!out.contains("\u{1b}]8;"));
}

#[test]
fn columns_sets_the_width() {
    for width in [50, 72] {
        let out = Run::new()
            .env("COLUMNS", &width.to_string())
            .current_dir(root())
            .arg(SEED)
            .run()
            .stdout;
        assert_fits(&out, width);
        assert!(
            out.contains("Found 9 warnings and 2 infos in 1 file."),
            "{out}"
        );
    }
}

#[test]
fn a_path_wider_than_the_terminal_is_shortened_from_the_left() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("a-directory-with-a-long-name/and-another-one-below-it/and-a-third");
    std::fs::create_dir_all(&deep).unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    std::fs::write(deep.join("an-article-with-a-long-name.txt"), text).unwrap();
    let path = "a-directory-with-a-long-name/and-another-one-below-it/and-a-third/an-article-with-a-long-name.txt";
    let out = Run::new()
        .env("COLUMNS", "60")
        .args(["--offline", "--no-config", path])
        .current_dir(dir.path())
        .run()
        .stdout;
    assert_fits(&out, 60);
    assert!(
        out.contains("-[…/and-a-third/an-article-with-a-long-name.txt:9:469]"),
        "{out}"
    );
    assert!(
        out.starts_with("…/and-a-third/an-article-with-a-long-name.txt:\n"),
        "{out}"
    );
}

/// The binary under `script` with the terminal set to `cols` columns, or
/// None where `script` is missing.
fn under_a_terminal(cols: usize, file: &str, term: &str) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_citecheck");
    let line = format!("stty cols {cols} rows 50; '{bin}' '{file}'");
    let out = std::process::Command::new("script")
        .args(["-qefc", &line, "/dev/null"])
        .current_dir(root())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CITECHECK_FORMAT")
        .env("CITECHECK_OFFLINE", "1")
        .env("TERM", term)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(())?;
    Some(String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"))
}

/// Each underline row's marks sit under the words of the row above: every
/// stretch of marks starts and ends under a character, not a blank or past
/// the row's end.
fn assert_marks_under_words(out: &str) {
    let lines: Vec<String> = out.lines().map(strip_escapes).collect();
    let mut checked = 0;
    for pair in lines.windows(2) {
        let (text, marks) = (&pair[0], &pair[1]);
        let (Some(bar), Some(dot)) = (text.find(" │ "), marks.find(" · ")) else {
            continue;
        };
        let numbered = text[..bar].chars().all(|c| c == ' ' || c.is_ascii_digit());
        let (text, marks) = (&text[bar + " │ ".len()..], &marks[dot + " · ".len()..]);
        let only_marks = marks.chars().all(|c| matches!(c, ' ' | '─' | '┬' | '▲'));
        if !numbered || text.is_empty() || !only_marks || marks.trim().is_empty() {
            continue;
        }
        let text: Vec<char> = text
            .chars()
            .flat_map(|c| std::iter::repeat_n(c, str_width(&c.to_string()).max(1)))
            .collect();
        let marks: Vec<bool> = marks
            .chars()
            .map(|c| matches!(c, '─' | '┬' | '▲'))
            .collect();
        let shown = |col: usize| text.get(col).is_some_and(|&c| c != ' ');
        for col in 0..marks.len() {
            let starts = marks[col] && (col == 0 || !marks[col - 1]);
            let ends = marks[col] && marks.get(col + 1) != Some(&true);
            if starts || ends {
                assert!(
                    shown(col),
                    "marks at column {col} not under a word:\n{}\n{}",
                    pair[0],
                    pair[1]
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} marks checked in\n{out}");
}

/// Each numbered row is text of the source line its gutter names.
fn assert_rows_on_their_lines(out: &str, path: &str) {
    let text = std::fs::read_to_string(root().join(path)).expect("fixture");
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for row in out.lines().map(strip_escapes) {
        let Some(bar) = row.find(" │ ") else {
            continue;
        };
        let Ok(n) = row[..bar].trim().parse::<usize>() else {
            continue;
        };
        let shown = &row[bar + " │ ".len()..];
        let line = lines.get(n - 1).copied().unwrap_or("");
        assert!(line.contains(shown), "line {n} does not hold {shown:?}");
        checked += 1;
    }
    assert!(checked > 2, "only {checked} rows checked");
}

#[test]
fn under_a_terminal_every_line_fits_and_marks_sit_under_words() {
    for cols in [80, 120] {
        let Some(out) = under_a_terminal(cols, SEED, "xterm-256color") else {
            eprintln!("skipped: `script` is not available");
            return;
        };
        assert!(out.contains("\u{1b}["), "a terminal gets colour");
        assert_fits(&out, cols);
        assert_marks_under_words(&out);
        assert_rows_on_their_lines(&out, SEED);
        assert!(
            out.contains("Found 9 warnings and 2 infos in 1 file."),
            "{out}"
        );
        let Some(plain) = under_a_terminal(cols, NON_ASCII, "dumb") else {
            return;
        };
        assert!(!plain.contains("\u{1b}["), "TERM=dumb: no colour");
        assert_fits(&plain, cols);
    }
}
