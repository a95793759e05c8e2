//! Writes a canonical data set as the council's legacy exports, for round-trip tests and demos:
//! two HR/payroll systems with a migration between them, the agency provider's export, absence
//! and case-management extracts, plus the mapping file that reads them back.
//!
//! - **System A** (`hr_a.csv`, Windows-1252, `dd/mm/yyyy`): every contract that started before
//!   the migration date. Its own payroll numbers, cost-centre codes (mapped by `org_map.csv`),
//!   profession and role codes, weekly hours, local leaving-reason codes, SWE numbers written
//!   with a space.
//! - **System B** (`hr_b.csv`, UTF-8 with BOM, `dd-Mon-yy`): every contract still open at the
//!   migration date or started after it, under its own employee references, unit ids, role
//!   labels and FTE. A contract open at the migration is in **both** systems: alternately
//!   closed in A the day before the migration with B keeping the original start (a duplicate),
//!   or left open in A with B starting a new record on the migration date (an overlap).
//! - **Agency** (`agency.csv`, ISO dates): worker ids of the provider, names as "First Last",
//!   cost centres, weekly hours, charge rates.
//! - `absences_a.csv`/`absences_b.csv`, `cases.csv` (the person's system named per row),
//!   `posts.csv`, `org_units.csv`, `org_map.csv`, `crosswalk.csv` and `import.toml`.
//!
//! People are linked back by SWE number, the crosswalk (for half of those without one) and date
//! of birth + name + gender (the other half). Names are made up from the person's position.

use super::report::Report;
use crate::error::{Error, Result};
use crate::model::*;
use crate::table::format_float;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// How the exports are cut.
#[derive(Clone, Debug)]
pub struct LegacyOptions {
    /// First day in system B.
    pub migration_date: Date,
    /// Full-time weekly hours (system A and the agency give hours).
    pub standard_hours: f64,
}

impl Default for LegacyOptions {
    fn default() -> Self {
        LegacyOptions {
            migration_date: Date::from_ymd_opt(2019, 4, 1).expect("valid"),
            standard_hours: 37.0,
        }
    }
}

const FIRST: [&str; 24] = [
    "Amira", "Ben", "Chloé", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jack", "Kiran",
    "Lena", "Mo", "Niamh", "Owen", "Priya", "Quinn", "Rhys", "Siân", "Tom", "Una", "Vik", "Wen",
    "Zara",
];
const LAST: [&str; 30] = [
    "Ahmed",
    "Bell",
    "Brontë",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nowak",
    "O'Neill",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Xu",
    "Young",
    "Zielinski",
    "Begum",
    "Kowalski",
    "Okafor",
];

fn name_of(i: usize) -> (String, String) {
    let f = FIRST[i % FIRST.len()];
    let l = LAST[(i / FIRST.len()) % LAST.len()];
    let round = i / (FIRST.len() * LAST.len());
    let l = if round == 0 {
        l.to_string()
    } else {
        format!("{l}-{}", LAST[round % LAST.len()])
    };
    (f.to_string(), l)
}

fn uk(d: Date) -> String {
    d.format("%d/%m/%Y").to_string()
}
fn kaggle(d: Date) -> String {
    d.format("%d-%b-%y").to_string()
}
fn ukl(d: Option<Date>) -> String {
    d.map(uk).unwrap_or_default()
}
fn kagl(d: Option<Date>) -> String {
    d.map(kaggle).unwrap_or_default()
}
fn iso(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}
fn o<S: AsRef<str>>(s: &Option<S>) -> String {
    s.as_ref()
        .map_or_else(String::new, |s| s.as_ref().to_owned())
}
fn on<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("memory");
    for r in rows {
        w.write_record(r).expect("memory");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
}

const REASON_A: [&str; 10] = [
    "RES", "VR", "CR", "DIS", "RET", "DEC", "INT", "OTH", "NK", "NYC",
];

fn gender_short(g: &Option<Id>) -> String {
    match g.as_deref().map(|s| s.to_ascii_lowercase()) {
        Some(s) if s == "m" || s == "male" || s == "1" => "M".into(),
        Some(s) if s == "f" || s == "female" || s == "2" => "F".into(),
        Some(_) => "X".into(),
        None => String::new(),
    }
}

