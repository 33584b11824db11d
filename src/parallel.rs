//! Ordered parallel map with a bounded window: items are worked on by `jobs`
//! threads, results come out in input order, and at most `window` items are
//! taken ahead of the last one handed out, so memory stays bounded by a few
//! inputs rather than the whole corpus (rayon's `par_iter` collects all).

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// The number of worker threads for `jobs` (0 or `None`: every core).
pub fn effective_jobs(jobs: Option<usize>) -> usize {
    match jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// What the workers and the receiving thread share. Kept apart from the
/// input, because pulling an item may block (stdin) and the receiving
/// thread must never wait behind that.
struct State {
    /// Items handed to the sink so far.
    emitted: usize,
    /// The input ran out, the sink stopped or a worker panicked.
    done: bool,
}

/// Map `items` through `work` on `jobs` threads and hand each result to
/// `sink` in input order; the sink returns `Break` to stop early (a closed
/// pipe), and no further item is taken. `items` is pulled lazily (it may be
/// stdin), under a lock, one item at a time. With one job everything runs on
/// the caller's thread and no thread is spawned. A panic in `work` is
/// re-raised here.
pub fn ordered_map<I, T, R, W, S>(items: I, jobs: usize, work: W, mut sink: S)
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> ControlFlow<()>,
{
    if jobs <= 1 {
        for item in items {
            if sink(work(item)).is_break() {
                return;
            }
        }
        return;
    }
    let window = jobs * 2;
    // The input and the index of its next item; only workers take this lock.
    let input = Mutex::new((items, 0usize));
    let state = Mutex::new(State {
        emitted: 0,
        done: false,
    });
    let ready = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let finish = |state: &Mutex<State>, ready: &Condvar| {
        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
        s.done = true;
        ready.notify_all();
    };
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(jobs);
        for _ in 0..jobs {
            let tx = tx.clone();
            let (input, state, ready, work, finish) = (&input, &state, &ready, &work, &finish);
            workers.push(scope.spawn(move || loop {
                let (index, item) = {
                    let mut input = input.lock().unwrap_or_else(PoisonError::into_inner);
                    {
                        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
                        while !s.done && input.1 >= s.emitted + window {
                            s = ready.wait(s).unwrap_or_else(PoisonError::into_inner);
                        }
                        if s.done {
                            return;
                        }
                    }
                    match input.0.next() {
                        Some(item) => {
                            input.1 += 1;
                            (input.1 - 1, item)
                        }
                        None => {
                            finish(state, ready);
                            return;
                        }
                    }
                };
                match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                    Ok(r) => {
                        if tx.send((index, r)).is_err() {
                            return;
                        }
                    }
                    Err(payload) => {
                        finish(state, ready);
                        panic::resume_unwind(payload);
                    }
                }
            }));
        }
        drop(tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut expected = 0;
        'receive: for (index, result) in rx.iter() {
            pending.insert(index, result);
            while let Some(r) = pending.remove(&expected) {
                let flow = sink(r);
                expected += 1;
                let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
                s.emitted = expected;
                if flow.is_break() {
                    s.done = true;
                }
                ready.notify_all();
                if s.done && flow.is_break() {
                    break 'receive;
                }
            }
        }
        // Workers still busy find the channel closed and stop.
        drop(rx);
        drop(pending);
        for w in workers {
            if let Err(payload) = w.join() {
                panic::resume_unwind(payload);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_out_in_input_order() {
        for jobs in [1, 2, 3, 8] {
            let mut out = Vec::new();
            ordered_map(
                0..200u64,
                jobs,
                |i| {
                    // Later items finish first, to shuffle completion order.
                    std::thread::sleep(std::time::Duration::from_micros((200 - i) * 5));
                    i * 2
                },
                |r| {
                    out.push(r);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(
                out,
                (0..200).map(|i| i * 2).collect::<Vec<_>>(),
                "jobs={jobs}"
            );
        }
    }

    #[test]
    fn never_more_than_the_window_in_flight() {
        let live = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let taken = AtomicUsize::new(0);
        let items = (0..100).inspect(|_| {
            let n = live.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(n, Ordering::SeqCst);
            taken.fetch_add(1, Ordering::SeqCst);
        });
        ordered_map(
            items,
            3,
            |i| {
                if i == 0 {
                    // The first item is slow: the others must not run far ahead.
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                i
            },
            |_| {
                live.fetch_sub(1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(taken.load(Ordering::SeqCst), 100);
        assert!(
            peak.load(Ordering::SeqCst) <= 6,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn an_item_that_waits_for_the_previous_result_does_not_deadlock() {
        // Like a pipeline on stdin: the next record comes only after the
        // previous answer was read.
        let (ack_tx, ack_rx) = mpsc::channel::<()>();
        let ack_rx = Mutex::new(ack_rx);
        let mut n = 0;
        let items = std::iter::from_fn(|| {
            if n == 20 {
                return None;
            }
            if n > 0 {
                let rx = ack_rx.lock().unwrap_or_else(PoisonError::into_inner);
                rx.recv_timeout(std::time::Duration::from_secs(10)).ok()?;
            }
            n += 1;
            Some(n)
        });
        let mut out = Vec::new();
        ordered_map(
            items,
            2,
            |i| i,
            |i| {
                out.push(i);
                let _ = ack_tx.send(());
                ControlFlow::Continue(())
            },
        );
        assert_eq!(out, (1..=20).collect::<Vec<_>>());
    }

    #[test]
    fn a_break_stops_taking_items() {
        for jobs in [1, 4] {
            let taken = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let items = (0..10_000).inspect(|_| {
                taken.fetch_add(1, Ordering::SeqCst);
            });
            ordered_map(
                items,
                jobs,
                |i| i,
                |i| {
                    seen.push(i);
                    if i == 5 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            assert_eq!(seen, vec![0, 1, 2, 3, 4, 5]);
            assert!(taken.load(Ordering::SeqCst) < 100, "jobs={jobs}");
        }
    }

    #[test]
    fn a_panicking_item_is_re_raised_not_hung_on() {
        let result = panic::catch_unwind(|| {
            ordered_map(
                0..50,
                4,
                |i| assert!(i != 7, "boom"),
                |()| ControlFlow::Continue(()),
            );
        });
        assert!(result.is_err());
    }
}
