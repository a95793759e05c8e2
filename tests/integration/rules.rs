//! Hand-worked examples, one per time rule and edge case of the data contract.
//! Each test states the arithmetic it expects.

use workforce::model::CoverReason;
use workforce::options::{
    AbsenceDenominator, AgencyHeadcount, LengthBasis, TurnoverDenominator, VacancyDenominator,
};
use workforce::{Options, Scope};
use workforce_tests::{csww, d, Builder};

const YE: &str = "2021-09-30";

fn v(t: &workforce::Table, col: &str) -> f64 {
    t.f64(col, 0).unwrap_or_else(|| panic!("{col} is missing"))
}

#[test]
fn basic_stock_and_flows() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "") // in post all year
        .contract("c2", "p2", "A", 0.5, "2021-03-01", "") // starter, 0.5 FTE
        .contract("c3", "p3", "B", 0.8, "2018-01-01", "2021-06-30"); // leaver, 0.8 FTE
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "inpost_fte"), 1.5);
    assert_eq!(v(&t, "inpost_headcount"), 2.0);
    assert_eq!(v(&t, "starters_fte"), 0.5);
    assert_eq!(v(&t, "starters_headcount"), 1.0);
    assert_eq!(v(&t, "leavers_fte"), 0.8);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    // 0.8 / 1.5 and 1 / 2
    assert!((v(&t, "turnover_rate_fte") - 100.0 * 0.8 / 1.5).abs() < 1e-9);
    assert_eq!(v(&t, "turnover_rate_headcount"), 50.0);
}

#[test]
fn leaver_on_30_september_is_a_leaver_and_not_in_post() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-09-30");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "");
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "inpost_headcount"), 1.0);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    assert_eq!(v(&t, "turnover_rate_headcount"), 100.0);
    // With the option, the 30 September leaver also counts in post.
    let o = Options {
        end_date_inclusive: true,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert_eq!(v(&t, "inpost_headcount"), 2.0);
    // A leaver on 1 October 2020 is in the year; one on 30 September 2020 is not.
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2020-10-01");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "2020-09-30");
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
}

#[test]
fn internal_move_is_neither_leaver_nor_starter_for_the_council() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-03-31");
    b.contract("c2", "p1", "B", 1.0, "2021-04-01", "");
    let wf = b.build();
    let la = csww(&wf, None, YE);
    assert_eq!(v(&la, "leavers_headcount"), 0.0);
    assert_eq!(v(&la, "starters_headcount"), 0.0);
    assert_eq!(v(&la, "inpost_headcount"), 1.0);
    // For team A it is a leaver, for team B a starter.
    let a = csww(&wf, Some("A"), YE);
    assert_eq!(v(&a, "leavers_fte"), 1.0);
    assert_eq!(v(&a, "inpost_headcount"), 0.0);
    assert!(
        a.f64("turnover_rate_fte", 0).is_none(),
        "zero denominator is missing, not 0"
    );
    let bt = csww(&wf, Some("B"), YE);
    assert_eq!(v(&bt, "starters_headcount"), 1.0);
    assert_eq!(v(&bt, "inpost_fte"), 1.0);
}

#[test]
fn rejoiner_counts_twice_unless_within_grace() {
    let mut b = Builder::council();
    // Leaves 31 Jan, rejoins 10 Feb: gap of 9 days.
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-01-31");
    b.contract("c2", "p1", "A", 1.0, "2021-02-10", "");
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    assert_eq!(v(&t, "starters_headcount"), 1.0);
    // Grace of 9 days: 10 Feb ≤ 31 Jan + 9 + 1, so one continuous spell.
    let o = Options {
        rejoin_grace_days: 9,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert_eq!(v(&t, "leavers_headcount"), 0.0);
    assert_eq!(v(&t, "starters_headcount"), 0.0);
    // Grace of 8 days is one short.
    let o = Options {
        rejoin_grace_days: 8,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
}

#[test]
fn leaves_twice_in_a_year_counts_two_leavers() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2020-12-31");
    b.contract("c2", "p1", "A", 0.6, "2021-03-01", "2021-06-30");
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "leavers_headcount"), 2.0);
    assert!((v(&t, "leavers_fte") - 1.6).abs() < 1e-12);
    assert_eq!(v(&t, "starters_headcount"), 1.0);
    assert_eq!(v(&t, "starters_fte"), 0.6);
}

#[test]
fn concurrent_part_time_contracts_are_one_person() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 0.5, "2021-01-01", "");
    b.contract("c2", "p1", "B", 0.4, "2021-01-01", "2021-06-30");
    b.contract("c3", "p1", "B", 0.3, "2021-08-01", "");
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "inpost_headcount"), 1.0);
    assert!((v(&t, "inpost_fte") - 0.8).abs() < 1e-12);
    // One starter spell whose first day is covered by c1 and c2: 0.9 FTE.
    assert_eq!(v(&t, "starters_headcount"), 1.0);
    assert!((v(&t, "starters_fte") - 0.9).abs() < 1e-12);
    assert_eq!(v(&t, "leavers_headcount"), 0.0);
    // Team B alone: c2 ends 30 June, c3 starts 1 August: a leaver and a starter.
    let tb = csww(&wf, Some("B"), YE);
    assert_eq!(v(&tb, "leavers_headcount"), 1.0);
    assert_eq!(v(&tb, "starters_headcount"), 2.0);
}

#[test]
fn scope_excludes_contracts_without_csww_role() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract_full("c2", "p2", "A", None, None, 1.0, "2019-01-01", "2021-05-01");
    // p3 moves from a social work role to a non-social-work role: a CSWW leaver.
    b.contract("c3", "p3", "A", 1.0, "2019-01-01", "2021-04-30");
    b.contract_full("c4", "p3", "A", None, None, 1.0, "2021-05-01", "");
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "inpost_headcount"), 1.0);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    let all = wf
        .measures(
            d("2020-10-01"),
            d(YE),
            None,
            false,
            &Scope::All,
            &Options::default(),
        )
        .unwrap();
    let get = |m: &str| {
        (0..all.num_rows())
            .find(|&r| all.text("metric", r).unwrap() == m)
            .and_then(|r| all.f64("value", r))
            .unwrap()
    };
    assert_eq!(get("inpost_headcount"), 2.0); // p1 and p3
    assert_eq!(get("leavers_headcount"), 1.0); // p2 only: p3's move is internal
}

