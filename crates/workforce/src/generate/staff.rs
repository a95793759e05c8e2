//! Who fills the establishment over time.
//!
//! Each post alternates between held (an employee's stint) and vacant (a gap, perhaps covered
//! by agency workers). On the anchor date the state is set by quota per team (so the stock
//! figures there match the team's rates closely) and the history runs backward and forward
//! from it as a renewal process. A chronological sweep then gives the stints their people,
//! creating the linked histories of §7: internal moves, rejoiners, concurrent part-time posts,
//! agency workers made permanent and employees who leave for agency work.

use super::org::{Establishment, Family, Kind, PostSeed, Rates};
use super::people::Registry;
use super::util::{Horizon, Random, OPEN};
use crate::model::{ContractType, CoverReason};

/// How an employee stint began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    New,
    Rejoiner,
    FromAgency,
    InternalMove,
    Concurrent,
}

/// How an employee stint ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Normal,
    InternalMove,
    ToAgency,
    NonSwRole,
    PostDeleted,
}

/// One person in one post (or team) for one period: becomes one or more contracts.
#[derive(Clone, Debug)]
pub(crate) struct EmpStint {
    pub person: u32,
    pub post: Option<u32>,
    pub team: u32,
    pub role: Option<u8>,
    pub family: Family,
    pub fte: f64,
    pub start: i32,
    pub end: i32,
    pub ctype: ContractType,
    pub origin: Origin,
    pub exit: Exit,
}

/// One agency assignment.
#[derive(Clone, Debug)]
pub(crate) struct AgencyStint {
    pub person: u32,
    /// An earlier assignment of the same worker (an extension or a move).
    pub prev: Option<u32>,
    pub post: Option<u32>,
    pub team: u32,
    pub role: Option<u8>,
    pub family: Family,
    pub fte: f64,
    pub start: i32,
    pub end: i32,
    pub cover: CoverReason,
}

/// Every stint of the history, with its people.
pub(crate) struct Staff {
    pub emps: Vec<EmpStint>,
    pub agency: Vec<AgencyStint>,
    pub people: Registry,
}

const UNSET: u32 = u32::MAX;
/// Mean agency assignment length in days (about 34 weeks).
const MEAN_ASSIGNMENT: f64 = 240.0;

#[derive(Clone, Copy)]
struct Seg {
    held: bool,
    start: i32,
    end: i32,
}

#[derive(Clone, Copy)]
struct AnchorState {
    filled: bool,
    leaver: bool,
}

/// Mean tenure and mean vacancy gap of a team, in days.
fn means(rates: &Rates) -> (f64, f64) {
    let tenure = 365.0 / rates.turnover.max(0.02);
    let v = rates.vacancy.clamp(0.0, 0.9);
    (tenure, (tenure * v / (1.0 - v)).max(20.0))
}

fn seg_len(held: bool, rates: &Rates, rng: &mut Random) -> i32 {
    let (tenure, gap) = means(rates);
    if held {
        60 + rng.exp_days(tenure - 60.0)
    } else {
        rng.exp_days(gap)
    }
}

/// The state of a post around the anchor date, by the four anchor cases.
fn anchor_core(s: AnchorState, rates: &Rates, h: &Horizon, rng: &mut Random) -> Vec<Seg> {
    let (tenure, gap) = means(rates);
    let (t, y0) = (h.anchor, h.year_start());
    let held_len = |rng: &mut Random| 60 + rng.exp_days(tenure - 60.0);
    let seg = |held, start, end| Seg { held, start, end };
    match (s.filled, s.leaver) {
        (true, true) => {
            let left = rng.int(y0, t - 14);
            let g = rng.exp_days(gap).min(t - left - 1);
            let mut v = vec![seg(true, left - held_len(rng), left)];
            if g > 0 {
                v.push(seg(false, left + 1, left + g));
            }
            v.push(seg(true, left + g + 1, t + 1 + rng.exp_days(tenure)));
            v
        }
        (true, false) => {
            // Mostly started before the year; rarely in it, after a vacancy older than the year.
            let age = if rng.chance(0.9) {
                365 + rng.exp_days(tenure)
            } else {
                rng.int(30, 364)
            };
            let start = t - age;
            let cur = seg(true, start, t + 1 + rng.exp_days(tenure));
            if start >= y0 {
                vec![seg(false, y0 - 1 - rng.exp_days(gap), start - 1), cur]
            } else {
                vec![cur]
            }
        }
        (false, true) => {
            let left = if rng.chance(0.06) {
                t
            } else {
                rng.int(y0, t - 1)
            };
            vec![
                seg(true, left - held_len(rng), left),
                seg(false, left + 1, (t + 1 + rng.exp_days(gap)).max(left + 2)),
            ]
        }
        (false, false) => vec![seg(
            false,
            y0 - 1 - rng.exp_days(gap),
            t + 1 + rng.exp_days(gap),
        )],
    }
}

