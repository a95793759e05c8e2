//! Reading and writing the canonical folder: the good fixture, round trips, encodings,
//! optional files, header errors, strict mode and in-memory checks.

use super::io_common::*;
use std::fs;
use workforce::io::{self, check, read_dir, write_dir, LoadOptions};
use workforce::model::*;
use workforce::{Date, ErrorKind};
use workforce_tests::fixture;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn good_fixture_loads_clean() {
    let (ds, report) = load(&fixture("io_good"));
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.files.len(), 10);
    let counts: Vec<(bool, u64)> = report
        .files
        .iter()
        .map(|f| (f.present, f.rows_read))
        .collect();
    assert_eq!(
        counts,
        [
            (true, 5),
            (true, 5),
            (true, 4),
            (true, 5),
            (true, 3),
            (true, 4),
            (true, 2),
            (true, 4),
            (true, 2),
            (true, 3)
        ]
    );
    assert_eq!(ds.org_units[1].parent_id.as_deref(), Some("C"));
    assert_eq!(ds.org_units[0].parent_id, None);
    let p2 = &ds.people[1];
    assert_eq!(p2.date_of_birth, Some(d("1990-11-30")));
    assert_eq!(p2.step_up_graduate, Some(true));
    assert_eq!(p2.qualification_institution, None);
    assert_eq!(p2.cfkss_status, None);
    let c1 = &ds.contracts[0];
    assert_eq!(c1.fte, 1.0);
    assert_eq!(c1.end_date, Some(d("2021-09-30")));
    assert_eq!(c1.contract_type, Some(ContractType::Permanent));
    assert_eq!(
        (c1.reason_leave, c1.start_origin, c1.leaver_destination),
        (Some(3), Some(2), Some(4))
    );
    assert_eq!(c1.annual_pay, Some(38500.5));
    assert_eq!(ds.contracts[3].post_id, None);
    assert_eq!(ds.contracts[4].csww_role, None);
    let a1 = &ds.agency_assignments[0];
    assert_eq!(a1.cover_reason, Some(CoverReason::Vacancy));
    assert_eq!(a1.planned_end_date, Some(d("2021-02-04")));
    assert_eq!(a1.hourly_charge, Some(42.5));
    assert_eq!(ds.absences[1].absence_type, AbsenceType::Maternity);
    assert_eq!(ds.absences[0].working_days_lost, Some(5.0));
    assert_eq!(
        ds.er_cases.as_ref().unwrap()[0].case_type,
        ErCaseType::LongTermAbsence
    );
    assert_eq!(ds.case_allocations.as_ref().unwrap().len(), 4);
    assert_eq!(
        ds.care_periods.as_ref().unwrap()[1].end_date,
        Some(d("2021-12-31"))
    );
    assert_eq!(ds.bank_holidays.as_ref().unwrap()[1], d("2021-04-02"));
}

#[test]
fn round_trip_gives_an_equal_dataset_and_identical_files() {
    let (ds, _) = load(&fixture("io_good"));
    let a = tempfile::tempdir().unwrap();
    write_dir(&ds, a.path()).unwrap();
    let (back, report) = load(a.path());
    assert!(report.is_clean(), "{report}");
    assert_eq!(back, ds);
    // Deterministic, and written in the contract's column order.
    let b = tempfile::tempdir().unwrap();
    write_dir(&back, &b.path().join("nested")).unwrap();
    for name in io::FILES {
        let x = fs::read(a.path().join(name)).unwrap();
        let y = fs::read(b.path().join("nested").join(name)).unwrap();
        assert_eq!(x, y, "{name}");
        let header = String::from_utf8(x)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert_eq!(header, io::columns(name).unwrap().join(","), "{name}");
    }
}

