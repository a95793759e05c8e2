//! Stability, tenure, movers and conversions: hand-worked examples.

use workforce::hr::stability::*;
use workforce::model::ContractType;
use workforce::{Options, Scope};
use workforce_tests::{d, Builder};

fn o() -> Options {
    Options::default()
}

#[test]
fn spells_list_their_contracts() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2020-01-01", "2020-06-30")
        .contract("c2", "p1", "B", 0.5, "2020-07-01", "") // continues the spell
        .contract("c3", "p2", "A", 1.0, "2020-01-01", "2020-03-31")
        .contract("c4", "p2", "A", 1.0, "2020-05-01", ""); // a gap: a new spell
    let wf = b.build();
    let s = wf.spells(None, &Scope::Csww, &o()).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(
        (s[0].person_id.as_str(), s[0].records.len(), s[0].end),
        ("p1", 2, None)
    );
    assert_eq!(s[1].end, Some(d("2020-03-31")));
    // In team A alone, p1's spell ends on 30 June.
    let a = wf.spells(Some("A"), &Scope::Csww, &o()).unwrap();
    assert_eq!(a[0].end, Some(d("2020-06-30")));
    // With a grace of 31 days p2's gap is bridged.
    let g = Options {
        rejoin_grace_days: 31,
        ..o()
    };
    assert_eq!(wf.spells(None, &Scope::Csww, &g).unwrap().len(), 2);
}

#[test]
fn stability_index_headcount_and_fte() {
    // On 2020-09-30: p1 (1.0), p2 (0.5), p3 (0.8), p4 (1.0) in post. By 2021-09-30 p3 has
    // left, p4 moved from A to B (stays for LA, leaves A), p5 joined (not in the base).
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "")
        .contract("c2", "p2", "A", 0.5, "2019-01-01", "")
        .contract("c3", "p3", "B", 0.8, "2019-01-01", "2021-03-31")
        .contract("c4", "p4", "A", 1.0, "2019-01-01", "2021-01-31")
        .contract("c5", "p4", "B", 1.0, "2021-02-01", "")
        .contract("c6", "p5", "B", 1.0, "2021-01-01", "");
    let wf = b.build();
    let t = stability_index(&wf, None, d("2021-09-30"), None, true, &Scope::Csww, &o()).unwrap();
    assert_eq!(t.text("org_unit_id", 0).unwrap(), "LA");
    assert_eq!(t.text("period_start", 0).unwrap(), "2020-09-30");
    // LA: 3 of 4 stay; FTE (1 + 0.5 + 1) / 3.3.
    assert_eq!(t.f64("stability_headcount", 0), Some(75.0));
    assert!((t.f64("stability_fte", 0).unwrap() - 250.0 / 3.3).abs() < 1e-9);
    // A: base p1, p2, p4; p4 left A: 2 of 3; FTE 1.5 / 2.5.
    assert_eq!(t.text("org_unit_id", 1).unwrap(), "A");
    assert!((t.f64("stability_headcount", 1).unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert!((t.f64("stability_fte", 1).unwrap() - 60.0).abs() < 1e-9);
    // B: base p3 only, who left: 0%.
    assert_eq!(t.f64("stability_headcount", 2), Some(0.0));
}

#[test]
fn tenure_bands_and_leaver_time_in_post() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2021-03-01", "") // 0.58 years on 2021-09-30
        .contract("c2", "p2", "A", 0.5, "2019-09-30", "") // exactly 2 years → 2-5 band
        .contract("c3", "p3", "A", 1.0, "2008-01-01", "") // 13.7 years
        .contract("c4", "p4", "B", 1.0, "2020-01-01", "2020-12-31") // leaver, 366 days
        .contract("c5", "p5", "B", 1.0, "2016-01-01", "2021-06-30"); // leaver
    let wf = b.build();
    let t = tenure_bands(
        &wf,
        d("2021-09-30"),
        None,
        &Scope::Csww,
        &DEFAULT_TENURE_BANDS,
        &o(),
    )
    .unwrap();
    let hc: Vec<f64> = (0..5).map(|i| t.f64("headcount", i).unwrap()).collect();
    assert_eq!(hc, [1.0, 0.0, 1.0, 0.0, 1.0]);
    assert_eq!(t.text("band", 0).unwrap(), "0-1 years");
    assert_eq!(t.f64("fte", 2), Some(0.5));
    let l = leaver_time_in_post(
        &wf,
        d("2020-10-01"),
        d("2021-09-30"),
        None,
        false,
        &Scope::Csww,
        &o(),
    )
    .unwrap();
    assert_eq!(l.f64("leavers", 0), Some(2.0));
    let y4 = 366.0 / 365.25;
    let y5 = (d("2021-06-30") - d("2016-01-01")).num_days() as f64 / 365.25 + 1.0 / 365.25;
    assert!((l.f64("median_years", 0).unwrap() - (y4 + y5) / 2.0).abs() < 1e-12);
    assert!((l.f64("min_years", 0).unwrap() - y4).abs() < 1e-12);
}

