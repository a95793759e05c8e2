//! `workforce.compare`: a council's published CSWW figures against England, its region, its
//! statistical neighbours, other groups and named councils (`workforce compare`).

use crate::args;
use crate::errors::{invalid_argument, IntoPy};
use crate::table::PyResultTable;
use crate::PyWorkforce;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyString};
use std::path::PathBuf;
use workforce::published::{
    comparators, ComparatorAggregate, ComparatorRequest, Indicators, Measure, Neighbours,
    OfstedOutcomes, OwnFigures,
};
use workforce::report::bundled;
use workforce::{Date, Error, Options};

/// A council: a DfE code (`839` or `"839"`), an ONS code or a name.
pub fn council(name: &str, v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.to_string());
    }
    if v.is_instance_of::<PyInt>() {
        return Ok(v.extract::<i64>()?.to_string());
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a str (a code or name) or an int (a DfE code), got {}",
        v.get_type().name()?
    )))
}

/// The council's own figures: the first row of a `Table` with CSWW columns, or the CSWW row of
/// a `Workforce` for the year ending 30 September of `year` (the whole council, DfE's method).
fn own_figures(
    py: Python<'_>,
    own: &Bound<'_, PyAny>,
    label: Option<String>,
    year: i32,
) -> PyResult<OwnFigures> {
    let label = label.unwrap_or_default();
    if let Ok(t) = own.cast::<PyResultTable>() {
        let t = &t.get().inner;
        return OwnFigures::from_table_row(t, 0, label).py_err(py);
    }
    if let Ok(wf) = own.cast::<PyWorkforce>() {
        let wf = &*wf.get().inner;
        let end = Date::from_ymd_opt(year, 9, 30)
            .ok_or_else(|| invalid_argument(format!("year: no 30 September in {year}")))?;
        let row = py
            .detach(|| wf.csww(&[end], None, false, &Options::default()))
            .py_err(py)?;
        return OwnFigures::from_table_row(&row, 0, label).py_err(py);
    }
    Err(PyTypeError::new_err(format!(
        "own must be a workforce.Table (such as wf.csww(...)) or a workforce.Workforce, got {}",
        own.get_type().name()?
    )))
}

/// The comparator table for council `la` in the CSWW year `year` (ending 30 September), as
/// `workforce compare`: the council (its published row, or `own`), England, its region, its
/// statistical neighbours (`"median"`, `"mean"`, `"pooled"` as `aggregates` asks; all three by
/// default), Good+ authorities (with `ofsted`), then each council of `with_`. Columns:
/// `comparator, code, kind, source`, then per measure its value (unrounded) and `{measure}_n`
/// (the authorities a group figure used).
///
/// `dfe` is an indicators file or a list of them (the last winning where they overlap;
/// default the release shipped with the library); `neighbours` a statistical neighbour file
/// (default the shipped grouping for the year). `own` is a `Table` whose first row holds the
/// council's figures (such as `wf.csww(year_end=...)`), or a `Workforce` (its CSWW row for the
/// year, DfE's method), shown instead of the published row and labelled `own_label`.
///
/// Example:
///     >>> workforce.compare("839", 2021, with_=["Dorset"], aggregates=["mean"])
#[pyfunction]
#[pyo3(signature = (la, year, *, with_=None, aggregates=None, measures=None, dfe=None, neighbours=None, release=None, ofsted=None, ofsted_date=None, own=None, own_label=None, working_days=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare(
    py: Python<'_>,
    la: &Bound<'_, PyAny>,
    year: i32,
    with_: Option<&Bound<'_, PyAny>>,
    aggregates: Option<&Bound<'_, PyAny>>,
    measures: Option<&Bound<'_, PyAny>>,
    dfe: Option<&Bound<'_, PyAny>>,
    neighbours: Option<PathBuf>,
    release: Option<String>,
    ofsted: Option<PathBuf>,
    ofsted_date: Option<&Bound<'_, PyAny>>,
    own: Option<&Bound<'_, PyAny>>,
    own_label: Option<String>,
    working_days: Option<f64>,
) -> PyResult<PyResultTable> {
    let mut req = ComparatorRequest::new(council("la", la)?, year);
    req.release = release;
    req.named = args::strings("with_", with_)?;
    let aggregates = args::strings("aggregates", aggregates)?;
    if !aggregates.is_empty() {
        req.aggregates = aggregates
            .iter()
            .map(|a| {
                ComparatorAggregate::parse(a).map_err(|_| {
                    invalid_argument(format!(
                        "aggregates: expected \"median\", \"mean\" or \"pooled\", got {a:?}"
                    ))
                })
            })
            .collect::<PyResult<_>>()?;
    }
    let measures = args::strings("measures", measures)?;
    if !measures.is_empty() {
        req.measures = measures
            .iter()
            .map(|m| {
                Measure::from_name(m).ok_or_else(|| {
                    invalid_argument(format!(
                        "measures: unknown measure {m:?}; measures are: {}",
                        Measure::ALL.map(|m| m.name()).join(", ")
                    ))
                })
            })
            .collect::<PyResult<_>>()?;
    }
    if let Some(w) = working_days {
        req.working_days = Some(w);
    }
    if let Some(own) = own.filter(|o| !o.is_none()) {
        req.own = Some(own_figures(py, own, own_label, year)?);
    } else if own_label.is_some() {
        return Err(PyTypeError::new_err("own_label= needs own="));
    }
    let ofsted_date = match (ofsted_date.filter(|d| !d.is_none()), &ofsted) {
        (Some(d), Some(_)) => Some(args::date("ofsted_date", d)?),
        (Some(_), None) => return Err(PyTypeError::new_err("ofsted_date= needs ofsted=")),
        (None, _) => None,
    };
    let dfe = dfe_paths(dfe)?;
    py.detach(|| -> workforce::Result<_> {
        let read;
        let data = if dfe.is_empty() {
            bundled::shared_indicators()
        } else {
            let mut d = Indicators::new();
            for path in &dfe {
                d.merge(Indicators::read(path)?);
            }
            read = d;
            &read
        };
        let own_neighbours;
        let sn = match &neighbours {
            Some(path) => {
                own_neighbours = Neighbours::read(path)?;
                &own_neighbours
            }
            None => bundled::shared_neighbours_for_year(year),
        };
        if let Some(path) = &ofsted {
            let date = match ofsted_date {
                Some(d) => d,
                None => Date::from_ymd_opt(year, 9, 30)
                    .ok_or_else(|| Error::invalid_argument(format!("bad year {year}")))?,
            };
            req.groups
                .push(OfstedOutcomes::read(path)?.good_plus_group(date));
        }
        comparators(data, Some(sn), &req).map(PyResultTable::new)
    })
    .py_err(py)
}

/// `dfe=`: one path or a list of paths.
fn dfe_paths(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(p) = v.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    let wrong = || {
        PyTypeError::new_err(format!(
            "dfe must be a path or a list of paths, got {}",
            v.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    };
    let items = v.try_iter().map_err(|_| wrong())?;
    items
        .map(|x| x?.extract::<PathBuf>().map_err(|_| wrong()))
        .collect()
}
