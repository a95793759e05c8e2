//! `workforce import` on the demo council's legacy exports, then `workforce validate` on its
//! output: the canonical folder the import writes is read back without a rejected row.

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
fn validate_runs_clean_on_the_import_output() {
    let tmp = tempfile::tempdir().unwrap();
    let exports = tmp.path().join("exports");
    workforce::import::legacy_export::write_legacy_exports(
        &workforce::generate::demo(),
        &exports,
        &Default::default(),
    )
    .unwrap();
    let config = exports.join("import.toml");
    let out = tmp.path().join("out");
    let o = wf(&[
        "import",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let o = wf(&["validate", out.to_str().unwrap(), "--strict", "--all"]);
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(!stdout.contains("Rejected rows"), "{stdout}");
    assert!(!stderr.contains("rejected"), "{stderr}");
    // Every canonical file the import writes was read, and its rows all accepted.
    let o = wf(&["validate", out.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success());
    let csv = text(&o.stdout);
    for f in [
        "people.csv",
        "contracts.csv",
        "agency_assignments.csv",
        "absences.csv",
    ] {
        assert!(csv.contains(f), "{f}: {csv}");
    }

    // The same inputs give the same bytes.
    let again = tmp.path().join("again");
    let o = wf(&[
        "import",
        "--config",
        config.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for f in [
        "org_units.csv",
        "people.csv",
        "posts.csv",
        "contracts.csv",
        "agency_assignments.csv",
        "absences.csv",
        "case_allocations.csv",
        "import_report/matches.csv",
        "import_report/resolutions.csv",
        "import_report/totals.csv",
        "import_report/report.md",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}
