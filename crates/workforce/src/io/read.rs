//! Reading one canonical CSV file into typed records, one borrowed row at a time.

use super::cell::{self, Problem};
use super::records::{csv_core_reader, csv_reader, read_csv, read_plain, Fields};
use super::report::Issue;
use super::schema::FileSpec;
use super::validate::{issue, Loaded, Record};
use crate::id::IdCache;
use crate::model::*;
use crate::{Error, ErrorKind, Location, Result};
use std::cell::RefCell;
use std::fs::File;
use std::mem::MaybeUninit;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::{Mutex, PoisonError};

/// A file as parsed: the records that parsed and passed the value checks, and the rest.
pub(crate) struct Parsed<T> {
    pub table: Loaded<T>,
    pub rejections: Vec<Issue>,
    /// First-column values (ids) of the rejected rows, for clearer reference messages.
    pub rejected_ids: Vec<String>,
}

impl<T: Record> Parsed<T> {
    fn absent() -> Self {
        Parsed {
            table: Loaded::absent(),
            rejections: Vec::new(),
            rejected_ids: Vec::new(),
        }
    }
}

/// A column of the contract located in the file's header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColRef {
    name: &'static str,
    idx: Option<usize>,
}

/// The header of a file mapped onto the contract's columns, once per file.
pub(crate) struct Header {
    spec: FileSpec,
    idx: Vec<Option<usize>>,
    width: usize,
}

impl Header {
    fn new(spec: FileSpec, rec: &csv::ByteRecord) -> Result<Header> {
        let mut idx = vec![None; spec.columns.len()];
        for (i, raw) in rec.iter().enumerate() {
            let raw = raw
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(raw)
                .trim_ascii();
            if let Some(c) = spec.columns.iter().position(|c| c.name.as_bytes() == raw) {
                if idx[c].is_some() {
                    return Err(header_error(
                        spec,
                        spec.columns[c].name,
                        "column appears twice",
                    ));
                }
                idx[c] = Some(i);
            }
        }
        if let Some(c) = spec
            .columns
            .iter()
            .zip(&idx)
            .find(|(c, i)| c.required && i.is_none())
        {
            let has: Vec<_> = rec.iter().map(String::from_utf8_lossy).collect();
            let mut message = format!(
                "required column {} is missing (the header has: {})",
                c.0.name,
                has.join(", ")
            );
            if rec.iter().any(|h| std::str::from_utf8(h).is_err()) {
                message.push_str("; the header is not valid UTF-8: save the file as UTF-8");
            }
            return Err(header_error(spec, c.0.name, message));
        }
        Ok(Header {
            spec,
            idx,
            width: rec.len(),
        })
    }

    /// The contract column `name`; panics if the contract does not list it (a bug).
    pub fn col(&self, name: &str) -> ColRef {
        let c = self.spec.index(name);
        ColRef {
            name: self.spec.columns[c].name,
            idx: self.idx[c],
        }
    }
}

fn header_error(spec: FileSpec, column: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidData, message).at(Location {
        file: Some(spec.name.to_string()),
        row: Some(1),
        column: Some(column.to_string()),
        value: None,
    })
}

