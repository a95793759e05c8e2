//! The CSWW indicator files: every published rate recomputed from its published parts
//! (metrics.md §1; data README §1), symbols, the older headline layout, bad input.

use workforce::published::{
    aggregate, dfe_working_days, Area, ComparatorAggregate, IndicatorRow, Indicators, Level,
    Measure, Published, Symbol,
};

fn dfe(name: &str) -> std::path::PathBuf {
    workforce_tests::shared().join("data/dfe_csww").join(name)
}

/// Half the last published digit of a column: headcounts and cases are whole numbers, FTEs,
/// days and rates have one decimal place (§2.12).
fn half_width(column: &str) -> f64 {
    if column.ends_with("headcount") || column == "cases" {
        0.5
    } else {
        0.05
    }
}

/// The range of a rate over every value its rounded parts could have had, given the parts
/// and their half-widths: the formulas are monotone in each part, so the extremes are at the
/// corners of the box.
fn range(m: Measure, a: f64, ha: f64, b: f64, hb: f64, days: f64) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for x in [(a - ha).max(0.0), a + ha] {
        for y in [(b - hb).max(0.0), b + hb] {
            match m.from_parts(Some(x), Some(y), days) {
                Some(v) => {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                // A denominator that may have been 0: the rate is unbounded.
                None => return (f64::NEG_INFINITY, f64::INFINITY),
            }
        }
    }
    (lo, hi)
}

/// Does the published (1 dp) rate lie within rounding of the range?
fn within(published: f64, (lo, hi): (f64, f64)) -> bool {
    published >= lo - 0.05 - 1e-9 && published <= hi + 0.05 + 1e-9
}

fn range_from_row(row: &IndicatorRow, m: Measure) -> Option<(f64, f64)> {
    let p = m.parts();
    let (a, b) = (row.value(p[0])?, row.value(p[1])?);
    let days = dfe_working_days(row.time_period);
    Some(range(m, a, half_width(p[0]), b, half_width(p[1]), days))
}

/// The LA rows a regional or national row aggregates (London is Inner + Outer London).
fn members<'a>(data: &'a Indicators, agg: &IndicatorRow) -> Vec<&'a IndicatorRow> {
    let las = data.las(agg.time_period);
    match agg.level {
        Level::National => las,
        _ => {
            let code = agg.code();
            las.into_iter()
                .filter(|r| {
                    let rc = r.region_code.as_deref().unwrap_or("");
                    rc == code || (code == "E12000007" && rc.starts_with("E13"))
                })
                .collect()
        }
    }
}

/// DfE's aggregation rule (data README §1): Σ numerator ÷ Σ denominator over the member LAs
/// with both parts published; the range allows for the rounding of every part summed.
fn pooled_range(data: &Indicators, agg: &IndicatorRow, m: Measure) -> ((f64, f64), usize, usize) {
    let rows = members(data, agg);
    let p = m.parts();
    let used: Vec<(f64, f64)> = rows
        .iter()
        .filter_map(|r| Some((r.value(p[0])?, r.value(p[1])?)))
        .collect();
    let k = used.len() as f64;
    let (a, b) = used.iter().fold((0.0, 0.0), |s, x| (s.0 + x.0, s.1 + x.1));
    let days = dfe_working_days(agg.time_period);
    let r = range(m, a, k * half_width(p[0]), b, k * half_width(p[1]), days);
    // Cross-check the library's pooled aggregate against the same sums.
    let lib = aggregate(&rows, m, ComparatorAggregate::Pooled, days);
    let positive = used
        .iter()
        .filter(|(a, b)| m.fraction(*a, *b, days).1 > 0.0)
        .count();
    assert_eq!(lib.n, positive);
    assert!(within(lib.value.unwrap(), (r.0 - 0.05, r.1 + 0.05)));
    (r, used.len(), rows.len())
}

