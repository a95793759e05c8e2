//! Garbage in any file never panics the reader, and the counts always add up.

use super::io_common::*;
use proptest::prelude::*;
use workforce::io::{read_dir, LoadOptions};

fn load_any(dir: &std::path::Path) {
    for strict in [false, true] {
        if let Ok((_, report)) = read_dir(dir, &LoadOptions { strict }) {
            assert_invariant(&report);
        }
    }
}

const FILES: [&str; 4] = [
    "org_units.csv",
    "contracts.csv",
    "agency_assignments.csv",
    "bank_holidays.csv",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(which in 0..FILES.len(), bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = copy_fixture("io_good");
        std::fs::write(file(dir.path(), FILES[which]), &bytes).unwrap();
        load_any(dir.path());
    }

    #[test]
    fn random_rows_after_a_good_header_never_panic(
        which in 0..FILES.len(),
        body in "[a-zA-Z0-9,\"\r\n .:\\-\u{feff}\u{e9}]{0,600}",
        raw in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let dir = copy_fixture("io_good");
        let p = file(dir.path(), FILES[which]);
        let header = std::fs::read_to_string(&p).unwrap().lines().next().unwrap().to_string();
        let mut bytes = format!("{header}\n{body}").into_bytes();
        bytes.extend(raw);
        std::fs::write(&p, &bytes).unwrap();
        load_any(dir.path());
    }

    #[test]
    fn mutated_good_files_never_panic(which in 0..FILES.len(), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let dir = copy_fixture("io_good");
        let p = file(dir.path(), FILES[which]);
        let mut bytes = std::fs::read(&p).unwrap();
        for (at, b) in flips {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        std::fs::write(&p, &bytes).unwrap();
        load_any(dir.path());
    }
}
