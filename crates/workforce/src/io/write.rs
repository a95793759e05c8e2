//! Writing a [`Dataset`] as the canonical data folder.

use super::cell::iso_date;
use super::schema::{self, FileSpec};
use crate::model::*;
use crate::table::write_float;
use crate::{Error, Result};
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write as _;
use std::path::Path;

/// CSV records built in a byte buffer, quoted as the `csv` crate writes them by default (a
/// field with a comma, quote or line end is quoted and its quotes doubled; a record of one
/// empty field is `""`), so a file is byte for byte what it wrote, without its per-field
/// state machine and buffer checks (a fifth of the demo's instructions went there).
#[derive(Debug, Default)]
pub(crate) struct CsvBuf {
    buf: Vec<u8>,
    /// Where the current record starts in `buf`.
    start: usize,
    /// No field of the current record written yet.
    first: bool,
    /// A formatted field's text before it is appended.
    cell: String,
}

/// The bytes that make a field quoted, by value.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

/// True when a field holds a byte that makes it quoted.
fn needs_quotes(b: &[u8]) -> bool {
    b.iter().any(|&c| SPECIAL[c as usize])
}

impl CsvBuf {
    /// An empty buffer with room for `cap` bytes.
    pub(crate) fn with_capacity(cap: usize) -> Self {
        CsvBuf {
            buf: Vec::with_capacity(cap),
            start: 0,
            first: true,
            cell: String::new(),
        }
    }
    /// Starts the record's next field: a comma unless it is the first.
    fn next_field(&mut self) -> &mut Vec<u8> {
        if !std::mem::take(&mut self.first) {
            self.buf.push(b',');
        }
        &mut self.buf
    }
    /// Appends a field, quoted when it needs to be.
    pub(crate) fn field(&mut self, b: &[u8]) {
        if !needs_quotes(b) {
            self.next_field().extend_from_slice(b);
            return;
        }
        let out = self.next_field();
        out.push(b'"');
        for &c in b {
            if c == b'"' {
                out.push(b'"');
            }
            out.push(c);
        }
        out.push(b'"');
    }
    /// Appends a field that holds none of the bytes that need quotes (a date).
    fn plain(&mut self, b: &[u8]) {
        self.next_field().extend_from_slice(b);
    }
    /// Appends the field that `write` formats (a number, a date), without a `String` of its
    /// own.
    pub(crate) fn formatted(&mut self, write: impl FnOnce(&mut String)) {
        let mut cell = std::mem::take(&mut self.cell);
        cell.clear();
        write(&mut cell);
        self.field(cell.as_bytes());
        self.cell = cell;
    }
    /// Ends the record.
    pub(crate) fn end(&mut self) {
        if self.buf.len() == self.start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
        self.start = self.buf.len();
        self.first = true;
    }
    /// The bytes written so far.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
    /// Moves the finished records to `file` (called between records).
    fn drain_to(&mut self, file: &mut File) -> std::io::Result<()> {
        file.write_all(&self.buf)?;
        self.buf.clear();
        self.start = 0;
        Ok(())
    }
}

/// The ISO text of the dates written so far, by day from [`DateTexts::FIRST`] (a zero
/// first byte: not made yet). The same few thousand days recur in every file (the demo
/// writes 188,000 dates, most of them in its 89,706 case allocations), and taking a date
/// apart into year, month and day was most of the cost of writing one.
struct DateTexts(Vec<[u8; 10]>);

impl DateTexts {
    /// The first day kept (earlier and later dates are written without the table).
    const FIRST: i32 = 730_120; // 2000-01-01, days from the common era
    /// Days kept: 2000 to 2049.
    const DAYS: usize = 18_263;

    fn new() -> Self {
        DateTexts(vec![[0; 10]; Self::DAYS])
    }
    /// `d`'s text, when it is in the table's years.
    fn get(&mut self, d: Date) -> Option<&[u8; 10]> {
        use chrono::Datelike;
        let i = usize::try_from(d.num_days_from_ce() - Self::FIRST).ok()?;
        let t = self.0.get_mut(i)?;
        if t[0] == 0 {
            *t = iso_date(d)?;
        }
        Some(t)
    }
}

