//! Sickness in depth: hand-worked examples (March 2021 has 23 working days, February 20).

use workforce::hr::sickness::*;
use workforce::options::DayUnit;
use workforce::{Options, Scope};
use workforce_tests::{d, Builder};

fn data() -> workforce::Workforce {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2020-01-01", "")
        .contract("c2", "p2", "B", 0.5, "2020-01-01", "")
        .sick("s1", "p1", "2021-03-01", "2021-03-05", None) // 5 days, short
        .sick("s2", "p1", "2021-03-15", "2021-03-15", None) // 1 day, short
        .sick("s3", "p2", "2021-02-15", "2021-03-31", None); // 45 days, long
    b.ds.absences[0].reason = Some("flu".into());
    b.ds.absences[1].reason = Some("flu".into());
    b.ds.absences[2].reason = Some("stress".into());
    b.build()
}

fn close(a: Option<f64>, b: f64) {
    assert!((a.unwrap() - b).abs() < 1e-9, "{a:?} != {b}");
}

#[test]
fn summary_short_long_days_per_fte() {
    let wf = data();
    let o = Options::default();
    let t = sickness_summary(
        &wf,
        d("2021-03-01"),
        d("2021-03-31"),
        None,
        true,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    // LA: 5 + 1 + 23 × 0.5 = 17.5 FTE days; FTE 1.5 on both days; 34.5 FTE days available.
    assert_eq!(t.f64("short_term_spells", 0), Some(2.0));
    assert_eq!(t.f64("long_term_spells", 0), Some(1.0));
    assert_eq!(t.f64("people", 0), Some(2.0));
    close(t.f64("days_lost_fte", 0), 17.5);
    close(t.f64("short_term_days", 0), 6.0);
    close(t.f64("long_term_days", 0), 11.5);
    close(t.f64("days_lost_per_fte", 0), 17.5 / 1.5);
    close(t.f64("percent_working_days_lost", 0), 100.0 * 17.5 / 34.5);
    // Team A: 6 of 23; team B: 11.5 of 11.5.
    assert_eq!(t.text("org_unit_id", 1).unwrap(), "A");
    close(t.f64("percent_working_days_lost", 1), 600.0 / 23.0);
    close(t.f64("percent_working_days_lost", 2), 100.0);
    // A threshold of 50 calendar days makes every spell short.
    let o50 = Options {
        long_term_threshold: 50,
        ..o.clone()
    };
    let t = sickness_summary(
        &wf,
        d("2021-03-01"),
        d("2021-03-31"),
        None,
        false,
        &Scope::Csww,
        &o50,
    )
    .unwrap();
    assert_eq!(t.f64("long_term_spells", 0), Some(0.0));
    // 45 calendar days are 33 working days: long with a threshold of 20 working days.
    let ow = Options {
        long_term_threshold: 20,
        long_term_unit: DayUnit::Working,
        ..o
    };
    let t = sickness_summary(
        &wf,
        d("2021-03-01"),
        d("2021-03-31"),
        None,
        false,
        &Scope::Csww,
        &ow,
    )
    .unwrap();
    assert_eq!(t.f64("long_term_spells", 0), Some(1.0));
}

#[test]
fn by_month_and_long_term_at_month_end() {
    let wf = data();
    let o = Options::default();
    let t = sickness_by_month(
        &wf,
        d("2021-02-01"),
        d("2021-03-31"),
        None,
        false,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 2);
    // February: p2 15–26 Feb, 10 working days × 0.5; 1.5 FTE × 20 working days.
    close(t.f64("long_term_days", 0), 5.0);
    close(t.f64("denominator", 0), 30.0);
    close(t.f64("percent_working_days_lost", 0), 100.0 * 5.0 / 30.0);
    close(t.f64("days_lost_fte", 1), 17.5);
    let l = long_term_at(&wf, d("2021-03-10"), None, true, &Scope::Csww, &o).unwrap();
    assert_eq!(l.text("month_end", 0).unwrap(), "2021-03-31");
    assert_eq!(l.f64("people_long_term_sick", 0), Some(1.0));
    close(l.f64("long_term_days_in_month", 0), 11.5);
    close(l.f64("long_term_days_to_date", 0), 16.5); // 33 working days × 0.5
    assert_eq!(l.f64("people_long_term_sick", 1), Some(0.0)); // team A
}

#[test]
fn bradford_and_reasons() {
    let wf = data();
    let o = Options::default();
    let t = bradford(
        &wf,
        d("2021-03-31"),
        DEFAULT_BRADFORD_WINDOW_DAYS,
        DayUnit::Calendar,
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    // p2: 1² × 45 = 45; p1: 2² × 6 = 24.
    assert_eq!(t.text("person_id", 0).unwrap(), "p2");
    assert_eq!(t.f64("bradford", 0), Some(45.0));
    assert_eq!(t.f64("bradford", 1), Some(24.0));
    // A 30-day window (2 Mar–31 Mar): p1's first spell counts 4 days; p2 30 days.
    let t = bradford(
        &wf,
        d("2021-03-31"),
        30,
        DayUnit::Calendar,
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert_eq!(t.f64("bradford", 0), Some(30.0));
    assert_eq!(t.f64("bradford", 1), Some(20.0));
    let r = sickness_by_reason(
        &wf,
        d("2021-03-01"),
        d("2021-03-31"),
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert_eq!(r.text("reason", 0).unwrap(), "flu");
    assert_eq!(r.f64("spells", 0), Some(2.0));
    assert_eq!(r.f64("people", 0), Some(1.0));
    close(r.f64("days_lost_fte", 1), 11.5);
    assert_eq!(r.f64("long_term_spells", 1), Some(1.0));
}

#[test]
fn bradford_worked_examples_and_the_28_day_threshold() {
    // metrics.md §6.7: 1 spell of 10 days → 10; 5 spells of 2 days → 250; 10 spells of 1
    // day → 1000 (calendar days, a 52-week window ending 31 Dec 2021).
    let mut b = Builder::council();
    for p in ["a", "b", "c", "d", "e"] {
        b.contract(&format!("c{p}"), p, "A", 1.0, "2020-01-01", "");
    }
    b.sick("a1", "a", "2021-03-01", "2021-03-10", None);
    for i in 0..5 {
        let day = 1 + 7 * i;
        b.sick(
            &format!("b{i}"),
            "b",
            &format!("2021-05-{day:02}"),
            &format!("2021-05-{:02}", day + 1),
            None,
        );
    }
    for i in 0..10 {
        let day = format!("2021-06-{:02}", 1 + 2 * i);
        b.sick(&format!("c{i}"), "c", &day, &day, None);
    }
    // Default long-term threshold: a spell of 28 calendar days or more.
    b.sick("d1", "d", "2021-09-01", "2021-09-28", None); // 28 days: long-term
    b.sick("e1", "e", "2021-09-01", "2021-09-27", None); // 27 days: short-term
    let wf = b.build();
    let o = Options::default();
    let t = bradford(
        &wf,
        d("2021-12-31"),
        DEFAULT_BRADFORD_WINDOW_DAYS,
        DayUnit::Calendar,
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    let score = |p: &str| {
        let r = (0..t.num_rows())
            .find(|&r| t.text("person_id", r).as_deref() == Some(p))
            .unwrap();
        t.f64("bradford", r).unwrap()
    };
    assert_eq!((score("a"), score("b"), score("c")), (10.0, 250.0, 1000.0));
    let long_term = |p: &str| {
        let s = sick_spells(
            &wf,
            d("2021-09-01"),
            d("2021-09-30"),
            None,
            &Scope::Csww,
            &o,
        )
        .unwrap();
        let s = s.iter().find(|s| s.person_id == p).unwrap();
        s.long_term
    };
    assert!(long_term("d"));
    assert!(!long_term("e"));
}

/// §9 item 6: absence reasons that do not count as sickness.
#[test]
fn excluded_reasons_leave_sickness_measures() {
    let wf = data();
    let march = (d("2021-03-01"), d("2021-03-31"));
    let summary = |o: &Options| {
        sickness_summary(&wf, march.0, march.1, None, false, &Scope::Csww, o).unwrap()
    };
    // Trimmed and ignoring case, "Stress " matches p2's 45-day spell s3.
    let o = Options {
        sickness_excluded_reasons: vec!["Stress ".into()],
        ..Options::default()
    };
    let t = summary(&o);
    // Only p1's flu: 5 + 1 = 6 FTE days, both spells short; 34.5 FTE days available.
    assert_eq!(t.f64("short_term_spells", 0), Some(2.0));
    assert_eq!(t.f64("long_term_spells", 0), Some(0.0));
    assert_eq!(t.f64("people", 0), Some(1.0));
    close(t.f64("days_lost_fte", 0), 6.0);
    close(t.f64("percent_working_days_lost", 0), 600.0 / 34.5);
    let t = sickness_by_reason(&wf, march.0, march.1, None, &Scope::Csww, &o).unwrap();
    assert_eq!(t.num_rows(), 1);
    assert_eq!(t.text("reason", 0).unwrap(), "flu");
    // CSWW, year to 30 September 2021: by default 5 + 1 + (10 February + 23 March working
    // days) × 0.5 = 22.5 FTE days over 1.5 FTE × 253; without stress, 6.
    let ye = d("2021-09-30");
    let csww = |o: &Options| wf.csww(&[ye], None, false, o).unwrap();
    let t = csww(&Options::default());
    close(t.f64("working_days_lost_fte", 0), 22.5);
    let t = csww(&o);
    close(t.f64("working_days_lost_fte", 0), 6.0);
    close(t.f64("absence_rate_fte", 0), 600.0 / (1.5 * 253.0));
}

/// §9 item 6 and §6.6: linking sickness absences into one spell for the long-term test.
#[test]
fn linked_absences_are_classified_as_one_spell() {
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2020-01-01", "")
        .contract("c2", "p2", "B", 0.5, "2020-01-01", "")
        // p1: 14 + 14 calendar days with 3 days (15–17 March) between; 10 + 10 working days.
        .sick("s1", "p1", "2021-03-01", "2021-03-14", None)
        .sick("s2", "p1", "2021-03-18", "2021-03-31", None)
        // p2: 14 + 14 calendar days back to back; (10 + 10) × 0.5 FTE days.
        .sick("s3", "p2", "2021-03-01", "2021-03-14", None)
        .sick("s4", "p2", "2021-03-15", "2021-03-28", None);
    let wf = b.build();
    let run = |link: u32| {
        let o = Options {
            sickness_link_days: link,
            ..Options::default()
        };
        let t = sickness_summary(
            &wf,
            d("2021-03-01"),
            d("2021-03-31"),
            None,
            false,
            &Scope::Csww,
            &o,
        )
        .unwrap();
        let f = |c: &str| t.f64(c, 0).unwrap();
        let csww = wf.csww(&[d("2021-09-30")], None, false, &o).unwrap();
        (
            [
                f("short_term_spells"),
                f("long_term_spells"),
                f("short_term_days"),
                f("long_term_days"),
                f("days_lost_fte"),
            ],
            csww.f64("working_days_lost_fte", 0).unwrap(),
        )
    };
    // Default 0: no linking, every 14-day absence is short (under 28 calendar days), even
    // p2's back-to-back pair.
    assert_eq!(run(0), ([4.0, 0.0, 30.0, 0.0, 30.0], 30.0));
    // 1 day: p2's pair (0 days apart) is one spell of 28 days, long; p1's (3 apart) is not.
    assert_eq!(run(1), ([2.0, 2.0, 20.0, 10.0, 30.0], 30.0));
    // 3 days: p1's pair links too, 14 + 14 = 28 days (the 3 days between do not count).
    assert_eq!(run(3), ([0.0, 4.0, 0.0, 30.0, 30.0], 30.0));
    // The Bradford factor still counts each absence: p1 S = 2, D = 28 calendar days, 112.
    let o = Options {
        sickness_link_days: 3,
        ..Options::default()
    };
    let t = bradford(
        &wf,
        d("2021-03-31"),
        DEFAULT_BRADFORD_WINDOW_DAYS,
        DayUnit::Calendar,
        None,
        &Scope::Csww,
        &o,
    )
    .unwrap();
    assert_eq!(t.text("person_id", 0).unwrap(), "p1");
    assert_eq!(t.f64("bradford", 0), Some(112.0));
}
