//! Validated data, load reports, and the computations on data.

use crate::boundary::{self, arg};
use crate::error::{wf_error, wf_status, Failure};
use crate::options::wf_options;
use crate::result::wf_result;
use crate::types::{wf_date, wf_str};
use workforce::io::{self, LoadOptions, LoadReport};
use workforce::{Options, Scope, Table, Workforce};

/// Validated, indexed data: the input of every computation.
///
/// Immutable: a `const wf_data *` may be used from several threads at once (each computation
/// only reads it).
#[allow(non_camel_case_types)]
pub struct wf_data {
    pub(crate) wf: Workforce,
}

/// The report of a load or a build: counts per file, rejected records and warnings.
///
/// Immutable: may be read from several threads at once.
#[allow(non_camel_case_types)]
pub struct wf_report {
    pub(crate) report: LoadReport,
}

/// Read a canonical data folder (see `data-format.md`) at the UTF-8 path `path`, validate and
/// index it. On success `*data_out` receives the data and, when `report_out` is not NULL,
/// `*report_out` the load report. Errors: `WF_STATUS_IO` (missing folder, missing required
/// file, unreadable file), `WF_STATUS_INVALID_DATA` (missing required column; with `strict`,
/// the first rejected row).
///
/// The caller owns `*data_out` and `*report_out`: free them with `wf_data_free` and
/// `wf_report_free`.
///
/// # Safety
/// `path` points to `len` readable bytes; the output pointers are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_data_load_dir(
    path: wf_str,
    strict: bool,
    data_out: *mut *mut wf_data,
    report_out: *mut *mut wf_report,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let path = unsafe { path.get("path") }?.ok_or_else(|| Failure::null("path"))?;
        boundary::out(data_out, "data_out")?;
        let (wf, report) = io::open_dir(std::path::Path::new(path), &LoadOptions { strict })?;
        // SAFETY: checked above; the caller's contract.
        unsafe {
            boundary::give(data_out, wf_data { wf });
            if !report_out.is_null() {
                boundary::give(report_out, wf_report { report });
            }
        }
        Ok(())
    })
}

/// Free data. `wf_data_free(NULL)` does nothing.
///
/// # Safety
/// `data` is NULL or a `wf_data` from this library not freed before, used by no other thread.
#[no_mangle]
pub unsafe extern "C" fn wf_data_free(data: *mut wf_data) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(data) })
}

/// Free a report. `wf_report_free(NULL)` does nothing.
///
/// # Safety
/// `report` is NULL or a `wf_report` from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_report_free(report: *mut wf_report) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(report) })
}

/// Number of rejected records (0 when `report` is NULL).
///
/// # Safety
/// `report` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn wf_report_rejected_count(report: *const wf_report) -> usize {
    boundary::value(0, || {
        // SAFETY: the caller's contract.
        unsafe { report.as_ref() }.map_or(0, |r| r.report.rejections.len())
    })
}

/// Number of warnings: records kept with a doubtful value (0 when `report` is NULL).
///
/// # Safety
/// `report` is NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn wf_report_warning_count(report: *const wf_report) -> usize {
    boundary::value(0, || {
        // SAFETY: the caller's contract.
        unsafe { report.as_ref() }.map_or(0, |r| r.report.warnings.len())
    })
}

/// Which table of a report `wf_report_table` returns (its `which` argument).
#[allow(non_camel_case_types)]
#[repr(u32)]
pub enum wf_report_part {
    /// One row per file: `file, present, rows_read, rows_accepted, rows_rejected, ...`.
    Summary = 0,
    /// One row per rejected record: `file, row, column, value, reason`.
    Rejections = 1,
    /// One row per warning: `file, row, column, value, reason`.
    Warnings = 2,
}

/// A table of the report (`which` is a `wf_report_part`) as a result handle.
/// `WF_STATUS_INVALID_ARGUMENT` for an unknown `which`.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// `report` is NULL or a live report; `result_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_report_table(
    report: *const wf_report,
    which: u32,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = &unsafe { arg(report, "report") }?.report;
        boundary::out(result_out, "result_out")?;
        let t = match which {
            0 => r.summary_table(),
            1 => r.rejections_table(),
            2 => r.warnings_table(),
            _ => {
                return Err(Failure::invalid_argument(format!(
                    "which {which} is not a wf_report_part"
                )))
            }
        };
        // SAFETY: checked above.
        unsafe { boundary::give(result_out, wf_result::new(t)) };
        Ok(())
    })
}

/// The common inputs of a computation, read and checked before any work.
struct Inputs<'a> {
    wf: &'a Workforce,
    unit: Option<&'a str>,
    scope: Scope,
    opts: Options,
}

/// # Safety
/// Pointers NULL or live; strings readable.
unsafe fn inputs<'a>(
    data: *const wf_data,
    unit: wf_str,
    scope: wf_str,
    options: *const wf_options,
) -> Result<Inputs<'a>, Failure> {
    // SAFETY: the caller's contract.
    let wf = &unsafe { arg(data, "data") }?.wf;
    // SAFETY: the caller's contract.
    let unit = unsafe { unit.non_empty("unit") }?;
    // SAFETY: the caller's contract.
    let scope = unsafe { scope.non_empty("scope") }?.map_or(Scope::Csww, Scope::parse);
    // SAFETY: the caller's contract.
    let opts = unsafe { options.as_ref() }.map_or_else(Options::default, |o| o.opts.clone());
    Ok(Inputs {
        wf,
        unit,
        scope,
        opts,
    })
}

