//! One source row → canonical values: columns, constants, code mappings, dates, numbers.

use super::config::{Source, UnknownCode};
use super::dates::{parse_any, DateFormat};
use super::read::RawTable;
use super::report::Issue;
use crate::error::{Error, ErrorKind, Location, Result};
use crate::model::Date;
use crate::table::format_float;
use std::collections::BTreeMap;

/// A source's column layout resolved against one file's header.
pub struct Layout<'a> {
    pub src: &'a Source,
    pub file: String,
    /// canonical → (source column name, index).
    cols: BTreeMap<&'a str, (String, usize)>,
    width: usize,
    formats: Vec<DateFormat>,
    col_formats: BTreeMap<String, Vec<DateFormat>>,
    pub pivot: u32,
    pub standard_hours: f64,
}

impl<'a> Layout<'a> {
    /// Resolve the mapped columns; a missing column is an error naming what the file has.
    pub fn new(
        src: &'a Source,
        file: &str,
        table: &RawTable,
        pivot: u32,
        standard_hours: f64,
    ) -> Result<Self> {
        let mut cols = BTreeMap::new();
        for (canon, name) in &src.columns {
            let want = name.trim();
            let idx = table
                .header
                .iter()
                .position(|h| h == want)
                .or_else(|| {
                    table
                        .header
                        .iter()
                        .position(|h| h.eq_ignore_ascii_case(want))
                })
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidData,
                        format!(
                            "column {want:?} (mapped to {canon}) is not in the header; the file has: {}",
                            table.header.join(", ")
                        ),
                    )
                    .at(Location {
                        file: Some(file.into()),
                        row: Some(src.header_row as u64),
                        column: Some(want.into()),
                        value: None,
                    })
                })?;
            cols.insert(canon.as_str(), (want.to_string(), idx));
        }
        let parse_all = |v: &[String]| -> Vec<DateFormat> {
            v.iter()
                .map(|f| DateFormat::parse(f).expect("validated"))
                .collect()
        };
        Ok(Layout {
            src,
            file: file.to_string(),
            cols,
            width: table.header.len(),
            formats: parse_all(&src.date_formats),
            col_formats: src
                .column_date_formats
                .iter()
                .map(|(k, v)| (k.clone(), parse_all(v)))
                .collect(),
            pivot: src.two_digit_year_pivot.unwrap_or(pivot),
            standard_hours: src.standard_hours.unwrap_or(standard_hours),
        })
    }

    /// Number of columns of the header.
    pub fn width(&self) -> usize {
        self.width
    }
}

/// A row being read: collects warnings; the first hard failure is the rejection.
pub struct Row<'r, 'a> {
    pub lay: &'r Layout<'a>,
    pub line: u64,
    cells: &'r [String],
    pub warnings: Vec<Issue>,
}

/// A rejection reason, built into an [`Issue`] by the caller.
pub type Reject = Box<Issue>;

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => format_float(*f),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

impl<'r, 'a> Row<'r, 'a> {
    pub fn new(lay: &'r Layout<'a>, line: u64, cells: &'r [String]) -> Self {
        Row {
            lay,
            line,
            cells,
            warnings: Vec::new(),
        }
    }