#[test]
fn vacancy_and_establishment() {
    let mut b = Builder::council();
    b.post("post1", "A", 1.0, "2019-01-01", "");
    b.post("post2", "A", 1.0, "2019-01-01", "");
    b.post("post3", "B", 2.0, "2019-01-01", "2021-09-30"); // closed on 30 Sep: not open
    b.contract_full(
        "c1",
        "p1",
        "A",
        Some("post1"),
        Some(5),
        0.6,
        "2019-01-01",
        "",
    );
    b.contract_full(
        "c2",
        "p2",
        "A",
        Some("post2"),
        Some(5),
        1.0,
        "2019-01-01",
        "",
    );
    // The holder of post2 is off sick on 30 Sep: the post is still filled.
    b.sick("s1", "p2", "2021-09-01", "", None);
    let wf = b.build();
    let t = csww(&wf, None, YE);
    // post1: 1.0 − 0.6 = 0.4; post2: 0; post3 closed.
    assert!((v(&t, "vacancy_fte") - 0.4).abs() < 1e-12);
    assert!((v(&t, "vacancy_rate_fte") - 100.0 * 0.4 / (0.4 + 1.6)).abs() < 1e-9);
    let o = Options {
        vacancy_denominator: VacancyDenominator::FundedEstablishment,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert!((v(&t, "vacancy_rate_fte") - 100.0 * 0.4 / 2.0).abs() < 1e-9);
}

#[test]
fn vacancy_counts_when_holder_leaves_on_the_date() {
    let mut b = Builder::council();
    b.post("post1", "A", 1.0, "2019-01-01", "");
    b.contract_full(
        "c1",
        "p1",
        "A",
        Some("post1"),
        Some(5),
        1.0,
        "2019-01-01",
        "2021-09-30",
    );
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "vacancy_fte"), 1.0);
}

#[test]
fn agency_cover_and_over_establishment() {
    let mut b = Builder::council();
    b.post("post1", "A", 1.0, "2019-01-01", "");
    b.post("post2", "A", 1.0, "2019-01-01", "");
    b.contract_full(
        "c1",
        "p1",
        "A",
        Some("post2"),
        Some(5),
        1.0,
        "2019-01-01",
        "",
    );
    // a1: declared vacancy cover; a2: no reason, names vacant post1 → derived cover;
    // a3: no reason, names filled post2 → not cover; a4: covers absence.
    b.agency(
        "a1",
        "w1",
        "A",
        None,
        Some(CoverReason::Vacancy),
        1.0,
        "2021-01-01",
        "",
    );
    b.agency("a2", "w2", "A", Some("post1"), None, 0.5, "2021-01-01", "");
    b.agency("a3", "w3", "A", Some("post2"), None, 1.0, "2021-01-01", "");
    b.agency(
        "a4",
        "w4",
        "B",
        None,
        Some(CoverReason::Absence),
        1.0,
        "2021-01-01",
        "",
    );
    // a5 ended on 30 Sep: not in post.
    b.agency(
        "a5",
        "w5",
        "B",
        None,
        Some(CoverReason::Vacancy),
        1.0,
        "2021-01-01",
        "2021-09-30",
    );
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "agency_fte"), 3.5);
    assert_eq!(v(&t, "agency_headcount"), 4.0);
    assert_eq!(v(&t, "agency_cover_fte"), 1.5);
    assert!((v(&t, "agency_rate_fte") - 100.0 * 3.5 / 4.5).abs() < 1e-9);
    assert!((v(&t, "agency_cover_rate_fte") - 100.0 * 1.5 / 3.5).abs() < 1e-9);
    // Vacancy 1.0 (post1); cover 1.5 exceeds it: not capped.
    assert!((v(&t, "vacancy_agency_cover_rate_fte") - 150.0).abs() < 1e-9);
    let by = wf
        .agency_by_unit(d(YE), None, &Scope::Csww, &Options::default())
        .unwrap();
    assert_eq!(by.text("org_unit_id", 0).unwrap(), "LA");
    assert_eq!(by.f64("agency_over_establishment_fte", 0), Some(2.0));
    assert_eq!(by.text("org_unit_id", 1).unwrap(), "A");
    assert!((by.f64("agency_rate_fte", 1).unwrap() - 100.0 * 2.5 / 3.5).abs() < 1e-9);
    // Agency scope "covering vacancies" puts only cover in the numerator.
    let o = Options {
        agency_scope: workforce::options::AgencyScope::CoveringVacancies,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert!((v(&t, "agency_rate_fte") - 100.0 * 1.5 / 2.5).abs() < 1e-9);
}

#[test]
fn agency_headcount_people_or_records() {
    let mut b = Builder::council();
    b.agency("a1", "w1", "A", None, None, 0.5, "2021-01-01", "");
    b.agency("a2", "w1", "B", None, None, 0.5, "2021-01-01", "");
    let wf = b.build();
    assert_eq!(v(&csww(&wf, None, YE), "agency_headcount"), 1.0);
    let o = Options {
        agency_headcount: AgencyHeadcount::Records,
        ..Options::default()
    };
    assert_eq!(
        v(
            &wf.csww(&[d(YE)], None, false, &o).unwrap(),
            "agency_headcount"
        ),
        2.0
    );
}

