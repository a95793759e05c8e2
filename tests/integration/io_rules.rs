//! One bad input per validation rule of the reader: each asserts file, row, column and reason.

use super::io_common::*;

// ---- row shape and cell syntax ----

#[test]
fn wrong_field_count() {
    rejects(
        "contracts.csv",
        |l| l[2] = l[2].rsplit_once(',').unwrap().0.to_string(),
        3,
        "",
        "expected 17 fields, found 16",
    );
}

#[test]
fn too_many_fields() {
    rejects(
        "people.csv",
        |l| l[1].push_str(",x"),
        2,
        "",
        "expected 10 fields, found 11",
    );
}

#[test]
fn bad_date_format() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "start_date", "07/01/2019"),
        2,
        "start_date",
        "not a valid date in YYYY-MM-DD form",
    );
}

#[test]
fn impossible_calendar_date() {
    rejects(
        "people.csv",
        |l| set(l, 2, "date_of_birth", "1990-02-30"),
        3,
        "date_of_birth",
        "not a valid date",
    );
}

#[test]
fn bad_number() {
    rejects(
        "posts.csv",
        |l| set(l, 1, "fte", "full"),
        2,
        "fte",
        "not a number",
    );
}

#[test]
fn bad_optional_number() {
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "hourly_charge", "£42"),
        2,
        "hourly_charge",
        "not a number",
    );
}

#[test]
fn negative_money() {
    rejects(
        "contracts.csv",
        |l| set(l, 2, "annual_pay", "-1"),
        3,
        "annual_pay",
        "0 or more",
    );
}

#[test]
fn negative_working_days_lost() {
    rejects(
        "absences.csv",
        |l| set(l, 1, "working_days_lost", "-2"),
        2,
        "working_days_lost",
        "0 or more",
    );
}

#[test]
fn fte_zero() {
    let (_, r) = rejects(
        "contracts.csv",
        |l| set(l, 4, "fte", "0.0"),
        5,
        "fte",
        "greater than 0",
    );
    assert_eq!(r.rejections[0].value, "0.0");
}

#[test]
fn fte_negative() {
    rejects(
        "agency_assignments.csv",
        |l| set(l, 2, "fte", "-0.5"),
        3,
        "fte",
        "greater than 0",
    );
}

#[test]
fn fte_not_finite() {
    rejects("posts.csv", |l| set(l, 3, "fte", "NaN"), 4, "fte", "finite");
    rejects(
        "contracts.csv",
        |l| set(l, 3, "fte", "inf"),
        4,
        "fte",
        "finite",
    );
}

#[test]
fn fte_missing() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "fte", ""),
        2,
        "fte",
        "required value is missing",
    );
}

#[test]
fn required_value_missing() {
    rejects(
        "contracts.csv",
        |l| set(l, 5, "person_id", "  "),
        6,
        "person_id",
        "required value is missing",
    );
}

#[test]
fn required_date_missing() {
    rejects(
        "absences.csv",
        |l| set(l, 4, "start_date", ""),
        5,
        "start_date",
        "missing",
    );
}

#[test]
fn bad_boolean() {
    rejects(
        "people.csv",
        |l| set(l, 1, "step_up_graduate", "yes"),
        2,
        "step_up_graduate",
        "must be true or false",
    );
}

#[test]
fn uppercase_boolean_is_bad() {
    rejects(
        "people.csv",
        |l| set(l, 3, "frontline_graduate", "TRUE"),
        4,
        "frontline_graduate",
        "true or false",
    );
}

#[test]
fn invalid_utf8() {
    let dir = copy_fixture("io_good");
    let p = file(dir.path(), "org_units.csv");
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.extend(b"T3,Bad \xff name,S,team\n");
    std::fs::write(&p, bytes).unwrap();
    let (_, r) = load(dir.path());
    assert_eq!(r.rejections.len(), 1);
    let i = &r.rejections[0];
    assert_eq!(
        (i.file.as_str(), i.row, i.column.as_str()),
        ("org_units.csv", 7, "name")
    );
    assert!(i.reason.contains("UTF-8"));
}

