//! The canonical domain model: plain data, one struct per file of the canonical data folder.
//!
//! Records hold what the data contract (`data-format.md`) pins; dates are calendar dates,
//! an absent `end_date` means "still open". The model reads no file and computes no measure:
//! see [`crate::io`] for reading and [`crate::timeline`] for the time rules.
//!
//! Text comes in three kinds, for memory: values that many records share (the keys of people,
//! org units and posts, and categorical text such as job family, grade, gender or an absence's
//! reason) are interned [`Id`]s, 8 bytes each; record ids, child ids and SWE numbers, unique
//! or nearly unique per row, are [`EcoString`]s, 16 bytes and inline up to 15; names and ER
//! outcomes are `String`s.

pub use crate::id::Id;
use chrono::NaiveDate;
/// The string of record ids (contract, assignment, absence, ER case), child ids and SWE
/// numbers: inline up to 15 bytes, so a typical id costs no heap allocation (longer text is
/// reference-counted).
pub use ecow::EcoString;
use serde::{Deserialize, Serialize};

/// A calendar date.
pub type Date = NaiveDate;

/// DfE census `OrgRole` (1 senior manager … 6 qualified without cases).
pub type CswwRole = u8;

/// Largest valid `OrgRole` code.
pub const CSWW_ROLE_MAX: u8 = 6;
/// Largest valid `ReasonLeave` code.
pub const REASON_LEAVE_MAX: u8 = 10;
/// Largest valid `StartOrigin` code.
pub const START_ORIGIN_MAX: u8 = 10;
/// Largest valid `LeaverDestination` code.
pub const LEAVER_DESTINATION_MAX: u8 = 9;

/// Human-readable label of a census `OrgRole` code.
pub fn csww_role_label(role: CswwRole) -> &'static str {
    match role {
        1 => "Senior manager",
        2 => "Middle manager",
        3 => "First line manager",
        4 => "Senior practitioner",
        5 => "Case holder",
        6 => "Qualified without cases",
        _ => "Unknown",
    }
}

/// A node of the organisation tree: team → service → directorate → council.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub org_unit_id: Id,
    pub name: String,
    pub parent_id: Option<Id>,
    pub kind: Option<Id>,
}

/// A real person, employee or agency worker (or both, at different times).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub person_id: Id,
    pub swe_number: Option<EcoString>,
    pub date_of_birth: Option<Date>,
    pub gender: Option<Id>,
    pub ethnicity: Option<Id>,
    pub qualification_institution: Option<Id>,
    pub qualification_level: Option<u8>,
    pub step_up_graduate: Option<bool>,
    pub frontline_graduate: Option<bool>,
    pub cfkss_status: Option<u8>,
}

/// A funded post of the establishment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub post_id: Id,
    pub org_unit_id: Id,
    pub title: Option<Id>,
    pub job_family: Option<Id>,
    pub csww_role: Option<CswwRole>,
    pub fte: f64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub grade: Option<Id>,
}

/// A contract of employment: one person, one post (or org unit), one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub contract_id: EcoString,
    pub person_id: Id,
    pub org_unit_id: Id,
    pub post_id: Option<Id>,
    pub title: Option<Id>,
    pub job_family: Option<Id>,
    pub csww_role: Option<CswwRole>,
    pub fte: f64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub contract_type: Option<ContractType>,
    pub reason_leave: Option<u8>,
    pub start_origin: Option<u8>,
    pub leaver_destination: Option<u8>,
    pub grade: Option<Id>,
    pub annual_pay: Option<f64>,
    pub source_system: Option<Id>,
}

/// Kind of employment contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractType {
    Permanent,
    FixedTerm,
    Casual,
    Secondment,
}

impl ContractType {
    /// Parse the canonical spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "permanent" => ContractType::Permanent,
            "fixed_term" => ContractType::FixedTerm,
            "casual" => ContractType::Casual,
            "secondment" => ContractType::Secondment,
            _ => return None,
        })
    }
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ContractType::Permanent => "permanent",
            ContractType::FixedTerm => "fixed_term",
            ContractType::Casual => "casual",
            ContractType::Secondment => "secondment",
        }
    }
}

