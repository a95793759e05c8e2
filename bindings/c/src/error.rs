//! Status codes and the error object.

use crate::types::{cstring, wf_str};
use std::ffi::{CStr, CString};
use workforce::{Error, ErrorKind};

/// The result of every fallible function. `WF_STATUS_OK` is 0; the other numbers are stable and
/// never reused (retired codes stay reserved here).
///
/// Codes 1 to 6 are the library's error kinds; codes from 100 are about the call itself.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wf_status {
    /// Success.
    Ok = 0,
    /// A file could not be opened, read or written.
    Io = 1,
    /// Input data is malformed (bad value, missing required value, broken reference); in
    /// strict loading, the first rejected row.
    InvalidData = 2,
    /// A figure needs an optional input (such as case allocations) that was not given.
    MissingData = 3,
    /// An argument or option is invalid (bad date, unknown org unit, bad range, unknown option).
    InvalidArgument = 4,
    /// A configuration or mapping file is invalid.
    Config = 5,
    /// An internal invariant failed: please report it.
    Internal = 6,
    /// A required pointer argument was NULL (or a `wf_str` had NULL data and a non-zero length).
    NullParameter = 100,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 101,
    /// A row or column index was out of range.
    OutOfRange = 102,
    /// The caller's buffer is too small; nothing was written.
    BufferTooSmall = 103,
    /// The library panicked (a bug): the call had no effect that can be relied on.
    Panic = 200,
}

impl wf_status {
    /// The status of an error kind.
    pub fn of_kind(kind: ErrorKind) -> wf_status {
        match kind {
            ErrorKind::Io => wf_status::Io,
            ErrorKind::InvalidData => wf_status::InvalidData,
            ErrorKind::MissingData => wf_status::MissingData,
            ErrorKind::InvalidArgument => wf_status::InvalidArgument,
            ErrorKind::Config => wf_status::Config,
            _ => wf_status::Internal,
        }
    }

    /// A stable lower-case name (the core's `ErrorKind` name for codes 1 to 6).
    pub fn name(self) -> &'static CStr {
        match self {
            wf_status::Ok => c"ok",
            wf_status::Io => c"io",
            wf_status::InvalidData => c"invalid_data",
            wf_status::MissingData => c"missing_data",
            wf_status::InvalidArgument => c"invalid_argument",
            wf_status::Config => c"config",
            wf_status::Internal => c"internal",
            wf_status::NullParameter => c"null_parameter",
            wf_status::InvalidUtf8 => c"invalid_utf8",
            wf_status::OutOfRange => c"out_of_range",
            wf_status::BufferTooSmall => c"buffer_too_small",
            wf_status::Panic => c"panic",
        }
    }

    pub(crate) const ALL: [wf_status; 12] = [
        wf_status::Ok,
        wf_status::Io,
        wf_status::InvalidData,
        wf_status::MissingData,
        wf_status::InvalidArgument,
        wf_status::Config,
        wf_status::Internal,
        wf_status::NullParameter,
        wf_status::InvalidUtf8,
        wf_status::OutOfRange,
        wf_status::BufferTooSmall,
        wf_status::Panic,
    ];
}

/// A failure on its way to the caller: a status, a message and where it happened.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: wf_status,
    pub message: String,
    pub file: Option<String>,
    pub row: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
}

impl Failure {
    pub fn new(status: wf_status, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
            file: None,
            row: None,
            column: None,
            value: None,
        }
    }
    pub fn null(name: &str) -> Self {
        Failure::new(wf_status::NullParameter, format!("{name} is NULL"))
    }
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Failure::new(wf_status::InvalidArgument, message)
    }
    pub fn panic(payload: Box<dyn std::any::Any + Send>) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Failure::new(
            wf_status::Panic,
            format!("internal error (panic): {what}; please report it"),
        )
    }
    /// The text shown by `wf_error_message`: location, then message.
    fn display(&self) -> String {
        let mut s = String::new();
        if let Some(f) = &self.file {
            s.push_str(f);
            if let Some(r) = self.row {
                s.push_str(&format!(", row {r}"));
            }
            if let Some(c) = &self.column {
                s.push_str(&format!(", column {c}"));
            }
            if let Some(v) = &self.value {
                s.push_str(&format!(", value {v:?}"));
            }
            s.push_str(": ");
        }
        s.push_str(&self.message);
        s
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let l = e.location();
        Failure {
            status: wf_status::of_kind(e.kind()),
            message: e.message().to_string(),
            file: l.file.clone(),
            row: l.row,
            column: l.column.clone(),
            value: l.value.clone(),
        }
    }
}