#[test]
fn caseload_counts_in_post_in_scope_holders_only() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 0.5, "2019-01-01", "");
    b.contract("c3", "p3", "A", 1.0, "2019-01-01", "2021-09-30"); // leaves on the date
    b.contract_full("c4", "p4", "A", None, None, 1.0, "2019-01-01", ""); // personal adviser
    b.agency("a1", "w1", "A", None, None, 1.0, "2021-01-01", "");
    for (i, p) in ["p1", "p1", "p1", "p2", "p3", "p4", "w1", "w1"]
        .iter()
        .enumerate()
    {
        b.alloc(&format!("k{i}"), p, "2021-01-01", "");
    }
    b.alloc("k9", "p2", "2021-01-01", "2021-09-29"); // closed before the date
    let t = csww(&b.build(), None, YE);
    // Cases: p1 3, p2 1, w1 2 = 6; holders FTE 1 + 0.5 + 1 = 2.5.
    assert_eq!(v(&t, "cases"), 6.0);
    assert_eq!(v(&t, "case_holders_fte"), 2.5);
    assert!((v(&t, "caseload_fte") - 6.0 / 2.5).abs() < 1e-12);
}

#[test]
fn caseload_missing_without_allocations_file() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    let t = csww(&b.build(), None, YE);
    assert!(t.f64("cases", 0).is_none());
    assert!(t.f64("caseload_fte", 0).is_none());
}

#[test]
fn sickness_derived_recorded_and_clipped() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 0.5, "2019-01-01", "");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "");
    b.contract("c3", "p3", "A", 1.0, "2019-01-01", "2021-06-30"); // a leaver
                                                                  // p1: Mon 20 Sep 2021 to Tue 5 Oct 2021 crosses the year end. Inside: 20-30 Sep = 9
                                                                  // working days × 0.5 FTE = 4.5.
    b.sick("s1", "p1", "2021-09-20", "2021-10-05", None);
    // p2: recorded 6 days over Mon 28 Sep 2020 – Fri 9 Oct 2020 (10 working days), 8 inside
    // the year (1–9 Oct 2020... 1 Oct is Thu: 1,2,5,6,7,8,9 = 7 days). 6 × 7/10 = 4.2.
    b.sick("s2", "p2", "2020-09-28", "2020-10-09", Some(6.0));
    // p3 (a leaver): 3 days before leaving, Wed 2 Jun – Fri 4 Jun 2021, counts.
    b.sick("s3", "p3", "2021-06-02", "2021-06-04", None);
    // p2 open absence from Wed 29 Sep 2021: 29, 30 Sep = 2 days × 1.0.
    b.sick("s4", "p2", "2021-09-29", "", Some(9.0));
    // Bank holiday Mon 31 May 2021 is not a working day: Fri 28 May – Tue 1 Jun = 2 days × 1.0.
    b.sick("s5", "p2", "2021-05-28", "2021-06-01", None);
    let wf = b.build();
    let t = csww(&wf, None, YE);
    let want = 4.5 + 4.2 + 3.0 + 2.0 + 2.0;
    assert!(
        (v(&t, "working_days_lost_fte") - want).abs() < 1e-9,
        "{}",
        v(&t, "working_days_lost_fte")
    );
    // Denominator: in post FTE (1.5) × 253.
    assert!((v(&t, "absence_rate_fte") - 100.0 * want / (1.5 * 253.0)).abs() < 1e-9);
    let o = Options {
        working_days_per_year: 260.0,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert!((v(&t, "absence_rate_fte") - 100.0 * want / (1.5 * 260.0)).abs() < 1e-9);
    // Available-days denominator: p1 0.5×253 + p2 1×253 + p3 1×(working days 1 Oct–30 Jun).
    let o = Options {
        absence_denominator: AbsenceDenominator::PersonAvailableDays,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    let p3_days = wf.calendar().working_days(d("2020-10-01"), d("2021-06-30")) as f64;
    let den = 0.5 * 253.0 + 253.0 + p3_days;
    assert!((v(&t, "absence_rate_fte") - 100.0 * want / den).abs() < 1e-9);
}

#[test]
fn turnover_denominator_options() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "2021-03-31");
    b.contract("c3", "p3", "A", 1.0, "2021-01-01", "");
    b.contract("c4", "p4", "A", 1.0, "2021-02-01", "");
    let wf = b.build();
    // Start stock (30 Sep 2020): 2; end stock: 3; one leaver.
    let rate = |den| {
        let o = Options {
            turnover_denominator: den,
            ..Options::default()
        };
        v(
            &wf.csww(&[d(YE)], None, false, &o).unwrap(),
            "turnover_rate_fte",
        )
    };
    assert!((rate(TurnoverDenominator::EndStock) - 100.0 / 3.0).abs() < 1e-9);
    assert!((rate(TurnoverDenominator::StartStock) - 50.0).abs() < 1e-9);
    assert!((rate(TurnoverDenominator::AverageStartEnd) - 40.0).abs() < 1e-9);
    // Month ends Oct–Dec: 2; Jan: 3; Feb: 4; Mar: 3 (p2's last day is 31 March, so not in
    // post on it); Apr–Sep: 3 → (6 + 3 + 4 + 3 + 18) / 12.
    let avg = (6.0 + 3.0 + 4.0 + 3.0 + 18.0) / 12.0;
    assert!((rate(TurnoverDenominator::AverageMonthly) - 100.0 / avg).abs() < 1e-9);
}

#[test]
fn flow_identity_holds_on_worked_example() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-09-30");
    b.contract("c2", "p2", "A", 1.0, "2020-10-01", "");
    b.contract("c3", "p3", "A", 1.0, "2020-09-30", "2020-10-01");
    b.contract("c4", "p3", "B", 1.0, "2020-10-02", "2021-02-01");
    let wf = b.build();
    for unit in [None, Some("A"), Some("B")] {
        let t = csww(&wf, unit, YE);
        let s = wf
            .stocks(unit, &Scope::Csww, &[d("2020-09-30")], &Options::default())
            .unwrap();
        let start = s[0].inpost_headcount;
        assert_eq!(
            v(&t, "inpost_headcount"),
            start + v(&t, "starters_headcount") - v(&t, "leavers_headcount"),
            "unit {unit:?}"
        );
    }
}

