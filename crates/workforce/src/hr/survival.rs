//! Kaplan–Meier survival with right censoring and delayed entry (left truncation), Greenwood
//! standard errors, log, log-log or plain confidence intervals, and median survival with its
//! confidence interval, by any grouping.
//!
//! The estimator is generic over observations `(entry, exit, event, group)`, so it serves the
//! public survival data sets and employment spells alike ([`employment_survival`]).
//!
//! Conventions (those of R `survival::survfit` and Python `lifelines`):
//! - an observation is at risk at time `t` when `entry < t ≤ exit`; censored observations at
//!   `t` are still at risk at `t`;
//! - `S(t) = Π (1 − dᵢ/nᵢ)` over event times `tᵢ ≤ t`;
//! - Greenwood: `V(t) = Σ dᵢ / (nᵢ (nᵢ − dᵢ))`, the variance of `log S`; the reported standard
//!   error is that of `S`, `S √V` (R's `summary.survfit` `std.err`);
//! - log CI: `S · exp(±z √V)`, the upper bound capped at 1 (R's default `conf.type = "log"`);
//!   log-log CI: `exp(−exp(log(−log S) ∓ z √V / log S))` (lifelines' default, R
//!   `conf.type = "log-log"`); plain: `S ± z · SE`, clipped to [0, 1];
//! - median survival: the first event time with `S(t) ≤ 0.5`; its confidence limits are the
//!   first event times at which the lower and the upper confidence curves reach 0.5 (lifelines'
//!   `median_survival_times(confidence_interval_)`). Missing when a curve never reaches 0.5.

use super::{f_col, finish, of_col, s_col, PLAIN, WHOLE};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::options::Options;
use crate::table::{Column, Table};
use crate::timeline::{Scope, Workforce};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// One observation: at risk from `entry` (exclusive) to `exit` (inclusive); `event` when it
/// ended in the event (a leaver), otherwise censored at `exit`.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Time of entry (0 without delayed entry).
    pub entry: f64,
    /// Time of exit (event or censoring).
    pub exit: f64,
    /// Whether the exit is an event.
    pub event: bool,
    /// The group the observation belongs to.
    pub group: String,
}

/// The transformation used for confidence intervals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfType {
    /// On `log S` (R's default).
    #[default]
    Log,
    /// On `log(−log S)` (lifelines' default, "exponential Greenwood").
    LogLog,
    /// On `S` directly.
    Plain,
}

/// Options of the estimator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KmOptions {
    /// Confidence level, in (0, 1). Default 0.95.
    pub conf_level: f64,
    /// Confidence interval transformation.
    pub conf_type: ConfType,
}

impl Default for KmOptions {
    fn default() -> Self {
        KmOptions {
            conf_level: 0.95,
            conf_type: ConfType::Log,
        }
    }
}

/// One row of a survival curve: an event time.
#[derive(Clone, Debug, PartialEq)]
pub struct KmRow {
    /// The event time.
    pub time: f64,
    /// Number at risk just before `time`.
    pub n_risk: u64,
    /// Events at `time`.
    pub n_event: u64,
    /// Censored at `time`.
    pub n_censor: u64,
    /// Survival `S(time)`.
    pub survival: f64,
    /// Greenwood standard error of `S`; missing when `S` is 0.
    pub std_err: Option<f64>,
    /// Lower confidence limit.
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
}

/// The curve of one group.
#[derive(Clone, Debug, PartialEq)]
pub struct KmCurve {
    /// The group.
    pub group: String,
    /// Observations.
    pub n: u64,
    /// Events.
    pub events: u64,
    /// One row per distinct event time, ascending.
    pub rows: Vec<KmRow>,
    /// Median survival time.
    pub median: Option<f64>,
    /// Lower confidence limit of the median.
    pub median_lower: Option<f64>,
    /// Upper confidence limit of the median.
    pub median_upper: Option<f64>,
}

