//! Ofsted inspection outcomes for local authority children's services (ILACS), from the
//! published OpenDocument spreadsheet `LA_Inspection_Outcomes_as_at_<date>.ods`.

use super::comparators::ComparatorGroup;
use super::csww::{file_label, invalid};
use crate::error::Error;
use crate::model::Date;
use calamine::{Data, Reader};
use std::collections::BTreeMap;
use std::path::Path;

/// An Ofsted overall effectiveness judgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Judgement {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement to be good.
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
}

impl Judgement {
    /// Parse a judgement as Ofsted writes it (case and spacing ignored).
    pub fn parse(text: &str) -> Option<Judgement> {
        let t = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        match t.as_str() {
            "outstanding" => Some(Judgement::Outstanding),
            "good" => Some(Judgement::Good),
            "requires improvement to be good" | "requires improvement" => {
                Some(Judgement::RequiresImprovement)
            }
            "inadequate" => Some(Judgement::Inadequate),
            _ => None,
        }
    }
    /// The judgement as Ofsted writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Outstanding => "Outstanding",
            Judgement::Good => "Good",
            Judgement::RequiresImprovement => "Requires improvement to be good",
            Judgement::Inadequate => "Inadequate",
        }
    }
    /// Good or Outstanding ("Good+").
    pub fn is_good_or_better(self) -> bool {
        matches!(self, Judgement::Outstanding | Judgement::Good)
    }
}

/// One inspection (a row of the history sheet).
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// 9-character ONS code (`Local authority area code`).
    pub ons_code: String,
    /// `Local authority name`.
    pub la_name: String,
    /// `Local authority status` (`Current`, `No longer exists`), when given.
    pub status: Option<String>,
    /// `Ofsted region`.
    pub region: Option<String>,
    /// `Inspection date` (first day on site).
    pub inspection_date: Date,
    /// `Publication date` of the report.
    pub publication_date: Date,
    /// `Inspection type` (`ILACS Standard Inspection`, `ILACS Short Inspection`), when given.
    pub inspection_type: Option<String>,
    /// `Overall effectiveness`; `None` when blank.
    pub overall: Option<Judgement>,
    /// 1-based row in the sheet.
    pub row: u64,
}

/// The sheet read by [`OfstedOutcomes::read`].
pub const HISTORY_SHEET: &str = "ILACS_inspection_history";

/// Ofsted ILACS inspections.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OfstedOutcomes {
    /// Every inspection read, in sheet order.
    pub inspections: Vec<Inspection>,
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cell_date(c: &Data) -> Option<Date> {
    let serial = |f: f64| {
        Date::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(f.floor() as i64)))
    };
    match c {
        Data::DateTimeIso(s) | Data::String(s) => {
            let s = s.trim();
            let head = s.get(..10).unwrap_or(s);
            Date::parse_from_str(head, "%Y-%m-%d")
                .or_else(|_| Date::parse_from_str(s, "%d/%m/%Y"))
                .ok()
        }
        Data::DateTime(d) => serial(d.as_f64()),
        Data::Float(f) => serial(*f),
        Data::Int(i) => serial(*i as f64),
        _ => None,
    }
}

