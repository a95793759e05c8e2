//! Case allocations by person, without moving them.
//!
//! The allocations stay in the data set's order. Open cases on a few dates are counted in one
//! pass over them ([`open_cases`]); a query about single people (a unit's holders, a series,
//! an explanation) uses [`ByPerson`], their dates by person, built the first time one is
//! needed.

use crate::id::{prefetch_lines, IdNumbers};
use crate::model::{CaseAllocation, Person};
use crate::timeline::offsets_of_counts;
use crate::{Date, Error, ErrorKind, Result};
use std::sync::atomic::{AtomicU32, Ordering};

/// The people's numbers (their positions in `people`), to number the allocations' people.
pub(crate) fn person_numbers(people: &[Person]) -> IdNumbers {
    IdNumbers::new(people.iter().map(|p| p.person_id))
}

/// The error for an allocation whose person is not in the data set.
fn unknown_person(a: &CaseAllocation) -> Error {
    Error::new(
        ErrorKind::InvalidData,
        format!("child {}: unknown person_id {}", a.child_id, a.person_id),
    )
    .in_file("case_allocations.csv")
}

/// Rows scanned for wanted allocations before their people are looked up: the lookups of a
/// block are asked for (prefetched) as the block is scanned, so their memory answers together.
const BLOCK: usize = 32;

/// An allocation's row and its person's number (`None` when it is not one of the people).
type Found = (usize, Option<u32>);

/// Calls `visit` with the allocations of `rows` (the first being row `first`) that are
/// `wanted`, a block at a time, in order, each with its person number. A row with the
/// previous looked-up row's person id reuses its number.
fn each_person(
    rows: &[CaseAllocation],
    first: usize,
    people: &IdNumbers,
    wanted: impl Fn(&CaseAllocation) -> bool,
    mut visit: impl FnMut(&[Found]) -> Result<()>,
) -> Result<()> {
    let mut last = None;
    let mut picked = [0u8; BLOCK];
    let mut found = [(0, None); BLOCK];
    for (b, block) in rows.chunks(BLOCK).enumerate() {
        let mut n = 0;
        for (j, a) in block.iter().enumerate() {
            if wanted(a) {
                people.prefetch(a.person_id);
                picked[n] = j as u8;
                n += 1;
            }
        }
        for (f, &j) in found.iter_mut().zip(&picked[..n]) {
            let a = &block[j as usize];
            let p = match last {
                Some((id, p)) if id == a.person_id => p,
                _ => {
                    let p = people.get(a.person_id);
                    last = Some((a.person_id, p));
                    p
                }
            };
            *f = (first + b * BLOCK + j as usize, p);
        }
        visit(&found[..n])?;
    }
    Ok(())
}

/// [`each_person`] in consecutive parts of the allocations, one part per thread, each with
/// its own state from `init`, passed to `visit(state, block)`. The states come back in part
/// order; the first error (in row order) is returned instead.
fn visit_by_person<S: Send>(
    al: &[CaseAllocation],
    people: &IdNumbers,
    threads: usize,
    wanted: impl Fn(&CaseAllocation) -> bool + Sync,
    init: impl Fn() -> S + Sync,
    visit: impl Fn(&mut S, &[Found]) -> Result<()> + Sync,
) -> Result<Vec<S>> {
    let per = al.len().div_ceil(threads.max(1)).max(1);
    let part = |first: usize, rows: &[CaseAllocation]| -> Result<S> {
        let mut state = init();
        each_person(rows, first, people, &wanted, |found| {
            visit(&mut state, found)
        })?;
        Ok(state)
    };
    if al.len() <= per {
        return Ok(vec![part(0, al)?]);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = al
            .chunks(per)
            .enumerate()
            .map(|(k, rows)| s.spawn(move || part(k * per, rows)))
            .collect();
        crate::par::join_all(handles)
    })
}

