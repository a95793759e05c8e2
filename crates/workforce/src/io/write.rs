//! Writing a [`Dataset`] as the canonical data folder.

use super::schema::{self, FileSpec};
use crate::model::*;
use crate::table::format_float;
use crate::{Error, ErrorKind, Result};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// One record's fields, written in the contract's column order.
struct Out<'w> {
    w: &'w mut csv::Writer<BufWriter<File>>,
    n: usize,
}

type W<'a, 'w> = &'a mut Out<'w>;

impl Out<'_> {
    fn raw(&mut self, b: &[u8]) -> csv::Result<()> {
        self.n += 1;
        self.w.write_field(b)
    }
    fn s(&mut self, s: &str) -> csv::Result<()> {
        self.raw(s.as_bytes())
    }
    fn os<S: AsRef<str>>(&mut self, s: &Option<S>) -> csv::Result<()> {
        self.s(s.as_ref().map_or("", AsRef::as_ref))
    }
    fn d(&mut self, d: Date) -> csv::Result<()> {
        use chrono::Datelike;
        let (y, m, dd) = (d.year(), d.month(), d.day());
        if (0..=9999).contains(&y) {
            let y = y as u32;
            let digits = [
                y / 1000,
                y / 100 % 10,
                y / 10 % 10,
                y % 10,
                m / 10,
                m % 10,
                dd / 10,
                dd % 10,
            ];
            let mut b = *b"0000-00-00";
            for (k, &i) in [0usize, 1, 2, 3, 5, 6, 8, 9].iter().enumerate() {
                b[i] = b'0' + digits[k] as u8;
            }
            self.raw(&b)
        } else {
            self.s(&d.to_string())
        }
    }
    fn od(&mut self, d: Option<Date>) -> csv::Result<()> {
        match d {
            Some(d) => self.d(d),
            None => self.raw(b""),
        }
    }
    fn f(&mut self, x: f64) -> csv::Result<()> {
        self.s(&format_float(x))
    }
    fn of(&mut self, x: Option<f64>) -> csv::Result<()> {
        match x {
            Some(x) => self.f(x),
            None => self.raw(b""),
        }
    }
    fn code(&mut self, c: Option<u8>) -> csv::Result<()> {
        match c {
            Some(c) => self.s(&c.to_string()),
            None => self.raw(b""),
        }
    }
    fn b(&mut self, b: Option<bool>) -> csv::Result<()> {
        self.raw(match b {
            Some(true) => b"true",
            Some(false) => b"false",
            None => b"",
        })
    }
}

fn write_file<T>(
    dir: &Path,
    spec: FileSpec,
    recs: &[T],
    fields: impl Fn(&T, W) -> csv::Result<()>,
) -> Result<()> {
    let path = dir.join(spec.name);
    let err = |e: csv::Error| match e.kind() {
        csv::ErrorKind::Io(io) => Error::io(spec.name, io),
        _ => Error::new(ErrorKind::Internal, e.to_string()).in_file(spec.name),
    };
    let file = File::create(&path).map_err(|e| Error::io(spec.name, &e))?;
    let mut w = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 20, file));
    w.write_record(spec.columns.iter().map(|c| c.name))
        .map_err(err)?;
    for r in recs {
        let mut out = Out { w: &mut w, n: 0 };
        fields(r, &mut out).map_err(err)?;
        debug_assert_eq!(out.n, spec.columns.len(), "{}", spec.name);
        w.write_record(None::<&[u8]>).map_err(err)?;
    }
    w.flush().map_err(|e| Error::io(spec.name, &e))
}

