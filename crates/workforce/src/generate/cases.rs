//! Children's cases: who holds each child's case, day by day, and periods in care.
//!
//! Each case-holding worker has a capacity between 14 and 45 cases. A worker who starts picks
//! up at least 14 cases at once; every Monday workers below capacity take one or two more;
//! a worker whose caseload falls below 14 takes a case at once. Children move through the
//! teams (MASH, then Assessment, then Children and Families First, perhaps into care and on to
//! Leaving Care), getting a new worker at each step, and their cases are reallocated when a
//! worker leaves: so many children have three or more workers in a year.

use super::org::{Establishment, Family, Kind};
use super::staff::Staff;
use super::util::{Horizon, Random, OPEN};
use std::collections::VecDeque;

/// Smallest caseload a worker in post holds.
pub(crate) const MIN_CASES: u32 = 14;
/// Largest caseload a worker holds.
pub(crate) const MAX_CASES: u32 = 45;
const NONE: u32 = u32::MAX;
const POOL_MAX: usize = 40;

/// An allocation of a child's case to a person.
#[derive(Clone, Debug)]
pub(crate) struct AllocRec {
    pub child: u32,
    pub person: u32,
    pub start: i32,
    pub end: i32,
}

/// A period in care.
#[derive(Clone, Debug)]
pub(crate) struct CareRec {
    pub child: u32,
    pub start: i32,
    pub end: i32,
}

struct Worker {
    person: u32,
    team: u32,
    start: i32,
    end: i32,
    cap: u32,
    cases: Vec<u32>,
}

struct Episode {
    child: u32,
    team: u32,
    alloc: u32,
    worker: u32,
    care: u32,
    done: bool,
}

/// Length of a child's episode in a team of this kind, in days.
fn duration(kind: Kind, rng: &mut Random) -> i32 {
    let (lo, hi) = match kind {
        Kind::Mash => (45, 120),
        Kind::Assessment => (60, 180),
        Kind::Cff | Kind::Adolescents => (270, 900),
        Kind::Court => (300, 900),
        Kind::Disabled | Kind::LeavingCare => (365, 1460),
        Kind::ChildrenInCare => (365, 2190),
        _ => (90, 365),
    };
    rng.int(lo, hi)
}

/// Where a child goes when an episode in a team of this kind ends (if anywhere).
fn next_kind(kind: Kind, rng: &mut Random) -> Option<Kind> {
    let flows: &[(Option<Kind>, f64)] = match kind {
        Kind::Mash => &[(Some(Kind::Assessment), 0.55), (None, 0.45)],
        Kind::Assessment => &[
            (Some(Kind::Cff), 0.45),
            (Some(Kind::ChildrenInCare), 0.05),
            (Some(Kind::Disabled), 0.04),
            (None, 0.46),
        ],
        Kind::Cff => &[
            (Some(Kind::ChildrenInCare), 0.12),
            (Some(Kind::Court), 0.08),
            (None, 0.8),
        ],
        Kind::Court => &[(Some(Kind::ChildrenInCare), 0.5), (None, 0.5)],
        Kind::Adolescents => &[(Some(Kind::ChildrenInCare), 0.1), (None, 0.9)],
        Kind::ChildrenInCare => &[(Some(Kind::LeavingCare), 0.4), (None, 0.6)],
        _ => &[(None, 1.0)],
    };
    rng.weighted(flows)
}

/// The simulation state.
struct Sim<'a> {
    est: &'a Establishment,
    h: Horizon,
    workers: Vec<Worker>,
    episodes: Vec<Episode>,
    allocs: Vec<AllocRec>,
    care: Vec<CareRec>,
    /// Active workers per team.
    active: Vec<Vec<u32>>,
    pools: Vec<VecDeque<u32>>,
    /// Episodes ending on each day of the history.
    ending: Vec<Vec<u32>>,
    children: u32,
}

