//! Reading census XML back: the shared samples, both element orders and LA-level names, the
//! round trip export → read → same key figures, and refusal of XML attacks.

use super::census_common::{council, settings};
use chrono::{TimeZone, Utc};
use workforce::census::{self, ExportOptions, Limits};
use workforce::io::{read_dir, write_dir, LoadOptions};
use workforce::Workforce;
use workforce_tests::{csww, d, shared};

fn opts(year: i32) -> ExportOptions {
    let mut o = ExportOptions::new(d(&format!("{year}-09-30")), "839");
    o.settings = Some(settings());
    o.generated_at = Some(Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap());
    o
}

#[test]
fn reads_the_thirty_worker_sample() {
    let ret = census::read_file(&shared().join("spec/csww_2022.xml")).unwrap();
    assert_eq!(ret.year(), Some(2022));
    assert_eq!(ret.header.lea.as_deref(), Some("301"));
    assert_eq!(ret.la_level.vacancies_fte, 79.68);
    assert_eq!(ret.la_level.agency_cover_fte, 59.82);
    assert_eq!(ret.la_level.agency_cover_headcount, 71);
    assert_eq!(ret.workers.len(), 30);
    let w = &ret.workers[0];
    assert!(w.agency);
    assert_eq!(w.swe_no, "Oz2054309383");
    assert_eq!(w.fte, Some(0.521371));
    assert_eq!(w.cases30, Some(72));
    assert_eq!(w.contract_weeks, vec![288.7]);
    assert_eq!(w.reason_absence, vec!["TRN".to_string()]);
    // Into the canonical model: one person per SWE number, contracts and assignments.
    let (ds, notes) = census::to_dataset(&ret);
    assert_eq!(ds.contracts.len() + ds.agency_assignments.len(), 30);
    assert!(!ds.people.is_empty());
    assert!(
        !notes.is_empty(),
        "the sample has records without OrgRole or start date"
    );
    let wf = Workforce::new(ds).unwrap();
    let s = csww(&wf, None, "2022-09-30");
    assert!((s.f64("vacancy_fte", 0).unwrap() - 79.68).abs() < 1e-9);
}

#[test]
fn reads_the_one_worker_sample_with_every_item() {
    let ret = census::read_file(&shared().join("spec/social_work_workforce_2022.xml")).unwrap();
    assert_eq!(ret.workers.len(), 1);
    let w = &ret.workers[0];
    assert_eq!(w.qual_inst, vec!["Institution Name".to_string()]);
    assert_eq!(w.qual_level, Some(1));
    assert_eq!(w.org_role, Some(3));
    assert_eq!(w.role_start_date, Some(d("1988-04-07")));
    assert_eq!(w.role_end_date, Some(d("1990-04-07")));
    assert_eq!((w.leaver_destination, w.reason_leave), (Some(1), Some(2)));
    assert_eq!(w.fte30, Some(0.123456));
    assert_eq!(w.working_days_lost, Some(15.31));
    assert_eq!(w.frontline_grad, Some(true));
    assert_eq!(w.absent_30_sept, vec![false]);
    assert_eq!(w.cfkss_status, vec![1]);
    assert_eq!(w.gender, Some(census::Gender::Male));
    let (ds, _) = census::to_dataset(&ret);
    assert_eq!(
        ds.people[0].qualification_institution.as_deref(),
        Some("Institution Name")
    );
    Workforce::new(ds).unwrap();
}

