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

/// A mapping file whose source file is missing: exit 1, naming the file as given and where it
/// was looked for (beside the mapping file).
#[test]
fn import_names_a_missing_source_file_and_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let maps = tmp.path().join("maps");
    std::fs::create_dir(&maps).unwrap();
    let config = maps.join("hr.toml");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/import/hr_huebner.toml"
    );
    let mapping = std::fs::read_to_string(example).unwrap().replace(
        "file = \"../../../shared/data/hr_huebner/HRDataset_v14.csv\"",
        "file = \"exports/hr.csv\"",
    );
    assert!(mapping.contains("exports/hr.csv"));
    std::fs::write(&config, mapping).unwrap();
    let out = tmp.path().join("out");
    let o = wf(&[
        "import",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let looked = maps.join("exports/hr.csv");
    assert!(
        err.contains("exports/hr.csv: no such file")
            && err.contains(&looked.display().to_string())
            && err.contains("mapping file's folder"),
        "{err}"
    );
}
