//! Every edge case of `metrics.md` §7 is present in `generate(&GenerateOptions::default())`.

use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};
use workforce::generate::{generate, GenerateOptions};
use workforce::model::*;

fn dataset() -> Dataset {
    generate(&GenerateOptions::default()).unwrap()
}

fn next_day(d: Date) -> Date {
    d.succ_opt().unwrap()
}

fn by_person(ds: &Dataset) -> BTreeMap<&str, Vec<&Contract>> {
    let mut m: BTreeMap<&str, Vec<&Contract>> = BTreeMap::new();
    for c in &ds.contracts {
        m.entry(c.person_id.as_str()).or_default().push(c);
    }
    for v in m.values_mut() {
        v.sort_by_key(|c| c.start_date);
    }
    m
}

/// Count of cases found, with a message when there are none.
fn present(what: &str, n: usize) {
    assert!(n > 0, "no {what} in the default dataset");
    println!("{what}: {n}");
}

#[test]
fn leavers_on_30_september() {
    let ds = dataset();
    let n = ds
        .contracts
        .iter()
        .filter(|c| c.csww_role.is_some() && c.reason_leave.is_some())
        .filter(|c| c.end_date.is_some_and(|e| e.month() == 9 && e.day() == 30))
        .count();
    present("leavers on 30 September", n);
}

#[test]
fn moves_rejoiners_renewals_and_concurrent_posts() {
    let ds = dataset();
    let people = by_person(&ds);
    let (mut moves, mut rejoin, mut renewals, mut concurrent, mut to_other_role) = (0, 0, 0, 0, 0);
    for cs in people.values() {
        for (i, a) in cs.iter().enumerate() {
            for b in &cs[i + 1..] {
                let follows = a.end_date.is_some_and(|e| next_day(e) == b.start_date);
                let sw = a.csww_role.is_some() && b.csww_role.is_some();
                if follows && sw && a.org_unit_id != b.org_unit_id && a.reason_leave.is_none() {
                    moves += 1;
                }
                if follows
                    && sw
                    && a.post_id == b.post_id
                    && a.contract_type == Some(ContractType::FixedTerm)
                {
                    renewals += 1;
                }
                if follows && a.reason_leave == Some(7) && b.csww_role.is_none() {
                    to_other_role += 1;
                }
                if sw
                    && a.end_date.is_some_and(|e| b.start_date > next_day(e))
                    && b.start_origin.is_some()
                {
                    rejoin += 1;
                }
                let overlap = a.end_date.is_none_or(|e| b.start_date <= e);
                if overlap && sw && a.fte < 1.0 && b.fte < 1.0 && a.post_id != b.post_id {
                    concurrent += 1;
                }
            }
        }
    }
    present("internal moves", moves);
    present("rejoiners after a gap", rejoin);
    present("back-to-back fixed-term renewals", renewals);
    present("concurrent part-time contracts", concurrent);
    present(
        "moves to a non-social-work role (ReasonLeave 7)",
        to_other_role,
    );
}

#[test]
fn agency_cover_and_conversions() {
    let ds = dataset();
    let reason = |r: Option<CoverReason>| {
        ds.agency_assignments
            .iter()
            .filter(|a| a.cover_reason == r)
            .count()
    };
    present(
        "agency covering a vacancy",
        reason(Some(CoverReason::Vacancy)),
    );
    present(
        "agency covering absence",
        reason(Some(CoverReason::Absence)),
    );
    present(
        "agency over establishment",
        reason(Some(CoverReason::Additional)),
    );
    present("cover reason left to derive", reason(None));
    let agency_end: BTreeSet<(&str, Date)> = ds
        .agency_assignments
        .iter()
        .filter_map(|a| a.end_date.map(|e| (a.person_id.as_str(), e)))
        .collect();
    let agency_start: BTreeSet<(&str, Date)> = ds
        .agency_assignments
        .iter()
        .map(|a| (a.person_id.as_str(), a.start_date))
        .collect();
    let conversions = ds
        .contracts
        .iter()
        .filter(|c| {
            c.start_origin == Some(4)
                && agency_end.contains(&(c.person_id.as_str(), c.start_date.pred_opt().unwrap()))
        })
        .count();
    present("agency workers made permanent (StartOrigin 4)", conversions);
    let to_agency = ds
        .contracts
        .iter()
        .filter(|c| c.leaver_destination == Some(3))
        .filter(|c| {
            c.end_date
                .is_some_and(|e| agency_start.contains(&(c.person_id.as_str(), next_day(e))))
        })
        .count();
    present("employees leaving to become agency workers", to_agency);
}