// ---- codes ----

#[test]
fn csww_role_out_of_range() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "csww_role", "7"),
        2,
        "csww_role",
        "from 1 to 6",
    );
    rejects(
        "posts.csv",
        |l| set(l, 1, "csww_role", "0"),
        2,
        "csww_role",
        "from 1 to 6",
    );
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "csww_role", "5.0"),
        2,
        "csww_role",
        "from 1 to 6",
    );
}

#[test]
fn reason_leave_out_of_range() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "reason_leave", "11"),
        2,
        "reason_leave",
        "from 1 to 10",
    );
}

#[test]
fn start_origin_out_of_range() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "start_origin", "0"),
        2,
        "start_origin",
        "from 1 to 10",
    );
}

#[test]
fn leaver_destination_out_of_range() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "leaver_destination", "10"),
        2,
        "leaver_destination",
        "from 1 to 9",
    );
}

#[test]
fn qualification_level_out_of_range() {
    rejects(
        "people.csv",
        |l| set(l, 1, "qualification_level", "4"),
        2,
        "qualification_level",
        "from 1 to 3",
    );
}

#[test]
fn cfkss_status_out_of_range() {
    rejects(
        "people.csv",
        |l| set(l, 1, "cfkss_status", "5"),
        2,
        "cfkss_status",
        "from 1 to 4",
    );
}

// ---- enums ----

#[test]
fn bad_absence_type() {
    rejects(
        "absences.csv",
        |l| set(l, 1, "absence_type", "Sickness"),
        2,
        "absence_type",
        "must be one of sickness,",
    );
}

#[test]
fn bad_contract_type() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "contract_type", "temporary"),
        2,
        "contract_type",
        "must be one of permanent, fixed_term, casual, secondment",
    );
}

#[test]
fn bad_cover_reason() {
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "cover_reason", "backfill"),
        2,
        "cover_reason",
        "must be one of vacancy, absence, additional",
    );
}

#[test]
fn bad_case_type() {
    rejects(
        "er_cases.csv",
        |l| set(l, 1, "case_type", "misconduct"),
        2,
        "case_type",
        "must be one of",
    );
}

// ---- date order ----

#[test]
fn contract_end_before_start() {
    rejects(
        "contracts.csv",
        |l| set(l, 1, "end_date", "2019-01-06"),
        2,
        "end_date",
        "end_date is before start_date 2019-01-07",
    );
}

#[test]
fn end_equal_to_start_is_fine() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "contracts.csv", |l| {
        set(l, 1, "end_date", "2019-01-07")
    });
    assert!(load(dir.path()).1.rejections.is_empty());
}

#[test]
fn post_end_before_start() {
    rejects(
        "posts.csv",
        |l| set(l, 3, "end_date", "2019-03-31"),
        4,
        "end_date",
        "before start_date",
    );
}

#[test]
fn agency_end_before_start() {
    rejects(
        "agency_assignments.csv",
        |l| set(l, 3, "end_date", "2018-12-31"),
        4,
        "end_date",
        "before start_date",
    );
}

#[test]
fn absence_end_before_start() {
    rejects(
        "absences.csv",
        |l| set(l, 1, "end_date", "2020-01-05"),
        2,
        "end_date",
        "before start_date",
    );
}

#[test]
fn er_case_closed_before_opened() {
    rejects(
        "er_cases.csv",
        |l| set(l, 1, "closed_date", "2020-01-31"),
        2,
        "closed_date",
        "closed_date is before opened_date 2020-02-01",
    );
}

#[test]
fn case_allocation_end_before_start() {
    rejects(
        "case_allocations.csv",
        |l| set(l, 1, "end_date", "2019-12-31"),
        2,
        "end_date",
        "before start_date",
    );
}

#[test]
fn care_period_end_before_start() {
    rejects(
        "care_periods.csv",
        |l| set(l, 2, "end_date", "2020-12-31"),
        3,
        "end_date",
        "before start_date",
    );
}

// ---- duplicates ----

