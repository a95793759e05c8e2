//! Employee-relations casework: cases by type and status over a period (the scrutiny
//! report's table of long-term absence, short-term absence, capability, grievance and
//! disciplinary cases).

use super::{check_period, f_col, finish, s_col, PLAIN, WHOLE};
use crate::error::{Error, Result};
use crate::model::{Date, ErCaseType};
use crate::options::Options;
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use std::collections::HashMap;

const TYPES: [ErCaseType; 6] = [
    ErCaseType::LongTermAbsence,
    ErCaseType::ShortTermAbsence,
    ErCaseType::Capability,
    ErCaseType::Grievance,
    ErCaseType::Disciplinary,
    ErCaseType::Other,
];

/// ER cases over `[from, to]` by type (the six types in a fixed order, then `total`):
/// `case_type, open_at_start` (opened before `from`, not closed before it), `opened`,
/// `closed` (in the period), `open_at_end` (opened by `to`, not closed by it), `active` (open
/// at some time in the period). A case counts for a unit and scope when its person has an
/// in-scope service spell in the unit overlapping the case. Fails with `MissingData` without
/// `er_cases.csv`.
pub fn er_cases(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    check_period(from, to)?;
    let cases = wf.data().er_cases.as_ref().ok_or_else(|| {
        Error::missing_data("casework needs er_cases.csv, which was not supplied")
    })?;
    let mut spells: HashMap<&str, Vec<(Date, Date)>> = HashMap::new();
    let sp = wf.spells(unit, scope, opts)?;
    for s in &sp {
        spells
            .entry(s.person_id.as_str())
            .or_default()
            .push((s.start, s.end.unwrap_or(Date::MAX)));
    }
    let mut m = [[0.0f64; 5]; 7];
    for c in cases {
        let close = c.closed_date.unwrap_or(Date::MAX);
        let in_scope = spells
            .get(c.person_id.as_str())
            .is_some_and(|v| v.iter().any(|&(s, e)| s <= close && c.opened_date <= e));
        if !in_scope {
            continue;
        }
        let k = TYPES
            .iter()
            .position(|t| *t == c.case_type)
            .expect("all types");
        let flags = [
            c.opened_date < from && close >= from,
            from <= c.opened_date && c.opened_date <= to,
            c.closed_date.is_some_and(|d| from <= d && d <= to),
            c.opened_date <= to && close > to,
            c.opened_date <= to && close >= from,
        ];
        for (j, f) in flags.into_iter().enumerate() {
            if f {
                m[k][j] += 1.0;
                m[6][j] += 1.0;
            }
        }
    }
    let mut names: Vec<String> = TYPES.iter().map(|t| t.as_str().to_string()).collect();
    names.push("total".into());
    let mut t = Table::new().with("case_type", s_col(names), PLAIN);
    for (j, n) in ["open_at_start", "opened", "closed", "open_at_end", "active"]
        .into_iter()
        .enumerate()
    {
        t.push(n, f_col(m.iter().map(|r| r[j]).collect()), WHOLE);
    }
    Ok(finish(
        t,
        opts,
        serde_json::json!({"measure": "er_cases", "from": from, "to": to, "unit": unit,
            "scope": scope.label()}),
    ))
}
