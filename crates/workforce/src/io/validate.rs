//! Checks shared by the reader and [`check`](super::check): values, duplicate ids,
//! references between files, the org tree, and warnings.

use super::cell::{self, Problem, TextBuild, TextSet};
use super::lines::Lines;
use super::report::{FileReport, Issue, LoadReport};
use super::schema::{self, ix};
use crate::id::{Id, IdMap, IdNumbers, PREFETCH_AHEAD};
use crate::model::*;
use std::hash::BuildHasher;

/// An [`Issue`] from a [`Problem`] found on `row` of `file`.
pub(crate) fn issue(file: &str, row: u64, p: Problem) -> Issue {
    Issue {
        file: file.to_string(),
        row,
        column: p.column.to_string(),
        value: p.value,
        reason: p.reason,
    }
}

/// The records of one file, each with its line number (or position, for [`check`](super::check)).
pub(crate) struct Loaded<T> {
    pub present: bool,
    pub rows_read: u64,
    pub recs: Vec<T>,
    pub lines: Lines,
    /// Duplicate ids rejected already ([`Loaded::dedup`]).
    deduped: bool,
    /// Every person the records name was found among the accepted people as the file was
    /// read ([`IdCache::get_person_in`]): the reference check need not look them up again.
    pub people_known: bool,
}

impl<T: Record> Loaded<T> {
    pub fn absent() -> Self {
        Loaded {
            present: false,
            rows_read: 0,
            recs: Vec::new(),
            lines: Lines::default(),
            deduped: false,
            people_known: false,
        }
    }

    pub fn present() -> Self {
        Loaded {
            present: true,
            ..Self::absent()
        }
    }

    /// Records given in memory, numbered by position from 1.
    pub fn from_vec(recs: Vec<T>) -> Self {
        let n = recs.len() as u64;
        Loaded {
            present: true,
            rows_read: n,
            recs,
            lines: Lines::counting(n),
            deduped: false,
            people_known: false,
        }
    }

    fn from_option(recs: Option<Vec<T>>) -> Self {
        recs.map_or_else(Self::absent, Self::from_vec)
    }

    /// Reserves room for the whole file, estimated from the bytes the rows read so far took,
    /// and never more rows than the file could hold (`min_row_bytes` each).
    pub fn reserve_for(&mut self, file_len: u64, bytes_so_far: u64, min_row_bytes: u64) {
        let n = self.recs.len() as u64;
        if n == 0 || bytes_so_far == 0 {
            return;
        }
        let estimate = (file_len.saturating_mul(n) / bytes_so_far + n / 16)
            .min(file_len / min_row_bytes.max(1));
        let extra = usize::try_from(estimate.saturating_sub(n)).unwrap_or(0);
        self.recs.reserve(extra);
    }

    #[inline]
    pub fn push(&mut self, rec: T, line: u64) {
        self.recs.push(rec);
        self.lines.push(line);
    }

    fn into_option(self) -> Option<Vec<T>> {
        self.present.then_some(self.recs)
    }

    /// Keeps the records whose mask entry is true; returns the others.
    fn apply_mask(&mut self, mask: Vec<bool>) -> Vec<T> {
        let recs = std::mem::take(&mut self.recs);
        self.lines.retain(&mask);
        let mut removed = Vec::new();
        for (r, keep) in recs.into_iter().zip(mask) {
            if keep {
                self.recs.push(r);
            } else {
                removed.push(r);
            }
        }
        removed
    }

    /// Rejects the records for which `f` finds a problem, recording an issue for each;
    /// returns the rejected records.
    fn reject_where(
        &mut self,
        file: &str,
        out: &mut Vec<Issue>,
        mut f: impl FnMut(&T) -> Option<Problem>,
    ) -> Vec<T> {
        let found = (self.recs.iter().enumerate())
            .filter_map(|(i, r)| f(r).map(|p| (i, p)))
            .collect();
        self.reject_found(file, out, found)
    }

