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
use super::util::{date, day, Horizon, Random, OPEN};
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

/// Post leavers per CSWW leaver: some who leave a post do not leave the council's social work
/// (internal moves, a second concurrent post, rejoining within the grace period), while exits
/// to agency and to other roles add leavers.
const LEAVER_QUOTA: f64 = 1.12;
/// Share of a team's vacancy rate made of whole vacant posts: part-time holders of full-time
/// posts and posts left by movers make up the rest.
const VACANCY_QUOTA: f64 = 0.96;

/// Mean tenure and mean vacancy gap of a team's posts, in days. The same renewal process runs
/// through the whole history, so the rates at the anchor date hold at any other date too.
fn means(rates: &Rates) -> (f64, f64) {
    let tenure = (365.0 / (rates.turnover * LEAVER_QUOTA).max(0.02)).max(120.0);
    let v = (rates.vacancy * VACANCY_QUOTA).clamp(0.0, 0.9);
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

/// Held segments ending in the anchor year (leavers there).
fn year_leavers(segs: &[Seg], h: &Horizon) -> usize {
    let y0 = h.year_start();
    segs.iter()
        .filter(|s| s.held && y0 <= s.end && s.end <= h.anchor)
        .count()
}

/// A post's segments around the anchor date drawn from the stationary renewal process given
/// whether it is filled then: the segment containing the anchor and those before it, back to
/// one starting before the anchor year. Drawn this way (not built to order), the anchor year
/// has no more starts or ends than any other year, so the monthly series has no step there.
fn stationary_core(filled: bool, rates: &Rates, h: &Horizon, rng: &mut Random) -> Vec<Seg> {
    let (tenure, gap) = means(rates);
    let t = h.anchor;
    let cur = if filled {
        // The held segment covering a date is length-biased: 60 + Exp(m) biased by length is
        // 60 + Exp(m) with weight 60 / (60 + m), else 60 + Gamma(2, m).
        let m = tenure - 60.0;
        let extra = rng.exp_days(m);
        let len = 60
            + extra
            + if rng.chance(60.0 / (60.0 + m)) {
                0
            } else {
                rng.exp_days(m)
            };
        // In post on the anchor date: the segment runs past it.
        let start = t - rng.int(0, len - 2);
        Seg {
            held: true,
            start,
            end: start + len - 1,
        }
    } else {
        // Vacancy gaps are exponential: age and residual are independent exponentials.
        Seg {
            held: false,
            start: t - rng.exp_days(gap),
            end: t + 1 + rng.exp_days(gap),
        }
    };
    let mut segs = vec![cur];
    let mut held = !filled;
    while segs[segs.len() - 1].start > h.year_start() {
        let len = seg_len(held, rates, rng);
        if len > 0 {
            let end = segs[segs.len() - 1].start - 1;
            segs.push(Seg {
                held,
                start: end - len + 1,
                end,
            });
        }
        held = !held;
    }
    segs.reverse();
    segs
}

/// The segments around the anchor date of a team's posts open then: exactly the team's share of
/// vacant posts, and leavers in the anchor year close to its turnover (by FTE). Each post's
/// segments come from the stationary process given its state; posts are redrawn until the
/// leavers reach the team's quota.
fn anchor_cores(
    posts: &[u32],
    seeds: &[PostSeed],
    rates: &Rates,
    h: &Horizon,
    rng: &mut Random,
) -> Vec<Vec<Seg>> {
    let n = posts.len();
    let vacant = (rates.vacancy * VACANCY_QUOTA * n as f64).round() as usize;
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut filled = vec![true; n];
    for &i in &order[..vacant] {
        filled[i] = false;
    }
    let fte = |i: usize| seeds[posts[i] as usize].fte;
    let filled_fte: f64 = (0..n).filter(|&i| filled[i]).map(fte).sum();
    // Other leavers (moves, exits to agency and to other roles) add to these.
    let target = rates.turnover * LEAVER_QUOTA * filled_fte;
    let mut cores: Vec<(Vec<Seg>, f64)> = (0..n)
        .map(|i| {
            let c = stationary_core(filled[i], rates, h, rng);
            let l = year_leavers(&c, h) as f64 * fte(i);
            (c, l)
        })
        .collect();
    let mut got: f64 = cores.iter().map(|c| c.1).sum();
    for _ in 0..100 * n {
        if (got - target).abs() <= 0.5 {
            break;
        }
        let i = rng.index(n);
        let c = stationary_core(filled[i], rates, h, rng);
        let l = year_leavers(&c, h) as f64 * fte(i);
        let next = got - cores[i].1 + l;
        if (next - target).abs() < (got - target).abs() {
            cores[i] = (c, l);
            got = next;
        }
    }
    cores.into_iter().map(|c| c.0).collect()
}

/// Share of post holders who leave on the last day of a month.
const P_MONTH_END: f64 = 0.3;

/// The last day of the month of day `d`.
fn month_end(d: i32) -> i32 {
    use chrono::Datelike;
    let x = date(d);
    let (y, m) = if x.month() == 12 {
        (x.year() + 1, 1)
    } else {
        (x.year(), x.month() + 1)
    };
    day(crate::model::Date::from_ymd_opt(y, m, 1).expect("valid date")) - 1
}

/// A post's alternating held/vacant segments over the history.
fn timeline(
    post: &PostSeed,
    rates: &Rates,
    core: Option<Vec<Seg>>,
    h: &Horizon,
    rng: &mut Random,
) -> Vec<Seg> {
    let mut core = match core {
        Some(c) => c,
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
    // Many leave at the end of a month (notice runs to a month end); the vacancy after them
    // starts a little later. Ends stay in their month, so each month gets its share, 30
    // September included (§7).
    for i in 1..segs.len() {
        let (prev, next) = (segs[i - 1], segs[i]);
        if prev.held && !next.held && prev.end != OPEN && rng.chance(P_MONTH_END) {
            let e = month_end(prev.end);
            if e < next.end && e <= h.end {
                segs[i - 1].end = e;
                segs[i].start = e + 1;
            }
        }
    }
    segs
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
    let mut cores: Vec<Option<Vec<Seg>>> = vec![None; est.posts.len()];
    for (t, posts) in by_team.iter().enumerate() {
        let c = anchor_cores(posts, &est.posts, &est.teams[t].rates, h, rng);
        for (&p, c) in posts.iter().zip(c) {
            cores[p as usize] = Some(c);
        }
    }
    for (i, post) in est.posts.iter().enumerate() {
        let rates = &est.teams[post.team as usize].rates;
        let segs = timeline(post, rates, cores[i].take(), h, rng);
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

/// Days between two assignments of a chain: none (an extension or a handover) 60% of the
/// time, else an idle spell (or a few days to find the next worker when `idle` is 0).
fn chain_break(idle: f64, rng: &mut Random) -> i32 {
    if rng.chance(0.6) {
        0
    } else if idle > 0.0 {
        rng.exp_days(idle)
    } else {
        rng.int(1, 20)
    }
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
    // The breaks either side are those of the chains (so the chain is as busy near the anchor
    // date as anywhere else).
    let mut iv = if start > from {
        chain_backward(from, start - 1 - chain_break(idle, rng), idle, rng)
    } else {
        Vec::new()
    };
    iv.push((start, end, false));
    if end != OPEN {
        iv.extend(chain_forward(
            end + 1 + chain_break(idle, rng),
            to,
            idle,
            h,
            rng,
        ));
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
        let delay = rng.int(0, max_wait(rates.cover));
        let last = match g.anchor_cover {
            Some(true) => {
                let k = covered.binary_search(&i).expect("covered gap");
                // Cover starts after the same wait as in other gaps.
                let from = (g.start + delay).min(h.anchor);
                anchored_chain(&mut out, &t, from, g.end, ages[k], 0.0, h, rng)
            }
            Some(false) => {
                // Not covered on the anchor date: mostly never covered, now and then covered
                // either side of a break in cover.
                if rng.chance(gap_cover(rates).1) {
                    let pause = h.anchor - rng.int(1, 20);
                    if g.start + delay < pause {
                        push_intervals(
                            &mut out,
                            &t,
                            &chain_forward(g.start + delay, pause, 0.0, h, rng),
                        );
                    }
                    push_intervals(
                        &mut out,
                        &t,
                        &chain_forward(h.anchor + rng.int(1, 20), g.end, 0.0, h, rng),
                    )
                } else {
                    None
                }
            }
            None if rng.chance(gap_cover(rates).0) => push_intervals(
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
        anchored_chain(&mut out, &t, h.start - 400, OPEN, age, SLOT_IDLE, h, rng);
    }
    // A slot's chain is busy about 80% of the time but in post on the anchor date by
    // construction: more slots, idle on the anchor date, keep the level the same at other dates.
    for (t, team) in est.teams.iter().enumerate() {
        let n = team.rates.additional * at_anchor[t] as f64 * SLOT_IDLE_SHARE;
        let extra = (n + rng.unit()).floor() as usize;
        for _ in 0..extra {
            let tpl = template(est, t as u32, None, CoverReason::Additional, rng);
            let last = h.anchor - 1 - rng.exp_days(SLOT_IDLE);
            let mut iv = chain_backward(h.start - 400, last, SLOT_IDLE, rng);
            iv.extend(chain_forward(
                h.anchor + 1 + rng.exp_days(SLOT_IDLE),
                OPEN,
                SLOT_IDLE,
                h,
                rng,
            ));
            push_intervals(&mut out, &tpl, &iv);
        }
    }
    (out, before)
}

/// Mean idle days between an over-establishment slot's spaced assignments.
const SLOT_IDLE: f64 = 150.0;
/// Idle slots on the anchor date per slot in post then: the idle share of a slot's time
/// (40% of breaks last `SLOT_IDLE` days on average, against `MEAN_ASSIGNMENT` busy) over the
/// busy share.
const SLOT_IDLE_SHARE: f64 = 0.4 * SLOT_IDLE / MEAN_ASSIGNMENT;
/// Longest wait, in days, from a post falling vacant to its agency cover: teams that rely on
/// agency workers (a high cover rate) find them faster.
fn max_wait(cover: f64) -> i32 {
    5 + (50.0 * (1.0 - cover)) as i32
}

/// Share of a covered vacancy's days without cover: the wait before the first assignment and
/// the breaks between assignments (40% of handovers, 10 days on average, every
/// `MEAN_ASSIGNMENT` days).
fn uncovered(rates: &Rates) -> f64 {
    let (_, gap) = means(rates);
    let wait = max_wait(rates.cover) as f64 / 2.0;
    (wait / gap).min(0.5) + 0.4 * 10.5 / MEAN_ASSIGNMENT
}

/// Share of vacancy gaps covered by agency, and the chance that a gap without cover on the
/// anchor date is covered either side of a break. On the anchor date exactly the team's cover
/// rate of its vacant posts are covered, so gaps are covered a little more often than that to
/// make up for their days without cover.
fn gap_cover(rates: &Rates) -> (f64, f64) {
    let u = uncovered(rates);
    let share = (rates.cover / (1.0 - u)).min(0.99);
    (share, share * u / (share * u + 1.0 - share))
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

/// Drop people with ordinary histories (no linked stints, no special contract), picked at
/// random (so the thinning is even over time), down to `target` people; returns the new index
/// of each old person.
pub(crate) fn trim(staff: &mut Staff, target: usize, rng: &mut Random) -> Vec<u32> {
    let n = staff.people.seeds.len();
    let mut special = vec![false; n];
    for e in &staff.emps {
        let p = e.person as usize;
        special[p] |=
            e.origin != Origin::New || e.exit != Exit::Normal || e.ctype != ContractType::Permanent;
    }
    for a in &staff.agency {
        let p = a.person as usize;
        special[p] |= a.prev.is_some() || a.cover == CoverReason::Absence;
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    // Stable: the shuffled order within ordinary and within special people.
    order.sort_by_key(|&p| special[p as usize]);
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
