//! The Python binding of the `workforce` library: the private extension module
//! `workforce._workforce`, wrapped by the pure-Python package `workforce`.
//!
//! Every computation runs with the GIL released; results are immutable [`PyResultTable`]s that
//! export Arrow through the PyCapsule interface.

mod agency;
mod args;
mod census;
mod compare;
mod dataset;
mod errors;
mod hr;
mod input;
mod table;

use errors::IntoPy;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pyo3_arrow::PyTable;
use std::sync::Arc;
use table::PyResultTable;
use workforce::{Error, ErrorKind, Location, Options, Scope, Table};

/// What a load found: per-file counts, rejected rows and warnings, each as a `Table`.
///
/// Example:
///     >>> wf = workforce.load("data/")
///     >>> wf.report.rejections.to_pandas()
#[pyclass(frozen, name = "LoadReport", module = "workforce._workforce")]
pub struct PyLoadReport {
    summary: Py<PyResultTable>,
    rejections: Py<PyResultTable>,
    warnings: Py<PyResultTable>,
}

#[pymethods]
impl PyLoadReport {
    /// One row per canonical file: `file, present, rows_read, rows_accepted, rows_rejected`.
    #[getter]
    fn summary(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.summary.clone_ref(py)
    }
    /// Rejected rows: `file, row, column, value, reason`.
    #[getter]
    fn rejections(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.rejections.clone_ref(py)
    }
    /// Rows kept with a doubtful value: `file, row, column, value, reason`.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.warnings.clone_ref(py)
    }
    /// True when nothing was rejected and nothing was doubtful.
    #[getter]
    fn is_clean(&self) -> bool {
        self.rejections.get().inner.num_rows() == 0 && self.warnings.get().inner.num_rows() == 0
    }
    fn __repr__(&self) -> String {
        format!(
            "<workforce.LoadReport: {} rejected rows, {} warnings>\n{}",
            self.rejections.get().inner.num_rows(),
            self.warnings.get().inner.num_rows(),
            self.summary.get().to_text_pub().trim_end()
        )
    }
}

impl PyLoadReport {
    fn new(py: Python<'_>, summary: Table, rejections: Table, warnings: Table) -> PyResult<Self> {
        Ok(PyLoadReport {
            summary: Py::new(py, PyResultTable::new(summary))?,
            rejections: Py::new(py, PyResultTable::new(rejections))?,
            warnings: Py::new(py, PyResultTable::new(warnings))?,
        })
    }
}

/// A council's workforce data, indexed for the time rules. Build it with `workforce.load`,
/// `workforce.from_tables` or `workforce.demo`; every metric is a method returning a `Table`.
///
/// Metric methods take the options of the core library as keyword arguments (`basis=`,
/// `turnover_denominator=`, `rejoin_grace_days=`, …; see `workforce.default_options()`);
/// the defaults are DfE's CSWW method.
///
/// Example:
///     >>> wf = workforce.demo()
///     >>> wf.csww(year_end="2021-09-30").to_pandas()
#[pyclass(frozen, name = "Workforce", module = "workforce._workforce")]
pub struct PyWorkforce {
    inner: Arc<workforce::Workforce>,
    report: Option<Py<PyLoadReport>>,
    /// The load report as the library gives it (shown by the councillors' report).
    load: Option<Arc<workforce::io::LoadReport>>,
}

impl PyWorkforce {
    fn scope(&self, scope: &str) -> PyResult<Scope> {
        args::scope(scope, &self.inner.job_families())
    }

    /// Run `f` on the workforce without the GIL and wrap its table.
    fn run<F>(&self, py: Python<'_>, f: F) -> PyResult<PyResultTable>
    where
        F: FnOnce(&workforce::Workforce) -> workforce::Result<Table> + Send,
    {
        let wf = &*self.inner;
        py.detach(|| f(wf).map(PyResultTable::new)).py_err(py)
    }

    /// Run the HR measure `measure` with the arguments `req` (plus `unit` and `scope`) without
    /// the GIL.
    fn hr(
        &self,
        py: Python<'_>,
        measure: &'static str,
        req: &mut hr::Request,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        self.scope(scope)?;
        let o = args::options(py, options)?;
        let mut map = req.take();
        if let Some(u) = unit {
            map.insert("unit".into(), serde_json::Value::String(u));
        }
        map.insert("scope".into(), serde_json::Value::String(scope.into()));
        let args = serde_json::Value::Object(map);
        self.run(py, |wf| workforce::hr::request::run(wf, measure, &args, &o))
    }
}

#[pymethods]
impl PyWorkforce {
    /// The DfE CSWW summary for the year (1 October to 30 September) ending on `year_end`
    /// (a date, an ISO string, or a list of them): one row per unit and year with
    /// `org_unit_id, year_end` and DfE's column names (`inpost_fte`, …, `absence_rate_fte`),
    /// unrounded.
    ///
    /// Example:
    ///     >>> wf.csww(year_end="2021-09-30", by_unit=True)
    #[pyo3(signature = (year_end, *, unit=None, by_unit=false, **options))]
    fn csww(
        &self,
        py: Python<'_>,
        year_end: &Bound<'_, PyAny>,
        unit: Option<String>,
        by_unit: bool,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let ends = args::dates("year_end", year_end)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| wf.csww(&ends, unit.as_deref(), by_unit, &o))
    }

