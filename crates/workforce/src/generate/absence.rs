//! Absences (sickness, maternity, other leave), agency cover for long absences, ER casework.

use super::org::{Establishment, Family};
use super::staff::{self, Staff};
use super::util::{Horizon, Random, OPEN};
use crate::calendar::Calendar;
use crate::model::{AbsenceType, ErCaseType};

/// How often people are absent: spells per person-year.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AbsenceRates {
    pub short_sickness: f64,
    pub long_sickness: f64,
    pub other_leave: f64,
    /// Mean length of a long sickness spell beyond its first 20 working days.
    pub long_extra_days: f64,
}

/// An absence, in day numbers; `end == OPEN` while still absent.
#[derive(Clone, Debug)]
pub(crate) struct AbsenceRec {
    pub person: u32,
    /// The employee stint the absence began in.
    pub stint: u32,
    pub kind: AbsenceType,
    pub reason: &'static str,
    pub start: i32,
    pub end: i32,
    pub working_days_lost: Option<f64>,
}

/// An employee-relations case, in day numbers.
#[derive(Clone, Debug)]
pub(crate) struct ErRec {
    pub person: u32,
    pub kind: ErCaseType,
    pub opened: i32,
    pub closed: i32,
    pub outcome: &'static str,
}

const SICKNESS_REASONS: [(&str, f64); 6] = [
    ("Stress, depression, anxiety", 0.3),
    ("Musculoskeletal", 0.15),
    ("Cold, cough, flu", 0.25),
    ("Gastrointestinal", 0.15),
    ("Covid-19", 0.05),
    ("Other", 0.1),
];

/// The first working day on or after `d`.
fn working_day_from(cal: &Calendar, mut d: i32) -> i32 {
    while cal.working_days_between(d, d) == 0 {
        d += 1;
    }
    d
}

/// The last day of `n` working days starting on working day `start`.
fn after_working_days(cal: &Calendar, start: i32, n: i32) -> i32 {
    let mut d = start;
    let mut left = n - 1;
    while left > 0 {
        d += 1;
        if cal.working_days_between(d, d) == 1 {
            left -= 1;
        }
    }
    d
}

/// One person's continuous employment: stints (by index) and the union interval.
struct Union {
    start: i32,
    end: i32,
    stints: Vec<u32>,
}

/// Each person's employee stints merged into unions, ordered by person then start.
fn unions(staff: &Staff) -> Vec<(u32, Union)> {
    let mut idx: Vec<u32> = (0..staff.emps.len() as u32).collect();
    idx.sort_unstable_by_key(|&k| {
        (
            staff.emps[k as usize].person,
            staff.emps[k as usize].start,
            k,
        )
    });
    let mut out: Vec<(u32, Union)> = Vec::with_capacity(idx.len());
    for k in idx {
        let e = &staff.emps[k as usize];
        if let Some((p, u)) = out.last_mut() {
            if *p == e.person && (u.end == OPEN || e.start <= u.end + 1) {
                u.end = u.end.max(e.end);
                u.stints.push(k);
                continue;
            }
        }
        out.push((
            e.person,
            Union {
                start: e.start,
                end: e.end,
                stints: vec![k],
            },
        ));
    }
    out
}

/// The stint of `u` covering day `d` (the first one), and the person's FTE that day.
fn stint_on(staff: &Staff, u: &Union, d: i32) -> (u32, f64) {
    let mut first = u.stints[0];
    let mut fte = 0.0;
    let mut found = false;
    for &k in &u.stints {
        let e = &staff.emps[k as usize];
        if e.start <= d && d <= e.end {
            if !found {
                first = k;
                found = true;
            }
            fte += e.fte;
        }
    }
    (
        first,
        if found {
            fte
        } else {
            staff.emps[first as usize].fte
        },
    )
}