    /// [`Loaded::reject_where`] for a check without state, the records shared among the
    /// threads (a reference check of 11 million case allocations is a lookup a row); the
    /// issues come in the records' order, as there. `ahead` is called a few records before
    /// `f`, to ask for the memory `f` will read ([`IdNumbers::prefetch`]).
    fn reject_where_par(
        &mut self,
        file: &str,
        out: &mut Vec<Issue>,
        ahead: impl Fn(&T) + Sync,
        f: impl Fn(&T) -> Option<Problem> + Sync,
    ) -> Vec<T>
    where
        T: Sync,
    {
        /// Records below which a part is not worth a thread.
        const MIN_PART: usize = 1 << 16;
        let threads = crate::par::threads();
        let per_thread = self.recs.len().div_ceil(threads).max(MIN_PART);
        let (ahead, f) = (&ahead, &f);
        let found: Vec<(usize, Problem)> = std::thread::scope(|s| {
            let handles: Vec<_> = (self.recs.chunks(per_thread).enumerate())
                .map(|(k, part)| {
                    s.spawn(move || {
                        let at = |(i, r)| {
                            part.get(i + PREFETCH_AHEAD).map(ahead);
                            f(r).map(|p| (k * per_thread + i, p))
                        };
                        part.iter().enumerate().filter_map(at).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(crate::par::join).collect()
        });
        self.reject_found(file, out, found)
    }

    /// Rejects the records `found` (by index, in order), recording their problems as issues;
    /// returns the rejected records.
    fn reject_found(
        &mut self,
        file: &str,
        out: &mut Vec<Issue>,
        found: Vec<(usize, Problem)>,
    ) -> Vec<T> {
        if found.is_empty() {
            return Vec::new();
        }
        let mut mask = vec![true; self.recs.len()];
        for (i, p) in found {
            out.push(issue(file, self.lines.get(i), p));
            mask[i] = false;
        }
        self.apply_mask(mask)
    }

    /// Rejects the second and later records with the same id (once: a second call does
    /// nothing). The table of ids seen holds 4-byte record indexes (the id is read from the
    /// record), so checking a file of a million absences takes 10 MB rather than 50.
    pub fn dedup(&mut self, file: &str, column: &'static str, out: &mut Vec<Issue>) {
        if std::mem::replace(&mut self.deduped, true) {
            return;
        }
        let n = self.recs.len();
        // Files are usually sorted by id: strictly ascending ids are all distinct, which one
        // pass over neighbours shows without a table.
        let ascending = self.recs.windows(2).all(|w| match (w[0].id(), w[1].id()) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        });
        if ascending {
            return;
        }
        let mut mask: Option<Vec<bool>> = None;
        {
            let recs = &self.recs;
            let id_of = |i: u32| recs[i as usize].id().unwrap_or_default();
            let hash = |id: &str| TextBuild::default().hash_one(id);
            let mut seen = hashbrown::HashTable::<u32>::with_capacity(n);
            for (i, (r, line)) in recs.iter().zip(self.lines.iter()).enumerate() {
                let Some(id) = r.id() else { return };
                let h = hash(id);
                match seen.find(h, |&j| id_of(j) == id) {
                    Some(&first) => {
                        let first_line = self.lines.get(first as usize);
                        out.push(issue(
                            file,
                            line,
                            Problem::new(
                                column,
                                id,
                                format!("duplicate {column} (first on row {first_line})"),
                            ),
                        ));
                        mask.get_or_insert_with(|| vec![true; n])[i] = false;
                    }
                    None => {
                        seen.insert_unique(h, i as u32, |&j| hash(id_of(j)));
                    }
                }
            }
        }
        if let Some(m) = mask {
            self.apply_mask(m);
        }
    }
}

/// Value-level rules of one record.
pub(crate) trait Record {
    /// Required values present and not blank. A record parsed from a file has them by
    /// parsing (a blank cell is a missing value there), so only records built otherwise (the
    /// bindings' builders, [`crate::io::check`]) need this.
    fn check_required(&self) -> Result<(), Problem>;
    /// The other rules: codes, FTE, amounts, date order.
    fn check_values(&self) -> Result<(), Problem>;
    /// Every rule: the first broken, if any.
    fn check(&self) -> Result<(), Problem> {
        self.check_required()?;
        self.check_values()
    }
    /// The id that must be unique within the file, if the file has one.
    fn id(&self) -> Option<&str>;
}

/// A value that is missing or only spaces is rejected. (`chars().all` stops at the first
/// character of an id, where `trim` would scan it from both ends.)
fn required(column: &'static str, s: &str) -> Result<(), Problem> {
    if s.chars().all(char::is_whitespace) {
        Err(Problem::new(column, s, "required value is missing"))
    } else {
        Ok(())
    }
}

fn code(column: &'static str, v: Option<u8>, max: u8) -> Result<(), Problem> {
    match v {
        Some(v) => {
            cell::check_code(column, v, max).map_err(|r| Problem::new(column, v.to_string(), r))
        }
        None => Ok(()),
    }
}

fn fte(v: f64) -> Result<(), Problem> {
    cell::check_fte(v).map_err(|r| Problem::new("fte", crate::table::format_float(v), r))
}

fn amount(column: &'static str, v: Option<f64>) -> Result<(), Problem> {
    match v {
        Some(v) => cell::check_amount(column, v)
            .map_err(|r| Problem::new(column, crate::table::format_float(v), r)),
        None => Ok(()),
    }
}

fn order(
    start_col: &'static str,
    start: Date,
    end_col: &'static str,
    end: Option<Date>,
) -> Result<(), Problem> {
    match end {
        Some(end) if end < start => Err(Problem::new(
            end_col,
            end.to_string(),
            format!("{end_col} is before {start_col} {start}"),
        )),
        _ => Ok(()),
    }
}

impl Record for OrgUnit {
    fn check_required(&self) -> Result<(), Problem> {
        required("org_unit_id", &self.org_unit_id)?;
        required("name", &self.name)
    }
    fn check_values(&self) -> Result<(), Problem> {
        Ok(())
    }
    fn id(&self) -> Option<&str> {
        Some(&self.org_unit_id)
    }
}

impl Record for Person {
    fn check_required(&self) -> Result<(), Problem> {
        required("person_id", &self.person_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        code(
            "qualification_level",
            self.qualification_level,
            cell::QUALIFICATION_LEVEL_MAX,
        )?;
        code("cfkss_status", self.cfkss_status, cell::CFKSS_STATUS_MAX)
    }
    fn id(&self) -> Option<&str> {
        Some(&self.person_id)
    }
}

impl Record for Post {
    fn check_required(&self) -> Result<(), Problem> {
        required("post_id", &self.post_id)?;
        required("org_unit_id", &self.org_unit_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        code("csww_role", self.csww_role, CSWW_ROLE_MAX)?;
        fte(self.fte)?;
        order("start_date", self.start_date, "end_date", self.end_date)
    }
    fn id(&self) -> Option<&str> {
        Some(&self.post_id)
    }
}

impl Record for Contract {
    fn check_required(&self) -> Result<(), Problem> {
        required("contract_id", &self.contract_id)?;
        required("person_id", &self.person_id)?;
        required("org_unit_id", &self.org_unit_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        code("csww_role", self.csww_role, CSWW_ROLE_MAX)?;
        fte(self.fte)?;
        order("start_date", self.start_date, "end_date", self.end_date)?;
        code("reason_leave", self.reason_leave, REASON_LEAVE_MAX)?;
        code("start_origin", self.start_origin, START_ORIGIN_MAX)?;
        code(
            "leaver_destination",
            self.leaver_destination,
            LEAVER_DESTINATION_MAX,
        )?;
        amount("annual_pay", self.annual_pay)
    }
    fn id(&self) -> Option<&str> {
        Some(&self.contract_id)
    }
}

impl Record for AgencyAssignment {
    fn check_required(&self) -> Result<(), Problem> {
        required("assignment_id", &self.assignment_id)?;
        required("person_id", &self.person_id)?;
        required("org_unit_id", &self.org_unit_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        code("csww_role", self.csww_role, CSWW_ROLE_MAX)?;
        fte(self.fte)?;
        order("start_date", self.start_date, "end_date", self.end_date)?;
        // A planned end before the start is a warning (`Check::warnings`): the data contract
        // makes only `end_date` before `start_date` an error, and the worker is still in post.
        amount("hourly_charge", self.hourly_charge)
    }
    fn id(&self) -> Option<&str> {
        Some(&self.assignment_id)
    }
}

impl Record for Absence {
    fn check_required(&self) -> Result<(), Problem> {
        required("absence_id", &self.absence_id)?;
        required("person_id", &self.person_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        order("start_date", self.start_date, "end_date", self.end_date)?;
        amount("working_days_lost", self.working_days_lost)
    }
    fn id(&self) -> Option<&str> {
        Some(&self.absence_id)
    }
}

impl Record for ErCase {
    fn check_required(&self) -> Result<(), Problem> {
        required("case_id", &self.case_id)?;
        required("person_id", &self.person_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        order(
            "opened_date",
            self.opened_date,
            "closed_date",
            self.closed_date,
        )
    }
    fn id(&self) -> Option<&str> {
        Some(&self.case_id)
    }
}

impl Record for CaseAllocation {
    fn check_required(&self) -> Result<(), Problem> {
        required("child_id", &self.child_id)?;
        required("person_id", &self.person_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        order("start_date", self.start_date, "end_date", self.end_date)
    }
    fn id(&self) -> Option<&str> {
        None
    }
}

impl Record for CarePeriod {
    fn check_required(&self) -> Result<(), Problem> {
        required("child_id", &self.child_id)
    }
    fn check_values(&self) -> Result<(), Problem> {
        order("start_date", self.start_date, "end_date", self.end_date)
    }
    fn id(&self) -> Option<&str> {
        None
    }
}

impl Record for Date {
    fn check_required(&self) -> Result<(), Problem> {
        Ok(())
    }
    fn check_values(&self) -> Result<(), Problem> {
        Ok(())
    }
    fn id(&self) -> Option<&str> {
        None
    }
}

/// Every file's records on their way to a [`Dataset`].
pub(crate) struct Tables {
    pub org_units: Loaded<OrgUnit>,
    pub people: Loaded<Person>,
    pub posts: Loaded<Post>,
    pub contracts: Loaded<Contract>,
    pub agency_assignments: Loaded<AgencyAssignment>,
    pub absences: Loaded<Absence>,
    pub er_cases: Loaded<ErCase>,
    pub case_allocations: Loaded<CaseAllocation>,
    pub care_periods: Loaded<CarePeriod>,
    pub bank_holidays: Loaded<Date>,
    /// Rejections per file, indexed as [`schema::ALL`].
    pub rejections: [Vec<Issue>; 10],
    /// Ids of rejected org units, people and posts (for clearer reference messages).
    pub rejected_ids: [Vec<String>; 3],
}

impl Tables {
    /// Records built in memory, numbered by position; runs the value checks the reader runs
    /// while parsing.
    pub fn from_dataset(ds: Dataset) -> Tables {
        let mut t = Tables {
            org_units: Loaded::from_vec(ds.org_units),
            people: Loaded::from_vec(ds.people),
            posts: Loaded::from_vec(ds.posts),
            contracts: Loaded::from_vec(ds.contracts),
            agency_assignments: Loaded::from_vec(ds.agency_assignments),
            absences: Loaded::from_vec(ds.absences),
            er_cases: Loaded::from_option(ds.er_cases),
            case_allocations: Loaded::from_option(ds.case_allocations),
            care_periods: Loaded::from_option(ds.care_periods),
            bank_holidays: Loaded::from_option(ds.bank_holidays),
            rejections: Default::default(),
            rejected_ids: Default::default(),
        };
        fn values<T: Record>(
            l: &mut Loaded<T>,
            i: usize,
            out: &mut [Vec<Issue>; 10],
        ) -> Vec<String> {
            l.reject_where(schema::ALL[i].name, &mut out[i], |r| r.check().err())
                .iter()
                .filter_map(|r| r.id().map(str::to_owned))
                .collect()
        }
        let out = &mut t.rejections;
        t.rejected_ids[0] = values(&mut t.org_units, ix::ORG_UNITS, out);
        t.rejected_ids[1] = values(&mut t.people, ix::PEOPLE, out);
        t.rejected_ids[2] = values(&mut t.posts, ix::POSTS, out);
        values(&mut t.contracts, ix::CONTRACTS, out);
        values(&mut t.agency_assignments, ix::AGENCY_ASSIGNMENTS, out);
        values(&mut t.absences, ix::ABSENCES, out);
        values(&mut t.er_cases, ix::ER_CASES, out);
        values(&mut t.case_allocations, ix::CASE_ALLOCATIONS, out);
        values(&mut t.care_periods, ix::CARE_PERIODS, out);
        values(&mut t.bank_holidays, ix::BANK_HOLIDAYS, out);
        t
    }

    /// Duplicate, reference and tree checks, then warnings; builds the dataset and report.
    pub fn finish(mut self) -> (Dataset, LoadReport) {
        self.dedup();
        self.org_tree();
        self.references();
        let warnings = self.warnings();
        self.assemble(warnings)
    }

    fn dedup(&mut self) {
        let [r_units, r_people, r_posts, r_contracts, r_agency, r_absences, r_er, _, _, r_bank] =
            &mut self.rejections;
        let name = |i: usize| schema::ALL[i].name;
        std::thread::scope(|s| {
            let mut handles = Vec::with_capacity(7);
            let units = &mut self.org_units;
            handles.push(s.spawn(|| units.dedup(name(ix::ORG_UNITS), "org_unit_id", r_units)));
            let people = &mut self.people;
            handles.push(s.spawn(|| people.dedup(name(ix::PEOPLE), "person_id", r_people)));
            let posts = &mut self.posts;
            handles.push(s.spawn(|| posts.dedup(name(ix::POSTS), "post_id", r_posts)));
            let contracts = &mut self.contracts;
            handles
                .push(s.spawn(|| contracts.dedup(name(ix::CONTRACTS), "contract_id", r_contracts)));
            let agency = &mut self.agency_assignments;
            handles.push(
                s.spawn(|| agency.dedup(name(ix::AGENCY_ASSIGNMENTS), "assignment_id", r_agency)),
            );
            let absences = &mut self.absences;
            handles.push(s.spawn(|| absences.dedup(name(ix::ABSENCES), "absence_id", r_absences)));
            let er = &mut self.er_cases;
            handles.push(s.spawn(|| er.dedup(name(ix::ER_CASES), "case_id", r_er)));
            handles.into_iter().for_each(crate::par::join);
        });
        // Bank holidays: the date is the key.
        let mut seen = std::collections::HashSet::new();
        self.bank_holidays
            .reject_where(name(ix::BANK_HOLIDAYS), r_bank, |d| {
                (!seen.insert(*d)).then(|| Problem::new("date", d.to_string(), "duplicate date"))
            });
    }

    /// `parent_id` must name an accepted unit, and the tree must have no cycle: units on a
    /// cycle are rejected, then every unit below a rejected one.
    fn org_tree(&mut self) {
        let units = &self.org_units.recs;
        let n = units.len();
        let rejected: TextSet = self.rejected_ids[0].iter().map(String::as_str).collect();
        let index: IdMap<usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.org_unit_id, i))
            .collect();
        let mut bad: Vec<Option<Problem>> = (0..n).map(|_| None).collect();
        let mut parent: Vec<Option<usize>> = vec![None; n];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = &u.parent_id {
                match index.get(p) {
                    Some(&j) => parent[i] = Some(j),
                    None => bad[i] = Some(missing_ref("parent_id", p, &rejected, "org_units.csv")),
                }
            }
        }
        // Cycles: follow parent links; meeting a unit of the current path closes a cycle.
        let mut colour = vec![0u8; n]; // 0 unseen, 1 on the current path, 2 done
        let mut path = Vec::new();
        for s in 0..n {
            let mut v = s;
            while colour[v] == 0 {
                colour[v] = 1;
                path.push(v);
                match parent[v] {
                    Some(p) if colour[p] == 1 => {
                        let from = path.iter().rposition(|&x| x == p).unwrap_or(0);
                        for &c in &path[from..] {
                            bad[c] = Some(Problem::new(
                                "parent_id",
                                units[c].parent_id.unwrap_or_default(),
                                "org unit is on a cycle of parent_id links",
                            ));
                        }
                    }
                    Some(p) => v = p,
                    None => {}
                }
            }
            for &c in &path {
                colour[c] = 2;
            }
            path.clear();
        }
        // Below a rejected unit: resolve each chain once.
        let mut state: Vec<u8> = bad
            .iter()
            .map(|b| if b.is_some() { 2 } else { 0 })
            .collect();
        for s in 0..n {
            let mut v = s;
            let verdict = loop {
                if state[v] != 0 {
                    break state[v];
                }
                path.push(v);
                match parent[v] {
                    Some(p) => v = p,
                    None => break 1,
                }
            };
            for &c in &path {
                state[c] = verdict;
                if verdict == 2 {
                    bad[c] = Some(Problem::new(
                        "parent_id",
                        units[c].parent_id.unwrap_or_default(),
                        "parent_id refers to an org unit that was rejected",
                    ));
                }
            }
            path.clear();
        }
        if bad.iter().all(Option::is_none) {
            return;
        }
        let mut k = 0;
        let removed = self.org_units.reject_where(
            schema::ORG_UNITS.name,
            &mut self.rejections[ix::ORG_UNITS],
            |_| {
                k += 1;
                bad[k - 1].take()
            },
        );
        self.rejected_ids[0].extend(removed.into_iter().map(|u| u.org_unit_id.to_string()));
    }

    /// Every reference to another file must name an accepted row, in dependency order:
    /// posts first, then the files that name people, units and posts (those in parallel).
    fn references(&mut self) {
        let [_, _, r_posts, r_contracts, r_agency, r_absences, r_er, r_alloc, _, _] =
            &mut self.rejections;
        let rej = &self.rejected_ids;
        let rejected_units: TextSet = rej[0].iter().map(String::as_str).collect();
        let rejected_people: TextSet = rej[1].iter().map(String::as_str).collect();
        // The accepted ids of each file, found by address (one slot read a lookup).
        let units = IdNumbers::new(self.org_units.recs.iter().map(|u| u.org_unit_id));
        let people_known = [
            self.contracts.people_known,
            self.agency_assignments.people_known,
            self.absences.people_known,
            self.er_cases.people_known,
            self.case_allocations.people_known,
        ];
        let people = if people_known.iter().all(|&known| known) {
            IdNumbers::new(std::iter::empty())
        } else {
            IdNumbers::new(self.people.recs.iter().map(|p| p.person_id))
        };
        let unit = |id: &Id| check_ref("org_unit_id", id, &units, &rejected_units, "org_units.csv");
        let person = |id: &Id| check_ref("person_id", id, &people, &rejected_people, "people.csv");

        let removed = self
            .posts
            .reject_where(schema::POSTS.name, r_posts, |p| unit(&p.org_unit_id));
        let mut rejected_posts: TextSet = rej[2].iter().map(String::as_str).collect();
        rejected_posts.extend(removed.iter().map(|p| p.post_id.as_str()));
        let posts = IdNumbers::new(self.posts.recs.iter().map(|p| p.post_id));
        let post = |id: &Option<Id>| {
            id.as_ref()
                .and_then(|id| check_ref("post_id", id, &posts, &rejected_posts, "posts.csv"))
        };

        // A file whose people were all found among the accepted people as it was read (the
        // reader's table of known people is built from them) skips their second lookup.
        let person_in = |known: bool| move |id: &Id| if known { None } else { person(id) };
        let (unit, post) = (&unit, &post);
        // Each check starts with the person; its table slot is asked for a few rows ahead.
        let ahead = &|id: Id| people.prefetch(id);
        std::thread::scope(|s| {
            let contracts = &mut self.contracts;
            let contract_person = person_in(contracts.people_known);
            let c = s.spawn(move || {
                let ahead = |c: &Contract| ahead(c.person_id);
                contracts.reject_where_par(schema::CONTRACTS.name, r_contracts, ahead, |c| {
                    contract_person(&c.person_id)
                        .or_else(|| unit(&c.org_unit_id))
                        .or_else(|| post(&c.post_id))
                })
            });
            let agency = &mut self.agency_assignments;
            let agency_person = person_in(agency.people_known);
            let g = s.spawn(move || {
                let ahead = |a: &AgencyAssignment| ahead(a.person_id);
                agency.reject_where_par(schema::AGENCY_ASSIGNMENTS.name, r_agency, ahead, |a| {
                    agency_person(&a.person_id)
                        .or_else(|| unit(&a.org_unit_id))
                        .or_else(|| post(&a.post_id))
                })
            });
            // Files whose only reference is the person: nothing to do when all are known.
            let absences = &mut self.absences;
            let a = s.spawn(move || {
                if !absences.people_known {
                    let ahead = |a: &Absence| ahead(a.person_id);
                    absences.reject_where_par(schema::ABSENCES.name, r_absences, ahead, |a| {
                        person(&a.person_id)
                    });
                }
            });
            let er = &mut self.er_cases;
            let e = s.spawn(move || {
                if !er.people_known {
                    let ahead = |c: &ErCase| ahead(c.person_id);
                    er.reject_where_par(schema::ER_CASES.name, r_er, ahead, |c| {
                        person(&c.person_id)
                    });
                }
            });
            let alloc = &mut self.case_allocations;
            let l = s.spawn(move || {
                if !alloc.people_known {
                    let ahead = |c: &CaseAllocation| ahead(c.person_id);
                    alloc.reject_where_par(schema::CASE_ALLOCATIONS.name, r_alloc, ahead, |c| {
                        person(&c.person_id)
                    });
                }
            });
            // The removed records are reported as rejections already; the lists are dropped.
            crate::par::join(c);
            crate::par::join(g);
            crate::par::join(a);
            crate::par::join(e);
            crate::par::join(l);
        });
    }

    /// Doubtful values of accepted rows.
    fn warnings(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        let over = |file: &str,
                    lines: &Lines,
                    ftes: &mut dyn Iterator<Item = f64>,
                    out: &mut Vec<Issue>| {
            for (f, line) in ftes.zip(lines.iter()) {
                if f > 1.0 {
                    out.push(issue(
                        file,
                        line,
                        Problem::new("fte", crate::table::format_float(f), "fte is above 1.0"),
                    ));
                }
            }
        };
        // people.csv: SWE number pattern, age under 16 at first contract start.
        let mut first_start: IdMap<Date> = IdMap::default();
        for c in &self.contracts.recs {
            first_start
                .entry(c.person_id)
                .and_modify(|d| *d = (*d).min(c.start_date))
                .or_insert(c.start_date);
        }
        for (p, line) in self.people.recs.iter().zip(self.people.lines.iter()) {
            if let Some(swe) = &p.swe_number {
                if !cell::looks_like_swe_number(swe) {
                    out.push(issue(
                        schema::PEOPLE.name,
                        line,
                        Problem::new(
                            "swe_number",
                            swe.as_str(),
                            "does not look like a Social Work England number (two letters and digits, such as SW12345)",
                        ),
                    ));
                }
            }
            if let (Some(dob), Some(&start)) = (p.date_of_birth, first_start.get(&p.person_id)) {
                let age = cell::age_on(dob, start);
                if age < 16 {
                    out.push(issue(
                        schema::PEOPLE.name,
                        line,
                        Problem::new(
                            "date_of_birth",
                            dob.to_string(),
                            format!("age {age} at first contract start {start}, under 16"),
                        ),
                    ));
                }
            }
        }
        over(
            schema::POSTS.name,
            &self.posts.lines,
            &mut self.posts.recs.iter().map(|p| p.fte),
            &mut out,
        );
        over(
            schema::CONTRACTS.name,
            &self.contracts.lines,
            &mut self.contracts.recs.iter().map(|c| c.fte),
            &mut out,
        );
        over(
            schema::AGENCY_ASSIGNMENTS.name,
            &self.agency_assignments.lines,
            &mut self.agency_assignments.recs.iter().map(|a| a.fte),
            &mut out,
        );
        let assignments = &self.agency_assignments;
        for (a, line) in assignments.recs.iter().zip(assignments.lines.iter()) {
            if let Err(p) = order(
                "start_date",
                a.start_date,
                "planned_end_date",
                a.planned_end_date,
            ) {
                let reason = format!("{}; the planned end is not used", p.reason);
                out.push(issue(
                    schema::AGENCY_ASSIGNMENTS.name,
                    line,
                    Problem { reason, ..p },
                ));
            }
        }
        out
    }

    fn assemble(mut self, warnings: Vec<Issue>) -> (Dataset, LoadReport) {
        let counts = [
            (
                self.org_units.present,
                self.org_units.rows_read,
                self.org_units.recs.len(),
            ),
            (
                self.people.present,
                self.people.rows_read,
                self.people.recs.len(),
            ),
            (
                self.posts.present,
                self.posts.rows_read,
                self.posts.recs.len(),
            ),
            (
                self.contracts.present,
                self.contracts.rows_read,
                self.contracts.recs.len(),
            ),
            (
                self.agency_assignments.present,
                self.agency_assignments.rows_read,
                self.agency_assignments.recs.len(),
            ),
            (
                self.absences.present,
                self.absences.rows_read,
                self.absences.recs.len(),
            ),
            (
                self.er_cases.present,
                self.er_cases.rows_read,
                self.er_cases.recs.len(),
            ),
            (
                self.case_allocations.present,
                self.case_allocations.rows_read,
                self.case_allocations.recs.len(),
            ),
            (
                self.care_periods.present,
                self.care_periods.rows_read,
                self.care_periods.recs.len(),
            ),
            (
                self.bank_holidays.present,
                self.bank_holidays.rows_read,
                self.bank_holidays.recs.len(),
            ),
        ];
        let mut report = LoadReport::default();
        for (i, (spec, (present, read, accepted))) in schema::ALL.iter().zip(counts).enumerate() {
            let rejected = std::mem::take(&mut self.rejections[i]);
            let f = FileReport {
                file: spec.name.to_string(),
                present,
                rows_read: read,
                rows_accepted: accepted as u64,
                rows_rejected: rejected.len() as u64,
            };
            debug_assert_eq!(f.rows_read, f.rows_accepted + f.rows_rejected, "{}", f.file);
            report.files.push(f);
            let start = report.rejections.len();
            report.rejections.extend(rejected);
            report.rejections[start..].sort_by_key(|x| x.row);
        }
        let order = |file: &str| schema::ALL.iter().position(|s| s.name == file);
        report.warnings = warnings;
        report.warnings.sort_by_key(|w| (order(&w.file), w.row));
        let ds = Dataset {
            org_units: self.org_units.recs,
            people: self.people.recs,
            posts: self.posts.recs,
            contracts: self.contracts.recs,
            agency_assignments: self.agency_assignments.recs,
            absences: self.absences.recs,
            er_cases: self.er_cases.into_option(),
            case_allocations: self.case_allocations.into_option(),
            care_periods: self.care_periods.into_option(),
            bank_holidays: self.bank_holidays.into_option(),
        };
        (ds, report)
    }
}

fn missing_ref(column: &'static str, id: &str, rejected: &TextSet, target: &str) -> Problem {
    let reason = if rejected.contains(id) {
        format!("{column} refers to a row of {target} that was rejected")
    } else {
        format!("{column} not found in {target}")
    };
    Problem::new(column, id, reason)
}

fn check_ref(
    column: &'static str,
    id: &Id,
    accepted: &IdNumbers,
    rejected: &TextSet,
    target: &str,
) -> Option<Problem> {
    (!accepted.contains(*id)).then(|| missing_ref(column, id, rejected, target))
}