/// Case-holding stints merged per person and team into workers.
fn workers(est: &Establishment, staff: &Staff, h: &Horizon, rng: &mut Random) -> Vec<Worker> {
    let holds = |team: u32, role: Option<u8>, family: Family| {
        est.teams[team as usize].kind.holds_cases()
            && (matches!(role, Some(4) | Some(5)) || family == Family::PersonalAdviser)
    };
    let mut rows: Vec<(u32, u32, i32, i32)> = Vec::new();
    for e in &staff.emps {
        if holds(e.team, e.role, e.family) && e.ctype != crate::model::ContractType::Casual {
            rows.push((e.person, e.team, e.start, e.end));
        }
    }
    for a in &staff.agency {
        if holds(a.team, a.role, a.family) {
            rows.push((a.person, a.team, a.start, a.end));
        }
    }
    rows.sort_unstable_by_key(|&(person, team, start, end)| (person, start, team, end));
    let mut out: Vec<Worker> = Vec::with_capacity(rows.len());
    for (person, team, mut start, end) in rows {
        if let Some(w) = out.last_mut().filter(|w| w.person == person) {
            // A person holds cases in one team at a time: the first.
            if w.end == OPEN || (end != OPEN && end <= w.end) {
                continue;
            }
            if w.team == team && start <= w.end + 1 {
                w.end = end;
                continue;
            }
            start = start.max(w.end + 1);
        }
        if (end != OPEN && (end < h.start || end < start)) || start > h.end {
            continue;
        }
        let cap =
            MIN_CASES + ((MAX_CASES - MIN_CASES) as f64 * rng.unit().powf(2.2)).round() as u32;
        out.push(Worker {
            person,
            team,
            start: start.max(h.start),
            end,
            cap,
            cases: Vec::new(),
        });
    }
    out
}

impl Sim<'_> {
    fn slot(&self, d: i32) -> Option<usize> {
        (d >= self.h.start && d <= self.h.end).then(|| (d - self.h.start) as usize)
    }

    /// A new episode for `child` (or a new child) in `team` from day `d`.
    fn episode(
        &mut self,
        child: Option<u32>,
        team: u32,
        d: i32,
        full: bool,
        rng: &mut Random,
    ) -> u32 {
        let child = child.unwrap_or_else(|| {
            self.children += 1;
            self.children - 1
        });
        let kind = self.est.teams[team as usize].kind;
        let len = duration(kind, rng);
        let end = d + if full { len } else { rng.int(1, len) };
        let k = self.episodes.len() as u32;
        let care = if kind == Kind::ChildrenInCare {
            self.care.push(CareRec {
                child,
                start: d,
                end: OPEN,
            });
            (self.care.len() - 1) as u32
        } else {
            NONE
        };
        self.episodes.push(Episode {
            child,
            team,
            alloc: NONE,
            worker: NONE,
            care,
            done: false,
        });
        if let Some(s) = self.slot(end + 1) {
            self.ending[s].push(k);
        }
        k
    }

    fn allocate(&mut self, ep: u32, w: u32, d: i32) {
        let a = self.allocs.len() as u32;
        let e = &mut self.episodes[ep as usize];
        self.allocs.push(AllocRec {
            child: e.child,
            person: self.workers[w as usize].person,
            start: d,
            end: OPEN,
        });
        e.alloc = a;
        e.worker = w;
        self.workers[w as usize].cases.push(ep);
    }

    /// Give worker `w` one more case on day `d`: a waiting child, or a new one.
    fn take(&mut self, w: u32, d: i32, rng: &mut Random) {
        let team = self.workers[w as usize].team;
        let ep = loop {
            match self.pools[team as usize].pop_front() {
                Some(ep) if !self.episodes[ep as usize].done => break ep,
                Some(_) => continue,
                None => break self.episode(None, team, d, d > self.h.start, rng),
            }
        };
        self.allocate(ep, w, d);
    }

    fn unassign(&mut self, ep: u32, d: i32) {
        let e = &mut self.episodes[ep as usize];
        if e.alloc != NONE {
            self.allocs[e.alloc as usize].end = d - 1;
            let cases = &mut self.workers[e.worker as usize].cases;
            if let Some(i) = cases.iter().position(|&c| c == ep) {
                cases.swap_remove(i);
            }
        }
        e.alloc = NONE;
        e.worker = NONE;
    }

    /// Episodes that ended yesterday: close them, pass children on, refill low caseloads.
    fn end_episodes(&mut self, d: i32, rng: &mut Random) {
        let Some(s) = self.slot(d) else { return };
        let ending = std::mem::take(&mut self.ending[s]);
        for ep in ending {
            let w = self.episodes[ep as usize].worker;
            self.unassign(ep, d);
            let e = &mut self.episodes[ep as usize];
            e.done = true;
            if e.care != NONE {
                self.care[e.care as usize].end = d - 1;
            }
            let (child, team) = (e.child, e.team);
            let t = &self.est.teams[team as usize];
            if let Some(next) = next_kind(t.kind, rng).and_then(|k| self.est.team_of(k, t.replica))
            {
                if self.pools[next as usize].len() < POOL_MAX {
                    let n = self.episode(Some(child), next, d, true, rng);
                    self.pools[next as usize].push_back(n);
                }
            }
            if w != NONE
                && self.workers[w as usize].end >= d
                && (self.workers[w as usize].cases.len() as u32) < MIN_CASES
            {
                self.take(w, d, rng);
            }
        }
    }

    /// A worker whose last day was yesterday: reallocate the cases.
    fn depart(&mut self, w: u32, d: i32, rng: &mut Random) {
        let team = self.workers[w as usize].team as usize;
        if let Some(i) = self.active[team].iter().position(|&x| x == w) {
            self.active[team].swap_remove(i);
        }
        let cases = std::mem::take(&mut self.workers[w as usize].cases);
        for ep in cases {
            self.unassign(ep, d);
            let n = self.active[team].len();
            let offset = if n > 0 { rng.index(n) } else { 0 };
            let to = (0..n)
                .map(|i| self.active[team][(i + offset) % n])
                .find(|&o| {
                    (self.workers[o as usize].cases.len() as u32) < self.workers[o as usize].cap
                });
            match to {
                Some(o) => self.allocate(ep, o, d),
                None => self.pools[team].push_front(ep),
            }
        }
    }

    fn arrive(&mut self, w: u32, d: i32, rng: &mut Random) {
        let team = self.workers[w as usize].team as usize;
        self.active[team].push(w);
        let cap = self.workers[w as usize].cap;
        let n = if d == self.h.start {
            cap
        } else {
            (MIN_CASES + rng.int(0, 4) as u32).min(cap)
        };
        for _ in 0..n {
            self.take(w, d, rng);
        }
    }

    fn weekly_intake(&mut self, d: i32, rng: &mut Random) {
        for team in 0..self.active.len() {
            for i in 0..self.active[team].len() {
                let w = self.active[team][i];
                let (load, cap) = (
                    self.workers[w as usize].cases.len() as u32,
                    self.workers[w as usize].cap,
                );
                let n = (rng.int(1, 2) as u32).min(cap.saturating_sub(load));
                for _ in 0..n {
                    self.take(w, d, rng);
                }
            }
        }
    }
}

