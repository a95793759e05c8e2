//! The CSWW census XML return (`workforce census`) and reading a census file back.

use crate::errors::IntoPy;
use crate::table::PyResultTable;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;
use workforce::census::{self, CensusReport, LaSettings};
use workforce::table::{Column, Display::Plain};
use workforce::{Error, Table};

/// The census return built by `Workforce.census_xml`: the XML text, and the records that could
/// not be filled, as `workforce census` writes them (the XML file and its `--report`).
///
/// Example:
///     >>> c = wf.census_xml("2021-09-30", la="839")
///     >>> c.write("csww_2021.xml"); c.issues.to_pandas()
#[pyclass(frozen, name = "CensusExport", module = "workforce._workforce")]
pub struct PyCensusExport {
    xml: String,
    issues: Py<PyResultTable>,
    report: CensusReport,
}

#[pymethods]
impl PyCensusExport {
    /// The census XML, in the layout of the collection year's schema.
    #[getter]
    fn xml(&self) -> &str {
        &self.xml
    }
    /// Records left out (`status` `"excluded"`: no valid SWE number) or written with items
    /// missing (`"incomplete"`): `status, person_id, kind, items, note` (`kind` is
    /// `"employee"` or `"agency"`, `items` the census items concerned, comma-separated).
    #[getter]
    fn issues(&self, py: Python<'_>) -> Py<PyResultTable> {
        self.issues.clone_ref(py)
    }
    /// Other remarks (values capped, codes not recognised).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.report.warnings.clone()
    }
    /// The collection year.
    #[getter]
    fn year(&self) -> i32 {
        self.report.year
    }
    /// Worker records written.
    #[getter]
    fn records(&self) -> usize {
        self.report.records
    }
    /// Employee records written.
    #[getter]
    fn employee_records(&self) -> usize {
        self.report.employee_records
    }
    /// Agency worker records written.
    #[getter]
    fn agency_records(&self) -> usize {
        self.report.agency_records
    }
    /// Duplicate records removed.
    #[getter]
    fn duplicates_removed(&self) -> usize {
        self.report.duplicates_removed
    }
    /// The export report as plain text (what `workforce census` prints).
    fn to_text(&self) -> String {
        self.report.to_text()
    }
    /// The export report as JSON (the file of `workforce census --report`).
    fn to_json(&self) -> String {
        self.report.to_json()
    }
    /// Write the XML to `path`.
    fn write(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let xml = &self.xml;
        py.detach(|| std::fs::write(&path, xml).map_err(|e| Error::io(path.display(), &e)))
            .py_err(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "<workforce.CensusExport {}: {} records ({} employee, {} agency), {} not written, \
             {} incomplete>",
            self.report.year,
            self.report.records,
            self.report.employee_records,
            self.report.agency_records,
            self.report.excluded.len(),
            self.report.incomplete.len()
        )
    }
}

/// The records the export could not fill, as a table.
fn issues_table(r: &CensusReport) -> Table {
    let all: Vec<(&str, &census::Issue)> = r
        .excluded
        .iter()
        .map(|i| ("excluded", i))
        .chain(r.incomplete.iter().map(|i| ("incomplete", i)))
        .collect();
    let s = |f: &dyn Fn(&(&str, &census::Issue)) -> String| {
        Column::Str(all.iter().map(|x| Some(f(x))).collect())
    };
    Table::new()
        .with("status", s(&|(st, _)| st.to_string()), Plain)
        .with("person_id", s(&|(_, i)| i.person_id.clone()), Plain)
        .with("kind", s(&|(_, i)| i.kind.to_string()), Plain)
        .with("items", s(&|(_, i)| i.items.join(", ")), Plain)
        .with("note", s(&|(_, i)| i.note.clone()), Plain)
}

/// The pseudonymisation key: `bytes` (the key itself) or a path to a key file (`str` or
/// `os.PathLike`, as `--pseudonymise KEYFILE`).
pub enum Key {
    Bytes(Vec<u8>),
    File(PathBuf),
}

pub fn key(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Key>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Some(Key::Bytes(b.as_bytes().to_vec())));
    }
    v.extract::<PathBuf>()
        .map(|p| Some(Key::File(p)))
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "pseudonymise_key must be bytes (the key) or a path to a key file, got {}",
                v.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })
}

/// The 2025 LA-level pay and allowance answers: a dict, or a path to their JSON file.
pub fn settings(py: Python<'_>, v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<LaSettings>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if v.is_instance_of::<PyDict>() {
        let text: String = py.import("json")?.call_method1("dumps", (v,))?.extract()?;
        return LaSettings::from_json(&text).map(Some).py_err(py);
    }
    let path: PathBuf = v.extract().map_err(|_| {
        PyTypeError::new_err("settings must be a dict or a path to a JSON file of the answers")
    })?;
    py.detach(|| LaSettings::from_file(&path))
        .map(Some)
        .py_err(py)
}

/// Build the export result (call without the GIL for the building, with it for wrapping).
pub fn export(
    py: Python<'_>,
    wf: &workforce::Workforce,
    opts: &census::ExportOptions,
    key: Option<Key>,
) -> PyResult<PyCensusExport> {
    let (xml, report) = py
        .detach(|| -> workforce::Result<(String, CensusReport)> {
            let (mut ret, report) = census::build(wf, opts)?;
            if let Some(k) = key {
                let k = match k {
                    Key::Bytes(b) => b,
                    Key::File(p) => census::read_key_file(&p)?,
                };
                census::pseudonymise(&mut ret, &k)?;
            }
            Ok((census::to_xml(&ret)?, report))
        })
        .py_err(py)?;
    let issues = Py::new(py, PyResultTable::new(issues_table(&report)))?;
    Ok(PyCensusExport {
        xml,
        issues,
        report,
    })
}

/// Read a census XML file (any collection year 2021–2025) and turn it into a data set: one
/// person per SWE number, a contract per employee record, an agency assignment per agency
/// record, the vacancies as a vacant post, the year's working days lost as one sickness
/// absence, `Cases30` as case allocations. What could not be carried over is in
/// `wf.report.warnings` (file = the census file, row 0); rows breaking the data contract are
/// dropped and listed in `wf.report.rejections`, or raise `InvalidDataError` with
/// `strict=True`.
///
/// Example:
///     >>> wf = workforce.read_census("csww_2021.xml")
///     >>> wf.csww(year_end="2021-09-30")
#[pyfunction]
#[pyo3(signature = (path, *, strict=false))]
pub fn read_census(py: Python<'_>, path: PathBuf, strict: bool) -> PyResult<crate::PyWorkforce> {
    let (data, notes) = py
        .detach(|| census::read_file(&path).map(|r| census::to_dataset(&r)))
        .py_err(py)?;
    let file = path.display().to_string();
    let (data, mut rep) = py.detach(|| workforce::io::check(data));
    if strict {
        if let Some(first) = rep.rejections.first() {
            return Err(crate::errors::to_py(py, first.to_error()));
        }
    }
    rep.warnings
        .extend(notes.into_iter().map(|reason| workforce::io::Issue {
            file: file.clone(),
            reason,
            ..Default::default()
        }));
    crate::new_workforce(py, data, Some(rep))
}