    /// The CSWW measures for any period (`start`/`end`, or the year ending `year_end`) and
    /// scope (`"csww"`, `"all"` or `"family:NAME"`), in long form: `metric, org_unit_id,
    /// period_start, period_end, numerator, denominator, value`.
    #[pyo3(signature = (start=None, end=None, *, year_end=None, unit=None, by_unit=false, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn measures(
        &self,
        py: Python<'_>,
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
        year_end: Option<&Bound<'_, PyAny>>,
        unit: Option<String>,
        by_unit: bool,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let (from, to) = args::period(start, end, year_end)?;
        let scope = self.scope(scope)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| {
            wf.measures(from, to, unit.as_deref(), by_unit, &scope, &o)
        })
    }

    /// The measures for each job family in the data and for the whole workforce (`*`), in
    /// long form with a `job_family` column.
    #[pyo3(signature = (start=None, end=None, *, year_end=None, unit=None, **options))]
    fn by_job_family(
        &self,
        py: Python<'_>,
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
        year_end: Option<&Bound<'_, PyAny>>,
        unit: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let (from, to) = args::period(start, end, year_end)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| wf.by_job_family(from, to, unit.as_deref(), &o))
    }

    /// Monthly series from the month of `start` to the month of `end`: in post, starters,
    /// leavers, rolling 12-month turnover (`turnover_rate_12m`), agency, vacancy and sickness
    /// rates at each `month_end`.
    #[pyo3(signature = (start, end, *, unit=None, scope="csww", **options))]
    fn series(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let (from, to) = args::period(Some(start), Some(end), None)?;
        let scope = self.scope(scope)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| wf.series(from, to, unit.as_deref(), &scope, &o))
    }

    /// Agency assignments in post on `date` by length band: `band, assignments, fte`.
    #[pyo3(signature = (date, *, unit=None, scope="csww", **options))]
    fn agency_length_bands(
        &self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let date = args::date("date", date)?;
        let scope = self.scope(scope)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| {
            wf.agency_length_bands(date, unit.as_deref(), &scope, &o)
        })
    }

    /// Agency share by unit on `date`, for the unit (default: all) and each unit below it.
    #[pyo3(signature = (date, *, unit=None, scope="csww", **options))]
    fn agency_by_unit(
        &self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let date = args::date("date", date)?;
        let scope = self.scope(scope)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| {
            wf.agency_by_unit(date, unit.as_deref(), &scope, &o)
        })
    }

    /// The records behind a figure: for `metric` (a CSWW column name such as
    /// `"turnover_rate_fte"`) over the period, each record adding to its numerator or
    /// denominator: `role, part, table, id, person_id, value`.
    #[pyo3(signature = (metric, start=None, end=None, *, year_end=None, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn explain(
        &self,
        py: Python<'_>,
        metric: &Bound<'_, PyAny>,
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
        year_end: Option<&Bound<'_, PyAny>>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let metric: String = metric
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("metric must be a str (a CSWW column name)"))?
            .to_cow()?
            .to_string();
        let (from, to) = args::period(start, end, year_end)?;
        let scope = self.scope(scope)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| {
            wf.explain(&metric, from, to, unit.as_deref(), &scope, &o)
        })
    }

    /// Kaplan–Meier retention curves of employment spells observed from `from_` to `to`
    /// (`workforce hr survival`): one row per group and event time with the survival, its
    /// confidence interval and the numbers at risk; with `medians=True` one row per group with
    /// the median survival and its interval. `group_by` is `"none"`, `"team"`, `"role"`,
    /// `"source_system"`, `"start_year"` or `"contract_type"`; `time_unit` `"days"`,
    /// `"weeks"`, `"months"` or `"years"`; `conf_type` `"log"`, `"log-log"` or `"plain"`.
    ///
    /// Example:
    ///     >>> wf.survival(from_="2019-10-01", to="2021-09-30", group_by="role", medians=True)
    #[pyo3(signature = (*, from_, to, group_by="none", time_unit="months", conf_type="log", conf_level=0.95, medians=false, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn survival(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        group_by: &str,
        time_unit: &str,
        conf_type: &str,
        conf_level: f64,
        medians: bool,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", Some(from_))?.date("to", Some(to))?;
        r.str("group_by", Some(group_by))
            .str("time_unit", Some(time_unit))
            .str("conf_type", Some(conf_type))
            .flag("medians", medians)
            .num("conf_level", Some(conf_level))?;
        self.hr(py, "survival", &mut r, unit, scope, options)
    }

    /// Stability (`workforce hr stability`). `view` is `"index"` (stability index and FTE
    /// stability rate for `from_`..`to`; `from_` defaults to one year before `to`),
    /// `"tenure"` (in post on `to` by length of service, bands edges `bands` in years),
    /// `"leaver-tenure"` (time in post of the leavers of `from_`..`to`), `"movers"` (internal
    /// moves) or `"conversions"` (agency-to-permanent conversions within `window_days`).
    /// `by_unit=True` adds each unit below `unit`.
    ///
    /// Example:
    ///     >>> wf.stability(to="2021-09-30", view="tenure", bands=[1, 3, 5])
    #[pyo3(signature = (*, to, view="index", from_=None, by_unit=false, bands=None, window_days=90, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn stability(
        &self,
        py: Python<'_>,
        to: &Bound<'_, PyAny>,
        view: &str,
        from_: Option<&Bound<'_, PyAny>>,
        by_unit: bool,
        bands: Option<Vec<f64>>,
        window_days: i64,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("to", Some(to))?.date("from", from_)?;
        r.str("view", Some(view)).flag("by_unit", by_unit);
        r.nums("bands", bands)?.count("window_days", window_days)?;
        self.hr(py, "stability", &mut r, unit, scope, options)
    }

    /// Sickness absence (`workforce hr sickness`) for `from_`..`to`. `view` is `"summary"`
    /// (short/long spells, days lost per FTE, % working days lost), `"month"` (% working days
    /// lost by month), `"long-term"` (long-term sickness at the month end of `to`),
    /// `"bradford"` (Bradford factor per person over the `window_days` ending on `to`, days
    /// counted as `bradford_days`: `"calendar"` or `"working"`) or `"reason"` (spells by
    /// reason). `by_unit=True` adds each unit below `unit`.
    ///
    /// Example:
    ///     >>> wf.sickness(from_="2020-10-01", to="2021-09-30", view="month")
    #[pyo3(signature = (*, from_, to, view="summary", by_unit=false, window_days=364, bradford_days="calendar", unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn sickness(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        view: &str,
        by_unit: bool,
        window_days: i64,
        bradford_days: &str,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", Some(from_))?.date("to", Some(to))?;
        r.str("view", Some(view))
            .flag("by_unit", by_unit)
            .str("bradford_days", Some(bradford_days))
            .count("window_days", window_days)?;
        self.hr(py, "sickness", &mut r, unit, scope, options)
    }

    /// Cases per worker on `date` (`workforce hr caseload`): min, quartiles and max, overall
    /// or by `group_by` (`"none"`, `"team"`, `"role"`). Needs `case_allocations.csv`
    /// (else `MissingDataError`).
    ///
    /// Example:
    ///     >>> wf.caseload(date="2021-09-30", group_by="team", exclude_managers=True)
    #[pyo3(signature = (*, date, group_by="none", exclude_managers=false, nq_weight=None, per_fte=false, include_zero=false, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn caseload(
        &self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        group_by: &str,
        exclude_managers: bool,
        nq_weight: Option<f64>,
        per_fte: bool,
        include_zero: bool,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("date", Some(date))?;
        r.str("group_by", Some(group_by))
            .flag("exclude_managers", exclude_managers)
            .flag("per_fte", per_fte)
            .flag("include_zero", include_zero)
            .num("nq_weight", nq_weight)?;
        self.hr(py, "caseload", &mut r, unit, scope, options)
    }

    /// Children with 1, 2, 3 or more social workers in the year to `year_end` (31 March;
    /// `workforce hr child-changes`). `count` is `"distinct"` (DfE) or `"changes"`;
    /// `cohort` `"cla"` (looked after on the year end) or `"allocated"`; `threshold` the top
    /// band. Needs `case_allocations.csv` (else `MissingDataError`).
    ///
    /// Example:
    ///     >>> wf.child_changes(year_end="2021-03-31", count="changes")
    #[pyo3(signature = (*, year_end, count="distinct", cohort="cla", threshold=3, **options))]
    fn child_changes(
        &self,
        py: Python<'_>,
        year_end: &Bound<'_, PyAny>,
        count: &str,
        cohort: &str,
        threshold: i64,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("year_end", Some(year_end))?;
        r.str("count", Some(count))
            .str("cohort", Some(cohort))
            .count("threshold", threshold)?;
        self.hr(py, "child_changes", &mut r, None, "csww", options)
    }

    /// Employee-relations cases by type and status for `from_`..`to` (`workforce hr
    /// casework`). Needs `er_cases.csv` (else `MissingDataError`).
    #[pyo3(signature = (*, from_, to, unit=None, scope="csww", **options))]
    fn casework(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", Some(from_))?.date("to", Some(to))?;
        self.hr(py, "casework", &mut r, unit, scope, options)
    }

    /// Pay by source system for the same title and grade, with the gap (`workforce hr pay`):
    /// contracts in post on `date`, or every contract when `date` is None.
    #[pyo3(signature = (*, date=None, unit=None, scope="csww", **options))]
    fn pay(
        &self,
        py: Python<'_>,
        date: Option<&Bound<'_, PyAny>>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("date", date)?;
        self.hr(py, "pay", &mut r, unit, scope, options)
    }

    /// Leavers of `from_`..`to` (`workforce hr leavers`) by each breakdown of `by` (a str or
    /// a list of `"reason"`, `"destination"`, `"team"`, `"role"`, `"service"`, `"category"`;
    /// default `"reason"`), length of service in bands with edges `bands` (years). Each row
    /// carries its share of the turnover rate; on the `voluntary` row of `by="category"` that
    /// is the voluntary turnover rate (option `leaver_categories`).
    #[pyo3(signature = (*, from_, to, by=None, bands=None, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn leavers(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        by: Option<&Bound<'_, PyAny>>,
        bands: Option<Vec<f64>>,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", Some(from_))?.date("to", Some(to))?;
        r.strs("by", by)?.nums("bands", bands)?;
        self.hr(py, "leavers", &mut r, unit, scope, options)
    }

    /// Agency assignments started and ended per `period` (`"month"`, `"quarter"`,
    /// `"year"`), turnover and conversions for `from_`..`to` (`workforce hr agency-churn`);
    /// with `lengths=True` the lengths of completed assignments by band instead.
    #[pyo3(signature = (*, from_, to, period="month", lengths=false, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn agency_churn(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        period: &str,
        lengths: bool,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", Some(from_))?.date("to", Some(to))?;
        r.str("period", Some(period)).flag("lengths", lengths);
        self.hr(py, "agency_churn", &mut r, unit, scope, options)
    }

    /// Cost (`workforce hr cost`). `view` is `"monthly"` (pay bill and agency spend per month
    /// of `from_`..`to`), `"premium"` (agency premium per assignment in post on `date`) or
    /// `"what-if"` (saving if the agency assignments `convert` became permanent on `date`).
    /// `hours_per_week` is a full-time week; `on_cost_rate` the employer on-costs as a
    /// fraction of pay.
    #[pyo3(signature = (*, view="monthly", from_=None, to=None, date=None, convert=None, hours_per_week=37.0, on_cost_rate=0.0, unit=None, scope="csww", **options))]
    #[allow(clippy::too_many_arguments)]
    fn cost(
        &self,
        py: Python<'_>,
        view: &str,
        from_: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
        convert: Option<&Bound<'_, PyAny>>,
        hours_per_week: f64,
        on_cost_rate: f64,
        unit: Option<String>,
        scope: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("from", from_)?.date("to", to)?.date("date", date)?;
        r.str("view", Some(view));
        r.strs("convert", convert)?
            .num("hours_per_week", Some(hours_per_week))?
            .num("on_cost_rate", Some(on_cost_rate))?;
        self.hr(py, "cost", &mut r, unit, scope, options)
    }

    /// Change in permanent qualified headcount between `before` and `after`, by role
    /// (`workforce hr recruitment`); `exclude_unknown_type=True` counts contracts of unknown
    /// type as temporary.
    #[pyo3(signature = (*, before, after, exclude_unknown_type=false, unit=None, **options))]
    fn recruitment(
        &self,
        py: Python<'_>,
        before: &Bound<'_, PyAny>,
        after: &Bound<'_, PyAny>,
        exclude_unknown_type: bool,
        unit: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        let mut r = hr::Request::default();
        r.date("before", Some(before))?.date("after", Some(after))?;
        r.flag("exclude_unknown_type", exclude_unknown_type);
        self.hr(py, "recruitment", &mut r, unit, "csww", options)
    }

    /// The councillors' workforce report for the CSWW year ending `year_end` (`workforce
    /// report`): one self-contained HTML page, and with `xlsx=` its tables as an XLSX
    /// workbook. Writes the page to `html` and returns None, or returns its text when `html`
    /// is None.
    ///
    /// `la` (a DfE code or name) adds the comparators (region, statistical neighbours and the
    /// councils of `with_`) from the indicators shipped with the library, or `dfe=` and
    /// `neighbours=` files. `publication=True` suppresses counts below `threshold` (DfE's
    /// symbol `c`) and leaves out lists of people. `unit` reports one org unit; `title` names
    /// the council; `as_of` is the data's as-of date (default the latest date in the data).
    ///
    /// Example:
    ///     >>> wf.councillors_report("2021-09-30", la="839", with_=["Dorset"], html="report.html")
    #[pyo3(signature = (year_end, *, la=None, with_=None, html=None, xlsx=None, publication=false, threshold=5.0, unit=None, title=None, as_of=None, dfe=None, neighbours=None, cool_off_months=3, **options))]
    #[allow(clippy::too_many_arguments)]
    fn councillors_report(
        &self,
        py: Python<'_>,
        year_end: &Bound<'_, PyAny>,
        la: Option<&Bound<'_, PyAny>>,
        with_: Option<&Bound<'_, PyAny>>,
        html: Option<std::path::PathBuf>,
        xlsx: Option<std::path::PathBuf>,
        publication: bool,
        threshold: f64,
        unit: Option<String>,
        title: Option<String>,
        as_of: Option<&Bound<'_, PyAny>>,
        dfe: Option<std::path::PathBuf>,
        neighbours: Option<std::path::PathBuf>,
        cool_off_months: u32,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Option<String>> {
        use workforce::report::{self, safety::Suppression, ReportRequest};
        let mut req = ReportRequest::new(args::date("year_end", year_end)?);
        req.options = args::options(py, options)?;
        req.la = la
            .filter(|v| !v.is_none())
            .map(|v| compare::council("la", v))
            .transpose()?;
        req.named = args::strings("with_", with_)?;
        if !req.named.is_empty() && req.la.is_none() {
            return Err(PyTypeError::new_err("with_= needs la="));
        }
        req.unit = unit;
        req.council = title;
        if let Some(d) = as_of.filter(|v| !v.is_none()) {
            req.as_of = Some(args::date("as_of", d)?);
        }
        req.load = self.load.as_deref().cloned();
        req.cool_off_months = cool_off_months;
        if publication {
            if !(threshold.is_finite() && threshold > 0.0) {
                return Err(errors::invalid_argument(format!(
                    "threshold must be a positive number, got {threshold}"
                )));
            }
            req.publication = Some(Suppression {
                threshold,
                ..Suppression::default()
            });
        }
        let wf = &*self.inner;
        py.detach(|| -> workforce::Result<Option<String>> {
            if let Some(path) = &dfe {
                req.indicators = Some(workforce::published::Indicators::read(path)?);
                req.dfe_source = Some(path.display().to_string());
            }
            if let Some(path) = &neighbours {
                req.neighbours = Some(workforce::published::Neighbours::read(path)?);
            }
            let rep = report::build(wf, &req)?;
            if let Some(x) = &xlsx {
                report::xlsx::write(&rep, x)?;
            }
            let text = report::html::render(&rep);
            match &html {
                Some(path) => {
                    std::fs::write(path, text).map_err(|e| Error::io(path.display(), &e))?;
                    Ok(None)
                }
                None => Ok(Some(text)),
            }
        })
        .py_err(py)
    }

    /// The CSWW census return for the collection year of `year_end` (30 September,
    /// 2021–2025) as `workforce census`: a `CensusExport` with the XML text (`.xml`,
    /// `.write(path)`) and the records that could not be filled (`.issues`). `la` is the
    /// 3-digit (old) LA number written to the header. `pseudonymise_key` (bytes, or a path to
    /// a key file) writes the variant for regional partners: SWE numbers replaced by
    /// HMAC-SHA256, dates of birth reduced to the month. `settings` (a dict or a path to a JSON
    /// file) holds the LA-level pay and allowance answers required from 2025.
    ///
    /// Example:
    ///     >>> c = wf.census_xml("2021-09-30", la="839")
    ///     >>> c.write("csww_2021.xml")
    #[pyo3(signature = (year_end, la, *, pseudonymise_key=None, settings=None, **options))]
    fn census_xml(
        &self,
        py: Python<'_>,
        year_end: &Bound<'_, PyAny>,
        la: &Bound<'_, PyAny>,
        pseudonymise_key: Option<&Bound<'_, PyAny>>,
        settings: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<census::PyCensusExport> {
        let mut opts = workforce::census::ExportOptions::new(
            args::date("year_end", year_end)?,
            compare::council("la", la)?,
        );
        opts.options = args::options(py, options)?;
        opts.settings = census::settings(py, settings)?;
        let key = census::key(pseudonymise_key)?;
        census::export(py, &self.inner, &opts, key)
    }

    /// The quarterly agency data (DfE's rules for agency social workers; `workforce
    /// agency-return`) for the calendar quarter holding `date`, for `unit` (default the whole
    /// council): an `AgencyReturn` with the tables `by_team`, `lengths`, `assignments` and
    /// `churn`, the stocks taken on the quarter's last day.
    ///
    /// Example:
    ///     >>> q = wf.agency_return("2021-09-30")
    ///     >>> q.assignments.to_pandas()
    #[pyo3(signature = (date, *, unit=None, **options))]
    fn agency_return(
        &self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        unit: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<agency::PyAgencyReturn> {
        let date = args::date("date", date)?;
        let o = args::options(py, options)?;
        let wf = &*self.inner;
        let r = py
            .detach(|| workforce::report::agency::quarterly_return(wf, date, unit.as_deref(), &o))
            .py_err(py)?;
        agency::PyAgencyReturn::new(py, r)
    }

    /// The cool-off check (`workforce cool-off`): everyone who left a permanent social work
    /// post and started an agency assignment with the council within `months` calendar
    /// months, the agency start falling in `from_`..`to`: `person_id, left_date, contract_id,
    /// left_unit, contract_type, assignment_id, agency, agency_unit, agency_start, gap_days`.
    ///
    /// Example:
    ///     >>> wf.cool_off("2020-10-01", "2021-09-30", months=3)
    #[pyo3(signature = (from_, to, *, months=3, **options))]
    fn cool_off(
        &self,
        py: Python<'_>,
        from_: &Bound<'_, PyAny>,
        to: &Bound<'_, PyAny>,
        months: u32,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResultTable> {
        use workforce::report::agency::{cool_off, cool_off_table};
        let from = args::date("from_", from_)?;
        let to = args::date("to", to)?;
        let o = args::options(py, options)?;
        self.run(py, |wf| {
            let cases = cool_off(wf, from, to, months, &o)?;
            Ok(cool_off_table(&cases, months, &o))
        })
    }

    /// The load report (`None` for a demo or generated data set).
    #[getter]
    fn report(&self, py: Python<'_>) -> Option<Py<PyLoadReport>> {
        self.report.as_ref().map(|r| r.clone_ref(py))
    }

    /// Write the data set as a canonical data folder at `path` (created if needed), readable
    /// by `workforce.load` and the command-line tool.
    fn write(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let data = self.inner.data();
        py.detach(|| workforce::io::write_dir(data, &path))
            .py_err(py)
    }

    /// Org unit ids, depth first.
    fn unit_ids(&self) -> Vec<String> {
        self.inner
            .unit_ids()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The job families present in the data.
    fn job_families(&self) -> Vec<String> {
        self.inner.job_families()
    }

    /// A canonical table of the data set (`"contracts"`, `"people"`, …) as a `Table`, with the
    /// columns of the data format. `None` for an optional table that is absent.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Option<PyResultTable>> {
        if !dataset::FILES.contains(&name.strip_suffix(".csv").unwrap_or(name)) {
            return Err(PyKeyError::new_err(format!(
                "name: unknown table {name:?}; tables are: {}",
                dataset::FILES.join(", ")
            )));
        }
        let data = self.inner.data();
        Ok(py.detach(|| dataset::table(data, name).map(PyResultTable::new)))
    }

    /// Seconds of the fastest of `repeat` pure Rust `csww` calls (no Python, no Arrow), for
    /// measuring the binding's overhead.
    #[pyo3(signature = (year_end, *, by_unit=false, repeat=5))]
    fn _bench_csww(
        &self,
        py: Python<'_>,
        year_end: &Bound<'_, PyAny>,
        by_unit: bool,
        repeat: usize,
    ) -> PyResult<f64> {
        let ends = args::dates("year_end", year_end)?;
        let wf = &*self.inner;
        py.detach(|| {
            let mut best = f64::INFINITY;
            for _ in 0..repeat.max(1) {
                let t = std::time::Instant::now();
                let r = wf.csww(&ends, None, by_unit, &Options::default());
                best = best.min(t.elapsed().as_secs_f64());
                r?;
            }
            Ok(best)
        })
        .py_err(py)
    }

    fn __repr__(&self) -> String {
        let d = self.inner.data();
        format!(
            "<workforce.Workforce: {} units, {} people, {} posts, {} contracts, {} agency \
             assignments, {} absences>",
            d.org_units.len(),
            d.people.len(),
            d.posts.len(),
            d.contracts.len(),
            d.agency_assignments.len(),
            d.absences.len()
        )
    }
}

pub(crate) fn new_workforce(
    py: Python<'_>,
    data: workforce::Dataset,
    report: Option<workforce::io::LoadReport>,
) -> PyResult<PyWorkforce> {
    let wf = py.detach(|| workforce::Workforce::new(data)).py_err(py)?;
    py_workforce(py, wf, report)
}

fn py_workforce(
    py: Python<'_>,
    wf: workforce::Workforce,
    load: Option<workforce::io::LoadReport>,
) -> PyResult<PyWorkforce> {
    let report = match &load {
        Some(r) => Some(Py::new(py, report(py, r)?)?),
        None => None,
    };
    Ok(PyWorkforce {
        inner: Arc::new(wf),
        report,
        load: load.map(Arc::new),
    })
}

fn arrow_input(
    file: &'static str,
    name: &str,
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<input::Input>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a table with the Arrow PyCapsule interface (a pandas or polars \
             DataFrame, a pyarrow Table, …), got {}",
            obj.get_type().name()?
        )));
    }
    let t: PyTable = obj
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("{name}: cannot read as an Arrow table: {e}")))?;
    let (batches, schema) = t.into_inner();
    Ok(Some(input::Input::new(file, schema, batches)))
}

