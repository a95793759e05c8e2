//! Leavers by reason and destination (census codes), team, role and length of service, so
//! "why are they leaving" has an answer.
//!
//! The `category` breakdown groups census `ReasonLeave` codes by `Options::leaver_categories`
//! (metrics.md §9 item 11), and every table gives each row's share of the turnover rate
//! (`turnover_rate_headcount`, `turnover_rate_fte`: the row's leavers ÷ the turnover rate's
//! denominator). On the `voluntary` row of the category breakdown that share is the voluntary
//! turnover rate; summed over the rows it is the crude turnover rate.

use super::{
    band_labels, band_of, check_period, f_col, finish, last_contract, of_col, pct, s_col, ONE,
    PLAIN, WHOLE,
};
use crate::error::{Error, Result};
use crate::model::{csww_role_label, Date};
use crate::options::{LeaverCategory, Options};
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Census `ReasonLeave` label.
pub fn reason_leave_label(code: u8) -> &'static str {
    match code {
        1 => "Resignation",
        2 => "Voluntary redundancy",
        3 => "Compulsory redundancy",
        4 => "Dismissed",
        5 => "Retired",
        6 => "Deceased",
        7 => "Moved to a non-child and family social work role within LA",
        8 => "Other",
        9 => "Not known",
        10 => "Not yet collected",
        _ => "Invalid code",
    }
}

/// Census `LeaverDestination` label.
pub fn leaver_destination_label(code: u8) -> &'static str {
    match code {
        1 => "Social worker role in a different LA in England",
        2 => "Social worker role outside England",
        3 => "Agency or consultancy in social work (in England)",
        4 => "Other social work role, non-LA (in England)",
        5 => "Other social care role in LA or non-LA (in England)",
        6 => "Non-social care role / any role outside England / no employment / career break",
        7 => "Other",
        8 => "Not known",
        9 => "Not yet collected",
        _ => "Invalid code",
    }
}

/// A breakdown of leavers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaverBy {
    /// Census ReasonLeave, `code label` (`unknown` when empty).
    Reason,
    /// Census LeaverDestination.
    Destination,
    /// The org unit of the contract covering the last day.
    Team,
    /// The census role of that contract.
    Role,
    /// Length of service band (years from the spell's first to last day).
    LengthOfService,
    /// Leaver category of the ReasonLeave code (`Options::leaver_categories`, §9 item 11).
    Category,
}

impl LeaverBy {
    /// Parse `reason`, `destination`, `team`, `role`, `service`.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "reason" => LeaverBy::Reason,
            "destination" => LeaverBy::Destination,
            "team" | "unit" => LeaverBy::Team,
            "role" => LeaverBy::Role,
            "service" | "length_of_service" | "tenure" => LeaverBy::LengthOfService,
            "category" => LeaverBy::Category,
            other => {
                return Err(Error::invalid_argument(format!(
                    "unknown leaver breakdown {other:?}; expected reason, destination, team, \
                     role, service or category"
                )))
            }
        })
    }
    fn column(self) -> &'static str {
        match self {
            LeaverBy::Reason => "reason_leave",
            LeaverBy::Destination => "leaver_destination",
            LeaverBy::Team => "org_unit_id",
            LeaverBy::Role => "csww_role",
            LeaverBy::LengthOfService => "length_of_service",
            LeaverBy::Category => "leaver_category",
        }
    }
}

