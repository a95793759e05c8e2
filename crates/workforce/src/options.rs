//! Metric options: one serialisable value, DfE defaults, recorded in every output.
//!
//! Each field settles one ambiguity of `metrics.md` §9; the default is the DfE CSWW choice,
//! so `Options::default()` reproduces the published figures. Two defaults follow the data
//! contract instead: `agency_headcount` counts distinct people (DfE counts each agency record;
//! `AgencyHeadcount::Records`), and casual contracts are counted (`exclude_casual`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether a rate is computed on FTE or on headcount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Full-time equivalent (DfE's headline).
    #[default]
    Fte,
    /// Distinct people (spells for flows).
    Headcount,
}

/// The denominator of a turnover rate (§9 item 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnoverDenominator {
    /// In post at the end of the period (DfE).
    #[default]
    EndStock,
    /// Mean of in post the day before the period starts and at its end (CIPD, SAP).
    AverageStartEnd,
    /// Mean of in post at each month end in the period (NHS).
    AverageMonthly,
    /// In post the day before the period starts.
    StartStock,
}

/// The denominator of the vacancy rate (§9 item 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VacancyDenominator {
    /// Vacancy FTE plus employed FTE (DfE).
    #[default]
    VacanciesPlusEmployed,
    /// Funded establishment FTE (posts open on the date).
    FundedEstablishment,
}

/// Which agency workers the agency rate counts (§9 item 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyScope {
    /// Every agency worker in post (DfE).
    #[default]
    All,
    /// Only agency workers covering a vacancy.
    CoveringVacancies,
}

/// How agency headcount is counted (§2.3: DfE does not de-duplicate agency records).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyHeadcount {
    /// Distinct people (the data contract's rule).
    #[default]
    People,
    /// One per assignment in post (the census's "each record a separate individual").
    Records,
}

/// The denominator of the sickness absence rate (§9 item 5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceDenominator {
    /// FTE in post on the reference date × working days per year (DfE).
    #[default]
    RefDateFte,
    /// Mean of FTE in post at the start and end of the period × working days in the period.
    AverageFte,
    /// Σ over people of in-scope FTE on each working day they were in post in the period.
    PersonAvailableDays,
    /// Calendar days (NHS England, metrics.md §6.4 and §9 item 5): FTE calendar days lost
    /// (each in-scope contract's FTE × the calendar days of the absence it covers in the
    /// period; recorded working days are not used) ÷ FTE calendar days available (each
    /// in-scope contract's FTE × its calendar days in the period). Changes the rate only.
    CalendarDays,
}

/// Unit of the long-term sickness threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// Calendar days.
    #[default]
    Calendar,
    /// Working days (Monday to Friday less bank holidays).
    Working,
}

/// How an agency assignment's length is measured (§9 item 14).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthBasis {
    /// Start to actual end, or to the reference date for open assignments.
    #[default]
    ElapsedToRefDate,
    /// Start to the planned end (the booked contract length); actual end when none was planned.
    Contracted,
}

/// The category of a leaver, from the census `ReasonLeave` code (§9 item 11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaverCategory {
    /// The worker chose to go (CIPD voluntary turnover: resignations).
    Voluntary,
    /// The council ended the employment (dismissal).
    Involuntary,
    /// Redundancy, voluntary or compulsory (CIPD counts it separately).
    Redundancy,
    /// Left the CSWW population but stayed with the council (`ReasonLeave` 7).
    Internal,
    /// Any other known reason: retirement, death, the end of a fixed-term contract.
    Other,
    /// No reason, not known, not yet collected, or a code the mapping does not list.
    Unknown,
}

impl LeaverCategory {
    /// Every category, in display order.
    pub const ALL: [LeaverCategory; 6] = [
        LeaverCategory::Voluntary,
        LeaverCategory::Involuntary,
        LeaverCategory::Redundancy,
        LeaverCategory::Internal,
        LeaverCategory::Other,
        LeaverCategory::Unknown,
    ];

