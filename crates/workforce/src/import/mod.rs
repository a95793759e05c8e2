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

use crate::error::{Error, ErrorKind, Result};
use crate::id::{prefetch_lines, tiny_key, IdCache, IdMap, IdSet, PREFETCH_AHEAD};
use crate::model::*;
pub use config::Config;
use config::{Kind, Source, Structure, Trust};
use identity::{norm_gender, norm_swe, Node, Pair};
pub use report::{FileStats, Issue, Report};
use rows::{Layout, Row, C};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The result of an import: the canonical data and what was done to get it.
#[derive(Clone, Debug)]
pub struct Import {
    /// The canonical data set.
    pub dataset: Dataset,
    /// The data-quality report.
    pub report: Report,
}

/// What [`Work::place_contract_people`] finds of all contracts.
struct ContractsSeen {
    /// Per person index: whether the person has contracts from two sources or more.
    two_systems: Vec<bool>,
    /// Whether any contract names a post.
    names_post: bool,
    /// Whether any contract has the status of a future start.
    future: bool,
    /// The contracts starting before their person's 16th birthday: (index, origin, start).
    too_young: Vec<(usize, Origin, Date)>,
}

/// Where a record came from: source, file (index into the report's files), row, and the
/// person record it names (an index into `Work::people`; 0 when it names none).
#[derive(Clone, Copy, Debug)]
struct Origin {
    src: usize,
    file: u32,
    row: u64,
    node: u32,
}

/// Person attributes as one source row gives them, beyond those identity uses (on the
/// person record's [`Node`]).
#[derive(Clone, Debug, Default)]
struct Attrs {
    gender: Option<Id>,
    ethnicity: Option<Id>,
    qual_inst: Option<Id>,
    qual_level: Option<u8>,
    step_up: Option<bool>,
    frontline: Option<bool>,
    cfkss: Option<u8>,
}

/// [`Attrs`] borrowed from a row, copied only when kept.
struct AttrsRef<'r> {
    swe: Option<EcoString>,
    dob: Option<Date>,
    gender: Option<&'r str>,
    ethnicity: Option<&'r str>,
    name: Option<(String, String)>,
    qual_inst: Option<&'r str>,
    qual_level: Option<u8>,
    step_up: Option<bool>,
    frontline: Option<bool>,
    cfkss: Option<u8>,
}

impl AttrsRef<'_> {
    /// The attributes kept: person record `local` of source `src` for identity, and the rest
    /// with their text interned through `ids`.
    fn into_owned(self, src: usize, local: EcoString, ids: &mut IdCache) -> (Node, Attrs) {
        let node = Node {
            src,
            local,
            swe: self.swe,
            dob: self.dob,
            name: self.name.map(Box::new),
            // Set from the record's final gender before identity.
            gender: None,
        };
        let attrs = Attrs {
            gender: self.gender.map(|t| ids.get(t)),
            ethnicity: self.ethnicity.map(|t| ids.get(t)),
            qual_inst: self.qual_inst.map(|t| ids.get(t)),
            qual_level: self.qual_level,
            step_up: self.step_up,
            frontline: self.frontline,
            cfkss: self.cfkss,
        };
        (node, attrs)
    }
}

/// (from, to, unit, legacy name) of one mapping of a code.
type MapEntry = (Option<Date>, Option<Date>, Id, Option<String>);

/// The org mappings of each code: a code of 1 to 7 bytes is keyed by its packed word
/// ([`tiny_key`]), so that a row's look-up hashes one word and compares no text.
#[derive(Default)]
struct OrgMap {
    short: FxHashMap<u64, Vec<MapEntry>>,
    long: FxHashMap<String, Vec<MapEntry>>,
}

impl OrgMap {
    /// The packed word of a code of 1 to 7 bytes.
    fn short_key(code: &str) -> Option<u64> {
        (1..=7)
            .contains(&code.len())
            .then(|| tiny_key(code.as_bytes()))
    }

    /// The mappings of `code`, made empty on first sight.
    fn entry(&mut self, code: &str) -> &mut Vec<MapEntry> {
        match Self::short_key(code) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(code.to_string()).or_default(),
        }
    }

    /// The mappings of `code`, if any.
    #[inline]
    fn get(&self, code: &str) -> Option<&Vec<MapEntry>> {
        match Self::short_key(code) {
            Some(k) => self.short.get(&k),
            None => self.long.get(code),
        }
    }

    /// Each code's mappings sorted.
    fn sort(&mut self) {
        let lists = self.short.values_mut().chain(self.long.values_mut());
        lists.for_each(|v| v.sort());
    }
}

struct Work<'c> {
    cfg: &'c Config,
    report: Report,
    /// Index into `report.files` per file label.
    file_idx: FxHashMap<String, usize>,
    units: Vec<OrgUnit>,
    unit_ids: FxHashSet<String>,
    created_units: BTreeMap<String, OrgUnit>,
    org_map: OrgMap,
    /// `id_prefix` of each source.
    prefixes: Vec<String>,
    /// Each source's name, interned once (the contracts' `source_system`).
    source_ids: Vec<Id>,
    /// Person records, in order of first appearance: what identity uses (source, local id,
    /// SWE number, date of birth, name) ...
    people: Vec<Node>,
    /// ... and their other attributes, in step.
    person_attrs: Vec<Attrs>,
    /// Per source: local id → index into `people`.
    /// 4-byte record indexes, the local id read from the record (see [`local_hash`]).
    /// Records from `people_indexed` on are added when a look-up needs them: files sorted by
    /// person need none (see `people_max`).
    people_ix: Vec<hashbrown::HashTable<u32>>,
    people_indexed: usize,
    /// Per source: its person record with the greatest local id, by (length, text), if any. A
    /// row with a greater id names a new person, known without the index.
    people_max: Vec<Option<u32>>,
    contracts: Vec<(Contract, Origin, Option<Status>)>,
    /// Each contract's place in id order, in step with `contracts` once set (by `finish`).
    contract_rank: Vec<u32>,
    assignments: Vec<(AgencyAssignment, Origin)>,
    absences: Vec<(Absence, Origin)>,
    posts: Vec<(Post, Origin)>,
    allocations: Vec<(CaseAllocation, Origin)>,
    has_allocations: bool,
    /// Interned person, org unit and post ids seen so far.
    ids: IdCache,
    /// The empty id, a placeholder until identity gives each record its person.
    no_id: Id,
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
        file_idx: FxHashMap::default(),
        units: Vec::new(),
        unit_ids: FxHashSet::default(),
        created_units: BTreeMap::new(),
        org_map: OrgMap::default(),
        prefixes: cfg.sources.iter().map(Source::prefix).collect(),
        source_ids: cfg.sources.iter().map(|s| Id::new(&s.name)).collect(),
        people: Vec::new(),
        person_attrs: Vec::new(),
        people_ix: cfg.sources.iter().map(|_| Default::default()).collect(),
        people_indexed: 0,
        people_max: vec![None; cfg.sources.len()],
        contracts: Vec::new(),
        contract_rank: Vec::new(),
        assignments: Vec::new(),
        absences: Vec::new(),
        posts: Vec::new(),
        allocations: Vec::new(),
        has_allocations: cfg.sources.iter().any(|s| s.kind == Kind::CaseAllocations),
        ids: IdCache::default(),
        no_id: Id::default(),
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

/// The `YYYY-MM-DD` text of a date ([`crate::io::iso_date`]), as chrono's `Display` writes it.
fn push_iso(s: &mut impl std::fmt::Write, d: Date) {
    match crate::io::iso_date(d) {
        Some(b) => s.write_str(std::str::from_utf8(&b).expect("ASCII")),
        None => write!(s, "{d}"),
    }
    .expect("writing to a string");
}

/// `prefix` + `part`, or `prefix` + `local-start` when the row gives no id; built in place
/// (no allocation up to 15 bytes).
fn make_id(prefix: &str, part: Option<&str>, local: &str, start: Date) -> EcoString {
    let mut id = EcoString::with_capacity(prefix.len() + part.map_or(local.len() + 11, str::len));
    id.push_str(prefix);
    match part {
        Some(p) => id.push_str(p),
        None => {
            id.push_str(local);
            id.push('-');
            push_iso(&mut id, start);
        }
    }
    id
}