/// A post's alternating held/vacant segments over the history.
fn timeline(
    post: &PostSeed,
    rates: &Rates,
    state: Option<AnchorState>,
    h: &Horizon,
    rng: &mut Random,
) -> Vec<Seg> {
    let mut core = match state {
        Some(s) => anchor_core(s, rates, h, rng),
        None if post.start >= h.start => {
            let g = rng.int(14, 120);
            vec![Seg {
                held: false,
                start: post.start,
                end: post.start + g - 1,
            }]
        }
        None => {
            let held = rng.chance(1.0 - rates.vacancy);
            let len = seg_len(held, rates, rng).max(1);
            vec![Seg {
                held,
                start: h.start - rng.int(0, len),
                end: h.start - 1 + len,
            }]
        }
    };
    // Backward from the first segment.
    let mut before = Vec::new();
    let (mut end, mut held) = (core[0].start - 1, !core[0].held);
    while core[0].start > post.start && core[0].start >= h.start && end >= post.start {
        let len = seg_len(held, rates, rng);
        if len > 0 {
            let start = end - len + 1;
            before.push(Seg {
                held,
                start: start.max(post.start),
                end,
            });
            if start <= post.start || start < h.start {
                break;
            }
            end = start - 1;
        }
        held = !held;
    }
    before.reverse();
    before.append(&mut core);
    let mut segs = before;
    // Forward from the last segment.
    let last = *segs.last().expect("a core segment");
    let (mut d, mut held) = (last.end + 1, !last.held);
    while d <= h.end && d < post.end {
        let len = seg_len(held, rates, rng);
        if len > 0 {
            segs.push(Seg {
                held,
                start: d,
                end: d + len - 1,
            });
            d += len;
        }
        held = !held;
    }
    // Clip to the post's life and the history.
    let post_last = if post.end == OPEN { OPEN } else { post.end - 1 };
    segs.retain(|s| {
        s.start <= s.end && s.start <= post_last && s.start <= h.end && s.end >= post.start
    });
    for s in &mut segs {
        s.start = s.start.max(post.start);
        s.end = s.end.min(post_last);
        if s.end > h.end {
            s.end = OPEN;
        }
    }
    segs
}

/// Share of a team's turnover taken by the quota of post leavers on the anchor year: internal
/// moves, exits to agency and to other roles make up the rest.
const LEAVER_QUOTA: f64 = 0.97;
/// Share of a team's vacancy rate set as whole vacant posts on the anchor date: part-time
/// holders of full-time posts and posts left by movers make up the rest.
const VACANCY_QUOTA: f64 = 0.96;

/// Anchor states of a team's posts: exact counts of vacant posts and of posts with a leaver.
fn anchor_states(
    posts: &[u32],
    seeds: &[PostSeed],
    rates: &Rates,
    rng: &mut Random,
) -> Vec<AnchorState> {
    let n = posts.len();
    let vacant = (rates.vacancy * VACANCY_QUOTA * n as f64).round() as usize;
    let filled = n - vacant;
    // Other leavers (moves, exits to agency and to other roles) add to these.
    let leavers = (rates.turnover * LEAVER_QUOTA * filled as f64).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut states = vec![
        AnchorState {
            filled: true,
            leaver: false
        };
        n
    ];
    for &i in &order[..vacant] {
        states[i].filled = false;
    }
    rng.shuffle(&mut order);
    // Part-time posts count less, so choose leavers by FTE until the quota's FTE is reached.
    let target: f64 = leavers as f64;
    let mut got = 0.0;
    for &i in &order {
        if got >= target - 0.25 {
            break;
        }
        states[i].leaver = true;
        got += seeds[posts[i] as usize].fte;
    }
    states
}

