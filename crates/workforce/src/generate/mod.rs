//! Synthetic data: a realistic council's children's services workforce, generated from a seed.
//!
//! [`generate`] builds a whole canonical [`Dataset`]: the org tree (council, directorates,
//! services, teams), the establishment of funded posts, employees' contracts from two legacy
//! HR/payroll systems, agency assignments, absences, employee-relations cases, case allocations
//! and periods in care. It contains every edge case of `metrics.md` §7: internal moves,
//! rejoiners, concurrent part-time posts, back-to-back fixed-term renewals, agency cover for
//! vacancies and absences, agency workers made permanent, employees leaving for agency work,
//! leavers on 30 September, moves to non-social-work jobs in the council, casual contracts,
//! sickness spells crossing the year end and absences still open.
//!
//! Output depends only on the options: the same seed gives the same dataset on every run
//! (every random draw comes from `SmallRng` seeded from [`GenerateOptions::seed`], and no output
//! depends on hash order).
//!
//! [`demo`] is the embedded demo council: the council of the scrutiny report, calibrated so its
//! CSWW figures for the year ending 30 September 2021 tell that report's story.
//!
//! ```
//! let ds = workforce::generate::demo();
//! assert!(ds.contracts.len() > 300);
//! ```

mod absence;
mod cases;
mod org;
mod people;
mod staff;
mod util;

use crate::calendar::Calendar;
use crate::model::{
    AbsenceType, AgencyAssignment, CarePeriod, CaseAllocation, Contract, ContractType, CoverReason,
    Dataset, Date, ErCase, Id, Post,
};
use absence::AbsenceRates;
use ecow::EcoString;
use org::{Establishment, Family, Flavour};
use people::person_id;
use staff::{EmpStint, Exit, Origin, Staff};
use util::{date, day, end_date, id, Days, Horizon, Random, OPEN};

/// Which council to generate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Council {
    /// A council near the national averages (turnover about 16%, vacancies about 15%),
    /// its establishment sized so the history has [`GenerateOptions::people`] people.
    #[default]
    Typical,
    /// The council of the scrutiny report: about 300 social work posts, a third vacant, heavy
    /// agency use and high turnover. Its establishment is fixed; `people` only tops up (or trims)
    /// the number of people.
    ScrutinyStory,
}

/// Options of [`generate`].
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    /// Number of distinct people (employees and agency workers) in the whole history.
    pub people: usize,
    /// Random seed: the same seed and options give the same dataset.
    pub seed: u64,
    /// First day of the history.
    pub start: Date,
    /// Last day of the history (the extract date): records still running then are open.
    pub end: Date,
    /// The stock date around which the staffing state is set by quota (so figures at that date
    /// match the council's rates closely). Default: the last 30 September in the history.
    pub anchor: Option<Date>,
    /// Which council.
    pub council: Council,
    /// Generate case allocations and care periods (the largest tables).
    pub cases: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            people: 600,
            seed: 1,
            start: ymd(2015, 4, 1),
            end: ymd(2025, 9, 30),
            anchor: None,
            council: Council::Typical,
            cases: true,
        }
    }
}

/// Seed of the demo council.
pub const DEMO_SEED: u64 = 52;
/// Number of people in the demo council's history.
pub const DEMO_PEOPLE: usize = 2600;

impl GenerateOptions {
    /// The options of the embedded demo council ([`demo`]).
    pub fn demo() -> Self {
        GenerateOptions {
            people: DEMO_PEOPLE,
            seed: DEMO_SEED,
            start: ymd(2016, 10, 1),
            end: ymd(2023, 9, 30),
            anchor: Some(ymd(2021, 9, 30)),
            council: Council::ScrutinyStory,
            cases: true,
        }
    }

    fn validate(&self) -> crate::Result<Horizon> {
        let bad = |m: String| Err(crate::Error::invalid_argument(m));
        if self.people < 100 {
            return bad(format!("people must be at least 100, got {}", self.people));
        }
        if self.people > 5_000_000 {
            return bad(format!(
                "people must be at most 5,000,000, got {}",
                self.people
            ));
        }
        let (start, end) = (day(self.start), day(self.end));
        if end - start < 365 {
            return bad(format!(
                "the history {}..{} must span at least a year",
                self.start, self.end
            ));
        }
        if self.start.year() < crate::calendar::FIRST_YEAR + 40
            || self.end.year() > crate::calendar::LAST_YEAR - 5
        {
            return bad(format!(
                "the history {}..{} is outside the supported years",
                self.start, self.end
            ));
        }
        let anchor = match self.anchor {
            Some(a) if a <= self.start || a > self.end => {
                return bad(format!(
                    "anchor {a} must be inside the history {}..{}",
                    self.start, self.end
                ))
            }
            Some(a) => day(a),
            None => {
                let y = if (self.end.month(), self.end.day()) >= (9, 30) {
                    self.end.year()
                } else {
                    self.end.year() - 1
                };
                day(ymd(y, 9, 30)).max(start + 1)
            }
        };
        Ok(Horizon { start, end, anchor })
    }
}

