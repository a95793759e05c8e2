//! Kaplan–Meier against independently published figures, and on employment spells.

use workforce::hr::survival::{
    employment_survival, kaplan_meier, ConfType, KmOptions, Observation, SpellGroup, TimeUnit,
};
use workforce::{Options, Scope};
use workforce_tests::{d, shared, Builder};

fn close(got: f64, printed: &str) -> bool {
    // Equal to the printed precision: |got − printed| ≤ half a unit of the last printed digit.
    let dp = printed.split('.').nth(1).map_or(0, str::len) as i32;
    (got - printed.parse::<f64>().unwrap()).abs() <= 0.5 * 10f64.powi(-dp) + 1e-12
}

#[test]
fn job_retention_matches_the_48_published_rows() {
    let mut rdr = csv::Reader::from_path(shared().join("data/km_reference/job_retention.csv"))
        .expect("job_retention.csv");
    let (mut by_gender, mut by_sentiment) = (Vec::new(), Vec::new());
    for r in rdr.records() {
        let r = r.unwrap();
        let exit: f64 = r[6].parse().unwrap();
        let event = &r[5] == "1";
        let sentiment: f64 = r[3].parse().unwrap();
        by_gender.push(Observation {
            entry: 0.0,
            exit,
            event,
            group: r[0].to_string(),
        });
        let g = if sentiment >= 7.0 { "High" } else { "Not High" };
        by_sentiment.push(Observation {
            entry: 0.0,
            exit,
            event,
            group: g.into(),
        });
    }
    assert_eq!(by_gender.len(), 3770);
    let km = KmOptions::default();
    let gender = kaplan_meier(&by_gender, &km).unwrap();
    let sentiment = kaplan_meier(&by_sentiment, &km).unwrap();
    let mut pub_rdr =
        csv::Reader::from_path(shared().join("data/km_reference/job_retention_km_published.csv"))
            .unwrap();
    let mut checked = 0;
    for r in pub_rdr.records() {
        let r = r.unwrap();
        let curves = if &r[0] == "gender" {
            &gender
        } else {
            &sentiment
        };
        let c = curves.iter().find(|c| c.group == r[1]).expect("group");
        let t: f64 = r[2].parse().unwrap();
        let row = c.rows.iter().find(|x| x.time == t).expect("time");
        let what = format!("{} {} month {}", &r[0], &r[1], t);
        assert_eq!(row.n_risk, r[3].parse::<u64>().unwrap(), "{what} n_risk");
        assert_eq!(row.n_event, r[4].parse::<u64>().unwrap(), "{what} n_event");
        assert!(
            close(row.survival, &r[5]),
            "{what} survival {}",
            row.survival
        );
        assert!(
            close(row.std_err.unwrap(), &r[6]),
            "{what} std_err {:?}",
            row.std_err
        );
        assert!(
            close(row.lower.unwrap(), &r[7]),
            "{what} lower {:?}",
            row.lower
        );
        assert!(
            close(row.upper.unwrap(), &r[8]),
            "{what} upper {:?}",
            row.upper
        );
        checked += 1;
    }
    assert_eq!(checked, 48);
}

#[test]
fn babushkin_median_survival_with_loglog_ci() {
    let mut rdr =
        csv::Reader::from_path(shared().join("data/babushkin_turnover/turnover.csv")).unwrap();
    let obs: Vec<Observation> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            Observation {
                entry: 0.0,
                exit: r[0].parse().unwrap(),
                event: &r[1] == "1",
                group: "all".into(),
            }
        })
        .collect();
    assert_eq!(obs.len(), 1129);
    assert_eq!(obs.iter().filter(|o| !o.event).count(), 558);
    let km = KmOptions {
        conf_type: ConfType::LogLog,
        ..KmOptions::default()
    };
    let c = &kaplan_meier(&obs, &km).unwrap()[0];
    assert!(
        (c.median.unwrap() - 50.72689938).abs() < 1e-6,
        "{:?}",
        c.median
    );
    assert!(
        (c.median_lower.unwrap() - 45.535934).abs() < 1e-5,
        "{:?}",
        c.median_lower
    );
    assert!(
        (c.median_upper.unwrap() - 54.01232).abs() < 1e-5,
        "{:?}",
        c.median_upper
    );
}

#[test]
fn employment_spells_with_delayed_entry_and_censoring() {
    // Window 2021-01-01..2021-12-31, time in days.
    // p1: 2021-01-01..2021-01-10 → event at 10 days.
    // p2: 2020-12-22..2021-01-20 → started before the window: entry 10, event at 30.
    // p3: 2021-01-01.. open → censored at 365.
    // p4: 2019-01-01..2020-06-30 → ended before the window: left out.
    let mut b = Builder::council();
    b.contract("c1", "p1", "A", 1.0, "2021-01-01", "2021-01-10")
        .contract("c2", "p2", "A", 1.0, "2020-12-22", "2021-01-20")
        .contract("c3", "p3", "B", 1.0, "2021-01-01", "")
        .contract("c4", "p4", "B", 1.0, "2019-01-01", "2020-06-30");
    let wf = b.build();
    let o = Options::default();
    let t = employment_survival(
        &wf,
        d("2021-01-01"),
        d("2021-12-31"),
        None,
        &Scope::Csww,
        SpellGroup::None,
        TimeUnit::Days,
        &KmOptions::default(),
        false,
        &o,
    )
    .unwrap();
    // At 10 days: p1, p3 at risk (p2 entered at 10, so is not at risk at 10): S = 1/2.
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.f64("time", 0), Some(10.0));
    assert_eq!(t.f64("n_risk", 0), Some(2.0));
    assert_eq!(t.f64("survival", 0), Some(0.5));
    // At 30 days: p2 and p3 at risk, one event: S = 1/2 × 1/2.
    assert_eq!(t.f64("n_risk", 1), Some(2.0));
    assert_eq!(t.f64("survival", 1), Some(0.25));
    assert!(t.options_json.contains("\"measure\":\"survival\""));
    // By team: A has both events, B only the censored p3.
    let m = employment_survival(
        &wf,
        d("2021-01-01"),
        d("2021-12-31"),
        None,
        &Scope::Csww,
        SpellGroup::Team,
        TimeUnit::Days,
        &KmOptions::default(),
        true,
        &o,
    )
    .unwrap();
    assert_eq!(m.text("group", 0).unwrap(), "A");
    assert_eq!(m.f64("median", 0), Some(10.0));
    assert_eq!(m.f64("median", 1), None);
}
