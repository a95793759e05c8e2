//! Legacy import: HR/payroll exports, the agency provider's export and absence records, mapped
//! by a TOML file into one canonical [`Dataset`] with a data-quality [`Report`].
//!
//! ```text
//! import.toml ──► read (CSV UTF-8/Windows-1252, XLSX, XLS) ──► map each row (columns, codes,
//! dates, FTE, org codes) ──► reject or warn ──► identity across systems ──► one contract kept
//! once ──► canonical folder + import_report/
//! ```
//!
//! The mapping file format is documented in `docs/import.md`, with examples in
//! `examples/import/`. In short:
//!
//! ```toml
//! [import]
//! as_of = "2024-03-31"          # the extract date ("current" means on this day)
//! standard_hours = 37           # FTE = weekly hours ÷ standard hours
//! continuity_threshold = 0.2    # flag totals moving more than 20% from the previous run
//!
//! [org]
//! units_file = "org_units.csv"  # canonical org units (or [[org.unit]] inline)
//! mapping_file = "org_map.csv"  # code, from, to, org_unit_id (or [[org.map]] inline)
//!
//! [identity]
//! crosswalk_file = "payroll_crosswalk.csv"   # source_a, id_a, source_b, id_b
//! overrides_file = "identity_overrides.csv"  # ... , action (merge | separate), note
//!
//! [[source]]
//! name = "hr_a"
//! kind = "employees"            # employees | agency | absences | posts
//! file = "exports/hr_a_*.csv"
//! encoding = "windows-1252"
//! date_formats = ["dd/mm/yyyy"]
//! [source.columns]              # canonical column = source column
//! person_id = "Payroll No"
//! start_date = "Start"
//! end_date = "Leaving Date"
//! weekly_hours = "Hours"
//! org_code = "Cost Centre"
//! csww_role = "Job Title"
//! [source.codes.csww_role]      # source value = canonical value; "*" is the default
//! "Social Worker" = 5
//! "*" = ""
//! ```
//!
//! Rules: every data row is either accepted or rejected (with file, row, column, value and
//! reason); suspicious data is accepted with a warning; output is sorted and byte-identical for
//! the same inputs.

pub mod config;
pub mod dates;
pub mod identity;
pub mod legacy_export;
pub mod read;
pub mod report;
mod rows;
pub mod write;

pub use config::Config;
pub use report::{FileStats, Issue, Report};

use crate::error::{Error, ErrorKind, Result};
use crate::model::*;
use config::{Kind, Source, Structure, Trust};
use identity::{norm_gender, norm_swe, Node, Pair};
use rows::{Layout, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The result of an import: the canonical data and what was done to get it.
#[derive(Clone, Debug)]
pub struct Import {
    /// The canonical data set.
    pub dataset: Dataset,
    /// The data-quality report.
    pub report: Report,
}

/// Where a record came from.
#[derive(Clone, Debug)]
struct Origin {
    src: usize,
    file: String,
    row: u64,
}

impl Origin {
    fn label(&self) -> String {
        format!("{}:{}", self.file, self.row)
    }
}

/// Person attributes as one source row gives them.
#[derive(Clone, Debug, Default)]
struct Attrs {
    swe: Option<String>,
    dob: Option<Date>,
    gender: Option<String>,
    ethnicity: Option<String>,
    name: Option<(String, String)>,
    qual_inst: Option<String>,
    qual_level: Option<u8>,
    step_up: Option<bool>,
    frontline: Option<bool>,
    cfkss: Option<u8>,
}

/// (from, to, unit, legacy name) of one mapping of a code.
type MapEntry = (Option<Date>, Option<Date>, String, Option<String>);

struct Work<'c> {
    cfg: &'c Config,
    report: Report,
    /// Index into `report.files` per file label.
    file_idx: HashMap<String, usize>,
    units: Vec<OrgUnit>,
    unit_ids: BTreeSet<String>,
    created_units: BTreeMap<String, OrgUnit>,
    org_map: BTreeMap<String, Vec<MapEntry>>,
    /// Person nodes: (src, local) → attrs and first origin.
    people: BTreeMap<(usize, String), (Attrs, Origin)>,
    contracts: Vec<(Contract, Origin, Option<Status>)>,
    assignments: Vec<(AgencyAssignment, Origin)>,
    absences: Vec<(Absence, Origin, usize)>,
    posts: Vec<(Post, Origin)>,
    allocations: Vec<(CaseAllocation, Origin, usize)>,
    has_allocations: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Active,
    Left,
    Future,
}

/// Run an import from a mapping file.
pub fn import_file(config: &Path) -> Result<Import> {
    let cfg = Config::load(config)?;
    import(&cfg)
}

/// Run an import from a parsed configuration.
pub fn import(cfg: &Config) -> Result<Import> {
    let mut w = Work {
        cfg,
        report: Report {
            continuity_threshold: cfg.import.continuity_threshold,
            ..Report::default()
        },
        file_idx: HashMap::new(),
        units: Vec::new(),
        unit_ids: BTreeSet::new(),
        created_units: BTreeMap::new(),
        org_map: BTreeMap::new(),
        people: BTreeMap::new(),
        contracts: Vec::new(),
        assignments: Vec::new(),
        absences: Vec::new(),
        posts: Vec::new(),
        allocations: Vec::new(),
        has_allocations: cfg.sources.iter().any(|s| s.kind == Kind::CaseAllocations),
    };
    w.load_org()?;
    // Posts first so contracts can be checked against them; then people-bearing sources.
    let mut order: Vec<usize> = (0..cfg.sources.len()).collect();
    order.sort_by_key(|&i| match cfg.sources[i].kind {
        Kind::Posts => 0,
        Kind::Employees | Kind::Agency => 1,
        Kind::Absences | Kind::CaseAllocations => 2,
    });
    let t = std::time::Instant::now();
    for i in order {
        w.read_source(i)?;
    }
    timing("read and map", t);
    w.finish()
}

/// With `WORKFORCE_IMPORT_TIMING` set, print how long a phase took.
fn timing(what: &str, since: std::time::Instant) {
    if std::env::var_os("WORKFORCE_IMPORT_TIMING").is_some() {
        eprintln!("{what}: {:.3} s", since.elapsed().as_secs_f64());
    }
}

