//! Reading and writing the canonical data folder (`data-format.md`), with a load report.
//!
//! [`read_dir`] parses every file of the folder (in parallel: a thread per file, and large
//! files in ranges on every core; the files of people, units and posts first), rejects
//! rows that break the contract and reports each one; [`check`] applies the same checks to a
//! [`Dataset`] built in memory; [`write_dir`] writes a dataset back as a folder.
//!
//! Checks, in order: field count and cell syntax; values (codes in range, `fte > 0`, an end
//! date not before its start); duplicate ids (the second and later rows are rejected); the
//! org-unit tree (`parent_id` exists, no cycles, nothing below a rejected unit); references
//! between files, in dependency order (posts → units; contracts and agency assignments →
//! people, units, posts; absences, ER cases and case allocations → people). A rejected row
//! is left out of the [`Dataset`] and gets one [`Issue`]. Warnings (the row is kept): FTE
//! above 1.0, a doubtful Social Work England number, age under 16 at the first contract.

mod cell;
mod lines;
mod read;
pub(crate) mod records;
mod report;
mod schema;
mod validate;
mod write;

pub use read::{ABSENCE_TYPES, CASE_TYPES, CONTRACT_TYPES, COVER_REASONS};
pub use report::{FileReport, Issue, LoadOptions, LoadReport};
pub use write::write_dir;
pub(crate) use write::CsvBuf;

pub(crate) use cell::{iso_date, parse_date};

use crate::id::IdCache;
use crate::model::Dataset;
use crate::Result;
use std::path::Path;
use std::sync::Arc;
use validate::Tables;

/// The canonical file names, in the contract's order (the first six are required).
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

/// The columns of a canonical file, in the contract's order, or `None` for an unknown name.
pub fn columns(file: &str) -> Option<Vec<&'static str>> {
    schema::ALL
        .iter()
        .find(|s| s.name == file)
        .map(|s| s.columns.iter().map(|c| c.name).collect())
}

/// Reads the canonical data folder at `path` ([`read_dir`]) and indexes it for computing
/// ([`Workforce::new`](crate::Workforce::new)), with the report of what was read. The
/// reader has checked every reference already, so the index does not check them again.
///
/// Errors: those of [`read_dir`], then those of `Workforce::new`.
pub fn open_dir(path: &Path, opts: &LoadOptions) -> Result<(crate::Workforce, LoadReport)> {
    let (data, report) = read_dir(path, opts)?;
    Ok((crate::Workforce::of_checked(data)?, report))
}

