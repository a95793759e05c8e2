//! The time rules of the data contract, implemented once.
//!
//! [`Workforce`] indexes a [`Dataset`] for fast queries: ids become dense integers, dates become
//! day numbers, the org tree is numbered depth-first so a unit and its descendants are one
//! contiguous range, and each unit keeps its records sorted by (person, start). Every metric asks
//! [`Workforce::stocks`] (figures on dates) and [`Workforce::flows`] (figures over periods);
//! no metric re-implements "in post on T".
//!
//! The rules, from `data-format.md`:
//! - a unit's figures use the records of the unit and its descendants only, and build service
//!   spells from those records alone;
//! - a spell is the union of a person's in-scope contract intervals, where a contract starting
//!   no later than `rejoin_grace_days + 1` days after the spell's end continues it;
//! - in post on T: a contract covers T and the person's spell does not end on T;
//! - starters and leavers are spells starting or ending in the period;
//! - agency workers have spells of their own, built from their assignments, and are a stock only;
//! - posts are open on T when `start ≤ T` and (`end` empty or `T < end`).
//!
//! Where the contract leaves a choice, these are the readings taken:
//! - a case allocation is open on T when `start ≤ T ≤ end` (its end is its last day);
//! - a post filled by a contract of another unit is vacant for the post's own unit (that
//!   unit's figures use its records only), and agency naming it covers that vacancy there;
//! - recorded working days lost count for an ended absence only while the person holds an
//!   in-scope contract of the unit during the part of the absence inside the period, and the
//!   absence has ended when its `end_date` is filled in, even after the period;
//! - the derived FTE of a day is that of the in-scope contracts covering it (the last day of a
//!   spell included).

use crate::calendar::Calendar;
use crate::cases::{self, ByPerson, OpenCases};
use crate::error::{Error, ErrorKind, Result};
use crate::id::{Id, IdMap, IdNumbers, PREFETCH_AHEAD};
use crate::model::{
    Absence, AbsenceType, CaseAllocation, ContractType, CoverReason, Dataset, Date,
};
use crate::options::{AbsenceDenominator, AgencyHeadcount, Options};
use chrono::Datelike;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::OnceLock;

/// Day number of an open end date.
pub(crate) const OPEN: i32 = i32::MAX;
/// FTE differences smaller than this are rounding error, not vacancy.
const FTE_EPSILON: f64 = 1e-9;
/// No index.
pub(crate) const NONE: u32 = u32::MAX;

/// Day number (days from the common era) of a date.
pub fn day(d: Date) -> i32 {
    d.num_days_from_ce()
}

/// The date of a day number.
pub fn date(day: i32) -> Date {
    Date::from_num_days_from_ce_opt(day).expect("day number in range")
}

/// Which records a figure counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Registered children's social workers: records with a `csww_role` (DfE CSWW scope).
    Csww,
    /// The whole workforce: every record.
    All,
    /// Records of one job family (e.g. `educational_psychology`).
    JobFamily(String),
}

impl Scope {
    /// Parse `csww`, `all` or `family:NAME` (a bare name is taken as a job family).
    pub fn parse(s: &str) -> Scope {
        match s {
            "csww" => Scope::Csww,
            "all" => Scope::All,
            other => Scope::JobFamily(other.strip_prefix("family:").unwrap_or(other).to_string()),
        }
    }
    /// The text form accepted by [`Scope::parse`].
    pub fn label(&self) -> String {
        match self {
            Scope::Csww => "csww".into(),
            Scope::All => "all".into(),
            Scope::JobFamily(f) => format!("family:{f}"),
        }
    }
}

/// A record's scope keys, compact.
#[derive(Clone, Copy, Debug)]
struct Keys {
    role: u8,
    family: u32,
    casual: bool,
}

/// A scope resolved against the interned job families.
#[derive(Clone, Copy, Debug)]
struct ScopeFilter {
    csww: bool,
    family: Option<u32>,
    exclude_casual: bool,
}

impl ScopeFilter {
    #[inline]
    fn admits(&self, k: Keys) -> bool {
        (!self.csww || k.role != 0)
            && self.family.is_none_or(|f| f == k.family)
            && !(self.exclude_casual && k.casual)
    }
}

/// An employment contract or agency assignment, compact.
#[derive(Clone, Copy, Debug)]
struct Rec {
    person: u32,
    post: u32,
    keys: Keys,
    cover: u8, // 0 unknown, 1 vacancy, 2 absence, 3 additional
    fte: f64,
    start: i32,
    end: i32,
    /// Index into the dataset's vector.
    idx: u32,
}

#[derive(Clone, Copy, Debug)]
struct PostRec {
    keys: Keys,
    fte: f64,
    start: i32,
    end: i32,
    idx: u32,
}

/// A sickness absence in the index.
#[derive(Clone, Copy, Debug)]
struct AbsRec {
    start: i32,
    end: i32,
    /// Index into the dataset's `absences`.
    idx: u32,
    /// Its recorded working days lost when an `f32` holds them exactly (most are whole or
    /// half days), NaN when none were recorded, and +∞ for a value read from the data set.
    recorded: f32,
}

impl AbsRec {
    fn new(idx: usize, a: &Absence) -> AbsRec {
        let recorded = match a.working_days_lost.filter(|d| !d.is_nan()) {
            None => f32::NAN,
            Some(d) if f64::from(d as f32) == d => d as f32,
            Some(_) => f32::INFINITY,
        };
        AbsRec {
            start: day(a.start_date),
            end: a.end_date.map_or(OPEN, day),
            idx: idx as u32,
            recorded,
        }
    }

    /// The recorded working days lost (`working_days_lost`, NaN counting as none).
    fn recorded(&self, data: &Dataset) -> Option<f64> {
        match self.recorded {
            d if d.is_nan() => None,
            f32::INFINITY => data.absences[self.idx as usize]
                .working_days_lost
                .filter(|d| !d.is_nan()),
            d => Some(f64::from(d)),
        }
    }
}

/// One org unit, with its depth-first range.
#[derive(Clone, Debug)]
struct Unit {
    /// Index into the dataset's `org_units`.
    idx: u32,
    /// Depth-first position range [first, last] of the unit and its descendants.
    first: u32,
    last: u32,
    /// Contract indexes of the subtree, sorted by (person, start).
    contracts: Vec<u32>,
    /// Assignment indexes of the subtree, sorted by (person, start).
    assignments: Vec<u32>,
    /// Post index range of the subtree (posts are sorted by unit position).
    posts: (u32, u32),
    depth: u32,
}

/// A data set indexed for the time rules. Built once; every query borrows it.
#[derive(Clone, Debug)]
pub struct Workforce {
    data: Dataset,
    calendar: Calendar,
    /// Units in depth-first order.
    units: Vec<Unit>,
    unit_pos: IdMap<u32>,
    contracts: Vec<Rec>,
    assignments: Vec<Rec>,
    /// Posts sorted by unit position.
    posts: Vec<PostRec>,
    post_pos: Vec<u32>, // dataset post index -> position in `posts`
    families: Vec<String>,
    /// Sickness absences by person: offsets into `sickness`.
    sick_off: Vec<u32>,
    sickness: Vec<AbsRec>,
    /// Case allocations by person, built by the first query about single people's cases.
    by_person: OnceLock<ByPerson<(i32, i32)>>,
    has_allocations: bool,
}

/// Figures on one date for one unit and scope (the stock side of every measure).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stock {
    /// The date.
    pub date: Option<Date>,
    /// Employed FTE in post.
    pub inpost_fte: f64,
    /// Employed people in post.
    pub inpost_headcount: f64,
    /// Agency FTE in post.
    pub agency_fte: f64,
    /// Agency workers in post (people or records, per options).
    pub agency_headcount: f64,
    /// Agency FTE covering a vacancy.
    pub agency_cover_fte: f64,
    /// Agency workers covering a vacancy.
    pub agency_cover_headcount: f64,
    /// Vacancy FTE: Σ over open posts of max(0, post FTE − FTE of in-post contracts naming it).
    pub vacancy_fte: f64,
    /// Funded FTE of the posts open on the date.
    pub establishment_fte: f64,
    /// FTE (employees and agency, per options) of those holding at least one case.
    pub case_holders_fte: f64,
    /// People holding at least one case.
    pub case_holders_headcount: f64,
    /// Cases held by in-post staff.
    pub cases: f64,
}

/// Figures over one period for one unit and scope (the flow side of every measure).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    /// First day of the period.
    pub from: Option<Date>,
    /// Last day of the period.
    pub to: Option<Date>,
    /// FTE of starters (in-scope contracts covering each spell's first day).
    pub starters_fte: f64,
    /// Spells starting in the period.
    pub starters_headcount: f64,
    /// FTE of leavers (in-scope contracts covering each spell's last day).
    pub leavers_fte: f64,
    /// Spells ending in the period.
    pub leavers_headcount: f64,
    /// FTE working days lost to sickness in the period.
    pub working_days_lost_fte: f64,
    /// Σ over in-scope contracts of FTE × working days of the contract in the period.
    pub available_fte_days: f64,
    /// Working days in the period.
    pub working_days: f64,
    /// FTE calendar days lost to sickness in the period: Σ over in-scope contracts of FTE ×
    /// calendar days of the absence the contract covers (the `calendar_days` absence basis).
    pub calendar_days_lost_fte: f64,
    /// Σ over in-scope contracts of FTE × calendar days of the contract in the period.
    pub available_fte_calendar_days: f64,
}

/// One record behind a figure, for `explain`.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The part of the figure: `inpost`, `starters`, `leavers`, `agency`, `agency_cover`,
    /// `vacancy`, `establishment`, `cases`, `case_holders`, `working_days_lost`.
    pub part: &'static str,
    /// The table the record comes from: `contracts`, `agency_assignments`, `posts`,
    /// `absences`, `case_allocations`, `people`.
    pub table: &'static str,
    /// The record's id (for people: the person id).
    pub id: String,
    /// The person concerned, when there is one.
    pub person_id: Option<Id>,
    /// What the record adds to the part (FTE, days, 1 for a count).
    pub value: f64,
}

