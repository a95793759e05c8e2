//! Invariants of the HR measures on generated councils (the demo and two seeds of the default
//! council): each measure agrees with the CSWW stocks and flows it is built on.

use super::generate_check::{unit_named, ymd};
use chrono::Duration;
use std::sync::OnceLock;
use workforce::generate::{demo, generate, GenerateOptions};
use workforce::hr::agency::{agency_churn, Period};
use workforce::hr::caseload::{caseload_distribution, CaseloadGroup, CaseloadOptions};
use workforce::hr::casework::er_cases;
use workforce::hr::cost::{agency_premium, monthly_cost, CostOptions};
use workforce::hr::leavers::{leavers_by, LeaverBy};
use workforce::hr::pay::pay_by_source;
use workforce::hr::recruitment::recruitment_effect;
use workforce::hr::sickness::{sick_spells, sickness_summary};
use workforce::hr::stability::{stability_index, tenure_bands, DEFAULT_TENURE_BANDS};
use workforce::hr::survival::{employment_survival, KmOptions, SpellGroup, TimeUnit};
use workforce::{Date, Options, Scope, Table, Workforce};

/// A generated council, with the units checked (the whole council and three teams) and the
/// CSWW years checked.
struct Council {
    name: &'static str,
    wf: Workforce,
    units: Vec<String>,
    years: Vec<i32>,
}

fn councils() -> &'static [Council] {
    static C: OnceLock<Vec<Council>> = OnceLock::new();
    C.get_or_init(|| {
        let seeds = [1, 7];
        let mut out = vec![("demo", demo(), vec![2019, 2021, 2023])];
        for (seed, name) in seeds.into_iter().zip(["seed 1", "seed 7"]) {
            let o = GenerateOptions {
                seed,
                ..GenerateOptions::default()
            };
            out.push((name, generate(&o).unwrap(), vec![2020, 2023, 2025]));
        }
        out.into_iter()
            .map(|(name, ds, years)| {
                let mut units = vec!["U0000".to_string()];
                for team in ["MASH", "Assessment", "Children in Care"] {
                    units.push(unit_named(&ds, team));
                }
                Council {
                    name,
                    wf: Workforce::new(ds).unwrap(),
                    units,
                    years,
                }
            })
            .collect()
    })
}

/// Each council, unit and CSWW year `(from, to)`.
fn cases() -> Vec<(&'static Council, &'static str, Date, Date)> {
    let mut v = Vec::new();
    for c in councils() {
        for u in &c.units {
            for &y in &c.years {
                v.push((c, u.as_str(), ymd(y - 1, 10, 1), ymd(y, 9, 30)));
            }
        }
    }
    v
}

fn col(t: &Table, name: &str) -> Vec<f64> {
    (0..t.num_rows())
        .map(|i| t.f64(name, i).unwrap_or_else(|| panic!("{name} row {i}")))
        .collect()
}

