//! A byte range of a CSV file split into records: by plain byte search, or by the CSV reader.
//!
//! A record ends at `\n` or `\r\n`; blank lines are skipped. Most lines of a council's files
//! have one reading only: fields between commas, a quoted field (one starting with `"`) running
//! to the next `"`, which a comma or the line end follows. [`read_plain`] splits such lines with
//! `memchr` over whole blocks and validates each block as UTF-8 once, instead of running the CSV
//! state machine byte by byte and validating each field. At the first line that needs more (a
//! doubled `""`, a line end inside quotes, text after a closing quote, a lone `\r`, invalid
//! UTF-8) it stops at that line's start and the caller reads the rest with [`read_csv`], which
//! gives the same records.

use crate::id::PREFETCH_AHEAD;
use std::collections::VecDeque;
use std::io::Read;

/// The fields of one record: from the CSV reader, or split from a plain line.
#[derive(Clone, Copy)]
pub(crate) enum Fields<'a> {
    Csv(&'a csv::ByteRecord),
    Plain {
        /// The line without its line end.
        line: &'a str,
        /// Each field's byte range in `line` (inside the quotes of a quoted field).
        bounds: &'a [(u32, u32)],
    },
}

impl<'a> Fields<'a> {
    pub fn len(&self) -> usize {
        match self {
            Fields::Csv(rec) => rec.len(),
            Fields::Plain { bounds, .. } => bounds.len(),
        }
    }

    /// Field `i`'s bytes, untrimmed.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        match *self {
            Fields::Csv(rec) => rec.get(i),
            Fields::Plain { line, bounds } => {
                let &(start, end) = bounds.get(i)?;
                line.as_bytes().get(start as usize..end as usize)
            }
        }
    }

    /// Field `i` as text when the line is known to be UTF-8 (a plain line), else `None`.
    pub fn str_at(&self, i: usize) -> Option<&'a str> {
        match *self {
            Fields::Csv(_) => None,
            Fields::Plain { line, bounds } => {
                let &(start, end) = bounds.get(i)?;
                line.get(start as usize..end as usize)
            }
        }
    }
}

/// Bytes read a block at a time (grown for a longer line).
const BLOCK: usize = 1 << 20;

/// Where [`read_plain`] stopped.
#[derive(Debug, PartialEq)]
pub(crate) struct PlainEnd {
    /// Bytes consumed: all of them, or up to the start of the first line that is not plain.
    pub consumed: u64,
    /// Line ends consumed.
    pub lines: u64,
}

/// A line held back by [`read_plain`]: text, field bounds, line number and offset.
type Held<'t> = (&'t str, Vec<(u32, u32)>, u64, u64);

/// Passes a held line on to `row`.
fn pass_on(row: &mut impl FnMut(Fields, u64, u64), (line, bounds, number, at): &Held) {
    row(Fields::Plain { line, bounds }, *number, *at);
}

