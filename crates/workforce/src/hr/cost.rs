//! Cost: the monthly pay bill of employed staff and agency spend, the agency premium per
//! covered post, and a what-if: the saving and the change in agency rate if named agency
//! assignments became permanent appointments.
//!
//! Pay bill for a month: Σ over employed contracts `annual_pay × fte ÷ 12 × (days of the month
//! the contract covers ÷ days in the month)`. Agency spend: Σ over assignments
//! `hourly_charge × fte × hours_per_week × days covered ÷ 7`. Annual agency cost of an
//! assignment: `hourly_charge × fte × hours_per_week × 365.25 ÷ 7`; annual permanent cost:
//! `annual_pay × fte × (1 + on_cost_rate)`.

use super::{
    assignments_in_post, check_period, contracts_in_post, d_col, f_col, finish, of_col, pct,
    quantile, s_col, ONE, PLAIN, WHOLE,
};
use crate::error::{Error, Result};
use crate::metrics::{end_of_month, start_of_month};
use crate::model::{AgencyAssignment, Date};
use crate::options::Options;
use crate::table::{Column, Table};
use crate::timeline::{Scope, Workforce};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Cost assumptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostOptions {
    /// Hours of a full-time week (37).
    pub hours_per_week: f64,
    /// Employer on-costs (national insurance, pension) as a fraction of pay (default 0).
    pub on_cost_rate: f64,
}

impl Default for CostOptions {
    fn default() -> Self {
        CostOptions {
            hours_per_week: 37.0,
            on_cost_rate: 0.0,
        }
    }
}

impl CostOptions {
    fn validate(&self) -> Result<()> {
        let ok = self.hours_per_week > 0.0
            && self.hours_per_week.is_finite()
            && self.on_cost_rate >= 0.0
            && self.on_cost_rate.is_finite();
        if !ok {
            return Err(Error::invalid_argument(
                "hours_per_week must be positive and on_cost_rate not negative",
            ));
        }
        Ok(())
    }
}

fn overlap_days(s: Date, e: Option<Date>, a: Date, b: Date) -> f64 {
    let (x, y) = (s.max(a), e.unwrap_or(Date::MAX).min(b));
    if x > y {
        0.0
    } else {
        ((y - x).num_days() + 1) as f64
    }
}

/// Monthly cost, months of `from` to `to`: `month_end, pay_bill, contracts_without_pay,
/// agency_spend, assignments_without_rate, total`. Records are the unit's in-scope contracts
/// and agency assignments; those with no pay or rate add nothing and are counted.
pub fn monthly_cost(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    cost: &CostOptions,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    cost.validate()?;
    check_period(from, to)?;
    let data = wf.data();
    let contracts: Vec<usize> = wf
        .spells(unit, scope, opts)?
        .into_iter()
        .flat_map(|s| s.records)
        .collect();
    let assignments: Vec<usize> = wf
        .agency_spells(unit, scope, opts)?
        .into_iter()
        .flat_map(|s| s.records)
        .collect();
    let mut m = start_of_month(from);
    let mut rows: Vec<(Date, [f64; 4])> = Vec::new();
    while m <= to {
        let e = end_of_month(m);
        let days = ((e - m).num_days() + 1) as f64;
        let mut r = [0.0; 4];
        for &i in &contracts {
            let c = &data.contracts[i];
            let d = overlap_days(c.start_date, c.end_date, m, e);
            if d > 0.0 {
                match c.annual_pay {
                    Some(p) => r[0] += p * c.fte / 12.0 * d / days,
                    None => r[1] += 1.0,
                }
            }
        }
        for &i in &assignments {
            let a = &data.agency_assignments[i];
            let d = overlap_days(a.start_date, a.end_date, m, e);
            if d > 0.0 {
                match a.hourly_charge {
                    Some(h) => r[2] += h * a.fte * cost.hours_per_week * d / 7.0,
                    None => r[3] += 1.0,
                }
            }
        }
        rows.push((e, r));
        m = e + Duration::days(1);
    }
    let col = |k: usize| f_col(rows.iter().map(|r| r.1[k]).collect());
    let t = Table::new()
        .with(
            "month_end",
            d_col(rows.iter().map(|r| r.0).collect()),
            PLAIN,
        )
        .with("pay_bill", col(0), ONE)
        .with("contracts_without_pay", col(1), WHOLE)
        .with("agency_spend", col(2), ONE)
        .with("assignments_without_rate", col(3), WHOLE)
        .with(
            "total",
            f_col(rows.iter().map(|r| r.1[0] + r.1[2]).collect()),
            ONE,
        );
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "monthly_cost", "from": from, "to": to, "unit": unit,
            "scope": scope.label(), "cost": cost}),
    ))
}

