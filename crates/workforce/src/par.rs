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