/// A gap of a post, with the stint that follows it.
struct Gap {
    post: u32,
    start: i32,
    end: i32,
    next: Option<u32>,
    /// Covered by agency on the anchor date (only for gaps containing it).
    anchor_cover: Option<bool>,
}

fn holder_fte(post: &PostSeed, rng: &mut Random) -> f64 {
    if post.fte == 1.0 && rng.chance(0.08) {
        rng.weighted(&[(0.8, 0.6), (0.6, 0.4)])
    } else {
        post.fte
    }
}

fn contract_type(rng: &mut Random) -> ContractType {
    rng.weighted(&[
        (ContractType::Permanent, 0.86),
        (ContractType::FixedTerm, 0.12),
        (ContractType::Secondment, 0.02),
    ])
}

/// Build every post's timeline: employee stints and gaps.
fn post_timelines(est: &Establishment, h: &Horizon, rng: &mut Random) -> (Vec<EmpStint>, Vec<Gap>) {
    let mut emps = Vec::with_capacity(est.posts.len() * 4);
    let mut gaps: Vec<Gap> = Vec::with_capacity(est.posts.len() * 3);
    let mut by_team: Vec<Vec<u32>> = vec![Vec::new(); est.teams.len()];
    for (i, p) in est.posts.iter().enumerate() {
        if p.open_at_anchor {
            by_team[p.team as usize].push(i as u32);
        }
    }
    let mut state: Vec<Option<AnchorState>> = vec![None; est.posts.len()];
    for (t, posts) in by_team.iter().enumerate() {
        let st = anchor_states(posts, &est.posts, &est.teams[t].rates, rng);
        for (&p, s) in posts.iter().zip(st) {
            state[p as usize] = Some(s);
        }
    }
    for (i, post) in est.posts.iter().enumerate() {
        let rates = &est.teams[post.team as usize].rates;
        let segs = timeline(post, rates, state[i], h, rng);
        let mut pending: Option<usize> = None;
        for s in segs {
            if s.held {
                let k = emps.len() as u32;
                if let Some(g) = pending.take() {
                    gaps[g].next = Some(k);
                }
                let deleted = post.end != OPEN && s.end == post.end - 1;
                emps.push(EmpStint {
                    person: UNSET,
                    post: Some(i as u32),
                    team: post.team,
                    role: post.role,
                    family: post.family,
                    fte: holder_fte(post, rng),
                    start: s.start,
                    end: s.end,
                    ctype: contract_type(rng),
                    origin: Origin::New,
                    exit: if deleted {
                        Exit::PostDeleted
                    } else {
                        Exit::Normal
                    },
                });
            } else {
                let contains = s.start <= h.anchor && h.anchor <= s.end;
                pending = Some(gaps.len());
                let anchor_cover = contains.then_some(false);
                gaps.push(Gap {
                    post: i as u32,
                    start: s.start,
                    end: s.end,
                    next: None,
                    anchor_cover,
                });
            }
        }
    }
    cover_quota(est, &mut gaps, rng);
    (emps, gaps)
}

/// Mark exactly the team's cover share of its gaps on the anchor date as covered by agency.
fn cover_quota(est: &Establishment, gaps: &mut [Gap], rng: &mut Random) {
    let mut by_team: Vec<Vec<usize>> = vec![Vec::new(); est.teams.len()];
    for (i, g) in gaps.iter().enumerate() {
        if g.anchor_cover.is_some() {
            by_team[est.posts[g.post as usize].team as usize].push(i);
        }
    }
    for (t, mut v) in by_team.into_iter().enumerate() {
        rng.shuffle(&mut v);
        let n = (est.teams[t].rates.cover * v.len() as f64).round() as usize;
        for &i in &v[..n] {
            gaps[i].anchor_cover = Some(true);
        }
    }
}

/// Assignment lengths in post on the anchor date: the three bands of the scrutiny report.
const BANDS: [(i32, i32, f64); 3] = [(7, 175, 0.53), (190, 355, 0.235), (380, 1100, 0.235)];