use chrono::Datelike;

fn ymd(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("valid date")
}

/// Independent random streams per phase, so a change in one phase leaves the others as they were.
fn phase(seed: u64, n: u64) -> Random {
    Random::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// Generate a council's workforce history.
///
/// Fails with [`crate::ErrorKind::InvalidArgument`] when `people` is below 100 or above five
/// million, the history is shorter than a year or outside the calendar's years, or the anchor
/// is outside the history.
pub fn generate(opts: &GenerateOptions) -> crate::Result<Dataset> {
    let h = opts.validate()?;
    let flavour = match opts.council {
        Council::Typical => Flavour::Typical,
        Council::ScrutinyStory => Flavour::Story,
    };
    let scale = match flavour {
        Flavour::Story => 1.0,
        Flavour::Typical => pilot_scale(opts, &h),
    };
    let est = org::build(flavour, scale, &h, &mut phase(opts.seed, 1));
    let mut staff = staff::simulate(&est, &h, &mut phase(opts.seed, 2));
    let cal = Calendar::default();
    let rates = absence_rates(flavour);
    let mut rng = phase(opts.seed, 3);
    let mut abs = absence::absences(&staff, &rates, &h, &cal, &mut rng);
    absence::cover_long_absences(&est, &mut staff, &abs, &h, &mut rng);
    let mut rng = phase(opts.seed, 4);
    if staff.people.seeds.len() > opts.people {
        let map = staff::trim(&mut staff, opts.people, &mut rng);
        abs.retain(|a| map[a.person as usize] != u32::MAX);
        for a in &mut abs {
            a.person = map[a.person as usize];
        }
    } else {
        staff::top_up(&est, &mut staff, opts.people, &h, &mut rng);
    }
    // Each phase draws from its own random stream, so the cases are simulated on a thread of
    // their own, from as soon as the staff are settled, while the other records are made.
    let (cases, mut ds) = std::thread::scope(|s| {
        let sim = opts
            .cases
            .then(|| s.spawn(|| cases::simulate(&est, &staff, &h, &mut phase(opts.seed, 5))));
        let er = absence::er_cases(&staff, &abs, &h, &mut rng);
        let mut rng = phase(opts.seed, 6);
        let people = people::people(&staff.people, &mut rng);
        let pids: Vec<Id> = people.iter().map(|p| p.person_id).collect();
        let ds = Dataset {
            org_units: est.units.clone(),
            people,
            posts: posts(&est, &h),
            contracts: contracts(&est, &staff, &h, &mut rng),
            agency_assignments: assignments(&est, &staff, &h, &mut rng),
            absences: absences_out(&abs, &h),
            er_cases: Some(er_out(&er, &h)),
            ..Dataset::default()
        };
        let cases = sim.map(|sim| {
            let (allocs, care) = crate::par::join(sim);
            cases_out(&allocs, &care, &pids, &h)
        });
        (cases, ds)
    });
    if let Some((allocs, care)) = cases {
        ds.case_allocations = Some(allocs);
        ds.care_periods = Some(care);
    }
    Ok(ds)
}

/// The embedded demo council: [`generate`] with [`GenerateOptions::demo`].
///
/// For the year ending 30 September 2021 (CSWW scope) it has about 200 FTE social workers in
/// post, turnover near 36%, an agency rate near 31%, a vacancy rate near 33%, agency shares
/// of about 48% in MASH, 72% in Assessment and 37% in Children and Families First, agency
/// assignments of 0–26 weeks, 27–52 weeks and over a year near 59, 26 and 26, sickness near 7%
/// of working days and caseloads from 14 to 45. The data runs from October 2016 to September 2023.
pub fn demo() -> Dataset {
    generate(&GenerateOptions::demo()).expect("the demo options are valid")
}

/// Scale of the typical council's establishment so the history has about `people` people:
/// a small pilot run measures people per post.
fn pilot_scale(opts: &GenerateOptions, h: &Horizon) -> f64 {
    let est = org::build(Flavour::Typical, 1.0, h, &mut phase(opts.seed, 101));
    let staff = staff::simulate(&est, h, &mut phase(opts.seed, 102));
    let per_scale = staff.people.seeds.len() as f64;
    // Absence cover adds a few per cent; the rest is topped up with casual temps.
    0.9 * opts.people as f64 / per_scale
}

fn absence_rates(flavour: Flavour) -> AbsenceRates {
    match flavour {
        Flavour::Story => AbsenceRates {
            short_sickness: 2.3,
            long_sickness: 0.28,
            other_leave: 0.4,
            long_extra_days: 40.0,
        },
        Flavour::Typical => AbsenceRates {
            short_sickness: 2.2,
            long_sickness: 0.18,
            other_leave: 0.4,
            long_extra_days: 30.0,
        },
    }
}

/// Job title of a role in a team.
fn title(est: &Establishment, team: u32, role: Option<u8>, family: Family) -> &'static str {
    match (role, family) {
        (Some(1), _) => "Head of Service",
        (Some(2), _) => "Service Manager",
        (Some(3), _) => "Team Manager",
        (Some(4), _) => "Senior Practitioner",
        (Some(6), _) if est.teams[team as usize].kind == org::Kind::Conference => {
            "Independent Reviewing Officer"
        }
        (Some(6), _) => "Practice Lead",
        (Some(_), _) => "Social Worker",
        (None, Family::PersonalAdviser) => "Personal Adviser",
        (None, Family::EdPsych) => "Educational Psychologist",
        (None, _) => "Business Support Officer",
    }
}

