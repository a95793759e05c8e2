//! Sickness in depth: short- and long-term spells, days lost per FTE, percentage of working days
//! lost by month and team, long-term sickness at a month end, the Bradford factor and spells by
//! reason.
//!
//! Days lost are the timeline's (`Workforce::flows`): FTE working days, derived from the
//! calendar and contracted FTE or pro-rated from the recorded figure, only for people with an
//! in-scope contract in the unit. A spell is classified as a whole (`long_term_threshold` in
//! `long_term_unit`, default 28 calendar days; an open spell is measured to the end of the period
//! asked about), so a long spell is long-term in every month it touches. With
//! `sickness_link_days` above 0 (metrics.md §9 item 6), absences of a person separated by at
//! most that many calendar days are classified together as one linked spell; by default they
//! are not linked. Absences whose reason is in `sickness_excluded_reasons` are not sickness.

use super::{check_period, d_col, f_col, finish, of_col, pct, s_col, units_for, ONE, PLAIN, WHOLE};
use crate::error::Result;
use crate::metrics::{absence_parts, end_of_month, start_of_month};
use crate::model::Date;
use crate::options::{DayUnit, Options};
use crate::table::{Column, Table};
use crate::timeline::{Scope, UnitSel, Workforce};
use chrono::Duration;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// A sickness spell of a person in scope, with the FTE working days it lost in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct SickSpell {
    /// Index into `absences`.
    pub absence: usize,
    /// The person.
    pub person_id: String,
    /// First day absent.
    pub start: Date,
    /// Last day absent, or the end of the period for an open spell.
    pub end: Date,
    /// Whether the spell is long-term.
    pub long_term: bool,
    /// FTE working days lost inside the period.
    pub days_lost_fte: f64,
}

/// Length of `[a, b]` in the unit of the long-term threshold.
fn length(wf: &Workforce, a: Date, b: Date, unit: DayUnit) -> f64 {
    match unit {
        DayUnit::Calendar => ((b - a).num_days() + 1) as f64,
        DayUnit::Working => wf.calendar().working_days(a, b) as f64,
    }
}

/// Sickness spells overlapping `[from, to]` of people with an in-scope spell of the unit
/// overlapping the absence; open spells are measured to `to`.
pub fn sick_spells(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Vec<SickSpell>> {
    check_period(from, to)?;
    Ok(UnitSpells::of(wf, unit, scope, opts)?.sick_spells(wf, from, to, scope, opts))
}

/// A unit's in-scope service spells by person: what [`sick_spells`] needs of the unit
/// whatever the period, built once for a series of periods.
struct UnitSpells<'a> {
    sel: UnitSel,
    by_person: FxHashMap<&'a str, Vec<(Date, Date)>>,
}

impl<'a> UnitSpells<'a> {
    fn of(wf: &'a Workforce, unit: Option<&str>, scope: &Scope, opts: &Options) -> Result<Self> {
        let mut by_person: FxHashMap<&str, Vec<(Date, Date)>> = FxHashMap::default();
        for s in wf.spells(unit, scope, opts)? {
            by_person
                .entry(s.person_id.as_str())
                .or_default()
                .push((s.start, s.end.unwrap_or(Date::MAX)));
        }
        let sel = wf.resolve_unit(unit)?;
        Ok(UnitSpells { sel, by_person })
    }

    /// [`sick_spells`] in `[from, to]` (a checked period).
    fn sick_spells(
        &self,
        wf: &Workforce,
        from: Date,
        to: Date,
        scope: &Scope,
        opts: &Options,
    ) -> Vec<SickSpell> {
        let mut contribs = Vec::new();
        wf.flows_sel(self.sel, scope, &[(from, to)], opts, Some(&mut contribs));
        let lost: FxHashMap<&str, f64> = contribs
            .iter()
            .filter(|c| c.part == "working_days_lost")
            .map(|c| (c.id.as_str(), c.value))
            .collect();
        let linked = linked_lengths(wf, to, opts);
        let mut out = Vec::new();
        for (i, a) in wf.data().absences.iter().enumerate() {
            if !opts.counts_as_sickness(a) || a.start_date > to {
                continue;
            }
            let real_end = a.end_date.unwrap_or(to);
            if real_end < from {
                continue;
            }
            let Some(sp) = self.by_person.get(a.person_id.as_str()) else {
                continue;
            };
            if !sp.iter().any(|&(s, e)| s <= real_end && a.start_date <= e) {
                continue;
            }
            let long = match linked.get(&i) {
                Some(&l) => l,
                None => length(wf, a.start_date, real_end, opts.long_term_unit),
            };
            let long_term = long >= opts.long_term_threshold as f64;
            out.push(SickSpell {
                absence: i,
                person_id: a.person_id.to_string(),
                start: a.start_date,
                end: real_end,
                long_term,
                days_lost_fte: lost.get(a.absence_id.as_str()).copied().unwrap_or(0.0),
            });
        }
        out
    }
}