/// Build a data set from tables: one per canonical file, each any object with the Arrow
/// PyCapsule interface (pandas ≥ 2.2 or polars DataFrames, pyarrow Tables, …), with the
/// column names of the data format. Dates may be Arrow dates, timestamps or ISO strings.
///
/// Rows that break the data contract (a value that cannot be read as its column's type, a
/// missing required value, an unknown reference, a duplicate id, an end before its start, …)
/// are dropped and listed in `report.rejections` (rows numbered by position from 1), or raise
/// `InvalidDataError` with `strict=True`. A required column missing, or a column whose type
/// cannot be read at all, raises `InvalidDataError` naming the table and column.
///
/// Example:
///     >>> wf = workforce.from_tables(org_units=units_df, people=people_df, posts=posts_df,
///     ...                            contracts=contracts_df, agency_assignments=agency_df,
///     ...                            absences=absences_df)
#[pyfunction]
#[pyo3(signature = (org_units, people, posts, contracts, agency_assignments, absences, *, er_cases=None, case_allocations=None, care_periods=None, bank_holidays=None, strict=false))]
#[allow(clippy::too_many_arguments)]
fn from_tables(
    py: Python<'_>,
    org_units: &Bound<'_, PyAny>,
    people: &Bound<'_, PyAny>,
    posts: &Bound<'_, PyAny>,
    contracts: &Bound<'_, PyAny>,
    agency_assignments: &Bound<'_, PyAny>,
    absences: &Bound<'_, PyAny>,
    er_cases: Option<&Bound<'_, PyAny>>,
    case_allocations: Option<&Bound<'_, PyAny>>,
    care_periods: Option<&Bound<'_, PyAny>>,
    bank_holidays: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<PyWorkforce> {
    let need = |file, name, obj: &Bound<'_, PyAny>| -> PyResult<input::Input> {
        arrow_input(file, name, Some(obj))?
            .ok_or_else(|| PyTypeError::new_err(format!("{name} is required, got None")))
    };
    let inputs = input::Inputs {
        org_units: Some(need("org_units.csv", "org_units", org_units)?),
        people: Some(need("people.csv", "people", people)?),
        posts: Some(need("posts.csv", "posts", posts)?),
        contracts: Some(need("contracts.csv", "contracts", contracts)?),
        agency_assignments: Some(need(
            "agency_assignments.csv",
            "agency_assignments",
            agency_assignments,
        )?),
        absences: Some(need("absences.csv", "absences", absences)?),
        er_cases: arrow_input("er_cases.csv", "er_cases", er_cases)?,
        case_allocations: arrow_input(
            "case_allocations.csv",
            "case_allocations",
            case_allocations,
        )?,
        care_periods: arrow_input("care_periods.csv", "care_periods", care_periods)?,
        bank_holidays: arrow_input("bank_holidays.csv", "bank_holidays", bank_holidays)?,
    };
    let (data, rep) = py.detach(|| input::load(inputs)).py_err(py)?;
    if strict {
        if let Some(first) = rep.rejections.first() {
            return Err(errors::to_py(py, first.to_error()));
        }
    }
    new_workforce(py, data, Some(rep))
}