    /// The category's name as in options files (`voluntary`, `involuntary`, ...).
    pub fn name(self) -> &'static str {
        match self {
            LeaverCategory::Voluntary => "voluntary",
            LeaverCategory::Involuntary => "involuntary",
            LeaverCategory::Redundancy => "redundancy",
            LeaverCategory::Internal => "internal",
            LeaverCategory::Other => "other",
            LeaverCategory::Unknown => "unknown",
        }
    }
}

/// The default mapping of census `ReasonLeave` codes to leaver categories (§9 item 11, from
/// metrics.md §3.3, §6.1 and §7): 1 resignation → voluntary (CIPD's voluntary turnover is
/// resignations only); 2 voluntary and 3 compulsory redundancy → redundancy (CIPD counts
/// redundancy separately); 4 dismissed → involuntary; 5 retired → other (metrics.md leaves
/// retirement open; this takes CIPD's resignations-only reading); 6 deceased → other (§7:
/// excluded from voluntary); 7 moved to a non-C&F role within the LA → internal (§7: the
/// `internal_exit` flag); 8 other (which holds the end of a fixed-term contract, kept out of
/// voluntary turnover by §7) → other; 9 not known and 10 not yet collected → unknown.
pub fn default_leaver_categories() -> BTreeMap<u8, LeaverCategory> {
    use LeaverCategory::*;
    [
        (1, Voluntary),
        (2, Redundancy),
        (3, Redundancy),
        (4, Involuntary),
        (5, Other),
        (6, Other),
        (7, Internal),
        (8, Other),
        (9, Unknown),
        (10, Unknown),
    ]
    .into_iter()
    .collect()
}

/// Which census FTE item gives the FTE of a stock on the reference date (§9 item 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FteSource {
    /// `FTE30`, the FTE on 30 September, falling back to `FTE` when missing.
    #[default]
    Fte30,
    /// `FTE`, the record's contracted FTE, falling back to `FTE30` when missing.
    Fte,
}

impl FteSource {
    /// The FTE of a census record with items `FTE` (`fte`) and `FTE30` (`fte30`).
    pub fn pick(self, fte: Option<f64>, fte30: Option<f64>) -> Option<f64> {
        match self {
            FteSource::Fte30 => fte30.or(fte),
            FteSource::Fte => fte.or(fte30),
        }
    }
}

/// Rounding used on display (§9 item 15). Values are never rounded in computation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (DfE `true_round`).
    #[default]
    HalfAwayFromZero,
    /// Half to even.
    Bankers,
}