/// Records in id order, found once for both the duplicate check and the output's order:
/// `rank[i]` is record `i`'s place in (id, reading) order, and `dups` are the second and later
/// records of each id, in reading order.
fn id_ranks<T>(recs: &[T], id: impl Fn(&T) -> &str) -> (Vec<u32>, Vec<usize>) {
    let keyed = keyed_order(recs.len(), |i| id(&recs[i]));
    let mut rank = vec![0u32; recs.len()];
    let mut dups = Vec::new();
    for (k, &(key, i)) in keyed.iter().enumerate() {
        rank[i as usize] = k as u32;
        // Equal ids are adjacent; the full ids are compared only when their keys agree.
        if k > 0 {
            let (pkey, p) = keyed[k - 1];
            if pkey == key && id(&recs[p as usize]) == id(&recs[i as usize]) {
                dups.push(i as usize);
            }
        }
    }
    dups.sort_unstable();
    (rank, dups)
}

/// The positions of `ranks` (distinct numbers) in ascending rank order: a counting placement,
/// no comparisons.
fn order_of_ranks(ranks: &[u32]) -> Vec<u32> {
    let n = ranks.iter().max().map_or(0, |&m| m as usize + 1);
    let mut at = vec![u32::MAX; n];
    for (i, &r) in ranks.iter().enumerate() {
        at[r as usize] = i as u32;
    }
    if n == ranks.len() {
        // Distinct ranks below n: every slot is filled.
        return at;
    }
    at.retain(|&i| i != u32::MAX);
    at
}

/// Removes the records at `drop` (sorted indices).
fn remove_at<T>(v: &mut Vec<T>, drop: &[usize]) {
    if drop.is_empty() {
        return;
    }
    let (mut k, mut d) = (0, 0);
    v.retain(|_| {
        let gone = d < drop.len() && drop[d] == k;
        if gone {
            d += 1;
        }
        k += 1;
        !gone
    });
}

/// `rec` of each record of `v`, in the order of `ranks` (distinct numbers, one per record):
/// the records are put in order in place ([`permute`]) and mapped in place where `R` fits in
/// `T`'s memory (`collect` reuses the vector), so no second block of records is touched.
fn in_rank_order<T, R>(mut v: Vec<T>, ranks: &[u32], rec: impl FnMut(T) -> R) -> Vec<R> {
    debug_assert_eq!(v.len(), ranks.len());
    permute(&mut v, order_of_ranks(ranks));
    v.into_iter().map(rec).collect()
}

/// Puts `v` in the order `order` in place: afterwards `v[k]` is the record that was at
/// `order[k]`. Each cycle of the permutation is followed with swaps, while a second cursor
/// runs [`PREFETCH_AHEAD`] places ahead on the same cycle to ask for the records to come, so
/// the loads overlap rather than wait on each other. Gathering into a new vector instead
/// would touch a second block of records (fresh pages: page faults).
///
/// Panics when `order` is not a permutation of `v`'s positions (a programming error).
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    assert!(
        is_permutation(&order, v.len()),
        "permute needs a permutation"
    );
    for start in 0..v.len() {
        // Positions already in place (fixed points, or moved on an earlier cycle) point to
        // themselves.
        if order[start] as usize == start {
            continue;
        }
        // The cursor ahead stops at `start`, whose entry is reset first.
        let mut ahead = start;
        for _ in 0..PREFETCH_AHEAD {
            ahead = order[ahead] as usize;
            prefetch_lines(v.as_ptr().wrapping_add(ahead));
        }
        let mut k = start;
        loop {
            let j = order[k] as usize;
            order[k] = k as u32;
            if j == start {
                break;
            }
            ahead = order[ahead] as usize;
            prefetch_lines(v.as_ptr().wrapping_add(ahead));
            v.swap(k, j);
            k = j;
        }
    }
}

/// Whether `order` names each of `0..n` exactly once.
fn is_permutation(order: &[u32], n: usize) -> bool {
    if order.len() != n {
        return false;
    }
    let mut seen = vec![0u64; n.div_ceil(64)];
    order.iter().all(|&i| {
        let (w, bit) = (i as usize / 64, 1u64 << (i % 64));
        match seen.get_mut(w) {
            Some(s) if *s & bit == 0 && (i as usize) < n => {
                *s |= bit;
                true
            }
            _ => false,
        }
    })
}

/// Positions `0..n` ordered by (`id`, position), each with its id's [`prefix_key`], cheaply:
/// by the key, then by the whole id only on ties.
fn keyed_order<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Vec<(Key, u32)> {
    let mut order: Vec<(Key, u32)> = (0..n).map(|i| (prefix_key(id(i)), i as u32)).collect();
    // A stable sort finds and merges runs already in order: numbered ids in reading order
    // are a few such runs (one for each number of digits).
    order.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id(a.1 as usize).cmp(id(b.1 as usize)).then(a.1.cmp(&b.1)))
    });
    order
}

/// A [`prefix_key`]: two 8-byte halves rather than a `u128`, so that a key and a 4-byte index
/// take 24 bytes rather than 32 (a `u128` is aligned to 16).
type Key = (u64, u64);

/// The first 16 bytes of a string as a number (zero-padded): ordering by it and then by the
/// whole string is ordering by the string.
fn prefix_key(s: &str) -> Key {
    let b = s.as_bytes();
    let mut k = [0u8; 16];
    let m = b.len().min(16);
    k[..m].copy_from_slice(&b[..m]);
    let [hi, lo] = [&k[..8], &k[8..]].map(|h| u64::from_be_bytes(h.try_into().expect("8 bytes")));
    (hi, lo)
}

/// A local id as a key whose order puts numbers in numeric order (shorter first).
fn by_length_and_text(local: &str) -> (usize, &str) {
    (local.len(), local)
}

