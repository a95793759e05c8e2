//! The HR measures by name with their arguments as a JSON object: one entry point for the
//! bindings (`Workforce.survival(...)` in Python, `wf_data_hr` in C).
//!
//! Keys are the `workforce hr` CLI flags with `_` for `-` (`group_by`, `conf_level`, …);
//! every measure also takes `unit` (an org unit id) and `scope` (`"csww"`, `"all"` or
//! `"family:NAME"`). Dates are ISO `YYYY-MM-DD` strings, numbers may also be strings (`"0.6"`,
//! `"inf"`: the measure checks the value), lists are JSON arrays (a comma-separated string is
//! accepted too), and a `null` value means the default. Choice values take the CLI spelling
//! with `-` or `_` (`"log-log"` or `"log_log"`). An unknown key, a value of the wrong type or a
//! missing required key is an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
//! error naming the key.
//!
//! | measure | keys (default) |
//! |---|---|
//! | `survival` | `from`, `to` (required); `group_by` (`none`; `team`, `role`, `source_system`, `start_year`, `contract_type`); `time_unit` (`months`; `days`, `weeks`, `years`); `conf_type` (`log`; `log-log`, `plain`); `conf_level` (0.95); `medians` (false) |
//! | `stability` | `view` (`index`; `tenure`, `leaver-tenure`, `movers`, `conversions`); `from` (index: one year before `to`; required for leaver-tenure, movers, conversions); `to` (required); `by_unit` (false); `bands` (`[1,2,5,10]`); `window_days` (90) |
//! | `sickness` | `view` (`summary`; `month`, `long-term`, `bradford`, `reason`); `from`, `to` (required); `by_unit` (false); `window_days` (364); `bradford_days` (`calendar`; `working`) |
//! | `caseload` | `date` (required); `group_by` (`none`; `team`, `role`); `exclude_managers` (false); `nq_weight` (none); `per_fte` (false); `include_zero` (false) |
//! | `child_changes` | `year_end` (required); `count` (`distinct`; `changes`); `cohort` (`cla`; `allocated`); `threshold` (3) |
//! | `casework` | `from`, `to` (required) |
//! | `pay` | `date` (none: every contract) |
//! | `leavers` | `from`, `to` (required); `by` (["reason"]; `destination`, `team`, `role`, `service`, `category`); `bands` (`[1,2,5,10]`) |
//! | `agency_churn` | `from`, `to` (required); `period` (`month`; `quarter`, `year`); `lengths` (false) |
//! | `cost` | `view` (`monthly`; `premium`, `what-if`); `from`, `to` (required for monthly); `date` (required for premium, what-if); `convert` ([]); `hours_per_week` (37); `on_cost_rate` (0) |
//! | `recruitment` | `before`, `after` (required); `exclude_unknown_type` (false) |
//!
//! Measure names take `-` or `_` (`child-changes`, `agency_churn`).
//!
//! The `workforce hr` CLI builds the same arguments from its flags and calls [`run_as`] with
//! [`Dialect::Cli`].

use super::{
    agency, caseload, casework, cost, leavers, pay, recruitment, sickness, stability, survival,
};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::options::{DayUnit, Options};
use crate::table::Table;
use crate::timeline::{Scope, Workforce};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The measures [`run`] knows, in the CLI's order.
pub const MEASURES: &[&str] = &[
    "survival",
    "stability",
    "sickness",
    "caseload",
    "child_changes",
    "casework",
    "pay",
    "leavers",
    "agency_churn",
    "cost",
    "recruitment",
];