#[test]
fn posts_are_end_exclusive_and_contracts_end_inclusive() {
    let mut b = Builder::council();
    b.post("post1", "A", 1.0, "2021-09-30", ""); // opens on the date: open
    b.post("post2", "A", 1.0, "2019-01-01", "2021-10-01"); // closes the next day: open
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "vacancy_fte"), 2.0);
}

#[test]
fn explain_lists_the_records_behind_a_figure() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 0.5, "2019-01-01", "2021-06-30");
    let wf = b.build();
    let e = wf
        .explain(
            "turnover_rate_fte",
            d("2020-10-01"),
            d(YE),
            None,
            &Scope::Csww,
            &Options::default(),
        )
        .unwrap();
    let rows: Vec<(String, String, f64)> = (0..e.num_rows())
        .map(|r| {
            (
                e.text("role", r).unwrap(),
                e.text("id", r).unwrap(),
                e.f64("value", r).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("numerator".into(), "c2".into(), 0.5),
            ("denominator".into(), "c1".into(), 1.0)
        ]
    );
    assert!(wf
        .explain(
            "nonsense",
            d("2020-10-01"),
            d(YE),
            None,
            &Scope::Csww,
            &Options::default()
        )
        .is_err());
}

#[test]
fn unknown_unit_and_bad_period_are_argument_errors() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    let wf = b.build();
    let e = wf
        .csww(&[d(YE)], Some("ZZ"), false, &Options::default())
        .unwrap_err();
    assert!(e.is_invalid_argument(), "{e}");
    let e = wf
        .series(
            d("2021-05-01"),
            d("2021-01-01"),
            None,
            &Scope::Csww,
            &Options::default(),
        )
        .unwrap_err();
    assert!(e.is_invalid_argument());
}

#[test]
fn by_unit_gives_one_row_per_unit_and_year() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    let wf = b.build();
    let t = wf
        .csww(&[d("2020-09-30"), d(YE)], None, true, &Options::default())
        .unwrap();
    assert_eq!(t.num_rows(), 6);
    assert_eq!(t.names()[0], "org_unit_id");
    assert_eq!(t.names()[1], "year_end");
    assert_eq!(t.names()[2..], workforce::metrics::CSWW_COLUMNS);
}

#[test]
fn monthly_series_rolls_twelve_months() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "2021-03-15");
    let wf = b.build();
    let s = wf
        .series(
            d("2021-01-01"),
            d("2021-06-30"),
            None,
            &Scope::Csww,
            &Options::default(),
        )
        .unwrap();
    assert_eq!(s.num_rows(), 6);
    assert_eq!(s.f64("leavers_headcount", 2), Some(1.0)); // March
    assert_eq!(s.f64("turnover_rate_12m", 1), Some(0.0)); // February
    assert_eq!(s.f64("turnover_rate_12m", 2), Some(100.0)); // March: 1 leaver / 1 in post
    assert_eq!(s.f64("inpost_headcount", 5), Some(1.0));
}

#[test]
fn starter_and_leaver_fte_are_the_contracts_on_the_first_and_last_day() {
    let mut b = Builder::council();
    // p1: one spell 2019-01-01..2021-06-30 (c2 starts the day after c1 ends). Only c2 covers
    // the last day: leavers_fte 0.5, not 1.5.
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-03-31");
    b.contract("c2", "p1", "A", 0.5, "2021-04-01", "2021-06-30");
    // p2: one spell from 2020-11-02. Only c3 covers the first day: starters_fte 0.4; both are
    // in post on 30 Sep: 1.0.
    b.contract("c3", "p2", "A", 0.4, "2020-11-02", "");
    b.contract("c4", "p2", "A", 0.6, "2021-02-01", "");
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    assert_eq!(v(&t, "leavers_fte"), 0.5);
    assert_eq!(v(&t, "starters_headcount"), 1.0);
    assert_eq!(v(&t, "starters_fte"), 0.4);
    assert_eq!(v(&t, "inpost_fte"), 1.0);
    assert_eq!(v(&t, "inpost_headcount"), 1.0);
}

#[test]
fn agency_spells_are_separate_and_never_flows() {
    let mut b = Builder::council();
    // w1: a1 ends on 30 Sep, a2 starts the next day: one agency spell that does not end on
    // 30 Sep, so a1 (1.0) is in post on it.
    b.agency("a1", "w1", "A", None, None, 1.0, "2021-01-01", "2021-09-30");
    b.agency("a2", "w1", "A", None, None, 0.5, "2021-10-01", "");
    // w2: the spell ends on 30 Sep: not in post.
    b.agency("a3", "w2", "A", None, None, 0.8, "2020-01-01", "2021-09-30");
    // p1: employee until 31 Mar, agency worker from 1 Apr: an employee leaver (1.0) and an
    // agency worker in post (0.7); the agency start is not a starter.
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-03-31");
    b.agency("a4", "p1", "A", None, None, 0.7, "2021-04-01", "");
    // w3 in team B starts in the year: in post (0.3), not a starter.
    b.agency("a5", "w3", "B", None, None, 0.3, "2021-05-01", "");
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "agency_fte"), 2.0); // 1.0 + 0.7 + 0.3
    assert_eq!(v(&t, "agency_headcount"), 3.0); // w1, p1, w3
    assert_eq!(v(&t, "leavers_headcount"), 1.0);
    assert_eq!(v(&t, "leavers_fte"), 1.0);
    assert_eq!(v(&t, "starters_headcount"), 0.0);
    assert_eq!(v(&t, "inpost_headcount"), 0.0);
    // 2.0 / (2.0 + 0): 100; nobody employed in post: turnover, vacancy and absence rates are
    // missing, not 0.
    assert_eq!(v(&t, "agency_rate_fte"), 100.0);
    assert_eq!(v(&t, "agency_rate_headcount"), 100.0);
    for col in [
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "vacancy_rate_fte",
        "vacancy_agency_cover_rate_fte",
        "absence_rate_fte",
    ] {
        assert!(t.f64(col, 0).is_none(), "{col}");
    }
    // Team A: w1 1.0 + p1 0.7; team B: w3 0.3.
    assert_eq!(v(&csww(&wf, Some("A"), YE), "agency_fte"), 1.7);
    assert_eq!(v(&csww(&wf, Some("B"), YE), "agency_fte"), 0.3);
}

