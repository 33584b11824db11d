//! What a pathological file costs in memory (issue 20): every sentence a
//! repeat of the first, so a finding or two per sentence. Counted by the
//! heap bytes live at once, through a counting allocator, never by time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use citecheck::engine::{check_text, Options};
use citecheck::report::format::Emit;
use citecheck::report::json::Json;
use citecheck::source::Format;

/// The system allocator, keeping count of the bytes live and the most
/// ever live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is passed to `System` unchanged; only counters are
// updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A writer that keeps nothing, noting the largest single write.
#[derive(Default)]
struct Sink {
    written: usize,
    largest: usize,
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len();
        self.largest = self.largest.max(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_file_of_repeated_sentences_costs_bounded_memory_per_byte_and_its_json_streams() {
    // The sentence of tests/bad_input.rs's 60 MB line, 20,000 times (1.6 MB):
    // 20,000 CC202s and as many CC101s.
    let sentence =
        "Words and more words, said Mr. Smith of the U.S. office; data rose 3.5 percent. ";
    let text = sentence.repeat(20_000);
    let options = Options::default();
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let report = check_text("repeats.txt", &text, Format::Text, &options);
    let mut emit = Json::default();
    let mut out = Sink::default();
    let _ = emit.header();
    emit.write_file(&report, &mut out).unwrap();
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    let repeats = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "CC202")
        .count();
    assert!(repeats >= 19_000, "{repeats} CC202s");
    // The report is written as it is made, not held whole: it was one
    // write of the whole JSON (tens of MB here, 1.66 GB for the 60 MB line).
    assert!(out.written > 20_000_000, "{} bytes of JSON", out.written);
    assert!(out.largest < 1 << 20, "largest write {} bytes", out.largest);
    // Measured with valgrind's massif on the binary, this text as a file,
    // `--format json`: a heap peak of 134 MB (84 bytes per input byte)
    // before, when the JSON was held whole and each finding copied its
    // help and labels; 50 MB (31) after.
    let per_byte = peak / text.len();
    assert!(
        per_byte <= 48,
        "{per_byte} bytes of heap per input byte ({peak} bytes at most for {})",
        text.len()
    );
}
