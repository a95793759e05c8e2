//! Property tests on random small councils: the flow identity, bounded rates, headcount ≤
//! records, and results unchanged when input rows are shuffled.

use proptest::prelude::*;
use workforce::model::*;
use workforce::{Options, Scope, Workforce};
use workforce_tests::{d, Builder};

const UNITS: [&str; 4] = ["LA", "A", "B", "C"];

#[derive(Debug, Clone)]
struct RecSpec {
    person: usize,
    unit: usize,
    fte: f64,
    start: i64,
    len: Option<i64>,
    in_scope: bool,
    post: Option<usize>,
}

fn rec() -> impl Strategy<Value = RecSpec> {
    (
        0usize..12,
        0usize..4,
        1u32..=10,
        0i64..1400,
        prop::option::weighted(0.7, 0i64..700),
        prop::bool::weighted(0.85),
        prop::option::of(0usize..6),
    )
        .prop_map(|(person, unit, f, start, len, in_scope, post)| RecSpec {
            person,
            unit,
            fte: f as f64 / 10.0,
            start,
            len,
            in_scope,
            post,
        })
}

fn council(contracts: &[RecSpec], agency: &[RecSpec]) -> Dataset {
    let mut b = Builder::default();
    b.unit("LA", None)
        .unit("A", Some("LA"))
        .unit("B", Some("LA"))
        .unit("C", Some("A"));
    let base = d("2019-01-01");
    let date = |off: i64| (base + chrono::Duration::days(off)).to_string();
    for p in 0..6 {
        b.post(
            &format!("post{p}"),
            UNITS[p % 4],
            1.0,
            "2019-01-01",
            if p == 5 { "2021-03-01" } else { "" },
        );
    }
    for (i, c) in contracts.iter().enumerate() {
        let end = c.len.map(|l| date(c.start + l)).unwrap_or_default();
        let post = c.post.map(|p| format!("post{p}"));
        b.contract_full(
            &format!("c{i}"),
            &format!("p{}", c.person),
            UNITS[c.unit],
            post.as_deref(),
            if c.in_scope { Some(5) } else { None },
            c.fte,
            &date(c.start),
            &end,
        );
    }
    for (i, a) in agency.iter().enumerate() {
        let end = a.len.map(|l| date(a.start + l)).unwrap_or_default();
        let post = a.post.map(|p| format!("post{p}"));
        b.agency(
            &format!("a{i}"),
            &format!("w{}", a.person),
            UNITS[a.unit],
            post.as_deref(),
            None,
            a.fte,
            &date(a.start),
            &end,
        );
    }
    for (i, c) in contracts.iter().enumerate().take(8) {
        b.sick(
            &format!("s{i}"),
            &format!("p{}", c.person),
            &date(c.start + 10),
            &date(c.start + 40),
            None,
        );
        b.alloc(
            &format!("k{i}"),
            &format!("p{}", c.person),
            &date(c.start),
            "",
        );
    }
    b.ds
}

fn year_ends() -> Vec<Date> {
    vec![d("2020-09-30"), d("2021-09-30"), d("2022-09-30")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    // The identity is exact with the default grace of 0 days. With a grace period, a person
    // between two contracts of one spell is in no contract and so not in post, while the spell
    // is neither ended nor restarted: the identity is then off by such people.
    fn flow_identity_for_every_unit(contracts in prop::collection::vec(rec(), 0..40)) {
        let wf = Workforce::new(council(&contracts, &[])).unwrap();
        let o = Options::default();
        for unit in UNITS {
            for scope in [Scope::Csww, Scope::All] {
                let p = (d("2020-10-01"), d("2021-09-30"));
                let s = wf.stocks(Some(unit), &scope, &[d("2020-09-30"), p.1], &o).unwrap();
                let f = wf.flows(Some(unit), &scope, &[p], &o).unwrap();
                prop_assert_eq!(
                    s[1].inpost_headcount,
                    s[0].inpost_headcount + f[0].starters_headcount - f[0].leavers_headcount,
                    "unit {} scope {:?}", unit, scope
                );
            }
        }
    }

    #[test]
    fn bounded_rates_and_headcount_at_most_records(
        contracts in prop::collection::vec(rec(), 0..40),
        agency in prop::collection::vec(rec(), 0..15),
    ) {
        let ds = council(&contracts, &agency);
        let n_contracts = ds.contracts.len() as f64;
        let wf = Workforce::new(ds).unwrap();
        let t = wf.csww(&year_ends(), None, true, &Options::default()).unwrap();
        for r in 0..t.num_rows() {
            for col in ["agency_rate_fte", "agency_rate_headcount", "vacancy_rate_fte", "agency_cover_rate_fte"] {
                if let Some(x) = t.f64(col, r) {
                    prop_assert!((0.0..=100.0 + 1e-9).contains(&x), "{} = {}", col, x);
                }
            }
            for col in ["turnover_rate_fte", "absence_rate_fte", "caseload_fte"] {
                if let Some(x) = t.f64(col, r) {
                    prop_assert!(x >= 0.0 && x.is_finite(), "{} = {}", col, x);
                }
            }
            let hc = t.f64("inpost_headcount", r).unwrap();
            prop_assert!(hc <= n_contracts);
            prop_assert!(t.f64("inpost_fte", r).unwrap() <= hc * 10.0 + 1e-9);
            prop_assert!(t.f64("agency_cover_fte", r).unwrap() <= t.f64("agency_fte", r).unwrap() + 1e-9);
        }
    }

    #[test]
    fn shuffling_rows_changes_nothing(
        contracts in prop::collection::vec(rec(), 1..40),
        agency in prop::collection::vec(rec(), 0..10),
        seed in any::<u64>(),
    ) {
        let ds = council(&contracts, &agency);
        let mut shuffled = ds.clone();
        let mut rng = seed;
        let mut next = move |n: usize| { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (rng >> 33) as usize % n };
        fn shuffle<T>(v: &mut [T], next: &mut impl FnMut(usize) -> usize) {
            for i in (1..v.len()).rev() { let j = next(i + 1); v.swap(i, j); }
        }
        shuffle(&mut shuffled.contracts, &mut next);
        shuffle(&mut shuffled.agency_assignments, &mut next);
        shuffle(&mut shuffled.people, &mut next);
        shuffle(&mut shuffled.posts, &mut next);
        shuffle(&mut shuffled.absences, &mut next);
        shuffle(&mut shuffled.org_units, &mut next);
        let o = Options::default();
        let a = Workforce::new(ds).unwrap().csww(&year_ends(), None, false, &o).unwrap();
        let b = Workforce::new(shuffled).unwrap().csww(&year_ends(), None, false, &o).unwrap();
        for col in workforce::metrics::CSWW_COLUMNS {
            for r in 0..a.num_rows() {
                let (x, y) = (a.f64(col, r), b.f64(col, r));
                match (x, y) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{}: {} vs {}", col, x, y),
                    _ => prop_assert_eq!(x, y),
                }
            }
        }
    }
}