    /// An issue on this row.
    pub fn issue(&self, canon: &str, value: &str, kind: &str, message: String) -> Box<Issue> {
        let column = self
            .lay
            .cols
            .get(canon)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| canon.to_string());
        Box::new(Issue {
            file: self.lay.file.clone(),
            row: self.line,
            column,
            value: value.to_string(),
            kind: kind.into(),
            message,
        })
    }

    /// Raw trimmed text of a canonical column (from its source column or constant).
    pub fn raw(&self, canon: &str) -> Option<String> {
        if let Some((_, i)) = self.lay.cols.get(canon) {
            let v = self.cells.get(*i).map(|s| s.trim()).unwrap_or("");
            if !v.is_empty() {
                return Some(v.to_string());
            }
            return None;
        }
        self.lay
            .src
            .constants
            .get(canon)
            .map(toml_text)
            .filter(|s| !s.is_empty())
    }

    /// Whether a canonical column is mapped at all.
    pub fn mapped(&self, canon: &str) -> bool {
        self.lay.cols.contains_key(canon) || self.lay.src.constants.contains_key(canon)
    }

    /// Text after the code mapping (if any). Unknown codes warn (and give `None`) or reject.
    pub fn text(&mut self, canon: &str) -> Result<Option<String>, Reject> {
        let Some(raw) = self.raw(canon) else {
            // An empty value may still have a mapping (key "").
            if let Some(map) = self.lay.src.codes.get(canon) {
                if let Some(v) = map.get("") {
                    let t = toml_text(v);
                    return Ok((!t.is_empty()).then_some(t));
                }
            }
            return Ok(None);
        };
        let Some(map) = self.lay.src.codes.get(canon) else {
            return Ok(Some(raw));
        };
        let hit = map.get(&raw).or_else(|| {
            map.iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(&raw))
                .map(|(_, v)| v)
        });
        match hit.or_else(|| map.get("*")) {
            Some(v) => {
                let t = toml_text(v);
                Ok((!t.is_empty()).then_some(t))
            }
            None => self.unknown(canon, &raw, "no code mapping covers this value".into()),
        }
    }

    fn unknown<T>(&mut self, canon: &str, raw: &str, why: String) -> Result<Option<T>, Reject> {
        let iss = self.issue(canon, raw, "unknown_code", format!("{canon}: {why}"));
        match self.lay.src.unknown_codes {
            UnknownCode::Reject => Err(iss),
            UnknownCode::Warn => {
                let mut iss = iss;
                iss.message.push_str("; left empty");
                self.warnings.push(*iss);
                Ok(None)
            }
        }
    }

    /// A required text value.
    pub fn required(&mut self, canon: &str) -> Result<String, Reject> {
        match self.text(canon)? {
            Some(s) => Ok(s),
            None => Err(self.issue(canon, "", "missing_value", format!("{canon} is required"))),
        }
    }

    /// A date.
    pub fn date(&mut self, canon: &str) -> Result<Option<Date>, Reject> {
        let Some(raw) = self.text(canon)? else {
            return Ok(None);
        };
        let fmts = self.lay.col_formats.get(canon).unwrap_or(&self.lay.formats);
        match parse_any(fmts, &raw, self.lay.pivot) {
            Some(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(Some(d)),
            Some(d) => Err(self.issue(
                canon,
                &raw,
                "bad_date",
                format!("{canon}: implausible date {d}"),
            )),
            None => {
                let specs = self
                    .lay
                    .src
                    .column_date_formats
                    .get(canon)
                    .unwrap_or(&self.lay.src.date_formats);
                Err(self.issue(
                    canon,
                    &raw,
                    "bad_date",
                    format!(
                        "{canon}: not a valid date in the formats [{}] or ISO",
                        specs.join(", ")
                    ),
                ))
            }
        }
    }

    /// A required date.
    pub fn required_date(&mut self, canon: &str) -> Result<Date, Reject> {
        match self.date(canon)? {
            Some(d) => Ok(d),
            None => Err(self.issue(canon, "", "missing_value", format!("{canon} is required"))),
        }
    }

    /// A decimal (money signs, thousands separators and a trailing `%` are allowed).
    pub fn number(&mut self, canon: &str) -> Result<Option<f64>, Reject> {
        let Some(raw) = self.text(canon)? else {
            return Ok(None);
        };
        let mut t: String = raw
            .chars()
            .filter(|c| !matches!(c, '£' | '$' | '€' | ',' | ' '))
            .collect();
        let pct = t.ends_with('%');
        if pct {
            t.pop();
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(if pct { x / 100.0 } else { x })),
            _ => Err(self.issue(canon, &raw, "bad_number", format!("{canon}: not a number"))),
        }
    }

    /// A census code `1..=max` (after the code mapping).
    pub fn code(&mut self, canon: &str, max: u8) -> Result<Option<u8>, Reject> {
        let Some(t) = self.text(canon)? else {
            return Ok(None);
        };
        match t.parse::<u8>() {
            Ok(v) if (1..=max).contains(&v) => Ok(Some(v)),
            _ => self.unknown(canon, &t, format!("not a code 1–{max}")),
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, canon: &str) -> Result<Option<bool>, Reject> {
        let Some(t) = self.text(canon)? else {
            return Ok(None);
        };
        match t.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Some(true)),
            "false" | "no" | "n" | "0" => Ok(Some(false)),
            _ => Err(self.issue(canon, &t, "bad_value", format!("{canon}: not a yes/no"))),
        }
    }

    /// A value parsed by a canonical enum parser (after code mapping).
    pub fn choice<T>(
        &mut self,
        canon: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Reject> {
        let Some(t) = self.text(canon)? else {
            return Ok(None);
        };
        match parse(&t) {
            Some(v) => Ok(Some(v)),
            None => self.unknown(canon, &t, "not a canonical value".into()),
        }
    }

    /// FTE: given directly, or weekly hours ÷ standard hours. Must be above 0; above 1 warns.
    pub fn fte(&mut self) -> Result<f64, Reject> {
        let (fte, canon) = if self.mapped("fte") {
            (self.number("fte")?, "fte")
        } else {
            (
                self.number("weekly_hours")?
                    .map(|h| h / self.lay.standard_hours),
                "weekly_hours",
            )
        };
        let raw = self.raw(canon).unwrap_or_default();
        match fte {
            None => Err(self.issue(canon, "", "missing_value", "FTE is required".into())),
            Some(x) if x <= 0.0 => Err(self.issue(
                canon,
                &raw,
                "bad_fte",
                format!("FTE must be above 0, got {}", format_float(x)),
            )),
            Some(x) => {
                if x > 1.0 {
                    let w = self.issue(
                        canon,
                        &raw,
                        "fte_above_1",
                        format!("FTE {} is above 1", format_float(x)),
                    );
                    self.warnings.push(*w);
                }
                Ok(x)
            }
        }
    }

    /// A person's name key for identity matching: (first given name, family name), lower case.
    pub fn name_key(&mut self) -> Result<Option<(String, String)>, Reject> {
        let norm = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
                .collect::<String>()
                .to_lowercase()
        };
        let first_token = |s: &str| norm(s).split_whitespace().next().unwrap_or("").to_string();
        let (first, last) = match (self.text("first_name")?, self.text("last_name")?) {
            (Some(f), Some(l)) => (
                first_token(&f),
                norm(&l).split_whitespace().collect::<Vec<_>>().join(" "),
            ),
            _ => match self.text("name")? {
                Some(n) => match n.split_once(',') {
                    Some((l, f)) => (
                        first_token(f),
                        norm(l).split_whitespace().collect::<Vec<_>>().join(" "),
                    ),
                    None => {
                        let parts: Vec<String> =
                            norm(&n).split_whitespace().map(str::to_string).collect();
                        match parts.as_slice() {
                            [] => return Ok(None),
                            [one] => (String::new(), one.clone()),
                            [f, .., l] => (f.clone(), l.clone()),
                        }
                    }
                },
                None => return Ok(None),
            },
        };
        if first.is_empty() && last.is_empty() {
            return Ok(None);
        }
        Ok(Some((first, last)))
    }

    /// Check the row has as many cells as the header.
    pub fn check_width(&self) -> Result<(), Reject> {
        if self.cells.len() < self.lay.width() {
            // Cells beyond the mapped ones do not matter, but a short row is truncated.
            let max_needed = self.lay.cols.values().map(|(_, i)| *i).max().unwrap_or(0);
            if max_needed >= self.cells.len() {
                return Err(Box::new(Issue {
                    file: self.lay.file.clone(),
                    row: self.line,
                    column: String::new(),
                    value: String::new(),
                    kind: "short_row".into(),
                    message: format!(
                        "the row has {} fields, the header {}",
                        self.cells.len(),
                        self.lay.width()
                    ),
                }));
            }
        }
        Ok(())
    }
}