/// An error: a status, a message and, when known, the file, row, column and value concerned.
///
/// Created by the library on failure when the caller passes a non-NULL `wf_error **err_out`;
/// freed by the caller with `wf_error_free`. Immutable: a `const wf_error *` may be read from
/// several threads at once.
#[allow(non_camel_case_types)]
pub struct wf_error {
    status: wf_status,
    message: CString,
    file: Option<CString>,
    row: u64,
    column: Option<CString>,
    value: Option<CString>,
}

impl From<Failure> for wf_error {
    fn from(f: Failure) -> Self {
        wf_error {
            status: f.status,
            message: cstring(&f.display()),
            file: f.file.as_deref().map(cstring),
            row: f.row.unwrap_or(0),
            column: f.column.as_deref().map(cstring),
            value: f.value.as_deref().map(cstring),
        }
    }
}

fn opt_str(s: &Option<CString>) -> wf_str {
    s.as_deref().map_or(wf_str::NONE, wf_str::from_cstr)
}

/// The status of an error; `WF_STATUS_NULL_PARAMETER` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_status(err: *const wf_error) -> wf_status {
    crate::boundary::value(wf_status::Panic, || {
        // SAFETY: err is NULL or a live wf_error from this library (the caller's contract).
        unsafe { err.as_ref() }.map_or(wf_status::NullParameter, |e| e.status)
    })
}

/// The error's message, with its location first when known
/// (`contracts.csv, row 3, column start_date, value "2023-02-30": not a valid date ...`).
/// The text is NUL-terminated and lives as long as `err`. `{NULL, 0}` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_message(err: *const wf_error) -> wf_str {
    crate::boundary::value(wf_str::NONE, || {
        // SAFETY: see the function's contract.
        unsafe { err.as_ref() }.map_or(wf_str::NONE, |e| wf_str::from_cstr(&e.message))
    })
}

/// The file (or record kind, such as `contracts.csv` for a pushed contract) the error concerns;
/// `{NULL, 0}` when unknown or when `err` is NULL. Lives as long as `err`.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_file(err: *const wf_error) -> wf_str {
    crate::boundary::value(wf_str::NONE, || {
        // SAFETY: see the function's contract.
        unsafe { err.as_ref() }.map_or(wf_str::NONE, |e| opt_str(&e.file))
    })
}

/// The 1-based row the error concerns (for pushed records: the record's position among the
/// records of its kind, from 1); 0 when unknown or when `err` is NULL.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_row(err: *const wf_error) -> u64 {
    crate::boundary::value(0, || {
        // SAFETY: see the function's contract.
        unsafe { err.as_ref() }.map_or(0, |e| e.row)
    })
}

/// The column (field) the error concerns; `{NULL, 0}` when unknown. Lives as long as `err`.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_column(err: *const wf_error) -> wf_str {
    crate::boundary::value(wf_str::NONE, || {
        // SAFETY: see the function's contract.
        unsafe { err.as_ref() }.map_or(wf_str::NONE, |e| opt_str(&e.column))
    })
}

/// The offending value as given; `{NULL, 0}` when unknown. Lives as long as `err`.
///
/// # Safety
/// `err` is NULL or a live `wf_error`.
#[no_mangle]
pub unsafe extern "C" fn wf_error_value(err: *const wf_error) -> wf_str {
    crate::boundary::value(wf_str::NONE, || {
        // SAFETY: see the function's contract.
        unsafe { err.as_ref() }.map_or(wf_str::NONE, |e| opt_str(&e.value))
    })
}

/// Free an error. `wf_error_free(NULL)` does nothing.
///
/// # Safety
/// `err` is NULL or a `wf_error` from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_error_free(err: *mut wf_error) {
    crate::boundary::value((), || {
        if !err.is_null() {
            // SAFETY: err came from Box::into_raw in this library and is freed once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

/// A stable lower-case name of a status code (`"ok"`, `"invalid_data"`, `"null_parameter"`,
/// ...), NUL-terminated and static; `"unknown"` for a number that is not a status.
#[no_mangle]
pub extern "C" fn wf_status_name(status: u32) -> wf_str {
    crate::boundary::value(wf_str::NONE, || {
        let name = wf_status::ALL
            .iter()
            .find(|s| **s as u32 == status)
            .map_or(c"unknown", |s| s.name());
        wf_str::from_cstr(name)
    })
}
