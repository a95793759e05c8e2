//! Arrow tables (from pandas, polars, pyarrow, …) → the canonical [`Dataset`].
//!
//! One table per canonical file, with the column names of `data-format.md`. Extra columns are
//! ignored. Types are converted as the CSV reader would read them: text columns from any
//! string, dictionary or number type; dates from Arrow dates, timestamps or ISO strings;
//! numbers from any numeric type or numeric strings.
//!
//! A value of one row that cannot be converted (text in a number column, a date that is not
//! `YYYY-MM-DD`, an unknown enumeration value) or a missing required value rejects that row,
//! as the folder reader rejects a row with a bad cell: the row is left out and listed in the
//! load report under the canonical file, its position from 1 (as `io::check` numbers rows),
//! the column and the value. A column that is missing or whose type cannot be read at all is
//! an `InvalidDataError` naming the file and column. Semantic checks (references, duplicates,
//! ranges) are left to `io::check`.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_cast::{cast_with_options, CastOptions};
use arrow_schema::{DataType, SchemaRef};
use std::collections::BTreeMap;
use workforce::io::{Issue, LoadReport, ABSENCE_TYPES, CASE_TYPES, CONTRACT_TYPES, COVER_REASONS};
use workforce::model::*;
use workforce::{Date, Error, ErrorKind, Location, Result};

/// Why one row cannot be converted: its first bad column, the value and the reason.
struct Problem {
    column: &'static str,
    value: String,
    reason: String,
}

/// One canonical table as handed over: its batches, and the rows found bad so far.
pub struct Input {
    file: &'static str,
    /// `None` for a table not handed over.
    schema: Option<SchemaRef>,
    batches: Vec<RecordBatch>,
    /// The first conversion problem of each bad row, by row index (from 0).
    problems: BTreeMap<usize, Problem>,
}

/// The rows of one table rejected while converting, and how to number the others.
struct Sifted {
    file: &'static str,
    /// For the rejected rows in ascending order, index (from 0) less rank: never decreasing.
    shifted: Vec<u64>,
    issues: Vec<Issue>,
}

impl Sifted {
    /// The table's row (from 1) of the record at position `pos` (from 1) among the records
    /// handed to `io::check`.
    fn row(&self, pos: u64) -> u64 {
        let Some(k) = pos.checked_sub(1) else {
            return pos;
        };
        // Rejected rows before the record: those with index less rank at most `k`.
        let before = self.shifted.partition_point(|&s| s <= k) as u64;
        k + before + 1
    }
}