/// A service spell: [start, end] with the range of records (in the person's slice) that made it.
#[derive(Clone, Copy, Debug)]
struct Spell {
    start: i32,
    end: i32,
}

/// The spell holding day `t` for the in-post rule: one that covers `t` and does not end on it,
/// unless end dates count as days in post.
fn spell_on(spells: &[Spell], t: i32, end_inclusive: bool) -> Option<&Spell> {
    spells
        .iter()
        .find(|s| s.start <= t && t <= s.end && (end_inclusive || s.end != t))
}

/// The in-post rule of the data contract: the record covers day `t`, within a spell of its
/// person that holds `t` ([`spell_on`]).
fn in_post(r: &Rec, spells: &[Spell], t: i32, end_inclusive: bool) -> bool {
    r.start <= t && t <= r.end && spell_on(spells, t, end_inclusive).is_some()
}

fn build_spells(recs: &[Rec], grace: i32, out: &mut Vec<Spell>) {
    out.clear();
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
}

/// Calls `each(person, records, spells)` for every person of `list` (indexes into `recs`,
/// sorted by person) who has a record the scope admits, with that person's admitted records
/// and the service spells built from them.
fn for_each_person(
    list: &[u32],
    recs: &[Rec],
    f: ScopeFilter,
    grace: i32,
    mut each: impl FnMut(u32, &[Rec], &[Spell]),
) {
    let mut group: Vec<Rec> = Vec::new();
    let mut spells = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let person = recs[list[i] as usize].person;
        group.clear();
        while i < list.len() && recs[list[i] as usize].person == person {
            let r = recs[list[i] as usize];
            if f.admits(r.keys) {
                group.push(r);
            }
            i += 1;
        }
        if group.is_empty() {
            continue;
        }
        build_spells(&group, grace, &mut spells);
        each(person, &group, &spells);
    }
}

/// The org units in depth-first order (each with its subtree's range) and each unit's
/// position, or the error for a duplicate id, an unknown parent or a cycle.
fn unit_tree(data: &Dataset) -> Result<(Vec<Unit>, IdMap<u32>)> {
    let invalid = |table: &str, msg: String| Error::new(ErrorKind::InvalidData, msg).in_file(table);
    // Units: depth-first numbering.
    let n_units = data.org_units.len();
    let mut by_id: HashMap<&str, u32> = HashMap::with_capacity(n_units);
    for (i, u) in data.org_units.iter().enumerate() {
        if by_id.insert(u.org_unit_id.as_str(), i as u32).is_some() {
            return Err(invalid(
                "org_units.csv",
                format!("duplicate org_unit_id {}", u.org_unit_id),
            ));
        }
    }
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n_units];
    let mut roots = Vec::new();
    for (i, u) in data.org_units.iter().enumerate() {
        match u.parent_id.as_deref() {
            None | Some("") => roots.push(i as u32),
            Some(p) => match by_id.get(p) {
                Some(&pi) => children[pi as usize].push(i as u32),
                None => {
                    return Err(invalid(
                        "org_units.csv",
                        format!("unit {} names unknown parent {p}", u.org_unit_id),
                    ))
                }
            },
        }
    }
    let mut units: Vec<Unit> = Vec::with_capacity(n_units);
    let mut pos_of = vec![NONE; n_units];
    // Iterative DFS: (unit, depth, entered)
    let mut stack: Vec<(u32, u32, bool)> = roots.iter().rev().map(|&r| (r, 0, false)).collect();
    while let Some((u, depth, entered)) = stack.pop() {
        if entered {
            let p = pos_of[u as usize] as usize;
            units[p].last = units.len() as u32 - 1;
            continue;
        }
        pos_of[u as usize] = units.len() as u32;
        units.push(Unit {
            idx: u,
            first: units.len() as u32,
            last: 0,
            contracts: Vec::new(),
            assignments: Vec::new(),
            posts: (0, 0),
            depth,
        });
        stack.push((u, depth, true));
        for &c in children[u as usize].iter().rev() {
            stack.push((c, depth + 1, false));
        }
    }
    if units.len() != n_units {
        return Err(invalid(
            "org_units.csv",
            "the org unit tree has a cycle".into(),
        ));
    }
    let unit_pos: IdMap<u32> = units
        .iter()
        .enumerate()
        .map(|(p, u)| (data.org_units[u.idx as usize].org_unit_id, p as u32))
        .collect();

    Ok((units, unit_pos))
}

impl Workforce {
    /// Index a data set. Fails with [`ErrorKind::InvalidData`] on broken references or an org
    /// tree with a cycle (the reader rejects such rows, so this only happens for data built in
    /// memory without [`crate::io::check`]).
    ///
    /// The data set is kept as given (the case allocations stay in their order).
    pub fn new(data: Dataset) -> Result<Self> {
        Self::build(data, true)
    }

    /// [`Workforce::new`] of data whose case allocations are known to name only its people
    /// (as [`crate::io::read_dir`] leaves them), which are not checked again.
    pub(crate) fn of_checked(data: Dataset) -> Result<Self> {
        Self::build(data, false)
    }

    fn build(data: Dataset, check_allocations: bool) -> Result<Self> {
        let (units, unit_pos) = unit_tree(&data)?;
        // Every case allocation's person must be one of the people: checked on one thread while
        // the others index the rest.
        let person_ix = cases::person_numbers(&data.people);
        let (checked, indexed) = std::thread::scope(|s| {
            let check = (data.case_allocations.as_deref())
                .filter(|_| check_allocations)
                .map(|al| s.spawn(|| cases::check_people(al, &person_ix)));
            let indexed = Self::index(&data, units, unit_pos, &person_ix);
            (check.map_or(Ok(()), crate::par::join), indexed)
        });
        checked?;
        Ok(Workforce { data, ..indexed? })
    }

    /// The indexes of `data` ([`Workforce::new`]), with an empty data set in their place.
    fn index(
        data: &Dataset,
        units: Vec<Unit>,
        unit_pos: IdMap<u32>,
        person_ix: &IdNumbers,
    ) -> Result<Self> {
        // Sickness absences are grouped by person on another thread while the rest is indexed.
        std::thread::scope(|s| {
            let sick = s.spawn(|| sickness_by_person(data, person_ix));
            Self::index_records(data, units, unit_pos, person_ix, sick)
        })
    }

