//! Metric options: DfE defaults, JSON, and a setter by name.

use crate::boundary::{self, arg, arg_mut};
use crate::error::{wf_error, wf_status, Failure};
use crate::result::wf_string;
use crate::types::wf_str;
use workforce::Options;

/// Metric options (`metrics.md` §9). A new one holds the DfE CSWW defaults.
///
/// Thread safety: a `const wf_options *` may be read by several threads at once (computations
/// copy it); `wf_options_set` must not run while another thread uses the same options.
#[allow(non_camel_case_types)]
pub struct wf_options {
    pub(crate) opts: Options,
}

/// New options with the DfE defaults; NULL only if the library panicked. Free with
/// `wf_options_free`.
#[no_mangle]
pub extern "C" fn wf_options_new() -> *mut wf_options {
    boundary::value(std::ptr::null_mut(), || {
        Box::into_raw(Box::new(wf_options {
            opts: Options::default(),
        }))
    })
}

/// Options from a JSON object such as `{"turnover_denominator": "average_start_end"}`;
/// missing fields take their defaults. `WF_STATUS_INVALID_ARGUMENT` for bad JSON, an unknown
/// field or a value no metric can use.
///
/// The caller owns `*options_out`: free it with `wf_options_free`.
///
/// # Safety
/// `json` is readable; `options_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_options_from_json(
    json: wf_str,
    options_out: *mut *mut wf_options,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let json = unsafe { json.get("json") }?.ok_or_else(|| Failure::null("json"))?;
        boundary::out(options_out, "options_out")?;
        let opts = Options::from_json(json)?;
        // SAFETY: checked above.
        unsafe { boundary::give(options_out, wf_options { opts }) };
        Ok(())
    })
}

/// Set one option by its JSON field name. `value` is JSON (`7`, `true`, `[26, 52]`,
/// `"average_start_end"`); text that is not JSON is taken as a JSON string, so
/// `average_start_end` works without quotes. On any error the options are unchanged:
/// `WF_STATUS_INVALID_ARGUMENT` for an unknown name or a bad value.
///
/// # Safety
/// `options` is NULL or live and used by no other thread; `name` and `value` are readable.
#[no_mangle]
pub unsafe extern "C" fn wf_options_set(
    options: *mut wf_options,
    name: wf_str,
    value: wf_str,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let o = unsafe { arg_mut(options, "options") }?;
        // SAFETY: the caller's contract.
        let name = unsafe { name.get("name") }?.ok_or_else(|| Failure::null("name"))?;
        // SAFETY: the caller's contract.
        let value = unsafe { value.get("value") }?.ok_or_else(|| Failure::null("value"))?;
        let v: serde_json::Value = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_string()));
        let mut all = serde_json::to_value(&o.opts)
            .map_err(|e| Failure::new(wf_status::Internal, e.to_string()))?;
        let map = all
            .as_object_mut()
            .ok_or_else(|| Failure::new(wf_status::Internal, "options are not an object"))?;
        if !map.contains_key(name) {
            return Err(Failure::invalid_argument(format!(
                "unknown option {name:?}"
            )));
        }
        map.insert(name.to_string(), v);
        let opts: Options = serde_json::from_value(all)
            .map_err(|e| Failure::invalid_argument(format!("option {name}: {e}")))?;
        opts.validate()?;
        o.opts = opts;
        Ok(())
    })
}

/// The options as JSON (every field), in a new string freed with `wf_string_free`.
///
/// # Safety
/// `options` is NULL or live; `json_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_options_to_json(
    options: *const wf_options,
    json_out: *mut *mut wf_string,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let o = unsafe { arg(options, "options") }?;
        boundary::out(json_out, "json_out")?;
        // SAFETY: checked above.
        unsafe { boundary::give(json_out, wf_string::new(&o.opts.to_json())) };
        Ok(())
    })
}

/// Free options. `wf_options_free(NULL)` does nothing.
///
/// # Safety
/// `options` is NULL or options from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_options_free(options: *mut wf_options) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(options) })
}
