//! Caseloads: the distribution of cases per worker on a date (by team and role, optionally
//! without managers or with newly qualified workers weighted), and children's changes of
//! social worker (DfE stability measure: looked-after children on 31 March with 3 or more
//! different social workers in the year).

use super::{
    assignments_in_post, contracts_in_post, f_col, finish, of_col, pct, quantile, s_col,
    year_before, ONE, PLAIN, WHOLE,
};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::options::Options;
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How the caseload distribution is broken down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadGroup {
    /// One row, `all`.
    #[default]
    None,
    /// By the org unit of the worker's in-post record.
    Team,
    /// By the worker's most senior census role (lowest code).
    Role,
}

/// Options of the caseload distribution (metrics.md §9 item 18).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseloadOptions {
    /// Leave out managers (census roles 1–3).
    pub exclude_managers: bool,
    /// Weight of a newly qualified worker's capacity (e.g. 0.6 for ASYE); `None`: 1.
    pub nq_weight: Option<f64>,
    /// Caseload per FTE (cases ÷ FTE) rather than per person.
    pub per_fte: bool,
    /// Include in-post workers holding no case (DfE counts case holders only).
    pub include_zero: bool,
}

/// A worker on a date.
#[derive(Clone, Debug, Default)]
struct Worker {
    fte: f64,
    unit: String,
    role: Option<u8>,
    nq: bool,
}

/// Workers in post on `t` (employees, and agency workers when `caseload_include_agency`),
/// by person.
fn workers(
    wf: &Workforce,
    t: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<BTreeMap<String, Worker>> {
    let data = wf.data();
    let people: HashMap<&str, usize> = data
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person_id.as_str(), i))
        .collect();
    let mut out: BTreeMap<String, Worker> = BTreeMap::new();
    let nq_since = t - Duration::days(365);
    let mut add = |pid: &str, fte: f64, u: &str, role: Option<u8>, nq: bool| {
        let w = out.entry(pid.to_string()).or_insert_with(|| Worker {
            unit: u.to_string(),
            ..Worker::default()
        });
        w.fte += fte;
        w.role = match (w.role, role) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let cfkss = people
            .get(pid)
            .and_then(|&i| data.people[i].cfkss_status)
            .is_some_and(|s| s == 1);
        w.nq |= nq || cfkss;
    };
    for s in wf.spells(unit, scope, opts)? {
        for i in contracts_in_post(wf, &s, t, opts) {
            let c = &data.contracts[i];
            let nq = c.start_origin == Some(1) && s.start > nq_since;
            add(&s.person_id, c.fte, &c.org_unit_id, c.csww_role, nq);
        }
    }
    if opts.caseload_include_agency {
        for s in wf.agency_spells(unit, scope, opts)? {
            for i in assignments_in_post(wf, &s, t, opts) {
                let a = &data.agency_assignments[i];
                add(&s.person_id, a.fte, &a.org_unit_id, a.csww_role, false);
            }
        }
    }
    Ok(out)
}

