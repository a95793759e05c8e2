//! Stability and tenure: the stability index (CIPD, headcount) and the FTE stability rate
//! (NHS), length-of-service bands, time in post of leavers, internal movers and
//! agency-to-permanent conversions.
//!
//! All built on the service spells of [`Workforce::spells`]: a person's spell in a unit is the
//! union of their in-scope contracts there, so a move to another team is a leaver for the
//! first team (and a stayer for a unit containing both).

use super::{
    band_labels, band_of, check_period, contracts_in_post, d_col, f_col, finish, first_contract,
    of_col, pct, quantile, s_col, units_for, year_before, years_between, ONE, PLAIN, WHOLE,
};
use crate::error::Result;
use crate::model::{ContractType, Date};
use crate::options::Options;
use crate::table::{Column, Table};
use crate::timeline::{Scope, Workforce};

/// Stability over `[from, to]` for a unit (and, with `by_unit`, each unit below it): of those in
/// post on `from`, the share still in post on `to` in the same spell. Headcount (the CIPD
/// stability index, with `from` one year before `to`) and FTE (the NHS FTE stability rate: FTE
/// on `from` of the stayers ÷ FTE in post on `from`). With `from = None`, one year before `to`.
///
/// Columns: `org_unit_id, period_start, period_end, base_headcount, stayers_headcount,
/// stability_headcount, base_fte, stayers_fte, stability_fte` (rates in %).
pub fn stability_index(
    wf: &Workforce,
    from: Option<Date>,
    to: Date,
    unit: Option<&str>,
    by_unit: bool,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let from = from.unwrap_or_else(|| year_before(to));
    check_period(from, to)?;
    let mut ids = Vec::new();
    let mut cols: [Vec<f64>; 4] = Default::default();
    for (label, u) in units_for(wf, unit, by_unit)? {
        let (mut bh, mut sh, mut bf, mut sf) = (0.0, 0.0, 0.0, 0.0);
        for s in wf.spells(u.as_deref(), scope, opts)? {
            let at_start = contracts_in_post(wf, &s, from, opts);
            if at_start.is_empty() {
                continue;
            }
            let fte: f64 = at_start.iter().map(|&i| wf.data().contracts[i].fte).sum();
            bh += 1.0;
            bf += fte;
            if !contracts_in_post(wf, &s, to, opts).is_empty() {
                sh += 1.0;
                sf += fte;
            }
        }
        ids.push(label);
        for (c, v) in cols.iter_mut().zip([bh, sh, bf, sf]) {
            c.push(v);
        }
    }
    let n = ids.len();
    let [bh, sh, bf, sf] = cols;
    let rate = |a: &[f64], b: &[f64]| -> Vec<Option<f64>> {
        a.iter().zip(b).map(|(x, y)| pct(*x, *y)).collect()
    };
    let t = Table::new()
        .with("org_unit_id", s_col(ids), PLAIN)
        .with("period_start", d_col(vec![from; n]), PLAIN)
        .with("period_end", d_col(vec![to; n]), PLAIN)
        .with("stability_headcount", of_col(rate(&sh, &bh)), ONE)
        .with("stability_fte", of_col(rate(&sf, &bf)), ONE)
        .with("base_headcount", f_col(bh), WHOLE)
        .with("stayers_headcount", f_col(sh), WHOLE)
        .with("base_fte", f_col(bf), ONE)
        .with("stayers_fte", f_col(sf), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "stability_index", "from": from, "to": to,
            "unit": unit, "by_unit": by_unit, "scope": scope.label()}),
    ))
}

/// Default length-of-service band edges, in years.
pub const DEFAULT_TENURE_BANDS: [f64; 4] = [1.0, 2.0, 5.0, 10.0];

/// People in post on `date` by length of service in the unit (years from the spell's first day
/// to `date`, days ÷ 365.25) in bands with the given edges (a length equal to an edge falls in
/// the upper band): `band, headcount, fte, percent_headcount`.
pub fn tenure_bands(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    scope: &Scope,
    edges: &[f64],
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_edges(edges)?;
    let labels = band_labels(edges);
    let mut hc = vec![0.0; labels.len()];
    let mut fte = vec![0.0; labels.len()];
    for s in wf.spells(unit, scope, opts)? {
        let ip = contracts_in_post(wf, &s, date, opts);
        if ip.is_empty() {
            continue;
        }
        let b = band_of(edges, years_between(s.start, date));
        hc[b] += 1.0;
        fte[b] += ip.iter().map(|&i| wf.data().contracts[i].fte).sum::<f64>();
    }
    let total: f64 = hc.iter().sum();
    let share = hc.iter().map(|h| pct(*h, total)).collect();
    let t = Table::new()
        .with("band", s_col(labels), PLAIN)
        .with("headcount", f_col(hc), WHOLE)
        .with("fte", f_col(fte), ONE)
        .with("percent_headcount", of_col(share), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "tenure_bands", "date": date, "unit": unit,
            "scope": scope.label(), "edges_years": edges}),
    ))
}