/// Reads up to `len` bytes of `src` as plain lines, calling `row(fields, line, offset)` for
/// every non-empty line (`line` counted from 1 at the start of `src`, `offset` the line's
/// first byte), and stops at the first line that is not plain.
///
/// `ahead(fields)` sees each line [`PREFETCH_AHEAD`] lines before `row` does (within a block of
/// the file), so that the caller can ask for the memory the line will need (the person an id
/// names, in a table far larger than the cache) while it parses the lines before.
pub(crate) fn read_plain(
    src: &mut impl Read,
    len: u64,
    mut ahead: impl FnMut(Fields),
    mut row: impl FnMut(Fields, u64, u64),
) -> std::io::Result<PlainEnd> {
    let mut buf = vec![0u8; BLOCK.min(usize::try_from(len).unwrap_or(BLOCK)).max(1)];
    let (mut filled, mut base, mut remaining) = (0usize, 0u64, len);
    let mut lines = 0u64;
    let mut bounds: Vec<(u32, u32)> = Vec::new();
    loop {
        while filled < buf.len() && remaining > 0 {
            let want = (buf.len() - filled).min(usize::try_from(remaining).unwrap_or(usize::MAX));
            let n = src.read(&mut buf[filled..filled + want])?;
            if n == 0 {
                remaining = 0;
                break;
            }
            filled += n;
            remaining -= n as u64;
        }
        let cut = if remaining == 0 {
            filled
        } else {
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(i) => i + 1,
                None => {
                    // A line longer than the buffer.
                    buf.resize(buf.len() * 2, 0);
                    continue;
                }
            }
        };
        if cut == 0 {
            break;
        }
        let Some(text) = plain_text(&buf[..cut]) else {
            break;
        };
        // Lines seen by `ahead` and not yet by `row`, oldest first.
        let mut held: VecDeque<Held> = VecDeque::with_capacity(PREFETCH_AHEAD + 1);
        let split = split_block(text, &mut bounds, |line, fields, number, at| {
            ahead(Fields::Plain {
                line,
                bounds: fields,
            });
            let mut spare = Vec::new();
            if held.len() == PREFETCH_AHEAD {
                if let Some(oldest) = held.pop_front() {
                    pass_on(&mut row, &oldest);
                    spare = oldest.1;
                }
            }
            spare.clear();
            spare.extend_from_slice(fields);
            held.push_back((line, spare, lines + number, base + at as u64));
        });
        held.iter().for_each(|h| pass_on(&mut row, h));
        match split {
            Ok(n) => lines += n,
            Err((n, at)) => {
                return Ok(PlainEnd {
                    consumed: base + at as u64,
                    lines: lines + n,
                });
            }
        }
        buf.copy_within(cut..filled, 0);
        filled -= cut;
        base += cut as u64;
        if remaining == 0 && filled == 0 {
            break;
        }
    }
    Ok(PlainEnd {
        consumed: base,
        lines,
    })
}

/// Splits the plain lines at the start of `text` (a whole file in memory) as [`read_plain`]
/// splits a block, calling `row(line, field bounds, line number, offset)`, and stops at the
/// first line that is not plain or holds a `\r` that does not end it.
pub(crate) fn split_plain<'t>(
    text: &'t str,
    row: impl FnMut(&'t str, &[(u32, u32)], u64, usize),
) -> PlainEnd {
    let bytes = text.as_bytes();
    let cut = lone_cr(bytes).map_or(bytes.len(), |i| {
        memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |k| k + 1)
    });
    let (lines, consumed) = match split_block(&text[..cut], &mut Vec::new(), row) {
        Ok(lines) => (lines, cut),
        Err((lines, at)) => (lines, at),
    };
    PlainEnd {
        consumed: consumed as u64,
        lines,
    }
}

/// Splits the lines of `text` (whole lines, the last perhaps without its line end), calling
/// `row(line, field bounds, line number, offset)` with the number counted from 1. Returns the
/// line ends read, or, at a line that is not plain, the line ends before it and its offset.
fn split_block<'t>(
    text: &'t str,
    bounds: &mut Vec<(u32, u32)>,
    row: impl FnMut(&'t str, &[(u32, u32)], u64, usize),
) -> Result<u64, (u64, usize)> {
    bounds.clear();
    let mut split = LineSplit {
        text,
        bounds,
        row,
        start: 0,
        field: 0,
        lines: 0,
        quoted: false,
    };
    let bytes = text.as_bytes();
    for_each_separator(bytes, |i| match bytes[i] {
        b',' => {
            split.comma(i);
            Ok(())
        }
        b'"' => {
            split.quoted = true;
            Ok(())
        }
        _ => split.line_end(i),
    })?;
    if split.start < bytes.len() {
        // The last line of the data, without its line end.
        split.line_end(bytes.len())?;
        split.lines -= 1;
    }
    Ok(split.lines)
}

/// The state of [`split_block`]: the current line's start, its current field's start, the
/// line ends passed and whether the line holds a quote.
struct LineSplit<'t, 'b, R> {
    text: &'t str,
    bounds: &'b mut Vec<(u32, u32)>,
    row: R,
    start: usize,
    field: usize,
    lines: u64,
    quoted: bool,
}

