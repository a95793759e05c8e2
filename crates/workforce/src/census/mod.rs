//! The DfE children's social work workforce (CSWW) census return.
//!
//! The census is an XML file an English local authority submits once a year (reference date
//! 30 September) through DfE COLLECT: a header, an LA-level block (vacancies and agency cover;
//! in 2025 also pay and allowance questions) and one `CSWWWorker` record per worker-role. The
//! items, codes and per-year layouts are described in `metrics.md` §3 and in the schemas'
//! README (`spec/README.md`).
//!
//! This module:
//! - builds the return from the canonical data ([`build`], [`export`]) with the timeline's rules,
//!   so the return agrees with [`Workforce::csww`](crate::Workforce::csww) for the same year;
//!   records that cannot be filled completely are listed in a [`CensusReport`];
//! - writes it in the element order each collection year's schema requires ([`to_xml`]);
//! - de-duplicates and pseudonymises it for regional sharing ([`dedupe`], [`pseudonymise`]);
//! - reads a census file back ([`parse`], [`read_file`]) defensively (no DOCTYPE, bounded size and
//!   depth, both element orders, both LA-level element names) and turns it into the canonical
//!   model ([`to_dataset`]).

mod build;
mod load;
mod pseudo;
mod xml;

pub use build::{build, export, CensusReport, ExportOptions, Issue};
pub use load::{to_dataset, to_dataset_with};
pub use pseudo::{dedupe, pseudonymise, pseudonymise_swe, read_key_file, MIN_KEY_BYTES};
pub use xml::{parse, parse_with_limits, read_file, to_xml, Limits};

use crate::error::{Error, ErrorKind, Result};
use crate::model::Date;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// First collection year with a schema in `spec/`.
pub const FIRST_YEAR: i32 = 2021;
/// Last collection year with a schema in `spec/`.
pub const LAST_YEAR: i32 = 2025;

/// The census codes of `Ethnicity` (CBDS).
pub const ETHNICITY_CODES: [&str; 18] = [
    "WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
    "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];

/// The census codes of `ReasonAbsence`.
pub const ABSENCE_CODES: [&str; 7] = ["MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP"];

/// The layout of one collection year: which element names and items its schema has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The collection year (the year of the 30 September reference date).
    pub year: i32,
}

impl Layout {
    /// The layout of a collection year, 2021 to 2025.
    pub fn for_year(year: i32) -> Result<Layout> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
            Ok(Layout { year })
        } else {
            Err(Error::invalid_argument(format!(
                "no CSWW census schema for collection year {year} (supported: {FIRST_YEAR} to {LAST_YEAR})"
            )))
        }
    }
    /// 2024 on: `Sex` (M/F) in place of `GenderCurrent` (0/1/2/9).
    pub fn uses_sex(self) -> bool {
        self.year >= 2024
    }
    /// 2021–2024: `QualInst` (required, repeatable) and `CFKSSstatus`.
    pub fn has_qual_inst(self) -> bool {
        self.year <= 2024
    }
    /// 2021–2024: `CFKSSstatus`.
    pub fn has_cfkss(self) -> bool {
        self.year <= 2024
    }
    /// 2025 on: LA-level pay and allowance items and worker pay items.
    pub fn has_pay(self) -> bool {
        self.year >= 2025
    }
    /// The LA-level element name: `LALevel` from 2025, `LALevelVacancies` before.
    pub fn la_element(self) -> &'static str {
        if self.year >= 2025 {
            "LALevel"
        } else {
            "LALevelVacancies"
        }
    }
}

/// Gender or sex as the census codes it (`GenderCurrent` 0/1/2/9 to 2023, `Sex` M/F from 2024).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// 1 / M.
    Male,
    /// 2 / F.
    Female,
    /// 0 (no `Sex` code).
    NotKnown,
    /// 9 (no `Sex` code).
    NotSpecified,
}

