//! The importer on the public HR data sets: the figures published for them are reproduced from
//! the imported canonical data, and the status/date conflicts are listed row by row.

use std::collections::BTreeMap;
use workforce::import::{import_file, Import};
use workforce::{Options, Scope, Workforce};
use workforce_tests::{d, root};

fn run(name: &str) -> Import {
    let path = root().join("examples/import").join(name);
    import_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn huebner_leavers_per_year_match_the_published_report() {
    let imp = run("hr_huebner.toml");
    let f = &imp.report.files[0];
    assert_eq!(f.file, "../../../shared/data/hr_huebner/HRDataset_v14.csv");
    assert_eq!((f.rows_read, f.accepted, f.rejected), (311, 311, 0));
    assert!(imp.report.rejections.is_empty());
    let ds = &imp.dataset;
    assert_eq!(ds.people.len(), 311);
    assert_eq!(ds.contracts.len(), 311);
    // 104 terminations, first 2010-08-30, last 2018-11-10.
    let ends: Vec<_> = ds.contracts.iter().filter_map(|c| c.end_date).collect();
    assert_eq!(ends.len(), 104);
    assert_eq!(ends.iter().min().unwrap().to_string(), "2010-08-30");
    assert_eq!(ends.iter().max().unwrap().to_string(), "2018-11-10");
    // Leavers per calendar year, computed by the library's time rules.
    let wf = Workforce::new(ds.clone()).unwrap();
    let years: Vec<i32> = (2010..=2018).collect();
    let periods: Vec<_> = years
        .iter()
        .map(|y| (d(&format!("{y}-01-01")), d(&format!("{y}-12-31"))))
        .collect();
    let flows = wf
        .flows(None, &Scope::All, &periods, &Options::default())
        .unwrap();
    let got: Vec<f64> = flows.iter().map(|f| f.leavers_headcount).collect();
    // Taren Shaw, "Employee Turnover Report" (2021).
    let published = [1.0, 3.0, 8.0, 13.0, 13.0, 23.0, 22.0, 8.0, 13.0];
    assert_eq!(got, published);
    // Overall: 104 / 311 = 33.44 %.
    assert_eq!(
        format!("{:.2}", 100.0 * got.iter().sum::<f64>() / 311.0),
        "33.44"
    );
    // Dates and status agree in this file: no conflict.
    assert_eq!(imp.report.count_warnings("status_date_conflict"), 0);
    // Departments (trimmed) are the units.
    let mut by_unit: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &ds.contracts {
        *by_unit.entry(c.org_unit_id.as_str()).or_default() += 1;
    }
    assert_eq!(by_unit["Production"], 209);
    assert_eq!(by_unit["IT/IS"], 50);
    assert_eq!(by_unit["Executive Office"], 1);
    // Two-digit DOB years are in the 1900s, and mean salary is the published $69,020.68.
    assert!(ds
        .people
        .iter()
        .all(|p| p.date_of_birth.unwrap() < d("2000-01-01")));
    let pay: f64 = ds
        .contracts
        .iter()
        .filter_map(|c| c.annual_pay)
        .sum::<f64>()
        / 311.0;
    assert_eq!(format!("{pay:.2}"), "69020.68");
}

fn pct(n: usize, d: usize) -> String {
    format!("{:.2}", 100.0 * n as f64 / d as f64)
}

#[test]
fn all_in_one_attrition_matches_the_published_outputs() {
    let imp = run("hr_all_in_one.toml");
    let f = &imp.report.files[0];
    assert_eq!((f.rows_read, f.accepted, f.rejected), (3000, 3000, 0));
    let ds = &imp.dataset;
    let total = ds.contracts.len();
    assert_eq!(total, 3000);
    // "terminated" = status Voluntarily Terminated or Terminated for Cause: with trust = status
    // these are exactly the contracts that keep an end date.
    let left: Vec<_> = ds
        .contracts
        .iter()
        .filter(|c| c.end_date.is_some())
        .collect();
    let vol = left.iter().filter(|c| c.reason_leave == Some(1)).count();
    let inv = left.iter().filter(|c| c.reason_leave == Some(4)).count();
    let shared = workforce_tests::shared().join("data/hr_all_in_one/published_outputs");
    let read = |name: &str| -> Vec<BTreeMap<String, String>> {
        let mut r = csv::Reader::from_path(shared.join(name)).unwrap();
        let h = r.headers().unwrap().clone();
        r.records()
            .map(|x| {
                h.iter()
                    .map(str::to_string)
                    .zip(x.unwrap().iter().map(str::to_string))
                    .collect()
            })
            .collect()
    };
    let k = &read("attrition_overall_kpis.csv")[0];
    assert_eq!(k["total_employees"], total.to_string());
    assert_eq!(k["terminated_employees"], left.len().to_string());
    assert_eq!(k["voluntarily_terminated_employees"], vol.to_string());
    assert_eq!(k["terminated_for_cause_employees"], inv.to_string());
    assert_eq!(k["termination_rate"], pct(left.len(), total));
    assert_eq!(k["voluntary_termination_rate"], pct(vol, total));
    assert_eq!(k["involuntary_termination_rate"], pct(inv, total));
    // Active (incl. leave of absence) = no end date and not a future start.
    let active = 3000
        - left.len()
        - imp
            .report
            .warnings
            .iter()
            .filter(|w| w.kind == "status_date_conflict" && w.value == "Future Start")
            .count();
    let non_active = total - active;
    // The published "active" is status Active only (2458); Leave of Absence (86) is non-active.
    let loa = imp
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == "status_date_conflict" && w.value == "Leave of Absence")
        .count();
    assert_eq!(k["active_employees"], (active - loa).to_string());
    assert_eq!(k["non_active_employees"], (non_active + loa).to_string());
    assert_eq!(k["non_active_rate"], pct(non_active + loa, total));

    // By start year.
    for r in read("attrition_by_start_year.csv") {
        let y: i32 = r["start_year"].parse().unwrap();
        let started: Vec<_> = ds
            .contracts
            .iter()
            .filter(|c| chrono::Datelike::year(&c.start_date) == y)
            .collect();
        let term = started.iter().filter(|c| c.end_date.is_some()).count();
        assert_eq!(r["employees_started"], started.len().to_string(), "{y}");
        assert_eq!(r["terminated_employees"], term.to_string(), "{y}");
        assert_eq!(r["termination_rate_pct"], pct(term, started.len()), "{y}");
    }
    // Early attrition: tenure in days ≤ 180 / ≤ 365.
    let e = &read("early_attrition_overall.csv")[0];
    let within = |days: i64| {
        left.iter()
            .filter(|c| (c.end_date.unwrap() - c.start_date).num_days() <= days)
            .count()
    };
    assert_eq!(e["early_attrition_6m_employees"], within(180).to_string());
    assert_eq!(e["early_attrition_12m_employees"], within(365).to_string());
    assert_eq!(e["early_attrition_6m_rate_pct"], pct(within(180), total));
    assert_eq!(e["early_attrition_12m_rate_pct"], pct(within(365), total));
    assert_eq!(e["pct_terminated_within_6m"], pct(within(180), left.len()));
    assert_eq!(e["pct_terminated_within_12m"], pct(within(365), left.len()));
    // By employee type (FTE weight and contract type come from EmployeeType).
    for r in read("attrition_by_employee_type.csv") {
        let (fte, ct) = match r["employee_type"].as_str() {
            "Full-Time" => (1.0, "permanent"),
            "Part-Time" => (0.5, "permanent"),
            _ => (1.0, "fixed_term"),
        };
        let of: Vec<_> = ds
            .contracts
            .iter()
            .filter(|c| c.fte == fte && c.contract_type.map(|t| t.as_str()) == Some(ct))
            .collect();
        let term = of.iter().filter(|c| c.end_date.is_some()).count();
        assert_eq!(r["total_employees"], of.len().to_string());
        assert_eq!(r["terminated_employees"], term.to_string());
    }
    // By department (the unit; the published names keep the trailing spaces).
    for r in read("attrition_by_department.csv") {
        let unit = r["department_type"].trim().to_string();
        let of: Vec<_> = ds
            .contracts
            .iter()
            .filter(|c| c.org_unit_id == unit)
            .collect();
        let term = of.iter().filter(|c| c.end_date.is_some()).count();
        assert_eq!(r["total_employees"], of.len().to_string(), "{unit}");
        assert_eq!(r["terminated_employees"], term.to_string(), "{unit}");
        assert_eq!(r["termination_rate"], pct(term, of.len()), "{unit}");
    }
}