#[test]
fn movers_and_conversions() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2019-01-01", "2021-01-31")
        .contract("c2", "p1", "B", 1.0, "2021-02-01", "") // team move
        .contract_full(
            "c3",
            "p2",
            "A",
            None,
            Some(5),
            1.0,
            "2019-01-01",
            "2021-03-31",
        )
        .contract_full("c4", "p2", "A", None, Some(3), 1.0, "2021-04-01", "") // promotion
        .contract("c5", "p3", "A", 1.0, "2019-01-01", "2021-03-31")
        .contract("c6", "p3", "A", 0.8, "2021-04-01", "") // FTE change only: no move
        .contract("c7", "p4", "A", 0.5, "2019-01-01", "")
        .contract("c8", "p4", "B", 0.5, "2021-05-01", ""); // concurrent second job: no move
                                                           // p5: agency until 2021-02-28, permanent from 2021-04-01 (gap 31 days).
    b.agency("a1", "p5", "A", None, None, 1.0, "2020-06-01", "2021-02-28")
        .contract("c9", "p5", "A", 1.0, "2021-04-01", "");
    // p6: agency ended 2020-01-31, employed 2021-06-01: outside a 90-day window.
    b.agency("a2", "p6", "B", None, None, 1.0, "2019-06-01", "2020-01-31")
        .contract("c10", "p6", "B", 1.0, "2021-06-01", "");
    // p7: agency then fixed-term: not a conversion to permanent.
    b.agency("a3", "p7", "B", None, None, 1.0, "2020-06-01", "2021-05-31")
        .contract("c11", "p7", "B", 1.0, "2021-06-01", "");
    b.ds.contracts.last_mut().unwrap().contract_type = Some(ContractType::FixedTerm);
    let wf = b.build();
    let (from, to) = (d("2020-10-01"), d("2021-09-30"));
    let m = internal_movers(&wf, from, to, None, &Scope::Csww, &o()).unwrap();
    assert_eq!(m.num_rows(), 2);
    assert_eq!(m.text("person_id", 0).unwrap(), "p1");
    assert_eq!(m.text("kind", 0).unwrap(), "team");
    assert_eq!(
        (
            m.text("from_unit", 0).unwrap(),
            m.text("to_unit", 0).unwrap()
        ),
        ("A".into(), "B".into())
    );
    assert_eq!(m.text("kind", 1).unwrap(), "role");
    assert_eq!(
        (m.f64("from_role", 1), m.f64("to_role", 1)),
        (Some(5.0), Some(3.0))
    );
    let c = agency_conversions(
        &wf,
        from,
        to,
        None,
        &Scope::Csww,
        DEFAULT_CONVERSION_WINDOW_DAYS,
        &o(),
    )
    .unwrap();
    assert_eq!(c.num_rows(), 1);
    assert_eq!(c.text("person_id", 0).unwrap(), "p5");
    assert_eq!(c.f64("gap_days", 0), Some(31.0));
}
