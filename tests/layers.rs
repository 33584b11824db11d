//! The library's layers point down: each top-level module may use only the
//! modules listed for it here, so the pipeline flows one way (model at the
//! bottom; source → document → checks → report; net below the checks; the
//! engine and the settings resolver on top). Read from the source text, as
//! `grep -rn "crate::" src` would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What each module may use besides itself and crates outside citecheck.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("calendar", &[]),
    ("atomic", &[]),
    ("hash", &[]),
    ("memory", &[]),
    ("parallel", &[]),
    ("source", &["atomic"]),
    ("text", &["model", "calendar"]),
    ("document", &["model", "calendar", "text", "source"]),
    ("config", &["model", "atomic"]),
    ("net", &["model", "calendar", "text", "atomic", "hash"]),
    (
        "sources",
        &[
            "model", "calendar", "text", "source", "document", "net", "atomic", "hash",
        ],
    ),
    (
        "checks",
        &[
            "model", "calendar", "text", "source", "document", "config", "net",
        ],
    ),
    ("report", &["model", "source", "atomic", "hash"]),
    ("settings", &["model", "config", "checks", "net"]),
    (
        "engine",
        &[
            "model", "calendar", "text", "source", "document", "config", "net", "sources",
            "checks", "report", "settings", "parallel", "memory",
        ],
    ),
    (
        "server",
        &[
            "model", "source", "document", "checks", "net", "engine", "settings",
        ],
    ),
    (
        "batch",
        &[
            "model", "source", "document", "engine", "settings", "report",
        ],
    ),
];

/// `crate::NAME` and `use crate::{NAME, …}` in one file's text.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // The binary's own modules sit above the library.
        if ["main", "cli", "commands", "lib"].contains(&module.as_str()) {
            continue;
        }
        let Some(ok) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer here",
                rel.display()
            ));
            continue;
        };
        seen.insert(module.clone());
        let text = std::fs::read_to_string(&path).expect("readable");
        if text.contains("super::super") {
            // Write `crate::…` instead: an import that says where it goes
            // is one this test can check.
            wrong.push(format!("{}: reaches up with super::super", rel.display()));
        }
        for used in used_modules(&text) {
            if used != module && !ok.contains(&used.as_str()) {
                wrong.push(format!("{}: uses crate::{used}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    assert!(
        seen.contains("model") && seen.contains("checks"),
        "{seen:?}"
    );
}

#[test]
fn the_reader_of_imports_reads_groups_and_paths() {
    let found =
        used_modules("use crate::{model::Span, text};\nlet x = crate::net::facts::normalise(u);");
    let want: BTreeSet<String> = ["model", "text", "net"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
}