pub(crate) fn check_edges(edges: &[f64]) -> Result<()> {
    if edges.windows(2).any(|w| w[0] >= w[1]) || edges.iter().any(|e| e.is_nan() || *e <= 0.0) {
        return Err(crate::Error::invalid_argument(
            "band edges must be positive and strictly increasing",
        ));
    }
    Ok(())
}

/// Time in post of the leavers of `[from, to]` (spells ending in the period), in years from
/// the spell's first day to its last day inclusive (days ÷ 365.25), per unit:
/// `org_unit_id, leavers, mean_years, min_years, q1_years, median_years, q3_years, max_years`
/// (quartiles by linear interpolation, R type 7).
pub fn leaver_time_in_post(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    by_unit: bool,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    let mut ids = Vec::new();
    let mut n = Vec::new();
    let mut stats: [Vec<Option<f64>>; 6] = Default::default();
    for (label, u) in units_for(wf, unit, by_unit)? {
        let mut v: Vec<f64> = wf
            .spells(u.as_deref(), scope, opts)?
            .iter()
            .filter_map(|s| {
                s.end
                    .filter(|e| from <= *e && *e <= to)
                    .map(|e| (s.start, e))
            })
            .map(|(a, e)| ((e - a).num_days() + 1) as f64 / 365.25)
            .collect();
        v.sort_by(f64::total_cmp);
        ids.push(label);
        n.push(v.len() as f64);
        let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        for (c, x) in stats.iter_mut().zip([
            mean,
            quantile(&v, 0.0),
            quantile(&v, 0.25),
            quantile(&v, 0.5),
            quantile(&v, 0.75),
            quantile(&v, 1.0),
        ]) {
            c.push(x);
        }
    }
    let mut t =
        Table::new()
            .with("org_unit_id", s_col(ids), PLAIN)
            .with("leavers", f_col(n), WHOLE);
    for (name, c) in [
        "mean_years",
        "min_years",
        "q1_years",
        "median_years",
        "q3_years",
        "max_years",
    ]
    .into_iter()
    .zip(stats)
    {
        t.push(name, Column::Float(c), ONE);
    }
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "leaver_time_in_post", "from": from, "to": to,
            "unit": unit, "by_unit": by_unit, "scope": scope.label()}),
    ))
}

/// Internal moves in `[from, to]`: within one service spell of the unit (default the whole
/// organisation), a contract starting in the period whose predecessor (the spell's contract
/// that started before it and ended last, on or before its first day) was in another org unit
/// or had another census role. Concurrent second jobs are not moves.
///
/// One row per move: `person_id, date, from_unit, to_unit, from_role, to_role, kind`
/// (`team`, `role` or `team_and_role`).
pub fn internal_movers(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    let c = &wf.data().contracts;
    let mut rows: Vec<Move> = Vec::new();
    for s in wf.spells(unit, scope, opts)? {
        for &j in &s.records {
            let r = &c[j];
            if r.start_date < from || r.start_date > to || r.start_date == s.start {
                continue;
            }
            let prev = s
                .records
                .iter()
                .map(|&i| &c[i])
                .filter(|p| p.start_date < r.start_date)
                .max_by_key(|p| (p.end_date.unwrap_or(Date::MAX), p.start_date));
            let Some(p) = prev else { continue };
            if p.end_date.is_none_or(|e| e > r.start_date) {
                continue;
            }
            let team = p.org_unit_id != r.org_unit_id;
            let role = p.csww_role != r.csww_role;
            let kind = match (team, role) {
                (true, true) => "team_and_role",
                (true, false) => "team",
                (false, true) => "role",
                (false, false) => continue,
            };
            rows.push((
                s.person_id.to_string(),
                r.start_date,
                p.org_unit_id.to_string(),
                r.org_unit_id.to_string(),
                p.csww_role,
                r.csww_role,
                kind,
            ));
        }
    }
    rows.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let role_col = |f: fn(&Move) -> Option<u8>| {
        Column::Int(rows.iter().map(|r| f(r).map(i64::from)).collect())
    };
    let t = Table::new()
        .with(
            "person_id",
            s_col(rows.iter().map(|r| r.0.clone()).collect()),
            PLAIN,
        )
        .with("date", d_col(rows.iter().map(|r| r.1).collect()), PLAIN)
        .with(
            "from_unit",
            s_col(rows.iter().map(|r| r.2.clone()).collect()),
            PLAIN,
        )
        .with(
            "to_unit",
            s_col(rows.iter().map(|r| r.3.clone()).collect()),
            PLAIN,
        )
        .with("from_role", role_col(|r| r.4), PLAIN)
        .with("to_role", role_col(|r| r.5), PLAIN)
        .with(
            "kind",
            s_col(rows.iter().map(|r| r.6.to_string()).collect()),
            PLAIN,
        );
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "internal_movers", "from": from, "to": to,
            "unit": unit, "scope": scope.label()}),
    ))
}

