//! The files and columns of the canonical data folder, in the contract's order.

/// A column of a canonical file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    pub name: &'static str,
    pub required: bool,
}

const fn req(name: &'static str) -> Col {
    Col {
        name,
        required: true,
    }
}
const fn opt(name: &'static str) -> Col {
    Col {
        name,
        required: false,
    }
}

/// A canonical file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FileSpec {
    pub name: &'static str,
    pub required: bool,
    pub columns: &'static [Col],
}

impl FileSpec {
    /// Index of a column in `columns`; panics on a name the contract does not list.
    pub fn index(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.name))
    }
}

pub(crate) const ORG_UNITS: FileSpec = FileSpec {
    name: "org_units.csv",
    required: true,
    columns: &[
        req("org_unit_id"),
        req("name"),
        opt("parent_id"),
        opt("kind"),
    ],
};

pub(crate) const PEOPLE: FileSpec = FileSpec {
    name: "people.csv",
    required: true,
    columns: &[
        req("person_id"),
        opt("swe_number"),
        opt("date_of_birth"),
        opt("gender"),
        opt("ethnicity"),
        opt("qualification_institution"),
        opt("qualification_level"),
        opt("step_up_graduate"),
        opt("frontline_graduate"),
        opt("cfkss_status"),
    ],
};

pub(crate) const POSTS: FileSpec = FileSpec {
    name: "posts.csv",
    required: true,
    columns: &[
        req("post_id"),
        req("org_unit_id"),
        opt("title"),
        opt("job_family"),
        opt("csww_role"),
        req("fte"),
        req("start_date"),
        opt("end_date"),
        opt("grade"),
    ],
};

pub(crate) const CONTRACTS: FileSpec = FileSpec {
    name: "contracts.csv",
    required: true,
    columns: &[
        req("contract_id"),
        req("person_id"),
        req("org_unit_id"),
        opt("post_id"),
        opt("title"),
        opt("job_family"),
        opt("csww_role"),
        req("fte"),
        req("start_date"),
        opt("end_date"),
        opt("contract_type"),
        opt("reason_leave"),
        opt("start_origin"),
        opt("leaver_destination"),
        opt("grade"),
        opt("annual_pay"),
        opt("source_system"),
    ],
};

pub(crate) const AGENCY_ASSIGNMENTS: FileSpec = FileSpec {
    name: "agency_assignments.csv",
    required: true,
    columns: &[
        req("assignment_id"),
        req("person_id"),
        opt("agency"),
        req("org_unit_id"),
        opt("post_id"),
        opt("cover_reason"),
        opt("title"),
        opt("job_family"),
        opt("csww_role"),
        req("fte"),
        req("start_date"),
        opt("end_date"),
        opt("planned_end_date"),
        opt("hourly_charge"),
    ],
};

pub(crate) const ABSENCES: FileSpec = FileSpec {
    name: "absences.csv",
    required: true,
    columns: &[
        req("absence_id"),
        req("person_id"),
        req("absence_type"),
        opt("reason"),
        req("start_date"),
        opt("end_date"),
        opt("working_days_lost"),
    ],
};

pub(crate) const ER_CASES: FileSpec = FileSpec {
    name: "er_cases.csv",
    required: false,
    columns: &[
        req("case_id"),
        req("person_id"),
        req("case_type"),
        req("opened_date"),
        opt("closed_date"),
        opt("outcome"),
    ],
};

pub(crate) const CASE_ALLOCATIONS: FileSpec = FileSpec {
    name: "case_allocations.csv",
    required: false,
    columns: &[
        req("child_id"),
        req("person_id"),
        req("start_date"),
        opt("end_date"),
    ],
};

pub(crate) const CARE_PERIODS: FileSpec = FileSpec {
    name: "care_periods.csv",
    required: false,
    columns: &[req("child_id"), req("start_date"), opt("end_date")],
};

pub(crate) const BANK_HOLIDAYS: FileSpec = FileSpec {
    name: "bank_holidays.csv",
    required: false,
    columns: &[req("date")],
};

/// Every file, in the contract's order (also the order of the load report).
pub(crate) const ALL: [FileSpec; 10] = [
    ORG_UNITS,
    PEOPLE,
    POSTS,
    CONTRACTS,
    AGENCY_ASSIGNMENTS,
    ABSENCES,
    ER_CASES,
    CASE_ALLOCATIONS,
    CARE_PERIODS,
    BANK_HOLIDAYS,
];

/// Index of each file in [`ALL`].
pub(crate) mod ix {
    pub const ORG_UNITS: usize = 0;
    pub const PEOPLE: usize = 1;
    pub const POSTS: usize = 2;
    pub const CONTRACTS: usize = 3;
    pub const AGENCY_ASSIGNMENTS: usize = 4;
    pub const ABSENCES: usize = 5;
    pub const ER_CASES: usize = 6;
    pub const CASE_ALLOCATIONS: usize = 7;
    pub const CARE_PERIODS: usize = 8;
    pub const BANK_HOLIDAYS: usize = 9;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_constants_match_order() {
        let names: Vec<&str> = ALL.iter().map(|f| f.name).collect();
        assert_eq!(names[ix::ORG_UNITS], "org_units.csv");
        assert_eq!(names[ix::PEOPLE], "people.csv");
        assert_eq!(names[ix::POSTS], "posts.csv");
        assert_eq!(names[ix::CONTRACTS], "contracts.csv");
        assert_eq!(names[ix::AGENCY_ASSIGNMENTS], "agency_assignments.csv");
        assert_eq!(names[ix::ABSENCES], "absences.csv");
        assert_eq!(names[ix::ER_CASES], "er_cases.csv");
        assert_eq!(names[ix::CASE_ALLOCATIONS], "case_allocations.csv");
        assert_eq!(names[ix::CARE_PERIODS], "care_periods.csv");
        assert_eq!(names[ix::BANK_HOLIDAYS], "bank_holidays.csv");
        assert_eq!(ALL.iter().filter(|f| f.required).count(), 6);
    }
}
