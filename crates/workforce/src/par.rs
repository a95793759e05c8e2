//! The few helpers the library's own threads share.

use std::sync::OnceLock;
use std::thread::ScopedJoinHandle;

/// The number of threads to use: the available parallelism, asked once (on Linux the answer
/// reads the process's cgroup files).
pub(crate) fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Joins a scoped thread, passing a panic on.
///
/// Every scoped thread is joined by hand: a scope only waits for its threads' closures, so a
/// thread whose handle was dropped may still be freeing its stack and handle when the call
/// returns, and a short-lived caller (a C program under valgrind) sees them as leaked.
pub(crate) fn join<T>(h: ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Joins every thread (none is left running when one fails), then gives the first error or
/// all the results in order.
pub(crate) fn join_all<T, E>(
    handles: Vec<ScopedJoinHandle<'_, Result<T, E>>>,
) -> Result<Vec<T>, E> {
    let results: Vec<Result<T, E>> = handles.into_iter().map(join).collect();
    results.into_iter().collect()
}

/// `f` of every item, computed on every thread; `out` is given each item's index and result
/// as soon as the result is ready, on the thread that computed it (one call at a time), in no
/// set order.
///
/// For callers that put results in place by index: no thread waits for a slow item before it
/// goes on, and no result is held back to keep an order. The items `apart` picks (the large
/// ones) are computed one after another on one thread, never two at once, so that two large
/// working sets are never held together; the others are claimed one at a time by every
/// thread.
pub(crate) fn map_unordered<T: Sync, R>(
    items: &[T],
    apart: impl Fn(&T) -> bool,
    f: impl Fn(&T) -> R + Sync,
    out: impl FnMut(usize, R) + Send,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, PoisonError};
    let (large, small): (Vec<usize>, Vec<usize>) =
        (0..items.len()).partition(|&i| apart(&items[i]));
    let out = Mutex::new(out);
    let run = |i: usize| {
        let r = f(&items[i]);
        (out.lock().unwrap_or_else(PoisonError::into_inner))(i, r);
    };
    let next = AtomicUsize::new(0);
    let claim = || {
        while let Some(&i) = small.get(next.fetch_add(1, Ordering::Relaxed)) {
            run(i);
        }
    };
    // Every item is computed on a thread of its own making, none on the calling thread: what
    // their work leaves in the allocator's per-thread heaps is given back when they end.
    let others = threads().min(small.len()).saturating_sub(1);
    std::thread::scope(|s| {
        let first = s.spawn(|| {
            large.iter().for_each(|&i| run(i));
            claim();
        });
        let handles: Vec<_> = (0..others).map(|_| s.spawn(claim)).collect();
        join(first);
        handles.into_iter().for_each(join);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_comes_once_with_its_index() {
        let items: Vec<u64> = (0..1000).collect();
        let work = |&x: &u64| (0..x % 7 * 1000).fold(x, |a, b| a ^ b);
        let mut got = vec![None; items.len()];
        map_unordered(
            &items,
            |&x| x % 100 == 7,
            work,
            |i, r| {
                assert!(got[i].replace(r).is_none(), "item {i} twice");
            },
        );
        let want: Vec<Option<u64>> = items.iter().map(|x| Some(work(x))).collect();
        assert_eq!(got, want);
        map_unordered(&[] as &[u64], |_| true, |&x| x, |_, _| panic!("no items"));
    }
}
