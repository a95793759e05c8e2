//! Pay across legacy systems: for the same job title and grade, annual pay by source system,
//! with the gap between the best- and worst-paid systems.

use super::{contracts_in_post, finish, of_col, quantile, s_col, ONE, PLAIN, WHOLE};
use crate::error::Result;
use crate::model::{Date, Id};
use crate::options::Options;
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use std::collections::{BTreeMap, HashSet};

/// Full-time-equivalent annual pay of the contracts in post on `date` (every contract with a
/// pay when `date` is `None`) of the unit and scope, by (title, grade, source system):
/// `title, grade, source_system, contracts, mean_pay, min_pay, median_pay, max_pay,
/// gap, gap_percent`. `gap` is, for the title and grade, the highest system mean minus the
/// lowest and `gap_percent` that gap over the lowest mean × 100; both missing when only one
/// system pays the title and grade. Missing title, grade (taken from the post when the contract
/// has none) or system read `unknown`.
pub fn pay_by_source(
    wf: &Workforce,
    date: Option<Date>,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let data = wf.data();
    let mut chosen: HashSet<usize> = HashSet::new();
    for s in wf.spells(unit, scope, opts)? {
        match date {
            Some(t) => chosen.extend(contracts_in_post(wf, &s, t, opts)),
            None => chosen.extend(s.records.iter().copied()),
        }
    }
    let post_grade = |pid: &Option<Id>| {
        pid.as_ref().and_then(|p| {
            data.posts
                .iter()
                .find(|x| &x.post_id == p)
                .and_then(|x| x.grade)
        })
    };
    let unknown = |v: Option<Id>| v.map_or_else(|| "unknown".to_string(), String::from);
    let mut g: BTreeMap<(String, String, String), Vec<f64>> = BTreeMap::new();
    for i in chosen {
        let c = &data.contracts[i];
        let Some(pay) = c.annual_pay else { continue };
        let grade = c.grade.or_else(|| post_grade(&c.post_id));
        g.entry((unknown(c.title), unknown(grade), unknown(c.source_system)))
            .or_default()
            .push(pay);
    }
    let mut means: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for ((t, gr, _), v) in &g {
        means
            .entry((t.clone(), gr.clone()))
            .or_default()
            .push(v.iter().sum::<f64>() / v.len() as f64);
    }
    let (mut ti, mut gr, mut sy) = (vec![], vec![], vec![]);
    let mut cols: [Vec<Option<f64>>; 7] = Default::default();
    for ((t, grade, sys), mut v) in g {
        v.sort_by(f64::total_cmp);
        let m = &means[&(t.clone(), grade.clone())];
        let hi = m.iter().cloned().fold(f64::MIN, f64::max);
        let lo = m.iter().cloned().fold(f64::MAX, f64::min);
        let (gap, gap_pct) = if m.len() > 1 {
            (Some(hi - lo), (lo != 0.0).then(|| 100.0 * (hi - lo) / lo))
        } else {
            (None, None)
        };
        let vals = [
            Some(v.len() as f64),
            Some(v.iter().sum::<f64>() / v.len() as f64),
            quantile(&v, 0.0),
            quantile(&v, 0.5),
            quantile(&v, 1.0),
            gap,
            gap_pct,
        ];
        for (c, x) in cols.iter_mut().zip(vals) {
            c.push(x);
        }
        ti.push(t);
        gr.push(grade);
        sy.push(sys);
    }
    let [n, mean, min, med, max, gap, gp] = cols;
    let t = Table::new()
        .with("title", s_col(ti), PLAIN)
        .with("grade", s_col(gr), PLAIN)
        .with("source_system", s_col(sy), PLAIN)
        .with("contracts", of_col(n), WHOLE)
        .with("mean_pay", of_col(mean), ONE)
        .with("min_pay", of_col(min), ONE)
        .with("median_pay", of_col(med), ONE)
        .with("max_pay", of_col(max), ONE)
        .with("gap", of_col(gap), ONE)
        .with("gap_percent", of_col(gp), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "pay_by_source", "date": date, "unit": unit,
            "scope": scope.label()}),
    ))
}