impl Input {
    /// A table for `file` (such as `contracts.csv`).
    pub fn new(file: &'static str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Input {
            file,
            schema: Some(schema),
            batches,
            problems: BTreeMap::new(),
        }
    }

    /// A table not handed over.
    pub fn absent(file: &'static str) -> Self {
        Input {
            file,
            schema: None,
            batches: Vec::new(),
            problems: BTreeMap::new(),
        }
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn has(&self, name: &str) -> bool {
        self.schema
            .as_ref()
            .is_some_and(|s| s.column_with_name(name).is_some())
    }

    fn missing_column(&self, name: &str) -> Error {
        Error::new(
            ErrorKind::InvalidData,
            format!("required column {name} is missing"),
        )
        .at(Location {
            file: Some(self.file.into()),
            column: Some(name.into()),
            ..Location::default()
        })
    }

    /// Rejects row `row` (from 0) unless an earlier column rejected it already.
    fn bad(&mut self, row: usize, column: &'static str, value: String, reason: impl Into<String>) {
        self.problems.entry(row).or_insert_with(|| Problem {
            column,
            value,
            reason: reason.into(),
        });
    }

    /// The indices of the rows without a conversion problem, ascending.
    fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows()).filter(|i| !self.problems.contains_key(i))
    }

    /// The rejected rows as load-report issues.
    fn sifted(&self) -> Sifted {
        Sifted {
            file: self.file,
            shifted: self
                .problems
                .keys()
                .enumerate()
                .map(|(rank, &i)| (i - rank) as u64)
                .collect(),
            issues: self
                .problems
                .iter()
                .map(|(&row, p)| Issue {
                    file: self.file.to_string(),
                    row: row as u64 + 1,
                    column: p.column.to_string(),
                    value: p.value.clone(),
                    reason: p.reason.clone(),
                })
                .collect(),
        }
    }

    /// The column's arrays, one per batch, or `None` when the column is absent.
    fn arrays(&self, name: &str, required: bool) -> Result<Option<Vec<ArrayRef>>> {
        if !self.has(name) {
            if required && self.schema.is_some() {
                return Err(self.missing_column(name));
            }
            return Ok(None);
        }
        Ok(Some(
            self.batches
                .iter()
                .map(|b| b.column_by_name(name).expect("present").clone())
                .collect(),
        ))
    }

    fn cast(&self, a: &ArrayRef, name: &str, to: &DataType) -> Result<ArrayRef> {
        let opts = CastOptions {
            safe: false,
            ..CastOptions::default()
        };
        cast_with_options(a, to, &opts).map_err(|e| {
            Error::new(
                ErrorKind::InvalidData,
                format!(
                    "column {name} of type {} cannot be read as {to}: {e}",
                    a.data_type()
                ),
            )
            .at(Location {
                file: Some(self.file.into()),
                column: Some(name.into()),
                ..Location::default()
            })
        })
    }

    /// Text values; empty strings are missing.
    pub fn strs(&mut self, name: &'static str, required: bool) -> Result<Vec<Option<String>>> {
        self.texts(name, required, str::to_string)
    }

    /// A record-id column.
    pub fn keys(&mut self, name: &'static str, required: bool) -> Result<Vec<Option<EcoString>>> {
        self.texts(name, required, |s| EcoString::from(s))
    }

    /// An id column, interned as it is read.
    pub fn ids(&mut self, name: &'static str, required: bool) -> Result<Vec<Option<Id>>> {
        self.texts(name, required, Id::new)
    }

    fn texts<T: Clone>(
        &mut self,
        name: &'static str,
        required: bool,
        make: impl Fn(&str) -> T,
    ) -> Result<Vec<Option<T>>> {
        let n = self.rows();
        let Some(arrays) = self.arrays(name, required)? else {
            return Ok(vec![None; n]);
        };
        let mut out = Vec::with_capacity(n);
        for a in &arrays {
            let a = self.cast(a, name, &DataType::Utf8)?;
            let s = a.as_string::<i32>();
            for i in 0..s.len() {
                out.push(if s.is_null(i) || s.value(i).is_empty() {
                    None
                } else {
                    Some(make(s.value(i)))
                });
            }
        }
        self.check_required(&out, name, required);
        Ok(out)
    }

    /// Rejects the rows missing a required value.
    fn check_required<T>(&mut self, v: &[Option<T>], name: &'static str, required: bool) {
        if required {
            for (r, _) in v.iter().enumerate().filter(|(_, x)| x.is_none()) {
                self.bad(r, name, String::new(), "required value is missing");
            }
        }
    }

    /// Dates from Arrow dates, timestamps or ISO `YYYY-MM-DD` strings.
    pub fn dates(&mut self, name: &'static str, required: bool) -> Result<Vec<Option<Date>>> {
        let n = self.rows();
        let Some(arrays) = self.arrays(name, required)? else {
            return Ok(vec![None; n]);
        };
        let mut out = Vec::with_capacity(n);
        for a in &arrays {
            let textual = matches!(
                a.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) || matches!(a.data_type(), DataType::Dictionary(_, v) if matches!(**v, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View));
            if textual {
                let s = self.cast(a, name, &DataType::Utf8)?;
                let s = s.as_string::<i32>();
                for i in 0..s.len() {
                    let v = if s.is_null(i) { "" } else { s.value(i).trim() };
                    if v.is_empty() {
                        out.push(None);
                        continue;
                    }
                    match Date::parse_from_str(v, "%Y-%m-%d") {
                        Ok(d) => out.push(Some(d)),
                        Err(_) => {
                            // Rejected: not missing, so not flagged again as required.
                            self.bad(
                                out.len(),
                                name,
                                v.to_string(),
                                "not a valid date in YYYY-MM-DD form",
                            );
                            out.push(Some(Date::MIN));
                        }
                    }
                }
            } else {
                let d = self.cast(a, name, &DataType::Date32)?;
                let d = d.as_primitive::<Date32Type>();
                for i in 0..d.len() {
                    out.push(if d.is_null(i) {
                        None
                    } else {
                        Some(crate::dataset::from_days(d.value(i)))
                    });
                }
            }
        }
        self.check_required(&out, name, required);
        Ok(out)
    }

    /// Numbers as `f64`; text that is not a number rejects its row with `reason`.
    fn numbers(
        &mut self,
        name: &'static str,
        required: bool,
        reason: &str,
    ) -> Result<Vec<Option<f64>>> {
        let n = self.rows();
        let Some(arrays) = self.arrays(name, required)? else {
            return Ok(vec![None; n]);
        };
        let mut out = Vec::with_capacity(n);
        for a in &arrays {
            let a = if a.data_type().is_numeric() {
                a.clone()
            } else {
                // Text: empty is missing, as in the CSV files.
                let s = self.cast(a, name, &DataType::Utf8)?;
                let s = s.as_string::<i32>();
                let mut v = Vec::with_capacity(s.len());
                for i in 0..s.len() {
                    let t = if s.is_null(i) { "" } else { s.value(i).trim() };
                    if t.is_empty() {
                        v.push(None);
                    } else {
                        match t.parse::<f64>() {
                            Ok(x) => v.push(Some(x)),
                            Err(_) => {
                                // Rejected: not missing, so not flagged again as required.
                                self.bad(out.len() + i, name, t.to_string(), reason);
                                v.push(Some(0.0));
                            }
                        }
                    }
                }
                std::sync::Arc::new(arrow_array::Float64Array::from(v)) as ArrayRef
            };
            let f = self.cast(&a, name, &DataType::Float64)?;
            let f = f.as_primitive::<Float64Type>();
            for i in 0..f.len() {
                // pandas writes missing numbers as NaN.
                out.push(if f.is_null(i) || f.value(i).is_nan() {
                    None
                } else {
                    Some(f.value(i))
                });
            }
        }
        self.check_required(&out, name, required);
        Ok(out)
    }

    /// Numbers as `f64`.
    pub fn floats(&mut self, name: &'static str, required: bool) -> Result<Vec<Option<f64>>> {
        self.numbers(name, required, "not a number")
    }

    /// Small integer codes (`csww_role`, `reason_leave`, …); their ranges are checked by
    /// `io::check`.
    pub fn codes(&mut self, name: &'static str) -> Result<Vec<Option<u8>>> {
        let reason = format!("{name} must be a code (a whole number)");
        let f = self.numbers(name, false, &reason)?;
        let mut out = Vec::with_capacity(f.len());
        for (r, x) in f.into_iter().enumerate() {
            out.push(match x {
                None => None,
                Some(x) if x.fract() == 0.0 && (0.0..=255.0).contains(&x) => Some(x as u8),
                Some(x) => {
                    self.bad(r, name, workforce::table::format_float(x), reason.as_str());
                    None
                }
            });
        }
        Ok(out)
    }

    /// Booleans from Arrow booleans or `true`/`false` text.
    pub fn bools(&mut self, name: &'static str) -> Result<Vec<Option<bool>>> {
        let n = self.rows();
        let Some(arrays) = self.arrays(name, false)? else {
            return Ok(vec![None; n]);
        };
        let mut out = Vec::with_capacity(n);
        for a in &arrays {
            if a.data_type() == &DataType::Boolean {
                let b = a.as_boolean();
                out.extend((0..b.len()).map(|i| (!b.is_null(i)).then(|| b.value(i))));
            } else {
                let s = self.cast(a, name, &DataType::Utf8)?;
                let s = s.as_string::<i32>();
                for i in 0..s.len() {
                    let v = if s.is_null(i) { "" } else { s.value(i).trim() };
                    out.push(match v {
                        "" => None,
                        "true" => Some(true),
                        "false" => Some(false),
                        v => {
                            self.bad(out.len(), name, v.to_string(), "must be true or false");
                            None
                        }
                    });
                }
            }
        }
        Ok(out)
    }

    /// Canonical enum spellings; `allowed` lists them for the reason of a rejection.
    pub fn enums<T>(
        &mut self,
        name: &'static str,
        required: bool,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<Vec<Option<T>>> {
        let s = self.strs(name, required)?;
        let mut out = Vec::with_capacity(s.len());
        for (r, v) in s.into_iter().enumerate() {
            out.push(match v {
                None => None,
                Some(v) => {
                    let x = parse(&v);
                    if x.is_none() {
                        self.bad(r, name, v, format!("must be one of {allowed}"));
                    }
                    x
                }
            });
        }
        Ok(out)
    }

    /// Integer values (unused by the model today, kept for symmetry).
    #[allow(dead_code)]
    pub fn ints(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let n = self.rows();
        let Some(arrays) = self.arrays(name, false)? else {
            return Ok(vec![None; n]);
        };
        let mut out = Vec::with_capacity(n);
        for a in &arrays {
            let a = self.cast(a, name, &DataType::Int64)?;
            let a = a.as_primitive::<Int64Type>();
            out.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i))));
        }
        Ok(out)
    }
}

