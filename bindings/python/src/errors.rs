//! `workforce::Error` → the Python exception classes of `workforce._errors`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use workforce::{Error, ErrorKind};

/// The Python class name for an error kind.
pub fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io => "IoError",
        ErrorKind::InvalidData => "InvalidDataError",
        ErrorKind::MissingData => "MissingDataError",
        ErrorKind::InvalidArgument => "InvalidArgumentError",
        ErrorKind::Config => "ConfigError",
        ErrorKind::Internal => "InternalError",
        _ => "WorkforceError",
    }
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let module = py.import("workforce._errors")?;
    let class = module.getattr(class_name(e.kind()))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", e.kind().as_str())?;
    kwargs.set_item("file", e.file())?;
    kwargs.set_item("row", e.row())?;
    kwargs.set_item("column", e.column())?;
    kwargs.set_item("value", e.location().value.as_deref())?;
    let exc = class.call((e.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// Convert a library error into the matching `workforce.WorkforceError` subclass.
pub fn to_py(py: Python<'_>, e: Error) -> PyErr {
    build(py, &e).unwrap_or_else(|import_failure| {
        let err = PyRuntimeError::new_err(e.to_string());
        err.set_cause(py, Some(import_failure));
        err
    })
}

/// A bad argument value as `workforce.InvalidArgumentError` (also a `ValueError`), so a bad
/// date, option value or scope is caught like the library's own argument errors.
pub fn invalid_argument(message: impl Into<String>) -> PyErr {
    Python::attach(|py| to_py(py, Error::invalid_argument(message)))
}

/// `Result<T, workforce::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Map the error to its Python exception.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for workforce::Result<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