/// Checks, on the calling thread, that every allocation's person is one of the people (the
/// first that is not is the error).
pub(crate) fn check_people(al: &[CaseAllocation], people: &IdNumbers) -> Result<()> {
    each_person(
        al,
        0,
        people,
        |_| true,
        |found| match found.iter().find(|(_, p)| p.is_none()) {
            Some(&(i, _)) => Err(unknown_person(&al[i])),
            None => Ok(()),
        },
    )
}

/// Open allocations per person on each of a few dates ([`open_cases`]).
#[derive(Debug, Default)]
pub(crate) struct OpenCases {
    dates: usize,
    /// Each date's place in ascending date order.
    rank: Vec<usize>,
    /// Each person's counts, in ascending date order.
    counts: Vec<AtomicU32>,
}

impl OpenCases {
    /// The allocations of person `p` open on date `i` (of the dates counted).
    pub(crate) fn of(&self, p: u32, i: usize) -> u32 {
        self.counts[p as usize * self.dates + self.rank[i]].load(Ordering::Relaxed)
    }
}

/// Counts every person's open allocations on each of `dates` in one pass over the
/// allocations, in consecutive parts on up to `threads` threads adding to one shared table.
/// An allocation is open on the dates (in ascending order) from its start to its end, found
/// by counting the dates before each; most are open on none, and their people are not
/// looked up.
pub(crate) fn open_cases(
    al: &[CaseAllocation],
    people: &[Person],
    dates: &[Date],
    threads: usize,
) -> Result<OpenCases> {
    let (n, k) = (people.len(), dates.len());
    let numbers = person_numbers(people);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&i| dates[i]);
    let mut rank = vec![0; k];
    for (j, &i) in order.iter().enumerate() {
        rank[i] = j;
    }
    let sorted: Vec<Date> = order.iter().map(|&i| dates[i]).collect();
    let before = |t: Date| sorted.iter().map(|&d| usize::from(d < t)).sum::<usize>();
    let through =
        |e: Option<Date>| e.map_or(k, |e| sorted.iter().map(|&d| usize::from(d <= e)).sum());
    let open_run = |a: &CaseAllocation| before(a.start_date)..through(a.end_date);
    let counts: Vec<AtomicU32> = std::iter::repeat_with(AtomicU32::default)
        .take(n * k)
        .collect();
    visit_by_person(
        al,
        &numbers,
        threads,
        |a| !open_run(a).is_empty(),
        || (),
        |(), found| {
            // Each person's counts are asked for before any is added to.
            for &(_, p) in found {
                if let Some(p) = p {
                    prefetch_lines(&counts[p as usize * k]);
                }
            }
            for &(i, p) in found {
                let p = p.ok_or_else(|| unknown_person(&al[i]))? as usize;
                for j in open_run(&al[i]) {
                    counts[p * k + j].fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(())
        },
    )?;
    Ok(OpenCases {
        dates: k,
        rank,
        counts,
    })
}

/// A value of each allocation (`V`), grouped by person: person `p`'s are
/// `rows[off[p]..off[p + 1]]`, in the allocations' order.
#[derive(Clone, Debug, Default)]
pub(crate) struct ByPerson<V> {
    off: Vec<u32>,
    rows: Vec<V>,
}

impl<V: Clone + Default> ByPerson<V> {
    /// `value` of each allocation of `al`, by the people's numbers, counted on `threads`
    /// threads. An allocation whose person is not one of the people is left out
    /// ([`check_people`] rejects such data first).
    pub(crate) fn new(
        al: &[CaseAllocation],
        people: &[Person],
        threads: usize,
        value: impl Fn(&CaseAllocation) -> V,
    ) -> ByPerson<V> {
        let n = people.len();
        let numbers = person_numbers(people);
        let count = |counts: &mut Vec<u32>, found: &[Found]| {
            for &(_, p) in found {
                if let Some(p) = p {
                    counts[p as usize] += 1;
                }
            }
            Ok(())
        };
        let counts = visit_by_person(al, &numbers, threads, |_| true, || vec![0u32; n], count)
            .unwrap_or_default();
        let off = offsets_of_counts(n, &counts);
        let mut rows = vec![V::default(); off[n] as usize];
        let mut next = off.clone();
        // On one thread: each allocation goes to its person's next place, in order.
        let placed = each_person(
            al,
            0,
            &numbers,
            |_| true,
            |found| {
                for &(i, p) in found {
                    let Some(p) = p else { continue };
                    let at = &mut next[p as usize];
                    rows[*at as usize] = value(&al[i]);
                    *at += 1;
                }
                Ok(())
            },
        );
        debug_assert!(placed.is_ok());
        ByPerson { off, rows }
    }

    /// The values of person `p`'s allocations.
    pub(crate) fn of(&self, p: usize) -> &[V] {
        match (self.off.get(p), self.off.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;
    use proptest::prelude::*;

    fn people(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| Person {
                person_id: Id::new(&format!("P{i}")),
                ..Person::default()
            })
            .collect()
    }

    fn day(d: i64) -> Date {
        Date::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(d)
    }

    /// Allocations of `(person, start, days open or None)`.
    fn allocations(rows: &[(usize, i64, Option<i64>)]) -> Vec<CaseAllocation> {
        rows.iter()
            .enumerate()
            .map(|(i, &(p, s, len))| CaseAllocation {
                child_id: format!("C{i}").into(),
                person_id: Id::new(&format!("P{p}")),
                start_date: day(s),
                end_date: len.map(|l| day(s + l)),
            })
            .collect()
    }

    proptest! {
        /// Counted in parts on any number of threads, open cases equal a count per person and
        /// date; the index lists each person's allocations in their order.
        #[test]
        fn open_cases_and_index_match_a_plain_count(
            rows in proptest::collection::vec((0usize..6, 0i64..40, proptest::option::of(0i64..20)), 0..120),
            dates in proptest::collection::vec(0i64..60, 0..5),
            threads in 1usize..5,
        ) {
            let ppl = people(6);
            let al = allocations(&rows);
            let dates: Vec<Date> = dates.into_iter().map(day).collect();
            let got = open_cases(&al, &ppl, &dates, threads).unwrap();
            let index = ByPerson::new(&al, &ppl, threads, |a| (a.start_date, a.end_date));
            for p in 0..6 {
                for (k, &t) in dates.iter().enumerate() {
                    let want = rows
                        .iter()
                        .filter(|r| r.0 == p && day(r.1) <= t && r.2.is_none_or(|l| t <= day(r.1 + l)))
                        .count();
                    prop_assert_eq!(got.of(p as u32, k) as usize, want);
                }
                let mine: Vec<_> = al.iter().zip(&rows).filter(|(_, r)| r.0 == p).map(|(a, _)| (a.start_date, a.end_date)).collect();
                prop_assert_eq!(index.of(p), &mine[..]);
            }
            prop_assert!(index.of(6).is_empty());
        }
    }

    #[test]
    fn an_unknown_person_is_the_first_error_in_row_order() {
        let ppl = people(2);
        let al = allocations(&[(0, 0, None), (1, 0, None), (7, 0, None), (8, 0, None)]);
        let numbers = person_numbers(&ppl);
        let first_error = |err: Error| {
            let msg = err.to_string();
            assert!(msg.contains("child C2: unknown person_id P7"), "{msg}");
            assert!(msg.contains("case_allocations.csv"), "{msg}");
        };
        first_error(check_people(&al, &numbers).unwrap_err());
        for threads in 1..5 {
            first_error(open_cases(&al, &ppl, &[day(0)], threads).unwrap_err());
        }
        assert!(check_people(&al[..2], &numbers).is_ok());
        // Counted on two threads, a date each: the first in row order is still the one named.
        let later = allocations(&[(0, 0, None), (9, 5, Some(1)), (7, 0, Some(1))]);
        let err = open_cases(&later, &ppl, &[day(5), day(0)], 2).unwrap_err();
        assert!(
            err.to_string().contains("child C1: unknown person_id P9"),
            "{err}"
        );
        // The index leaves such rows out.
        let index = ByPerson::new(&al, &ppl, 2, |a| a.child_id.clone());
        assert_eq!(index.of(1), &["C1"]);
    }
}