/// The keys a measure takes besides `unit` and `scope` (`None` for an unknown measure).
pub fn keys(measure: &str) -> Option<&'static [&'static str]> {
    Some(match normalise(measure).as_str() {
        "survival" => &[
            "from",
            "to",
            "group_by",
            "time_unit",
            "conf_type",
            "conf_level",
            "medians",
        ],
        "stability" => &["view", "from", "to", "by_unit", "bands", "window_days"],
        "sickness" => &[
            "view",
            "from",
            "to",
            "by_unit",
            "window_days",
            "bradford_days",
        ],
        "caseload" => &[
            "date",
            "group_by",
            "exclude_managers",
            "nq_weight",
            "per_fte",
            "include_zero",
        ],
        "child_changes" => &["year_end", "count", "cohort", "threshold"],
        "casework" => &["from", "to"],
        "pay" => &["date"],
        "leavers" => &["from", "to", "by", "bands"],
        "agency_churn" => &["from", "to", "period", "lengths"],
        "cost" => &[
            "view",
            "from",
            "to",
            "date",
            "convert",
            "hours_per_week",
            "on_cost_rate",
        ],
        "recruitment" => &["before", "after", "exclude_unknown_type"],
        _ => return None,
    })
}

/// Whose conventions [`run_as`] follows where the bindings and the CLI differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// The bindings: errors name the measure and the key, and a `scope` must name a job
    /// family of the data.
    Json,
    /// The `workforce hr` CLI: errors name the `--flag`, a scope of an unknown job family
    /// selects nobody, and list items (already split by the CLI) are taken as they are.
    Cli,
}

fn normalise(s: &str) -> String {
    s.trim().replace('-', "_")
}

/// The arguments of one measure, read key by key; keys never read are reported by `done`.
struct Args<'a> {
    measure: &'a str,
    map: &'a Map<String, Value>,
    dialect: Dialect,
}

impl<'a> Args<'a> {
    fn bad(&self, key: &str, what: &str, v: &Value) -> Error {
        Error::invalid_argument(format!("{}: {key}: expected {what}, got {v}", self.measure))
    }
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }
    fn date(&self, key: &str) -> Result<Option<Date>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let s = v
            .as_str()
            .ok_or_else(|| self.bad(key, "an ISO date string YYYY-MM-DD", v))?;
        Date::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| self.bad(key, "an ISO date YYYY-MM-DD", v))
    }
    fn need_date(&self, key: &str) -> Result<Date> {
        self.date(key)?
            .ok_or_else(|| Error::invalid_argument(format!("{}: {key} is required", self.measure)))
    }
    fn string(&self, key: &str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.bad(key, "a string", v)),
        }
    }
    fn bool(&self, key: &str) -> Result<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(self.bad(key, "true or false", v)),
        }
    }
    fn opt_f64(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => number(v)
                .map(Some)
                .ok_or_else(|| self.bad(key, "a number", v)),
        }
    }
    fn f64(&self, key: &str, default: f64) -> Result<f64> {
        Ok(self.opt_f64(key)?.unwrap_or(default))
    }
    fn u32(&self, key: &str, default: u32) -> Result<u32> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .and_then(|x| u32::try_from(x).ok())
                .ok_or_else(|| self.bad(key, "a non-negative integer", v)),
        }
    }
    /// A list: a JSON array, or a comma-separated string.
    fn list(&self, key: &str) -> Result<Option<Vec<&'a Value>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a.iter().collect())),
            Some(v @ Value::String(_)) => Ok(Some(vec![v])),
            Some(v) => Err(self.bad(key, "a list", v)),
        }
    }
    fn f64_list(&self, key: &str, default: &[f64]) -> Result<Vec<f64>> {
        let Some(items) = self.list(key)? else {
            return Ok(default.to_vec());
        };
        let mut out = Vec::new();
        for v in items {
            let bad = || self.bad(key, "a list of numbers", v);
            match v {
                Value::String(s) => {
                    for part in s.split(',').filter(|p| !p.trim().is_empty()) {
                        out.push(part.trim().parse().map_err(|_| bad())?);
                    }
                }
                _ => out.push(number(v).ok_or_else(bad)?),
            }
        }
        Ok(out)
    }
    fn str_list(&self, key: &str) -> Result<Vec<String>> {
        let Some(items) = self.list(key)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for v in items {
            let s = v
                .as_str()
                .ok_or_else(|| self.bad(key, "a list of strings", v))?;
            match self.dialect {
                Dialect::Json => out.extend(
                    s.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                ),
                Dialect::Cli => out.push(s.to_string()),
            }
        }
        Ok(out)
    }
    /// One of `choices` (`(name, value)`), `-` and `_` alike.
    fn choice<T: Copy>(&self, key: &str, default: T, choices: &[(&str, T)]) -> Result<T> {
        let Some(s) = self.string(key)? else {
            return Ok(default);
        };
        self.pick(key, s, choices)
    }
    fn pick<T: Copy>(&self, key: &str, s: &str, choices: &[(&str, T)]) -> Result<T> {
        let n = normalise(s);
        choices
            .iter()
            .find(|(name, _)| normalise(name) == n)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                Error::invalid_argument(format!(
                    "{}: {key}: expected one of {}, got {s:?}",
                    self.measure,
                    names.join(", ")
                ))
            })
    }
    /// `d`, which the view `view` requires.
    fn need(&self, d: Option<Date>, key: &str, view: &str) -> Result<Date> {
        d.ok_or_else(|| {
            Error::invalid_argument(match self.dialect {
                Dialect::Json => format!("{}: {key} is required for view {view:?}", self.measure),
                Dialect::Cli => format!("--{key} is required for this view"),
            })
        })
    }
}

