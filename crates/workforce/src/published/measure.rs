//! The published CSWW rates, each with the parts it is computed from.

use super::rates;
use serde::{Deserialize, Serialize};

/// A published CSWW rate (a column of the indicators file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// `turnover_rate_fte`: leavers FTE ÷ in post FTE.
    TurnoverRateFte,
    /// `turnover_rate_headcount`: leavers ÷ in post, headcount.
    TurnoverRateHeadcount,
    /// `agency_rate_fte`: agency FTE ÷ (agency + in post FTE).
    AgencyRateFte,
    /// `agency_rate_headcount`: agency ÷ (agency + in post), headcount.
    AgencyRateHeadcount,
    /// `vacancy_rate_fte`: vacancy FTE ÷ (vacancy + in post FTE).
    VacancyRateFte,
    /// `agency_cover_rate_fte`: agency cover FTE ÷ agency FTE.
    AgencyCoverRateFte,
    /// `vacancy_agency_cover_rate_fte`: agency cover FTE ÷ vacancy FTE.
    VacancyAgencyCoverRateFte,
    /// `caseload_fte`: cases ÷ case holder FTE.
    CaseloadFte,
    /// `absence_rate_fte`: working days lost ÷ (in post FTE × working days).
    AbsenceRateFte,
}

impl Measure {
    /// Every measure, in the order of the indicators file.
    pub const ALL: [Measure; 9] = [
        Measure::TurnoverRateFte,
        Measure::TurnoverRateHeadcount,
        Measure::AgencyRateFte,
        Measure::AgencyRateHeadcount,
        Measure::AgencyCoverRateFte,
        Measure::VacancyRateFte,
        Measure::VacancyAgencyCoverRateFte,
        Measure::CaseloadFte,
        Measure::AbsenceRateFte,
    ];

    /// The measures of a comparator table by default.
    pub const COMPARATOR_DEFAULT: [Measure; 6] = [
        Measure::TurnoverRateFte,
        Measure::TurnoverRateHeadcount,
        Measure::AgencyRateFte,
        Measure::VacancyRateFte,
        Measure::CaseloadFte,
        Measure::AbsenceRateFte,
    ];

    /// The column name in the indicators file.
    pub fn name(self) -> &'static str {
        match self {
            Measure::TurnoverRateFte => "turnover_rate_fte",
            Measure::TurnoverRateHeadcount => "turnover_rate_headcount",
            Measure::AgencyRateFte => "agency_rate_fte",
            Measure::AgencyRateHeadcount => "agency_rate_headcount",
            Measure::VacancyRateFte => "vacancy_rate_fte",
            Measure::AgencyCoverRateFte => "agency_cover_rate_fte",
            Measure::VacancyAgencyCoverRateFte => "vacancy_agency_cover_rate_fte",
            Measure::CaseloadFte => "caseload_fte",
            Measure::AbsenceRateFte => "absence_rate_fte",
        }
    }

    /// The measure with column name `name`.
    pub fn from_name(name: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == name.trim())
    }

    /// The columns the rate is computed from, numerator first.
    pub fn parts(self) -> &'static [&'static str] {
        match self {
            Measure::TurnoverRateFte => &["leavers_fte", "inpost_fte"],
            Measure::TurnoverRateHeadcount => &["leavers_headcount", "inpost_headcount"],
            Measure::AgencyRateFte => &["agency_fte", "inpost_fte"],
            Measure::AgencyRateHeadcount => &["agency_headcount", "inpost_headcount"],
            Measure::VacancyRateFte => &["vacancy_fte", "inpost_fte"],
            Measure::AgencyCoverRateFte => &["agency_cover_fte", "agency_fte"],
            Measure::VacancyAgencyCoverRateFte => &["agency_cover_fte", "vacancy_fte"],
            Measure::CaseloadFte => &["cases", "case_holders_fte"],
            Measure::AbsenceRateFte => &["working_days_lost_fte", "inpost_fte"],
        }
    }

    /// 100 for percentages, 1 for caseload.
    pub fn scale(self) -> f64 {
        match self {
            Measure::CaseloadFte => 1.0,
            _ => 100.0,
        }
    }

    /// The rate from its parts (`parts()[0]`, `parts()[1]`), as the [`rates`] functions do.
    pub fn from_parts(self, a: Option<f64>, b: Option<f64>, working_days: f64) -> Option<f64> {
        match self {
            Measure::TurnoverRateFte | Measure::TurnoverRateHeadcount => rates::turnover_rate(a, b),
            Measure::AgencyRateFte | Measure::AgencyRateHeadcount => rates::agency_rate(a, b),
            Measure::VacancyRateFte => rates::vacancy_rate(a, b),
            Measure::AgencyCoverRateFte => rates::agency_cover_rate(a, b),
            Measure::VacancyAgencyCoverRateFte => rates::vacancy_agency_cover_rate(a, b),
            Measure::CaseloadFte => rates::caseload(a, b),
            Measure::AbsenceRateFte => rates::absence_rate(a, b, working_days),
        }
    }

    /// Numerator and denominator of the rate from its parts, such that
    /// `rate = scale() × numerator / denominator`; used to pool over several authorities.
    pub fn fraction(self, a: f64, b: f64, working_days: f64) -> (f64, f64) {
        match self {
            Measure::AgencyRateFte | Measure::AgencyRateHeadcount | Measure::VacancyRateFte => {
                (a, a + b)
            }
            Measure::AbsenceRateFte => (a, b * working_days),
            _ => (a, b),
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
