//! The builder: records pushed one at a time, then validated like the file reader.

use crate::boundary::{self, arg, arg_mut};
use crate::data::{wf_data, wf_report};
use crate::error::{wf_error, wf_status, Failure};
use crate::types::*;
use workforce::io::{self, FileReport, Issue, LoadReport};
use workforce::model::EcoString;
use workforce::model::{
    AbsenceType, AgencyAssignment, CarePeriod, CaseAllocation, Contract, ContractType, CoverReason,
    ErCase, ErCaseType, OrgUnit, Person, Post,
};
use workforce::{Dataset, Date, Id, Workforce};

/// A data problem found while converting a pushed record: the row is rejected at build time,
/// exactly as the reader rejects a row with a bad cell.
struct Problem {
    column: &'static str,
    value: String,
    reason: String,
}

/// Converts the fields of one record, keeping the first data problem.
#[derive(Default)]
struct Conv {
    problem: Option<Problem>,
}

const PLACEHOLDER: Date = Date::MIN;

impl Conv {
    fn flag(&mut self, column: &'static str, value: String, reason: impl Into<String>) {
        if self.problem.is_none() {
            self.problem = Some(Problem {
                column,
                value,
                reason: reason.into(),
            });
        }
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn opt_str(
        &mut self,
        column: &'static str,
        s: wf_str,
    ) -> Result<Option<String>, Failure> {
        // SAFETY: the caller's contract.
        Ok(unsafe { s.non_empty(column) }?.map(str::to_owned))
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn req_str(&mut self, column: &'static str, s: wf_str) -> Result<String, Failure> {
        // SAFETY: the caller's contract.
        let v = unsafe { self.opt_str(column, s) }?;
        Ok(self.required(column, v))
    }
    /// `v`, or the default with `column` flagged as missing.
    fn required<T: Default>(&mut self, column: &'static str, v: Option<T>) -> T {
        if v.is_none() {
            self.flag(column, String::new(), "required value is missing");
        }
        v.unwrap_or_default()
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn opt_key(
        &mut self,
        column: &'static str,
        s: wf_str,
    ) -> Result<Option<EcoString>, Failure> {
        // SAFETY: the caller's contract.
        Ok(unsafe { s.non_empty(column) }?.map(EcoString::from))
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn req_key(&mut self, column: &'static str, s: wf_str) -> Result<EcoString, Failure> {
        // SAFETY: the caller's contract.
        let v = unsafe { self.opt_key(column, s) }?;
        Ok(self.required(column, v))
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn opt_id(&mut self, column: &'static str, s: wf_str) -> Result<Option<Id>, Failure> {
        // SAFETY: the caller's contract.
        Ok(unsafe { s.non_empty(column) }?.map(Id::new))
    }
    /// # Safety
    /// As [`wf_str::get`].
    unsafe fn req_id(&mut self, column: &'static str, s: wf_str) -> Result<Id, Failure> {
        // SAFETY: the caller's contract.
        let v = unsafe { self.opt_id(column, s) }?;
        Ok(self.required(column, v))
    }
    fn opt_date(&mut self, column: &'static str, d: wf_date) -> Option<Date> {
        if d.is_none() {
            return None;
        }
        match d.to_date() {
            Ok(d) => Some(d),
            Err(text) => {
                self.flag(column, text, "not a valid date in YYYY-MM-DD form");
                None
            }
        }
    }
    fn req_date(&mut self, column: &'static str, d: wf_date) -> Date {
        if d.is_none() {
            self.flag(column, String::new(), "required value is missing");
        }
        self.opt_date(column, d).unwrap_or(PLACEHOLDER)
    }
    fn code(v: u8) -> Option<u8> {
        (v != 0).then_some(v)
    }
    fn opt_f64(has: bool, v: f64) -> Option<f64> {
        has.then_some(v)
    }
    fn tristate(&mut self, column: &'static str, v: u8) -> Option<bool> {
        match v {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => {
                self.flag(
                    column,
                    v.to_string(),
                    "must be true or false (a wf_tristate)",
                );
                None
            }
        }
    }
    fn enumeration<T>(
        &mut self,
        column: &'static str,
        v: u8,
        values: &[T],
        allowed: &str,
    ) -> Option<T>
    where
        T: Copy,
    {
        match v {
            0 => None,
            _ => match values.get(usize::from(v) - 1) {
                Some(t) => Some(*t),
                None => {
                    self.flag(column, v.to_string(), format!("must be one of {allowed}"));
                    None
                }
            },
        }
    }
}

/// The records of one kind pushed so far.
struct Kind<T> {
    file: &'static str,
    recs: Vec<T>,
    /// Push position (from 1) of each record in `recs`.
    rows: Vec<u64>,
    /// Records rejected while converting.
    rejected: Vec<Issue>,
    given: u64,
}

impl<T> Kind<T> {
    fn new(file: &'static str) -> Self {
        Kind {
            file,
            recs: Vec::new(),
            rows: Vec::new(),
            rejected: Vec::new(),
            given: 0,
        }
    }
    fn add(&mut self, rec: T, conv: Conv) {
        self.given += 1;
        match conv.problem {
            None => {
                self.recs.push(rec);
                self.rows.push(self.given);
            }
            Some(p) => self.rejected.push(Issue {
                file: self.file.to_string(),
                row: self.given,
                column: p.column.to_string(),
                value: p.value,
                reason: p.reason,
            }),
        }
    }
    fn take(&mut self) -> Kind<T> {
        std::mem::replace(self, Kind::new(self.file))
    }
}

/// Collects records pushed one at a time; `wf_builder_build` validates them with the checks
/// the file reader applies and indexes them into a `wf_data`.
///
/// Every `wf_builder_add_*` copies the record (its strings are borrowed for the call only).
/// A NULL pointer or a string that is not UTF-8 is the caller's error: the push returns
/// `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` and adds nothing. A problem with
/// the data (a required value missing, a date that does not exist, a code or an enumeration
/// out of range, a reference to an unknown id, a duplicate id) is the data's: the push
/// succeeds, and `wf_builder_build` rejects the record and lists it in the report, exactly as
/// the file reader does with a bad row (or fails with `WF_STATUS_INVALID_DATA` when strict).
/// Rows in the report are positions among the records of the same kind, from 1, and files
/// are the canonical file names (`contracts.csv` for contracts).
///
/// Thread safety: a builder may be moved between threads but not used from two at once.
#[allow(non_camel_case_types)]
pub struct wf_builder {
    org_units: Kind<OrgUnit>,
    people: Kind<Person>,
    posts: Kind<Post>,
    contracts: Kind<Contract>,
    agency: Kind<AgencyAssignment>,
    absences: Kind<Absence>,
    er_cases: Kind<ErCase>,
    allocations: Kind<CaseAllocation>,
    care_periods: Kind<CarePeriod>,
    bank_holidays: Kind<Date>,
}

use workforce::model::Absence;

impl Default for wf_builder {
    fn default() -> Self {
        wf_builder {
            org_units: Kind::new("org_units.csv"),
            people: Kind::new("people.csv"),
            posts: Kind::new("posts.csv"),
            contracts: Kind::new("contracts.csv"),
            agency: Kind::new("agency_assignments.csv"),
            absences: Kind::new("absences.csv"),
            er_cases: Kind::new("er_cases.csv"),
            allocations: Kind::new("case_allocations.csv"),
            care_periods: Kind::new("care_periods.csv"),
            bank_holidays: Kind::new("bank_holidays.csv"),
        }
    }
}

/// A new, empty builder; NULL only if the library panicked. Free with `wf_builder_free`.
#[no_mangle]
pub extern "C" fn wf_builder_new() -> *mut wf_builder {
    boundary::value(std::ptr::null_mut(), || {
        Box::into_raw(Box::<wf_builder>::default())
    })
}

/// Free a builder and every record in it. `wf_builder_free(NULL)` does nothing.
///
/// # Safety
/// `builder` is NULL or a builder from `wf_builder_new` not freed before.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_free(builder: *mut wf_builder) {
    // SAFETY: the caller's contract.
    boundary::value((), || unsafe { boundary::free(builder) })
}

/// Adds one record: NULL checks, conversion (which reads every string first, so a NULL or
/// non-UTF-8 string refuses the record before anything is counted), then the record is kept
/// or, with a data problem, noted for the report.
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or valid.
unsafe fn push<C, T>(
    builder: *mut wf_builder,
    record: *const C,
    err_out: *mut *mut wf_error,
    kind: fn(&mut wf_builder) -> &mut Kind<T>,
    convert: unsafe fn(&mut Conv, &C) -> Result<T, Failure>,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let b = unsafe { arg_mut(builder, "builder") }?;
        // SAFETY: the caller's contract.
        let r = unsafe { arg(record, "record") }?;
        let mut c = Conv::default();
        // SAFETY: the caller's contract covers every string of the record.
        let rec = unsafe { convert(&mut c, r) }?;
        kind(b).add(rec, c);
        Ok(())
    })
}

const CONTRACT_TYPES: [ContractType; 4] = [
    ContractType::Permanent,
    ContractType::FixedTerm,
    ContractType::Casual,
    ContractType::Secondment,
];
const COVER_REASONS: [CoverReason; 3] = [
    CoverReason::Vacancy,
    CoverReason::Absence,
    CoverReason::Additional,
];
const ABSENCE_TYPES: [AbsenceType; 6] = [
    AbsenceType::Sickness,
    AbsenceType::Maternity,
    AbsenceType::Paternity,
    AbsenceType::Adoption,
    AbsenceType::Special,
    AbsenceType::Other,
];
const ER_CASE_TYPES: [ErCaseType; 6] = [
    ErCaseType::LongTermAbsence,
    ErCaseType::ShortTermAbsence,
    ErCaseType::Capability,
    ErCaseType::Grievance,
    ErCaseType::Disciplinary,
    ErCaseType::Other,
];

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_org_unit(c: &mut Conv, r: &wf_org_unit) -> Result<OrgUnit, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(OrgUnit {
            org_unit_id: c.req_id("org_unit_id", r.org_unit_id)?,
            name: c.req_str("name", r.name)?,
            parent_id: c.opt_id("parent_id", r.parent_id)?,
            kind: c.opt_id("kind", r.kind)?,
        })
    }
}