#[test]
fn round_trip_of_awkward_values() {
    let ds = Dataset {
        org_units: vec![OrgUnit {
            org_unit_id: "U,1".into(),
            name: "Quote \"MASH\"\nteam".into(),
            parent_id: None,
            kind: Some("tëam".into()),
        }],
        people: vec![Person {
            person_id: "P1".into(),
            ..Person::default()
        }],
        posts: vec![],
        contracts: vec![Contract {
            contract_id: "C1".into(),
            person_id: "P1".into(),
            org_unit_id: "U,1".into(),
            post_id: None,
            title: None,
            job_family: None,
            csww_role: Some(5),
            fte: 0.1 + 0.2,
            start_date: d("2000-02-29"),
            end_date: None,
            contract_type: None,
            reason_leave: None,
            start_origin: None,
            leaver_destination: None,
            grade: None,
            annual_pay: Some(1e-7),
            source_system: None,
        }],
        agency_assignments: vec![],
        absences: vec![],
        er_cases: None,
        case_allocations: Some(vec![]),
        care_periods: None,
        bank_holidays: None,
    };
    let dir = tempfile::tempdir().unwrap();
    write_dir(&ds, dir.path()).unwrap();
    assert!(!dir.path().join("er_cases.csv").exists());
    assert!(dir.path().join("case_allocations.csv").exists());
    let (back, report) = load(dir.path());
    assert!(report.is_clean(), "{report}");
    assert_eq!(back, ds);
}

#[test]
fn utf8_bom_and_crlf_are_accepted() {
    let dir = copy_fixture("io_good");
    for name in ["people.csv", "contracts.csv"] {
        let p = dir.path().join(name);
        let text = fs::read_to_string(&p).unwrap().replace('\n', "\r\n");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.as_bytes());
        fs::write(&p, bytes).unwrap();
    }
    let (ds, report) = load(dir.path());
    assert!(report.is_clean(), "{report}");
    assert_eq!(ds, load(&fixture("io_good")).0);
}

#[test]
fn cells_are_trimmed_quotes_honoured_and_extra_columns_ignored() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "org_units.csv", |l| {
        l[0].push_str(",cost_centre");
        for line in l.iter_mut().skip(1) {
            line.push_str(",CC9");
        }
        l[4] = "  T1 ,\"  MASH, front door \",S,  team  ,CC9".into();
    });
    let (ds, report) = load(dir.path());
    assert!(report.is_clean(), "{report}");
    let t1 = &ds.org_units[3];
    assert_eq!(t1.org_unit_id, "T1");
    assert_eq!(t1.name, "MASH, front door");
    assert_eq!(t1.kind.as_deref(), Some("team"));
}

#[test]
fn columns_may_come_in_any_order() {
    let dir = copy_fixture("io_good");
    fs::write(
        dir.path().join("care_periods.csv"),
        "end_date,child_id,start_date\n,CH9,2020-01-01\n",
    )
    .unwrap();
    let (ds, _) = load(dir.path());
    let cp = &ds.care_periods.unwrap()[0];
    assert_eq!(
        (cp.child_id.as_str(), cp.start_date, cp.end_date),
        ("CH9", d("2020-01-01"), None)
    );
}

#[test]
fn missing_optional_files_are_none() {
    let dir = copy_fixture("io_good");
    for name in [
        "er_cases.csv",
        "case_allocations.csv",
        "care_periods.csv",
        "bank_holidays.csv",
    ] {
        fs::remove_file(dir.path().join(name)).unwrap();
    }
    let (ds, report) = load(dir.path());
    assert!(report.is_clean(), "{report}");
    assert!(ds.er_cases.is_none() && ds.case_allocations.is_none());
    assert!(ds.care_periods.is_none() && ds.bank_holidays.is_none());
    let f = report.file("bank_holidays.csv").unwrap();
    assert!(!f.present);
    assert_eq!(f.rows_read, 0);
    assert!(report.to_string().contains("bank_holidays.csv: absent"));
}

#[test]
fn an_empty_optional_file_with_header_is_some_empty() {
    let dir = copy_fixture("io_good");
    fs::write(dir.path().join("bank_holidays.csv"), "date\n").unwrap();
    let (ds, _) = load(dir.path());
    assert_eq!(ds.bank_holidays, Some(vec![]));
}

#[test]
fn missing_required_file_is_an_error_naming_it() {
    let dir = copy_fixture("io_good");
    fs::remove_file(dir.path().join("absences.csv")).unwrap();
    let e = read_dir(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert_eq!(e.file(), Some("absences.csv"));
    assert!(e.to_string().contains("absences.csv"), "{e}");
}

#[test]
fn missing_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_dir(&dir.path().join("nope"), &LoadOptions::default()).unwrap_err();
    assert!(e.is_io(), "{e}");
}

