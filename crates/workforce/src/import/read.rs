//! Reading legacy files into rows of text: CSV in UTF-8 or Windows-1252, XLSX and XLS.

use super::config::{Format, Source, TextEncoding};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::io::records::split_plain;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One data row's cells, borrowed from the reader: no `String` per cell.
#[derive(Clone, Copy, Debug)]
pub enum Cells<'r> {
    /// A CSV record.
    Csv(&'r csv::StringRecord),
    /// A line split by the plain splitter: the line and each cell's byte range in it.
    Plain {
        /// The line without its line end.
        line: &'r str,
        /// Each cell's byte range in `line` (inside the quotes of a quoted cell).
        bounds: &'r [(u32, u32)],
    },
    /// A workbook row.
    Sheet(&'r [String]),
}

impl<'r> Cells<'r> {
    /// Number of cells.
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Cells::Csv(r) => r.len(),
            Cells::Plain { bounds, .. } => bounds.len(),
            Cells::Sheet(v) => v.len(),
        }
    }
    /// True when the row has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Cell `i`, untrimmed.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&'r str> {
        match *self {
            Cells::Csv(r) => r.get(i),
            Cells::Plain { line, bounds } => {
                let &(start, end) = bounds.get(i)?;
                cell_at(line, start as usize, end as usize)
            }
            Cells::Sheet(v) => v.get(i).map(String::as_str),
        }
    }
    /// All cells.
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// `line.get(start..end)`, by two `split_at_checked`, which inline into the row readers
/// (`str::get` stayed a call there, one per cell).
#[inline(always)]
fn cell_at(line: &str, start: usize, end: usize) -> Option<&str> {
    let (head, _) = line.split_at_checked(end)?;
    head.split_at_checked(start).map(|(_, cell)| cell)
}

/// A file read as text cells (materialised; [`read_rows`] streams instead).
#[derive(Clone, Debug, Default)]
pub struct RawTable {
    /// Column names (trimmed).
    pub header: Vec<String>,
    /// Data rows: (1-based line or sheet row number, cells).
    pub rows: Vec<(u64, Vec<String>)>,
}

fn invalid(file: &str, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidData, msg).in_file(file)
}

/// Files matching a source's pattern, sorted by name. The pattern may use `*` and `?` in its
/// last component.
pub fn resolve_files(base: &Path, pattern: &str) -> Result<Vec<PathBuf>> {
    let full = base.join(pattern);
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The path looked at, in full, and where a relative one is read from.
    let missing = |what: &str| {
        let shown = std::path::absolute(&full).unwrap_or_else(|_| full.clone());
        Error::new(
            ErrorKind::Io,
            format!(
                "{what} {} (a source's `file` is read from the mapping file's folder)",
                shown.display()
            ),
        )
        .in_file(pattern)
    };
    if !name.contains(['*', '?']) {
        if !full.is_file() {
            return Err(missing("no such file"));
        }
        return Ok(vec![full]);
    }
    let dir = full.parent().unwrap_or(Path::new("."));
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display(), &e))?;
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter(|e| glob_match(&name, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(missing("no file matches"));
    }
    Ok(out)
}

/// `*` and `?` wildcard match.
pub fn glob_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The format of a file: as configured, else from its extension.
pub fn format_of(src: &Source, path: &Path) -> Format {
    if let Some(f) = src.format {
        return f;
    }
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("xlsx") | Some("xlsm") => Format::Xlsx,
        Some("xls") => Format::Xls,
        _ => Format::Csv,
    }
}

/// Read a file of a source. `label` names it in errors.
pub fn read_file(src: &Source, path: &Path, label: &str) -> Result<RawTable> {
    let mut out = RawTable::default();
    let mut rows = Vec::new();
    read_rows(
        src,
        path,
        label,
        |h, _| {
            out.header = h.to_vec();
            Ok(())
        },
        |_, line, cells| rows.push((line, cells.iter().map(str::to_string).collect())),
    )?;
    out.rows = rows;
    Ok(out)
}