/// A JSON number, or a string that parses as one.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::String(s) => s.trim().parse().ok(),
        _ => v.as_f64(),
    }
}

/// Compute the HR measure `measure` with the arguments `args` (a JSON object, or `null` for
/// none). See the module documentation for each measure's keys.
pub fn run(wf: &Workforce, measure: &str, args: &Value, opts: &Options) -> Result<Table> {
    run_as(wf, measure, args, opts, Dialect::Json)
}

/// [`run`] following the conventions of `dialect`.
pub fn run_as(
    wf: &Workforce,
    measure: &str,
    args: &Value,
    opts: &Options,
    dialect: Dialect,
) -> Result<Table> {
    let empty = Map::new();
    let map = match args {
        Value::Object(m) => m,
        Value::Null => &empty,
        other => {
            return Err(Error::invalid_argument(format!(
                "{measure}: arguments must be a JSON object, got {other}"
            )))
        }
    };
    let name = normalise(measure);
    let Some(allowed) = keys(&name) else {
        return Err(Error::invalid_argument(format!(
            "unknown HR measure {measure:?}; expected one of {}",
            MEASURES.join(", ")
        )));
    };
    let allowed: BTreeSet<&str> = allowed.iter().copied().chain(["unit", "scope"]).collect();
    if let Some(k) = map.keys().find(|k| !allowed.contains(k.as_str())) {
        return Err(Error::invalid_argument(format!(
            "{name}: unknown argument {k:?}; expected {}",
            allowed.iter().copied().collect::<Vec<_>>().join(", ")
        )));
    }
    let a = Args {
        measure: &name,
        map,
        dialect,
    };
    let unit = a.string("unit")?;
    let scope = match a.string("scope")? {
        None => Scope::Csww,
        Some(s) => {
            let sc = Scope::parse(s);
            if let (Scope::JobFamily(f), Dialect::Json) = (&sc, dialect) {
                let families = wf.job_families();
                if !families.iter().any(|x| x == f) {
                    return Err(Error::invalid_argument(format!(
                        "{name}: scope: expected \"csww\", \"all\" or \"family:NAME\" with a job \
                         family of the data ({}), got {s:?}",
                        families.join(", ")
                    )));
                }
            }
            sc
        }
    };
    let bands_default = stability::DEFAULT_TENURE_BANDS;
    match name.as_str() {
        "survival" => {
            let (from, to) = (a.need_date("from")?, a.need_date("to")?);
            let group = match a.string("group_by")? {
                None => survival::SpellGroup::None,
                Some(s) => survival::SpellGroup::parse(s).map_err(|e| match dialect {
                    Dialect::Json => {
                        Error::invalid_argument(format!("{name}: group_by: {}", e.message()))
                    }
                    Dialect::Cli => e,
                })?,
            };
            let tu = a.choice(
                "time_unit",
                survival::TimeUnit::Months,
                &[
                    ("days", survival::TimeUnit::Days),
                    ("weeks", survival::TimeUnit::Weeks),
                    ("months", survival::TimeUnit::Months),
                    ("years", survival::TimeUnit::Years),
                ],
            )?;
            let km = survival::KmOptions {
                conf_type: a.choice(
                    "conf_type",
                    survival::ConfType::Log,
                    &[
                        ("log", survival::ConfType::Log),
                        ("log-log", survival::ConfType::LogLog),
                        ("plain", survival::ConfType::Plain),
                    ],
                )?,
                conf_level: a.f64("conf_level", 0.95)?,
            };
            let medians = a.bool("medians")?;
            survival::employment_survival(wf, from, to, unit, &scope, group, tu, &km, medians, opts)
        }
        "stability" => {
            #[derive(Clone, Copy)]
            enum V {
                Index,
                Tenure,
                LeaverTenure,
                Movers,
                Conversions,
            }
            let view = a.choice(
                "view",
                V::Index,
                &[
                    ("index", V::Index),
                    ("tenure", V::Tenure),
                    ("leaver-tenure", V::LeaverTenure),
                    ("movers", V::Movers),
                    ("conversions", V::Conversions),
                ],
            )?;
            let from = a.date("from")?;
            let to = a.need_date("to")?;
            let by_unit = a.bool("by_unit")?;
            let bands = a.f64_list("bands", &bands_default)?;
            let window = a.u32("window_days", stability::DEFAULT_CONVERSION_WINDOW_DAYS)?;
            match view {
                V::Index => stability::stability_index(wf, from, to, unit, by_unit, &scope, opts),
                V::Tenure => stability::tenure_bands(wf, to, unit, &scope, &bands, opts),
                V::LeaverTenure => stability::leaver_time_in_post(
                    wf,
                    a.need(from, "from", "leaver-tenure")?,
                    to,
                    unit,
                    by_unit,
                    &scope,
                    opts,
                ),
                V::Movers => stability::internal_movers(
                    wf,
                    a.need(from, "from", "movers")?,
                    to,
                    unit,
                    &scope,
                    opts,
                ),
                V::Conversions => stability::agency_conversions(
                    wf,
                    a.need(from, "from", "conversions")?,
                    to,
                    unit,
                    &scope,
                    window,
                    opts,
                ),
            }
        }
        "sickness" => {
            #[derive(Clone, Copy)]
            enum V {
                Summary,
                Month,
                LongTerm,
                Bradford,
                Reason,
            }
            let view = a.choice(
                "view",
                V::Summary,
                &[
                    ("summary", V::Summary),
                    ("month", V::Month),
                    ("long-term", V::LongTerm),
                    ("bradford", V::Bradford),
                    ("reason", V::Reason),
                ],
            )?;
            let (from, to) = (a.need_date("from")?, a.need_date("to")?);
            let by_unit = a.bool("by_unit")?;
            let window = a.u32("window_days", sickness::DEFAULT_BRADFORD_WINDOW_DAYS)?;
            let days = a.choice(
                "bradford_days",
                DayUnit::Calendar,
                &[
                    ("calendar", DayUnit::Calendar),
                    ("working", DayUnit::Working),
                ],
            )?;
            match view {
                V::Summary => sickness::sickness_summary(wf, from, to, unit, by_unit, &scope, opts),
                V::Month => sickness::sickness_by_month(wf, from, to, unit, by_unit, &scope, opts),
                V::LongTerm => sickness::long_term_at(wf, to, unit, by_unit, &scope, opts),
                V::Bradford => sickness::bradford(wf, to, window, days, unit, &scope, opts),
                V::Reason => sickness::sickness_by_reason(wf, from, to, unit, &scope, opts),
            }
        }
        "caseload" => {
            let date = a.need_date("date")?;
            let g = a.choice(
                "group_by",
                caseload::CaseloadGroup::None,
                &[
                    ("none", caseload::CaseloadGroup::None),
                    ("team", caseload::CaseloadGroup::Team),
                    ("role", caseload::CaseloadGroup::Role),
                ],
            )?;
            let cl = caseload::CaseloadOptions {
                exclude_managers: a.bool("exclude_managers")?,
                nq_weight: a.opt_f64("nq_weight")?,
                per_fte: a.bool("per_fte")?,
                include_zero: a.bool("include_zero")?,
            };
            caseload::caseload_distribution(wf, date, unit, &scope, g, &cl, opts)
        }
        "child_changes" => {
            let year_end = a.need_date("year_end")?;
            let cc = caseload::ChildChangeOptions {
                count: a.choice(
                    "count",
                    caseload::ChangeCount::DistinctWorkers,
                    &[
                        ("distinct", caseload::ChangeCount::DistinctWorkers),
                        ("changes", caseload::ChangeCount::Changes),
                    ],
                )?,
                cohort: a.choice(
                    "cohort",
                    caseload::ChildCohort::LookedAfterAtEnd,
                    &[
                        ("cla", caseload::ChildCohort::LookedAfterAtEnd),
                        ("allocated", caseload::ChildCohort::AllocatedInYear),
                    ],
                )?,
                threshold: a.u32("threshold", 3)?,
            };
            caseload::child_sw_changes(wf, year_end, &cc, opts)
        }
        "casework" => {
            let (from, to) = (a.need_date("from")?, a.need_date("to")?);
            casework::er_cases(wf, from, to, unit, &scope, opts)
        }
        "pay" => pay::pay_by_source(wf, a.date("date")?, unit, &scope, opts),
        "leavers" => {
            let (from, to) = (a.need_date("from")?, a.need_date("to")?);
            let choices = [
                ("reason", leavers::LeaverBy::Reason),
                ("destination", leavers::LeaverBy::Destination),
                ("team", leavers::LeaverBy::Team),
                ("role", leavers::LeaverBy::Role),
                ("service", leavers::LeaverBy::LengthOfService),
                ("category", leavers::LeaverBy::Category),
            ];
            let names = a.str_list("by")?;
            let by = if names.is_empty() {
                vec![leavers::LeaverBy::Reason]
            } else {
                names
                    .iter()
                    .map(|s| a.pick("by", s, &choices))
                    .collect::<Result<Vec<_>>>()?
            };
            let bands = a.f64_list("bands", &bands_default)?;
            leavers::leavers_by(wf, from, to, unit, &scope, &by, &bands, opts)
        }
        "agency_churn" => {
            let (from, to) = (a.need_date("from")?, a.need_date("to")?);
            let p = a.choice(
                "period",
                agency::Period::Month,
                &[
                    ("month", agency::Period::Month),
                    ("quarter", agency::Period::Quarter),
                    ("year", agency::Period::Year),
                ],
            )?;
            if a.bool("lengths")? {
                agency::completed_lengths(wf, from, to, unit, &scope, opts)
            } else {
                agency::agency_churn(wf, from, to, p, unit, &scope, opts)
            }
        }
        "cost" => {
            #[derive(Clone, Copy)]
            enum V {
                Monthly,
                Premium,
                WhatIf,
            }
            let view = a.choice(
                "view",
                V::Monthly,
                &[
                    ("monthly", V::Monthly),
                    ("premium", V::Premium),
                    ("what-if", V::WhatIf),
                ],
            )?;
            let (from, to, date) = (a.date("from")?, a.date("to")?, a.date("date")?);
            let convert = a.str_list("convert")?;
            let co = cost::CostOptions {
                hours_per_week: a.f64("hours_per_week", 37.0)?,
                on_cost_rate: a.f64("on_cost_rate", 0.0)?,
            };
            match view {
                V::Monthly => cost::monthly_cost(
                    wf,
                    a.need(from, "from", "monthly")?,
                    a.need(to, "to", "monthly")?,
                    unit,
                    &scope,
                    &co,
                    opts,
                ),
                V::Premium => cost::agency_premium(
                    wf,
                    a.need(date, "date", "premium")?,
                    unit,
                    &scope,
                    &co,
                    opts,
                ),
                V::WhatIf => cost::what_if_convert(
                    wf,
                    a.need(date, "date", "what-if")?,
                    &convert,
                    unit,
                    &scope,
                    &co,
                    opts,
                ),
            }
        }
        "recruitment" => {
            let (before, after) = (a.need_date("before")?, a.need_date("after")?);
            let include_unknown = !a.bool("exclude_unknown_type")?;
            recruitment::recruitment_effect(wf, before, after, unit, include_unknown, opts)
        }
        _ => unreachable!("keys() knows every measure"),
    }
}