/// One data row, borrowed from the reader's buffer.
pub(crate) struct Row<'a> {
    fields: Fields<'a>,
    ids: &'a RefCell<IdCache>,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl<'a> Row<'a> {
    fn raw(&self, c: ColRef) -> &'a [u8] {
        c.idx
            .and_then(|i| self.fields.get(i))
            .map_or(&b""[..], <[u8]>::trim_ascii)
    }

    fn text(&self, c: ColRef) -> Result<Option<&'a str>, Problem> {
        let s = match self.fields {
            // A plain line is valid UTF-8 already.
            Fields::Plain { .. } => c
                .idx
                .and_then(|i| self.fields.str_at(i))
                .map_or("", str::trim_ascii),
            Fields::Csv(_) => {
                let raw = self.raw(c);
                std::str::from_utf8(raw)
                    .map_err(|_| Problem::new(c.name, lossy(raw), "not valid UTF-8"))?
            }
        };
        let b = s.as_bytes();
        if b.is_empty() {
            return Ok(None);
        }
        // ASCII space is trimmed already but for the vertical tab; trim the rest only when it
        // can be there. A value is never blank, so parsed records need no `check_required`.
        let plain_edge = |b: u8| b.is_ascii() && b != 0x0B;
        if plain_edge(b[0]) && plain_edge(b[b.len() - 1]) {
            Ok(Some(s))
        } else {
            let s = s.trim();
            Ok((!s.is_empty()).then_some(s))
        }
    }

    fn missing(c: ColRef) -> Problem {
        Problem::new(c.name, "", "required value is missing")
    }

    pub fn opt_str(&self, c: ColRef) -> Result<Option<String>, Problem> {
        Ok(self.text(c)?.map(str::to_owned))
    }

    pub fn req_str(&self, c: ColRef) -> Result<String, Problem> {
        self.opt_str(c)?.ok_or_else(|| Self::missing(c))
    }

    pub fn opt_key(&self, c: ColRef) -> Result<Option<EcoString>, Problem> {
        Ok(self.text(c)?.map(EcoString::from))
    }

    pub fn req_key(&self, c: ColRef) -> Result<EcoString, Problem> {
        self.opt_key(c)?.ok_or_else(|| Self::missing(c))
    }

    pub fn opt_id(&self, c: ColRef) -> Result<Option<Id>, Problem> {
        let column = c.idx.unwrap_or(usize::MAX);
        Ok(self
            .text(c)?
            .map(|s| self.ids.borrow_mut().get_in(column, s)))
    }

    pub fn req_id(&self, c: ColRef) -> Result<Id, Problem> {
        self.opt_id(c)?.ok_or_else(|| Self::missing(c))
    }

    /// A required id naming a person ([`IdCache::get_person_in`]).
    pub fn req_person(&self, c: ColRef) -> Result<Id, Problem> {
        let column = c.idx.unwrap_or(usize::MAX);
        let text = self.text(c)?.ok_or_else(|| Self::missing(c))?;
        Ok(self.ids.borrow_mut().get_person_in(column, text))
    }

    pub fn opt_date(&self, c: ColRef) -> Result<Option<Date>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        cell::parse_date(raw)
            .map(Some)
            .ok_or_else(|| Problem::new(c.name, lossy(raw), "not a valid date in YYYY-MM-DD form"))
    }

    pub fn req_date(&self, c: ColRef) -> Result<Date, Problem> {
        self.opt_date(c)?.ok_or_else(|| Self::missing(c))
    }

    fn opt_number(&self, c: ColRef) -> Result<Option<(f64, &'a [u8])>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        match cell::parse_f64(raw) {
            Some(v) => Ok(Some((v, raw))),
            None => Err(Problem::new(c.name, lossy(raw), "not a number")),
        }
    }

    pub fn fte(&self, c: ColRef) -> Result<f64, Problem> {
        let (v, raw) = self.opt_number(c)?.ok_or_else(|| Self::missing(c))?;
        cell::check_fte(v).map_err(|r| Problem::new(c.name, lossy(raw), r))?;
        Ok(v)
    }

    pub fn opt_amount(&self, c: ColRef) -> Result<Option<f64>, Problem> {
        match self.opt_number(c)? {
            None => Ok(None),
            Some((v, raw)) => cell::check_amount(c.name, v)
                .map(|()| Some(v))
                .map_err(|r| Problem::new(c.name, lossy(raw), r)),
        }
    }

    pub fn opt_code(&self, c: ColRef, max: u8) -> Result<Option<u8>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        let v = cell::parse_code(raw).ok_or_else(|| {
            Problem::new(
                c.name,
                lossy(raw),
                format!("{} must be a code from 1 to {max}", c.name),
            )
        })?;
        cell::check_code(c.name, v, max).map_err(|r| Problem::new(c.name, lossy(raw), r))?;
        Ok(Some(v))
    }

    pub fn opt_bool(&self, c: ColRef) -> Result<Option<bool>, Problem> {
        let raw = self.raw(c);
        if raw.is_empty() {
            return Ok(None);
        }
        cell::parse_bool(raw)
            .map(Some)
            .ok_or_else(|| Problem::new(c.name, lossy(raw), "must be true or false"))
    }

    pub fn opt_enum<T>(
        &self,
        c: ColRef,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<Option<T>, Problem> {
        match self.text(c)? {
            None => Ok(None),
            Some(s) => parse(s)
                .map(Some)
                .ok_or_else(|| Problem::new(c.name, s, format!("must be one of {allowed}"))),
        }
    }

    pub fn req_enum<T>(
        &self,
        c: ColRef,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<T, Problem> {
        self.opt_enum(c, parse, allowed)?
            .ok_or_else(|| Self::missing(c))
    }
}

/// Rows read before sizing the record vectors from the file length.
const SAMPLE_ROWS: u64 = 4096;

/// Files at least this large are parsed in byte ranges on several threads.
const PARALLEL_MIN_BYTES: u64 = 64 << 20;

/// Byte ranges per thread for a large file, claimed one at a time, so that the threads
/// finish together.
const RANGES_PER_THREAD: usize = 16;

/// A file ready to parse: its header mapped onto the contract and, for a large file, the
/// byte ranges its rows are parsed in with the line ends in each (see [`read_planned`]).
pub(crate) struct Plan {
    spec: FileSpec,
    path: PathBuf,
    header: Header,
    data_start: u64,
    header_lines: u64,
    file_len: u64,
    /// Byte ranges of the data, for a file parsed on several threads; else empty.
    ranges: Vec<(u64, u64)>,
    /// Records each range can hold: its line ends (and one more for the last range).
    caps: Vec<usize>,
    /// Threads to parse the ranges on.
    threads: usize,
}

/// Reads `spec` from `dir`: `Ok(None)` inside `Parsed` when an optional file is absent.
///
/// Ids are interned through a cache per thread that looks in `seed` first (see [`IdCache`]).
pub(crate) fn read_file<T, M, F>(
    dir: &Path,
    spec: FileSpec,
    make: M,
    seed: Option<&Arc<IdCache>>,
) -> Result<Parsed<T>>
where
    T: Record + Send,
    M: Fn(&Header) -> F + Sync,
    F: Fn(&Row) -> Result<T, Problem>,
{
    read_planned(plan(dir, spec)?, make, seed)
}

/// Opens `spec` in `dir` and reads its header; splits a large file into byte ranges and
/// counts the line ends in each (a pass over the file, which a caller can make while
/// other files are parsed). `Ok(None)` when an optional file is absent.
pub(crate) fn plan(dir: &Path, spec: FileSpec) -> Result<Option<Plan>> {
    plan_in(dir, spec, crate::par::threads(), PARALLEL_MIN_BYTES)
}

impl Plan {
    /// The file's place in the data contract.
    pub(crate) fn spec(&self) -> FileSpec {
        self.spec
    }
}

/// [`plan`] with `threads` ranges for files of at least `min_bytes`.
fn plan_in(dir: &Path, spec: FileSpec, threads: usize, min_bytes: u64) -> Result<Option<Plan>> {
    let path = dir.join(spec.name);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if spec.required {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!(
                        "required file {} is missing from {}",
                        spec.name,
                        dir.display()
                    ),
                )
                .in_file(spec.name));
            }
            return Ok(None);
        }
        Err(e) => return Err(Error::io(spec.name, &e)),
    };
    let file_len = file.metadata().map_or(0, |m| m.len());
    let mut rdr = csv_reader().has_headers(true).from_reader(file);
    let header = Header::new(spec, rdr.byte_headers().map_err(|e| csv_error(spec, e))?)?;
    let data_start = rdr.position().byte();
    let header_lines = rdr.position().line() - 1;
    drop(rdr);
    let mut plan = Plan {
        spec,
        path,
        header,
        data_start,
        header_lines,
        file_len,
        ranges: Vec::new(),
        caps: Vec::new(),
        threads,
    };
    if threads >= 2 && file_len >= min_bytes {
        // More ranges than threads, so that the threads finish together.
        let n = threads * RANGES_PER_THREAD;
        let bounds = split_points(&plan.path, spec, data_start, file_len, n)?;
        plan.ranges = bounds.windows(2).map(|w| (w[0], w[1])).collect();
        // A record ends at a line end, but the file's last line may have none.
        plan.caps = count_line_ends(&plan.path, spec, &plan.ranges, threads)?;
        if let Some(last) = plan.caps.last_mut() {
            *last += 1;
        }
    }
    Ok(Some(plan))
}