/// The hash of a person's local id in the per-source index of person records.
fn local_hash(local: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(local)
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
                    org_unit_id: get("org_unit_id").unwrap_or_default().into(),
                    name: get("name").unwrap_or_default(),
                    parent_id: get("parent_id").map(Id::from),
                    kind: get("kind").map(Id::from),
                })?;
            }
        }
        for u in &cfg.org.unit {
            self.add_unit(OrgUnit {
                org_unit_id: u.id.clone().into(),
                name: u.name.clone(),
                parent_id: u.parent.as_deref().map(Id::new),
                kind: u.kind.as_deref().map(Id::new),
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
                .entry(code.trim())
                .push((from, to, Id::new(&unit), name));
        }
        self.org_map.sort();
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
        if !self.unit_ids.insert(u.org_unit_id.to_string()) {
            return Err(cfg_err(format!("duplicate org unit {:?}", u.org_unit_id)));
        }
        self.units.push(u);
        Ok(())
    }

    /// Map a legacy code on a date to an org unit id; warns on a code with no mapping.
    fn map_org(&mut self, row: &mut Row, code: &str, on: Date) -> Id {
        let structure = self.cfg.org.structure;
        if let Some(list) = self.org_map.get(code) {
            let hit = list
                .iter()
                .find(|(f, t, _, _)| f.is_none_or(|f| f <= on) && t.is_none_or(|t| on <= t))
                .or_else(|| {
                    let w = row.issue(
                        C::org_code,
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
                .expect("non-empty");
            return match structure {
                Structure::Current => hit.2,
                Structure::Legacy => {
                    let id = format!("legacy:{code}");
                    if !self.created_units.contains_key(&id) {
                        let parent = self
                            .units
                            .iter()
                            .find(|u| u.org_unit_id == hit.2)
                            .and_then(|u| u.parent_id);
                        let name = hit.3.clone().unwrap_or_else(|| code.to_string());
                        self.created_units.insert(
                            id.clone(),
                            OrgUnit {
                                org_unit_id: id.clone().into(),
                                name,
                                parent_id: parent,
                                kind: Some("legacy".into()),
                            },
                        );
                    }
                    self.ids.get(&id)
                }
            };
        }
        if self.unit_ids.contains(code) {
            return self.ids.get(code);
        }
        if !self.cfg.org.codes_are_units {
            let w = row.issue(
                C::org_code,
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
                    org_unit_id: code.to_string().into(),
                    name: code.to_string(),
                    parent_id: self.cfg.org.unmapped_parent.as_deref().map(Id::new),
                    kind: None,
                },
            );
        }
        self.ids.get(code)
    }

    fn org_of(&mut self, row: &mut Row, on: Date) -> std::result::Result<Id, Box<Issue>> {
        if let Some(id) = row.text(C::org_unit_id)? {
            if self.unit_ids.contains(id) || self.created_units.contains_key(id) {
                return Ok(self.ids.get(id));
            }
            return Ok(self.map_org(row, id, on));
        }
        match row.text(C::org_code)? {
            Some(code) => Ok(self.map_org(row, code, on)),
            None => Err(row.issue(
                C::org_code,
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
            let fi = self.stats(&label, &src.name);
            let (pivot, hours) = (cfg.import.two_digit_year_pivot, cfg.import.standard_hours);
            // Rows the file may hold, from the header callback, for one reservation.
            let expected = std::cell::Cell::new(0);
            read::read_rows(
                src,
                &path,
                &label,
                |header, rows| {
                    expected.set(rows);
                    Layout::new(src, &label, header, pivot, hours)
                },
                |lay, line, cells| {
                    if expected.get() > 0 {
                        self.reserve(src.kind, expected.take());
                    }
                    let mut row = Row::new(lay, line, cells);
                    let res = row.check_width().and_then(|_| match src.kind {
                        Kind::Employees => self.employee_row(si, fi, src, &mut row),
                        Kind::Agency => self.agency_row(si, fi, src, &mut row),
                        Kind::Absences => self.absence_row(si, fi, src, &mut row),
                        Kind::Posts => self.post_row(si, fi, src, &mut row),
                        Kind::CaseAllocations => self.allocation_row(si, fi, src, &mut row),
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
                },
            )?;
        }
        Ok(())
    }

    /// Room for `rows` more records of a kind (the records are large: growing the vectors
    /// would copy them).
    fn reserve(&mut self, kind: Kind, rows: usize) {
        match kind {
            Kind::Employees => self.contracts.reserve(rows),
            Kind::Agency => self.assignments.reserve(rows),
            Kind::Absences => self.absences.reserve(rows),
            Kind::Posts => self.posts.reserve(rows),
            Kind::CaseAllocations => self.allocations.reserve(rows),
        }
    }

    fn attrs<'r>(row: &mut Row<'r, '_>) -> std::result::Result<AttrsRef<'r>, Box<Issue>> {
        Ok(AttrsRef {
            swe: row.text(C::swe_number)?.and_then(norm_swe),
            dob: row.date(C::date_of_birth)?,
            gender: row.text(C::gender)?,
            ethnicity: row.text(C::ethnicity)?,
            name: row.name_key()?,
            qual_inst: row.text(C::qualification_institution)?,
            qual_level: row.code(C::qualification_level, 3)?,
            step_up: row.boolean(C::step_up_graduate)?,
            frontline: row.boolean(C::frontline_graduate)?,
            cfkss: row.code(C::cfkss_status, 4)?,
        })
    }

    /// The person record of (source, local id), made on first sight; later rows fill what
    /// earlier ones left empty, and a differing date of birth or SWE number is warned about.
    fn note_person(&mut self, si: usize, local: &str, a: AttrsRef, fi: usize, line: u64) -> u32 {
        // The previous row's person again (files sorted by person): no lookup.
        let last = self.people.len().checked_sub(1).map(|k| &self.people[k]);
        let k = match last {
            Some(p) if p.src == si && p.local == local => self.people.len() as u32 - 1,
            _ if self.after_people_of(si, local) => {
                // A new person, after all of the source's so far (files sorted by person).
                let k = self.new_person(si, local, a);
                self.people_max[si] = Some(k);
                return k;
            }
            _ => match self.find_person(si, local) {
                Some(k) => k,
                None => {
                    let k = self.new_person(si, local, a);
                    let people = &self.people;
                    self.people_ix[si].insert_unique(local_hash(local), k, |&j| {
                        local_hash(&people[j as usize].local)
                    });
                    self.people_indexed = self.people.len();
                    return k;
                }
            },
        };
        self.merge_person(k, local, a, fi, line);
        k
    }

    /// Whether `local` comes after the local ids of all of source `si`'s person records so far,
    /// by (length, text).
    fn after_people_of(&self, si: usize, local: &str) -> bool {
        let max = self.people_max[si].map_or("", |k| self.people[k as usize].local.as_str());
        by_length_and_text(local) > by_length_and_text(max)
    }

    /// A new person record (not yet in the index).
    fn new_person(&mut self, si: usize, local: &str, a: AttrsRef) -> u32 {
        let k = self.people.len() as u32;
        let (node, attrs) = a.into_owned(si, local.into(), &mut self.ids);
        self.people.push(node);
        self.person_attrs.push(attrs);
        k
    }

    /// The person record of (source, local id), if any: the index is first brought up to
    /// date.
    fn find_person(&mut self, si: usize, local: &str) -> Option<u32> {
        let people = &self.people;
        if self.people_indexed < people.len() {
            let mut more = vec![0; self.people_ix.len()];
            for p in &people[self.people_indexed..] {
                more[p.src] += 1;
            }
            for (ix, more) in self.people_ix.iter_mut().zip(more) {
                ix.reserve(more, |&j| local_hash(&people[j as usize].local));
            }
            for (k, p) in people.iter().enumerate().skip(self.people_indexed) {
                self.people_ix[p.src].insert_unique(local_hash(&p.local), k as u32, |&j| {
                    local_hash(&people[j as usize].local)
                });
            }
            self.people_indexed = people.len();
        }
        self.people_ix[si]
            .find(local_hash(local), |&k| people[k as usize].local == local)
            .copied()
    }

    /// A later row of person record `k`: fills what earlier rows left empty and warns about
    /// a differing date of birth or SWE number.
    fn merge_person(&mut self, k: u32, local: &str, a: AttrsRef, fi: usize, line: u64) {
        {
            let (node, old) = (
                &mut self.people[k as usize],
                &mut self.person_attrs[k as usize],
            );
            let mut conflicts = Vec::new();
            if let (Some(x), Some(y)) = (node.dob, a.dob) {
                if x != y {
                    conflicts.push(("date_of_birth", x.to_string(), y.to_string()));
                }
            }
            if let (Some(x), Some(y)) = (&node.swe, &a.swe) {
                if x != y {
                    conflicts.push(("swe_number", x.to_string(), y.to_string()));
                }
            }
            macro_rules! fill {
                ($($f:ident),*) => { $( if old.$f.is_none() { old.$f = a.$f.clone(); } )* };
            }
            if node.swe.is_none() {
                node.swe = a.swe.clone();
            }
            if node.dob.is_none() {
                node.dob = a.dob;
            }
            if node.name.is_none() {
                node.name = a.name.clone().map(Box::new);
            }
            fill!(qual_level, step_up, frontline, cfkss);
            let ids = &mut self.ids;
            macro_rules! fill_id {
                ($($f:ident),*) => { $( if old.$f.is_none() { old.$f = a.$f.map(|t| ids.get(t)); } )* };
            }
            fill_id!(gender, ethnicity, qual_inst);
            for (what, x, y) in conflicts {
                self.report.warnings.push(Issue {
                    file: self.report.files[fi].file.clone(),
                    row: line,
                    column: what.into(),
                    value: y.clone(),
                    kind: "identity_conflict".into(),
                    message: format!(
                        "person {local}: {what} {y:?} differs from {x:?} on an earlier row; the earlier is kept"
                    ),
                });
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
                    C::end_date,
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
        fi: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let local = row.required(C::person_id)?;
        let attrs = Self::attrs(row)?;
        let start = row.required_date(C::start_date)?;
        let mut end = row.date(C::end_date)?;
        let mut reason_leave = row.code(C::reason_leave, REASON_LEAVE_MAX)?;
        // Status against dates.
        let mut status = None;
        if let Some(rule) = &src.status {
            if let Some(raw) = row.raw(C::status) {
                let is = |list: &[String]| list.iter().any(|v| v.trim().eq_ignore_ascii_case(raw));
                status = if is(&rule.active) {
                    Some(Status::Active)
                } else if is(&rule.left) {
                    Some(Status::Left)
                } else if is(&rule.future) {
                    Some(Status::Future)
                } else {
                    let w = row.issue(
                        C::status,
                        raw,
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
                        let w = row.issue(C::status, raw, "status_date_conflict", msg);
                        row.warnings.push(*w);
                    }
                    (Some(Status::Left), None) => {
                        let w = row.issue(
                            C::status,
                            raw,
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
        let id_part = row.text(C::contract_id)?;
        let c = Contract {
            contract_id: make_id(&self.prefixes[si], id_part, local, start),
            person_id: self.no_id,
            org_unit_id: org,
            post_id: row.id(C::post_id, &mut self.ids)?,
            title: row.id(C::title, &mut self.ids)?,
            job_family: row.id(C::job_family, &mut self.ids)?,
            csww_role: row.code(C::csww_role, CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            contract_type: row.choice(C::contract_type, ContractType::parse)?,
            reason_leave: if end.is_some() { reason_leave } else { None },
            start_origin: row.code(C::start_origin, START_ORIGIN_MAX)?,
            leaver_destination: row.code(C::leaver_destination, LEAVER_DESTINATION_MAX)?,
            grade: row.id(C::grade, &mut self.ids)?,
            annual_pay: row.number(C::annual_pay)?,
            source_system: Some(self.source_ids[si]),
        };
        let node = self.note_person(si, local, attrs, fi, row.line);
        let origin = Origin {
            src: si,
            file: fi as u32,
            row: row.line,
            node,
        };
        self.contracts.push((c, origin, status));
        Ok(())
    }

    fn agency_row(
        &mut self,
        si: usize,
        fi: usize,
        _src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let local = row.required(C::person_id)?;
        let attrs = Self::attrs(row)?;
        let start = row.required_date(C::start_date)?;
        let end = row.date(C::end_date)?;
        let mut planned = row.date(C::planned_end_date)?;
        Self::check_dates(row, start, end)?;
        if let Some(p) = planned.filter(|&p| p < start) {
            // Only an actual end before the start rejects the row; the worker was still there.
            let w = row.issue(
                C::planned_end_date,
                &p.to_string(),
                "planned_end_before_start",
                format!("planned end date {p} is before start date {start}; not used"),
            );
            row.warnings.push(*w);
            planned = None;
        }
        let fte = row.fte()?;
        let org = self.org_of(row, start)?;
        let id_part = row.text(C::assignment_id)?;
        let a = AgencyAssignment {
            assignment_id: make_id(&self.prefixes[si], id_part, local, start),
            person_id: self.no_id,
            agency: row.id(C::agency, &mut self.ids)?,
            org_unit_id: org,
            post_id: row.id(C::post_id, &mut self.ids)?,
            cover_reason: row.choice(C::cover_reason, CoverReason::parse)?,
            title: row.id(C::title, &mut self.ids)?,
            job_family: row.id(C::job_family, &mut self.ids)?,
            csww_role: row.code(C::csww_role, CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            planned_end_date: planned,
            hourly_charge: row.number(C::hourly_charge)?,
        };
        let node = self.note_person(si, local, attrs, fi, row.line);
        let origin = Origin {
            src: si,
            file: fi as u32,
            row: row.line,
            node,
        };
        self.assignments.push((a, origin));
        Ok(())
    }

    /// The person record a row's `person_id` refers to (and its local id); an unknown person
    /// is rejected.
    fn person_ref<'r>(
        &mut self,
        src: &Source,
        row: &mut Row<'r, '_>,
    ) -> std::result::Result<(u32, &'r str), Box<Issue>> {
        let psrc = match row.text(C::person_source)? {
            Some(name) => self
                .cfg
                .sources
                .iter()
                .position(|s| s.name == name)
                .ok_or_else(|| {
                    row.issue(
                        C::person_source,
                        name,
                        "unknown_code",
                        format!("person_source: no source is named {name:?}"),
                    )
                })?,
            None => self
                .person_source(src)
                .map_err(|e| row.issue(C::person_id, "", "config", e.to_string()))?,
        };
        let local = row.required(C::person_id)?;
        match self.find_person(psrc, local) {
            Some(k) => Ok((k, local)),
            None => Err(row.issue(
                C::person_id,
                local,
                "unknown_person",
                format!(
                    "person {local:?} is not in source {:?}",
                    self.cfg.sources[psrc].name
                ),
            )),
        }
    }

    fn allocation_row(
        &mut self,
        si: usize,
        fi: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let child = row.required(C::child_id)?;
        let (node, _) = self.person_ref(src, row)?;
        let start = row.required_date(C::start_date)?;
        let end = row.date(C::end_date)?;
        Self::check_dates(row, start, end)?;
        let origin = Origin {
            src: si,
            file: fi as u32,
            row: row.line,
            node,
        };
        self.allocations.push((
            CaseAllocation {
                child_id: child.into(),
                person_id: self.no_id,
                start_date: start,
                end_date: end,
            },
            origin,
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
        si: usize,
        fi: usize,
        src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let (node, local) = self.person_ref(src, row)?;
        let ty = match row.choice(C::absence_type, AbsenceType::parse)? {
            Some(t) => t,
            None => {
                let raw = row.raw(C::absence_type).unwrap_or_default();
                return Err(row.issue(
                    C::absence_type,
                    raw,
                    "unknown_code",
                    "absence_type: no code mapping gives a canonical type".into(),
                ));
            }
        };
        let start = row.required_date(C::start_date)?;
        let end = row.date(C::end_date)?;
        Self::check_dates(row, start, end)?;
        let days = row.number(C::working_days_lost)?;
        if days.is_some_and(|d| d < 0.0) {
            return Err(row.issue(
                C::working_days_lost,
                row.raw(C::working_days_lost).unwrap_or_default(),
                "bad_number",
                "working days lost cannot be negative".into(),
            ));
        }
        let id_part = row.text(C::absence_id)?;
        let a = Absence {
            absence_id: make_id(&self.prefixes[si], id_part, local, start),
            person_id: self.no_id,
            absence_type: ty,
            reason: row.id(C::reason, &mut self.ids)?,
            start_date: start,
            end_date: end,
            working_days_lost: days,
        };
        let origin = Origin {
            src: si,
            file: fi as u32,
            row: row.line,
            node,
        };
        self.absences.push((a, origin));
        Ok(())
    }

    fn post_row(
        &mut self,
        si: usize,
        fi: usize,
        _src: &Source,
        row: &mut Row,
    ) -> std::result::Result<(), Box<Issue>> {
        let id = row.required(C::post_id)?;
        let start = row.required_date(C::start_date)?;
        let end = row.date(C::end_date)?;
        Self::check_dates(row, start, end)?;
        let fte = row.fte()?;
        let org = self.org_of(row, start)?;
        let p = Post {
            post_id: self.ids.get(id),
            org_unit_id: org,
            title: row.id(C::title, &mut self.ids)?,
            job_family: row.id(C::job_family, &mut self.ids)?,
            csww_role: row.code(C::csww_role, CSWW_ROLE_MAX)?,
            fte,
            start_date: start,
            end_date: end,
            grade: row.id(C::grade, &mut self.ids)?,
        };
        let origin = Origin {
            src: si,
            file: fi as u32,
            row: row.line,
            node: 0,
        };
        self.posts.push((p, origin));
        Ok(())
    }

    fn file_of(&self, o: &Origin) -> &str {
        &self.report.files[o.file as usize].file
    }

    fn label(&self, o: &Origin) -> String {
        format!("{}:{}", self.file_of(o), o.row)
    }

    /// Turn an accepted row into a rejected one (duplicate ids found after reading).
    fn reject_late(&mut self, origin: &Origin, column: &str, value: &str, kind: &str, msg: String) {
        let st = &mut self.report.files[origin.file as usize];
        st.accepted -= 1;
        st.rejected += 1;
        self.report.rejections.push(Issue {
            file: st.file.clone(),
            row: origin.row,
            column: column.into(),
            value: value.into(),
            kind: kind.into(),
            message: msg,
        });
    }

    fn warn(&mut self, origin: &Origin, column: &str, value: &str, kind: &str, msg: String) {
        let st = &mut self.report.files[origin.file as usize];
        st.warnings += 1;
        self.report.warnings.push(Issue {
            file: st.file.clone(),
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
        // Each kind's records in id order (`rank`), kept in step with the records.
        let (rank, dups) = id_ranks(&self.contracts, |x| &x.0.contract_id);
        self.contract_rank = rank;
        for &i in &dups {
            let (c, o, _) = &self.contracts[i];
            let (o, id) = (*o, c.contract_id.clone());
            let msg = format!(
                "duplicate contract {id} (same id, or same person and start date) in one system"
            );
            self.reject_late(&o, "contract_id", &id, "duplicate_id", msg);
        }
        remove_at(&mut self.contracts, &dups);
        remove_at(&mut self.contract_rank, &dups);
        let (mut assignment_rank, dups) = id_ranks(&self.assignments, |x| &x.0.assignment_id);
        for &i in &dups {
            let (a, o) = &self.assignments[i];
            let (o, id) = (*o, a.assignment_id.clone());
            let msg = format!("duplicate assignment {id}");
            self.reject_late(&o, "assignment_id", &id, "duplicate_id", msg);
        }
        remove_at(&mut self.assignments, &dups);
        remove_at(&mut assignment_rank, &dups);
        let (mut post_rank, dups) = id_ranks(&self.posts, |x| &x.0.post_id);
        for &i in &dups {
            let (p, o) = &self.posts[i];
            let (o, id) = (*o, p.post_id);
            let msg = format!("duplicate post {id}");
            self.reject_late(&o, "post_id", &id, "duplicate_id", msg);
        }
        remove_at(&mut self.posts, &dups);
        remove_at(&mut post_rank, &dups);
        let (mut absence_rank, dups) = id_ranks(&self.absences, |x| &x.0.absence_id);
        for &i in &dups {
            let (a, o) = &self.absences[i];
            let (o, id) = (*o, a.absence_id.clone());
            let msg = format!("duplicate absence {id}");
            self.reject_late(&o, "absence_id", &id, "duplicate_id", msg);
        }
        remove_at(&mut self.absences, &dups);
        remove_at(&mut absence_rank, &dups);

        let t = std::time::Instant::now();
        // Identity, over the person records in (source, local id) order.
        let order: Vec<u32> = {
            let p = &self.people;
            let mut keyed: Vec<(Key, u32, u32)> = p
                .iter()
                .enumerate()
                .map(|(i, r)| (prefix_key(&r.local), r.src as u32, i as u32))
                .collect();
            // Stable: merges runs already in order (see `keyed_order`).
            keyed.sort_by(|a, b| {
                (a.1, a.0)
                    .cmp(&(b.1, b.0))
                    .then_with(|| p[a.2 as usize].local.cmp(&p[b.2 as usize].local))
            });
            keyed.into_iter().map(|k| k.2).collect()
        };
        // The records themselves into that order, in place; `person_attrs` stays in reading
        // order (record `order[k]` is node `k`).
        let mut nodes = std::mem::take(&mut self.people);
        permute(&mut nodes, order.clone());
        for (nd, &k) in nodes.iter_mut().zip(&order) {
            nd.gender = self.person_attrs[k as usize]
                .gender
                .as_deref()
                .and_then(norm_gender);
        }
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
            &self.source_ids,
            &self.prefixes,
            &crosswalk,
            &merges,
            &separates,
            cfg.identity.demographics,
        );
        self.report.warnings.extend(res.warnings);
        self.report.matches = res.matches;

        // People: one row per canonical id, in id order, attributes from the most trusted
        // record first. `slot[person record]` is the person's index in `people`.
        let mut slot = vec![0u32; order.len()];
        let people = {
            // The records grouped by id (ids in order, records in trust order within each):
            // one sort, no map of ids and no reordering of the people afterwards.
            let by_id = keyed_order(order.len(), |k| res.person_id[k].as_str());
            // `Person::default()` interns the empty id each time: cloned instead.
            let blank = Person::default();
            let mut people: Vec<Person> = Vec::with_capacity(order.len());
            for &(_, k) in &by_id {
                let k = k as usize;
                let id = res.person_id[k];
                if people.last().is_none_or(|p| p.person_id != id) {
                    people.push(Person {
                        person_id: id,
                        ..blank.clone()
                    });
                }
                let rec = order[k] as usize;
                slot[rec] = people.len() as u32 - 1;
                let p = people.last_mut().expect("pushed");
                // The SWE number went to the identity node.
                if p.swe_number.is_none() {
                    p.swe_number = nodes[k].swe.take();
                }
                if p.date_of_birth.is_none() {
                    p.date_of_birth = nodes[k].dob;
                }
                let a = &mut self.person_attrs[rec];
                macro_rules! fill {
                    ($($f:ident = $g:ident),*) => { $( if p.$f.is_none() { p.$f = a.$g.take().map(Into::into); } )* };
                }
                fill!(
                    gender = gender,
                    ethnicity = ethnicity,
                    qualification_institution = qual_inst,
                    qualification_level = qual_level,
                    step_up_graduate = step_up,
                    frontline_graduate = frontline,
                    cfkss_status = cfkss
                );
            }
            people
        };
        drop(res.person_id);
        drop(nodes);
        let seen = self.place_contract_people(&slot, &people);
        for (a, o) in &mut self.assignments {
            o.node = slot[o.node as usize];
            a.person_id = people[o.node as usize].person_id;
        }
        for (a, o) in &mut self.absences {
            a.person_id = people[slot[o.node as usize] as usize].person_id;
        }
        for (a, o) in &mut self.allocations {
            a.person_id = people[slot[o.node as usize] as usize].person_id;
        }
        self.person_attrs = Vec::new();
        self.people_ix = Vec::new();

        timing("identity", t);
        let t = std::time::Instant::now();
        let dropped = if seen.two_systems.iter().any(|&m| m) {
            self.settle_cross_system(&seen.two_systems)
        } else {
            Vec::new()
        };
        if seen.names_post {
            self.post_checks();
        }
        self.age_checks(&people, &seen.too_young, &dropped);
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
        if let Some(d) = as_of.filter(|_| seen.future) {
            let list: Vec<(Origin, String)> = self
                .contracts
                .iter()
                .filter(|(c, _, s)| *s == Some(Status::Future) && c.start_date <= d)
                .map(|(c, o, _)| (*o, c.start_date.to_string()))
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
        // The index in `people` of each contract's person, in the contracts' new order.
        let contracts = std::mem::take(&mut self.contracts);
        let mut contract_people = Vec::with_capacity(contracts.len());
        let contracts = in_rank_order(contracts, &self.contract_rank, |(c, o, _)| {
            contract_people.push(o.node);
            c
        });
        let assignments = in_rank_order(
            std::mem::take(&mut self.assignments),
            &assignment_rank,
            |x| x.0,
        );
        let absences = in_rank_order(std::mem::take(&mut self.absences), &absence_rank, |x| x.0);
        let posts = in_rank_order(std::mem::take(&mut self.posts), &post_rank, |x| x.0);
        let case_allocations = self.has_allocations.then(|| {
            let mut v: Vec<CaseAllocation> = self.allocations.drain(..).map(|x| x.0).collect();
            v.sort_unstable_by(|a, b| {
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
            people,
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
        // When a quick look shows they cannot reject anything, only their SWE number warnings
        // are computed.
        let quick = passes_canonical_checks(&dataset);
        let (dataset, load) = if quick {
            let load = crate::io::LoadReport {
                warnings: doubtful_swe_numbers(&dataset.people),
                ..Default::default()
            };
            (dataset, load)
        } else {
            crate::io::check(dataset)
        };
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
        // The records are as assembled unless the canonical reader's checks removed some.
        let known = quick.then_some(contract_people.as_slice());
        report.totals = import_totals(&dataset, as_of, known);
        timing("totals", t);
        Ok(Import { dataset, report })
    }

    /// Each contract's person (its origin's node becomes the index in `people`, by `slot`, and
    /// its `person_id` that person's id), with what the checks after identity need to know of
    /// all contracts, found in the same pass.
    fn place_contract_people(&mut self, slot: &[u32], people: &[Person]) -> ContractsSeen {
        const NONE: usize = usize::MAX;
        let mut first_src = vec![NONE; people.len()];
        let mut seen = ContractsSeen {
            two_systems: vec![false; people.len()],
            names_post: false,
            future: false,
            too_young: Vec::new(),
        };
        for (i, (c, o, status)) in self.contracts.iter_mut().enumerate() {
            o.node = slot[o.node as usize];
            let p = o.node as usize;
            c.person_id = people[p].person_id;
            if first_src[p] == NONE {
                first_src[p] = o.src;
            } else if first_src[p] != o.src {
                seen.two_systems[p] = true;
            }
            seen.names_post |= c.post_id.is_some();
            seen.future |= *status == Some(Status::Future);
            if before_sixteen(c.start_date, people[p].date_of_birth) {
                seen.too_young.push((i, *o, c.start_date));
            }
        }
        seen
    }

    /// The same contract in two systems is kept once; overlapping records across systems are
    /// trimmed. Each case is reported with the rule applied. Only the people of `multi` (by
    /// person index) have contracts from two sources or more and need a look.
    /// Gives the indices of the contracts removed (ascending).
    fn settle_cross_system(&mut self, multi: &[bool]) -> Vec<usize> {
        let mut by_person: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        for (i, (_, o, _)) in self.contracts.iter().enumerate() {
            if multi[o.node as usize] {
                by_person.entry(o.node).or_default().push(i);
            }
        }
        let mut drop = BTreeSet::new();
        let mut resolutions = Vec::new();
        for (_, mut list) in by_person {
            let person = self.contracts[list[0]].0.person_id;
            list.sort_by(|&a, &b| {
                let ((ca, oa, _), (cb, ob, _)) = (&self.contracts[a], &self.contracts[b]);
                (ca.start_date, oa.src, &ca.contract_id).cmp(&(
                    cb.start_date,
                    ob.src,
                    &cb.contract_id,
                ))
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
                            person_id: person.to_string(),
                            kept: self.label(ok),
                            other: self.label(od),
                            action: "duplicate".into(),
                            rule,
                        });
                        drop.insert(d);
                    } else if ci.end_date.is_none() && oi.src > oj.src && same_job {
                        // The older system never closed its record while the newer one took the
                        // person over: the earlier record ends the day before the later starts.
                        let new_end = cj.start_date.pred_opt().expect("valid date");
                        resolutions.push(report::Resolution {
                            person_id: person.to_string(),
                            kept: self.label(oj),
                            other: self.label(oi),
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
                            person_id: person.to_string(),
                            kept: self.label(oi),
                            other: self.label(oj),
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
        let drop: Vec<usize> = drop.into_iter().collect();
        remove_at(&mut self.contracts, &drop);
        remove_at(&mut self.contract_rank, &drop);
        self.report.resolutions.extend(resolutions);
        drop
    }

    /// Contracts naming posts: unknown posts and two people filling one post full-time.
    fn post_checks(&mut self) {
        let post_fte: FxHashMap<&str, f64> = self
            .posts
            .iter()
            .map(|(p, _)| (p.post_id.as_str(), p.fte))
            .collect();
        let mut warns = Vec::new();
        let mut by_post: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, (c, o, _)) in self.contracts.iter_mut().enumerate() {
            if let Some(p) = &c.post_id {
                match post_fte.get_key_value(p.as_str()) {
                    None => {
                        warns.push((
                            *o,
                            "post_id",
                            *p,
                            "unknown_post",
                            format!("post {p:?} is not in the establishment; left empty"),
                        ));
                        c.post_id = None;
                    }
                    Some((&k, _)) => by_post.entry(k).or_default().push(i),
                }
            }
        }
        // Each pair of contracts of a post that overlap in time, found by a sweep over start
        // dates; the warning goes to the earlier contract of the pair (in reading order).
        for (post, mut list) in by_post {
            let cap = post_fte[post];
            let cs = &self.contracts;
            list.sort_by_key(|&i| (cs[i].0.start_date, i));
            for x in 0..list.len() {
                let a_end = cs[list[x]].0.end_date.unwrap_or(Date::MAX);
                for &j in &list[x + 1..] {
                    if cs[j].0.start_date > a_end {
                        break;
                    }
                    let (p, q) = (list[x].min(j), list[x].max(j));
                    let ((a, oa, _), (b, _, _)) = (&cs[p], &cs[q]);
                    if a.person_id == b.person_id {
                        continue;
                    }
                    let overlap = a.start_date <= b.end_date.unwrap_or(Date::MAX)
                        && b.start_date <= a.end_date.unwrap_or(Date::MAX);
                    if overlap && a.fte + b.fte > cap + 1e-9 {
                        warns.push((
                            *oa,
                            "post_id",
                            post.to_string().into(),
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

    /// Starts before the 16th birthday: the contracts of `too_young` (found before the
    /// contracts at `dropped` were removed, both by index in that order) and the agency
    /// assignments.
    fn age_checks(
        &mut self,
        people: &[Person],
        too_young: &[(usize, Origin, Date)],
        dropped: &[usize],
    ) {
        let contracts = too_young
            .iter()
            .filter(|(i, _, _)| dropped.binary_search(i).is_err())
            .map(|&(_, o, start)| (start, o));
        let assignments = self
            .assignments
            .iter()
            .filter(|(a, o)| before_sixteen(a.start_date, people[o.node as usize].date_of_birth))
            .map(|(a, o)| (a.start_date, *o));
        let warns: Vec<(Origin, Date, Date)> = contracts
            .chain(assignments)
            .filter_map(|(start, o)| Some((o, start, people[o.node as usize].date_of_birth?)))
            .collect();
        for (o, start, dob) in warns {
            let msg = format!("starts {start}, before the 16th birthday (born {dob})");
            self.warn(&o, "start_date", &start.to_string(), "start_before_16", msg);
        }
    }
}

/// Whether a start date is before the 16th birthday of a person born on `dob`.
fn before_sixteen(start: Date, dob: Option<Date>) -> bool {
    use chrono::Datelike;
    dob.is_some_and(|dob| {
        // The 16th birthday (or the day after 28 February) falls in the year 16 after the
        // year of birth: a start in another year is on one side of it.
        let year = dob.year() + 16;
        if start.year() != year {
            return start.year() < year;
        }
        let sixteen = dob
            .with_year(dob.year() + 16)
            .unwrap_or_else(|| dob + chrono::Duration::days(16 * 365 + 4));
        start < sixteen
    })
}

/// True when [`crate::io::check`] would reject nothing of `ds`, as built by the import.
///
/// Checked here: every value rule of the canonical reader (ids and names present, codes in
/// range, FTE finite and above 0, amounts finite and not negative, no end before its start),
/// unique org unit ids, an org tree whose parents exist without cycles, and every reference
/// to an org unit or a post. Holding by construction, and so not checked again: unique ids of
/// people (one per canonical id), posts, contracts, agency assignments and absences (the
/// import rejects repeats), unique bank holidays (deduplicated), and references to people
/// (every `person_id` is copied from `ds.people`).
fn passes_canonical_checks(ds: &Dataset) -> bool {
    let blank = |s: &str| rows::trim_cell(s).is_empty();
    let code = |v: Option<u8>, max: u8| v.is_none_or(|v| (1..=max).contains(&v));
    let fte = |v: f64| v.is_finite() && v > 0.0;
    let amount = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v >= 0.0);
    let order = |s: Date, e: Option<Date>| e.is_none_or(|e| e >= s);
    // Org units: present, unique, parents that exist, no cycle. Keyed by the interned ids
    // (equal text is the same `Id`), hashed by their stored hash.
    let mut units: IdMap<usize> = IdMap::default();
    for (i, u) in ds.org_units.iter().enumerate() {
        if blank(&u.org_unit_id) || blank(&u.name) || units.insert(u.org_unit_id, i).is_some() {
            return false;
        }
    }
    let n = ds.org_units.len();
    for u in &ds.org_units {
        let mut cur = u;
        let mut steps = 0;
        while let Some(p) = &cur.parent_id {
            match units.get(p) {
                Some(&j) if steps < n => {
                    cur = &ds.org_units[j];
                    steps += 1;
                }
                _ => return false,
            }
        }
    }
    let unit = |id: &Id| units.contains_key(id);
    if !ds
        .people
        .iter()
        .all(|p| !blank(&p.person_id) && code(p.qualification_level, 3) && code(p.cfkss_status, 4))
    {
        return false;
    }
    let mut posts = IdSet::default();
    for p in &ds.posts {
        if blank(&p.post_id)
            || blank(&p.org_unit_id)
            || !code(p.csww_role, CSWW_ROLE_MAX)
            || !fte(p.fte)
            || !order(p.start_date, p.end_date)
            || !unit(&p.org_unit_id)
        {
            return false;
        }
        posts.insert(p.post_id);
    }
    let post = |id: &Option<Id>| id.is_none_or(|p| posts.contains(&p));
    // A unit of `units` is not blank (tested above), so a record's unit is tested only by
    // `unit`. A person's contracts often follow one another: a person id equal to the
    // previous contract's is not read again.
    let mut last_person = None;
    let mut person = |id: Id| last_person.replace(id) == Some(id) || !blank(&id);
    ds.contracts.iter().all(|c| {
        !blank(&c.contract_id)
            && person(c.person_id)
            && code(c.csww_role, CSWW_ROLE_MAX)
            && fte(c.fte)
            && order(c.start_date, c.end_date)
            && code(c.reason_leave, REASON_LEAVE_MAX)
            && code(c.start_origin, START_ORIGIN_MAX)
            && code(c.leaver_destination, LEAVER_DESTINATION_MAX)
            && amount(c.annual_pay)
            && unit(&c.org_unit_id)
            && post(&c.post_id)
    }) && ds.agency_assignments.iter().all(|a| {
        !blank(&a.assignment_id)
            && !blank(&a.person_id)
            && code(a.csww_role, CSWW_ROLE_MAX)
            && fte(a.fte)
            && order(a.start_date, a.end_date)
            // A planned end before the start is a canonical warning, not made on this path.
            && order(a.start_date, a.planned_end_date)
            && amount(a.hourly_charge)
            && unit(&a.org_unit_id)
            && post(&a.post_id)
    }) && ds.absences.iter().all(|a| {
        !blank(&a.absence_id)
            && !blank(&a.person_id)
            && order(a.start_date, a.end_date)
            && amount(a.working_days_lost)
    }) && ds
        .case_allocations
        .iter()
        .flatten()
        .all(|a| !blank(&a.child_id) && !blank(&a.person_id) && order(a.start_date, a.end_date))
        && ds.er_cases.is_none()
        && ds.care_periods.is_none()
}

/// The canonical reader's warnings on SWE numbers (two letters then digits), as
/// [`crate::io::check`] words them.
fn doubtful_swe_numbers(people: &[Person]) -> Vec<crate::io::Issue> {
    let looks_right = |s: &str| {
        let b = s.as_bytes();
        b.len() > 2
            && b[..2].iter().all(u8::is_ascii_alphabetic)
            && b[2..].iter().all(u8::is_ascii_digit)
    };
    people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let swe = p.swe_number.as_deref()?;
            (!looks_right(swe)).then(|| crate::io::Issue {
                file: "people.csv".into(),
                row: i as u64 + 1,
                column: "swe_number".into(),
                value: swe.into(),
                reason: "does not look like a Social Work England number (two letters and digits, such as SW12345)".into(),
            })
        })
        .collect()
}

fn opt(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "open".into())
}

/// Totals for continuity: whole workforce and CSWW headcount in post on each 30 September and
/// starters and leavers in each CSWW year, from the first year with data to the as-of date.
/// Empty for a data set that cannot be indexed (see [`crate::Workforce::new`]).
pub fn totals(ds: &Dataset, as_of: Option<Date>) -> Vec<report::Total> {
    if as_of.is_none() || ds.contracts.is_empty() {
        return Vec::new();
    }
    match crate::Workforce::new(ds.clone()) {
        Ok(wf) => totals_of(wf.data(), as_of, None),
        Err(_) => Vec::new(),
    }
}

/// [`totals`] of the import's data set, which the import's checks (or the canonical reader's)
/// leave indexable: counted straight from the records, without indexing them. `people_of`:
/// each contract's person index in `ds.people`, when known.
fn import_totals(
    ds: &Dataset,
    as_of: Option<Date>,
    people_of: Option<&[u32]>,
) -> Vec<report::Total> {
    if as_of.is_none() || ds.contracts.is_empty() {
        return Vec::new();
    }
    totals_of(ds, as_of, people_of)
}

/// The CSWW year ends (30 September) from the first with a contract to the as-of date.
fn year_ends(ds: &Dataset, as_of: Option<Date>) -> Vec<Date> {
    use chrono::Datelike;
    let first = ds.contracts.iter().map(|c| c.start_date).min();
    let (Some(last), Some(first)) = (as_of, first) else {
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
    year_ends
}

/// Headcounts in post, starters and leavers per year end, whole workforce then CSWW, as
/// [`crate::Workforce::stocks`] and [`crate::Workforce::flows`] count them. `people_of` as
/// for [`crate::timeline::headcounts`].
fn totals_of(ds: &Dataset, as_of: Option<Date>, people_of: Option<&[u32]>) -> Vec<report::Total> {
    let year_ends = year_ends(ds, as_of);
    let periods: Vec<(Date, Date)> = year_ends
        .iter()
        .map(|&d| crate::timeline::year_ending(d))
        .collect();
    let scopes = [crate::Scope::All, crate::Scope::Csww];
    let counts = crate::timeline::headcounts(
        ds,
        people_of,
        &scopes,
        &year_ends,
        &periods,
        &crate::Options::default(),
    );
    let mut out = Vec::new();
    for (scope, counts) in scopes.iter().zip(&counts) {
        for (c, &ye) in counts.iter().zip(&year_ends) {
            for (m, v) in [
                ("inpost_headcount", c[0]),
                ("starters_headcount", c[1]),
                ("leavers_headcount", c[2]),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn council() -> Dataset {
        let mut ds = crate::generate::generate(&crate::generate::GenerateOptions {
            people: 150,
            ..crate::generate::GenerateOptions::demo()
        })
        .unwrap();
        ds.er_cases = None;
        ds.care_periods = None;
        // Some doubtful SWE numbers.
        for (i, p) in ds.people.iter_mut().enumerate().filter(|(i, _)| i % 7 == 0) {
            p.swe_number = Some(if i % 2 == 0 {
                "12345".into()
            } else {
                "SW 1".into()
            });
        }
        ds
    }

    /// The totals' direct count gives the indexed `stocks` and `flows` headcounts, under the
    /// options that change them and for every kind of scope.
    #[test]
    fn direct_headcounts_agree_with_stocks_and_flows() {
        let mut ds = council();
        // Gaps a grace period bridges, and casual contracts.
        for (i, c) in ds.contracts.iter_mut().enumerate() {
            if i % 5 == 0 {
                c.contract_type = Some(ContractType::Casual);
            }
        }
        let wf = crate::Workforce::new(ds).unwrap();
        let ds = wf.data();
        let ends = year_ends(ds, Some(Date::from_ymd_opt(2024, 3, 31).unwrap()));
        assert!(ends.len() > 3);
        let periods: Vec<(Date, Date)> = ends
            .iter()
            .map(|&d| crate::timeline::year_ending(d))
            .collect();
        let family = ds.contracts[0].job_family.unwrap();
        let scopes = [
            crate::Scope::All,
            crate::Scope::Csww,
            crate::Scope::JobFamily(family.to_string()),
        ];
        let variants = [
            crate::Options::default(),
            crate::Options {
                rejoin_grace_days: 60,
                ..Default::default()
            },
            crate::Options {
                end_date_inclusive: true,
                exclude_casual: true,
                ..Default::default()
            },
        ];
        for opts in &variants {
            let direct = crate::timeline::headcounts(ds, None, &scopes, &ends, &periods, opts);
            // Person indices handed in count the same.
            let known: Vec<u32> = ds
                .contracts
                .iter()
                .map(|c| {
                    ds.people
                        .iter()
                        .position(|p| p.person_id == c.person_id)
                        .unwrap() as u32
                })
                .collect();
            let given =
                crate::timeline::headcounts(ds, Some(&known), &scopes, &ends, &periods, opts);
            assert_eq!(direct, given, "{opts:?}");
            for (scope, got) in scopes.iter().zip(&direct) {
                let stocks = wf.stocks(None, scope, &ends, opts).unwrap();
                let flows = wf.flows(None, scope, &periods, opts).unwrap();
                let want: Vec<[f64; 3]> = stocks
                    .iter()
                    .zip(&flows)
                    .map(|(s, f)| {
                        [
                            s.inpost_headcount,
                            f.starters_headcount,
                            f.leavers_headcount,
                        ]
                    })
                    .collect();
                assert_eq!(got, &want, "{scope:?} {opts:?}");
            }
        }
    }

    /// The quick check never lets through what the canonical reader rejects, and words the SWE
    /// warnings as it does.
    #[test]
    fn quick_canonical_check_agrees_with_io_check() {
        let ds = council();
        assert!(passes_canonical_checks(&ds));
        let (back, load) = crate::io::check(ds.clone());
        assert!(load.rejections.is_empty(), "{:?}", load.rejections);
        assert_eq!(back, ds);
        let mut want: Vec<_> = load
            .warnings
            .into_iter()
            .filter(|w| w.column == "swe_number")
            .collect();
        let mut got = doubtful_swe_numbers(&ds.people);
        want.sort_by(|a, b| (a.row, &a.value).cmp(&(b.row, &b.value)));
        got.sort_by(|a, b| (a.row, &a.value).cmp(&(b.row, &b.value)));
        assert!(!got.is_empty());
        assert_eq!(got, want);

        type Mutation = fn(&mut Dataset);
        let mutations: Vec<(&str, Mutation)> = vec![
            ("negative pay", |d| d.contracts[3].annual_pay = Some(-1.0)),
            ("zero fte", |d| d.contracts[4].fte = 0.0),
            ("NaN fte", |d| d.posts[1].fte = f64::NAN),
            ("end before start", |d| {
                d.contracts[5].end_date = Some(d.contracts[5].start_date.pred_opt().unwrap())
            }),
            ("reason code", |d| d.contracts[6].reason_leave = Some(11)),
            ("role code", |d| d.contracts[7].csww_role = Some(0)),
            ("unknown unit", |d| {
                d.contracts[8].org_unit_id = "nowhere".into()
            }),
            ("unknown post", |d| {
                d.contracts[9].post_id = Some("nopost".into())
            }),
            ("post unit", |d| d.posts[0].org_unit_id = "nowhere".into()),
            ("unknown parent", |d| {
                let n = d.org_units.len();
                d.org_units[n - 1].parent_id = Some("nowhere".into())
            }),
            ("empty parent", |d| {
                let n = d.org_units.len();
                d.org_units[n - 1].parent_id = Some(Id::default())
            }),
            ("cycle", |d| {
                let id = d.org_units[2].org_unit_id;
                d.org_units[0].parent_id = Some(id)
            }),
            ("duplicate unit", |d| {
                let u = d.org_units[1].clone();
                d.org_units.push(u)
            }),
            ("blank unit name", |d| d.org_units[1].name = " ".into()),
            ("qualification", |d| {
                d.people[2].qualification_level = Some(4)
            }),
            ("cfkss", |d| d.people[2].cfkss_status = Some(0)),
            ("agency charge", |d| {
                if let Some(a) = d.agency_assignments.first_mut() {
                    a.hourly_charge = Some(-3.0)
                }
            }),
            ("absence days", |d| {
                d.absences[0].working_days_lost = Some(f64::INFINITY)
            }),
            ("allocation order", |d| {
                if let Some(a) = d.case_allocations.as_mut().and_then(|v| v.first_mut()) {
                    a.end_date = Some(a.start_date.pred_opt().unwrap())
                }
            }),
            ("blank contract id", |d| {
                d.contracts[1].contract_id = Id::default().to_string().into()
            }),
        ];
        for (what, m) in mutations {
            let mut d = ds.clone();
            m(&mut d);
            let rejected = !crate::io::check(d.clone()).1.rejections.is_empty();
            assert!(rejected, "{what}: the canonical reader accepts it");
            assert!(!passes_canonical_checks(&d), "{what}: let through");
        }
    }

    #[test]
    fn iso_dates_and_ids_as_chrono_writes_them() {
        for d in ["1900-01-01", "1999-12-31", "2024-02-29", "2200-12-31"] {
            let date: Date = d.parse().unwrap();
            let mut s = String::new();
            push_iso(&mut s, date);
            assert_eq!(s, date.to_string());
            assert_eq!(make_id("A", None, "17", date), format!("A17-{date}"));
        }
        assert_eq!(make_id("A", Some("K1"), "17", Date::MIN), "AK1");
    }

    #[test]
    fn unique_id_sort_is_the_string_order() {
        let ids = [
            "b",
            "a",
            "",
            "a\u{0}",
            "aaaaaaaaaaaaaaaaZ",
            "aaaaaaaaaaaaaaaaA",
            "aaaaaaaaaaaaaaaa",
            "é",
            "10",
            "9",
            "A1",
            "A10",
            "A2",
        ];
        let v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let (rank, dups) = id_ranks(&v, |s| s);
        assert!(dups.is_empty());
        let v = in_rank_order(v, &rank, |s| s);
        let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(v, want);
    }

    /// Repeated ids: the later ones, in reading order (as a set of seen ids finds them); the
    /// ranks still order what is left after any removal.
    #[test]
    fn repeated_ids_and_ranks_after_removal() {
        let ids = ["b", "a", "b", "a\u{0}", "a", "b", "c"];
        let (mut rank, dups) = id_ranks(&ids, |s| s);
        assert_eq!(dups, [2, 4, 5]);
        let mut v = ids.to_vec();
        remove_at(&mut v, &dups);
        remove_at(&mut rank, &dups);
        assert_eq!(v, ["b", "a", "a\u{0}", "c"]);
        remove_at(&mut v, &[0]);
        remove_at(&mut rank, &[0]);
        assert_eq!(in_rank_order(v, &rank, |s| s), ["a", "a\u{0}", "c"]);
    }

    mod gathering {
        use super::super::{in_rank_order, is_permutation, permute};
        use proptest::prelude::*;

        proptest! {
            /// `permute` gives what indexing a copy of the records gives, each record once.
            #[test]
            fn permute_is_indexing(keys in proptest::collection::vec(any::<u32>(), 0..300)) {
                // A permutation: the positions sorted by random keys.
                let mut order: Vec<u32> = (0..keys.len() as u32).collect();
                order.sort_by_key(|&i| keys[i as usize]);
                let v: Vec<String> = (0..keys.len()).map(|i| format!("r{i}")).collect();
                let want: Vec<String> = order.iter().map(|&i| v[i as usize].clone()).collect();
                let mut got = v;
                permute(&mut got, order);
                prop_assert_eq!(got, want);
            }

            /// `in_rank_order` is a sort by rank, also with gaps in the ranks (records removed).
            #[test]
            fn in_rank_order_is_a_sort(keys in proptest::collection::vec(any::<u16>(), 0..300)) {
                let mut ranks: Vec<u32> = (0..keys.len() as u32).collect();
                ranks.sort_by_key(|&i| keys[i as usize]);
                // Drop every third record with its rank.
                let kept: Vec<(u32, String)> = ranks
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 3 != 1)
                    .map(|(i, &r)| (r, format!("r{i}")))
                    .collect();
                let mut want = kept.clone();
                want.sort();
                let (ranks, v): (Vec<u32>, Vec<String>) = kept.into_iter().unzip();
                let got = in_rank_order(v, &ranks, |s| s);
                prop_assert_eq!(got, want.into_iter().map(|x| x.1).collect::<Vec<_>>());
            }
        }

        #[test]
        fn permutations_only() {
            assert!(is_permutation(&[], 0));
            assert!(is_permutation(&[2, 0, 1], 3));
            assert!(!is_permutation(&[0, 0, 1], 3));
            assert!(!is_permutation(&[0, 1, 3], 3));
            assert!(!is_permutation(&[0, 1], 3));
            assert!(!is_permutation(&[64, 0], 2));
        }
    }
}