/// Ages on the anchor date of the agency assignments in post then, by quota over the bands.
/// `max_age[i]` is the oldest the i-th assignment can be.
fn anchor_ages(max_age: &[i32], rng: &mut Random) -> Vec<i32> {
    let n = max_age.len();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut band = vec![0usize; n];
    for b in [2, 1] {
        let mut quota = (BANDS[b].2 * n as f64).round() as usize;
        for &i in &order {
            if quota > 0 && band[i] == 0 && max_age[i] >= BANDS[b].0 {
                band[i] = b;
                quota -= 1;
            }
        }
    }
    (0..n)
        .map(|i| {
            let (lo, hi, _) = BANDS[band[i]];
            rng.int(lo, hi).min(max_age[i]).max(0)
        })
        .collect()
}

/// Intervals of back-to-back or spaced agency assignments filling `[from, to]` forward.
/// Each has a flag: same worker as the one before.
fn chain_forward(
    from: i32,
    to: i32,
    idle: f64,
    h: &Horizon,
    rng: &mut Random,
) -> Vec<(i32, i32, bool)> {
    let mut out = Vec::new();
    let mut d = from;
    let mut linked = false;
    while d <= to && d <= h.end {
        let len = 14 + rng.exp_days(MEAN_ASSIGNMENT - 14.0);
        let e = (d + len - 1).min(to);
        let e = if e > h.end { OPEN } else { e };
        out.push((d, e, linked));
        if e == OPEN {
            break;
        }
        if rng.chance(0.6) {
            linked = rng.chance(0.6);
            d = e + 1;
        } else {
            linked = false;
            d = e
                + 1
                + if idle > 0.0 {
                    rng.exp_days(idle)
                } else {
                    rng.int(1, 20)
                };
        }
    }
    out
}

/// As [`chain_forward`], filling `[from, to]` backward from `to`.
fn chain_backward(from: i32, to: i32, idle: f64, rng: &mut Random) -> Vec<(i32, i32, bool)> {
    let mut out = Vec::new();
    let mut e = to;
    while e >= from {
        let len = 14 + rng.exp_days(MEAN_ASSIGNMENT - 14.0);
        let s = (e - len + 1).max(from);
        let adjacent = rng.chance(0.6);
        // The flag says whether this assignment continues the (earlier) one before it.
        out.push((s, e, adjacent && rng.chance(0.6)));
        e = s
            - 1
            - if adjacent {
                0
            } else if idle > 0.0 {
                rng.exp_days(idle)
            } else {
                rng.int(1, 20)
            };
    }
    out.reverse();
    if let Some(first) = out.first_mut() {
        first.2 = false;
    }
    out
}

/// A template assignment for a team and post.
fn template(
    est: &Establishment,
    team: u32,
    post: Option<u32>,
    cover: CoverReason,
    rng: &mut Random,
) -> AgencyStint {
    let (role, family, fte) = match post {
        Some(p) => {
            let p = &est.posts[p as usize];
            (p.role, p.family, p.fte)
        }
        None => additional_role(est.teams[team as usize].kind, rng),
    };
    AgencyStint {
        person: UNSET,
        prev: None,
        post,
        team,
        role,
        family,
        fte,
        start: 0,
        end: 0,
        cover,
    }
}

/// Role of an over-establishment agency worker in a team of this kind.
fn additional_role(kind: Kind, rng: &mut Random) -> (Option<u8>, Family, f64) {
    let fte = rng.weighted(&[(1.0, 0.8), (0.5, 0.2)]);
    match kind {
        Kind::EdPsych => (None, Family::EdPsych, fte),
        Kind::BusinessSupport => (None, Family::BusinessSupport, fte),
        Kind::Leadership => (Some(2), Family::SocialWork, 1.0),
        Kind::Conference | Kind::Quality => (Some(6), Family::SocialWork, fte),
        _ => (
            Some(if rng.chance(0.15) { 4 } else { 5 }),
            Family::SocialWork,
            fte,
        ),
    }
}

fn push_intervals(
    out: &mut Vec<AgencyStint>,
    t: &AgencyStint,
    iv: &[(i32, i32, bool)],
) -> Option<u32> {
    let mut last = None;
    for &(s, e, linked) in iv {
        let k = out.len() as u32;
        out.push(AgencyStint {
            start: s,
            end: e,
            prev: if linked { last } else { None },
            ..t.clone()
        });
        last = Some(k);
    }
    last
}