fn cfg_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Config, msg)
}

fn rel_label(base: &Path, p: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read a small auxiliary CSV (UTF-8) as header-keyed rows.
fn aux_csv(path: &Path, label: &str, need: &[&str]) -> Result<Vec<BTreeMap<String, String>>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(label, &e))?;
    let text = read::decode(&bytes, config::TextEncoding::Utf8, label)?;
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| cfg_err(format!("{label}: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for n in need {
        if !header.iter().any(|h| h == n) {
            return Err(cfg_err(format!(
                "{label}: column {n:?} is missing; the file has {}",
                header.join(", ")
            )));
        }
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| cfg_err(format!("{label}: {e}")))?;
        out.push(
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(|s| s.trim().to_string()))
                .collect(),
        );
    }
    Ok(out)
}

fn opt_date(s: Option<&String>, what: &str) -> Result<Option<Date>> {
    match s.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => dates::parse_iso(t)
            .map(Some)
            .ok_or_else(|| cfg_err(format!("{what}: {t:?} is not an ISO date"))),
    }
}

impl Work<'_> {
    fn load_org(&mut self) -> Result<()> {
        let cfg = self.cfg;
        if let Some(f) = &cfg.org.units_file {
            for r in aux_csv(&cfg.path(f), f, &["org_unit_id", "name"])? {
                let get = |k: &str| r.get(k).filter(|s| !s.is_empty()).cloned();
                self.add_unit(OrgUnit {
                    org_unit_id: get("org_unit_id").unwrap_or_default(),
                    name: get("name").unwrap_or_default(),
                    parent_id: get("parent_id"),
                    kind: get("kind"),
                })?;
            }
        }
        for u in &cfg.org.unit {
            self.add_unit(OrgUnit {
                org_unit_id: u.id.clone(),
                name: u.name.clone(),
                parent_id: u.parent.clone(),
                kind: u.kind.clone(),
            })?;
        }
        let mut entries = Vec::new();
        if let Some(f) = &cfg.org.mapping_file {
            for r in aux_csv(&cfg.path(f), f, &["code", "org_unit_id"])? {
                entries.push((
                    r["code"].clone(),
                    opt_date(r.get("from"), f)?,
                    opt_date(r.get("to"), f)?,
                    r["org_unit_id"].clone(),
                    r.get("name").filter(|s| !s.is_empty()).cloned(),
                ));
            }
        }
        for m in &cfg.org.map {
            entries.push((
                m.code.clone(),
                opt_date(m.from.as_ref(), "org.map")?,
                opt_date(m.to.as_ref(), "org.map")?,
                m.unit.clone(),
                m.name.clone(),
            ));
        }
        for (code, from, to, unit, name) in entries {
            if !self.unit_ids.contains(&unit) {
                return Err(cfg_err(format!(
                    "org mapping of {code:?} names unknown org unit {unit:?}"
                )));
            }
            self.org_map
                .entry(code.trim().to_string())
                .or_default()
                .push((from, to, unit, name));
        }
        for v in self.org_map.values_mut() {
            v.sort();
        }
        if let Some(p) = &cfg.org.unmapped_parent {
            if !self.unit_ids.contains(p) {
                return Err(cfg_err(format!("unmapped_parent {p:?} is not an org unit")));
            }
        }
        Ok(())
    }

    fn add_unit(&mut self, u: OrgUnit) -> Result<()> {
        if u.org_unit_id.is_empty() {
            return Err(cfg_err("an org unit has an empty id"));
        }
        if !self.unit_ids.insert(u.org_unit_id.clone()) {
            return Err(cfg_err(format!("duplicate org unit {:?}", u.org_unit_id)));
        }
        self.units.push(u);
        Ok(())
    }

    /// Map a legacy code on a date to an org unit id; warns on a code with no mapping.
    fn map_org(&mut self, row: &mut Row, code: &str, on: Date) -> String {
        let structure = self.cfg.org.structure;
        if let Some(list) = self.org_map.get(code) {
            let hit = list
                .iter()
                .find(|(f, t, _, _)| f.is_none_or(|f| f <= on) && t.is_none_or(|t| on <= t))
                .or_else(|| {
                    let w = row.issue(
                        "org_code",
                        code,
                        "org_mapping_gap",
                        format!("no mapping of {code:?} covers {on}; the nearest was used"),
                    );
                    row.warnings.push(*w);
                    list.iter().min_by_key(|(f, t, _, _)| {
                        let a = f.map_or(0, |f| (f - on).num_days().abs());
                        let b = t.map_or(0, |t| (on - t).num_days().abs());
                        a.min(b)
                    })
                })
                .expect("non-empty")
                .clone();
            return match structure {
                Structure::Current => hit.2,
                Structure::Legacy => {
                    let id = format!("legacy:{code}");
                    if !self.created_units.contains_key(&id) {
                        let parent = self
                            .units
                            .iter()
                            .find(|u| u.org_unit_id == hit.2)
                            .and_then(|u| u.parent_id.clone());
                        self.created_units.insert(
                            id.clone(),
                            OrgUnit {
                                org_unit_id: id.clone(),
                                name: hit.3.clone().unwrap_or_else(|| code.to_string()),
                                parent_id: parent,
                                kind: Some("legacy".into()),
                            },
                        );
                    }
                    id
                }
            };
        }
        if self.unit_ids.contains(code) {
            return code.to_string();
        }
        if !self.cfg.org.codes_are_units {
            let w = row.issue(
                "org_code",
                code,
                "unmapped_org_code",
                format!("no org mapping for code {code:?}; kept as a unit of its own"),
            );
            row.warnings.push(*w);
        }
        if !self.created_units.contains_key(code) {
            self.created_units.insert(
                code.to_string(),
                OrgUnit {
                    org_unit_id: code.to_string(),
                    name: code.to_string(),
                    parent_id: self.cfg.org.unmapped_parent.clone(),
                    kind: None,
                },
            );
        }
        code.to_string()
    }

    fn org_of(&mut self, row: &mut Row, on: Date) -> std::result::Result<String, Box<Issue>> {
        if let Some(id) = row.text("org_unit_id")? {
            if self.unit_ids.contains(&id) || self.created_units.contains_key(&id) {
                return Ok(id);
            }
            return Ok(self.map_org(row, &id, on));
        }
        match row.text("org_code")? {
            Some(code) => Ok(self.map_org(row, &code, on)),
            None => Err(row.issue(
                "org_code",
                "",
                "missing_value",
                "no org unit or code".into(),
            )),
        }
    }

    fn stats(&mut self, file: &str, source: &str) -> usize {
        if let Some(&i) = self.file_idx.get(file) {
            return i;
        }
        self.report.files.push(FileStats {
            file: file.to_string(),
            source: source.to_string(),
            ..FileStats::default()
        });
        let i = self.report.files.len() - 1;
        self.file_idx.insert(file.to_string(), i);
        i
    }

    fn read_source(&mut self, si: usize) -> Result<()> {
        let cfg = self.cfg;
        let src = &cfg.sources[si];
        let files = read::resolve_files(&cfg.base_dir, &src.file)?;
        for path in files {
            let label = rel_label(&cfg.base_dir, &path);
            let table = read::read_file(src, &path, &label)?;
            let lay = Layout::new(
                src,
                &label,
                &table,
                cfg.import.two_digit_year_pivot,
                cfg.import.standard_hours,
            )?;
            let fi = self.stats(&label, &src.name);
            for (line, cells) in &table.rows {
                let mut row = Row::new(&lay, *line, cells);
                let res = row.check_width().and_then(|_| match src.kind {
                    Kind::Employees => self.employee_row(si, src, &mut row),
                    Kind::Agency => self.agency_row(si, src, &mut row),
                    Kind::Absences => self.absence_row(si, src, &mut row),
                    Kind::Posts => self.post_row(si, src, &mut row),
                    Kind::CaseAllocations => self.allocation_row(si, src, &mut row),
                });
                let st = &mut self.report.files[fi];
                st.rows_read += 1;
                match res {
                    Ok(()) => st.accepted += 1,
                    Err(iss) => {
                        st.rejected += 1;
                        self.report.rejections.push(*iss);
                    }
                }
                st.warnings += row.warnings.len() as u64;
                self.report.warnings.append(&mut row.warnings);
            }
        }
        Ok(())
    }

    fn attrs(row: &mut Row) -> std::result::Result<Attrs, Box<Issue>> {
        Ok(Attrs {
            swe: row.text("swe_number")?.as_deref().and_then(norm_swe),
            dob: row.date("date_of_birth")?,
            gender: row.text("gender")?,
            ethnicity: row.text("ethnicity")?,
            name: row.name_key()?,
            qual_inst: row.text("qualification_institution")?,
            qual_level: row.code("qualification_level", 3)?,
            step_up: row.boolean("step_up_graduate")?,
            frontline: row.boolean("frontline_graduate")?,
            cfkss: row.code("cfkss_status", 4)?,
        })
    }

    fn note_person(&mut self, si: usize, local: &str, a: Attrs, origin: Origin) {
        match self.people.get_mut(&(si, local.to_string())) {
            None => {
                self.people.insert((si, local.to_string()), (a, origin));
            }
            Some((old, _)) => {
                let mut conflict = |what: &str, x: String, y: String| {
                    self.report.warnings.push(Issue {
                        file: origin.file.clone(),
                        row: origin.row,
                        column: what.into(),
                        value: y.clone(),
                        kind: "identity_conflict".into(),
                        message: format!(
                            "person {local}: {what} {y:?} differs from {x:?} on an earlier row; the earlier is kept"
                        ),
                    });
                };
                if let (Some(x), Some(y)) = (old.dob, a.dob) {
                    if x != y {
                        conflict("date_of_birth", x.to_string(), y.to_string());
                    }
                }
                if let (Some(x), Some(y)) = (&old.swe, &a.swe) {
                    if x != y {
                        conflict("swe_number", x.clone(), y.clone());
                    }
                }
                macro_rules! fill {
                    ($($f:ident),*) => { $( if old.$f.is_none() { old.$f = a.$f.clone(); } )* };
                }
                fill!(
                    swe, dob, gender, ethnicity, name, qual_inst, qual_level, step_up, frontline,
                    cfkss
                );
            }
        }
    }

    fn check_dates(
        row: &Row,
        start: Date,
        end: Option<Date>,
    ) -> std::result::Result<(), Box<Issue>> {
        if let Some(e) = end {
            if e < start {
                return Err(row.issue(
                    "end_date",
                    &e.to_string(),
                    "end_before_start",
                    format!("end date {e} is before start date {start}"),
                ));
            }
        }
        Ok(())
    }

    fn employee_row(
        &mut self,
        si: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let local = row.required("person_id")?;
        let attrs = Self::attrs(row)?;
        let start = row.required_date("start_date")?;
        let mut end = row.date("end_date")?;
        let mut reason_leave = row.code("reason_leave", REASON_LEAVE_MAX)?;
        // Status against dates.
        let mut status = None;
        if let Some(rule) = &src.status {
            if let Some(raw) = row.raw("status") {
                let is = |list: &[String]| list.iter().any(|v| v.trim().eq_ignore_ascii_case(&raw));
                status = if is(&rule.active) {
                    Some(Status::Active)
                } else if is(&rule.left) {
                    Some(Status::Left)
                } else if is(&rule.future) {
                    Some(Status::Future)
                } else {
                    let w = row.issue(
                        "status",
                        &raw,
                        "unknown_code",
                        "status: not listed as active, left or future".into(),
                    );
                    row.warnings.push(*w);
                    None
                };
                match (status, end) {
                    (Some(s @ (Status::Active | Status::Future)), Some(e)) => {
                        let what = if s == Status::Active {
                            "a current employee"
                        } else {
                            "a future starter"
                        };
                        let mut msg = format!("status {raw:?} ({what}) but end date {e}");
                        if rule.trust == Trust::Status {
                            end = None;
                            reason_leave = None;
                            msg.push_str("; end date ignored (trust = status)");
                        } else {
                            msg.push_str("; end date kept (trust = dates)");
                        }
                        let w = row.issue("status", &raw, "status_date_conflict", msg);
                        row.warnings.push(*w);
                    }
                    (Some(Status::Left), None) => {
                        let w = row.issue(
                            "status",
                            &raw,
                            "status_date_conflict",
                            format!("status {raw:?} (left) but no end date; kept open"),
                        );
                        row.warnings.push(*w);
                    }
                    _ => {}
                }
            }
        }
        Self::check_dates(row, start, end)?;
        let fte = row.fte()?;
        let org = self.org_of(row, start)?;
        let id_part = match row.text("contract_id")? {
            Some(c) => c,
            None => format!("{local}-{start}"),
        };
        let c = Contract {
            contract_id: format!("{}{}", src.prefix(), id_part),
            person_id: local.clone(),
            org_unit_id: org,
            post_id: row.text("post_id")?,
            title: row.text("title")?,
            job_family: row.text("job_family")?,
            csww_role: row.code("csww_role", CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            contract_type: row.choice("contract_type", ContractType::parse)?,
            reason_leave: if end.is_some() { reason_leave } else { None },
            start_origin: row.code("start_origin", START_ORIGIN_MAX)?,
            leaver_destination: row.code("leaver_destination", LEAVER_DESTINATION_MAX)?,
            grade: row.text("grade")?,
            annual_pay: row.number("annual_pay")?,
            source_system: Some(src.name.clone()),
        };
        let origin = Origin {
            src: si,
            file: row.lay.file.clone(),
            row: row.line,
        };
        self.note_person(si, &local, attrs, origin.clone());
        self.contracts.push((c, origin, status));
        Ok(())
    }

    fn agency_row(
        &mut self,
        si: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let local = row.required("person_id")?;
        let attrs = Self::attrs(row)?;
        let start = row.required_date("start_date")?;
        let end = row.date("end_date")?;
        let planned = row.date("planned_end_date")?;
        Self::check_dates(row, start, end)?;
        if let Some(p) = planned {
            if p < start {
                return Err(row.issue(
                    "planned_end_date",
                    &p.to_string(),
                    "end_before_start",
                    format!("planned end date {p} is before start date {start}"),
                ));
            }
        }
        let fte = row.fte()?;
        let org = self.org_of(row, start)?;
        let id_part = match row.text("assignment_id")? {
            Some(c) => c,
            None => format!("{local}-{start}"),
        };
        let a = AgencyAssignment {
            assignment_id: format!("{}{}", src.prefix(), id_part),
            person_id: local.clone(),
            agency: row.text("agency")?,
            org_unit_id: org,
            post_id: row.text("post_id")?,
            cover_reason: row.choice("cover_reason", CoverReason::parse)?,
            title: row.text("title")?,
            job_family: row.text("job_family")?,
            csww_role: row.code("csww_role", CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            planned_end_date: planned,
            hourly_charge: row.number("hourly_charge")?,
        };
        let origin = Origin {
            src: si,
            file: row.lay.file.clone(),
            row: row.line,
        };
        self.note_person(si, &local, attrs, origin.clone());
        self.assignments.push((a, origin));
        Ok(())
    }

    /// The (source, local id) a row's `person_id` refers to; an unknown person is rejected.
    fn person_ref(
        &self,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(usize, String), Box<Issue>> {
        let psrc = match row.text("person_source")? {
            Some(name) => self
                .cfg
                .sources
                .iter()
                .position(|s| s.name == name)
                .ok_or_else(|| {
                    row.issue(
                        "person_source",
                        &name,
                        "unknown_code",
                        format!("person_source: no source is named {name:?}"),
                    )
                })?,
            None => self
                .person_source(src)
                .map_err(|e| row.issue("person_id", "", "config", e.to_string()))?,
        };
        let local = row.required("person_id")?;
        if !self.people.contains_key(&(psrc, local.clone())) {
            return Err(row.issue(
                "person_id",
                &local,
                "unknown_person",
                format!(
                    "person {local:?} is not in source {:?}",
                    self.cfg.sources[psrc].name
                ),
            ));
        }
        Ok((psrc, local))
    }

    fn allocation_row(
        &mut self,
        si: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let child = row.required("child_id")?;
        let (psrc, local) = self.person_ref(src, row)?;
        let start = row.required_date("start_date")?;
        let end = row.date("end_date")?;
        Self::check_dates(row, start, end)?;
        let origin = Origin {
            src: si,
            file: row.lay.file.clone(),
            row: row.line,
        };
        self.allocations.push((
            CaseAllocation {
                child_id: child,
                person_id: local,
                start_date: start,
                end_date: end,
            },
            origin,
            psrc,
        ));
        Ok(())
    }

    fn person_source(&self, src: &Source) -> std::result::Result<usize, Error> {
        let cfg = self.cfg;
        match &src.person_source {
            Some(p) => Ok(cfg
                .sources
                .iter()
                .position(|s| &s.name == p)
                .expect("validated")),
            None => cfg
                .sources
                .iter()
                .position(|s| s.kind == Kind::Employees)
                .ok_or_else(|| {
                    cfg_err(format!(
                        "source {:?}: no employee source for its person ids",
                        src.name
                    ))
                }),
        }
    }

    fn absence_row(
        &mut self,
        _si: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let (psrc, local) = self.person_ref(src, row)?;
        let ty = match row.choice("absence_type", AbsenceType::parse)? {
            Some(t) => t,
            None => {
                let raw = row.raw("absence_type").unwrap_or_default();
                return Err(row.issue(
                    "absence_type",
                    &raw,
                    "unknown_code",
                    "absence_type: no code mapping gives a canonical type".into(),
                ));
            }
        };
        let start = row.required_date("start_date")?;
        let end = row.date("end_date")?;
        Self::check_dates(row, start, end)?;
        let days = row.number("working_days_lost")?;
        if days.is_some_and(|d| d < 0.0) {
            return Err(row.issue(
                "working_days_lost",
                &row.raw("working_days_lost").unwrap_or_default(),
                "bad_number",
                "working days lost cannot be negative".into(),
            ));
        }
        let id_part = match row.text("absence_id")? {
            Some(c) => c,
            None => format!("{local}-{start}"),
        };
        let a = Absence {
            absence_id: format!("{}{}", src.prefix(), id_part),
            person_id: local,
            absence_type: ty,
            reason: row.text("reason")?,
            start_date: start,
            end_date: end,
            working_days_lost: days,
        };
        let origin = Origin {
            src: _si,
            file: row.lay.file.clone(),
            row: row.line,
        };
        self.absences.push((a, origin, psrc));
        Ok(())
    }

    fn post_row(
        &mut self,
        si: usize,
        _src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let id = row.required("post_id")?;
        let start = row.required_date("start_date")?;
        let end = row.date("end_date")?;
        Self::check_dates(row, start, end)?;
        let fte = row.fte()?;
        let org = self.org_of(row, start)?;
        let p = Post {
            post_id: id,
            org_unit_id: org,
            title: row.text("title")?,
            job_family: row.text("job_family")?,
            csww_role: row.code("csww_role", CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            grade: row.text("grade")?,
        };
        let origin = Origin {
            src: si,
            file: row.lay.file.clone(),
            row: row.line,
        };
        self.posts.push((p, origin));
        Ok(())
    }

    /// Turn an accepted row into a rejected one (duplicate ids found after reading).
    fn reject_late(&mut self, origin: &Origin, column: &str, value: &str, kind: &str, msg: String) {
        if let Some(&i) = self.file_idx.get(&origin.file) {
            let st = &mut self.report.files[i];
            st.accepted -= 1;
            st.rejected += 1;
        }
        self.report.rejections.push(Issue {
            file: origin.file.clone(),
            row: origin.row,
            column: column.into(),
            value: value.into(),
            kind: kind.into(),
            message: msg,
        });
    }

    fn warn(&mut self, origin: &Origin, column: &str, value: &str, kind: &str, msg: String) {
        if let Some(&i) = self.file_idx.get(&origin.file) {
            self.report.files[i].warnings += 1;
        }
        self.report.warnings.push(Issue {
            file: origin.file.clone(),
            row: origin.row,
            column: column.into(),
            value: value.into(),
            kind: kind.into(),
            message: msg,
        });
    }

    fn load_pairs(&self, file: &str, with_action: bool) -> Result<(Vec<Pair>, Vec<Pair>)> {
        let cfg = self.cfg;
        let mut need = vec!["source_a", "id_a", "source_b", "id_b"];
        if with_action {
            need.push("action");
        }
        let src_idx = |name: &str| -> Result<usize> {
            cfg.sources
                .iter()
                .position(|s| s.name == name)
                .ok_or_else(|| cfg_err(format!("{file}: unknown source {name:?}")))
        };
        let (mut merge, mut separate) = (Vec::new(), Vec::new());
        for r in aux_csv(&cfg.path(file), file, &need)? {
            let p = Pair {
                a: (src_idx(&r["source_a"])?, r["id_a"].clone()),
                b: (src_idx(&r["source_b"])?, r["id_b"].clone()),
            };
            if !with_action {
                merge.push(p);
                continue;
            }
            match r["action"].to_ascii_lowercase().as_str() {
                "merge" => merge.push(p),
                "separate" => separate.push(p),
                other => {
                    return Err(cfg_err(format!(
                        "{file}: action {other:?} is neither merge nor separate"
                    )))
                }
            }
        }
        Ok((merge, separate))
    }

    fn finish(mut self) -> Result<Import> {
        let cfg = self.cfg;
        // Duplicate ids within the data.
        let mut seen = BTreeSet::new();
        let mut keep = Vec::with_capacity(self.contracts.len());
        for (c, o, s) in std::mem::take(&mut self.contracts) {
            if seen.insert(c.contract_id.clone()) {
                keep.push((c, o, s));
            } else {
                self.reject_late(
                    &o,
                    "contract_id",
                    &c.contract_id,
                    "duplicate_id",
                    format!(
                        "duplicate contract {} (same id, or same person and start date) in one system",
                        c.contract_id
                    ),
                );
            }
        }
        self.contracts = keep;
        let mut seen = BTreeSet::new();
        let mut keep = Vec::new();
        for (a, o) in std::mem::take(&mut self.assignments) {
            if seen.insert(a.assignment_id.clone()) {
                keep.push((a, o));
            } else {
                self.reject_late(
                    &o,
                    "assignment_id",
                    &a.assignment_id.clone(),
                    "duplicate_id",
                    format!("duplicate assignment {}", a.assignment_id),
                );
            }
        }
        self.assignments = keep;
        let mut seen = BTreeSet::new();
        let mut keep = Vec::new();
        for (p, o) in std::mem::take(&mut self.posts) {
            if seen.insert(p.post_id.clone()) {
                keep.push((p, o));
            } else {
                self.reject_late(
                    &o,
                    "post_id",
                    &p.post_id.clone(),
                    "duplicate_id",
                    format!("duplicate post {}", p.post_id),
                );
            }
        }
        self.posts = keep;
        let mut seen = BTreeSet::new();
        let mut keep = Vec::new();
        for (a, o, ps) in std::mem::take(&mut self.absences) {
            if seen.insert(a.absence_id.clone()) {
                keep.push((a, o, ps));
            } else {
                self.reject_late(
                    &o,
                    "absence_id",
                    &a.absence_id.clone(),
                    "duplicate_id",
                    format!("duplicate absence {}", a.absence_id),
                );
            }
        }
        self.absences = keep;

        let t = std::time::Instant::now();
        // Identity.
        let keys: Vec<(usize, String)> = self.people.keys().cloned().collect();
        let nodes: Vec<Node> = self
            .people
            .iter()
            .map(|((s, l), (a, _))| Node {
                src: *s,
                local: l.clone(),
                swe: a.swe.clone(),
                dob: a.dob,
                name: a.name.clone(),
                gender: a.gender.as_deref().and_then(norm_gender),
            })
            .collect();
        let names: Vec<String> = cfg.sources.iter().map(|s| s.name.clone()).collect();
        let prefixes: Vec<String> = cfg.sources.iter().map(|s| s.prefix()).collect();
        let crosswalk = match &cfg.identity.crosswalk_file {
            Some(f) => self.load_pairs(f, false)?.0,
            None => Vec::new(),
        };
        let (merges, separates) = match &cfg.identity.overrides_file {
            Some(f) => self.load_pairs(f, true)?,
            None => (Vec::new(), Vec::new()),
        };
        let res = identity::resolve(
            &nodes,
            &names,
            &prefixes,
            &crosswalk,
            &merges,
            &separates,
            cfg.identity.demographics,
        );
        self.report.warnings.extend(res.warnings);
        self.report.matches = res.matches;
        let pid: HashMap<(usize, String), String> = keys
            .into_iter()
            .zip(res.person_id.iter().cloned())
            .collect();

        // People: one row per canonical id, attributes from the most trusted record first.
        let mut people: BTreeMap<String, Person> = BTreeMap::new();
        for ((s, l), (a, _)) in &self.people {
            let id = &pid[&(*s, l.clone())];
            let p = people.entry(id.clone()).or_insert_with(|| Person {
                person_id: id.clone(),
                ..Person::default()
            });
            macro_rules! fill {
                ($($f:ident = $g:ident),*) => { $( if p.$f.is_none() { p.$f = a.$g.clone(); } )* };
            }
            fill!(
                swe_number = swe,
                date_of_birth = dob,
                gender = gender,
                ethnicity = ethnicity,
                qualification_institution = qual_inst,
                qualification_level = qual_level,
                step_up_graduate = step_up,
                frontline_graduate = frontline,
                cfkss_status = cfkss
            );
        }

        for (c, o, _) in &mut self.contracts {
            c.person_id = pid[&(o.src, c.person_id.clone())].clone();
        }
        for (a, o) in &mut self.assignments {
            a.person_id = pid[&(o.src, a.person_id.clone())].clone();
        }
        for (a, _, ps) in &mut self.absences {
            a.person_id = pid[&(*ps, a.person_id.clone())].clone();
        }
        for (a, _, ps) in &mut self.allocations {
            a.person_id = pid[&(*ps, a.person_id.clone())].clone();
        }

        timing("identity", t);
        let t = std::time::Instant::now();
        self.settle_cross_system();
        self.post_checks();
        self.age_checks(&people);
        timing("cross-system, post and age checks", t);
        let t = std::time::Instant::now();

        // As-of date.
        let as_of = match &cfg.import.as_of {
            Some(a) => a.parse::<Date>().ok(),
            None => self
                .contracts
                .iter()
                .flat_map(|(c, _, _)| [Some(c.start_date), c.end_date])
                .chain(
                    self.assignments
                        .iter()
                        .flat_map(|(a, _)| [Some(a.start_date), a.end_date]),
                )
                .flatten()
                .max(),
        };
        self.report.as_of = as_of;
        if let Some(d) = as_of {
            let list: Vec<(Origin, String)> = self
                .contracts
                .iter()
                .filter(|(c, _, s)| *s == Some(Status::Future) && c.start_date <= d)
                .map(|(c, o, _)| (o.clone(), c.start_date.to_string()))
                .collect();
            for (o, v) in list {
                self.warn(
                    &o,
                    "status",
                    &v,
                    "status_date_conflict",
                    format!("status is a future start but the start date {v} is not after the extract date {d}"),
                );
            }
        }

        // Assemble, sorted.
        let mut units = std::mem::take(&mut self.units);
        units.extend(std::mem::take(&mut self.created_units).into_values());
        let mut contracts: Vec<Contract> = self.contracts.drain(..).map(|x| x.0).collect();
        contracts.sort_by(|a, b| a.contract_id.cmp(&b.contract_id));
        let mut assignments: Vec<AgencyAssignment> =
            self.assignments.drain(..).map(|x| x.0).collect();
        assignments.sort_by(|a, b| a.assignment_id.cmp(&b.assignment_id));
        let mut absences: Vec<Absence> = self.absences.drain(..).map(|x| x.0).collect();
        absences.sort_by(|a, b| a.absence_id.cmp(&b.absence_id));
        let mut posts: Vec<Post> = self.posts.drain(..).map(|x| x.0).collect();
        posts.sort_by(|a, b| a.post_id.cmp(&b.post_id));
        let case_allocations = self.has_allocations.then(|| {
            let mut v: Vec<CaseAllocation> = self.allocations.drain(..).map(|x| x.0).collect();
            v.sort_by(|a, b| {
                (&a.child_id, a.start_date, &a.person_id, a.end_date).cmp(&(
                    &b.child_id,
                    b.start_date,
                    &b.person_id,
                    b.end_date,
                ))
            });
            v
        });
        let bank_holidays = match &cfg.import.bank_holidays_file {
            None => None,
            Some(f) => {
                let mut v = Vec::new();
                for r in aux_csv(&cfg.path(f), f, &["date"])? {
                    v.push(
                        opt_date(r.get("date"), f)?
                            .ok_or_else(|| cfg_err(format!("{f}: an empty date")))?,
                    );
                }
                v.sort();
                v.dedup();
                Some(v)
            }
        };
        let dataset = Dataset {
            org_units: units,
            people: people.into_values().collect(),
            posts,
            contracts,
            agency_assignments: assignments,
            absences,
            er_cases: None,
            case_allocations,
            care_periods: None,
            bank_holidays,
        };
        timing("assemble", t);
        let t = std::time::Instant::now();
        // The canonical reader's own checks, as a safety net: anything they reject is listed.
        let (dataset, load) = crate::io::check(dataset);
        timing("canonical check", t);
        let mut report = self.report;
        for r in load.rejections {
            report.rejections.push(Issue {
                file: r.file,
                row: r.row,
                column: r.column,
                value: r.value,
                kind: "canonical_check".into(),
                message: r.reason,
            });
        }
        for w in load
            .warnings
            .into_iter()
            .filter(|w| w.column == "swe_number")
        {
            report.warnings.push(Issue {
                file: w.file,
                row: w.row,
                column: w.column,
                value: w.value,
                kind: "doubtful_swe_number".into(),
                message: w.reason,
            });
        }
        report.rejections.sort();
        report.warnings.sort();
        report.resolutions.sort();
        let t = std::time::Instant::now();
        report.totals = totals(&dataset, as_of);
        timing("totals", t);
        Ok(Import { dataset, report })
    }

    /// The same contract in two systems is kept once; overlapping records across systems are
    /// trimmed. Each case is reported with the rule applied.
    fn settle_cross_system(&mut self) {
        let mut by_person: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, (c, _, _)) in self.contracts.iter().enumerate() {
            by_person.entry(c.person_id.clone()).or_default().push(i);
        }
        let mut drop = BTreeSet::new();
        let mut resolutions = Vec::new();
        for (person, mut list) in by_person {
            if list.len() < 2 {
                continue;
            }
            let srcs: BTreeSet<usize> = list.iter().map(|&i| self.contracts[i].1.src).collect();
            if srcs.len() < 2 {
                continue;
            }
            list.sort_by_key(|&i| {
                let (c, o, _) = &self.contracts[i];
                (c.start_date, o.src, c.contract_id.clone())
            });
            for x in 0..list.len() {
                for y in x + 1..list.len() {
                    let (i, j) = (list[x], list[y]);
                    if drop.contains(&i) || drop.contains(&j) {
                        continue;
                    }
                    let (ci, oi, _) = &self.contracts[i];
                    let (cj, oj, _) = &self.contracts[j];
                    if oi.src == oj.src {
                        continue;
                    }
                    let end = |c: &Contract| c.end_date.unwrap_or(Date::MAX);
                    if cj.start_date > end(ci) {
                        continue; // no overlap
                    }
                    let same_job = ci.org_unit_id == cj.org_unit_id
                        && ci.post_id == cj.post_id
                        && ci.csww_role == cj.csww_role;
                    if ci.start_date == cj.start_date && same_job {
                        // Same contract in both systems: keep the later end (the old system
                        // closed its copy at migration); on equal ends, the more trusted source.
                        let (k, d) = if end(cj) > end(ci) || (end(cj) == end(ci) && oj.src < oi.src)
                        {
                            (j, i)
                        } else {
                            (i, j)
                        };
                        let (ck, ok, _) = &self.contracts[k];
                        let (cd, od, _) = &self.contracts[d];
                        let rule = if end(ck) == end(cd) {
                            format!(
                                "same person and dates in {} and {}: kept once, from the source listed first",
                                self.cfg.sources[ok.src].name, self.cfg.sources[od.src].name
                            )
                        } else {
                            format!(
                                "same person and start date in two systems, ends {} and {}: kept the later end",
                                opt(ck.end_date),
                                opt(cd.end_date)
                            )
                        };
                        resolutions.push(report::Resolution {
                            person_id: person.clone(),
                            kept: ok.label(),
                            other: od.label(),
                            action: "duplicate".into(),
                            rule,
                        });
                        drop.insert(d);
                    } else if ci.end_date.is_none() && oi.src > oj.src && same_job {
                        // The older system never closed its record while the newer one took the
                        // person over: the earlier record ends the day before the later starts.
                        let new_end = cj.start_date.pred_opt().expect("valid date");
                        resolutions.push(report::Resolution {
                            person_id: person.clone(),
                            kept: oj.label(),
                            other: oi.label(),
                            action: "overlap".into(),
                            rule: format!(
                                "{} left its record ({}..open) open after {} started one on {}: it now ends {new_end}",
                                self.cfg.sources[oi.src].name,
                                ci.start_date,
                                self.cfg.sources[oj.src].name,
                                cj.start_date
                            ),
                        });
                        let ci = &mut self.contracts[i].0;
                        ci.end_date = Some(new_end);
                        ci.reason_leave = None;
                    } else {
                        resolutions.push(report::Resolution {
                            person_id: person.clone(),
                            kept: oi.label(),
                            other: oj.label(),
                            action: "concurrent".into(),
                            rule: format!(
                                "records in two systems overlap ({}..{} and {}..{}): both kept as concurrent contracts",
                                ci.start_date,
                                opt(ci.end_date),
                                cj.start_date,
                                opt(cj.end_date)
                            ),
                        });
                    }
                }
            }
        }
        if !drop.is_empty() {
            let mut k = 0;
            self.contracts.retain(|_| {
                k += 1;
                !drop.contains(&(k - 1))
            });
        }
        self.report.resolutions.extend(resolutions);
    }

    /// Contracts naming posts: unknown posts and two people filling one post full-time.
    fn post_checks(&mut self) {
        let post_fte: HashMap<String, f64> = self
            .posts
            .iter()
            .map(|(p, _)| (p.post_id.clone(), p.fte))
            .collect();
        let mut warns = Vec::new();
        let mut by_post: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, (c, o, _)) in self.contracts.iter_mut().enumerate() {
            if let Some(p) = &c.post_id {
                if !post_fte.contains_key(p) {
                    warns.push((
                        o.clone(),
                        "post_id",
                        p.clone(),
                        "unknown_post",
                        format!("post {p:?} is not in the establishment; left empty"),
                    ));
                    c.post_id = None;
                } else {
                    by_post.entry(p.clone()).or_default().push(i);
                }
            }
        }
        for (post, list) in by_post {
            let cap = post_fte[&post];
            for x in 0..list.len() {
                for y in x + 1..list.len() {
                    let (a, oa, _) = &self.contracts[list[x]];
                    let (b, _, _) = &self.contracts[list[y]];
                    if a.person_id == b.person_id {
                        continue;
                    }
                    let overlap = a.start_date <= b.end_date.unwrap_or(Date::MAX)
                        && b.start_date <= a.end_date.unwrap_or(Date::MAX);
                    if overlap && a.fte + b.fte > cap + 1e-9 {
                        warns.push((
                            oa.clone(),
                            "post_id",
                            post.clone(),
                            "post_overfilled",
                            format!(
                                "{} and {} fill post {post} (FTE {}) at the same time with FTE {} + {}",
                                a.person_id,
                                b.person_id,
                                crate::table::format_float(cap),
                                crate::table::format_float(a.fte),
                                crate::table::format_float(b.fte)
                            ),
                        ));
                    }
                }
            }
        }
        for (o, c, v, k, m) in warns {
            self.warn(&o, c, &v, k, m);
        }
    }

    /// Starts before the 16th birthday.
    fn age_checks(&mut self, people: &BTreeMap<String, Person>) {
        let mut warns = Vec::new();
        let sixteen = |dob: Date| {
            use chrono::Datelike;
            dob.with_year(dob.year() + 16)
                .unwrap_or_else(|| dob + chrono::Duration::days(16 * 365 + 4))
        };
        let starts = self
            .contracts
            .iter()
            .map(|(c, o, _)| (&c.person_id, c.start_date, o))
            .chain(
                self.assignments
                    .iter()
                    .map(|(a, o)| (&a.person_id, a.start_date, o)),
            );
        for (p, start, o) in starts {
            if let Some(dob) = people.get(p).and_then(|p| p.date_of_birth) {
                if start < sixteen(dob) {
                    warns.push((
                        o.clone(),
                        start.to_string(),
                        format!("starts {start}, before the 16th birthday (born {dob})"),
                    ));
                }
            }
        }
        for (o, v, m) in warns {
            self.warn(&o, "start_date", &v, "start_before_16", m);
        }
    }
}

fn opt(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "open".into())
}

