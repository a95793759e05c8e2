//! Building a census return from the canonical data with the timeline's rules.
//!
//! Employees: a person's in-scope (CSWW) contracts are merged into service spells exactly as
//! [`Workforce`] does; each spell that is in post on 30 September, starts in the year or ends in
//! the year gives one record. Agency workers: one record per worker in post on 30 September
//! (their own spells), with one `ContractWeeks` per assignment in post. The LA-level block comes
//! from [`Workforce::stocks`] on the reference date, so vacancies and agency cover agree with
//! [`Workforce::csww`].

use super::{
    dedupe, valid_swe, CensusReturn, Gender, Header, LaLevel, LaSettings, Layout, Worker,
    ABSENCE_CODES, ETHNICITY_CODES,
};
use crate::error::{Error, Result};
use crate::model::{AbsenceType, ContractType, Date, Person};
use crate::options::Options;
use crate::timeline::{day, year_ending, Scope, Workforce};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use std::collections::HashMap;

const OPEN: i32 = i32::MAX;

/// What to export.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The reference date, 30 September of the collection year.
    pub year_end: Date,
    /// The 3-digit LA code written to the header (`LEA`).
    pub la_code: String,
    /// The 2025 LA-level pay and allowance answers (required for 2025).
    pub settings: Option<LaSettings>,
    /// The metric options (spell grace, casual contracts, agency length basis, ...).
    pub options: Options,
    /// The header time stamp (default: now).
    pub generated_at: Option<DateTime<Utc>>,
}

impl ExportOptions {
    /// Options for a year end and LA code, with defaults otherwise.
    pub fn new(year_end: Date, la_code: impl Into<String>) -> Self {
        ExportOptions {
            year_end,
            la_code: la_code.into(),
            settings: None,
            options: Options::default(),
            generated_at: None,
        }
    }
}

/// A record that could not be written completely (or at all).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    /// The canonical person.
    pub person_id: String,
    /// `employee` or `agency`.
    pub kind: &'static str,
    /// The census items missing or invalid.
    pub items: Vec<String>,
    /// What was done.
    pub note: String,
}

/// What the export did: records written, records left out and records written incomplete.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CensusReport {
    /// Collection year.
    pub year: i32,
    /// Worker records written.
    pub records: usize,
    /// Employee records written.
    pub employee_records: usize,
    /// Agency records written.
    pub agency_records: usize,
    /// Duplicate records removed.
    pub duplicates_removed: usize,
    /// Records that could not be written (no valid SWE number).
    pub excluded: Vec<Issue>,
    /// Records written with items missing.
    pub incomplete: Vec<Issue>,
    /// Other remarks (values capped, codes not recognised).
    pub warnings: Vec<String>,
}

impl CensusReport {
    /// A plain-text report for people.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "CSWW census {}: {} records written ({} employee, {} agency)\n",
            self.year, self.records, self.employee_records, self.agency_records
        );
        if self.duplicates_removed > 0 {
            s += &format!("{} duplicate records removed\n", self.duplicates_removed);
        }
        if !self.excluded.is_empty() {
            s += &format!("{} records NOT written:\n", self.excluded.len());
            for i in &self.excluded {
                s += &format!(
                    "  {} ({}): {} — {}\n",
                    i.person_id,
                    i.kind,
                    i.items.join(", "),
                    i.note
                );
            }
        }
        if !self.incomplete.is_empty() {
            s += &format!("{} records written incomplete:\n", self.incomplete.len());
            for i in &self.incomplete {
                s += &format!(
                    "  {} ({}): missing {} — {}\n",
                    i.person_id,
                    i.kind,
                    i.items.join(", "),
                    i.note
                );
            }
        }
        for w in &self.warnings {
            s += &format!("warning: {w}\n");
        }
        s
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serialises")
    }
}

/// One in-scope contract or assignment, compact.
#[derive(Clone, Copy, Debug)]
struct Rec {
    idx: usize,
    role: u8,
    fte: f64,
    start: i32,
    end: i32,
}

#[derive(Clone, Copy, Debug)]
struct Spell {
    start: i32,
    end: i32,
}

fn spells_of(recs: &[Rec], grace: i32) -> Vec<Spell> {
    let mut out: Vec<Spell> = Vec::new();
    for r in recs {
        match out.last_mut() {
            Some(s) if s.end == OPEN || r.start <= s.end.saturating_add(grace + 1) => {
                s.end = s.end.max(r.end);
            }
            _ => out.push(Spell {
                start: r.start,
                end: r.end,
            }),
        }
    }
    out
}

