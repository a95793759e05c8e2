//! Agency churn: assignments started and ended per period, agency turnover, lengths of
//! completed assignments and conversions from agency to permanent.
//!
//! With `agency_merge_consecutive`, a worker's assignments joined by the spell rule count as
//! one (the agency spells of the timeline); otherwise each assignment counts.

use super::{
    band_of, check_period, d_col, f_col, finish, of_col, pct, quantile, s_col, ONE, PLAIN, WHOLE,
};
use crate::error::{Error, Result};
use crate::metrics::end_of_month;
use crate::model::Date;
use crate::options::Options;
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};

/// The length of the periods of a churn table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar months.
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
    /// Twelve months from `from`.
    Year,
}

impl Period {
    /// Parse `month`, `quarter`, `year`.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            o => {
                return Err(Error::invalid_argument(format!(
                    "unknown period {o:?}; expected month, quarter or year"
                )))
            }
        })
    }
}

/// Split `[from, to]` into periods; the first starts on `from`, the last ends on `to`.
pub(crate) fn split(from: Date, to: Date, p: Period) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut a = from;
    while a <= to {
        let b = match p {
            Period::Month => end_of_month(a),
            Period::Quarter => {
                let q_end_month = (a.month() - 1) / 3 * 3 + 3;
                end_of_month(Date::from_ymd_opt(a.year(), q_end_month, 1).expect("valid"))
            }
            Period::Year => {
                super::year_before(a).with_year(a.year() + 1).unwrap_or(a) - Duration::days(1)
            }
        };
        let b = b.min(to);
        out.push((a, b));
        a = b + Duration::days(1);
    }
    out
}

/// An agency engagement: an assignment, or a merged run of them.
struct Engagement {
    start: Date,
    end: Option<Date>,
    fte: f64,
}

fn engagements(
    wf: &Workforce,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Vec<Engagement>> {
    let a = &wf.data().agency_assignments;
    let mut out = Vec::new();
    for s in wf.agency_spells(unit, scope, opts)? {
        if opts.agency_merge_consecutive {
            let last = s
                .records
                .iter()
                .map(|&i| &a[i])
                .max_by_key(|x| x.end_date.unwrap_or(Date::MAX));
            out.push(Engagement {
                start: s.start,
                end: s.end,
                fte: last.map_or(0.0, |x| x.fte),
            });
        } else {
            out.extend(s.records.iter().map(|&i| Engagement {
                start: a[i].start_date,
                end: a[i].end_date,
                fte: a[i].fte,
            }));
        }
    }
    Ok(out)
}

/// Agency churn per period of `[from, to]`: `period_start, period_end, started, ended`
/// (assignments, or merged engagements), `in_post_start` (agency headcount the day before the
/// period), `in_post_end`, `agency_fte_end`, `agency_turnover` (ended ÷ mean of the two
/// headcounts × 100), `conversions` (agency to permanent, within
/// [`super::stability::DEFAULT_CONVERSION_WINDOW_DAYS`]) and `mean_completed_weeks` (of the
/// ended).
pub fn agency_churn(
    wf: &Workforce,
    from: Date,
    to: Date,
    period: Period,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    let ps = split(from, to, period);
    let eng = engagements(wf, unit, scope, opts)?;
    let dates: Vec<Date> = ps
        .iter()
        .flat_map(|&(a, b)| [a - Duration::days(1), b])
        .collect();
    let st = wf.stocks(unit, scope, &dates, opts)?;
    let conv = super::stability::conversions(
        wf,
        from,
        to,
        unit,
        scope,
        super::stability::DEFAULT_CONVERSION_WINDOW_DAYS,
        opts,
    )?;
    let mut c: [Vec<f64>; 6] = Default::default();
    let (mut turnover, mut mean_len) = (Vec::new(), Vec::new());
    for (k, &(a, b)) in ps.iter().enumerate() {
        let started = eng.iter().filter(|e| a <= e.start && e.start <= b).count() as f64;
        let ended: Vec<f64> = eng
            .iter()
            .filter_map(|e| {
                e.end
                    .filter(|x| a <= *x && *x <= b)
                    .map(|x| weeks(e.start, x))
            })
            .collect();
        let (s0, s1) = (&st[2 * k], &st[2 * k + 1]);
        let n_conv = conv
            .iter()
            .filter(|x| a <= x.contract_start && x.contract_start <= b)
            .count();
        let vals = [
            started,
            ended.len() as f64,
            s0.agency_headcount,
            s1.agency_headcount,
            s1.agency_fte,
            n_conv as f64,
        ];
        for (col, v) in c.iter_mut().zip(vals) {
            col.push(v);
        }
        turnover.push(pct(
            ended.len() as f64,
            (s0.agency_headcount + s1.agency_headcount) / 2.0,
        ));
        mean_len.push((!ended.is_empty()).then(|| ended.iter().sum::<f64>() / ended.len() as f64));
    }
    let [started, ended, s0, s1, fte, conv] = c;
    let t = Table::new()
        .with(
            "period_start",
            d_col(ps.iter().map(|p| p.0).collect()),
            PLAIN,
        )
        .with("period_end", d_col(ps.iter().map(|p| p.1).collect()), PLAIN)
        .with("started", f_col(started), WHOLE)
        .with("ended", f_col(ended), WHOLE)
        .with("in_post_start", f_col(s0), WHOLE)
        .with("in_post_end", f_col(s1), WHOLE)
        .with("agency_fte_end", f_col(fte), ONE)
        .with("agency_turnover", of_col(turnover), ONE)
        .with("conversions", f_col(conv), WHOLE)
        .with("mean_completed_weeks", of_col(mean_len), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "agency_churn", "from": from, "to": to, "period": period,
            "unit": unit, "scope": scope.label()}),
    ))
}