/// The permanent comparator pay for an agency assignment on `t`, and how it was found:
/// `post` (the latest paid contract naming the same post), `title_role` (median pay of the
/// in-post contracts with the same title and role), `role` (same role), or none.
fn comparator_pay(
    wf: &Workforce,
    a: &AgencyAssignment,
    in_post: &[usize],
) -> (Option<f64>, &'static str) {
    let c = &wf.data().contracts;
    if let Some(p) = &a.post_id {
        let best = c
            .iter()
            .filter(|k| k.post_id.as_ref() == Some(p) && k.annual_pay.is_some())
            .max_by_key(|k| k.start_date);
        if let Some(k) = best {
            return (k.annual_pay, "post");
        }
    }
    let median = |f: &dyn Fn(usize) -> bool| {
        let mut v: Vec<f64> = in_post
            .iter()
            .filter(|&&i| f(i))
            .filter_map(|&i| c[i].annual_pay)
            .collect();
        v.sort_by(f64::total_cmp);
        quantile(&v, 0.5)
    };
    if a.title.is_some() {
        if let Some(p) = median(&|i| c[i].title == a.title && c[i].csww_role == a.csww_role) {
            return (Some(p), "title_role");
        }
    }
    if let Some(p) = median(&|i| c[i].csww_role == a.csww_role) {
        return (Some(p), "role");
    }
    (None, "none")
}

struct Premium {
    idx: usize,
    agency: Option<f64>,
    permanent: Option<f64>,
    basis: &'static str,
}

fn premiums(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    scope: &Scope,
    cost: &CostOptions,
    opts: &Options,
) -> Result<Vec<Premium>> {
    let in_post: Vec<usize> = wf
        .spells(None, scope, opts)?
        .iter()
        .flat_map(|s| contracts_in_post(wf, s, date, opts))
        .collect();
    let mut out = Vec::new();
    for s in wf.agency_spells(unit, scope, opts)? {
        for i in assignments_in_post(wf, &s, date, opts) {
            let a = &wf.data().agency_assignments[i];
            let (pay, basis) = comparator_pay(wf, a, &in_post);
            out.push(Premium {
                idx: i,
                agency: a
                    .hourly_charge
                    .map(|h| h * a.fte * cost.hours_per_week * 365.25 / 7.0),
                permanent: pay.map(|p| p * a.fte * (1.0 + cost.on_cost_rate)),
                basis,
            });
        }
    }
    Ok(out)
}

/// The agency premium per agency assignment in post on `date` (each covers a post or a need):
/// `assignment_id, person_id, post_id, fte, agency_annual, permanent_annual, premium,
/// premium_percent, comparator` (how the permanent pay was found: `post`, `title_role`,
/// `role` or `none`).
pub fn agency_premium(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    scope: &Scope,
    cost: &CostOptions,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    cost.validate()?;
    let ps = premiums(wf, date, unit, scope, cost, opts)?;
    let a = &wf.data().agency_assignments;
    let prem: Vec<Option<f64>> = ps.iter().map(|p| Some(p.agency? - p.permanent?)).collect();
    let t = Table::new()
        .with(
            "assignment_id",
            s_col(
                ps.iter()
                    .map(|p| a[p.idx].assignment_id.to_string())
                    .collect(),
            ),
            PLAIN,
        )
        .with(
            "person_id",
            s_col(ps.iter().map(|p| a[p.idx].person_id.to_string()).collect()),
            PLAIN,
        )
        .with(
            "post_id",
            Column::Str(
                ps.iter()
                    .map(|p| a[p.idx].post_id.map(String::from))
                    .collect(),
            ),
            PLAIN,
        )
        .with("fte", f_col(ps.iter().map(|p| a[p.idx].fte).collect()), ONE)
        .with(
            "agency_annual",
            of_col(ps.iter().map(|p| p.agency).collect()),
            ONE,
        )
        .with(
            "permanent_annual",
            of_col(ps.iter().map(|p| p.permanent).collect()),
            ONE,
        )
        .with(
            "premium_percent",
            of_col(
                ps.iter()
                    .zip(&prem)
                    .map(|(p, x)| pct((*x)?, p.permanent?))
                    .collect(),
            ),
            ONE,
        )
        .with("premium", of_col(prem), ONE)
        .with(
            "comparator",
            s_col(ps.iter().map(|p| p.basis.to_string()).collect()),
            PLAIN,
        );
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "agency_premium", "date": date, "unit": unit,
            "scope": scope.label(), "cost": cost}),
    ))
}