fn report(py: Python<'_>, r: &workforce::io::LoadReport) -> PyResult<PyLoadReport> {
    PyLoadReport::new(
        py,
        r.summary_table(),
        r.rejections_table(),
        r.warnings_table(),
    )
}

/// Load the canonical data folder at `path` (a `str` or `os.PathLike`).
///
/// Rows that break the data contract are dropped and listed in `report`; with `strict=True`
/// the first one raises `InvalidDataError`. A missing folder or required file raises
/// `IoError`.
///
/// Example:
///     >>> wf = workforce.load("data/")
///     >>> wf.report.summary
#[pyfunction]
#[pyo3(signature = (path, *, strict=false))]
fn load(py: Python<'_>, path: std::path::PathBuf, strict: bool) -> PyResult<PyWorkforce> {
    let opts = workforce::io::LoadOptions { strict };
    let (wf, rep) = py
        .detach(|| workforce::io::open_dir(&path, &opts))
        .py_err(py)?;
    py_workforce(py, wf, Some(rep))
}

/// The built-in demo council: a generated council (about 200 FTE children's social workers,
/// April 2016 to September 2023) with high turnover, heavy agency use and many vacancies
/// around 2021, and case allocations. The same data as the command-line tool's `demo`.
///
/// Example:
///     >>> wf = workforce.demo()
///     >>> wf.csww(year_end="2021-09-30")
#[pyfunction]
fn demo(py: Python<'_>) -> PyResult<PyWorkforce> {
    let data = py.detach(workforce::generate::demo);
    new_workforce(py, data, None)
}

