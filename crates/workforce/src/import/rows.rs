//! One source row → canonical values: columns, constants, code mappings, dates, numbers.
//!
//! A [`Layout`] resolves a source's mapping against one file's header once: per canonical
//! column ([`C`]), the source column index, the constant, the compiled code mapping and the
//! date formats. A [`Row`] then reads values borrowed from the row's cells or the layout; only
//! what ends up in a record is copied.

use super::config::{Source, UnknownCode};
use super::dates::{DateFormat, Dates};
use super::read::Cells;
use super::report::Issue;
use crate::error::{Error, ErrorKind, Location, Result};
use crate::id::{tiny_key, Id, IdCache};
use crate::model::Date;
use crate::table::format_float;
use rustc_hash::FxHashMap;

macro_rules! canonical {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// A canonical column a source may map.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types, missing_docs)]
        pub enum C { $($v),* }
        /// Names of the canonical columns, indexed by [`C`].
        pub const NAMES: &[&str] = &[$($s),*];
    };
}

canonical! {
    person_id = "person_id",
    contract_id = "contract_id",
    swe_number = "swe_number",
    date_of_birth = "date_of_birth",
    gender = "gender",
    ethnicity = "ethnicity",
    first_name = "first_name",
    last_name = "last_name",
    name = "name",
    qualification_institution = "qualification_institution",
    qualification_level = "qualification_level",
    step_up_graduate = "step_up_graduate",
    frontline_graduate = "frontline_graduate",
    cfkss_status = "cfkss_status",
    org_code = "org_code",
    org_unit_id = "org_unit_id",
    post_id = "post_id",
    title = "title",
    job_family = "job_family",
    csww_role = "csww_role",
    fte = "fte",
    weekly_hours = "weekly_hours",
    start_date = "start_date",
    end_date = "end_date",
    contract_type = "contract_type",
    reason_leave = "reason_leave",
    start_origin = "start_origin",
    leaver_destination = "leaver_destination",
    grade = "grade",
    annual_pay = "annual_pay",
    status = "status",
    assignment_id = "assignment_id",
    agency = "agency",
    cover_reason = "cover_reason",
    planned_end_date = "planned_end_date",
    hourly_charge = "hourly_charge",
    absence_id = "absence_id",
    person_source = "person_source",
    absence_type = "absence_type",
    reason = "reason",
    working_days_lost = "working_days_lost",
    child_id = "child_id",
}

impl C {
    /// The column's name.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }
}

fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// Most mappings with this many keys or fewer are scanned faster than hashed.
const FEW_KEYS: usize = 16;

/// A mapping's canonical value: its text and that text interned (`None` for empty).
type Mapped = Option<Value>;

/// A canonical value of a code mapping.
struct Value {
    text: String,
    /// The text interned once, for the columns read as ids ([`Row::id`]).
    id: Id,
    /// The text as a census code, parsed once, for the columns read as codes ([`Row::code`]).
    code: Option<u8>,
}

/// The exact keys of a code mapping: a short list scanned in order, or a hash map.
enum Exact {
    /// (key packed by [`tiny_key`] when of 1 to 7 bytes, else 0; key; value).
    Few(Vec<(u64, String, Mapped)>),
    Many(FxHashMap<String, Mapped>),
}

impl Exact {
    fn new(pairs: Vec<(String, Mapped)>) -> Exact {
        if pairs.len() <= FEW_KEYS {
            Exact::Few(
                pairs
                    .into_iter()
                    .map(|(k, v)| (packed(&k).unwrap_or(0), k, v))
                    .collect(),
            )
        } else {
            Exact::Many(pairs.into_iter().collect())
        }
    }

    /// The value of the key equal to `raw` (keys are unique). A short `raw` is compared as
    /// one word with each packed key (a longer key's 0 equals no packed text).
    #[inline]
    fn get(&self, raw: &str) -> Option<&Mapped> {
        match self {
            Exact::Few(pairs) => match packed(raw) {
                Some(key) => pairs.iter().find(|(t, _, _)| *t == key),
                None => pairs.iter().find(|(_, k, _)| k == raw),
            }
            .map(|(_, _, v)| v),
            Exact::Many(map) => map.get(raw),
        }
    }
}