/// Every option a metric can take. `Options::default()` is DfE's CSWW method, with the two
/// data-contract choices named in the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// FTE or headcount, for measures that give one figure (series, team tables).
    pub basis: Basis,
    /// Turnover denominator.
    pub turnover_denominator: TurnoverDenominator,
    /// A contract starting within `rejoin_grace_days + 1` days of the previous one's end
    /// continues the service spell.
    pub rejoin_grace_days: u32,
    /// Working days per year in the DfE absence rate (253).
    pub working_days_per_year: f64,
    /// Absence rate denominator.
    pub absence_denominator: AbsenceDenominator,
    /// Long-term sickness threshold (28 calendar days).
    pub long_term_threshold: u32,
    /// Unit of `long_term_threshold`.
    pub long_term_unit: DayUnit,
    /// Vacancy rate denominator.
    pub vacancy_denominator: VacancyDenominator,
    /// Agency rate numerator.
    pub agency_scope: AgencyScope,
    /// Agency headcount counting.
    pub agency_headcount: AgencyHeadcount,
    /// Count a person whose spell ends on the reference date as in post on it (default false:
    /// a 30 September leaver is a leaver and not in post).
    pub end_date_inclusive: bool,
    /// Leave casual (zero-hours) contracts out of every figure (default false: the data
    /// contract counts every in-scope contract).
    pub exclude_casual: bool,
    /// Caseload denominator basis.
    pub caseload_basis: Basis,
    /// Include agency case holders in caseload (DfE: yes).
    pub caseload_include_agency: bool,
    /// Upper edges, in weeks, of the agency assignment length bands; the last band is open.
    /// Default `[26, 52]`: 0–26 weeks, 27–52 weeks, over a year.
    pub agency_length_bands: Vec<u32>,
    /// How an agency assignment's length is measured.
    pub agency_length_basis: LengthBasis,
    /// Merge consecutive assignments of the same worker (joined by the spell rule) before
    /// measuring length and counting agency churn (default true, metrics.md §9 item 14: an
    /// extension booked as a new assignment does not restart the worker's time with the council).
    pub agency_merge_consecutive: bool,
    /// Display rounding.
    pub rounding: Rounding,
    /// Leaver category of each census `ReasonLeave` code (metrics.md §9 item 11: voluntary
    /// versus crude turnover), used by the leavers measure's `category` breakdown and its
    /// voluntary turnover rate. The whole mapping: a code it does not list, and a leaver
    /// with no code, fall under `unknown`. In JSON an object such as `{"1": "voluntary",
    /// "5": "voluntary", ...}`. Default [`default_leaver_categories`]. Crude turnover (all
    /// leavers) stays the turnover rate everywhere else.
    pub leaver_categories: BTreeMap<u8, LeaverCategory>,
    /// Absence `reason` texts that do not count as sickness (metrics.md §9 item 6: which
    /// absence reasons count as sickness). A sickness absence whose reason matches one of them
    /// (trimmed, ignoring case) is left out of every sickness measure: CSWW working days lost
    /// and absence rate, the census's `WorkingDaysLost`, and the sickness tables. An absence
    /// with no reason always counts. Default empty: every sickness absence counts.
    pub sickness_excluded_reasons: Vec<String>,
    /// Link a person's sickness absences separated by at most this many calendar days into one
    /// spell for the short- or long-term classification (metrics.md §9 item 6 and §6.6:
    /// linked spells). The linked spell's length is the sum of its absences' lengths (the days
    /// between them are not absence), in `long_term_unit`; every absence of a long-term
    /// linked spell is long-term. Back-to-back and overlapping absences link at any value
    /// above 0. Spell counts, days lost and the Bradford factor still count each absence.
    /// Default 0: no linking, each absence is classified on its own.
    pub sickness_link_days: u32,
    /// The census FTE item used for stocks on the reference date (in post and agency FTE)
    /// computed from census files: `CensusReturn::totals_with` and `census::to_dataset_with`
    /// (metrics.md §9 item 8: `FTE30` for stocks, `FTE` for starters and leavers). Leavers
    /// always use `FTE`. Default `fte30`.
    pub fte_source_for_stock: FteSource,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            basis: Basis::Fte,
            turnover_denominator: TurnoverDenominator::EndStock,
            rejoin_grace_days: 0,
            working_days_per_year: 253.0,
            absence_denominator: AbsenceDenominator::RefDateFte,
            long_term_threshold: 28,
            long_term_unit: DayUnit::Calendar,
            vacancy_denominator: VacancyDenominator::VacanciesPlusEmployed,
            agency_scope: AgencyScope::All,
            agency_headcount: AgencyHeadcount::People,
            end_date_inclusive: false,
            exclude_casual: false,
            caseload_basis: Basis::Fte,
            caseload_include_agency: true,
            agency_length_bands: vec![26, 52],
            agency_length_basis: LengthBasis::ElapsedToRefDate,
            agency_merge_consecutive: true,
            rounding: Rounding::HalfAwayFromZero,
            leaver_categories: default_leaver_categories(),
            sickness_excluded_reasons: Vec::new(),
            sickness_link_days: 0,
            fte_source_for_stock: FteSource::Fte30,
        }
    }
}