fn sum(t: &Table, name: &str) -> f64 {
    col(t, name).iter().sum()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn csww_value(wf: &Workforce, unit: &str, to: Date, name: &str, o: &Options) -> f64 {
    let s = wf.csww(&[to], Some(unit), false, o).unwrap();
    s.f64(name, 0).unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn stability_is_a_rate_of_its_parts() {
    let (o, sc) = (Options::default(), Scope::Csww);
    for (c, u, from, to) in cases() {
        let wf = &c.wf;
        let s = stability_index(wf, None, to, Some(u), false, &sc, &o).unwrap();
        let at = |n: &str| s.f64(n, 0).unwrap();
        let (bh, sh, bf, sf) = (
            at("base_headcount"),
            at("stayers_headcount"),
            at("base_fte"),
            at("stayers_fte"),
        );
        let what = format!("{} {u} {to}", c.name);
        assert!(
            bh > 0.0 && sh <= bh && sf <= bf + 1e-9,
            "{what}: {bh} {sh} {bf} {sf}"
        );
        let (rh, rf) = (at("stability_headcount"), at("stability_fte"));
        assert!(
            (0.0..=100.0).contains(&rh) && (0.0..=100.0).contains(&rf),
            "{what}"
        );
        assert!(
            close(rh, 100.0 * sh / bh) && close(rf, 100.0 * sf / bf),
            "{what}"
        );
        // The base is the headcount in post a year before; tenure bands add up to the stock.
        let st = wf
            .stocks(Some(u), &sc, &[from - Duration::days(1), to], &o)
            .unwrap();
        assert_eq!(bh, st[0].inpost_headcount, "{what}");
        assert!(close(bf, st[0].inpost_fte), "{what}");
        let t = tenure_bands(wf, to, Some(u), &sc, &DEFAULT_TENURE_BANDS, &o).unwrap();
        assert_eq!(sum(&t, "headcount"), st[1].inpost_headcount, "{what}");
        assert!(close(sum(&t, "fte"), st[1].inpost_fte), "{what}");
    }
}

#[test]
fn leavers_by_reason_add_up_to_the_csww_leavers() {
    let o = Options::default();
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let l = leavers_by(
            &c.wf,
            from,
            to,
            Some(u),
            &Scope::Csww,
            &[LeaverBy::Reason],
            &DEFAULT_TENURE_BANDS,
            &o,
        )
        .unwrap();
        let want = csww_value(&c.wf, u, to, "leavers_headcount", &o);
        assert!(want > 0.0 || u != "U0000", "{what}: no leavers");
        assert_eq!(sum(&l, "leavers"), want, "{what}");
        assert!(
            close(sum(&l, "fte"), csww_value(&c.wf, u, to, "leavers_fte", &o)),
            "{what}"
        );
        if want > 0.0 {
            assert!((sum(&l, "percent") - 100.0).abs() < 1e-6, "{what}");
        }
        // By destination too.
        let d = leavers_by(
            &c.wf,
            from,
            to,
            Some(u),
            &Scope::Csww,
            &[LeaverBy::Destination],
            &DEFAULT_TENURE_BANDS,
            &o,
        )
        .unwrap();
        assert_eq!(sum(&d, "leavers"), want, "{what}");
    }
}

#[test]
fn sickness_short_and_long_add_up_to_the_csww_days_lost() {
    let o = Options::default();
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let k = sickness_summary(&c.wf, from, to, Some(u), false, &Scope::Csww, &o).unwrap();
        let at = |n: &str| k.f64(n, 0).unwrap();
        let total = at("days_lost_fte");
        assert!(
            close(at("short_term_days") + at("long_term_days"), total),
            "{what}"
        );
        let want = csww_value(&c.wf, u, to, "working_days_lost_fte", &o);
        assert!(close(total, want), "{what}: {total} against {want}");
        if u == "U0000" {
            assert!(total > 0.0, "{what}");
        }
        // The spells' days add up to the same total, split the same way.
        let spells = sick_spells(&c.wf, from, to, Some(u), &Scope::Csww, &o).unwrap();
        let days = |long: bool| -> f64 {
            spells
                .iter()
                .filter(|s| s.long_term == long)
                .map(|s| s.days_lost_fte)
                .sum()
        };
        assert!(close(days(false), at("short_term_days")), "{what}");
        assert!(close(days(true), at("long_term_days")), "{what}");
        assert_eq!(
            spells.iter().filter(|s| !s.long_term).count() as f64,
            at("short_term_spells"),
            "{what}"
        );
    }
}

#[test]
fn caseload_distribution_counts_the_case_holders() {
    let (o, sc) = (Options::default(), Scope::Csww);
    for (c, u, _, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let st = &c.wf.stocks(Some(u), &sc, &[to], &o).unwrap()[0];
        let t = caseload_distribution(
            &c.wf,
            to,
            Some(u),
            &sc,
            CaseloadGroup::None,
            &CaseloadOptions::default(),
            &o,
        )
        .unwrap();
        let (workers, cases) = if t.num_rows() == 0 {
            (0.0, 0.0)
        } else {
            (t.f64("workers", 0).unwrap(), t.f64("cases", 0).unwrap())
        };
        assert_eq!(workers, st.case_holders_headcount, "{what}");
        assert_eq!(cases, st.cases, "{what}");
        // By team: the groups add up to the whole.
        let by = caseload_distribution(
            &c.wf,
            to,
            Some(u),
            &sc,
            CaseloadGroup::Team,
            &CaseloadOptions::default(),
            &o,
        )
        .unwrap();
        assert_eq!(sum(&by, "workers"), workers, "{what}");
        assert_eq!(sum(&by, "cases"), cases, "{what}");
        // With workers holding no case, the workers are everyone in post.
        let all = CaseloadOptions {
            include_zero: true,
            ..Default::default()
        };
        let z =
            caseload_distribution(&c.wf, to, Some(u), &sc, CaseloadGroup::None, &all, &o).unwrap();
        if z.num_rows() > 0 {
            assert!(z.f64("workers", 0).unwrap() >= workers, "{what}");
            assert_eq!(z.f64("cases", 0).unwrap(), cases, "{what}");
        }
    }
}

#[test]
fn survival_events_are_the_spells_ended() {
    let (o, sc) = (Options::default(), Scope::Csww);
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let fl = &c.wf.flows(Some(u), &sc, &[(from, to)], &o).unwrap()[0];
        let sv = employment_survival(
            &c.wf,
            from,
            to,
            Some(u),
            &sc,
            SpellGroup::None,
            TimeUnit::Days,
            &KmOptions::default(),
            false,
            &o,
        )
        .unwrap();
        assert_eq!(sum(&sv, "n_event"), fl.leavers_headcount, "{what}");
        let ended =
            c.wf.spells(Some(u), &sc, &o)
                .unwrap()
                .iter()
                .filter(|s| s.end.is_some_and(|e| from <= e && e <= to))
                .count();
        assert_eq!(sum(&sv, "n_event"), ended as f64, "{what}");
        let mut prev = 1.0;
        for x in col(&sv, "survival") {
            assert!(
                (0.0..=prev + 1e-12).contains(&x),
                "{what}: {x} after {prev}"
            );
            prev = x;
        }
    }
}

