//! Reader for the DfE CSWW indicator files as users download them.
//!
//! Two layouts are read: `csww_indicators_2017_to_2025.csv` (current column names) and the older
//! `csww_headline_measures_2017_to_2022.csv` (`social_worker_fte`, `leaver_fte`,
//! `turnover_rate_fte_%`, …), whose columns are renamed to the current names on reading
//! ([`canonical_column`]).

use super::measure::Measure;
use super::value::Published;
use crate::error::{Error, ErrorKind, Location};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;

/// The geographic level of a published row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// England.
    National,
    /// A region (including Inner and Outer London, which overlap London).
    Regional,
    /// A local authority (or a joint return, such as `314 / 318`).
    LocalAuthority,
}

impl Level {
    /// Parse the `geographic_level` column.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "national" => Some(Level::National),
            "regional" => Some(Level::Regional),
            "local authority" => Some(Level::LocalAuthority),
            _ => None,
        }
    }
    /// The `geographic_level` text as DfE writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "National",
            Level::Regional => "Regional",
            Level::LocalAuthority => "Local authority",
        }
    }
}

/// Which area to look up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// England.
    National,
    /// A region, by its 9-character code (`E12000009`) or its name.
    Region(String),
    /// A local authority by its 3-digit DfE code (`839`) or 9-character ONS code; a joint return
    /// (`314 / 318`) is found by either of its codes or by the compound code.
    La(String),
}

/// One published row: an area in one year of one release.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorRow {
    /// Release label the row came from (by default the file stem).
    pub release: String,
    /// Reporting year (`time_period`), the year whose 30 September ends it.
    pub time_period: i32,
    /// Geographic level.
    pub level: Level,
    /// `country_code` (`E92000001`).
    pub country_code: Option<String>,
    /// `country_name` (`England`).
    pub country_name: Option<String>,
    /// `region_code`.
    pub region_code: Option<String>,
    /// `region_name`.
    pub region_name: Option<String>,
    /// `old_la_code`: 3-digit DfE code, or compound (`314 / 318`).
    pub old_la_code: Option<String>,
    /// `new_la_code`: 9-character ONS code, or compound.
    pub new_la_code: Option<String>,
    /// `la_name`.
    pub la_name: Option<String>,
    /// 1-based line in the file (header is line 1).
    pub line: u64,
    /// Every numeric column, under its current (indicators file) name.
    pub values: BTreeMap<String, Published>,
}

fn parts(code: &str) -> impl Iterator<Item = &str> {
    code.split('/').map(str::trim).filter(|s| !s.is_empty())
}

fn norm_name(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace('&', "and")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl IndicatorRow {
    /// A cell by column name (current names).
    pub fn get(&self, column: &str) -> Option<Published> {
        self.values.get(column).copied()
    }
    /// A cell's number; `None` when the column is absent or a symbol was published.
    pub fn value(&self, column: &str) -> Option<f64> {
        self.get(column).and_then(Published::value)
    }
    /// The published rate.
    pub fn rate(&self, measure: Measure) -> Option<f64> {
        self.value(measure.name())
    }
    /// The rate recomputed from the published (rounded) parts.
    pub fn recompute(&self, measure: Measure, working_days: f64) -> Option<f64> {
        let p = measure.parts();
        measure.from_parts(self.value(p[0]), self.value(p[1]), working_days)
    }
    /// The row's key code: `old_la_code`, `region_code`, or `country_code` (or `E92000001`).
    pub fn code(&self) -> String {
        match self.level {
            Level::LocalAuthority => self.old_la_code.clone().unwrap_or_default(),
            Level::Regional => self.region_code.clone().unwrap_or_default(),
            Level::National => self
                .country_code
                .clone()
                .unwrap_or_else(|| "E92000001".into()),
        }
    }
    /// The row's area name.
    pub fn name(&self) -> String {
        match self.level {
            Level::LocalAuthority => self.la_name.clone(),
            Level::Regional => self.region_name.clone(),
            Level::National => self.country_name.clone(),
        }
        .unwrap_or_else(|| self.code())
    }
    /// True for a local authority row whose old or new code (or any part of a compound code)
    /// is `code`.
    pub fn matches_la(&self, code: &str) -> bool {
        let code = code.trim();
        self.level == Level::LocalAuthority
            && [&self.old_la_code, &self.new_la_code]
                .into_iter()
                .flatten()
                .any(|c| {
                    c.trim().eq_ignore_ascii_case(code)
                        || parts(c).any(|p| p.eq_ignore_ascii_case(code))
                })
    }
    /// True for a local authority row whose name (or any part of a compound name) is `name`,
    /// ignoring case, spacing and `&` versus `and`.
    pub fn matches_la_name(&self, name: &str) -> bool {
        let n = norm_name(name);
        self.level == Level::LocalAuthority
            && self
                .la_name
                .as_deref()
                .is_some_and(|l| norm_name(l) == n || parts(l).any(|p| norm_name(p) == n))
    }
}

/// The current column name for a column of either layout: `_%` suffixes are dropped and the
/// headline-measures names are mapped (`social_worker_fte` → `inpost_fte`, `leaver_fte` →
/// `leavers_fte`, `agency_worker_rate_fte` → `agency_rate_fte`, …).
pub fn canonical_column(name: &str) -> String {
    let n = name.trim().trim_start_matches('\u{feff}').trim();
    let n = n.strip_suffix("_%").unwrap_or(n).trim();
    let n = n.strip_suffix('%').unwrap_or(n).trim_end_matches('_');
    match n {
        "social_worker_fte" => "inpost_fte",
        "social_worker_headcount" => "inpost_headcount",
        "leaver_fte" => "leavers_fte",
        "leaver_headcount" => "leavers_headcount",
        "starter_fte" => "starters_fte",
        "starter_headcount" => "starters_headcount",
        "agency_worker_fte" => "agency_fte",
        "agency_worker_headcount" => "agency_headcount",
        "agency_worker_rate_fte" => "agency_rate_fte",
        "agency_worker_rate_headcount" => "agency_rate_headcount",
        other => other,
    }
    .to_string()
}

const ID_COLUMNS: [&str; 10] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
];

