//! Any bytes as a WARC file, plain and as a gzip stream: framing them is an
//! error or pages, never a panic, and the pages read as a page would.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.warc");
    if let Ok(saved) = citecheck::sources::warc::from_reader(data, path) {
        let _ = saved.links();
    }
    let gz = flate2::read::MultiGzDecoder::new(data);
    if let Ok(saved) = citecheck::sources::warc::from_reader(gz, path) {
        let _ = saved.links();
    }
});