#[test]
fn missing_required_column_is_an_error_naming_file_and_column() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "posts.csv", |l| {
        for line in l.iter_mut() {
            let mut f: Vec<&str> = line.split(',').collect();
            f.remove(5); // fte
            *line = f.join(",");
        }
    });
    let e = read_dir(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    assert_eq!(
        (e.file(), e.column(), e.row()),
        (Some("posts.csv"), Some("fte"), Some(1))
    );
    assert!(e.message().contains("required column fte"), "{e}");
    assert!(
        e.message().contains(
            "(the header has: post_id, org_unit_id, title, job_family, csww_role, start_date"
        ),
        "{e}"
    );
    assert!(!e.message().contains("UTF-8"), "{e}");
}

#[test]
fn a_header_not_in_utf8_is_named_as_such() {
    let dir = copy_fixture("io_good");
    let path = dir.path().join("posts.csv");
    let text = std::fs::read(&path).unwrap();
    let bad = [b"post\xe9id".as_slice(), &text[b"post_id".len()..]].concat();
    std::fs::write(&path, bad).unwrap();
    let e = read_dir(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!((e.file(), e.column()), (Some("posts.csv"), Some("post_id")));
    assert!(
        e.message()
            .contains("the header has: post\u{FFFD}id, org_unit_id"),
        "{e}"
    );
    assert!(e.message().contains("not valid UTF-8"), "{e}");
}

#[test]
fn missing_optional_column_reads_as_none() {
    let dir = copy_fixture("io_good");
    fs::write(
        dir.path().join("org_units.csv"),
        "org_unit_id,name\nC,Council\nD,Directorate\nS,Service\nT1,MASH\nT2,Assessment\n",
    )
    .unwrap();
    let (ds, report) = load(dir.path());
    assert!(report.is_clean(), "{report}");
    assert!(ds
        .org_units
        .iter()
        .all(|u| u.parent_id.is_none() && u.kind.is_none()));
}

#[test]
fn duplicated_contract_column_is_an_error() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "bank_holidays.csv", |l| {
        for line in l.iter_mut() {
            *line = format!("{line},{line}");
        }
    });
    let e = read_dir(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!(
        (e.file(), e.column()),
        (Some("bank_holidays.csv"), Some("date"))
    );
}

#[test]
fn empty_file_is_a_missing_column_error() {
    let dir = copy_fixture("io_good");
    fs::write(dir.path().join("people.csv"), "").unwrap();
    let e = read_dir(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_eq!(
        (e.file(), e.column()),
        (Some("people.csv"), Some("person_id"))
    );
}

#[test]
fn strict_mode_fails_on_the_first_rejection_with_its_location() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "contracts.csv", |l| set(l, 3, "fte", "0"));
    edit(dir.path(), "absences.csv", |l| {
        set(l, 2, "start_date", "bad")
    });
    let e = read_dir(dir.path(), &LoadOptions { strict: true }).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    let loc = e.location();
    assert_eq!(loc.file.as_deref(), Some("contracts.csv"));
    assert_eq!(loc.row, Some(4));
    assert_eq!(loc.column.as_deref(), Some("fte"));
    assert_eq!(loc.value.as_deref(), Some("0"));
    assert_eq!(e.message(), "fte must be greater than 0");
    // Not strict: both rows are reported, in file order.
    let (_, report) = load(dir.path());
    let at: Vec<(&str, u64)> = report
        .rejections
        .iter()
        .map(|i| (i.file.as_str(), i.row))
        .collect();
    assert_eq!(at, [("contracts.csv", 4), ("absences.csv", 3)]);
}

#[test]
fn strict_mode_passes_clean_data() {
    let (ds, report) = read_dir(&fixture("io_good"), &LoadOptions { strict: true }).unwrap();
    assert!(report.rejections.is_empty());
    assert_eq!(ds.people.len(), 5);
}

