//! A small typed column table: the shape every metric result takes on its way out.
//!
//! Metrics build [`Table`]s; the CLI prints them, the bindings turn them into Arrow record
//! batches or C accessors, and CSV/JSON writers serialise them. Values are never rounded here;
//! [`Table::to_text`] rounds for reading only.

use crate::model::Date;
use crate::options::{round, Rounding};
use std::fmt::Write as _;

/// One typed column. Missing values are `None`.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Text.
    Str(Vec<Option<String>>),
    /// Calendar dates.
    Date(Vec<Option<Date>>),
    /// Floating-point numbers.
    Float(Vec<Option<f64>>),
    /// Integers.
    Int(Vec<Option<i64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
}

impl Column {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Str(v) => v.len(),
            Column::Date(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Int(v) => v.len(),
            Column::Bool(v) => v.len(),
        }
    }
    /// True when the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The type name: `str`, `date`, `float`, `int` or `bool`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Column::Str(_) => "str",
            Column::Date(_) => "date",
            Column::Float(_) => "float",
            Column::Int(_) => "int",
            Column::Bool(_) => "bool",
        }
    }
    /// Value `i` as a number, when it is numeric and present (dates as days from CE).
    pub fn f64_at(&self, i: usize) -> Option<f64> {
        match self {
            Column::Float(v) => v[i],
            Column::Int(v) => v[i].map(|x| x as f64),
            Column::Bool(v) => v[i].map(|b| if b { 1.0 } else { 0.0 }),
            Column::Date(v) => v[i].map(|d| chrono::Datelike::num_days_from_ce(&d) as f64),
            Column::Str(_) => None,
        }
    }
    /// Value `i` as text (unrounded; empty when missing).
    pub fn text_at(&self, i: usize) -> String {
        let mut s = String::new();
        self.write_text(i, &mut s);
        s
    }
    /// [`Column::text_at`], appended to `out` (no `String` of its own).
    fn write_text(&self, i: usize, out: &mut String) {
        match self {
            Column::Str(v) => out.push_str(v[i].as_deref().unwrap_or("")),
            Column::Date(v) => {
                if let Some(d) = v[i] {
                    let _ = write!(out, "{d}");
                }
            }
            Column::Float(v) => {
                if let Some(x) = v[i] {
                    write_float(out, x);
                }
            }
            Column::Int(v) => {
                if let Some(x) = v[i] {
                    let _ = write!(out, "{x}");
                }
            }
            Column::Bool(v) => {
                if let Some(x) = v[i] {
                    let _ = write!(out, "{x}");
                }
            }
        }
    }
    fn json_at(&self, i: usize) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Column::Str(v) => v[i].clone().map(Value::String).unwrap_or(Value::Null),
            Column::Date(v) => v[i]
                .map(|d| Value::String(d.to_string()))
                .unwrap_or(Value::Null),
            Column::Float(v) => v[i]
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Column::Int(v) => v[i].map(Value::from).unwrap_or(Value::Null),
            Column::Bool(v) => v[i].map(Value::Bool).unwrap_or(Value::Null),
        }
    }
}

/// Shortest text that reads back to the same `f64`.
pub fn format_float(x: f64) -> String {
    let mut s = String::new();
    write_float(&mut s, x);
    s
}

/// [`format_float`], appended to `out`.
pub(crate) fn write_float(out: &mut impl std::fmt::Write, x: f64) {
    if x == x.trunc() && x.abs() < 1e15 {
        let _ = write!(out, "{}", x as i64);
    } else {
        let _ = write!(out, "{x}");
    }
}

/// How a column is rounded for reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Display {
    /// As is.
    Plain,
    /// One decimal place (FTE, rates, working days).
    OneDp,
    /// Whole number (headcounts, cases).
    Whole,
}

/// A named, typed table with the options that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    display: Vec<Display>,
    /// Options (JSON) the figures were computed with; empty for tables that take none.
    pub options_json: String,
}