#[test]
fn duplicate_contract_id() {
    let (ds, _) = rejects(
        "contracts.csv",
        |l| set(l, 3, "contract_id", "C1"),
        4,
        "contract_id",
        "duplicate contract_id (first on row 2)",
    );
    assert_eq!(
        ds.contracts
            .iter()
            .filter(|c| c.contract_id == "C1")
            .count(),
        1
    );
    assert_eq!(ds.contracts[0].person_id, "P1");
}

#[test]
fn duplicate_ids_in_every_id_file() {
    rejects(
        "org_units.csv",
        |l| l.push("T2,Other,S,".into()),
        7,
        "org_unit_id",
        "duplicate",
    );
    rejects(
        "people.csv",
        |l| l.push("P1,,,,,,,,,".into()),
        7,
        "person_id",
        "duplicate",
    );
    rejects(
        "posts.csv",
        |l| l.push("PO1,T2,,,,1,2020-01-01,,".into()),
        6,
        "post_id",
        "duplicate post_id (first on row 2)",
    );
    rejects(
        "agency_assignments.csv",
        |l| set(l, 2, "assignment_id", "AA1"),
        3,
        "assignment_id",
        "duplicate",
    );
    rejects(
        "absences.csv",
        |l| set(l, 4, "absence_id", "AB3"),
        5,
        "absence_id",
        "duplicate",
    );
    rejects(
        "er_cases.csv",
        |l| set(l, 2, "case_id", "ER1"),
        3,
        "case_id",
        "duplicate",
    );
    rejects(
        "bank_holidays.csv",
        |l| l.push("2021-01-01".into()),
        5,
        "date",
        "duplicate date",
    );
}

#[test]
fn third_occurrence_is_rejected_too() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "absences.csv", |l| {
        set(l, 2, "absence_id", "AB1");
        set(l, 3, "absence_id", "AB1");
    });
    let (ds, r) = load(dir.path());
    let rows: Vec<u64> = r.rejections.iter().map(|i| i.row).collect();
    assert_eq!(rows, [3, 4]);
    assert_eq!(ds.absences.len(), 2);
}

// ---- references ----

#[test]
fn contract_person_not_in_people() {
    rejects(
        "contracts.csv",
        |l| set(l, 2, "person_id", "P9"),
        3,
        "person_id",
        "person_id not found in people.csv",
    );
}

#[test]
fn contract_org_unit_not_in_org_units() {
    rejects(
        "contracts.csv",
        |l| set(l, 2, "org_unit_id", "T9"),
        3,
        "org_unit_id",
        "org_unit_id not found in org_units.csv",
    );
}

#[test]
fn contract_post_not_in_posts() {
    rejects(
        "contracts.csv",
        |l| set(l, 2, "post_id", "PO9"),
        3,
        "post_id",
        "post_id not found in posts.csv",
    );
}

#[test]
fn agency_references() {
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "person_id", "X"),
        2,
        "person_id",
        "not found in people.csv",
    );
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "org_unit_id", "X"),
        2,
        "org_unit_id",
        "not found in org_units.csv",
    );
    rejects(
        "agency_assignments.csv",
        |l| set(l, 1, "post_id", "X"),
        2,
        "post_id",
        "not found in posts.csv",
    );
}

#[test]
fn post_org_unit_not_in_org_units() {
    rejects(
        "posts.csv",
        |l| set(l, 4, "org_unit_id", "Z"),
        5,
        "org_unit_id",
        "not found in org_units.csv",
    );
}

#[test]
fn absence_er_case_and_allocation_people() {
    rejects(
        "absences.csv",
        |l| set(l, 3, "person_id", "Q"),
        4,
        "person_id",
        "not found in people.csv",
    );
    rejects(
        "er_cases.csv",
        |l| set(l, 2, "person_id", "Q"),
        3,
        "person_id",
        "not found in people.csv",
    );
    rejects(
        "case_allocations.csv",
        |l| set(l, 4, "person_id", "Q"),
        5,
        "person_id",
        "not found in people.csv",
    );
}