/// Text of 1 to 7 bytes as one word ([`tiny_key`]: bytes and length, never 0).
#[inline]
fn packed(s: &str) -> Option<u64> {
    (1..=7).contains(&s.len()).then(|| tiny_key(s.as_bytes()))
}

/// A code mapping compiled for lookups: values are the canonical text (`None` for empty).
struct Codes {
    /// Source value → canonical value, exact keys.
    exact: Exact,
    /// Trimmed keys in the mapping's (sorted) order, for the case-insensitive match.
    folded: Vec<(String, Mapped)>,
    /// The `"*"` default.
    star: Option<Mapped>,
    /// The `""` key (an empty cell).
    empty: Option<Mapped>,
}

impl Codes {
    fn new(map: &std::collections::BTreeMap<String, toml::Value>) -> Codes {
        let val = |v: &toml::Value| {
            Some(toml_text(v))
                .filter(|t| !t.is_empty())
                .map(|text| Value {
                    id: Id::new(&text),
                    code: text.parse().ok(),
                    text,
                })
        };
        Codes {
            exact: Exact::new(map.iter().map(|(k, v)| (k.clone(), val(v))).collect()),
            folded: map
                .iter()
                .map(|(k, v)| (k.trim().to_string(), val(v)))
                .collect(),
            star: map.get("*").map(val),
            empty: map.get("").map(val),
        }
    }

    /// The mapped value of a non-empty trimmed cell; `None` when nothing covers it.
    #[inline]
    fn lookup(&self, raw: &str) -> Option<&Mapped> {
        self.exact
            .get(raw)
            .or_else(|| {
                self.folded
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(raw))
                    .map(|(_, v)| v)
            })
            .or(self.star.as_ref())
    }
}

/// How one canonical column is read in one file.
#[derive(Default)]
struct Field {
    /// (source column name, index in the row).
    col: Option<(String, usize)>,
    /// Mapped by a column or a constant.
    mapped: bool,
    /// The constant's text, when not empty (used when no column is mapped).
    constant: Option<String>,
    codes: Option<Codes>,
    /// Column-specific date formats.
    formats: Option<Dates>,
}

impl Field {
    /// No column, no constant and no mapping of the empty cell: [`Row::text`] gives `None`
    /// on every row.
    fn always_empty(&self) -> bool {
        let empty_maps_to_none = match &self.codes {
            None => true,
            Some(codes) => codes.empty.as_ref().is_none_or(Option::is_none),
        };
        self.col.is_none() && self.constant.is_none() && empty_maps_to_none
    }
}

/// A source's column layout resolved against one file's header.
pub struct Layout<'a> {
    pub src: &'a Source,
    pub file: String,
    fields: Vec<Field>,
    width: usize,
    /// Largest mapped column index.
    max_needed: usize,
    /// The canonical columns that read as empty on every row (bit `C as u32`), see
    /// [`Field::always_empty`].
    empty: u64,
    formats: Dates,
    pub pivot: u32,
    pub standard_hours: f64,
}

