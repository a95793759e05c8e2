//! Case allocations by person, without moving them.
//!
//! The allocations stay in the data set's order. Open cases on a few dates are counted in one
//! pass over them ([`open_cases`]); a query about single people (a unit's holders, a series,
//! an explanation) uses [`ByPerson`], their dates by person, built the first time one is
//! needed.

use crate::id::{IdNumbers, PREFETCH_AHEAD};
use crate::model::{CaseAllocation, Person};
use crate::timeline::offsets_of_counts;
use crate::{Date, Error, ErrorKind, Result};

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

/// Calls `visit(row, person)` for every allocation of `rows` (the first being row `first`)
/// that is `wanted`, in order; `person` is its person number, `None` when it is not one of the
/// people. A row with the previous looked-up row's person id reuses its number.
fn each_person(
    rows: &[CaseAllocation],
    first: usize,
    people: &IdNumbers,
    wanted: impl Fn(&CaseAllocation) -> bool,
    mut visit: impl FnMut(usize, Option<u32>) -> Result<()>,
) -> Result<()> {
    let mut last = None;
    for (i, a) in rows.iter().enumerate() {
        if let Some(next) = rows.get(i + PREFETCH_AHEAD).filter(|r| wanted(r)) {
            people.prefetch(next.person_id);
        }
        if !wanted(a) {
            continue;
        }
        let p = match last {
            Some((id, p)) if id == a.person_id => p,
            _ => {
                let p = people.get(a.person_id);
                last = Some((a.person_id, p));
                p
            }
        };
        visit(first + i, p)?;
    }
    Ok(())
}

/// [`each_person`] in consecutive parts of the allocations, one part per thread, each with
/// its own state from `init`, passed to `visit(state, row, person)`. The states come back in
/// part order; the first error (in row order) is returned instead.
fn visit_by_person<S: Send>(
    al: &[CaseAllocation],
    people: &IdNumbers,
    threads: usize,
    wanted: impl Fn(&CaseAllocation) -> bool + Sync,
    init: impl Fn() -> S + Sync,
    visit: impl Fn(&mut S, usize, Option<u32>) -> Result<()> + Sync,
) -> Result<Vec<S>> {
    let per = al.len().div_ceil(threads.max(1)).max(1);
    let part = |first: usize, rows: &[CaseAllocation]| -> Result<S> {
        let mut state = init();
        each_person(rows, first, people, &wanted, |i, p| visit(&mut state, i, p))?;
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
        |i, p| match p {
            Some(_) => Ok(()),
            None => Err(unknown_person(&al[i])),
        },
    )
}

/// Open allocations per person and date, `[person * dates.len() + i]`, counted in one pass
/// over the allocations on `threads` threads.
pub(crate) fn open_cases(
    al: &[CaseAllocation],
    people: &[Person],
    dates: &[Date],
    threads: usize,
) -> Result<Vec<u32>> {
    let k = dates.len();
    let n = people.len();
    if k == 0 {
        return Ok(Vec::new());
    }
    let numbers = person_numbers(people);
    let open_on =
        |a: &CaseAllocation, t: Date| a.start_date <= t && a.end_date.is_none_or(|e| t <= e);
    // Most allocations are open on none of a few dates: their people are not looked up.
    let open_on_any = |a: &CaseAllocation| dates.iter().any(|&t| open_on(a, t));
    let parts = visit_by_person(
        al,
        &numbers,
        threads,
        open_on_any,
        || vec![0u32; n * k],
        |counts, i, p| {
            let p = p.ok_or_else(|| unknown_person(&al[i]))? as usize;
            for (c, &t) in counts[p * k..(p + 1) * k].iter_mut().zip(dates) {
                *c += u32::from(open_on(&al[i], t));
            }
            Ok(())
        },
    )?;
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_else(|| vec![0u32; n * k]);
    for part in parts {
        for (o, c) in out.iter_mut().zip(part) {
            *o += c;
        }
    }
    Ok(out)
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
        let count = |counts: &mut Vec<u32>, _: usize, p: Option<u32>| {
            if let Some(p) = p {
                counts[p as usize] += 1;
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
            |i, p| {
                if let Some(p) = p {
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
                    prop_assert_eq!(got[p * dates.len() + k] as usize, want);
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
        // The index leaves such rows out.
        let index = ByPerson::new(&al, &ppl, 2, |a| a.child_id.clone());
        assert_eq!(index.of(1), &["C1"]);
    }
}