/// Write the exports and `import.toml` into `dir`.
pub fn write_legacy_exports(ds: &Dataset, dir: &Path, opts: &LegacyOptions) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), &e))?;
    let put = |name: &str, bytes: &[u8]| -> Result<()> {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(|e| Error::io(p.display(), &e))
    };
    let m = opts.migration_date;
    let before_m = m.pred_opt().expect("valid");
    let hours = opts.standard_hours;

    // People: index, names, local ids per system.
    let idx: BTreeMap<&str, usize> = ds
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person_id.as_str(), i))
        .collect();
    let person = |id: &str| &ds.people[idx[id]];
    let a_id = |id: &str| format!("{:05}", 10000 + idx[id]);
    let b_id = |id: &str| format!("EMP-{:04}", idx[id] + 1);
    let w_id = |id: &str| format!("W{:04}", idx[id] + 1);

    // Cost centres of system A.
    let cc: BTreeMap<&str, String> = ds
        .org_units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.org_unit_id.as_str(), format!("CC{:03}", 100 + i)))
        .collect();
    let mut map_rows = Vec::new();
    for u in &ds.org_units {
        map_rows.push(vec![
            cc[u.org_unit_id.as_str()].clone(),
            String::new(),
            String::new(),
            u.org_unit_id.to_string(),
            u.name.clone(),
        ]);
    }
    put(
        "org_map.csv",
        csv_text(&["code", "from", "to", "org_unit_id", "name"], &map_rows).as_bytes(),
    )?;
    put(
        "org_units.csv",
        csv_text(
            &["org_unit_id", "name", "parent_id", "kind"],
            &ds.org_units
                .iter()
                .map(|u| {
                    vec![
                        u.org_unit_id.to_string(),
                        u.name.clone(),
                        o(&u.parent_id),
                        o(&u.kind),
                    ]
                })
                .collect::<Vec<_>>(),
        )
        .as_bytes(),
    )?;
    // Profession codes of system A.
    let families: BTreeSet<&str> = ds
        .contracts
        .iter()
        .filter_map(|c| c.job_family.as_deref())
        .chain(ds.posts.iter().filter_map(|p| p.job_family.as_deref()))
        .chain(
            ds.agency_assignments
                .iter()
                .filter_map(|a| a.job_family.as_deref()),
        )
        .collect();
    let fam_code: BTreeMap<&str, String> = families
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, format!("PF{:02}", i + 1)))
        .collect();

    // Contracts into the two systems.
    let mut a_rows = Vec::new();
    let mut b_rows = Vec::new();
    let mut in_a: BTreeSet<&str> = BTreeSet::new();
    let mut in_b: BTreeSet<&str> = BTreeSet::new();
    let mut spanning = 0usize;
    let a_row = |c: &Contract, end: Option<Date>, reason: Option<u8>| -> Vec<String> {
        let p = person(&c.person_id);
        let (first, last) = name_of(idx[c.person_id.as_str()]);
        vec![
            a_id(&c.person_id),
            c.contract_id.to_string(),
            last,
            first,
            ukl(p.date_of_birth),
            gender_short(&p.gender),
            p.swe_number
                .as_deref()
                .map(|s| {
                    let k = s.len().min(2);
                    format!("{} {}", &s[..k], &s[k..])
                })
                .unwrap_or_default(),
            cc[c.org_unit_id.as_str()].clone(),
            o(&c.post_id),
            o(&c.title),
            c.job_family
                .as_deref()
                .map(|f| fam_code[f].clone())
                .unwrap_or_default(),
            c.csww_role.map(|r| format!("R{r}")).unwrap_or_default(),
            format_float(c.fte * hours),
            uk(c.start_date),
            ukl(end),
            reason
                .map(|r| REASON_A[(r as usize).clamp(1, 10) - 1].to_string())
                .unwrap_or_default(),
            c.contract_type
                .map(|t| t.as_str().to_uppercase())
                .unwrap_or_default(),
            o(&c.grade),
        ]
    };
    let b_row = |c: &Contract, start: Date| -> Vec<String> {
        let p = person(&c.person_id);
        let (first, last) = name_of(idx[c.person_id.as_str()]);
        vec![
            b_id(&c.person_id),
            format!("{}-B", c.contract_id),
            first,
            last,
            p.date_of_birth
                .map(|d| d.format("%d-%b-%Y").to_string())
                .unwrap_or_default(),
            match gender_short(&p.gender).as_str() {
                "M" => "Male".into(),
                "F" => "Female".into(),
                x => x.to_string(),
            },
            o(&p.swe_number),
            o(&p.ethnicity),
            c.org_unit_id.to_string(),
            o(&c.post_id),
            o(&c.title),
            c.csww_role
                .map(|r| csww_role_label(r).to_string())
                .unwrap_or_default(),
            o(&c.job_family),
            format_float(c.fte),
            kaggle(start),
            kagl(c.end_date),
            on(c.reason_leave),
            on(c.start_origin),
            on(c.leaver_destination),
            c.contract_type
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            o(&c.grade),
            c.annual_pay.map(format_float).unwrap_or_default(),
        ]
    };
    for c in &ds.contracts {
        let open_at_m = c.end_date.is_none_or(|e| e >= m);
        if c.start_date < m {
            in_a.insert(&c.person_id);
            if open_at_m {
                in_b.insert(&c.person_id);
                spanning += 1;
                if spanning % 2 == 1 {
                    // Closed in A at the migration; B keeps the original start.
                    a_rows.push(a_row(c, Some(before_m), Some(8)));
                    b_rows.push(b_row(c, c.start_date));
                } else {
                    // Left open in A; B starts a new record on the migration date.
                    a_rows.push(a_row(c, None, None));
                    b_rows.push(b_row(c, m));
                }
            } else {
                a_rows.push(a_row(c, c.end_date, c.reason_leave));
            }
        } else {
            in_b.insert(&c.person_id);
            b_rows.push(b_row(c, c.start_date));
        }
    }
    let a_header = [
        "Payroll No",
        "Contract No",
        "Surname",
        "Forename",
        "DOB",
        "Sex",
        "SWE Reg",
        "Cost Centre",
        "Post Ref",
        "Job Title",
        "Profession",
        "Role Code",
        "Hours",
        "Start",
        "Leaving Date",
        "Leaving Reason",
        "Contract",
        "Grade",
    ];
    let text = csv_text(&a_header, &a_rows);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        return Err(Error::invalid_argument(
            "system A's export holds a character Windows-1252 cannot encode",
        ));
    }
    put("hr_a.csv", &bytes)?;
    let b_header = [
        "EmployeeRef",
        "ContractRef",
        "FirstName",
        "LastName",
        "BirthDate",
        "Gender",
        "SWENumber",
        "Ethnicity",
        "Team",
        "PostID",
        "JobTitle",
        "Role",
        "JobFamily",
        "FTE",
        "StartDate",
        "EndDate",
        "ReasonLeave",
        "StartOrigin",
        "LeaverDestination",
        "ContractType",
        "Grade",
        "Salary",
    ];
    let mut b = "\u{feff}".to_string();
    b.push_str(&csv_text(&b_header, &b_rows));
    put("hr_b.csv", b.as_bytes())?;

    // Agency.
    let mut ag_rows = Vec::new();
    for a in &ds.agency_assignments {
        let p = person(&a.person_id);
        let (first, last) = name_of(idx[a.person_id.as_str()]);
        ag_rows.push(vec![
            w_id(&a.person_id),
            a.assignment_id.to_string(),
            format!("{first} {last}"),
            iso(p.date_of_birth),
            gender_short(&p.gender),
            o(&p.swe_number),
            o(&a.agency),
            a.csww_role
                .map(|r| csww_role_label(r).to_string())
                .unwrap_or_default(),
            o(&a.job_family),
            o(&a.title),
            cc[a.org_unit_id.as_str()].clone(),
            o(&a.post_id),
            a.cover_reason
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            a.start_date.to_string(),
            iso(a.end_date),
            iso(a.planned_end_date),
            format_float(a.fte * hours),
            a.hourly_charge
                .map(|x| format!("£{}", format_float(x)))
                .unwrap_or_default(),
        ]);
    }
    put(
        "agency.csv",
        csv_text(
            &[
                "Worker ID",
                "Assignment",
                "Worker Name",
                "DOB",
                "Gender",
                "SWE",
                "Agency",
                "Role",
                "Job Family",
                "Job Title",
                "Cost Centre",
                "Post",
                "Cover",
                "Start",
                "End",
                "Planned End",
                "Weekly Hours",
                "Charge Rate",
            ],
            &ag_rows,
        )
        .as_bytes(),
    )?;

    // Which system knows a person (for absences and cases).
    let system_of = |pid: &str| -> (&'static str, String) {
        if in_b.contains(pid) {
            ("hr_b", b_id(pid))
        } else if in_a.contains(pid) {
            ("hr_a", a_id(pid))
        } else {
            ("msp", w_id(pid))
        }
    };
    let abs_code = |t: AbsenceType| match t {
        AbsenceType::Sickness => "SIC",
        AbsenceType::Maternity => "MAT",
        AbsenceType::Paternity => "PAT",
        AbsenceType::Adoption => "ADO",
        AbsenceType::Special => "SPL",
        AbsenceType::Other => "OTH",
    };
    let mut abs_rows = Vec::new();
    for a in &ds.absences {
        let (sys, local) = system_of(&a.person_id);
        abs_rows.push(vec![
            a.absence_id.to_string(),
            local,
            sys.to_string(),
            abs_code(a.absence_type).to_string(),
            o(&a.reason),
            uk(a.start_date),
            ukl(a.end_date),
            a.working_days_lost.map(format_float).unwrap_or_default(),
        ]);
    }
    put(
        "absences.csv",
        csv_text(
            &[
                "Absence Ref",
                "Staff No",
                "System",
                "Type",
                "Reason",
                "From",
                "To",
                "Days Lost",
            ],
            &abs_rows,
        )
        .as_bytes(),
    )?;
    let has_cases = ds.case_allocations.is_some();
    if let Some(cases) = &ds.case_allocations {
        let rows: Vec<Vec<String>> = cases
            .iter()
            .map(|c| {
                let (sys, local) = if ds
                    .agency_assignments
                    .iter()
                    .any(|a| a.person_id == c.person_id)
                    && !in_a.contains(c.person_id.as_str())
                    && !in_b.contains(c.person_id.as_str())
                {
                    ("msp", w_id(&c.person_id))
                } else {
                    system_of(&c.person_id)
                };
                vec![
                    c.child_id.to_string(),
                    local,
                    sys.to_string(),
                    c.start_date.to_string(),
                    iso(c.end_date),
                ]
            })
            .collect();
        put(
            "cases.csv",
            csv_text(&["Child", "Worker", "System", "From", "To"], &rows).as_bytes(),
        )?;
    }
    // Posts.
    let post_rows: Vec<Vec<String>> = ds
        .posts
        .iter()
        .map(|p| {
            vec![
                p.post_id.to_string(),
                cc[p.org_unit_id.as_str()].clone(),
                o(&p.title),
                o(&p.job_family),
                on(p.csww_role),
                format_float(p.fte),
                p.start_date.to_string(),
                iso(p.end_date),
                o(&p.grade),
            ]
        })
        .collect();
    put(
        "posts.csv",
        csv_text(
            &[
                "Post Ref",
                "Cost Centre",
                "Title",
                "Family",
                "Role",
                "Funded FTE",
                "Created",
                "Deleted",
                "Grade",
            ],
            &post_rows,
        )
        .as_bytes(),
    )?;
    // Crosswalk: half of the people in both systems without an SWE number.
    let mut cw = Vec::new();
    for (k, pid) in in_a
        .intersection(&in_b)
        .filter(|p| person(p).swe_number.is_none())
        .enumerate()
    {
        if k % 2 == 0 {
            cw.push(vec![
                "hr_a".to_string(),
                a_id(pid),
                "hr_b".to_string(),
                b_id(pid),
            ]);
        }
    }
    put(
        "crosswalk.csv",
        csv_text(&["source_a", "id_a", "source_b", "id_b"], &cw).as_bytes(),
    )?;
    if let Some(bh) = &ds.bank_holidays {
        let rows: Vec<Vec<String>> = bh.iter().map(|d| vec![d.to_string()]).collect();
        put("bank_holidays.csv", csv_text(&["date"], &rows).as_bytes())?;
    }
    put(
        "import.toml",
        mapping(&fam_code, hours, has_cases, ds.bank_holidays.is_some()).as_bytes(),
    )?;
    Ok(())
}