/// An anchor assignment of age `age`, with the chains before and after it inside `[from, to]`.
#[allow(clippy::too_many_arguments)]
fn anchored_chain(
    out: &mut Vec<AgencyStint>,
    t: &AgencyStint,
    from: i32,
    to: i32,
    age: i32,
    idle: f64,
    h: &Horizon,
    rng: &mut Random,
) -> Option<u32> {
    let start = (h.anchor - age).max(from);
    let end = (h.anchor + 1 + rng.exp_days(MEAN_ASSIGNMENT)).min(to);
    let end = if end > h.end { OPEN } else { end };
    let mut iv = if start > from {
        chain_backward(from, start - 1 - rng.int(0, 5), idle, rng)
    } else {
        Vec::new()
    };
    iv.push((start, end, false));
    if end != OPEN {
        iv.extend(chain_forward(end + 1 + rng.int(0, 10), to, idle, h, rng));
    }
    push_intervals(out, t, &iv)
}

/// Agency cover of vacancies and over-establishment agency workers.
/// Returns the assignments and, per employee stint, the cover that ended the day before it.
fn agency_cover(
    est: &Establishment,
    emps: &[EmpStint],
    gaps: &[Gap],
    h: &Horizon,
    rng: &mut Random,
) -> (Vec<AgencyStint>, Vec<Option<u32>>) {
    let mut out = Vec::with_capacity(gaps.len() * 2);
    let mut before = vec![None; emps.len()];
    // Over-establishment slots per team, on the anchor date.
    let mut slots = Vec::new();
    let mut at_anchor = vec![0usize; est.teams.len()];
    for p in est.posts.iter().filter(|p| p.open_at_anchor) {
        at_anchor[p.team as usize] += 1;
    }
    for (t, team) in est.teams.iter().enumerate() {
        let n = (team.rates.additional * at_anchor[t] as f64).round() as usize;
        slots.extend(std::iter::repeat_n(t as u32, n));
    }
    // Ages on the anchor date: covered anchor gaps first, then the slots.
    let mut max_age: Vec<i32> = Vec::new();
    let covered: Vec<usize> = (0..gaps.len())
        .filter(|&g| gaps[g].anchor_cover == Some(true))
        .collect();
    for &g in &covered {
        max_age.push(h.anchor - gaps[g].start);
    }
    max_age.extend(std::iter::repeat_n(1100, slots.len()));
    let ages = anchor_ages(&max_age, rng);
    for (i, g) in gaps.iter().enumerate() {
        let rates = &est.teams[est.posts[g.post as usize].team as usize].rates;
        let team = est.posts[g.post as usize].team;
        let t = template(est, team, Some(g.post), CoverReason::Vacancy, rng);
        let delay = rng.int(0, 40);
        let last = match g.anchor_cover {
            Some(true) => {
                let k = covered.binary_search(&i).expect("covered gap");
                anchored_chain(&mut out, &t, g.start, g.end, ages[k], 0.0, h, rng)
            }
            Some(false) => {
                // Covered at times, but not on the anchor date.
                if rng.chance(rates.cover) && g.start + delay < h.anchor - 30 {
                    push_intervals(
                        &mut out,
                        &t,
                        &chain_forward(g.start + delay, h.anchor - 1 - rng.int(1, 30), 0.0, h, rng),
                    );
                }
                None
            }
            None if rng.chance(rates.cover) => push_intervals(
                &mut out,
                &t,
                &chain_forward(g.start + delay, g.end, 0.0, h, rng),
            ),
            None => None,
        };
        if let (Some(a), Some(next)) = (last, g.next) {
            if out[a as usize].end != OPEN && out[a as usize].end == emps[next as usize].start - 1 {
                before[next as usize] = Some(a);
            }
        }
    }
    for (j, &team) in slots.iter().enumerate() {
        let t = template(est, team, None, CoverReason::Additional, rng);
        let age = ages[covered.len() + j];
        anchored_chain(&mut out, &t, h.start - 400, OPEN, age, 150.0, h, rng);
    }
    (out, before)
}

/// Links taken in the sweep, per new employee stint in scope.
const P_CONVERSION: f64 = 0.25;
const P_MOVE: f64 = 0.05;
const P_REJOIN: f64 = 0.04;
const P_CONCURRENT: f64 = 0.35;
const P_TO_AGENCY: f64 = 0.04;
/// People who move or leave for agency work were due to leave their post within this many days.
const MAX_LEFT: i32 = 270;