#[test]
fn move_on_30_september_is_in_post_for_the_council_and_a_leaver_for_the_team() {
    let mut b = Builder::council();
    b.post("PA", "A", 1.0, "2019-01-01", "");
    b.contract_full(
        "c1",
        "p1",
        "A",
        Some("PA"),
        Some(5),
        1.0,
        "2019-01-01",
        "2021-09-30",
    );
    b.contract("c2", "p1", "B", 0.8, "2021-10-01", "");
    let wf = b.build();
    // Council: one spell going on past 30 Sep, so c1 covers the date and is in post; PA is
    // filled; no leaver.
    let la = csww(&wf, None, YE);
    assert_eq!(v(&la, "inpost_fte"), 1.0);
    assert_eq!(v(&la, "inpost_headcount"), 1.0);
    assert_eq!(v(&la, "leavers_headcount"), 0.0);
    assert_eq!(v(&la, "vacancy_fte"), 0.0);
    // Team A alone: the spell ends on 30 Sep: a leaver (1.0), not in post; PA is vacant.
    let a = csww(&wf, Some("A"), YE);
    assert_eq!(v(&a, "inpost_headcount"), 0.0);
    assert_eq!(v(&a, "leavers_fte"), 1.0);
    assert_eq!(v(&a, "vacancy_fte"), 1.0);
    // Team B: nothing in this year; a starter in the next.
    let bt = csww(&wf, Some("B"), YE);
    assert_eq!(v(&bt, "inpost_headcount"), 0.0);
    assert_eq!(v(&bt, "starters_headcount"), 0.0);
    let next = csww(&wf, Some("B"), "2022-09-30");
    assert_eq!(v(&next, "starters_fte"), 0.8);
    assert_eq!(v(&csww(&wf, None, "2022-09-30"), "starters_headcount"), 0.0);
}

#[test]
fn caseload_allocations_open_on_the_date_held_by_in_post_staff() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    // p2 works in both teams: 0.5 + 0.5.
    b.contract("c2", "p2", "A", 0.5, "2019-01-01", "");
    b.contract("c3", "p2", "B", 0.5, "2019-01-01", "");
    // w1's assignment ends on 30 Sep: not in post, so its cases are left out.
    b.agency("a1", "w1", "A", None, None, 1.0, "2021-01-01", "2021-09-30");
    // An allocation is open on T when start ≤ T ≤ end (end is its last day).
    b.alloc("k1", "p1", "2021-09-30", ""); // starts on T: open
    b.alloc("k2", "p1", "2021-01-01", "2021-09-30"); // ends on T: open
    b.alloc("k3", "p2", "2021-01-01", "");
    b.alloc("k4", "w1", "2021-01-01", ""); // holder not in post
    b.alloc("k5", "p1", "2021-10-01", ""); // not yet open
    let wf = b.build();
    // Council: p1 2 + p2 1 = 3 cases; holders 1.0 + 1.0 = 2.0 FTE.
    let la = csww(&wf, None, YE);
    assert_eq!(v(&la, "cases"), 3.0);
    assert_eq!(v(&la, "case_holders_fte"), 2.0);
    assert_eq!(v(&la, "caseload_fte"), 1.5);
    // Team A: p1 2 + p2 1 = 3; FTE of team A's contracts 1.0 + 0.5 = 1.5.
    let a = csww(&wf, Some("A"), YE);
    assert_eq!(v(&a, "cases"), 3.0);
    assert_eq!(v(&a, "case_holders_fte"), 1.5);
    assert_eq!(v(&a, "caseload_fte"), 2.0);
    // Team B: p2's case, 0.5 FTE.
    let bt = csww(&wf, Some("B"), YE);
    assert_eq!(v(&bt, "cases"), 1.0);
    assert_eq!(v(&bt, "case_holders_fte"), 0.5);
}

#[test]
fn sickness_counts_only_sickness_of_in_scope_staff() {
    use workforce::model::{Absence, AbsenceType};
    let mut b = Builder::council();
    // p1: a social worker until 31 Mar 2021, then a non-social-work job.
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-03-31");
    b.contract_full("c2", "p1", "A", None, None, 1.0, "2021-04-01", "");
    // Derived, Mon 29 Mar – Fri 9 Apr 2021: in-scope FTE only on 29, 30, 31 Mar = 3.0.
    b.sick("s1", "p1", "2021-03-29", "2021-04-09", None);
    // Recorded 5 days, Mon 7 – Fri 11 Jun 2021, when p1 held no in-scope contract: 0.
    b.sick("s2", "p1", "2021-06-07", "2021-06-11", Some(5.0));
    // p2 never held an in-scope contract: nothing.
    b.contract_full("c3", "p2", "A", None, None, 1.0, "2019-01-01", "");
    b.sick("s3", "p2", "2021-06-07", "2021-06-11", None);
    // p3: open sickness from Mon 27 Sep with a recorded figure: derived, 27–30 Sep = 4.0.
    b.contract("c4", "p3", "A", 1.0, "2019-01-01", "");
    b.sick("s4", "p3", "2021-09-27", "", Some(99.0));
    // Maternity leave is not sickness.
    b.ds.absences.push(Absence {
        absence_id: "m1".into(),
        person_id: "p3".into(),
        absence_type: AbsenceType::Maternity,
        reason: None,
        start_date: d("2021-01-04"),
        end_date: Some(d("2021-03-26")),
        working_days_lost: None,
    });
    let t = csww(&b.build(), None, YE);
    assert_eq!(v(&t, "working_days_lost_fte"), 7.0);
    // 7 / (1.0 in post × 253)
    assert!((v(&t, "absence_rate_fte") - 700.0 / 253.0).abs() < 1e-9);
}

