//! Dates as platforms write them: 2023-03-01, 2023/3/1, 2023年3月1日, 20230301, with a time, epoch seconds or
//! milliseconds; and, read on a known day, what listings copied from web pages write: a month and day without
//! the year (11-01, 11月1日), relative days (今天, 昨天, 3天前, 5小时前), and an expiry that is no date
//! (长期有效, 招满为止).

use chrono::{DateTime, Datelike, Days, NaiveDate};

/// Expiry texts that mean the posting has no closing day.
const NO_EXPIRY: &[&str] =
    &["长期", "长期有效", "长期招聘", "常年招聘", "招满为止", "不限", "无", "无期限", "截止日期不限"];

/// Reads a date; a time of day after it is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty date".to_string());
    }
    if (9..=14).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        // Epoch seconds (ten digits until 2286) or milliseconds (thirteen): a day of 2000–2100 is never both.
        let number: i64 = trimmed.parse().map_err(|_| format!("`{trimmed}` is not a date"))?;
        let millis = if trimmed.len() <= 11 { number.saturating_mul(1000) } else { number };
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

/// Reads the day a posting was published, read on `today`: a date, or a month and day without the year (the
/// latest such day not after `today`), or a day relative to `today` (今天, 昨天, 前天, 3天前, 5小时前, 刚刚).
pub fn parse_posted(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let full = parse_date(text);
    if full.is_ok() {
        return full;
    }
    let trimmed = text.trim();
    if let Some(day) = relative_day(trimmed, today) {
        return Ok(day);
    }
    if let Some((month, day)) = month_day(trimmed) {
        let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
        let last_year = NaiveDate::from_ymd_opt(today.year() - 1, month, day);
        // One day of grace: a listing copied at midnight, or a platform a time zone ahead.
        let latest = this_year.filter(|d| *d <= today + Days::new(1)).or(last_year);
        return latest.ok_or_else(|| format!("`{trimmed}` is not a day of the year"));
    }
    full
}

/// Reads the day a posting closes, read on `today`: a date, a month and day without the year (the nearest such
/// day: this year's, or next year's when this year's is more than half a year gone), or `None` for a text that
/// says it does not close (长期有效, 招满为止).
pub fn parse_expiry(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let trimmed = text.trim();
    if NO_EXPIRY.contains(&trimmed) {
        return Ok(None);
    }
    let full = parse_date(trimmed);
    if full.is_ok() {
        return full.map(Some);
    }
    if let Some((month, day)) = month_day(trimmed) {
        let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
        let next_year = NaiveDate::from_ymd_opt(today.year() + 1, month, day);
        let half_year_ago = today - Days::new(183);
        let nearest = this_year.filter(|d| *d >= half_year_ago).or(next_year);
        return nearest.map(Some).ok_or_else(|| format!("`{trimmed}` is not a day of the year"));
    }
    full.map(Some)
}

/// 今天, 昨天, 前天, 刚刚, N天前, N小时前, N分钟前 → the day, counted back from `today`.
fn relative_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let back = match compact.as_str() {
        "今天" | "今日" | "刚刚" | "刚才" => 0,
        "昨天" | "昨日" => 1,
        "前天" => 2,
        _ => {
            let number = compact.strip_suffix('前')?;
            let (count, unit) = number.split_at(number.find(|c: char| !c.is_ascii_digit())?);
            let count: u64 = count.parse().ok()?;
            match unit {
                "天" | "日" => count,
                "周" | "星期" => count.checked_mul(7)?,
                "小时" | "个小时" | "分钟" | "秒" => 0,
                _ => return None,
            }
        }
    };
    // Hours or minutes ago may be yesterday; the listing does not say, and a day either way changes nothing
    // a student would see. More than a year back is no recent listing: not read.
    (back <= 366).then(|| today - Days::new(back))
}

/// `11-01`, `11/1`, `11.01`, `11月1日`: a month and a day without the year, with an optional time after.
fn month_day(text: &str) -> Option<(u32, u32)> {
    let day_part = text.split([' ', 'T']).next().unwrap_or(text);
    let day_part = day_part.strip_suffix('日').or_else(|| day_part.strip_suffix('号')).unwrap_or(day_part);
    let (month, day) = day_part.split_once(['-', '/', '.', '月'])?;
    let parse = |t: &str| (1..=2).contains(&t.len()).then(|| t.parse::<u32>().ok()).flatten();
    let (month, day) = (parse(month)?, parse(day)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
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
        assert_eq!(parse_date("1677628800").unwrap(), d, "epoch seconds");
        assert_eq!(parse_date("1677628800000").unwrap(), d, "epoch milliseconds");
        assert!(parse_date("99999999999999").is_err());
    }

    #[test]
    fn reads_what_listings_copied_from_web_pages_write_on_the_day_they_are_read() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (text, expected) in [
            ("11-01", day(2026, 11, 1)),
            ("11月1日", day(2026, 11, 1)),
            ("12/06", day(2026, 12, 6)),
            ("12-25 09:30", day(2025, 12, 25)),
            ("今天", today),
            ("昨天", day(2026, 12, 4)),
            ("3天前", day(2026, 12, 2)),
            ("2周前", day(2026, 11, 21)),
            ("5小时前", today),
            ("2026-10-01", day(2026, 10, 1)),
        ] {
            assert_eq!(parse_posted(text, today), Ok(expected), "{text}");
        }
        for text in ["明天", "13-01", "02-30", "100000天前", "前"] {
            assert!(parse_posted(text, today).is_err(), "{text}");
        }
        assert_eq!(parse_posted("02-29", day(2028, 3, 1)), Ok(day(2028, 2, 29)));
        assert!(parse_posted("02-29", day(2027, 3, 1)).is_err(), "no 29 February in the year before either");
        for (text, expected) in [
            ("01-15", Some(day(2027, 1, 15))),
            ("11-30", Some(day(2026, 11, 30))),
            ("2027年3月1日", Some(day(2027, 3, 1))),
            ("长期有效", None),
            ("招满为止", None),
        ] {
            assert_eq!(parse_expiry(text, today), Ok(expected), "{text}");
        }
        assert!(parse_expiry("下个月", today).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
            let _ = (parse_date(&text), parse_posted(&text, today), parse_expiry(&text, today));
        }
    }
}
