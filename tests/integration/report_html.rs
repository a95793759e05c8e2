//! The HTML report: self-contained, every chart present, comparators offline, input text
//! escaped, small numbers suppressed for publication.

use workforce::published::{comparators, ComparatorAggregate, ComparatorRequest, Measure};
use workforce::report::{self, bundled, html, safety::Suppression, ReportRequest};
use workforce::Workforce;
use workforce_tests::{d, Builder};

fn demo_report() -> report::Report {
    let wf = Workforce::new(workforce::generate::demo()).unwrap();
    let mut req = ReportRequest::new(d("2021-09-30"));
    req.la = Some("839".into());
    req.named = vec!["Dorset".into(), "Southampton".into()];
    req.la_note = Some("Compared as if it were BCP (839).".into());
    report::build(&wf, &req).unwrap()
}

#[test]
fn shipped_comparators_reproduce_the_scrutiny_table_offline() {
    let data = bundled::indicators();
    let nb = bundled::neighbours_2021();
    let mut req = ComparatorRequest::new("839", 2021);
    req.measures = vec![Measure::TurnoverRateFte];
    req.aggregates = ComparatorAggregate::ALL.to_vec();
    req.named = ["Dorset", "Hampshire", "Southampton", "Wiltshire"]
        .map(String::from)
        .to_vec();
    let t = comparators(&data, Some(&nb), &req).unwrap();
    let v: Vec<String> = (0..t.num_rows())
        .map(|r| format!("{:.1}", t.f64("turnover_rate_fte", r).unwrap()))
        .collect();
    // BCP, England, South West, SN median, mean, pooled, Dorset, Hampshire, Southampton, Wiltshire.
    assert_eq!(
        v,
        ["36.0", "15.4", "15.2", "12.9", "12.3", "13.1", "12.7", "16.0", "5.4", "16.6"]
    );
    assert!(bundled::neighbours_2025().neighbours("839").is_some());
    assert_eq!(
        bundled::neighbours_for_year(2025).model,
        "sn_model_2025_wide"
    );
}

#[test]
fn shipped_data_is_read_once_and_shared() {
    let first = bundled::shared_indicators();
    assert!(std::ptr::eq(first, bundled::shared_indicators()));
    assert_eq!(first.rows(), bundled::indicators().rows());
    assert_eq!(
        bundled::shared_neighbours_for_year(2021),
        &bundled::neighbours_2021()
    );
    assert_eq!(
        bundled::shared_neighbours_for_year(2025),
        &bundled::neighbours_2025()
    );
}

#[test]
fn demo_report_is_self_contained_with_every_chart() {
    let rep = demo_report();
    let h = html::render(&rep);
    assert!(h.starts_with("<!DOCTYPE html>"));
    for bad in ["<script", "<link", " src=", "url(", "@import"] {
        assert!(!h.contains(bad), "the report must not load anything: {bad}");
    }
    let charts = rep.charts().count();
    assert!(charts >= 8, "{charts} charts");
    assert_eq!(h.matches("<svg").count(), charts);
    for s in &rep.sections {
        assert!(
            h.contains(&format!("<section id=\"{}\">", s.id)),
            "{}",
            s.id
        );
    }
    for id in [
        "headline",
        "trends",
        "agency-teams",
        "agency-lengths",
        "vacancies",
        "sickness",
        "caseloads",
        "casework",
        "compliance",
        "data",
    ] {
        assert!(rep.sections.iter().any(|s| s.id == id), "{id}");
    }
    // Comparators: the demo's own figures first, then England's published 15.4.
    let c = &rep.table("comparators").unwrap().data.table;
    assert_eq!(c.text("source", 0).as_deref(), Some("supplied"));
    assert_eq!(c.text("comparator", 1).as_deref(), Some("England"));
    assert_eq!(c.f64("turnover_rate_fte", 1), Some(15.4));
    assert!(h.contains("Compared as if it were BCP (839)."));
    // The neighbours' figure in the summary is DfE's: their median (2021 turnover 12.9%).
    assert_eq!(
        c.text("comparator", 3).as_deref(),
        Some("Statistical neighbours (median)")
    );
    assert!(h.contains("The median of its statistical neighbours was 12.9%."));
    // The headline rates carry their numerators and denominators, as the library computes.
    let wf = Workforce::new(workforce::generate::demo()).unwrap();
    let csww = wf
        .csww(
            &[d("2021-09-30")],
            None,
            false,
            &workforce::Options::default(),
        )
        .unwrap();
    let f = &rep.table("headline").unwrap().data.table;
    assert_eq!(f.text("measure", 0).as_deref(), Some("turnover_rate_fte"));
    assert_eq!(f.f64("value", 0), csww.f64("turnover_rate_fte", 0));
    assert_eq!(f.f64("numerator", 0), csww.f64("leavers_fte", 0));
    assert_eq!(f.f64("denominator_value", 0), csww.f64("inpost_fte", 0));
    // Definitions, options and the as-of date are shown with each section.
    assert_eq!(
        h.matches("How these figures are calculated").count(),
        rep.sections.len()
    );
    assert!(h.contains("Options used"));
    assert!(h.contains(&format!("Records as of {}", rep.as_of)));
    assert!(h.contains("turnover_denominator"));
}