/// Generate a realistic council's workforce history of `people` distinct people (100 to
/// 5,000,000): the same `seed` and options give the same data. `start`/`end` bound the history
/// (default 2015-04-01 to 2025-09-30); `council` is `"typical"` (national averages) or
/// `"scrutiny_story"` (the demo council's story); `cases=False` leaves out case allocations
/// and care periods (the largest tables).
///
/// Example:
///     >>> wf = workforce.generate(people=20_000, seed=7)
///     >>> wf.write("council/")
#[pyfunction]
#[pyo3(signature = (people=600, *, seed=1, start=None, end=None, anchor=None, council="typical", cases=true))]
#[allow(clippy::too_many_arguments)]
fn generate(
    py: Python<'_>,
    people: usize,
    seed: u64,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    anchor: Option<&Bound<'_, PyAny>>,
    council: &str,
    cases: bool,
) -> PyResult<PyWorkforce> {
    use workforce::generate::{Council, GenerateOptions};
    let mut o = GenerateOptions {
        people,
        seed,
        cases,
        ..GenerateOptions::default()
    };
    if let Some(s) = start {
        o.start = args::date("start", s)?;
    }
    if let Some(e) = end {
        o.end = args::date("end", e)?;
    }
    if let Some(a) = anchor {
        o.anchor = Some(args::date("anchor", a)?);
    }
    o.council = match council {
        "typical" => Council::Typical,
        "scrutiny_story" => Council::ScrutinyStory,
        other => {
            return Err(errors::invalid_argument(format!(
                "council: expected \"typical\" or \"scrutiny_story\", got {other:?}"
            )))
        }
    };
    let data = py.detach(|| workforce::generate::generate(&o)).py_err(py)?;
    new_workforce(py, data, None)
}