impl Gender {
    /// Interpret a canonical `gender` value: a census code (0/1/2/9, M/F) or common free text.
    pub fn parse(s: &str) -> Option<Gender> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "1" | "m" | "male" | "man" => Gender::Male,
            "2" | "f" | "female" | "woman" => Gender::Female,
            "0" | "not known" | "unknown" | "u" => Gender::NotKnown,
            "9" | "not specified" | "unspecified" | "prefer not to say" => Gender::NotSpecified,
            _ => return None,
        })
    }
    /// The `GenderCurrent` code.
    pub fn gender_current(self) -> &'static str {
        match self {
            Gender::Male => "1",
            Gender::Female => "2",
            Gender::NotKnown => "0",
            Gender::NotSpecified => "9",
        }
    }
    /// The `Sex` code, where there is one.
    pub fn sex(self) -> Option<&'static str> {
        match self {
            Gender::Male => Some("M"),
            Gender::Female => Some("F"),
            _ => None,
        }
    }
    /// The canonical text written to `people.csv` when a census file is read.
    pub fn as_text(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::NotKnown => "not known",
            Gender::NotSpecified => "not specified",
        }
    }
}

/// The header of a return.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Collection year (year of the reference date).
    pub year: Option<i32>,
    /// Reference date (30 September).
    pub reference_date: Option<Date>,
    /// The 3-digit (old) LA code.
    pub lea: Option<String>,
    /// The software that wrote the file.
    pub software_code: Option<String>,
    /// When the file was written.
    pub date_time: Option<DateTime<Utc>>,
}

/// The 2025 LA-level pay and allowance questions, filled in by the council.
///
/// Each `0` No, `1` Yes (all LA-employed social workers eligible), `2` Yes (some eligible).
/// Read from a JSON file (see [`LaSettings::from_file`]), for example:
///
/// ```json
/// { "recruitment_bonus": 2, "retention_bonus": 2, "performance_award": 0,
///   "car_allowance": 1, "relocation_package": 2, "regional_weighting": 0,
///   "cost_swe": 1, "cost_dbs": 1, "other_allowances": "Market supplement for team managers" }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaSettings {
    /// `RecruitmentBonus`.
    pub recruitment_bonus: u8,
    /// `RetentionBonus`.
    pub retention_bonus: u8,
    /// `PerformanceAward`.
    pub performance_award: u8,
    /// `CarAllowance`.
    pub car_allowance: u8,
    /// `RelocationPackage`.
    pub relocation_package: u8,
    /// `RegionalWeighting`.
    pub regional_weighting: u8,
    /// `CostSWE` (the council pays Social Work England registration).
    pub cost_swe: u8,
    /// `CostDBS` (the council pays DBS checks).
    pub cost_dbs: u8,
    /// `OtherAllowances` (free text; may be empty).
    #[serde(default)]
    pub other_allowances: String,
}

impl LaSettings {
    /// The items in schema order, as (element, code).
    pub fn items(&self) -> [(&'static str, u8); 8] {
        [
            ("RecruitmentBonus", self.recruitment_bonus),
            ("RetentionBonus", self.retention_bonus),
            ("PerformanceAward", self.performance_award),
            ("CarAllowance", self.car_allowance),
            ("RelocationPackage", self.relocation_package),
            ("RegionalWeighting", self.regional_weighting),
            ("CostSWE", self.cost_swe),
            ("CostDBS", self.cost_dbs),
        ]
    }

    fn item_mut(&mut self, name: &str) -> Option<&mut u8> {
        Some(match name {
            "RecruitmentBonus" => &mut self.recruitment_bonus,
            "RetentionBonus" => &mut self.retention_bonus,
            "PerformanceAward" => &mut self.performance_award,
            "CarAllowance" => &mut self.car_allowance,
            "RelocationPackage" => &mut self.relocation_package,
            "RegionalWeighting" => &mut self.regional_weighting,
            "CostSWE" => &mut self.cost_swe,
            "CostDBS" => &mut self.cost_dbs,
            _ => return None,
        })
    }

    /// Check every code is 0, 1 or 2.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in self.items() {
            if v > 2 {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("{name} must be 0 (no), 1 (yes, all) or 2 (yes, some), got {v}"),
                ));
            }
        }
        Ok(())
    }

    /// Parse the JSON settings text.
    pub fn from_json(s: &str) -> Result<LaSettings> {
        let v: LaSettings = serde_json::from_str(s)
            .map_err(|e| Error::new(ErrorKind::Config, format!("census settings: {e}")))?;
        v.validate()?;
        Ok(v)
    }

    /// Read the JSON settings file.
    pub fn from_file(path: &Path) -> Result<LaSettings> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), &e))?;
        Self::from_json(&text).map_err(|e| e.in_file(path.display().to_string()))
    }
}