#[test]
fn agency_churn_balances_the_agency_stock() {
    // One engagement per worker at a time (merged assignments), counted by people: what
    // starts less what ends is the change in the agency headcount.
    let o = Options {
        agency_merge_consecutive: true,
        rejoin_grace_days: 0,
        ..Options::default()
    };
    let sc = Scope::Csww;
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let t = agency_churn(&c.wf, from, to, Period::Month, Some(u), &sc, &o).unwrap();
        assert_eq!(t.num_rows(), 12, "{what}");
        let (s, e) = (col(&t, "started"), col(&t, "ended"));
        let (s0, s1) = (col(&t, "in_post_start"), col(&t, "in_post_end"));
        for i in 0..12 {
            assert_eq!(s1[i] - s0[i], s[i] - e[i], "{what} month {i}");
            if i > 0 {
                assert_eq!(s0[i], s1[i - 1], "{what} month {i}");
            }
        }
        let st = c.wf.stocks(Some(u), &sc, &[to], &o).unwrap();
        assert_eq!(s1[11], st[0].agency_headcount, "{what}");
        // The year as one period agrees with its months.
        let y = agency_churn(&c.wf, from, to, Period::Year, Some(u), &sc, &o).unwrap();
        assert_eq!(y.num_rows(), 1, "{what}");
        assert_eq!(
            y.f64("started", 0).unwrap(),
            s.iter().sum::<f64>(),
            "{what}"
        );
        assert_eq!(y.f64("ended", 0).unwrap(), e.iter().sum::<f64>(), "{what}");
    }
}

#[test]
fn costs_are_non_negative_and_add_up() {
    let (o, sc, cost) = (Options::default(), Scope::Csww, CostOptions::default());
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let m = monthly_cost(&c.wf, from, to, Some(u), &sc, &cost, &o).unwrap();
        assert_eq!(m.num_rows(), 12, "{what}");
        let (pay, agency, total) = (
            col(&m, "pay_bill"),
            col(&m, "agency_spend"),
            col(&m, "total"),
        );
        for i in 0..12 {
            assert!(pay[i] >= 0.0 && agency[i] >= 0.0, "{what} month {i}");
            assert!(close(total[i], pay[i] + agency[i]), "{what} month {i}");
        }
        if u == "U0000" {
            assert!(pay.iter().all(|&x| x > 0.0), "{what}: {pay:?}");
        }
        let p = agency_premium(&c.wf, to, Some(u), &sc, &cost, &o).unwrap();
        let st = &c.wf.stocks(Some(u), &sc, &[to], &o).unwrap()[0];
        assert!(p.num_rows() as f64 >= st.agency_headcount, "{what}");
        for i in 0..p.num_rows() {
            assert!(p.f64("fte", i).unwrap() > 0.0, "{what}");
            for n in ["agency_annual", "permanent_annual"] {
                assert!(p.f64(n, i).is_none_or(|x| x >= 0.0), "{what} {n} row {i}");
            }
        }
    }
}

#[test]
fn pay_casework_and_recruitment_are_consistent() {
    let (o, sc) = (Options::default(), Scope::Csww);
    for (c, u, from, to) in cases() {
        let what = format!("{} {u} {to}", c.name);
        let p = pay_by_source(&c.wf, Some(to), Some(u), &sc, &o).unwrap();
        for i in 0..p.num_rows() {
            let v = |n: &str| p.f64(n, i).unwrap();
            assert!(v("contracts") >= 1.0, "{what}");
            assert!(
                v("min_pay") <= v("median_pay") && v("median_pay") <= v("max_pay"),
                "{what} row {i}"
            );
            assert!(
                v("min_pay") - 1e-6 <= v("mean_pay") && v("mean_pay") <= v("max_pay") + 1e-6,
                "{what} row {i}"
            );
            assert!(v("min_pay") > 0.0, "{what} row {i}");
        }
        // ER cases: open at the start, plus opened, less closed, are open at the end.
        let e = er_cases(&c.wf, from, to, Some(u), &sc, &o).unwrap();
        for i in 0..e.num_rows() {
            let v = |n: &str| e.f64(n, i).unwrap();
            assert_eq!(
                v("open_at_start") + v("opened") - v("closed"),
                v("open_at_end"),
                "{what} {:?}",
                e.text("case_type", i)
            );
            assert!(
                v("active") >= v("open_at_start").max(v("open_at_end")),
                "{what}"
            );
        }
        // Recruitment: the change is after less before, and the total adds up the roles.
        let r =
            recruitment_effect(&c.wf, from - Duration::days(1), to, Some(u), false, &o).unwrap();
        let n = r.num_rows();
        assert!(n >= 1, "{what}");
        for i in 0..n {
            let v = |k: &str| r.f64(k, i).unwrap();
            assert_eq!(
                v("change"),
                v("headcount_after") - v("headcount_before"),
                "{what}"
            );
        }
        for k in ["headcount_before", "headcount_after"] {
            let parts: f64 = (0..n - 1).map(|i| r.f64(k, i).unwrap()).sum();
            assert_eq!(parts, r.f64(k, n - 1).unwrap(), "{what} {k}");
        }
    }
}