/// One record's fields, written in the contract's column order.
struct Out<'w> {
    w: &'w mut CsvBuf,
    dates: &'w mut DateTexts,
    n: usize,
}

type W<'a, 'w> = &'a mut Out<'w>;

impl Out<'_> {
    fn raw(&mut self, b: &[u8]) {
        self.n += 1;
        self.w.field(b);
    }
    fn s(&mut self, s: &str) {
        self.raw(s.as_bytes())
    }
    fn os<S: AsRef<str>>(&mut self, s: &Option<S>) {
        self.s(s.as_ref().map_or("", AsRef::as_ref))
    }
    fn formatted(&mut self, write: impl FnOnce(&mut String)) {
        self.n += 1;
        self.w.formatted(write);
    }
    fn d(&mut self, d: Date) {
        self.n += 1;
        if let Some(t) = self.dates.get(d) {
            self.w.plain(t);
        } else if let Some(t) = iso_date(d) {
            self.w.plain(&t);
        } else {
            self.w.field(d.to_string().as_bytes());
        }
    }
    fn od(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.d(d),
            None => self.raw(b""),
        }
    }
    fn f(&mut self, x: f64) {
        self.formatted(|s| write_float(s, x))
    }
    fn of(&mut self, x: Option<f64>) {
        match x {
            Some(x) => self.f(x),
            None => self.raw(b""),
        }
    }
    fn code(&mut self, c: Option<u8>) {
        match c {
            Some(c) => self.formatted(|s| {
                let _ = write!(s, "{c}");
            }),
            None => self.raw(b""),
        }
    }
    fn b(&mut self, b: Option<bool>) {
        self.raw(match b {
            Some(true) => b"true",
            Some(false) => b"false",
            None => b"",
        })
    }
}

/// Bytes gathered before they are written to the file.
const CHUNK: usize = 1 << 20;

fn write_file<T>(
    dir: &Path,
    spec: FileSpec,
    recs: &[T],
    dates: &mut DateTexts,
    fields: impl Fn(&T, W),
) -> Result<()> {
    let path = dir.join(spec.name);
    let err = |e: std::io::Error| Error::io(spec.name, &e);
    let mut file = File::create(&path).map_err(err)?;
    let mut w = CsvBuf::with_capacity(CHUNK + 4096);
    for c in spec.columns {
        w.field(c.name.as_bytes());
    }
    w.end();
    for r in recs {
        let mut out = Out {
            w: &mut w,
            dates: &mut *dates,
            n: 0,
        };
        fields(r, &mut out);
        debug_assert_eq!(out.n, spec.columns.len(), "{}", spec.name);
        w.end();
        if w.buf.len() >= CHUNK {
            w.drain_to(&mut file).map_err(err)?;
        }
    }
    w.drain_to(&mut file).map_err(err)
}

