//! Caseload distribution and children's changes of social worker: hand-worked examples.

use workforce::hr::caseload::*;
use workforce::model::CarePeriod;
use workforce::{Options, Scope};
use workforce_tests::{d, Builder};

fn close(a: Option<f64>, b: f64) {
    assert!((a.unwrap() - b).abs() < 1e-9, "{a:?} != {b}");
}

fn data() -> Builder {
    // On 2021-09-30: p1 (A, role 5, 1.0) 4 cases; p2 (A, role 5, 0.5, ASYE) 2 cases;
    // p3 (B, role 3 manager) 1 case; p4 (B, agency, 1.0) 6 cases; p5 (B, role 5) no case.
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "p2", "A", 0.5, "2021-01-01", "")
        .contract_full("c3", "p3", "B", None, Some(3), 1.0, "2019-01-01", "")
        .agency("a4", "p4", "B", None, None, 1.0, "2021-01-01", "")
        .contract("c5", "p5", "B", 1.0, "2019-01-01", "");
    b.ds.contracts[1].start_origin = Some(1);
    for (i, p) in [
        "p1", "p1", "p1", "p1", "p2", "p2", "p3", "p4", "p4", "p4", "p4", "p4", "p4",
    ]
    .iter()
    .enumerate()
    {
        b.alloc(&format!("k{i}"), p, "2021-06-01", "");
    }
    b.alloc("old", "p5", "2020-01-01", "2021-09-29"); // closed before the date
    b
}

#[test]
fn distribution_by_team_and_options() {
    let wf = data().build();
    let o = Options::default();
    let date = d("2021-09-30");
    let t = caseload_distribution(
        &wf,
        date,
        None,
        &Scope::Csww,
        CaseloadGroup::None,
        &CaseloadOptions::default(),
        &o,
    )
    .unwrap();
    // Caseloads 4, 2, 1, 6: min 1, q1 1.75, median 3, q3 4.5, max 6; 13 cases / 4 workers.
    assert_eq!(t.f64("workers", 0), Some(4.0));
    assert_eq!(t.f64("cases", 0), Some(13.0));
    close(t.f64("caseload", 0), 13.0 / 4.0);
    close(t.f64("q1", 0), 1.75);
    close(t.f64("median", 0), 3.0);
    close(t.f64("q3", 0), 4.5);
    assert_eq!((t.f64("min", 0), t.f64("max", 0)), (Some(1.0), Some(6.0)));
    // By team: A (p1, p2): median 3; B (p3, p4): 3.5.
    let t = caseload_distribution(
        &wf,
        date,
        None,
        &Scope::Csww,
        CaseloadGroup::Team,
        &CaseloadOptions::default(),
        &o,
    )
    .unwrap();
    assert_eq!(t.text("group", 0).unwrap(), "A");
    close(t.f64("median", 1), 3.5);
    // Without managers, ASYE weighted 0.5, per FTE: p1 4/1, p2 2/(0.5·0.5) = 8, p4 6/1.
    let cl = CaseloadOptions {
        exclude_managers: true,
        nq_weight: Some(0.5),
        per_fte: true,
        include_zero: false,
    };
    let t =
        caseload_distribution(&wf, date, None, &Scope::Csww, CaseloadGroup::None, &cl, &o).unwrap();
    assert_eq!(
        (t.f64("workers", 0), t.f64("nq_workers", 0)),
        (Some(3.0), Some(1.0))
    );
    close(t.f64("capacity", 0), 2.25);
    close(t.f64("max", 0), 8.0);
    close(t.f64("caseload", 0), 12.0 / 2.25);
    // Zero-case workers included; by role: role 5 has p1, p2, p4, p5.
    let cl = CaseloadOptions {
        include_zero: true,
        ..CaseloadOptions::default()
    };
    let t =
        caseload_distribution(&wf, date, None, &Scope::Csww, CaseloadGroup::Role, &cl, &o).unwrap();
    assert_eq!(t.text("group", 1).unwrap(), "5");
    assert_eq!(t.f64("workers", 1), Some(4.0));
    assert_eq!(t.f64("min", 1), Some(0.0));
    // Without allocations: missing data.
    let mut b = data();
    b.ds.case_allocations = None;
    let e = caseload_distribution(
        &b.build(),
        date,
        None,
        &Scope::Csww,
        CaseloadGroup::None,
        &CaseloadOptions::default(),
        &o,
    )
    .unwrap_err();
    assert!(e.is_missing_data());
}