fn mapping(fam_code: &BTreeMap<&str, String>, hours: f64, cases: bool, bh: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Written by workforce::import::legacy_export: the demo council's legacy exports.\n"
    );
    let _ = writeln!(s, "[import]\nstandard_hours = {}", format_float(hours));
    if bh {
        let _ = writeln!(s, "bank_holidays_file = \"bank_holidays.csv\"");
    }
    let _ = writeln!(
        s,
        "\n[org]\nunits_file = \"org_units.csv\"\nmapping_file = \"org_map.csv\"\n\n[identity]\ncrosswalk_file = \"crosswalk.csv\"\n"
    );
    let roles: String = (1..=CSWW_ROLE_MAX)
        .map(|r| format!("\"{}\" = {r}\n", csww_role_label(r)))
        .collect();
    let _ = write!(
        s,
        r#"[[source]]
name = "hr_b"
kind = "employees"
file = "hr_b.csv"
encoding = "utf-8"
date_formats = ["dd-Mon-yy"]
two_digit_year_pivot = 69   # contract dates 1970-2069; birth dates have four digits
column_date_formats = {{ date_of_birth = ["dd-Mon-yyyy"] }}
id_prefix = "B"
[source.columns]
person_id = "EmployeeRef"
contract_id = "ContractRef"
first_name = "FirstName"
last_name = "LastName"
date_of_birth = "BirthDate"
gender = "Gender"
swe_number = "SWENumber"
ethnicity = "Ethnicity"
org_unit_id = "Team"
post_id = "PostID"
title = "JobTitle"
csww_role = "Role"
job_family = "JobFamily"
fte = "FTE"
start_date = "StartDate"
end_date = "EndDate"
reason_leave = "ReasonLeave"
start_origin = "StartOrigin"
leaver_destination = "LeaverDestination"
contract_type = "ContractType"
grade = "Grade"
annual_pay = "Salary"
[source.codes.csww_role]
{roles}
[[source]]
name = "hr_a"
kind = "employees"
file = "hr_a.csv"
encoding = "windows-1252"
date_formats = ["dd/mm/yyyy"]
id_prefix = "A"
[source.columns]
person_id = "Payroll No"
contract_id = "Contract No"
last_name = "Surname"
first_name = "Forename"
date_of_birth = "DOB"
gender = "Sex"
swe_number = "SWE Reg"
org_code = "Cost Centre"
post_id = "Post Ref"
title = "Job Title"
job_family = "Profession"
csww_role = "Role Code"
weekly_hours = "Hours"
start_date = "Start"
end_date = "Leaving Date"
reason_leave = "Leaving Reason"
contract_type = "Contract"
grade = "Grade"
[source.codes.csww_role]
"#
    );
    for r in 1..=CSWW_ROLE_MAX {
        let _ = writeln!(s, "\"R{r}\" = {r}");
    }
    let _ = writeln!(s, "[source.codes.job_family]");
    for (f, c) in fam_code {
        let _ = writeln!(s, "\"{c}\" = \"{f}\"");
    }
    let _ = writeln!(s, "[source.codes.reason_leave]");
    for (i, c) in REASON_A.iter().enumerate() {
        let _ = writeln!(s, "\"{c}\" = {}", i + 1);
    }
    let _ = writeln!(s, "[source.codes.contract_type]");
    for t in ["permanent", "fixed_term", "casual", "secondment"] {
        let _ = writeln!(s, "\"{}\" = \"{t}\"", t.to_uppercase());
    }
    let _ = write!(
        s,
        r#"
[[source]]
name = "msp"
kind = "agency"
file = "agency.csv"
date_formats = ["iso"]
id_prefix = "W"
[source.columns]
person_id = "Worker ID"
assignment_id = "Assignment"
name = "Worker Name"
date_of_birth = "DOB"
gender = "Gender"
swe_number = "SWE"
agency = "Agency"
csww_role = "Role"
job_family = "Job Family"
title = "Job Title"
org_code = "Cost Centre"
post_id = "Post"
cover_reason = "Cover"
start_date = "Start"
end_date = "End"
planned_end_date = "Planned End"
weekly_hours = "Weekly Hours"
hourly_charge = "Charge Rate"
[source.codes.csww_role]
{roles}
[[source]]
name = "absences"
kind = "absences"
file = "absences.csv"
date_formats = ["dd/mm/yyyy"]
id_prefix = ""
[source.columns]
absence_id = "Absence Ref"
person_id = "Staff No"
person_source = "System"
absence_type = "Type"
reason = "Reason"
start_date = "From"
end_date = "To"
working_days_lost = "Days Lost"
[source.codes.absence_type]
"SIC" = "sickness"
"MAT" = "maternity"
"PAT" = "paternity"
"ADO" = "adoption"
"SPL" = "special"
"OTH" = "other"

[[source]]
name = "posts"
kind = "posts"
file = "posts.csv"
date_formats = ["iso"]
[source.columns]
post_id = "Post Ref"
org_code = "Cost Centre"
title = "Title"
job_family = "Family"
csww_role = "Role"
fte = "Funded FTE"
start_date = "Created"
end_date = "Deleted"
grade = "Grade"
"#
    );
    if cases {
        let _ = write!(
            s,
            r#"
[[source]]
name = "cases"
kind = "case_allocations"
file = "cases.csv"
date_formats = ["iso"]
[source.columns]
child_id = "Child"
person_id = "Worker"
person_source = "System"
start_date = "From"
end_date = "To"
"#
        );
    }
    s
}

/// Import the exports written by [`write_legacy_exports`] (a convenience for tests and demos).
pub fn import_legacy(dir: &Path) -> Result<(Dataset, Report)> {
    let imp = super::import_file(&dir.join("import.toml"))?;
    Ok((imp.dataset, imp.report))
}
