//! Result tables and owned strings.

use crate::boundary::{self, arg};
use crate::error::{wf_error, wf_status, Failure};
use crate::types::{cstring, wf_date, wf_str};
use std::ffi::{c_char, CString};
use workforce::{Column, Table};

/// A computed table: named, typed columns with unrounded values, and the options that
/// produced it.
///
/// Immutable: a `const wf_result *` may be read from several threads at once.
#[allow(non_camel_case_types)]
pub struct wf_result {
    pub(crate) table: Table,
    names: Vec<CString>,
    options: CString,
}

impl wf_result {
    pub(crate) fn new(table: Table) -> Self {
        let names = table.names().iter().map(|n| cstring(n)).collect();
        let options = cstring(&table.options_json);
        wf_result {
            table,
            names,
            options,
        }
    }
    fn cell(&self, row: usize, col: usize) -> Result<&Column, Failure> {
        let t = &self.table;
        if col >= t.num_columns() {
            return Err(Failure::new(
                wf_status::OutOfRange,
                format!(
                    "column {col} is out of range (the result has {})",
                    t.num_columns()
                ),
            ));
        }
        if row >= t.num_rows() {
            return Err(Failure::new(
                wf_status::OutOfRange,
                format!(
                    "row {row} is out of range (the result has {})",
                    t.num_rows()
                ),
            ));
        }
        Ok(&t.columns()[col])
    }
}

/// Type of a result column.
#[allow(non_camel_case_types)]
#[repr(u32)]
pub enum wf_column_type {
    /// No such column (or a NULL result).
    None = 0,
    /// Text.
    Str = 1,
    /// Dates (`wf_result_date`; as a double: days from 0001-01-01, day 1).
    Date = 2,
    /// Floating-point numbers.
    Float = 3,
    /// Integers.
    Int = 4,
    /// Booleans (1 or 0 as a double).
    Bool = 5,
}

/// Number of rows (0 when `result` is NULL).
///
/// # Safety
/// `result` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_result_num_rows(result: *const wf_result) -> usize {
    boundary::value(0, || {
        // SAFETY: the caller's contract.
        unsafe { result.as_ref() }.map_or(0, |r| r.table.num_rows())
    })
}

/// Number of columns (0 when `result` is NULL).
///
/// # Safety
/// `result` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_result_num_columns(result: *const wf_result) -> usize {
    boundary::value(0, || {
        // SAFETY: the caller's contract.
        unsafe { result.as_ref() }.map_or(0, |r| r.table.num_columns())
    })
}

/// Name of column `col` (NUL-terminated, lives as long as `result`); `{NULL, 0}` when out of
/// range or `result` is NULL.
///
/// # Safety
/// `result` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_result_column_name(result: *const wf_result, col: usize) -> wf_str {
    boundary::value(wf_str::NONE, || {
        // SAFETY: the caller's contract.
        unsafe { result.as_ref() }
            .and_then(|r| r.names.get(col))
            .map_or(wf_str::NONE, |n| wf_str::from_cstr(n))
    })
}

/// Type of column `col` (a `wf_column_type`); `WF_COLUMN_TYPE_NONE` when out of range.
///
/// # Safety
/// `result` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_result_column_type(result: *const wf_result, col: usize) -> u32 {
    boundary::value(wf_column_type::None as u32, || {
        // SAFETY: the caller's contract.
        let c = unsafe { result.as_ref() }.and_then(|r| r.table.columns().get(col));
        (match c {
            None => wf_column_type::None,
            Some(Column::Str(_)) => wf_column_type::Str,
            Some(Column::Date(_)) => wf_column_type::Date,
            Some(Column::Float(_)) => wf_column_type::Float,
            Some(Column::Int(_)) => wf_column_type::Int,
            Some(Column::Bool(_)) => wf_column_type::Bool,
        }) as u32
    })
}

/// The index of the column named `name`. `WF_STATUS_INVALID_ARGUMENT` when there is none.
///
/// # Safety
/// `result` is NULL or live; `name` is readable; `index_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_column_index(
    result: *const wf_result,
    name: wf_str,
    index_out: *mut usize,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        // SAFETY: the caller's contract.
        let name = unsafe { name.get("name") }?.ok_or_else(|| Failure::null("name"))?;
        boundary::out(index_out, "index_out")?;
        let i = r
            .table
            .names()
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Failure::invalid_argument(format!("no column named {name:?}")))?;
        // SAFETY: checked above.
        unsafe { index_out.write(i) };
        Ok(())
    })
}

/// The value at `row`, `col` as a double: `*missing_out` is true (and `*value_out` NaN) when
/// the value is missing or the column is text. Booleans are 1 or 0; dates are days from
/// 0001-01-01 (day 1). `WF_STATUS_OUT_OF_RANGE` for a bad row or column.
///
/// # Safety
/// `result` is NULL or live; `value_out`, `missing_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_value(
    result: *const wf_result,
    row: usize,
    col: usize,
    value_out: *mut f64,
    missing_out: *mut bool,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(value_out, "value_out")?;
        boundary::out(missing_out, "missing_out")?;
        let v = r.cell(row, col)?.f64_at(row);
        // SAFETY: checked above.
        unsafe {
            value_out.write(v.unwrap_or(f64::NAN));
            missing_out.write(v.is_none());
        }
        Ok(())
    })
}