/// With `sickness_link_days` above 0, the length (in `long_term_unit`) of the linked spell of
/// every sickness absence starting by `to`, by absence index: a person's absences, in order of
/// start, are linked while the next starts at most `sickness_link_days` calendar days after the
/// days already covered; the length sums the days covered, not the gaps. Open absences run to
/// `to`. Empty when linking is off.
fn linked_lengths(wf: &Workforce, to: Date, opts: &Options) -> FxHashMap<usize, f64> {
    let mut out = FxHashMap::default();
    if opts.sickness_link_days == 0 {
        return out;
    }
    let mut by_person: FxHashMap<&str, Vec<(Date, Date, usize)>> = FxHashMap::default();
    for (i, a) in wf.data().absences.iter().enumerate() {
        if opts.counts_as_sickness(a) && a.start_date <= to {
            let end = a.end_date.unwrap_or(to).max(a.start_date);
            by_person
                .entry(a.person_id.as_str())
                .or_default()
                .push((a.start_date, end, i));
        }
    }
    let link = Duration::days(opts.sickness_link_days as i64 + 1);
    for (_, mut v) in by_person {
        v.sort_unstable();
        let mut k = 0;
        while k < v.len() {
            // One linked spell: v[k..j].
            let mut covered = v[k].1;
            let mut len = length(wf, v[k].0, covered, opts.long_term_unit);
            let mut j = k + 1;
            while j < v.len() && v[j].0 <= covered + link {
                let (s, e, _) = v[j];
                if e > covered {
                    len += length(
                        wf,
                        s.max(covered + Duration::days(1)),
                        e,
                        opts.long_term_unit,
                    );
                    covered = e;
                }
                j += 1;
            }
            for &(_, _, i) in &v[k..j] {
                out.insert(i, len);
            }
            k = j;
        }
    }
    out
}

fn hr_json(
    measure: &str,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
) -> serde_json::Value {
    serde_json::json!({"measure": measure, "from": from, "to": to, "unit": unit,
        "scope": scope.label()})
}

/// Sickness over `[from, to]` per unit (with `by_unit`, each unit below it too):
/// `org_unit_id, short_term_spells, long_term_spells, people, days_lost_fte, short_term_days,
/// long_term_days, average_fte, days_lost_per_fte, available_fte_days,
/// percent_working_days_lost`.
///
/// Days lost per FTE is the LG Inform (BVPI 12) measure: FTE days lost ÷ the mean of the FTE in
/// post on the first and the last day. The percentage of working days lost is FTE days lost ÷
/// the FTE working days available (each in-scope contract's FTE × its working days in the
/// period) × 100.
pub fn sickness_summary(
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
    let mut c: [Vec<f64>; 8] = Default::default();
    let mut per_fte = Vec::new();
    let mut pct_lost = Vec::new();
    for (label, u) in units_for(wf, unit, by_unit)? {
        let sp = sick_spells(wf, from, to, u.as_deref(), scope, opts)?;
        let st = wf.stocks(u.as_deref(), scope, &[from, to], opts)?;
        let fl = &wf.flows(u.as_deref(), scope, &[(from, to)], opts)?[0];
        let short = sp.iter().filter(|s| !s.long_term);
        let long = sp.iter().filter(|s| s.long_term);
        let people: FxHashSet<&str> = sp.iter().map(|s| s.person_id.as_str()).collect();
        let avg = (st[0].inpost_fte + st[1].inpost_fte) / 2.0;
        let vals = [
            short.clone().count() as f64,
            long.clone().count() as f64,
            people.len() as f64,
            fl.working_days_lost_fte,
            short.map(|s| s.days_lost_fte).sum(),
            long.map(|s| s.days_lost_fte).sum(),
            avg,
            fl.available_fte_days,
        ];
        for (col, v) in c.iter_mut().zip(vals) {
            col.push(v);
        }
        per_fte.push((avg != 0.0).then(|| fl.working_days_lost_fte / avg));
        pct_lost.push(pct(fl.working_days_lost_fte, fl.available_fte_days));
        ids.push(label);
    }
    let [ss, ls, pe, dl, sd, ld, af, av] = c;
    let t = Table::new()
        .with("org_unit_id", s_col(ids), PLAIN)
        .with("short_term_spells", f_col(ss), WHOLE)
        .with("long_term_spells", f_col(ls), WHOLE)
        .with("people", f_col(pe), WHOLE)
        .with("days_lost_fte", f_col(dl), ONE)
        .with("short_term_days", f_col(sd), ONE)
        .with("long_term_days", f_col(ld), ONE)
        .with("average_fte", f_col(af), ONE)
        .with("days_lost_per_fte", of_col(per_fte), ONE)
        .with("available_fte_days", f_col(av), ONE)
        .with("percent_working_days_lost", of_col(pct_lost), ONE);
    Ok(finish(
        t,
        opts,
        hr_json("sickness_summary", from, to, unit, scope),
    ))
}

