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

/// Results of [`map_in_order`] held at once: enough to keep every thread busy on items of
/// uneven cost, few enough that a caller streaming the results holds little.
const WAVE: usize = 64;

/// `f` of every item, computed on every thread and handed to `out` in the items' order.
///
/// Items are claimed one at a time (a unit's figures cost in proportion to its staff, so
/// equal shares would leave a thread idle); results wait in waves of at most [`WAVE`].
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut out: impl FnMut(R),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = threads().min(items.len());
    if workers < 2 {
        items.iter().map(&f).for_each(out);
        return;
    }
    for wave in items.chunks(WAVE) {
        let next = AtomicUsize::new(0);
        let claim = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = wave.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        };
        let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers.min(wave.len()))
                .map(|_| s.spawn(claim))
                .collect();
            handles.into_iter().flat_map(join).collect()
        });
        results.sort_unstable_by_key(|&(i, _)| i);
        results.into_iter().for_each(|(_, r)| out(r));
    }
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
    fn results_come_in_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let mut got = Vec::new();
        // Uneven work, so threads finish out of order.
        map_in_order(
            &items,
            |&x| (0..x % 7 * 1000).fold(x, |a, b| a ^ b),
            |r| got.push(r),
        );
        let want: Vec<u64> = items
            .iter()
            .map(|&x| (0..x % 7 * 1000).fold(x, |a, b| a ^ b))
            .collect();
        assert_eq!(got, want);
        let mut none = Vec::new();
        map_in_order(&[] as &[u64], |&x| x, |r| none.push(r));
        assert!(none.is_empty());
    }

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
