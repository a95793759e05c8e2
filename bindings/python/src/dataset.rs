//! The canonical tables of a data set, as result tables (for `Workforce.table(name)`).

use workforce::model::Dataset;
use workforce::table::{Column, Display, Table};
use workforce::Date;

/// Arrow `date32` days → date.
pub fn from_days(d: i32) -> Date {
    Date::from_num_days_from_ce_opt(d + 719_163).unwrap_or(Date::MIN)
}

/// The canonical file names, in the contract's order.
pub const FILES: [&str; 10] = [
    "org_units",
    "people",
    "posts",
    "contracts",
    "agency_assignments",
    "absences",
    "er_cases",
    "case_allocations",
    "care_periods",
    "bank_holidays",
];

struct B<'a, T> {
    rows: &'a [T],
    t: Table,
}

impl<'a, T> B<'a, T> {
    fn new(rows: &'a [T]) -> Self {
        B {
            rows,
            t: Table::new(),
        }
    }
    fn s(mut self, name: &str, f: impl Fn(&T) -> Option<String>) -> Self {
        let c = Column::Str(self.rows.iter().map(f).collect());
        self.t.push(name, c, Display::Plain);
        self
    }
    fn d(mut self, name: &str, f: impl Fn(&T) -> Option<Date>) -> Self {
        let c = Column::Date(self.rows.iter().map(f).collect());
        self.t.push(name, c, Display::Plain);
        self
    }
    fn f(mut self, name: &str, f: impl Fn(&T) -> Option<f64>) -> Self {
        let c = Column::Float(self.rows.iter().map(f).collect());
        self.t.push(name, c, Display::Plain);
        self
    }
    fn i(mut self, name: &str, f: impl Fn(&T) -> Option<u8>) -> Self {
        let c = Column::Int(self.rows.iter().map(|r| f(r).map(i64::from)).collect());
        self.t.push(name, c, Display::Plain);
        self
    }
    fn b(mut self, name: &str, f: impl Fn(&T) -> Option<bool>) -> Self {
        let c = Column::Bool(self.rows.iter().map(f).collect());
        self.t.push(name, c, Display::Plain);
        self
    }
}

/// One canonical table by name (`contracts` or `contracts.csv`); `None` for an unknown name or
/// an optional table that is absent.
pub fn table(ds: &Dataset, name: &str) -> Option<Table> {
    let name = name.strip_suffix(".csv").unwrap_or(name);
    Some(match name {
        "org_units" => {
            B::new(&ds.org_units)
                .s("org_unit_id", |r| Some(r.org_unit_id.to_string()))
                .s("name", |r| Some(r.name.clone()))
                .s("parent_id", |r| r.parent_id.map(String::from))
                .s("kind", |r| r.kind.map(String::from))
                .t
        }
        "people" => {
            B::new(&ds.people)
                .s("person_id", |r| Some(r.person_id.to_string()))
                .s("swe_number", |r| {
                    r.swe_number.as_ref().map(|s| s.to_string())
                })
                .d("date_of_birth", |r| r.date_of_birth)
                .s("gender", |r| r.gender.map(String::from))
                .s("ethnicity", |r| r.ethnicity.map(String::from))
                .s("qualification_institution", |r| {
                    r.qualification_institution.map(String::from)
                })
                .i("qualification_level", |r| r.qualification_level)
                .b("step_up_graduate", |r| r.step_up_graduate)
                .b("frontline_graduate", |r| r.frontline_graduate)
                .i("cfkss_status", |r| r.cfkss_status)
                .t
        }
        "posts" => {
            B::new(&ds.posts)
                .s("post_id", |r| Some(r.post_id.to_string()))
                .s("org_unit_id", |r| Some(r.org_unit_id.to_string()))
                .s("title", |r| r.title.map(String::from))
                .s("job_family", |r| r.job_family.map(String::from))
                .i("csww_role", |r| r.csww_role)
                .f("fte", |r| Some(r.fte))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .s("grade", |r| r.grade.map(String::from))
                .t
        }
        "contracts" => {
            B::new(&ds.contracts)
                .s("contract_id", |r| Some(r.contract_id.to_string()))
                .s("person_id", |r| Some(r.person_id.to_string()))
                .s("org_unit_id", |r| Some(r.org_unit_id.to_string()))
                .s("post_id", |r| r.post_id.map(String::from))
                .s("title", |r| r.title.map(String::from))
                .s("job_family", |r| r.job_family.map(String::from))
                .i("csww_role", |r| r.csww_role)
                .f("fte", |r| Some(r.fte))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .s("contract_type", |r| {
                    r.contract_type.map(|c| c.as_str().to_string())
                })
                .i("reason_leave", |r| r.reason_leave)
                .i("start_origin", |r| r.start_origin)
                .i("leaver_destination", |r| r.leaver_destination)
                .s("grade", |r| r.grade.map(String::from))
                .f("annual_pay", |r| r.annual_pay)
                .s("source_system", |r| r.source_system.map(String::from))
                .t
        }
        "agency_assignments" => {
            B::new(&ds.agency_assignments)
                .s("assignment_id", |r| Some(r.assignment_id.to_string()))
                .s("person_id", |r| Some(r.person_id.to_string()))
                .s("agency", |r| r.agency.map(String::from))
                .s("org_unit_id", |r| Some(r.org_unit_id.to_string()))
                .s("post_id", |r| r.post_id.map(String::from))
                .s("cover_reason", |r| {
                    r.cover_reason.map(|c| c.as_str().to_string())
                })
                .s("title", |r| r.title.map(String::from))
                .s("job_family", |r| r.job_family.map(String::from))
                .i("csww_role", |r| r.csww_role)
                .f("fte", |r| Some(r.fte))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .d("planned_end_date", |r| r.planned_end_date)
                .f("hourly_charge", |r| r.hourly_charge)
                .t
        }
        "absences" => {
            B::new(&ds.absences)
                .s("absence_id", |r| Some(r.absence_id.to_string()))
                .s("person_id", |r| Some(r.person_id.to_string()))
                .s("absence_type", |r| {
                    Some(r.absence_type.as_str().to_string())
                })
                .s("reason", |r| r.reason.map(String::from))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .f("working_days_lost", |r| r.working_days_lost)
                .t
        }
        "er_cases" => {
            B::new(ds.er_cases.as_deref()?)
                .s("case_id", |r| Some(r.case_id.to_string()))
                .s("person_id", |r| Some(r.person_id.to_string()))
                .s("case_type", |r| Some(r.case_type.as_str().to_string()))
                .d("opened_date", |r| Some(r.opened_date))
                .d("closed_date", |r| r.closed_date)
                .s("outcome", |r| r.outcome.clone())
                .t
        }
        "case_allocations" => {
            B::new(ds.case_allocations.as_deref()?)
                .s("child_id", |r| Some(r.child_id.to_string()))
                .s("person_id", |r| Some(r.person_id.to_string()))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .t
        }
        "care_periods" => {
            B::new(ds.care_periods.as_deref()?)
                .s("child_id", |r| Some(r.child_id.to_string()))
                .d("start_date", |r| Some(r.start_date))
                .d("end_date", |r| r.end_date)
                .t
        }
        "bank_holidays" => {
            B::new(ds.bank_holidays.as_deref()?)
                .d("date", |r| Some(*r))
                .t
        }
        _ => return None,
    })
}