/// Writes `ds` as the canonical data folder at `path` (created if needed): columns in the
/// contract's order, ISO dates, shortest round-trip numbers, rows in the dataset's order.
/// Optional files are written only when present; an existing file that `ds` leaves out is
/// not removed.
pub fn write_dir(ds: &Dataset, path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path.display(), &e))?;
    write_file(path, schema::ORG_UNITS, &ds.org_units, |u, o| {
        o.s(&u.org_unit_id)?;
        o.s(&u.name)?;
        o.os(&u.parent_id)?;
        o.os(&u.kind)
    })?;
    write_file(path, schema::PEOPLE, &ds.people, |p, o| {
        o.s(&p.person_id)?;
        o.os(&p.swe_number)?;
        o.od(p.date_of_birth)?;
        o.os(&p.gender)?;
        o.os(&p.ethnicity)?;
        o.os(&p.qualification_institution)?;
        o.code(p.qualification_level)?;
        o.b(p.step_up_graduate)?;
        o.b(p.frontline_graduate)?;
        o.code(p.cfkss_status)
    })?;
    write_file(path, schema::POSTS, &ds.posts, |p, o| {
        o.s(&p.post_id)?;
        o.s(&p.org_unit_id)?;
        o.os(&p.title)?;
        o.os(&p.job_family)?;
        o.code(p.csww_role)?;
        o.f(p.fte)?;
        o.d(p.start_date)?;
        o.od(p.end_date)?;
        o.os(&p.grade)
    })?;
    write_file(path, schema::CONTRACTS, &ds.contracts, |c, o| {
        o.s(&c.contract_id)?;
        o.s(&c.person_id)?;
        o.s(&c.org_unit_id)?;
        o.os(&c.post_id)?;
        o.os(&c.title)?;
        o.os(&c.job_family)?;
        o.code(c.csww_role)?;
        o.f(c.fte)?;
        o.d(c.start_date)?;
        o.od(c.end_date)?;
        o.s(c.contract_type.map_or("", ContractType::as_str))?;
        o.code(c.reason_leave)?;
        o.code(c.start_origin)?;
        o.code(c.leaver_destination)?;
        o.os(&c.grade)?;
        o.of(c.annual_pay)?;
        o.os(&c.source_system)
    })?;
    write_file(
        path,
        schema::AGENCY_ASSIGNMENTS,
        &ds.agency_assignments,
        |a, o| {
            o.s(&a.assignment_id)?;
            o.s(&a.person_id)?;
            o.os(&a.agency)?;
            o.s(&a.org_unit_id)?;
            o.os(&a.post_id)?;
            o.s(a.cover_reason.map_or("", CoverReason::as_str))?;
            o.os(&a.title)?;
            o.os(&a.job_family)?;
            o.code(a.csww_role)?;
            o.f(a.fte)?;
            o.d(a.start_date)?;
            o.od(a.end_date)?;
            o.od(a.planned_end_date)?;
            o.of(a.hourly_charge)
        },
    )?;
    write_file(path, schema::ABSENCES, &ds.absences, |a, o| {
        o.s(&a.absence_id)?;
        o.s(&a.person_id)?;
        o.s(a.absence_type.as_str())?;
        o.os(&a.reason)?;
        o.d(a.start_date)?;
        o.od(a.end_date)?;
        o.of(a.working_days_lost)
    })?;
    if let Some(v) = &ds.er_cases {
        write_file(path, schema::ER_CASES, v, |c, o| {
            o.s(&c.case_id)?;
            o.s(&c.person_id)?;
            o.s(c.case_type.as_str())?;
            o.d(c.opened_date)?;
            o.od(c.closed_date)?;
            o.os(&c.outcome)
        })?;
    }
    if let Some(v) = &ds.case_allocations {
        write_file(path, schema::CASE_ALLOCATIONS, v, |c, o| {
            o.s(&c.child_id)?;
            o.s(&c.person_id)?;
            o.d(c.start_date)?;
            o.od(c.end_date)
        })?;
    }
    if let Some(v) = &ds.care_periods {
        write_file(path, schema::CARE_PERIODS, v, |c, o| {
            o.s(&c.child_id)?;
            o.d(c.start_date)?;
            o.od(c.end_date)
        })?;
    }
    if let Some(v) = &ds.bank_holidays {
        write_file(path, schema::BANK_HOLIDAYS, v, |d, o| o.d(*d))?;
    }
    Ok(())
}
