//! Casework, pay across systems and leavers: hand-worked examples.

use workforce::hr::casework::er_cases;
use workforce::hr::leavers::{leavers_by, LeaverBy};
use workforce::hr::pay::pay_by_source;
use workforce::hr::stability::DEFAULT_TENURE_BANDS;
use workforce::model::{ErCase, ErCaseType};
use workforce::{Options, Scope};
use workforce_tests::{d, Builder};

#[test]
fn casework_by_type_and_status() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "p2", "A", 1.0, "2019-01-01", "")
        .contract_full("c3", "p3", "A", None, None, 1.0, "2019-01-01", ""); // not CSWW
    let case = |id: &str, p: &str, t: ErCaseType, o: &str, c: &str| ErCase {
        case_id: id.into(),
        person_id: p.into(),
        case_type: t,
        opened_date: d(o),
        closed_date: if c.is_empty() { None } else { Some(d(c)) },
        outcome: None,
    };
    let o = Options::default();
    let (from, to) = (d("2021-04-01"), d("2022-03-31"));
    assert!(er_cases(&b.build(), from, to, None, &Scope::Csww, &o)
        .unwrap_err()
        .is_missing_data());
    b.ds.er_cases = Some(vec![
        case(
            "e1",
            "p1",
            ErCaseType::LongTermAbsence,
            "2021-02-01",
            "2021-06-30",
        ), // open at start, closed
        case("e2", "p1", ErCaseType::Grievance, "2021-05-01", ""), // opened, open at end
        case(
            "e3",
            "p2",
            ErCaseType::Disciplinary,
            "2021-06-01",
            "2021-08-31",
        ), // opened and closed
        case(
            "e4",
            "p2",
            ErCaseType::Capability,
            "2020-01-01",
            "2021-03-31",
        ), // closed before
        case("e5", "p3", ErCaseType::Grievance, "2021-05-01", ""), // out of scope
    ]);
    let wf = b.build();
    let t = er_cases(&wf, from, to, None, &Scope::Csww, &o).unwrap();
    assert_eq!(t.num_rows(), 7);
    let row = |name: &str| {
        (0..7)
            .find(|&i| t.text("case_type", i).unwrap() == name)
            .unwrap()
    };
    let lta = row("long_term_absence");
    assert_eq!(
        (t.f64("open_at_start", lta), t.f64("closed", lta)),
        (Some(1.0), Some(1.0))
    );
    let g = row("grievance");
    assert_eq!(
        (t.f64("opened", g), t.f64("open_at_end", g)),
        (Some(1.0), Some(1.0))
    );
    assert_eq!(t.f64("active", row("capability")), Some(0.0));
    let tot = row("total");
    assert_eq!(t.f64("active", tot), Some(3.0));
    assert_eq!(t.f64("opened", tot), Some(2.0));
    // Whole workforce: p3's grievance counts too.
    let t = er_cases(&wf, from, to, None, &Scope::All, &o).unwrap();
    assert_eq!(t.f64("opened", 6), Some(3.0));
}

#[test]
fn pay_gap_between_systems() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "p2", "A", 1.0, "2019-01-01", "")
        .contract("c3", "p3", "B", 1.0, "2019-01-01", "")
        .contract("c4", "p4", "B", 1.0, "2019-01-01", "2020-12-31"); // left: not in post
    for (i, (sys, pay)) in [
        ("SAP", 40000.0),
        ("SAP", 42000.0),
        ("iTrent", 38000.0),
        ("iTrent", 99.0),
    ]
    .into_iter()
    .enumerate()
    {
        let c = &mut b.ds.contracts[i];
        c.title = Some("Social Worker".into());
        c.grade = Some("G9".into());
        c.source_system = Some(sys.into());
        c.annual_pay = Some(pay);
    }
    let t = pay_by_source(
        &b.build(),
        Some(d("2021-09-30")),
        None,
        &Scope::Csww,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.text("source_system", 0).unwrap(), "SAP");
    assert_eq!(t.f64("mean_pay", 0), Some(41000.0));
    assert_eq!(t.f64("mean_pay", 1), Some(38000.0));
    assert_eq!(t.f64("gap", 0), Some(3000.0));
    assert!((t.f64("gap_percent", 1).unwrap() - 300000.0 / 38000.0).abs() < 1e-9);
}

