//! Agency churn, cost and recruitment effect: hand-worked examples.

use workforce::hr::agency::{agency_churn, completed_lengths, Period};
use workforce::hr::cost::{agency_premium, monthly_cost, what_if_convert, CostOptions};
use workforce::hr::recruitment::recruitment_effect;
use workforce::model::ContractType;
use workforce::{Options, Scope};
use workforce_tests::{d, Builder};

fn close(a: Option<f64>, b: f64) {
    assert!((a.unwrap() - b).abs() < 1e-6, "{a:?} != {b}");
}

fn data() -> workforce::Workforce {
    let mut b = Builder::council();
    b.post("P1", "B", 1.0, "2020-01-01", "")
        .agency("a1", "p1", "A", None, None, 1.0, "2021-01-10", "2021-02-20")
        .agency("a2", "p2", "A", None, None, 1.0, "2020-06-01", "2021-01-31")
        .agency("a3", "p3", "B", Some("P1"), None, 0.5, "2021-02-01", "")
        .agency("a4", "p1", "A", None, None, 1.0, "2021-02-21", "2021-03-31")
        .contract_full("c1", "p5", "A", Some("P1"), Some(5), 1.0, "2021-01-01", "")
        .contract("c2", "p2", "A", 1.0, "2021-03-01", ""); // p2 converts
    b.ds.contracts[0].annual_pay = Some(36500.0);
    for (i, h) in [50.0, 45.0, 40.0, 50.0].into_iter().enumerate() {
        b.ds.agency_assignments[i].hourly_charge = Some(h);
    }
    b.build()
}