fn covers(r: &Rec, t: i32) -> bool {
    r.start <= t && t <= r.end
}

/// The record of the main role on day `t`: largest FTE, then most senior (lowest code).
fn main_rec<'a>(recs: &[&'a Rec], t: i32) -> Option<&'a Rec> {
    recs.iter()
        .filter(|r| covers(r, t))
        .max_by(|a, b| {
            a.fte
                .partial_cmp(&b.fte)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.role.cmp(&a.role))
        })
        .copied()
}

fn date_of(d: i32) -> Date {
    crate::timeline::date(d)
}

fn round_to(x: f64, dp: i32) -> f64 {
    let m = 10f64.powi(dp);
    (x * m).round() / m
}

/// The census `ReasonAbsence` code of an absence.
fn absence_code(t: AbsenceType, reason: Option<&str>) -> &'static str {
    if let Some(r) = reason {
        let r = r.trim().to_ascii_uppercase();
        if let Some(c) = ABSENCE_CODES.iter().find(|c| **c == r) {
            return c;
        }
    }
    match t {
        AbsenceType::Sickness => "SIC",
        AbsenceType::Maternity | AbsenceType::Paternity | AbsenceType::Adoption => "MAT",
        AbsenceType::Special | AbsenceType::Other => "OTH",
    }
}

struct Ctx<'a> {
    wf: &'a Workforce,
    layout: Layout,
    to: i32,
    incl: bool,
    people: HashMap<&'a str, &'a Person>,
    report: CensusReport,
}

impl<'a> Ctx<'a> {
    /// Fill the person-level items; returns the missing items.
    fn person_items(&mut self, w: &mut Worker, pid: &str, agency: bool) -> Vec<String> {
        let mut missing = Vec::new();
        let Some(p) = self.people.get(pid).copied() else {
            return vec!["person".into()];
        };
        let swe = p
            .swe_number
            .as_deref()
            .map(|s| s.split_whitespace().collect::<String>())
            .unwrap_or_default();
        w.swe_no = swe;
        w.birth_date = p.date_of_birth;
        if let Some(g) = p.gender.as_deref().filter(|g| !g.trim().is_empty()) {
            match Gender::parse(g) {
                Some(g) => w.gender = Some(g),
                None => self.report.warnings.push(format!(
                    "{pid}: gender {g:?} is not a census code; left out"
                )),
            }
        }
        if let Some(e) = p.ethnicity.as_deref().filter(|e| !e.trim().is_empty()) {
            let code = e.trim().to_ascii_uppercase();
            if ETHNICITY_CODES.contains(&code.as_str()) {
                w.ethnicity = Some(code);
            } else {
                self.report.warnings.push(format!(
                    "{pid}: ethnicity {e:?} is not a census code; left out"
                ));
            }
        }
        if let Some(q) = p
            .qualification_institution
            .as_deref()
            .filter(|q| !q.trim().is_empty())
        {
            w.qual_inst = vec![q.trim().to_string()];
        }
        w.qual_level = p.qualification_level.filter(|l| (1..=3).contains(l));
        w.step_up_grad = p.step_up_graduate;
        w.frontline_grad = p.frontline_graduate;
        if let Some(c) = p.cfkss_status.filter(|c| (1..=4).contains(c)) {
            w.cfkss_status = vec![c];
        }
        if agency {
            return missing;
        }
        if w.birth_date.is_none() {
            missing.push("PersonBirthDate".into());
        }
        let sex_ok = match w.gender {
            None => false,
            Some(g) => !self.layout.uses_sex() || g.sex().is_some(),
        };
        if !sex_ok {
            missing.push(
                if self.layout.uses_sex() {
                    "Sex"
                } else {
                    "GenderCurrent"
                }
                .into(),
            );
        }
        if w.ethnicity.is_none() {
            missing.push("Ethnicity".into());
        }
        if self.layout.has_qual_inst() && w.qual_inst.is_empty() {
            missing.push("QualInst".into());
        }
        if w.qual_level.is_none() {
            missing.push("QualLevel".into());
        }
        missing
    }