/// Percentage of working days lost by month (months of `from` to `to`) and unit:
/// `org_unit_id, month_end, days_lost_fte, short_term_days, long_term_days, denominator,
/// percent_working_days_lost`. The denominator follows `absence_denominator`: `ref_date_fte` →
/// FTE in post at the month end × working days in the month (as in `series`); `average_fte` →
/// mean FTE at the start and end of the month × working days; `person_available_days` → the
/// FTE working days available in the month; `calendar_days` → FTE calendar days lost ÷ FTE
/// calendar days available in the month (the rate and `denominator`; the day columns stay
/// working days).
pub fn sickness_by_month(
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
    let mut months = Vec::new();
    let mut m = start_of_month(from);
    while m <= to {
        months.push((m, end_of_month(m)));
        m = end_of_month(m) + Duration::days(1);
    }
    let (mut ids, mut ends) = (Vec::new(), Vec::new());
    let mut c: [Vec<f64>; 4] = Default::default();
    let mut rate = Vec::new();
    for (label, u) in units_for(wf, unit, by_unit)? {
        let dates: Vec<Date> = months
            .iter()
            .flat_map(|&(a, b)| [a - Duration::days(1), b])
            .collect();
        let st = wf.stocks(u.as_deref(), scope, &dates, opts)?;
        let fl = wf.flows(u.as_deref(), scope, &months, opts)?;
        let spells = UnitSpells::of(wf, u.as_deref(), scope, opts)?;
        for (k, &(a, b)) in months.iter().enumerate() {
            let sp = spells.sick_spells(wf, a, b, scope, opts);
            let (num, den) = absence_parts(
                opts.absence_denominator,
                &st[2 * k],
                &st[2 * k + 1],
                &fl[k],
                fl[k].working_days,
            );
            ids.push(label.clone());
            ends.push(b);
            let vals = [
                fl[k].working_days_lost_fte,
                sp.iter()
                    .filter(|s| !s.long_term)
                    .map(|s| s.days_lost_fte)
                    .sum(),
                sp.iter()
                    .filter(|s| s.long_term)
                    .map(|s| s.days_lost_fte)
                    .sum(),
                den,
            ];
            for (col, v) in c.iter_mut().zip(vals) {
                col.push(v);
            }
            rate.push(pct(num, den));
        }
    }
    let [dl, sd, ld, den] = c;
    let t = Table::new()
        .with("org_unit_id", s_col(ids), PLAIN)
        .with("month_end", d_col(ends), PLAIN)
        .with("days_lost_fte", f_col(dl), ONE)
        .with("short_term_days", f_col(sd), ONE)
        .with("long_term_days", f_col(ld), ONE)
        .with("denominator", f_col(den), ONE)
        .with("percent_working_days_lost", of_col(rate), ONE);
    Ok(finish(
        t,
        opts,
        hr_json("sickness_by_month", from, to, unit, scope),
    ))
}

/// Long-term sickness at a month end (`date` is any day of the month; figures are for the month
/// ending then), per unit: `org_unit_id, month_end, people_long_term_sick` (people with a
/// long-term spell covering the month end), `long_term_days_in_month` (FTE working days lost in
/// the month to long-term spells: the scrutiny report's "342.7 days in May 2022"), and
/// `long_term_days_to_date` (FTE working days lost so far by the long-term spells open at the
/// month end, from their first day).
pub fn long_term_at(
    wf: &Workforce,
    date: Date,
    unit: Option<&str>,
    by_unit: bool,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let (a, b) = (start_of_month(date), end_of_month(date));
    let (mut ids, mut people, mut in_month, mut to_date) = (vec![], vec![], vec![], vec![]);
    for (label, u) in units_for(wf, unit, by_unit)? {
        let spells = UnitSpells::of(wf, u.as_deref(), scope, opts)?;
        let sp = spells.sick_spells(wf, a, b, scope, opts);
        let open: Vec<&SickSpell> = sp.iter().filter(|s| s.long_term && s.end >= b).collect();
        let who: FxHashSet<&str> = open.iter().map(|s| s.person_id.as_str()).collect();
        let first = open.iter().map(|s| s.start).min().unwrap_or(a);
        let whole = spells.sick_spells(wf, first, b, scope, opts);
        let open_ids: FxHashSet<usize> = open.iter().map(|s| s.absence).collect();
        ids.push(label);
        people.push(who.len() as f64);
        in_month.push(
            sp.iter()
                .filter(|s| s.long_term)
                .map(|s| s.days_lost_fte)
                .sum(),
        );
        to_date.push(
            whole
                .iter()
                .filter(|s| open_ids.contains(&s.absence))
                .map(|s| s.days_lost_fte)
                .sum(),
        );
    }
    let n = ids.len();
    let t = Table::new()
        .with("org_unit_id", s_col(ids), PLAIN)
        .with("month_end", d_col(vec![b; n]), PLAIN)
        .with("people_long_term_sick", f_col(people), WHOLE)
        .with("long_term_days_in_month", f_col(in_month), ONE)
        .with("long_term_days_to_date", f_col(to_date), ONE);
    Ok(finish(t, opts, hr_json("long_term_at", a, b, unit, scope)))
}