/// Writes `ds` as the canonical data folder at `path` (created if needed): columns in the
/// contract's order, ISO dates, shortest round-trip numbers, rows in the dataset's order.
/// Optional files are written only when present; an existing file that `ds` leaves out is
/// not removed.
pub fn write_dir(ds: &Dataset, path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path.display(), &e))?;
    let dates = &mut DateTexts::new();
    write_file(path, schema::ORG_UNITS, &ds.org_units, dates, |u, o| {
        o.s(&u.org_unit_id);
        o.s(&u.name);
        o.os(&u.parent_id);
        o.os(&u.kind)
    })?;
    write_file(path, schema::PEOPLE, &ds.people, dates, |p, o| {
        o.s(&p.person_id);
        o.os(&p.swe_number);
        o.od(p.date_of_birth);
        o.os(&p.gender);
        o.os(&p.ethnicity);
        o.os(&p.qualification_institution);
        o.code(p.qualification_level);
        o.b(p.step_up_graduate);
        o.b(p.frontline_graduate);
        o.code(p.cfkss_status)
    })?;
    write_file(path, schema::POSTS, &ds.posts, dates, |p, o| {
        o.s(&p.post_id);
        o.s(&p.org_unit_id);
        o.os(&p.title);
        o.os(&p.job_family);
        o.code(p.csww_role);
        o.f(p.fte);
        o.d(p.start_date);
        o.od(p.end_date);
        o.os(&p.grade)
    })?;
    write_file(path, schema::CONTRACTS, &ds.contracts, dates, |c, o| {
        o.s(&c.contract_id);
        o.s(&c.person_id);
        o.s(&c.org_unit_id);
        o.os(&c.post_id);
        o.os(&c.title);
        o.os(&c.job_family);
        o.code(c.csww_role);
        o.f(c.fte);
        o.d(c.start_date);
        o.od(c.end_date);
        o.s(c.contract_type.map_or("", ContractType::as_str));
        o.code(c.reason_leave);
        o.code(c.start_origin);
        o.code(c.leaver_destination);
        o.os(&c.grade);
        o.of(c.annual_pay);
        o.os(&c.source_system)
    })?;
    write_file(
        path,
        schema::AGENCY_ASSIGNMENTS,
        &ds.agency_assignments,
        dates,
        |a, o| {
            o.s(&a.assignment_id);
            o.s(&a.person_id);
            o.os(&a.agency);
            o.s(&a.org_unit_id);
            o.os(&a.post_id);
            o.s(a.cover_reason.map_or("", CoverReason::as_str));
            o.os(&a.title);
            o.os(&a.job_family);
            o.code(a.csww_role);
            o.f(a.fte);
            o.d(a.start_date);
            o.od(a.end_date);
            o.od(a.planned_end_date);
            o.of(a.hourly_charge)
        },
    )?;
    write_file(path, schema::ABSENCES, &ds.absences, dates, |a, o| {
        o.s(&a.absence_id);
        o.s(&a.person_id);
        o.s(a.absence_type.as_str());
        o.os(&a.reason);
        o.d(a.start_date);
        o.od(a.end_date);
        o.of(a.working_days_lost)
    })?;
    if let Some(v) = &ds.er_cases {
        write_file(path, schema::ER_CASES, v, dates, |c, o| {
            o.s(&c.case_id);
            o.s(&c.person_id);
            o.s(c.case_type.as_str());
            o.d(c.opened_date);
            o.od(c.closed_date);
            o.os(&c.outcome)
        })?;
    }
    if let Some(v) = &ds.case_allocations {
        write_file(path, schema::CASE_ALLOCATIONS, v, dates, |c, o| {
            o.s(&c.child_id);
            o.s(&c.person_id);
            o.d(c.start_date);
            o.od(c.end_date)
        })?;
    }
    if let Some(v) = &ds.care_periods {
        write_file(path, schema::CARE_PERIODS, v, dates, |c, o| {
            o.s(&c.child_id);
            o.d(c.start_date);
            o.od(c.end_date)
        })?;
    }
    if let Some(v) = &ds.bank_holidays {
        write_file(path, schema::BANK_HOLIDAYS, v, dates, |d, o| o.d(*d))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as the `csv` crate writes them, the reference for [`CsvBuf`].
    fn by_csv_crate(records: &[Vec<&str>]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for r in records {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let fields = [
            "",
            "a",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nend",
            "cr\r",
            " padded ",
            "'=1",
            "é,ü",
        ];
        let mut records: Vec<Vec<&str>> = vec![vec![], vec![""], vec!["", ""], vec!["", "x"]];
        for a in fields {
            records.push(vec![a]);
            for b in fields {
                records.push(vec![a, b, a]);
            }
        }
        let mut w = CsvBuf::with_capacity(0);
        for r in &records {
            for f in r {
                w.field(f.as_bytes());
            }
            w.end();
        }
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            String::from_utf8(by_csv_crate(&records)).unwrap()
        );
    }

    #[test]
    fn dates_are_written_as_iso_text_in_and_out_of_the_table() {
        let mut texts = DateTexts::new();
        let mut w = CsvBuf::with_capacity(0);
        let mut want = String::new();
        let first = Date::from_ymd_opt(1998, 12, 25).unwrap();
        let days = (0..DateTexts::DAYS as i64 + 800).chain([-800_000, 3_000_000]);
        for k in days.chain(0..10) {
            let d = first + chrono::Duration::days(k);
            let mut out = Out {
                w: &mut w,
                dates: &mut texts,
                n: 0,
            };
            out.d(d);
            w.end();
            want.push_str(&format!("{d}\n"));
        }
        assert_eq!(String::from_utf8(w.into_bytes()).unwrap(), want);
    }
}
