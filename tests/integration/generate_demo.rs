//! The demo council tells the scrutiny report's story for the year ending 30 September 2021.

use super::generate_check::{agency_share, figures, ymd};
use workforce::generate::demo;

/// Assert `value` is within `tol` of `want`.
fn near(what: &str, value: f64, want: f64, tol: f64) {
    assert!(
        (value - want).abs() <= tol,
        "{what}: {value:.2}, want {want} ± {tol}"
    );
}

#[test]
fn demo_tells_the_scrutiny_story_for_2021() {
    let ds = demo();
    let t = ymd(2021, 9, 30);
    let f = figures(&ds, "U0000", t);
    near("FTE in post", f.inpost_fte, 200.0, 10.0);
    near("turnover", f.turnover(), 36.0, 3.0);
    near("agency rate", f.agency_rate(), 31.0, 3.0);
    near("vacancy rate", f.vacancy_rate(), 33.0, 3.0);
    near("MASH agency", agency_share(&ds, "MASH", t), 48.0, 3.0);
    near(
        "Assessment agency",
        agency_share(&ds, "Assessment", t),
        72.0,
        3.0,
    );
    near(
        "CFF agency",
        agency_share(&ds, "Children and Families First", t),
        37.0,
        3.0,
    );
    near("0-26 weeks", f.bands[0] as f64, 59.0, 6.0);
    near("27-52 weeks", f.bands[1] as f64, 26.0, 5.0);
    near("over a year", f.bands[2] as f64, 26.0, 5.0);
    near(
        "over establishment FTE",
        f.over_establishment_fte,
        40.0,
        10.0,
    );
    near("sickness", f.absence_rate(), 7.0, 1.5);
    assert!(
        f.min_caseload >= 14 && f.max_caseload <= 45,
        "caseloads {}..{}",
        f.min_caseload,
        f.max_caseload
    );
    assert!(
        f.max_caseload >= 35,
        "caseloads spread up to {}",
        f.max_caseload
    );
}

#[test]
fn demo_has_every_year_2017_to_2023() {
    let ds = demo();
    for y in 2017..=2023 {
        let f = figures(&ds, "U0000", ymd(y, 9, 30));
        assert!(
            f.inpost_fte > 150.0 && f.leavers_headcount > 20 && f.agency_records > 50,
            "{y}: {f:?}"
        );
        assert!(
            f.min_caseload >= 14 && f.max_caseload <= 45,
            "{y}: caseloads {}..{}",
            f.min_caseload,
            f.max_caseload
        );
        near(&format!("{y} sickness"), f.absence_rate(), 7.0, 3.0);
    }
}

#[test]
fn demo_flow_identity_holds_for_headcount() {
    let ds = demo();
    for unit in ["U0000", &super::generate_check::unit_named(&ds, "MASH")] {
        for y in 2018..=2023 {
            let before = figures(&ds, unit, ymd(y - 1, 9, 30));
            let f = figures(&ds, unit, ymd(y, 9, 30));
            assert_eq!(
                f.inpost_headcount as i64,
                before.inpost_headcount as i64 + f.starters_headcount as i64
                    - f.leavers_headcount as i64,
                "{unit} {y}"
            );
        }
    }
}

#[test]
fn demo_is_deterministic() {
    assert_eq!(demo(), demo());
}

/// Score how far a dataset is from the story (sum of squared misses in percentage points).
fn story_score(ds: &workforce::Dataset) -> (f64, String) {
    let t = ymd(2021, 9, 30);
    let f = figures(ds, "U0000", t);
    let shares = [
        agency_share(ds, "MASH", t),
        agency_share(ds, "Assessment", t),
        agency_share(ds, "Children and Families First", t),
    ];
    let misses = [
        (f.inpost_fte - 200.0) / 5.0,
        f.turnover() - 36.0,
        f.agency_rate() - 31.0,
        f.vacancy_rate() - 33.0,
        shares[0] - 48.0,
        shares[1] - 72.0,
        shares[2] - 37.0,
        (f.bands[0] as f64 - 59.0) / 3.0,
        (f.bands[1] as f64 - 26.0) / 3.0,
        (f.bands[2] as f64 - 26.0) / 3.0,
        (f.absence_rate() - 7.0) * 2.0,
    ];
    let text = format!(
        "inpost {:.1} turnover {:.1} agency {:.1} vacancy {:.1} teams {:.1}/{:.1}/{:.1} bands {:?} sickness {:.1}",
        f.inpost_fte,
        f.turnover(),
        f.agency_rate(),
        f.vacancy_rate(),
        shares[0],
        shares[1],
        shares[2],
        f.bands,
        f.absence_rate()
    );
    (misses.iter().map(|m| m * m).sum(), text)
}

