//! The seed article end to end: the first thing citecheck was built to check.

mod common;

use common::{check_stdin, diagnostics, root, seed, Run};

#[test]
fn seed_reports_its_structure_and_no_broken_citations() {
    let out = Run::new()
        .args(["--format", "json", "fixtures/blinken-beijing.txt"])
        .current_dir(root())
        .run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.json();
    assert_eq!(report["schema"], "citecheck-report/1");
    let file = &report["files"][0];
    assert_eq!(file["path"], "fixtures/blinken-beijing.txt");
    assert_eq!(file["stats"]["references"], 8);
    assert_eq!(file["stats"]["citations"], 20);
    assert_eq!(file["stats"]["paragraphs"], 7);
    assert_eq!(file["stats"]["sentences"], 26);
    let codes = out.codes();
    assert!(
        !codes.iter().any(|c| c == "CC001" || c == "CC002"),
        "{codes:?}"
    );
}

#[test]
fn one_marker_changed_to_nine_gives_exactly_one_cc001_on_it() {
    let text = seed();
    let at = text.find("later this year.[5]").expect("marker [5]") + "later this year.".len();
    let mutated = format!("{}[9]{}", &text[..at], &text[at + 3..]);
    let out = check_stdin("seed.txt", &mutated);
    let report = out.json();
    let cc001: Vec<_> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"] == "CC001")
        .collect();
    assert_eq!(cc001.len(), 1, "{cc001:?}");
    let span = &cc001[0]["span"];
    assert_eq!(span["start"].as_u64(), Some(at as u64));
    assert_eq!(span["end"].as_u64(), Some(at as u64 + 3));
    assert_eq!(&mutated[at..at + 3], "[9]");
    assert_eq!(cc001[0]["reference"], 9);
    assert_eq!(out.code, 1);
}

#[test]
fn deleting_reference_five_gives_cc001_on_its_marker_and_cc005_for_the_gap() {
    let text = seed();
    let start = text.find("\n5. “").expect("entry 5") + 1;
    let end = start + text[start..].find('\n').expect("end of entry 5") + 1;
    let mutated = format!("{}{}", &text[..start], &text[end..]);
    let out = check_stdin("seed.txt", &mutated);
    let report = out.json();
    let diags = diagnostics(&report);
    let cc001: Vec<_> = diags.iter().filter(|d| d["code"] == "CC001").collect();
    assert_eq!(cc001.len(), 1);
    let s = cc001[0]["span"]["start"].as_u64().unwrap() as usize;
    let e = cc001[0]["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&mutated[s..e], "[5]");
    let cc005: Vec<_> = diags.iter().filter(|d| d["code"] == "CC005").collect();
    assert_eq!(cc005.len(), 1, "{cc005:?}");
    assert!(cc005[0]["message"]
        .as_str()
        .unwrap()
        .contains("reference 5 is missing"));
}

#[test]
fn readme_quick_start_runs_on_the_seed() {
    let out = Run::new()
        .args(["--color", "never", "fixtures/blinken-beijing.txt"])
        .current_dir(root())
        .run();
    // Warnings (uncited claims, repeats, reference 1's slug) and infos (its
    // date, reference 4's share) do not fail the default `--fail-on error`.
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("CC101 uncited-claim"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Found 9 warnings and 2 infos in 1 file."),
        "{}",
        out.stdout
    );
}

#[test]
fn seed_reference_one_disagrees_with_its_url_and_no_other_does() {
    let out = Run::new()
        .args(["--format", "json", "fixtures/blinken-beijing.txt"])
        .current_dir(root())
        .run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.json();
    let text = seed();
    let found: Vec<(String, String, u64, String, Vec<String>)> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("CC3")))
        .map(|d| {
            let slice = |span: &serde_json::Value| {
                let s = span["start"].as_u64().unwrap_or(0) as usize;
                let e = span["end"].as_u64().unwrap_or(0) as usize;
                text[s..e].to_string()
            };
            let labels = d["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .skip(1)
                .map(|l| slice(&l["span"]))
                .collect();
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
                d["reference"].as_u64().unwrap_or(u64::MAX),
                slice(&d["span"]),
                labels,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "CC303".to_string(),
                "warning".to_string(),
                1,
                "Blinken lands in China for high-stakes visit amid rising tensions".to_string(),
                vec!["blinken-beijing-visit-expectations".to_string()],
            ),
            (
                "CC302".to_string(),
                "info".to_string(),
                1,
                "18 Jun. 2023".to_string(),
                vec!["2023/06/17".to_string()],
            ),
        ]
    );
}