fn small_council(unit_name: &str) -> workforce::Workforce {
    let mut b = Builder::council();
    b.ds.org_units[1].name = unit_name.into();
    for i in 0..12 {
        b.contract(
            &format!("a{i}"),
            &format!("PA{i}"),
            "A",
            1.0,
            "2019-01-01",
            "",
        );
    }
    for i in 0..3 {
        b.contract(
            &format!("b{i}"),
            &format!("PB{i}"),
            "B",
            1.0,
            "2019-01-01",
            "",
        );
    }
    b.contract("left", "PL", "A", 1.0, "2019-01-01", "2021-03-31");
    b.agency("g1", "PL", "A", None, None, 1.0, "2021-05-01", "");
    b.agency("g2", "G2", "B", None, None, 1.0, "2020-05-01", "");
    b.post("p1", "A", 14.0, "2019-01-01", "");
    b.sick("s1", "PA1", "2021-02-01", "2021-02-05", None);
    b.build()
}

#[test]
fn input_text_is_escaped() {
    let wf = small_council("<script>alert(\"x\")</script>");
    let rep = report::build(&wf, &ReportRequest::new(d("2021-09-30"))).unwrap();
    let h = html::render(&rep);
    assert!(!h.contains("<script"));
    assert!(h.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    // Without an LA code the council is compared with England only, and says so.
    assert!(h.contains("compared with England only"));
    // Sections without their optional inputs explain why.
    assert!(h.contains("No case allocations were supplied"));
    assert!(h.contains("No employee relations cases were supplied"));
    // The cool-off case is listed in the internal report.
    let cool = &rep.table("cool_off").unwrap().data.table;
    assert_eq!(cool.num_rows(), 1);
    assert_eq!(cool.text("person_id", 0).as_deref(), Some("PL"));
}

#[test]
fn publication_suppresses_small_numbers_and_lists_no_people() {
    let wf = small_council("Team A");
    let mut req = ReportRequest::new(d("2021-09-30"));
    req.publication = Some(Suppression::default());
    let rep = report::build(&wf, &req).unwrap();
    let t = rep.table("agency_by_team").unwrap();
    let tb = &t.data.table;
    let col = tb
        .names()
        .iter()
        .position(|n| n == "inpost_headcount")
        .unwrap();
    // Team B has 3 people in post: suppressed, and team A (12) with it so that neither can be
    // worked out from the total (15).
    let b = (0..tb.num_rows())
        .find(|&r| tb.text("org_unit_id", r).as_deref() == Some("B"))
        .unwrap();
    let a = (0..tb.num_rows())
        .find(|&r| tb.text("org_unit_id", r).as_deref() == Some("A"))
        .unwrap();
    assert_eq!(t.data.symbol(col, b), Some("c"));
    assert_eq!(t.data.symbol(col, a), Some("c"));
    assert_eq!(t.data.symbol(col, 0), None);
    assert!(rep.table("cool_off").is_none());
    let h = html::render(&rep);
    assert!(h.contains("<td class=\"n supp\" title=\"suppressed\">c</td>"));
    assert!(h.contains("small numbers suppressed for publication"));
}