/// Cases per worker on `date`: for each group, `group, workers, nq_workers, cases, capacity,
/// caseload` (cases ÷ capacity) and the distribution of the workers' caseloads `min, q1,
/// median, q3, max, mean` (quartiles R type 7).
///
/// A worker is in post on `date` in the unit and scope (agency workers when
/// `caseload_include_agency`); cases are the allocations open on `date`. A worker's capacity is
/// 1 (or their FTE with `per_fte`) times `nq_weight` when newly qualified: CFKSS status 1
/// (ASYE), or a contract with start origin 1 whose spell began in the year before `date`.
/// Fails with `MissingData` without `case_allocations.csv`.
pub fn caseload_distribution(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    scope: &Scope,
    group_by: CaseloadGroup,
    cl: &CaseloadOptions,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let allocs = wf.data().case_allocations.as_ref().ok_or_else(|| {
        Error::missing_data("caseloads need case_allocations.csv, which was not supplied")
    })?;
    if cl.nq_weight.is_some_and(|w| w.is_nan() || w <= 0.0) {
        return Err(Error::invalid_argument("nq_weight must be positive"));
    }
    let mut cases: HashMap<&str, f64> = HashMap::new();
    for a in allocs {
        if a.start_date <= date && a.end_date.is_none_or(|e| date <= e) {
            *cases.entry(a.person_id.as_str()).or_default() += 1.0;
        }
    }
    // group → (workers, nq, cases, capacity, per-worker caseloads)
    type Acc = (f64, f64, f64, f64, Vec<f64>);
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for (pid, w) in workers(wf, date, unit, scope, opts)? {
        if cl.exclude_managers && w.role.is_some_and(|r| (1..=3).contains(&r)) {
            continue;
        }
        let n = cases.get(pid.as_str()).copied().unwrap_or(0.0);
        if n == 0.0 && !cl.include_zero {
            continue;
        }
        let base = if cl.per_fte { w.fte } else { 1.0 };
        let cap = base
            * if w.nq {
                cl.nq_weight.unwrap_or(1.0)
            } else {
                1.0
            };
        let key = match group_by {
            CaseloadGroup::None => "all".to_string(),
            CaseloadGroup::Team => w.unit.clone(),
            CaseloadGroup::Role => w.role.map_or("none".into(), |r| r.to_string()),
        };
        let g = groups.entry(key).or_default();
        g.0 += 1.0;
        g.1 += if w.nq { 1.0 } else { 0.0 };
        g.2 += n;
        g.3 += cap;
        g.4.push(if cap > 0.0 { n / cap } else { 0.0 });
    }
    let mut names = Vec::new();
    let mut c: [Vec<f64>; 4] = Default::default();
    let mut stats: [Vec<Option<f64>>; 7] = Default::default();
    for (k, (w, nq, n, cap, mut v)) in groups {
        v.sort_by(f64::total_cmp);
        names.push(k);
        for (col, x) in c.iter_mut().zip([w, nq, n, cap]) {
            col.push(x);
        }
        let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let vals = [
            (cap != 0.0).then(|| n / cap),
            quantile(&v, 0.0),
            quantile(&v, 0.25),
            quantile(&v, 0.5),
            quantile(&v, 0.75),
            quantile(&v, 1.0),
            mean,
        ];
        for (col, x) in stats.iter_mut().zip(vals) {
            col.push(x);
        }
    }
    let [w, nq, n, cap] = c;
    let mut t = Table::new()
        .with("group", s_col(names), PLAIN)
        .with("workers", f_col(w), WHOLE)
        .with("nq_workers", f_col(nq), WHOLE)
        .with("cases", f_col(n), WHOLE)
        .with("capacity", f_col(cap), ONE);
    for (name, col) in ["caseload", "min", "q1", "median", "q3", "max", "mean"]
        .into_iter()
        .zip(stats)
    {
        t.push(name, of_col(col), ONE);
    }
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "caseload_distribution", "date": date, "unit": unit,
            "scope": scope.label(), "group_by": group_by, "caseload": cl}),
    ))
}

/// What is counted per child.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeCount {
    /// Different social workers in the year, each once (DfE: A → B → A is 2).
    #[default]
    DistinctWorkers,
    /// Changes of worker (Children's Commissioner: A → B → A is 2 changes, A → B is 1).
    Changes,
}

/// Which children are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildCohort {
    /// Looked after on the last day of the year (DfE; needs `care_periods.csv`).
    #[default]
    LookedAfterAtEnd,
    /// Every child with an allocation open at some time in the year.
    AllocatedInYear,
}

/// Options of the children's changes of social worker measure (metrics.md §9 item 13).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChildChangeOptions {
    /// Distinct workers or changes.
    pub count: ChangeCount,
    /// The cohort.
    pub cohort: ChildCohort,
    /// The band counted as high instability ("3 or more").
    pub threshold: u32,
}