#[test]
fn vacancy_is_filled_by_in_scope_contracts_of_the_unit() {
    let mut b = Builder::council();
    b.post("PA", "A", 1.0, "2019-01-01", "");
    b.post("PB", "A", 0.5, "2019-01-01", "");
    b.post("PC", "A", 1.0, "2019-01-01", "");
    b.post("PD", "A", 1.0, "2019-01-01", "2021-09-30"); // closed on 30 Sep
    let post = |b: &mut Builder, c: &str, p: &str, u: &str, post: &str, role: Option<u8>, fte| {
        b.contract_full(c, p, u, Some(post), role, fte, "2019-01-01", "");
    };
    // PA: 0.5 in scope; the out-of-scope 0.5 does not fill it in the CSWW scope: 0.5 vacant.
    post(&mut b, "c1", "p1", "A", "PA", Some(5), 0.5);
    post(&mut b, "c2", "p2", "A", "PA", None, 0.5);
    // PB: 0.5 + 0.5 against 0.5 funded: max(0, −0.5) = 0.
    post(&mut b, "c3", "p3", "A", "PB", Some(5), 0.5);
    post(&mut b, "c4", "p4", "A", "PB", Some(5), 0.5);
    // PC is held by a contract of team B: filled for the council, vacant for team A.
    post(&mut b, "c5", "p5", "B", "PC", Some(5), 1.0);
    // Agency with no cover reason naming PC: cover only where PC is vacant (team A).
    b.agency("a1", "w1", "A", Some("PC"), None, 1.0, "2021-01-01", "");
    // Agency naming PD, not open on 30 Sep: not cover.
    b.agency("a2", "w2", "A", Some("PD"), None, 1.0, "2021-01-01", "");
    let wf = b.build();
    let la = csww(&wf, None, YE);
    assert_eq!(v(&la, "vacancy_fte"), 0.5);
    assert_eq!(v(&la, "agency_cover_fte"), 0.0);
    let a = csww(&wf, Some("A"), YE);
    assert_eq!(v(&a, "vacancy_fte"), 1.5);
    assert_eq!(v(&a, "agency_cover_fte"), 1.0);
    // 1.0 / 1.5
    assert!((v(&a, "vacancy_agency_cover_rate_fte") - 100.0 / 1.5).abs() < 1e-9);
}

#[test]
fn a_year_may_end_on_any_date() {
    use workforce::timeline::year_ending;
    assert_eq!(year_ending(d(YE)), (d("2020-10-01"), d(YE)));
    assert_eq!(
        year_ending(d("2024-02-29")),
        (d("2023-03-01"), d("2024-02-29"))
    );
    assert_eq!(
        year_ending(d("2025-02-28")),
        (d("2024-02-29"), d("2025-02-28"))
    );
}

#[test]
fn long_form_stocks_are_dated_on_the_period_end() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    let t = b
        .build()
        .measures(
            d("2020-10-01"),
            d(YE),
            None,
            false,
            &Scope::Csww,
            &Options::default(),
        )
        .unwrap();
    let flows = [
        "starters_fte",
        "starters_headcount",
        "leavers_fte",
        "leavers_headcount",
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "working_days_lost_fte",
        "absence_rate_fte",
    ];
    assert_eq!(t.num_rows(), workforce::metrics::CSWW_COLUMNS.len());
    for r in 0..t.num_rows() {
        let m = t.text("metric", r).unwrap();
        let start = t.text("period_start", r).unwrap();
        assert_eq!(t.text("period_end", r).unwrap(), YE, "{m}");
        let want = if flows.contains(&m.as_str()) {
            "2020-10-01"
        } else {
            YE
        };
        assert_eq!(start, want, "{m}");
    }
}