/// Push an org unit.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_org_unit(
    builder: *mut wf_builder,
    record: *const wf_org_unit,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe {
        push(
            builder,
            record,
            err_out,
            |b| &mut b.org_units,
            conv_org_unit,
        )
    }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_person(c: &mut Conv, r: &wf_person) -> Result<Person, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(Person {
            person_id: c.req_id("person_id", r.person_id)?,
            swe_number: c.opt_key("swe_number", r.swe_number)?,
            date_of_birth: c.opt_date("date_of_birth", r.date_of_birth),
            gender: c.opt_id("gender", r.gender)?,
            ethnicity: c.opt_id("ethnicity", r.ethnicity)?,
            qualification_institution: c
                .opt_id("qualification_institution", r.qualification_institution)?,
            qualification_level: Conv::code(r.qualification_level),
            step_up_graduate: c.tristate("step_up_graduate", r.step_up_graduate),
            frontline_graduate: c.tristate("frontline_graduate", r.frontline_graduate),
            cfkss_status: Conv::code(r.cfkss_status),
        })
    }
}

/// Push a person.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_person(
    builder: *mut wf_builder,
    record: *const wf_person,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe { push(builder, record, err_out, |b| &mut b.people, conv_person) }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_post(c: &mut Conv, r: &wf_post) -> Result<Post, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(Post {
            post_id: c.req_id("post_id", r.post_id)?,
            org_unit_id: c.req_id("org_unit_id", r.org_unit_id)?,
            title: c.opt_id("title", r.title)?,
            job_family: c.opt_id("job_family", r.job_family)?,
            csww_role: Conv::code(r.csww_role),
            fte: r.fte,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
            grade: c.opt_id("grade", r.grade)?,
        })
    }
}

