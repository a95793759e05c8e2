//! Agency compliance (DfE's rules for agency child and family social workers, from October
//! 2024): the quarterly agency data and the cool-off check.
//!
//! - [`quarterly_return`]: for a quarter, the agency social workers by team (FTE, headcount,
//!   share of the workforce) and their assignment lengths at the quarter end, and the
//!   assignments started and ended in the quarter.
//! - [`cool_off`]: everyone who left a permanent social work post with the council and started
//!   an agency assignment with it within `months` months (default 3), with the dates.
//!
//! Everything is counted by the timeline ([`Workforce::agency_in_post`],
//! [`Workforce::agency_by_unit`], [`Workforce::agency_length_bands`], [`Workforce::spells`],
//! [`Workforce::agency_spells`]) and the HR agency churn; nothing here re-implements them.

use crate::error::{Error, Result};
use crate::hr::agency::{agency_churn, Period};
use crate::metrics::end_of_month;
use crate::model::{ContractType, Date};
use crate::options::Options;
use crate::table::{Column, Display, Table};
use crate::timeline::{Scope, Workforce};
use chrono::{Datelike, Months};

/// The default cool-off period in months.
pub const DEFAULT_COOL_OFF_MONTHS: u32 = 3;

/// The calendar quarter holding `date`: `(first day, last day)`.
pub fn quarter_of(date: Date) -> (Date, Date) {
    let m0 = (date.month() - 1) / 3 * 3 + 1;
    let start = Date::from_ymd_opt(date.year(), m0, 1).expect("valid quarter start");
    let end = end_of_month(Date::from_ymd_opt(date.year(), m0 + 2, 1).expect("valid month"));
    (start, end)
}

/// The quarterly agency data for one quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct AgencyReturn {
    /// First day of the quarter.
    pub quarter_start: Date,
    /// Last day of the quarter; stocks are taken on it.
    pub quarter_end: Date,
    /// Agency share by unit at the quarter end ([`Workforce::agency_by_unit`]) with a `team`
    /// column (true for units with no unit below them).
    pub by_team: Table,
    /// Agency assignments in post at the quarter end by length band
    /// ([`Workforce::agency_length_bands`]).
    pub lengths: Table,
    /// One row per agency assignment in post at the quarter end: `assignment_id, person_id,
    /// agency, org_unit_id, team, start_date, planned_end_date, fte, weeks, cover_reason`.
    pub assignments: Table,
    /// Started, ended, in post at the start and end of the quarter, agency turnover
    /// ([`crate::hr::agency::agency_churn`] for the quarter).
    pub churn: Table,
}

/// The quarterly agency data for the quarter holding `date`, for `unit` (default the whole
/// council), CSWW scope.
pub fn quarterly_return(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    opts: &Options,
) -> Result<AgencyReturn> {
    opts.validate()?;
    let (qs, qe) = quarter_of(date);
    let scope = Scope::Csww;
    let mut by_team = wf.agency_by_unit(qe, unit, &scope, opts)?;
    let ids = wf.unit_ids();
    let is_team: Vec<Option<bool>> = (0..by_team.num_rows())
        .map(|r| {
            let id = by_team.text("org_unit_id", r).unwrap_or_default();
            Some(id != "*" && ids.iter().all(|u| wf.unit_parent(u) != Some(id.as_str())))
        })
        .collect();
    by_team.push("team", Column::Bool(is_team), Display::Plain);
    let lengths = wf.agency_length_bands(qe, unit, &scope, opts)?;
    let data = wf.data();
    let mut items = wf.agency_in_post(unit, &scope, qe, opts)?;
    items.sort_by(|a, b| {
        let (x, y) = (&data.agency_assignments[a.0], &data.agency_assignments[b.0]);
        (&x.org_unit_id, x.start_date, &x.assignment_id).cmp(&(
            &y.org_unit_id,
            y.start_date,
            &y.assignment_id,
        ))
    });
    let a = |i: usize| &data.agency_assignments[i];
    let s = |f: &dyn Fn(usize) -> Option<String>| {
        Column::Str(items.iter().map(|&(i, _)| f(i)).collect())
    };
    let assignments = Table::new()
        .with(
            "assignment_id",
            s(&|i| Some(a(i).assignment_id.to_string())),
            Display::Plain,
        )
        .with(
            "person_id",
            s(&|i| Some(a(i).person_id.to_string())),
            Display::Plain,
        )
        .with(
            "agency",
            s(&|i| a(i).agency.map(String::from)),
            Display::Plain,
        )
        .with(
            "org_unit_id",
            s(&|i| Some(a(i).org_unit_id.to_string())),
            Display::Plain,
        )
        .with(
            "team",
            s(&|i| wf.unit_name(&a(i).org_unit_id).map(str::to_string)),
            Display::Plain,
        )
        .with(
            "start_date",
            Column::Date(items.iter().map(|&(i, _)| Some(a(i).start_date)).collect()),
            Display::Plain,
        )
        .with(
            "planned_end_date",
            Column::Date(items.iter().map(|&(i, _)| a(i).planned_end_date).collect()),
            Display::Plain,
        )
        .with(
            "fte",
            Column::Float(items.iter().map(|&(i, _)| Some(a(i).fte)).collect()),
            Display::OneDp,
        )
        .with(
            "weeks",
            Column::Float(items.iter().map(|&(_, w)| Some(w)).collect()),
            Display::OneDp,
        )
        .with(
            "cover_reason",
            s(&|i| a(i).cover_reason.map(|c| c.as_str().to_string())),
            Display::Plain,
        );
    let churn = agency_churn(wf, qs, qe, Period::Quarter, unit, &scope, opts)?;
    Ok(AgencyReturn {
        quarter_start: qs,
        quarter_end: qe,
        by_team,
        lengths,
        assignments,
        churn,
    })
}

