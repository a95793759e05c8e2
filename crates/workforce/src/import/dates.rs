//! Date formats of legacy exports.
//!
//! A format is `iso`, `excel` (serial day numbers, 1900 system) or a pattern of tokens and
//! literal separators:
//!
//! | token | meaning |
//! |---|---|
//! | `d`, `dd` | day, 1 or 2 digits |
//! | `m`, `mm` | month number, 1 or 2 digits |
//! | `Mon` | month abbreviation, `Jan`..`Dec` (any case) |
//! | `Month` | month name, `January`..`December` (any case) |
//! | `yyyy` | four-digit year |
//! | `yy` | two-digit year, placed by the pivot (`00..=pivot` → 20xx, else 19xx) |
//! | `y` | two- or four-digit year (Huebner's `DOB` mixes both) |
//!
//! So `dd/mm/yyyy` is the UK form, `m/d/y` the US form, `dd-Mon-yy` the Kaggle form. Zero
//! padding is never required. A trailing time (`2019-01-01 00:00:00`) is ignored.

use super::rows::trim_cell;
use crate::Date;
use chrono::NaiveDate;

/// A parsed date format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// `YYYY-MM-DD`.
    Iso,
    /// Excel serial numbers.
    Excel,
    /// A pattern.
    Pattern(Vec<Tok>),
}

/// A pattern token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Day number.
    Day,
    /// Month number.
    Month,
    /// Month abbreviation.
    MonAbbr,
    /// Month name.
    MonName,
    /// Four-digit year.
    Year4,
    /// Two-digit year.
    Year2,
    /// Two- or four-digit year.
    YearAny,
    /// A literal character.
    Lit(char),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl DateFormat {
    /// Parse a format spec.
    pub fn parse(spec: &str) -> Result<DateFormat, String> {
        match spec.to_ascii_lowercase().as_str() {
            "iso" | "yyyy-mm-dd" => return Ok(DateFormat::Iso),
            "excel" | "serial" => return Ok(DateFormat::Excel),
            _ => {}
        }
        let mut toks = Vec::new();
        let b = spec.as_bytes();
        let mut i = 0;
        let starts = |i: usize, s: &str| spec[i..].starts_with(s);
        while i < b.len() {
            let (t, n) = if starts(i, "yyyy") {
                (Tok::Year4, 4)
            } else if starts(i, "yy") {
                (Tok::Year2, 2)
            } else if starts(i, "y") {
                (Tok::YearAny, 1)
            } else if starts(i, "Month") {
                (Tok::MonName, 5)
            } else if starts(i, "Mon") {
                (Tok::MonAbbr, 3)
            } else if starts(i, "mm") {
                (Tok::Month, 2)
            } else if starts(i, "m") {
                (Tok::Month, 1)
            } else if starts(i, "dd") {
                (Tok::Day, 2)
            } else if starts(i, "d") {
                (Tok::Day, 1)
            } else {
                let c = spec[i..].chars().next().expect("in bounds");
                if c.is_ascii_alphanumeric() {
                    return Err(format!(
                        "date format {spec:?}: unknown token at {:?}",
                        &spec[i..]
                    ));
                }
                (Tok::Lit(c), c.len_utf8())
            };
            toks.push(t);
            i += n;
        }
        let count = |f: &dyn Fn(&Tok) -> bool| toks.iter().filter(|t| f(t)).count();
        if count(&|t| matches!(t, Tok::Day)) != 1
            || count(&|t| matches!(t, Tok::Month | Tok::MonAbbr | Tok::MonName)) != 1
            || count(&|t| matches!(t, Tok::Year4 | Tok::Year2 | Tok::YearAny)) != 1
        {
            return Err(format!(
                "date format {spec:?} needs exactly one day, one month and one year token"
            ));
        }
        Ok(DateFormat::Pattern(toks))
    }

    /// Parse a value; `None` when it does not fit.
    pub fn apply(&self, s: &str, pivot: u32) -> Option<Date> {
        let s = trim_cell(s);
        let r = self.apply_exact(s, pivot);
        if r.is_some() {
            return r;
        }
        // A trailing time part.
        let cut = s.find([' ', 'T'])?;
        self.apply_exact(&s[..cut], pivot)
    }

    fn apply_exact(&self, s: &str, pivot: u32) -> Option<Date> {
        match self {
            DateFormat::Iso => parse_iso(s),
            DateFormat::Excel => excel_serial(s.parse::<f64>().ok()?),
            DateFormat::Pattern(toks) => parse_pattern(toks, s, pivot),
        }
    }
}

