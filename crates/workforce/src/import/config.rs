//! The mapping file: what each legacy export looks like and how it maps to the canonical folder.
//!
//! See the module documentation of [`crate::import`] for the full reference with examples.

use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A whole import configuration (`import.toml`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Settings for the whole run.
    #[serde(default)]
    pub import: Settings,
    /// Org units and the effective-dated mapping of legacy codes.
    #[serde(default)]
    pub org: OrgConfig,
    /// Identity reconciliation across systems.
    #[serde(default)]
    pub identity: IdentityConfig,
    /// The sources, in order of trust (the first wins ties).
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    /// Folder the relative paths are resolved against (the config file's folder).
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// Settings for the whole run.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Reference date (ISO) of the extract: "current" means on this date. Default: the latest
    /// date found in the data.
    pub as_of: Option<String>,
    /// Standard full-time weekly hours, for FTE from weekly hours (default 37).
    #[serde(default = "default_hours")]
    pub standard_hours: f64,
    /// Continuity check: flag a figure that changed by more than this share of the previous
    /// run's value (default 0.2 = 20%).
    #[serde(default = "default_threshold")]
    pub continuity_threshold: f64,
    /// Two-digit years `00..=pivot` are 20xx, the rest 19xx (default 29, Excel's rule).
    #[serde(default = "default_pivot")]
    pub two_digit_year_pivot: u32,
    /// A CSV with a `date` column (ISO): bank holidays passed to `bank_holidays.csv`.
    pub bank_holidays_file: Option<String>,
}

fn default_hours() -> f64 {
    37.0
}
fn default_threshold() -> f64 {
    0.2
}
fn default_pivot() -> u32 {
    29
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            as_of: None,
            standard_hours: default_hours(),
            continuity_threshold: default_threshold(),
            two_digit_year_pivot: default_pivot(),
            bank_holidays_file: None,
        }
    }
}

/// Org units and legacy code mapping.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgConfig {
    /// A canonical `org_units.csv` (path relative to the config file).
    pub units_file: Option<String>,
    /// Org units given inline.
    #[serde(default)]
    pub unit: Vec<OrgUnitEntry>,
    /// A CSV of mappings with columns `code, from, to, org_unit_id` (dates ISO, empty = open).
    pub mapping_file: Option<String>,
    /// Mappings given inline.
    #[serde(default)]
    pub map: Vec<OrgMapEntry>,
    /// Unit that codes without a mapping are placed under (as a unit named after the code).
    /// Without it, such codes are still kept (as units at the top level) and warned about.
    pub unmapped_parent: Option<String>,
    /// When true, a code without a mapping becomes a unit silently (no warning): for data
    /// sets whose department names are the structure.
    #[serde(default)]
    pub codes_are_units: bool,
    /// `current` (default): legacy codes are reported under today's units through the mapping.
    /// `legacy`: each legacy code is its own unit, under its mapped current unit's parent, so
    /// history reads in the old structure.
    #[serde(default)]
    pub structure: Structure,
}

/// Which structure history is reported under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// Today's org units.
    #[default]
    Current,
    /// The legacy codes as units.
    Legacy,
}

/// An org unit given inline.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitEntry {
    /// `org_unit_id`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Parent unit.
    pub parent: Option<String>,
    /// Kind (`team`, `service`, ...).
    pub kind: Option<String>,
}

/// One effective-dated mapping of a legacy code to a current unit.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgMapEntry {
    /// The legacy directorate, cost centre or team code.
    pub code: String,
    /// First day the mapping applies (ISO), empty = always.
    pub from: Option<String>,
    /// Last day the mapping applies (ISO), empty = open.
    pub to: Option<String>,
    /// The current org unit.
    pub unit: String,
    /// A readable name of the legacy code (for the legacy structure).
    pub name: Option<String>,
}

/// Identity reconciliation settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityConfig {
    /// A payroll-number crosswalk CSV with columns `source_a, id_a, source_b, id_b`.
    pub crosswalk_file: Option<String>,
    /// An overrides CSV with columns `source_a, id_a, source_b, id_b, action` (`merge` or
    /// `separate`) and an optional `note`.
    pub overrides_file: Option<String>,
    /// Match on date of birth + name + gender when nothing better links two records
    /// (default true).
    #[serde(default = "yes")]
    pub demographics: bool,
}

fn yes() -> bool {
    true
}

impl Default for IdentityConfig {
    fn default() -> Self {
        IdentityConfig {
            crosswalk_file: None,
            overrides_file: None,
            demographics: true,
        }
    }
}

/// What a source holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// HR/payroll employment records: one row per contract (people come with them).
    Employees,
    /// The agency provider's assignment export.
    Agency,
    /// Absence records.
    Absences,
    /// Establishment (funded posts).
    Posts,
    /// Case allocations from the case management system.
    CaseAllocations,
}

