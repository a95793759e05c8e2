//! `workforce report`, `agency-return`, `cool-off`, and the demo's report, end to end.

use std::process::{Command, Output};

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workforce"))
        .args(args)
        .output()
        .expect("run workforce")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn demo_report_and_report_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let o = wf(&["demo", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("as if it were Bournemouth, Christchurch and Poole"));
    assert!(std::fs::metadata(out.join("workbook.xlsx")).unwrap().len() > 10_000);

    let data = out.join("data");
    let data = data.to_str().unwrap();
    let page = tmp.path().join("r.html");
    let book = tmp.path().join("r.xlsx");
    let o = wf(&[
        "report",
        data,
        "--year-end",
        "2021-09-30",
        "--la",
        "839",
        "--with",
        "Dorset",
        "--publication",
        "--out",
        page.to_str().unwrap(),
        "--xlsx",
        book.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Dorset"));
    assert!(html.contains("small numbers suppressed for publication"));
    assert!(book.exists());
    // An unknown council is an error naming it.
    let o = wf(&[
        "report",
        data,
        "--year-end",
        "2021-09-30",
        "--la",
        "nowhere",
        "--out",
        page.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "comparators missing is a note, not a failure"
    );
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Comparators are not available"));

    let o = wf(&["agency-return", data, "--date", "2021-08-15"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let t = text(&o.stdout);
    assert!(t.contains("quarter 2021-07-01 to 2021-09-30"), "{t}");
    assert!(t.contains("Assignment lengths"));

    let o = wf(&[
        "cool-off",
        data,
        "--from",
        "2020-10-01",
        "--to",
        "2021-09-30",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("person_id,left_date,"));
}
