//! Stand-in for `workforce::io` until it lands on main: the same names and shapes, without the
//! validation. Replaced by `pub use workforce::io::...` after the merge.

use workforce::table::{Column, Display, Table};
use workforce::{Dataset, Error, ErrorKind, Location};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    pub strict: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub present: bool,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Issue {
    pub file: String,
    pub row: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl Issue {
    pub fn to_error(&self) -> Error {
        Error::new(ErrorKind::InvalidData, self.reason.clone()).at(Location {
            file: Some(self.file.clone()),
            row: Some(self.row),
            column: (!self.column.is_empty()).then(|| self.column.clone()),
            value: Some(self.value.clone()),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    pub rejections: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

pub const FILES: [&str; 10] = [
    "org_units.csv",
    "people.csv",
    "posts.csv",
    "contracts.csv",
    "agency_assignments.csv",
    "absences.csv",
    "er_cases.csv",
    "case_allocations.csv",
    "care_periods.csv",
    "bank_holidays.csv",
];

impl LoadReport {
    pub fn summary_table(&self) -> Table {
        let int = |f: &dyn Fn(&FileReport) -> u64| {
            Column::Int(self.files.iter().map(|r| Some(f(r) as i64)).collect())
        };
        Table::new()
            .with(
                "file",
                Column::Str(self.files.iter().map(|r| Some(r.file.clone())).collect()),
                Display::Plain,
            )
            .with(
                "present",
                Column::Bool(self.files.iter().map(|r| Some(r.present)).collect()),
                Display::Plain,
            )
            .with("rows_read", int(&|r| r.rows_read), Display::Plain)
            .with("rows_accepted", int(&|r| r.rows_accepted), Display::Plain)
            .with("rows_rejected", int(&|r| r.rows_rejected), Display::Plain)
    }
    pub fn rejections_table(&self) -> Table {
        issues(&self.rejections)
    }
    pub fn warnings_table(&self) -> Table {
        issues(&self.warnings)
    }
}

fn issues(list: &[Issue]) -> Table {
    let s = |f: &dyn Fn(&Issue) -> &str| {
        Column::Str(list.iter().map(|i| Some(f(i).to_string())).collect())
    };
    Table::new()
        .with("file", s(&|i| &i.file), Display::Plain)
        .with(
            "row",
            Column::Int(list.iter().map(|i| Some(i.row as i64)).collect()),
            Display::Plain,
        )
        .with("column", s(&|i| &i.column), Display::Plain)
        .with("value", s(&|i| &i.value), Display::Plain)
        .with("reason", s(&|i| &i.reason), Display::Plain)
}

pub fn check(ds: Dataset) -> (Dataset, LoadReport) {
    let counts = [
        Some(ds.org_units.len()),
        Some(ds.people.len()),
        Some(ds.posts.len()),
        Some(ds.contracts.len()),
        Some(ds.agency_assignments.len()),
        Some(ds.absences.len()),
        ds.er_cases.as_ref().map(Vec::len),
        ds.case_allocations.as_ref().map(Vec::len),
        ds.care_periods.as_ref().map(Vec::len),
        ds.bank_holidays.as_ref().map(Vec::len),
    ];
    let files = FILES
        .iter()
        .zip(counts)
        .map(|(f, n)| FileReport {
            file: f.to_string(),
            present: n.is_some(),
            rows_read: n.unwrap_or(0) as u64,
            rows_accepted: n.unwrap_or(0) as u64,
            rows_rejected: 0,
        })
        .collect();
    (
        ds,
        LoadReport {
            files,
            ..LoadReport::default()
        },
    )
}

pub fn read_dir(
    path: &std::path::Path,
    _opts: &LoadOptions,
) -> workforce::Result<(Dataset, LoadReport)> {
    Err(Error::new(
        ErrorKind::Io,
        format!(
            "reading {} needs workforce::io, not merged yet",
            path.display()
        ),
    ))
}