/// Parses the file `plan` opened (an absent file: no records).
///
/// A large file's byte ranges are parsed in parallel, each range's records written in place
/// in the file's vector (its share: a slot per line end), then their line numbers made
/// absolute. A split is kept only if it falls outside quoted text (the range before it ends
/// with a whole record); otherwise the file is parsed again on one thread.
pub(crate) fn read_planned<T, M, F>(
    plan: Option<Plan>,
    make: M,
    seed: Option<&Arc<IdCache>>,
) -> Result<Parsed<T>>
where
    T: Record + Send,
    M: Fn(&Header) -> F + Sync,
    F: Fn(&Row) -> Result<T, Problem>,
{
    let Some(plan) = plan else {
        return Ok(Parsed::absent());
    };
    let Plan {
        spec,
        path,
        header,
        data_start,
        header_lines,
        file_len,
        ranges,
        caps,
        threads,
    } = plan;
    let cache =
        || RefCell::new(seed.map_or_else(IdCache::default, |s| IdCache::with_seed(s.clone())));
    let whole = || -> Result<Parsed<T>> {
        let ids = cache();
        let chunk = parse_range(
            &path,
            spec,
            &header,
            &make,
            &ids,
            None,
            (data_start, file_len),
        )?;
        let mut parsed = chunk.into_parsed(header_lines);
        parsed.table.people_known = ids.borrow().unknown_people() == 0;
        Ok(parsed)
    };
    if ranges.is_empty() {
        return whole();
    }
    // Each range's records go straight to their place in the file's vector: its share holds
    // a record per line end in the range, so no record is copied to join the ranges unless
    // a rejected row, a blank line or a quoted line end left a gap before it.
    let mut recs: Vec<T> = Vec::with_capacity(caps.iter().sum());
    let mut spare = recs.spare_capacity_mut();
    let mut shares = Vec::with_capacity(caps.len());
    for &cap in &caps {
        let (share, rest) = std::mem::take(&mut spare).split_at_mut(cap);
        shares.push(Mutex::new(Share {
            slots: share,
            filled: 0,
            overflow: false,
        }));
        spare = rest;
    }
    let next = AtomicUsize::new(0);
    let unknown_people = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<Chunk<T>>>>> =
        ranges.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(ranges.len()))
            .map(|_| {
                s.spawn(|| {
                    let ids = cache();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(from, to)) = ranges.get(k) else {
                            break;
                        };
                        let mut share = shares[k].lock().unwrap_or_else(PoisonError::into_inner);
                        let chunk = parse_range(
                            &path,
                            spec,
                            &header,
                            &make,
                            &ids,
                            Some(&mut share),
                            (from, to),
                        );
                        *slots[k].lock().unwrap_or_else(PoisonError::into_inner) = Some(chunk);
                    }
                    unknown_people.fetch_add(ids.borrow().unknown_people(), Ordering::Relaxed);
                })
            })
            .collect();
        workers.into_iter().for_each(crate::par::join);
    });
    let shares: Vec<(usize, bool)> = shares
        .into_iter()
        .map(|m| {
            let share = m.into_inner().unwrap_or_else(PoisonError::into_inner);
            (share.filled, share.overflow)
        })
        .collect();
    close_gaps(&mut recs, &caps, shares.iter().map(|s| s.0));
    if shares.iter().any(|s| s.1) {
        // The file grew after its line ends were counted.
        drop(recs);
        return whole();
    }
    let chunks = slots.into_iter().map(|m| {
        m.into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .expect("every range is parsed")
    });
    let last = ranges.len() - 1;
    let mut offset = header_lines;
    let mut out: Option<Parsed<T>> = None;
    for (k, chunk) in chunks.enumerate() {
        let chunk = chunk.map_err(|e| shift_error(e, offset))?;
        if k < last && !ends_a_record(&path, spec, chunk.last_record, ranges[k].1)? {
            // The split fell inside a quoted field: the ranges do not hold whole records.
            drop(recs);
            return whole();
        }
        let lines = chunk.lines;
        let part = chunk.into_parsed(offset);
        offset += lines;
        match &mut out {
            None => out = Some(part),
            Some(o) => o.append(part),
        }
    }
    let mut out = out.unwrap_or_else(Parsed::absent);
    out.table.recs = recs;
    out.table.people_known = unknown_people.into_inner() == 0;
    Ok(out)
}

