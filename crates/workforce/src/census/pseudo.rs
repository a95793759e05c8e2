//! De-duplication and pseudonymisation for sharing a return with regional partners.
//!
//! As the London regional pipeline (liia-tools) does: the SWE number is replaced by a keyed hash
//! and the date of birth is reduced to its month (the first of the month). Pseudonymise only
//! after de-duplication, because DfE's de-duplication keys need the real values (`metrics.md`
//! §3.4). The hash is HMAC-SHA256 with a secret key kept by the council, so partners cannot
//! reverse it by hashing every possible SWE number, and the same worker gets the same
//! pseudonym in every year's file hashed with the same key.

use super::{CensusReturn, Worker};
use crate::error::{Error, ErrorKind, Result};
use chrono::Datelike;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashSet;
use std::path::Path;

/// Shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// The de-duplication key of liia-tools (`la-agg.yml`): every item except `QualLevel`,
/// `OrgRole`, `RoleEndDate`, `LeaverDestination`, `ReasonLeave` and `FTE30`.
fn dedup_key(w: &Worker) -> String {
    let mut k = w.clone();
    k.qual_level = None;
    k.org_role = None;
    k.role_end_date = None;
    k.leaver_destination = None;
    k.reason_leave = None;
    k.fte30 = None;
    k.person_id = None;
    serde_json::to_string(&k).expect("worker serialises")
}

/// Remove records duplicating an earlier one on the liia-tools de-duplication key; returns the
/// number removed. The first record of each key is kept.
pub fn dedupe(ret: &mut CensusReturn) -> usize {
    let before = ret.workers.len();
    let mut seen = HashSet::new();
    ret.workers.retain(|w| seen.insert(dedup_key(w)));
    before - ret.workers.len()
}

/// The pseudonym of one SWE number: lower-case hex of HMAC-SHA256(key, SWE number), the SWE
/// number upper-cased and stripped of spaces first so spellings of one number agree.
pub fn pseudonymise_swe(key: &[u8], swe: &str) -> String {
    let norm: String = swe
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(norm.as_bytes());
    let out = mac.finalize().into_bytes();
    out.iter().map(|b| format!("{b:02x}")).collect()
}

/// De-duplicate the return, then replace each SWE number by its keyed hash and each date of
/// birth by the first of its month. Returns the number of duplicates removed.
///
/// The pseudonymised file is for regional partners, not for DfE: its `SWENo` values (64 hex
/// digits) do not match the census pattern.
pub fn pseudonymise(ret: &mut CensusReturn, key: &[u8]) -> Result<usize> {
    if key.len() < MIN_KEY_BYTES {
        return Err(Error::invalid_argument(format!(
            "the pseudonymisation key must be at least {MIN_KEY_BYTES} bytes, got {}",
            key.len()
        )));
    }
    let removed = dedupe(ret);
    for w in &mut ret.workers {
        w.swe_no = pseudonymise_swe(key, &w.swe_no);
        w.birth_date = w.birth_date.and_then(|d| d.with_day(1));
        w.person_id = None;
    }
    ret.header.software_code = ret
        .header
        .software_code
        .take()
        .map(|s| format!("{s} (pseudonymised)"));
    Ok(removed)
}

/// Read a key file: its bytes, without a trailing line end. At least [`MIN_KEY_BYTES`].
pub fn read_key_file(path: &Path) -> Result<Vec<u8>> {
    let mut key = std::fs::read(path).map_err(|e| Error::io(path.display(), &e))?;
    while key.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        key.pop();
    }
    if key.len() < MIN_KEY_BYTES {
        return Err(Error::new(
            ErrorKind::Config,
            format!(
                "the key file holds {} bytes; a pseudonymisation key needs at least {MIN_KEY_BYTES}",
                key.len()
            ),
        )
        .in_file(path.display().to_string()));
    }
    Ok(key)
}