impl Options {
    /// Check the options for values no metric can use.
    pub fn validate(&self) -> crate::Result<()> {
        if !(self.working_days_per_year > 0.0 && self.working_days_per_year.is_finite()) {
            return Err(crate::Error::invalid_argument(format!(
                "working_days_per_year must be a positive number, got {}",
                self.working_days_per_year
            )));
        }
        if self.agency_length_bands.windows(2).any(|w| w[0] >= w[1]) {
            return Err(crate::Error::invalid_argument(
                "agency_length_bands must be strictly increasing",
            ));
        }
        Ok(())
    }

    /// The leaver category of a census `ReasonLeave` code (`None`: no code).
    pub fn leaver_category(&self, reason_leave: Option<u8>) -> LeaverCategory {
        reason_leave
            .and_then(|r| self.leaver_categories.get(&r).copied())
            .unwrap_or(LeaverCategory::Unknown)
    }

    /// Does absence `a` count as sickness: a sickness absence whose reason is not in
    /// `sickness_excluded_reasons`?
    pub fn counts_as_sickness(&self, a: &crate::model::Absence) -> bool {
        a.absence_type == crate::model::AbsenceType::Sickness
            && !a.reason.is_some_and(|r| {
                let r = r.trim();
                self.sickness_excluded_reasons
                    .iter()
                    .any(|x| x.trim().eq_ignore_ascii_case(r))
            })
    }

    /// The options as JSON, to record beside a figure.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("options serialise")
    }

    /// Parse options from JSON; missing fields take their defaults.
    pub fn from_json(s: &str) -> crate::Result<Self> {
        let o: Options = serde_json::from_str(s)
            .map_err(|e| crate::Error::invalid_argument(format!("options: {e}")))?;
        o.validate()?;
        Ok(o)
    }
}

/// Round half away from zero (or half to even) to `dp` decimal places, for display.
pub fn round(value: f64, dp: u32, rounding: Rounding) -> f64 {
    let f = 10f64.powi(dp as i32);
    let x = value * f;
    // Guard against representation error (DfE's true_round adds an epsilon for the same reason).
    let x = (x * 1e9).round() / 1e9;
    let r = match rounding {
        Rounding::HalfAwayFromZero => x.round(),
        Rounding::Bankers => {
            let r = x.round();
            if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
                r - x.signum()
            } else {
                r
            }
        }
    };
    r / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(0.25, 1, Rounding::HalfAwayFromZero), 0.3);
        assert_eq!(round(-0.25, 1, Rounding::HalfAwayFromZero), -0.3);
        assert_eq!(round(36.04, 1, Rounding::HalfAwayFromZero), 36.0);
        // 1.005 is stored as 1.00499999...; DfE's epsilon rounds it up.
        assert_eq!(round(1.005, 2, Rounding::HalfAwayFromZero), 1.01);
        assert_eq!(round(0.25, 1, Rounding::Bankers), 0.2);
        assert_eq!(round(0.35, 1, Rounding::Bankers), 0.4);
    }

    #[test]
    fn options_round_trip_json() {
        let o = Options {
            rejoin_grace_days: 7,
            ..Options::default()
        };
        assert_eq!(Options::from_json(&o.to_json()).unwrap(), o);
        assert!(Options::from_json(r#"{"nope": 1}"#).is_err());
        assert!(Options::from_json(r#"{"working_days_per_year": 0}"#).is_err());
        let o =
            Options::from_json(r#"{"leaver_categories": {"1": "voluntary", "5": "voluntary"}}"#)
                .unwrap();
        assert_eq!(o.leaver_category(Some(5)), LeaverCategory::Voluntary);
        assert_eq!(o.leaver_category(Some(2)), LeaverCategory::Unknown);
        assert_eq!(o.leaver_category(None), LeaverCategory::Unknown);
        assert!(Options::from_json(r#"{"leaver_categories": {"1": "quit"}}"#).is_err());
    }
}
