//! Round trip: a council written as its legacy exports (two HR systems with a migration, the
//! agency provider, absences, cases, establishment) and imported back gives the same CSWW and
//! whole-workforce figures as the canonical truth: on small synthetic councils and on the
//! real demo council (`workforce::generate::demo`).

use workforce::import::legacy_export::{import_legacy, write_legacy_exports, LegacyOptions};
use workforce::model::*;
use workforce::{Options, Scope, Table, Workforce};
use workforce_tests::d;

/// A small deterministic pseudo-random council.
pub fn synthetic_council(seed: u64) -> Dataset {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut rnd = move |n: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) % n
    };
    let mut ds = Dataset::default();
    let unit = |id: &str, parent: Option<&str>| OrgUnit {
        org_unit_id: id.into(),
        name: format!("Unit {id}"),
        parent_id: parent.map(Into::into),
        kind: None,
    };
    ds.org_units = vec![unit("LA", None), unit("CSC", Some("LA"))];
    let teams = ["MASH", "ASSESS", "CIN", "LAC"];
    for t in teams {
        ds.org_units.push(unit(t, Some("CSC")));
    }
    let base = d("2014-01-01");
    let day = |n: u64| base + chrono::Duration::days(n as i64);
    for (ti, t) in teams.iter().enumerate() {
        for k in 0..7 {
            ds.posts.push(Post {
                post_id: format!("P{ti}{k}").into(),
                org_unit_id: t.to_string().into(),
                title: Some("Social worker".into()),
                job_family: Some("social_work".into()),
                csww_role: Some(if k == 0 { 3 } else { 5 }),
                fte: 1.0,
                start_date: d("2014-01-01"),
                end_date: (k == 6).then(|| d("2021-06-30")),
                grade: None,
            });
        }
    }
    let n_people = 90;
    for i in 0..n_people {
        let social = i % 6 != 0;
        ds.people.push(Person {
            person_id: format!("P{i:03}").into(),
            swe_number: (social && i % 3 != 0).then(|| format!("SW{}", 10000 + i).into()),
            date_of_birth: Some(d("1960-01-01") + chrono::Duration::days(rnd(13000) as i64)),
            gender: Some(if rnd(2) == 0 { "M" } else { "F" }.into()),
            ..Person::default()
        });
        let mut t = rnd(3000);
        let n_contracts = 1 + rnd(3);
        for c in 0..n_contracts {
            let team = teams[rnd(4) as usize];
            let len = 60 + rnd(1500);
            let open = c + 1 == n_contracts && rnd(3) == 0;
            let start = day(t);
            let end = day(t + len);
            let role = if social {
                Some([5, 5, 5, 4, 3][rnd(5) as usize])
            } else {
                None
            };
            let post = (social && rnd(2) == 0).then(|| {
                let ti = teams.iter().position(|x| *x == team).unwrap();
                format!("P{ti}{}", 1 + rnd(5))
            });
            ds.contracts.push(Contract {
                contract_id: format!("C{i:03}-{c}").into(),
                person_id: format!("P{i:03}").into(),
                org_unit_id: team.into(),
                post_id: post.map(Id::from),
                title: Some(
                    if social {
                        "Social worker"
                    } else {
                        "Business support"
                    }
                    .into(),
                ),
                job_family: Some(
                    if social {
                        "social_work"
                    } else {
                        "business_support"
                    }
                    .into(),
                ),
                csww_role: role,
                fte: [1.0, 0.8, 0.5, 0.6][rnd(4) as usize],
                start_date: start,
                end_date: (!open).then_some(end),
                contract_type: Some(ContractType::Permanent),
                reason_leave: (!open).then(|| 1 + rnd(8) as u8),
                start_origin: None,
                leaver_destination: None,
                grade: None,
                annual_pay: Some(30000.0 + rnd(15000) as f64),
                source_system: None,
            });
            if open {
                break;
            }
            // A gap (sometimes none: an internal move), or a concurrent second contract.
            t = match rnd(4) {
                0 => t + len + 1,
                1 => t + len / 2,
                _ => t + len + 1 + rnd(400),
            };
        }
        if i % 4 == 0 {
            let s = day(rnd(3000));
            ds.absences.push(Absence {
                absence_id: format!("AB{i}").into(),
                person_id: format!("P{i:03}").into(),
                absence_type: AbsenceType::Sickness,
                reason: None,
                start_date: s,
                end_date: Some(s + chrono::Duration::days(rnd(30) as i64)),
                working_days_lost: (i % 8 == 0).then_some(3.5),
            });
        }
    }
    // Agency workers: new people, and some former employees.
    for k in 0..16 {
        let pid = if k % 4 == 0 {
            format!("P{:03}", 1 + k)
        } else {
            let id = format!("AG{k:02}");
            ds.people.push(Person {
                person_id: id.clone().into(),
                swe_number: Some(format!("SW{}", 50000 + k).into()),
                date_of_birth: Some(d("1975-05-05") + chrono::Duration::days(k * 300)),
                gender: Some("F".into()),
                ..Person::default()
            });
            id
        };
        let start = day(rnd(3200));
        ds.agency_assignments.push(AgencyAssignment {
            assignment_id: format!("AA{k}").into(),
            person_id: pid.into(),
            agency: Some("Acme Social Care".into()),
            org_unit_id: teams[rnd(4) as usize].into(),
            post_id: None,
            cover_reason: None,
            title: None,
            job_family: Some("social_work".into()),
            csww_role: Some(5),
            fte: 1.0,
            start_date: start,
            end_date: (k % 3 != 0).then(|| start + chrono::Duration::days(200 + rnd(400) as i64)),
            planned_end_date: Some(start + chrono::Duration::days(180)),
            hourly_charge: Some(42.5),
        });
    }
    // Cases held by whoever has a contract.
    let mut allocs = Vec::new();
    for (k, c) in ds
        .contracts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.csww_role.is_some())
    {
        for j in 0..3 {
            let s = c.start_date + chrono::Duration::days(10 + 30 * j);
            allocs.push(CaseAllocation {
                child_id: format!("CH{k}-{j}").into(),
                person_id: c.person_id,
                start_date: s,
                end_date: Some(s + chrono::Duration::days(120)),
            });
        }
    }
    ds.case_allocations = Some(allocs);
    ds
}