fn req<T>(v: Option<T>) -> T {
    v.expect("checked as required")
}

/// The tables handed over, by canonical file.
#[derive(Default)]
pub struct Inputs {
    pub org_units: Option<Input>,
    pub people: Option<Input>,
    pub posts: Option<Input>,
    pub contracts: Option<Input>,
    pub agency_assignments: Option<Input>,
    pub absences: Option<Input>,
    pub er_cases: Option<Input>,
    pub case_allocations: Option<Input>,
    pub care_periods: Option<Input>,
    pub bank_holidays: Option<Input>,
}

fn required(t: Option<Input>, file: &'static str) -> Input {
    // An absent required table is an empty one: the data set then simply has no such records.
    t.unwrap_or_else(|| Input::absent(file))
}

/// Build the data set from the rows that convert; the others are returned as rejections.
fn dataset(inp: Inputs) -> Result<(Dataset, Vec<Sifted>)> {
    let mut ds = Dataset::default();
    let mut sifted = Vec::with_capacity(10);

    let mut t = required(inp.org_units, "org_units.csv");
    let (id, name, parent, kind) = (
        t.ids("org_unit_id", true)?,
        t.strs("name", true)?,
        t.ids("parent_id", false)?,
        t.ids("kind", false)?,
    );
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.org_units.push(OrgUnit {
            org_unit_id: req(id[i]),
            name: req(name[i].clone()),
            parent_id: parent[i],
            kind: kind[i],
        });
    }

    let mut t = required(inp.people, "people.csv");
    let id = t.ids("person_id", true)?;
    let swe = t.keys("swe_number", false)?;
    let dob = t.dates("date_of_birth", false)?;
    let gender = t.ids("gender", false)?;
    let eth = t.ids("ethnicity", false)?;
    let qi = t.ids("qualification_institution", false)?;
    let ql = t.codes("qualification_level")?;
    let su = t.bools("step_up_graduate")?;
    let fl = t.bools("frontline_graduate")?;
    let cf = t.codes("cfkss_status")?;
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.people.push(Person {
            person_id: req(id[i]),
            swe_number: swe[i].clone(),
            date_of_birth: dob[i],
            gender: gender[i],
            ethnicity: eth[i],
            qualification_institution: qi[i],
            qualification_level: ql[i],
            step_up_graduate: su[i],
            frontline_graduate: fl[i],
            cfkss_status: cf[i],
        });
    }

    let mut t = required(inp.posts, "posts.csv");
    let id = t.ids("post_id", true)?;
    let unit = t.ids("org_unit_id", true)?;
    let title = t.ids("title", false)?;
    let fam = t.ids("job_family", false)?;
    let role = t.codes("csww_role")?;
    let fte = t.floats("fte", true)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let grade = t.ids("grade", false)?;
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.posts.push(Post {
            post_id: req(id[i]),
            org_unit_id: req(unit[i]),
            title: title[i],
            job_family: fam[i],
            csww_role: role[i],
            fte: req(fte[i]),
            start_date: req(start[i]),
            end_date: end[i],
            grade: grade[i],
        });
    }

    let mut t = required(inp.contracts, "contracts.csv");
    let id = t.keys("contract_id", true)?;
    let person = t.ids("person_id", true)?;
    let unit = t.ids("org_unit_id", true)?;
    let post = t.ids("post_id", false)?;
    let title = t.ids("title", false)?;
    let fam = t.ids("job_family", false)?;
    let role = t.codes("csww_role")?;
    let fte = t.floats("fte", true)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let ctype = t.enums("contract_type", false, ContractType::parse, CONTRACT_TYPES)?;
    let rl = t.codes("reason_leave")?;
    let so = t.codes("start_origin")?;
    let ld = t.codes("leaver_destination")?;
    let grade = t.ids("grade", false)?;
    let pay = t.floats("annual_pay", false)?;
    let src = t.ids("source_system", false)?;
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.contracts.push(Contract {
            contract_id: req(id[i].clone()),
            person_id: req(person[i]),
            org_unit_id: req(unit[i]),
            post_id: post[i],
            title: title[i],
            job_family: fam[i],
            csww_role: role[i],
            fte: req(fte[i]),
            start_date: req(start[i]),
            end_date: end[i],
            contract_type: ctype[i],
            reason_leave: rl[i],
            start_origin: so[i],
            leaver_destination: ld[i],
            grade: grade[i],
            annual_pay: pay[i],
            source_system: src[i],
        });
    }

    let mut t = required(inp.agency_assignments, "agency_assignments.csv");
    let id = t.keys("assignment_id", true)?;
    let person = t.ids("person_id", true)?;
    let agency = t.ids("agency", false)?;
    let unit = t.ids("org_unit_id", true)?;
    let post = t.ids("post_id", false)?;
    let cover = t.enums("cover_reason", false, CoverReason::parse, COVER_REASONS)?;
    let title = t.ids("title", false)?;
    let fam = t.ids("job_family", false)?;
    let role = t.codes("csww_role")?;
    let fte = t.floats("fte", true)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let planned = t.dates("planned_end_date", false)?;
    let charge = t.floats("hourly_charge", false)?;
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.agency_assignments.push(AgencyAssignment {
            assignment_id: req(id[i].clone()),
            person_id: req(person[i]),
            agency: agency[i],
            org_unit_id: req(unit[i]),
            post_id: post[i],
            cover_reason: cover[i],
            title: title[i],
            job_family: fam[i],
            csww_role: role[i],
            fte: req(fte[i]),
            start_date: req(start[i]),
            end_date: end[i],
            planned_end_date: planned[i],
            hourly_charge: charge[i],
        });
    }

    let mut t = required(inp.absences, "absences.csv");
    let id = t.keys("absence_id", true)?;
    let person = t.ids("person_id", true)?;
    let atype = t.enums("absence_type", true, AbsenceType::parse, ABSENCE_TYPES)?;
    let reason = t.ids("reason", false)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let wdl = t.floats("working_days_lost", false)?;
    sifted.push(t.sifted());
    for i in t.kept() {
        ds.absences.push(Absence {
            absence_id: req(id[i].clone()),
            person_id: req(person[i]),
            absence_type: req(atype[i]),
            reason: reason[i],
            start_date: req(start[i]),
            end_date: end[i],
            working_days_lost: wdl[i],
        });
    }

    if let Some(mut t) = inp.er_cases {
        let id = t.keys("case_id", true)?;
        let person = t.ids("person_id", true)?;
        let ctype = t.enums("case_type", true, ErCaseType::parse, CASE_TYPES)?;
        let opened = t.dates("opened_date", true)?;
        let closed = t.dates("closed_date", false)?;
        let outcome = t.strs("outcome", false)?;
        sifted.push(t.sifted());
        ds.er_cases = Some(
            t.kept()
                .map(|i| ErCase {
                    case_id: req(id[i].clone()),
                    person_id: req(person[i]),
                    case_type: req(ctype[i]),
                    opened_date: req(opened[i]),
                    closed_date: closed[i],
                    outcome: outcome[i].clone(),
                })
                .collect(),
        );
    }

    if let Some(mut t) = inp.case_allocations {
        let child = t.keys("child_id", true)?;
        let person = t.ids("person_id", true)?;
        let start = t.dates("start_date", true)?;
        let end = t.dates("end_date", false)?;
        sifted.push(t.sifted());
        ds.case_allocations = Some(
            t.kept()
                .map(|i| CaseAllocation {
                    child_id: req(child[i].clone()),
                    person_id: req(person[i]),
                    start_date: req(start[i]),
                    end_date: end[i],
                })
                .collect(),
        );
    }

    if let Some(mut t) = inp.care_periods {
        let child = t.keys("child_id", true)?;
        let start = t.dates("start_date", true)?;
        let end = t.dates("end_date", false)?;
        sifted.push(t.sifted());
        ds.care_periods = Some(
            t.kept()
                .map(|i| CarePeriod {
                    child_id: req(child[i].clone()),
                    start_date: req(start[i]),
                    end_date: end[i],
                })
                .collect(),
        );
    }

    if let Some(mut t) = inp.bank_holidays {
        let d = t.dates("date", true)?;
        sifted.push(t.sifted());
        ds.bank_holidays = Some(t.kept().map(|i| req(d[i])).collect());
    }
    Ok((ds, sifted))
}

