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
}