fn weeks(a: Date, b: Date) -> f64 {
    ((b - a).num_days() + 1) as f64 / 7.0
}

/// Lengths of the agency assignments (or merged engagements) completed in `[from, to]`, in
/// weeks (first to last day inclusive ÷ 7), by band (`agency_length_bands`; a length counts in
/// a band by whole weeks rounded up, as in `agency_length_bands`) and a last row `all`:
/// `band, assignments, fte, mean_weeks, min_weeks, median_weeks, max_weeks`.
pub fn completed_lengths(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    let edges: Vec<f64> = opts
        .agency_length_bands
        .iter()
        .map(|&e| e as f64 + 1.0)
        .collect();
    let mut labels = Vec::new();
    let mut lo = 0u32;
    for &e in &opts.agency_length_bands {
        labels.push(if lo == 0 {
            format!("0-{e} weeks")
        } else {
            format!("{}-{e} weeks", lo + 1)
        });
        lo = e;
    }
    labels.push(format!("over {lo} weeks"));
    labels.push("all".into());
    let mut groups: Vec<(Vec<f64>, f64)> = vec![(Vec::new(), 0.0); labels.len()];
    for e in engagements(wf, unit, scope, opts)? {
        let Some(end) = e.end.filter(|x| from <= *x && *x <= to) else {
            continue;
        };
        let w = weeks(e.start, end);
        let b = band_of(&edges, w.ceil());
        for k in [b, labels.len() - 1] {
            groups[k].0.push(w);
            groups[k].1 += e.fte;
        }
    }
    let mut stats: [Vec<Option<f64>>; 4] = Default::default();
    for (v, _) in groups.iter_mut() {
        v.sort_by(f64::total_cmp);
        let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        for (c, x) in
            stats
                .iter_mut()
                .zip([mean, quantile(v, 0.0), quantile(v, 0.5), quantile(v, 1.0)])
        {
            c.push(x);
        }
    }
    let [mean, min, med, max] = stats;
    let t = Table::new()
        .with("band", s_col(labels), PLAIN)
        .with(
            "assignments",
            f_col(groups.iter().map(|g| g.0.len() as f64).collect()),
            WHOLE,
        )
        .with("fte", f_col(groups.iter().map(|g| g.1).collect()), ONE)
        .with("mean_weeks", of_col(mean), ONE)
        .with("min_weeks", of_col(min), ONE)
        .with("median_weeks", of_col(med), ONE)
        .with("max_weeks", of_col(max), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "completed_lengths", "from": from, "to": to,
            "unit": unit, "scope": scope.label()}),
    ))
}
