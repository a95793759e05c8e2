//! Child social worker stability comparator file `la_cla_swcount.csv` (metrics.md §4.1).

use workforce::options::{round, Rounding};
use workforce::published::{Area, Published, Stability, Symbol};

fn read() -> Stability {
    Stability::read(workforce_tests::shared().join("data/dfe_csc/la_cla_swcount.csv")).unwrap()
}

#[test]
fn published_2024_figures() {
    let s = read();
    assert_eq!(s.rows().len(), 330);
    let t = s.table("839", 2024).unwrap();
    assert_eq!(t.num_rows(), 3, "{}", t.to_csv());
    let row = |i: usize| {
        (
            t.text("area", i).unwrap(),
            t.f64("three_or_more", i).unwrap(),
            t.f64("total_children", i).unwrap(),
            t.f64("percentage", i).unwrap(),
        )
    };
    assert_eq!(
        row(0),
        (
            "Bournemouth, Christchurch and Poole".into(),
            73.0,
            546.0,
            13.0
        )
    );
    assert_eq!(row(1).0, "South West");
    assert_eq!(row(2), ("England".into(), 22140.0, 83300.0, 27.0));
    // Recomputed from the counts, the published whole-number percentage is reproduced.
    for i in 0..3 {
        let re = t.f64("percentage_recomputed", i).unwrap();
        assert_eq!(
            round(re, 0, Rounding::HalfAwayFromZero),
            t.f64("percentage", i).unwrap()
        );
    }
    for (la, n, total, pct) in [
        ("Dorset", 94.0, 446.0, 21.0),
        ("E06000059", 94.0, 446.0, 21.0),
        ("850", 478.0, 1917.0, 25.0),
    ] {
        let t = s.table(la, 2024).unwrap();
        assert_eq!(
            (
                t.f64("three_or_more", 0),
                t.f64("total_children", 0),
                t.f64("percentage", 0)
            ),
            (Some(n), Some(total), Some(pct)),
            "{la}"
        );
    }
}

#[test]
fn suppressed_and_missing() {
    let s = read();
    // Barnet's figures are `x`; Isles of Scilly's numerator `z`.
    let t = s.table("302", 2024).unwrap();
    assert_eq!(t.f64("total_children", 0), None);
    assert_eq!(t.f64("percentage_recomputed", 0), None);
    let scilly = s
        .find(
            2024,
            &Area::La("420".into()),
            "CLA on 31 March",
            "3 or more social workers during the year",
        )
        .unwrap();
    assert_eq!(scilly.number, Published::Suppressed(Symbol::NotApplicable));
    assert!(s.table("839", 2023).unwrap_err().is_missing_data());
    assert!(s.table("999", 2024).unwrap_err().is_missing_data());
}

#[test]
fn bad_stability_files() {
    assert!(Stability::read("/nonexistent/la_cla_swcount.csv")
        .unwrap_err()
        .is_io());
    let good = "time_period,geographic_level,old_la_code,la_name,cla_group,sw_stability,number,percentage\n2024,Local authority,839,BCP,CLA on 31 March,Total children,546,100\n";
    assert_eq!(
        Stability::from_reader(good.as_bytes(), "s.csv")
            .unwrap()
            .rows()
            .len(),
        1
    );
    let e =
        Stability::from_reader(good.replace(",546,", ",5 46,").as_bytes(), "s.csv").unwrap_err();
    assert_eq!(
        (e.file(), e.row(), e.column()),
        (Some("s.csv"), Some(2), Some("number"))
    );
    let e =
        Stability::from_reader(good.replace("percentage", "pct").as_bytes(), "s.csv").unwrap_err();
    assert_eq!((e.row(), e.column()), (Some(1), Some("percentage")));
}