/// Grade and its full-time pay in April 2015.
fn grade(role: Option<u8>, family: Family, newly_qualified: bool) -> (&'static str, f64) {
    match (role, family) {
        (Some(1), _) => ("G16", 78_000.0),
        (Some(2), _) => ("G14", 56_000.0),
        (Some(3), _) => ("G12", 47_000.0),
        (Some(4) | Some(6), _) => ("G11", 42_000.0),
        (Some(_), _) if newly_qualified => ("G9", 31_500.0),
        (Some(_), _) => ("G10", 36_000.0),
        (None, Family::EdPsych) => ("Soulbury B", 52_000.0),
        (None, Family::PersonalAdviser) => ("G8", 27_500.0),
        (None, _) => ("G4", 20_500.0),
    }
}

fn posts(est: &Establishment, h: &Horizon) -> Vec<Post> {
    est.posts
        .iter()
        .enumerate()
        .map(|(i, p)| Post {
            post_id: id('J', i + 1, 5).into(),
            org_unit_id: est.teams[p.team as usize].unit_id.clone().into(),
            title: Some(title(est, p.team, p.role, p.family).to_string().into()),
            job_family: Some(p.family.as_str().to_string().into()),
            csww_role: p.role,
            fte: p.fte,
            start_date: date(p.start),
            end_date: end_date(p.end, h.end),
            grade: Some(grade(p.role, p.family, false).0.to_string().into()),
        })
        .collect()
}

/// For each employee stint: does it start a service spell, and does it end one?
/// Stints in the CSWW scope form spells with the person's other in-scope stints only.
fn spell_edges(staff: &Staff) -> Vec<(bool, bool)> {
    let mut idx: Vec<u32> = (0..staff.emps.len() as u32).collect();
    idx.sort_unstable_by_key(|&k| {
        (
            staff.emps[k as usize].person,
            staff.emps[k as usize].start,
            k,
        )
    });
    let mut out = vec![(true, true); staff.emps.len()];
    let mut i = 0;
    while i < idx.len() {
        let p = staff.emps[idx[i] as usize].person;
        let mut j = i;
        while j < idx.len() && staff.emps[idx[j] as usize].person == p {
            j += 1;
        }
        let group = &idx[i..j];
        for &k in group {
            let e = &staff.emps[k as usize];
            let same = |o: &EmpStint| e.role.is_none() || o.role.is_some();
            let starts = !group.iter().any(|&o| {
                let x = &staff.emps[o as usize];
                o != k
                    && same(x)
                    && (x.start, o) < (e.start, k)
                    && (x.end == OPEN || x.end + 1 >= e.start)
            });
            let ends = e.end == OPEN
                || !group.iter().any(|&o| {
                    let x = &staff.emps[o as usize];
                    o != k && same(x) && x.start <= e.end + 1 && (x.end, o) > (e.end, k)
                });
            out[k as usize] = (starts, ends && e.end != OPEN);
        }
        i = j;
    }
    out
}

