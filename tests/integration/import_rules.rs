//! The importer's rules on small hand-made exports: two HR systems and the agency provider,
//! identity, the same contract in both systems, effective-dated org codes, warnings, and a
//! bad-input test for each rule. Every file's rows read = accepted + rejected.

use std::path::{Path, PathBuf};
use workforce::import::{import, write_output, Config, Import};
use workforce::ErrorKind;

/// A temporary folder holding exports and a mapping file.
pub struct Fx {
    dir: tempfile::TempDir,
}

impl Fx {
    pub fn new() -> Self {
        Fx {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }
    pub fn config(&self, toml: &str) -> workforce::Result<Config> {
        Config::parse(toml, self.path())
    }
    pub fn run(&self, toml: &str) -> workforce::Result<Import> {
        let imp = import(&self.config(toml)?)?;
        balanced(&imp);
        Ok(imp)
    }
}

/// rows read = accepted + rejected, for every file, and rejections add up.
pub fn balanced(imp: &Import) {
    let mut rejected = 0;
    for f in &imp.report.files {
        assert_eq!(f.rows_read, f.accepted + f.rejected, "{f:?}");
        rejected += f.rejected;
    }
    let listed = imp
        .report
        .rejections
        .iter()
        .filter(|r| r.kind != "canonical_check")
        .count() as u64;
    assert_eq!(rejected, listed);
}

const ORG: &str = r#"
[org]
unit = [
  { id = "LA", name = "Council" },
  { id = "CSC", name = "Children's services", parent = "LA" },
  { id = "MASH", name = "MASH", parent = "CSC" },
  { id = "ASSESS", name = "Assessment", parent = "CSC" },
  { id = "CIN", name = "Children in need", parent = "CSC" },
]
map = [
  { code = "T100", to = "2020-03-31", unit = "MASH", name = "Old front door" },
  { code = "T100", from = "2020-04-01", unit = "ASSESS", name = "Old front door" },
  { code = "CC9", unit = "CIN" },
]
"#;

/// System A: Windows-1252, UK dates, payroll numbers, weekly hours, grades → roles.
const HR_A: &str = "Payroll No,Surname,Forename,DOB,Sex,SWE Reg,Cost Centre,Grade,Hours,Start,Leaving Date,Leaving Reason\n\
A1,Brontë,Anne,17/01/1980,F,SW 10001,T100,SW2,37,01/09/2015,31/03/2019,MIGRATED\n\
A2,Smith,John,02/02/1975,M,,T100,SW3,18.5,01/01/2018,,\n\
A3,Jones,Mary,03/03/1985,F,,CC9,SW2,37,01/05/2016,,\n\
A4,Patel,Ravi,04/04/1990,M,,CC9,BS1,37,01/06/2017,31/12/2020,RET\n\
A5,Khan,Sara,05/05/1988,F,,T100,SW2,37,01/01/2019,,\n";

/// System B: UTF-8 with BOM, ISO dates, its own ids and column names, job titles → roles.
const HR_B: &str = "\u{feff}EmployeeRef,FirstName,LastName,BirthDate,Gender,SWENumber,Team,JobTitle,FTE,StartDate,EndDate,Reason\n\
B1,Anne,Brontë,1980-01-17,Female,SW10001,T100,Social Worker,1,2015-09-01,,\n\
B2,John,Smith,1975-02-02,Male,,T100,Senior Practitioner,0.5,2019-04-01,,\n\
B3,Mary,Jones,1985-03-03,Female,,CC9,Social Worker,1,2016-05-01,,\n\
B9,Sara,Khan,1988-05-05,Female,,T100,Social Worker,1,2019-01-01,2021-08-31,Resignation\n";

const AGENCY: &str = "Worker ID,Worker Name,DOB,Gender,SWE,Agency,Role,Cost Centre,Start,End,Planned End,Weekly Hours,Charge Rate\n\
W1,Lee Chan,1979-07-07,M,SW20002,Acme Social Care,Social Worker,CC9,2020-01-06,2020-12-31,2020-06-30,37,£45.50\n\
W2,Anne Bronte,1980-01-17,F,SW10001,Acme Social Care,Social Worker,CC9,2022-01-10,,2022-07-10,30,50\n";

fn two_systems_config(extra: &str) -> String {
    format!(
        r#"
[import]
as_of = "2021-09-30"
standard_hours = 37
{ORG}
[identity]
crosswalk_file = "crosswalk.csv"
overrides_file = "overrides.csv"

[[source]]
name = "hr_b"
kind = "employees"
file = "b/*.csv"
date_formats = ["iso"]
id_prefix = "B"
[source.columns]
person_id = "EmployeeRef"
first_name = "FirstName"
last_name = "LastName"
date_of_birth = "BirthDate"
gender = "Gender"
swe_number = "SWENumber"
org_code = "Team"
title = "JobTitle"
csww_role = "JobTitle"
fte = "FTE"
start_date = "StartDate"
end_date = "EndDate"
reason_leave = "Reason"
[source.constants]
job_family = "social_work"
[source.codes.csww_role]
"Social Worker" = 5
"Senior Practitioner" = 4
[source.codes.reason_leave]
"Resignation" = 1

[[source]]
name = "hr_a"
kind = "employees"
file = "a/hr_a.csv"
encoding = "windows-1252"
date_formats = ["dd/mm/yyyy"]
id_prefix = "A"
[source.columns]
person_id = "Payroll No"
first_name = "Forename"
last_name = "Surname"
date_of_birth = "DOB"
gender = "Sex"
swe_number = "SWE Reg"
org_code = "Cost Centre"
grade = "Grade"
csww_role = "Grade"
job_family = "Grade"
weekly_hours = "Hours"
start_date = "Start"
end_date = "Leaving Date"
reason_leave = "Leaving Reason"
[source.codes.csww_role]
"SW2" = 5
"SW3" = 4
"BS1" = ""
[source.codes.job_family]
"SW2" = "social_work"
"SW3" = "social_work"
"BS1" = "business_support"
[source.codes.reason_leave]
"RES" = 1
"RET" = 5
"MIGRATED" = 8

[[source]]
name = "msp"
kind = "agency"
file = "agency.csv"
date_formats = ["iso"]
id_prefix = "W"
[source.columns]
person_id = "Worker ID"
name = "Worker Name"
date_of_birth = "DOB"
gender = "Gender"
swe_number = "SWE"
agency = "Agency"
csww_role = "Role"
org_code = "Cost Centre"
start_date = "Start"
end_date = "End"
planned_end_date = "Planned End"
weekly_hours = "Weekly Hours"
hourly_charge = "Charge Rate"
[source.constants]
job_family = "social_work"
[source.codes.csww_role]
"Social Worker" = 5
{extra}
"#
    )
}

fn two_systems() -> Fx {
    let fx = Fx::new();
    let (a, _, _) = encoding_rs::WINDOWS_1252.encode(HR_A);
    fx.file("a/hr_a.csv", a.as_ref())
        .file("b/hr_b_2021.csv", HR_B)
        .file("agency.csv", AGENCY)
        .file("crosswalk.csv", "source_a,id_a,source_b,id_b\nhr_a,A2,hr_b,B2\n")
        .file(
            "overrides.csv",
            "source_a,id_a,source_b,id_b,action,note\nhr_a,A5,hr_b,B9,separate,different people: checked with HR\n",
        );
    fx
}

fn person<'a>(imp: &'a Import, id: &str) -> &'a workforce::model::Person {
    imp.dataset
        .people
        .iter()
        .find(|p| p.person_id == id)
        .unwrap_or_else(|| panic!("no person {id}"))
}