/// # Safety
/// `out` checked by the caller, writable.
unsafe fn deliver(out: *mut *mut wf_result, t: workforce::Result<Table>) -> Result<(), Failure> {
    let t = t?;
    // SAFETY: the caller's contract.
    unsafe { boundary::give(out, wf_result::new(t)) };
    Ok(())
}

/// The DfE CSWW summary for each year end in `year_ends` (`n_year_ends` dates; a year runs
/// from the day after the previous year end, such as 1 October to 30 September), for `unit`
/// (`{NULL, 0}`: the whole organisation) and, with `by_unit`, each unit below it. Columns:
/// `org_unit_id, year_end`, then the 22 DfE columns, unrounded (case columns missing when no
/// case allocations were given). `options` NULL means DfE defaults.
///
/// Errors: `WF_STATUS_INVALID_ARGUMENT` for a date that does not exist, an unknown unit or
/// invalid options.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// `data` and `options` are NULL or live; `year_ends` points to `n_year_ends` dates (may be
/// NULL when 0); `unit` is readable; `result_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_data_csww(
    data: *const wf_data,
    year_ends: *const wf_date,
    n_year_ends: usize,
    unit: wf_str,
    by_unit: bool,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, wf_str::NONE, options) }?;
        let ends: &[wf_date] = if n_year_ends == 0 {
            &[]
        } else if year_ends.is_null() {
            return Err(Failure::null("year_ends"));
        } else {
            // SAFETY: the caller's contract.
            unsafe { std::slice::from_raw_parts(year_ends, n_year_ends) }
        };
        let ends = ends
            .iter()
            .map(|d| d.arg("year end"))
            .collect::<Result<Vec<_>, _>>()?;
        boundary::out(result_out, "result_out")?;
        // SAFETY: checked above.
        unsafe { deliver(result_out, i.wf.csww(&ends, i.unit, by_unit, &i.opts)) }
    })
}

/// The CSWW measures over the period `from` to `to` (both included; stocks are taken on
/// `to`, so `from == to` gives the figures at a date), in long form: one row per unit and
/// measure with `metric, org_unit_id, period_start, period_end, numerator, denominator,
/// value`. `scope`: `csww` (default when `{NULL, 0}`), `all`, or `family:NAME`.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`.
#[no_mangle]
pub unsafe extern "C" fn wf_data_measures(
    data: *const wf_data,
    from: wf_date,
    to: wf_date,
    unit: wf_str,
    by_unit: bool,
    scope: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, scope, options) }?;
        let (from, to) = (from.arg("from")?, to.arg("to")?);
        boundary::out(result_out, "result_out")?;
        let t = i.wf.measures(from, to, i.unit, by_unit, &i.scope, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// The CSWW measures over the period `from` to `to` for each job family in the data and for
/// the whole workforce (`job_family` `*`), in long form: the columns of `wf_data_measures`
/// with `job_family` added. Errors as `wf_data_measures`.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`.
#[no_mangle]
pub unsafe extern "C" fn wf_data_by_job_family(
    data: *const wf_data,
    from: wf_date,
    to: wf_date,
    unit: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, wf_str::NONE, options) }?;
        let (from, to) = (from.arg("from")?, to.arg("to")?);
        boundary::out(result_out, "result_out")?;
        let t = i.wf.by_job_family(from, to, i.unit, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// Monthly series from the month of `from` to the month of `to`: for each month end, in post,
/// starters and leavers in the month, rolling 12-month turnover, agency and vacancy rates and
/// the month's sickness rate.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`.
#[no_mangle]
pub unsafe extern "C" fn wf_data_series(
    data: *const wf_data,
    from: wf_date,
    to: wf_date,
    unit: wf_str,
    scope: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, scope, options) }?;
        let (from, to) = (from.arg("from")?, to.arg("to")?);
        boundary::out(result_out, "result_out")?;
        let t = i.wf.series(from, to, i.unit, &i.scope, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// Agency share by unit on `date`, for `unit` and each unit below it.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`.
#[no_mangle]
pub unsafe extern "C" fn wf_data_agency_by_unit(
    data: *const wf_data,
    date: wf_date,
    unit: wf_str,
    scope: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, scope, options) }?;
        let date = date.arg("date")?;
        boundary::out(result_out, "result_out")?;
        let t = i.wf.agency_by_unit(date, i.unit, &i.scope, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// Agency assignments in post on `date` by length band: `band, assignments, fte`.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`.
#[no_mangle]
pub unsafe extern "C" fn wf_data_agency_length_bands(
    data: *const wf_data,
    date: wf_date,
    unit: wf_str,
    scope: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, scope, options) }?;
        let date = date.arg("date")?;
        boundary::out(result_out, "result_out")?;
        let t = i.wf.agency_length_bands(date, i.unit, &i.scope, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// The records behind a figure: for `metric` (a CSWW column name such as
/// `turnover_rate_fte`) over `from` to `to`, every record adding to its numerator or
/// denominator: `role, part, table, id, person_id, value`.
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// As `wf_data_csww`; `metric` is readable.
#[no_mangle]
pub unsafe extern "C" fn wf_data_explain(
    data: *const wf_data,
    metric: wf_str,
    from: wf_date,
    to: wf_date,
    unit: wf_str,
    scope: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, unit, scope, options) }?;
        // SAFETY: the caller's contract.
        let metric = unsafe { metric.get("metric") }?.ok_or_else(|| Failure::null("metric"))?;
        let (from, to) = (from.arg("from")?, to.arg("to")?);
        boundary::out(result_out, "result_out")?;
        let t = i.wf.explain(metric, from, to, i.unit, &i.scope, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}

