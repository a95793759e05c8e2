//! Export of a result as an Arrow C stream.

use crate::boundary::{self, arg};
use crate::error::{wf_error, wf_status, Failure};
use crate::result::wf_result;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch,
    RecordBatchIterator, RecordBatchOptions, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::Datelike;
use std::collections::HashMap;
use std::sync::Arc;
use workforce::{Column, Table};

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const UNIX_EPOCH_CE: i32 = 719_163;

/// Metadata key of the schema holding the options JSON.
pub const OPTIONS_KEY: &str = "workforce.options";

/// The table as one record batch: str → Utf8, date → Date32, float → Float64, int → Int64,
/// bool → Boolean; every field nullable; options JSON in the schema metadata.
pub fn record_batch(t: &Table) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::with_capacity(t.num_columns());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(t.num_columns());
    for (name, col) in t.names().iter().zip(t.columns()) {
        let (ty, array): (DataType, ArrayRef) = match col {
            Column::Str(v) => (
                DataType::Utf8,
                Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
            ),
            Column::Date(v) => (
                DataType::Date32,
                Arc::new(
                    v.iter()
                        .map(|d| d.map(|d| d.num_days_from_ce() - UNIX_EPOCH_CE))
                        .collect::<Date32Array>(),
                ),
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
        };
        fields.push(Field::new(name, ty, true));
        arrays.push(array);
    }
    let mut meta = HashMap::new();
    if !t.options_json.is_empty() {
        meta.insert(OPTIONS_KEY.to_string(), t.options_json.clone());
    }
    let schema = Arc::new(Schema::new_with_metadata(fields, meta));
    let opts = RecordBatchOptions::new().with_row_count(Some(t.num_rows()));
    RecordBatch::try_new_with_options(schema, arrays, &opts)
}

/// Export the result as an Arrow C stream (the Arrow C stream interface) of one record batch.
/// `*stream_out` is written only on success; the caller then owns the stream and releases it
/// with its `release` callback. The stream holds its own copy of the data: it may outlive
/// `result` and be consumed on another thread.
///
/// Column types: text → `utf8`, date → `date32`, float → `float64`, int → `int64`,
/// bool → `bool`; the options JSON is in the schema metadata under `workforce.options`.
///
/// # Safety
/// `result` is NULL or live; `stream_out` is NULL or points to writable (possibly
/// uninitialised) storage for a `struct ArrowArrayStream`; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_result_export_arrow(
    result: *const wf_result,
    stream_out: *mut FFI_ArrowArrayStream,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let r = unsafe { arg(result, "result") }?;
        boundary::out(stream_out, "stream_out")?;
        let batch = record_batch(&r.table)
            .map_err(|e| Failure::new(wf_status::Internal, format!("arrow export: {e}")))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        // SAFETY: checked above; write does not read or drop the old contents.
        unsafe { stream_out.write(stream) };
        Ok(())
    })
}