#[test]
fn report_tables_and_display() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "contracts.csv", |l| {
        set(l, 1, "fte", "1.5");
        set(l, 2, "csww_role", "9");
    });
    let (_, report) = load(dir.path());
    assert!(!report.is_clean());
    let s = report.summary_table();
    assert_eq!(
        s.names(),
        [
            "file",
            "present",
            "rows_read",
            "rows_accepted",
            "rows_rejected",
            "warnings"
        ]
    );
    assert_eq!(s.num_rows(), 10);
    assert_eq!(s.text("file", 3).unwrap(), "contracts.csv");
    assert_eq!(s.f64("rows_read", 3), Some(5.0));
    assert_eq!(s.f64("rows_accepted", 3), Some(4.0));
    assert_eq!(s.f64("rows_rejected", 3), Some(1.0));
    assert_eq!(s.f64("warnings", 3), Some(1.0));
    let r = report.rejections_table();
    assert_eq!(r.names(), ["file", "row", "column", "value", "reason"]);
    assert_eq!(r.text("value", 0).unwrap(), "9");
    assert_eq!(r.f64("row", 0), Some(3.0));
    let w = report.warnings_table();
    assert_eq!(w.text("column", 0).unwrap(), "fte");
    assert_eq!(w.f64("row", 0), Some(2.0));
    let text = report.to_string();
    assert!(
        text.contains("contracts.csv: 5 rows read, 4 accepted, 1 rejected"),
        "{text}"
    );
    assert!(
        text.contains("rejected: contracts.csv, row 3, column csww_role, value \"9\""),
        "{text}"
    );
    assert!(
        text.contains("warning: contracts.csv, row 2, column fte"),
        "{text}"
    );
}

#[test]
fn check_validates_in_memory_records_by_position() {
    let (mut ds, _) = load(&fixture("io_good"));
    let (same, report) = check(ds.clone());
    assert!(report.is_clean(), "{report}");
    assert_eq!(same, ds);

    ds.contracts[1].fte = f64::NAN;
    ds.contracts[2].person_id = "nobody".into();
    ds.posts[0].end_date = Some(d("2000-01-01"));
    ds.people[3].swe_number = Some("12345".into());
    let n_contracts = ds.contracts.len() as u64;
    let (out, report) = check(ds);
    assert_invariant(&report);
    let got: Vec<(&str, u64, &str)> = report
        .rejections
        .iter()
        .map(|i| (i.file.as_str(), i.row, i.column.as_str()))
        .collect();
    // Posts first (contract order); the contract naming rejected post PO1 goes too.
    assert_eq!(
        got,
        [
            ("posts.csv", 1, "end_date"),
            ("contracts.csv", 1, "post_id"),
            ("contracts.csv", 2, "fte"),
            ("contracts.csv", 3, "person_id"),
        ],
        "{report}"
    );
    assert!(report.rejections[1].reason.contains("rejected"), "{report}");
    let f = report.file("contracts.csv").unwrap();
    assert_eq!(
        (f.rows_read, f.rows_accepted),
        (n_contracts, n_contracts - 3)
    );
    assert_eq!(out.contracts.len() as u64, n_contracts - 3);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(
        (report.warnings[0].file.as_str(), report.warnings[0].row),
        ("people.csv", 4)
    );
}

#[test]
fn check_rejects_empty_required_strings() {
    let (mut ds, _) = load(&fixture("io_good"));
    ds.org_units[4].name = " ".into();
    let (_, report) = check(ds);
    let i = &report.rejections[0];
    assert_eq!(
        (i.file.as_str(), i.row, i.column.as_str()),
        ("org_units.csv", 5, "name")
    );
    assert_eq!(report.file("org_units.csv").unwrap().rows_rejected, 1);
}

#[test]
fn many_rows_load_with_their_line_numbers() {
    // More rows than the reader samples before sizing its vectors.
    let dir = copy_fixture("io_good");
    edit(dir.path(), "case_allocations.csv", |l| {
        for i in 0..10_000 {
            l.push(format!("K{i},P{},2020-01-01,", 1 + i % 4));
        }
        l.push("K,P1,2020-01-02,2020-01-01".into());
    });
    let (ds, report) = load(dir.path());
    assert_eq!(ds.case_allocations.unwrap().len(), 10_004);
    let bad = &report.rejections[0];
    assert_eq!((bad.row, bad.column.as_str()), (10_006, "end_date"));
}

