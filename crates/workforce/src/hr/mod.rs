//! HR measures beyond the census: retention curves, stability, sickness in depth, caseloads,
//! casework, pay across legacy systems, leavers, agency churn, cost and recruitment.
//!
//! Every measure takes a [`Workforce`] and arguments and returns a [`Table`] whose
//! `options_json` holds the [`Options`] used plus, under the key `hr`, the measure's own
//! arguments. Spells, "in post on T", starters, leavers and sickness days lost all come from
//! [`crate::timeline`]; nothing here re-implements them.

// Measures take a workforce, a period, a unit, a scope, their own arguments and the options.
#![allow(clippy::too_many_arguments)]

pub mod agency;
pub mod caseload;
pub mod casework;
pub mod cost;
pub mod leavers;
pub mod pay;
pub mod recruitment;
pub mod request;
pub mod sickness;
pub mod stability;
pub mod survival;

use crate::error::{Error, Result};
use crate::model::{Contract, Date};
use crate::options::Options;
use crate::table::{Column, Display, Table};
use crate::timeline::{SpellInfo, Workforce};
use chrono::Datelike;

/// The options JSON of a table: `opts` with the measure's own arguments under `hr`.
pub(crate) fn record(opts: &Options, hr: serde_json::Value) -> String {
    let mut v = serde_json::to_value(opts).expect("options serialise");
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("hr".into(), hr);
    }
    v.to_string()
}

/// Does the spell count as in post on `t` (a record covers `t`, and the spell does not end on
/// `t` unless `end_date_inclusive`)? Returns the records covering `t`.
pub(crate) fn in_post_records(
    spell: &SpellInfo,
    starts_ends: impl Fn(usize) -> (Date, Option<Date>),
    t: Date,
    opts: &Options,
) -> Vec<usize> {
    let covers = |s: Date, e: Option<Date>| s <= t && e.is_none_or(|e| t <= e);
    if !covers(spell.start, spell.end) || (!opts.end_date_inclusive && spell.end == Some(t)) {
        return Vec::new();
    }
    spell
        .records
        .iter()
        .copied()
        .filter(|&i| {
            let (s, e) = starts_ends(i);
            covers(s, e)
        })
        .collect()
}

/// Contracts of an employee spell in post on `t` (empty when not in post).
pub(crate) fn contracts_in_post(
    wf: &Workforce,
    spell: &SpellInfo,
    t: Date,
    opts: &Options,
) -> Vec<usize> {
    let c = &wf.data().contracts;
    in_post_records(spell, |i| (c[i].start_date, c[i].end_date), t, opts)
}

/// Assignments of an agency spell in post on `t`.
pub(crate) fn assignments_in_post(
    wf: &Workforce,
    spell: &SpellInfo,
    t: Date,
    opts: &Options,
) -> Vec<usize> {
    let a = &wf.data().agency_assignments;
    in_post_records(spell, |i| (a[i].start_date, a[i].end_date), t, opts)
}

/// The contract of a spell covering its last day (the one that carries the leaving codes):
/// the latest-starting contract that ends on the spell's end.
pub(crate) fn last_contract<'a>(wf: &'a Workforce, spell: &SpellInfo) -> &'a Contract {
    let c = &wf.data().contracts;
    spell
        .records
        .iter()
        .rev()
        .map(|&i| &c[i])
        .find(|k| k.end_date == spell.end)
        .unwrap_or(&c[*spell.records.last().expect("a spell has a record")])
}

/// The contract of a spell covering its first day.
pub(crate) fn first_contract<'a>(wf: &'a Workforce, spell: &SpellInfo) -> &'a Contract {
    &wf.data().contracts[spell.records[0]]
}

/// Quantile by linear interpolation between order statistics (R type 7, the default of R,
/// numpy and Excel `QUARTILE.INC`). `sorted` must be sorted; `None` when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Years between two dates (days ÷ 365.25).
pub(crate) fn years_between(a: Date, b: Date) -> f64 {
    (b - a).num_days() as f64 / 365.25
}

/// The date one year before `d` (29 February → 28 February).
pub(crate) fn year_before(d: Date) -> Date {
    d.with_year(d.year() - 1)
        .unwrap_or_else(|| d - chrono::Duration::days(365))
}

pub(crate) fn check_period(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(Error::invalid_argument(format!(
            "period ends ({to}) before it starts ({from})"
        )));
    }
    Ok(())
}

/// Column builders.
pub(crate) fn s_col(v: Vec<String>) -> Column {
    Column::Str(v.into_iter().map(Some).collect())
}
pub(crate) fn f_col(v: Vec<f64>) -> Column {
    Column::Float(v.into_iter().map(Some).collect())
}
pub(crate) fn of_col(v: Vec<Option<f64>>) -> Column {
    Column::Float(v)
}
pub(crate) fn d_col(v: Vec<Date>) -> Column {
    Column::Date(v.into_iter().map(Some).collect())
}

/// Labels for length-of-service bands with edges in years: `[1, 2, 5]` →
/// `0-1 years`, `1-2 years`, `2-5 years`, `5 years and over`.
pub(crate) fn band_labels(edges: &[f64]) -> Vec<String> {
    let mut out = Vec::with_capacity(edges.len() + 1);
    let mut lo: Option<f64> = None;
    for &e in edges {
        out.push(match lo {
            None => format!("0-{e} years"),
            Some(l) => format!("{l}-{e} years"),
        });
        lo = Some(e);
    }
    out.push(match lo {
        None => "all".into(),
        Some(l) => format!("{l} years and over"),
    });
    out
}

/// The band of `years` for edges `edges` (a value equal to an edge falls in the upper band).
pub(crate) fn band_of(edges: &[f64], years: f64) -> usize {
    edges.iter().position(|&e| years < e).unwrap_or(edges.len())
}

/// A percentage, missing on a zero denominator.
pub(crate) fn pct(n: f64, d: f64) -> Option<f64> {
    (d != 0.0).then(|| 100.0 * n / d)
}

/// Finish a table: record options.
pub(crate) fn finish(mut t: Table, opts: &Options, hr: serde_json::Value) -> Table {
    t.options_json = record(opts, hr);
    t
}

pub(crate) const PLAIN: Display = Display::Plain;
pub(crate) const ONE: Display = Display::OneDp;
pub(crate) const WHOLE: Display = Display::Whole;

/// The units a by-unit table reports: `unit` (or the whole organisation), and with `by_unit`
/// every unit below it, depth-first. Each entry is `(label, unit argument)`.
pub(crate) fn units_for(
    wf: &Workforce,
    unit: Option<&str>,
    by_unit: bool,
) -> Result<Vec<(String, Option<String>)>> {
    let top = wf.resolve_unit(unit)?;
    let mut out = vec![(wf.unit_label(top), unit.map(str::to_string))];
    if !by_unit {
        return Ok(out);
    }
    let ids = wf.unit_ids();
    match unit {
        None => {
            out.retain(|(l, _)| l == "*");
            out.extend(ids.iter().map(|id| (id.to_string(), Some(id.to_string()))));
        }
        Some(u) => {
            let start = ids.iter().position(|x| *x == u).expect("resolved unit");
            let depth = wf.unit_depth(u).unwrap_or(0);
            for id in &ids[start + 1..] {
                if wf.unit_depth(id).unwrap_or(0) <= depth {
                    break;
                }
                out.push((id.to_string(), Some(id.to_string())));
            }
        }
    }
    Ok(out)
}