/// An HR measure by name (the `workforce hr` subcommands): `measure` is `survival`,
/// `stability`, `sickness`, `caseload`, `child_changes`, `casework`, `pay`, `leavers`,
/// `agency_churn`, `cost` or `recruitment` (`-` may stand for `_`), and `args_json` a JSON
/// object of its arguments, keyed as the CLI flags with `_` for `-` (`{NULL, 0}`: none).
/// Dates are ISO `"YYYY-MM-DD"` strings, lists JSON arrays, `null` the default. Every measure
/// also takes `"unit"` (an org unit id; default the whole organisation) and `"scope"`
/// (`"csww"` default, `"all"`, `"family:NAME"`). Keys (defaults in brackets):
///
/// - `survival`: `from`, `to` (required); `group_by` ["none"; "team", "role",
///   "source_system", "start_year", "contract_type"]; `time_unit` ["months"; "days",
///   "weeks", "years"]; `conf_type` ["log"; "log-log", "plain"]; `conf_level` [0.95];
///   `medians` [false].
/// - `stability`: `to` (required); `view` ["index"; "tenure", "leaver-tenure", "movers",
///   "conversions"]; `from` [index: a year before `to`; required for leaver-tenure, movers,
///   conversions]; `by_unit` [false]; `bands` [[1,2,5,10]]; `window_days` [90].
/// - `sickness`: `from`, `to` (required); `view` ["summary"; "month", "long-term",
///   "bradford", "reason"]; `by_unit` [false]; `window_days` [364]; `bradford_days`
///   ["calendar"; "working"].
/// - `caseload`: `date` (required); `group_by` ["none"; "team", "role"];
///   `exclude_managers` [false]; `nq_weight` [none]; `per_fte` [false]; `include_zero`
///   [false]. Needs case allocations.
/// - `child_changes`: `year_end` (required); `count` ["distinct"; "changes"]; `cohort`
///   ["cla"; "allocated"]; `threshold` [3]. Needs case allocations (and care periods for
///   "cla").
/// - `casework`: `from`, `to` (required). Needs ER cases.
/// - `pay`: `date` [none: every contract].
/// - `leavers`: `from`, `to` (required); `by` [["reason"]; "destination", "team", "role",
///   "service"]; `bands` [[1,2,5,10]].
/// - `agency_churn`: `from`, `to` (required); `period` ["month"; "quarter", "year"];
///   `lengths` [false].
/// - `cost`: `view` ["monthly"; "premium", "what-if"]; `from`, `to` (required for monthly);
///   `date` (required for premium, what-if); `convert` [[]: agency assignment ids];
///   `hours_per_week` [37]; `on_cost_rate` [0].
/// - `recruitment`: `before`, `after` (required); `exclude_unknown_type` [false].
///
/// Example: `wf_data_hr(data, WF_STR("survival"),
/// WF_STR("{\"from\": \"2019-10-01\", \"to\": \"2021-09-30\", \"medians\": true}"), NULL,
/// &result, &err)`.
///
/// Errors: `WF_STATUS_INVALID_ARGUMENT` for an unknown measure, JSON that does not parse or
/// is not an object, an unknown key, a value of the wrong type or a missing required key
/// (the message names the key); `WF_STATUS_MISSING_DATA` when the measure needs an optional
/// input that was not given (case allocations, ER cases).
///
/// The caller owns `*result_out`: free it with `wf_result_free`.
///
/// # Safety
/// `data` and `options` are NULL or live; `measure` and `args_json` are readable;
/// `result_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_data_hr(
    data: *const wf_data,
    measure: wf_str,
    args_json: wf_str,
    options: *const wf_options,
    result_out: *mut *mut wf_result,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let i = unsafe { inputs(data, wf_str::NONE, wf_str::NONE, options) }?;
        // SAFETY: the caller's contract.
        let measure = unsafe { measure.get("measure") }?.ok_or_else(|| Failure::null("measure"))?;
        // SAFETY: the caller's contract.
        let args = unsafe { args_json.get("args_json") }?.unwrap_or("");
        boundary::out(result_out, "result_out")?;
        let t = workforce::hr::request::run_json(i.wf, measure, args, &i.opts);
        // SAFETY: checked above.
        unsafe { deliver(result_out, t) }
    })
}
