//! Reading legacy files into rows of text: CSV in UTF-8 or Windows-1252, XLSX and XLS.

use super::config::{Format, Source, TextEncoding};
use crate::error::{Error, ErrorKind, Location, Result};
use std::path::{Path, PathBuf};

/// A file read as text cells.
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
    if !name.contains(['*', '?']) {
        if !full.is_file() {
            return Err(
                Error::new(ErrorKind::Io, format!("no such file: {}", full.display()))
                    .in_file(pattern),
            );
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
        return Err(
            Error::new(ErrorKind::Io, format!("no file matches {}", full.display()))
                .in_file(pattern),
        );
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
    let bytes = std::fs::read(path).map_err(|e| Error::io(label, &e))?;
    match format_of(src, path) {
        Format::Csv => read_csv_bytes(&bytes, src, label),
        Format::Xlsx | Format::Xls => read_workbook_bytes(bytes, src, label),
    }
}

/// Decode text bytes as the source says.
pub fn decode(bytes: &[u8], enc: TextEncoding, label: &str) -> Result<String> {
    match enc {
        TextEncoding::Utf8 => {
            let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(b) {
                Ok(s) => Ok(s.to_string()),
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
            Ok(s.into_owned())
        }
    }
}

/// Parse CSV bytes.
pub fn read_csv_bytes(bytes: &[u8], src: &Source, label: &str) -> Result<RawTable> {
    let text = decode(bytes, src.encoding, label)?;
    if text.trim().is_empty() {
        return Err(invalid(label, "the file is empty: no header row"));
    }
    let delim = src
        .delimiter
        .as_deref()
        .and_then(|d| d.bytes().next())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out = RawTable::default();
    let mut rec = csv::StringRecord::new();
    let mut n = 0usize;
    loop {
        let line = rdr.position().line();
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(invalid(label, format!("CSV error: {e}"))),
        }
        n += 1;
        if n < src.header_row {
            continue;
        }
        if n == src.header_row {
            out.header = rec.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows
            .push((line, rec.iter().map(str::to_string).collect()));
    }
    if out.header.is_empty() {
        return Err(invalid(
            label,
            format!(
                "no header row: the file has {n} rows, header_row is {}",
                src.header_row
            ),
        ));
    }
    Ok(out)
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
