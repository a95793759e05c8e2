//! DfE statistical neighbour groupings: the April 2021 file and the 2025 wide model.

use super::csww::{file_label, invalid};
use crate::error::Error;
use std::collections::BTreeMap;
use std::path::Path;

/// How close a statistical neighbour is, as labelled by DfE.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Closeness {
    /// "Extremely Close".
    ExtremelyClose,
    /// "Very Close".
    VeryClose,
    /// "Close".
    Close,
    /// "Somewhat close".
    SomewhatClose,
    /// "Not Close".
    NotClose,
    /// Any other label, trimmed.
    Other(String),
}

impl Closeness {
    /// Parse a label, ignoring case and surrounding spaces (`"Close "` is `Close`).
    pub fn parse(label: &str) -> Closeness {
        let l = label.split_whitespace().collect::<Vec<_>>().join(" ");
        match l.to_ascii_lowercase().as_str() {
            "extremely close" => Closeness::ExtremelyClose,
            "very close" => Closeness::VeryClose,
            "close" => Closeness::Close,
            "somewhat close" => Closeness::SomewhatClose,
            "not close" => Closeness::NotClose,
            _ => Closeness::Other(l),
        }
    }
    /// The label in a standard spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Closeness::ExtremelyClose => "Extremely close",
            Closeness::VeryClose => "Very close",
            Closeness::Close => "Close",
            Closeness::SomewhatClose => "Somewhat close",
            Closeness::NotClose => "Not close",
            Closeness::Other(s) => s,
        }
    }
}

/// One authority's entry in a grouping.
#[derive(Clone, Debug, PartialEq)]
pub struct NeighbourEntry {
    /// The authority's 3-digit DfE code.
    pub code: String,
    /// Its name as written in the file.
    pub name: String,
    /// Its region as written in the file.
    pub region: Option<String>,
    /// Its neighbours, nearest first.
    pub neighbours: Vec<(String, Closeness)>,
}

/// A statistical neighbour grouping (one model).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Neighbours {
    /// A label for the model (by default the file stem).
    pub model: String,
    entries: BTreeMap<String, NeighbourEntry>,
}

impl Neighbours {
    /// Read either layout, detected from the header: the 2021 file (`LA num`, `SN1`, `SNP`, …;
    /// duplicate `SNP` headers, a trailing empty column, blank rows and an "Old SNs:" block
    /// are handled) or the 2025 wide model (`old_la_code`, `SN_1`, `SN_1P`, …).
    pub fn read(path: impl AsRef<Path>) -> crate::Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(file_label(path), &e))?;
        let model = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::from_reader(file, &file_label(path), &model)
    }

    /// Read CSV text from `reader`; `file` names it in errors.
    pub fn from_reader<R: std::io::Read>(
        reader: R,
        file: &str,
        model: &str,
    ) -> crate::Result<Self> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut records = rdr.records();
        let header: Vec<String> = match records.next() {
            Some(Ok(h)) => h
                .iter()
                .map(|s| s.trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            Some(Err(e)) => {
                return Err(invalid(
                    file,
                    Some(1),
                    None,
                    None,
                    format!("malformed CSV: {e}"),
                ))
            }
            None => return Err(invalid(file, Some(1), None, None, "empty file")),
        };
        let find = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
        let code_col = find("LA num")
            .or_else(|| find("old_la_code"))
            .ok_or_else(|| {
                invalid(
                    file,
                    Some(1),
                    Some("LA num"),
                    None,
                    "no `LA num` or `old_la_code` column",
                )
            })?;
        let name_col = find("LA Name").or_else(|| find("la_name"));
        let region_col = find("GOReg").or_else(|| find("region_name"));
        // Neighbour k (1..=10) is in `SNk` / `SN_k`; its label in the next column (`SNP`) in the
        // 2021 layout, or in `SN_kP` in the 2025 layout.
        let mut sn_cols = Vec::new();
        for k in 1.. {
            let c = find(&format!("SN{k}")).or_else(|| find(&format!("SN_{k}")));
            let Some(c) = c else { break };
            let p = find(&format!("SN_{k}P")).or_else(|| {
                header
                    .get(c + 1)
                    .filter(|h| h.eq_ignore_ascii_case("SNP"))
                    .map(|_| c + 1)
            });
            sn_cols.push((c, p));
        }
        if sn_cols.is_empty() {
            return Err(invalid(
                file,
                Some(1),
                Some("SN1"),
                None,
                "no neighbour columns (SN1.. or SN_1..)",
            ));
        }
        let mut entries = BTreeMap::new();
        for rec in records {
            let rec = rec.map_err(|e| {
                invalid(
                    file,
                    e.position().map(|p| p.line()),
                    None,
                    None,
                    format!("malformed CSV: {e}"),
                )
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            let code = rec.get(code_col).unwrap_or("").trim();
            if code.is_empty() {
                // Blank separator rows and the "Old SNs:" heading.
                continue;
            }
            if !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid(
                    file,
                    Some(line),
                    Some(&header[code_col]),
                    Some(code),
                    "LA code is not a number",
                ));
            }
            let mut neighbours = Vec::new();
            for (c, p) in &sn_cols {
                let n = rec.get(*c).unwrap_or("").trim();
                if n.is_empty() {
                    continue;
                }
                if !n.chars().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(
                        file,
                        Some(line),
                        Some(&header[*c]),
                        Some(n),
                        "neighbour code is not a number",
                    ));
                }
                let label = p.and_then(|p| rec.get(p)).unwrap_or("");
                neighbours.push((n.to_string(), Closeness::parse(label)));
            }
            let entry = NeighbourEntry {
                code: code.to_string(),
                name: name_col
                    .and_then(|c| rec.get(c))
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                region: region_col
                    .and_then(|c| rec.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                neighbours,
            };
            if entries.insert(code.to_string(), entry).is_some() {
                return Err(invalid(
                    file,
                    Some(line),
                    Some(&header[code_col]),
                    Some(code),
                    "authority listed twice",
                ));
            }
        }
        Ok(Neighbours {
            model: model.to_string(),
            entries,
        })
    }

    /// The neighbours of the authority with 3-digit code `la`, nearest first; for a joint code
    /// (`314 / 318`) those of its first part. `None` when the grouping does not list it.
    pub fn neighbours(&self, la: &str) -> Option<Vec<(String, Closeness)>> {
        self.entry(la).map(|e| e.neighbours.clone())
    }

    /// The entry of an authority (see [`Self::neighbours`] for the code rules).
    pub fn entry(&self, la: &str) -> Option<&NeighbourEntry> {
        let first = la.split('/').next().unwrap_or("").trim();
        self.entries.get(first)
    }

    /// Every authority listed, by code.
    pub fn entries(&self) -> impl Iterator<Item = &NeighbourEntry> {
        self.entries.values()
    }

    /// Number of authorities listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no authority is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