fn status(imp: &Import, source: &str, local: &str) -> (String, String, String) {
    let m = imp
        .report
        .matches
        .iter()
        .find(|m| m.source == source && m.local_id == local)
        .unwrap();
    (m.person_id.to_string(), m.status.into(), m.rule.into())
}

#[test]
fn two_systems_and_the_agency_become_one_history() {
    let fx = two_systems();
    let imp = fx.run(&two_systems_config("")).unwrap();
    let r = &imp.report;
    assert!(r.rejections.is_empty(), "{:?}", r.rejections);
    // Identity: SWE number (with a space in system A), crosswalk, demographics, override.
    assert_eq!(
        status(&imp, "hr_a", "A1"),
        ("BB1".into(), "matched".into(), "swe_number".into())
    );
    assert_eq!(status(&imp, "msp", "W2").0, "BB1");
    assert_eq!(
        status(&imp, "hr_a", "A2"),
        ("BB2".into(), "matched".into(), "crosswalk".into())
    );
    assert_eq!(
        status(&imp, "hr_a", "A3"),
        ("BB3".into(), "matched".into(), "dob_name_gender".into())
    );
    let m = r
        .matches
        .iter()
        .find(|m| m.local_id == "A3")
        .unwrap()
        .confidence;
    assert_eq!(m, Some(0.8));
    // The override keeps A5 and B9 apart although every attribute agrees.
    assert_eq!(status(&imp, "hr_a", "A5").1, "unmatched");
    assert_eq!(status(&imp, "hr_b", "B9").1, "unmatched");
    assert_ne!(status(&imp, "hr_a", "A5").0, status(&imp, "hr_b", "B9").0);
    assert_eq!(status(&imp, "hr_a", "A4").1, "unmatched");
    // Attributes come from the most trusted source (listed first).
    assert_eq!(person(&imp, "BB1").swe_number.as_deref(), Some("SW10001"));
    assert_eq!(person(&imp, "BB1").gender.as_deref(), Some("Female"));
    // Windows-1252 decoded.
    assert!(imp.dataset.contracts.iter().any(|c| c.person_id == "BB1"));
    // The same contract in both systems is kept once (A1 closed at migration; B1 open).
    let c1: Vec<_> = imp
        .dataset
        .contracts
        .iter()
        .filter(|c| c.person_id == "BB1")
        .collect();
    assert_eq!(c1.len(), 1);
    assert_eq!(c1[0].source_system.as_deref(), Some("hr_b"));
    assert_eq!(c1[0].end_date, None);
    let dup = r.resolutions.iter().find(|x| x.person_id == "BB1").unwrap();
    assert_eq!(dup.action, "duplicate");
    assert!(dup.rule.contains("kept the later end"), "{}", dup.rule);
    assert!(dup.kept.starts_with("b/hr_b_2021.csv:"));
    // System A never closed A2 after B2 started: the overlap is trimmed and reported.
    let c2: Vec<_> = imp
        .dataset
        .contracts
        .iter()
        .filter(|c| c.person_id == "BB2")
        .collect();
    assert_eq!(c2.len(), 2);
    let a2 = c2
        .iter()
        .find(|c| c.source_system.as_deref() == Some("hr_a"))
        .unwrap();
    assert_eq!(a2.end_date.unwrap().to_string(), "2019-03-31");
    assert_eq!(a2.fte, 0.5); // 18.5 / 37
    assert_eq!(a2.csww_role, Some(4));
    assert!(r
        .resolutions
        .iter()
        .any(|x| x.person_id == "BB2" && x.action == "overlap"));
    // Same dates in both systems for A3/B3: kept once from the source listed first.
    let c3: Vec<_> = imp
        .dataset
        .contracts
        .iter()
        .filter(|c| c.person_id == "BB3")
        .collect();
    assert_eq!(c3.len(), 1);
    assert_eq!(c3[0].source_system.as_deref(), Some("hr_b"));
    // Effective-dated org mapping: T100 before April 2020 is MASH, after it Assessment.
    let unit = |pid: &str| {
        imp.dataset
            .contracts
            .iter()
            .filter(|c| c.person_id == pid)
            .map(|c| c.org_unit_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(unit("BB1"), ["MASH"]);
    assert_eq!(unit("AA5"), ["MASH"]);
    assert_eq!(unit("AA4"), ["CIN"]);
    // Business support is outside the CSWW scope but kept.
    let a4 = &imp
        .dataset
        .contracts
        .iter()
        .find(|c| c.person_id == "AA4")
        .unwrap();
    assert_eq!(a4.csww_role, None);
    assert_eq!(a4.job_family.as_deref(), Some("business_support"));
    assert_eq!(a4.reason_leave, Some(5));
    // Agency: FTE from hours, charge rate, planned end; the worker W2 is the employee BB1.
    let ag = &imp.dataset.agency_assignments;
    assert_eq!(ag.len(), 2);
    let w1 = ag.iter().find(|a| a.person_id == "WW1").unwrap();
    assert_eq!(w1.fte, 1.0);
    assert_eq!(w1.hourly_charge, Some(45.5));
    assert_eq!(w1.planned_end_date.unwrap().to_string(), "2020-06-30");
    assert_eq!(w1.agency.as_deref(), Some("Acme Social Care"));
    let w2 = ag.iter().find(|a| a.person_id == "BB1").unwrap();
    assert!((w2.fte - 30.0 / 37.0).abs() < 1e-12);
    // One person row per real person: BB1, BB2, BB3, AA4, AA5, BB9, WW1.
    assert_eq!(imp.dataset.people.len(), 7);
    // The data set passes the canonical checks and indexes.
    workforce::Workforce::new(imp.dataset.clone()).unwrap();
    // The report page names every section.
    let md = r.to_markdown();
    for s in [
        "## Files",
        "## Identity",
        "## Records in two systems",
        "crosswalk",
    ] {
        assert!(md.contains(s), "{s}");
    }
}

#[test]
fn legacy_structure_keeps_the_old_codes() {
    let fx = two_systems();
    let cfg = two_systems_config("").replace("[identity]", "structure = \"legacy\"\n[identity]");
    let imp = fx.run(&cfg).unwrap();
    let units: Vec<_> = imp
        .dataset
        .contracts
        .iter()
        .map(|c| c.org_unit_id.as_str())
        .collect();
    assert!(units.contains(&"legacy:T100"));
    let u = imp
        .dataset
        .org_units
        .iter()
        .find(|u| u.org_unit_id == "legacy:T100")
        .unwrap();
    assert_eq!(u.name, "Old front door");
    assert_eq!(u.parent_id.as_deref(), Some("CSC"));
    workforce::Workforce::new(imp.dataset.clone()).unwrap();
}

#[test]
fn a_planned_end_before_the_start_is_warned_and_left_out() {
    let fx = two_systems();
    // W1's planned end a day before the start; the actual end is after it.
    fx.file(
        "agency.csv",
        AGENCY.replace(
            ",2020-01-06,2020-12-31,2020-06-30,",
            ",2020-01-06,2020-12-31,2020-01-05,",
        ),
    );
    let imp = fx.run(&two_systems_config("")).unwrap();
    let w = imp
        .report
        .warnings
        .iter()
        .find(|w| w.kind == "planned_end_before_start")
        .unwrap_or_else(|| panic!("no warning: {:?}", imp.report.warnings));
    assert_eq!(
        (w.row, w.column.as_str(), w.value.as_str()),
        (2, "Planned End", "2020-01-05")
    );
    let ag = &imp.dataset.agency_assignments;
    assert_eq!(ag.len(), 2);
    let w1 = ag.iter().find(|a| a.person_id == "WW1").unwrap();
    assert_eq!(w1.planned_end_date, None);
    assert_eq!(w1.end_date.unwrap().to_string(), "2020-12-31");
    balanced(&imp);
}

#[test]
fn ambiguous_demographic_matches_are_not_merged() {
    let fx = two_systems();
    // A second "Mary Jones" born the same day in system B.
    let b = format!("{HR_B}B4,Mary,Jones,1985-03-03,Female,,CC9,Social Worker,1,2017-01-01,,\n");
    fx.file("b/hr_b_2021.csv", b);
    let imp = fx.run(&two_systems_config("")).unwrap();
    let (_, st, _) = status(&imp, "hr_a", "A3");
    assert_eq!(st, "ambiguous");
    let m = imp
        .report
        .matches
        .iter()
        .find(|m| m.local_id == "A3")
        .unwrap();
    assert!(m.candidates.contains("hr_b:B3") && m.candidates.contains("hr_b:B4"));
    // An override settles it.
    fx.file(
        "overrides.csv",
        "source_a,id_a,source_b,id_b,action\nhr_a,A3,hr_b,B3,merge\nhr_a,A5,hr_b,B9,separate\n",
    );
    let imp = fx.run(&two_systems_config("")).unwrap();
    assert_eq!(
        status(&imp, "hr_a", "A3"),
        ("BB3".into(), "matched".into(), "override".into())
    );
}

#[test]
fn output_is_deterministic_and_reports_are_written() {
    let fx = two_systems();
    let out1 = fx.path().join("out1");
    let out2 = fx.path().join("out2");
    for out in [&out1, &out2] {
        let mut imp = fx.run(&two_systems_config("")).unwrap();
        write_output(&mut imp, out, None).unwrap();
    }
    let files = |d: &PathBuf| {
        let mut v: Vec<PathBuf> = walk(d);
        v.sort();
        v
    };
    let (f1, f2) = (files(&out1), files(&out2));
    assert_eq!(f1.len(), f2.len());
    assert!(f1.len() >= 14, "{f1:?}");
    for (a, b) in f1.iter().zip(&f2) {
        assert_eq!(
            a.strip_prefix(&out1).unwrap(),
            b.strip_prefix(&out2).unwrap()
        );
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{a:?}"
        );
    }
    // The written folder reads back through the canonical reader without rejections.
    let (ds, load) =
        workforce::io::read_dir(&out1, &workforce::io::LoadOptions::default()).unwrap();
    assert!(load.rejections.is_empty(), "{:?}", load.rejections);
    assert_eq!(ds.contracts.len(), 7);
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn continuity_flags_large_changes_against_the_previous_run() {
    let fx = two_systems();
    let prev = fx.path().join("prev");
    let mut imp = fx.run(&two_systems_config("")).unwrap();
    write_output(&mut imp, &prev, None).unwrap();
    // Next month the agency file lost a worker and system A lost a row.
    fx.file(
        "agency.csv",
        AGENCY.lines().take(2).collect::<Vec<_>>().join("\n"),
    );
    let text = HR_A.lines().take(5).collect::<Vec<_>>().join("\n");
    let (a, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    fx.file("a/hr_a.csv", a.as_ref());
    let mut imp = fx.run(&two_systems_config("")).unwrap();
    write_output(&mut imp, &fx.path().join("next"), Some(&prev)).unwrap();
    let flagged: Vec<_> = imp.report.continuity.iter().filter(|c| c.flagged).collect();
    assert!(!flagged.is_empty());
    assert!(imp.report.count_warnings("continuity") == flagged.len());
    let text =
        std::fs::read_to_string(fx.path().join("next/import_report/continuity.csv")).unwrap();
    assert!(text.contains(",true\n"));
}

// ---------------------------------------------------------------- warnings

const SIMPLE: &str = r#"
[import]
as_of = "2021-09-30"
[org]
unit = [{ id = "LA", name = "Council" }, { id = "T1", name = "Team 1", parent = "LA" }]
map = [{ code = "T1", unit = "T1" }]
[[source]]
name = "hr"
kind = "employees"
file = "hr.csv"
date_formats = ["dd/mm/yyyy"]
[source.columns]
person_id = "id"
contract_id = "contract"
date_of_birth = "dob"
org_code = "team"
post_id = "post"
csww_role = "role"
fte = "fte"
start_date = "start"
end_date = "end"
status = "status"
[source.status]
active = ["Active"]
left = ["Left"]
[source.codes.csww_role]
"SW" = 5
"#;

const POSTS: &str = r#"
[[source]]
name = "est"
kind = "posts"
file = "posts.csv"
date_formats = ["dd/mm/yyyy"]
[source.columns]
post_id = "post"
org_code = "team"
fte = "fte"
start_date = "start"
"#;

const HEAD: &str = "id,contract,dob,team,post,role,fte,start,end,status\n";

fn simple(rows: &str) -> workforce::Result<Import> {
    let fx = Fx::new();
    fx.file("hr.csv", format!("{HEAD}{rows}"))
        .file("posts.csv", "post,team,fte,start\nP1,T1,1,01/01/2010\n");
    fx.run(&format!("{SIMPLE}{POSTS}"))
}

#[test]
fn suspicious_rows_are_kept_with_a_warning() {
    let imp = simple(
        "1,c1,01/01/1990,T1,P1,SW,1,01/01/2020,31/12/2020,Active\n\
         2,c2,01/01/2010,T1,P1,SW,1.2,01/06/2020,,Active\n\
         3,c3,01/01/1980,T9,,SW,1,01/01/2019,,Left\n\
         4,c4,01/01/1980,T1,,XX,1,01/01/2019,,Active\n\
         5,c5,01/01/1980,T1,P7,SW,1,01/01/2019,,Active\n",
    )
    .unwrap();
    let r = &imp.report;
    assert!(r.rejections.is_empty(), "{:?}", r.rejections);
    let one = |k: &str| {
        let v: Vec<_> = r.warnings.iter().filter(|w| w.kind == k).collect();
        assert!(!v.is_empty(), "no {k} warning: {:?}", r.warnings);
        v[0].clone()
    };
    // A current employee with an end date.
    let w = one("status_date_conflict");
    assert_eq!((w.row, w.column.as_str()), (2, "status"));
    // Status "Left" without an end date.
    assert_eq!(r.count_warnings("status_date_conflict"), 2);
    // FTE above 1.
    let w = one("fte_above_1");
    assert_eq!((w.row, w.value.as_str()), (3, "1.2"));
    // Started before the 16th birthday.
    assert_eq!(one("start_before_16").row, 3);
    // Two people filling one full-time post.
    assert_eq!(one("post_overfilled").column, "post_id");
    // A team code with no mapping.
    let w = one("unmapped_org_code");
    assert_eq!(
        (w.row, w.value.as_str(), w.column.as_str()),
        (4, "T9", "team")
    );
    // An unknown code (left empty).
    assert_eq!(one("unknown_code").value, "XX");
    // A post that is not in the establishment.
    assert_eq!(one("unknown_post").value, "P7");
    assert_eq!(imp.report.files[1].warnings as usize, {
        r.warnings.iter().filter(|w| w.file == "hr.csv").count()
    });
}

// ---------------------------------------------------------------- bad inputs

fn rejected(imp: &Import, kind: &str) -> workforce::import::Issue {
    imp.report
        .rejections
        .iter()
        .find(|r| r.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} rejection: {:?}", imp.report.rejections))
        .clone()
}

#[test]
fn impossible_dates_are_rejected_with_their_location() {
    let imp = simple(
        "1,c1,01/01/1990,T1,,SW,1,31/02/2020,,Active\n\
         2,c2,01/01/1990,T1,,SW,1,2020-13-01,,Active\n\
         3,c3,01/01/1990,T1,,SW,1,01/01/2020,01/01/2019,Left\n\
         4,c4,01/01/1990,T1,,SW,1,01/01/1850,,Active\n\
         5,c5,01/01/1990,T1,,SW,1,01/01/2020,,Active\n",
    )
    .unwrap();
    let r = rejected(&imp, "bad_date");
    assert_eq!(
        (r.row, r.column.as_str(), r.value.as_str()),
        (2, "start", "31/02/2020")
    );
    assert!(r.message.contains("dd/mm/yyyy"), "{}", r.message);
    assert_eq!(imp.report.count_rejections("bad_date"), 3);
    let r = rejected(&imp, "end_before_start");
    assert_eq!((r.row, r.column.as_str()), (4, "end"));
    let f = &imp.report.files[1];
    assert_eq!((f.rows_read, f.accepted, f.rejected), (5, 1, 4));
    assert_eq!(imp.dataset.contracts.len(), 1);
}

#[test]
fn duplicate_ids_and_bad_numbers_are_rejected() {
    let imp = simple(
        "1,c1,01/01/1990,T1,,SW,1,01/01/2020,,Active\n\
         2,c1,01/01/1990,T1,,SW,1,01/01/2020,,Active\n\
         3,c3,01/01/1990,T1,,SW,0,01/01/2020,,Active\n\
         4,c4,01/01/1990,T1,,SW,abc,01/01/2020,,Active\n\
         ,c5,01/01/1990,T1,,SW,1,01/01/2020,,Active\n\
         6,c6,01/01/1990\n",
    )
    .unwrap();
    let r = rejected(&imp, "duplicate_id");
    assert_eq!((r.row, r.value.as_str()), (3, "hr-c1"));
    assert_eq!(rejected(&imp, "bad_fte").row, 4);
    assert_eq!(rejected(&imp, "bad_number").value, "abc");
    assert_eq!(rejected(&imp, "missing_value").column, "id");
    assert_eq!(rejected(&imp, "short_row").row, 7);
    let f = &imp.report.files[1];
    assert_eq!((f.rows_read, f.accepted, f.rejected), (6, 1, 5));
}

#[test]
fn unknown_codes_can_reject() {
    let fx = Fx::new();
    fx.file(
        "hr.csv",
        format!(
            "{HEAD}1,c1,01/01/1990,T1,,XX,1,01/01/2020,,Active\n2,c2,,T1,,SW,1,01/01/2020,,Gone\n"
        ),
    )
    .file("posts.csv", "post,team,fte,start\nP1,T1,1,01/01/2010\n");
    let cfg = format!("{SIMPLE}unknown_codes = \"reject\"\n").replace(
        "[source.columns]\nperson_id",
        "unknown_codes = \"reject\"\n[source.columns]\nperson_id",
    );
    let cfg = cfg
        .trim_end()
        .trim_end_matches("unknown_codes = \"reject\"")
        .to_string();
    let imp = fx.run(&cfg).unwrap();
    let r = rejected(&imp, "unknown_code");
    assert_eq!(
        (r.row, r.column.as_str(), r.value.as_str()),
        (2, "role", "XX")
    );
    // An unknown status only warns.
    assert_eq!(imp.report.count_warnings("unknown_code"), 1);
}

#[test]
fn wrong_encoding_is_a_clear_error() {
    let fx = Fx::new();
    let text = format!("{HEAD}1,c1,01/01/1990,T1,,SW,1,01/01/2020,,Brontë\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    fx.file("hr.csv", bytes.as_ref());
    let e = fx.run(SIMPLE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    assert_eq!(e.row(), Some(2));
    assert!(e.to_string().contains("windows-1252"), "{e}");
}

#[test]
fn missing_or_renamed_columns_are_a_clear_error() {
    let fx = Fx::new();
    fx.file(
        "hr.csv",
        "id,contract,dob,team,post,role,fte,start_dt,end,status\n1,c1,01/01/1990,T1,,SW,1,01/01/2020,,Active\n",
    );
    let e = fx.run(SIMPLE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    assert_eq!(e.column(), Some("start"));
    assert!(e.to_string().contains("start_dt"), "{e}");
    // Header matching ignores case and surrounding spaces.
    fx.file(
        "hr.csv",
        "ID, Contract ,DOB,Team,Post,Role,FTE,Start,End,Status\n1,c1,01/01/1990,T1,,SW,1,01/01/2020,,Active\n",
    );
    assert_eq!(fx.run(SIMPLE).unwrap().dataset.contracts.len(), 1);
}

#[test]
fn empty_files_are_clear() {
    let fx = Fx::new();
    fx.file("hr.csv", "");
    let e = fx.run(SIMPLE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    assert!(e.to_string().contains("empty"), "{e}");
    // A header only: no rows, no error.
    fx.file("hr.csv", HEAD);
    let imp = fx.run(SIMPLE).unwrap();
    assert_eq!(imp.report.files[0].rows_read, 0);
    // No file at all.
    let fx = Fx::new();
    let e = fx.run(SIMPLE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
}

#[test]
fn mapping_file_errors_are_config_errors() {
    let fx = Fx::new();
    let bad = [
        ("", "no [[source]]"),
        ("[[source]]\nname = \"x\"\nkind = \"employees\"\nfile = \"a.csv\"\nbogus = 1\n", "bogus"),
        ("[[source]\n", "TOML"),
        (
            "[[source]]\nname = \"x\"\nkind = \"employees\"\nfile = \"a.csv\"\n[source.columns]\nperson_id = \"a\"\nstart_date = \"b\"\nfte = \"c\"\norg_code = \"d\"\nshoe_size = \"e\"\n",
            "shoe_size",
        ),
        (
            "[[source]]\nname = \"x\"\nkind = \"employees\"\nfile = \"a.csv\"\ndate_formats = [\"dd/qq/yyyy\"]\n[source.columns]\nperson_id = \"a\"\nstart_date = \"b\"\nfte = \"c\"\norg_code = \"d\"\n",
            "dd/qq/yyyy",
        ),
        (
            "[[source]]\nname = \"x\"\nkind = \"employees\"\nfile = \"a.csv\"\n[source.columns]\nperson_id = \"a\"\nfte = \"c\"\norg_code = \"d\"\n",
            "start_date",
        ),
        (
            "[[source]]\nname = \"x\"\nkind = \"agency\"\nfile = \"a.csv\"\n[source.columns]\nperson_id = \"a\"\nstart_date = \"b\"\norg_code = \"d\"\n",
            "weekly_hours",
        ),
        (
            "[org]\nmap = [{ code = \"X\", unit = \"NOPE\" }]\n[[source]]\nname = \"x\"\nkind = \"employees\"\nfile = \"a.csv\"\n[source.columns]\nperson_id = \"a\"\nstart_date = \"b\"\nfte = \"c\"\norg_code = \"d\"\n",
            "NOPE",
        ),
    ];
    fx.file("a.csv", "a,b,c,d\n1,2020-01-01,1,X\n");
    for (text, needle) in bad {
        let e = match fx.config(text) {
            Err(e) => e,
            Ok(cfg) => import(&cfg).unwrap_err(),
        };
        assert_eq!(e.kind(), ErrorKind::Config, "{text}: {e}");
        assert!(e.to_string().contains(needle), "{needle}: {e}");
    }
}

// ---------------------------------------------------------------- XLSX

/// A minimal XLSX (stored zip entries, inline strings, numbers).
pub fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let col = |i: usize| ((b'A' + i as u8) as char).to_string();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, v) in row.iter().enumerate() {
            let rf = format!("{}{}", col(c), r + 1);
            if v.is_empty() {
                continue;
            }
            if v.parse::<f64>().is_ok() {
                sheet.push_str(&format!("<c r=\"{rf}\"><v>{v}</v></c>"));
            } else {
                sheet.push_str(&format!(
                    "<c r=\"{rf}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"
                ));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    zip_store(&files)
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn zip_store(files: &[(&str, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, body) in files {
        let data = body.as_bytes();
        let crc = crc32(data);
        let off = out.len() as u32;
        let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
        let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
        le32(&mut out, 0x0403_4b50);
        for x in [20u16, 0, 0, 0, 0] {
            le16(&mut out, x);
        }
        le32(&mut out, crc);
        le32(&mut out, data.len() as u32);
        le32(&mut out, data.len() as u32);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        le32(&mut central, 0x0201_4b50);
        for x in [20u16, 20, 0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, crc);
        le32(&mut central, data.len() as u32);
        le32(&mut central, data.len() as u32);
        le16(&mut central, name.len() as u16);
        for x in [0u16, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, off);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_off = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for x in [0u16, 0, files.len() as u16, files.len() as u16] {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_off.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const XLSX_CFG: &str = r#"
[org]
unit = [{ id = "LA", name = "Council" }, { id = "T1", name = "Team 1", parent = "LA" }]
map = [{ code = "T1", unit = "T1" }]
[[source]]
name = "hr"
kind = "employees"
file = "hr.xlsx"
sheet = "Staff"
header_row = 2
date_formats = ["excel", "dd/mm/yyyy"]
[source.columns]
person_id = "id"
org_code = "team"
fte = "fte"
start_date = "start"
end_date = "end"
"#;

#[test]
fn xlsx_with_excel_serial_dates_and_a_title_row() {
    let fx = Fx::new();
    fx.file(
        "hr.xlsx",
        xlsx(&[
            vec!["Staff list, March 2021"],
            vec!["id", "team", "fte", "start", "end"],
            vec!["1", "T1", "1", "43831", ""],
            vec!["2", "T1", "0.5", "01/02/2020", "44196"],
            vec!["3", "T1", "1", "not a date", ""],
        ]),
    );
    let imp = fx.run(XLSX_CFG).unwrap();
    let c = &imp.dataset.contracts;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].start_date.to_string(), "2020-01-01");
    assert_eq!(c[1].start_date.to_string(), "2020-02-01");
    assert_eq!(c[1].end_date.unwrap().to_string(), "2020-12-31");
    let r = rejected(&imp, "bad_date");
    assert_eq!((r.row, r.column.as_str()), (5, "start"));
}

#[test]
fn truncated_xlsx_is_a_clear_error() {
    let fx = Fx::new();
    let full = xlsx(&[vec!["x"], vec!["id", "team", "fte", "start", "end"]]);
    fx.file("hr.xlsx", &full[..full.len() / 2]);
    let e = fx.run(XLSX_CFG).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    assert!(e.to_string().contains("cannot read the workbook"), "{e}");
    fx.file("hr.xlsx", b"");
    assert_eq!(fx.run(XLSX_CFG).unwrap_err().kind(), ErrorKind::InvalidData);
}

/// A start before the 16th birthday is warned about once per record kept: the copy of a
/// contract dropped as the same contract in the other system gets no warning, and agency
/// assignments are checked too.
#[test]
fn starts_before_sixteen_are_warned_on_the_records_kept() {
    let fx = two_systems();
    // Mary Jones (A3 = B3, the same contract in both systems) born in 2002, and the agency
    // worker W1 in 2010.
    let hr_a = HR_A.replace("03/03/1985", "03/03/2002");
    let (a, _, _) = encoding_rs::WINDOWS_1252.encode(&hr_a);
    fx.file("a/hr_a.csv", a.as_ref())
        .file("b/hr_b_2021.csv", HR_B.replace("1985-03-03", "2002-03-03"))
        .file("agency.csv", AGENCY.replace("1979-07-07", "2010-07-07"));
    let imp = fx.run(&two_systems_config("")).unwrap();
    let young: Vec<(&str, u64)> = imp
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == "start_before_16")
        .map(|w| (w.file.as_str(), w.row))
        .collect();
    assert_eq!(young, [("agency.csv", 2), ("b/hr_b_2021.csv", 4)]);
    let dropped = imp
        .report
        .resolutions
        .iter()
        .filter(|r| r.action == "duplicate" && r.other.starts_with("a/hr_a.csv:4"));
    assert_eq!(dropped.count(), 1);
}