/// A byte range's share of its file's record vector: `filled` records written at its start.
struct Share<'v, T> {
    slots: &'v mut [MaybeUninit<T>],
    filled: usize,
    /// A record found no room (the file changed after its line ends were counted).
    overflow: bool,
}

impl<T> Share<'_, T> {
    fn push(&mut self, rec: T) {
        match self.slots.get_mut(self.filled) {
            Some(slot) => {
                slot.write(rec);
                self.filled += 1;
            }
            None => self.overflow = true,
        }
    }
}

/// Makes the records written in the shares (`caps[k]` slots each, of which the first
/// `filled[k]` hold records) the contents of `recs`, moving each share's records down to
/// follow the previous share's.
fn close_gaps<T>(recs: &mut Vec<T>, caps: &[usize], filled: impl Iterator<Item = usize>) {
    let spare = recs.spare_capacity_mut();
    let (mut start, mut end) = (0, 0);
    for (&cap, n) in caps.iter().zip(filled) {
        if start != end {
            // Moving down in order: each swap puts a record in place and the slot's old
            // contents (nothing, or a slot already moved from) where the record was.
            for i in 0..n {
                spare.swap(end + i, start + i);
            }
        }
        end += n;
        start += cap;
    }
    // SAFETY: the first `end` slots hold records: each share's first `filled` slots were
    // written by `Share::push`, and the swaps above moved them, in order, to follow one
    // another from slot 0; no slot below `end` was left unwritten.
    unsafe { recs.set_len(end) };
}

/// The file at `path`, open at byte `at`.
fn open_at(path: &Path, spec: FileSpec, at: u64) -> Result<File> {
    use std::io::{Seek, SeekFrom};
    let mut file = File::open(path).map_err(|e| Error::io(spec.name, &e))?;
    file.seek(SeekFrom::Start(at))
        .map_err(|e| Error::io(spec.name, &e))?;
    Ok(file)
}

/// The line ends (`\n`) in each byte range of the file, counted on `threads` threads.
fn count_line_ends(
    path: &Path,
    spec: FileSpec,
    ranges: &[(u64, u64)],
    threads: usize,
) -> Result<Vec<usize>> {
    use std::io::Read;
    // Blocks small enough to stay in the core's cache between the copy and the count, which
    // `memchr` makes with vector instructions.
    let count = |(from, to): (u64, u64)| -> Result<usize> {
        let mut src = open_at(path, spec, from)?.take(to - from);
        let mut buf = vec![0u8; 1 << 17];
        let mut n = 0;
        loop {
            let got = src.read(&mut buf).map_err(|e| Error::io(spec.name, &e))?;
            if got == 0 {
                return Ok(n);
            }
            n += memchr::memchr_iter(b'\n', &buf[..got]).count();
        }
    };
    let per_thread = ranges.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .chunks(per_thread)
            .map(|part| s.spawn(move || part.iter().map(|&r| count(r)).collect::<Result<Vec<_>>>()))
            .collect();
        let parts = crate::par::join_all(handles)?;
        Ok(parts.into_iter().flatten().collect())
    })
}

/// Start offsets of `n` byte ranges of the data (each just after a line end), then the end.
fn split_points(path: &Path, spec: FileSpec, start: u64, end: u64, n: usize) -> Result<Vec<u64>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path).map_err(|e| Error::io(spec.name, &e))?;
    let mut points = vec![start];
    let mut buf = vec![0u8; 1 << 16];
    for k in 1..n as u64 {
        let mut at = (start + (end - start) * k / n as u64).max(*points.last().unwrap_or(&start));
        file.seek(SeekFrom::Start(at))
            .map_err(|e| Error::io(spec.name, &e))?;
        loop {
            let got = file.read(&mut buf).map_err(|e| Error::io(spec.name, &e))?;
            if got == 0 {
                at = end;
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', &buf[..got]) {
                at += i as u64 + 1;
                break;
            }
            at += got as u64;
        }
        if at < end && at > *points.last().unwrap_or(&start) {
            points.push(at);
        }
    }
    points.push(end);
    Ok(points)
}

/// Whether the bytes from `start` (where a range's last record began) to `end` (the split)
/// are one whole record and its line end: then the split is outside quoted text. Parsing the
/// range left the reader in the state this one record leaves it in, as it began the record at
/// a record start; a quoted field still open at `end` gives no record.
fn ends_a_record(path: &Path, spec: FileSpec, start: Option<u64>, end: u64) -> Result<bool> {
    use std::io::Read;
    let Some(start) = start else {
        return Ok(true); // no record: only line ends, which change nothing
    };
    let mut bytes = Vec::new();
    open_at(path, spec, start)?
        .take(end - start)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(spec.name, &e))?;
    let mut out = vec![0u8; bytes.len() + 1];
    let mut ends = vec![0usize; bytes.len() + 1];
    let (result, read, _, _) = csv_core_reader().read_record(&bytes, &mut out, &mut ends);
    Ok(matches!(result, csv_core::ReadRecordResult::Record)
        && bytes[read..].iter().all(|&b| b == b'\n' || b == b'\r'))
}