#[test]
fn scope_is_the_csww_role_alone() {
    use workforce::model::ContractType;
    let mut b = Builder::council();
    // A casual contract with a CSWW role is in scope by default (0.2 FTE).
    b.contract("c1", "p1", "A", 0.2, "2019-01-01", "");
    b.ds.contracts[0].contract_type = Some(ContractType::Casual);
    // A post without a role is outside the CSWW establishment: no vacancy.
    b.post("P1", "A", 1.0, "2019-01-01", "");
    b.ds.posts[0].csww_role = None;
    // An agency assignment without a role is not agency in the CSWW scope.
    b.agency("a1", "w1", "A", None, None, 1.0, "2021-01-01", "");
    b.ds.agency_assignments[0].csww_role = None;
    let wf = b.build();
    let t = csww(&wf, None, YE);
    assert_eq!(v(&t, "inpost_fte"), 0.2);
    assert_eq!(v(&t, "vacancy_fte"), 0.0);
    assert_eq!(v(&t, "agency_fte"), 0.0);
    // Leaving casual contracts out is an option.
    let o = Options {
        exclude_casual: true,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    assert_eq!(v(&t, "inpost_fte"), 0.0);
}

#[test]
fn agency_lengths_by_basis_and_merging() {
    // One worker: a1 1 June 2020 – 31 May 2021, then a2 from 1 June 2021 (open, planned to end
    // 31 December 2021). On 30 September 2021 a2 is in post.
    let mut b = Builder::council();
    b.agency("a1", "q1", "A", None, None, 1.0, "2020-06-01", "2021-05-31")
        .agency("a2", "q1", "A", None, None, 1.0, "2021-06-01", "");
    b.ds.agency_assignments[1].planned_end_date = Some(d("2021-12-31"));
    let weeks = |b: &Builder, merge: bool, basis: LengthBasis| {
        let o = Options {
            agency_merge_consecutive: merge,
            agency_length_basis: basis,
            ..Options::default()
        };
        let got = b
            .build()
            .agency_in_post(None, &Scope::Csww, d(YE), &o)
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 1, "a2 is the assignment in post");
        got[0].1
    };
    use LengthBasis::{Contracted, ElapsedToRefDate as Elapsed};
    // a2 alone, to 30 September: June 30 + July 31 + August 31 + September 30 = 122 days.
    assert_eq!(weeks(&b, false, Elapsed), 122.0 / 7.0);
    // a2 alone, to its planned end: 122 + October 31 + November 30 + December 31 = 214 days.
    assert_eq!(weeks(&b, false, Contracted), 214.0 / 7.0);
    // Merged (the default): from 1 June 2020, 365 more days.
    assert_eq!(weeks(&b, true, Elapsed), 487.0 / 7.0);
    assert_eq!(weeks(&b, true, Contracted), 579.0 / 7.0);
    let o = Options::default();
    assert!(o.agency_merge_consecutive && o.agency_length_basis == Elapsed);
    // In bands (0–26, 27–52, over 52 weeks): 17.4 weeks alone, 69.6 merged.
    let wf = b.build();
    let bands = |o: &Options| {
        let t = wf
            .agency_length_bands(d(YE), None, &Scope::Csww, o)
            .unwrap();
        (0..3)
            .map(|i| t.f64("assignments", i).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(bands(&o), [0.0, 0.0, 1.0]);
    let apart = Options {
        agency_merge_consecutive: false,
        ..Options::default()
    };
    assert_eq!(bands(&apart), [1.0, 0.0, 0.0]);
    // A planned end before the start (a warning on reading) is not used: the contracted length
    // falls back to the actual end, here the reference date.
    b.ds.agency_assignments[1].planned_end_date = Some(d("2021-05-01"));
    assert_eq!(weeks(&b, false, Contracted), 122.0 / 7.0);
}

#[test]
fn defaults_are_the_dfe_choices_of_metrics_md() {
    use workforce::options::{AgencyScope, Basis, DayUnit, Rounding};
    let o = Options::default();
    // §9 items 1, 2, 3, 4: end-of-year stock, FTE, vacancies + employed, all agency workers.
    assert_eq!(o.turnover_denominator, TurnoverDenominator::EndStock);
    assert_eq!(o.basis, Basis::Fte);
    assert_eq!(
        o.vacancy_denominator,
        VacancyDenominator::VacanciesPlusEmployed
    );
    assert_eq!(o.agency_scope, AgencyScope::All);
    // Item 5: 30 September FTE × 253 working days.
    assert_eq!(o.absence_denominator, AbsenceDenominator::RefDateFte);
    assert_eq!(o.working_days_per_year, 253.0);
    // Item 6: long-term is a spell of 28 calendar days or more.
    assert_eq!(
        (o.long_term_threshold, o.long_term_unit),
        (28, DayUnit::Calendar)
    );
    // Item 6 also: every sickness absence counts, and absences are not linked.
    assert!(o.sickness_excluded_reasons.is_empty());
    assert_eq!(o.sickness_link_days, 0);
    // Item 8: census stocks take FTE30.
    assert_eq!(o.fte_source_for_stock, workforce::options::FteSource::Fte30);
    // Items 7, 10: a 30 September leaver is not in post; rejoiners count twice.
    assert!(!o.end_date_inclusive);
    assert_eq!(o.rejoin_grace_days, 0);
    // Item 14: consecutive assignments merged; lengths to the reference date.
    assert!(o.agency_merge_consecutive);
    assert_eq!(o.agency_length_basis, LengthBasis::ElapsedToRefDate);
    // Item 15: half away from zero.
    assert_eq!(o.rounding, Rounding::HalfAwayFromZero);
    // Item 18: cases ÷ FTE of case holders, agency included.
    assert_eq!(o.caseload_basis, Basis::Fte);
    assert!(o.caseload_include_agency);
    // The data contract's choices: agency headcount as distinct people, casual contracts in.
    assert_eq!(o.agency_headcount, AgencyHeadcount::People);
    assert!(!o.exclude_casual);
}

#[test]
fn caseload_denominator_and_agency_options() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 0.5, "2019-01-01", "");
    b.agency("a1", "w1", "A", None, None, 1.0, "2021-01-01", "");
    for (i, p) in ["p1", "p1", "p1", "p2", "w1", "w1"].iter().enumerate() {
        b.alloc(&format!("k{i}"), p, "2021-01-01", "");
    }
    let wf = b.build();
    let run = |o: &Options| wf.csww(&[d(YE)], None, false, o).unwrap();
    // Default: 6 cases ÷ 2.5 FTE of case holders (agency included).
    assert!((v(&run(&Options::default()), "caseload_fte") - 6.0 / 2.5).abs() < 1e-12);
    // Headcount denominator: 6 cases ÷ 3 holders.
    let o = Options {
        caseload_basis: workforce::options::Basis::Headcount,
        ..Options::default()
    };
    assert_eq!(v(&run(&o), "caseload_fte"), 2.0);
    // Without agency: 4 cases ÷ 1.5 FTE.
    let o = Options {
        caseload_include_agency: false,
        ..Options::default()
    };
    let t = run(&o);
    assert_eq!(v(&t, "cases"), 4.0);
    assert_eq!(v(&t, "case_holders_fte"), 1.5);
    assert!((v(&t, "caseload_fte") - 4.0 / 1.5).abs() < 1e-12);
}

#[test]
fn absence_rate_on_average_fte() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "2021-03-31"); // a leaver
    b.contract("c3", "p3", "A", 0.5, "2021-01-04", ""); // a starter

    // p1: Mon 7 – Fri 11 Jun 2021, 5 working days × 1.0.
    b.sick("s1", "p1", "2021-06-07", "2021-06-11", None);
    let wf = b.build();
    // DfE: 5 ÷ (1.5 × 253).
    let t = csww(&wf, None, YE);
    assert!((v(&t, "absence_rate_fte") - 100.0 * 5.0 / (1.5 * 253.0)).abs() < 1e-9);
    // Average FTE: in post on 30 Sep 2020 (2.0) and 30 Sep 2021 (1.5), mean 1.75, × the
    // working days of the year.
    let o = Options {
        absence_denominator: AbsenceDenominator::AverageFte,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    let days = wf.calendar().working_days(d("2020-10-01"), d(YE)) as f64;
    assert!((v(&t, "absence_rate_fte") - 100.0 * 5.0 / (1.75 * days)).abs() < 1e-9);
}