/// Reverse the order of the items inside each worker record.
fn reverse_items(xml: &str) -> String {
    let mut out = String::new();
    let mut items: Vec<&str> = Vec::new();
    let mut inside = false;
    for line in xml.lines() {
        match line.trim() {
            "<CSWWWorker>" => {
                inside = true;
                out.push_str(line);
                out.push('\n');
            }
            "</CSWWWorker>" => {
                inside = false;
                for i in items.drain(..).rev() {
                    out.push_str(i);
                    out.push('\n');
                }
                out.push_str(line);
                out.push('\n');
            }
            _ if inside => items.push(line),
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn accepts_any_element_order_and_both_la_level_names() {
    let wf = Workforce::new(council(4, 40)).unwrap();
    for year in [2022, 2025] {
        let (xml, _) = census::export(&wf, &opts(year)).unwrap();
        let straight = census::parse(&xml).unwrap();
        let reversed = census::parse(&reverse_items(&xml)).unwrap();
        // Repeated items (none repeat here but ContractWeeks) keep their relative order.
        assert_eq!(straight.workers.len(), reversed.workers.len());
        for (a, b) in straight.workers.iter().zip(&reversed.workers) {
            let mut b = b.clone();
            b.contract_weeks.reverse();
            assert_eq!(a, &b);
        }
        let renamed = if year == 2025 {
            xml.replace("LALevel>", "LALevelVacancies>")
        } else {
            xml.replace("LALevelVacancies>", "LALevel>")
        };
        assert_ne!(renamed, xml);
        assert_eq!(census::parse(&renamed).unwrap(), straight);
    }
}

#[test]
fn round_trip_keeps_the_key_figures() {
    for (seed, year) in [(1, 2021), (2, 2023), (5, 2024), (6, 2025)] {
        let wf = Workforce::new(council(seed, 60)).unwrap();
        let (ret, _) = census::build(&wf, &opts(year)).unwrap();
        let xml = census::to_xml(&ret).unwrap();
        let back = census::parse(&xml).unwrap();
        // The return itself survives the file.
        assert_eq!(back.header, ret.header);
        assert_eq!(back.la_level, ret.la_level);
        let mut mine = ret.workers.clone();
        for w in &mut mine {
            w.person_id = None;
            if year >= 2025 {
                w.qual_inst.clear();
                w.cfkss_status.clear();
            }
        }
        assert_eq!(back.workers, mine);
        assert_eq!(back.totals(), ret.totals());

        // And so do the figures of the canonical data read back from it.
        let (ds, _notes) = census::to_dataset(&back);
        let tmp = tempfile::tempdir().unwrap();
        write_dir(&ds, tmp.path()).unwrap();
        let (ds2, load) = read_dir(tmp.path(), &LoadOptions::default()).unwrap();
        assert!(load.rejections.is_empty(), "{load:?}");
        let wf2 = Workforce::new(ds2).unwrap();
        let ye = format!("{year}-09-30");
        let (a, b) = (csww(&wf, None, &ye), csww(&wf2, None, &ye));
        for col in [
            "inpost_fte",
            "inpost_headcount",
            "starters_headcount",
            "leavers_fte",
            "leavers_headcount",
            "agency_fte",
            "agency_headcount",
            "cases",
        ] {
            let (x, y) = (a.f64(col, 0).unwrap(), b.f64(col, 0).unwrap());
            assert!((x - y).abs() < 1e-6, "{year} {col}: {x} vs read back {y}");
        }
        let (x, y) = (
            a.f64("vacancy_fte", 0).unwrap(),
            b.f64("vacancy_fte", 0).unwrap(),
        );
        assert!((x - y).abs() < 0.005, "{year} vacancy_fte: {x} vs {y}");
        let (x, y) = (
            a.f64("working_days_lost_fte", 0).unwrap(),
            b.f64("working_days_lost_fte", 0).unwrap(),
        );
        assert!(
            (x - y).abs() < 0.005 * ret.workers.len() as f64,
            "{year} days lost: {x} vs {y}"
        );
        // Exporting the read-back data gives the same return (agency cover aside: the file
        // does not say which agency workers cover vacancies).
        let (again, _) = census::build(&wf2, &opts(year)).unwrap();
        let (t1, t2) = (ret.totals(), again.totals());
        assert_eq!(t1.inpost_headcount, t2.inpost_headcount);
        assert_eq!(t1.leavers_headcount, t2.leavers_headcount);
        assert_eq!(t1.agency_headcount, t2.agency_headcount);
        assert_eq!(t1.agency_cover_headcount, t2.agency_cover_headcount);
        assert!((t1.vacancy_fte - t2.vacancy_fte).abs() < 1e-9);
    }
}

#[test]
fn refuses_external_entities() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Message><LALevelVacancies><NumberOfVacancies>1.00</NumberOfVacancies>
<NoAgencyFTE>0.00</NoAgencyFTE><NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>
<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>&xxe;</SWENo></CSWWWorker></Message>"#;
    let e = census::parse(xxe).unwrap_err();
    assert!(e.is_invalid_data());
    assert!(e.message().contains("DOCTYPE"), "{e}");
    // Without the DOCTYPE the reference is to an undeclared entity: refused too.
    let no_dtd = xxe.replace(
        r#"<!DOCTYPE Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>"#,
        "",
    );
    assert!(census::parse(&no_dtd).unwrap_err().is_invalid_data());
}

#[test]
fn refuses_billion_laughs() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc += &format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10));
    }
    doc += "]>\n<Message><CSWWWorker><SWENo>&lol9;</SWENo></CSWWWorker></Message>";
    let e = census::parse(&doc).unwrap_err();
    assert!(e.message().contains("DOCTYPE"), "{e}");
}