/// What if the named agency assignments (in post on `date` in the unit and scope) became
/// permanent appointments on the same FTE at the comparator pay? One row:
/// `assignments, fte_converted, agency_annual, permanent_annual, saving_annual,
/// saving_monthly, agency_rate_fte_before, agency_rate_fte_after, agency_rate_fte_change,
/// agency_rate_headcount_before, agency_rate_headcount_after`. Fails with `InvalidArgument` for
/// an id that is unknown or not in post on `date`; the saving is missing when an assignment has
/// no charge rate or comparator pay.
pub fn what_if_convert(
    wf: &Workforce,
    date: Date,
    assignment_ids: &[String],
    unit: Option<&str>,
    scope: &Scope,
    cost: &CostOptions,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    cost.validate()?;
    let ps = premiums(wf, date, unit, scope, cost, opts)?;
    let a = &wf.data().agency_assignments;
    let mut chosen = Vec::new();
    for id in assignment_ids {
        match ps.iter().find(|p| a[p.idx].assignment_id == id.as_str()) {
            Some(p) => chosen.push(p),
            None => {
                return Err(Error::invalid_argument(format!(
                    "agency assignment {id:?} is unknown or not in post on {date} in this unit \
                     and scope"
                )))
            }
        }
    }
    let fte: f64 = chosen.iter().map(|p| a[p.idx].fte).sum();
    let agency: Option<f64> = chosen.iter().map(|p| p.agency).sum();
    let permanent: Option<f64> = chosen.iter().map(|p| p.permanent).sum();
    let saving = agency.zip(permanent).map(|(x, y)| x - y);
    let s = &wf.stocks(unit, scope, &[date], opts)?[0];
    let people: HashSet<&str> = chosen.iter().map(|p| a[p.idx].person_id.as_str()).collect();
    // People who leave the agency stock: those with no other assignment in post.
    let leaving = people
        .iter()
        .filter(|&&pid| {
            ps.iter()
                .filter(|p| a[p.idx].person_id == pid)
                .all(|p| assignment_ids.iter().any(|x| a[p.idx].assignment_id == *x))
        })
        .count() as f64;
    let rate = |ag: f64, emp: f64| pct(ag, ag + emp);
    let before = rate(s.agency_fte, s.inpost_fte);
    let after = rate(s.agency_fte - fte, s.inpost_fte + fte);
    let cols: [(&str, Option<f64>); 11] = [
        ("assignments", Some(chosen.len() as f64)),
        ("fte_converted", Some(fte)),
        ("agency_annual", agency),
        ("permanent_annual", permanent),
        ("saving_annual", saving),
        ("saving_monthly", saving.map(|x| x / 12.0)),
        ("agency_rate_fte_before", before),
        ("agency_rate_fte_after", after),
        (
            "agency_rate_fte_change",
            before.zip(after).map(|(b, a)| a - b),
        ),
        (
            "agency_rate_headcount_before",
            rate(s.agency_headcount, s.inpost_headcount),
        ),
        (
            "agency_rate_headcount_after",
            rate(s.agency_headcount - leaving, s.inpost_headcount + leaving),
        ),
    ];
    let mut t = Table::new();
    for (n, v) in cols {
        t.push(
            n,
            of_col(vec![v]),
            if n == "assignments" { WHOLE } else { ONE },
        );
    }
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "what_if_convert", "date": date,
            "assignment_ids": assignment_ids, "unit": unit, "scope": scope.label(), "cost": cost}),
    ))
}
