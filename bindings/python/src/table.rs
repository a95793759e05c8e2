//! Result tables: an immutable Arrow record batch with the Arrow PyCapsule interface.

use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch,
    RecordBatchOptions, StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::Datelike;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use pyo3_arrow::ffi::{to_schema_pycapsule, to_stream_pycapsule, ArrayIterator};
use std::collections::HashMap;
use std::sync::Arc;
use workforce::table::Column;
use workforce::{Date, Table as WTable};

/// Days from 1970-01-01 (Arrow `date32`).
pub fn days(d: Date) -> i32 {
    d.num_days_from_ce() - 719_163
}

fn column_array(c: &Column) -> (DataType, ArrayRef) {
    match c {
        Column::Str(v) => (
            DataType::Utf8,
            Arc::new(v.iter().map(|x| x.as_deref()).collect::<StringArray>()),
        ),
        Column::Date(v) => (
            DataType::Date32,
            Arc::new(v.iter().map(|x| x.map(days)).collect::<Date32Array>()),
        ),
        Column::Float(v) => (
            DataType::Float64,
            Arc::new(v.iter().copied().collect::<Float64Array>()),
        ),
        Column::Int(v) => (
            DataType::Int64,
            Arc::new(v.iter().copied().collect::<Int64Array>()),
        ),
        Column::Bool(v) => (
            DataType::Boolean,
            Arc::new(v.iter().copied().collect::<BooleanArray>()),
        ),
    }
}

/// A library table as an Arrow record batch; its options (JSON) go in the schema metadata
/// under `workforce.options`.
pub fn to_batch(t: &WTable) -> RecordBatch {
    let mut fields = Vec::with_capacity(t.num_columns());
    let mut arrays = Vec::with_capacity(t.num_columns());
    for (name, col) in t.names().iter().zip(t.columns()) {
        let (ty, arr) = column_array(col);
        fields.push(Field::new(name, ty, true));
        arrays.push(arr);
    }
    let mut meta = HashMap::new();
    if !t.options_json.is_empty() {
        meta.insert("workforce.options".to_string(), t.options_json.clone());
    }
    let schema = Arc::new(Schema::new_with_metadata(fields, meta));
    let opts = RecordBatchOptions::new().with_row_count(Some(t.num_rows()));
    RecordBatch::try_new_with_options(schema, arrays, &opts).expect("columns of equal length")
}

/// An immutable table of results.
///
/// Implements the Arrow PyCapsule interface (`__arrow_c_stream__`), so `pyarrow.table(t)`,
/// `polars.DataFrame(t)` and other Arrow consumers read it without copying. `to_pandas()` and
/// `to_polars()` import those libraries only when called.
///
/// Example:
///     >>> t = workforce.demo().csww(year_end="2021-09-30")
///     >>> t.column_names[:3]
///     ['org_unit_id', 'year_end', 'inpost_fte']
#[pyclass(frozen, name = "Table", module = "workforce._workforce")]
pub struct PyResultTable {
    pub inner: WTable,
    pub batch: RecordBatch,
}

impl PyResultTable {
    /// Wrap a library table (call with the GIL released where it may be large).
    pub fn new(inner: WTable) -> Self {
        let batch = to_batch(&inner);
        PyResultTable { inner, batch }
    }

    /// The text rendering, rounded as the options say.
    pub fn to_text_pub(&self) -> String {
        let rounding = workforce::Options::from_json(&self.inner.options_json)
            .map(|o| o.rounding)
            .unwrap_or_default();
        self.inner.to_text(rounding)
    }

    fn schema(&self) -> SchemaRef {
        self.batch.schema()
    }

