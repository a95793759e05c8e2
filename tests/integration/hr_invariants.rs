//! Invariants of the HR measures on random small councils (until `workforce::generate` lands):
//! they agree with the CSWW stocks and flows they are built on.

use proptest::prelude::*;
use workforce::hr::{caseload, leavers, sickness, stability, survival};
use workforce::{Options, Scope, Workforce};
use workforce_tests::{d, Builder};

const UNITS: [&str; 3] = ["LA", "A", "B"];

fn council(recs: &[(usize, usize, i64, Option<i64>, bool)], grace: u32) -> (Workforce, Options) {
    let mut b = Builder::council();
    let base = d("2019-01-01");
    let date = |o: i64| (base + chrono::Duration::days(o)).to_string();
    for (i, &(p, u, s, len, sick)) in recs.iter().enumerate() {
        let end = len.map(|l| date(s + l)).unwrap_or_default();
        b.contract(
            &format!("c{i}"),
            &format!("p{p}"),
            UNITS[u],
            0.5 + (i % 2) as f64 * 0.5,
            &date(s),
            &end,
        );
        b.alloc(&format!("k{i}"), &format!("p{p}"), &date(s + 5), "");
        if sick {
            b.sick(
                &format!("s{i}"),
                &format!("p{p}"),
                &date(s + 3),
                &date(s + 3 + (i as i64 * 7) % 60),
                None,
            );
        }
    }
    b.ds.case_allocations.get_or_insert_with(Vec::new);
    (
        b.build(),
        Options {
            rejoin_grace_days: grace,
            ..Options::default()
        },
    )
}

fn recs() -> impl Strategy<Value = Vec<(usize, usize, i64, Option<i64>, bool)>> {
    prop::collection::vec(
        (
            0usize..8,
            0usize..3,
            0i64..1300,
            prop::option::weighted(0.6, 0i64..600),
            any::<bool>(),
        ),
        0..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn hr_measures_agree_with_stocks_and_flows(r in recs(), grace in 0u32..3) {
        let (wf, o) = council(&r, grace);
        let (from, to) = (d("2020-10-01"), d("2021-09-30"));
        let sc = Scope::Csww;
        for unit in UNITS {
            let u = Some(unit);
            let st = wf.stocks(u, &sc, &[to], &o).unwrap();
            let fl = wf.flows(u, &sc, &[(from, to)], &o).unwrap();
            // Tenure bands add up to the headcount in post.
            let t = stability::tenure_bands(&wf, to, u, &sc, &stability::DEFAULT_TENURE_BANDS, &o).unwrap();
            let hc: f64 = (0..t.num_rows()).map(|i| t.f64("headcount", i).unwrap()).sum();
            prop_assert_eq!(hc, st[0].inpost_headcount);
            // Leavers by reason add up to the leavers.
            let l = leavers::leavers_by(&wf, from, to, u, &sc, &[leavers::LeaverBy::Reason],
                &stability::DEFAULT_TENURE_BANDS, &o).unwrap();
            let n: f64 = (0..l.num_rows()).map(|i| l.f64("leavers", i).unwrap()).sum();
            prop_assert_eq!(n, fl[0].leavers_headcount);
            // Stability: stayers ≤ base.
            let s = stability::stability_index(&wf, None, to, u, false, &sc, &o).unwrap();
            prop_assert!(s.f64("stayers_headcount", 0) <= s.f64("base_headcount", 0));
            // Short- and long-term days add up to the days lost.
            let k = sickness::sickness_summary(&wf, from, to, u, false, &sc, &o).unwrap();
            let parts = k.f64("short_term_days", 0).unwrap() + k.f64("long_term_days", 0).unwrap();
            prop_assert!((parts - fl[0].working_days_lost_fte).abs() < 1e-9);
            // Caseload with zero-case workers: the cases of the stock.
            let cl = caseload::CaseloadOptions { include_zero: true, ..Default::default() };
            let c = caseload::caseload_distribution(&wf, to, u, &sc, caseload::CaseloadGroup::None, &cl, &o).unwrap();
            let cases = if c.num_rows() == 0 { 0.0 } else { c.f64("cases", 0).unwrap() };
            prop_assert_eq!(cases, st[0].cases);
            // Survival curves are non-increasing, in [0, 1], inside their bounds.
            let sv = survival::employment_survival(&wf, from, to, u, &sc, survival::SpellGroup::None,
                survival::TimeUnit::Days, &survival::KmOptions::default(), false, &o).unwrap();
            let mut prev = 1.0;
            for i in 0..sv.num_rows() {
                let x = sv.f64("survival", i).unwrap();
                prop_assert!((0.0..=prev).contains(&x));
                if let (Some(lo), Some(hi)) = (sv.f64("lower", i), sv.f64("upper", i)) {
                    prop_assert!(lo <= x + 1e-12 && x <= hi + 1e-12);
                }
                prev = x;
            }
            let events: f64 = (0..sv.num_rows()).map(|i| sv.f64("n_event", i).unwrap()).sum();
            prop_assert_eq!(events, fl[0].leavers_headcount);
        }
    }
}