/// Push a funded post.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_post(
    builder: *mut wf_builder,
    record: *const wf_post,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe { push(builder, record, err_out, |b| &mut b.posts, conv_post) }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_contract(c: &mut Conv, r: &wf_contract) -> Result<Contract, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(Contract {
            contract_id: c.req_key("contract_id", r.contract_id)?,
            person_id: c.req_id("person_id", r.person_id)?,
            org_unit_id: c.req_id("org_unit_id", r.org_unit_id)?,
            post_id: c.opt_id("post_id", r.post_id)?,
            title: c.opt_id("title", r.title)?,
            job_family: c.opt_id("job_family", r.job_family)?,
            grade: c.opt_id("grade", r.grade)?,
            source_system: c.opt_id("source_system", r.source_system)?,
            csww_role: Conv::code(r.csww_role),
            fte: r.fte,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
            contract_type: c.enumeration(
                "contract_type",
                r.contract_type,
                &CONTRACT_TYPES,
                "permanent (1), fixed_term (2), casual (3), secondment (4)",
            ),
            reason_leave: Conv::code(r.reason_leave),
            start_origin: Conv::code(r.start_origin),
            leaver_destination: Conv::code(r.leaver_destination),
            annual_pay: Conv::opt_f64(r.has_annual_pay, r.annual_pay),
        })
    }
}

