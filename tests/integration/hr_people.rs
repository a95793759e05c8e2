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
