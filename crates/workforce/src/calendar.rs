//! The working-day calendar: Monday to Friday less England and Wales bank holidays.
//!
//! Bank holidays are built in by rule (New Year, Good Friday, Easter Monday, early May, spring
//! and summer bank holidays, Christmas and Boxing Day, with substitute days) plus the one-off
//! changes of the official list (royal wedding 2011, jubilees 2012 and 2022, VE day 2020, the
//! State Funeral 2022, the coronation 2023). The official list covers the years published by
//! the government; later years follow the rules. A data folder's `bank_holidays.csv` replaces
//! the built-in list entirely.
//!
//! Counting working days in a range is one subtraction on a prefix sum.

use crate::model::Date;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// First year the calendar covers.
pub const FIRST_YEAR: i32 = 1970;
/// Last year the calendar covers.
pub const LAST_YEAR: i32 = 2070;

/// A working-day calendar with O(1) range counts.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// Day number (days from CE) of `FIRST_YEAR`-01-01.
    origin: i32,
    /// `prefix[i]` = working days strictly before day `origin + i`.
    prefix: Vec<u32>,
    holidays: Vec<Date>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::england_and_wales()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid built-in date")
}

/// Easter Sunday (Gregorian), by the anonymous algorithm.
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn first_weekday(year: i32, month: u32, wd: Weekday) -> Date {
    let mut d = ymd(year, month, 1);
    while d.weekday() != wd {
        d += Duration::days(1);
    }
    d
}

fn last_weekday(year: i32, month: u32, wd: Weekday) -> Date {
    let mut d = if month == 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    } - Duration::days(1);
    while d.weekday() != wd {
        d -= Duration::days(1);
    }
    d
}

/// England and Wales bank holidays of one year.
pub fn bank_holidays(year: i32) -> Vec<Date> {
    let mut v = Vec::with_capacity(10);
    // New Year's Day, or the next Monday.
    let ny = ymd(year, 1, 1);
    v.push(match ny.weekday() {
        Weekday::Sat => ny + Duration::days(2),
        Weekday::Sun => ny + Duration::days(1),
        _ => ny,
    });
    let easter = easter_sunday(year);
    v.push(easter - Duration::days(2));
    v.push(easter + Duration::days(1));
    // Early May: first Monday, moved to Friday 8 May in 2020 (VE day).
    v.push(if year == 2020 {
        ymd(2020, 5, 8)
    } else {
        first_weekday(year, 5, Weekday::Mon)
    });
    // Spring: last Monday of May, moved for the 2002, 2012 and 2022 jubilees.
    match year {
        2002 => v.extend([ymd(2002, 6, 3), ymd(2002, 6, 4)]),
        2012 => v.extend([ymd(2012, 6, 4), ymd(2012, 6, 5)]),
        2022 => v.extend([ymd(2022, 6, 2), ymd(2022, 6, 3)]),
        _ => v.push(last_weekday(year, 5, Weekday::Mon)),
    }
    v.push(last_weekday(year, 8, Weekday::Mon));
    // Christmas and Boxing Day with substitutes.
    let xmas = ymd(year, 12, 25);
    match xmas.weekday() {
        Weekday::Fri => v.extend([xmas, ymd(year, 12, 28)]),
        Weekday::Sat => v.extend([ymd(year, 12, 27), ymd(year, 12, 28)]),
        Weekday::Sun => v.extend([ymd(year, 12, 26), ymd(year, 12, 27)]),
        _ => v.extend([xmas, ymd(year, 12, 26)]),
    }
    // One-off bank holidays.
    match year {
        1999 => v.push(ymd(1999, 12, 31)),
        2011 => v.push(ymd(2011, 4, 29)),
        2022 => v.push(ymd(2022, 9, 19)),
        2023 => v.push(ymd(2023, 5, 8)),
        _ => {}
    }
    v.sort();
    v
}

impl Calendar {
    /// The built-in England and Wales calendar.
    pub fn england_and_wales() -> Self {
        let mut hols = Vec::new();
        for y in FIRST_YEAR..=LAST_YEAR {
            hols.extend(bank_holidays(y));
        }
        Self::with_holidays(hols)
    }