/// Push a contract of employment (a starter, a leaver when `end_date` is given, or both).
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_contract(
    builder: *mut wf_builder,
    record: *const wf_contract,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe {
        push(
            builder,
            record,
            err_out,
            |b| &mut b.contracts,
            conv_contract,
        )
    }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_agency_assignment(
    c: &mut Conv,
    r: &wf_agency_assignment,
) -> Result<AgencyAssignment, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(AgencyAssignment {
            assignment_id: c.req_key("assignment_id", r.assignment_id)?,
            person_id: c.req_id("person_id", r.person_id)?,
            agency: c.opt_id("agency", r.agency)?,
            org_unit_id: c.req_id("org_unit_id", r.org_unit_id)?,
            post_id: c.opt_id("post_id", r.post_id)?,
            title: c.opt_id("title", r.title)?,
            job_family: c.opt_id("job_family", r.job_family)?,
            cover_reason: c.enumeration(
                "cover_reason",
                r.cover_reason,
                &COVER_REASONS,
                "vacancy (1), absence (2), additional (3)",
            ),
            csww_role: Conv::code(r.csww_role),
            fte: r.fte,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
            planned_end_date: c.opt_date("planned_end_date", r.planned_end_date),
            hourly_charge: Conv::opt_f64(r.has_hourly_charge, r.hourly_charge),
        })
    }
}

/// Push an agency worker's assignment.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_agency_assignment(
    builder: *mut wf_builder,
    record: *const wf_agency_assignment,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe {
        push(
            builder,
            record,
            err_out,
            |b| &mut b.agency,
            conv_agency_assignment,
        )
    }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_absence(c: &mut Conv, r: &wf_absence) -> Result<Absence, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        let absence_id = c.req_key("absence_id", r.absence_id)?;
        let person_id = c.req_id("person_id", r.person_id)?;
        let reason = c.opt_id("reason", r.reason)?;
        let absence_type = c.enumeration(
            "absence_type",
            r.absence_type,
            &ABSENCE_TYPES,
            "sickness (1), maternity (2), paternity (3), adoption (4), special (5), other (6)",
        );
        if r.absence_type == 0 {
            c.flag("absence_type", String::new(), "required value is missing");
        }
        Ok(Absence {
            absence_id,
            person_id,
            absence_type: absence_type.unwrap_or(AbsenceType::Other),
            reason,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
            working_days_lost: Conv::opt_f64(r.has_working_days_lost, r.working_days_lost),
        })
    }
}