impl<'t, R: FnMut(&'t str, &[(u32, u32)], u64, usize)> LineSplit<'t, '_, R> {
    fn comma(&mut self, i: usize) {
        let rel = |at: usize| (at - self.start) as u32;
        self.bounds.push((rel(self.field), rel(i)));
        self.field = i + 1;
    }

    /// Ends the line at `end` (its `\n`, or the end of the data): passes it on unless blank.
    fn line_end(&mut self, end: usize) -> Result<(), (u64, usize)> {
        let line = &self.text[self.start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        if self.quoted {
            if !split_quoted(line, self.bounds) {
                return Err((self.lines, self.start));
            }
        } else if !line.is_empty() {
            let field = (self.field - self.start) as u32;
            self.bounds.push((field, line.len() as u32));
        }
        if !line.is_empty() {
            (self.row)(line, self.bounds, self.lines + 1, self.start);
        }
        self.bounds.clear();
        self.lines += 1;
        (self.start, self.field, self.quoted) = (end + 1, end + 1, false);
        Ok(())
    }
}

/// Calls `f` with the position of each `,`, `\n` and `"` in `bytes`, in order, stopping at
/// its first error. Bytes are tested 32 at a time into a bit mask (SSE2 on x86_64): most
/// fields are a few bytes long, so a vectorised search for each separator in turn costs more
/// than it saves.
fn for_each_separator<E>(bytes: &[u8], mut f: impl FnMut(usize) -> Result<(), E>) -> Result<(), E> {
    let blocks = bytes.chunks_exact(32);
    let tail_at = bytes.len() - blocks.remainder().len();
    let tail = blocks.remainder();
    for (k, block) in blocks.enumerate() {
        let mut mask = separator_mask(block.try_into().expect("32 bytes"));
        while mask != 0 {
            f(k * 32 + mask.trailing_zeros() as usize)?;
            mask &= mask - 1;
        }
    }
    for (k, &b) in tail.iter().enumerate() {
        if is_separator(b) {
            f(tail_at + k)?;
        }
    }
    Ok(())
}

fn is_separator(b: u8) -> bool {
    b == b',' || b == b'\n' || b == b'"'
}

/// Bit `i` set when byte `i` of `block` is `,`, `\n` or `"`.
fn separator_mask(block: &[u8; 32]) -> u32 {
    let (lo, hi) = block.split_at(16);
    let half = |h: &[u8]| u32::from(separator_mask16(h.try_into().expect("16 bytes")));
    half(lo) | half(hi) << 16
}

#[cfg(target_arch = "x86_64")]
fn separator_mask16(block: &[u8; 16]) -> u16 {
    // SAFETY: SSE2 is in the baseline of every x86_64 target.
    unsafe { sse2::separator_mask16(block) }
}

/// Three byte compares and a mask of 16 bytes with SSE2.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    #[target_feature(enable = "sse2")]
    pub fn separator_mask16(block: &[u8; 16]) -> u16 {
        let word =
            |r: std::ops::Range<usize>| i64::from_le_bytes(block[r].try_into().expect("8 bytes"));
        let v = _mm_set_epi64x(word(8..16), word(0..8));
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let any = _mm_or_si128(_mm_or_si128(eq(b','), eq(b'\n')), eq(b'"'));
        _mm_movemask_epi8(any) as u16
    }
}

/// Other targets: a byte loop.
#[cfg(not(target_arch = "x86_64"))]
fn separator_mask16(block: &[u8; 16]) -> u16 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | u16::from(is_separator(b)) << i)
}

/// Splits a line holding a `"` into `bounds`, a quoted field (one starting with `"`) running
/// to the next `"`; false if the line needs the CSV reader (a doubled `""`, no closing quote,
/// or text after the closing quote).
fn split_quoted(line: &str, bounds: &mut Vec<(u32, u32)>) -> bool {
    let b = line.as_bytes();
    bounds.clear();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &b[i + 1..]).map(|k| i + 1 + k) else {
                return false;
            };
            bounds.push(((i + 1) as u32, close as u32));
            match b.get(close + 1) {
                None => return true,
                Some(b',') => i = close + 2,
                Some(_) => return false,
            }
        } else {
            let end = memchr::memchr(b',', &b[i..]).map_or(b.len(), |k| i + k);
            bounds.push((i as u32, end as u32));
            if end == b.len() {
                return true;
            }
            i = end + 1;
        }
    }
}