impl<'a> Layout<'a> {
    /// Resolve the mapped columns; a missing column is an error naming what the file has.
    pub fn new(
        src: &'a Source,
        file: &str,
        header: &[String],
        pivot: u32,
        standard_hours: f64,
    ) -> Result<Self> {
        let mut fields: Vec<Field> = NAMES.iter().map(|_| Field::default()).collect();
        for (canon, name) in &src.columns {
            let want = name.trim();
            let idx = header
                .iter()
                .position(|h| h == want)
                .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(want)))
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidData,
                        format!(
                            "column {want:?} (mapped to {canon}) is not in the header; the file has: {}",
                            header.join(", ")
                        ),
                    )
                    .at(Location {
                        file: Some(file.into()),
                        row: Some(src.header_row as u64),
                        column: Some(want.into()),
                        value: None,
                    })
                })?;
            if let Some(c) = index_of(canon) {
                fields[c].col = Some((want.to_string(), idx));
                fields[c].mapped = true;
            }
        }
        for (canon, v) in &src.constants {
            if let Some(c) = index_of(canon) {
                fields[c].mapped = true;
                fields[c].constant = Some(toml_text(v)).filter(|s| !s.is_empty());
            }
        }
        for (canon, map) in &src.codes {
            if let Some(c) = index_of(canon) {
                fields[c].codes = Some(Codes::new(map));
            }
        }
        let parse_all = |v: &[String]| {
            Dates::new(
                v.iter()
                    .map(|f| DateFormat::parse(f).expect("validated"))
                    .collect(),
            )
        };
        for (canon, v) in &src.column_date_formats {
            if let Some(c) = index_of(canon) {
                fields[c].formats = Some(parse_all(v));
            }
        }
        let max_needed = fields
            .iter()
            .filter_map(|f| f.col.as_ref().map(|(_, i)| *i))
            .max()
            .unwrap_or(0);
        let empty = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.always_empty())
            .fold(0, |bits, (c, _)| bits | 1 << c);
        Ok(Layout {
            src,
            file: file.to_string(),
            fields,
            width: header.len(),
            max_needed,
            empty,
            formats: parse_all(&src.date_formats),
            pivot: src.two_digit_year_pivot.unwrap_or(pivot),
            standard_hours: src.standard_hours.unwrap_or(standard_hours),
        })
    }

    /// Number of columns of the header.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether a canonical column is mapped at all (by a column or a constant).
    pub fn mapped(&self, c: C) -> bool {
        self.fields[c as usize].mapped
    }

    /// Whether a canonical column reads as empty on every row (one bit test, inline: most
    /// canonical columns are not in a given file).
    #[inline(always)]
    fn always_empty(&self, c: C) -> bool {
        self.empty >> c as u32 & 1 != 0
    }
}

/// A row being read: collects warnings; the first hard failure is the rejection.
pub struct Row<'r, 'a> {
    pub lay: &'r Layout<'a>,
    pub line: u64,
    cells: Cells<'r>,
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

/// A cell without surrounding whitespace, as `str::trim` gives it; an empty cell, and one
/// whose first and last bytes are ASCII and not whitespace (nearly every other), is returned
/// without a scan. Always inlined: the large row readers otherwise call it for every cell.
#[inline(always)]
pub(crate) fn trim_cell(s: &str) -> &str {
    // ASCII whitespace as `char::is_whitespace` has it: tab to carriage return, and space.
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (None, _) => s,
        (Some(x), Some(y)) if plain(x) && plain(y) => s,
        _ => s.trim(),
    }
}

