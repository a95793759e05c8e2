//! The canonical reader's checks behind the import: what only they catch (a negative salary,
//! a unit whose parent does not exist) is rejected as `canonical_check`, doubtful SWE numbers
//! are warned about, and clean data passes untouched.

use super::import_rules::Fx;

const HR: &str = "Payroll No,DOB,Sex,SWE,Team,Hours,Start,End,Salary\n\
1,01/01/1980,F,SW10001,T1,37,01/01/2018,,30000\n\
2,01/01/1981,M,12345,T1,37,01/01/2018,,-5\n\
3,01/01/1982,F,,T2,37,01/01/2019,,31000\n\
4,01/01/1983,M,X-99,T1,18.5,01/06/2019,31/03/2021,32000\n";

fn config(units: &str) -> String {
    format!(
        r#"
[import]
as_of = "2021-09-30"
[org]
unit = [{units}]
[[source]]
name = "hr"
kind = "employees"
file = "hr.csv"
date_formats = ["dd/mm/yyyy"]
id_prefix = "H"
[source.columns]
person_id = "Payroll No"
date_of_birth = "DOB"
gender = "Sex"
swe_number = "SWE"
org_unit_id = "Team"
weekly_hours = "Hours"
start_date = "Start"
end_date = "End"
annual_pay = "Salary"
"#
    )
}

#[test]
fn canonical_checks_catch_what_only_they_see() {
    let fx = Fx::new();
    fx.file("hr.csv", HR);
    let imp = fx
        .run(&config(
            r#"{ id = "LA", name = "Council" }, { id = "T1", name = "Team 1", parent = "LA" }, { id = "T2", name = "Team 2", parent = "GONE" }"#,
        ))
        .unwrap();
    let r = &imp.report;
    let canonical: Vec<(&str, &str, &str)> = r
        .rejections
        .iter()
        .filter(|i| i.kind == "canonical_check")
        .map(|i| (i.file.as_str(), i.column.as_str(), i.value.as_str()))
        .collect();
    // The negative salary; the unit under a missing parent and the contract in that unit.
    assert!(
        canonical.contains(&("contracts.csv", "annual_pay", "-5")),
        "{canonical:?}"
    );
    assert!(
        canonical.contains(&("org_units.csv", "parent_id", "GONE")),
        "{canonical:?}"
    );
    assert!(
        canonical.contains(&("contracts.csv", "org_unit_id", "T2")),
        "{canonical:?}"
    );
    assert_eq!(canonical.len(), 3, "{canonical:?}");
    assert_eq!(imp.dataset.contracts.len(), 2);
    assert!(imp.dataset.org_units.iter().all(|u| u.org_unit_id != "T2"));
    let doubtful: Vec<&str> = r
        .warnings
        .iter()
        .filter(|w| w.kind == "doubtful_swe_number")
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(doubtful, ["12345", "X-99"]);
}

#[test]
fn clean_data_passes_the_canonical_checks_untouched() {
    let fx = Fx::new();
    fx.file("hr.csv", HR.replace(",-5\n", ",29000\n"));
    let imp = fx
        .run(&config(
            r#"{ id = "LA", name = "Council" }, { id = "T1", name = "Team 1", parent = "LA" }, { id = "T2", name = "Team 2", parent = "LA" }"#,
        ))
        .unwrap();
    assert!(
        imp.report.rejections.is_empty(),
        "{:?}",
        imp.report.rejections
    );
    assert_eq!(imp.dataset.contracts.len(), 4);
    assert_eq!(imp.dataset.people.len(), 4);
    assert_eq!(imp.report.count_warnings("doubtful_swe_number"), 2);
    let (back, load) = workforce::io::check(imp.dataset.clone());
    assert!(load.rejections.is_empty());
    assert_eq!(back, imp.dataset);
    assert!(!imp.report.totals.is_empty());
}
