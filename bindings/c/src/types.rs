//! Plain C value types: strings, dates, and the records pushed into a builder.

use crate::error::Failure;
use std::ffi::{c_char, CStr, CString};
use workforce::Date;

/// A UTF-8 string with an explicit length, borrowed for the call only. Never needs a NUL.
///
/// As an input, `{NULL, 0}` is "absent"; an optional field that is absent or empty is not
/// given; `{NULL, n > 0}` is refused with `WF_STATUS_NULL_PARAMETER`, and bytes that are not
/// UTF-8 with `WF_STATUS_INVALID_UTF8`. As an output, `data` is also NUL-terminated (so it
/// can be printed with `%s`) and lives as long as the object it was read from; `{NULL, 0}`
/// means "none".
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_str {
    /// The bytes (need not be NUL-terminated).
    pub data: *const c_char,
    /// Number of bytes, without any NUL.
    pub len: usize,
}

impl wf_str {
    /// No string.
    pub const NONE: wf_str = wf_str {
        data: std::ptr::null(),
        len: 0,
    };

    /// Borrow a C string (it must outlive the use of the result).
    pub fn from_cstr(s: &CStr) -> wf_str {
        wf_str {
            data: s.as_ptr(),
            len: s.to_bytes().len(),
        }
    }

    /// The text, or `None` when absent (`{NULL, 0}`).
    ///
    /// # Safety
    /// `data` points to `len` readable bytes that outlive `'a`.
    pub(crate) unsafe fn get<'a>(self, what: &str) -> Result<Option<&'a str>, Failure> {
        if self.data.is_null() {
            return if self.len == 0 {
                Ok(None)
            } else {
                Err(Failure::null(&format!("{what}.data")))
            };
        }
        // SAFETY: the caller's contract.
        let bytes = unsafe { std::slice::from_raw_parts(self.data.cast::<u8>(), self.len) };
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some(s)),
            Err(e) => Err(Failure::new(
                crate::error::wf_status::InvalidUtf8,
                format!(
                    "{what} is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )),
        }
    }

    /// The text, `None` when absent or empty.
    ///
    /// # Safety
    /// As [`wf_str::get`].
    pub(crate) unsafe fn non_empty<'a>(self, what: &str) -> Result<Option<&'a str>, Failure> {
        // SAFETY: the caller's contract.
        Ok(unsafe { self.get(what) }?.filter(|s| !s.is_empty()))
    }
}

/// A C string for output: interior NULs (which C cannot show) become U+FFFD.
pub(crate) fn cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{FFFD}")).expect("no NUL left")
}

/// A calendar date. `{0, 0, 0}` means "no date" for optional dates.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct wf_date {
    /// Year, such as 2024.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl wf_date {
    pub(crate) fn is_none(self) -> bool {
        self == wf_date::default()
    }
    /// The date, or `Err(text)` for a date that does not exist.
    pub(crate) fn to_date(self) -> Result<Date, String> {
        Date::from_ymd_opt(self.year, u32::from(self.month), u32::from(self.day))
            .ok_or_else(|| self.text())
    }
    /// The date as `YYYY-MM-DD`, even when it does not exist.
    pub(crate) fn text(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    pub(crate) fn from_date(d: Date) -> wf_date {
        use chrono::Datelike;
        wf_date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }
    /// A date argument: refused with `WF_STATUS_INVALID_ARGUMENT` when it does not exist.
    pub(crate) fn arg(self, what: &str) -> Result<Date, Failure> {
        self.to_date()
            .map_err(|t| Failure::invalid_argument(format!("{what} {t} is not a valid date")))
    }
}

/// Three-valued flags: `WF_TRISTATE_UNKNOWN` (0, not given), `WF_TRISTATE_NO`, `WF_TRISTATE_YES`.
/// Fields that take one are `uint8_t`.
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum wf_tristate {
    /// Not given.
    Unknown = 0,
    /// False.
    No = 1,
    /// True.
    Yes = 2,
}

/// `contract_type` of a `wf_contract` (a `uint8_t` field); 0 means not given.
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum wf_contract_type {
    /// Not given.
    None = 0,
    /// `permanent`.
    Permanent = 1,
    /// `fixed_term`.
    FixedTerm = 2,
    /// `casual` (zero hours).
    Casual = 3,
    /// `secondment`.
    Secondment = 4,
}

/// `cover_reason` of a `wf_agency_assignment` (a `uint8_t` field); 0 means not given.
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum wf_cover_reason {
    /// Not given.
    None = 0,
    /// Covers a vacant funded post.
    Vacancy = 1,
    /// Covers an absent post holder.
    Absence = 2,
    /// Over establishment.
    Additional = 3,
}

/// `absence_type` of a `wf_absence` (a `uint8_t` field; required).
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum wf_absence_type {
    /// Not given (the record is rejected: the type is required).
    None = 0,
    /// `sickness`.
    Sickness = 1,
    /// `maternity`.
    Maternity = 2,
    /// `paternity`.
    Paternity = 3,
    /// `adoption`.
    Adoption = 4,
    /// `special`.
    Special = 5,
    /// `other`.
    Other = 6,
}

/// `case_type` of a `wf_er_case` (a `uint8_t` field; required).
#[allow(non_camel_case_types)]
#[repr(u8)]
pub enum wf_er_case_type {
    /// Not given (the record is rejected: the type is required).
    None = 0,
    /// `long_term_absence`.
    LongTermAbsence = 1,
    /// `short_term_absence`.
    ShortTermAbsence = 2,
    /// `capability`.
    Capability = 3,
    /// `grievance`.
    Grievance = 4,
    /// `disciplinary`.
    Disciplinary = 5,
    /// `other`.
    Other = 6,
}

