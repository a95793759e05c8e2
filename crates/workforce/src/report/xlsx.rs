//! The report's tables as an XLSX workbook: an `about` sheet, then one sheet per table (named
//! as [`super::ReportTable::sheet`]), with a header row of labels and the figures unrounded
//! under number formats (`0.0` for FTE and rates, `0` for headcounts, dates as dates).
//! Suppressed cells hold their symbol; text is made formula-safe.

use super::safety::spreadsheet_safe;
use super::{column_label, Report, ReportTable};
use crate::error::{Error, ErrorKind, Result};
use crate::table::{Column, Display};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn xerr(e: XlsxError) -> Error {
    Error::new(ErrorKind::Internal, format!("writing the workbook: {e}"))
}

/// The sheet name of the about sheet.
pub const ABOUT_SHEET: &str = "about";

/// The workbook as bytes.
pub fn to_bytes(report: &Report) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // The fastest deflate level: the report's workbook is a few hundred KB of XML, and saving
    // it was the last step of the demo; level 1 takes a fraction of the default's time for a
    // slightly larger file.
    wb.set_zip_compression_level(1);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    {
        let ws = wb.add_worksheet();
        ws.set_name(ABOUT_SHEET).map_err(xerr)?;
        ws.set_column_width(0, 28).map_err(xerr)?;
        ws.set_column_width(1, 90).map_err(xerr)?;
        let r = std::cell::Cell::new(0u32);
        let line = |ws: &mut Worksheet, k: &str, v: &str| -> Result<()> {
            ws.write_string_with_format(r.get(), 0, spreadsheet_safe(k), &bold)
                .map_err(xerr)?;
            ws.write_string_with_format(r.get(), 1, spreadsheet_safe(v), &wrap)
                .map_err(xerr)?;
            r.set(r.get() + 1);
            Ok(())
        };
        line(
            ws,
            "Report",
            &format!(
                "{}: children's social work workforce, year {} to {}",
                report.council, report.period_start, report.year_end
            ),
        )?;
        line(ws, "Data as of", &report.as_of.to_string())?;
        line(
            ws,
            "Rows rejected on loading",
            &report.rejected_rows.to_string(),
        )?;
        if let Some(n) = &report.la_note {
            line(ws, "Comparators", n)?;
        }
        line(ws, "Options", &report.options_json)?;
        for s in &report.sources {
            line(ws, "Source", s)?;
        }
        if let Some(p) = &report.publication {
            line(
                ws,
                "Suppression",
                &format!(
                    "Counts from 1 to {} shown as c; other cells suppressed where they would \
                     reveal them",
                    p.threshold - 1.0
                ),
            )?;
        }
        line(ws, "Made by", &format!("workforce {}", report.version))?;
        r.set(r.get() + 1);
        for s in &report.sections {
            for t in &s.tables {
                line(ws, &t.sheet, &format!("{} ({})", t.title, s.title))?;
            }
            for d in &s.definitions {
                let mut text = format!("{} Numerator: {}.", d.definition, d.numerator);
                if !d.denominator.is_empty() {
                    text.push_str(&format!(" Denominator: {}.", d.denominator));
                }
                line(ws, &d.figure, &text)?;
            }
        }
    }
    for t in report.tables() {
        sheet(wb.add_worksheet(), t)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

/// Write the workbook to `path`.
pub fn write(report: &Report, path: &std::path::Path) -> Result<()> {
    let bytes = to_bytes(report)?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path.display(), &e))
}

/// The number format of a column: `0` for headcounts, `0.0` for FTE and rates.
pub fn number_format(c: &Column, d: Display) -> &'static str {
    match (c, d) {
        (Column::Int(_), _) | (_, Display::Whole) => "0",
        (Column::Float(_), Display::OneDp) => "0.0",
        _ => "General",
    }
}

fn sheet(ws: &mut Worksheet, t: &ReportTable) -> Result<()> {
    let name: String = t
        .sheet
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(name).map_err(xerr)?;
    let head = Format::new().set_bold().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let m = &t.data;
    let tb = &m.table;
    for (c, n) in tb.names().iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(0, c16, spreadsheet_safe(&column_label(n)), &head)
            .map_err(xerr)?;
        let width = match tb.columns()[c] {
            Column::Str(_) => 22,
            Column::Date(_) => 12,
            _ => 14,
        };
        ws.set_column_width(c16, width).map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    for (c, col) in tb.columns().iter().enumerate() {
        let fmt = Format::new().set_num_format(number_format(col, tb.display(c)));
        let c16 = c as u16;
        for r in 0..tb.num_rows() {
            let row = r as u32 + 1;
            if let Some(sym) = m.symbol(c, r) {
                ws.write_string(row, c16, sym).map_err(xerr)?;
                continue;
            }
            match col {
                Column::Str(v) => {
                    if let Some(s) = &v[r] {
                        ws.write_string(row, c16, spreadsheet_safe(s))
                            .map_err(xerr)?;
                    }
                }
                Column::Date(v) => {
                    if let Some(d) = v[r] {
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(xerr)?;
                        ws.write_datetime_with_format(row, c16, &dt, &date)
                            .map_err(xerr)?;
                    }
                }
                Column::Bool(v) => {
                    if let Some(b) = v[r] {
                        ws.write_boolean(row, c16, b).map_err(xerr)?;
                    }
                }
                _ => {
                    if let Some(x) = col.f64_at(r).filter(|x| x.is_finite()) {
                        ws.write_number_with_format(row, c16, x, &fmt)
                            .map_err(xerr)?;
                    }
                }
            }
        }
    }
    Ok(())
}