/// Push a spell of absence.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_absence(
    builder: *mut wf_builder,
    record: *const wf_absence,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe { push(builder, record, err_out, |b| &mut b.absences, conv_absence) }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_er_case(c: &mut Conv, r: &wf_er_case) -> Result<ErCase, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        let case_id = c.req_key("case_id", r.case_id)?;
        let person_id = c.req_id("person_id", r.person_id)?;
        let case_type = c.enumeration(
            "case_type",
            r.case_type,
            &ER_CASE_TYPES,
            "long_term_absence (1), short_term_absence (2), capability (3), grievance (4), \
             disciplinary (5), other (6)",
        );
        if r.case_type == 0 {
            c.flag("case_type", String::new(), "required value is missing");
        }
        let outcome = c.opt_str("outcome", r.outcome)?;
        Ok(ErCase {
            case_id,
            person_id,
            case_type: case_type.unwrap_or(ErCaseType::Other),
            opened_date: c.req_date("opened_date", r.opened_date),
            closed_date: c.opt_date("closed_date", r.closed_date),
            outcome,
        })
    }
}

/// Push an employee-relations case. ER cases are "given" (and the `casework` measure of
/// `wf_data_hr` computed) once at least one has been pushed. A case closed before it opened
/// is rejected by `wf_builder_build` (column `closed_date`), as the file reader rejects the row.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_er_case(
    builder: *mut wf_builder,
    record: *const wf_er_case,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe { push(builder, record, err_out, |b| &mut b.er_cases, conv_er_case) }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_case_allocation(
    c: &mut Conv,
    r: &wf_case_allocation,
) -> Result<CaseAllocation, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(CaseAllocation {
            child_id: c.req_key("child_id", r.child_id)?,
            person_id: c.req_id("person_id", r.person_id)?,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
        })
    }
}

/// Push a child's case allocation. Case allocations are "given" (and caseload figures
/// computed) once at least one has been pushed.
///
/// Returns `WF_STATUS_NULL_PARAMETER` or `WF_STATUS_INVALID_UTF8` for a NULL pointer or a
/// string that is not UTF-8 (the record is then not added); any other problem with the
/// record is reported by `wf_builder_build` (see `wf_builder`).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_case_allocation(
    builder: *mut wf_builder,
    record: *const wf_case_allocation,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe {
        push(
            builder,
            record,
            err_out,
            |b| &mut b.allocations,
            conv_case_allocation,
        )
    }
}

/// # Safety
/// The record's strings point to readable bytes.
unsafe fn conv_care_period(c: &mut Conv, r: &wf_care_period) -> Result<CarePeriod, Failure> {
    // SAFETY: the caller's contract.
    unsafe {
        Ok(CarePeriod {
            child_id: c.req_key("child_id", r.child_id)?,
            start_date: c.req_date("start_date", r.start_date),
            end_date: c.opt_date("end_date", r.end_date),
        })
    }
}

/// Push a period in which a child was looked after. Care periods are "given" (and the
/// looked-after cohort of `child_changes` computed) once at least one has been pushed.
/// Returns like `wf_builder_add_case_allocation`.
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `record` is NULL or points
/// to a valid record whose strings point to `len` readable bytes; `err_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_care_period(
    builder: *mut wf_builder,
    record: *const wf_care_period,
    err_out: *mut *mut wf_error,
) -> wf_status {
    // SAFETY: the caller's contract.
    unsafe {
        push(
            builder,
            record,
            err_out,
            |b| &mut b.care_periods,
            conv_care_period,
        )
    }
}

/// Push a bank holiday (by default the England and Wales holidays are used; once one is
/// pushed, only the pushed ones are). Returns like the other push functions.
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_add_bank_holiday(
    builder: *mut wf_builder,
    date: wf_date,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let b = unsafe { arg_mut(builder, "builder") }?;
        let mut c = Conv::default();
        let d = c.req_date("date", date);
        b.bank_holidays.add(d, c);
        Ok(())
    })
}