/// [`run`] with the arguments as JSON text.
pub fn run_json(wf: &Workforce, measure: &str, args_json: &str, opts: &Options) -> Result<Table> {
    let args: Value = if args_json.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(args_json).map_err(|e| {
            Error::invalid_argument(format!("{measure}: arguments are not valid JSON: {e}"))
        })?
    };
    run(wf, measure, &args, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wf() -> Workforce {
        Workforce::new(crate::generate::demo()).unwrap()
    }

    #[test]
    fn every_measure_runs_with_minimal_arguments() {
        let wf = wf();
        let o = Options::default();
        let args = [
            (
                "survival",
                json!({"from": "2019-10-01", "to": "2021-09-30"}),
            ),
            ("stability", json!({"to": "2021-09-30"})),
            (
                "sickness",
                json!({"from": "2020-10-01", "to": "2021-09-30"}),
            ),
            ("caseload", json!({"date": "2021-09-30"})),
            (
                "casework",
                json!({"from": "2020-10-01", "to": "2021-09-30"}),
            ),
            ("pay", json!({})),
            (
                "leavers",
                json!({"from": "2020-10-01", "to": "2021-09-30", "by": ["reason", "service"]}),
            ),
            (
                "agency-churn",
                json!({"from": "2020-10-01", "to": "2021-09-30"}),
            ),
            ("cost", json!({"from": "2021-04-01", "to": "2021-09-30"})),
            (
                "recruitment",
                json!({"before": "2020-09-30", "after": "2021-09-30"}),
            ),
        ];
        for (m, a) in args {
            let t = run(&wf, m, &a, &o).unwrap_or_else(|e| panic!("{m}: {e}"));
            assert!(t.num_columns() > 0, "{m}");
        }
    }

    #[test]
    fn bad_arguments_name_the_key() {
        let wf = wf();
        let o = Options::default();
        let e = run(&wf, "nope", &Value::Null, &o).unwrap_err();
        assert!(e.to_string().contains("unknown HR measure"), "{e}");
        let e = run(&wf, "survival", &json!({"from": "2020-01-01"}), &o).unwrap_err();
        assert!(e.to_string().contains("to is required"), "{e}");
        let e = run(&wf, "survival", &json!({"from": 3, "to": "2021-01-01"}), &o).unwrap_err();
        assert!(e.to_string().contains("from"), "{e}");
        let e = run(
            &wf,
            "caseload",
            &json!({"date": "2021-01-01", "bogus": 1}),
            &o,
        )
        .unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
        let e = run(
            &wf,
            "sickness",
            &json!({"from": "2020-01-01", "to": "2021-01-01", "view": "x"}),
            &o,
        )
        .unwrap_err();
        assert!(e.to_string().contains("view"), "{e}");
        let e = run_json(&wf, "pay", "{", &o).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn the_cli_dialect_names_flags_and_takes_numbers_as_text() {
        let wf = wf();
        let o = Options::default();
        let movers = json!({"view": "movers", "to": "2021-09-30"});
        let e = run(&wf, "stability", &movers, &o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "stability: from is required for view \"movers\""
        );
        let e = run_as(&wf, "stability", &movers, &o, Dialect::Cli).unwrap_err();
        assert_eq!(e.to_string(), "--from is required for this view");
        let nosuch = json!({"scope": "family:nosuch"});
        assert!(run(&wf, "pay", &nosuch, &o).is_err());
        assert!(run_as(&wf, "pay", &nosuch, &o, Dialect::Cli).is_ok());
        let nan = json!({"from": "2019-10-01", "to": "2021-09-30", "conf_level": "NaN"});
        let e = run(&wf, "survival", &nan, &o).unwrap_err();
        assert!(
            e.to_string().contains("conf_level must be in (0, 1)"),
            "{e}"
        );
    }
}
