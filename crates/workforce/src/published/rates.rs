//! DfE CSWW rate formulas as pure functions (`metrics.md` §1).
//!
//! Rates are percentages (0–100) and caseload is cases per FTE, all unrounded. A missing part,
//! or a zero or negative denominator, gives `None`.

/// Working days per year in the DfE absence rate.
pub const DFE_WORKING_DAYS: f64 = 253.0;

/// The working days DfE's published absence rates fit for reporting year `year` (ending
/// 30 September): 254 when the year contains 29 February (2020, 2024), otherwise 253.
///
/// Derived from the data, not from DfE text: on every LA row of
/// `csww_indicators_2017_to_2025.csv` 253 reproduces the published rate within rounding in
/// 2017–2019, 2021–2023 and 2025, and 254 does in 2020 and 2024 (each the only value that
/// does; the count of weekdays less 8 bank holidays does not fit).
pub fn dfe_working_days(year: i32) -> f64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if leap {
        254.0
    } else {
        DFE_WORKING_DAYS
    }
}

fn pct(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    ratio(numerator, denominator).map(|r| 100.0 * r)
}

fn ratio(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    let (n, d) = (numerator?, denominator?);
    if d > 0.0 && d.is_finite() && n.is_finite() {
        Some(n / d)
    } else {
        None
    }
}

fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? + b?)
}

/// A plain percentage `100 × part / whole` (for example the share of children with 3 or more
/// social workers).
pub fn percentage(part: Option<f64>, whole: Option<f64>) -> Option<f64> {
    pct(part, whole)
}

/// Turnover rate: `100 × leavers / in post` (in post at the end of the year).
pub fn turnover_rate(leavers: Option<f64>, inpost: Option<f64>) -> Option<f64> {
    pct(leavers, inpost)
}

/// Agency rate: `100 × agency / (agency + in post)`.
pub fn agency_rate(agency: Option<f64>, inpost: Option<f64>) -> Option<f64> {
    pct(agency, add(agency, inpost))
}

/// Vacancy rate: `100 × vacancies / (vacancies + in post)`.
pub fn vacancy_rate(vacancies: Option<f64>, inpost: Option<f64>) -> Option<f64> {
    pct(vacancies, add(vacancies, inpost))
}

/// Share of agency workers covering vacancies: `100 × agency cover / agency`.
pub fn agency_cover_rate(agency_cover: Option<f64>, agency: Option<f64>) -> Option<f64> {
    pct(agency_cover, agency)
}

/// Share of vacancies covered by agency workers: `100 × agency cover / vacancies`.
pub fn vacancy_agency_cover_rate(agency_cover: Option<f64>, vacancies: Option<f64>) -> Option<f64> {
    pct(agency_cover, vacancies)
}

/// Average caseload: `cases / FTE of case holders` (not a percentage).
pub fn caseload(cases: Option<f64>, case_holders_fte: Option<f64>) -> Option<f64> {
    ratio(cases, case_holders_fte)
}

/// Sickness absence rate: `100 × days lost / (in post FTE × working days)`; DfE uses
/// [`DFE_WORKING_DAYS`] (253).
pub fn absence_rate(
    days_lost: Option<f64>,
    inpost_fte: Option<f64>,
    working_days: f64,
) -> Option<f64> {
    pct(days_lost, inpost_fte.map(|i| i * working_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcp_2021_vectors() {
        let r = |x: Option<f64>| (x.unwrap() * 10.0).round() / 10.0;
        assert_eq!(r(turnover_rate(Some(71.5), Some(198.4))), 36.0);
        assert_eq!(r(agency_rate(Some(118.4), Some(198.4))), 37.4);
        assert_eq!(r(vacancy_rate(Some(74.3), Some(198.4))), 27.2);
        // Published 46.4: DfE divides unrounded parts; 55.0 / 118.4 = 46.45.
        assert_eq!(r(agency_cover_rate(Some(55.0), Some(118.4))), 46.5);
        assert_eq!(r(vacancy_agency_cover_rate(Some(55.0), Some(74.3))), 74.0);
        assert_eq!(r(caseload(Some(2362.0), Some(165.2))), 14.3);
        assert_eq!(
            r(absence_rate(Some(2855.0), Some(198.4), DFE_WORKING_DAYS)),
            5.7
        );
    }

    #[test]
    fn leap_years_have_one_more_working_day() {
        assert_eq!(dfe_working_days(2020), 254.0);
        assert_eq!(dfe_working_days(2024), 254.0);
        assert_eq!(dfe_working_days(2021), 253.0);
        assert_eq!(dfe_working_days(2100), 253.0);
    }

    #[test]
    fn missing_or_zero_denominator_is_none() {
        assert_eq!(turnover_rate(Some(1.0), None), None);
        assert_eq!(turnover_rate(None, Some(1.0)), None);
        assert_eq!(turnover_rate(Some(1.0), Some(0.0)), None);
        assert_eq!(agency_rate(Some(0.0), Some(0.0)), None);
        assert_eq!(agency_rate(Some(0.0), Some(5.0)), Some(0.0));
        assert_eq!(caseload(Some(10.0), Some(0.0)), None);
        assert_eq!(absence_rate(Some(1.0), Some(1.0), 0.0), None);
    }
}