#[test]
fn all_in_one_status_date_conflicts_are_listed_row_by_row() {
    let imp = run("hr_all_in_one.toml");
    let conflicts: Vec<_> = imp
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == "status_date_conflict")
        .collect();
    let count = |v: &str| conflicts.iter().filter(|w| w.value == v).count();
    // 991 Active, 86 Leave of Absence and 69 Future Start rows carry an ExitDate.
    assert_eq!(count("Active"), 991);
    assert_eq!(count("Leave of Absence"), 86);
    assert!(count("Future Start") >= 69);
    let first = conflicts.iter().find(|w| w.value == "Active").unwrap();
    assert_eq!(first.column, "EmployeeStatus");
    assert!(first.row >= 2);
    assert!(
        first.message.contains("end date ignored"),
        "{}",
        first.message
    );
    // Every row is one line of the report, and the page says so.
    let md = imp.report.to_markdown();
    assert!(md.contains("status_date_conflict"));
    // Trusting the dates instead keeps the end dates and gives the much larger leaver count.
    let text = std::fs::read_to_string(root().join("examples/import/hr_all_in_one.toml"))
        .unwrap()
        .replace("trust = \"status\"", "trust = \"dates\"");
    let cfg = workforce::import::Config::parse(&text, &root().join("examples/import")).unwrap();
    let by_dates = workforce::import::import(&cfg).unwrap();
    let ended = by_dates
        .dataset
        .contracts
        .iter()
        .filter(|c| c.end_date.is_some())
        .count();
    assert_eq!(ended, 1533);
}