/// Number of records pushed so far, of every kind, accepted or not.
///
/// # Safety
/// `builder` is NULL (0 is returned) or a live builder.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_len(builder: *const wf_builder) -> usize {
    boundary::value(0, || {
        // SAFETY: the caller's contract.
        unsafe { builder.as_ref() }.map_or(0, |b| {
            (b.org_units.given
                + b.people.given
                + b.posts.given
                + b.contracts.given
                + b.agency.given
                + b.absences.given
                + b.er_cases.given
                + b.allocations.given
                + b.care_periods.given
                + b.bank_holidays.given) as usize
        })
    })
}

/// Position map of one kind: the push position of each record handed to the checks.
fn remap(issues: &mut [Issue], file: &str, rows: &[u64]) {
    for i in issues.iter_mut().filter(|i| i.file == file) {
        if let Some(&r) = usize::try_from(i.row)
            .ok()
            .and_then(|k| k.checked_sub(1))
            .and_then(|k| rows.get(k))
        {
            i.row = r;
        }
    }
}

impl wf_builder {
    /// Validate and index everything pushed; the builder is left empty.
    pub(crate) fn build(&mut self, strict: bool) -> Result<(Workforce, LoadReport), Failure> {
        let mut b = std::mem::take(self);
        let kinds: [(&str, Vec<u64>, Vec<Issue>, u64); 10] = [
            (
                b.org_units.file,
                std::mem::take(&mut b.org_units.rows),
                std::mem::take(&mut b.org_units.rejected),
                b.org_units.given,
            ),
            (
                b.people.file,
                std::mem::take(&mut b.people.rows),
                std::mem::take(&mut b.people.rejected),
                b.people.given,
            ),
            (
                b.posts.file,
                std::mem::take(&mut b.posts.rows),
                std::mem::take(&mut b.posts.rejected),
                b.posts.given,
            ),
            (
                b.contracts.file,
                std::mem::take(&mut b.contracts.rows),
                std::mem::take(&mut b.contracts.rejected),
                b.contracts.given,
            ),
            (
                b.agency.file,
                std::mem::take(&mut b.agency.rows),
                std::mem::take(&mut b.agency.rejected),
                b.agency.given,
            ),
            (
                b.absences.file,
                std::mem::take(&mut b.absences.rows),
                std::mem::take(&mut b.absences.rejected),
                b.absences.given,
            ),
            (
                b.er_cases.file,
                std::mem::take(&mut b.er_cases.rows),
                std::mem::take(&mut b.er_cases.rejected),
                b.er_cases.given,
            ),
            (
                b.allocations.file,
                std::mem::take(&mut b.allocations.rows),
                std::mem::take(&mut b.allocations.rejected),
                b.allocations.given,
            ),
            (
                b.care_periods.file,
                std::mem::take(&mut b.care_periods.rows),
                std::mem::take(&mut b.care_periods.rejected),
                b.care_periods.given,
            ),
            (
                b.bank_holidays.file,
                std::mem::take(&mut b.bank_holidays.rows),
                std::mem::take(&mut b.bank_holidays.rejected),
                b.bank_holidays.given,
            ),
        ];
        let ds = Dataset {
            org_units: b.org_units.take().recs,
            people: b.people.take().recs,
            posts: b.posts.take().recs,
            contracts: b.contracts.take().recs,
            agency_assignments: b.agency.take().recs,
            absences: b.absences.take().recs,
            er_cases: (b.er_cases.given > 0).then(|| b.er_cases.take().recs),
            case_allocations: (b.allocations.given > 0).then(|| b.allocations.take().recs),
            care_periods: (b.care_periods.given > 0).then(|| b.care_periods.take().recs),
            bank_holidays: (b.bank_holidays.given > 0).then(|| b.bank_holidays.take().recs),
        };
        let (ds, mut report) = io::check(ds);
        for (file, rows, rejected, given) in kinds {
            remap(&mut report.rejections, file, &rows);
            remap(&mut report.warnings, file, &rows);
            let n = rejected.len() as u64;
            if let Some(f) = report.files.iter_mut().find(|f| f.file == file) {
                f.rows_read += n;
                f.rows_rejected += n;
                f.present |= given > 0;
            } else if given > 0 {
                report.files.push(FileReport {
                    file: file.to_string(),
                    present: true,
                    rows_read: given,
                    rows_accepted: given - n,
                    rows_rejected: n,
                });
            }
            report.rejections.extend(rejected);
        }
        let order = |f: &str| io::FILES.iter().position(|x| *x == f).unwrap_or(usize::MAX);
        report.rejections.sort_by_key(|a| (order(&a.file), a.row));
        report.warnings.sort_by_key(|a| (order(&a.file), a.row));
        if strict {
            if let Some(first) = report.rejections.first() {
                return Err(first.to_error().into());
            }
        }
        let wf = Workforce::new(ds)?;
        Ok((wf, report))
    }
}