#[test]
fn churn_per_month_and_completed_lengths() {
    let wf = data();
    // Each assignment on its own first; merged below.
    let o = Options {
        agency_merge_consecutive: false,
        ..Options::default()
    };
    let t = agency_churn(
        &wf,
        d("2021-01-01"),
        d("2021-03-31"),
        Period::Month,
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 3);
    let col = |n: &str| (0..3).map(|i| t.f64(n, i).unwrap()).collect::<Vec<_>>();
    assert_eq!(col("started"), [1.0, 2.0, 0.0]);
    assert_eq!(col("ended"), [1.0, 1.0, 1.0]);
    assert_eq!(col("in_post_start"), [1.0, 1.0, 2.0]);
    assert_eq!(col("in_post_end"), [1.0, 2.0, 1.0]);
    assert_eq!(col("conversions"), [0.0, 0.0, 1.0]);
    close(t.f64("agency_turnover", 0), 100.0);
    close(t.f64("agency_turnover", 1), 100.0 / 1.5);
    close(t.f64("mean_completed_weeks", 0), 35.0);
    close(t.f64("mean_completed_weeks", 2), 39.0 / 7.0);
    // Merged: a1 and a4 are one engagement from 10 January to 31 March.
    let m = Options {
        agency_merge_consecutive: true,
        ..o.clone()
    };
    let t = agency_churn(
        &wf,
        d("2021-01-01"),
        d("2021-03-31"),
        Period::Quarter,
        None,
        &Scope::Csww,
        &m,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 1);
    assert_eq!(
        (t.f64("started", 0), t.f64("ended", 0)),
        (Some(2.0), Some(2.0))
    );
    let l = completed_lengths(
        &wf,
        d("2021-01-01"),
        d("2021-03-31"),
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    // a1 6 weeks and a4 5.6 weeks in 0-26; a2 35 weeks in 27-52; all 3 with median 6.
    assert_eq!(l.text("band", 0).unwrap(), "0-26 weeks");
    let n: Vec<f64> = (0..4).map(|i| l.f64("assignments", i).unwrap()).collect();
    assert_eq!(n, [2.0, 1.0, 0.0, 3.0]);
    close(l.f64("median_weeks", 3), 6.0);
}

#[test]
fn monthly_cost_premium_and_what_if() {
    let wf = data();
    let o = Options::default();
    let c = CostOptions::default();
    let t = monthly_cost(
        &wf,
        d("2021-02-01"),
        d("2021-02-28"),
        None,
        &Scope::Csww,
        &c,
        &o,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 1);
    close(t.f64("pay_bill", 0), 36500.0 / 12.0);
    // a1 20 days and a4 8 days at £50 × 37 h/week; a3 28 days at £40 × 0.5 × 37.
    close(
        t.f64("agency_spend", 0),
        50.0 * 37.0 * 28.0 / 7.0 + 40.0 * 0.5 * 37.0 * 4.0,
    );
    // March: c2 has no pay.
    let t = monthly_cost(
        &wf,
        d("2021-03-01"),
        d("2021-03-31"),
        None,
        &Scope::Csww,
        &c,
        &o,
    )
    .unwrap();
    assert_eq!(t.f64("contracts_without_pay", 0), Some(1.0));

    let date = d("2021-03-15");
    let year = 37.0 * 365.25 / 7.0;
    let p = agency_premium(&wf, date, None, &Scope::Csww, &c, &o).unwrap();
    assert_eq!(p.num_rows(), 2);
    let row = |id: &str| {
        (0..2)
            .find(|&i| p.text("assignment_id", i).unwrap() == id)
            .unwrap()
    };
    let (r3, r4) = (row("a3"), row("a4"));
    assert_eq!(p.text("comparator", r3).unwrap(), "post");
    close(p.f64("premium", r3), 40.0 * 0.5 * year - 18250.0);
    assert_eq!(p.text("comparator", r4).unwrap(), "role");
    close(p.f64("premium", r4), 50.0 * year - 36500.0);

    let w = what_if_convert(&wf, date, &["a4".into()], None, &Scope::Csww, &c, &o).unwrap();
    close(w.f64("saving_annual", 0), 50.0 * year - 36500.0);
    close(w.f64("agency_rate_fte_before", 0), 100.0 * 1.5 / 3.5);
    close(w.f64("agency_rate_fte_after", 0), 100.0 * 0.5 / 3.5);
    close(w.f64("agency_rate_fte_change", 0), -100.0 / 3.5);
    close(w.f64("agency_rate_headcount_after", 0), 25.0);
    let e = what_if_convert(&wf, date, &["a1".into()], None, &Scope::Csww, &c, &o).unwrap_err();
    assert!(e.is_invalid_argument());
}

#[test]
fn recruitment_change_by_role() {
    let mut b = Builder::council();
    let perm = Some(ContractType::Permanent);
    b.contract_full("c1", "p1", "A", None, Some(5), 1.0, "2019-01-01", "")
        .contract_full("c2", "p2", "A", None, Some(5), 1.0, "2019-01-01", "")
        .contract_full("c3", "p3", "A", None, Some(4), 0.5, "2019-01-01", "")
        .contract_full("c4", "p4", "B", None, Some(5), 1.0, "2021-06-01", "")
        .contract_full("c5", "p5", "B", None, Some(5), 1.0, "2021-07-01", "")
        .contract_full("c6", "p6", "B", None, Some(3), 1.0, "2021-02-01", "");
    for (i, t) in [perm, Some(ContractType::FixedTerm), None, perm, perm, perm]
        .into_iter()
        .enumerate()
    {
        b.ds.contracts[i].contract_type = t;
    }
    let wf = b.build();
    let o = Options::default();
    let t = recruitment_effect(&wf, d("2021-01-01"), d("2022-01-01"), None, true, &o).unwrap();
    assert_eq!(t.num_rows(), 7);
    assert_eq!(t.text("csww_role", 6).unwrap(), "total");
    assert_eq!(
        (t.f64("headcount_before", 6), t.f64("headcount_after", 6)),
        (Some(2.0), Some(5.0))
    );
    assert_eq!(t.f64("change_percent", 6), Some(150.0));
    assert_eq!(t.f64("change_percent", 4), Some(200.0)); // role 5: 1 → 3
    assert_eq!(t.f64("change_percent", 2), None); // role 3: 0 → 1
    assert_eq!(t.f64("fte_before", 6), Some(1.5));
    let t = recruitment_effect(&wf, d("2021-01-01"), d("2022-01-01"), None, false, &o).unwrap();
    assert_eq!(
        (t.f64("headcount_before", 6), t.f64("headcount_after", 6)),
        (Some(1.0), Some(4.0))
    );
}