/// One byte range as parsed, with line numbers counted from its start.
struct Chunk<T> {
    parsed: Parsed<T>,
    /// Line ends in the range.
    lines: u64,
    /// File offset where the range's last record began.
    last_record: Option<u64>,
}

impl<T> Chunk<T> {
    /// The records and issues with line numbers made absolute: `offset` lines precede the range.
    fn into_parsed(mut self, offset: u64) -> Parsed<T> {
        if offset > 0 {
            self.parsed.table.lines.shift(offset);
            self.parsed
                .rejections
                .iter_mut()
                .for_each(|i| i.row += offset);
        }
        self.parsed
    }
}

impl<T> Parsed<T> {
    fn append(&mut self, mut other: Parsed<T>) {
        self.table.rows_read += other.table.rows_read;
        self.table.recs.append(&mut other.table.recs);
        self.table.lines.append(&other.table.lines);
        self.rejections.append(&mut other.rejections);
        self.rejected_ids.append(&mut other.rejected_ids);
    }
}

fn shift_error(e: Error, offset: u64) -> Error {
    let mut loc = e.location().clone();
    match loc.row {
        Some(r) => {
            loc.row = Some(r + offset);
            e.at(loc)
        }
        None => e,
    }
}

/// Parses the data rows in bytes `from..to` of the file (no header in the range), putting
/// the records in `share` if given, else in the chunk's own vector.
fn parse_range<T, M, F>(
    path: &Path,
    spec: FileSpec,
    header: &Header,
    make: &M,
    ids: &RefCell<IdCache>,
    mut share: Option<&mut Share<'_, T>>,
    (from, to): (u64, u64),
) -> Result<Chunk<T>>
where
    T: Record,
    M: Fn(&Header) -> F,
    F: Fn(&Row) -> Result<T, Problem>,
{
    use std::io::{Read, Seek, SeekFrom};
    let io_err = |e: std::io::Error| Error::io(spec.name, &e);
    let mut file = open_at(path, spec, from)?;
    let parse = make(header);
    let id_col = ColRef {
        name: spec.columns[0].name,
        idx: header.idx[0],
    };

    let mut out = Parsed {
        table: Loaded::present(),
        rejections: Vec::new(),
        rejected_ids: Vec::new(),
    };
    let mut last_record = None;
    // One record, at `line` and byte `at` of the range.
    let mut on_record = |fields: Fields, line: u64, at: u64| {
        out.table.rows_read += 1;
        last_record = Some(from + at);
        if out.table.rows_read == SAMPLE_ROWS && share.is_none() {
            out.table.reserve_for(to - from, at, header.width as u64);
        }
        let row = Row { fields, ids };
        let result = if fields.len() != header.width {
            Err(Problem::new(
                "",
                format!("{} fields", fields.len()),
                format!("expected {} fields, found {}", header.width, fields.len()),
            ))
        } else {
            parse(&row).and_then(|r| r.check_values().map(|()| r))
        };
        match result {
            Ok(r) => match share.as_deref_mut() {
                Some(share) => {
                    share.push(r);
                    out.table.lines.push(line);
                }
                None => out.table.push(r, line),
            },
            Err(p) => {
                let id = row.raw(id_col);
                if !id.is_empty() {
                    out.rejected_ids.push(lossy(id));
                }
                out.rejections.push(issue(spec.name, line, p));
            }
        }
    };

    // The person a row names is looked up in a table of every person, a cache miss: asked
    // for some rows ahead (files whose own id is `person_id` add, not look up, their people).
    let person_col = (spec.columns.iter().skip(1))
        .position(|c| c.name == "person_id")
        .and_then(|i| header.idx[i + 1]);
    let ahead = |fields: Fields| {
        if let Some(text) = person_col.and_then(|i| fields.str_at(i)) {
            ids.borrow().prefetch_person(text.trim_ascii());
        }
    };
    // Plain lines by byte search while they last, then the CSV reader for the rest.
    let plain = read_plain(
        &mut (&mut file).take(to - from),
        to - from,
        ahead,
        &mut on_record,
    )
    .map_err(io_err)?;
    let mut lines = plain.lines;
    if plain.consumed < to - from {
        file.seek(SeekFrom::Start(from + plain.consumed))
            .map_err(io_err)?;
        let rest = file.take(to - from - plain.consumed);
        lines += read_csv(rest, plain.lines, plain.consumed, &mut on_record)
            .map_err(|e| shift_error(csv_error(spec, e), plain.lines))?;
    }
    Ok(Chunk {
        parsed: out,
        lines,
        last_record,
    })
}

fn csv_error(spec: FileSpec, e: csv::Error) -> Error {
    let row = e.position().map(csv::Position::line);
    let err = match e.kind() {
        csv::ErrorKind::Io(io) => Error::io(spec.name, io),
        _ => Error::new(ErrorKind::InvalidData, e.to_string()).in_file(spec.name),
    };
    let mut loc = err.location().clone();
    loc.row = row;
    err.at(loc)
}

/// The values allowed in `contract_type`, as a rejection lists them.
pub const CONTRACT_TYPES: &str = "permanent, fixed_term, casual, secondment";
/// The values allowed in `cover_reason`, as a rejection lists them.
pub const COVER_REASONS: &str = "vacancy, absence, additional";
/// The values allowed in `absence_type`, as a rejection lists them.
pub const ABSENCE_TYPES: &str = "sickness, maternity, paternity, adoption, special, other";
/// The values allowed in an ER case's `case_type`, as a rejection lists them.
pub const CASE_TYPES: &str =
    "long_term_absence, short_term_absence, capability, grievance, disciplinary, other";

