//! Recruitment effect: the change in permanent qualified headcount between two dates, by role
//! (the seeds report a 62% rise after a campaign).

use super::{contracts_in_post, f_col, finish, of_col, pct, s_col, ONE, PLAIN, WHOLE};
use crate::error::Result;
use crate::model::{csww_role_label, ContractType, Date, CSWW_ROLE_MAX};
use crate::options::Options;
use crate::table::Table;
use crate::timeline::{Scope, Workforce};

/// Permanent qualified (CSWW-scope) staff in post on `before` and on `after`, by census role
/// (a person's most senior in-post permanent role) then `total`: `csww_role, label,
/// headcount_before, headcount_after, change, change_percent, fte_before, fte_after`.
/// Contracts of unknown type count as permanent when `include_unknown_type`.
pub fn recruitment_effect(
    wf: &Workforce,
    before: Date,
    after: Date,
    unit: Option<&str>,
    include_unknown_type: bool,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let n = CSWW_ROLE_MAX as usize;
    let mut hc = [vec![0.0; n + 1], vec![0.0; n + 1]];
    let mut fte = [vec![0.0; n + 1], vec![0.0; n + 1]];
    let c = &wf.data().contracts;
    for s in wf.spells(unit, &Scope::Csww, opts)? {
        for (k, t) in [before, after].into_iter().enumerate() {
            let perm: Vec<usize> = contracts_in_post(wf, &s, t, opts)
                .into_iter()
                .filter(|&i| match c[i].contract_type {
                    Some(ContractType::Permanent) => true,
                    None => include_unknown_type,
                    _ => false,
                })
                .collect();
            let Some(role) = perm.iter().filter_map(|&i| c[i].csww_role).min() else {
                continue;
            };
            let r = (role as usize).clamp(1, n) - 1;
            let f: f64 = perm.iter().map(|&i| c[i].fte).sum();
            for x in [r, n] {
                hc[k][x] += 1.0;
                fte[k][x] += f;
            }
        }
    }
    let mut roles: Vec<String> = (1..=CSWW_ROLE_MAX).map(|r| r.to_string()).collect();
    roles.push("total".into());
    let mut labels: Vec<String> = (1..=CSWW_ROLE_MAX)
        .map(|r| csww_role_label(r).to_string())
        .collect();
    labels.push("All roles".into());
    let change: Vec<f64> = hc[1].iter().zip(&hc[0]).map(|(a, b)| a - b).collect();
    let change_pct = change
        .iter()
        .zip(&hc[0])
        .map(|(d, b)| pct(*d, *b))
        .collect();
    let [hb, ha] = hc;
    let [fb, fa] = fte;
    let t = Table::new()
        .with("csww_role", s_col(roles), PLAIN)
        .with("label", s_col(labels), PLAIN)
        .with("headcount_before", f_col(hb), WHOLE)
        .with("headcount_after", f_col(ha), WHOLE)
        .with("change", f_col(change), WHOLE)
        .with("change_percent", of_col(change_pct), ONE)
        .with("fte_before", f_col(fb), ONE)
        .with("fte_after", f_col(fa), ONE);
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "recruitment_effect", "before": before, "after": after,
            "unit": unit, "include_unknown_type": include_unknown_type}),
    ))
}