impl KmCurve {
    /// `S(t)`: survival at any time (1 before the first event).
    pub fn survival_at(&self, t: f64) -> f64 {
        self.rows
            .iter()
            .take_while(|r| r.time <= t)
            .last()
            .map_or(1.0, |r| r.survival)
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative error below
/// 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0, "probability in (0, 1)");
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let pl = 0.02425;
    if p < pl {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - pl {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// Fit one curve per group (groups in sorted order).
pub fn kaplan_meier(obs: &[Observation], km: &KmOptions) -> Result<Vec<KmCurve>> {
    if !(km.conf_level > 0.0 && km.conf_level < 1.0) {
        return Err(Error::invalid_argument(format!(
            "conf_level must be in (0, 1), got {}",
            km.conf_level
        )));
    }
    for o in obs {
        if !(o.entry.is_finite() && o.exit.is_finite()) || o.exit < o.entry {
            return Err(Error::invalid_argument(format!(
                "observation with entry {} after exit {} (or not finite)",
                o.entry, o.exit
            )));
        }
    }
    let mut groups: Vec<&str> = obs.iter().map(|o| o.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let z = normal_quantile(0.5 + km.conf_level / 2.0);
    Ok(groups
        .into_iter()
        .map(|g| {
            let sub: Vec<&Observation> = obs.iter().filter(|o| o.group == g).collect();
            fit_one(g, &sub, z, km.conf_type)
        })
        .collect())
}

fn fit_one(group: &str, obs: &[&Observation], z: f64, ct: ConfType) -> KmCurve {
    // Exits sorted; entries sorted: at risk at t = #{exit ≥ t} − #{entry ≥ t}.
    let mut exits: Vec<(f64, bool)> = obs.iter().map(|o| (o.exit, o.event)).collect();
    exits.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut entries: Vec<f64> = obs.iter().map(|o| o.entry).collect();
    entries.sort_by(f64::total_cmp);
    let n = obs.len();
    let (mut s, mut v) = (1.0f64, 0.0f64);
    let mut rows = Vec::new();
    let mut i = 0;
    while i < n {
        let t = exits[i].0;
        let mut j = i;
        let (mut d, mut c) = (0u64, 0u64);
        while j < n && exits[j].0 == t {
            if exits[j].1 {
                d += 1;
            } else {
                c += 1;
            }
            j += 1;
        }
        if d > 0 {
            let exit_ge = (n - i) as u64;
            let entry_ge = (n - entries.partition_point(|&e| e < t)) as u64;
            let r = exit_ge - entry_ge;
            s *= 1.0 - d as f64 / r as f64;
            v += if r > d {
                d as f64 / (r as f64 * (r - d) as f64)
            } else {
                f64::INFINITY
            };
            let sd = v.sqrt();
            let (std_err, lower, upper) = if s <= 0.0 || !v.is_finite() {
                (None, None, None)
            } else {
                let (lo, hi) = match ct {
                    ConfType::Log => (s * (-z * sd).exp(), (s * (z * sd).exp()).min(1.0)),
                    ConfType::LogLog => {
                        if s >= 1.0 {
                            (1.0, 1.0)
                        } else {
                            let l = s.ln();
                            let c = (-l).ln();
                            (
                                (-(c - z * sd / l).exp()).exp(),
                                (-(c + z * sd / l).exp()).exp(),
                            )
                        }
                    }
                    ConfType::Plain => ((s - z * s * sd).max(0.0), (s + z * s * sd).min(1.0)),
                };
                (Some(s * sd), Some(lo), Some(hi))
            };
            rows.push(KmRow {
                time: t,
                n_risk: r,
                n_event: d,
                n_censor: c,
                survival: s,
                std_err,
                lower,
                upper,
            });
        }
        i = j;
    }
    let first_at_or_below = |f: &dyn Fn(&KmRow) -> Option<f64>| {
        rows.iter()
            .find(|r| f(r).is_some_and(|x| x <= 0.5) || (r.survival <= 0.0))
            .map(|r| r.time)
    };
    let median = first_at_or_below(&|r| Some(r.survival));
    let median_lower = first_at_or_below(&|r| r.lower);
    let median_upper = first_at_or_below(&|r| r.upper);
    KmCurve {
        group: group.to_string(),
        n: n as u64,
        events: exits.iter().filter(|e| e.1).count() as u64,
        rows,
        median,
        median_lower,
        median_upper,
    }
}

/// The curves as one table: `group, time, n_risk, n_event, n_censor, survival, std_err,
/// lower, upper`.
pub fn curves_table(curves: &[KmCurve]) -> Table {
    let rows = || {
        curves
            .iter()
            .flat_map(|c| c.rows.iter().map(move |r| (c, r)))
    };
    Table::new()
        .with(
            "group",
            s_col(rows().map(|(c, _)| c.group.clone()).collect()),
            PLAIN,
        )
        .with("time", f_col(rows().map(|(_, r)| r.time).collect()), PLAIN)
        .with(
            "n_risk",
            Column::Int(rows().map(|(_, r)| Some(r.n_risk as i64)).collect()),
            WHOLE,
        )
        .with(
            "n_event",
            Column::Int(rows().map(|(_, r)| Some(r.n_event as i64)).collect()),
            WHOLE,
        )
        .with(
            "n_censor",
            Column::Int(rows().map(|(_, r)| Some(r.n_censor as i64)).collect()),
            WHOLE,
        )
        .with(
            "survival",
            f_col(rows().map(|(_, r)| r.survival).collect()),
            PLAIN,
        )
        .with(
            "std_err",
            of_col(rows().map(|(_, r)| r.std_err).collect()),
            PLAIN,
        )
        .with(
            "lower",
            of_col(rows().map(|(_, r)| r.lower).collect()),
            PLAIN,
        )
        .with(
            "upper",
            of_col(rows().map(|(_, r)| r.upper).collect()),
            PLAIN,
        )
}

/// One row per group: `group, n, events, median, median_lower, median_upper`.
pub fn medians_table(curves: &[KmCurve]) -> Table {
    Table::new()
        .with(
            "group",
            s_col(curves.iter().map(|c| c.group.clone()).collect()),
            PLAIN,
        )
        .with(
            "n",
            f_col(curves.iter().map(|c| c.n as f64).collect()),
            WHOLE,
        )
        .with(
            "events",
            f_col(curves.iter().map(|c| c.events as f64).collect()),
            WHOLE,
        )
        .with(
            "median",
            of_col(curves.iter().map(|c| c.median).collect()),
            PLAIN,
        )
        .with(
            "median_lower",
            of_col(curves.iter().map(|c| c.median_lower).collect()),
            PLAIN,
        )
        .with(
            "median_upper",
            of_col(curves.iter().map(|c| c.median_upper).collect()),
            PLAIN,
        )
}

/// How employment spells are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpellGroup {
    /// One group, `all`.
    #[default]
    None,
    /// The org unit of the spell's first contract.
    Team,
    /// The census role of the spell's first contract.
    Role,
    /// The source (legacy) system of the spell's first contract.
    SourceSystem,
    /// The calendar year the spell started.
    StartYear,
    /// The contract type of the spell's first contract.
    ContractType,
}

impl SpellGroup {
    /// Parse `none`, `team`, `role`, `source_system`, `start_year`, `contract_type`.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "none" | "all" => SpellGroup::None,
            "team" | "unit" => SpellGroup::Team,
            "role" => SpellGroup::Role,
            "source_system" | "system" => SpellGroup::SourceSystem,
            "start_year" | "cohort" => SpellGroup::StartYear,
            "contract_type" => SpellGroup::ContractType,
            other => {
                return Err(Error::invalid_argument(format!(
                    "unknown grouping {other:?}; expected none, team, role, source_system, \
                     start_year or contract_type"
                )))
            }
        })
    }
}

/// Unit of survival time for employment spells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days.
    Days,
    /// Weeks (days ÷ 7).
    Weeks,
    /// Months (days ÷ 30.4375).
    #[default]
    Months,
    /// Years (days ÷ 365.25).
    Years,
}