#[test]
fn org_parent_not_found() {
    rejects(
        "org_units.csv",
        |l| set(l, 5, "parent_id", "NOPE"),
        6,
        "parent_id",
        "parent_id not found in org_units.csv",
    );
}

#[test]
fn reference_to_a_rejected_row_says_so() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "people.csv", |l| {
        set(l, 3, "date_of_birth", "1975-13-01")
    });
    let (ds, r) = load(dir.path());
    let got: Vec<(&str, u64, &str)> = r
        .rejections
        .iter()
        .map(|i| (i.file.as_str(), i.row, i.column.as_str()))
        .collect();
    // P3: its contract C4 and absence AB4 go with it.
    assert_eq!(
        got,
        [
            ("people.csv", 4, "date_of_birth"),
            ("contracts.csv", 5, "person_id"),
            ("absences.csv", 5, "person_id"),
        ]
    );
    assert!(r.rejections[1]
        .reason
        .contains("refers to a row of people.csv that was rejected"));
    assert!(ds.contracts.iter().all(|c| c.person_id != "P3"));
}

#[test]
fn org_cycle_rejects_the_cycle_and_everything_below_it() {
    let dir = copy_fixture("io_good");
    // S → T1 → S is a cycle; T2 (below S) and everything naming S, T1 or T2 goes too.
    edit(dir.path(), "org_units.csv", |l| {
        set(l, 3, "parent_id", "T1")
    });
    let (ds, r) = load(dir.path());
    let org: Vec<(u64, &str)> = r
        .rejections
        .iter()
        .filter(|i| i.file == "org_units.csv")
        .map(|i| (i.row, i.reason.as_str()))
        .collect();
    assert_eq!(
        org,
        [
            (4, "org unit is on a cycle of parent_id links"),
            (5, "org unit is on a cycle of parent_id links"),
            (6, "parent_id refers to an org unit that was rejected"),
        ]
    );
    assert!(r
        .rejections
        .iter()
        .all(|i| i.column == "parent_id" || i.file != "org_units.csv"));
    let ids: Vec<&str> = ds
        .org_units
        .iter()
        .map(|u| u.org_unit_id.as_str())
        .collect();
    assert_eq!(ids, ["C", "D"]);
    // Every post sits in a rejected unit; every contract and assignment follows.
    assert!(ds.posts.is_empty() && ds.contracts.is_empty() && ds.agency_assignments.is_empty());
    let post = r.rejections.iter().find(|i| i.file == "posts.csv").unwrap();
    assert_eq!(post.column, "org_unit_id");
    assert!(post.reason.contains("rejected"), "{post}");
    // People and their absences do not depend on units.
    assert_eq!(ds.people.len(), 5);
    assert_eq!(ds.absences.len(), 4);
}

#[test]
fn org_self_parent_is_a_cycle() {
    rejects(
        "org_units.csv",
        |l| {
            l.push("X,Orphan,X,".into());
        },
        7,
        "parent_id",
        "cycle",
    );
}

// ---- warnings (row kept) ----

fn warns(name: &str, f: impl FnOnce(&mut Vec<String>), row: u64, column: &str, reason: &str) {
    let dir = copy_fixture("io_good");
    edit(dir.path(), name, f);
    let (_, r) = load(dir.path());
    assert!(r.rejections.is_empty(), "{r}");
    assert_eq!(r.warnings.len(), 1, "{r}");
    let w = &r.warnings[0];
    assert_eq!(
        (w.file.as_str(), w.row, w.column.as_str()),
        (name, row, column),
        "{w}"
    );
    assert!(w.reason.contains(reason), "{w}");
    assert!(!r.is_clean());
}

#[test]
fn warning_fte_above_one() {
    warns(
        "contracts.csv",
        |l| set(l, 2, "fte", "1.2"),
        3,
        "fte",
        "above 1.0",
    );
    warns(
        "posts.csv",
        |l| set(l, 1, "fte", "2"),
        2,
        "fte",
        "above 1.0",
    );
    warns(
        "agency_assignments.csv",
        |l| set(l, 3, "fte", "1.01"),
        4,
        "fte",
        "above 1.0",
    );
}