pub(crate) fn org_unit(h: &Header) -> impl Fn(&Row) -> Result<OrgUnit, Problem> {
    let (id, name, parent, kind) = (
        h.col("org_unit_id"),
        h.col("name"),
        h.col("parent_id"),
        h.col("kind"),
    );
    move |r| {
        Ok(OrgUnit {
            org_unit_id: r.req_id(id)?,
            name: r.req_str(name)?,
            parent_id: r.opt_id(parent)?,
            kind: r.opt_id(kind)?,
        })
    }
}

pub(crate) fn person(h: &Header) -> impl Fn(&Row) -> Result<Person, Problem> {
    let c = [
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
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Person {
            person_id: r.req_id(c[0])?,
            swe_number: r.opt_key(c[1])?,
            date_of_birth: r.opt_date(c[2])?,
            gender: r.opt_id(c[3])?,
            ethnicity: r.opt_id(c[4])?,
            qualification_institution: r.opt_id(c[5])?,
            qualification_level: r.opt_code(c[6], cell::QUALIFICATION_LEVEL_MAX)?,
            step_up_graduate: r.opt_bool(c[7])?,
            frontline_graduate: r.opt_bool(c[8])?,
            cfkss_status: r.opt_code(c[9], cell::CFKSS_STATUS_MAX)?,
        })
    }
}

pub(crate) fn post(h: &Header) -> impl Fn(&Row) -> Result<Post, Problem> {
    let c = [
        "post_id",
        "org_unit_id",
        "title",
        "job_family",
        "csww_role",
        "fte",
        "start_date",
        "end_date",
        "grade",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Post {
            post_id: r.req_id(c[0])?,
            org_unit_id: r.req_id(c[1])?,
            title: r.opt_id(c[2])?,
            job_family: r.opt_id(c[3])?,
            csww_role: r.opt_code(c[4], CSWW_ROLE_MAX)?,
            fte: r.fte(c[5])?,
            start_date: r.req_date(c[6])?,
            end_date: r.opt_date(c[7])?,
            grade: r.opt_id(c[8])?,
        })
    }
}

pub(crate) fn contract(h: &Header) -> impl Fn(&Row) -> Result<Contract, Problem> {
    let c = [
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
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Contract {
            contract_id: r.req_key(c[0])?,
            person_id: r.req_person(c[1])?,
            org_unit_id: r.req_id(c[2])?,
            post_id: r.opt_id(c[3])?,
            title: r.opt_id(c[4])?,
            job_family: r.opt_id(c[5])?,
            csww_role: r.opt_code(c[6], CSWW_ROLE_MAX)?,
            fte: r.fte(c[7])?,
            start_date: r.req_date(c[8])?,
            end_date: r.opt_date(c[9])?,
            contract_type: r.opt_enum(c[10], ContractType::parse, CONTRACT_TYPES)?,
            reason_leave: r.opt_code(c[11], REASON_LEAVE_MAX)?,
            start_origin: r.opt_code(c[12], START_ORIGIN_MAX)?,
            leaver_destination: r.opt_code(c[13], LEAVER_DESTINATION_MAX)?,
            grade: r.opt_id(c[14])?,
            annual_pay: r.opt_amount(c[15])?,
            source_system: r.opt_id(c[16])?,
        })
    }
}

pub(crate) fn agency_assignment(h: &Header) -> impl Fn(&Row) -> Result<AgencyAssignment, Problem> {
    let c = [
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
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(AgencyAssignment {
            assignment_id: r.req_key(c[0])?,
            person_id: r.req_person(c[1])?,
            agency: r.opt_id(c[2])?,
            org_unit_id: r.req_id(c[3])?,
            post_id: r.opt_id(c[4])?,
            cover_reason: r.opt_enum(c[5], CoverReason::parse, COVER_REASONS)?,
            title: r.opt_id(c[6])?,
            job_family: r.opt_id(c[7])?,
            csww_role: r.opt_code(c[8], CSWW_ROLE_MAX)?,
            fte: r.fte(c[9])?,
            start_date: r.req_date(c[10])?,
            end_date: r.opt_date(c[11])?,
            planned_end_date: r.opt_date(c[12])?,
            hourly_charge: r.opt_amount(c[13])?,
        })
    }
}

pub(crate) fn absence(h: &Header) -> impl Fn(&Row) -> Result<Absence, Problem> {
    let c = [
        "absence_id",
        "person_id",
        "absence_type",
        "reason",
        "start_date",
        "end_date",
        "working_days_lost",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(Absence {
            absence_id: r.req_key(c[0])?,
            person_id: r.req_person(c[1])?,
            absence_type: r.req_enum(c[2], AbsenceType::parse, ABSENCE_TYPES)?,
            reason: r.opt_id(c[3])?,
            start_date: r.req_date(c[4])?,
            end_date: r.opt_date(c[5])?,
            working_days_lost: r.opt_amount(c[6])?,
        })
    }
}

pub(crate) fn er_case(h: &Header) -> impl Fn(&Row) -> Result<ErCase, Problem> {
    let c = [
        "case_id",
        "person_id",
        "case_type",
        "opened_date",
        "closed_date",
        "outcome",
    ]
    .map(|n| h.col(n));
    move |r| {
        Ok(ErCase {
            case_id: r.req_key(c[0])?,
            person_id: r.req_person(c[1])?,
            case_type: r.req_enum(c[2], ErCaseType::parse, CASE_TYPES)?,
            opened_date: r.req_date(c[3])?,
            closed_date: r.opt_date(c[4])?,
            outcome: r.opt_str(c[5])?,
        })
    }
}