/// File format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 97-2003 workbook.
    Xls,
}

/// Text encoding of a CSV file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    #[serde(rename = "utf-8", alias = "utf8", alias = "utf-8-sig")]
    Utf8,
    /// Windows-1252 (Excel's "CSV" on English Windows).
    #[serde(rename = "windows-1252", alias = "cp1252", alias = "latin1")]
    Windows1252,
}

/// What to do with a value that no code mapping covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownCode {
    /// Leave the field empty and warn.
    #[default]
    Warn,
    /// Reject the row.
    Reject,
}

/// How a status column relates to the dates.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// Values meaning "currently employed" (case-insensitive, trimmed).
    #[serde(default)]
    pub active: Vec<String>,
    /// Values meaning "has left".
    #[serde(default)]
    pub left: Vec<String>,
    /// Values meaning "has not started yet".
    #[serde(default)]
    pub future: Vec<String>,
    /// Which side wins a conflict: `dates` (default: the dates are kept, the conflict is
    /// reported) or `status` (an end date on a row whose status is active or future is dropped,
    /// and reported).
    #[serde(default)]
    pub trust: Trust,
}

/// Which side of a status/date conflict is kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    /// Keep the dates.
    #[default]
    Dates,
    /// Keep the status.
    Status,
}

/// One legacy export.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short name, used in ids, reports and `source_system`.
    pub name: String,
    /// What the file holds.
    pub kind: Kind,
    /// File name or pattern (`*` and `?` in the file name part), relative to the config file.
    pub file: String,
    /// Format; default from the file extension.
    pub format: Option<Format>,
    /// Text encoding of CSV files.
    #[serde(default)]
    pub encoding: TextEncoding,
    /// CSV delimiter (default `,`).
    pub delimiter: Option<String>,
    /// Worksheet name for XLSX/XLS (default: the first).
    pub sheet: Option<String>,
    /// 1-based row holding the column names (default 1); rows above it are skipped.
    #[serde(default = "one")]
    pub header_row: usize,
    /// Date formats tried in order (default `["iso"]`). See the module docs.
    #[serde(default)]
    pub date_formats: Vec<String>,
    /// Per canonical column date formats, overriding `date_formats`.
    #[serde(default)]
    pub column_date_formats: BTreeMap<String, Vec<String>>,
    /// Two-digit year pivot for this source (default: the run's).
    pub two_digit_year_pivot: Option<u32>,
    /// Canonical column → source column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Canonical column → a constant value for every row.
    #[serde(default)]
    pub constants: BTreeMap<String, toml::Value>,
    /// Canonical column → (source value → canonical value). Key `*` is the default.
    #[serde(default)]
    pub codes: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// What to do with values no code mapping covers.
    #[serde(default)]
    pub unknown_codes: UnknownCode,
    /// Standard weekly hours for this source (default: the run's).
    pub standard_hours: Option<f64>,
    /// How the status column (mapped as `status`) relates to the dates.
    pub status: Option<StatusRule>,
    /// Prefix of the ids made from this source's ids (default `"<name>-"`).
    pub id_prefix: Option<String>,
    /// For absences and case allocations: the source whose person ids the file uses (default:
    /// the first employee source); a `person_source` column, when mapped, names it per row.
    pub person_source: Option<String>,
}

fn one() -> usize {
    1
}

impl Source {
    /// The id prefix.
    pub fn prefix(&self) -> String {
        self.id_prefix
            .clone()
            .unwrap_or_else(|| format!("{}-", self.name))
    }
}

/// Canonical columns a source of each kind may map.
pub fn known_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Employees => &[
            "person_id",
            "contract_id",
            "swe_number",
            "date_of_birth",
            "gender",
            "ethnicity",
            "first_name",
            "last_name",
            "name",
            "qualification_institution",
            "qualification_level",
            "step_up_graduate",
            "frontline_graduate",
            "cfkss_status",
            "org_code",
            "org_unit_id",
            "post_id",
            "title",
            "job_family",
            "csww_role",
            "fte",
            "weekly_hours",
            "start_date",
            "end_date",
            "contract_type",
            "reason_leave",
            "start_origin",
            "leaver_destination",
            "grade",
            "annual_pay",
            "status",
        ],
        Kind::Agency => &[
            "person_id",
            "assignment_id",
            "swe_number",
            "date_of_birth",
            "gender",
            "first_name",
            "last_name",
            "name",
            "agency",
            "org_code",
            "org_unit_id",
            "post_id",
            "cover_reason",
            "title",
            "job_family",
            "csww_role",
            "fte",
            "weekly_hours",
            "start_date",
            "end_date",
            "planned_end_date",
            "hourly_charge",
        ],
        Kind::Absences => &[
            "absence_id",
            "person_id",
            "person_source",
            "absence_type",
            "reason",
            "start_date",
            "end_date",
            "working_days_lost",
        ],
        Kind::CaseAllocations => &[
            "child_id",
            "person_id",
            "person_source",
            "start_date",
            "end_date",
        ],
        Kind::Posts => &[
            "post_id",
            "org_code",
            "org_unit_id",
            "title",
            "job_family",
            "csww_role",
            "fte",
            "weekly_hours",
            "start_date",
            "end_date",
            "grade",
        ],
    }
}

