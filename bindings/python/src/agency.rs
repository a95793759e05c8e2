//! The agency rules: the quarterly agency data (`workforce agency-return`).

use crate::table::PyResultTable;
use pyo3::prelude::*;
use workforce::Date;

/// The quarterly agency data for one calendar quarter (`Workforce.agency_return`), each part a
/// `Table`: the four tables `workforce agency-return` prints.
///
/// Example:
///     >>> q = wf.agency_return("2021-09-30")
///     >>> q.by_team.to_pandas()
#[pyclass(frozen, name = "AgencyReturn", module = "workforce._workforce")]
pub struct PyAgencyReturn {
    pub quarter_start: Date,
    pub quarter_end: Date,
    pub by_team: Py<PyResultTable>,
    pub lengths: Py<PyResultTable>,
    pub assignments: Py<PyResultTable>,
    pub churn: Py<PyResultTable>,
}

impl PyAgencyReturn {
    pub fn new(py: Python<'_>, r: workforce::report::agency::AgencyReturn) -> PyResult<Self> {
        let t = |t| Py::new(py, PyResultTable::new(t));
        Ok(PyAgencyReturn {
            quarter_start: r.quarter_start,
            quarter_end: r.quarter_end,
            by_team: t(r.by_team)?,
            lengths: t(r.lengths)?,
            assignments: t(r.assignments)?,
            churn: t(r.churn)?,
        })
    }
}

#[pymethods]
impl PyAgencyReturn {
    /// First day of the quarter.
    #[getter]
    fn quarter_start(&self) -> Date {
        self.quarter_start
    }
    /// Last day of the quarter; the stocks are taken on it.
    #[getter]
    fn quarter_end(&self) -> Date {
        self.quarter_end
    }
    /// Agency social workers by unit at the quarter end (FTE, headcount, share of the
    /// workforce), with a `team` column (true for units with no unit below them).
    #[getter]
    fn by_team(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.by_team.clone_ref(py)
    }
    /// Agency assignments in post at the quarter end by length band.
    #[getter]
    fn lengths(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.lengths.clone_ref(py)
    }
    /// One row per agency assignment in post at the quarter end: `assignment_id, person_id,
    /// agency, org_unit_id, team, start_date, planned_end_date, fte, weeks, cover_reason`.
    #[getter]
    fn assignments(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.assignments.clone_ref(py)
    }
    /// Assignments started and ended in the quarter, in post at its start and end, and the
    /// agency turnover.
    #[getter]
    fn churn(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.churn.clone_ref(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "<workforce.AgencyReturn {} to {}: {} agency assignments in post>",
            self.quarter_start,
            self.quarter_end,
            self.assignments.get().inner.num_rows()
        )
    }
}
