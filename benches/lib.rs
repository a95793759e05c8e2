//! Shared set-up for the benchmarks: generated councils written once to a cache folder.

use std::path::PathBuf;
use workforce::generate::{generate, GenerateOptions};

/// A canonical data folder of `people` generated people (seed 1), written on first use under
/// `target/bench-data/` and reused after.
pub fn data_folder(people: usize) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("target")
        .join("bench-data");
    let dir = root.join(format!("people-{people}"));
    if !dir.join("contracts.csv").exists() {
        let data = generate(&GenerateOptions {
            people,
            seed: 1,
            ..Default::default()
        })
        .expect("generate");
        workforce::io::write_dir(&data, &dir).expect("write bench data");
    }
    dir
}

/// The seven CSWW year ends the benchmarks compute: 2017 to 2023.
pub fn year_ends() -> Vec<workforce::Date> {
    (2017..=2023)
        .map(|y| workforce::Date::from_ymd_opt(y, 9, 30).unwrap())
        .collect()
}