const REQUIRED: [&str; 4] = [
    "time_period",
    "geographic_level",
    "region_code",
    "old_la_code",
];

/// Rows of one or more releases of the CSWW indicators, indexed by
/// (release, year, level, code).
#[derive(Clone, Debug, Default)]
pub struct Indicators {
    rows: Vec<IndicatorRow>,
    releases: Vec<String>,
    index: FxHashMap<(String, i32, Level, String), Vec<usize>>,
    exact: FxHashMap<(String, i32, Level, String), usize>,
}

pub(crate) fn invalid(
    file: &str,
    row: Option<u64>,
    column: Option<&str>,
    value: Option<&str>,
    msg: impl Into<String>,
) -> Error {
    Error::new(ErrorKind::InvalidData, msg).at(Location {
        file: Some(file.to_string()),
        row,
        column: column.map(str::to_string),
        value: value.map(str::to_string),
    })
}

pub(crate) fn file_label(path: &Path) -> String {
    path.display().to_string()
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Indicators {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Read a file; the release label is the file stem (`csww_indicators_2017_to_2025`).
    pub fn read(path: impl AsRef<Path>) -> crate::Result<Self> {
        let path = path.as_ref();
        let release = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::read_release(path, &release)
    }

    /// Read a file under the given release label.
    pub fn read_release(path: impl AsRef<Path>, release: &str) -> crate::Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(file_label(path), &e))?;
        Self::from_reader(file, &file_label(path), release)
    }

    /// Read CSV text from `reader`; `file` names it in errors.
    pub fn from_reader<R: std::io::Read>(
        reader: R,
        file: &str,
        release: &str,
    ) -> crate::Result<Self> {
        let mut out = Indicators::new();
        out.add_csv(reader, file, release)?;
        Ok(out)
    }

    fn add_csv<R: std::io::Read>(
        &mut self,
        reader: R,
        file: &str,
        release: &str,
    ) -> crate::Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let csv_err = |e: csv::Error| {
            let line = e.position().map(|p| p.line());
            if let csv::ErrorKind::Io(io) = e.kind() {
                return Error::io(file, io);
            }
            invalid(file, line, None, None, format!("malformed CSV: {e}"))
        };
        let headers: Vec<String> = rdr
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(canonical_column)
            .collect();
        for req in REQUIRED {
            if !headers.iter().any(|h| h == req) {
                return Err(invalid(
                    file,
                    Some(1),
                    Some(req),
                    None,
                    format!("required column `{req}` is missing"),
                ));
            }
        }
        let col = |name: &str| headers.iter().position(|h| h == name);
        let id: FxHashMap<&str, Option<usize>> = ID_COLUMNS.iter().map(|c| (*c, col(c))).collect();
        let numeric: Vec<(usize, &String)> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.is_empty() && !ID_COLUMNS.contains(&h.as_str()))
            .collect();
        if !self.releases.iter().any(|r| r == release) {
            self.releases.push(release.to_string());
        }
        for rec in rdr.records() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let get = |c: &str| id[c].and_then(|i| rec.get(i)).and_then(opt);
            let tp = get("time_period").unwrap_or_default();
            let time_period: i32 = tp.parse().map_err(|_| {
                invalid(
                    file,
                    Some(line),
                    Some("time_period"),
                    Some(&tp),
                    "time_period is not a year",
                )
            })?;
            let gl = get("geographic_level").unwrap_or_default();
            let level = Level::parse(&gl).ok_or_else(|| {
                invalid(
                    file,
                    Some(line),
                    Some("geographic_level"),
                    Some(&gl),
                    "unknown geographic level",
                )
            })?;
            let mut row = IndicatorRow {
                release: release.to_string(),
                time_period,
                level,
                country_code: get("country_code"),
                country_name: get("country_name"),
                region_code: get("region_code"),
                region_name: get("region_name"),
                old_la_code: get("old_la_code"),
                new_la_code: get("new_la_code"),
                la_name: get("la_name"),
                line,
                values: BTreeMap::new(),
            };
            match level {
                Level::LocalAuthority if row.old_la_code.is_none() => {
                    return Err(invalid(
                        file,
                        Some(line),
                        Some("old_la_code"),
                        Some(""),
                        "local authority row without old_la_code",
                    ));
                }
                Level::Regional if row.region_code.is_none() => {
                    return Err(invalid(
                        file,
                        Some(line),
                        Some("region_code"),
                        Some(""),
                        "regional row without region_code",
                    ));
                }
                _ => {}
            }
            for (i, name) in &numeric {
                let text = rec.get(*i).unwrap_or("");
                let v = Published::parse(text).ok_or_else(|| {
                    invalid(
                        file,
                        Some(line),
                        Some(name),
                        Some(text),
                        "not a number or a DfE symbol (c, x, z, low, u, :, k)",
                    )
                })?;
                row.values.insert((*name).clone(), v);
            }
            let keys: Vec<String> = match level {
                Level::National => vec![String::new()],
                Level::Regional => {
                    let mut k = vec![row.code().to_ascii_uppercase()];
                    if let Some(n) = &row.region_name {
                        k.push(norm_name(n));
                    }
                    k
                }
                Level::LocalAuthority => {
                    let mut k = Vec::new();
                    for c in [&row.old_la_code, &row.new_la_code].into_iter().flatten() {
                        k.push(c.to_ascii_uppercase());
                        k.extend(parts(c).map(str::to_ascii_uppercase));
                    }
                    k.sort();
                    k.dedup();
                    k
                }
            };
            let exact = (
                release.to_string(),
                time_period,
                level,
                row.code().to_ascii_uppercase(),
            );
            if let Some(&prev) = self.exact.get(&exact) {
                let column = match level {
                    Level::LocalAuthority => "old_la_code",
                    Level::Regional => "region_code",
                    Level::National => "geographic_level",
                };
                return Err(invalid(
                    file,
                    Some(line),
                    Some(column),
                    Some(&row.code()),
                    format!(
                        "duplicate {} row for {} (first at line {})",
                        level.as_str(),
                        time_period,
                        self.rows[prev].line
                    ),
                ));
            }
            self.exact.insert(exact, self.rows.len());
            let idx = self.rows.len();
            self.rows.push(row);
            for k in keys {
                self.index
                    .entry((release.to_string(), time_period, level, k))
                    .or_default()
                    .push(idx);
            }
        }
        Ok(())
    }

    /// Add every row of `other`; its releases are searched before this one's by [`Self::find`].
    pub fn merge(&mut self, other: Indicators) {
        let offset = self.rows.len();
        for r in other.releases {
            self.releases.retain(|x| *x != r);
            self.releases.push(r);
        }
        self.rows.extend(other.rows);
        for (k, v) in other.index {
            self.index
                .entry(k)
                .or_default()
                .extend(v.into_iter().map(|i| i + offset));
        }
        for (k, v) in other.exact {
            self.exact.entry(k).or_insert(v + offset);
        }
    }

    /// Every row, in file order.
    pub fn rows(&self) -> &[IndicatorRow] {
        &self.rows
    }

    /// Release labels, oldest loaded first.
    pub fn releases(&self) -> &[String] {
        &self.releases
    }

    /// Reporting years present, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.rows.iter().map(|r| r.time_period).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// The row for `area` in `year` from the most recently loaded release that has it.
    pub fn find(&self, year: i32, area: &Area) -> Option<&IndicatorRow> {
        self.releases
            .iter()
            .rev()
            .find_map(|r| self.find_in(r, year, area))
    }

    /// The row for `area` in `year` of one release.
    pub fn find_in(&self, release: &str, year: i32, area: &Area) -> Option<&IndicatorRow> {
        let (level, key) = match area {
            Area::National => (Level::National, String::new()),
            Area::Region(c) => {
                let k = c.trim().to_ascii_uppercase();
                let k = if k.starts_with('E') && k.len() == 9 {
                    k
                } else {
                    norm_name(c)
                };
                (Level::Regional, k)
            }
            Area::La(c) => (Level::LocalAuthority, c.trim().to_ascii_uppercase()),
        };
        let hits = self.index.get(&(release.to_string(), year, level, key))?;
        hits.first().map(|&i| &self.rows[i])
    }

    /// England's row in `year`.
    pub fn national(&self, year: i32) -> Option<&IndicatorRow> {
        self.find(year, &Area::National)
    }

    /// A local authority's row in `year`, by old or new code (or either part of a joint return).
    pub fn la(&self, year: i32, code: &str) -> Option<&IndicatorRow> {
        self.find(year, &Area::La(code.to_string()))
    }

    /// As [`Self::la`], but a code that `year` does not use is first mapped to its 3-digit
    /// DfE code through the other years: ONS codes change when a county becomes a unitary
    /// authority (North Yorkshire E10000023 → E06000065 and Somerset E10000027 → E06000066 in
    /// 2023, both keeping 815 and 933), and Ofsted lists only the current code.
    pub fn la_any_code(&self, year: i32, code: &str) -> Option<&IndicatorRow> {
        self.la(year, code).or_else(|| {
            let old = self.resolve_la(code)?;
            self.la(year, &old)
        })
    }

    /// The local authority rows of `year`, from the most recent release that has the year.
    pub fn las(&self, year: i32) -> Vec<&IndicatorRow> {
        let Some(release) = self.releases.iter().rev().find(|r| {
            self.rows
                .iter()
                .any(|x| &x.release == *r && x.time_period == year)
        }) else {
            return Vec::new();
        };
        self.rows
            .iter()
            .filter(|r| {
                &r.release == release && r.time_period == year && r.level == Level::LocalAuthority
            })
            .collect()
    }

    /// The `old_la_code` of the authority named or coded `name_or_code` (old code, ONS code, or
    /// name, ignoring case and `&`/`and`): rows of the latest year first, latest release first.
    /// For a joint return the matching part is returned (`318` for Richmond upon Thames).
    pub fn resolve_la(&self, name_or_code: &str) -> Option<String> {
        self.resolve_la_in(name_or_code, None)
    }

    /// As [`Self::resolve_la`], preferring rows of `year` (names are reused: "Dorset" is 835
    /// before 2019 and 838 after).
    pub fn resolve_la_in(&self, name_or_code: &str, year: Option<i32>) -> Option<String> {
        let q = name_or_code.trim();
        let rank = |r: &IndicatorRow| {
            let rel = self
                .releases
                .iter()
                .position(|x| *x == r.release)
                .unwrap_or(0);
            (year.is_some_and(|y| y == r.time_period), r.time_period, rel)
        };
        let mut rows: Vec<&IndicatorRow> = self
            .rows
            .iter()
            .filter(|r| r.level == Level::LocalAuthority)
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(rank(r)));
        if let Some(r) = rows.iter().find(|r| r.matches_la(q)) {
            return part_for(r.old_la_code.as_deref()?, r.new_la_code.as_deref(), q);
        }
        rows.iter().find(|r| r.matches_la_name(q)).and_then(|r| {
            Some(name_part(
                r.old_la_code.as_deref()?,
                r.la_name.as_deref(),
                q,
            ))
        })
    }
}

/// For a joint return, the part of the old code that matches the query (either code part).
fn part_for(old: &str, new: Option<&str>, q: &str) -> Option<String> {
    let olds: Vec<&str> = parts(old).collect();
    if olds.len() <= 1 {
        return Some(old.trim().to_string());
    }
    if let Some(p) = olds.iter().find(|p| p.eq_ignore_ascii_case(q)) {
        return Some(p.to_string());
    }
    if let Some(new) = new {
        let news: Vec<&str> = parts(new).collect();
        if let Some(i) = news.iter().position(|p| p.eq_ignore_ascii_case(q)) {
            return olds.get(i).map(|s| s.to_string());
        }
    }
    Some(old.trim().to_string())
}

fn name_part(old: &str, name: Option<&str>, q: &str) -> String {
    let olds: Vec<&str> = parts(old).collect();
    if let (true, Some(name)) = (olds.len() > 1, name) {
        let names: Vec<&str> = parts(name).collect();
        if let Some(i) = names.iter().position(|n| norm_name(n) == norm_name(q)) {
            if let Some(o) = olds.get(i) {
                return o.to_string();
            }
        }
    }
    old.trim().to_string()
}