/// Totals for continuity: whole workforce and CSWW headcount in post on each 30 September and
/// starters and leavers in each CSWW year, from the first year with data to the as-of date.
pub fn totals(ds: &Dataset, as_of: Option<Date>) -> Vec<report::Total> {
    use chrono::Datelike;
    let Some(last) = as_of else {
        return Vec::new();
    };
    let Some(first) = ds.contracts.iter().map(|c| c.start_date).min() else {
        return Vec::new();
    };
    let Ok(wf) = crate::Workforce::new(ds.clone()) else {
        return Vec::new();
    };
    let first_ye = if first.month() >= 10 {
        first.year() + 1
    } else {
        first.year()
    };
    let mut year_ends = Vec::new();
    let mut y = first_ye;
    while let Some(ye) = Date::from_ymd_opt(y, 9, 30) {
        if ye > last && !year_ends.is_empty() {
            break;
        }
        year_ends.push(ye);
        y += 1;
        if year_ends.len() > 200 {
            break;
        }
    }
    let opts = crate::Options::default();
    let periods: Vec<(Date, Date)> = year_ends
        .iter()
        .map(|&d| crate::timeline::year_ending(d))
        .collect();
    let mut out = Vec::new();
    for scope in [crate::Scope::All, crate::Scope::Csww] {
        let (Ok(stocks), Ok(flows)) = (
            wf.stocks(None, &scope, &year_ends, &opts),
            wf.flows(None, &scope, &periods, &opts),
        ) else {
            continue;
        };
        for ((s, f), &ye) in stocks.iter().zip(&flows).zip(&year_ends) {
            for (m, v) in [
                ("inpost_headcount", s.inpost_headcount),
                ("starters_headcount", f.starters_headcount),
                ("leavers_headcount", f.leavers_headcount),
            ] {
                out.push(report::Total {
                    scope: scope.label(),
                    measure: m.into(),
                    period_end: ye,
                    value: v,
                });
            }
        }
    }
    out
}

