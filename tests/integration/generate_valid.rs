//! Generated data is valid by the data contract, and deterministic.

use std::collections::BTreeSet;
use workforce::generate::{demo, generate, GenerateOptions};
use workforce::model::*;

/// The ids as a set, checking they are unique.
fn unique<T: Ord>(ids: Vec<T>, what: &str) -> BTreeSet<T> {
    let n = ids.len();
    let set: BTreeSet<T> = ids.into_iter().collect();
    assert_eq!(set.len(), n, "{what} ids are unique");
    set
}

/// Check every reference, date order, FTE and code range of a dataset.
pub fn assert_valid(ds: &Dataset) {
    let units = unique(
        ds.org_units.iter().map(|u| u.org_unit_id).collect(),
        "org unit",
    );
    let people = unique(ds.people.iter().map(|p| p.person_id).collect(), "person");
    let posts = unique(ds.posts.iter().map(|p| p.post_id).collect(), "post");
    unique(
        ds.contracts.iter().map(|c| &c.contract_id).collect(),
        "contract",
    );
    unique(
        ds.agency_assignments
            .iter()
            .map(|a| &a.assignment_id)
            .collect(),
        "assignment",
    );
    unique(
        ds.absences.iter().map(|a| &a.absence_id).collect(),
        "absence",
    );
    unique(
        ds.er_cases
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| &c.case_id)
            .collect(),
        "ER case",
    );
    for u in &ds.org_units {
        assert!(
            u.parent_id.as_ref().is_none_or(|p| units.contains(p)),
            "{u:?}"
        );
    }
    let role_ok = |r: Option<u8>| r.is_none_or(|r| (1..=CSWW_ROLE_MAX).contains(&r));
    let ordered = |s: Date, e: Option<Date>| e.is_none_or(|e| e >= s);
    for p in &ds.posts {
        assert!(
            units.contains(&p.org_unit_id) && p.fte > 0.0 && role_ok(p.csww_role),
            "{p:?}"
        );
        assert!(p.end_date.is_none_or(|e| e > p.start_date), "{p:?}");
    }
    for c in &ds.contracts {
        assert!(
            people.contains(&c.person_id) && units.contains(&c.org_unit_id),
            "{c:?}"
        );
        assert!(
            c.post_id.as_ref().is_none_or(|p| posts.contains(p)),
            "{c:?}"
        );
        assert!(
            c.fte > 0.0
                && c.fte <= 1.0
                && ordered(c.start_date, c.end_date)
                && role_ok(c.csww_role),
            "{c:?}"
        );
        assert!(
            c.reason_leave
                .is_none_or(|r| (1..=REASON_LEAVE_MAX).contains(&r)),
            "{c:?}"
        );
        assert!(
            c.start_origin
                .is_none_or(|r| (1..=START_ORIGIN_MAX).contains(&r)),
            "{c:?}"
        );
        assert!(
            c.leaver_destination
                .is_none_or(|r| (1..=LEAVER_DESTINATION_MAX).contains(&r)),
            "{c:?}"
        );
        assert!(
            c.reason_leave.is_none() || c.end_date.is_some(),
            "a leaver has an end date: {c:?}"
        );
        assert!(
            c.annual_pay.is_some_and(|p| p > 10_000.0) && c.source_system.is_some(),
            "{c:?}"
        );
        assert_eq!(
            c.csww_role.is_some(),
            c.job_family.as_deref() == Some("social_work"),
            "{c:?}"
        );
    }
    for a in &ds.agency_assignments {
        assert!(
            people.contains(&a.person_id) && units.contains(&a.org_unit_id),
            "{a:?}"
        );
        assert!(
            a.post_id.as_ref().is_none_or(|p| posts.contains(p)),
            "{a:?}"
        );
        assert!(
            a.fte > 0.0 && ordered(a.start_date, a.end_date) && role_ok(a.csww_role),
            "{a:?}"
        );
        assert!(
            a.planned_end_date.is_some_and(|p| p >= a.start_date),
            "{a:?}"
        );
    }
    for a in &ds.absences {
        assert!(
            people.contains(&a.person_id) && ordered(a.start_date, a.end_date),
            "{a:?}"
        );
        assert!(a.working_days_lost.is_none_or(|w| w >= 0.0), "{a:?}");
    }
    for c in ds.er_cases.as_ref().unwrap() {
        assert!(
            people.contains(&c.person_id) && ordered(c.opened_date, c.closed_date),
            "{c:?}"
        );
    }
    for a in ds.case_allocations.as_ref().unwrap() {
        assert!(
            people.contains(&a.person_id) && ordered(a.start_date, a.end_date),
            "{a:?}"
        );
    }
    for c in ds.care_periods.as_ref().unwrap() {
        assert!(ordered(c.start_date, c.end_date), "{c:?}");
    }
    for p in &ds.people {
        assert!(
            p.date_of_birth.is_some() && p.gender.is_some() && p.ethnicity.is_some(),
            "{p:?}"
        );
        assert!(
            p.qualification_level.is_none_or(|l| (1..=3).contains(&l)),
            "{p:?}"
        );
        assert!(p.cfkss_status.is_none_or(|l| (1..=4).contains(&l)), "{p:?}");
    }
    // Social workers are registered; everyone else is not.
    let sw: BTreeSet<Id> = ds
        .contracts
        .iter()
        .filter(|c| c.csww_role.is_some())
        .map(|c| c.person_id)
        .chain(
            ds.agency_assignments
                .iter()
                .filter(|a| a.csww_role.is_some())
                .map(|a| a.person_id),
        )
        .collect();
    for p in &ds.people {
        assert_eq!(p.swe_number.is_some(), sw.contains(&p.person_id), "{p:?}");
    }
    let swe = unique(
        ds.people
            .iter()
            .filter_map(|p| p.swe_number.as_deref().map(Id::new))
            .collect(),
        "SWE number",
    );
    assert!(swe.iter().all(|s| s.starts_with("SW") && s.len() == 9));
    // No person's contracts overlap in the same post.
    let mut by_post: Vec<(&Id, Date, Option<Date>, &Id)> = ds
        .contracts
        .iter()
        .filter_map(|c| {
            c.post_id
                .as_ref()
                .map(|p| (p, c.start_date, c.end_date, &c.person_id))
        })
        .collect();
    by_post.sort();
    for w in by_post.windows(2) {
        if w[0].0 == w[1].0 {
            assert!(
                w[0].2.is_some_and(|e| e < w[1].1),
                "one holder at a time in post: {w:?}"
            );
        }
    }
}

