//! Parsing and checking single cells, shared by the reader and by [`check`](super::check).

use crate::model::Date;
use chrono::NaiveDate;
use std::hash::{BuildHasherDefault, Hasher};

/// Why a row is rejected or flagged: the column, the value and a plain-English reason.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    pub column: &'static str,
    pub value: String,
    pub reason: String,
}

impl Problem {
    pub fn new(column: &'static str, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Problem {
            column,
            value: value.into(),
            reason: reason.into(),
        }
    }
}

/// Largest valid census `QualLevel` code.
pub(crate) const QUALIFICATION_LEVEL_MAX: u8 = 3;
/// Largest valid census `CFKSSstatus` code.
pub(crate) const CFKSS_STATUS_MAX: u8 = 4;

/// The `YYYY-MM-DD` text of a date in the years 0 to 9999, as chrono's `Display` writes it
/// (the bytes [`parse_date`] reads); `None` for other years.
pub(crate) fn iso_date(d: Date) -> Option<[u8; 10]> {
    use chrono::Datelike;
    let (y, m, dd) = (d.year(), d.month(), d.day());
    let y = u32::try_from(y).ok().filter(|&y| y <= 9999)?;
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        dd / 10,
        dd % 10,
    ];
    let mut b = *b"0000-00-00";
    for (k, &i) in [0usize, 1, 2, 3, 5, 6, 8, 9].iter().enumerate() {
        b[i] = b'0' + digits[k] as u8;
    }
    Some(b)
}

/// A `YYYY-MM-DD` date, parsed from bytes without allocating.
pub(crate) fn parse_date(b: &[u8]) -> Option<Date> {
    let b: &[u8; 10] = b.try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d <= 9).then_some(u32::from(d))
    };
    let y = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let m = digit(5)? * 10 + digit(6)?;
    let d = digit(8)? * 10 + digit(9)?;
    date_of(y, m, d)
}

/// First year of [`DATE_TABLE`].
const TABLE_FROM: u32 = 1970;
/// Years in [`DATE_TABLE`] (120 KiB; the few dates outside, such as early dates of birth,
/// go to `chrono`).
const TABLE_YEARS: u32 = 80;
/// Slots a year in [`DATE_TABLE`]: 12 months of 32 days (day 0 and days past a month's end
/// hold `None`).
const YEAR_SLOTS: u32 = 12 * 32;

/// The date of every (year, month, day) of [`TABLE_YEARS`] years from [`TABLE_FROM`], `None`
/// where there is none: a data set's dates fall in a few dozen years, a few kilobytes of the
/// table, so a date costs one load from cache instead of `chrono`'s calendar arithmetic.
static DATE_TABLE: std::sync::LazyLock<Box<[Option<Date>]>> = std::sync::LazyLock::new(|| {
    (0..TABLE_YEARS * YEAR_SLOTS)
        .map(|i| {
            let (y, m, d) = (i / YEAR_SLOTS, i % YEAR_SLOTS / 32, i % 32);
            NaiveDate::from_ymd_opt((TABLE_FROM + y) as i32, m + 1, d)
        })
        .collect()
});

/// The date `y-m-d` if it exists (`y` below 10,000): looked up in [`DATE_TABLE`] when the
/// year is there, else from `chrono`.
#[inline]
fn date_of(y: u32, m: u32, d: u32) -> Option<Date> {
    let year = y.wrapping_sub(TABLE_FROM);
    if year < TABLE_YEARS && (1..=12).contains(&m) && d < 32 {
        DATE_TABLE[(year * YEAR_SLOTS + (m - 1) * 32 + d) as usize]
    } else {
        NaiveDate::from_ymd_opt(y as i32, m, d)
    }
}

/// A decimal number (any `f64` syntax; finiteness is checked by the caller).
pub(crate) fn parse_f64(b: &[u8]) -> Option<f64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// A whole-number code of at most three digits.
pub(crate) fn parse_code(b: &[u8]) -> Option<u8> {
    if b.is_empty() || b.len() > 3 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = b.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
    u8::try_from(v).ok()
}