/// One person who left a permanent social work post and started an agency assignment within
/// the cool-off period.
#[derive(Clone, Debug, PartialEq)]
pub struct CoolOffCase {
    /// The person.
    pub person_id: String,
    /// Last day of the employee service spell.
    pub left_date: Date,
    /// The contract that ended the spell.
    pub contract_id: String,
    /// Its unit.
    pub left_unit: String,
    /// Its contract type (`None` when the data does not say).
    pub contract_type: Option<ContractType>,
    /// The agency assignment.
    pub assignment_id: String,
    /// Its agency.
    pub agency: Option<String>,
    /// Its unit.
    pub agency_unit: String,
    /// Its first day.
    pub agency_start: Date,
    /// Days from leaving to the agency start.
    pub gap_days: i64,
}

/// Everyone who left a permanent social work post (the end of an employee CSWW service spell
/// whose last contract is permanent, or of unrecorded type) and started an agency assignment
/// with the council on or after the leaving date and no more than `months` calendar months
/// after it, where the agency start falls in `[from, to]`. Sorted by agency start, person.
/// Spells follow the spell rule (`rejoin_grace_days`), so a move between teams is not a
/// leaving.
pub fn cool_off(
    wf: &Workforce,
    from: Date,
    to: Date,
    months: u32,
    opts: &Options,
) -> Result<Vec<CoolOffCase>> {
    opts.validate()?;
    if to < from {
        return Err(Error::invalid_argument(format!(
            "period ends ({to}) before it starts ({from})"
        )));
    }
    let data = wf.data();
    let scope = Scope::Csww;
    let mut agency: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, a) in data.agency_assignments.iter().enumerate() {
        if a.csww_role.is_some() && from <= a.start_date && a.start_date <= to {
            agency.entry(a.person_id.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    if agency.is_empty() {
        return Ok(out);
    }
    for s in wf.spells(None, &scope, opts)? {
        let Some(left) = s.end else { continue };
        let Some(list) = agency.get(s.person_id.as_str()) else {
            continue;
        };
        let last = crate::hr::last_contract(wf, &s);
        if !matches!(last.contract_type, None | Some(ContractType::Permanent)) {
            continue;
        }
        let limit = left
            .checked_add_months(Months::new(months))
            .unwrap_or(Date::MAX);
        for &i in list {
            let a = &data.agency_assignments[i];
            if left <= a.start_date && a.start_date <= limit {
                out.push(CoolOffCase {
                    person_id: s.person_id.to_string(),
                    left_date: left,
                    contract_id: last.contract_id.to_string(),
                    left_unit: last.org_unit_id.to_string(),
                    contract_type: last.contract_type,
                    assignment_id: a.assignment_id.to_string(),
                    agency: a.agency.map(String::from),
                    agency_unit: a.org_unit_id.to_string(),
                    agency_start: a.start_date,
                    gap_days: (a.start_date - left).num_days(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.agency_start, &a.person_id, &a.assignment_id).cmp(&(
            b.agency_start,
            &b.person_id,
            &b.assignment_id,
        ))
    });
    Ok(out)
}

/// The cool-off cases as a table: `person_id, left_date, contract_id, left_unit,
/// contract_type, assignment_id, agency, agency_unit, agency_start, gap_days`.
pub fn cool_off_table(cases: &[CoolOffCase], months: u32, opts: &Options) -> Table {
    let s = |f: &dyn Fn(&CoolOffCase) -> Option<String>| Column::Str(cases.iter().map(f).collect());
    let d =
        |f: &dyn Fn(&CoolOffCase) -> Date| Column::Date(cases.iter().map(|c| Some(f(c))).collect());
    let mut t = Table::new()
        .with(
            "person_id",
            s(&|c| Some(c.person_id.clone())),
            Display::Plain,
        )
        .with("left_date", d(&|c| c.left_date), Display::Plain)
        .with(
            "contract_id",
            s(&|c| Some(c.contract_id.clone())),
            Display::Plain,
        )
        .with(
            "left_unit",
            s(&|c| Some(c.left_unit.clone())),
            Display::Plain,
        )
        .with(
            "contract_type",
            s(&|c| c.contract_type.map(|t| t.as_str().to_string())),
            Display::Plain,
        )
        .with(
            "assignment_id",
            s(&|c| Some(c.assignment_id.clone())),
            Display::Plain,
        )
        .with("agency", s(&|c| c.agency.clone()), Display::Plain)
        .with(
            "agency_unit",
            s(&|c| Some(c.agency_unit.clone())),
            Display::Plain,
        )
        .with("agency_start", d(&|c| c.agency_start), Display::Plain)
        .with(
            "gap_days",
            Column::Int(cases.iter().map(|c| Some(c.gap_days)).collect()),
            Display::Plain,
        );
    t.options_json = crate::hr::record(
        opts,
        serde_json::json!({"measure": "cool_off", "months": months}),
    );
    t
}
