//! Agency compliance: the quarterly agency data and the cool-off check, worked by hand.

use workforce::model::ContractType;
use workforce::report::agency::{cool_off, cool_off_table, quarter_of, quarterly_return};
use workforce::Options;
use workforce_tests::{d, Builder};

fn set_type(b: &mut Builder, t: ContractType) {
    b.ds.contracts.last_mut().unwrap().contract_type = Some(t);
}

#[test]
fn cool_off_lists_agency_starts_within_three_months() {
    let mut b = Builder::council();
    // P1: leaves a permanent post on 31 March 2021, agency from 15 May 2021: 45 days. Listed.
    b.contract("c1", "P1", "A", 1.0, "2019-01-01", "2021-03-31");
    set_type(&mut b, ContractType::Permanent);
    b.agency("a1", "P1", "B", None, None, 1.0, "2021-05-15", "");
    // P2: leaves 31 January 2021, agency from 1 June 2021: four months. Not listed at 3.
    b.contract("c2", "P2", "A", 1.0, "2018-01-01", "2021-01-31");
    set_type(&mut b, ContractType::Permanent);
    b.agency("a2", "P2", "A", None, None, 1.0, "2021-06-01", "");
    // P3: a fixed-term contract ends; agency the next day. Not a permanent post: not listed.
    b.contract("c3", "P3", "A", 1.0, "2020-03-01", "2021-02-28");
    set_type(&mut b, ContractType::FixedTerm);
    b.agency("a3", "P3", "A", None, None, 1.0, "2021-03-01", "");
    // P4: moves from A to B without a break (one spell): never left. Not listed.
    b.contract("c4", "P4", "A", 1.0, "2019-01-01", "2021-02-28");
    b.contract("c4b", "P4", "B", 1.0, "2021-03-01", "");
    b.agency("a4", "P4", "A", None, None, 0.2, "2021-04-01", "2021-04-30");
    // P5: left 15 September 2020 (type not recorded), agency from 20 October 2020. Listed.
    b.contract("c5", "P5", "B", 0.8, "2017-01-01", "2020-09-15");
    b.agency("a5", "P5", "B", None, None, 1.0, "2020-10-20", "2021-03-31");
    // P6: left 30 June 2021, agency from 30 September 2021: exactly three months. Listed.
    b.contract("c6", "P6", "A", 1.0, "2016-01-01", "2021-06-30");
    set_type(&mut b, ContractType::Permanent);
    b.agency("a6", "P6", "A", None, None, 1.0, "2021-09-30", "");
    // P7: agency starts before the checked period: not listed.
    b.contract("c7", "P7", "A", 1.0, "2016-01-01", "2020-08-31");
    b.agency("a7", "P7", "A", None, None, 1.0, "2020-09-01", "");
    let wf = b.build();
    let o = Options::default();
    let (from, to) = (d("2020-10-01"), d("2021-09-30"));

    let cases = cool_off(&wf, from, to, 3, &o).unwrap();
    let got: Vec<(&str, String, String, i64)> = cases
        .iter()
        .map(|c| {
            (
                c.person_id.as_str(),
                c.left_date.to_string(),
                c.agency_start.to_string(),
                c.gap_days,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("P5", "2020-09-15".into(), "2020-10-20".into(), 35),
            ("P1", "2021-03-31".into(), "2021-05-15".into(), 45),
            ("P6", "2021-06-30".into(), "2021-09-30".into(), 92),
        ]
    );
    assert_eq!(cases[1].contract_id, "c1");
    assert_eq!(cases[1].agency_unit, "B");
    assert_eq!(cases[0].contract_type, None);

    // Six months catches P2 too.
    let six = cool_off(&wf, from, to, 6, &o).unwrap();
    assert_eq!(six.len(), 4);
    assert!(six.iter().any(|c| c.person_id == "P2" && c.gap_days == 121));

    let t = cool_off_table(&cases, 3, &o);
    assert_eq!(t.num_rows(), 3);
    assert!(t.to_csv().starts_with(
        "person_id,left_date,contract_id,left_unit,contract_type,assignment_id,agency,agency_unit,agency_start,gap_days\nP5,2020-09-15,c5,B,,a5,,B,2020-10-20,35\n"
    ));
    assert!(cool_off(&wf, to, from, 3, &o).is_err());
}

#[test]
fn quarterly_agency_data() {
    let mut b = Builder::council();
    b.contract("c1", "E1", "A", 1.0, "2019-01-01", "");
    b.contract("c2", "E2", "A", 1.0, "2019-01-01", "");
    b.contract("c3", "E3", "B", 1.0, "2019-01-01", "");
    // a1: A, 0.5 FTE from 4 January 2021: 270 days on 30 September, 38.6 weeks.
    b.agency("a1", "G1", "A", None, None, 0.5, "2021-01-04", "");
    // a2: B, from 1 January 2020: 639 days, 91.3 weeks.
    b.agency("a2", "G2", "B", None, None, 1.0, "2020-01-01", "");
    // a3: B, started and ended in the quarter.
    b.agency("a3", "G3", "B", None, None, 1.0, "2021-08-01", "2021-09-10");
    let wf = b.build();
    let q = quarterly_return(&wf, d("2021-08-15"), None, &Options::default()).unwrap();
    assert_eq!(
        quarter_of(d("2021-08-15")),
        (d("2021-07-01"), d("2021-09-30"))
    );
    assert_eq!(
        (q.quarter_start, q.quarter_end),
        (d("2021-07-01"), d("2021-09-30"))
    );

    let t = &q.by_team;
    let row = |id: &str| {
        (0..t.num_rows())
            .find(|&r| t.text("org_unit_id", r).as_deref() == Some(id))
            .unwrap()
    };
    let (la, a, bb) = (row("LA"), row("A"), row("B"));
    assert_eq!(t.f64("inpost_fte", la), Some(3.0));
    assert_eq!(t.f64("agency_fte", la), Some(1.5));
    assert!((t.f64("agency_rate_fte", la).unwrap() - 100.0 * 1.5 / 4.5).abs() < 1e-9);
    assert!((t.f64("agency_rate_fte", a).unwrap() - 20.0).abs() < 1e-9);
    assert!((t.f64("agency_rate_fte", bb).unwrap() - 50.0).abs() < 1e-9);
    assert_eq!(t.text("team", la).as_deref(), Some("false"));
    assert_eq!(t.text("team", a).as_deref(), Some("true"));

    // Lengths at the quarter end: a1 27-52 weeks, a2 over 52 weeks.
    let l = &q.lengths;
    let counts: Vec<f64> = (0..l.num_rows())
        .map(|r| l.f64("assignments", r).unwrap())
        .collect();
    assert_eq!(counts, [0.0, 1.0, 1.0]);
    assert_eq!(l.f64("fte", 1), Some(0.5));

    let asg = &q.assignments;
    assert_eq!(asg.num_rows(), 2);
    assert_eq!(asg.text("assignment_id", 0).as_deref(), Some("a1"));
    assert!((asg.f64("weeks", 0).unwrap() - 270.0 / 7.0).abs() < 1e-9);
    assert!((asg.f64("weeks", 1).unwrap() - 639.0 / 7.0).abs() < 1e-9);

    // Started and ended in the quarter: a3.
    assert_eq!(q.churn.num_rows(), 1);
    assert_eq!(q.churn.f64("started", 0), Some(1.0));
    assert_eq!(q.churn.f64("ended", 0), Some(1.0));
    assert_eq!(q.churn.f64("in_post_end", 0), Some(2.0));
}