/// `true` or `false`.
pub(crate) fn parse_bool(b: &[u8]) -> Option<bool> {
    match b {
        b"true" => Some(true),
        b"false" => Some(false),
        _ => None,
    }
}

/// A census code must lie in `1..=max`.
pub(crate) fn check_code(column: &'static str, v: u8, max: u8) -> Result<(), String> {
    if (1..=max).contains(&v) {
        Ok(())
    } else {
        Err(format!("{column} must be a code from 1 to {max}"))
    }
}

/// FTE must be finite and greater than 0.
pub(crate) fn check_fte(v: f64) -> Result<(), &'static str> {
    if !v.is_finite() {
        Err("fte must be a finite number")
    } else if v <= 0.0 {
        Err("fte must be greater than 0")
    } else {
        Ok(())
    }
}

/// Money and day counts must be finite and not negative.
pub(crate) fn check_amount(column: &'static str, v: f64) -> Result<(), String> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(format!("{column} must be a finite number, 0 or more"))
    }
}

/// The lenient Social Work England number pattern: two letters then digits (`SW12345`).
pub(crate) fn looks_like_swe_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 2
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// Whole years from `dob` to `on` (negative when `on` is before `dob`).
pub(crate) fn age_on(dob: Date, on: Date) -> i32 {
    use chrono::Datelike;
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// A fast non-cryptographic hasher for sets of id text (record ids, rejected ids): each 8-byte word is mixed in with a folded
/// 64×64→128-bit multiply (as in foldhash), so every input bit reaches the low bits the
/// table indexes by. Ids come from local files, so flooding resistance is not needed.
#[derive(Clone, Copy, Default)]
pub(crate) struct TextHasher {
    hash: u64,
}

const ID_SEED: u64 = 0x243f_6a88_85a3_08d3;

impl TextHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        let p = u128::from(self.hash ^ word) * u128::from(ID_SEED);
        self.hash = (p as u64) ^ ((p >> 64) as u64);
    }
}

