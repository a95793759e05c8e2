//! Keyword arguments: dates, scopes and metric options, with errors naming the argument.

use crate::errors::{invalid_argument, IntoPy};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};
use workforce::{Date, Options, Scope};

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A date argument: a `datetime.date` (or `datetime`) or an ISO `YYYY-MM-DD` string.
pub fn date(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Date> {
    if let Ok(s) = v.cast::<PyString>() {
        let s = s.to_cow()?;
        let s: &str = &s;
        return Date::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            invalid_argument(format!(
                "{name}: expected an ISO date YYYY-MM-DD, got {s:?}"
            ))
        });
    }
    v.extract::<Date>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a datetime.date or an ISO date string, got {}",
            type_name(v)
        ))
    })
}

/// One date or a list/tuple of dates.
pub fn dates(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<Date>> {
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let out = v
            .try_iter()?
            .map(|x| date(name, &x?))
            .collect::<PyResult<Vec<_>>>()?;
        if out.is_empty() {
            return Err(invalid_argument(format!("{name}: give at least one date")));
        }
        Ok(out)
    } else {
        Ok(vec![date(name, v)?])
    }
}

/// The period of a metric: `start` and `end`, or the CSWW year ending on `year_end`.
pub fn period(
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    year_end: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Date, Date)> {
    match (start, end, year_end) {
        (Some(s), Some(e), None) => {
            let (s, e) = (date("start", s)?, date("end", e)?);
            if e < s {
                return Err(invalid_argument(format!("end ({e}) is before start ({s})")));
            }
            Ok((s, e))
        }
        (None, None, Some(y)) => Ok(workforce::timeline::year_ending(date("year_end", y)?)),
        (None, None, None) => Err(PyTypeError::new_err(
            "give the period: start= and end=, or year_end=",
        )),
        (_, _, Some(_)) => Err(PyTypeError::new_err(
            "give either start= and end=, or year_end=, not both",
        )),
        (None, Some(_), None) => Err(PyTypeError::new_err("end= needs start=")),
        (Some(_), None, None) => Err(PyTypeError::new_err("start= needs end=")),
    }
}

/// A scope: `"csww"`, `"all"` or `"family:NAME"` (a job family present in the data).
pub fn scope(v: &str, families: &[String]) -> PyResult<Scope> {
    let s = Scope::parse(v);
    if let Scope::JobFamily(f) = &s {
        if !families.iter().any(|x| x == f) {
            return Err(invalid_argument(format!(
                "scope: expected \"csww\", \"all\" or \"family:NAME\" with a job family of the \
                 data ({}), got {v:?}",
                families.join(", ")
            )));
        }
    }
    Ok(s)
}

/// The names of every option, in `Options` order.
pub fn option_names() -> Vec<String> {
    match serde_json::to_value(Options::default()) {
        Ok(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn option_value(key: &str, default: &Value, v: &Bound<'_, PyAny>) -> PyResult<Value> {
    let wrong =
        |what: &str| PyTypeError::new_err(format!("{key} must be {what}, got {}", type_name(v)));
    let negative = || invalid_argument(format!("{key} must not be negative"));
    Ok(match default {
        Value::String(_) => Value::String(
            v.cast::<PyString>()
                .map_err(|_| wrong("a str"))?
                .to_cow()?
                .to_string(),
        ),
        Value::Bool(_) => Value::Bool(v.cast::<PyBool>().map_err(|_| wrong("a bool"))?.is_true()),
        Value::Number(n) if n.is_f64() => {
            if v.is_instance_of::<PyBool>()
                || !(v.is_instance_of::<PyFloat>() || v.is_instance_of::<PyInt>())
            {
                return Err(wrong("a number"));
            }
            let x: f64 = v.extract()?;
            serde_json::Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| invalid_argument(format!("{key} must be finite, got {x}")))?
        }
        Value::Number(_) => {
            if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
                return Err(wrong("an int"));
            }
            let x: i64 = v
                .extract()
                .map_err(|_| invalid_argument(format!("{key} is out of range")))?;
            if x < 0 {
                return Err(negative());
            }
            Value::from(x)
        }
        Value::Array(_) => {
            if !(v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
                return Err(wrong("a list"));
            }
            let mut out = Vec::new();
            for x in v.try_iter()? {
                let x = x?;
                // A list of str (reasons); the options' own check rejects the wrong kind.
                if let Ok(text) = x.cast::<PyString>() {
                    out.push(Value::String(text.to_cow()?.to_string()));
                    continue;
                }
                if x.is_instance_of::<PyBool>() || !x.is_instance_of::<PyInt>() {
                    return Err(wrong("a list of int or of str"));
                }
                let x: i64 = x
                    .extract()
                    .map_err(|_| invalid_argument(format!("{key} is out of range")))?;
                if x < 0 {
                    return Err(negative());
                }
                out.push(Value::from(x));
            }
            Value::Array(out)
        }
        Value::Object(_) => {
            // A mapping of codes to names (`leaver_categories`): int or str keys, str values.
            let dict = v.cast::<PyDict>().map_err(|_| wrong("a dict"))?;
            let mut out = Map::new();
            for (k, x) in dict.iter() {
                let k = if k.is_instance_of::<PyBool>() {
                    return Err(wrong("a dict with int keys"));
                } else if k.is_instance_of::<PyInt>() {
                    k.extract::<i64>()?.to_string()
                } else if let Ok(text) = k.cast::<PyString>() {
                    text.to_cow()?.to_string()
                } else {
                    return Err(wrong("a dict with int keys"));
                };
                let x = x.cast::<PyString>().map_err(|_| wrong("a dict of str"))?;
                out.insert(k, Value::String(x.to_cow()?.to_string()));
            }
            Value::Object(out)
        }
        _ => return Err(wrong("a supported value")),
    })
}

/// Build `Options` from keyword arguments named as its fields; DfE defaults for the rest.
pub fn options(py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let Some(kwargs) = kwargs else {
        return Ok(Options::default());
    };
    let mut map: Map<String, Value> = match serde_json::to_value(Options::default()) {
        Ok(Value::Object(m)) => m,
        _ => return Ok(Options::default()),
    };
    for (k, v) in kwargs.iter() {
        let key: String = k.extract()?;
        let Some(default) = map.get(&key) else {
            return Err(PyTypeError::new_err(format!(
                "unexpected keyword argument {key:?}; metric options are: {}",
                option_names().join(", ")
            )));
        };
        let value = option_value(&key, default, &v)?;
        map.insert(key.clone(), value);
        if let Err(e) = serde_json::from_value::<Options>(Value::Object(map.clone())) {
            let msg = e.to_string().replace('`', "'");
            return Err(invalid_argument(format!(
                "{key}: invalid value {}: {msg}",
                v.repr()?
            )));
        }
    }
    let o: Options = serde_json::from_value(Value::Object(map))
        .map_err(|e| invalid_argument(format!("options: {e}")))?;
    o.validate().py_err(py)?;
    Ok(o)
}

/// The default options as a JSON string (the Python side turns it into a dict).
pub fn default_options_json() -> String {
    Options::default().to_json()
}

/// A str or a list/tuple of str (`None`: empty).
pub fn strings(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let wrong = || {
        PyTypeError::new_err(format!(
            "{name} must be a str or a list of str, got {}",
            type_name(v)
        ))
    };
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.to_string()]);
    }
    if !(v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
        return Err(wrong());
    }
    v.try_iter()?
        .map(|x| {
            let x = x?;
            let s = x.cast::<PyString>().map_err(|_| wrong())?;
            Ok(s.to_cow()?.to_string())
        })
        .collect()
}