/// A node of the organisation tree (`org_units.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_org_unit {
    /// Required.
    pub org_unit_id: wf_str,
    /// Required.
    pub name: wf_str,
    /// Absent for a root unit.
    pub parent_id: wf_str,
    /// Optional (`team`, `service`, `directorate`, `council`).
    pub kind: wf_str,
}

/// A person, employee or agency worker (`people.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_person {
    /// Required.
    pub person_id: wf_str,
    /// Optional Social Work England number.
    pub swe_number: wf_str,
    /// Optional; `{0, 0, 0}` when not given.
    pub date_of_birth: wf_date,
    /// Optional.
    pub gender: wf_str,
    /// Optional.
    pub ethnicity: wf_str,
    /// Optional.
    pub qualification_institution: wf_str,
    /// Census `QualLevel` code 1 to 3; 0 when not given.
    pub qualification_level: u8,
    /// A `wf_tristate`.
    pub step_up_graduate: u8,
    /// A `wf_tristate`.
    pub frontline_graduate: u8,
    /// Census `CFKSSstatus` code 1 to 4; 0 when not given.
    pub cfkss_status: u8,
}

/// A funded post (`posts.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_post {
    /// Required.
    pub post_id: wf_str,
    /// Required; must name a pushed org unit.
    pub org_unit_id: wf_str,
    /// Optional.
    pub title: wf_str,
    /// Optional (such as `social_work`).
    pub job_family: wf_str,
    /// Census `OrgRole` code 1 to 6; 0 when not in CSWW scope.
    pub csww_role: u8,
    /// Required, greater than 0.
    pub fte: f64,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while open.
    pub end_date: wf_date,
    /// Optional.
    pub grade: wf_str,
}

/// A contract of employment (`contracts.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_contract {
    /// Required.
    pub contract_id: wf_str,
    /// Required; must name a pushed person.
    pub person_id: wf_str,
    /// Required; must name a pushed org unit.
    pub org_unit_id: wf_str,
    /// Optional; when given, must name a pushed post.
    pub post_id: wf_str,
    /// Optional.
    pub title: wf_str,
    /// Optional.
    pub job_family: wf_str,
    /// Census `OrgRole` code 1 to 6; 0 when not in CSWW scope.
    pub csww_role: u8,
    /// Required, greater than 0.
    pub fte: f64,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while employed. The last day worked.
    pub end_date: wf_date,
    /// A `wf_contract_type`; 0 when not given.
    pub contract_type: u8,
    /// Census `ReasonLeave` code 1 to 10; 0 when not given.
    pub reason_leave: u8,
    /// Census `StartOrigin` code 1 to 10; 0 when not given.
    pub start_origin: u8,
    /// Census `LeaverDestination` code 1 to 9; 0 when not given.
    pub leaver_destination: u8,
    /// Optional.
    pub grade: wf_str,
    /// Annual pay, read only when `has_annual_pay`.
    pub annual_pay: f64,
    /// Whether `annual_pay` is given.
    pub has_annual_pay: bool,
    /// Optional name of the system the record came from.
    pub source_system: wf_str,
}

/// An agency worker's assignment (`agency_assignments.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_agency_assignment {
    /// Required.
    pub assignment_id: wf_str,
    /// Required; must name a pushed person.
    pub person_id: wf_str,
    /// Optional agency name.
    pub agency: wf_str,
    /// Required; must name a pushed org unit.
    pub org_unit_id: wf_str,
    /// Optional; when given, must name a pushed post.
    pub post_id: wf_str,
    /// A `wf_cover_reason`; 0 when not given.
    pub cover_reason: u8,
    /// Optional.
    pub title: wf_str,
    /// Optional.
    pub job_family: wf_str,
    /// Census `OrgRole` code 1 to 6; 0 when not in CSWW scope.
    pub csww_role: u8,
    /// Required, greater than 0.
    pub fte: f64,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while open.
    pub end_date: wf_date,
    /// Optional.
    pub planned_end_date: wf_date,
    /// Hourly charge, read only when `has_hourly_charge`.
    pub hourly_charge: f64,
    /// Whether `hourly_charge` is given.
    pub has_hourly_charge: bool,
}

/// A spell of absence (`absences.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_absence {
    /// Required.
    pub absence_id: wf_str,
    /// Required; must name a pushed person.
    pub person_id: wf_str,
    /// A `wf_absence_type`; required.
    pub absence_type: u8,
    /// Optional.
    pub reason: wf_str,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while open.
    pub end_date: wf_date,
    /// Working days lost, read only when `has_working_days_lost`.
    pub working_days_lost: f64,
    /// Whether `working_days_lost` is given.
    pub has_working_days_lost: bool,
}

/// An employee-relations case (`er_cases.csv`), for the `casework` measure.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_er_case {
    /// Required.
    pub case_id: wf_str,
    /// Required; must name a pushed person.
    pub person_id: wf_str,
    /// A `wf_er_case_type`; required.
    pub case_type: u8,
    /// Required.
    pub opened_date: wf_date,
    /// Optional; `{0, 0, 0}` while open. Not before `opened_date`.
    pub closed_date: wf_date,
    /// Optional.
    pub outcome: wf_str,
}

/// A period in which a child was looked after (`care_periods.csv`), for the looked-after
/// cohort of the `child_changes` measure.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_care_period {
    /// Required.
    pub child_id: wf_str,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while looked after.
    pub end_date: wf_date,
}

/// A child's case allocated to a worker (`case_allocations.csv`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wf_case_allocation {
    /// Required.
    pub child_id: wf_str,
    /// Required; must name a pushed person.
    pub person_id: wf_str,
    /// Required.
    pub start_date: wf_date,
    /// Optional; `{0, 0, 0}` while allocated.
    pub end_date: wf_date,
}