/// The chronological sweep that gives every stint a person.
struct Sweep<'a> {
    emps: &'a mut Vec<EmpStint>,
    agency: &'a mut Vec<AgencyStint>,
    reg: Registry,
    /// Started employee stints in scope (pruned lazily).
    active: Vec<u32>,
    /// Started part-time employee stints.
    active_part: Vec<u32>,
    /// People who have held an employee stint.
    former: Vec<u32>,
}

impl Sweep<'_> {
    /// A random started stint in scope, in another team, at least `min_age` days old on `s`,
    /// still running after `s + 30` and, when `max_left` is given, ending within that many days
    /// (someone who was going to leave soon anyway, so the post they leave is not left empty
    /// for long).
    fn pick_active(
        &mut self,
        part: bool,
        s: i32,
        team: u32,
        min_age: i32,
        max_left: Option<i32>,
        rng: &mut Random,
    ) -> Option<u32> {
        for _ in 0..24 {
            let list = if part {
                &mut self.active_part
            } else {
                &mut self.active
            };
            if list.is_empty() {
                return None;
            }
            let i = rng.index(list.len());
            let k = list[i];
            let e = &self.emps[k as usize];
            if e.end < s {
                list.swap_remove(i);
                continue;
            }
            let p = e.person;
            if e.team != team
                && e.start <= s - min_age
                && e.end > s + 30
                && max_left.is_none_or(|m| e.end != OPEN && e.end <= s + m)
                && e.role.is_some()
                && !self.reg.seeds[p as usize].concurrent
                && self.reg.busy_until[p as usize] == e.end
            {
                return Some(k);
            }
        }
        None
    }

    fn pick_former(&mut self, s: i32, rng: &mut Random) -> Option<u32> {
        for _ in 0..6 {
            if self.former.is_empty() {
                return None;
            }
            let p = self.former[rng.index(self.former.len())];
            let busy = self.reg.busy_until[p as usize];
            if busy != OPEN && busy < s - 90 {
                return Some(p);
            }
        }
        None
    }

    fn employee(&mut self, k: u32, cover_before: Option<u32>, rng: &mut Random) {
        let (s, team, in_scope, part) = {
            let e = &self.emps[k as usize];
            (e.start, e.team, e.role.is_some(), e.fte <= 0.6)
        };
        let mut origin = Origin::New;
        let mut person = UNSET;
        if in_scope {
            if let Some(a) = cover_before.filter(|_| rng.chance(P_CONVERSION)) {
                person = self.agency[a as usize].person;
                origin = Origin::FromAgency;
            } else if rng.chance(P_MOVE) {
                if let Some(m) = self.pick_active(false, s, team, 180, Some(MAX_LEFT), rng) {
                    self.emps[m as usize].end = s - 1;
                    self.emps[m as usize].exit = Exit::InternalMove;
                    person = self.emps[m as usize].person;
                    origin = Origin::InternalMove;
                }
            } else if rng.chance(P_REJOIN) {
                if let Some(p) = self.pick_former(s, rng) {
                    person = p;
                    origin = Origin::Rejoiner;
                }
            } else if part && rng.chance(P_CONCURRENT) {
                if let Some(c) = self.pick_active(true, s, team, 0, None, rng) {
                    person = self.emps[c as usize].person;
                    self.reg.seeds[person as usize].concurrent = true;
                    origin = Origin::Concurrent;
                }
            }
        }
        if person == UNSET {
            let e = &self.emps[k as usize];
            person = self.reg.new_person(s, e.role, e.family, rng);
        }
        let e = &mut self.emps[k as usize];
        e.person = person;
        e.origin = origin;
        let busy = &mut self.reg.busy_until[person as usize];
        *busy = if origin == Origin::Concurrent {
            (*busy).max(e.end)
        } else {
            e.end
        };
        if e.role.is_some() {
            self.reg.seeds[person as usize].social_worker = true;
            self.active.push(k);
            if part {
                self.active_part.push(k);
            }
        }
        self.former.push(person);
    }

    fn assignment(&mut self, k: u32, rng: &mut Random) {
        let (s, prev, team, role, family) = {
            let a = &self.agency[k as usize];
            (a.start, a.prev, a.team, a.role, a.family)
        };
        let person = if let Some(p) = prev {
            self.agency[p as usize].person
        } else if role.is_some() && rng.chance(P_TO_AGENCY) {
            match self.pick_active(false, s, team, 365, Some(MAX_LEFT), rng) {
                Some(m) => {
                    self.emps[m as usize].end = s - 1;
                    self.emps[m as usize].exit = Exit::ToAgency;
                    self.emps[m as usize].person
                }
                None => self.reg.new_person(s, role, family, rng),
            }
        } else {
            self.reg.new_person(s, role, family, rng)
        };
        let a = &mut self.agency[k as usize];
        a.person = person;
        self.reg.busy_until[person as usize] = a.end;
        if role.is_some() {
            self.reg.seeds[person as usize].social_worker = true;
        }
    }
}