/// Default Bradford window: 52 weeks.
pub const DEFAULT_BRADFORD_WINDOW_DAYS: u32 = 364;

/// The Bradford factor `B = S² × D` per person over the `window_days` ending on `date`: `S` the
/// sickness spells overlapping the window (including those that began before it), `D` the days
/// absent inside the window in `days` (calendar or working days; whole days, not FTE). People
/// with no spell have no row. Sorted by `B` descending:
/// `person_id, spells, days, bradford`.
pub fn bradford(
    wf: &Workforce,
    date: Date,
    window_days: u32,
    days: DayUnit,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    if window_days == 0 {
        return Err(crate::Error::invalid_argument(
            "window_days must be positive",
        ));
    }
    let from = date - Duration::days(window_days as i64 - 1);
    let sp = sick_spells(wf, from, date, unit, scope, opts)?;
    let mut per: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for s in &sp {
        let e = per.entry(s.person_id.as_str()).or_default();
        e.0 += 1.0;
        e.1 += length(wf, s.start.max(from), s.end.min(date), days);
    }
    let mut rows: Vec<(&str, f64, f64, f64)> = per
        .into_iter()
        .map(|(p, (s, d))| (p, s, d, s * s * d))
        .collect();
    rows.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(b.0)));
    let t = Table::new()
        .with(
            "person_id",
            s_col(rows.iter().map(|r| r.0.to_string()).collect()),
            PLAIN,
        )
        .with("spells", f_col(rows.iter().map(|r| r.1).collect()), WHOLE)
        .with("days", f_col(rows.iter().map(|r| r.2).collect()), PLAIN)
        .with("bradford", f_col(rows.iter().map(|r| r.3).collect()), PLAIN);
    let mut hr = hr_json("bradford", from, date, unit, scope);
    hr["window_days"] = window_days.into();
    hr["days"] = serde_json::to_value(days).expect("serialise");
    Ok(finish(t, opts, hr))
}

/// Sickness spells overlapping `[from, to]` by recorded reason (`unknown` when empty):
/// `reason, spells, short_term_spells, long_term_spells, people, days_lost_fte`, by spells
/// descending.
pub fn sickness_by_reason(
    wf: &Workforce,
    from: Date,
    to: Date,
    unit: Option<&str>,
    scope: &Scope,
    opts: &Options,
) -> Result<Table> {
    opts.validate()?;
    let sp = sick_spells(wf, from, to, unit, scope, opts)?;
    type Acc<'a> = (f64, f64, FxHashSet<&'a str>, f64);
    let mut per: BTreeMap<String, Acc> = BTreeMap::new();
    for s in &sp {
        let reason = wf.data().absences[s.absence]
            .reason
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "unknown".into());
        let e = per.entry(reason.to_string()).or_default();
        if s.long_term {
            e.1 += 1.0;
        } else {
            e.0 += 1.0;
        }
        e.2.insert(s.person_id.as_str());
        e.3 += s.days_lost_fte;
    }
    let mut rows: Vec<(String, Acc)> = per.into_iter().collect();
    rows.sort_by(|a, b| {
        (b.1 .0 + b.1 .1)
            .total_cmp(&(a.1 .0 + a.1 .1))
            .then(a.0.cmp(&b.0))
    });
    let t = Table::new()
        .with(
            "reason",
            s_col(rows.iter().map(|r| r.0.clone()).collect()),
            PLAIN,
        )
        .with(
            "spells",
            f_col(rows.iter().map(|r| r.1 .0 + r.1 .1).collect()),
            WHOLE,
        )
        .with(
            "short_term_spells",
            f_col(rows.iter().map(|r| r.1 .0).collect()),
            WHOLE,
        )
        .with(
            "long_term_spells",
            f_col(rows.iter().map(|r| r.1 .1).collect()),
            WHOLE,
        )
        .with(
            "people",
            f_col(rows.iter().map(|r| r.1 .2.len() as f64).collect()),
            WHOLE,
        )
        .with(
            "days_lost_fte",
            Column::Float(rows.iter().map(|r| Some(r.1 .3)).collect()),
            ONE,
        );
    Ok(finish(
        t,
        opts,
        hr_json("sickness_by_reason", from, to, unit, scope),
    ))
}