fn same_tables(a: &Table, b: &Table, what: &str) {
    assert_eq!(a.names(), b.names(), "{what}");
    assert_eq!(a.num_rows(), b.num_rows(), "{what}");
    for (n, name) in a.names().iter().enumerate() {
        for r in 0..a.num_rows() {
            let (x, y) = (a.columns()[n].f64_at(r), b.columns()[n].f64_at(r));
            match (x, y) {
                (Some(x), Some(y)) => assert!(
                    (x - y).abs() <= 1e-9 * (1.0 + x.abs()),
                    "{what}: {name} row {r} ({}): {x} vs {y}",
                    a.text("org_unit_id", r).unwrap_or_default()
                ),
                _ => assert_eq!(
                    a.columns()[n].text_at(r),
                    b.columns()[n].text_at(r),
                    "{what}: {name} row {r}"
                ),
            }
        }
    }
}

pub fn assert_round_trip(truth: &Dataset, year_ends: &[&str]) -> workforce::import::Report {
    let dir = tempfile::tempdir().unwrap();
    write_legacy_exports(truth, dir.path(), &LegacyOptions::default()).unwrap();
    let (back, report) = import_legacy(dir.path()).unwrap();
    assert!(
        report.rejections.is_empty(),
        "{:?}",
        &report.rejections[..report.rejections.len().min(5)]
    );
    let (wa, wb) = (
        Workforce::new(truth.clone()).unwrap(),
        Workforce::new(back.clone()).unwrap(),
    );
    let ye: Vec<Date> = year_ends.iter().map(|s| d(s)).collect();
    let opts = Options::default();
    same_tables(
        &wa.csww(&ye, None, true, &opts).unwrap(),
        &wb.csww(&ye, None, true, &opts).unwrap(),
        "csww",
    );
    for y in &ye {
        let (from, to) = workforce::timeline::year_ending(*y);
        same_tables(
            &wa.measures(from, to, None, true, &Scope::All, &opts)
                .unwrap(),
            &wb.measures(from, to, None, true, &Scope::All, &opts)
                .unwrap(),
            "all",
        );
    }
    assert_eq!(truth.people.len(), back.people.len(), "people");
    report
}

#[test]
fn legacy_exports_import_back_to_the_same_figures() {
    let truth = synthetic_council(7);
    let report = assert_round_trip(
        &truth,
        &[
            "2016-09-30",
            "2018-09-30",
            "2019-09-30",
            "2020-09-30",
            "2022-09-30",
        ],
    );
    // The migration left work for the reconciliation, all of it reported.
    let actions: std::collections::BTreeSet<_> = report
        .resolutions
        .iter()
        .map(|r| r.action.as_str())
        .collect();
    assert!(
        actions.contains("duplicate") && actions.contains("overlap"),
        "{actions:?}"
    );
    let rules: std::collections::BTreeSet<_> = report
        .matches
        .iter()
        .filter(|m| m.status == "matched")
        .map(|m| m.rule)
        .collect();
    for r in ["swe_number", "crosswalk", "dob_name_gender"] {
        assert!(rules.contains(r), "{r}: {rules:?}");
    }
    assert_eq!(
        report
            .matches
            .iter()
            .filter(|m| m.status == "ambiguous")
            .count(),
        0
    );
}

#[test]
fn legacy_round_trip_other_seeds() {
    for seed in [1, 2, 3] {
        assert_round_trip(
            &synthetic_council(seed),
            &["2017-09-30", "2019-09-30", "2021-09-30"],
        );
    }
}

/// The demo council (2,600 people over seven CSWW years, agency workers, absences and cases)
/// exported as system A, system B and the agency provider's report, imported back: CSWW and
/// whole-workforce figures by unit and year equal the canonical truth's.
#[test]
fn demo_council_round_trip() {
    let truth = workforce::generate::demo();
    let report = assert_round_trip(
        &truth,
        &[
            "2017-09-30",
            "2018-09-30",
            "2019-09-30",
            "2020-09-30",
            "2021-09-30",
            "2022-09-30",
            "2023-09-30",
        ],
    );
    // Both systems and the agency provider were read, the migration was reconciled and
    // every person record found its person.
    for source in ["hr_a", "hr_b", "msp"] {
        assert!(
            report
                .files
                .iter()
                .any(|f| f.source == source && f.accepted > 0),
            "{source}: {:?}",
            report.files
        );
    }
    assert!(report.resolutions.iter().any(|r| r.action == "duplicate"));
    assert_eq!(
        report
            .matches
            .iter()
            .filter(|m| m.status == "ambiguous")
            .count(),
        0
    );
}
