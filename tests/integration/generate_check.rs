//! An independent checker of CSWW figures on generated data, following the data contract's
//! time rules (`data-format.md`): used to calibrate the demo council until the metrics engine
//! can be used instead, and kept as a cross-check.

use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};
use workforce::calendar::Calendar;
use workforce::model::{AbsenceType, Dataset, Date, Id};

/// A date from its parts.
pub fn ymd(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap()
}

/// The ids of a unit and all its descendants.
pub fn subtree(ds: &Dataset, root: &str) -> BTreeSet<Id> {
    let mut out = BTreeSet::from([Id::new(root)]);
    loop {
        let before = out.len();
        for u in &ds.org_units {
            if u.parent_id.as_ref().is_some_and(|p| out.contains(p)) {
                out.insert(u.org_unit_id);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The id of the (first) unit with this name.
pub fn unit_named(ds: &Dataset, name: &str) -> String {
    ds.org_units
        .iter()
        .find(|u| u.name == name)
        .unwrap()
        .org_unit_id
        .to_string()
}

/// One in-scope record: person, FTE, start, end (inclusive; `None` open), post.
#[derive(Clone, Debug)]
struct Rec {
    person: String,
    fte: f64,
    start: Date,
    end: Option<Date>,
    post: Option<String>,
}

fn covers(r: &Rec, t: Date) -> bool {
    r.start <= t && r.end.is_none_or(|e| t <= e)
}

/// Spells per person: merged intervals (a record starting the day after one ends continues it).
fn spells(recs: &[Rec]) -> BTreeMap<String, Vec<(Date, Option<Date>)>> {
    let mut by: BTreeMap<String, Vec<&Rec>> = BTreeMap::new();
    for r in recs {
        by.entry(r.person.clone()).or_default().push(r);
    }
    let mut out = BTreeMap::new();
    for (p, mut rs) in by {
        rs.sort_by_key(|r| r.start);
        let mut v: Vec<(Date, Option<Date>)> = Vec::new();
        for r in rs {
            if let Some(last) = v.last_mut() {
                match last.1 {
                    None => continue,
                    Some(e) if r.start <= e.succ_opt().unwrap() => {
                        last.1 = r.end.map(|x| x.max(e));
                        continue;
                    }
                    _ => {}
                }
            }
            v.push((r.start, r.end));
        }
        out.insert(p, v);
    }
    out
}

/// Records of the person in post on `t`: covering `t`, and the spell does not end on `t`.
fn in_post(recs: &[Rec], t: Date) -> Vec<&Rec> {
    let sp = spells(recs);
    recs.iter()
        .filter(|r| covers(r, t))
        .filter(|r| {
            sp[&r.person]
                .iter()
                .any(|&(s, e)| s <= t && e.is_none_or(|e| e > t))
        })
        .collect()
}

/// CSWW figures of a unit for the year ending on `t` (30 September).
#[derive(Debug, Default)]
pub struct Figures {
    pub inpost_fte: f64,
    pub inpost_headcount: usize,
    pub leavers_fte: f64,
    pub starters_headcount: usize,
    pub leavers_headcount: usize,
    pub agency_fte: f64,
    pub agency_records: usize,
    pub vacancy_fte: f64,
    pub over_establishment_fte: f64,
    pub working_days_lost: f64,
    pub bands: [usize; 3],
    pub min_caseload: usize,
    pub max_caseload: usize,
    pub cases: usize,
    pub case_holders_fte: f64,
}

impl Figures {
    pub fn turnover(&self) -> f64 {
        100.0 * self.leavers_fte / self.inpost_fte
    }
    pub fn agency_rate(&self) -> f64 {
        100.0 * self.agency_fte / (self.agency_fte + self.inpost_fte)
    }
    pub fn vacancy_rate(&self) -> f64 {
        100.0 * self.vacancy_fte / (self.vacancy_fte + self.inpost_fte)
    }
    pub fn absence_rate(&self) -> f64 {
        100.0 * self.working_days_lost / (self.inpost_fte * 253.0)
    }
}

/// Compute the figures of `unit` (and descendants) for the year ending `t`, in CSWW scope.
pub fn figures(ds: &Dataset, unit: &str, t: Date) -> Figures {
    let units = subtree(ds, unit);
    let y0 = ymd(t.year() - 1, 10, 1);
    let emp: Vec<Rec> = ds
        .contracts
        .iter()
        .filter(|c| c.csww_role.is_some() && units.contains(&c.org_unit_id))
        .map(|c| Rec {
            person: c.person_id.to_string(),
            fte: c.fte,
            start: c.start_date,
            end: c.end_date,
            post: c.post_id.map(String::from),
        })
        .collect();
    let ag: Vec<Rec> = ds
        .agency_assignments
        .iter()
        .filter(|a| a.csww_role.is_some() && units.contains(&a.org_unit_id))
        .map(|a| Rec {
            person: a.person_id.to_string(),
            fte: a.fte,
            start: a.start_date,
            end: a.end_date,
            post: a.post_id.map(String::from),
        })
        .collect();
    let mut f = Figures::default();
    let inpost = in_post(&emp, t);
    f.inpost_fte = inpost.iter().map(|r| r.fte).sum();
    f.inpost_headcount = inpost
        .iter()
        .map(|r| &r.person)
        .collect::<BTreeSet<_>>()
        .len();
    for (p, sp) in spells(&emp) {
        for (s, e) in sp {
            if s >= y0 && s <= t {
                f.starters_headcount += 1;
            }
            if let Some(e) = e.filter(|&e| e >= y0 && e <= t) {
                f.leavers_headcount += 1;
                f.leavers_fte += emp
                    .iter()
                    .filter(|r| r.person == p && covers(r, e))
                    .map(|r| r.fte)
                    .sum::<f64>();
            }
        }
    }
    let agency = in_post(&ag, t);
    f.agency_fte = agency.iter().map(|r| r.fte).sum();
    f.agency_records = agency.len();
    for a in &agency {
        let weeks = ((t - a.start).num_days() + 1) as f64 / 7.0;
        f.bands[if weeks <= 26.0 {
            0
        } else if weeks <= 52.0 {
            1
        } else {
            2
        }] += 1;
    }
    // Vacancy per post; agency over establishment = agency not covering a vacant post.
    let mut vacant = BTreeSet::new();
    for p in ds
        .posts
        .iter()
        .filter(|p| p.csww_role.is_some() && units.contains(&p.org_unit_id))
    {
        if p.start_date <= t && p.end_date.is_none_or(|e| t < e) {
            let filled: f64 = inpost
                .iter()
                .filter(|r| r.post.as_deref() == Some(&p.post_id))
                .map(|r| r.fte)
                .sum();
            let v = (p.fte - filled).max(0.0);
            f.vacancy_fte += v;
            if v > 0.0 {
                vacant.insert(p.post_id.to_string());
            }
        }
    }
    let agency_by_id: BTreeMap<(&str, Date), _> = ds
        .agency_assignments
        .iter()
        .map(|a| ((a.person_id.as_str(), a.start_date), a))
        .collect();
    for a in &agency {
        let rec = agency_by_id[&(a.person.as_str(), a.start)];
        let covers_vacancy = match rec.cover_reason {
            Some(r) => r == workforce::model::CoverReason::Vacancy,
            None => a.post.as_ref().is_some_and(|p| vacant.contains(p)),
        };
        if !covers_vacancy {
            f.over_establishment_fte += a.fte;
        }
    }
    f.working_days_lost = working_days_lost(ds, &emp, y0, t);
    caseloads(ds, &inpost, &agency, t, &mut f);
    f
}

/// Sickness days lost in `[y0, t]` by people with in-scope contracts, by the contract's rules:
/// derived days weighted by in-scope FTE; recorded days pro-rated, while an in-scope record is held.
fn working_days_lost(ds: &Dataset, emp: &[Rec], y0: Date, t: Date) -> f64 {
    let cal = Calendar::default();
    let mut by: BTreeMap<&str, Vec<&Rec>> = BTreeMap::new();
    for r in emp {
        by.entry(r.person.as_str()).or_default().push(r);
    }
    let mut total = 0.0;
    for a in ds
        .absences
        .iter()
        .filter(|a| a.absence_type == AbsenceType::Sickness)
    {
        let Some(recs) = by.get(a.person_id.as_str()) else {
            continue;
        };
        let s = a.start_date.max(y0);
        let e = a.end_date.unwrap_or(t).min(t);
        if e < s {
            continue;
        }
        match (a.working_days_lost, a.end_date) {
            (Some(w), Some(end)) => {
                // Recorded days count while the person holds an in-scope record then.
                let held = recs
                    .iter()
                    .any(|r| r.start <= e && r.end.is_none_or(|x| x >= s));
                let whole = cal.working_days(a.start_date, end) as f64;
                if held && whole > 0.0 {
                    total += w * cal.working_days(s, e) as f64 / whole;
                }
            }
            _ => {
                let mut d = s;
                while d <= e {
                    if cal.is_working_day(d) {
                        total += recs
                            .iter()
                            .filter(|r| covers(r, d))
                            .map(|r| r.fte)
                            .sum::<f64>();
                    }
                    d = d.succ_opt().unwrap();
                }
            }
        }
    }
    total
}

fn caseloads(ds: &Dataset, inpost: &[&Rec], agency: &[&Rec], t: Date, f: &mut Figures) {
    let Some(allocs) = &ds.case_allocations else {
        return;
    };
    let mut fte: BTreeMap<&str, f64> = BTreeMap::new();
    for r in inpost.iter().chain(agency) {
        *fte.entry(r.person.as_str()).or_default() += r.fte;
    }
    let mut load: BTreeMap<&str, usize> = BTreeMap::new();
    for a in allocs {
        if a.start_date <= t
            && a.end_date.is_none_or(|e| t <= e)
            && fte.contains_key(a.person_id.as_str())
        {
            *load.entry(a.person_id.as_str()).or_default() += 1;
        }
    }
    f.cases = load.values().sum();
    f.case_holders_fte = load.keys().map(|p| fte[p]).sum();
    f.min_caseload = load.values().copied().min().unwrap_or(0);
    f.max_caseload = load.values().copied().max().unwrap_or(0);
}

/// Agency share of FTE (agency ÷ (agency + employed)) in a team, in per cent.
pub fn agency_share(ds: &Dataset, team: &str, t: Date) -> f64 {
    figures(ds, &unit_named(ds, team), t).agency_rate()
}