#[derive(Default, Debug)]
struct Tally {
    checked: usize,
    matched: usize,
    misses: Vec<String>,
}

impl Tally {
    fn share(&self) -> f64 {
        self.matched as f64 / self.checked as f64
    }
}

#[test]
fn every_published_rate_matches_its_parts() {
    let data = Indicators::read(dfe("csww_indicators_2017_to_2025.csv")).unwrap();
    assert_eq!(data.rows().len(), 1463);
    // Share of rows within 0.1 pp that the data README reports, per rate (all levels).
    let readme = [
        (Measure::TurnoverRateFte, 0.997),
        (Measure::TurnoverRateHeadcount, 0.997),
        (Measure::AgencyRateFte, 0.997),
        (Measure::AgencyRateHeadcount, 0.997),
        (Measure::VacancyRateFte, 1.0),
        (Measure::AgencyCoverRateFte, 0.959),
        (Measure::VacancyAgencyCoverRateFte, 0.965),
        (Measure::CaseloadFte, 0.999),
        (Measure::AbsenceRateFte, 0.997),
    ];
    let mut report = String::new();
    let mut total_aggregate_misses = 0;
    let mut unexplained = Vec::new();
    for (m, readme_share) in readme {
        let mut la = Tally::default();
        let mut agg = Tally::default();
        let mut explained = 0;
        for row in data.rows() {
            let (Some(published), Some(r)) = (row.rate(m), range_from_row(row, m)) else {
                continue;
            };
            let t = if row.level == Level::LocalAuthority {
                &mut la
            } else {
                &mut agg
            };
            t.checked += 1;
            if within(published, r) {
                t.matched += 1;
                continue;
            }
            let days = dfe_working_days(row.time_period);
            let mut note = format!(
                "{} {} {}: published {published}, parts give {:.3}",
                row.time_period,
                row.code(),
                row.name(),
                row.recompute(m, days).unwrap()
            );
            if row.level != Level::LocalAuthority {
                // Documented reason: DfE leaves LAs with a missing or unreliable part out of
                // both sums. Recompute that way; it must then match.
                let (pr, used, of) = pooled_range(&data, row, m);
                if within(published, pr) {
                    explained += 1;
                    note.push_str(&format!(
                        "; pooled over the {used} of {of} LAs with both parts: matches"
                    ));
                } else {
                    note.push_str(&format!(
                        "; pooled over the {used} of {of} LAs with both parts: {:.3}..{:.3}, UNEXPLAINED",
                        pr.0, pr.1
                    ));
                }
            }
            t.misses.push(note);
        }
        let all = (la.matched + agg.matched) as f64 / (la.checked + agg.checked) as f64;
        report.push_str(&format!(
            "{m}: LA {}/{}, regional+national {}/{} ({} more explained by DfE's aggregation rule), \
             all {:.4} (README {readme_share})\n  LA misses: {:?}\n  aggregate misses: {:?}\n",
            la.matched, la.checked, agg.matched, agg.checked, explained, all, la.misses, agg.misses
        ));
        total_aggregate_misses += agg.misses.len();
        assert!(
            la.checked > 1200,
            "{m}: only {} LA rows checked",
            la.checked
        );
        // Every LA row matches within the rounding of its parts.
        assert_eq!(la.matched, la.checked, "{m}\n{report}");
        assert!(la.share() >= readme_share);
        // With DfE's aggregation rule the share of all rows is at least the README's.
        unexplained.extend(
            agg.misses
                .iter()
                .filter(|n| n.ends_with("UNEXPLAINED"))
                .map(|n| format!("{m} {n}")),
        );
        let with_rule =
            (la.matched + agg.matched + explained) as f64 / (la.checked + agg.checked) as f64;
        assert!(
            with_rule >= readme_share,
            "{m}: {with_rule} {all}\n{report}"
        );
    }
    println!("{report}");
    // The regional and national rows that need the aggregation rule (counted in the report).
    assert!(
        total_aggregate_misses > 0 && total_aggregate_misses < 60,
        "{total_aggregate_misses}"
    );
    // Three agency-rate aggregates fit neither the published parts nor pooling over LAs with
    // both parts (metrics.md §1 notes the 2024 one): the national agency FTE includes LAs
    // whose own figure is `u`, but the rate's denominator is not the matching in-post sum.
    let known = [
        "agency_rate_fte 2024 E92000001 England: published 16.2,",
        "agency_rate_fte 2023 E92000001 England: published 17.9,",
        "agency_rate_fte 2023 E12000007 London: published 23.2,",
    ];
    assert_eq!(unexplained.len(), known.len(), "{unexplained:#?}");
    for u in &unexplained {
        assert!(known.iter().any(|k| u.starts_with(k)), "{u}");
    }
}

