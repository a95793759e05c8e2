//! What a load found: per-file counts, rejected rows and warnings.

use crate::table::{Column, Display, Table};
use crate::{Error, ErrorKind, Location};
use std::fmt;

/// How to load a data folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Fail on the first rejected row instead of dropping it and reporting it.
    pub strict: bool,
}

/// Counts for one file of the data folder.
///
/// Always `rows_read == rows_accepted + rows_rejected`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Canonical file name, such as `contracts.csv`.
    pub file: String,
    /// False when an optional file was absent.
    pub present: bool,
    /// Data rows read (the header is not counted).
    pub rows_read: u64,
    /// Rows kept in the [`Dataset`](crate::Dataset).
    pub rows_accepted: u64,
    /// Rows dropped, each with one [`Issue`] in [`LoadReport::rejections`].
    pub rows_rejected: u64,
}

/// One problem with one row: why it was rejected, or what looks doubtful about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Issue {
    /// Canonical file name.
    pub file: String,
    /// 1-based line number, the header being line 1 (position in the input list for
    /// [`check`](super::check)).
    pub row: u64,
    /// Column concerned; empty when the whole row is at fault (wrong number of fields).
    pub column: String,
    /// The offending value as read.
    pub value: String,
    /// Plain-English reason.
    pub reason: String,
}

impl Issue {
    /// The issue as an error location.
    pub fn location(&self) -> Location {
        Location {
            file: Some(self.file.clone()),
            row: Some(self.row),
            column: (!self.column.is_empty()).then(|| self.column.clone()),
            value: Some(self.value.clone()),
        }
    }

    /// The issue as an [`ErrorKind::InvalidData`] error (used by strict loading).
    pub fn to_error(&self) -> Error {
        Error::new(ErrorKind::InvalidData, self.reason.clone()).at(self.location())
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}", self.file, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ", value {:?}: {}", self.value, self.reason)
    }
}

/// The report of a load: one [`FileReport`] per canonical file (in the contract's order),
/// every rejected row and every warning (sorted by file, then row).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Counts per file.
    pub files: Vec<FileReport>,
    /// Rows dropped, one issue per row.
    pub rejections: Vec<Issue>,
    /// Rows kept with a doubtful value.
    pub warnings: Vec<Issue>,
}

/// Most issues of each list that [`LoadReport`]'s `Display` prints.
const DISPLAY_LIMIT: usize = 20;

impl LoadReport {
    /// True when nothing was rejected and nothing was doubtful.
    pub fn is_clean(&self) -> bool {
        self.rejections.is_empty() && self.warnings.is_empty()
    }

    /// The counts of one file by canonical name.
    pub fn file(&self, name: &str) -> Option<&FileReport> {
        self.files.iter().find(|f| f.file == name)
    }

    /// One row per file: `file`, `present`, `rows_read`, `rows_accepted`, `rows_rejected`,
    /// `warnings`.
    pub fn summary_table(&self) -> Table {
        let int = |f: &dyn Fn(&FileReport) -> u64| {
            Column::Int(self.files.iter().map(|r| Some(f(r) as i64)).collect())
        };
        let warnings = Column::Int(
            self.files
                .iter()
                .map(|r| Some(self.warnings.iter().filter(|w| w.file == r.file).count() as i64))
                .collect(),
        );
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
            .with("warnings", warnings, Display::Plain)
    }

    /// The rejected rows: `file`, `row`, `column`, `value`, `reason`.
    pub fn rejections_table(&self) -> Table {
        issues_table(&self.rejections)
    }

    /// The warnings: `file`, `row`, `column`, `value`, `reason`.
    pub fn warnings_table(&self) -> Table {
        issues_table(&self.warnings)
    }
}

fn issues_table(issues: &[Issue]) -> Table {
    let s = |f: &dyn Fn(&Issue) -> &str| {
        Column::Str(issues.iter().map(|i| Some(f(i).to_string())).collect())
    };
    Table::new()
        .with("file", s(&|i| &i.file), Display::Plain)
        .with(
            "row",
            Column::Int(issues.iter().map(|i| Some(i.row as i64)).collect()),
            Display::Plain,
        )
        .with("column", s(&|i| &i.column), Display::Plain)
        .with("value", s(&|i| &i.value), Display::Plain)
        .with("reason", s(&|i| &i.reason), Display::Plain)
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.files {
            if r.present {
                writeln!(
                    f,
                    "{}: {} rows read, {} accepted, {} rejected",
                    r.file, r.rows_read, r.rows_accepted, r.rows_rejected
                )?;
            } else {
                writeln!(f, "{}: absent", r.file)?;
            }
        }
        for (label, list) in [("rejected", &self.rejections), ("warning", &self.warnings)] {
            for i in list.iter().take(DISPLAY_LIMIT) {
                writeln!(f, "{label}: {i}")?;
            }
            if list.len() > DISPLAY_LIMIT {
                writeln!(f, "... and {} more ({label})", list.len() - DISPLAY_LIMIT)?;
            }
        }
        Ok(())
    }
}