#[test]
fn an_unusual_but_valid_folder_gives_the_hand_worked_figures() {
    // Only required columns plus `csww_role`, `post_id` and `end_date`, in other orders; a BOM,
    // CRLF line ends, quoted cells with commas, quotes and a line break; ids with spaces and
    // punctuation; the team listed before its parent; header-only absences; no optional
    // files but the case allocations.
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    put(
        "org_units.csv",
        "\u{feff}name,org_unit_id,parent_id\r\n\"Team, A\",\"T \"\"A\"\"\",LA\r\nCouncil,LA,\r\n",
    );
    put("people.csv", "person_id\r\n\"p 1\"\r\np/2\r\np3\r\nw1\r\n");
    put(
        "posts.csv",
        "post_id,org_unit_id,fte,start_date,csww_role\nP1,\"T \"\"A\"\"\",1,2019-01-01,5\n\
         P2,\"T \"\"A\"\"\",1,2019-01-01,5\n",
    );
    put(
        "contracts.csv",
        "start_date,contract_id,person_id,org_unit_id,title,fte,end_date,csww_role,post_id\r\n\
         2019-01-01,c1,\"p 1\",\"T \"\"A\"\"\",\"Senior\r\nSW, \"\"lead\"\"\",0.6,,5,P1\r\n\
         2019-01-01,c2,p/2,LA,,1,2021-06-30,5,\r\n\
         \r\n\
         2021-01-04,c3,p3,\"T \"\"A\"\"\",,1,,4,P2\r\n",
    );
    put(
        "agency_assignments.csv",
        "assignment_id,person_id,org_unit_id,fte,start_date,csww_role\na1,w1,\"T \"\"A\"\"\",0.5,2021-02-01,5\n",
    );
    put(
        "absences.csv",
        "absence_id,person_id,absence_type,start_date\n",
    );
    put(
        "case_allocations.csv",
        "child_id,person_id,start_date\nk1,\"p 1\",2021-01-01\nk2,w1,2021-01-01\nk3,p3,2021-01-01\n",
    );
    let (wf, report) = io::open_dir(dir.path(), &LoadOptions::default()).unwrap();
    assert!(report.is_clean(), "{report}");
    let t = wf
        .csww(
            &[d("2021-09-30")],
            None,
            true,
            &workforce::Options::default(),
        )
        .unwrap();
    assert_eq!(t.text("org_unit_id", 0).unwrap(), "LA");
    assert_eq!(t.text("org_unit_id", 1).unwrap(), "T \"A\"");
    let v = |col: &str, row: usize| t.f64(col, row);
    // Council: in post c1 0.6 + c3 1.0; starter c3 (1.0); leaver c2 (1.0): 1 / 1.6.
    assert_eq!(v("inpost_fte", 0), Some(1.6));
    assert_eq!(v("inpost_headcount", 0), Some(2.0));
    assert_eq!(v("starters_fte", 0), Some(1.0));
    assert_eq!(v("leavers_fte", 0), Some(1.0));
    assert_eq!(v("turnover_rate_fte", 0), Some(62.5));
    // Agency 0.5 / (0.5 + 1.6); a1 names no post and gives no reason: no cover.
    assert_eq!(v("agency_fte", 0), Some(0.5));
    assert!((v("agency_rate_fte", 0).unwrap() - 100.0 * 0.5 / 2.1).abs() < 1e-12);
    assert_eq!(v("agency_cover_rate_fte", 0), Some(0.0));
    // Vacancy: P1 1 − 0.6; P2 filled by c3.
    assert!((v("vacancy_fte", 0).unwrap() - 0.4).abs() < 1e-12);
    // Cases: one each for p 1, w1 and p3; holders 0.6 + 0.5 + 1.0.
    assert_eq!(v("cases", 0), Some(3.0));
    assert!((v("case_holders_fte", 0).unwrap() - 2.1).abs() < 1e-12);
    assert_eq!(v("working_days_lost_fte", 0), Some(0.0));
    assert_eq!(v("absence_rate_fte", 0), Some(0.0));
    // The team: c2 is the council's, so no leaver; the rest as above.
    assert_eq!(v("inpost_fte", 1), Some(1.6));
    assert_eq!(v("leavers_headcount", 1), Some(0.0));
    assert_eq!(v("turnover_rate_fte", 1), Some(0.0));
}