/// Reads the canonical data folder at `path`.
///
/// Returns the accepted rows and a report of every rejected row and warning. Absent optional
/// files are `None` in the dataset. Errors: a missing required file or an unreadable file
/// ([`ErrorKind::Io`](crate::ErrorKind::Io)); a missing required column
/// ([`ErrorKind::InvalidData`](crate::ErrorKind::InvalidData), naming file and column); in
/// strict mode, the first rejected row (`InvalidData`, with its location).
pub fn read_dir(path: &Path, opts: &LoadOptions) -> Result<(Dataset, LoadReport)> {
    use read::{read_file, read_planned};
    if !path.is_dir() {
        let why = if path.exists() {
            "is a file, not a data folder (give the folder that holds org_units.csv, people.csv, …)"
        } else {
            "no such folder"
        };
        let e = std::io::Error::new(std::io::ErrorKind::NotFound, why);
        return Err(crate::Error::io(path.display(), &e));
    }
    let (ou, pe, po, co, ag, ab, er, ca, cp, bh) = std::thread::scope(|outer| {
        // The later files are opened, and the large ones' line ends counted, while the first
        // files are read (which keeps only one core busy).
        let later = [
            schema::CONTRACTS,
            schema::AGENCY_ASSIGNMENTS,
            schema::ABSENCES,
            schema::ER_CASES,
            schema::CASE_ALLOCATIONS,
        ];
        let plans = outer.spawn(move || later.map(|spec| read::plan(path, spec)));
        // First the files others refer to (care periods, which refer to none, beside them),
        // so that every later reader finds their ids in one shared table instead of
        // interning them again on each thread.
        let (ou, pe, po, cp, bh) = std::thread::scope(|s| {
            let ou = s.spawn(|| read_file(path, schema::ORG_UNITS, read::org_unit, None));
            let pe = s.spawn(|| read_file(path, schema::PEOPLE, read::person, None));
            let po = s.spawn(|| read_file(path, schema::POSTS, read::post, None));
            let cp = s.spawn(|| read_file(path, schema::CARE_PERIODS, read::care_period, None));
            let bh = s.spawn(|| read_file(path, schema::BANK_HOLIDAYS, read::bank_holiday, None));
            (
                crate::par::join(ou),
                crate::par::join(pe),
                crate::par::join(po),
                crate::par::join(cp),
                crate::par::join(bh),
            )
        });
        // The people are a table of their own: a later file's person found there is an
        // accepted person (no person is rejected after it is read, a duplicate id keeps its
        // first row), so the reference check need not look it up again.
        let seed = match (&ou, &pe, &po) {
            (Ok(ou), Ok(pe), Ok(po)) => Some(Arc::new(
                IdCache::of(
                    (ou.table.recs.iter().map(|u| u.org_unit_id))
                        .chain(po.table.recs.iter().map(|p| p.post_id)),
                )
                .with_people(IdCache::of(pe.table.recs.iter().map(|p| p.person_id))),
            )),
            _ => None,
        };
        let [co, ag, ab, er, ca] = crate::par::join(plans);
        let (mut ou, mut pe, mut po) = match (ou, pe, po) {
            (Ok(ou), Ok(pe), Ok(po)) => (ou, pe, po),
            (ou, pe, po) => return Err(ou.and(pe).and(po).err().expect("an error")),
        };
        let seed = seed.as_ref();
        // Each file's duplicate ids are checked on its reader's thread, as soon as it is read.
        let (co, ag, ab, er, ca) = std::thread::scope(|s| {
            let first = s.spawn(|| {
                deduped(schema::ORG_UNITS, &mut ou);
                deduped(schema::PEOPLE, &mut pe);
                deduped(schema::POSTS, &mut po);
            });
            let co = s.spawn(|| read_deduped(co?, read::contract, seed));
            let ag = s.spawn(|| read_deduped(ag?, read::agency_assignment, seed));
            let ab = s.spawn(|| read_deduped(ab?, read::absence, seed));
            let er = s.spawn(|| read_deduped(er?, read::er_case, seed));
            let ca = s.spawn(|| read_planned(ca?, read::case_allocation, seed));
            crate::par::join(first);
            (
                crate::par::join(co),
                crate::par::join(ag),
                crate::par::join(ab),
                crate::par::join(er),
                crate::par::join(ca),
            )
        });
        Ok((ou, pe, po, co, ag, ab, er, ca, cp, bh))
    })?;
    let (co, ag, ab, er, ca, cp, bh) = (co?, ag?, ab?, er?, ca?, cp?, bh?);
    let tables = Tables {
        rejected_ids: [ou.rejected_ids, pe.rejected_ids, po.rejected_ids],
        rejections: [
            ou.rejections,
            pe.rejections,
            po.rejections,
            co.rejections,
            ag.rejections,
            ab.rejections,
            er.rejections,
            ca.rejections,
            cp.rejections,
            bh.rejections,
        ],
        org_units: ou.table,
        people: pe.table,
        posts: po.table,
        contracts: co.table,
        agency_assignments: ag.table,
        absences: ab.table,
        er_cases: er.table,
        case_allocations: ca.table,
        care_periods: cp.table,
        bank_holidays: bh.table,
    };
    let (ds, report) = tables.finish();
    if opts.strict {
        if let Some(first) = report.rejections.first() {
            return Err(first.to_error());
        }
    }
    Ok((ds, report))
}

/// Rejects the records of `parsed` whose id (the file's first column) an earlier record has.
fn deduped<T: validate::Record>(spec: schema::FileSpec, parsed: &mut read::Parsed<T>) {
    let column = spec.columns[0].name;
    (parsed.table).dedup(spec.name, column, &mut parsed.rejections);
}

/// Parses the file `plan` opened ([`read::read_planned`]) and rejects its duplicate ids
/// ([`deduped`]).
fn read_deduped<T, M, F>(
    plan: Option<read::Plan>,
    make: M,
    seed: Option<&Arc<IdCache>>,
) -> Result<read::Parsed<T>>
where
    T: validate::Record + Send,
    M: Fn(&read::Header) -> F + Sync,
    F: Fn(&read::Row) -> Result<T, cell::Problem>,
{
    let spec = plan.as_ref().map(read::Plan::spec);
    let mut parsed = read::read_planned(plan, make, seed)?;
    if let Some(spec) = spec {
        deduped(spec, &mut parsed);
    }
    Ok(parsed)
}

/// Validates a dataset built in memory with the checks [`read_dir`] applies after parsing.
///
/// Rows are numbered by position from 1 and named by their canonical file; rows read is the
/// number of records given. Returns the accepted records and the report.
pub fn check(dataset: Dataset) -> (Dataset, LoadReport) {
    Tables::from_dataset(dataset).finish()
}
