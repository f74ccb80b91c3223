//! Dates as platforms write them: 2023-03-01, 2023/3/1, 2023年3月1日, 20230301, with a time, or epoch milliseconds.

use chrono::{DateTime, NaiveDate};

/// Reads a date; a time of day after it is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty date".to_string());
    }
    if trimmed.len() >= 12 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let millis: i64 = trimmed.parse().map_err(|_| format!("`{trimmed}` is not a date"))?;
        let date = DateTime::from_timestamp_millis(millis)
            .map(|t| t.date_naive())
            .ok_or_else(|| format!("`{trimmed}` is not a timestamp"))?;
        if !(2000..=2100).contains(&chrono::Datelike::year(&date)) {
            return Err(format!("`{trimmed}` is out of the years 2000–2100"));
        }
        return Ok(date);
    }
    let day_part = trimmed.split([' ', 'T']).next().unwrap_or(trimmed);
    let normalised: String = day_part
        .chars()
        .map(|c| if matches!(c, '/' | '.' | '年' | '月') { '-' } else { c })
        .filter(|c| *c != '日')
        .collect();
    for format in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(&normalised, format) {
            if (2000..=2100).contains(&chrono::Datelike::year(&date)) {
                return Ok(date);
            }
            return Err(format!("`{trimmed}` is out of the years 2000–2100"));
        }
    }
    Err(format!("`{trimmed}` is not a date (expected e.g. 2023-03-01)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_platform_dates() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        for text in ["2023-03-01", "2023/3/1", "2023年3月1日", "20230301", "2023-03-01 10:00:00", "2023-03-01T08:00:00"]
        {
            assert_eq!(parse_date(text).unwrap(), d, "{text}");
        }
        assert_eq!(parse_date("1677657600000").unwrap(), d);
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("明天").is_err());
        assert!(parse_date("1899-01-01").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = parse_date(&text);
        }
    }
}