#[test]
fn bounds_size_and_depth() {
    let wf = Workforce::new(council(2, 20)).unwrap();
    let (xml, _) = census::export(&wf, &opts(2023)).unwrap();
    let small = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let e = census::parse_with_limits(&xml, &small).unwrap_err();
    assert!(e.message().contains("limit"), "{e}");
    let deep = format!(
        "<Message>{}{}</Message>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    let e = census::parse(&deep).unwrap_err();
    assert!(e.message().contains("deeper"), "{e}");
    assert!(census::parse("<Other/>").is_err());
    assert!(census::parse("<Message><CSWWWorker>").is_err());
    assert!(census::parse("not xml at all").is_err());
    let bad_fte = xml.replacen("<FTE>", "<FTE>x", 1);
    let e = census::parse(&bad_fte).unwrap_err();
    assert!(e.message().contains("worker record 1"), "{e}");
}

#[test]
fn totals_count_agency_records_and_take_fte30_for_stocks() {
    // Two agency records with one SWE number (two assignments) count as two agency workers;
    // two employee records with one SWE number (and the same date of birth, gender and
    // ethnicity) are one in-post person. Stocks take FTE30,
    // leavers FTE.
    let w =
        |agency: bool, swe: &str, fte: f64, fte30: Option<f64>, end: Option<&str>| census::Worker {
            agency,
            swe_no: swe.into(),
            fte: Some(fte),
            fte30,
            role_start_date: Some(d("2019-01-01")),
            role_end_date: end.map(d),
            ..census::Worker::default()
        };
    let ret = census::CensusReturn {
        header: census::Header {
            year: Some(2022),
            reference_date: Some(d("2022-09-30")),
            lea: None,
            software_code: None,
            date_time: None,
        },
        la_level: census::LaLevel::default(),
        workers: vec![
            w(true, "SW0000000001", 0.5, Some(0.5), None),
            w(true, "SW0000000001", 0.4, Some(0.4), None),
            w(true, "SW0000000002", 1.0, Some(1.0), Some("2022-09-30")), // ended: not a stock
            w(false, "SW0000000003", 0.6, Some(0.8), None),
            w(false, "SW0000000003", 0.2, Some(0.2), None),
            w(false, "SW0000000004", 0.7, Some(0.9), Some("2022-06-30")),
        ],
    };
    let t = ret.totals();
    assert_eq!(t.agency_headcount, 2.0);
    assert!((t.agency_fte - 0.9).abs() < 1e-12);
    assert_eq!(t.inpost_headcount, 1.0);
    // FTE30 for the in-post records (0.8 + 0.2), FTE for the leaver (0.7).
    assert!((t.inpost_fte - 1.0).abs() < 1e-12);
    assert!((t.leavers_fte - 0.7).abs() < 1e-12);
    assert_eq!(t.leavers_headcount, 1.0);
    // DfE's key includes the date of birth: the same SWE number with two dates of birth is
    // two people.
    let mut ret = ret;
    ret.workers[4].birth_date = Some(d("1980-01-01"));
    assert_eq!(ret.totals().inpost_headcount, 2.0);
}

/// §9 item 8: `fte_source_for_stock` picks the census item for stocks on 30 September.
#[test]
fn fte_source_for_stock_chooses_fte30_or_fte() {
    use workforce::options::FteSource;
    use workforce::Options;
    let w = |rec: u32, agency: bool, fte: Option<f64>, fte30: Option<f64>, end: Option<&str>| {
        census::Worker {
            agency,
            swe_no: format!("SW{rec:010}"),
            fte,
            fte30,
            org_role: Some(5),
            role_start_date: Some(d("2019-01-01")),
            role_end_date: end.map(d),
            ..census::Worker::default()
        }
    };
    let ret = census::CensusReturn {
        header: census::Header {
            year: Some(2022),
            reference_date: Some(d("2022-09-30")),
            lea: None,
            software_code: None,
            date_time: None,
        },
        la_level: census::LaLevel::default(),
        workers: vec![
            w(1, true, Some(0.5), Some(0.4), None), // agency: FTE30 0.4, FTE 0.5
            w(2, true, Some(1.0), None, None),      // agency: FTE only, 1.0
            w(3, false, Some(0.6), Some(0.8), None), // in post: FTE30 0.8, FTE 0.6
            w(4, false, Some(1.0), None, None),     // in post: FTE only, 1.0
            w(5, false, None, Some(0.7), None),     // in post: FTE30 only, 0.7
            w(6, false, Some(0.9), None, Some("2022-06-30")), // leaver: FTE 0.9
        ],
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-12, "{a} != {b}");
    let fte = Options {
        fte_source_for_stock: FteSource::Fte,
        ..Options::default()
    };
    // Default FTE30 (FTE when missing): in post 0.8 + 1.0 + 0.7 = 2.5, agency 0.4 + 1.0 = 1.4.
    let t = ret.totals();
    assert_eq!(t, ret.totals_with(&Options::default()));
    close(t.inpost_fte, 2.5);
    close(t.agency_fte, 1.4);
    close(t.leavers_fte, 0.9);
    // FTE (FTE30 when missing): in post 0.6 + 1.0 + 0.7 = 2.3, agency 0.5 + 1.0 = 1.5; the
    // leavers keep FTE, 0.9.
    let t = ret.totals_with(&fte);
    close(t.inpost_fte, 2.3);
    close(t.agency_fte, 1.5);
    close(t.leavers_fte, 0.9);
    // The data set a return describes follows the same choice.
    let summary = |o: &Options| {
        let (ds, _) = census::to_dataset_with(&ret, o);
        csww(&Workforce::new(ds).unwrap(), None, "2022-09-30")
    };
    let s = summary(&Options::default());
    close(s.f64("inpost_fte", 0).unwrap(), 2.5);
    close(s.f64("agency_fte", 0).unwrap(), 1.4);
    let s = summary(&fte);
    close(s.f64("inpost_fte", 0).unwrap(), 2.3);
    close(s.f64("agency_fte", 0).unwrap(), 1.5);
    close(s.f64("leavers_fte", 0).unwrap(), 0.9);
}