/// Simulate case allocations and care periods over the history.
pub(crate) fn simulate(
    est: &Establishment,
    staff: &Staff,
    h: &Horizon,
    rng: &mut Random,
) -> (Vec<AllocRec>, Vec<CareRec>) {
    let workers = workers(est, staff, h, rng);
    let days = (h.end - h.start + 1) as usize;
    let mut starting: Vec<Vec<u32>> = vec![Vec::new(); days];
    let mut leaving: Vec<Vec<u32>> = vec![Vec::new(); days];
    for (i, w) in workers.iter().enumerate() {
        starting[(w.start - h.start) as usize].push(i as u32);
        if w.end != OPEN && w.end < h.end {
            leaving[(w.end + 1 - h.start) as usize].push(i as u32);
        }
    }
    let person_days: f64 = workers
        .iter()
        .map(|w| (w.end.min(h.end) - w.start) as f64)
        .sum();
    let cap_guess = (person_days / 365.0 * 55.0) as usize;
    let mut sim = Sim {
        est,
        h: *h,
        workers,
        episodes: Vec::with_capacity(cap_guess),
        allocs: Vec::with_capacity(cap_guess),
        care: Vec::new(),
        active: vec![Vec::new(); est.teams.len()],
        pools: vec![VecDeque::new(); est.teams.len()],
        ending: vec![Vec::new(); days],
        children: 0,
    };
    for (i, d) in (h.start..=h.end).enumerate() {
        sim.end_episodes(d, rng);
        for w in std::mem::take(&mut leaving[i]) {
            sim.depart(w, d, rng);
        }
        for w in std::mem::take(&mut starting[i]) {
            sim.arrive(w, d, rng);
        }
        // 0001-01-01 (day 1) was a Monday, so day % 7 == 1 is a Monday.
        if d % 7 == 1 {
            sim.weekly_intake(d, rng);
        }
    }
    (sim.allocs, sim.care)
}