/// Leavers (spells of the unit ending in `[from, to]`) cross-tabulated by the breakdowns `by`
/// (one column each, in order), with `leavers` (headcount), `fte` (FTE of the contracts
/// covering the last day) and `percent` of all leavers. Codes come from the contract covering
/// the spell's last day. Length-of-service bands use `service_edges` (years).
///
/// `turnover_rate_headcount` and `turnover_rate_fte` are each row's leavers (headcount, FTE)
/// × 100 ÷ the denominator of the CSWW turnover rate of the same unit, period and scope
/// (`Options::turnover_denominator`), so the rows add up to the crude turnover rate. With
/// `by` = `[Category]` alone every category has a row, zeros included, and the `voluntary`
/// row's rates are the voluntary turnover rate (§9 item 11).
pub fn leavers_by(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    by: &[LeaverBy],
    service_edges: &[f64],
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    super::stability::check_edges(service_edges)?;
    let labels = band_labels(service_edges);
    let data = wf.data();
    let mut g: BTreeMap<Vec<(u32, String)>, (f64, f64)> = BTreeMap::new();
    if by == [LeaverBy::Category] {
        for c in LeaverCategory::ALL {
            g.insert(vec![(c as u32, c.name().to_string())], (0.0, 0.0));
        }
    }
    let mut total = 0.0;
    for s in wf.spells(unit, scope, opts)? {
        let Some(end) = s.end.filter(|e| from <= *e && *e <= to) else {
            continue;
        };
        let c = last_contract(wf, &s);
        let fte: f64 = s
            .records
            .iter()
            .map(|&i| &data.contracts[i])
            .filter(|k| k.start_date <= end && k.end_date.is_none_or(|e| end <= e))
            .map(|k| k.fte)
            .sum();
        let key = by
            .iter()
            .map(|b| match b {
                LeaverBy::Reason => c.reason_leave.map_or((99, "unknown".into()), |r| {
                    (r as u32, format!("{r} {}", reason_leave_label(r)))
                }),
                LeaverBy::Destination => c.leaver_destination.map_or((99, "unknown".into()), |r| {
                    (r as u32, format!("{r} {}", leaver_destination_label(r)))
                }),
                LeaverBy::Team => (0, c.org_unit_id.to_string()),
                LeaverBy::Role => c.csww_role.map_or((99, "none".into()), |r| {
                    (r as u32, format!("{r} {}", csww_role_label(r)))
                }),
                LeaverBy::LengthOfService => {
                    let y = ((end - s.start).num_days() + 1) as f64 / 365.25;
                    let b = band_of(service_edges, y);
                    (b as u32, labels[b].clone())
                }
                LeaverBy::Category => {
                    let k = opts.leaver_category(c.reason_leave);
                    (k as u32, k.name().to_string())
                }
            })
            .collect();
        let e = g.entry(key).or_default();
        e.0 += 1.0;
        e.1 += fte;
        total += 1.0;
    }
    let mut t = Table::new();
    for (k, b) in by.iter().enumerate() {
        t.push(
            b.column(),
            s_col(g.keys().map(|key| key[k].1.clone()).collect()),
            PLAIN,
        );
    }
    let n: Vec<f64> = g.values().map(|v| v.0).collect();
    let share = n.iter().map(|x| pct(*x, total)).collect();
    t.push("leavers", f_col(n), WHOLE);
    t.push("fte", f_col(g.values().map(|v| v.1).collect()), ONE);
    t.push("percent", of_col(share), ONE);
    // The turnover rate's denominators, as the CSWW measures compute them.
    let summary = wf.summaries(&[(from, to)], unit, false, scope, opts)?;
    let den = |name: &str| {
        summary
            .first()
            .and_then(|s| s.get(name))
            .and_then(|f| f.denominator)
            .unwrap_or(0.0)
    };
    let (den_hc, den_fte) = (den("turnover_rate_headcount"), den("turnover_rate_fte"));
    t.push(
        "turnover_rate_headcount",
        of_col(g.values().map(|v| pct(v.0, den_hc)).collect()),
        ONE,
    );
    t.push(
        "turnover_rate_fte",
        of_col(g.values().map(|v| pct(v.1, den_fte)).collect()),
        ONE,
    );
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "leavers_by", "from": from, "to": to, "unit": unit,
            "scope": scope.label(), "by": by, "service_edges_years": service_edges}),
    ))
}