/// Generate absences for every employee (casual workers excepted).
pub(crate) fn absences(
    staff: &Staff,
    rates: &AbsenceRates,
    h: &Horizon,
    cal: &Calendar,
    rng: &mut Random,
) -> Vec<AbsenceRec> {
    let mut out = Vec::with_capacity(staff.emps.len() * 12);
    for (person, u) in unions(staff) {
        let casual = u
            .stints
            .iter()
            .all(|&k| staff.emps[k as usize].ctype == crate::model::ContractType::Casual);
        if casual {
            continue;
        }
        person_absences(staff, person, &u, rates, h, cal, rng, &mut out);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn person_absences(
    staff: &Staff,
    person: u32,
    u: &Union,
    rates: &AbsenceRates,
    h: &Horizon,
    cal: &Calendar,
    rng: &mut Random,
    out: &mut Vec<AbsenceRec>,
) {
    let seed = &staff.people.seeds[person as usize];
    let last = u.end.min(h.end);
    let family_leave = |d: i32| match seed.gender {
        2 if (20..45).contains(&seed.age_on(d)) => 0.05,
        1 if (20..50).contains(&seed.age_on(d)) => 0.04,
        _ => 0.0,
    };
    let per_year = rates.short_sickness + rates.long_sickness + rates.other_leave;
    let mut d = u.start.max(h.start - 60) + rng.exp_days(365.0 / per_year);
    while d <= last {
        let start = working_day_from(cal, d);
        if start > last {
            break;
        }
        let fl = family_leave(start);
        let kind = rng.weighted(&[
            (0u8, rates.short_sickness),
            (1, rates.long_sickness),
            (2, rates.other_leave),
            (3, fl),
        ]);
        let (kind, reason, mut end) = match kind {
            0 => {
                let n =
                    rng.weighted(&[(1, 0.35), (2, 0.2), (3, 0.2), (4, 0.1), (5, 0.1), (8, 0.05)]);
                (
                    AbsenceType::Sickness,
                    rng.weighted(&SICKNESS_REASONS),
                    after_working_days(cal, start, n),
                )
            }
            1 => {
                let n = (20 + rng.exp_days(rates.long_extra_days)).min(250);
                (
                    AbsenceType::Sickness,
                    rng.weighted(&SICKNESS_REASONS[..2]),
                    after_working_days(cal, start, n),
                )
            }
            2 => {
                let kind = rng.weighted(&[(AbsenceType::Special, 0.6), (AbsenceType::Other, 0.4)]);
                (
                    kind,
                    "Special leave",
                    after_working_days(cal, start, rng.int(1, 5)),
                )
            }
            _ if seed.gender == 2 => (AbsenceType::Maternity, "MAT", start + rng.int(180, 365)),
            _ => (
                AbsenceType::Paternity,
                "MAT",
                after_working_days(cal, start, 10),
            ),
        };
        if end > u.end {
            end = u.end;
        }
        if end > h.end {
            end = OPEN;
        }
        let (stint, fte) = stint_on(staff, u, start);
        let recorded =
            kind == AbsenceType::Sickness && end != OPEN && seed.system == 0 && rng.chance(0.9);
        let working_days_lost = recorded.then(|| {
            let days = cal.working_days_between(start, end) as f64;
            (days * fte * 100.0).round() / 100.0
        });
        out.push(AbsenceRec {
            person,
            stint,
            kind,
            reason,
            start,
            end,
            working_days_lost,
        });
        if end == OPEN {
            break;
        }
        d = end + 1 + rng.exp_days(365.0 / per_year);
    }
}

/// Agency cover for long absences of social workers in posts.
pub(crate) fn cover_long_absences(
    est: &Establishment,
    staff: &mut Staff,
    abs: &[AbsenceRec],
    h: &Horizon,
    rng: &mut Random,
) {
    for a in abs {
        let e = &staff.emps[a.stint as usize];
        let long = a.kind == AbsenceType::Maternity
            || (a.kind == AbsenceType::Sickness && a.end.saturating_sub(a.start) >= 42);
        if !long
            || e.role.is_none()
            || e.post.is_none()
            || e.family != Family::SocialWork
            || !rng.chance(0.4)
        {
            continue;
        }
        let start = a.start + rng.int(5, 20);
        if start > h.end - 1 || (a.end != OPEN && a.end - start < 28) {
            continue;
        }
        staff::absence_cover(est, staff, a.stint, start, a.end, rng);
    }
}

/// Employee-relations cases: from long and frequent sickness, and some conduct and capability.
pub(crate) fn er_cases(
    staff: &Staff,
    abs: &[AbsenceRec],
    h: &Horizon,
    rng: &mut Random,
) -> Vec<ErRec> {
    let mut out = Vec::new();
    let close = |opened: i32, rng: &mut Random| {
        let c = opened + 20 + rng.exp_days(90.0);
        if c > h.end {
            OPEN
        } else {
            c
        }
    };
    for a in abs {
        if a.kind == AbsenceType::Sickness
            && a.end.saturating_sub(a.start) >= 28
            && rng.chance(0.35)
        {
            let opened = a.start + 28;
            if opened <= h.end {
                let closed = if a.end == OPEN {
                    OPEN
                } else {
                    close(a.end, rng)
                };
                let outcome = if closed == OPEN {
                    ""
                } else {
                    rng.weighted(&[
                        ("returned to work", 0.8),
                        ("ill-health retirement", 0.05),
                        ("dismissal", 0.05),
                        ("resigned", 0.1),
                    ])
                };
                out.push(ErRec {
                    person: a.person,
                    kind: ErCaseType::LongTermAbsence,
                    opened,
                    closed,
                    outcome,
                });
            }
        } else if a.kind == AbsenceType::Sickness && rng.chance(0.03) {
            let opened = a.end.min(h.end) + 1;
            if opened <= h.end {
                let closed = close(opened, rng);
                out.push(ErRec {
                    person: a.person,
                    kind: ErCaseType::ShortTermAbsence,
                    opened,
                    closed,
                    outcome: if closed == OPEN {
                        ""
                    } else {
                        "stage 1 warning"
                    },
                });
            }
        }
    }
    for e in &staff.emps {
        let (s, t) = (e.start.max(h.start), e.end.min(h.end));
        if t <= s {
            continue;
        }
        let years = (t - s) as f64 / 365.0;
        for (kind, rate, outcomes) in [
            (
                ErCaseType::Capability,
                0.015,
                &[
                    ("informal action", 0.5),
                    ("improved", 0.4),
                    ("dismissal", 0.1),
                ][..],
            ),
            (
                ErCaseType::Grievance,
                0.012,
                &[("upheld", 0.3), ("not upheld", 0.6), ("withdrawn", 0.1)][..],
            ),
            (
                ErCaseType::Disciplinary,
                0.008,
                &[
                    ("no case to answer", 0.4),
                    ("written warning", 0.45),
                    ("dismissal", 0.15),
                ][..],
            ),
        ] {
            if rng.chance(rate * years) {
                let opened = rng.int(s, t);
                let closed = close(opened, rng);
                let outcome = if closed == OPEN {
                    ""
                } else {
                    rng.weighted(outcomes)
                };
                out.push(ErRec {
                    person: e.person,
                    kind,
                    opened,
                    closed,
                    outcome,
                });
            }
        }
    }
    out.sort_by_key(|c| (c.opened, c.person));
    out
}
