//! Reading one canonical CSV file into typed records, one reused byte record at a time.

use super::cell::{self, Problem};
use super::report::Issue;
use super::schema::FileSpec;
use super::validate::{issue, Loaded, Record};
use crate::id::IdCache;
use crate::model::*;
use crate::{Error, ErrorKind, Location, Result};
use std::cell::RefCell;
use std::fs::File;
use std::path::Path;

/// A file as parsed: the records that parsed and passed the value checks, and the rest.
pub(crate) struct Parsed<T> {
    pub table: Loaded<T>,
    pub rejections: Vec<Issue>,
    /// First-column values (ids) of the rejected rows, for clearer reference messages.
    pub rejected_ids: Vec<String>,
}

impl<T: Record> Parsed<T> {
    fn absent() -> Self {
        Parsed {
            table: Loaded::absent(),
            rejections: Vec::new(),
            rejected_ids: Vec::new(),
        }
    }
}

/// A column of the contract located in the file's header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColRef {
    name: &'static str,
    idx: Option<usize>,
}

/// The header of a file mapped onto the contract's columns, once per file.
pub(crate) struct Header {
    spec: FileSpec,
    idx: Vec<Option<usize>>,
    width: usize,
}

impl Header {
    fn new(spec: FileSpec, rec: &csv::ByteRecord) -> Result<Header> {
        let mut idx = vec![None; spec.columns.len()];
        for (i, raw) in rec.iter().enumerate() {
            let raw = raw
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(raw)
                .trim_ascii();
            if let Some(c) = spec.columns.iter().position(|c| c.name.as_bytes() == raw) {
                if idx[c].is_some() {
                    return Err(header_error(
                        spec,
                        spec.columns[c].name,
                        "column appears twice",
                    ));
                }
                idx[c] = Some(i);
            }
        }
        if let Some(c) = spec
            .columns
            .iter()
            .zip(&idx)
            .find(|(c, i)| c.required && i.is_none())
        {
            return Err(header_error(
                spec,
                c.0.name,
                format!("required column {} is missing", c.0.name),
            ));
        }
        Ok(Header {
            spec,
            idx,
            width: rec.len(),
        })
    }

    /// The contract column `name`; panics if the contract does not list it (a bug).
    pub fn col(&self, name: &str) -> ColRef {
        let c = self.spec.index(name);
        ColRef {
            name: self.spec.columns[c].name,
            idx: self.idx[c],
        }
    }
}

fn header_error(spec: FileSpec, column: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidData, message).at(Location {
        file: Some(spec.name.to_string()),
        row: Some(1),
        column: Some(column.to_string()),
        value: None,
    })
}