fn config_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Config, msg)
}

impl Config {
    /// Parse a mapping file's text. `base_dir` resolves relative paths.
    pub fn parse(text: &str, base_dir: &Path) -> Result<Config> {
        let mut c: Config = toml::from_str(text).map_err(|e| config_err(e.to_string()))?;
        c.base_dir = base_dir.to_path_buf();
        c.validate()?;
        Ok(c)
    }

    /// Read and parse a mapping file.
    pub fn load(path: &Path) -> Result<Config> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display(), &e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            config_err("the mapping file is not valid UTF-8").in_file(path.display().to_string())
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&text, base).map_err(|e| e.in_file(path.display().to_string()))
    }

    /// Check names, columns, date formats and numbers.
    pub fn validate(&self) -> Result<()> {
        if self.sources.is_empty() {
            return Err(config_err("no [[source]] is given"));
        }
        let mut names = std::collections::BTreeSet::new();
        for s in &self.sources {
            let here = |m: String| config_err(format!("source {:?}: {m}", s.name));
            if s.name.is_empty() || !names.insert(s.name.clone()) {
                return Err(here("source names must be non-empty and unique".into()));
            }
            let known = known_columns(s.kind);
            for k in s
                .columns
                .keys()
                .chain(s.constants.keys())
                .chain(s.codes.keys())
                .chain(s.column_date_formats.keys())
            {
                if !known.contains(&k.as_str()) {
                    return Err(here(format!(
                        "unknown canonical column {k:?} for a {:?} source; expected one of {}",
                        s.kind,
                        known.join(", ")
                    )));
                }
            }
            if s.header_row == 0 {
                return Err(here("header_row is 1-based".into()));
            }
            for f in s
                .date_formats
                .iter()
                .chain(s.column_date_formats.values().flatten())
            {
                super::dates::DateFormat::parse(f).map_err(here)?;
            }
            if let Some(d) = &s.delimiter {
                if d.len() != 1 {
                    return Err(here(format!("delimiter must be one byte, got {d:?}")));
                }
            }
            if let Some(h) = s.standard_hours {
                if h.is_nan() || h <= 0.0 {
                    return Err(here("standard_hours must be positive".into()));
                }
            }
            let has = |c: &str| s.columns.contains_key(c) || s.constants.contains_key(c);
            let required: &[&str] = match s.kind {
                Kind::Employees | Kind::Agency => &["person_id", "start_date"],
                Kind::Absences => &["person_id", "absence_type", "start_date"],
                Kind::Posts => &["post_id", "start_date"],
                Kind::CaseAllocations => &["child_id", "person_id", "start_date"],
            };
            for r in required {
                if !has(r) {
                    return Err(here(format!("column {r:?} must be mapped")));
                }
            }
            if matches!(s.kind, Kind::Employees | Kind::Agency | Kind::Posts) {
                if !has("fte") && !has("weekly_hours") {
                    return Err(here("map either \"fte\" or \"weekly_hours\"".into()));
                }
                if !has("org_code") && !has("org_unit_id") {
                    return Err(here("map either \"org_code\" or \"org_unit_id\"".into()));
                }
            }
            if s.status.is_some() && !has("status") {
                return Err(here(
                    "[status] is given but no \"status\" column is mapped".into(),
                ));
            }
            if let Some(p) = &s.person_source {
                if !self
                    .sources
                    .iter()
                    .any(|o| &o.name == p && o.kind == Kind::Employees)
                {
                    return Err(here(format!(
                        "person_source {p:?} is not an employee source"
                    )));
                }
            }
        }
        if self.import.standard_hours.is_nan() || self.import.standard_hours <= 0.0 {
            return Err(config_err("standard_hours must be positive"));
        }
        if let Some(a) = &self.import.as_of {
            a.parse::<crate::Date>()
                .map_err(|_| config_err(format!("as_of {a:?} is not an ISO date")))?;
        }
        for m in &self.org.map {
            for d in [&m.from, &m.to].into_iter().flatten() {
                if !d.is_empty() {
                    d.parse::<crate::Date>().map_err(|_| {
                        config_err(format!("org map {:?}: {d:?} is not an ISO date", m.code))
                    })?;
                }
            }
        }
        Ok(())
    }

    /// A path relative to the config's folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.base_dir.join(rel)
    }
}