/// Read a file of a source row by row: `header` gets the trimmed column names and an upper
/// bound on the number of data rows once, before any row, and returns what `row` then gets with each data row that is not blank, its 1-based
/// line (CSV) or sheet row and its cells. Errors are those of [`read_file`]: a reading error
/// wins over one `header` returns.
pub fn read_rows<T>(
    src: &Source,
    path: &Path,
    label: &str,
    header: impl FnOnce(&[String], usize) -> Result<T>,
    row: impl FnMut(&T, u64, Cells<'_>),
) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(label, &e))?;
    match format_of(src, path) {
        Format::Csv => csv_rows(&bytes, src, label, header, row),
        Format::Xlsx | Format::Xls => {
            let t = read_workbook_bytes(bytes, src, label)?;
            let h = header(&t.header, t.rows.len())?;
            let mut row = row;
            for (line, cells) in &t.rows {
                row(&h, *line, Cells::Sheet(cells));
            }
            Ok(())
        }
    }
}

/// Decode text bytes as the source says.
pub fn decode<'b>(bytes: &'b [u8], enc: TextEncoding, label: &str) -> Result<Cow<'b, str>> {
    match enc {
        TextEncoding::Utf8 => {
            let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(b) {
                Ok(s) => Ok(Cow::Borrowed(s)),
                Err(e) => {
                    let at = e.valid_up_to();
                    let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
                    Err(Error::new(
                        ErrorKind::InvalidData,
                        format!(
                            "not valid UTF-8 at byte {at} (line {line}, byte 0x{:02X}); \
                             the file may be Windows-1252: set encoding = \"windows-1252\"",
                            b[at]
                        ),
                    )
                    .at(Location {
                        file: Some(label.into()),
                        row: Some(line as u64),
                        column: None,
                        value: None,
                    }))
                }
            }
        }
        TextEncoding::Windows1252 => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(s)
        }
    }
}

/// Parse CSV bytes.
pub fn read_csv_bytes(bytes: &[u8], src: &Source, label: &str) -> Result<RawTable> {
    let mut out = RawTable::default();
    let mut rows = Vec::new();
    csv_rows(
        bytes,
        src,
        label,
        |h, _| {
            out.header = h.to_vec();
            Ok(())
        },
        |_, line, cells| rows.push((line, cells.iter().map(str::to_string).collect())),
    )?;
    out.rows = rows;
    Ok(out)
}