impl Table {
    /// An empty table.
    pub fn new() -> Self {
        Table {
            names: Vec::new(),
            columns: Vec::new(),
            display: Vec::new(),
            options_json: String::new(),
        }
    }
    /// Add a column. Panics in debug builds if the length differs from the others.
    pub fn push(&mut self, name: impl Into<String>, column: Column, display: Display) {
        debug_assert!(self.columns.is_empty() || self.columns[0].len() == column.len());
        self.names.push(name.into());
        self.columns.push(column);
        self.display.push(display);
    }
    /// Builder form of [`Table::push`].
    pub fn with(mut self, name: impl Into<String>, column: Column, display: Display) -> Self {
        self.push(name, column, display);
        self
    }
    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }
    /// Number of columns.
    pub fn num_columns(&self) -> usize {
        self.columns.len()
    }
    /// Column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// Columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }
    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
    }
    /// Display rule of column `i`.
    pub fn display(&self, i: usize) -> Display {
        self.display[i]
    }
    /// A numeric value by column name and row.
    pub fn f64(&self, name: &str, row: usize) -> Option<f64> {
        self.column(name).and_then(|c| c.f64_at(row))
    }
    /// A text value by column name and row.
    pub fn text(&self, name: &str, row: usize) -> Option<String> {
        self.column(name).map(|c| c.text_at(row))
    }

    /// CSV with a header row and unrounded values. Text cells starting with `=`, `+`, `-`
    /// or `@` (or a tab or carriage return) are prefixed with `'` so that no spreadsheet reads
    /// them as formulas ([`crate::report::safety::spreadsheet_safe`]).
    pub fn to_csv(&self) -> String {
        use crate::report::safety::spreadsheet_safe;
        let mut w = crate::io::CsvBuf::with_capacity(64 * (self.num_rows() + 1));
        for n in &self.names {
            w.field(spreadsheet_safe(n).as_bytes());
        }
        w.end();
        for r in 0..self.num_rows() {
            for c in &self.columns {
                match c {
                    Column::Str(v) => {
                        w.field(spreadsheet_safe(v[r].as_deref().unwrap_or("")).as_bytes())
                    }
                    c => w.formatted(|s| c.write_text(r, s)),
                }
            }
            w.end();
        }
        String::from_utf8(w.into_bytes()).expect("utf-8")
    }

    /// JSON: `{"options": {...}, "rows": [{column: value, ...}, ...]}` with unrounded values.
    pub fn to_json(&self) -> String {
        let rows: Vec<serde_json::Value> = (0..self.num_rows())
            .map(|r| {
                let mut m = serde_json::Map::new();
                for (n, c) in self.names.iter().zip(&self.columns) {
                    m.insert(n.clone(), c.json_at(r));
                }
                serde_json::Value::Object(m)
            })
            .collect();
        let options: serde_json::Value = if self.options_json.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&self.options_json).unwrap_or(serde_json::Value::Null)
        };
        serde_json::to_string_pretty(&serde_json::json!({ "options": options, "rows": rows }))
            .expect("serialise json")
    }

    /// Value `r` of column `c` as displayed: rounded as the column's [`Display`] says.
    pub fn display_at(&self, c: usize, r: usize, rounding: Rounding) -> String {
        match (&self.columns[c], self.display[c]) {
            (Column::Float(v), Display::OneDp) => v[r]
                .map(|x| format!("{:.1}", round(x, 1, rounding)))
                .unwrap_or_else(|| "–".into()),
            (Column::Float(v), Display::Whole) => v[r]
                .map(|x| format!("{:.0}", round(x, 0, rounding)))
                .unwrap_or_else(|| "–".into()),
            (col, _) => {
                let t = col.text_at(r);
                if t.is_empty() && !matches!(col, Column::Str(_)) {
                    "–".into()
                } else {
                    t
                }
            }
        }
    }

    /// An aligned text table for a terminal, rounded for reading.
    pub fn to_text(&self, rounding: Rounding) -> String {
        let n = self.num_rows();
        let cells: Vec<Vec<String>> = (0..self.columns.len())
            .map(|c| (0..n).map(|r| self.display_at(c, r, rounding)).collect())
            .collect();
        let widths: Vec<usize> = self
            .names
            .iter()
            .zip(&cells)
            .map(|(h, col)| {
                col.iter()
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(h.chars().count())
            })
            .collect();
        let numeric: Vec<bool> = self
            .columns
            .iter()
            .map(|c| !matches!(c, Column::Str(_) | Column::Date(_)))
            .collect();
        let mut out = String::new();
        let pad = |out: &mut String, s: &str, w: usize, right: bool| {
            let fill = w - s.chars().count();
            if right {
                out.extend(std::iter::repeat_n(' ', fill));
                out.push_str(s);
            } else {
                out.push_str(s);
                out.extend(std::iter::repeat_n(' ', fill));
            }
        };
        for (i, h) in self.names.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            pad(&mut out, h, widths[i], numeric[i]);
        }
        out.push('\n');
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.extend(std::iter::repeat_n('-', *w));
        }
        out.push('\n');
        for r in 0..n {
            for c in 0..cells.len() {
                if c > 0 {
                    out.push_str("  ");
                }
                pad(&mut out, &cells[c][r], widths[c], numeric[c]);
            }
            let _ = writeln!(out);
        }
        out
    }
}

impl Default for Table {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_keeps_unrounded_and_text_rounds() {
        let t = Table::new()
            .with(
                "unit",
                Column::Str(vec![Some("A".into()), Some("B".into())]),
                Display::Plain,
            )
            .with(
                "rate",
                Column::Float(vec![Some(36.04123), None]),
                Display::OneDp,
            )
            .with(
                "hc",
                Column::Float(vec![Some(2.5), Some(3.0)]),
                Display::Whole,
            );
        assert_eq!(t.to_csv(), "unit,rate,hc\nA,36.04123,2.5\nB,,3\n");
        let text = t.to_text(Rounding::HalfAwayFromZero);
        assert!(text.contains("36.0"), "{text}");
        assert!(text.contains('–'));
        assert!(text.lines().nth(2).unwrap().ends_with('3'), "{text}");
        let json: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
        assert_eq!(json["rows"][0]["rate"], 36.04123);
        assert!(json["rows"][1]["rate"].is_null());
    }
}