/// The date at `row`, `col` of a date column: `*missing_out` is true (and `*date_out`
/// `{0, 0, 0}`) when missing. `WF_STATUS_INVALID_ARGUMENT` when the column is not dates,
/// `WF_STATUS_OUT_OF_RANGE` for a bad row or column.
///
/// # Safety
/// `result` is NULL or live; `date_out`, `missing_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_date(
    result: *const wf_result,
    row: usize,
    col: usize,
    date_out: *mut wf_date,
    missing_out: *mut bool,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(date_out, "date_out")?;
        boundary::out(missing_out, "missing_out")?;
        let Column::Date(v) = r.cell(row, col)? else {
            return Err(Failure::invalid_argument(format!(
                "column {:?} does not hold dates",
                r.table.names()[col]
            )));
        };
        let d = v[row];
        // SAFETY: checked above.
        unsafe {
            date_out.write(d.map_or_else(wf_date::default, wf_date::from_date));
            missing_out.write(d.is_none());
        }
        Ok(())
    })
}

/// The value at `row`, `col` as text (unrounded, as in CSV; empty when missing), written
/// NUL-terminated into `buf` of `len` bytes; `*written_out` receives the text's length without
/// the NUL. `WF_STATUS_BUFFER_TOO_SMALL` (nothing written) when `len` is not at least the
/// length plus one; `WF_STATUS_OUT_OF_RANGE` for a bad row or column.
///
/// # Safety
/// `result` is NULL or live; `buf` is NULL or writable for `len` bytes; `written_out` and
/// `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_text(
    result: *const wf_result,
    row: usize,
    col: usize,
    buf: *mut c_char,
    len: usize,
    written_out: *mut usize,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(buf, "buf")?;
        boundary::out(written_out, "written_out")?;
        let text = r.cell(row, col)?.text_at(row);
        if text.len() >= len {
            return Err(Failure::new(
                wf_status::BufferTooSmall,
                format!(
                    "the text needs {} bytes with its NUL, the buffer has {len}",
                    text.len() + 1
                ),
            ));
        }
        // SAFETY: buf is writable for len > text.len() bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
            buf.add(text.len()).write(0);
            written_out.write(text.len());
        }
        Ok(())
    })
}

/// The options the figures were computed with, as JSON (empty for tables that take none).
/// NUL-terminated, lives as long as `result`.
///
/// # Safety
/// `result` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_result_options_json(result: *const wf_result) -> wf_str {
    boundary::value(wf_str::NONE, || {
        // SAFETY: the caller's contract.
        unsafe { result.as_ref() }.map_or(wf_str::NONE, |r| wf_str::from_cstr(&r.options))
    })
}

/// The table as CSV (header row, unrounded values) in a new string.
///
/// The caller owns `*csv_out`: free it with `wf_string_free`.
///
/// # Safety
/// `result` is NULL or live; `csv_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_to_csv(
    result: *const wf_result,
    csv_out: *mut *mut wf_string,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(csv_out, "csv_out")?;
        // SAFETY: checked above.
        unsafe { boundary::give(csv_out, wf_string::new(&r.table.to_csv())) };
        Ok(())
    })
}

/// The table as JSON (`{"options": {...}, "rows": [...]}`) in a new string.
///
/// The caller owns `*json_out`: free it with `wf_string_free`.
///
/// # Safety
/// `result` is NULL or live; `json_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_to_json(
    result: *const wf_result,
    json_out: *mut *mut wf_string,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(json_out, "json_out")?;
        // SAFETY: checked above.
        unsafe { boundary::give(json_out, wf_string::new(&r.table.to_json())) };
        Ok(())
    })
}

/// Free a result. `wf_result_free(NULL)` does nothing.
///
/// # Safety
/// `result` is NULL or a result from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_result_free(result: *mut wf_result) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(result) })
}

/// An owned UTF-8 string made by the library (CSV, JSON). Immutable; free with
/// `wf_string_free`.
#[allow(non_camel_case_types)]
pub struct wf_string {
    s: CString,
}

impl wf_string {
    pub(crate) fn new(s: &str) -> Self {
        wf_string { s: cstring(s) }
    }
}

/// The text (NUL-terminated, lives as long as `s`); `{NULL, 0}` when `s` is NULL.
///
/// # Safety
/// `s` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn wf_string_str(s: *const wf_string) -> wf_str {
    boundary::value(wf_str::NONE, || {
        // SAFETY: the caller's contract.
        unsafe { s.as_ref() }.map_or(wf_str::NONE, |s| wf_str::from_cstr(&s.s))
    })
}

/// Free a string. `wf_string_free(NULL)` does nothing.
///
/// # Safety
/// `s` is NULL or a string from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_string_free(s: *mut wf_string) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(s) })
}