impl TimeUnit {
    fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
            TimeUnit::Months => 365.25 / 12.0,
            TimeUnit::Years => 365.25,
        }
    }
}

/// Observations from the employee service spells of a unit and scope observed over
/// `[from, to]`: time is length of service (last day − first day + 1 days, in `unit`); a spell
/// ending in the window is an event, one still open at `to` is censored there; a spell that
/// started before `from` enters late, at its service on the day before `from`. Spells ending
/// before `from` or starting after `to` are left out.
pub fn spell_observations(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    group_by: SpellGroup,
    time_unit: TimeUnit,
    opts: &Options,
) -> Result<Vec<Observation>> {
    super::check_period(from, to)?;
    let k = time_unit.days();
    let mut out = Vec::new();
    for s in wf.spells(unit, scope, opts)? {
        if s.start > to || s.end.is_some_and(|e| e < from) {
            continue;
        }
        let event = s.end.is_some_and(|e| e <= to);
        let last = if event { s.end.unwrap() } else { to };
        let exit = ((last - s.start).num_days() + 1) as f64 / k;
        let entry = if s.start < from {
            (from - s.start).num_days() as f64 / k
        } else {
            0.0
        };
        let c = super::first_contract(wf, &s);
        let group = match group_by {
            SpellGroup::None => "all".to_string(),
            SpellGroup::Team => c.org_unit_id.to_string(),
            SpellGroup::Role => c.csww_role.map_or("none".into(), |r| r.to_string()),
            SpellGroup::SourceSystem => c
                .source_system
                .unwrap_or_else(|| "unknown".into())
                .to_string(),
            SpellGroup::StartYear => s.start.year().to_string(),
            SpellGroup::ContractType => c
                .contract_type
                .map_or("unknown".into(), |t| t.as_str().to_string()),
        };
        out.push(Observation {
            entry,
            exit,
            event,
            group,
        });
    }
    Ok(out)
}

