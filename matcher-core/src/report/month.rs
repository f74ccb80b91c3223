//! `Month`: a calendar month (the report's unit), written `2026-10`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Serialize, Serializer};

use crate::error::Error;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Month {
        Month { year: day.year(), month: day.month() }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    /// Months from this one to `later` (0 when `later` is this month or before it).
    pub fn months_until(self, later: Month) -> u32 {
        let a = i64::from(self.year) * 12 + i64::from(self.month);
        let b = i64::from(later.year) * 12 + i64::from(later.month);
        u32::try_from((b - a).max(0)).unwrap_or(0)
    }

    /// The month as League offices write it: 2026年10月.
    pub fn zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// Checks the day a report stands at: a year of 2000–2100 (as every date Jinqiao reads), and not after
/// `today` (a report counts what has happened; a later day would be dated in the future and count nothing new).
pub fn check_report_day(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Error> {
    if !(2000..=2100).contains(&day.year()) {
        return Err(Error::invalid("day", day.to_string(), "a report's day must fall in the years 2000–2100"));
    }
    if day > today {
        return Err(Error::invalid(
            "day",
            day.to_string(),
            format!("is after today ({today}): a report counts what has happened"),
        ));
    }
    Ok(day)
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = Error;
    fn from_str(text: &str) -> Result<Month, Error> {
        let text = text.trim();
        let bad = || Error::invalid("month", text, "expected a month such as 2026-10");
        let (year, month) = text.split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_step_and_bound_their_days() {
        let m: Month = "2026-02".parse().unwrap();
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!("2026-12".parse::<Month>().unwrap().next().to_string(), "2027-01");
        assert_eq!("2026-01".parse::<Month>().unwrap().previous().to_string(), "2025-12");
        assert_eq!(m.months_until("2026-12".parse().unwrap()), 10);
        for bad in ["2026", "2026-13", "2026-00", "x-01", "", "10-2026", "2201-01", "1899-12"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_report_stands_at_a_day_that_has_come_within_the_years_read() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let today = day("2026-12-05");
        assert_eq!(check_report_day(today, today).unwrap(), today);
        assert_eq!(check_report_day(day("2026-10-31"), today).unwrap(), day("2026-10-31"));
        for bad in ["2026-12-06", "2040-01-31", "1899-12-31", "9999-12-31"] {
            let error = check_report_day(day(bad), today).unwrap_err().to_string();
            assert!(error.contains(bad), "{bad}: {error}");
        }
    }
}
