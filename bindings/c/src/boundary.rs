//! The panic boundary: every exported function runs its body through one of these.
//!
//! A panic never crosses into C: [`status`] turns it into `WF_STATUS_PANIC` (and an error
//! object when asked), [`value`] into the function's documented default (NULL, 0, false).

use crate::error::{wf_error, wf_status, Failure};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run a fallible body. On failure, `*err_out` (when `err_out` is not NULL) receives a new
/// error owned by the caller; on success nothing is written to it.
pub(crate) fn status(
    err_out: *mut *mut wf_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> wf_status {
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|p| Err(Failure::panic(p)));
    match result {
        Ok(()) => wf_status::Ok,
        Err(f) => {
            let code = f.status;
            if !err_out.is_null() {
                let e = catch_unwind(AssertUnwindSafe(|| {
                    Box::into_raw(Box::new(wf_error::from(f)))
                }));
                if let Ok(e) = e {
                    // SAFETY: err_out is a valid pointer to writable storage (the caller's contract).
                    unsafe { err_out.write(e) };
                }
            }
            code
        }
    }
}

/// Run an infallible body; a panic yields `default`.
pub(crate) fn value<T>(default: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(default)
}

/// A required input pointer as a reference.
///
/// # Safety
/// `p` is NULL or valid for reads for the call.
pub(crate) unsafe fn arg<'a, T>(p: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller's contract.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// A required handle to mutate.
///
/// # Safety
/// `p` is NULL or valid for reads and writes, unaliased for the call.
pub(crate) unsafe fn arg_mut<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: the caller's contract.
    unsafe { p.as_mut() }.ok_or_else(|| Failure::null(name))
}

/// Check a required output pointer before any work, so failure leaves nothing behind.
pub(crate) fn out<T>(p: *mut T, name: &str) -> Result<(), Failure> {
    if p.is_null() {
        Err(Failure::null(name))
    } else {
        Ok(())
    }
}

/// Write a new handle to a checked output pointer.
///
/// # Safety
/// `p` was checked with [`out`] and is valid for writes.
pub(crate) unsafe fn give<T>(p: *mut *mut T, v: T) {
    // SAFETY: the caller's contract.
    unsafe { p.write(Box::into_raw(Box::new(v))) };
}

/// Free a handle made by [`give`]; NULL does nothing.
///
/// # Safety
/// `p` is NULL or came from [`give`] and is freed once.
pub(crate) unsafe fn free<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: the caller's contract.
        drop(unsafe { Box::from_raw(p) });
    }
}