fn start_origin(e: &EmpStint, first: bool, staff: &Staff, rng: &mut Random) -> Option<u8> {
    Some(match e.origin {
        Origin::FromAgency => 4,
        Origin::Rejoiner => rng.weighted(&[(2, 0.4), (5, 0.2), (7, 0.3), (8, 0.1)]),
        Origin::New if first && staff.people.seeds[e.person as usize].newly_qualified => 1,
        Origin::New => rng.weighted(&[
            (2, 0.4),
            (3, 0.05),
            (4, 0.08),
            (5, 0.12),
            (6, 0.12),
            (7, 0.08),
            (8, 0.05),
            (9, 0.1),
        ]),
        Origin::InternalMove | Origin::Concurrent => 9,
    })
}

/// ReasonLeave and LeaverDestination of a stint that ends a spell.
fn leaving_codes(e: &EmpStint, staff: &Staff, rng: &mut Random) -> (u8, Option<u8>) {
    let reason = match e.exit {
        Exit::ToAgency => return (1, Some(3)),
        Exit::NonSwRole => return (7, Some(5)),
        Exit::PostDeleted => rng.weighted(&[(2, 0.5), (3, 0.5)]),
        Exit::InternalMove => 8,
        Exit::Normal if e.ctype == ContractType::FixedTerm => 8,
        Exit::Normal
            if staff.people.seeds[e.person as usize].age_on(e.end) >= 60 && rng.chance(0.6) =>
        {
            5
        }
        Exit::Normal => rng.weighted(&[
            (1, 0.78),
            (2, 0.01),
            (3, 0.01),
            (4, 0.03),
            (6, 0.005),
            (8, 0.065),
            (9, 0.1),
        ]),
    };
    let dest = match reason {
        1 => Some(rng.weighted(&[
            (1, 0.45),
            (3, 0.1),
            (4, 0.1),
            (5, 0.06),
            (6, 0.09),
            (7, 0.05),
            (8, 0.15),
        ])),
        2 | 3 | 5 => Some(6),
        4 => Some(rng.weighted(&[(6, 0.5), (8, 0.5)])),
        6 => None,
        8 => Some(rng.weighted(&[(1, 0.3), (6, 0.3), (8, 0.4)])),
        _ => Some(rng.weighted(&[(8, 0.7), (9, 0.3)])),
    };
    (reason, dest)
}

/// Full-time annual pay on day `d` for a grade, by HR system (system B pays 3% less).
fn pay(base: f64, d: i32, system: u8, step: i32) -> f64 {
    let years = (date(d).year() - 2015).max(0);
    let p = base
        * 1.022f64.powi(years)
        * (1.0 + 0.025 * step as f64)
        * if system == 1 { 0.97 } else { 1.0 };
    p.round()
}

/// Contract pieces of a stint: fixed-term contracts are renewed back to back. A stint still
/// open at the end of the history ends with an open piece.
fn pieces(e: &EmpStint, history_end: i32, rng: &mut Random) -> Vec<(i32, i32)> {
    if e.ctype != ContractType::FixedTerm {
        return vec![(e.start, e.end)];
    }
    let last_day = e.end.min(history_end);
    let mut out = Vec::new();
    let mut d = e.start;
    loop {
        let len = rng.int(180, 540);
        if d + len > last_day - 60 {
            out.push((d, e.end));
            return out;
        }
        out.push((d, d + len - 1));
        d += len;
    }
}