/// Compare totals with a previous run's `totals.csv`.
pub fn continuity(report: &mut Report, previous_totals_csv: &str) -> Result<()> {
    let mut r = csv::Reader::from_reader(previous_totals_csv.as_bytes());
    let mut prev: BTreeMap<(String, String, Date), f64> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::new(ErrorKind::InvalidData, e.to_string()))?;
        let (Some(s), Some(m), Some(d), Some(v)) = (rec.get(0), rec.get(1), rec.get(2), rec.get(3))
        else {
            continue;
        };
        let (Some(d), Ok(v)) = (dates::parse_iso(d), v.parse::<f64>()) else {
            continue;
        };
        prev.insert((s.into(), m.into(), d), v);
    }
    let cur: BTreeMap<(String, String, Date), f64> = report
        .totals
        .iter()
        .map(|t| ((t.scope.clone(), t.measure.clone(), t.period_end), t.value))
        .collect();
    let th = report.continuity_threshold;
    let mut rows = Vec::new();
    for ((s, m, d), p) in &prev {
        let c = cur.get(&(s.clone(), m.clone(), *d)).copied().unwrap_or(0.0);
        let change = (*p != 0.0).then(|| (c - p) / p);
        let flagged = match change {
            Some(x) => x.abs() > th + 1e-12,
            None => c != 0.0,
        };
        rows.push(report::Continuity {
            scope: s.clone(),
            measure: m.clone(),
            period_end: *d,
            previous: *p,
            current: c,
            change,
            flagged,
        });
    }
    for c in rows.iter().filter(|c| c.flagged) {
        report.warnings.push(Issue {
            file: "totals.csv".into(),
            row: 0,
            column: c.measure.clone(),
            value: crate::table::format_float(c.current),
            kind: "continuity".into(),
            message: format!(
                "{} {} at {}: {} now, {} in the previous run",
                c.scope,
                c.measure,
                c.period_end,
                crate::table::format_float(c.current),
                crate::table::format_float(c.previous)
            ),
        });
    }
    report.continuity = rows;
    Ok(())
}

/// Write the canonical folder and `import_report/` into `out`; with `previous` (a previous
/// run's output folder), add the continuity checks first.
pub fn write_output(imp: &mut Import, out: &Path, previous: Option<&Path>) -> Result<()> {
    if let Some(p) = previous {
        let f = p.join("import_report").join("totals.csv");
        let text = std::fs::read_to_string(&f).map_err(|e| Error::io(f.display(), &e))?;
        continuity(&mut imp.report, &text)?;
    }
    write::write_dataset(&imp.dataset, out)?;
    write::write_report(&imp.report, &out.join("import_report"))
}
