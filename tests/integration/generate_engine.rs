//! The demo council's story figures for the year ending 30 September 2021, by the metrics
//! engine (`Workforce::csww`), with the independent checker of `generate_check` agreeing.

use super::generate_check::{figures, unit_named, ymd};
use workforce::generate::{demo, generate, GenerateOptions};
use workforce::options::Options;
use workforce::timeline::{Scope, Workforce};

fn near(what: &str, value: f64, want: f64, tol: f64) {
    assert!(
        (value - want).abs() <= tol,
        "{what}: {value:.2}, want {want} ± {tol}"
    );
}

fn value(t: &workforce::Table, col: &str) -> f64 {
    t.f64(col, 0).unwrap_or_else(|| panic!("{col} missing"))
}

#[test]
fn engine_gives_the_story_figures() {
    let wf = Workforce::new(demo()).unwrap();
    let t = ymd(2021, 9, 30);
    let o = Options::default();
    let s = wf.csww(&[t], None, false, &o).unwrap();
    near("inpost_fte", value(&s, "inpost_fte"), 200.0, 10.0);
    near(
        "turnover_rate_fte",
        value(&s, "turnover_rate_fte"),
        36.0,
        3.0,
    );
    near("agency_rate_fte", value(&s, "agency_rate_fte"), 31.0, 3.0);
    near("vacancy_rate_fte", value(&s, "vacancy_rate_fte"), 33.0, 3.0);
    near("absence_rate_fte", value(&s, "absence_rate_fte"), 7.0, 1.5);
    let caseload = value(&s, "caseload_fte");
    assert!((18.0..=32.0).contains(&caseload), "caseload_fte {caseload}");
    for (team, want) in [
        ("MASH", 48.0),
        ("Assessment", 72.0),
        ("Children and Families First", 37.0),
    ] {
        let u = unit_named(wf.data(), team);
        let s = wf.csww(&[t], Some(&u), false, &o).unwrap();
        near(
            &format!("{team} agency_rate_fte"),
            value(&s, "agency_rate_fte"),
            want,
            3.0,
        );
    }
    let bands = wf.agency_length_bands(t, None, &Scope::Csww, &o).unwrap();
    let got: Vec<f64> = (0..3)
        .map(|i| bands.f64("assignments", i).unwrap())
        .collect();
    for (g, want) in got.iter().zip([59.0, 26.0, 26.0]) {
        near("assignments in length band", *g, want, 6.0);
    }
}

#[test]
fn engine_and_checker_agree_on_generated_data() {
    let o = Options::default();
    for ds in [demo(), generate(&GenerateOptions::default()).unwrap()] {
        let wf = Workforce::new(ds).unwrap();
        for y in [2019, 2021, 2023] {
            let t = ymd(y, 9, 30);
            let s = wf.csww(&[t], None, false, &o).unwrap();
            let f = figures(wf.data(), "U0000", t);
            let pairs = [
                ("inpost_fte", f.inpost_fte),
                ("inpost_headcount", f.inpost_headcount as f64),
                ("leavers_fte", f.leavers_fte),
                ("leavers_headcount", f.leavers_headcount as f64),
                ("starters_headcount", f.starters_headcount as f64),
                ("agency_fte", f.agency_fte),
                ("vacancy_fte", f.vacancy_fte),
                ("working_days_lost_fte", f.working_days_lost),
                ("cases", f.cases as f64),
                ("case_holders_fte", f.case_holders_fte),
            ];
            for (col, want) in pairs {
                let got = value(&s, col);
                assert!(
                    (got - want).abs() < 1e-6 * want.max(1.0),
                    "{y} {col}: engine {got}, checker {want}"
                );
            }
        }
    }
}

/// Print the engine's demo figures: `cargo test -p workforce-tests print_engine_demo -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_engine_demo() {
    let wf = Workforce::new(demo()).unwrap();
    let t = ymd(2021, 9, 30);
    let o = Options::default();
    let s = wf
        .csww(
            &[
                ymd(2019, 9, 30),
                ymd(2020, 9, 30),
                t,
                ymd(2022, 9, 30),
                ymd(2023, 9, 30),
            ],
            None,
            false,
            &o,
        )
        .unwrap();
    println!("{}", s.to_text(o.rounding));
    println!(
        "{}",
        wf.agency_length_bands(t, None, &Scope::Csww, &o)
            .unwrap()
            .to_text(o.rounding)
    );
    println!(
        "{}",
        wf.agency_by_unit(t, None, &Scope::Csww, &o)
            .unwrap()
            .to_text(o.rounding)
    );
}

/// Timing aid: the demo end to end (generate, index, CSWW summary) in release builds.
#[test]
#[ignore]
fn demo_end_to_end_timing() {
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        let wf = Workforce::new(demo()).unwrap();
        let s = wf
            .csww(&[ymd(2021, 9, 30)], None, true, &Options::default())
            .unwrap();
        println!(
            "demo end to end: {:?} ({} rows)",
            t0.elapsed(),
            s.num_rows()
        );
    }
}