/// Why an agency worker is engaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverReason {
    /// Covers a vacant funded post.
    Vacancy,
    /// Covers an absent post holder.
    Absence,
    /// Over establishment.
    Additional,
}

impl CoverReason {
    /// Parse the canonical spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "vacancy" => CoverReason::Vacancy,
            "absence" => CoverReason::Absence,
            "additional" => CoverReason::Additional,
            _ => return None,
        })
    }
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverReason::Vacancy => "vacancy",
            CoverReason::Absence => "absence",
            CoverReason::Additional => "additional",
        }
    }
}

/// An agency worker's assignment, from the managed-service provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyAssignment {
    pub assignment_id: EcoString,
    pub person_id: Id,
    pub agency: Option<Id>,
    pub org_unit_id: Id,
    pub post_id: Option<Id>,
    pub cover_reason: Option<CoverReason>,
    pub title: Option<Id>,
    pub job_family: Option<Id>,
    pub csww_role: Option<CswwRole>,
    pub fte: f64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub planned_end_date: Option<Date>,
    pub hourly_charge: Option<f64>,
}

/// Type of absence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceType {
    Sickness,
    Maternity,
    Paternity,
    Adoption,
    Special,
    Other,
}

impl AbsenceType {
    /// Parse the canonical spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sickness" => AbsenceType::Sickness,
            "maternity" => AbsenceType::Maternity,
            "paternity" => AbsenceType::Paternity,
            "adoption" => AbsenceType::Adoption,
            "special" => AbsenceType::Special,
            "other" => AbsenceType::Other,
            _ => return None,
        })
    }
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceType::Sickness => "sickness",
            AbsenceType::Maternity => "maternity",
            AbsenceType::Paternity => "paternity",
            AbsenceType::Adoption => "adoption",
            AbsenceType::Special => "special",
            AbsenceType::Other => "other",
        }
    }
}

/// A spell of absence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub absence_id: EcoString,
    pub person_id: Id,
    pub absence_type: AbsenceType,
    pub reason: Option<Id>,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub working_days_lost: Option<f64>,
}

/// Type of employee-relations case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErCaseType {
    LongTermAbsence,
    ShortTermAbsence,
    Capability,
    Grievance,
    Disciplinary,
    Other,
}

impl ErCaseType {
    /// Parse the canonical spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "long_term_absence" => ErCaseType::LongTermAbsence,
            "short_term_absence" => ErCaseType::ShortTermAbsence,
            "capability" => ErCaseType::Capability,
            "grievance" => ErCaseType::Grievance,
            "disciplinary" => ErCaseType::Disciplinary,
            "other" => ErCaseType::Other,
            _ => return None,
        })
    }
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ErCaseType::LongTermAbsence => "long_term_absence",
            ErCaseType::ShortTermAbsence => "short_term_absence",
            ErCaseType::Capability => "capability",
            ErCaseType::Grievance => "grievance",
            ErCaseType::Disciplinary => "disciplinary",
            ErCaseType::Other => "other",
        }
    }
}

/// An employee-relations case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErCase {
    pub case_id: EcoString,
    pub person_id: Id,
    pub case_type: ErCaseType,
    pub opened_date: Date,
    pub closed_date: Option<Date>,
    pub outcome: Option<String>,
}

/// A child's case allocated to a worker for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseAllocation {
    pub child_id: EcoString,
    pub person_id: Id,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

/// A period in which a child was looked after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarePeriod {
    pub child_id: EcoString,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

/// A whole canonical data set: every table of the data folder.
///
/// Optional files that were absent are `None`, so a metric that needs one can say so.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub org_units: Vec<OrgUnit>,
    pub people: Vec<Person>,
    pub posts: Vec<Post>,
    pub contracts: Vec<Contract>,
    pub agency_assignments: Vec<AgencyAssignment>,
    pub absences: Vec<Absence>,
    pub er_cases: Option<Vec<ErCase>>,
    pub case_allocations: Option<Vec<CaseAllocation>>,
    pub care_periods: Option<Vec<CarePeriod>>,
    pub bank_holidays: Option<Vec<Date>>,
}
