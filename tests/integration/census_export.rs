//! Census export: every collection year validates against its schema, the return's totals agree
//! with the CSWW summary, and incomplete records are reported, not dropped silently.

use super::census_common::{council, settings, xmllint};
use chrono::{TimeZone, Utc};
use workforce::census::{self, ExportOptions, Layout};
use workforce::{Options, Workforce};
use workforce_tests::{csww, d, Builder};

fn opts(year: i32) -> ExportOptions {
    let mut o = ExportOptions::new(d(&format!("{year}-09-30")), "839");
    o.settings = Some(settings());
    o.generated_at = Some(Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap());
    o
}

#[test]
fn every_year_validates_against_its_schema() {
    let wf = Workforce::new(council(1, 80)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for year in 2021..=2025 {
        let (xml, report) = census::export(&wf, &opts(year)).unwrap();
        assert!(report.records > 20, "{year}: {}", report.to_text());
        assert!(report.agency_records > 0, "{year}: no agency records");
        assert!(report.excluded.is_empty(), "{}", report.to_text());
        let layout = Layout::for_year(year).unwrap();
        assert!(xml.contains(&format!("<{}>", layout.la_element())));
        assert_eq!(xml.contains("<GenderCurrent>"), year <= 2023, "{year}");
        assert_eq!(xml.contains("<Sex>"), year >= 2024, "{year}");
        assert_eq!(xml.contains("<QualInst>"), year <= 2024, "{year}");
        assert_eq!(xml.contains("<CFKSSstatus>"), year <= 2024, "{year}");
        assert_eq!(xml.contains("<BaseSalary>"), year == 2025, "{year}");
        assert!(xml.contains("<ContractWeeks>"));
        assert!(xml.contains("<RoleEndDate>"));
        assert!(xml.contains("<Cases30>"));
        if let Some(res) = xmllint(year, &xml, tmp.path()) {
            res.unwrap_or_else(|e| panic!("{year}: xmllint rejected the export:\n{e}"));
        }
    }
}

#[test]
fn totals_agree_with_the_csww_summary() {
    for seed in 1..=6 {
        let wf = Workforce::new(council(seed, 60)).unwrap();
        for year in 2021..=2025 {
            let (ret, report) = census::build(&wf, &opts(year)).unwrap();
            assert!(report.excluded.is_empty());
            let t = ret.totals();
            let s = csww(&wf, None, &format!("{year}-09-30"));
            let f = |c: &str| s.f64(c, 0).unwrap();
            let ctx = format!("seed {seed}, year {year}");
            let close = |a: f64, b: f64, tol: f64, what: &str| {
                assert!(
                    (a - b).abs() <= tol,
                    "{ctx}: {what}: census {a} vs csww {b}"
                );
            };
            close(t.inpost_fte, f("inpost_fte"), 1e-9, "in post FTE");
            close(
                t.inpost_headcount,
                f("inpost_headcount"),
                0.0,
                "in post headcount",
            );
            close(
                t.starters_headcount,
                f("starters_headcount"),
                0.0,
                "starters",
            );
            close(t.leavers_fte, f("leavers_fte"), 1e-9, "leavers FTE");
            close(t.leavers_headcount, f("leavers_headcount"), 0.0, "leavers");
            close(t.agency_fte, f("agency_fte"), 1e-9, "agency FTE");
            close(
                t.agency_headcount,
                f("agency_headcount"),
                0.0,
                "agency headcount",
            );
            close(t.vacancy_fte, f("vacancy_fte"), 0.005, "vacancy FTE");
            close(
                t.agency_cover_fte,
                f("agency_cover_fte"),
                0.005,
                "agency cover FTE",
            );
            close(t.cases, f("cases"), 0.0, "cases");
            let n = ret.workers.len() as f64;
            close(
                t.working_days_lost,
                f("working_days_lost_fte"),
                0.005 * n,
                "working days lost",
            );
        }
    }
}

#[test]
fn element_order_follows_the_schema() {
    let wf = Workforce::new(council(3, 30)).unwrap();
    let (xml, _) = census::export(&wf, &opts(2022)).unwrap();
    let order = [
        "AgencyWorker",
        "SWENo",
        "FTE",
        "PersonBirthDate",
        "GenderCurrent",
        "Ethnicity",
        "QualInst",
        "QualLevel",
        "StepUpGrad",
        "OrgRole",
        "RoleStartDate",
        "StartOrigin",
        "RoleEndDate",
        "LeaverDestination",
        "ReasonLeave",
        "FTE30",
        "Cases30",
        "WorkingDaysLost",
        "ContractWeeks",
        "FrontlineGrad",
        "Absat30Sept",
        "ReasonAbsence",
        "CFKSSstatus",
    ];
    for rec in xml.split("<CSWWWorker>").skip(1) {
        let mut last = 0;
        for line in rec.lines() {
            let Some(name) = line
                .trim()
                .strip_prefix('<')
                .and_then(|l| l.split('>').next())
            else {
                continue;
            };
            if let Some(k) = order.iter().position(|o| *o == name) {
                assert!(k >= last, "{name} out of order in\n{rec}");
                last = k;
            }
        }
    }
}

#[test]
fn incomplete_records_are_listed_not_dropped() {
    let mut b = Builder::council();
    b.contract("c1", "ann", "A", 1.0, "2019-01-01", "")
        .contract("c2", "bob", "A", 0.5, "2019-01-01", "")
        .contract("c3", "cat", "B", 1.0, "2020-02-01", "2021-03-31")
        .agency("a1", "dan", "A", None, None, 1.0, "2021-01-04", "");
    for p in &mut b.ds.people {
        p.swe_number = Some(
            format!(
                "SW{}",
                1000 + p.person_id.len() * 7 + p.person_id.as_bytes()[0] as usize
            )
            .into(),
        );
    }
    b.ds.people[1].swe_number = None; // bob: cannot be submitted
    b.ds.people[0].date_of_birth = None; // ann: no DOB
    let wf = b.build();
    let (ret, report) = census::build(&wf, &opts(2021)).unwrap();
    let text = report.to_text();
    assert_eq!(report.excluded.len(), 1, "{text}");
    assert_eq!(report.excluded[0].person_id, "bob");
    assert!(report.excluded[0].items.contains(&"SWENo".to_string()));
    assert!(text.contains("bob"), "{text}");
    let ann = report
        .incomplete
        .iter()
        .find(|i| i.person_id == "ann")
        .expect("ann listed");
    assert!(ann.items.contains(&"PersonBirthDate".to_string()), "{text}");
    // cat left without a reason: listed with the leaver items.
    let cat = report
        .incomplete
        .iter()
        .find(|i| i.person_id == "cat")
        .unwrap();
    assert!(cat.items.contains(&"ReasonLeave".to_string()));
    assert_eq!(ret.workers.len(), 3); // ann, cat, dan
    assert_eq!(report.records, 3);
    // The incomplete return still validates (QualInst written empty).
    let xml = census::to_xml(&ret).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    if let Some(res) = xmllint(2021, &xml, tmp.path()) {
        res.unwrap();
    }
}

#[test]
fn thirtieth_september_leaver_is_a_leaver_not_in_post() {
    let mut b = Builder::council();
    b.contract("c1", "ann", "A", 0.8, "2019-01-01", "2021-09-30");
    b.ds.people[0].swe_number = Some("SW123456".into());
    let wf = b.build();
    let (ret, _) = census::build(&wf, &opts(2021)).unwrap();
    let w = &ret.workers[0];
    assert_eq!(w.role_end_date, Some(d("2021-09-30")));
    assert_eq!(w.fte30, None);
    assert_eq!(w.fte, Some(0.8));
    let t = ret.totals();
    assert_eq!((t.inpost_headcount, t.leavers_headcount), (0.0, 1.0));
}

#[test]
fn bad_arguments_are_refused() {
    let wf = Workforce::new(council(2, 10)).unwrap();
    let mut o = opts(2021);
    o.year_end = d("2021-08-31");
    assert!(census::build(&wf, &o).unwrap_err().is_invalid_argument());
    let o = opts(2026);
    assert!(census::build(&wf, &o).unwrap_err().is_invalid_argument());
    let mut o = opts(2021);
    o.la_code = "E06000058".into();
    assert!(census::build(&wf, &o).unwrap_err().is_invalid_argument());
    let mut o = opts(2025);
    o.settings = None;
    assert!(census::build(&wf, &o).unwrap_err().is_missing_data());
    let _ = Options::default();
}

/// §9 item 6: an absence reason left out of sickness is left out of `WorkingDaysLost`.
#[test]
fn excluded_sickness_reasons_leave_working_days_lost() {
    let mut b = Builder::council();
    b.contract("c1", "ann", "A", 1.0, "2019-01-01", "");
    b.ds.people[0].swe_number = Some("SW123456".into());
    // Two 5-working-day absences (Monday to Friday) in March 2021.
    b.sick("s1", "ann", "2021-03-01", "2021-03-05", None).sick(
        "s2",
        "ann",
        "2021-03-15",
        "2021-03-19",
        None,
    );
    b.ds.absences[0].reason = Some("flu".into());
    b.ds.absences[1].reason = Some("stress".into());
    let wf = b.build();
    let (ret, _) = census::build(&wf, &opts(2021)).unwrap();
    assert_eq!(ret.totals().working_days_lost, 10.0);
    let mut o = opts(2021);
    o.options = Options {
        sickness_excluded_reasons: vec!["stress".into()],
        ..Options::default()
    };
    let (ret, _) = census::build(&wf, &o).unwrap();
    assert_eq!(ret.totals().working_days_lost, 5.0);
}
