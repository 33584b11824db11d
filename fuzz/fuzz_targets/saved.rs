//! Any bytes as a saved-sources folder: the part before the first NUL is
//! `manifest.json`, the rest the page it may name (`pages/p.html`).
//! Loading and reading it is an error or pages, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

/// One folder for the whole run: a folder per input would be most of the
/// time of an execution.
static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("citecheck-fuzz-saved-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pages")).expect("a temporary folder");
    dir
});

fuzz_target!(|data: &[u8]| {
    let (manifest, page) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let dir = &*DIR;
    if std::fs::write(dir.join("manifest.json"), manifest).is_err()
        || std::fs::write(dir.join("pages/p.html"), page).is_err()
    {
        return;
    }
    if let Ok(saved) = citecheck::sources::load(dir) {
        let _ = saved.links();
    }
});