/// The result of `workforce.import_`: the legacy-import report, each part a `Table` (the same
/// rows as the CSV files of `OUT/import_report/`).
///
/// Example:
///     >>> r = workforce.import_("import.toml", "canonical/")
///     >>> r.rejections.to_pandas()
#[pyclass(frozen, name = "ImportResult", module = "workforce._workforce")]
pub struct PyImportResult {
    summary: Py<PyResultTable>,
    rejections: Py<PyResultTable>,
    warnings: Py<PyResultTable>,
    matches: Py<PyResultTable>,
    continuity: Py<PyResultTable>,
    out: std::path::PathBuf,
}

#[pymethods]
impl PyImportResult {
    /// One row per source file: `file, source, rows_read, accepted, rejected, warnings`.
    #[getter]
    fn summary(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.summary.clone_ref(py)
    }
    /// Rejected rows: `file, row, column, value, kind, message`.
    #[getter]
    fn rejections(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.rejections.clone_ref(py)
    }
    /// Rows kept with a doubtful value: `file, row, column, value, kind, message`.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.warnings.clone_ref(py)
    }
    /// Identity matching of source records to people: `person_id, source, local_id, status,
    /// rule, confidence, candidates`.
    #[getter]
    fn matches(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.matches.clone_ref(py)
    }
    /// The totals compared with the `previous` run's (empty without `previous`): `scope,
    /// measure, period_end, previous, current, change, flagged` (`change` is a fraction,
    /// missing when the previous figure is 0; `flagged` when it exceeds the threshold).
    #[getter]
    fn continuity(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.continuity.clone_ref(py)
    }
    /// The output folder (a canonical data folder, readable by `workforce.load`).
    #[getter]
    fn out(&self) -> std::path::PathBuf {
        self.out.clone()
    }
    /// True when nothing was rejected and nothing was doubtful.
    #[getter]
    fn is_clean(&self) -> bool {
        self.rejections.get().inner.num_rows() == 0 && self.warnings.get().inner.num_rows() == 0
    }
    fn __repr__(&self) -> String {
        format!(
            "<workforce.ImportResult: {} rejected rows, {} warnings, {} identity rows; out={}>",
            self.rejections.get().inner.num_rows(),
            self.warnings.get().inner.num_rows(),
            self.matches.get().inner.num_rows(),
            self.out.display()
        )
    }
}