/// One data row, borrowed from the reader's buffer.
pub(crate) struct Row<'a> {
    rec: &'a csv::ByteRecord,
    ids: &'a RefCell<IdCache>,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl<'a> Row<'a> {
    fn raw(&self, c: ColRef) -> &'a [u8] {
        c.idx
            .and_then(|i| self.rec.get(i))
            .map_or(&b""[..], <[u8]>::trim_ascii)
    }

    fn text(&self, c: ColRef) -> Result<Option<&'a str>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        match std::str::from_utf8(raw) {
            // ASCII space is already trimmed; trim Unicode space only when it can be there.
            Ok(s) if raw[0].is_ascii() && raw[raw.len() - 1].is_ascii() => Ok(Some(s)),
            Ok(s) => {
                let s = s.trim();
                Ok((!s.is_empty()).then_some(s))
            }
            Err(_) => Err(Problem::new(c.name, lossy(raw), "not valid UTF-8")),
        }
    }

    fn missing(c: ColRef) -> Problem {
        Problem::new(c.name, "", "required value is missing")
    }

    pub fn opt_str(&self, c: ColRef) -> Result<Option<String>, Problem> {
        Ok(self.text(c)?.map(str::to_owned))
    }

    pub fn req_str(&self, c: ColRef) -> Result<String, Problem> {
        self.opt_str(c)?.ok_or_else(|| Self::missing(c))
    }

    pub fn req_key(&self, c: ColRef) -> Result<CompactString, Problem> {
        self.text(c)?
            .map(CompactString::from)
            .ok_or_else(|| Self::missing(c))
    }

    pub fn opt_id(&self, c: ColRef) -> Result<Option<Id>, Problem> {
        Ok(self.text(c)?.map(|s| self.ids.borrow_mut().get(s)))
    }

    pub fn req_id(&self, c: ColRef) -> Result<Id, Problem> {
        self.opt_id(c)?.ok_or_else(|| Self::missing(c))
    }

    pub fn opt_date(&self, c: ColRef) -> Result<Option<Date>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        cell::parse_date(raw)
            .map(Some)
            .ok_or_else(|| Problem::new(c.name, lossy(raw), "not a valid date in YYYY-MM-DD form"))
    }

    pub fn req_date(&self, c: ColRef) -> Result<Date, Problem> {
        self.opt_date(c)?.ok_or_else(|| Self::missing(c))
    }

    fn opt_number(&self, c: ColRef) -> Result<Option<(f64, &'a [u8])>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        match cell::parse_f64(raw) {
            Some(v) => Ok(Some((v, raw))),
            None => Err(Problem::new(c.name, lossy(raw), "not a number")),
        }
    }

    pub fn fte(&self, c: ColRef) -> Result<f64, Problem> {
        let (v, raw) = self.opt_number(c)?.ok_or_else(|| Self::missing(c))?;
        cell::check_fte(v).map_err(|r| Problem::new(c.name, lossy(raw), r))?;
        Ok(v)
    }

    pub fn opt_amount(&self, c: ColRef) -> Result<Option<f64>, Problem> {
        match self.opt_number(c)? {
            None => Ok(None),
            Some((v, raw)) => cell::check_amount(c.name, v)
                .map(|()| Some(v))
                .map_err(|r| Problem::new(c.name, lossy(raw), r)),
        }
    }

    pub fn opt_code(&self, c: ColRef, max: u8) -> Result<Option<u8>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        let v = cell::parse_code(raw).ok_or_else(|| {
            Problem::new(
                c.name,
                lossy(raw),
                format!("{} must be a code from 1 to {max}", c.name),
            )
        })?;
        cell::check_code(c.name, v, max).map_err(|r| Problem::new(c.name, lossy(raw), r))?;
        Ok(Some(v))
    }

    pub fn opt_bool(&self, c: ColRef) -> Result<Option<bool>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        cell::parse_bool(raw)
            .map(Some)
            .ok_or_else(|| Problem::new(c.name, lossy(raw), "must be true or false"))
    }

    pub fn opt_enum<T>(
        &self,
        c: ColRef,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<Option<T>, Problem> {
        match self.text(c)? {
            None => Ok(None),
            Some(s) => parse(s)
                .map(Some)
                .ok_or_else(|| Problem::new(c.name, s, format!("must be one of {allowed}"))),
        }
    }

    pub fn req_enum<T>(
        &self,
        c: ColRef,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<T, Problem> {
        self.opt_enum(c, parse, allowed)?
            .ok_or_else(|| Self::missing(c))
    }
}

/// Rows read before sizing the record vectors from the file length.
const SAMPLE_ROWS: u64 = 4096;

/// Reads `spec` from `dir`: `Ok(None)` inside `Parsed` when an optional file is absent.
pub(crate) fn read_file<T, M, F>(dir: &Path, spec: FileSpec, make: M) -> Result<Parsed<T>>
where
    T: Record,
    M: FnOnce(&Header) -> F,
    F: Fn(&Row) -> Result<T, Problem>,
{
    let path = dir.join(spec.name);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if spec.required {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!(
                        "required file {} is missing from {}",
                        spec.name,
                        dir.display()
                    ),
                )
                .in_file(spec.name));
            }
            return Ok(Parsed::absent());
        }
        Err(e) => return Err(Error::io(spec.name, &e)),
    };
    let file_len = file.metadata().map_or(0, |m| m.len());
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let header = Header::new(spec, rdr.byte_headers().map_err(|e| csv_error(spec, e))?)?;
    let parse = make(&header);
    let id_col = ColRef {
        name: spec.columns[0].name,
        idx: header.idx[0],
    };

    let mut out = Parsed {
        table: Loaded::present(),
        rejections: Vec::new(),
        rejected_ids: Vec::new(),
    };
    let mut rec = csv::ByteRecord::new();
    let ids = RefCell::new(IdCache::default());
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| csv_error(spec, e))?
    {
        out.table.rows_read += 1;
        if out.table.rows_read == SAMPLE_ROWS {
            let so_far = rec.position().map_or(0, csv::Position::byte);
            out.table.reserve_for(file_len, so_far, header.width as u64);
        }
        let line = rec
            .position()
            .map_or(out.table.rows_read + 1, csv::Position::line);
        let row = Row {
            rec: &rec,
            ids: &ids,
        };
        let result = if rec.len() != header.width {
            Err(Problem::new(
                "",
                format!("{} fields", rec.len()),
                format!("expected {} fields, found {}", header.width, rec.len()),
            ))
        } else {
            parse(&row).and_then(|r| r.check().map(|()| r))
        };
        match result {
            Ok(r) => out.table.push(r, line),
            Err(p) => {
                let id = row.raw(id_col);
                if !id.is_empty() {
                    out.rejected_ids.push(lossy(id));
                }
                out.rejections.push(issue(spec.name, line, p));
            }
        }
    }
    Ok(out)
}