pub(crate) fn case_allocation(h: &Header) -> impl Fn(&Row) -> Result<CaseAllocation, Problem> {
    let c = ["child_id", "person_id", "start_date", "end_date"].map(|n| h.col(n));
    move |r| {
        Ok(CaseAllocation {
            child_id: r.req_key(c[0])?,
            person_id: r.req_person(c[1])?,
            start_date: r.req_date(c[2])?,
            end_date: r.opt_date(c[3])?,
        })
    }
}

pub(crate) fn care_period(h: &Header) -> impl Fn(&Row) -> Result<CarePeriod, Problem> {
    let c = ["child_id", "start_date", "end_date"].map(|n| h.col(n));
    move |r| {
        Ok(CarePeriod {
            child_id: r.req_key(c[0])?,
            start_date: r.req_date(c[1])?,
            end_date: r.opt_date(c[2])?,
        })
    }
}

pub(crate) fn bank_holiday(h: &Header) -> impl Fn(&Row) -> Result<Date, Problem> {
    let c = h.col("date");
    move |r| r.req_date(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::schema;

    fn parse(dir: &Path, threads: usize) -> Parsed<Absence> {
        let plan = plan_in(dir, schema::ABSENCES, threads, 0).unwrap();
        read_planned(plan, absence, None).unwrap()
    }

    fn summary(p: &Parsed<Absence>) -> (u64, Vec<String>, Vec<u64>, Vec<u64>, Vec<String>) {
        (
            p.table.rows_read,
            p.table
                .recs
                .iter()
                .map(|a| a.absence_id.to_string())
                .collect(),
            p.table.lines.iter().collect(),
            p.rejections.iter().map(|i| i.row).collect(),
            p.rejected_ids.clone(),
        )
    }

    #[test]
    fn a_cell_of_white_space_is_a_missing_value() {
        // Parsed records skip `check_required`: parsing alone must find blank values,
        // Unicode and vertical-tab space included.
        let dir = tempfile::tempdir().unwrap();
        let text =
            "absence_id,person_id,absence_type,reason,start_date,end_date,working_days_lost\n\
                    A1,\u{b},sickness,,2020-01-06,2020-01-07,2\n\
                    A2, \u{a0} ,sickness,,2020-01-06,2020-01-07,2\n\
                    A3,\t\u{b}\u{3000},sickness,,2020-01-06,2020-01-07,2\n\
                    A4,P\u{b}1,sickness,,2020-01-06,2020-01-07,2\n";
        std::fs::write(dir.path().join("absences.csv"), text).unwrap();
        let p = parse(dir.path(), 1);
        assert_eq!(p.table.rows_read, 4);
        let kept: Vec<&str> = p.table.recs.iter().map(|a| a.person_id.as_str()).collect();
        assert_eq!(kept, ["P\u{b}1"]);
        assert_eq!(p.rejections.len(), 3);
        for r in &p.rejections {
            assert_eq!(r.column, "person_id");
            assert!(r.reason.contains("missing"), "{r:?}");
        }
    }

    #[test]
    fn a_file_knows_its_people_only_when_every_one_is_known() {
        let dir = tempfile::tempdir().unwrap();
        let row = |i: usize, person: &str| format!("A{i},{person},sickness,,2020-01-06,,\n");
        let header =
            "absence_id,person_id,absence_type,reason,start_date,end_date,working_days_lost\n";
        let known = IdCache::of(["P1", "P2"].into_iter().map(Id::new));
        let seed = Arc::new(IdCache::default().with_people(known));
        for unknown_at in [None, Some(0), Some(999)] {
            let mut text = header.to_string();
            for i in 0..1000 {
                let person = if Some(i) == unknown_at {
                    "P3"
                } else {
                    ["P1", "P2"][i % 2]
                };
                text += &row(i, person);
            }
            std::fs::write(dir.path().join("absences.csv"), &text).unwrap();
            for threads in [1, 2] {
                let plan = plan_in(dir.path(), schema::ABSENCES, threads, 0).unwrap();
                let p = read_planned(plan, absence, Some(&seed)).unwrap();
                assert_eq!(p.table.recs.len(), 1000);
                assert_eq!(p.table.people_known, unknown_at.is_none(), "{unknown_at:?}");
            }
        }
        // Without known people, nothing is known.
        assert!(!parse(dir.path(), 2).table.people_known);
    }

    #[test]
    fn a_split_is_outside_quotes_only_after_a_whole_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        let at_end = |text: &str| {
            std::fs::write(&path, text).unwrap();
            ends_a_record(&path, schema::ABSENCES, Some(0), text.len() as u64).unwrap()
        };
        assert!(at_end("a,b\n"));
        assert!(at_end("a,b\r\n"));
        assert!(at_end("a\"b,c\n"), "a bare quote is read literally");
        assert!(
            at_end("a\rb,c\n"),
            "a lone carriage return is data, as the readers take it"
        );
        assert!(at_end("c,\"d\ne\"\n"), "a quoted line end, closed");
        assert!(!at_end("c,\"d\n"), "a quoted field still open");
        assert!(
            !at_end("a\"b,\"c\n"),
            "open after a bare quote: an even count of quotes"
        );
        assert!(ends_a_record(&path, schema::ABSENCES, None, 0).unwrap());
    }

    #[test]
    fn plain_lines_and_the_csv_reader_give_the_same_records() {
        let dir = tempfile::tempdir().unwrap();
        let header =
            "absence_id,person_id,absence_type,reason,start_date,end_date,working_days_lost\n";
        let rows: String = (0..300)
            .map(|i| match i % 30 {
                3 => format!("B{i},P1,sickness,x,2020-13-01,,\n"),
                5 => format!("B{i},P1,sickness\n"),
                9 => format!("B{i},P1,sickness,\"Cold, flu\",2020-01-02,2020-01-03,2\n"),
                13 => format!("\"B{i}\",P1,sickness,\"\",2020-01-02,2020-01-03,2\n"),
                17 => format!("B{i},P1,sickness,5\" tall,2020-01-02,,\n"),
                _ => format!("B{i},P{},sickness,cold,2020-01-02,2020-01-03,2\n", i % 9),
            })
            .collect();
        let read = |text: &str| {
            std::fs::write(dir.path().join("absences.csv"), text).unwrap();
            summary(&parse(dir.path(), 1))
        };
        let plain = read(&format!("{header}{rows}"));
        assert_eq!(plain.0, 300);
        assert_eq!(plain.3.len(), 20);
        assert_eq!(plain.1[9 - 2], "B9");

        // A doubled quote in the first row sends every row to the CSV reader.
        let doubled = "B_,P1,sickness,\"say \"\"hi\"\"\",2020-01-02,2020-01-03,2\n";
        let csv = read(&format!("{header}{doubled}{rows}"));
        assert_eq!(csv.0, plain.0 + 1);
        assert_eq!(csv.1[1..], plain.1[..]);
        let shifted = |lines: &[u64]| lines.iter().map(|l| l + 1).collect::<Vec<_>>();
        assert_eq!(csv.2[1..], shifted(&plain.2)[..]);
        assert_eq!(csv.3, shifted(&plain.3));
        assert_eq!(csv.4, plain.4);

        // CRLF line ends, and a blank line: the same records, on their own lines.
        let crlf = format!("{header}{rows}").replace('\n', "\r\n");
        assert_eq!(read(&crlf), plain);
        let blank = read(&format!("{header}\r\n{rows}"));
        assert_eq!(blank.1, plain.1);
        assert_eq!(blank.3, shifted(&plain.3));
    }

    /// Writes `text` as the absences file and checks that each number of `threads` reads it
    /// as one thread does; returns one thread's reading.
    fn reads_like_one(
        dir: &Path,
        text: &str,
        threads: impl IntoIterator<Item = usize>,
        what: &str,
    ) -> (u64, Vec<String>, Vec<u64>, Vec<u64>, Vec<String>) {
        std::fs::write(dir.join("absences.csv"), text).unwrap();
        let one = summary(&parse(dir, 1));
        for n in threads {
            assert_eq!(summary(&parse(dir, n)), one, "{n} threads, {what}");
        }
        one
    }

    #[test]
    fn ranges_on_several_threads_read_like_one() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let header =
            "absence_id,person_id,absence_type,reason,start_date,end_date,working_days_lost\n";
        let mut text = format!("\u{feff}{header}");
        for i in 0..500 {
            let line = match i % 50 {
                7 => format!("B{i},P1,sickness,x,2020-13-01,,\n"), // bad date
                11 => format!("B{i},P1,sickness\n"),               // too few fields
                _ => format!("B{i},P{},sickness,cold,2020-01-02,2020-01-03,2\n", i % 9),
            };
            text.push_str(&line);
        }
        let one = reads_like_one(dir, &text, [2, 3, 7], "plain");
        assert_eq!(one.0, 500);
        assert_eq!(one.1.len() + one.3.len(), 500);
        assert_eq!(one.2[0], 2, "the first data row is line 2");
        assert_eq!(one.3[0], 9, "B7 is on line 9");

        // Blank lines and rejected rows leave gaps in a range's share of the records, and the
        // last row has no line end: the records still come in file order.
        let gappy = text.replace("\nB3", "\n\n\r\nB3");
        assert_eq!(
            reads_like_one(dir, gappy.trim_end(), [2, 3, 7], "gaps").0,
            500
        );

        // A quoted field with a line end: any split may fall inside it, and the result is
        // still the same as one thread's.
        let quoted = text.replacen(",cold,", ",\"cold,\nflu\",", 200);
        assert_eq!(reads_like_one(dir, &quoted, [2, 3, 7], "quoted").0, 500);

        // Bare quotes inside unquoted fields (read literally) beside quoted line ends: the
        // count of quotes before a split says nothing here, and splits inside quoted text
        // must still be found.
        let mut bare = String::from(header);
        for i in 0..400 {
            let reason = match i % 4 {
                0 => "5\" tall".to_string(),
                1 => "\"a\nb\"".to_string(),
                2 => format!("x{}y", "\"".repeat(i % 3)),
                _ => "\"c,\n\nd\"".to_string(),
            };
            bare.push_str(&format!(
                "B{i},P1,sickness,{reason},2020-01-02,2020-01-03,2\n"
            ));
        }
        assert_eq!(reads_like_one(dir, &bare, 2..=24, "bare").0, 400);

        // Every row has an even number of quotes and one bare quote before its quoted line
        // end, so a split inside the quoted text has an even count of quotes before it.
        let mut even = String::from(header);
        for i in 0..300 {
            even.push_str(&format!(
                "B\"{i},P1,sickness,\"x\ny\",2020-01-02,2020-01-03,2\"\n"
            ));
        }
        assert_eq!(reads_like_one(dir, &even, 2..=24, "even").0, 300);
    }
}
