//! Pseudonymised census: keyed hash of the SWE number, date of birth to the month, after
//! de-duplication.

use super::census_common::{council, settings};
use chrono::{Datelike, TimeZone, Utc};
use std::collections::HashSet;
use workforce::census::{self, ExportOptions};
use workforce::Workforce;
use workforce_tests::d;

const KEY_A: &[u8] = b"regional-sharing-key-2025-alpha";
const KEY_B: &[u8] = b"regional-sharing-key-2025-bravo";

fn built() -> census::CensusReturn {
    let wf = Workforce::new(council(7, 40)).unwrap();
    let mut o = ExportOptions::new(d("2024-09-30"), "839");
    o.settings = Some(settings());
    o.generated_at = Some(Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap());
    census::build(&wf, &o).unwrap().0
}

#[test]
fn deterministic_for_a_key_and_different_across_keys() {
    let orig = built();
    let mut a1 = orig.clone();
    let mut a2 = orig.clone();
    let mut b = orig.clone();
    census::pseudonymise(&mut a1, KEY_A).unwrap();
    census::pseudonymise(&mut a2, KEY_A).unwrap();
    census::pseudonymise(&mut b, KEY_B).unwrap();
    assert_eq!(census::to_xml(&a1).unwrap(), census::to_xml(&a2).unwrap());
    for ((x, y), o) in a1.workers.iter().zip(&b.workers).zip(&orig.workers) {
        assert_ne!(x.swe_no, y.swe_no);
        assert_ne!(x.swe_no, o.swe_no);
        assert_eq!(x.swe_no.len(), 64);
        assert_eq!(x.swe_no, census::pseudonymise_swe(KEY_A, &o.swe_no));
        // Spellings of one number agree.
        assert_eq!(
            x.swe_no,
            census::pseudonymise_swe(KEY_A, &format!(" {} ", o.swe_no.to_lowercase()))
        );
        if let Some(dob) = x.birth_date {
            assert_eq!(dob.day(), 1);
            let od = o.birth_date.unwrap();
            assert_eq!((dob.year(), dob.month()), (od.year(), od.month()));
        }
    }
    // Distinct workers keep distinct pseudonyms.
    let n = orig
        .workers
        .iter()
        .map(|w| &w.swe_no)
        .collect::<HashSet<_>>()
        .len();
    assert_eq!(
        a1.workers
            .iter()
            .map(|w| &w.swe_no)
            .collect::<HashSet<_>>()
            .len(),
        n
    );
    // No real SWE number is left in the file.
    let xml = census::to_xml(&a1).unwrap();
    for w in &orig.workers {
        assert!(!xml.contains(&w.swe_no));
    }
    // It still reads back.
    assert_eq!(census::parse(&xml).unwrap().workers.len(), a1.workers.len());
}

#[test]
fn deduplicates_before_hashing() {
    let mut ret = built();
    let dup = ret.workers[0].clone();
    let mut near = ret.workers[0].clone();
    near.fte30 = Some(0.123456); // FTE30 is not part of the key: still a duplicate
    ret.workers.push(dup);
    ret.workers.push(near);
    let n = ret.workers.len();
    let removed = census::pseudonymise(&mut ret, KEY_A).unwrap();
    assert_eq!(removed, 2);
    assert_eq!(ret.workers.len(), n - 2);
}

#[test]
fn short_keys_are_refused() {
    let mut ret = built();
    assert!(census::pseudonymise(&mut ret, b"short").is_err());
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("key");
    std::fs::write(&p, "tiny\n").unwrap();
    assert!(census::read_key_file(&p).is_err());
    std::fs::write(&p, "a-long-enough-secret-key\n").unwrap();
    assert_eq!(
        census::read_key_file(&p).unwrap(),
        b"a-long-enough-secret-key"
    );
}
