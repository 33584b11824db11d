//! Any bytes as a served page (HTML, plain text, or by a content type the
//! first byte picks): reading its facts and main text never panics, and
//! the text stays within its cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let content_type = match first % 4 {
        0 => None,
        1 => Some("text/html; charset=utf-8"),
        2 => Some("text/plain"),
        _ => Some("text/html; charset=windows-1252"),
    };
    let facts = citecheck::net::page::read(body, content_type, first & 4 != 0);
    assert!(facts.text.len() <= citecheck::net::text::MAX_TEXT);
});