/// The LA-level block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LaLevel {
    /// `NumberOfVacancies`: vacant FTE on the reference date.
    pub vacancies_fte: f64,
    /// `NoAgencyFTE`: agency FTE covering vacancies.
    pub agency_cover_fte: f64,
    /// `NoAgencyHeadcount`: agency workers covering vacancies.
    pub agency_cover_headcount: u64,
    /// The 2025 pay and allowance questions (absent before 2025).
    pub pay: Option<LaSettings>,
}

/// One `CSWWWorker` record. Items are optional as in the schemas; repeatable items are vectors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Worker {
    /// `AgencyWorker`.
    pub agency: bool,
    /// `SWENo`.
    pub swe_no: String,
    /// `FTE`: for leavers the FTE on the last day, for starters the FTE on the first day, else
    /// the FTE on 30 September.
    pub fte: Option<f64>,
    /// `PersonBirthDate`.
    pub birth_date: Option<Date>,
    /// `GenderCurrent` / `Sex`.
    pub gender: Option<Gender>,
    /// `Ethnicity` (a census code).
    pub ethnicity: Option<String>,
    /// `QualInst` (2021–2024).
    pub qual_inst: Vec<String>,
    /// `QualLevel`.
    pub qual_level: Option<u8>,
    /// `StepUpGrad`.
    pub step_up_grad: Option<bool>,
    /// `OrgRole`.
    pub org_role: Option<u8>,
    /// `RoleStartDate`.
    pub role_start_date: Option<Date>,
    /// `StartOrigin`.
    pub start_origin: Option<u8>,
    /// `RoleEndDate`.
    pub role_end_date: Option<Date>,
    /// `LeaverDestination`.
    pub leaver_destination: Option<u8>,
    /// `ReasonLeave`.
    pub reason_leave: Option<u8>,
    /// `FTE30`: FTE in post on 30 September.
    pub fte30: Option<f64>,
    /// `Cases30`.
    pub cases30: Option<u32>,
    /// `WorkingDaysLost` (FTE days lost to sickness in the year).
    pub working_days_lost: Option<f64>,
    /// `ContractWeeks` (agency), one per assignment.
    pub contract_weeks: Vec<f64>,
    /// `FrontlineGrad`.
    pub frontline_grad: Option<bool>,
    /// `Absat30Sept`.
    pub absent_30_sept: Vec<bool>,
    /// `ReasonAbsence`.
    pub reason_absence: Vec<String>,
    /// `CFKSSstatus` (2021–2024).
    pub cfkss_status: Vec<u8>,
    /// `BaseSalary` (2025).
    pub base_salary: Option<f64>,
    /// `RRPayments` (2025).
    pub rr_payments: Option<f64>,
    /// `OtherPayments` (2025).
    pub other_payments: Option<f64>,
    /// The canonical person the record came from (not written to the file).
    #[serde(skip)]
    pub person_id: Option<String>,
}

/// A whole census return.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CensusReturn {
    /// The header.
    pub header: Header,
    /// The LA-level block.
    pub la_level: LaLevel,
    /// The worker records.
    pub workers: Vec<Worker>,
}

