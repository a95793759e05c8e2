//! Helpers for the io tests: copy a fixture, edit one file, load, and check the report.

use std::fs;
use std::path::{Path, PathBuf};
use workforce::io::{read_dir, LoadOptions, LoadReport};
use workforce::Dataset;
use workforce_tests::fixture;

/// A temporary copy of fixture folder `name`.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in fs::read_dir(fixture(name)).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// The path of `file` in `dir`.
pub fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Rewrites `name` in `dir` line by line (index 0 is the header).
pub fn edit(dir: &Path, name: &str, f: impl FnOnce(&mut Vec<String>)) {
    let p = file(dir, name);
    let mut lines: Vec<String> = fs::read_to_string(&p)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    f(&mut lines);
    fs::write(&p, lines.join("\n") + "\n").unwrap();
}

/// Loads `dir` (not strict) and checks the count invariant of every file.
pub fn load(dir: &Path) -> (Dataset, LoadReport) {
    let (ds, report) = read_dir(dir, &LoadOptions::default()).unwrap();
    assert_invariant(&report);
    (ds, report)
}

/// `rows_read == rows_accepted + rows_rejected` for every file, and one issue per rejected row.
pub fn assert_invariant(report: &LoadReport) {
    for f in &report.files {
        assert_eq!(f.rows_read, f.rows_accepted + f.rows_rejected, "{f:?}");
        let issues = report
            .rejections
            .iter()
            .filter(|i| i.file == f.file)
            .count();
        assert_eq!(issues as u64, f.rows_rejected, "{f:?}");
    }
}

/// The good fixture with one file edited, loaded; asserts exactly one rejection in `name`, at
/// (`row`, `column`) with a reason containing `reason`, other files' rejections being only
/// rows that referred to it; returns the loaded data.
pub fn rejects(
    name: &str,
    f: impl FnOnce(&mut Vec<String>),
    row: u64,
    column: &str,
    reason: &str,
) -> (Dataset, LoadReport) {
    let dir = copy_fixture("io_good");
    edit(dir.path(), name, f);
    let (ds, report) = load(dir.path());
    let own: Vec<_> = report
        .rejections
        .iter()
        .filter(|i| i.file == name)
        .collect();
    assert_eq!(own.len(), 1, "{report}");
    // Anything else is a row of another file that named the rejected row.
    for other in report.rejections.iter().filter(|i| i.file != name) {
        assert!(other.reason.contains("that was rejected"), "{other}");
    }
    let i = own[0];
    assert_eq!(
        (i.file.as_str(), i.row, i.column.as_str()),
        (name, row, column),
        "{i}"
    );
    assert!(
        i.reason.contains(reason),
        "reason {:?} lacks {reason:?}",
        i.reason
    );
    (ds, report)
}

/// Replaces field `col` of line `line` (comma-separated, no quoted commas) with `value`.
pub fn set(lines: &mut [String], line: usize, col: &str, value: &str) {
    let header: Vec<&str> = lines[0].split(',').collect();
    let c = header
        .iter()
        .position(|h| *h == col)
        .unwrap_or_else(|| panic!("no column {col}"));
    let mut fields: Vec<String> = lines[line].split(',').map(str::to_owned).collect();
    fields[c] = value.to_string();
    lines[line] = fields.join(",");
}