    /// [`Workforce::index`] of everything but the sickness absences, which `sick` gives.
    fn index_records(
        data: &Dataset,
        mut units: Vec<Unit>,
        unit_pos: IdMap<u32>,
        person_ix: &IdNumbers,
        sick: std::thread::ScopedJoinHandle<'_, Result<(Vec<u32>, Vec<AbsRec>)>>,
    ) -> Result<Self> {
        let invalid =
            |table: &str, msg: String| Error::new(ErrorKind::InvalidData, msg).in_file(table);

        let mut fam_ix: HashMap<String, u32> = HashMap::new();
        let mut families: Vec<String> = Vec::new();
        let mut family = |f: &Option<Id>| -> u32 {
            match f {
                None => NONE,
                Some(f) => match fam_ix.get(f.as_str()) {
                    Some(&i) => i,
                    None => {
                        families.push(f.to_string());
                        fam_ix.insert(f.to_string(), families.len() as u32 - 1);
                        families.len() as u32 - 1
                    }
                },
            }
        };
        let post_ix: IdMap<u32> = data
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.post_id, i as u32))
            .collect();
        let unit_of = |table: &str, id: &str, u: &Id| -> Result<u32> {
            unit_pos
                .get(u)
                .copied()
                .ok_or_else(|| invalid(table, format!("{id}: unknown org_unit_id {u}")))
        };
        let person_of = |table: &str, id: &str, p: &Id| -> Result<u32> {
            person_ix
                .get(*p)
                .ok_or_else(|| invalid(table, format!("{id}: unknown person_id {p}")))
        };
        let post_of = |table: &str, id: &str, p: &Option<Id>| -> Result<u32> {
            match p {
                None => Ok(NONE),
                Some(p) => post_ix
                    .get(p)
                    .copied()
                    .ok_or_else(|| invalid(table, format!("{id}: unknown post_id {p}"))),
            }
        };
        let end_of = |d: Option<Date>| d.map_or(OPEN, day);

        // Posts, sorted by unit position.
        let mut posts: Vec<(u32, PostRec)> = Vec::with_capacity(data.posts.len());
        for (i, p) in data.posts.iter().enumerate() {
            let u = unit_of("posts.csv", &p.post_id, &p.org_unit_id)?;
            posts.push((
                u,
                PostRec {
                    keys: Keys {
                        role: p.csww_role.unwrap_or(0),
                        family: family(&p.job_family),
                        casual: false,
                    },
                    fte: p.fte,
                    start: day(p.start_date),
                    end: end_of(p.end_date),
                    idx: i as u32,
                },
            ));
        }
        posts.sort_by_key(|(u, p)| (*u, p.idx));
        let mut post_pos = vec![NONE; posts.len()];
        for (k, (_, p)) in posts.iter().enumerate() {
            post_pos[p.idx as usize] = k as u32;
        }

        let mut contracts: Vec<(u32, Rec)> = Vec::with_capacity(data.contracts.len());
        for (i, c) in data.contracts.iter().enumerate() {
            let t = "contracts.csv";
            contracts.push((
                unit_of(t, &c.contract_id, &c.org_unit_id)?,
                Rec {
                    person: person_of(t, &c.contract_id, &c.person_id)?,
                    post: post_of(t, &c.contract_id, &c.post_id)?,
                    keys: Keys {
                        role: c.csww_role.unwrap_or(0),
                        family: family(&c.job_family),
                        casual: c.contract_type == Some(ContractType::Casual),
                    },
                    cover: 0,
                    fte: c.fte,
                    start: day(c.start_date),
                    end: end_of(c.end_date),
                    idx: i as u32,
                },
            ));
        }
        let mut assignments: Vec<(u32, Rec)> = Vec::with_capacity(data.agency_assignments.len());
        for (i, a) in data.agency_assignments.iter().enumerate() {
            let t = "agency_assignments.csv";
            assignments.push((
                unit_of(t, &a.assignment_id, &a.org_unit_id)?,
                Rec {
                    person: person_of(t, &a.assignment_id, &a.person_id)?,
                    post: post_of(t, &a.assignment_id, &a.post_id)?,
                    keys: Keys {
                        role: a.csww_role.unwrap_or(0),
                        family: family(&a.job_family),
                        casual: false,
                    },
                    cover: match a.cover_reason {
                        None => 0,
                        Some(CoverReason::Vacancy) => 1,
                        Some(CoverReason::Absence) => 2,
                        Some(CoverReason::Additional) => 3,
                    },
                    fte: a.fte,
                    start: day(a.start_date),
                    end: end_of(a.end_date),
                    idx: i as u32,
                },
            ));
        }
        // Sort by unit position so each subtree is a contiguous range.
        contracts.sort_by_key(|(u, r)| (*u, r.person, r.start, r.idx));
        assignments.sort_by_key(|(u, r)| (*u, r.person, r.start, r.idx));
        let range_of = |v: &[(u32, Rec)], first: u32, last: u32| -> (usize, usize) {
            (
                v.partition_point(|(u, _)| *u < first),
                v.partition_point(|(u, _)| *u <= last),
            )
        };
        // Each unit's records (its subtree's, by person): units on every thread.
        let subtree = |v: &[(u32, Rec)], first: u32, last: u32| -> Vec<u32> {
            let (a, b) = range_of(v, first, last);
            let mut ix: Vec<u32> = (a as u32..b as u32).collect();
            if first != last {
                ix.sort_by_key(|&i| {
                    let r = &v[i as usize].1;
                    (r.person, r.start, r.idx)
                });
            }
            ix
        };
        let spans: Vec<(u32, u32)> = units.iter().map(|u| (u.first, u.last)).collect();
        let mut lists = Vec::with_capacity(units.len());
        crate::par::map_in_order(
            &spans,
            |&(first, last)| {
                (
                    subtree(&contracts, first, last),
                    subtree(&assignments, first, last),
                )
            },
            |l| lists.push(l),
        );
        for (u, (c, a)) in units.iter_mut().zip(lists) {
            u.contracts = c;
            u.assignments = a;
            u.posts = (
                posts.partition_point(|(p, _)| *p < u.first) as u32,
                posts.partition_point(|(p, _)| *p <= u.last) as u32,
            );
        }

        let (sick_off, sickness) = crate::par::join(sick)?;

        let calendar = match &data.bank_holidays {
            Some(h) => Calendar::with_holidays(h.clone()),
            None => Calendar::england_and_wales(),
        };
        let has_allocations = data.case_allocations.is_some();
        Ok(Workforce {
            calendar,
            units,
            unit_pos,
            contracts: without_units(contracts),
            assignments: without_units(assignments),
            posts: without_units(posts),
            post_pos,
            families,
            sick_off,
            sickness,
            by_person: OnceLock::new(),
            has_allocations,
            data: Dataset::default(),
        })
    }

    /// The data set.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The data set back, without the indexes (no copy).
    pub fn into_data(self) -> Dataset {
        self.data
    }

    /// The working-day calendar in force.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Job families present in the data, sorted.
    pub fn job_families(&self) -> Vec<String> {
        let mut f = self.families.clone();
        f.sort();
        f
    }

    /// Org unit ids in depth-first order (each unit before its descendants).
    pub fn unit_ids(&self) -> Vec<&str> {
        self.units
            .iter()
            .map(|u| self.data.org_units[u.idx as usize].org_unit_id.as_str())
            .collect()
    }

    /// Depth-first position of a unit, by id.
    fn unit_p(&self, unit: &str) -> Option<u32> {
        Id::existing(unit).and_then(|u| self.unit_pos.get(&u).copied())
    }

    /// Depth of a unit in the tree (roots are 0).
    pub fn unit_depth(&self, unit: &str) -> Option<u32> {
        self.unit_p(unit).map(|p| self.units[p as usize].depth)
    }

    /// Parent of a unit (`None` for a root or an unknown unit).
    pub fn unit_parent(&self, unit: &str) -> Option<&str> {
        self.unit_p(unit).and_then(|p| {
            self.data.org_units[self.units[p as usize].idx as usize]
                .parent_id
                .as_deref()
        })
    }

    /// Name of a unit.
    pub fn unit_name(&self, unit: &str) -> Option<&str> {
        self.unit_p(unit).map(|p| {
            self.data.org_units[self.units[p as usize].idx as usize]
                .name
                .as_str()
        })
    }

    /// Resolve a unit id; `None` means the whole organisation (the root when there is one).
    pub(crate) fn resolve_unit(&self, unit: Option<&str>) -> Result<UnitSel> {
        match unit {
            Some(u) => Id::existing(u)
                .and_then(|u| self.unit_pos.get(&u))
                .map(|&p| UnitSel::Unit(p))
                .ok_or_else(|| Error::invalid_argument(self.unknown_unit_message(u))),
            None => {
                let roots: Vec<u32> = (0..self.units.len() as u32)
                    .filter(|&p| self.units[p as usize].depth == 0)
                    .collect();
                Ok(if roots.len() == 1 {
                    UnitSel::Unit(roots[0])
                } else {
                    UnitSel::All
                })
            }
        }
    }

    /// The message for a unit id that is not in `org_units.csv`; units are named by their
    /// `org_unit_id`, so a unit's name given instead points to the ids that carry it.
    fn unknown_unit_message(&self, u: &str) -> String {
        let named: Vec<&str> = self
            .data
            .org_units
            .iter()
            .filter(|o| o.name.eq_ignore_ascii_case(u.trim()))
            .map(|o| o.org_unit_id.as_str())
            .collect();
        if named.is_empty() {
            format!("unknown org unit {u:?} (give an org_unit_id from org_units.csv)")
        } else {
            format!(
                "unknown org unit {u:?}: units are given by org_unit_id, and {u:?} is the name of {}",
                named.join(", ")
            )
        }
    }

    /// The id reported for a unit selection (`*` for all of several roots).
    pub(crate) fn unit_label(&self, sel: UnitSel) -> String {
        match sel {
            UnitSel::Unit(p) => self.data.org_units[self.units[p as usize].idx as usize]
                .org_unit_id
                .to_string(),
            UnitSel::All => "*".into(),
        }
    }

    fn filter(&self, scope: &Scope, opts: &Options) -> ScopeFilter {
        ScopeFilter {
            csww: *scope == Scope::Csww,
            family: match scope {
                Scope::JobFamily(f) => Some(
                    self.families
                        .iter()
                        .position(|x| x == f)
                        .map_or(NONE - 1, |i| i as u32),
                ),
                _ => None,
            },
            exclude_casual: opts.exclude_casual,
        }
    }

    /// The contracts and agency assignments a selection covers: what its figures cost.
    pub(crate) fn records_in(&self, sel: UnitSel) -> usize {
        match sel {
            UnitSel::Unit(p) => {
                let u = &self.units[p as usize];
                u.contracts.len() + u.assignments.len()
            }
            UnitSel::All => self.contracts.len() + self.assignments.len(),
        }
    }

    fn unit_lists(&self, sel: UnitSel) -> UnitLists<'_> {
        match sel {
            UnitSel::Unit(p) => {
                let u = &self.units[p as usize];
                (
                    Cow::Borrowed(&u.contracts),
                    Cow::Borrowed(&u.assignments),
                    u.posts,
                )
            }
            UnitSel::All => {
                let mut c: Vec<u32> = (0..self.contracts.len() as u32).collect();
                c.sort_by_key(|&i| {
                    (
                        self.contracts[i as usize].person,
                        self.contracts[i as usize].start,
                        self.contracts[i as usize].idx,
                    )
                });
                let mut a: Vec<u32> = (0..self.assignments.len() as u32).collect();
                a.sort_by_key(|&i| {
                    (
                        self.assignments[i as usize].person,
                        self.assignments[i as usize].start,
                        self.assignments[i as usize].idx,
                    )
                });
                (Cow::Owned(c), Cow::Owned(a), (0, self.posts.len() as u32))
            }
        }
    }

    /// Stock figures on each date for a unit (with descendants) and scope.
    pub fn stocks(
        &self,
        unit: Option<&str>,
        scope: &Scope,
        dates: &[Date],
        opts: &Options,
    ) -> Result<Vec<Stock>> {
        let sel = self.resolve_unit(unit)?;
        Ok(self.stocks_sel(sel, scope, dates, opts, Cases::all(dates), None))
    }

    /// Flow figures over each period `[from, to]` for a unit (with descendants) and scope.
    pub fn flows(
        &self,
        unit: Option<&str>,
        scope: &Scope,
        periods: &[(Date, Date)],
        opts: &Options,
    ) -> Result<Vec<Flow>> {
        let sel = self.resolve_unit(unit)?;
        for (a, b) in periods {
            if b < a {
                return Err(Error::invalid_argument(format!(
                    "period ends ({b}) before it starts ({a})"
                )));
            }
        }
        Ok(self.flows_sel(sel, scope, periods, opts, None))
    }

    /// The stock figures; when `explain` is given, the records behind the first date.
    pub(crate) fn stocks_sel(
        &self,
        sel: UnitSel,
        scope: &Scope,
        dates: &[Date],
        opts: &Options,
        cases: Cases<'_>,
        mut explain: Option<&mut Vec<Contribution>>,
    ) -> Vec<Stock> {
        let f = self.filter(scope, opts);
        let (clist, alist, (p0, p1)) = self.unit_lists(sel);
        let ts: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
        let k = ts.len();
        let grace = opts.rejoin_grace_days as i32;
        let incl = opts.end_date_inclusive;
        let mut out: Vec<Stock> = dates
            .iter()
            .map(|&d| Stock {
                date: Some(d),
                ..Stock::default()
            })
            .collect();
        let np = (p1 - p0) as usize;
        // filled[t * np + post]: FTE of in-post contracts naming the post.
        let mut filled = vec![0.0f64; np * k];
        // Per date with a caseload: FTE in post per person who holds a case on that date
        // (employees and agency; everyone in post when the cases are counted afterwards).
        let case_dates = if self.has_allocations {
            cases.dates.min(k)
        } else {
            0
        };
        let mut holder_fte: Vec<Vec<(u32, f64)>> = vec![Vec::new(); case_dates];
        let may_hold = |person: u32, ti: usize| {
            ti < case_dates && cases.open.is_none_or(|c| c.of(person, ti) > 0)
        };

        // Employees.
        for_each_person(
            &clist,
            &self.contracts,
            f,
            grace,
            |person, group, spells| {
                for (ti, &t) in ts.iter().enumerate() {
                    let mut fte = 0.0;
                    let mut any = false;
                    for r in group {
                        if in_post(r, spells, t, incl) {
                            any = true;
                            fte += r.fte;
                            if r.post != NONE {
                                let pp = self.post_pos[r.post as usize];
                                if pp >= p0 && pp < p1 {
                                    filled[ti * np + (pp - p0) as usize] += r.fte;
                                }
                            }
                            if ti == 0 {
                                if let Some(e) = explain.as_deref_mut() {
                                    e.push(self.contrib_contract("inpost", r, r.fte));
                                }
                            }
                        }
                    }
                    if any {
                        let s = &mut out[ti];
                        s.inpost_fte += fte;
                        s.inpost_headcount += 1.0;
                        if may_hold(person, ti) {
                            holder_fte[ti].push((person, fte));
                        }
                    }
                }
            },
        );

        // Posts: establishment and vacancy.
        for (pi, p) in self.posts[p0 as usize..p1 as usize].iter().enumerate() {
            if !f.admits(p.keys) {
                continue;
            }
            for (ti, &t) in ts.iter().enumerate() {
                if p.start <= t && t < p.end {
                    // Sums of FTE carry rounding error: a post filled to within 1e-9 is filled.
                    let gap = p.fte - filled[ti * np + pi];
                    let vac = if gap > FTE_EPSILON { gap } else { 0.0 };
                    out[ti].establishment_fte += p.fte;
                    out[ti].vacancy_fte += vac;
                    if ti == 0 {
                        if let Some(e) = explain.as_deref_mut() {
                            e.push(self.contrib_post("establishment", p, p.fte));
                            if vac > 0.0 {
                                e.push(self.contrib_post("vacancy", p, vac));
                            }
                        }
                    }
                }
            }
        }
        let vacant = |ti: usize, post: u32| -> bool {
            if post == NONE {
                return false;
            }
            let pp = self.post_pos[post as usize];
            if pp < p0 || pp >= p1 {
                return false;
            }
            let p = &self.posts[pp as usize];
            let t = ts[ti];
            f.admits(p.keys)
                && p.start <= t
                && t < p.end
                && p.fte - filled[ti * np + (pp - p0) as usize] > FTE_EPSILON
        };

        // Agency workers: spells of their own, a stock only.
        for_each_person(
            &alist,
            &self.assignments,
            f,
            grace,
            |person, group, spells| {
                for (ti, &t) in ts.iter().enumerate() {
                    let (mut fte, mut cover_fte, mut n, mut n_cover) = (0.0, 0.0, 0.0, 0.0);
                    for r in group {
                        if in_post(r, spells, t, incl) {
                            let covers = r.cover == 1 || (r.cover == 0 && vacant(ti, r.post));
                            fte += r.fte;
                            n += 1.0;
                            if covers {
                                cover_fte += r.fte;
                                n_cover += 1.0;
                            }
                            if ti == 0 {
                                if let Some(e) = explain.as_deref_mut() {
                                    e.push(self.contrib_assignment("agency", r, r.fte));
                                    if covers {
                                        e.push(self.contrib_assignment("agency_cover", r, r.fte));
                                    }
                                }
                            }
                        }
                    }
                    if n > 0.0 {
                        let s = &mut out[ti];
                        s.agency_fte += fte;
                        s.agency_cover_fte += cover_fte;
                        match opts.agency_headcount {
                            AgencyHeadcount::People => {
                                s.agency_headcount += 1.0;
                                s.agency_cover_headcount += if n_cover > 0.0 { 1.0 } else { 0.0 };
                            }
                            AgencyHeadcount::Records => {
                                s.agency_headcount += n;
                                s.agency_cover_headcount += n_cover;
                            }
                        }
                        if opts.caseload_include_agency && may_hold(person, ti) {
                            holder_fte[ti].push((person, fte));
                        }
                    }
                }
            },
        );

        // Caseload: allocations open on T held by someone in post on T in scope.
        for (ti, holders) in holder_fte.iter_mut().enumerate() {
            let t = ts[ti];
            // Employees then agency workers, each sorted by person: merge a person's FTE.
            holders.sort_by_key(|h| h.0);
            holders.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            for &(person, fte) in holders.iter() {
                let n = match cases.open {
                    Some(c) => c.of(person, ti) as usize,
                    None => self.open_cases_of(person, t),
                };
                if n > 0 {
                    let s = &mut out[ti];
                    s.cases += n as f64;
                    s.case_holders_fte += fte;
                    s.case_holders_headcount += 1.0;
                    if ti == 0 {
                        if let Some(e) = explain.as_deref_mut() {
                            let pid = &self.data.people[person as usize].person_id;
                            e.push(Contribution {
                                part: "case_holders",
                                table: "people",
                                id: pid.to_string(),
                                person_id: Some(*pid),
                                value: fte,
                            });
                            e.push(Contribution {
                                part: "cases",
                                table: "case_allocations",
                                id: pid.to_string(),
                                person_id: Some(*pid),
                                value: n as f64,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// The flow figures; when `explain` is given, the records behind the first period.
    pub(crate) fn flows_sel(
        &self,
        sel: UnitSel,
        scope: &Scope,
        periods: &[(Date, Date)],
        opts: &Options,
        mut explain: Option<&mut Vec<Contribution>>,
    ) -> Vec<Flow> {
        let f = self.filter(scope, opts);
        let (clist, _, _) = self.unit_lists(sel);
        let ps: Vec<(i32, i32)> = periods.iter().map(|&(a, b)| (day(a), day(b))).collect();
        let grace = opts.rejoin_grace_days as i32;
        let cal = &self.calendar;
        let calendar_days = opts.absence_denominator == AbsenceDenominator::CalendarDays;
        let mut out: Vec<Flow> = periods
            .iter()
            .zip(&ps)
            .map(|(&(a, b), &(da, db))| Flow {
                from: Some(a),
                to: Some(b),
                working_days: cal.working_days_between(da, db) as f64,
                ..Flow::default()
            })
            .collect();
        for_each_person(
            &clist,
            &self.contracts,
            f,
            grace,
            |person, group, spells| {
                let sick = &self.sickness[self.sick_off[person as usize] as usize
                    ..self.sick_off[person as usize + 1] as usize];
                for (pi, &(a, b)) in ps.iter().enumerate() {
                    let o = &mut out[pi];
                    for s in spells {
                        if a <= s.start && s.start <= b {
                            o.starters_headcount += 1.0;
                            for r in group
                                .iter()
                                .filter(|r| r.start <= s.start && s.start <= r.end)
                            {
                                o.starters_fte += r.fte;
                                if pi == 0 {
                                    if let Some(e) = explain.as_deref_mut() {
                                        e.push(self.contrib_contract("starters", r, r.fte));
                                    }
                                }
                            }
                        }
                        if s.end != OPEN && a <= s.end && s.end <= b {
                            o.leavers_headcount += 1.0;
                            for r in group.iter().filter(|r| r.start <= s.end && s.end <= r.end) {
                                o.leavers_fte += r.fte;
                                if pi == 0 {
                                    if let Some(e) = explain.as_deref_mut() {
                                        e.push(self.contrib_contract("leavers", r, r.fte));
                                    }
                                }
                            }
                        }
                    }
                    for r in group {
                        let (x, y) = (r.start.max(a), r.end.min(b));
                        if x <= y {
                            o.available_fte_days += r.fte * cal.working_days_between(x, y) as f64;
                            o.available_fte_calendar_days += r.fte * (y - x + 1) as f64;
                        }
                    }
                    // Sickness: days inside the period, FTE-weighted (derived) or pro-rated (recorded).
                    for ab in sick {
                        if !opts.sickness_excluded_reasons.is_empty()
                            && !opts.counts_as_sickness(&self.data.absences[ab.idx as usize])
                        {
                            continue;
                        }
                        let (x, y) = (ab.start.max(a), ab.end.min(b));
                        if x > y {
                            continue;
                        }
                        if calendar_days {
                            for r in group {
                                let (u, v) = (x.max(r.start), y.min(r.end));
                                if u <= v {
                                    o.calendar_days_lost_fte += r.fte * (v - u + 1) as f64;
                                }
                            }
                        }
                        let recorded = ab.recorded(&self.data);
                        let lost = if let (Some(recorded), true) = (recorded, ab.end != OPEN) {
                            let held = group.iter().any(|r| r.start <= y && x <= r.end);
                            let whole = cal.working_days_between(ab.start, ab.end);
                            if held && whole > 0 {
                                recorded * cal.working_days_between(x, y) as f64 / whole as f64
                            } else {
                                0.0
                            }
                        } else {
                            group
                                .iter()
                                .map(|r| {
                                    let (u, v) = (x.max(r.start), y.min(r.end));
                                    if u <= v {
                                        r.fte * cal.working_days_between(u, v) as f64
                                    } else {
                                        0.0
                                    }
                                })
                                .sum()
                        };
                        if lost > 0.0 {
                            o.working_days_lost_fte += lost;
                            if pi == 0 {
                                if let Some(e) = explain.as_deref_mut() {
                                    let abs = &self.data.absences[ab.idx as usize];
                                    e.push(Contribution {
                                        part: "working_days_lost",
                                        table: "absences",
                                        id: abs.absence_id.to_string(),
                                        person_id: Some(abs.person_id),
                                        value: lost,
                                    });
                                }
                            }
                        }
                    }
                }
            },
        );
        out
    }

    fn contrib_contract(&self, part: &'static str, r: &Rec, value: f64) -> Contribution {
        let c = &self.data.contracts[r.idx as usize];
        Contribution {
            part,
            table: "contracts",
            id: c.contract_id.to_string(),
            person_id: Some(c.person_id),
            value,
        }
    }
    fn contrib_assignment(&self, part: &'static str, r: &Rec, value: f64) -> Contribution {
        let a = &self.data.agency_assignments[r.idx as usize];
        Contribution {
            part,
            table: "agency_assignments",
            id: a.assignment_id.to_string(),
            person_id: Some(a.person_id),
            value,
        }
    }
    fn contrib_post(&self, part: &'static str, p: &PostRec, value: f64) -> Contribution {
        Contribution {
            part,
            table: "posts",
            id: self.data.posts[p.idx as usize].post_id.to_string(),
            person_id: None,
            value,
        }
    }

    /// Agency assignments of a unit and scope in post on `date`, with their length in weeks.
    /// Length is measured per `opts.agency_length_basis`; with `agency_merge_consecutive`,
    /// assignments of one worker joined by the spell rule are measured as one.
    pub fn agency_in_post(
        &self,
        unit: Option<&str>,
        scope: &Scope,
        date: Date,
        opts: &Options,
    ) -> Result<Vec<(usize, f64)>> {
        let sel = self.resolve_unit(unit)?;
        let f = self.filter(scope, opts);
        let (_, alist, _) = self.unit_lists(sel);
        let t = day(date);
        let grace = opts.rejoin_grace_days as i32;
        let mut out = Vec::new();
        for_each_person(
            &alist,
            &self.assignments,
            f,
            grace,
            |_person, group, spells| {
                for r in group {
                    if !(r.start <= t && t <= r.end) {
                        continue;
                    }
                    let Some(spell) = spell_on(spells, t, opts.end_date_inclusive) else {
                        continue;
                    };
                    let a = &self.data.agency_assignments[r.idx as usize];
                    let start = if opts.agency_merge_consecutive {
                        spell.start
                    } else {
                        r.start
                    };
                    let end = match opts.agency_length_basis {
                        crate::options::LengthBasis::ElapsedToRefDate => {
                            if opts.agency_merge_consecutive {
                                spell.end.min(t)
                            } else {
                                r.end.min(t)
                            }
                        }
                        crate::options::LengthBasis::Contracted => a
                            .planned_end_date
                            .filter(|&p| p >= a.start_date)
                            .map(day)
                            .unwrap_or(if r.end == OPEN { t } else { r.end }),
                    };
                    let weeks = (end - start + 1) as f64 / 7.0;
                    out.push((r.idx as usize, weeks));
                }
            },
        );
        Ok(out)
    }

    /// Allocations of `person` (index into `people`) open on day `t`.
    fn open_cases_of(&self, person: u32, t: i32) -> usize {
        let al = self.data.case_allocations.as_deref().unwrap_or_default();
        let spans = self.by_person.get_or_init(|| {
            let span = |a: &CaseAllocation| (day(a.start_date), a.end_date.map_or(OPEN, day));
            ByPerson::new(al, &self.data.people, crate::par::threads(), span)
        });
        spans
            .of(person as usize)
            .iter()
            .filter(|&&(start, end)| start <= t && t <= end)
            .count()
    }

    /// Whether a query about `sels` counts every person's open cases in one pass over the
    /// allocations ([`Workforce::open_cases`]) rather than each holder's from the per-person
    /// index: for several units, or a unit holding at least an eighth of the contracts (a
    /// query about one smaller unit builds that index once, for the next).
    pub(crate) fn cases_in_one_pass(&self, sels: &[UnitSel]) -> bool {
        let large = |&sel: &UnitSel| match sel {
            UnitSel::All => true,
            UnitSel::Unit(p) => self.units[p as usize].contracts.len() * 8 >= self.contracts.len(),
        };
        sels.len() > 1 || sels.iter().any(large)
    }

    /// Open allocations per person on each of `dates` (none without case allocations):
    /// counted once, in one pass over the allocations on every thread, and shared by every
    /// unit of a query.
    pub(crate) fn open_cases(&self, dates: &[Date]) -> Result<Option<OpenCases>> {
        let Some(al) = self.data.case_allocations.as_deref() else {
            return Ok(None);
        };
        cases::open_cases(al, &self.data.people, dates, crate::par::threads()).map(Some)
    }

    /// Whether `case_allocations.csv` was supplied.
    pub fn has_case_allocations(&self) -> bool {
        self.has_allocations
    }

    /// The employee service spells of a unit (with descendants) and scope, built by the spell
    /// rule (`rejoin_grace_days`, `exclude_casual`) from the unit's in-scope contracts, sorted by
    /// (person, start). Each spell lists the contracts (dataset indexes) that made it.
    pub fn spells(
        &self,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Vec<SpellInfo>> {
        let sel = self.resolve_unit(unit)?;
        let (clist, _, _) = self.unit_lists(sel);
        Ok(self.spell_infos(&clist, &self.contracts, scope, opts))
    }

    /// The agency spells of a unit and scope, built by the same rule from agency assignments;
    /// `records` are indexes into `agency_assignments`.
    pub fn agency_spells(
        &self,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Vec<SpellInfo>> {
        let sel = self.resolve_unit(unit)?;
        let (_, alist, _) = self.unit_lists(sel);
        Ok(self.spell_infos(&alist, &self.assignments, scope, opts))
    }

    fn spell_infos(
        &self,
        list: &[u32],
        recs: &[Rec],
        scope: &Scope,
        opts: &Options,
    ) -> Vec<SpellInfo> {
        let f = self.filter(scope, opts);
        let grace = opts.rejoin_grace_days as i32;
        let mut out = Vec::new();
        for_each_person(list, recs, f, grace, |person, group, spells| {
            for s in spells {
                out.push(SpellInfo {
                    person_id: self.data.people[person as usize].person_id,
                    start: date(s.start),
                    end: (s.end != OPEN).then(|| date(s.end)),
                    records: group
                        .iter()
                        .filter(|r| s.start <= r.start && r.start <= s.end)
                        .map(|r| r.idx as usize)
                        .collect(),
                });
            }
        });
        out
    }
}

/// One service spell, from [`Workforce::spells`] or [`Workforce::agency_spells`].
#[derive(Clone, Debug, PartialEq)]
pub struct SpellInfo {
    /// The person.
    pub person_id: Id,
    /// First day of the spell.
    pub start: Date,
    /// Last day of the spell; `None` while open.
    pub end: Option<Date>,
    /// Dataset indexes of the records (contracts or assignments) in the spell, by start.
    pub records: Vec<usize>,
}

/// A unit's contract and assignment indexes, sorted by (person, start), and its post range.
type UnitLists<'a> = (Cow<'a, [u32]>, Cow<'a, [u32]>, (u32, u32));

/// Which stock dates get caseload figures, and their open cases if counted beforehand.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cases<'a> {
    /// Caseload figures for the first `dates` stock dates only (later dates report none).
    pub dates: usize,
    /// Open allocations per person for those dates, from [`Workforce::open_cases`]; `None`:
    /// counted for each holder.
    pub open: Option<&'a OpenCases>,
}

impl Cases<'_> {
    /// Caseload on every one of `dates`, counted for each holder.
    pub fn all(dates: &[Date]) -> Cases<'static> {
        Cases {
            dates: dates.len(),
            open: None,
        }
    }
}

/// Sickness absences grouped by person (offsets into the list, by person number), each
/// person's in order of start.
fn sickness_by_person(data: &Dataset, person_ix: &IdNumbers) -> Result<(Vec<u32>, Vec<AbsRec>)> {
    let is_sick = |a: &Absence| a.absence_type == AbsenceType::Sickness;
    let mut sickness = Vec::with_capacity(data.absences.iter().filter(|a| is_sick(a)).count());
    sickness.extend(
        data.absences
            .iter()
            .enumerate()
            .filter(|(_, a)| is_sick(a))
            .map(|(i, a)| AbsRec::new(i, a)),
    );
    let sick_off = group_by_person(
        &mut sickness,
        data.people.len(),
        crate::par::threads(),
        |_| {},
        |r| {
            let a = &data.absences[r.idx as usize];
            person_ix.get(a.person_id).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidData,
                    format!("{}: unknown person_id {}", a.absence_id, a.person_id),
                )
                .in_file("absences.csv")
            })
        },
        |r| data.absences[r.idx as usize].person_id,
        |p| data.people[p as usize].person_id,
    )?;
    for w in sick_off.windows(2) {
        sickness[w[0] as usize..w[1] as usize].sort_unstable_by_key(|r| (r.start, r.idx));
    }
    Ok((sick_off, sickness))
}

/// A unit selection: one unit (by depth-first position) or everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitSel {
    Unit(u32),
    All,
}

/// Reorders `rows` in place so that each person's rows are contiguous, in people order, and
/// returns the offsets: person `p`'s rows are `off[p]..off[p + 1]`. The rows are not copied.
/// Rows already in person order are only counted ([`offsets_if_ordered`]). Otherwise each
/// row's person number is looked up (on every thread; a row with the previous row's key is
/// given its number without a lookup) and its top 16 bits kept, 2 bytes a row; an in-place
/// radix sort moves rows and those keys together; then, when there are more than 65,536
/// people, the rows of each run sharing the top bits are ordered by their low bits
/// ([`sort_low_bits`]), found by comparing each row's `key` with the keys of the run's few
/// people (`person_key`) rather than by numbering the row again.
///
/// `ahead` is called a few rows before `person`, to ask for the memory its lookup reads.
/// `person` numbers a row from its key (or gives the error to report); `key` is the row's
/// person key and `person_key` person `p`'s, such that `person` gives a row the *last* person
/// whose key is the row's (as a map built by inserting the people in order does).
fn group_by_person<T: Send + Sync, K: Copy + Eq>(
    rows: &mut [T],
    n_people: usize,
    threads: usize,
    ahead: impl Fn(&T) + Sync,
    person: impl Fn(&T) -> Result<u32> + Sync,
    key: impl Fn(&T) -> K + Sync,
    person_key: impl Fn(u32) -> K + Sync,
) -> Result<Vec<u32>> {
    if let Some(off) = offsets_if_ordered(rows, n_people, &person, threads) {
        return Ok(off);
    }
    let bits = u32::BITS - (n_people as u32).leading_zeros();
    let shift = bits.saturating_sub(u16::BITS);
    let mut top = vec![0u16; rows.len()];
    let per_thread = rows.len().div_ceil(threads).max(1);
    let counts: Vec<Vec<u32>> = std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(per_thread)
            .zip(top.chunks_mut(per_thread))
            .map(|(rows, top)| {
                let (person, key, ahead) = (&person, &key, &ahead);
                s.spawn(move || {
                    let mut counts = vec![0u32; n_people];
                    let mut last: Option<(K, u32)> = None;
                    for (i, (t, r)) in top.iter_mut().zip(rows).enumerate() {
                        rows.get(i + PREFETCH_AHEAD).map(ahead);
                        let k = key(r);
                        let p = match last {
                            Some((l, p)) if l == k => p,
                            _ => {
                                let p = person(r)?;
                                last = Some((k, p));
                                p
                            }
                        };
                        *counts.get_mut(p as usize).ok_or_else(|| {
                            Error::invalid_argument(format!("person number {p} out of range"))
                        })? += 1;
                        *t = (p >> shift) as u16;
                    }
                    Ok(counts)
                })
            })
            .collect();
        crate::par::join_all(handles)
    })?;
    let off = offsets_of_counts(n_people, &counts);
    drop(counts);
    radix_sort(&mut top, rows, bits - shift, threads);
    drop(top);
    if shift > 0 {
        sort_low_bits(rows, &off, shift, &person, &key, &person_key, threads)?;
    }
    Ok(off)
}

