//! Publication safety: suppression (primary and secondary), the formula-injection guard and
//! HTML escaping, worked by hand.

use workforce::report::safety::{html_escape, spreadsheet_safe, Suppression, SUPPRESSED};
use workforce::table::Display;
use workforce::{Column, Table};

fn teams(hc: &[f64], fte: &[f64]) -> Table {
    let names = ["All", "A", "B", "C", "D"];
    Table::new()
        .with(
            "unit",
            Column::Str(
                names[..hc.len()]
                    .iter()
                    .map(|s| Some(s.to_string()))
                    .collect(),
            ),
            Display::Plain,
        )
        .with(
            "inpost_headcount",
            Column::Float(hc.iter().map(|&x| Some(x)).collect()),
            Display::Whole,
        )
        .with(
            "inpost_fte",
            Column::Float(fte.iter().map(|&x| Some(x)).collect()),
            Display::OneDp,
        )
}

fn suppressed(m: &workforce::report::safety::Masked, col: usize) -> Vec<bool> {
    (0..m.table.num_rows())
        .map(|r| m.symbol(col, r).is_some())
        .collect()
}

#[test]
fn primary_and_secondary_suppression() {
    // All = A + B + C + D: 25 = 3 + 10 + 12 + 0. A (3) is below 5: primary. With A alone
    // hidden, A = 25 - 10 - 12 - 0, so the smallest other non-zero part, B (10), is hidden
    // too (the true zero D is shown and not used). FTE follows headcount (linked columns).
    let t = teams(&[25.0, 3.0, 10.0, 12.0, 0.0], &[20.0, 2.5, 8.0, 9.5, 0.0]);
    let m = Suppression::default().apply(&t, &vec![(0, vec![1, 2, 3, 4])]);
    assert_eq!(suppressed(&m, 1), [false, true, true, false, false]);
    assert_eq!(suppressed(&m, 2), [false, true, true, false, false]);
    assert_eq!(m.symbol(1, 1), Some(SUPPRESSED));
    assert_eq!(m.primary, 1);
    assert_eq!(m.secondary, 3);
    let csv = m.to_csv();
    assert_eq!(
        csv,
        "unit,inpost_headcount,inpost_fte\nAll,25,20\nA,c,c\nB,c,c\nC,12,9.5\nD,0,0\n"
    );

    // A group of a total and one part: the total gives the part away, so it goes too.
    let t = teams(&[3.0, 3.0], &[2.0, 2.0]);
    let m = Suppression::default().apply(&t, &vec![(0, vec![1])]);
    assert_eq!(suppressed(&m, 1), [true, true]);

    // Two small parts protect each other: no secondary suppression.
    let t = teams(&[30.0, 3.0, 4.0, 23.0], &[30.0, 3.0, 4.0, 23.0]);
    let m = Suppression::default().apply(&t, &vec![(0, vec![1, 2, 3])]);
    assert_eq!(suppressed(&m, 1), [false, true, true, false]);
    assert_eq!(m.secondary, 2); // the two linked FTE cells

    // Threshold is configurable; secondary can be switched off.
    let t = teams(&[25.0, 3.0, 10.0, 12.0], &[20.0, 2.5, 8.0, 9.5]);
    let s = Suppression {
        threshold: 11.0,
        ..Suppression::default()
    };
    let m = s.apply(&t, &vec![(0, vec![1, 2, 3])]);
    assert_eq!(suppressed(&m, 1), [false, true, true, false]);
    let s = Suppression {
        secondary: false,
        ..Suppression::default()
    };
    let m = s.apply(&t, &vec![(0, vec![1, 2, 3])]);
    assert_eq!(suppressed(&m, 1), [false, true, false, false]);
}

#[test]
fn secondary_suppression_in_nested_groups() {
    // Rows 0 = 1 + 2 and 2 = 3 + 4 (a service with a sub-service). Row 3 (2) is primary; its
    // partner row 4 is hidden with it; the group 0 = 1 + 2 has no hidden cell and is left.
    let t = Table::new().with(
        "people",
        Column::Float(vec![
            Some(40.0),
            Some(20.0),
            Some(20.0),
            Some(2.0),
            Some(18.0),
        ]),
        Display::Whole,
    );
    let groups = vec![(0, vec![1, 2]), (2, vec![3, 4])];
    let m = Suppression::default().apply(&t, &groups);
    assert_eq!(suppressed(&m, 0), [false, false, false, true, true]);
}

#[test]
fn csv_writers_guard_formulas() {
    let t = Table::new().with(
        "name",
        Column::Str(
            [
                "=HYPERLINK(\"http://x\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "MASH",
                "a=b",
            ]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect(),
        ),
        Display::Plain,
    );
    let csv = t.to_csv();
    assert_eq!(
        csv,
        "name\n\"'=HYPERLINK(\"\"http://x\"\")\"\n'+1\n'-2\n'@SUM(A1)\nMASH\na=b\n"
    );
    // Numbers are not text: a negative number stays a number.
    let n = Table::new().with("x", Column::Float(vec![Some(-2.5)]), Display::OneDp);
    assert_eq!(n.to_csv(), "x\n-2.5\n");
    assert_eq!(spreadsheet_safe("\tcmd"), "'\tcmd");
}

#[test]
fn html_escaping() {
    assert_eq!(
        html_escape("<script>alert('x') & \"y\"</script>"),
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
    );
    assert_eq!(html_escape("plain"), "plain");
}