#[test]
fn symbols_are_missing_not_zero() {
    let data = Indicators::read(dfe("csww_indicators_2017_to_2025.csv")).unwrap();
    // Kensington and Chelsea could not submit in 2025 (cyberattack): every cell is `x`.
    let kc = data.la(2025, "207").unwrap();
    assert_eq!(kc.la_name.as_deref(), Some("Kensington and Chelsea"));
    assert_eq!(
        kc.get("inpost_fte"),
        Some(Published::Suppressed(Symbol::NotAvailable))
    );
    assert_eq!(kc.value("inpost_fte"), None);
    assert_eq!(kc.rate(Measure::TurnoverRateFte), None);
    assert_eq!(kc.recompute(Measure::TurnoverRateFte, 253.0), None);
    // Sunderland 2024: agency FTE `low` (rounds to 0, is not 0), leavers `u`.
    let su = data.la(2024, "394").unwrap();
    assert_eq!(
        su.get("agency_fte"),
        Some(Published::Suppressed(Symbol::Low))
    );
    assert_eq!(
        su.get("leavers_fte"),
        Some(Published::Suppressed(Symbol::Unreliable))
    );
    // A published 0 is a value.
    let scilly = data.la(2024, "420").unwrap();
    assert_eq!(scilly.value("inpost_fte"), Some(0.0));
    assert_eq!(scilly.rate(Measure::TurnoverRateFte), None);
    // Symbol counts match the data README.
    let mut counts = std::collections::BTreeMap::new();
    for r in data.rows() {
        for v in r.values.values() {
            if let Some(s) = v.symbol() {
                *counts.entry(s.as_str()).or_insert(0) += 1;
            }
        }
    }
    let expected: std::collections::BTreeMap<&str, i32> =
        [("x", 98), ("z", 81), ("u", 51), ("low", 12), ("c", 8)]
            .into_iter()
            .collect();
    assert_eq!(counts, expected);
}