/// Bits of the person number below which [`sort_low_bits`] finds a row's person among its
/// run's people by comparing keys (up to 16 comparisons, no table lookup).
const SCAN_BITS: u32 = 4;

/// Orders by person the rows of each run that shares a person number's bits above `shift`
/// (runs given by the final offsets `off`), on `threads` threads. A row's low bits are the
/// position of its key among the run's people's keys (the last that matches; see
/// [`group_by_person`]) when a run has at most `1 << SCAN_BITS` people, otherwise `person`'s
/// number.
#[allow(clippy::too_many_arguments)]
fn sort_low_bits<T: Send + Sync, K: Copy + Eq>(
    rows: &mut [T],
    off: &[u32],
    shift: u32,
    person: &(impl Fn(&T) -> Result<u32> + Sync),
    key: &(impl Fn(&T) -> K + Sync),
    person_key: &(impl Fn(u32) -> K + Sync),
    threads: usize,
) -> Result<()> {
    let n_people = off.len() - 1;
    let runs = n_people.div_ceil(1 << shift);
    // First row of run `v` (`runs` gives the end).
    let start = |v: usize| off[(v << shift).min(n_people)] as usize;
    // Runs `cuts[t]..cuts[t + 1]` go to thread `t`: about equal rows, whole runs.
    let threads = threads.max(1);
    let mut cuts: Vec<usize> = (0..threads)
        .map(|t| {
            let target = rows.len() * t / threads;
            let (mut lo, mut hi) = (0, runs);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if start(mid) < target {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        })
        .collect();
    cuts.push(runs);
    let sort_runs = |part: &mut [T], first: usize, last: usize| -> Result<()> {
        let base = start(first);
        let mut keys: Vec<u32> = Vec::new();
        let mut people: Vec<K> = Vec::with_capacity(1 << SCAN_BITS);
        for v in first..last {
            let run = &mut part[start(v) - base..start(v + 1) - base];
            if run.len() > 1 {
                let low = (v << shift) as u32;
                keys.clear();
                if shift <= SCAN_BITS {
                    let high = (low + (1 << shift)).min(n_people as u32);
                    people.clear();
                    people.extend((low..high).map(person_key));
                    for r in run.iter() {
                        let k = key(r);
                        keys.push(match people.iter().rposition(|&p| p == k) {
                            Some(j) => j as u32,
                            None => person(r)? - low,
                        });
                    }
                } else {
                    for r in run.iter() {
                        keys.push(person(r)? - low);
                    }
                }
                radix_sort(&mut keys, run, shift, 1);
            }
        }
        Ok(())
    };
    std::thread::scope(|s| {
        let mut rest = rows;
        let mut handles = Vec::with_capacity(threads);
        for w in cuts.windows(2) {
            let (first, last) = (w[0], w[1]);
            let (part, tail) = std::mem::take(&mut rest).split_at_mut(start(last) - start(first));
            rest = tail;
            let sort_runs = &sort_runs;
            handles.push(s.spawn(move || sort_runs(part, first, last)));
        }
        crate::par::join_all(handles).map(drop)
    })
}

/// The offsets of `rows` by person when they are in person order already, counted on `threads`
/// threads without keeping a person number per row (4 bytes a row less at the index's peak).
/// `None` as soon as any thread meets a row out of order or a person it cannot number: the
/// caller then sorts, and reports such a person, in a fixed order.
fn offsets_if_ordered<T: Sync>(
    rows: &[T],
    n_people: usize,
    person: &(impl Fn(&T) -> Result<u32> + Sync),
    threads: usize,
) -> Option<Vec<u32>> {
    /// Rows between checks of whether another thread has given up.
    const CHECK_EVERY: usize = 1 << 14;
    let per_thread = rows.len().div_ceil(threads).max(1);
    let given_up = AtomicBool::new(false);
    // Per part: rows per person, and the part's first and last person.
    let count = |part: &[T]| -> Option<(Vec<u32>, u32, u32)> {
        let mut counts = vec![0u32; n_people];
        let mut bounds: Option<(u32, u32)> = None;
        for (i, r) in part.iter().enumerate() {
            if i % CHECK_EVERY == 0 && given_up.load(Relaxed) {
                return None;
            }
            let p = match person(r) {
                Ok(p) if (p as usize) < n_people && bounds.is_none_or(|(_, last)| last <= p) => p,
                _ => {
                    given_up.store(true, Relaxed);
                    return None;
                }
            };
            counts[p as usize] += 1;
            bounds = Some((bounds.map_or(p, |(first, _)| first), p));
        }
        bounds.map(|(first, last)| (counts, first, last))
    };
    let parts: Vec<Option<(Vec<u32>, u32, u32)>> = std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(per_thread)
            .map(|part| s.spawn(move || count(part)))
            .collect();
        handles.into_iter().map(crate::par::join).collect()
    });
    let parts: Vec<(Vec<u32>, u32, u32)> = parts.into_iter().collect::<Option<_>>()?;
    if given_up.load(Relaxed) || parts.windows(2).any(|w| w[1].1 < w[0].2) {
        return None;
    }
    let counts: Vec<Vec<u32>> = parts.into_iter().map(|(c, _, _)| c).collect();
    Some(offsets_of_counts(n_people, &counts))
}