fn csv_error(spec: FileSpec, e: csv::Error) -> Error {
    let row = e.position().map(csv::Position::line);
    let err = match e.kind() {
        csv::ErrorKind::Io(io) => Error::io(spec.name, io),
        _ => Error::new(ErrorKind::InvalidData, e.to_string()).in_file(spec.name),
    };
    let mut loc = err.location().clone();
    loc.row = row;
    err.at(loc)
}

const CONTRACT_TYPES: &str = "permanent, fixed_term, casual, secondment";
const COVER_REASONS: &str = "vacancy, absence, additional";
const ABSENCE_TYPES: &str = "sickness, maternity, paternity, adoption, special, other";
const CASE_TYPES: &str =
    "long_term_absence, short_term_absence, capability, grievance, disciplinary, other";

pub(crate) fn org_unit(h: &Header) -> impl Fn(&Row) -> Result<OrgUnit, Problem> {
    let (id, name, parent, kind) = (
        h.col("org_unit_id"),
        h.col("name"),
        h.col("parent_id"),
        h.col("kind"),
    );
    move |r| {
        Ok(OrgUnit {
            org_unit_id: r.req_id(id)?,
            name: r.req_str(name)?,
            parent_id: r.opt_id(parent)?,
            kind: r.opt_str(kind)?,
        })
    }
}

pub(crate) fn person(h: &Header) -> impl Fn(&Row) -> Result<Person, Problem> {
    let c = [
        "person_id",
        "swe_number",
        "date_of_birth",
        "gender",
        "ethnicity",
        "qualification_institution",
        "qualification_level",
        "step_up_graduate",
        "frontline_graduate",
        "cfkss_status",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Person {
            person_id: r.req_id(c[0])?,
            swe_number: r.opt_str(c[1])?,
            date_of_birth: r.opt_date(c[2])?,
            gender: r.opt_str(c[3])?,
            ethnicity: r.opt_str(c[4])?,
            qualification_institution: r.opt_str(c[5])?,
            qualification_level: r.opt_code(c[6], cell::QUALIFICATION_LEVEL_MAX)?,
            step_up_graduate: r.opt_bool(c[7])?,
            frontline_graduate: r.opt_bool(c[8])?,
            cfkss_status: r.opt_code(c[9], cell::CFKSS_STATUS_MAX)?,
        })
    }
}

pub(crate) fn post(h: &Header) -> impl Fn(&Row) -> Result<Post, Problem> {
    let c = [
        "post_id",
        "org_unit_id",
        "title",
        "job_family",
        "csww_role",
        "fte",
        "start_date",
        "end_date",
        "grade",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Post {
            post_id: r.req_id(c[0])?,
            org_unit_id: r.req_id(c[1])?,
            title: r.opt_str(c[2])?,
            job_family: r.opt_str(c[3])?,
            csww_role: r.opt_code(c[4], CSWW_ROLE_MAX)?,
            fte: r.fte(c[5])?,
            start_date: r.req_date(c[6])?,
            end_date: r.opt_date(c[7])?,
            grade: r.opt_str(c[8])?,
        })
    }
}

