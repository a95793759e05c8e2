//! Writing the import's output: the canonical folder (by [`crate::io::write_dir`]) and the
//! report files. Deterministic: the same data gives the same bytes.

use super::report::Report;
use crate::error::{Error, Result};
use crate::model::Dataset;
use std::path::Path;

fn put(dir: &Path, name: &str, text: &str) -> Result<()> {
    let p = dir.join(name);
    std::fs::write(&p, text).map_err(|e| Error::io(p.display(), &e))
}

/// Write the canonical folder (through [`crate::io::write_dir`]).
pub fn write_dataset(ds: &Dataset, out: &Path) -> Result<()> {
    crate::io::write_dir(ds, out)
}

/// The report files, as (file name, text).
pub fn report_files(r: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("files.csv", r.files_csv()),
        ("rejections.csv", r.rejections_csv()),
        ("warnings.csv", r.warnings_csv()),
        ("matches.csv", r.matches_csv()),
        ("resolutions.csv", r.resolutions_csv()),
        ("totals.csv", r.totals_csv()),
        ("continuity.csv", r.continuity_csv()),
        ("report.md", r.to_markdown()),
    ]
}

/// Write the report folder.
pub fn write_report(r: &Report, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), &e))?;
    for (name, text) in report_files(r) {
        put(dir, name, &text)?;
    }
    Ok(())
}