/// Offsets (`off[p]..off[p + 1]` for person `p`) from per-thread counts of rows per person.
pub(crate) fn offsets_of_counts(n_people: usize, counts: &[Vec<u32>]) -> Vec<u32> {
    let mut off = vec![0u32; n_people + 1];
    for counts in counts {
        for (o, c) in off[1..].iter_mut().zip(counts) {
            *o += c;
        }
    }
    for i in 0..n_people {
        off[i + 1] += off[i];
    }
    off
}

/// Bits of the key sorted by one pass of [`radix_sort`]: 256 buckets, whose write positions
/// stay in cache and whose pages stay in the TLB (with 2,048 buckets, 11 bits, the serial first
/// pass over 11 million allocations took about 1.5× as long).
const RADIX_BITS: u32 = 8;

/// Sorts `keys` below bit `hi` and moves `rows` with them, in place: an MSD radix sort
/// (American flag sort) on bits `[hi − RADIX_BITS, hi)`, then on the lower bits within each
/// bucket, the buckets shared among `threads` threads.
fn radix_sort<K, T>(keys: &mut [K], rows: &mut [T], hi: u32, threads: usize)
where
    K: Copy + Ord + Into<u32> + Send,
    T: Send,
{
    if keys.len() <= 32 {
        for i in 1..keys.len() {
            let mut j = i;
            while j > 0 && keys[j - 1] > keys[j] {
                keys.swap(j - 1, j);
                rows.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let lo = hi.saturating_sub(RADIX_BITS);
    let digit = |k: K| ((k.into() >> lo) & ((1 << (hi - lo)) - 1)) as usize;
    let n_buckets = 1usize << (hi - lo);
    let mut end = vec![0usize; n_buckets];
    for &k in keys.iter() {
        end[digit(k)] += 1;
    }
    let mut start = vec![0usize; n_buckets];
    let mut sum = 0;
    for b in 0..n_buckets {
        start[b] = sum;
        sum += end[b];
        end[b] = sum;
    }
    let mut next = start.clone();
    for b in 0..n_buckets {
        while next[b] < end[b] {
            let i = next[b];
            let q = digit(keys[i]);
            if q != b {
                keys.swap(i, next[q]);
                rows.swap(i, next[q]);
            }
            next[q] += 1;
        }
    }
    if lo == 0 {
        return;
    }
    // Split the buckets into one contiguous run per thread, of about equal rows.
    let per_thread = keys.len().div_ceil(threads.max(1));
    let (mut keys, mut rows) = (keys, rows);
    let mut parts = Vec::new();
    let mut first = 0;
    while first < n_buckets {
        let mut last = first;
        while last < n_buckets && end[last] - start[first] < per_thread {
            last += 1;
        }
        let last = last.min(n_buckets - 1);
        let len = end[last] - start[first];
        let (k, k_rest) = std::mem::take(&mut keys).split_at_mut(len);
        let (r, r_rest) = std::mem::take(&mut rows).split_at_mut(len);
        (keys, rows) = (k_rest, r_rest);
        parts.push((k, r, &start[first..=last], &end[first..=last]));
        first = last + 1;
    }
    let sort_part = |(k, r, starts, ends): (&mut [K], &mut [T], &[usize], &[usize])| {
        let base = starts[0];
        for (&s, &e) in starts.iter().zip(ends) {
            if e - s > 1 {
                radix_sort(
                    &mut k[s - base..e - base],
                    &mut r[s - base..e - base],
                    lo,
                    1,
                );
            }
        }
    };
    if parts.len() == 1 {
        parts.into_iter().for_each(sort_part);
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|p| s.spawn(move || sort_part(p)))
                .collect();
            handles.into_iter().for_each(crate::par::join);
        });
    }
}