    fn index(&self, name: &str) -> PyResult<usize> {
        self.inner
            .names()
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| {
                PyKeyError::new_err(format!(
                    "no column {name:?}; columns are: {}",
                    self.inner.names().join(", ")
                ))
            })
    }

    fn column_list<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyAny>> {
        Ok(match &self.inner.columns()[i] {
            Column::Str(v) => v.into_pyobject(py)?.into_any(),
            Column::Date(v) => v.into_pyobject(py)?.into_any(),
            Column::Float(v) => v.into_pyobject(py)?.into_any(),
            Column::Int(v) => v.into_pyobject(py)?.into_any(),
            Column::Bool(v) => v.into_pyobject(py)?.into_any(),
        })
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[pymethods]
impl PyResultTable {
    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.inner.num_rows()
    }

    /// Number of columns.
    #[getter]
    fn num_columns(&self) -> usize {
        self.inner.num_columns()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// Column types: name → `str`, `date`, `float`, `int` or `bool`.
    #[getter]
    fn schema_types(&self) -> Vec<(String, &'static str)> {
        self.inner
            .names()
            .iter()
            .cloned()
            .zip(self.inner.columns().iter().map(Column::type_name))
            .collect()
    }

    /// The options the figures were computed with (a dict; empty for tables that take none).
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = py.import("json")?;
        if self.inner.options_json.is_empty() {
            Ok(PyDict::new(py).into_any())
        } else {
            json.call_method1("loads", (self.inner.options_json.as_str(),))
        }
    }

    fn __len__(&self) -> usize {
        self.inner.num_rows()
    }

    /// One column as a list of Python values (`None` where missing; dates as `datetime.date`).
    fn column<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let i = self.index(name)?;
        self.column_list(py, i)
    }

    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.column(py, name)
    }

    fn __contains__(&self, name: &str) -> bool {
        self.inner.names().iter().any(|n| n == name)
    }

    /// The table as a dict of column name → list of values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (i, n) in self.inner.names().iter().enumerate() {
            d.set_item(n, self.column_list(py, i)?)?;
        }
        Ok(d)
    }

    /// The table as a list of row dicts.
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let cols: Vec<Bound<'py, PyAny>> = (0..self.inner.num_columns())
            .map(|i| self.column_list(py, i))
            .collect::<PyResult<_>>()?;
        let rows = PyList::empty(py);
        for r in 0..self.inner.num_rows() {
            let d = PyDict::new(py);
            for (n, c) in self.inner.names().iter().zip(&cols) {
                d.set_item(n, c.get_item(r)?)?;
            }
            rows.append(d)?;
        }
        Ok(rows)
    }

    /// CSV text with a header row and unrounded values (as the command-line tool writes).
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// JSON text: `{"options": {...}, "rows": [...]}`, unrounded.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// An aligned text table, rounded for reading (rates and FTE to 1 dp, headcounts whole).
    fn to_text(&self) -> String {
        self.to_text_pub()
    }

    fn __str__(&self) -> String {
        self.to_text_pub()
    }
    fn __repr__(&self) -> String {
        const MAX: usize = 20;
        let mut text = self.to_text_pub();
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > MAX + 2 {
            text =
                lines[..MAX + 2].join("\n") + &format!("\n… {} more rows", lines.len() - MAX - 2);
        }
        format!(
            "<workforce.Table: {} rows × {} columns>\n{}",
            self.inner.num_rows(),
            self.inner.num_columns(),
            text.trim_end()
        )
    }

    fn _repr_html_(&self) -> String {
        const MAX: usize = 60;
        let rounding = workforce::Options::from_json(&self.inner.options_json)
            .map(|o| o.rounding)
            .unwrap_or_default();
        let mut h = String::from("<table class=\"workforce\"><thead><tr>");
        for n in self.inner.names() {
            h += &format!("<th>{}</th>", html_escape(n));
        }
        h += "</tr></thead><tbody>";
        for r in 0..self.inner.num_rows().min(MAX) {
            h += "<tr>";
            for c in 0..self.inner.num_columns() {
                h += &format!(
                    "<td>{}</td>",
                    html_escape(&self.inner.display_at(c, r, rounding))
                );
            }
            h += "</tr>";
        }
        h += "</tbody></table>";
        if self.inner.num_rows() > MAX {
            h += &format!("<p>… {} more rows</p>", self.inner.num_rows() - MAX);
        }
        h += &format!(
            "<p>{} rows × {} columns</p>",
            self.inner.num_rows(),
            self.inner.num_columns()
        );
        h
    }

    /// Arrow PyCapsule interface: the schema.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema().as_ref())?)
    }

    /// Arrow PyCapsule interface: a stream of one record batch, shared without copying.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = self.schema();
        let batch = self.batch.clone();
        let field = Field::new_struct("", schema.fields().clone(), false)
            .with_metadata(schema.metadata().clone());
        let arr: ArrayRef = Arc::new(StructArray::from(batch));
        let reader = Box::new(ArrayIterator::new(vec![Ok(arr)], Arc::new(field)));
        Ok(to_stream_pycapsule(py, reader, requested_schema)?)
    }

    /// The table as a `pyarrow.Table` (zero-copy). Needs pyarrow.
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pa = slf.py().import("pyarrow")?;
        pa.call_method1("table", (slf,))
    }

    /// The table as a `pandas.DataFrame`. Needs pandas and pyarrow.
    ///
    /// With `arrow_dtypes=True` the columns are pandas Arrow-backed columns that share the
    /// table's memory; by default they are NumPy columns (floats, and dates as
    /// `datetime.date` objects).
    #[pyo3(signature = (*, arrow_dtypes=false))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, arrow_dtypes: bool) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pd = py.import("pandas")?;
        let table = Self::to_pyarrow(slf)?;
        if arrow_dtypes {
            let kw = PyDict::new(py);
            kw.set_item("types_mapper", pd.getattr("ArrowDtype")?)?;
            table.call_method("to_pandas", (), Some(&kw))
        } else {
            table.call_method0("to_pandas")
        }
    }

    /// The table as a `polars.DataFrame` (zero-copy where polars allows). Needs polars.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pl = slf.py().import("polars")?;
        pl.getattr("DataFrame")?.call1((slf,))
    }

    /// Address of the values buffer of a numeric column (for zero-copy tests).
    fn _buffer_address(&self, name: &str) -> PyResult<usize> {
        let i = self.index(name)?;
        let data = self.batch.column(i).to_data();
        match data.data_type() {
            DataType::Float64 | DataType::Int64 | DataType::Date32 => {
                Ok(data.buffers()[0].as_ptr() as usize)
            }
            t => Err(PyValueError::new_err(format!(
                "column {name:?} is {t}, not a primitive column"
            ))),
        }
    }
}