/// Stream CSV bytes: plain lines split in place (see [`crate::io::records`]), the rest from
/// the first line that needs it by the CSV reader, one reused record; cells are borrowed.
fn csv_rows<T>(
    bytes: &[u8],
    src: &Source,
    label: &str,
    header: impl FnOnce(&[String], usize) -> Result<T>,
    row: impl FnMut(&T, u64, Cells<'_>),
) -> Result<()> {
    let text = decode(bytes, src.encoding, label)?;
    if text.trim().is_empty() {
        return Err(invalid(label, "the file is empty: no header row"));
    }
    let delim = src
        .delimiter
        .as_deref()
        .and_then(|d| d.bytes().next())
        .unwrap_or(b',');
    let mut records = Records {
        text: &text,
        header_row: src.header_row,
        n: 0,
        header: Some(header),
        header_err: None,
        state: None,
        have_header: false,
        row,
    };
    // The CSV reader strips a byte order mark at its start: such text is its alone.
    let resume = if delim == b',' && !text.starts_with('\u{feff}') {
        plain_rows(&text, &mut records)
    } else {
        Some(Resume::default())
    };
    if let Some(resume) = resume {
        csv_reader_rows(&text, delim, resume, &mut records)
            .map_err(|e| invalid(label, format!("CSV error: {e}")))?;
    }
    records.finish(label)
}

/// Where the CSV reader takes over from the plain splitter.
#[derive(Default)]
struct Resume {
    /// The byte it starts at: the line end of the last record split, or 0.
    at: usize,
    /// Lines before `at`.
    lines: u64,
    /// The line the CSV reader gives its first record, if not its own count.
    first_line: Option<u64>,
}

/// Passes the plain lines at the start of `text` to `records`; returns where the CSV reader
/// takes over, if it must. A record's line is the one the CSV reader (whose line ends are
/// `\r`, `\n` and `\r\n`) is at before reading it: after a record that ends in `\r\n` it has
/// not passed the `\n`, and blank lines before a record are read with it.
fn plain_rows<T, R: FnMut(&T, u64, Cells<'_>)>(
    text: &str,
    records: &mut Records<'_, T, impl FnOnce(&[String], usize) -> Result<T>, R>,
) -> Option<Resume> {
    let (mut next_line, mut last) = (1, None);
    let end = split_plain(text, |line, bounds, line_no, offset| {
        records.record(next_line, Cells::Plain { line, bounds });
        let crlf = text.as_bytes().get(offset + line.len()) == Some(&b'\r');
        next_line = if crlf { line_no } else { line_no + 1 };
        last = Some((offset + line.len() + usize::from(crlf), line_no));
    });
    if end.consumed == text.len() as u64 {
        return None;
    }
    Some(match last {
        Some((at, line)) => Resume {
            at,
            lines: line - 1,
            first_line: Some(next_line),
        },
        None => Resume::default(),
    })
}

/// Passes the records of `text` from `resume` on to `records`, read by the CSV reader.
fn csv_reader_rows<T, R: FnMut(&T, u64, Cells<'_>)>(
    text: &str,
    delim: u8,
    mut resume: Resume,
    records: &mut Records<'_, T, impl FnOnce(&[String], usize) -> Result<T>, R>,
) -> csv::Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(&text.as_bytes()[resume.at..]);
    let mut rec = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() + resume.lines;
        if !rdr.read_record(&mut rec)? {
            return Ok(());
        }
        let line = resume.first_line.take().unwrap_or(line);
        records.record(line, Cells::Csv(&rec));
    }
}

/// The records of a CSV file in order: those before the header row skipped, the header row
/// to `header`, data rows that are not blank to `row`.
struct Records<'t, T, H, R> {
    text: &'t str,
    header_row: usize,
    /// Records so far.
    n: usize,
    header: Option<H>,
    /// An error of `header`: returned once the whole file has been read without a reading
    /// error (the order a read-everything-first reader gives).
    header_err: Option<Error>,
    state: Option<T>,
    have_header: bool,
    row: R,
}