    /// Absence items on the reference date, and cases held.
    fn ref_date_items(&self, w: &mut Worker, pid: &str) {
        let t = self.to;
        let mut codes: Vec<&'static str> = Vec::new();
        for a in self
            .wf
            .data()
            .absences
            .iter()
            .filter(|a| a.person_id == pid)
        {
            let (s, e) = (day(a.start_date), a.end_date.map_or(OPEN, day));
            if s <= t && t <= e {
                let c = absence_code(a.absence_type, a.reason.as_deref());
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
        }
        w.absent_30_sept = vec![!codes.is_empty()];
        w.reason_absence = codes.into_iter().map(String::from).collect();
    }
}

/// Build the census return for the year ending `opts.year_end` (30 September, 2021–2025).
///
/// Records that cannot be written (no valid SWE number) are left out and listed in the report;
/// records missing items are written and listed. Duplicate records are removed.
pub fn build(wf: &Workforce, opts: &ExportOptions) -> Result<(CensusReturn, CensusReport)> {
    let ye = opts.year_end;
    if (ye.month(), ye.day()) != (9, 30) {
        return Err(Error::invalid_argument(format!(
            "the census reference date is 30 September, got {ye}"
        )));
    }
    let layout = Layout::for_year(ye.year())?;
    let la = opts.la_code.trim();
    if la.len() != 3 || !la.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_argument(format!(
            "the LA code must be the 3-digit (old) LA number, got {la:?}"
        )));
    }
    let pay = if layout.has_pay() {
        let s = opts.settings.clone().ok_or_else(|| {
            Error::missing_data(format!(
                "the {} census needs the LA-level pay and allowance answers (a settings file)",
                layout.year
            ))
        })?;
        s.validate()?;
        Some(s)
    } else {
        None
    };
    let o = &opts.options;
    o.validate()?;
    let (p1, p2) = year_ending(ye);
    let (from, to) = (day(p1), day(p2));
    let grace = o.rejoin_grace_days as i32;
    let data = wf.data();

    let stock = wf
        .stocks(None, &Scope::Csww, &[ye], o)?
        .pop()
        .expect("one date");
    let la_level = LaLevel {
        vacancies_fte: round_to(stock.vacancy_fte, 2),
        agency_cover_fte: round_to(stock.agency_cover_fte, 2),
        agency_cover_headcount: stock.agency_cover_headcount.round() as u64,
        pay,
    };

    let mut cx = Ctx {
        wf,
        layout,
        to,
        incl: o.end_date_inclusive,
        people: data
            .people
            .iter()
            .map(|p| (p.person_id.as_str(), p))
            .collect(),
        report: CensusReport {
            year: layout.year,
            ..CensusReport::default()
        },
    };
    let in_scope = |role: Option<u8>| role.is_some_and(|r| r != 0);

    // Employees: in-scope contracts by person.
    let mut by_person: HashMap<&str, Vec<Rec>> = HashMap::new();
    for (i, c) in data.contracts.iter().enumerate() {
        if !in_scope(c.csww_role)
            || (o.exclude_casual && c.contract_type == Some(ContractType::Casual))
        {
            continue;
        }
        by_person
            .entry(c.person_id.as_str())
            .or_default()
            .push(Rec {
                idx: i,
                role: c.csww_role.unwrap_or(0),
                fte: c.fte,
                start: day(c.start_date),
                end: c.end_date.map_or(OPEN, day),
            });
    }
    let mut person_ids: Vec<&str> = by_person.keys().copied().collect();
    person_ids.sort_unstable();

    // Sickness absences by person.
    let mut sick: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in data.absences.iter().enumerate() {
        if o.counts_as_sickness(a) {
            sick.entry(a.person_id.as_str()).or_default().push(i);
        }
    }
    // Cases held on the reference date, by person.
    let mut cases: HashMap<&str, u32> = HashMap::new();
    if let Some(al) = &data.case_allocations {
        for a in al {
            if day(a.start_date) <= to && to <= a.end_date.map_or(OPEN, day) {
                *cases.entry(a.person_id.as_str()).or_default() += 1;
            }
        }
    }
    let cal = wf.calendar();
    let mut workers: Vec<Worker> = Vec::new();
    let mut fte_capped = Vec::new();

    for pid in &person_ids {
        let mut recs = by_person[pid].clone();
        recs.sort_by_key(|r| (r.start, r.idx));
        let spells = spells_of(&recs, grace);
        // Sickness days lost in the year, per spell (as `Workforce::flows` counts them).
        let mut lost = vec![0.0f64; spells.len()];
        for &ai in sick.get(pid).map_or(&[][..], |v| v.as_slice()) {
            let ab = &data.absences[ai];
            let (s, e) = (day(ab.start_date), ab.end_date.map_or(OPEN, day));
            let (x, y) = (s.max(from), e.min(to));
            if x > y {
                continue;
            }
            match ab.working_days_lost {
                Some(rec) if e != OPEN => {
                    let held = recs.iter().any(|r| r.start <= y && x <= r.end);
                    let whole = cal.working_days_between(s, e);
                    if held && whole > 0 {
                        let v = rec * cal.working_days_between(x, y) as f64 / whole as f64;
                        if let Some(k) = spells.iter().position(|sp| sp.start <= y && x <= sp.end) {
                            lost[k] += v;
                        }
                    }
                }
                _ => {
                    for r in &recs {
                        let (u, v) = (x.max(r.start), y.min(r.end));
                        if u <= v {
                            if let Some(k) =
                                spells.iter().position(|sp| sp.start <= u && u <= sp.end)
                            {
                                lost[k] += r.fte * cal.working_days_between(u, v) as f64;
                            }
                        }
                    }
                }
            }
        }
        let mut cases_given = false;
        for (k, sp) in spells.iter().enumerate() {
            let mine: Vec<&Rec> = recs
                .iter()
                .filter(|r| sp.start <= r.start && r.start <= sp.end)
                .collect();
            let in_post = (cx.incl || sp.end != to)
                && sp.start <= to
                && to <= sp.end
                && mine.iter().any(|r| covers(r, to));
            let starter = from <= sp.start && sp.start <= to;
            let leaver = sp.end != OPEN && from <= sp.end && sp.end <= to;
            if !(in_post || starter || leaver) {
                continue;
            }
            let fte_on =
                |t: i32| -> f64 { mine.iter().filter(|r| covers(r, t)).map(|r| r.fte).sum() };
            let ref_day = if in_post {
                to
            } else if leaver {
                sp.end
            } else {
                sp.start
            };
            let main = main_rec(&mine, ref_day).or_else(|| mine.first().copied());
            let mut w = Worker {
                agency: false,
                person_id: Some(pid.to_string()),
                ..Worker::default()
            };
            let mut missing = cx.person_items(&mut w, pid, false);
            let fte = if leaver {
                fte_on(sp.end)
            } else if starter {
                fte_on(sp.start)
            } else {
                fte_on(to)
            };
            w.fte = Some(fte);
            if in_post {
                w.fte30 = Some(fte_on(to));
            }
            for v in [&mut w.fte, &mut w.fte30].into_iter().flatten() {
                if *v > 1.0 {
                    fte_capped.push(pid.to_string());
                    *v = 1.0;
                }
            }
            w.org_role = main.map(|r| r.role);
            w.role_start_date = Some(date_of(sp.start));
            let first = mine
                .iter()
                .filter(|r| r.start == sp.start)
                .find_map(|r| data.contracts[r.idx].start_origin);
            w.start_origin = first.filter(|c| (1..=10).contains(c));
            if starter && w.start_origin.is_none() {
                missing.push("StartOrigin".into());
            }
            if leaver {
                w.role_end_date = Some(date_of(sp.end));
                let ending = mine.iter().filter(|r| r.end == sp.end);
                w.reason_leave = ending
                    .clone()
                    .find_map(|r| data.contracts[r.idx].reason_leave)
                    .filter(|c| (1..=10).contains(c));
                w.leaver_destination = ending
                    .clone()
                    .find_map(|r| data.contracts[r.idx].leaver_destination)
                    .filter(|c| (1..=9).contains(c));
                if w.reason_leave.is_none() {
                    missing.push("ReasonLeave".into());
                }
                if w.leaver_destination.is_none() {
                    missing.push("LeaverDestination".into());
                }
            }
            w.working_days_lost = Some(round_to(lost[k], 2));
            if in_post {
                if data.case_allocations.is_some() && !cases_given {
                    w.cases30 = Some(cases.get(pid).copied().unwrap_or(0));
                    cases_given = true;
                }
                cx.ref_date_items(&mut w, pid);
            }
            if layout.has_pay() {
                w.base_salary = main
                    .and_then(|r| data.contracts[r.idx].annual_pay)
                    .map(|p| round_to(p, 2));
            }
            push_worker(&mut cx, &mut workers, w, pid, "employee", missing);
        }
    }

    // Agency workers in post on the reference date.
    let weeks: HashMap<usize, f64> = wf
        .agency_in_post(None, &Scope::Csww, ye, o)?
        .into_iter()
        .collect();
    let mut ag_by_person: HashMap<&str, Vec<Rec>> = HashMap::new();
    for (i, a) in data.agency_assignments.iter().enumerate() {
        if !in_scope(a.csww_role) {
            continue;
        }
        ag_by_person
            .entry(a.person_id.as_str())
            .or_default()
            .push(Rec {
                idx: i,
                role: a.csww_role.unwrap_or(0),
                fte: a.fte,
                start: day(a.start_date),
                end: a.end_date.map_or(OPEN, day),
            });
    }
    let mut ag_ids: Vec<&str> = ag_by_person.keys().copied().collect();
    ag_ids.sort_unstable();
    for pid in ag_ids {
        let mut recs = ag_by_person[pid].clone();
        recs.sort_by_key(|r| (r.start, r.idx));
        let spells = spells_of(&recs, grace);
        let Some(sp) = spells
            .iter()
            .find(|s| s.start <= to && to <= s.end && (cx.incl || s.end != to))
        else {
            continue;
        };
        let now: Vec<&Rec> = recs.iter().filter(|r| covers(r, to)).collect();
        if now.is_empty() {
            continue;
        }
        let mut w = Worker {
            agency: true,
            person_id: Some(pid.to_string()),
            ..Worker::default()
        };
        let mut missing = cx.person_items(&mut w, pid, true);
        let fte: f64 = now.iter().map(|r| r.fte).sum();
        w.fte = Some(fte.min(1.0));
        w.fte30 = Some(fte.min(1.0));
        if fte > 1.0 {
            fte_capped.push(pid.to_string());
        }
        w.org_role = main_rec(&now, to).map(|r| r.role);
        w.role_start_date = Some(date_of(sp.start));
        w.contract_weeks = now
            .iter()
            .filter_map(|r| weeks.get(&r.idx))
            .map(|x| round_to(*x, 1))
            .collect();
        if w.contract_weeks.is_empty() {
            missing.push("ContractWeeks".into());
        }
        if data.case_allocations.is_some() {
            // Cases count once per person: on the employee record when there is one.
            let has_emp = workers
                .iter()
                .any(|x| !x.agency && x.person_id.as_deref() == Some(pid) && x.cases30.is_some());
            if !has_emp {
                w.cases30 = Some(cases.get(pid).copied().unwrap_or(0));
            }
        }
        cx.ref_date_items(&mut w, pid);
        push_worker(&mut cx, &mut workers, w, pid, "agency", missing);
    }
    if !fte_capped.is_empty() {
        fte_capped.dedup();
        cx.report.warnings.push(format!(
            "FTE above 1 capped at 1 (the census maximum) for: {}",
            fte_capped.join(", ")
        ));
    }

    let mut ret = CensusReturn {
        header: Header {
            year: Some(layout.year),
            reference_date: Some(ye),
            lea: Some(la.to_string()),
            software_code: Some(format!("workforce {}", crate::VERSION)),
            date_time: Some(
                opts.generated_at
                    .unwrap_or_else(Utc::now)
                    .with_nanosecond_zero(),
            ),
        },
        la_level,
        workers,
    };
    let mut report = cx.report;
    report.duplicates_removed = dedupe(&mut ret);
    report.records = ret.workers.len();
    report.agency_records = ret.workers.iter().filter(|w| w.agency).count();
    report.employee_records = report.records - report.agency_records;
    Ok((ret, report))
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}
impl NoNanos for DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

