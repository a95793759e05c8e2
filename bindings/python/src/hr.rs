//! Arguments of the HR measures: Python keyword arguments → the JSON object of
//! `workforce::hr::request::run`, with errors naming the Python argument.

use crate::args;
use crate::errors::invalid_argument;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use serde_json::{Map, Value};

/// The JSON arguments of one HR measure, built argument by argument.
#[derive(Default)]
pub struct Request(pub Map<String, Value>);

/// The Python spelling of a key (`from` is a Python keyword: `from_`).
fn py_name(key: &str) -> &str {
    if key == "from" {
        "from_"
    } else {
        key
    }
}

impl Request {
    /// A date (`datetime.date` or ISO string); `None` leaves the default.
    pub fn date(&mut self, key: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<&mut Self> {
        if let Some(v) = v.filter(|v| !v.is_none()) {
            let d = args::date(py_name(key), v)?;
            self.0.insert(key.into(), Value::String(d.to_string()));
        }
        Ok(self)
    }
    /// A string choice; `None` leaves the default.
    pub fn str(&mut self, key: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.0.insert(key.into(), Value::String(v.into()));
        }
        self
    }
    /// A flag.
    pub fn flag(&mut self, key: &str, v: bool) -> &mut Self {
        self.0.insert(key.into(), Value::Bool(v));
        self
    }
    /// A finite number; `None` leaves the default.
    pub fn num(&mut self, key: &str, v: Option<f64>) -> PyResult<&mut Self> {
        if let Some(x) = v {
            let n = serde_json::Number::from_f64(x)
                .ok_or_else(|| invalid_argument(format!("{key} must be finite, got {x}")))?;
            self.0.insert(key.into(), Value::Number(n));
        }
        Ok(self)
    }
    /// A non-negative whole number.
    pub fn count(&mut self, key: &str, v: i64) -> PyResult<&mut Self> {
        if !(0..=i64::from(u32::MAX)).contains(&v) {
            return Err(invalid_argument(format!(
                "{key} must be a whole number from 0 to {}, got {v}",
                u32::MAX
            )));
        }
        self.0.insert(key.into(), Value::from(v));
        Ok(self)
    }
    /// A list of numbers; `None` leaves the default.
    pub fn nums(&mut self, key: &str, v: Option<Vec<f64>>) -> PyResult<&mut Self> {
        if let Some(v) = v {
            let mut out = Vec::with_capacity(v.len());
            for x in v {
                out.push(Value::Number(serde_json::Number::from_f64(x).ok_or_else(
                    || invalid_argument(format!("{key} must hold finite numbers, got {x}")),
                )?));
            }
            self.0.insert(key.into(), Value::Array(out));
        }
        Ok(self)
    }
    /// A str or a list/tuple of str; `None` leaves the default.
    pub fn strs(&mut self, key: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<&mut Self> {
        let Some(v) = v.filter(|v| !v.is_none()) else {
            return Ok(self);
        };
        let wrong = || {
            PyTypeError::new_err(format!(
                "{key} must be a str or a list of str, got {}",
                v.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        };
        let items: Vec<Value> = if let Ok(s) = v.cast::<PyString>() {
            vec![Value::String(s.to_cow()?.to_string())]
        } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
            v.try_iter()?
                .map(|x| {
                    let x = x?;
                    let s = x.cast::<PyString>().map_err(|_| wrong())?;
                    Ok(Value::String(s.to_cow()?.to_string()))
                })
                .collect::<PyResult<_>>()?
        } else {
            return Err(wrong());
        };
        self.0.insert(key.into(), Value::Array(items));
        Ok(self)
    }
    /// Take the built object.
    pub fn take(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}
