//! The working-day calendar: Monday to Friday less England and Wales bank holidays.
//!
//! Bank holidays are built in by rule (New Year, Good Friday, Easter Monday, early May, spring
//! and summer bank holidays, Christmas and Boxing Day, with substitute days) plus the one-off
//! changes of the official list (royal wedding 2011, jubilees 2012 and 2022, VE day 2020, the
//! State Funeral 2022, the coronation 2023). The official list covers the years published by
//! the government; later years follow the rules. A data folder's `bank_holidays.csv` replaces
//! the built-in list entirely.
//!
//! Counting working days in a range is one subtraction on a prefix sum over the years
//! `FIRST_YEAR..=LAST_YEAR`; days outside them are counted by weekday, less the bank holidays
//! there (the built-in rules' for the built-in calendar, the listed ones for a replaced list).

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
    /// The built-in England and Wales list (its years outside the table follow the rules).
    built_in: bool,
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

/// Weekday bank holidays of the built-in rules in the years before each year of ISO dates:
/// `[y]` counts those of the years `1..y` (`y` from 1 to 10,000). Built once, on the first
/// count of working days outside the table's years.
fn weekday_holidays_before() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut before = vec![0u32; 10_001];
        for y in 1..=9999 {
            let weekdays = bank_holidays(y)
                .iter()
                .filter(|h| h.weekday().num_days_from_monday() < 5)
                .count() as u32;
            before[y as usize + 1] = before[y as usize] + weekdays;
        }
        before
    })
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
        Calendar {
            built_in: true,
            ..Self::with_holidays(hols)
        }
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
            built_in: false,
        }
    }

    /// The bank holidays in force.
    pub fn holidays(&self) -> &[Date] {
        &self.holidays
    }

    /// Working days in `[from, to]` given as day numbers (days from CE), both inclusive.
    /// Days outside the table's years are working days from Monday to Friday unless they are
    /// bank holidays.
    pub fn working_days_between(&self, from: i32, to: i32) -> u32 {
        if to < from {
            return 0;
        }
        let end = self.origin + self.prefix.len() as i32 - 1; // first day after the table
        let mut n = 0u32;
        let (a, b) = (from.max(self.origin), to.min(end - 1));
        if a <= b {
            n += self.prefix[(b + 1 - self.origin) as usize]
                - self.prefix[(a - self.origin) as usize];
        }
        if from < self.origin {
            n += self.outside(from, to.min(self.origin - 1));
        }
        if to >= end {
            n += self.outside(from.max(end), to);
        }
        n
    }

    /// Working days in `[from, to]`, a range outside the table.
    fn outside(&self, from: i32, to: i32) -> u32 {
        // Weekdays before day `n`: day 1 (0001-01-01) is a Monday.
        let weekdays = |n: i64| {
            let (w, r) = ((n - 1).div_euclid(7), (n - 1).rem_euclid(7));
            5 * w + r.min(5)
        };
        let mut n = weekdays(i64::from(to) + 1) - weekdays(i64::from(from));
        let is_holiday = |h: &Date| {
            let d = h.num_days_from_ce();
            from <= d && d <= to && h.weekday().num_days_from_monday() < 5
        };
        if self.built_in {
            // The rules give the years of ISO dates (1 to 9999); no other day is a holiday.
            let year = |d: i32| NaiveDate::from_num_days_from_ce_opt(d).map(|d| d.year());
            let (y0, y1) = (year(from).unwrap_or(i32::MIN), year(to).unwrap_or(i32::MAX));
            let (lo, hi) = (y0.max(1), y1.min(9999));
            if lo <= hi {
                // The first and last years may be partly in the range; those between are
                // wholly in it and counted from the table (a date such as 9999-12-31 standing
                // for "open" would otherwise cost thousands of years' rules on every call).
                let edge = |y: i32| bank_holidays(y).iter().filter(|h| is_holiday(h)).count();
                n -= edge(lo) as i64;
                if hi > lo {
                    n -= edge(hi) as i64;
                    let before = weekday_holidays_before();
                    n -= i64::from(before[hi as usize] - before[lo as usize + 1]);
                }
            }
        } else {
            n -= self.holidays.iter().filter(|h| is_holiday(h)).count() as i64;
        }
        n.clamp(0, i64::from(u32::MAX)) as u32
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
    fn days_outside_the_table_are_weekdays_less_bank_holidays() {
        let c = Calendar::default();
        assert_eq!(ymd(1, 1, 1).weekday(), Weekday::Mon);
        // Mon 25 Dec 2090 to Sun 31 Dec 2090: Christmas and Boxing Day are holidays, 27–29
        // working.
        assert_eq!(c.working_days(ymd(2090, 12, 25), ymd(2090, 12, 31)), 3);
        // Mon 3 – Sun 9 Jan 1950: five weekdays (New Year's Day fell on a Sunday, its Monday
        // substitute on 2 Jan).
        assert_eq!(c.working_days(ymd(1950, 1, 2), ymd(1950, 1, 8)), 4);
        // A range across the table's last day, Wed 31 Dec 2070 to Sat 3 Jan 2071: 31 Dec and
        // Fri 2 Jan (Thu 1 Jan is New Year's Day).
        assert_eq!(c.working_days(ymd(2070, 12, 31), ymd(2071, 1, 3)), 2);
        // A whole year far ahead: 261 weekdays in 2200 (Wednesday start, not leap) less 8 bank
        // holidays.
        assert_eq!(c.working_days(ymd(2200, 1, 1), ymd(2200, 12, 31)), 253);
        assert!(c.working_days(ymd(2019, 1, 1), ymd(9999, 12, 31)) > 2_000_000);
        // A replaced list: only its own dates are holidays, outside the table too.
        // Against a day-by-day count: ranges across the table's ends and over many years.
        let by_day = |from: Date, to: Date| {
            let mut n = 0;
            let mut d = from;
            while d <= to {
                if d.weekday().num_days_from_monday() < 5 && !bank_holidays(d.year()).contains(&d) {
                    n += 1;
                }
                d += Duration::days(1);
            }
            n
        };
        for (a, b) in [
            (ymd(1900, 3, 4), ymd(1985, 7, 1)),
            (ymd(2060, 6, 1), ymd(2200, 2, 28)),
            (ymd(2071, 1, 1), ymd(2071, 12, 31)),
            (ymd(9990, 12, 30), ymd(9999, 12, 31)),
        ] {
            assert_eq!(c.working_days(a, b), by_day(a, b), "{a} to {b}");
        }
        let r = Calendar::with_holidays(vec![ymd(2090, 12, 27)]);
        assert_eq!(r.working_days(ymd(2090, 12, 25), ymd(2090, 12, 31)), 4);
        assert_eq!(r.working_days(ymd(1950, 1, 2), ymd(1950, 1, 8)), 5);
    }

    #[test]
    fn override_replaces_list() {
        let c = Calendar::with_holidays(vec![ymd(2021, 6, 1)]);
        assert!(!c.is_working_day(ymd(2021, 6, 1)));
        assert!(c.is_working_day(ymd(2021, 12, 27)));
    }
}