/// Give every stint a person, in order of start date.
fn sweep(
    emps: &mut Vec<EmpStint>,
    agency: &mut Vec<AgencyStint>,
    before: &[Option<u32>],
    rng: &mut Random,
) -> Registry {
    let mut order: Vec<(i32, u8, u32)> = Vec::with_capacity(emps.len() + agency.len());
    order.extend(emps.iter().enumerate().map(|(i, e)| (e.start, 1, i as u32)));
    order.extend(
        agency
            .iter()
            .enumerate()
            .map(|(i, a)| (a.start, 0, i as u32)),
    );
    order.sort_unstable();
    let mut sw = Sweep {
        reg: Registry::with_capacity(emps.len() + agency.len()),
        emps,
        agency,
        active: Vec::new(),
        active_part: Vec::new(),
        former: Vec::new(),
    };
    for (_, kind, k) in order {
        if kind == 1 {
            sw.employee(k, before[k as usize], rng);
        } else {
            sw.assignment(k, rng);
        }
    }
    sw.reg
}

/// Social workers who leave for a non-social-work job in the council (ReasonLeave 7).
fn moves_out_of_scope(est: &Establishment, staff: &mut Staff, h: &Horizon, rng: &mut Random) {
    let Some(target) = est
        .team_of(Kind::LeavingCare, 0)
        .or_else(|| est.team_of(Kind::BusinessSupport, 0))
    else {
        return;
    };
    let family = if est.teams[target as usize].kind == Kind::LeavingCare {
        Family::PersonalAdviser
    } else {
        Family::BusinessSupport
    };
    let n = staff.emps.len();
    for k in 0..n {
        let e = &staff.emps[k];
        let p = e.person as usize;
        if e.role.is_none()
            || e.exit != Exit::Normal
            || e.end >= h.end - 30
            || staff.people.busy_until[p] != e.end
        {
            continue;
        }
        if staff.people.seeds[p].concurrent || !rng.chance(0.05) {
            continue;
        }
        let start = e.end + 1;
        let len = 90 + rng.exp_days(700.0);
        let end = if start + len > h.end {
            OPEN
        } else {
            start + len
        };
        let fte = e.fte;
        staff.emps[k].exit = Exit::NonSwRole;
        staff.people.busy_until[p] = end;
        staff.emps.push(EmpStint {
            person: p as u32,
            post: None,
            team: target,
            role: None,
            family,
            fte,
            start,
            end,
            ctype: ContractType::Permanent,
            origin: Origin::InternalMove,
            exit: Exit::Normal,
        });
    }
}

/// Casual (sessional) social workers in the out-of-hours team.
fn casual_sessional(est: &Establishment, staff: &mut Staff, h: &Horizon, rng: &mut Random) {
    let Some(team) = est.team_of(Kind::OutOfHours, 0) else {
        return;
    };
    let n = (est.posts.iter().filter(|p| p.team == team).count() / 4).max(2);
    for _ in 0..n {
        let start = rng.int(h.start - 300, h.end - 60);
        let len = 60 + rng.exp_days(500.0);
        let end = if start + len > h.end {
            OPEN
        } else {
            start + len
        };
        let person = staff
            .people
            .new_person(start, Some(5), Family::SocialWork, rng);
        staff.people.seeds[person as usize].social_worker = true;
        staff.people.busy_until[person as usize] = end;
        staff.emps.push(EmpStint {
            person,
            post: None,
            team,
            role: Some(5),
            family: Family::SocialWork,
            fte: rng.weighted(&[(0.2, 0.5), (0.3, 0.3), (0.4, 0.2)]),
            start,
            end,
            ctype: ContractType::Casual,
            origin: Origin::New,
            exit: Exit::Normal,
        });
    }
}