/// Calibration aid: `cargo test --release -p workforce-tests demo_seed_search -- --ignored --nocapture`.
#[test]
#[ignore]
fn demo_seed_search() {
    for seed in 1..=60 {
        let o = workforce::generate::GenerateOptions {
            seed,
            ..workforce::generate::GenerateOptions::demo()
        };
        let ds = workforce::generate::generate(&o).unwrap();
        let (score, text) = story_score(&ds);
        println!("seed {seed}: score {score:.1}: {text}");
    }
}

/// Timing aid: `cargo test --release -p workforce-tests demo_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn demo_timing() {
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let ds = demo();
        println!(
            "demo: {:?} ({} case allocations)",
            t.elapsed(),
            ds.case_allocations.unwrap().len()
        );
    }
    let t = std::time::Instant::now();
    let o = workforce::generate::GenerateOptions {
        people: 200_000,
        ..Default::default()
    };
    let ds = workforce::generate::generate(&o).unwrap();
    let n = |v: Option<usize>| v.unwrap_or(0);
    let rows = ds.org_units.len()
        + ds.people.len()
        + ds.posts.len()
        + ds.contracts.len()
        + ds.agency_assignments.len()
        + ds.absences.len()
        + n(ds.er_cases.as_ref().map(Vec::len))
        + n(ds.case_allocations.as_ref().map(Vec::len))
        + n(ds.care_periods.as_ref().map(Vec::len));
    println!(
        "200,000 people: {:?}, {rows} rows ({} absences, {} case allocations)",
        t.elapsed(),
        ds.absences.len(),
        n(ds.case_allocations.as_ref().map(Vec::len))
    );
}

/// A unit given by its name instead of its id is refused with a message naming the id.
#[test]
fn unknown_unit_message_points_to_the_id() {
    let wf = workforce::Workforce::new(demo()).unwrap();
    let opts = workforce::Options::default();
    let year_end = ymd(2021, 9, 30);
    let err = wf
        .csww(&[year_end], Some("MASH"), false, &opts)
        .unwrap_err();
    assert!(err.is_invalid_argument());
    let msg = err.to_string();
    assert!(
        msg.contains("org_unit_id") && msg.contains("U0012"),
        "{msg}"
    );
    let err = wf
        .csww(&[year_end], Some("NOPE"), false, &opts)
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown org unit \"NOPE\""),
        "{err}"
    );
    assert!(wf.csww(&[year_end], Some("U0012"), false, &opts).is_ok());
}

/// Rates on a headcount basis read to 1 dp, like the FTE rates; headcounts stay whole.
#[test]
fn headcount_rates_display_to_one_decimal() {
    use workforce::metrics::column_display;
    use workforce::table::Display;
    assert_eq!(column_display("turnover_rate_headcount"), Display::OneDp);
    assert_eq!(column_display("agency_rate_headcount"), Display::OneDp);
    assert_eq!(column_display("inpost_headcount"), Display::Whole);
    assert_eq!(column_display("cases"), Display::Whole);
    let wf = workforce::Workforce::new(demo()).unwrap();
    let t = wf
        .csww(
            &[ymd(2021, 9, 30)],
            None,
            false,
            &workforce::Options::default(),
        )
        .unwrap();
    let c = t
        .names()
        .iter()
        .position(|n| n == "turnover_rate_headcount")
        .unwrap();
    let text = t.display_at(c, 0, Default::default());
    assert!(text.contains('.'), "{text}");
}