#[test]
fn leavers_by_reason_destination_team_and_service() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2020-06-01", "2021-03-31")
        .contract("c2", "p2", "A", 0.5, "2015-01-01", "2021-05-31")
        .contract("c3", "p3", "B", 1.0, "2018-01-01", "2021-06-30")
        .contract("c4", "p4", "B", 1.0, "2018-01-01", ""); // stays
    for (i, (r, dest)) in [(1, 1), (5, 6), (1, 3)].into_iter().enumerate() {
        b.ds.contracts[i].reason_leave = Some(r);
        b.ds.contracts[i].leaver_destination = Some(dest);
    }
    let wf = b.build();
    let o = Options::default();
    let (from, to) = (d("2020-10-01"), d("2021-09-30"));
    let t = leavers_by(
        &wf,
        from,
        to,
        None,
        &Scope::Csww,
        &[LeaverBy::Reason],
        &DEFAULT_TENURE_BANDS,
        &o,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.text("reason_leave", 0).unwrap(), "1 Resignation");
    assert_eq!(t.f64("leavers", 0), Some(2.0));
    assert!((t.f64("percent", 0).unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(t.f64("fte", 1), Some(0.5));
    let t = leavers_by(
        &wf,
        from,
        to,
        None,
        &Scope::Csww,
        &[LeaverBy::Team, LeaverBy::LengthOfService],
        &DEFAULT_TENURE_BANDS,
        &o,
    )
    .unwrap();
    // A: p1 under a year, p2 6.4 years (5-10); B: p3 3.5 years (2-5).
    let rows: Vec<(String, String)> = (0..t.num_rows())
        .map(|i| {
            (
                t.text("org_unit_id", i).unwrap(),
                t.text("length_of_service", i).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("A".into(), "0-1 years".into()),
            ("A".into(), "5-10 years".into()),
            ("B".into(), "2-5 years".into()),
        ]
    );
    let t = leavers_by(
        &wf,
        from,
        to,
        None,
        &Scope::Csww,
        &[LeaverBy::Destination],
        &DEFAULT_TENURE_BANDS,
        &o,
    )
    .unwrap();
    assert_eq!(
        t.text("leaver_destination", 1).unwrap(),
        "3 Agency or consultancy in social work (in England)"
    );
}

/// §9 item 11: voluntary versus crude turnover through the `leaver_categories` mapping.
#[test]
fn leavers_by_category_and_voluntary_turnover() {
    use workforce::options::TurnoverDenominator;
    let mut b = Builder::council();
    // Leavers in the year to 30 September 2021, with their ReasonLeave codes:
    // p1 1.0 FTE resignation (1), p2 0.5 FTE retired (5), p3 1.0 FTE moved within the
    // LA (7), p4 1.0 FTE no code.
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-03-31")
        .contract("c2", "p2", "A", 0.5, "2019-01-01", "2021-05-31")
        .contract("c3", "p3", "B", 1.0, "2019-01-01", "2021-06-30")
        .contract("c4", "p4", "B", 1.0, "2019-01-01", "2021-07-31");
    // Stayers: 4.5 FTE, 5 people in post at 30 September 2021.
    for (i, fte) in [1.0, 0.5, 1.0, 1.0, 1.0].into_iter().enumerate() {
        let (c, p) = (format!("s{i}"), format!("q{i}"));
        b.contract(&c, &p, "A", fte, "2019-01-01", "");
    }
    for (i, r) in [1, 5, 7].into_iter().enumerate() {
        b.ds.contracts[i].reason_leave = Some(r);
    }
    let wf = b.build();
    let (from, to) = (d("2020-10-01"), d("2021-09-30"));
    let run = |o: &Options| {
        leavers_by(
            &wf,
            from,
            to,
            None,
            &Scope::Csww,
            &[LeaverBy::Category],
            &DEFAULT_TENURE_BANDS,
            o,
        )
        .unwrap()
    };
    let close = |a: Option<f64>, b: f64| assert!((a.unwrap() - b).abs() < 1e-9, "{a:?} {b}");
    // Default mapping: 1 → voluntary, 5 → other, 7 → internal, no code → unknown; every
    // category has a row, in the order voluntary, involuntary, redundancy, internal, other,
    // unknown.
    let o = Options::default();
    let t = run(&o);
    let names: Vec<String> = (0..t.num_rows())
        .map(|i| t.text("leaver_category", i).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "voluntary",
            "involuntary",
            "redundancy",
            "internal",
            "other",
            "unknown"
        ]
    );
    let leavers: Vec<f64> = (0..6).map(|i| t.f64("leavers", i).unwrap()).collect();
    assert_eq!(leavers, [1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    // Voluntary turnover = voluntary leavers ÷ the turnover denominator (end stock):
    // FTE 1.0 / 4.5 = 22.2%, headcount 1 / 5 = 20%.
    close(t.f64("turnover_rate_fte", 0), 100.0 / 4.5);
    close(t.f64("turnover_rate_headcount", 0), 20.0);
    // Retired (other): 0.5 / 4.5 FTE.
    close(t.f64("turnover_rate_fte", 4), 50.0 / 4.5);
    close(t.f64("turnover_rate_fte", 1), 0.0);
    // The rows add up to the crude turnover rate: 3.5 / 4.5 FTE, 4 / 5 headcount, as the
    // CSWW figure.
    let crude: f64 = (0..6).map(|i| t.f64("turnover_rate_fte", i).unwrap()).sum();
    close(Some(crude), 350.0 / 4.5);
    let csww = workforce_tests::csww(&wf, None, "2021-09-30");
    close(csww.f64("turnover_rate_fte", 0), crude);
    close(csww.f64("turnover_rate_headcount", 0), 80.0);

    // Retirement counted as voluntary: (1.0 + 0.5) / 4.5 = 33.3% FTE, 2 / 5 = 40% headcount.
    let o = Options::from_json(
        r#"{"leaver_categories": {"1": "voluntary", "5": "voluntary", "7": "internal"}}"#,
    )
    .unwrap();
    let t = run(&o);
    close(t.f64("turnover_rate_fte", 0), 150.0 / 4.5);
    close(t.f64("turnover_rate_headcount", 0), 40.0);
    assert_eq!(t.f64("leavers", 4), Some(0.0)); // nothing left under other
    assert_eq!(t.f64("leavers", 5), Some(1.0)); // p4 (no code)

    // The denominator follows turnover_denominator: average of 30 September 2020 (9 people,
    // 8.0 FTE) and 2021 (5 people, 4.5 FTE) = 6.25 FTE, 7 people; voluntary 1.0 / 6.25 = 16%,
    // 1 / 7 = 14.3%.
    let o = Options {
        turnover_denominator: TurnoverDenominator::AverageStartEnd,
        ..Options::default()
    };
    let t = run(&o);
    close(t.f64("turnover_rate_fte", 0), 16.0);
    close(t.f64("turnover_rate_headcount", 0), 100.0 / 7.0);

    // Crossed with another breakdown only the categories present get rows.
    let t = leavers_by(
        &wf,
        from,
        to,
        None,
        &Scope::Csww,
        &[LeaverBy::Category, LeaverBy::Team],
        &DEFAULT_TENURE_BANDS,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(t.num_rows(), 4);
}