/// Simulate who holds every post, and the agency workers around them.
pub(crate) fn simulate(est: &Establishment, h: &Horizon, rng: &mut Random) -> Staff {
    let (mut emps, gaps) = post_timelines(est, h, rng);
    let (mut agency, before) = agency_cover(est, &emps, &gaps, h, rng);
    let people = sweep(&mut emps, &mut agency, &before, rng);
    let mut staff = Staff {
        emps,
        agency,
        people,
    };
    moves_out_of_scope(est, &mut staff, h, rng);
    casual_sessional(est, &mut staff, h, rng);
    staff
}

/// Add an agency worker covering an absent post holder.
pub(crate) fn absence_cover(
    est: &Establishment,
    staff: &mut Staff,
    stint: u32,
    start: i32,
    end: i32,
    rng: &mut Random,
) {
    let e = &staff.emps[stint as usize];
    let team = e.team;
    let mut t = template(est, team, e.post, CoverReason::Absence, rng);
    t.fte = e.fte;
    let person = staff.people.new_person(start, t.role, t.family, rng);
    staff.people.seeds[person as usize].social_worker = t.role.is_some();
    staff.people.busy_until[person as usize] = end;
    staff.agency.push(AgencyStint {
        person,
        start,
        end,
        ..t
    });
}

/// Casual business-support temps, to bring the number of people up to the target.
pub(crate) fn top_up(
    est: &Establishment,
    staff: &mut Staff,
    target: usize,
    h: &Horizon,
    rng: &mut Random,
) {
    let team = est
        .team_of(Kind::BusinessSupport, 0)
        .expect("a business support team");
    while staff.people.seeds.len() < target {
        let start = rng.int(h.start, h.end - 30);
        let end = (start + 14 + rng.exp_days(120.0)).min(h.end);
        let person = staff
            .people
            .new_person(start, None, Family::BusinessSupport, rng);
        staff.people.busy_until[person as usize] = end;
        staff.emps.push(EmpStint {
            person,
            post: None,
            team,
            role: None,
            family: Family::BusinessSupport,
            fte: rng.weighted(&[(0.4, 0.4), (0.5, 0.3), (1.0, 0.3)]),
            start,
            end,
            ctype: ContractType::Casual,
            origin: Origin::New,
            exit: Exit::Normal,
        });
    }
}

/// Drop people with ordinary histories (no linked stints, no special contract), those who
/// started last first, down to `target` people; returns the new index of each old person.
pub(crate) fn trim(staff: &mut Staff, target: usize) -> Vec<u32> {
    let n = staff.people.seeds.len();
    let mut first = vec![OPEN; n];
    let mut special = vec![false; n];
    for e in &staff.emps {
        let p = e.person as usize;
        first[p] = first[p].min(e.start);
        special[p] |=
            e.origin != Origin::New || e.exit != Exit::Normal || e.ctype != ContractType::Permanent;
    }
    for a in &staff.agency {
        let p = a.person as usize;
        first[p] = first[p].min(a.start);
        special[p] |= a.prev.is_some() || a.cover == CoverReason::Absence;
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&p| {
        (
            special[p as usize],
            std::cmp::Reverse(first[p as usize]),
            std::cmp::Reverse(p),
        )
    });
    let mut dropped = vec![false; n];
    for &p in &order[..n.saturating_sub(target)] {
        dropped[p as usize] = true;
    }
    let mut map = vec![UNSET; n];
    let mut next = 0u32;
    for p in 0..n {
        if !dropped[p] {
            map[p] = next;
            next += 1;
        }
    }
    staff.emps.retain(|e| !dropped[e.person as usize]);
    staff.agency.retain(|a| !dropped[a.person as usize]);
    for e in &mut staff.emps {
        e.person = map[e.person as usize];
    }
    for a in &mut staff.agency {
        a.person = map[a.person as usize];
        a.prev = None;
    }
    staff.people.keep(&dropped);
    map
}