/// `YYYY-MM-DD` exactly (the canonical reader's rule).
pub fn parse_iso(s: &str) -> Option<Date> {
    crate::io::parse_date(s.as_bytes())
}

/// `b` as a decimal number if it is all ASCII digits (short: no overflow check).
fn number(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
    })
}

/// What [`parse_pattern`] gives for a day and a month of two digits each and a four-digit year
/// with one-byte separators (`dd/mm/yyyy`, `mm-dd-yyyy` …), without its token loop; `None`
/// when the pattern or the text has another shape.
fn fixed_width(toks: &[Tok], b: &[u8]) -> Option<Option<Date>> {
    let [first, Tok::Lit(x), second, Tok::Lit(y), Tok::Year4] = toks else {
        return None;
    };
    let at = |i: usize, c: &char| c.is_ascii() && b[i] == *c as u8;
    if b.len() != 10 || !at(2, x) || !at(5, y) {
        return None;
    }
    let (p, q, year) = (number(&b[0..2])?, number(&b[3..5])?, number(&b[6..10])?);
    let (day, month) = match (first, second) {
        (Tok::Day, Tok::Month) => (p, q),
        (Tok::Month, Tok::Day) => (q, p),
        _ => return None,
    };
    Some(NaiveDate::from_ymd_opt(year as i32, month, day))
}

/// An Excel serial day number (1900 date system, with Excel's phantom 1900-02-29).
pub fn excel_serial(x: f64) -> Option<Date> {
    if !x.is_finite() || !(1.0..2_958_466.0).contains(&x) {
        return None;
    }
    let n = x.floor() as i64;
    // Serial 60 is the non-existent 1900-02-29; serials after it are one day ahead.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let n = if n < 60 { n + 1 } else { n };
    base.checked_add_signed(chrono::Duration::days(n))
}

fn parse_pattern(toks: &[Tok], s: &str, pivot: u32) -> Option<Date> {
    fixed_width(toks, s.as_bytes()).unwrap_or_else(|| parse_tokens(toks, s, pivot))
}

/// A date by the pattern's tokens in turn.
fn parse_tokens(toks: &[Tok], s: &str, pivot: u32) -> Option<Date> {
    let b = s.as_bytes();
    let mut i = 0;
    let (mut day, mut month, mut year) = (None, None, None);
    let digits = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let st = *i;
        let mut v = 0u32;
        while *i < b.len() && *i - st < max && b[*i].is_ascii_digit() {
            v = v * 10 + (b[*i] - b'0') as u32;
            *i += 1;
        }
        if *i - st < min {
            None
        } else {
            Some(v)
        }
    };
    let place2 = |y: u32| if y <= pivot { 2000 + y } else { 1900 + y };
    for t in toks {
        match t {
            Tok::Day => day = Some(digits(&mut i, 1, 2)?),
            Tok::Month => month = Some(digits(&mut i, 1, 2)?),
            Tok::Year4 => {
                let st = i;
                let y = digits(&mut i, 4, 4)?;
                debug_assert_eq!(i - st, 4);
                year = Some(y);
            }
            Tok::Year2 => year = Some(place2(digits(&mut i, 2, 2)?)),
            Tok::YearAny => {
                let st = i;
                let y = digits(&mut i, 2, 4)?;
                year = Some(match i - st {
                    2 => place2(y),
                    4 => y,
                    _ => return None,
                });
            }
            Tok::MonAbbr | Tok::MonName => {
                let st = i;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word = s[st..i].to_ascii_lowercase();
                let m = if matches!(t, Tok::MonAbbr) {
                    if word.len() != 3 && word != "sept" {
                        return None;
                    }
                    MONTHS.iter().position(|m| m.starts_with(&word))?
                } else {
                    MONTHS.iter().position(|m| *m == word)?
                };
                month = Some(m as u32 + 1);
            }
            Tok::Lit(c) => i += literal_at(b, i, *c)?,
        }
    }
    if i != b.len() {
        return None;
    }
    NaiveDate::from_ymd_opt(year? as i32, month?, day?)
}

/// The length of literal `c` when `b` has it at `i` (an ASCII separator is one byte compare).
#[inline]
fn literal_at(b: &[u8], i: usize, c: char) -> Option<usize> {
    if c.is_ascii() {
        return (b.get(i) == Some(&(c as u8))).then_some(1);
    }
    let mut buf = [0u8; 4];
    let lit = c.encode_utf8(&mut buf).as_bytes();
    b.get(i..)?.starts_with(lit).then_some(lit.len())
}

