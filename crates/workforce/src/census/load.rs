//! A census return turned back into the canonical model, as far as it can be.
//!
//! - people: one per SWE number, with the census's personal and qualification items;
//! - one org unit for the authority;
//! - contracts: one per employee record (`RoleStartDate` to `RoleEndDate`; FTE from `FTE30`
//!   for staff in post, or `FTE` with `fte_source_for_stock = fte`, else `FTE`), each in post
//!   on the reference date filling a post of its own;
//! - agency assignments: one per agency record, open at the reference date; as many as
//!   `NoAgencyHeadcount` are marked as covering a vacancy (the return does not say which);
//! - a vacant post of `NumberOfVacancies` FTE;
//! - absences: the year's `WorkingDaysLost` as one recorded sickness absence over the year, and
//!   each `ReasonAbsence` on 30 September as an absence covering that day;
//! - case allocations: `Cases30` allocations open on 30 September.

use super::CensusReturn;
use crate::model::{
    Absence, AbsenceType, AgencyAssignment, CaseAllocation, Contract, CoverReason, Dataset, Date,
    Id, OrgUnit, Person, Post,
};
use crate::options::Options;
use crate::timeline::year_ending;
use chrono::Duration;
use std::collections::HashMap;

/// The canonical data set a return describes, and notes on what could not be carried over,
/// with the default options (`FTE30` for records in post).
pub fn to_dataset(ret: &CensusReturn) -> (Dataset, Vec<String>) {
    to_dataset_with(ret, &Options::default())
}