fn contracts(est: &Establishment, staff: &Staff, h: &Horizon, rng: &mut Random) -> Vec<Contract> {
    let edges = spell_edges(staff);
    let mut order: Vec<u32> = (0..staff.emps.len() as u32).collect();
    order.sort_unstable_by_key(|&k| (staff.emps[k as usize].start, k));
    let mut seen = vec![false; staff.people.seeds.len()];
    let mut out = Vec::with_capacity(staff.emps.len() * 5 / 4);
    for k in order {
        let e = &staff.emps[k as usize];
        let seed = &staff.people.seeds[e.person as usize];
        let first = !std::mem::replace(&mut seen[e.person as usize], true);
        let (starts, ends) = edges[k as usize];
        let in_scope = e.role.is_some();
        let origin = (in_scope && starts)
            .then(|| start_origin(e, first, staff, rng))
            .flatten();
        let leaving = (in_scope && ends).then(|| leaving_codes(e, staff, rng));
        let (grade, base) = grade(e.role, e.family, seed.newly_qualified && first);
        let step = rng.int(0, 2);
        let parts = pieces(e, h.end, rng);
        let n = parts.len();
        for (i, (s, t)) in parts.into_iter().enumerate() {
            let last = i + 1 == n;
            out.push(Contract {
                contract_id: id('K', out.len() + 1, 7).into(),
                person_id: person_id(e.person).into(),
                org_unit_id: est.teams[e.team as usize].unit_id.clone().into(),
                post_id: e.post.map(|p| id('J', p as usize + 1, 5).into()),
                title: Some(title(est, e.team, e.role, e.family).to_string().into()),
                job_family: Some(e.family.as_str().to_string().into()),
                csww_role: e.role,
                fte: e.fte,
                start_date: date(s),
                end_date: end_date(t, h.end),
                contract_type: Some(e.ctype),
                reason_leave: if last { leaving.map(|l| l.0) } else { None },
                start_origin: if i == 0 { origin } else { None },
                leaver_destination: if last {
                    leaving.and_then(|l| l.1)
                } else {
                    None
                },
                grade: Some(grade.to_string().into()),
                annual_pay: Some(pay(base, s, seed.system, step)),
                source_system: Some(seed.system_name().to_string().into()),
            });
        }
    }
    out
}

const AGENCIES: [(&str, f64); 6] = [
    ("Sanctuary Personnel", 0.25),
    ("Hays Social Care", 0.2),
    ("Liquid Personnel", 0.15),
    ("Charles Hunter Associates", 0.15),
    ("Reed Social Care", 0.15),
    ("Service Care Solutions", 0.1),
];

fn hourly_charge(role: Option<u8>, family: Family, d: i32, rng: &mut Random) -> f64 {
    let base = match (role, family) {
        (Some(1 | 2), _) => 70.0,
        (Some(3), _) => 52.0,
        (Some(4), _) => 46.0,
        (Some(_), _) => 41.0,
        (None, Family::EdPsych) => 65.0,
        (None, Family::PersonalAdviser) => 24.0,
        (None, _) => 16.0,
    };
    let years = (date(d).year() - 2016).max(0);
    (base * 1.03f64.powi(years) * (0.92 + 0.16 * rng.unit()) * 100.0).round() / 100.0
}

fn assignments(
    est: &Establishment,
    staff: &Staff,
    h: &Horizon,
    rng: &mut Random,
) -> Vec<AgencyAssignment> {
    let mut order: Vec<u32> = (0..staff.agency.len() as u32).collect();
    order.sort_unstable_by_key(|&k| (staff.agency[k as usize].start, k));
    let mut out = Vec::with_capacity(order.len());
    for k in order {
        let a = &staff.agency[k as usize];
        let shown = match a.cover {
            CoverReason::Vacancy => 0.8,
            CoverReason::Additional => 0.75,
            CoverReason::Absence => 0.85,
        };
        let actual = if a.end == OPEN {
            h.end + 60 - a.start + 1
        } else {
            a.end - a.start + 1
        };
        let planned = if rng.chance(0.6) {
            (actual + 90) / 91 * 91
        } else {
            ((actual as f64 * (0.4 + 0.5 * rng.unit())) as i32).max(28)
        };
        out.push(AgencyAssignment {
            assignment_id: id('A', out.len() + 1, 6).into(),
            person_id: person_id(a.person).into(),
            agency: Some(rng.weighted(&AGENCIES).to_string().into()),
            org_unit_id: est.teams[a.team as usize].unit_id.clone().into(),
            post_id: a.post.map(|p| id('J', p as usize + 1, 5).into()),
            cover_reason: rng.chance(shown).then_some(a.cover),
            title: Some(title(est, a.team, a.role, a.family).to_string().into()),
            job_family: Some(a.family.as_str().to_string().into()),
            csww_role: a.role,
            fte: a.fte,
            start_date: date(a.start),
            end_date: end_date(a.end, h.end),
            planned_end_date: Some(date(a.start + planned - 1)),
            hourly_charge: Some(hourly_charge(a.role, a.family, a.start, rng)),
        });
    }
    out
}