#[test]
fn leaver_categories_default_is_the_reading_of_metrics_md() {
    use workforce::options::LeaverCategory::*;
    // §9 item 11: resignations only are voluntary (CIPD); retirement and death are other.
    let o = Options::default();
    let got: Vec<_> = (1..=10).map(|r| o.leaver_category(Some(r))).collect();
    assert_eq!(
        got,
        [
            Voluntary,
            Redundancy,
            Redundancy,
            Involuntary,
            Other,
            Other,
            Internal,
            Other,
            Unknown,
            Unknown
        ]
    );
    assert_eq!(o.leaver_category(None), Unknown);
    assert_eq!(o.leaver_category(Some(11)), Unknown);
}

/// §9 item 5: the NHS calendar-day basis of the absence rate.
#[test]
fn absence_rate_on_calendar_days() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "p2", "A", 1.0, "2019-01-01", "2021-03-31"); // a leaver
    b.contract("c3", "p3", "A", 0.5, "2021-01-04", ""); // a starter
                                                        // p1: Mon 7 – Sun 13 Jun 2021, 7 calendar days (5 working) × 1.0.
    b.sick("s1", "p1", "2021-06-07", "2021-06-13", None);
    // p3: Fri 2 – Mon 5 Jul 2021, 4 calendar days (2 working) × 0.5.
    b.sick("s2", "p3", "2021-07-02", "2021-07-05", None);
    let wf = b.build();
    let o = Options {
        absence_denominator: AbsenceDenominator::CalendarDays,
        ..Options::default()
    };
    let t = wf.csww(&[d(YE)], None, false, &o).unwrap();
    // FTE calendar days lost: 7 × 1.0 + 4 × 0.5 = 9. Available in the year to 30 Sep 2021:
    // c1 365 × 1.0 + c2 (1 Oct – 31 Mar) 182 × 1.0 + c3 (4 Jan – 30 Sep) 270 × 0.5 = 682.
    assert!((v(&t, "absence_rate_fte") - 900.0 / 682.0).abs() < 1e-9);
    // The days-lost figure stays in FTE working days: 5 + 2 × 0.5 = 6, as by default.
    assert_eq!(v(&t, "working_days_lost_fte"), 6.0);
    assert_eq!(v(&csww(&wf, None, YE), "working_days_lost_fte"), 6.0);
    // By month: June 2021, 7 FTE calendar days lost of 30 × 1.0 + 30 × 0.5 = 45 available.
    let m = workforce::hr::sickness::sickness_by_month(
        &wf,
        d("2021-06-01"),
        d("2021-06-30"),
        None,
        false,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert!((m.f64("percent_working_days_lost", 0).unwrap() - 700.0 / 45.0).abs() < 1e-9);
    assert_eq!(m.f64("denominator", 0), Some(45.0));
}

/// §9 item 8: census stocks from `FTE30` (default) or `FTE`.
#[test]
fn census_stock_fte_from_fte30_or_fte() {
    use workforce::census::{self, ExportOptions};
    use workforce::options::FteSource;
    let mut b = Builder::council();
    // p1 starts on 4 Jan 2021 at 0.5 FTE and goes up to 0.8 on 1 Jul 2021 (one spell): the
    // census record has FTE 0.5 (on the start date) and FTE30 0.8. p2: 1.0 all year, both items.
    b.contract("c1", "p1", "A", 0.5, "2021-01-04", "2021-06-30")
        .contract("c2", "p1", "A", 0.8, "2021-07-01", "")
        .contract("c3", "p2", "B", 1.0, "2019-01-01", "");
    b.ds.people[0].swe_number = Some("SW100001".into());
    b.ds.people[1].swe_number = Some("SW100002".into());
    let wf = b.build();
    let mut eo = ExportOptions::new(d(YE), "839");
    eo.settings = Some(super::census_common::settings());
    let (ret, _) = census::build(&wf, &eo).unwrap();
    let fte = Options {
        fte_source_for_stock: FteSource::Fte,
        ..Options::default()
    };
    // FTE30: 0.8 + 1.0 = 1.8, the CSWW in-post FTE; FTE: 0.5 + 1.0 = 1.5.
    assert!((ret.totals().inpost_fte - 1.8).abs() < 1e-12);
    assert!((v(&csww(&wf, None, YE), "inpost_fte") - 1.8).abs() < 1e-12);
    assert!((ret.totals_with(&fte).inpost_fte - 1.5).abs() < 1e-12);
}

#[test]
fn monthly_sickness_rate_on_each_absence_basis() {
    // March 2021: 23 working days (no bank holiday; Good Friday fell on 2 April), 31 days.
    // p1 (1.0 FTE) all month, sick Monday 1 to Friday 5 March: 5 working (and calendar) days
    // lost. p2 (1.0 FTE) starts Monday 15 March: 13 working days and 17 calendar days in post.
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "p2", "A", 1.0, "2021-03-15", "")
        .sick("s1", "p1", "2021-03-01", "2021-03-05", None);
    let wf = b.build();
    let rate = |basis: AbsenceDenominator| {
        let o = Options {
            absence_denominator: basis,
            ..Options::default()
        };
        let t = wf
            .series(d("2021-03-01"), d("2021-03-31"), None, &Scope::Csww, &o)
            .unwrap();
        assert_eq!(t.num_rows(), 1);
        t.f64("sickness_rate", 0).unwrap()
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    // 5 ÷ (2.0 FTE at the month end × 23).
    close(rate(AbsenceDenominator::RefDateFte), 100.0 * 5.0 / 46.0);
    // 5 ÷ ((1.0 on 28 February + 2.0) / 2 × 23).
    close(rate(AbsenceDenominator::AverageFte), 100.0 * 5.0 / 34.5);
    // 5 ÷ (23 + 13).
    close(
        rate(AbsenceDenominator::PersonAvailableDays),
        100.0 * 5.0 / 36.0,
    );
    // 5 calendar days ÷ (31 + 17).
    close(rate(AbsenceDenominator::CalendarDays), 100.0 * 5.0 / 48.0);
}