/// A column's date formats, compiled: when the first is a day and a month of two digits and a
/// four-digit year with one-byte ASCII separators (`dd/mm/yyyy`, `mm-dd-yyyy` …), a 10-byte
/// text of that shape is read by position before the general [`parse_any`].
#[derive(Clone, Debug)]
pub struct Dates {
    formats: Vec<DateFormat>,
    /// (day first, first separator, second separator) of the first format, if of that shape.
    fixed: Option<(bool, u8, u8)>,
}

impl Dates {
    /// The formats, tried in order (then ISO).
    pub fn new(formats: Vec<DateFormat>) -> Dates {
        let fixed = match formats.first() {
            Some(DateFormat::Pattern(toks)) => match toks.as_slice() {
                [a, Tok::Lit(x), b, Tok::Lit(y), Tok::Year4] if x.is_ascii() && y.is_ascii() => {
                    match (a, b) {
                        (Tok::Day, Tok::Month) => Some((true, *x as u8, *y as u8)),
                        (Tok::Month, Tok::Day) => Some((false, *x as u8, *y as u8)),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        };
        Dates { formats, fixed }
    }

    /// The date of `s` as [`parse_any`] gives it. A valid date of the first format's fixed
    /// shape is what that format's [`DateFormat::apply`] gives first; anything else goes to
    /// `parse_any`.
    #[inline]
    pub fn parse(&self, s: &str, pivot: u32) -> Option<Date> {
        self.fixed
            .and_then(|f| fixed_date(f, s.as_bytes()))
            .or_else(|| parse_any(&self.formats, s, pivot))
    }
}

/// The date of a 10-byte text `dd?mm?yyyy` (or `mm?dd?yyyy` when not `day_first`) with
/// ASCII separators `x` and `y`, if it is one: the eight digits are checked and taken from two
/// words at once.
#[inline]
fn fixed_date((day_first, x, y): (bool, u8, u8), b: &[u8]) -> Option<Date> {
    let b: &[u8; 10] = b.try_into().ok()?;
    // One load each (an array built of single bytes was assembled byte by byte).
    let lo = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
    let hi = u64::from(u16::from_le_bytes([b[8], b[9]]));
    if (lo >> 16) as u8 != x || (lo >> 40) as u8 != y {
        return None;
    }
    // Bytes 0, 1, 3, 4, 6 and 7 of the first word, both bytes of the second.
    const DIGITS: u64 = 0xffff_00ff_ff00_ffff;
    if !all_digits(lo, DIGITS) || !all_digits(hi, 0xffff) {
        return None;
    }
    // Digit values; the separators' bytes become 0 (no borrow crosses a byte).
    let (lo, hi) = ((lo & DIGITS) - (ZEROS & DIGITS), hi - (ZEROS & 0xffff));
    // Each byte ten times itself plus the next byte's digit: bytes 0, 3 and 6 are then the
    // two-digit numbers starting there (at most 99, so no byte carries into the next).
    let pairs = lo * 10 + (lo >> 8);
    let at = |w: u64, i: u32| (w >> (8 * i) & 0xff) as u32;
    let (p, q) = (at(pairs, 0), at(pairs, 3));
    let year = at(pairs, 6) * 100 + at(hi, 0) * 10 + at(hi, 1);
    let (day, month) = if day_first { (p, q) } else { (q, p) };
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `'0'` in every byte of a word.
const ZEROS: u64 = 0x3030_3030_3030_3030;

/// Whether the bytes of `w` selected by `mask` (whole bytes) are all ASCII digits: the high
/// half of each is 3, and stays 3 when 6 is added (`0x3a` and above become `0x40` or more).
/// An unselected byte must be ASCII, so that adding 6 carries nothing into its neighbour.
#[inline]
fn all_digits(w: u64, mask: u64) -> bool {
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    let want = ZEROS & mask;
    w & mask & HIGH == want && w.wrapping_add(0x0606_0606_0606_0606) & mask & HIGH == want
}

/// Parse with the first format that fits (ISO is always tried last).
pub fn parse_any(formats: &[DateFormat], s: &str, pivot: u32) -> Option<Date> {
    formats
        .iter()
        .find_map(|f| f.apply(s, pivot))
        .or_else(|| parse_iso(trim_cell(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(spec: &str, s: &str) -> Option<String> {
        DateFormat::parse(spec)
            .unwrap()
            .apply(s, 29)
            .map(|d| d.to_string())
    }

    #[test]
    fn fixed_width_dates_read_as_the_tokens_read_them() {
        // `Dates` reads them by position before trying the formats in turn.
        let text = b"0123456789/-. 0193";
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for spec in [
            "dd/mm/yyyy",
            "mm-dd-yyyy",
            "d.m.yyyy",
            "dd/mm/yy",
            "mm/dd/yyyy",
        ] {
            let Ok(DateFormat::Pattern(toks)) = DateFormat::parse(spec) else {
                panic!("{spec}")
            };
            let formats = vec![
                DateFormat::Pattern(toks.clone()),
                DateFormat::parse("m/d/yyyy").unwrap(),
            ];
            let dates = Dates::new(formats.clone());
            for _ in 0..20_000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut s: Vec<u8> = (0..9 + seed % 3)
                    .map(|k| text[(seed >> (4 * k)) as usize % text.len()])
                    .collect();
                if seed.is_multiple_of(2) && s.len() == 10 {
                    (s[2], s[5]) = (spec.as_bytes()[2], spec.as_bytes()[5]);
                }
                let mut s = String::from_utf8(s).unwrap();
                if seed.is_multiple_of(3) {
                    let (a, b, y) = (seed >> 8 & 31, seed >> 16 & 15, seed >> 24 & 4095);
                    let sep = spec.chars().find(|c| !c.is_alphanumeric()).unwrap();
                    s = format!("{a:02}{sep}{b:02}{sep}{y:04}");
                }
                assert_eq!(
                    fixed_width(&toks, s.as_bytes()).unwrap_or_else(|| parse_tokens(&toks, &s, 29)),
                    parse_tokens(&toks, &s, 29),
                    "{spec} {s}"
                );
                assert_eq!(
                    dates.parse(&s, 29),
                    parse_any(&formats, &s, 29),
                    "{spec} {s}"
                );
            }
        }
    }

    #[test]
    fn formats() {
        assert_eq!(p("iso", "2021-09-30").as_deref(), Some("2021-09-30"));
        assert_eq!(
            p("iso", "2021-09-30 00:00:00").as_deref(),
            Some("2021-09-30")
        );
        assert_eq!(p("dd/mm/yyyy", "01/02/2020").as_deref(), Some("2020-02-01"));
        assert_eq!(p("dd/mm/yyyy", "1/2/2020").as_deref(), Some("2020-02-01"));
        assert_eq!(p("m/d/y", "3/30/2015").as_deref(), Some("2015-03-30"));
        assert_eq!(p("m/d/y", "09/19/88").as_deref(), Some("1988-09-19"));
        assert_eq!(p("m/d/y", "09/19/05").as_deref(), Some("2005-09-19"));
        assert_eq!(p("dd-Mon-yy", "20-Sep-19").as_deref(), Some("2019-09-20"));
        assert_eq!(p("dd-Mon-yy", "20-SEP-19").as_deref(), Some("2019-09-20"));
        assert_eq!(
            p("d Month yyyy", "4 July 2020").as_deref(),
            Some("2020-07-04")
        );
        assert_eq!(p("excel", "43831").as_deref(), Some("2020-01-01"));
        assert_eq!(p("excel", "1").as_deref(), Some("1900-01-01"));
        assert_eq!(p("excel", "61").as_deref(), Some("1900-03-01"));
        assert_eq!(p("dd/mm/yyyy", "31/02/2020"), None);
        assert_eq!(p("dd/mm/yyyy", "2020-01-01"), None);
        assert_eq!(p("dd/mm/yyyy", "01/02/20"), None);
        assert_eq!(p("m/d/y", "1/2/202"), None);
        // Separators: ASCII and not, matched exactly.
        assert_eq!(p("dd.mm.yyyy", "01.02.2020").as_deref(), Some("2020-02-01"));
        assert_eq!(p("dd.mm.yyyy", "01/02/2020"), None);
        assert_eq!(p("yyyy/mm/dd", "2020/02/01").as_deref(), Some("2020-02-01"));
        assert_eq!(p("dd–mm–yyyy", "01–02–2020").as_deref(), Some("2020-02-01"));
        assert_eq!(p("dd–mm–yyyy", "01-02-2020"), None);
        assert_eq!(p("dd–mm–yyyy", "01–02"), None);
        assert_eq!(p("dd/mm/yyyy", "01/02/"), None);
        assert!(DateFormat::parse("dd/qq/yyyy").is_err());
        assert!(DateFormat::parse("dd/mm").is_err());
    }
}