    /// A calendar with exactly these bank holidays (weekends are always non-working).
    pub fn with_holidays(mut holidays: Vec<Date>) -> Self {
        holidays.sort();
        holidays.dedup();
        let origin = ymd(FIRST_YEAR, 1, 1).num_days_from_ce();
        let end = ymd(LAST_YEAR + 1, 1, 1).num_days_from_ce();
        let n = (end - origin) as usize;
        let mut is_hol = vec![false; n];
        for h in &holidays {
            let i = h.num_days_from_ce() - origin;
            if i >= 0 && (i as usize) < n {
                is_hol[i as usize] = true;
            }
        }
        let mut prefix = Vec::with_capacity(n + 1);
        let mut acc = 0u32;
        prefix.push(0);
        let mut wd = ymd(FIRST_YEAR, 1, 1).weekday().num_days_from_monday();
        for hol in is_hol {
            if wd < 5 && !hol {
                acc += 1;
            }
            prefix.push(acc);
            wd = (wd + 1) % 7;
        }
        Calendar {
            origin,
            prefix,
            holidays,
        }
    }

    /// The bank holidays in force.
    pub fn holidays(&self) -> &[Date] {
        &self.holidays
    }

    fn idx(&self, day: i32) -> usize {
        (day - self.origin).clamp(0, self.prefix.len() as i32 - 1) as usize
    }

    /// Working days in `[from, to]` given as day numbers (days from CE), both inclusive.
    /// Days outside the calendar's years count as non-working.
    pub fn working_days_between(&self, from: i32, to: i32) -> u32 {
        if to < from {
            return 0;
        }
        self.prefix[self.idx(to + 1)] - self.prefix[self.idx(from)]
    }

    /// Working days in `[from, to]`, both inclusive.
    pub fn working_days(&self, from: Date, to: Date) -> u32 {
        self.working_days_between(from.num_days_from_ce(), to.num_days_from_ce())
    }

    /// Is `day` a working day?
    pub fn is_working_day(&self, day: Date) -> bool {
        self.working_days(day, day) == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates_match_known_years() {
        assert_eq!(easter_sunday(2019), ymd(2019, 4, 21));
        assert_eq!(easter_sunday(2021), ymd(2021, 4, 4));
        assert_eq!(easter_sunday(2024), ymd(2024, 3, 31));
        assert_eq!(easter_sunday(2025), ymd(2025, 4, 20));
    }

    #[test]
    fn official_list_2022() {
        // The official England and Wales list for 2022.
        let want = [
            ymd(2022, 1, 3),
            ymd(2022, 4, 15),
            ymd(2022, 4, 18),
            ymd(2022, 5, 2),
            ymd(2022, 6, 2),
            ymd(2022, 6, 3),
            ymd(2022, 8, 29),
            ymd(2022, 9, 19),
            ymd(2022, 12, 26),
            ymd(2022, 12, 27),
        ];
        assert_eq!(bank_holidays(2022), want);
    }

    #[test]
    fn official_list_2020_and_2023() {
        assert!(bank_holidays(2020).contains(&ymd(2020, 5, 8)));
        assert!(!bank_holidays(2020).contains(&ymd(2020, 5, 4)));
        assert!(bank_holidays(2020).contains(&ymd(2020, 12, 28)));
        assert!(bank_holidays(2023).contains(&ymd(2023, 5, 8)));
        assert_eq!(bank_holidays(2023).len(), 9);
        assert_eq!(bank_holidays(2021).len(), 8);
    }

    #[test]
    fn working_days_of_csww_year_2021() {
        let c = Calendar::default();
        // 2020-10-01..2021-09-30: 261 weekdays, 8 bank holidays inside (25, 28 Dec 2020;
        // 1 Jan, 2 Apr, 5 Apr, 3 May, 31 May, 30 Aug 2021).
        assert_eq!(c.working_days(ymd(2020, 10, 1), ymd(2021, 9, 30)), 253);
        assert!(!c.is_working_day(ymd(2021, 12, 27)));
        assert!(c.is_working_day(ymd(2021, 12, 29)));
        assert_eq!(c.working_days(ymd(2021, 1, 2), ymd(2021, 1, 1)), 0);
    }

    #[test]
    fn override_replaces_list() {
        let c = Calendar::with_holidays(vec![ymd(2021, 6, 1)]);
        assert!(!c.is_working_day(ymd(2021, 6, 1)));
        assert!(c.is_working_day(ymd(2021, 12, 27)));
    }
}
