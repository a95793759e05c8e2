//! The workbook read back with calamine: every figure equals the library's, headcounts and
//! rates carry their number formats' values unrounded, dates are dates, text is formula-safe.

use calamine::{Data, DataType, Reader, Xlsx};
use std::io::Cursor;
use workforce::report::{self, column_label, xlsx, ReportRequest};
use workforce::{Column, Workforce};
use workforce_tests::{d, Builder};

fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

#[test]
fn workbook_figures_equal_the_library() {
    let wf = Workforce::new(workforce::generate::demo()).unwrap();
    let mut req = ReportRequest::new(d("2021-09-30"));
    req.la = Some("839".into());
    let rep = report::build(&wf, &req).unwrap();
    let mut wb = read(xlsx::to_bytes(&rep).unwrap());
    let names = wb.sheet_names();
    assert_eq!(names[0], xlsx::ABOUT_SHEET);
    assert_eq!(names.len(), 1 + rep.tables().count());
    let mut cells = 0;
    for t in rep.tables() {
        let range = wb.worksheet_range(&t.sheet).unwrap();
        let tb = &t.data.table;
        for (c, n) in tb.names().iter().enumerate() {
            assert_eq!(
                range.get((0, c)).and_then(|x| x.get_string()),
                Some(column_label(n).as_str()),
                "{} header {n}",
                t.sheet
            );
        }
        for r in 0..tb.num_rows() {
            for (c, col) in tb.columns().iter().enumerate() {
                let cell = range.get((r + 1, c)).unwrap_or(&Data::Empty);
                match col {
                    Column::Float(_) | Column::Int(_) => {
                        assert_eq!(cell.get_float(), col.f64_at(r), "{} r{r} c{c}", t.sheet)
                    }
                    Column::Date(v) => assert_eq!(cell.as_date(), v[r], "{}", t.sheet),
                    Column::Str(v) => {
                        assert_eq!(cell.get_string(), v[r].as_deref(), "{}", t.sheet)
                    }
                    Column::Bool(v) => assert_eq!(cell.get_bool(), v[r]),
                }
                cells += 1;
            }
        }
    }
    assert!(cells > 500, "{cells}");
    // Spot checks against the library directly.
    let csww = wf
        .csww(
            &[d("2021-09-30")],
            None,
            false,
            &workforce::Options::default(),
        )
        .unwrap();
    let range = wb.worksheet_range("csww").unwrap();
    let col = csww
        .names()
        .iter()
        .position(|n| n == "turnover_rate_fte")
        .unwrap();
    assert_eq!(
        range.get((1, col)).unwrap().get_float(),
        csww.f64("turnover_rate_fte", 0)
    );
    let bands = wf
        .agency_length_bands(
            d("2021-09-30"),
            None,
            &workforce::Scope::Csww,
            &workforce::Options::default(),
        )
        .unwrap();
    let range = wb.worksheet_range("agency_lengths").unwrap();
    for r in 0..bands.num_rows() {
        assert_eq!(
            range.get((r + 1, 1)).unwrap().get_float(),
            bands.f64("assignments", r)
        );
    }
    // Dates are stored as dates.
    let range = wb.worksheet_range("trends").unwrap();
    assert!(range.get((1, 0)).unwrap().is_datetime());
}

#[test]
fn workbook_text_is_formula_safe() {
    let mut b = Builder::council();
    b.ds.org_units[1].name = "=HYPERLINK(\"http://evil\",\"x\")".into();
    b.contract("c1", "P1", "A", 1.0, "2019-01-01", "");
    b.agency("g1", "G1", "A", None, None, 1.0, "2021-01-01", "");
    let wf = b.build();
    let rep = report::build(&wf, &ReportRequest::new(d("2021-09-30"))).unwrap();
    let mut wb = read(xlsx::to_bytes(&rep).unwrap());
    let range = wb.worksheet_range("agency_by_team").unwrap();
    let names: Vec<String> = (1..range.height())
        .filter_map(|r| {
            range
                .get((r, 0))
                .and_then(|x| x.get_string().map(String::from))
        })
        .collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://evil\",\"x\")".to_string()),
        "{names:?}"
    );
    assert!(names.iter().all(|n| !n.starts_with('=')));
}
