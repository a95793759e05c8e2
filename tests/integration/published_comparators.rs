//! Comparator tables against the BCP scrutiny report (metrics.md §0, §1.2).

use workforce::options::{round, Rounding};
use workforce::published::{
    comparators, ComparatorAggregate, ComparatorRequest, Indicators, Measure, Neighbours,
    OwnFigures,
};
use workforce::table::{Column, Display, Table};

fn dfe(name: &str) -> std::path::PathBuf {
    workforce_tests::shared().join("data/dfe_csww").join(name)
}

fn indicators() -> Indicators {
    Indicators::read(dfe("csww_indicators_2017_to_2025.csv")).unwrap()
}

fn sn2021() -> Neighbours {
    Neighbours::read(dfe("New_Statistical_Neighbour_Groupings_April_2021.csv")).unwrap()
}

fn r1(x: Option<f64>) -> f64 {
    round(x.expect("value present"), 1, Rounding::HalfAwayFromZero)
}

fn row_of(t: &Table, label: &str) -> usize {
    let c = t.column("comparator").unwrap();
    (0..t.num_rows())
        .find(|&i| c.text_at(i) == label)
        .unwrap_or_else(|| panic!("no row {label:?} in\n{}", t.to_csv()))
}

#[test]
fn scrutiny_report_turnover_table() {
    let data = indicators();
    let sn = sn2021();
    let mut req = ComparatorRequest::new("839", 2021);
    req.named = vec![
        "Dorset".into(),
        "Hampshire".into(),
        "Southampton".into(),
        "Wiltshire".into(),
    ];
    let t = comparators(&data, Some(&sn), &req).unwrap();
    let m = "turnover_rate_fte";
    let get = |label: &str| r1(t.f64(m, row_of(&t, label)));
    assert_eq!(get("Bournemouth, Christchurch and Poole"), 36.0);
    assert_eq!(get("England"), 15.4);
    assert_eq!(get("South West"), 15.2);
    assert_eq!(get("Statistical neighbours (mean)"), 12.3);
    assert_eq!(get("Statistical neighbours (median)"), 12.9);
    assert_eq!(get("Statistical neighbours (pooled)"), 13.1);
    // DfE's median comes first of the three (metrics.md §9 item 12).
    assert_eq!(
        t.text("comparator", 3).as_deref(),
        Some("Statistical neighbours (median)")
    );
    assert_eq!(get("Dorset"), 12.7);
    assert_eq!(get("Hampshire"), 16.0);
    assert_eq!(get("Southampton"), 5.4);
    assert_eq!(get("Wiltshire"), 16.6);
    // All ten 2021 neighbours have a 2021 turnover figure.
    let sn_row = row_of(&t, "Statistical neighbours (mean)");
    assert_eq!(t.f64("turnover_rate_fte_n", sn_row), Some(10.0));
}

#[test]
fn single_aggregate_and_own_figures() {
    let data = indicators();
    let sn = sn2021();
    let own = Table::new()
        .with(
            "unit",
            Column::Str(vec![Some("BCP".into())]),
            Display::Plain,
        )
        .with(
            "turnover_rate_fte",
            Column::Float(vec![Some(35.25)]),
            Display::OneDp,
        );
    let mut req = ComparatorRequest::new("Bournemouth, Christchurch and Poole", 2021);
    req.aggregates = vec![ComparatorAggregate::Mean];
    req.measures = vec![Measure::TurnoverRateFte, Measure::AgencyRateFte];
    req.own = Some(OwnFigures::from_table_row(&own, 0, "BCP (own data)").unwrap());
    let t = comparators(&data, Some(&sn), &req).unwrap();
    assert_eq!(t.num_rows(), 4, "{}", t.to_csv());
    assert_eq!(t.text("comparator", 0).unwrap(), "BCP (own data)");
    assert_eq!(t.text("source", 0).unwrap(), "supplied");
    assert_eq!(t.f64("turnover_rate_fte", 0), Some(35.25));
    assert_eq!(t.f64("agency_rate_fte", 0), None);
    assert_eq!(
        t.text("comparator", 3).unwrap(),
        "Statistical neighbours (mean)"
    );
    assert_eq!(r1(t.f64("turnover_rate_fte", 3)), 12.3);
    let opts: serde_json::Value = serde_json::from_str(&t.options_json).unwrap();
    assert_eq!(opts["comparator_aggregate"][0], "mean");
    assert_eq!(opts["neighbours"].as_array().unwrap().len(), 10);
    assert!(OwnFigures::from_table_row(&own, 1, "x")
        .unwrap_err()
        .is_invalid_argument());
}

#[test]
fn sn_2025_model_and_joint_returns() {
    let data = indicators();
    let sn = Neighbours::read(dfe("sn_model_2025_wide.csv")).unwrap();
    let mut req = ComparatorRequest::new("839", 2024);
    req.named = vec!["Richmond upon Thames".into(), "E06000062".into()];
    let t = comparators(&data, Some(&sn), &req).unwrap();
    let sn_row = row_of(&t, "Statistical neighbours (median)");
    assert_eq!(t.f64("turnover_rate_fte_n", sn_row), Some(10.0));
    // Joint returns are listed under their compound codes.
    let c = t.column("code").unwrap();
    let codes: Vec<String> = (0..t.num_rows()).map(|i| c.text_at(i)).collect();
    assert!(codes.contains(&"314 / 318".to_string()), "{codes:?}");
    assert!(codes.contains(&"940 / 941".to_string()), "{codes:?}");
}

#[test]
fn joint_return_neighbours_count_once() {
    // Richmond (318) is a 2021 neighbour of Kingston (314), but both are the joint row
    // `314 / 318`: the council's own row is not one of its neighbours, so 9 remain.
    let data = indicators();
    let sn = sn2021();
    let list = sn.neighbours("314").unwrap();
    assert!(list.iter().any(|(c, _)| c == "318"));
    let req = ComparatorRequest::new("314", 2021);
    let t = comparators(&data, Some(&sn), &req).unwrap();
    assert_eq!(t.text("code", 0).unwrap(), "314 / 318");
    let row = row_of(&t, "Statistical neighbours (mean)");
    assert_eq!(t.f64("turnover_rate_fte_n", row), Some(9.0));
}

#[test]
fn unknown_council_and_bad_options_are_errors() {
    let data = indicators();
    let sn = sn2021();
    let e = comparators(&data, Some(&sn), &ComparatorRequest::new("999", 2021)).unwrap_err();
    assert!(e.is_invalid_argument(), "{e}");
    let e = comparators(&data, Some(&sn), &ComparatorRequest::new("839", 2016)).unwrap_err();
    assert!(e.is_missing_data(), "{e}");
    let mut req = ComparatorRequest::new("839", 2021);
    req.named = vec!["Atlantis".into()];
    assert!(comparators(&data, Some(&sn), &req)
        .unwrap_err()
        .is_invalid_argument());
    assert!(ComparatorAggregate::parse("mode").is_err());
    assert_eq!(
        ComparatorAggregate::parse(" Pooled ").unwrap(),
        ComparatorAggregate::Pooled
    );
}