impl Hasher for TextHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash builder for [`TextHasher`].
pub(crate) type TextBuild = BuildHasherDefault<TextHasher>;
/// A hash set keyed by borrowed id text (see [`crate::id::IdSet`] for interned ids).
pub(crate) type TextSet<'a> = std::collections::HashSet<&'a str, TextBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date(b"2021-09-30"), Some(d(2021, 9, 30)));
        assert_eq!(parse_date(b"2024-02-29"), Some(d(2024, 2, 29)));
        // The table's edges and the century leap rules, inside and outside it.
        assert_eq!(parse_date(b"1970-01-01"), Some(d(1970, 1, 1)));
        assert_eq!(parse_date(b"1969-12-31"), Some(d(1969, 12, 31)));
        assert_eq!(parse_date(b"2049-12-31"), Some(d(2049, 12, 31)));
        assert_eq!(parse_date(b"2050-01-01"), Some(d(2050, 1, 1)));
        assert_eq!(parse_date(b"2000-02-29"), Some(d(2000, 2, 29)));
        assert_eq!(parse_date(b"0000-01-01"), Some(d(0, 1, 1)));
        assert_eq!(parse_date(b"9999-12-31"), Some(d(9999, 12, 31)));
        assert_eq!(parse_date(b"2021-04-30"), Some(d(2021, 4, 30)));
        for bad in [
            &b"2023-02-29"[..],
            b"1900-02-29",
            b"2100-02-29",
            b"2021-04-31",
            b"2021-12-00",
            b"2021-99-99",
            b"2021-13-01",
            b"2021-00-10",
            b"2021-01-32",
            b"2021-1-01",
            b"2021/01/01",
            b"01/02/2021",
            b"2021-01-01T",
            b"",
            b"20x1-01-01",
            b"\xff\xfe21-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    /// `parse_date` as it was: chrono's constructor on the parsed digits.
    fn chrono_date(b: &[u8]) -> Option<Date> {
        let s = std::str::from_utf8(b).ok()?;
        let b = s.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&i| b[i].is_ascii_digit());
        if !ok {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap();
        NaiveDate::from_ymd_opt(n(0..4) as i32, n(5..7), n(8..10))
    }

    #[test]
    fn the_date_table_agrees_with_chrono_on_every_day_of_its_years_and_beyond() {
        for y in (0..=9999).filter(|y| y % 97 == 0 || (1960..=2060).contains(y) || y % 100 == 0) {
            for m in 0..=99 {
                for d in 0..=99 {
                    let text = format!("{y:04}-{m:02}-{d:02}");
                    assert_eq!(
                        parse_date(text.as_bytes()),
                        chrono_date(text.as_bytes()),
                        "{text}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn dates_parse_as_chrono_parses_them(
            y in 0u32..10_000,
            m in 0u32..100,
            d in 0u32..100,
            sep in proptest::sample::select(vec!['-', '/', '0', 'x']),
        ) {
            let text = format!("{y:04}-{m:02}{sep}{d:02}");
            proptest::prop_assert_eq!(parse_date(text.as_bytes()), chrono_date(text.as_bytes()));
        }

        #[test]
        fn arbitrary_bytes_parse_as_chrono_parses_them(b in proptest::collection::vec(
            proptest::sample::select(b"0123456789-/ x\xff".to_vec()), 0..12)) {
            proptest::prop_assert_eq!(parse_date(&b), chrono_date(&b));
        }
    }

    #[test]
    fn codes_numbers_bools() {
        assert_eq!(parse_code(b"6"), Some(6));
        assert_eq!(parse_code(b"010"), Some(10));
        assert_eq!(parse_code(b"256"), None);
        assert_eq!(parse_code(b"1.0"), None);
        assert_eq!(parse_code(b"-1"), None);
        assert_eq!(parse_code(b""), None);
        assert_eq!(parse_f64(b"0.5"), Some(0.5));
        assert_eq!(parse_f64(b"1e3"), Some(1000.0));
        assert_eq!(parse_f64(b"abc"), None);
        assert!(parse_f64(b"NaN").unwrap().is_nan());
        assert_eq!(parse_bool(b"true"), Some(true));
        assert_eq!(parse_bool(b"false"), Some(false));
        assert_eq!(parse_bool(b"TRUE"), None);
        assert_eq!(parse_bool(b"1"), None);
    }

    #[test]
    fn checks() {
        assert!(check_code("csww_role", 6, 6).is_ok());
        assert!(check_code("csww_role", 0, 6).is_err());
        assert!(check_code("csww_role", 7, 6).is_err());
        assert!(check_fte(0.1).is_ok());
        assert!(check_fte(0.0).is_err());
        assert!(check_fte(-1.0).is_err());
        assert!(check_fte(f64::NAN).is_err());
        assert!(check_fte(f64::INFINITY).is_err());
        assert!(check_amount("annual_pay", 0.0).is_ok());
        assert!(check_amount("annual_pay", -1.0).is_err());
        assert!(looks_like_swe_number("SW12345"));
        assert!(looks_like_swe_number("sw1"));
        assert!(!looks_like_swe_number("SW"));
        assert!(!looks_like_swe_number("12345"));
        assert!(!looks_like_swe_number("SW 123"));
        assert_eq!(age_on(d(2000, 6, 15), d(2016, 6, 14)), 15);
        assert_eq!(age_on(d(2000, 6, 15), d(2016, 6, 15)), 16);
        assert_eq!(age_on(d(2000, 2, 29), d(2016, 2, 28)), 15);
        assert_eq!(age_on(d(2020, 1, 1), d(2019, 1, 1)), -1);
    }

    #[test]
    fn id_hash_distinguishes_lengths() {
        use std::hash::BuildHasher;
        let h = |s: &str| TextBuild::default().hash_one(s);
        assert_ne!(h("a"), h("a\0"));
        assert_ne!(h("P1"), h("P2"));
    }
}