/// person, date, from unit, to unit, from role, to role, kind.
type Move = (
    String,
    Date,
    String,
    String,
    Option<u8>,
    Option<u8>,
    &'static str,
);

/// Default window, in days, within which an agency assignment's end and an employment spell's
/// start make a conversion.
pub const DEFAULT_CONVERSION_WINDOW_DAYS: u32 = 90;

/// One agency-to-permanent conversion.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversion {
    /// The person.
    pub person_id: String,
    /// The last agency assignment before the employment.
    pub assignment_id: String,
    /// Its last day.
    pub agency_end: Date,
    /// The first contract of the employment spell.
    pub contract_id: String,
    /// The employment spell's first day.
    pub contract_start: Date,
    /// Where the employment started.
    pub org_unit_id: String,
    /// Days between the agency end and the contract start (0 = next day; negative = overlap).
    pub gap_days: i64,
}

/// Conversions in `[from, to]`: an employment spell of the unit starting in the period, on a
/// permanent contract (or one of unknown type), for a person whose agency assignment (anywhere
/// in the organisation, same scope) started before the spell and ended no more than
/// `window_days` before its first day.
pub fn conversions(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    window_days: u32,
    opts: &Options,
) -> Result<Vec<Conversion>> {
    check_period(from, to)?;
    let a = &wf.data().agency_assignments;
    let agency = wf.agency_spells(None, scope, opts)?;
    let mut out = Vec::new();
    for s in wf.spells(unit, scope, opts)? {
        if s.start < from || s.start > to {
            continue;
        }
        let c = first_contract(wf, &s);
        if !matches!(c.contract_type, None | Some(ContractType::Permanent)) {
            continue;
        }
        let lo = s.start - chrono::Duration::days(window_days as i64 + 1);
        let best = agency
            .iter()
            .filter(|g| g.person_id == s.person_id)
            .flat_map(|g| g.records.iter().map(|&i| &a[i]))
            .filter(|x| x.start_date < s.start && x.end_date.is_some_and(|e| e >= lo))
            .max_by_key(|x| (x.end_date, x.start_date));
        if let Some(x) = best {
            let e = x.end_date.expect("filtered");
            out.push(Conversion {
                person_id: s.person_id.to_string(),
                assignment_id: x.assignment_id.to_string(),
                agency_end: e,
                contract_id: c.contract_id.to_string(),
                contract_start: s.start,
                org_unit_id: c.org_unit_id.to_string(),
                gap_days: (s.start - e).num_days() - 1,
            });
        }
    }
    out.sort_by(|x, y| (x.contract_start, &x.person_id).cmp(&(y.contract_start, &y.person_id)));
    Ok(out)
}

/// [`conversions`] as a table: `person_id, assignment_id, agency_end, contract_id,
/// contract_start, org_unit_id, gap_days`.
pub fn agency_conversions(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    window_days: u32,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let v = conversions(wf, from, to, unit, scope, window_days, opts)?;
    let t = Table::new()
        .with(
            "person_id",
            s_col(v.iter().map(|c| c.person_id.clone()).collect()),
            PLAIN,
        )
        .with(
            "assignment_id",
            s_col(v.iter().map(|c| c.assignment_id.clone()).collect()),
            PLAIN,
        )
        .with(
            "agency_end",
            d_col(v.iter().map(|c| c.agency_end).collect()),
            PLAIN,
        )
        .with(
            "contract_id",
            s_col(v.iter().map(|c| c.contract_id.clone()).collect()),
            PLAIN,
        )
        .with(
            "contract_start",
            d_col(v.iter().map(|c| c.contract_start).collect()),
            PLAIN,
        )
        .with(
            "org_unit_id",
            s_col(v.iter().map(|c| c.org_unit_id.clone()).collect()),
            PLAIN,
        )
        .with(
            "gap_days",
            Column::Int(v.iter().map(|c| Some(c.gap_days)).collect()),
            PLAIN,
        );
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "agency_conversions", "from": from, "to": to,
            "unit": unit, "scope": scope.label(), "window_days": window_days}),
    ))
}