/// Kaplan–Meier retention curves of employment spells ([`spell_observations`]) as a table
/// (see [`curves_table`]); with `medians`, one row per group of median survival instead
/// (see [`medians_table`]).
#[allow(clippy::too_many_arguments)]
pub fn employment_survival(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    group_by: SpellGroup,
    time_unit: TimeUnit,
    km: &KmOptions,
    medians: bool,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let obs = spell_observations(wf, from, to, unit, scope, group_by, time_unit, opts)?;
    let curves = kaplan_meier(&obs, km)?;
    let t = if medians {
        medians_table(&curves)
    } else {
        curves_table(&curves)
    };
    Ok(finish(
        t,
        opts,
        serde_json::json!({
            "measure": "survival", "from": from, "to": to, "unit": unit,
            "scope": scope.label(), "group_by": group_by, "time_unit": time_unit, "km": km,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ob(exit: f64, event: bool) -> Observation {
        Observation {
            entry: 0.0,
            exit,
            event,
            group: "g".into(),
        }
    }

    #[test]
    fn quantile_of_normal() {
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-8);
        assert!((normal_quantile(0.95) - 1.6448536269514722).abs() < 1e-8);
        assert!((normal_quantile(0.005) + 2.5758293035489004).abs() < 1e-8);
    }

    #[test]
    fn hand_worked_curve() {
        // Times 1, 2+, 3, 3, 4+: at 1 n=5 d=1 S=0.8; at 3 n=3 d=2 S=0.8/3.
        let obs = [
            ob(1.0, true),
            ob(2.0, false),
            ob(3.0, true),
            ob(3.0, true),
            ob(4.0, false),
        ];
        let c = &kaplan_meier(&obs, &KmOptions::default()).unwrap()[0];
        assert_eq!(c.rows.len(), 2);
        assert_eq!((c.rows[1].n_risk, c.rows[1].n_event), (3, 2));
        assert!((c.rows[1].survival - 0.8 / 3.0).abs() < 1e-12);
        // Greenwood: 1/(5·4) + 2/(3·1).
        let v: f64 = 1.0 / 20.0 + 2.0 / 3.0;
        assert!((c.rows[1].std_err.unwrap() - 0.8 / 3.0 * v.sqrt()).abs() < 1e-12);
        assert_eq!(c.median, Some(3.0));
        // Delayed entry: entering at 1.5, the subject is not at risk at 1.
        let mut late = obs.to_vec();
        late.push(Observation {
            entry: 1.5,
            ..ob(3.0, false)
        });
        let c = &kaplan_meier(&late, &KmOptions::default()).unwrap()[0];
        assert_eq!((c.rows[0].n_risk, c.rows[1].n_risk), (5, 4));
    }
}