#[test]
fn warning_planned_end_before_start() {
    // Only `end_date` before `start_date` is an error; the worker stays in the figures.
    warns(
        "agency_assignments.csv",
        |l| set(l, 1, "planned_end_date", "2020-05-03"),
        2,
        "planned_end_date",
        "planned_end_date is before start_date 2020-05-04; the planned end is not used",
    );
}

#[test]
fn warning_swe_number_pattern() {
    warns(
        "people.csv",
        |l| set(l, 2, "swe_number", "10002"),
        3,
        "swe_number",
        "Social Work England",
    );
}

#[test]
fn lenient_swe_numbers_pass() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "people.csv", |l| set(l, 1, "swe_number", "sw1"));
    assert!(load(dir.path()).1.is_clean());
}

#[test]
fn warning_under_16_at_first_contract() {
    // P2's first contract starts 2020-02-01.
    warns(
        "people.csv",
        |l| set(l, 2, "date_of_birth", "2004-02-02"),
        3,
        "date_of_birth",
        "age 15 at first contract start 2020-02-01",
    );
    let dir = copy_fixture("io_good");
    edit(dir.path(), "people.csv", |l| {
        set(l, 2, "date_of_birth", "2004-02-01")
    });
    assert!(load(dir.path()).1.is_clean());
}

/// Reference checks of a large file are shared among threads: the rejections still come in
/// the file's order, on the right rows, and every good row is kept in order.
#[test]
fn many_bad_references_are_reported_in_file_order() {
    let dir = copy_fixture("io_good");
    let n = 300_000;
    let bad = |i: usize| i % 7_919 == 3;
    edit(dir.path(), "case_allocations.csv", |l| {
        l.truncate(1);
        l.extend((0..n).map(|i| {
            let person = if bad(i) { "NOBODY" } else { "P1" };
            format!("CH{i},{person},2020-01-01,")
        }));
    });
    let (ds, r) = load(dir.path());
    // Row k + 2 holds allocation k (row 1 is the header).
    let want: Vec<u64> = (0..n).filter(|&i| bad(i)).map(|i| i as u64 + 2).collect();
    let got: Vec<u64> = r
        .rejections
        .iter()
        .filter(|i| i.file == "case_allocations.csv")
        .inspect(|i| {
            assert_eq!(
                (i.column.as_str(), i.value.as_str()),
                ("person_id", "NOBODY")
            )
        })
        .map(|i| i.row)
        .collect();
    assert_eq!(got, want);
    let kept: Vec<String> = ds
        .case_allocations
        .unwrap()
        .iter()
        .map(|a| a.child_id.to_string())
        .collect();
    let want_kept: Vec<String> = (0..n)
        .filter(|&i| !bad(i))
        .map(|i| format!("CH{i}"))
        .collect();
    assert_eq!(kept, want_kept);
}

/// `open_dir` indexes what the reader accepts without checking its references again: an
/// allocation naming nobody is rejected and left out, and the figures equal those of
/// `Workforce::new` on the data `read_dir` gives.
#[test]
fn open_dir_indexes_what_the_reader_accepts() {
    let dir = copy_fixture("io_good");
    edit(dir.path(), "case_allocations.csv", |l| {
        l.push("CHX,NOBODY,2021-01-01,".into())
    });
    let (ds, report) = load(dir.path());
    let (wf, opened) =
        workforce::io::open_dir(dir.path(), &workforce::io::LoadOptions::default()).unwrap();
    assert_eq!(opened, report);
    assert_eq!(report.rejections.len(), 1, "{report}");
    let want = workforce::Workforce::new(ds).unwrap();
    let years = [workforce::Date::from_ymd_opt(2021, 9, 30).unwrap()];
    let opts = workforce::Options::default();
    let got = wf.csww(&years, None, true, &opts).unwrap();
    assert_eq!(got, want.csww(&years, None, true, &opts).unwrap());
    // Whole council: the open allocations of in-post holders on the year end.
    assert!(
        got.f64("cases", 0).is_some_and(|c| c > 0.0),
        "{}",
        got.to_csv()
    );
}