/// Key figures of a return, computed from its records the way DfE does, for comparison with
/// [`Workforce::csww`](crate::Workforce::csww).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CensusTotals {
    /// Σ `FTE30` (or `FTE`; the other way round with `fte_source_for_stock = fte`) of employee
    /// records in post on the reference date.
    pub inpost_fte: f64,
    /// Distinct people among the employee records in post, by DfE's key (SWE number, date of
    /// birth, gender, ethnicity).
    pub inpost_headcount: f64,
    /// Employee records starting in the year (distinct person key and start date).
    pub starters_headcount: f64,
    /// Σ `FTE` of employee records ending in the year.
    pub leavers_fte: f64,
    /// Employee records ending in the year (distinct person key and end date).
    pub leavers_headcount: f64,
    /// Σ `FTE30` (or `FTE`, as for `inpost_fte`) of agency records.
    pub agency_fte: f64,
    /// Agency records in post on the reference date, each counted (DfE does not de-duplicate
    /// agency records: each is regarded as a separate individual).
    pub agency_headcount: f64,
    /// `NumberOfVacancies`.
    pub vacancy_fte: f64,
    /// `NoAgencyFTE`.
    pub agency_cover_fte: f64,
    /// `NoAgencyHeadcount`.
    pub agency_cover_headcount: f64,
    /// Σ `WorkingDaysLost`.
    pub working_days_lost: f64,
    /// Σ `Cases30`.
    pub cases: f64,
}

impl CensusReturn {
    /// The reference date: the header's, else 30 September of the header's year.
    pub fn reference_date(&self) -> Option<Date> {
        self.header
            .reference_date
            .or_else(|| self.header.year.and_then(|y| Date::from_ymd_opt(y, 9, 30)))
    }

    /// The collection year: the header's, else the reference date's year.
    pub fn year(&self) -> Option<i32> {
        self.header
            .year
            .or_else(|| self.header.reference_date.map(|d| d.year()))
    }

    /// Key figures computed from the records (see [`CensusTotals`]), with the default options
    /// (`FTE30` for stocks).
    pub fn totals(&self) -> CensusTotals {
        self.totals_with(&crate::Options::default())
    }

    /// Key figures computed from the records, in-post and agency FTE from the census item
    /// `opts.fte_source_for_stock` names (metrics.md §9 item 8); the other options do not
    /// apply to a return's records.
    pub fn totals_with(&self, opts: &crate::Options) -> CensusTotals {
        let stock_fte = |w: &Worker| opts.fte_source_for_stock.pick(w.fte, w.fte30);
        let mut t = CensusTotals {
            vacancy_fte: self.la_level.vacancies_fte,
            agency_cover_fte: self.la_level.agency_cover_fte,
            agency_cover_headcount: self.la_level.agency_cover_headcount as f64,
            ..CensusTotals::default()
        };
        let Some(ref_date) = self.reference_date() else {
            return t;
        };
        let (from, to) = crate::timeline::year_ending(ref_date);
        let mut inpost = HashSet::new();
        let mut leavers = HashSet::new();
        let mut starters = HashSet::new();
        for w in &self.workers {
            t.working_days_lost += w.working_days_lost.unwrap_or(0.0);
            t.cases += w.cases30.unwrap_or(0) as f64;
            if w.agency {
                if w.role_end_date.is_none_or(|e| e > to) {
                    t.agency_fte += stock_fte(w).unwrap_or(0.0);
                    t.agency_headcount += 1.0;
                }
                continue;
            }
            // DfE's de-duplication key of a person within one LA's return.
            let person = (
                w.swe_no.as_str(),
                w.birth_date,
                w.gender,
                w.ethnicity.as_deref(),
            );
            if w.role_end_date.is_none_or(|e| e > to) {
                t.inpost_fte += stock_fte(w).unwrap_or(0.0);
                inpost.insert(person);
            }
            if let Some(e) = w.role_end_date.filter(|e| (from..=to).contains(e)) {
                t.leavers_fte += w.fte.or(w.fte30).unwrap_or(0.0);
                leavers.insert((person, e));
            }
            if let Some(s) = w.role_start_date.filter(|s| (from..=to).contains(s)) {
                starters.insert((person, s));
            }
        }
        t.inpost_headcount = inpost.len() as f64;
        t.leavers_headcount = leavers.len() as f64;
        t.starters_headcount = starters.len() as f64;
        t
    }
}

/// Is `s` a plausible SWE registration number (two letters and 1 to 12 digits)? Validation is
/// deliberately lenient (`metrics.md` §9 item 17): the schemas' own patterns disagree.
pub fn valid_swe(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b.len() <= 14
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_alphabetic()
        && b[2..].iter().all(u8::is_ascii_digit)
}