/// [`to_dataset`] with the FTE of records in post on the reference date taken from the
/// census item `opts.fte_source_for_stock` names (metrics.md §9 item 8); records that ended
/// take `FTE` (else `FTE30`) whatever the option.
pub fn to_dataset_with(ret: &CensusReturn, opts: &Options) -> (Dataset, Vec<String>) {
    let mut notes = Vec::new();
    let ref_date = ret.reference_date().unwrap_or_else(|| {
        notes.push("no reference date or year in the header: 30 September 2000 assumed".into());
        Date::from_ymd_opt(2000, 9, 30).expect("valid date")
    });
    let (year_start, _) = year_ending(ref_date);
    let la = ret.header.lea.clone().unwrap_or_else(|| "LA".into());
    let unit = "LA".to_string();
    let mut ds = Dataset {
        org_units: vec![OrgUnit {
            org_unit_id: unit.clone().into(),
            name: format!("Local authority {la}"),
            parent_id: None,
            kind: Some("council".into()),
        }],
        ..Dataset::default()
    };
    let mut person_of: HashMap<String, usize> = HashMap::new();
    let mut allocations: Vec<CaseAllocation> = Vec::new();
    let mut any_cases = false;
    let mut agency_ix = Vec::new();
    for (n, w) in ret.workers.iter().enumerate() {
        let rec = n + 1;
        let pid = if w.swe_no.trim().is_empty() {
            notes.push(format!(
                "worker record {rec}: no SWENo; person id R{rec} given"
            ));
            format!("R{rec}")
        } else {
            w.swe_no.trim().to_string()
        };
        let pi = *person_of.entry(pid.clone()).or_insert_with(|| {
            ds.people.push(Person {
                person_id: pid.clone().into(),
                swe_number: Some(pid.as_str().into()).filter(|_| !w.swe_no.trim().is_empty()),
                ..Person::default()
            });
            ds.people.len() - 1
        });
        let p = &mut ds.people[pi];
        p.date_of_birth = p.date_of_birth.or(w.birth_date);
        if p.gender.is_none() {
            p.gender = w.gender.map(|g| Id::new(g.as_text()));
        }
        if p.ethnicity.is_none() {
            p.ethnicity = w.ethnicity.as_deref().map(Id::new);
        }
        if p.qualification_institution.is_none() {
            p.qualification_institution = w.qual_inst.first().map(Id::from);
        }
        p.qualification_level = p.qualification_level.or(w.qual_level);
        p.step_up_graduate = p.step_up_graduate.or(w.step_up_grad);
        p.frontline_graduate = p.frontline_graduate.or(w.frontline_grad);
        p.cfkss_status = p.cfkss_status.or(w.cfkss_status.first().copied());

        let in_post = w.role_end_date.is_none_or(|e| e > ref_date);
        let fte = if in_post {
            opts.fte_source_for_stock.pick(w.fte, w.fte30)
        } else {
            w.fte.or(w.fte30)
        };
        let fte = match fte {
            Some(f) if f > 0.0 => f,
            other => {
                notes.push(format!(
                    "worker record {rec} ({pid}): FTE {} — kept as 0",
                    other.map_or("missing".to_string(), |f| f.to_string())
                ));
                0.0
            }
        };
        let role = w.org_role.filter(|r| (1..=6).contains(r)).or_else(|| {
            notes.push(format!(
                "worker record {rec} ({pid}): no valid OrgRole; case holder (5) assumed so the record stays in the CSWW scope"
            ));
            Some(5)
        });
        let start = w.role_start_date.unwrap_or_else(|| {
            let weeks = w.contract_weeks.iter().copied().fold(0.0f64, f64::max);
            if w.agency && weeks > 0.0 {
                ref_date - Duration::days((weeks * 7.0).round() as i64 - 1)
            } else {
                notes.push(format!(
                    "worker record {rec} ({pid}): no RoleStartDate; the day before the year assumed"
                ));
                year_start - Duration::days(1)
            }
        });
        let mut end = w.role_end_date;
        if let Some(e) = end {
            if e < start {
                notes.push(format!(
                    "worker record {rec} ({pid}): RoleEndDate {e} before RoleStartDate {start}; end dropped"
                ));
                end = None;
            }
        }
        if w.agency {
            agency_ix.push(ds.agency_assignments.len());
            ds.agency_assignments.push(AgencyAssignment {
                assignment_id: format!("A{rec}").into(),
                person_id: pid.clone().into(),
                agency: None,
                org_unit_id: unit.clone().into(),
                post_id: None,
                cover_reason: Some(CoverReason::Additional),
                title: None,
                job_family: Some("social_work".into()),
                csww_role: role,
                fte,
                start_date: start,
                end_date: end,
                planned_end_date: None,
                hourly_charge: None,
            });
        } else {
            let post_id = if in_post && fte > 0.0 && start <= ref_date {
                let id = format!("P{rec}");
                ds.posts.push(Post {
                    post_id: id.clone().into(),
                    org_unit_id: unit.clone().into(),
                    title: None,
                    job_family: Some("social_work".into()),
                    csww_role: role,
                    fte,
                    start_date: start.min(year_start),
                    end_date: None,
                    grade: None,
                });
                Some(id)
            } else {
                None
            };
            ds.contracts.push(Contract {
                contract_id: format!("C{rec}").into(),
                person_id: pid.clone().into(),
                org_unit_id: unit.clone().into(),
                post_id: post_id.map(Id::from),
                title: None,
                job_family: Some("social_work".into()),
                csww_role: role,
                fte,
                start_date: start,
                end_date: end,
                contract_type: None,
                reason_leave: w.reason_leave,
                start_origin: w.start_origin,
                leaver_destination: w.leaver_destination,
                grade: None,
                annual_pay: w.base_salary,
                source_system: Some("census".into()),
            });
        }
        if let Some(days) = w.working_days_lost.filter(|d| *d > 0.0) {
            ds.absences.push(Absence {
                absence_id: format!("S{rec}").into(),
                person_id: pid.clone().into(),
                absence_type: AbsenceType::Sickness,
                reason: Some("SIC".into()),
                start_date: year_start.max(start),
                end_date: Some(end.map_or(ref_date, |e| e.min(ref_date))),
                working_days_lost: Some(days),
            });
        }
        if w.absent_30_sept.iter().any(|a| *a) {
            for (k, code) in w.reason_absence.iter().enumerate() {
                let t = match code.as_str() {
                    "SIC" => AbsenceType::Sickness,
                    "MAT" => AbsenceType::Maternity,
                    _ => AbsenceType::Other,
                };
                ds.absences.push(Absence {
                    absence_id: format!("R{rec}-{}", k + 1).into(),
                    person_id: pid.clone().into(),
                    absence_type: t,
                    reason: Some(code.clone().into()),
                    start_date: ref_date,
                    end_date: Some(ref_date),
                    // Days lost are carried by the year's record above.
                    working_days_lost: Some(0.0),
                });
            }
        }
        if let Some(c) = w.cases30 {
            any_cases = true;
            for k in 0..c {
                allocations.push(CaseAllocation {
                    child_id: format!("{pid}-{rec}-{}", k + 1).into(),
                    person_id: pid.clone().into(),
                    start_date: ref_date,
                    end_date: None,
                });
            }
        }
    }
    // Vacancies and agency cover.
    let la_level = &ret.la_level;
    if la_level.vacancies_fte > 0.0 {
        ds.posts.push(Post {
            post_id: "VACANT".into(),
            org_unit_id: unit.clone().into(),
            title: Some("Vacant posts (from NumberOfVacancies)".into()),
            job_family: Some("social_work".into()),
            csww_role: Some(5),
            fte: la_level.vacancies_fte,
            start_date: year_start,
            end_date: None,
            grade: None,
        });
    }
    let cover = la_level.agency_cover_headcount as usize;
    if cover > agency_ix.len() {
        notes.push(format!(
            "NoAgencyHeadcount {cover} exceeds the {} agency records",
            agency_ix.len()
        ));
    }
    if cover > 0 {
        notes.push(
            "the return does not say which agency workers cover vacancies: the first \
             NoAgencyHeadcount agency records are marked as covering one"
                .into(),
        );
    }
    for &i in agency_ix.iter().take(cover) {
        ds.agency_assignments[i].cover_reason = Some(CoverReason::Vacancy);
    }
    if any_cases {
        ds.case_allocations = Some(allocations);
    }
    (ds, notes)
}