/// Reads CSV records from `src` (which starts at a line start) with the CSV reader, calling
/// `row(fields, line, offset)` for each as [`read_plain`] does, with `lines` line ends and
/// `base` bytes before `src`; returns the line ends read. The reader splits lines at `\n`
/// only, so that a record's position is its first line (with `\r\n`, the CSV reader's own
/// line ends put a record's position on the line before it); a `\r` left at a record's end is
/// white space to the cells, and a line of only `\r` is blank.
pub(crate) fn read_csv(
    src: impl Read,
    lines: u64,
    base: u64,
    mut row: impl FnMut(Fields, u64, u64),
) -> csv::Result<u64> {
    let mut rdr = csv_reader()
        .has_headers(false)
        .buffer_capacity(1 << 20)
        .from_reader(src);
    let mut rec = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut rec)? {
        if rec.len() == 1 && &rec[0] == b"\r" {
            continue;
        }
        let (line, at) = rec
            .position()
            .map_or((lines + 1, base), |p| (lines + p.line(), base + p.byte()));
        row(Fields::Csv(&rec), line, at);
    }
    Ok(rdr.position().line() - 1)
}

/// The CSV reader as these files are read: records end at `\n` (see [`read_csv`]) and may have
/// any number of fields (a wrong count is a row's rejection, not the file's error).
pub(crate) fn csv_reader() -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'));
    builder
}

/// [`csv_reader`]'s record rules for `csv-core`, which reads one record from bytes in memory.
pub(crate) fn csv_core_reader() -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build()
}

/// `block` as text if every `\r` in it ends a line and it is valid UTF-8.
fn plain_text(block: &[u8]) -> Option<&str> {
    if lone_cr(block).is_some() {
        return None;
    }
    std::str::from_utf8(block).ok()
}

