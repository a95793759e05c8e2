//! Helpers shared by the integration tests: paths to shared data and test fixtures.
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `shared/` folder beside the checkout (`../shared`).
pub fn shared() -> PathBuf {
    root().parent().unwrap().join("shared")
}

/// A fixture folder under `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("data").join(name)
}

use workforce::model::*;

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn od(s: &str) -> Option<Date> {
    if s.is_empty() {
        None
    } else {
        Some(d(s))
    }
}

/// Builds small data sets by hand for worked examples. Social work records get `csww_role` 5
/// unless a role is given; dates are `YYYY-MM-DD`, `""` for open.
#[derive(Default)]
pub struct Builder {
    /// The data set being built.
    pub ds: Dataset,
}

impl Builder {
    /// A council `LA` with teams `A` and `B` under it.
    pub fn council() -> Self {
        let mut b = Builder::default();
        b.unit("LA", None)
            .unit("A", Some("LA"))
            .unit("B", Some("LA"));
        b
    }
    /// Add an org unit.
    pub fn unit(&mut self, id: &str, parent: Option<&str>) -> &mut Self {
        self.ds.org_units.push(OrgUnit {
            org_unit_id: id.into(),
            name: format!("Unit {id}"),
            parent_id: parent.map(Into::into),
            kind: None,
        });
        self
    }
    fn ensure_person(&mut self, id: &str) {
        if !self.ds.people.iter().any(|p| p.person_id == id) {
            self.ds.people.push(Person {
                person_id: id.into(),
                ..Person::default()
            });
        }
    }
    /// Add a funded post (CSWW role 5).
    pub fn post(&mut self, id: &str, unit: &str, fte: f64, start: &str, end: &str) -> &mut Self {
        self.ds.posts.push(Post {
            post_id: id.into(),
            org_unit_id: unit.into(),
            title: None,
            job_family: Some("social_work".into()),
            csww_role: Some(5),
            fte,
            start_date: d(start),
            end_date: od(end),
            grade: None,
        });
        self
    }
    /// Add a social work contract (CSWW role 5).
    pub fn contract(
        &mut self,
        id: &str,
        person: &str,
        unit: &str,
        fte: f64,
        start: &str,
        end: &str,
    ) -> &mut Self {
        self.contract_full(id, person, unit, None, Some(5), fte, start, end)
    }
    /// Add a contract with every scope field.
    #[allow(clippy::too_many_arguments)]
    pub fn contract_full(
        &mut self,
        id: &str,
        person: &str,
        unit: &str,
        post: Option<&str>,
        role: Option<u8>,
        fte: f64,
        start: &str,
        end: &str,
    ) -> &mut Self {
        self.ensure_person(person);
        self.ds.contracts.push(Contract {
            contract_id: id.into(),
            person_id: person.into(),
            org_unit_id: unit.into(),
            post_id: post.map(Into::into),
            title: None,
            job_family: Some(
                if role.is_some() {
                    "social_work"
                } else {
                    "business_support"
                }
                .into(),
            ),
            csww_role: role,
            fte,
            start_date: d(start),
            end_date: od(end),
            contract_type: None,
            reason_leave: None,
            start_origin: None,
            leaver_destination: None,
            grade: None,
            annual_pay: None,
            source_system: None,
        });
        self
    }
    /// Add an agency assignment (CSWW role 5).
    #[allow(clippy::too_many_arguments)]
    pub fn agency(
        &mut self,
        id: &str,
        person: &str,
        unit: &str,
        post: Option<&str>,
        cover: Option<CoverReason>,
        fte: f64,
        start: &str,
        end: &str,
    ) -> &mut Self {
        self.ensure_person(person);
        self.ds.agency_assignments.push(AgencyAssignment {
            assignment_id: id.into(),
            person_id: person.into(),
            agency: None,
            org_unit_id: unit.into(),
            post_id: post.map(Into::into),
            cover_reason: cover,
            title: None,
            job_family: Some("social_work".into()),
            csww_role: Some(5),
            fte,
            start_date: d(start),
            end_date: od(end),
            planned_end_date: None,
            hourly_charge: None,
        });
        self
    }
    /// Add a sickness absence.
    pub fn sick(
        &mut self,
        id: &str,
        person: &str,
        start: &str,
        end: &str,
        recorded: Option<f64>,
    ) -> &mut Self {
        self.ensure_person(person);
        self.ds.absences.push(Absence {
            absence_id: id.into(),
            person_id: person.into(),
            absence_type: AbsenceType::Sickness,
            reason: None,
            start_date: d(start),
            end_date: od(end),
            working_days_lost: recorded,
        });
        self
    }
    /// Add a case allocation.
    pub fn alloc(&mut self, child: &str, person: &str, start: &str, end: &str) -> &mut Self {
        self.ensure_person(person);
        self.ds
            .case_allocations
            .get_or_insert_with(Vec::new)
            .push(CaseAllocation {
                child_id: child.into(),
                person_id: person.into(),
                start_date: d(start),
                end_date: od(end),
            });
        self
    }
    /// Index the data set.
    pub fn build(&self) -> workforce::Workforce {
        workforce::Workforce::new(self.ds.clone()).unwrap()
    }
}

/// The CSWW summary of a unit for the year ending `year_end`, as (column, value) lookups.
pub fn csww(wf: &workforce::Workforce, unit: Option<&str>, year_end: &str) -> workforce::Table {
    wf.csww(&[d(year_end)], unit, false, &workforce::Options::default())
        .unwrap()
}