#[test]
fn absences_cross_years_and_stay_open() {
    let ds = dataset();
    let sick = |a: &&Absence| a.absence_type == AbsenceType::Sickness;
    let crossing = ds
        .absences
        .iter()
        .filter(sick)
        .filter(|a| {
            let sep30 = Date::from_ymd_opt(a.start_date.year(), 9, 30).unwrap();
            a.start_date <= sep30 && a.end_date.is_none_or(|e| e > sep30)
        })
        .count();
    present("sickness spells crossing 30 September", crossing);
    present(
        "open absences",
        ds.absences.iter().filter(|a| a.end_date.is_none()).count(),
    );
    present(
        "maternity",
        ds.absences
            .iter()
            .filter(|a| a.absence_type == AbsenceType::Maternity)
            .count(),
    );
    let long = ds
        .absences
        .iter()
        .filter(sick)
        .filter(|a| {
            a.end_date
                .is_some_and(|e| (e - a.start_date).num_days() > 28)
        })
        .count();
    present("long sickness spells", long);
    present(
        "recorded days lost",
        ds.absences
            .iter()
            .filter(|a| a.working_days_lost.is_some())
            .count(),
    );
    present(
        "days lost left to derive",
        ds.absences
            .iter()
            .filter(sick)
            .filter(|a| a.working_days_lost.is_none())
            .count(),
    );
    present("ER cases", ds.er_cases.as_ref().unwrap().len());
}

#[test]
fn contracts_casual_part_time_and_two_systems() {
    let ds = dataset();
    present(
        "casual contracts",
        ds.contracts
            .iter()
            .filter(|c| c.contract_type == Some(ContractType::Casual))
            .count(),
    );
    present(
        "casual social work contracts",
        ds.contracts
            .iter()
            .filter(|c| c.contract_type == Some(ContractType::Casual) && c.csww_role.is_some())
            .count(),
    );
    present(
        "FTE below 1",
        ds.contracts.iter().filter(|c| c.fte < 1.0).count(),
    );
    for code in [1, 2, 4] {
        present(
            &format!("StartOrigin {code}"),
            ds.contracts
                .iter()
                .filter(|c| c.start_origin == Some(code))
                .count(),
        );
    }
    for code in [1, 5, 7, 8] {
        present(
            &format!("ReasonLeave {code}"),
            ds.contracts
                .iter()
                .filter(|c| c.reason_leave == Some(code))
                .count(),
        );
    }
    // The same grade pays a little differently in the two legacy systems.
    let mut pay: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    for c in ds.contracts.iter().filter(|c| c.start_date.year() == 2021) {
        pay.entry((
            c.grade.as_deref().unwrap(),
            c.source_system.as_deref().unwrap(),
        ))
        .or_default()
        .push(c.annual_pay.unwrap());
    }
    let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    let (a, b) = (&pay[&("G10", "system_a")], &pay[&("G10", "system_b")]);
    assert!(
        mean(a) > mean(b) && mean(a) < mean(b) * 1.1,
        "system_a pays a little more"
    );
    let roles: BTreeSet<u8> = ds.posts.iter().filter_map(|p| p.csww_role).collect();
    assert_eq!(roles, (1..=6).collect());
    let families: BTreeSet<&str> = ds
        .posts
        .iter()
        .filter_map(|p| p.job_family.as_deref())
        .collect();
    assert_eq!(
        families,
        BTreeSet::from([
            "business_support",
            "educational_psychology",
            "personal_adviser",
            "social_work"
        ])
    );
    for name in [
        "MASH",
        "Assessment",
        "Children and Families First",
        "Children in Care",
        "Leaving Care",
        "Educational Psychology",
        "Business Support",
    ] {
        assert!(ds.org_units.iter().any(|u| u.name == name), "team {name}");
    }
}

#[test]
fn children_have_several_workers_and_care_periods() {
    let ds = dataset();
    let allocs = ds.case_allocations.as_ref().unwrap();
    let (p1, p2) = (
        Date::from_ymd_opt(2022, 10, 1).unwrap(),
        Date::from_ymd_opt(2023, 9, 30).unwrap(),
    );
    let mut workers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in allocs
        .iter()
        .filter(|a| a.start_date <= p2 && a.end_date.is_none_or(|e| e >= p1))
    {
        workers
            .entry(a.child_id.as_str())
            .or_default()
            .insert(a.person_id.as_str());
    }
    present(
        "children with 3+ workers in a year",
        workers.values().filter(|w| w.len() >= 3).count(),
    );
    present("care periods", ds.care_periods.as_ref().unwrap().len());
}