impl<T, H, R> Records<'_, T, H, R>
where
    H: FnOnce(&[String], usize) -> Result<T>,
    R: FnMut(&T, u64, Cells<'_>),
{
    fn record(&mut self, line: u64, cells: Cells<'_>) {
        self.n += 1;
        if self.n < self.header_row {
            return;
        }
        if self.n == self.header_row {
            let h: Vec<String> = cells.iter().map(|h| h.trim().to_string()).collect();
            self.have_header = !h.is_empty();
            if let Some(f) = self.header.take() {
                // Each data row takes at least one line.
                let lines = memchr::memchr_iter(b'\n', self.text.as_bytes()).count() + 1;
                match f(&h, lines) {
                    Ok(t) => self.state = Some(t),
                    Err(e) => self.header_err = Some(e),
                }
            }
            return;
        }
        let Some(st) = &self.state else { return };
        if cells.iter().all(|c| super::rows::trim_cell(c).is_empty()) {
            return;
        }
        (self.row)(st, line, cells);
    }

    fn finish(self, label: &str) -> Result<()> {
        if !self.have_header {
            return Err(invalid(
                label,
                format!(
                    "no header row: the file has {} rows, header_row is {}",
                    self.n, self.header_row
                ),
            ));
        }
        match self.header_err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Parse an XLSX or XLS workbook.
pub fn read_workbook_bytes(bytes: Vec<u8>, src: &Source, label: &str) -> Result<RawTable> {
    use calamine::{Data, Reader};
    if bytes.is_empty() {
        return Err(invalid(label, "the file is empty"));
    }
    let cursor = std::io::Cursor::new(bytes);
    let bad = |e: String| invalid(label, format!("cannot read the workbook: {e}"));
    let range = match format_of_src(src, label) {
        Format::Xls => {
            let mut wb: calamine::Xls<_> =
                calamine::Xls::new(cursor).map_err(|e| bad(e.to_string()))?;
            let sheet = pick_sheet(&wb.sheet_names(), src, label)?;
            wb.worksheet_range(&sheet).map_err(|e| bad(e.to_string()))?
        }
        _ => {
            let mut wb: calamine::Xlsx<_> =
                calamine::Xlsx::new(cursor).map_err(|e| bad(e.to_string()))?;
            let sheet = pick_sheet(&wb.sheet_names(), src, label)?;
            wb.worksheet_range(&sheet).map_err(|e| bad(e.to_string()))?
        }
    };
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) => crate::table::format_float(*f),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(t) if dt.is_datetime() => t.date().to_string(),
                _ => crate::table::format_float(dt.as_f64()),
            },
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let (r0, _) = range.start().unwrap_or((0, 0));
    let mut out = RawTable::default();
    for (i, row) in range.rows().enumerate() {
        let sheet_row = r0 as usize + i + 1;
        if sheet_row < src.header_row {
            continue;
        }
        let cells: Vec<String> = row.iter().map(cell).collect();
        if sheet_row == src.header_row {
            out.header = cells.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows.push((sheet_row as u64, cells));
    }
    if out.header.is_empty() {
        return Err(invalid(label, "the sheet has no header row"));
    }
    Ok(out)
}

fn format_of_src(src: &Source, label: &str) -> Format {
    format_of(src, Path::new(label))
}

fn pick_sheet(names: &[String], src: &Source, label: &str) -> Result<String> {
    match &src.sheet {
        Some(s) => names.iter().find(|n| *n == s).cloned().ok_or_else(|| {
            invalid(
                label,
                format!("no sheet named {s:?}; the workbook has {names:?}"),
            )
        }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| invalid(label, "the workbook has no sheet")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header and each data row's (line, cells) of `text`: as [`csv_rows`] reads it (plain
    /// lines split, then the CSV reader), or by the CSV reader alone.
    fn rows(text: &str, header_row: usize, plain: bool) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let (mut header, mut out) = (Vec::new(), Vec::new());
        let mut records = Records {
            text,
            header_row,
            n: 0,
            header: Some(|h: &[String], _| {
                header = h.to_vec();
                Ok(())
            }),
            header_err: None,
            state: None,
            have_header: false,
            row: |_: &(), line, cells: Cells| {
                out.push((line, cells.iter().map(str::to_string).collect()))
            },
        };
        let resume = match plain {
            true => plain_rows(text, &mut records),
            false => Some(Resume::default()),
        };
        if let Some(resume) = resume {
            csv_reader_rows(text, b',', resume, &mut records).unwrap();
        }
        drop(records);
        (header, out)
    }

    #[test]
    fn plain_lines_give_the_rows_and_lines_of_the_csv_reader() {
        let pieces = [
            "a", "b", ",", "\"", "\r", "\n", "\r\n", " ", "é", "\n\n", "\"x\"",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..5_000 {
            let len = next(40);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            for header_row in 1..=3 {
                assert_eq!(
                    rows(&text, header_row, true),
                    rows(&text, header_row, false),
                    "{text:?}, header row {header_row}"
                );
            }
        }
    }

    #[test]
    fn rows_after_crlf_and_blank_lines_keep_the_csv_readers_lines() {
        let text = "h1,h2\r\n\r\na,b\n\nc,\"d\"\r\ne,\"f\"\"\"\n\ng,h\r\ni\n";
        let (header, data) = rows(text, 1, true);
        assert_eq!(header, ["h1", "h2"]);
        let lines: Vec<u64> = data.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 4, 5, 7, 8]);
        assert_eq!(data, rows(text, 1, false).1);
    }
}