/// A name lower-cased, keeping letters, digits, whitespace and hyphens.
fn norm_name(s: &str) -> String {
    let keep = |c: char| c.is_alphanumeric() || c.is_whitespace() || c == '-';
    if s.is_ascii() {
        // The same for ASCII text, in one pass.
        return s
            .chars()
            .filter(|&c| keep(c))
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    s.chars()
        .filter(|&c| keep(c))
        .collect::<String>()
        .to_lowercase()
}

/// The first word of a name, normalised.
fn first_word(s: &str) -> String {
    norm_name(s)
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string()
}

/// The words of a name, normalised, joined by single spaces.
fn words(s: &str) -> String {
    let n = norm_name(s);
    let mut out = String::with_capacity(n.len());
    for w in n.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether a number needs the slow path (money signs, separators, spaces, a percent sign).
#[inline]
fn plain_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// A plain decimal (`-`, digits, `.`, digits; 15 digits at most, one at least) as
/// `str::parse::<f64>` reads it: the digits as an integer below 2^53 and a power of ten up
/// to 10^15 are both exact, so their quotient is the correctly rounded value. `None` for
/// anything else, which the caller parses in full.
#[inline]
fn short_decimal(s: &str) -> Option<f64> {
    let (neg, b) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        b => (false, b),
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    if int.len() + frac.len() > 15 || int.len() + frac.len() == 0 {
        return None;
    }
    let mut m = 0u64;
    for &c in int.iter().chain(frac) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        m = m * 10 + u64::from(d);
    }
    let x = m as f64 / POWERS_OF_TEN[frac.len()];
    Some(if neg { -x } else { x })
}

/// 10^0 to 10^15, each exact in an `f64`.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

impl<'r, 'a> Row<'r, 'a> {
    pub fn new(lay: &'r Layout<'a>, line: u64, cells: Cells<'r>) -> Self {
        Row {
            lay,
            line,
            cells,
            warnings: Vec::new(),
        }
    }

    /// An issue on this row (out of line: the rare path of every reader below).
    #[cold]
    #[inline(never)]
    pub fn issue(&self, canon: C, value: &str, kind: &str, message: String) -> Box<Issue> {
        let column = match &self.lay.fields[canon as usize].col {
            Some((n, _)) => n.clone(),
            None => canon.name().to_string(),
        };
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
    #[inline(always)]
    pub fn raw(&self, canon: C) -> Option<&'r str> {
        let f: &'r Field = &self.lay.fields[canon as usize];
        if let Some((_, i)) = &f.col {
            let v = self.cells.get(*i).map(trim_cell).unwrap_or("");
            return (!v.is_empty()).then_some(v);
        }
        f.constant.as_deref()
    }

    /// Text after the code mapping (if any). Unknown codes warn (and give `None`) or reject.
    /// Inlined (called for every canonical column of every row); the mapping out of line.
    #[inline(always)]
    pub fn text(&mut self, canon: C) -> Result<Option<&'r str>, Reject> {
        if self.lay.always_empty(canon) {
            return Ok(None);
        }
        let f: &'r Field = &self.lay.fields[canon as usize];
        let raw = self.raw(canon);
        match &f.codes {
            None => Ok(raw),
            Some(codes) => Ok(self.coded(canon, codes, raw)?.map(|v| v.text.as_str())),
        }
    }

    /// [`Row::text`] interned: a mapped value's id is the one interned with the mapping,
    /// other text is interned through `ids`.
    #[inline(always)]
    pub fn id(&mut self, canon: C, ids: &mut IdCache) -> Result<Option<Id>, Reject> {
        if self.lay.always_empty(canon) {
            return Ok(None);
        }
        let f: &'r Field = &self.lay.fields[canon as usize];
        let raw = self.raw(canon);
        match &f.codes {
            None => Ok(raw.map(|t| ids.get(t))),
            Some(codes) => Ok(self.coded(canon, codes, raw)?.map(|v| v.id)),
        }
    }

    /// `raw` through a column's code mapping.
    #[inline(never)]
    fn coded(
        &mut self,
        canon: C,
        codes: &'r Codes,
        raw: Option<&'r str>,
    ) -> Result<Option<&'r Value>, Reject> {
        let Some(raw) = raw else {
            // An empty value may still have a mapping (key "").
            return Ok(codes.empty.as_ref().and_then(Option::as_ref));
        };
        match codes.lookup(raw) {
            Some(v) => Ok(v.as_ref()),
            None => self.unknown(canon, raw, "no code mapping covers this value".into()),
        }
    }

    #[cold]
    #[inline(never)]
    fn unknown<T>(&mut self, canon: C, raw: &str, why: String) -> Result<Option<T>, Reject> {
        let iss = self.issue(
            canon,
            raw,
            "unknown_code",
            format!("{}: {why}", canon.name()),
        );
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

    /// A required text value (inlined; the missing value's issue out of line).
    #[inline(always)]
    pub fn required(&mut self, canon: C) -> Result<&'r str, Reject> {
        match self.text(canon)? {
            Some(s) => Ok(s),
            None => Err(self.missing(canon)),
        }
    }

    /// The issue of a required value that is missing.
    #[cold]
    #[inline(never)]
    fn missing(&self, canon: C) -> Box<Issue> {
        self.issue(
            canon,
            "",
            "missing_value",
            format!("{} is required", canon.name()),
        )
    }

    /// `read(self, canon)`, or `None` without a call when the column is always empty.
    #[inline(always)]
    fn unless_empty<T>(
        &mut self,
        canon: C,
        read: impl FnOnce(&mut Self, C) -> Result<Option<T>, Reject>,
    ) -> Result<Option<T>, Reject> {
        if self.lay.always_empty(canon) {
            Ok(None)
        } else {
            read(self, canon)
        }
    }

    /// A date.
    #[inline(always)]
    pub fn date(&mut self, canon: C) -> Result<Option<Date>, Reject> {
        self.unless_empty(canon, Self::date_in)
    }

    /// [`Row::date`] of a column that may have a value (out of line).
    #[inline(never)]
    fn date_in(&mut self, canon: C) -> Result<Option<Date>, Reject> {
        let Some(raw) = self.text(canon)? else {
            return Ok(None);
        };
        let lay = self.lay;
        let dates = lay.fields[canon as usize]
            .formats
            .as_ref()
            .unwrap_or(&lay.formats);
        match dates.parse(raw, lay.pivot) {
            Some(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(Some(d)),
            Some(d) => Err(self.issue(
                canon,
                raw,
                "bad_date",
                format!("{}: implausible date {d}", canon.name()),
            )),
            None => {
                let specs = lay
                    .src
                    .column_date_formats
                    .get(canon.name())
                    .unwrap_or(&lay.src.date_formats);
                Err(self.issue(
                    canon,
                    raw,
                    "bad_date",
                    format!(
                        "{}: not a valid date in the formats [{}] or ISO",
                        canon.name(),
                        specs.join(", ")
                    ),
                ))
            }
        }
    }

    /// A required date.
    pub fn required_date(&mut self, canon: C) -> Result<Date, Reject> {
        match self.date(canon)? {
            Some(d) => Ok(d),
            None => Err(self.missing(canon)),
        }
    }

    /// A decimal (money signs, thousands separators and a trailing `%` are allowed).
    #[inline(always)]
    pub fn number(&mut self, canon: C) -> Result<Option<f64>, Reject> {
        self.unless_empty(canon, Self::number_in)
    }

    /// [`Row::number`] of a column that may have a value (out of line).
    #[inline(never)]
    fn number_in(&mut self, canon: C) -> Result<Option<f64>, Reject> {
        let Some(raw) = self.text(canon)? else {
            return Ok(None);
        };
        let parsed = if let Some(x) = short_decimal(raw) {
            Some((x, false))
        } else if plain_number(raw) {
            raw.parse::<f64>().ok().map(|x| (x, false))
        } else {
            let mut t: String = raw
                .chars()
                .filter(|c| !matches!(c, '£' | '$' | '€' | ',' | ' '))
                .collect();
            let pct = t.ends_with('%');
            if pct {
                t.pop();
            }
            t.parse::<f64>().ok().map(|x| (x, pct))
        };
        match parsed {
            Some((x, pct)) if x.is_finite() => Ok(Some(if pct { x / 100.0 } else { x })),
            _ => Err(self.issue(
                canon,
                raw,
                "bad_number",
                format!("{}: not a number", canon.name()),
            )),
        }
    }

    /// A census code `1..=max` (after the code mapping).
    #[inline(always)]
    pub fn code(&mut self, canon: C, max: u8) -> Result<Option<u8>, Reject> {
        self.unless_empty(canon, |row, canon| row.code_in(canon, max))
    }

    /// [`Row::code`] of a column that may have a value (out of line). A mapped value's code
    /// was parsed with the mapping.
    #[inline(never)]
    fn code_in(&mut self, canon: C, max: u8) -> Result<Option<u8>, Reject> {
        let f: &'r Field = &self.lay.fields[canon as usize];
        let raw = self.raw(canon);
        let (t, code) = match &f.codes {
            None => match raw {
                Some(t) => (t, t.parse::<u8>().ok()),
                None => return Ok(None),
            },
            Some(codes) => match self.coded(canon, codes, raw)? {
                Some(v) => (v.text.as_str(), v.code),
                None => return Ok(None),
            },
        };
        match code {
            Some(v) if (1..=max).contains(&v) => Ok(Some(v)),
            _ => self.unknown(canon, t, format!("not a code 1–{max}")),
        }
    }

    /// A boolean.
    #[inline(always)]
    pub fn boolean(&mut self, canon: C) -> Result<Option<bool>, Reject> {
        self.unless_empty(canon, Self::boolean_in)
    }

    /// [`Row::boolean`] of a column that may have a value (out of line).
    #[inline(never)]
    fn boolean_in(&mut self, canon: C) -> Result<Option<bool>, Reject> {
        let Some(t) = self.text(canon)? else {
            return Ok(None);
        };
        match t.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Some(true)),
            "false" | "no" | "n" | "0" => Ok(Some(false)),
            _ => Err(self.issue(
                canon,
                t,
                "bad_value",
                format!("{}: not a yes/no", canon.name()),
            )),
        }
    }

    /// A value parsed by a canonical enum parser (after code mapping).
    #[inline(always)]
    pub fn choice<T>(
        &mut self,
        canon: C,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Reject> {
        self.unless_empty(canon, |row, canon| row.choice_in(canon, parse))
    }

    /// [`Row::choice`] of a column that may have a value (out of line).
    #[inline(never)]
    fn choice_in<T>(
        &mut self,
        canon: C,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Reject> {
        let Some(t) = self.text(canon)? else {
            return Ok(None);
        };
        match parse(t) {
            Some(v) => Ok(Some(v)),
            None => self.unknown(canon, t, "not a canonical value".into()),
        }
    }

    /// FTE: given directly, or weekly hours ÷ standard hours. Must be above 0; above 1 warns.
    pub fn fte(&mut self) -> Result<f64, Reject> {
        let (fte, canon) = if self.lay.mapped(C::fte) {
            (self.number(C::fte)?, C::fte)
        } else {
            (
                self.number(C::weekly_hours)?
                    .map(|h| h / self.lay.standard_hours),
                C::weekly_hours,
            )
        };
        match fte {
            None => Err(self.issue(canon, "", "missing_value", "FTE is required".into())),
            Some(x) if x <= 0.0 => {
                let raw = self.raw(canon).unwrap_or_default();
                Err(self.issue(
                    canon,
                    raw,
                    "bad_fte",
                    format!("FTE must be above 0, got {}", format_float(x)),
                ))
            }
            Some(x) => {
                if x > 1.0 {
                    let raw = self.raw(canon).unwrap_or_default();
                    let w = self.issue(
                        canon,
                        raw,
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
        let (first, last) = match (self.text(C::first_name)?, self.text(C::last_name)?) {
            (Some(f), Some(l)) => (first_word(f), words(l)),
            _ => match self.text(C::name)? {
                Some(n) => match n.split_once(',') {
                    Some((l, f)) => (first_word(f), words(l)),
                    None => {
                        let parts: Vec<String> = norm_name(n)
                            .split_whitespace()
                            .map(str::to_string)
                            .collect();
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
        let n = self.cells.len();
        if n < self.lay.width() {
            // Cells beyond the mapped ones do not matter, but a short row is truncated.
            if self.lay.max_needed >= n {
                return Err(Box::new(Issue {
                    file: self.lay.file.clone(),
                    row: self.line,
                    column: String::new(),
                    value: String::new(),
                    kind: "short_row".into(),
                    message: format!("the row has {} fields, the header {}", n, self.lay.width()),
                }));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{short_decimal, trim_cell};

    #[test]
    fn short_decimals_read_as_str_parse_reads_them() {
        let text = b"0123456789.-";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + seed % 18;
            let s: String = (0..len)
                .map(|k| text[(seed >> (3 * k + 5)) as usize % text.len()] as char)
                .collect();
            if let Some(x) = short_decimal(&s) {
                let y: f64 = s.parse().unwrap();
                assert_eq!(x.to_bits(), y.to_bits(), "{s}");
            }
        }
        for s in [
            "0",
            "-0",
            "1.",
            ".5",
            "-.5",
            "37.0",
            "18.5",
            "0.1",
            "999999999999999",
            "0.00000000000001",
        ] {
            assert_eq!(
                short_decimal(s).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
        for s in [".", "-", "-.", "1.2.3", "1-2", "--1", "1234567890123456"] {
            assert_eq!(short_decimal(s), None, "{s}");
        }
    }

    #[test]
    fn cells_trim_as_str_trim_does() {
        let cells = [
            "",
            " ",
            "a",
            "abc",
            " abc",
            "abc ",
            "\tabc\r\n",
            "\u{b}abc\u{c}",
            "\u{a0}abc\u{a0}",
            "\u{2003}abc",
            "abc\u{85}",
            "é",
            " é ",
            "x\u{1f}",
            "\u{1c}x",
            "a b",
        ];
        for c in cells {
            assert_eq!(trim_cell(c), c.trim(), "{c:?}");
        }
    }
}