/// Import legacy HR exports: read the sources the mapping file `config_path` (TOML, see
/// docs/import.md) describes, write the canonical data folder and `import_report/` to `out`
/// (as `workforce import --config CONFIG --out OUT`), and return the report. `previous` is a
/// previous run's output folder for the continuity checks. With `strict=True` any rejected
/// row raises `InvalidDataError` (after writing, as the CLI does).
///
/// Example:
///     >>> r = workforce.import_("import.toml", "canonical/")
///     >>> wf = workforce.load(r.out)
#[pyfunction]
#[pyo3(name = "import_", signature = (config_path, out, *, previous=None, strict=false))]
fn import_legacy(
    py: Python<'_>,
    config_path: std::path::PathBuf,
    out: std::path::PathBuf,
    previous: Option<std::path::PathBuf>,
    strict: bool,
) -> PyResult<PyImportResult> {
    let imp = py
        .detach(|| -> workforce::Result<workforce::import::Import> {
            let mut imp = workforce::import::import_file(&config_path)?;
            workforce::import::write_output(&mut imp, &out, previous.as_deref())?;
            Ok(imp)
        })
        .py_err(py)?;
    let r = &imp.report;
    if let (true, Some(first)) = (strict, r.rejections.first()) {
        // The error is located at the first rejected row, as a strict `load` is.
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let location = workforce::Location {
            file: text(&first.file),
            row: (first.row > 0).then_some(first.row),
            column: text(&first.column),
            value: text(&first.value),
        };
        return Err(errors::to_py(
            py,
            Error::new(
                ErrorKind::InvalidData,
                format!(
                    "{} (the first of {} rows rejected, strict=True; see {})",
                    first.message,
                    r.rejections.len(),
                    out.join("import_report/rejections.csv").display()
                ),
            )
            .at(location),
        ));
    }
    let t = |t: Table| Py::new(py, PyResultTable::new(t));
    Ok(PyImportResult {
        summary: t(r.files_table())?,
        rejections: t(r.rejections_table())?,
        warnings: t(r.warnings_table())?,
        matches: t(r.matches_table())?,
        continuity: t(continuity_table(&r.continuity))?,
        out,
    })
}