impl OfstedOutcomes {
    /// Read the `ILACS_inspection_history` sheet of the Ofsted outcomes spreadsheet (`.ods`,
    /// or `.xlsx`). The header row is found by its `Local authority area code` cell.
    pub fn read(path: impl AsRef<Path>) -> crate::Result<Self> {
        let path = path.as_ref();
        let file = file_label(path);
        let mut wb = calamine::open_workbook_auto(path).map_err(|e| match e {
            calamine::Error::Io(io) => Error::io(&file, &io),
            other => invalid(
                &file,
                None,
                None,
                None,
                format!("not a readable spreadsheet: {other}"),
            ),
        })?;
        let range = wb.worksheet_range(HISTORY_SHEET).map_err(|e| {
            invalid(
                &file,
                None,
                None,
                Some(HISTORY_SHEET),
                format!("no sheet {HISTORY_SHEET}: {e}"),
            )
        })?;
        let first_row = range.start().map_or(0, |(r, _)| r as u64);
        let rows: Vec<&[Data]> = range.rows().collect();
        let header_at = rows
            .iter()
            .position(|r| {
                r.iter()
                    .any(|c| cell_text(c).eq_ignore_ascii_case("Local authority area code"))
            })
            .ok_or_else(|| {
                invalid(
                    &file,
                    None,
                    Some("Local authority area code"),
                    None,
                    format!("sheet {HISTORY_SHEET} has no header row"),
                )
            })?;
        let header: Vec<String> = rows[header_at].iter().map(cell_text).collect();
        let header_line = first_row + header_at as u64 + 1;
        let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                invalid(
                    &file,
                    Some(header_line),
                    Some(name),
                    None,
                    format!("required column `{name}` is missing"),
                )
            })
        };
        let c_code = need("Local authority area code")?;
        let c_name = need("Local authority name")?;
        let c_insp = need("Inspection date")?;
        let c_pub = need("Publication date")?;
        let c_overall = need("Overall effectiveness")?;
        let c_status = col("Local authority status");
        let c_region = col("Ofsted region").or_else(|| col("Region"));
        let c_type = col("Inspection type");
        let mut inspections = Vec::new();
        for (i, r) in rows.iter().enumerate().skip(header_at + 1) {
            let line = first_row + i as u64 + 1;
            let get = |c: usize| r.get(c).unwrap_or(&Data::Empty);
            let code = cell_text(get(c_code));
            if code.is_empty() && r.iter().all(|c| cell_text(c).is_empty()) {
                continue;
            }
            if code.is_empty() {
                return Err(invalid(
                    &file,
                    Some(line),
                    Some(&header[c_code]),
                    Some(""),
                    "missing local authority code",
                ));
            }
            let date = |c: usize| {
                cell_date(get(c)).ok_or_else(|| {
                    invalid(
                        &file,
                        Some(line),
                        Some(&header[c]),
                        Some(&cell_text(get(c))),
                        "not a date",
                    )
                })
            };
            let overall_text = cell_text(get(c_overall));
            let overall = if overall_text.is_empty() {
                None
            } else {
                Some(Judgement::parse(&overall_text).ok_or_else(|| {
                    invalid(
                        &file,
                        Some(line),
                        Some(&header[c_overall]),
                        Some(&overall_text),
                        "unknown judgement",
                    )
                })?)
            };
            let opt = |c: Option<usize>| c.map(|c| cell_text(get(c))).filter(|s| !s.is_empty());
            inspections.push(Inspection {
                ons_code: code,
                la_name: cell_text(get(c_name)),
                status: opt(c_status),
                region: opt(c_region),
                inspection_date: date(c_insp)?,
                publication_date: date(c_pub)?,
                inspection_type: opt(c_type),
                overall,
                row: line,
            });
        }
        Ok(OfstedOutcomes { inspections })
    }

    /// Each authority's latest judged inspection whose report was published on or before
    /// `date`, by ONS code.
    pub fn latest_by(&self, date: Date) -> BTreeMap<&str, &Inspection> {
        let mut out: BTreeMap<&str, &Inspection> = BTreeMap::new();
        for i in &self.inspections {
            if i.overall.is_none() || i.publication_date > date {
                continue;
            }
            let e = out.entry(i.ons_code.as_str()).or_insert(i);
            if (i.publication_date, i.inspection_date) > (e.publication_date, e.inspection_date) {
                *e = i;
            }
        }
        out
    }

    /// ONS codes of the authorities whose latest judgement published by `date` is Good or
    /// Outstanding. Authorities last inspected before ILACS (2018) are not in the sheet.
    pub fn good_plus(&self, date: Date) -> Vec<String> {
        self.latest_by(date)
            .into_iter()
            .filter(|(_, i)| i.overall.is_some_and(Judgement::is_good_or_better))
            .map(|(c, _)| c.to_string())
            .collect()
    }

    /// The "Good+ LAs" comparator group as at `date`.
    pub fn good_plus_group(&self, date: Date) -> ComparatorGroup {
        ComparatorGroup {
            label: "Good+ LAs".into(),
            members: self.good_plus(date),
        }
    }
}