pub(crate) fn contract(h: &Header) -> impl Fn(&Row) -> Result<Contract, Problem> {
    let c = [
        "contract_id",
        "person_id",
        "org_unit_id",
        "post_id",
        "title",
        "job_family",
        "csww_role",
        "fte",
        "start_date",
        "end_date",
        "contract_type",
        "reason_leave",
        "start_origin",
        "leaver_destination",
        "grade",
        "annual_pay",
        "source_system",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Contract {
            contract_id: r.req_key(c[0])?,
            person_id: r.req_id(c[1])?,
            org_unit_id: r.req_id(c[2])?,
            post_id: r.opt_id(c[3])?,
            title: r.opt_str(c[4])?,
            job_family: r.opt_str(c[5])?,
            csww_role: r.opt_code(c[6], CSWW_ROLE_MAX)?,
            fte: r.fte(c[7])?,
            start_date: r.req_date(c[8])?,
            end_date: r.opt_date(c[9])?,
            contract_type: r.opt_enum(c[10], ContractType::parse, CONTRACT_TYPES)?,
            reason_leave: r.opt_code(c[11], REASON_LEAVE_MAX)?,
            start_origin: r.opt_code(c[12], START_ORIGIN_MAX)?,
            leaver_destination: r.opt_code(c[13], LEAVER_DESTINATION_MAX)?,
            grade: r.opt_str(c[14])?,
            annual_pay: r.opt_amount(c[15])?,
            source_system: r.opt_str(c[16])?,
        })
    }
}

pub(crate) fn agency_assignment(h: &Header) -> impl Fn(&Row) -> Result<AgencyAssignment, Problem> {
    let c = [
        "assignment_id",
        "person_id",
        "agency",
        "org_unit_id",
        "post_id",
        "cover_reason",
        "title",
        "job_family",
        "csww_role",
        "fte",
        "start_date",
        "end_date",
        "planned_end_date",
        "hourly_charge",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(AgencyAssignment {
            assignment_id: r.req_key(c[0])?,
            person_id: r.req_id(c[1])?,
            agency: r.opt_str(c[2])?,
            org_unit_id: r.req_id(c[3])?,
            post_id: r.opt_id(c[4])?,
            cover_reason: r.opt_enum(c[5], CoverReason::parse, COVER_REASONS)?,
            title: r.opt_str(c[6])?,
            job_family: r.opt_str(c[7])?,
            csww_role: r.opt_code(c[8], CSWW_ROLE_MAX)?,
            fte: r.fte(c[9])?,
            start_date: r.req_date(c[10])?,
            end_date: r.opt_date(c[11])?,
            planned_end_date: r.opt_date(c[12])?,
            hourly_charge: r.opt_amount(c[13])?,
        })
    }
}

pub(crate) fn absence(h: &Header) -> impl Fn(&Row) -> Result<Absence, Problem> {
    let c = [
        "absence_id",
        "person_id",
        "absence_type",
        "reason",
        "start_date",
        "end_date",
        "working_days_lost",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Absence {
            absence_id: r.req_key(c[0])?,
            person_id: r.req_id(c[1])?,
            absence_type: r.req_enum(c[2], AbsenceType::parse, ABSENCE_TYPES)?,
            reason: r.opt_str(c[3])?,
            start_date: r.req_date(c[4])?,
            end_date: r.opt_date(c[5])?,
            working_days_lost: r.opt_amount(c[6])?,
        })
    }
}

pub(crate) fn er_case(h: &Header) -> impl Fn(&Row) -> Result<ErCase, Problem> {
    let c = [
        "case_id",
        "person_id",
        "case_type",
        "opened_date",
        "closed_date",
        "outcome",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(ErCase {
            case_id: r.req_key(c[0])?,
            person_id: r.req_id(c[1])?,
            case_type: r.req_enum(c[2], ErCaseType::parse, CASE_TYPES)?,
            opened_date: r.req_date(c[3])?,
            closed_date: r.opt_date(c[4])?,
            outcome: r.opt_str(c[5])?,
        })
    }
}

pub(crate) fn case_allocation(h: &Header) -> impl Fn(&Row) -> Result<CaseAllocation, Problem> {
    let c = ["child_id", "person_id", "start_date", "end_date"].map(|n| h.col(n));
    move |r| {
        Ok(CaseAllocation {
            child_id: r.req_key(c[0])?,
            person_id: r.req_id(c[1])?,
            start_date: r.req_date(c[2])?,
            end_date: r.opt_date(c[3])?,
        })
    }
}

pub(crate) fn care_period(h: &Header) -> impl Fn(&Row) -> Result<CarePeriod, Problem> {
    let c = ["child_id", "start_date", "end_date"].map(|n| h.col(n));
    move |r| {
        Ok(CarePeriod {
            child_id: r.req_key(c[0])?,
            start_date: r.req_date(c[1])?,
            end_date: r.opt_date(c[2])?,
        })
    }
}

pub(crate) fn bank_holiday(h: &Header) -> impl Fn(&Row) -> Result<Date, Problem> {
    let c = h.col("date");
    move |r| r.req_date(c)
}
