//! Writing the import's output: the canonical CSV files (column order of `data-format.md`) and
//! the report files. Deterministic: the same data gives the same bytes.

use super::report::Report;
use crate::error::{Error, Result};
use crate::model::*;
use crate::table::format_float;
use std::path::Path;

fn s(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}
fn d(x: Option<Date>) -> String {
    x.map(|d| d.to_string()).unwrap_or_default()
}
fn n<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}
fn f(x: Option<f64>) -> String {
    x.map(format_float).unwrap_or_default()
}

fn put(dir: &Path, name: &str, text: &str) -> Result<()> {
    let p = dir.join(name);
    std::fs::write(&p, text).map_err(|e| Error::io(p.display(), &e))
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("memory");
    for r in rows {
        w.write_record(&r).expect("memory");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
}

/// The canonical files of a data set, as (file name, CSV text).
pub fn dataset_files(ds: &Dataset) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "org_units.csv",
            table(
                &["org_unit_id", "name", "parent_id", "kind"],
                ds.org_units.iter().map(|u| {
                    vec![
                        u.org_unit_id.clone(),
                        u.name.clone(),
                        s(&u.parent_id),
                        s(&u.kind),
                    ]
                }),
            ),
        ),
        (
            "people.csv",
            table(
                &[
                    "person_id",
                    "swe_number",
                    "date_of_birth",
                    "gender",
                    "ethnicity",
                    "qualification_institution",
                    "qualification_level",
                    "step_up_graduate",
                    "frontline_graduate",
                    "cfkss_status",
                ],
                ds.people.iter().map(|p| {
                    vec![
                        p.person_id.clone(),
                        s(&p.swe_number),
                        d(p.date_of_birth),
                        s(&p.gender),
                        s(&p.ethnicity),
                        s(&p.qualification_institution),
                        n(p.qualification_level),
                        n(p.step_up_graduate),
                        n(p.frontline_graduate),
                        n(p.cfkss_status),
                    ]
                }),
            ),
        ),
        (
            "posts.csv",
            table(
                &[
                    "post_id",
                    "org_unit_id",
                    "title",
                    "job_family",
                    "csww_role",
                    "fte",
                    "start_date",
                    "end_date",
                    "grade",
                ],
                ds.posts.iter().map(|p| {
                    vec![
                        p.post_id.clone(),
                        p.org_unit_id.clone(),
                        s(&p.title),
                        s(&p.job_family),
                        n(p.csww_role),
                        format_float(p.fte),
                        p.start_date.to_string(),
                        d(p.end_date),
                        s(&p.grade),
                    ]
                }),
            ),
        ),
        (
            "contracts.csv",
            table(
                &[
                    "contract_id",
                    "person_id",
                    "org_unit_id",
                    "post_id",
                    "title",
                    "job_family",
                    "csww_role",
                    "fte",
                    "start_date",
                    "end_date",
                    "contract_type",
                    "reason_leave",
                    "start_origin",
                    "leaver_destination",
                    "grade",
                    "annual_pay",
                    "source_system",
                ],
                ds.contracts.iter().map(|c| {
                    vec![
                        c.contract_id.clone(),
                        c.person_id.clone(),
                        c.org_unit_id.clone(),
                        s(&c.post_id),
                        s(&c.title),
                        s(&c.job_family),
                        n(c.csww_role),
                        format_float(c.fte),
                        c.start_date.to_string(),
                        d(c.end_date),
                        c.contract_type
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        n(c.reason_leave),
                        n(c.start_origin),
                        n(c.leaver_destination),
                        s(&c.grade),
                        f(c.annual_pay),
                        s(&c.source_system),
                    ]
                }),
            ),
        ),
        (
            "agency_assignments.csv",
            table(
                &[
                    "assignment_id",
                    "person_id",
                    "agency",
                    "org_unit_id",
                    "post_id",
                    "cover_reason",
                    "title",
                    "job_family",
                    "csww_role",
                    "fte",
                    "start_date",
                    "end_date",
                    "planned_end_date",
                    "hourly_charge",
                ],
                ds.agency_assignments.iter().map(|a| {
                    vec![
                        a.assignment_id.clone(),
                        a.person_id.clone(),
                        s(&a.agency),
                        a.org_unit_id.clone(),
                        s(&a.post_id),
                        a.cover_reason
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        s(&a.title),
                        s(&a.job_family),
                        n(a.csww_role),
                        format_float(a.fte),
                        a.start_date.to_string(),
                        d(a.end_date),
                        d(a.planned_end_date),
                        f(a.hourly_charge),
                    ]
                }),
            ),
        ),
        (
            "absences.csv",
            table(
                &[
                    "absence_id",
                    "person_id",
                    "absence_type",
                    "reason",
                    "start_date",
                    "end_date",
                    "working_days_lost",
                ],
                ds.absences.iter().map(|a| {
                    vec![
                        a.absence_id.clone(),
                        a.person_id.clone(),
                        a.absence_type.as_str().to_string(),
                        s(&a.reason),
                        a.start_date.to_string(),
                        d(a.end_date),
                        f(a.working_days_lost),
                    ]
                }),
            ),
        ),
    ];
    if let Some(c) = &ds.case_allocations {
        out.push((
            "case_allocations.csv",
            table(
                &["child_id", "person_id", "start_date", "end_date"],
                c.iter().map(|a| {
                    vec![
                        a.child_id.clone(),
                        a.person_id.clone(),
                        a.start_date.to_string(),
                        d(a.end_date),
                    ]
                }),
            ),
        ));
    }
    out
}

/// Write the canonical folder.
pub fn write_dataset(ds: &Dataset, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out.display(), &e))?;
    for (name, text) in dataset_files(ds) {
        put(out, name, &text)?;
    }
    Ok(())
}

/// The report files, as (file name, text).
pub fn report_files(r: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("files.csv", r.files_csv()),
        ("rejections.csv", r.rejections_csv()),
        ("warnings.csv", r.warnings_csv()),
        ("matches.csv", r.matches_csv()),
        ("resolutions.csv", r.resolutions_csv()),
        ("totals.csv", r.totals_csv()),
        ("continuity.csv", r.continuity_csv()),
        ("report.md", r.to_markdown()),
    ]
}

/// Write the report folder.
pub fn write_report(r: &Report, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), &e))?;
    for (name, text) in report_files(r) {
        put(dir, name, &text)?;
    }
    Ok(())
}