fn push_worker(
    cx: &mut Ctx<'_>,
    workers: &mut Vec<Worker>,
    w: Worker,
    pid: &str,
    kind: &'static str,
    missing: Vec<String>,
) {
    if !valid_swe(&w.swe_no) {
        let (item, note) = if w.swe_no.is_empty() {
            (
                "SWENo",
                "no SWE number: the record cannot be submitted".to_string(),
            )
        } else {
            (
                "SWENo",
                format!(
                    "SWE number {:?} is not two letters and up to 12 digits: the record cannot be submitted",
                    w.swe_no
                ),
            )
        };
        let mut items = vec![item.to_string()];
        items.extend(missing);
        cx.report.excluded.push(Issue {
            person_id: pid.to_string(),
            kind,
            items,
            note,
        });
        return;
    }
    if !missing.is_empty() {
        let note = if missing.iter().any(|m| m == "QualInst") {
            "written without these items (QualInst written empty: the schema requires it)"
        } else {
            "written without these items"
        };
        cx.report.incomplete.push(Issue {
            person_id: pid.to_string(),
            kind,
            items: missing,
            note: note.to_string(),
        });
    }
    workers.push(w);
}

/// Build the return and write it as XML for its collection year.
pub fn export(wf: &Workforce, opts: &ExportOptions) -> Result<(String, CensusReport)> {
    let (ret, report) = build(wf, opts)?;
    Ok((super::to_xml(&ret)?, report))
}