#[test]
fn test_vectors_and_lookups() {
    let data = Indicators::read(dfe("csww_indicators_2017_to_2025.csv")).unwrap();
    assert_eq!(data.years(), (2017..=2025).collect::<Vec<_>>());
    let e = data.national(2021).unwrap();
    assert_eq!(e.value("inpost_fte"), Some(32502.0));
    assert_eq!(e.value("leavers_headcount"), Some(5388.0));
    assert_eq!(e.rate(Measure::TurnoverRateFte), Some(15.4));
    let bcp = data.la(2021, "839").unwrap();
    assert_eq!(bcp.new_la_code.as_deref(), Some("E06000058"));
    assert_eq!(bcp.region_code.as_deref(), Some("E12000009"));
    assert_eq!(bcp.rate(Measure::TurnoverRateFte), Some(36.0));
    assert_eq!(bcp.rate(Measure::AbsenceRateFte), Some(5.7));
    assert_eq!(data.la(2021, "E06000058").unwrap().line, bcp.line);
    let sw = data.find(2021, &Area::Region("E12000009".into())).unwrap();
    assert_eq!(sw.name(), "South West");
    assert_eq!(
        data.find(2021, &Area::Region("south west".into()))
            .unwrap()
            .line,
        sw.line
    );
    // A joint return is found by either code and by its compound code.
    let k = data.la(2021, "314").unwrap();
    assert_eq!(k.old_la_code.as_deref(), Some("314 / 318"));
    for code in ["318", "314 / 318", "E09000027", "e09000021"] {
        assert_eq!(data.la(2021, code).unwrap().line, k.line, "{code}");
    }
    assert_eq!(
        data.resolve_la("Richmond upon Thames").as_deref(),
        Some("318")
    );
    assert_eq!(data.resolve_la("E09000027").as_deref(), Some("318"));
    assert_eq!(
        data.resolve_la("Bournemouth, Christchurch & Poole")
            .as_deref(),
        Some("839")
    );
    assert_eq!(
        data.resolve_la_in("Dorset", Some(2017)).as_deref(),
        Some("835")
    );
    assert_eq!(
        data.resolve_la_in("Dorset", Some(2021)).as_deref(),
        Some("838")
    );
    assert_eq!(data.la(2021, "928"), None); // Northamptonshire ended in 2020
    assert!(data.la(2020, "928").is_some());
}

#[test]
fn headline_file_columns_are_renamed() {
    let headline = Indicators::read(dfe("csww_headline_measures_2017_to_2022.csv")).unwrap();
    let current = Indicators::read(dfe("csww_indicators_2017_to_2025.csv")).unwrap();
    assert_eq!(headline.rows().len(), 978);
    let (h, c) = (
        headline.national(2021).unwrap(),
        current.national(2021).unwrap(),
    );
    for col in [
        "inpost_fte",
        "leavers_fte",
        "turnover_rate_fte",
        "agency_rate_fte",
        "vacancy_fte",
        "vacancy_rate_fte",
        "caseload_fte",
        "absence_rate_fte",
    ] {
        assert!(h.get(col).is_some(), "headline file lacks {col}");
        assert_eq!(h.get(col), c.get(col), "{col}");
    }
    assert_eq!(h.rate(Measure::TurnoverRateFte), Some(15.4));
    // 2021 was revised in the later release for headcounts (leavers 5729 → 5388, turnover by
    // headcount 16.5 → 15.6), agency FTE, cases and days lost.
    for (col, old, new) in [
        ("inpost_headcount", 34679.0, 34620.0),
        ("leavers_headcount", 5729.0, 5388.0),
        ("turnover_rate_headcount", 16.5, 15.6),
        ("agency_fte", 5976.5, 5969.5),
        ("cases", 335510.0, 335201.0),
        ("working_days_lost_fte", 258371.2, 257240.9),
    ] {
        assert_eq!(
            (h.value(col), c.value(col)),
            (Some(old), Some(new)),
            "{col}"
        );
    }
    assert!(h.get("starters_fte").is_none()); // no starters in that release
                                              // Revisions: 2017 England in post differs, 2022 turnover 17.1 then 17.2.
    assert_eq!(
        headline.national(2017).unwrap().value("inpost_fte"),
        Some(28495.7)
    );
    assert_eq!(
        current.national(2017).unwrap().value("inpost_fte"),
        Some(28482.6)
    );
    // Merged, the release loaded last wins; each stays reachable by its label.
    let mut both = headline.clone();
    both.merge(current.clone());
    assert_eq!(
        both.national(2022).unwrap().rate(Measure::TurnoverRateFte),
        Some(17.2)
    );
    let old = both.find_in("csww_headline_measures_2017_to_2022", 2022, &Area::National);
    assert_eq!(old.unwrap().rate(Measure::TurnoverRateFte), Some(17.1));
    assert_eq!(
        both.national(2025).unwrap().release,
        "csww_indicators_2017_to_2025"
    );
    // The older release reports joint returns against the first authority, `z` for the other.
    assert_eq!(
        headline.la(2021, "318").unwrap().get("inpost_fte"),
        Some(Published::Suppressed(Symbol::NotApplicable))
    );
    assert_eq!(
        headline.la(2021, "314").unwrap().value("inpost_fte"),
        Some(138.5)
    );
    // Every measure column of the headline file maps to a current name.
    let names: std::collections::BTreeSet<&String> = h.values.keys().collect();
    let cur: std::collections::BTreeSet<&String> = c.values.keys().collect();
    assert!(names.is_subset(&cur), "{:?}", names.difference(&cur));
}