#[test]
fn children_with_three_or_more_social_workers() {
    let mut b = Builder::council();
    b.contract("c1", "w1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "w2", "A", 1.0, "2019-01-01", "")
        .contract("c3", "w3", "A", 1.0, "2019-01-01", "");
    // x: w1 → w2 → w1 (2 distinct, 2 changes); y: w1 → w2 → w3 (3, 2); z: w3 (1, 0);
    // q: not looked after on 31 March; r: looked after, worker only before the year (0).
    b.alloc("x", "w1", "2020-01-01", "2020-06-30")
        .alloc("x", "w2", "2020-07-01", "2020-12-31")
        .alloc("x", "w1", "2021-01-01", "")
        .alloc("y", "w1", "2020-04-01", "2020-05-31")
        .alloc("y", "w2", "2020-06-01", "2020-10-31")
        .alloc("y", "w3", "2020-11-01", "")
        .alloc("z", "w3", "2019-01-01", "")
        .alloc("q", "w1", "2020-05-01", "2020-09-30")
        .alloc("q", "w2", "2020-10-01", "2020-11-30")
        .alloc("q", "w3", "2020-12-01", "2021-01-31")
        .alloc("r", "w1", "2018-01-01", "2019-12-31");
    let cp = |c: &str, s: &str, e: &str| CarePeriod {
        child_id: c.into(),
        start_date: d(s),
        end_date: if e.is_empty() { None } else { Some(d(e)) },
    };
    b.ds.care_periods = Some(vec![
        cp("x", "2019-01-01", ""),
        cp("y", "2020-01-01", ""),
        cp("z", "2018-01-01", ""),
        cp("q", "2020-05-01", "2021-02-28"),
        cp("r", "2017-01-01", ""),
    ]);
    let wf = b.build();
    let o = Options::default();
    let t = child_sw_changes(&wf, d("2021-03-31"), &ChildChangeOptions::default(), &o).unwrap();
    // Cohort x, y, z, r: bands 0: r; 1: z; 2: x; 3 or more: y; all 4.
    let bands: Vec<f64> = (0..5).map(|i| t.f64("children", i).unwrap()).collect();
    assert_eq!(bands, [1.0, 1.0, 1.0, 1.0, 4.0]);
    assert_eq!(t.text("band", 3).unwrap(), "3 or more");
    assert_eq!(t.f64("percent", 3), Some(25.0));
    // Changes, threshold 2: x and y have 2 changes each.
    let cc = ChildChangeOptions {
        count: ChangeCount::Changes,
        threshold: 2,
        ..Default::default()
    };
    let t = child_sw_changes(&wf, d("2021-03-31"), &cc, &o).unwrap();
    assert_eq!(t.f64("children", 2), Some(2.0));
    // All children allocated in the year: x, y, z, q (q has 3 workers).
    let cc = ChildChangeOptions {
        cohort: ChildCohort::AllocatedInYear,
        ..Default::default()
    };
    let t = child_sw_changes(&wf, d("2021-03-31"), &cc, &o).unwrap();
    assert_eq!(t.f64("children", 3), Some(2.0));
    assert_eq!(t.f64("children", 4), Some(4.0));
    // No care periods: missing data for the looked-after cohort.
    let mut b2 = Builder::council();
    b2.contract("c1", "w1", "A", 1.0, "2019-01-01", "")
        .alloc("x", "w1", "2020-01-01", "");
    let e = child_sw_changes(
        &b2.build(),
        d("2021-03-31"),
        &ChildChangeOptions::default(),
        &o,
    )
    .unwrap_err();
    assert!(e.is_missing_data());
    // A threshold is one band per value below it: 0 and absurdly large ones are argument
    // errors, not an empty table or a huge allocation.
    for threshold in [
        0,
        workforce::hr::caseload::MAX_CHANGE_THRESHOLD + 1,
        u32::MAX,
    ] {
        let cc = ChildChangeOptions {
            threshold,
            ..ChildChangeOptions::default()
        };
        let e = child_sw_changes(&wf, d("2021-03-31"), &cc, &o).unwrap_err();
        assert!(e.is_invalid_argument(), "{threshold}");
    }
}