impl Default for ChildChangeOptions {
    fn default() -> Self {
        ChildChangeOptions {
            count: ChangeCount::DistinctWorkers,
            cohort: ChildCohort::LookedAfterAtEnd,
            threshold: 3,
        }
    }
}

/// Largest `threshold` of [`child_sw_changes`]: the table has a row per value below it.
pub const MAX_CHANGE_THRESHOLD: u32 = 1000;

/// Children's social workers in the year ending `year_end` (DfE: 31 March; the year is the
/// day after `year_end` one year earlier to `year_end`): for the cohort, the number of
/// different social workers (or changes) from the allocations overlapping the year, in bands
/// `0, 1, …, threshold − 1, "threshold or more"` (`threshold` up to
/// [`MAX_CHANGE_THRESHOLD`]), then a row `all`:
/// `band, children, percent`. Fails with `MissingData` without `case_allocations.csv` (or,
/// for the looked-after cohort, without `care_periods.csv`).
pub fn child_sw_changes(
    wf: &Workforce,
    year_end: Date,
    cc: &ChildChangeOptions,
    opts: &Options,
) -> Result<Table> {
    let data = wf.data();
    let allocs = data.case_allocations.as_ref().ok_or_else(|| {
        Error::missing_data(
            "social worker changes need case_allocations.csv, which was not supplied",
        )
    })?;
    if !(1..=MAX_CHANGE_THRESHOLD).contains(&cc.threshold) {
        return Err(Error::invalid_argument(format!(
            "threshold must be from 1 to {MAX_CHANGE_THRESHOLD} (one band per value below it)"
        )));
    }
    let from = year_before(year_end) + Duration::days(1);
    let overlaps = |s: Date, e: Option<Date>| s <= year_end && e.is_none_or(|e| from <= e);
    let mut by_child: BTreeMap<&str, Vec<(Date, &str)>> = BTreeMap::new();
    for a in allocs.iter().filter(|a| overlaps(a.start_date, a.end_date)) {
        by_child
            .entry(a.child_id.as_str())
            .or_default()
            .push((a.start_date, a.person_id.as_str()));
    }
    let cohort: Vec<&str> = match cc.cohort {
        ChildCohort::LookedAfterAtEnd => {
            let cp = data.care_periods.as_ref().ok_or_else(|| {
                Error::missing_data(
                    "the looked-after cohort needs care_periods.csv, which was not supplied",
                )
            })?;
            let mut v: Vec<&str> = cp
                .iter()
                .filter(|p| p.start_date <= year_end && p.end_date.is_none_or(|e| year_end <= e))
                .map(|p| p.child_id.as_str())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        }
        ChildCohort::AllocatedInYear => by_child.keys().copied().collect(),
    };
    let k = cc.threshold as usize;
    let mut counts = vec![0.0; k + 1];
    for child in &cohort {
        let mut seq = by_child.get(child).cloned().unwrap_or_default();
        seq.sort();
        let n = match cc.count {
            ChangeCount::DistinctWorkers => {
                let mut w: Vec<&str> = seq.iter().map(|x| x.1).collect();
                w.sort_unstable();
                w.dedup();
                w.len()
            }
            ChangeCount::Changes => {
                let mut w: Vec<&str> = seq.iter().map(|x| x.1).collect();
                w.dedup();
                w.len().saturating_sub(1)
            }
        };
        counts[n.min(k)] += 1.0;
    }
    let total = cohort.len() as f64;
    let mut bands: Vec<String> = (0..k).map(|i| i.to_string()).collect();
    bands.push(format!("{k} or more"));
    bands.push("all".into());
    counts.push(total);
    let share = counts.iter().map(|c| pct(*c, total)).collect();
    let t = Table::new()
        .with("band", s_col(bands), PLAIN)
        .with("children", f_col(counts), WHOLE)
        .with("percent", of_col(share), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "child_sw_changes", "from": from, "to": year_end,
            "changes": cc}),
    ))
}
