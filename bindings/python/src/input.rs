//! Arrow tables (from pandas, polars, pyarrow, …) → the canonical [`Dataset`].
//!
//! One table per canonical file, with the column names of `data-format.md`. Extra columns are
//! ignored. Types are converted as the CSV reader would read them: text columns from any
//! string, dictionary or number type; dates from Arrow dates, timestamps or ISO strings;
//! numbers from any numeric type or numeric strings. A value that cannot be converted, or a
//! missing required value, is an `InvalidDataError` naming the file, row (1-based position)
//! and column. Semantic checks (references, duplicates, ranges) are left to `io::check`.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_cast::{cast_with_options, CastOptions};
use arrow_schema::{DataType, SchemaRef};
use workforce::model::*;
use workforce::{Date, Error, ErrorKind, Location, Result};

/// One canonical table as handed over: its batches.
pub struct Input {
    file: &'static str,
    /// `None` for a table not handed over.
    schema: Option<SchemaRef>,
    batches: Vec<RecordBatch>,
}

impl Input {
    /// A table for `file` (such as `contracts.csv`).
    pub fn new(file: &'static str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Input {
            file,
            schema: Some(schema),
            batches,
        }
    }

    /// A table not handed over.
    pub fn absent(file: &'static str) -> Self {
        Input {
            file,
            schema: None,
            batches: Vec::new(),
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

    fn bad(&self, row: usize, column: &str, value: String, reason: &str) -> Error {
        Error::new(ErrorKind::InvalidData, reason.to_string()).at(Location {
            file: Some(self.file.into()),
            row: Some(row as u64 + 1),
            column: Some(column.into()),
            value: Some(value),
        })
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
    pub fn strs(&self, name: &str, required: bool) -> Result<Vec<Option<String>>> {
        self.texts(name, required, str::to_string)
    }

    /// A record-id column.
    pub fn keys(&self, name: &str, required: bool) -> Result<Vec<Option<EcoString>>> {
        self.texts(name, required, |s| EcoString::from(s))
    }

    /// An id column, interned as it is read.
    pub fn ids(&self, name: &str, required: bool) -> Result<Vec<Option<Id>>> {
        self.texts(name, required, Id::new)
    }

    fn texts<T: Clone>(
        &self,
        name: &str,
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
        self.check_required(&out, name, required)?;
        Ok(out)
    }

    fn check_required<T>(&self, v: &[Option<T>], name: &str, required: bool) -> Result<()> {
        if required {
            if let Some(r) = v.iter().position(Option::is_none) {
                return Err(self.bad(r, name, String::new(), "a required value is missing"));
            }
        }
        Ok(())
    }

    /// Dates from Arrow dates, timestamps or ISO `YYYY-MM-DD` strings.
    pub fn dates(&self, name: &str, required: bool) -> Result<Vec<Option<Date>>> {
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
                    if s.is_null(i) || s.value(i).trim().is_empty() {
                        out.push(None);
                        continue;
                    }
                    let v = s.value(i).trim();
                    match Date::parse_from_str(v, "%Y-%m-%d") {
                        Ok(d) => out.push(Some(d)),
                        Err(_) => {
                            return Err(self.bad(
                                out.len(),
                                name,
                                v.to_string(),
                                "not a date (expected YYYY-MM-DD)",
                            ))
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
        self.check_required(&out, name, required)?;
        Ok(out)
    }

    /// Numbers as `f64`.
    pub fn floats(&self, name: &str, required: bool) -> Result<Vec<Option<f64>>> {
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
                    if s.is_null(i) || s.value(i).trim().is_empty() {
                        v.push(None);
                    } else {
                        match s.value(i).trim().parse::<f64>() {
                            Ok(x) => v.push(Some(x)),
                            Err(_) => {
                                return Err(self.bad(
                                    out.len() + i,
                                    name,
                                    s.value(i).to_string(),
                                    "not a number",
                                ))
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
        self.check_required(&out, name, required)?;
        Ok(out)
    }

    /// Small integer codes (`csww_role`, `reason_leave`, …).
    pub fn codes(&self, name: &str) -> Result<Vec<Option<u8>>> {
        let f = self.floats(name, false)?;
        f.iter()
            .enumerate()
            .map(|(r, x)| match x {
                None => Ok(None),
                Some(x) if x.fract() == 0.0 && (0.0..=255.0).contains(x) => Ok(Some(*x as u8)),
                Some(x) => Err(self.bad(r, name, x.to_string(), "not a code (a whole number)")),
            })
            .collect()
    }

    /// Booleans from Arrow booleans or `true`/`false` text.
    pub fn bools(&self, name: &str) -> Result<Vec<Option<bool>>> {
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
                    out.push(match (s.is_null(i), s.value(i).trim()) {
                        (true, _) | (_, "") => None,
                        (_, "true") => Some(true),
                        (_, "false") => Some(false),
                        (_, v) => {
                            return Err(self.bad(
                                out.len(),
                                name,
                                v.to_string(),
                                "not a boolean (true or false)",
                            ))
                        }
                    });
                }
            }
        }
        Ok(out)
    }

    /// Canonical enum spellings.
    pub fn enums<T>(
        &self,
        name: &str,
        required: bool,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Vec<Option<T>>> {
        let s = self.strs(name, required)?;
        s.into_iter()
            .enumerate()
            .map(|(r, v)| match v {
                None => Ok(None),
                Some(v) => match parse(&v) {
                    Some(x) => Ok(Some(x)),
                    None => Err(self.bad(r, name, v, "not one of the allowed values")),
                },
            })
            .collect()
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

/// Build the data set. Conversion problems are errors; the semantic checks come after.
pub fn dataset(inp: Inputs) -> Result<Dataset> {
    let mut ds = Dataset::default();

    let t = required(inp.org_units, "org_units.csv");
    let (id, name, parent, kind) = (
        t.ids("org_unit_id", true)?,
        t.strs("name", true)?,
        t.ids("parent_id", false)?,
        t.ids("kind", false)?,
    );
    for (((id, name), parent_id), kind) in id.into_iter().zip(name).zip(parent).zip(kind) {
        ds.org_units.push(OrgUnit {
            org_unit_id: req(id),
            name: req(name),
            parent_id,
            kind,
        });
    }

    let t = required(inp.people, "people.csv");
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
    for i in 0..id.len() {
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

    let t = required(inp.posts, "posts.csv");
    let id = t.ids("post_id", true)?;
    let unit = t.ids("org_unit_id", true)?;
    let title = t.ids("title", false)?;
    let fam = t.ids("job_family", false)?;
    let role = t.codes("csww_role")?;
    let fte = t.floats("fte", true)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let grade = t.ids("grade", false)?;
    for i in 0..id.len() {
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

    let t = required(inp.contracts, "contracts.csv");
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
    let ctype = t.enums("contract_type", false, ContractType::parse)?;
    let rl = t.codes("reason_leave")?;
    let so = t.codes("start_origin")?;
    let ld = t.codes("leaver_destination")?;
    let grade = t.ids("grade", false)?;
    let pay = t.floats("annual_pay", false)?;
    let src = t.ids("source_system", false)?;
    for i in 0..id.len() {
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

    let t = required(inp.agency_assignments, "agency_assignments.csv");
    let id = t.keys("assignment_id", true)?;
    let person = t.ids("person_id", true)?;
    let agency = t.ids("agency", false)?;
    let unit = t.ids("org_unit_id", true)?;
    let post = t.ids("post_id", false)?;
    let cover = t.enums("cover_reason", false, CoverReason::parse)?;
    let title = t.ids("title", false)?;
    let fam = t.ids("job_family", false)?;
    let role = t.codes("csww_role")?;
    let fte = t.floats("fte", true)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let planned = t.dates("planned_end_date", false)?;
    let charge = t.floats("hourly_charge", false)?;
    for i in 0..id.len() {
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

    let t = required(inp.absences, "absences.csv");
    let id = t.keys("absence_id", true)?;
    let person = t.ids("person_id", true)?;
    let atype = t.enums("absence_type", true, AbsenceType::parse)?;
    let reason = t.ids("reason", false)?;
    let start = t.dates("start_date", true)?;
    let end = t.dates("end_date", false)?;
    let wdl = t.floats("working_days_lost", false)?;
    for i in 0..id.len() {
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

    if let Some(t) = inp.er_cases {
        let id = t.keys("case_id", true)?;
        let person = t.ids("person_id", true)?;
        let ctype = t.enums("case_type", true, ErCaseType::parse)?;
        let opened = t.dates("opened_date", true)?;
        let closed = t.dates("closed_date", false)?;
        let outcome = t.strs("outcome", false)?;
        ds.er_cases = Some(
            (0..id.len())
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

    if let Some(t) = inp.case_allocations {
        let child = t.keys("child_id", true)?;
        let person = t.ids("person_id", true)?;
        let start = t.dates("start_date", true)?;
        let end = t.dates("end_date", false)?;
        ds.case_allocations = Some(
            (0..child.len())
                .map(|i| CaseAllocation {
                    child_id: req(child[i].clone()),
                    person_id: req(person[i]),
                    start_date: req(start[i]),
                    end_date: end[i],
                })
                .collect(),
        );
    }

    if let Some(t) = inp.care_periods {
        let child = t.keys("child_id", true)?;
        let start = t.dates("start_date", true)?;
        let end = t.dates("end_date", false)?;
        ds.care_periods = Some(
            (0..child.len())
                .map(|i| CarePeriod {
                    child_id: req(child[i].clone()),
                    start_date: req(start[i]),
                    end_date: end[i],
                })
                .collect(),
        );
    }

    if let Some(t) = inp.bank_holidays {
        let d = t.dates("date", true)?;
        ds.bank_holidays = Some(d.into_iter().map(req).collect());
    }
    Ok(ds)
}