/// Validate everything pushed with the file reader's checks, index it, and hand back the data
/// (`*data_out`) and, when `report_out` is not NULL, the load report (`*report_out`).
///
/// Records with a data problem are left out and listed in the report; with `strict`, the
/// first one fails the build with `WF_STATUS_INVALID_DATA` and its file, row, column and
/// value in the error. The builder is emptied by the call, whether it succeeds or not (it
/// stays valid: push again or free it).
///
/// # Safety
/// `builder` is NULL or a live builder used by no other thread; `data_out` is NULL or
/// writable; `report_out` and `err_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wf_builder_build(
    builder: *mut wf_builder,
    strict: bool,
    data_out: *mut *mut wf_data,
    report_out: *mut *mut wf_report,
    err_out: *mut *mut wf_error,
) -> wf_status {
    boundary::status(err_out, || {
        // SAFETY: the caller's contract.
        let b = unsafe { arg_mut(builder, "builder") }?;
        boundary::out(data_out, "data_out")?;
        let (wf, report) = b.build(strict)?;
        // SAFETY: checked above; the caller's contract.
        unsafe {
            boundary::give(data_out, wf_data { wf });
            if !report_out.is_null() {
                boundary::give(report_out, wf_report { report });
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{
        wf_absence_type as A, wf_contract_type as K, wf_cover_reason as R, wf_er_case_type as E,
    };

    /// Each C enum value `n` (1, 2, …; 0 is "not given") reads as the model value it names:
    /// the tables above and the header's numbering stay in step.
    #[test]
    fn c_enum_values_read_as_the_model_values_they_name() {
        let k = |v: K| CONTRACT_TYPES[v as usize - 1];
        assert_eq!(
            [
                k(K::Permanent),
                k(K::FixedTerm),
                k(K::Casual),
                k(K::Secondment)
            ],
            [
                ContractType::Permanent,
                ContractType::FixedTerm,
                ContractType::Casual,
                ContractType::Secondment
            ]
        );
        let r = |v: R| COVER_REASONS[v as usize - 1];
        assert_eq!(
            [r(R::Vacancy), r(R::Absence), r(R::Additional)],
            [
                CoverReason::Vacancy,
                CoverReason::Absence,
                CoverReason::Additional
            ]
        );
        let a = |v: A| ABSENCE_TYPES[v as usize - 1];
        assert_eq!(
            [
                a(A::Sickness),
                a(A::Maternity),
                a(A::Paternity),
                a(A::Adoption),
                a(A::Special),
                a(A::Other)
            ],
            [
                AbsenceType::Sickness,
                AbsenceType::Maternity,
                AbsenceType::Paternity,
                AbsenceType::Adoption,
                AbsenceType::Special,
                AbsenceType::Other
            ]
        );
        let e = |v: E| ER_CASE_TYPES[v as usize - 1];
        assert_eq!(
            [
                e(E::LongTermAbsence),
                e(E::ShortTermAbsence),
                e(E::Capability),
                e(E::Grievance),
                e(E::Disciplinary),
                e(E::Other)
            ],
            [
                ErCaseType::LongTermAbsence,
                ErCaseType::ShortTermAbsence,
                ErCaseType::Capability,
                ErCaseType::Grievance,
                ErCaseType::Disciplinary,
                ErCaseType::Other
            ]
        );
    }
}