const GOOD: &str = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,inpost_fte,leavers_fte,turnover_rate_fte
2021,Reporting year,National,E92000001,England,,,,,,100,10,10
2021,Reporting year,Local authority,E92000001,England,E12000009,South West,839,E06000058,BCP,50,5,10
";

#[test]
fn bad_input_is_named_by_file_row_and_column() {
    // Unreadable file.
    let e = Indicators::read("/nonexistent/indicators.csv").unwrap_err();
    assert!(e.is_io(), "{e}");
    assert_eq!(e.file(), Some("/nonexistent/indicators.csv"));
    let dir = tempfile::tempdir().unwrap();
    let e = Indicators::read(dir.path()).unwrap_err();
    assert!(e.is_io(), "{e}");
    // Good input reads.
    let ok = Indicators::from_reader(GOOD.as_bytes(), "good.csv", "r").unwrap();
    assert_eq!(ok.la(2021, "839").unwrap().line, 3);
    // Missing column.
    let text = GOOD.replace("geographic_level", "level");
    let e = Indicators::from_reader(text.as_bytes(), "f.csv", "r").unwrap_err();
    assert!(e.is_invalid_data());
    assert_eq!(
        (e.file(), e.row(), e.column()),
        (Some("f.csv"), Some(1), Some("geographic_level"))
    );
    // Malformed number: row 3, column leavers_fte.
    let text = GOOD.replace("50,5,10", "50,5x,10");
    let e = Indicators::from_reader(text.as_bytes(), "f.csv", "r").unwrap_err();
    assert!(e.is_invalid_data());
    assert_eq!((e.row(), e.column()), (Some(3), Some("leavers_fte")));
    assert_eq!(e.location().value.as_deref(), Some("5x"));
    assert!(
        e.to_string()
            .starts_with("f.csv, row 3, column leavers_fte"),
        "{e}"
    );
    // Renamed headline columns are named by their current name.
    let text = GOOD
        .replace("leavers_fte", "leaver_fte")
        .replace("50,5,10", "50,?,10");
    let e = Indicators::from_reader(text.as_bytes(), "f.csv", "r").unwrap_err();
    assert_eq!(e.column(), Some("leavers_fte"));
    // Bad year, unknown level, ragged row, duplicate row, LA without code.
    for (from, to, row, col) in [
        (
            "2021,Reporting year,Local",
            "21x,Reporting year,Local",
            3,
            Some("time_period"),
        ),
        ("Local authority", "County", 3, Some("geographic_level")),
        ("50,5,10\n", "50,5\n", 3, None),
        ("839,E06000058", ",E06000058", 3, Some("old_la_code")),
    ] {
        let text = GOOD.replace(from, to);
        let e = Indicators::from_reader(text.as_bytes(), "f.csv", "r").unwrap_err();
        assert!(e.is_invalid_data(), "{e}");
        assert_eq!((e.row(), e.column()), (Some(row), col), "{e}");
    }
    let dup = format!("{GOOD}{}", GOOD.lines().nth(2).unwrap());
    let e = Indicators::from_reader(dup.as_bytes(), "f.csv", "r").unwrap_err();
    assert_eq!((e.row(), e.column()), (Some(4), Some("old_la_code")), "{e}");
    assert!(e.message().contains("line 3"), "{e}");
}