/// Convert the tables and validate the records with `io::check`, the checks a folder's reader
/// applies. Rows that cannot be converted are rejected alongside those `io::check` rejects;
/// every row is numbered by its position in its table, from 1. Errors only for a table that
/// cannot be read at all (a required column missing, a column of an unreadable type).
pub fn load(inp: Inputs) -> Result<(Dataset, LoadReport)> {
    let (ds, sifted) = dataset(inp)?;
    let (ds, mut report) = workforce::io::check(ds);
    for s in sifted {
        if s.issues.is_empty() {
            continue;
        }
        for i in report
            .rejections
            .iter_mut()
            .chain(report.warnings.iter_mut())
            .filter(|i| i.file == s.file)
        {
            i.row = s.row(i.row);
        }
        let n = s.issues.len() as u64;
        let f = report
            .files
            .iter_mut()
            .find(|f| f.file == s.file)
            .expect("every table handed over is in the report");
        f.rows_read += n;
        f.rows_rejected += n;
        report.rejections.extend(s.issues);
    }
    let order = |f: &str| {
        workforce::io::FILES
            .iter()
            .position(|x| *x == f)
            .unwrap_or(usize::MAX)
    };
    report.rejections.sort_by_key(|a| (order(&a.file), a.row));
    Ok((ds, report))
}