/// The first `\r` in `bytes` that a `\n` does not follow.
fn lone_cr(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\r', bytes).find(|&i| bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as (line, offset, fields) from the plain reader, and where it stopped.
    fn plain(data: &[u8]) -> (Vec<(u64, u64, Vec<String>)>, PlainEnd) {
        let (mut rows, mut seen_ahead) = (Vec::new(), Vec::new());
        let text = |f: Fields| {
            (0..f.len())
                .map(|i| f.str_at(i).unwrap().to_string())
                .collect()
        };
        let ahead = |f: Fields| seen_ahead.push(text(f));
        let end = read_plain(&mut &data[..], data.len() as u64, ahead, |f, line, at| {
            rows.push((line, at, text(f)));
        })
        .unwrap();
        // `ahead` saw every line, in order.
        let fields: Vec<&Vec<String>> = rows.iter().map(|r| &r.2).collect();
        assert_eq!(seen_ahead.iter().collect::<Vec<_>>(), fields);
        (rows, end)
    }

    /// The same from [`read_csv`], and its line ends.
    fn csv_rows(data: &[u8]) -> (Vec<(u64, u64, Vec<String>)>, u64) {
        let mut rows = Vec::new();
        let lines = read_csv(data, 0, 0, |f, line, at| {
            let fields = (0..f.len())
                .map(|i| String::from_utf8(f.get(i).unwrap().to_vec()).unwrap())
                .map(|f| f.strip_suffix('\r').map_or(f.clone(), str::to_string))
                .collect();
            rows.push((line, at, fields));
        })
        .unwrap();
        (rows, lines)
    }

    #[test]
    fn plain_lines_read_as_the_csv_reader_reads_them() {
        for data in [
            &b"a,b,c\n1,,3\n"[..],
            b"a,b\r\nc,d\r\n",
            b"a, b ,\n,\nlast,line",
            b"a,\"b, c\",d\n\"x\",y\n\"\",\"\"\nz, \"q\",a\"b\n",
            b"\"last\",\"line\"",
            b"x\n\n\n",
            b"",
            b"\n",
            "é,ü\n\u{a0}x,\x0by\n".as_bytes(),
        ] {
            let (rows, end) = plain(data);
            let (expected, lines) = csv_rows(data);
            assert_eq!(rows, expected, "{:?}", String::from_utf8_lossy(data));
            assert_eq!(end.consumed, data.len() as u64);
            assert_eq!(end.lines, lines);
        }
    }

    #[test]
    fn separator_masks_match_the_byte_test() {
        let bytes: Vec<u8> = (0..=255u8).chain(b",\n\"".iter().copied()).collect();
        for w in bytes.windows(16) {
            let block: &[u8; 16] = w.try_into().unwrap();
            let expected = (0..16).fold(0u16, |m, i| m | u16::from(is_separator(w[i])) << i);
            assert_eq!(separator_mask16(block), expected);
        }
    }

    #[test]
    fn separators_are_found_in_every_byte_position() {
        let text: Vec<u8> = (0..=255u8).chain(b",\n\"x,,\n".iter().copied()).collect();
        for from in 0..9 {
            let bytes = &text[from..];
            let expected: Vec<usize> = (0..bytes.len())
                .filter(|&i| matches!(bytes[i], b',' | b'\n' | b'"'))
                .collect();
            let mut found = Vec::new();
            for_each_separator(bytes, |i| {
                found.push(i);
                Ok::<(), ()>(())
            })
            .unwrap();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn blank_lines_are_skipped_and_counted() {
        // The CSV reader puts a record after blank lines at the end of the record before;
        // plain lines carry their own line.
        let (rows, end) = plain(b"\n\na,b\r\n\r\n \nc\n");
        let expected = [
            (3, 2, vec!["a", "b"]),
            (5, 9, vec![" "]),
            (6, 11, vec!["c"]),
        ];
        let expected: Vec<(u64, u64, Vec<String>)> = expected
            .into_iter()
            .map(|(l, at, f)| (l, at, f.into_iter().map(String::from).collect()))
            .collect();
        assert_eq!(rows, expected);
        assert_eq!(end.lines, 6);
    }

    #[test]
    fn a_block_that_is_not_plain_stops_the_reader_at_its_start() {
        for data in [
            &b"a,\"b\"\"c\"\n"[..],
            b"\"a\nb\",c\n",
            b"\"a\" ,b\n",
            b"a\rb\n",
            b"a,\xff\n",
            b"a,b\r",
        ] {
            let (rows, end) = plain(data);
            assert!(rows.is_empty());
            assert_eq!(
                end,
                PlainEnd {
                    consumed: 0,
                    lines: 0
                }
            );
        }
    }

    #[test]
    fn the_reader_stops_at_the_line_that_is_not_plain() {
        let data = b"a,\"b\"\nc,d\n\n\"e\"\"f\",g\nh,i\n";
        let (rows, end) = plain(data);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            end,
            PlainEnd {
                consumed: 11,
                lines: 3
            }
        );
        let (rest, _) = csv_rows(&data[11..]);
        assert_eq!(rest[0].2, ["e\"f", "g"]);
    }

    #[test]
    fn lines_longer_than_a_block_are_read_whole() {
        let long = "x".repeat(BLOCK * 2 + 7);
        let data = format!("a,b\n{long},{long}\nc\n");
        let (rows, end) = plain(data.as_bytes());
        let (expected, lines) = csv_rows(data.as_bytes());
        assert_eq!(rows, expected);
        assert_eq!(end.lines, lines);
    }

    #[test]
    fn lines_before_a_doubled_quote_in_a_later_block_are_read() {
        let line = "p,1,2026-01-01\n";
        let n = BLOCK / line.len() + 10;
        let data = format!("{}q,\"2\"\"\",x\n{line}", line.repeat(n));
        let (rows, end) = plain(data.as_bytes());
        assert_eq!(rows.len(), n);
        assert_eq!(end.consumed, (n * line.len()) as u64);
        assert_eq!(end.lines, n as u64);
        let (expected, _) = csv_rows(data.as_bytes());
        assert_eq!(rows[..], expected[..n]);
    }
}