/// The records of `(unit position, record)` pairs, in their order, in the pairs' memory given
/// back down to the records' size.
fn without_units<R>(pairs: Vec<(u32, R)>) -> Vec<R> {
    let mut recs: Vec<R> = pairs.into_iter().map(|(_, r)| r).collect();
    recs.shrink_to_fit();
    recs
}

fn offsets(n: usize, keys: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut off = vec![0u32; n + 1];
    for k in keys {
        off[k as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    off
}

/// The CSWW year `[1 October, 30 September]` ending on `year_end`: `(year_end − 1 year + 1 day, year_end)`.
pub fn year_ending(year_end: Date) -> (Date, Date) {
    let start = year_end
        .with_year(year_end.year() - 1)
        // 29 February: the year before has 28 February (366 days earlier).
        .unwrap_or_else(|| year_end - chrono::Duration::days(366))
        .succ_opt()
        .expect("date in range");
    (start, year_end)
}

/// The whole organisation's headcounts as [`Workforce::stocks`] and [`Workforce::flows`] count
/// them, without indexing the data set: per scope, per date `[in post, starters, leavers]`, in
/// post on `dates[i]` and spells starting and ending in `periods[i]`. `dates` must ascend and
/// `periods` ascend without overlapping (as consecutive CSWW years do). Contracts naming an
/// unknown person are not counted ([`Workforce::new`] would reject them). `people_of`, when
/// the caller knows it, is the index in `data.people` of each contract's person (saves
/// looking the ids up).
pub(crate) fn headcounts(
    data: &Dataset,
    people_of: Option<&[u32]>,
    scopes: &[Scope],
    dates: &[Date],
    periods: &[(Date, Date)],
    opts: &Options,
) -> Vec<Vec<[f64; 3]>> {
    debug_assert!(dates.is_sorted() && periods.windows(2).all(|w| w[0].1 < w[1].0));
    let ts: Vec<i32> = dates.iter().map(|&d| day(d)).collect();
    let ps: Vec<(i32, i32)> = periods.iter().map(|&(a, b)| (day(a), day(b))).collect();
    let ends: Vec<i32> = ps.iter().map(|p| p.1).collect();
    let (below_ts, below_ends) = (DayCounts::new(&ts), DayCounts::new(&ends));
    let (order, off) = contracts_by_person(data, people_of);
    let (grace, incl) = (opts.rejoin_grace_days as i32, opts.end_date_inclusive);
    let mut out = vec![vec![[0.0; 3]; ts.len().max(ps.len())]; scopes.len()];
    // Per scope, the change in the number in post from date `d - 1` to date `d`.
    let mut steps = vec![vec![0i64; ts.len() + 1]; scopes.len()];
    let (mut list, mut group, mut spells) = (Vec::new(), Vec::new(), Vec::new());
    for (p, w) in off.windows(2).enumerate() {
        // This person's contracts, as records, by start.
        let ids = &order[w[0] as usize..w[1] as usize];
        if ids.is_empty() {
            continue;
        }
        list.clear();
        list.extend(ids.iter().map(|&i| {
            let c = &data.contracts[i as usize];
            (contract_rec(c, p as u32, i), c)
        }));
        list.sort_unstable_by_key(|x| (x.0.start, x.0.idx));
        for (si, scope) in scopes.iter().enumerate() {
            group.clear();
            group.extend(
                list.iter()
                    .filter(|x| scope_admits(scope, x.1, opts))
                    .map(|x| x.0),
            );
            if group.is_empty() {
                continue;
            }
            build_spells(&group, grace, &mut spells);
            in_post_steps(&group, &spells, &below_ts, incl, &mut steps[si]);
            let o = &mut out[si];
            for s in &spells {
                if let Some(pi) = period_of(&ps, &below_ends, s.start) {
                    o[pi][1] += 1.0;
                }
                if s.end != OPEN {
                    if let Some(pi) = period_of(&ps, &below_ends, s.end) {
                        o[pi][2] += 1.0;
                    }
                }
            }
        }
    }
    for (o, steps) in out.iter_mut().zip(&steps) {
        let mut n = 0;
        for (o, step) in o.iter_mut().zip(&steps[..ts.len()]) {
            n += step;
            o[0] = n as f64;
        }
    }
    out
}

/// Adds to `steps` the dates `ts` on which a person is in post ([`in_post`]): one at the first
/// date of each run of days in post and minus one after its last. The runs: `recs` (by start,
/// none ending before its start), overlapping ones merged; every day of a run is in one spell
/// of `spells` (built from `recs`) and not its last, except perhaps the run's last day.
fn in_post_steps(recs: &[Rec], spells: &[Spell], ts: &DayCounts, incl: bool, steps: &mut [i64]) {
    let mut add = |(a, b): (i32, i32)| {
        let lo = ts.below(a);
        let hi = match spell_on(spells, b, incl) {
            Some(_) => ts.up_to(b),
            None => ts.below(b),
        };
        if lo < hi {
            steps[lo] += 1;
            steps[hi] -= 1;
        }
    };
    let mut run: Option<(i32, i32)> = None;
    for r in recs.iter().filter(|r| r.start <= r.end) {
        match &mut run {
            Some((_, end)) if r.start <= *end => *end = (*end).max(r.end),
            _ => {
                if let Some(done) = run.replace((r.start, r.end)) {
                    add(done);
                }
            }
        }
    }
    if let Some(done) = run {
        add(done);
    }
}

/// The index in `data.people` of each contract's person (`NONE` for an unknown person).
fn people_of_contracts(data: &Dataset) -> Vec<u32> {
    let person_ix = cases::person_numbers(&data.people);
    data.contracts
        .iter()
        .map(|c| person_ix.get(c.person_id).unwrap_or(NONE))
        .collect()
}

/// Every contract naming a known person, grouped by person (a counting sort): the contracts'
/// indices, person `p`'s at `off[p]..off[p + 1]` in index order, and `off`. `known`: each
/// contract's person index, if already known.
fn contracts_by_person(data: &Dataset, known: Option<&[u32]>) -> (Vec<u32>, Vec<u32>) {
    let computed;
    let person: &[u32] = match known {
        Some(p) => p,
        None => {
            computed = people_of_contracts(data);
            &computed
        }
    };
    debug_assert_eq!(person.len(), data.contracts.len());
    let off = offsets(
        data.people.len(),
        person.iter().copied().filter(|&p| p != NONE),
    );
    let mut next = off.clone();
    let mut order = vec![0u32; off[data.people.len()] as usize];
    for (i, &p) in person.iter().enumerate().filter(|x| *x.1 != NONE) {
        order[next[p as usize] as usize] = i as u32;
        next[p as usize] += 1;
    }
    (order, off)
}

/// The record of contract `c` (index `idx`) of person `person`, for [`headcounts`].
fn contract_rec(c: &crate::model::Contract, person: u32, idx: u32) -> Rec {
    Rec {
        person,
        post: NONE,
        keys: Keys {
            role: c.csww_role.unwrap_or(0),
            family: NONE,
            casual: c.contract_type == Some(ContractType::Casual),
        },
        cover: 0,
        fte: c.fte,
        start: day(c.start_date),
        end: c.end_date.map_or(OPEN, day),
        idx,
    }
}

/// Whether a scope admits a contract (as [`ScopeFilter::admits`] does).
fn scope_admits(scope: &Scope, c: &crate::model::Contract, opts: &Options) -> bool {
    let casual = opts.exclude_casual && c.contract_type == Some(ContractType::Casual);
    !casual
        && match scope {
            Scope::All => true,
            Scope::Csww => c.csww_role.is_some_and(|r| r != 0),
            Scope::JobFamily(f) => c.job_family.as_deref() == Some(f.as_str()),
        }
}

/// The period (ascending, disjoint) holding day `d`; `ends` counts the periods' last days.
fn period_of(ps: &[(i32, i32)], ends: &DayCounts, d: i32) -> Option<usize> {
    let i = ends.below(d);
    (i < ps.len() && ps[i].0 <= d).then_some(i)
}

/// Ascending days, and how many of them lie before each day of their span: looked up in a
/// table rather than searched (the searches of [`headcounts`], a few per person, were chains
/// of dependent loads). A span wider than [`DayCounts::MAX_SPAN`] days is searched.
struct DayCounts<'a> {
    days: &'a [i32],
    /// `table[i]`: how many of `days` are before day `days[0] + i`.
    table: Vec<u32>,
}

impl<'a> DayCounts<'a> {
    /// The widest span tabled (about 180 years).
    const MAX_SPAN: i64 = 1 << 16;

    fn new(days: &'a [i32]) -> DayCounts<'a> {
        debug_assert!(days.is_sorted());
        let table = match (days.first(), days.last()) {
            (Some(&a), Some(&b)) if i64::from(b) - i64::from(a) < Self::MAX_SPAN => {
                let mut k = 0;
                (a..=b)
                    .map(|d| {
                        while days[k] < d {
                            k += 1;
                        }
                        k as u32
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        DayCounts { days, table }
    }

    /// How many days are before `d` (`days.partition_point(|&t| t < d)`).
    #[inline]
    fn below(&self, d: i32) -> usize {
        match (self.table.is_empty(), self.days.first(), self.days.last()) {
            (false, Some(&first), Some(&last)) => {
                if d <= first {
                    0
                } else if d > last {
                    self.days.len()
                } else {
                    self.table[(d - first) as usize] as usize
                }
            }
            _ => self.days.partition_point(|&t| t < d),
        }
    }

    /// How many days are on or before `d` (`days.partition_point(|&t| t <= d)`).
    #[inline]
    fn up_to(&self, d: i32) -> usize {
        match self.days.last() {
            Some(&last) if d < last => self.below(d + 1),
            _ => self.days.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{group_by_person, offsets_if_ordered, radix_sort, AbsRec, DayCounts};
    use crate::model::{Absence, Dataset};

    /// The index gives back each recorded value exactly: whole and half days from itself,
    /// any other value from the data set, NaN and none as none.
    #[test]
    fn recorded_days_lost_come_back_exactly() {
        let values = [
            None,
            Some(f64::NAN),
            Some(2.0),
            Some(0.5),
            Some(0.1),
            Some(1e300),
        ];
        let data = Dataset {
            absences: values
                .iter()
                .map(|&d| Absence {
                    absence_id: "B1".into(),
                    person_id: crate::Id::new("P1"),
                    absence_type: crate::model::AbsenceType::Sickness,
                    reason: None,
                    start_date: crate::Date::from_ymd_opt(2021, 1, 4).unwrap(),
                    end_date: None,
                    working_days_lost: d,
                })
                .collect(),
            ..Dataset::default()
        };
        for (i, (a, want)) in data.absences.iter().zip(values).enumerate() {
            let got = AbsRec::new(i, a).recorded(&data);
            assert_eq!(got, want.filter(|d| !d.is_nan()), "{want:?}");
        }
        assert!(AbsRec::new(4, &data.absences[4]).recorded.is_infinite());
    }
    use proptest::prelude::*;

    proptest! {
        /// Counting by the table (narrow spans) or by search (wide ones) is the search.
        #[test]
        fn day_counts_are_the_searches(
            mut days in proptest::collection::vec(-3_000i32..3_000, 0..40),
            wide in any::<bool>(),
            probes in proptest::collection::vec(-4_000i32..4_000, 1..40),
        ) {
            if wide {
                days.iter_mut().for_each(|d| *d *= 100);
            }
            days.sort_unstable();
            let counts = DayCounts::new(&days);
            for d in probes.into_iter().chain([i32::MIN, i32::MAX]) {
                prop_assert_eq!(counts.below(d), days.partition_point(|&t| t < d));
                prop_assert_eq!(counts.up_to(d), days.partition_point(|&t| t <= d));
            }
        }
    }

    proptest! {
        /// Grouping keeps every row and puts person `p`'s rows at `off[p]..off[p + 1]`.
        #[test]
        fn grouping_by_person(rows in proptest::collection::vec((0u32..7, any::<u16>()), 0..300)) {
            let mut grouped = rows.clone();
            let off = group_by_person(&mut grouped, 7, 2, |_| {}, |r| Ok(r.0), |r| r.0, |p| p).unwrap();
            prop_assert_eq!(off.len(), 8);
            prop_assert_eq!(off[7] as usize, rows.len());
            for p in 0..7 {
                let part = &grouped[off[p] as usize..off[p + 1] as usize];
                prop_assert!(part.iter().all(|r| r.0 == p as u32));
            }
            let (mut a, mut b) = (rows, grouped);
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
        }
    }

    proptest! {
        /// Rows in person order are counted, on any number of threads, to the offsets a sort
        /// would give; rows out of order anywhere (also where two threads' parts meet), or a
        /// person that cannot be numbered, are left to the sort.
        #[test]
        fn ordered_rows_are_counted_without_sorting(
            mut rows in proptest::collection::vec(0u32..9, 0..200),
            sorted in any::<bool>(),
            threads in 1usize..5,
        ) {
            if sorted {
                rows.sort_unstable();
            }
            let got = offsets_if_ordered(&rows, 9, &|&p| Ok(p), threads);
            if rows.is_sorted() {
                let mut want = vec![0u32; 10];
                rows.iter().for_each(|&p| want[p as usize + 1] += 1);
                (0..9).for_each(|i| want[i + 1] += want[i]);
                prop_assert_eq!(got, Some(want));
            } else {
                prop_assert_eq!(got, None);
            }
            let unknown = |&p: &u32| if p == 8 { Err(crate::Error::invalid_argument("?")) } else { Ok(p) };
            if rows.contains(&8) {
                prop_assert_eq!(offsets_if_ordered(&rows, 9, &unknown, threads), None);
                prop_assert_eq!(offsets_if_ordered(&rows, 8, &|&p| Ok(p), threads), None);
            }
        }
    }

    proptest! {
        /// With more than 65,536 people the rows are sorted by the top 16 bits of their
        /// person number, then by the low bits within each run: every row lands in its
        /// person's range.
        #[test]
        fn grouping_more_people_than_two_bytes_hold(
            seed_rows in proptest::collection::vec(any::<u32>(), 0..2000),
            n in 65_537usize..600_000,
        ) {
            let rows: Vec<u32> = seed_rows.iter().map(|&x| x % n as u32).collect();
            let mut grouped = rows.clone();
            let off = group_by_person(&mut grouped, n, 2, |_| {}, |&p| Ok(p), |&p| p, |p| p).unwrap();
            prop_assert!(grouped.is_sorted());
            prop_assert_eq!(off[n] as usize, rows.len());
            for &p in &rows {
                let part = &grouped[off[p as usize] as usize..off[p as usize + 1] as usize];
                prop_assert!(!part.is_empty() && part.iter().all(|&r| r == p));
            }
        }
    }

    proptest! {
        /// People may share a key (a repeated person id): a row goes to the last person with
        /// its key, whether that person's run of low bits holds the other one too or not, and
        /// whether the run's people are scanned (few low bits) or numbered.
        #[test]
        fn grouping_by_key_gives_the_last_person_with_the_key(
            picks in proptest::collection::vec(any::<u32>(), 0..3000),
            n in prop_oneof![65_537usize..300_000, 1_048_577usize..1_100_000],
        ) {
            let key = |p: u32| if p % 7 == 6 { p - 1 } else if p % 11 == 10 { p - 9 } else { p };
            // The last person with key `k`: `k + 9`, `k + 1` or `k` itself.
            let last = |k: u32| [k + 9, k + 1, k].into_iter().find(|&p| p < n as u32 && key(p) == k).unwrap();
            let rows: Vec<(u32, u32)> = picks.iter().map(|&x| (key(x % n as u32), x)).collect();
            let mut grouped = rows.clone();
            let off = group_by_person(&mut grouped, n, 2, |_| {}, |r| Ok(last(r.0)), |r| r.0, key).unwrap();
            prop_assert_eq!(off[n] as usize, rows.len());
            for (i, r) in grouped.iter().enumerate() {
                let q = last(r.0) as usize;
                prop_assert!(off[q] as usize <= i && i < off[q + 1] as usize);
            }
            let (mut a, mut b) = (rows, grouped);
            a.sort_unstable();
            b.sort_unstable();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn grouping_many_people_uses_every_byte() {
        // 70,000 people: person numbers of three bytes; rows in reverse order.
        let n = 70_000u32;
        let mut rows: Vec<u32> = (0..3 * n).rev().map(|i| i % n).collect();
        let off =
            group_by_person(&mut rows, n as usize, 2, |_| {}, |&p| Ok(p), |&p| p, |p| p).unwrap();
        assert!(rows.is_sorted());
        assert_eq!(off[1], 3);
        assert_eq!(off[n as usize], 3 * n);
    }

    proptest! {
        /// The radix sort sorts keys of any width on any number of threads, rows following.
        #[test]
        fn radix_sort_moves_rows_with_keys(
            keys in proptest::collection::vec(0u32..1 << 24, 0..3000),
            threads in 1usize..5,
        ) {
            let mut k = keys.clone();
            let mut rows: Vec<u64> = keys.iter().map(|&x| u64::from(x) * 10 + 7).collect();
            radix_sort(&mut k, &mut rows, 24, threads);
            let mut want = keys;
            want.sort_unstable();
            prop_assert_eq!(&k, &want);
            prop_assert!(rows.iter().zip(&k).all(|(&r, &x)| r == u64::from(x) * 10 + 7));
        }
    }

    #[test]
    fn grouped_rows_stay_in_order_and_errors_pass_on() {
        let mut rows = vec![(0u32, 'a'), (0, 'b'), (2, 'c'), (2, 'd')];
        let off = group_by_person(&mut rows, 3, 2, |_| {}, |r| Ok(r.0), |r| r.0, |p| p).unwrap();
        assert_eq!(off, [0, 2, 2, 4]);
        assert_eq!(rows, [(0, 'a'), (0, 'b'), (2, 'c'), (2, 'd')]);
        let err = group_by_person(
            &mut rows,
            3,
            2,
            |_| {},
            |r| {
                if r.1 == 'c' {
                    Err(crate::Error::invalid_argument("unknown person"))
                } else {
                    Ok(r.0)
                }
            },
            |r| r.0,
            |p| p,
        );
        assert!(err.is_err());
    }
}