/// The import's continuity checks as a table (the columns of `continuity.csv`).
fn continuity_table(rows: &[workforce::import::report::Continuity]) -> Table {
    use workforce::table::{Column, Display::Plain};
    let s = |f: fn(&workforce::import::report::Continuity) -> &str| {
        Column::Str(rows.iter().map(|c| Some(f(c).to_string())).collect())
    };
    Table::new()
        .with("scope", s(|c| &c.scope), Plain)
        .with("measure", s(|c| &c.measure), Plain)
        .with(
            "period_end",
            Column::Date(rows.iter().map(|c| Some(c.period_end)).collect()),
            Plain,
        )
        .with(
            "previous",
            Column::Float(rows.iter().map(|c| Some(c.previous)).collect()),
            Plain,
        )
        .with(
            "current",
            Column::Float(rows.iter().map(|c| Some(c.current)).collect()),
            Plain,
        )
        .with(
            "change",
            Column::Float(rows.iter().map(|c| c.change).collect()),
            Plain,
        )
        .with(
            "flagged",
            Column::Bool(rows.iter().map(|c| Some(c.flagged)).collect()),
            Plain,
        )
}

/// The default metric options (DfE's CSWW method) as JSON.
#[pyfunction]
fn _default_options_json() -> String {
    args::default_options_json()
}

/// Raise the exception of an error kind (for tests of the error mapping).
#[pyfunction]
#[pyo3(signature = (kind, message, *, file=None, row=None, column=None, value=None))]
fn _raise_error(
    py: Python<'_>,
    kind: &str,
    message: &str,
    file: Option<String>,
    row: Option<u64>,
    column: Option<String>,
    value: Option<String>,
) -> PyResult<()> {
    let kind = match kind {
        "io" => ErrorKind::Io,
        "invalid_data" => ErrorKind::InvalidData,
        "missing_data" => ErrorKind::MissingData,
        "invalid_argument" => ErrorKind::InvalidArgument,
        "config" => ErrorKind::Config,
        "internal" => ErrorKind::Internal,
        other => {
            return Err(PyValueError::new_err(format!(
                "kind: unknown kind {other:?}"
            )))
        }
    };
    Err(errors::to_py(
        py,
        Error::new(kind, message).at(Location {
            file,
            row,
            column,
            value,
        }),
    ))
}

#[pymodule]
fn _workforce(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", workforce::VERSION)?;
    m.add("CSWW_COLUMNS", workforce::metrics::CSWW_COLUMNS.to_vec())?;
    m.add("OPTION_NAMES", args::option_names())?;
    m.add("TABLE_NAMES", dataset::FILES.to_vec())?;
    m.add_class::<PyWorkforce>()?;
    m.add_class::<PyResultTable>()?;
    m.add_class::<PyLoadReport>()?;
    m.add_class::<PyImportResult>()?;
    m.add_class::<census::PyCensusExport>()?;
    m.add_class::<agency::PyAgencyReturn>()?;
    m.add_function(wrap_pyfunction!(compare::compare, m)?)?;
    m.add_function(wrap_pyfunction!(census::read_census, m)?)?;
    m.add_function(wrap_pyfunction!(import_legacy, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(from_tables, m)?)?;
    m.add_function(wrap_pyfunction!(demo, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(_default_options_json, m)?)?;
    m.add_function(wrap_pyfunction!(_raise_error, m)?)?;
    Ok(())
}