#[test]
fn default_dataset_is_valid() {
    let ds = generate(&GenerateOptions::default()).unwrap();
    assert_eq!(ds.people.len(), 600);
    assert_valid(&ds);
}

#[test]
fn demo_dataset_is_valid() {
    let ds = demo();
    assert_eq!(ds.people.len(), workforce::generate::DEMO_PEOPLE);
    assert_valid(&ds);
}

#[test]
fn odd_options_are_valid() {
    for (people, seed, years) in [(100, 3, 1), (150, 4, 2), (3000, 5, 12)] {
        let o = GenerateOptions {
            people,
            seed,
            start: Date::from_ymd_opt(2025 - years, 1, 15).unwrap(),
            end: Date::from_ymd_opt(2025, 3, 20).unwrap(),
            ..GenerateOptions::default()
        };
        let ds = generate(&o).unwrap();
        assert_eq!(ds.people.len(), people, "{o:?}");
        assert_valid(&ds);
    }
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let o = GenerateOptions::default();
    let a = generate(&o).unwrap();
    assert_eq!(a, generate(&o).unwrap());
    let b = generate(&GenerateOptions { seed: 2, ..o }).unwrap();
    assert_ne!(a.contracts, b.contracts);
    assert_ne!(a.absences, b.absences);
}

#[test]
fn bad_options_are_invalid_arguments() {
    let d = GenerateOptions::default();
    for o in [
        GenerateOptions {
            people: 5,
            ..d.clone()
        },
        GenerateOptions {
            end: d.start,
            ..d.clone()
        },
        GenerateOptions {
            anchor: Some(Date::from_ymd_opt(2000, 9, 30).unwrap()),
            ..d.clone()
        },
    ] {
        assert!(generate(&o).unwrap_err().is_invalid_argument(), "{o:?}");
    }
}

#[test]
fn scale_20000_people() {
    let o = GenerateOptions {
        people: 20_000,
        seed: 7,
        ..GenerateOptions::default()
    };
    let ds = generate(&o).unwrap();
    assert_eq!(ds.people.len(), 20_000);
    let rows = ds.contracts.len() + ds.absences.len() + ds.case_allocations.as_ref().unwrap().len();
    assert!(rows > 700_000, "{rows} rows");
    // The establishment on the anchor date (the last 30 September): teams of 10 to 40 posts.
    let anchor = Date::from_ymd_opt(2025, 9, 30).unwrap();
    let mut team_sizes = std::collections::BTreeMap::new();
    for p in ds
        .posts
        .iter()
        .filter(|p| p.start_date <= anchor && p.end_date.is_none_or(|e| anchor < e))
    {
        *team_sizes.entry(&p.org_unit_id).or_insert(0) += 1;
    }
    assert!(
        team_sizes.values().all(|&n| (10..=40).contains(&n)),
        "teams of 10 to 40 posts: {team_sizes:?}"
    );
    assert!(
        ds.org_units.iter().any(|u| u.name == "MASH 2"),
        "more teams as the council grows"
    );
}
