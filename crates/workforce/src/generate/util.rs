//! Small helpers shared by the generator: day numbers, a seeded random source, id formats.

use crate::model::Date;
use chrono::Datelike;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Day number meaning "no end": still open after the history ends.
pub(crate) const OPEN: i32 = i32::MAX;

/// Day number (days from CE) of a date.
pub(crate) fn day(d: Date) -> i32 {
    d.num_days_from_ce()
}

/// Date of a day number.
pub(crate) fn date(n: i32) -> Date {
    Date::from_num_days_from_ce_opt(n).expect("generated day in chrono's range")
}

/// The end date of a record: `None` when it runs past the end of the history.
pub(crate) fn end_date(n: i32, history_end: i32) -> Option<Date> {
    (n <= history_end).then(|| date(n))
}

/// The dates of a run of day numbers, worked out once: the case allocations' 180,000 dates
/// are looked up here instead of each being worked out from its day number.
pub(crate) struct Days {
    first: i32,
    dates: Vec<Date>,
}

impl Days {
    /// The dates of the history's days.
    pub(crate) fn of(h: &Horizon) -> Self {
        Days {
            first: h.start,
            dates: (h.start..=h.end).map(date).collect(),
        }
    }
    /// [`date`], from the table when `n` is one of its days.
    pub(crate) fn date(&self, n: i32) -> Date {
        let at = n
            .checked_sub(self.first)
            .and_then(|i| usize::try_from(i).ok());
        match at.and_then(|i| self.dates.get(i)) {
            Some(&d) => d,
            None => date(n),
        }
    }
    /// [`end_date`], from the table.
    pub(crate) fn end_date(&self, n: i32, history_end: i32) -> Option<Date> {
        (n <= history_end).then(|| self.date(n))
    }
}

/// The period the data covers and the stock date its calibrated state is built around.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Horizon {
    pub start: i32,
    pub end: i32,
    pub anchor: i32,
}

impl Horizon {
    /// First day of the CSWW year that ends on the anchor date.
    pub fn year_start(&self) -> i32 {
        self.anchor - 364
    }
}

/// The seeded random source. `SmallRng` with a fixed seed gives the same stream every run.
pub(crate) struct Random(SmallRng);

impl Random {
    pub fn new(seed: u64) -> Self {
        Random(SmallRng::seed_from_u64(seed))
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.gen::<f64>()
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Uniform integer in `[lo, hi]` (just `lo` when the range is empty).
    pub fn int(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            lo
        } else {
            self.0.gen_range(lo..=hi)
        }
    }
    pub fn index(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n)
    }
    /// An exponential number of days with the given mean, capped at 40 years.
    pub fn exp_days(&mut self, mean: f64) -> i32 {
        let x = -(1.0 - self.unit()).ln() * mean;
        x.min(14_600.0).round() as i32
    }
    /// One item by weight.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut x = self.unit() * total;
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.0.gen_range(0..=i);
            v.swap(i, j);
        }
    }
}

/// `prefix` followed by `n` zero-padded to `width` digits (more when `n` needs them), built
/// on the stack: the generator writes one for nearly every record, and the model's id types
/// hold such short text inline (or interned), so a heap `String` would only be thrown away.
pub(crate) fn id(prefix: char, n: usize, width: usize) -> IdText {
    let mut text = IdText {
        bytes: [b'0'; IdText::CAPACITY],
        len: 0,
    };
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut x = n;
    while x > 0 || len < width.min(digits.len()) {
        digits[len] = b'0' + (x % 10) as u8;
        x /= 10;
        len += 1;
    }
    let prefix = prefix.encode_utf8(&mut text.bytes[..4]).len();
    for (to, &d) in text.bytes[prefix..]
        .iter_mut()
        .zip(digits[..len].iter().rev())
    {
        *to = d;
    }
    text.len = (prefix + len) as u8;
    text
}

/// An id's text as [`id`] builds it: a prefix and up to 20 digits, held inline.
#[derive(Clone, Copy)]
pub(crate) struct IdText {
    bytes: [u8; IdText::CAPACITY],
    len: u8,
}

impl IdText {
    const CAPACITY: usize = 24;

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).expect("a prefix and digits")
    }
}

impl std::ops::Deref for IdText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<IdText> for ecow::EcoString {
    fn from(t: IdText) -> Self {
        ecow::EcoString::from(t.as_str())
    }
}

impl From<IdText> for crate::Id {
    fn from(t: IdText) -> Self {
        crate::Id::new(t.as_str())
    }
}

impl From<IdText> for String {
    fn from(t: IdText) -> Self {
        t.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_zero_padded() {
        assert_eq!(super::id('P', 123, 6).as_str(), "P000123");
        assert_eq!(super::id('C', 0, 3).as_str(), "C000");
        assert_eq!(super::id('K', 12_345_678, 7).as_str(), "K12345678");
        assert_eq!(
            super::id('K', usize::MAX, 7).as_str(),
            format!("K{}", usize::MAX)
        );
    }
}