fn absences_out(abs: &[absence::AbsenceRec], h: &Horizon) -> Vec<crate::model::Absence> {
    let mut order: Vec<usize> = (0..abs.len()).collect();
    order.sort_unstable_by_key(|&i| (abs[i].start, abs[i].person));
    order
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let a = &abs[i];
            crate::model::Absence {
                absence_id: id('B', n + 1, 7).into(),
                person_id: person_id(a.person).into(),
                absence_type: a.kind,
                reason: Some(a.reason.to_string().into()),
                start_date: date(a.start),
                end_date: end_date(a.end, h.end),
                working_days_lost: a
                    .working_days_lost
                    .filter(|_| a.kind == AbsenceType::Sickness),
            }
        })
        .collect()
}

fn er_out(er: &[absence::ErRec], h: &Horizon) -> Vec<ErCase> {
    er.iter()
        .enumerate()
        .map(|(n, c)| ErCase {
            case_id: id('E', n + 1, 6).into(),
            person_id: person_id(c.person).into(),
            case_type: c.kind,
            opened_date: date(c.opened),
            closed_date: end_date(c.closed, h.end),
            outcome: (!c.outcome.is_empty()).then(|| c.outcome.to_string()),
        })
        .collect()
}

/// The simulated allocations and care periods as records: the allocations in two halves on
/// two threads (the thread that made the other records waits for the simulation and is
/// free), each written in place into its part of the one output vector, their dates looked
/// up in a table of the history's days.
fn cases_out(
    allocs: &[cases::AllocRec],
    care: &[cases::CareRec],
    pids: &[Id],
    h: &Horizon,
) -> (Vec<CaseAllocation>, Vec<CarePeriod>) {
    let days = Days::of(h);
    let (first, second) = allocs.split_at(allocs.len() / 2);
    let kept = |part: &[cases::AllocRec]| part.iter().filter(|a| kept_alloc(a)).count();
    let blank = CaseAllocation {
        child_id: EcoString::new(),
        person_id: Id::default(),
        start_date: Date::MIN,
        end_date: None,
    };
    let in_first = kept(first);
    let mut all = vec![blank; in_first + kept(second)];
    let (head, tail) = all.split_at_mut(in_first);
    let fill = |out: &mut [CaseAllocation], part| {
        out.iter_mut()
            .zip(allocs_out(part, pids, h, &days))
            .for_each(|(o, a)| *o = a);
    };
    let care = std::thread::scope(|s| {
        let later = s.spawn(|| fill(tail, second));
        fill(head, first);
        let care = care_out(care, h, &days);
        crate::par::join(later);
        care
    });
    (all, care)
}

/// Whether a simulated allocation becomes a record (one that ends before it starts does not).
fn kept_alloc(a: &cases::AllocRec) -> bool {
    a.end == OPEN || a.end >= a.start
}

fn allocs_out<'a>(
    allocs: &'a [cases::AllocRec],
    pids: &'a [Id],
    h: &'a Horizon,
    days: &'a Days,
) -> impl Iterator<Item = CaseAllocation> + 'a {
    allocs
        .iter()
        .filter(|a| kept_alloc(a))
        .map(|a| CaseAllocation {
            child_id: id('C', a.child as usize + 1, 7).into(),
            person_id: pids[a.person as usize],
            start_date: days.date(a.start),
            end_date: days.end_date(a.end, h.end),
        })
}

fn care_out(care: &[cases::CareRec], h: &Horizon, days: &Days) -> Vec<CarePeriod> {
    care.iter()
        .filter(|c| c.end == OPEN || c.end >= c.start)
        .map(|c| CarePeriod {
            child_id: id('C', c.child as usize + 1, 7).into(),
            start_date: days.date(c.start),
            end_date: days.end_date(c.end, h.end),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_options() {
        let bad = [
            GenerateOptions {
                people: 10,
                ..Default::default()
            },
            GenerateOptions {
                end: ymd(2015, 6, 1),
                ..Default::default()
            },
            GenerateOptions {
                anchor: Some(ymd(2030, 1, 1)),
                ..Default::default()
            },
        ];
        for o in bad {
            assert!(generate(&o).unwrap_err().is_invalid_argument());
        }
    }

    #[test]
    fn default_anchor_is_last_30_september() {
        let h = GenerateOptions::default().validate().unwrap();
        assert_eq!(date(h.anchor), ymd(2025, 9, 30));
        let o = GenerateOptions {
            end: ymd(2025, 3, 31),
            ..Default::default()
        };
        assert_eq!(date(o.validate().unwrap().anchor), ymd(2024, 9, 30));
    }
}
