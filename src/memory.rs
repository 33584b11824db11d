//! When the allocator gives freed memory back to the system. The binary's
//! allocator is mimalloc (`main.rs`; tests may count with their own, and
//! then these settings are moot). mimalloc keeps freed memory for reuse
//! before returning it (a second, ten for whole arena blocks): free for a
//! run of many small files, which reuse it, but a large file's check frees
//! its growing lists on the way while the live ones still grow, and the
//! kept memory adds to its peak (a generated 20 MB article: 165 MB held
//! where 140 MB are needed). So while any large file is checked, freed
//! memory goes back at once.

use std::sync::Mutex;

/// A text this large returns freed memory at once while it is checked.
pub const LARGE_TEXT: usize = 1 << 20;

/// `mi_option_purge_delay` in mimalloc v3's option list (milliseconds;
/// libmimalloc-sys names no constant for it). Its default, 1000, is
/// checked by a test, which fails if the list or the default moves.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Large files being checked, and the delay to restore when none is.
struct InFlight {
    large_files: usize,
    resting_delay: std::os::raw::c_long,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    large_files: 0,
    resting_delay: 0,
});

/// Held while a large text is checked: freed memory is returned at once
/// until the last such guard is dropped.
#[must_use]
pub struct Prompt(());

/// A guard for checking a text of `len` bytes: `None` when it is small.
pub fn prompt_release_for(len: usize) -> Option<Prompt> {
    if len < LARGE_TEXT {
        return None;
    }
    let mut state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    if state.large_files == 0 {
        // SAFETY: an option is a number in mimalloc's option table; the
        // lock orders this code's reads and writes, and mimalloc's own
        // threads, reading it unlocked, see the old delay or the new one,
        // either of which is a valid delay.
        state.resting_delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    }
    state.large_files += 1;
    Some(Prompt(()))
}

impl Drop for Prompt {
    fn drop(&mut self) {
        let mut state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        state.large_files = state.large_files.saturating_sub(1);
        if state.large_files == 0 {
            // SAFETY: as above.
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, state.resting_delay) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delay() -> std::os::raw::c_long {
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
    }

    /// The option set is mimalloc's purge delay (its documented default),
    /// set to zero while a large text is checked and restored after the
    /// last one, however the guards overlap.
    #[test]
    fn a_large_text_returns_memory_at_once_until_the_last_is_done() {
        // Other tests may check large texts meanwhile: the resting value
        // is read, under the lock, only while none is in flight.
        let at_rest = || {
            let state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
            (state.large_files == 0).then(delay)
        };
        assert!(prompt_release_for(LARGE_TEXT - 1).is_none());
        if let Some(d) = at_rest() {
            assert_eq!(d, 1000, "option {PURGE_DELAY} is not the purge delay");
        }
        let first = prompt_release_for(LARGE_TEXT);
        let second = prompt_release_for(20 * LARGE_TEXT);
        assert!(first.is_some() && second.is_some());
        assert_eq!(delay(), 0);
        drop(first);
        assert_eq!(delay(), 0);
        drop(second);
        if let Some(d) = at_rest() {
            assert_eq!(d, 1000);
        }
    }
}
