//! Pay as platforms write it ("1-1.5万/月", "20-40万/年", "150元/天", "10k-20k", "面议") → monthly yuan.

use crate::model::MonthlyPay;

/// Working days in a month, as used by the national labour statistics (21.75).
pub const WORKING_DAYS_PER_MONTH: f64 = 21.75;
/// Hours in a working day.
pub const HOURS_PER_DAY: f64 = 8.0;

const UNKNOWN_WORDS: &[&str] = &["面议", "协商", "商议", "待定", "不限", "面谈"];
/// Piece rates (per job done, per order, per item): no monthly value, so the pay is left unstated, as the
/// 小翅零工 format's unit 次, 单 or 件 is.
const PIECE_RATES: &[&str] = &["/次", "/单", "/件", "每次", "每单", "每件", "计件", "按件", "按单"];

/// How often an amount is paid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PayPeriod {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl PayPeriod {
    /// Months-equivalent factor: monthly = amount × factor.
    pub fn monthly_factor(self) -> f64 {
        match self {
            PayPeriod::Hour => HOURS_PER_DAY * WORKING_DAYS_PER_MONTH,
            PayPeriod::Day => WORKING_DAYS_PER_MONTH,
            PayPeriod::Week => 52.0 / 12.0,
            PayPeriod::Month => 1.0,
            PayPeriod::Year => 1.0 / 12.0,
        }
    }

    /// Reads a unit word (天, 日, 小时, 时, 周, 月, 年, and their English forms).
    pub fn parse(unit: &str) -> Option<PayPeriod> {
        let unit = unit.trim().trim_start_matches(['元', '/', '每']).to_lowercase();
        match unit.as_str() {
            "小时" | "时" | "hour" | "h" => Some(PayPeriod::Hour),
            "天" | "日" | "day" | "d" => Some(PayPeriod::Day),
            "周" | "week" => Some(PayPeriod::Week),
            "月" | "month" | "" => Some(PayPeriod::Month),
            "年" | "year" => Some(PayPeriod::Year),
            _ => None,
        }
    }
}

/// Reads a pay string; 面议 and empty give an unknown range, text with no amount is an error.
pub fn parse_pay(text: &str) -> Result<MonthlyPay, String> {
    let cleaned = clean(text);
    let unknown = |words: &[&str]| words.iter().any(|w| cleaned.contains(w));
    if cleaned.is_empty() || unknown(UNKNOWN_WORDS) || unknown(PIECE_RATES) {
        return Ok(MonthlyPay::default());
    }
    let (body, months_paid) = split_bonus_months(&cleaned);
    let period = detect_period(body);
    let amounts = read_amounts(body);
    let (low, high) = match amounts.as_slice() {
        [] => return Err(format!("no amount in pay `{}`", text.trim())),
        [one] => bound_of_single(body, *one),
        [first, second, ..] => (Some(first.min(*second)), Some(first.max(*second))),
    };
    let factor = period.monthly_factor() * months_paid / 12.0;
    to_monthly(low, high, factor).map_err(|reason| format!("pay `{}`: {reason}", text.trim()))
}

/// Converts an amount paid per `period` into a monthly range of one value.
pub fn monthly_from_amount(amount: f64, period: PayPeriod) -> Result<MonthlyPay, String> {
    to_monthly(Some(amount), Some(amount), period.monthly_factor())
}

fn to_monthly(low: Option<f64>, high: Option<f64>, factor: f64) -> Result<MonthlyPay, String> {
    let convert = |v: f64| -> Result<u32, String> {
        let monthly = (v * factor).round();
        if !(100.0..=2_000_000.0).contains(&monthly) {
            return Err(format!("{monthly} yuan a month is not a plausible pay"));
        }
        Ok(monthly as u32)
    };
    Ok(MonthlyPay { min: low.map(convert).transpose()?, max: high.map(convert).transpose()? })
}

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '～' | '~' | '至' | '—' | '－' | '–' | '到' => '-',
            '／' => '/',
            '．' => '.',
            'K' => 'k',
            'W' | 'w' => '万',
            _ => c,
        })
        .collect()
}

/// "15k·13薪" pays 13 months a year.
fn split_bonus_months(text: &str) -> (&str, f64) {
    if let Some(at) = text.find('薪') {
        let before = &text[..at];
        let digits: String =
            before.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
        if let Ok(months) = digits.parse::<f64>() {
            if (12.0..=24.0).contains(&months) {
                let body = before[..before.len() - digits.len()].trim_end_matches(['·', '*', 'x', '×', ',', '，']);
                return (body, months);
            }
        }
    }
    (text, 12.0)
}

fn detect_period(text: &str) -> PayPeriod {
    if text.contains("小时") || text.contains("/时") || text.contains("时薪") || text.contains("/h") {
        PayPeriod::Hour
    } else if text.contains("/天") || text.contains("/日") || text.contains("日薪") || text.contains("每天") {
        PayPeriod::Day
    } else if text.contains("/周") || text.contains("周薪") {
        PayPeriod::Week
    } else if text.contains("/年") || text.contains("年薪") || text.contains("每年") {
        PayPeriod::Year
    } else {
        PayPeriod::Month
    }
}

/// Numbers with their scale (万, 千, k); a bare first number borrows the second's scale ("1-1.5万").
fn read_amounts(text: &str) -> Vec<f64> {
    let mut amounts: Vec<(f64, Option<f64>)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let Ok(value) = number.trim_end_matches('.').parse::<f64>() else {
            continue;
        };
        let scale = match chars.get(i) {
            Some('万') => Some(10_000.0),
            Some('千') | Some('k') => Some(1_000.0),
            Some('百') => Some(100.0),
            _ => None,
        };
        amounts.push((value, scale));
    }
    if let [(first, None), (second, Some(scale)), ..] = amounts.as_slice() {
        if first <= second {
            amounts[0].1 = Some(*scale);
        }
    }
    amounts.into_iter().map(|(value, scale)| value * scale.unwrap_or(1.0)).collect()
}

fn bound_of_single(text: &str, value: f64) -> (Option<f64>, Option<f64>) {
    if text.contains("以上") || text.contains('+') || text.contains("起") {
        (Some(value), None)
    } else if text.contains("以下") || text.contains("以内") {
        (None, Some(value))
    } else {
        (Some(value), Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pay(text: &str) -> (Option<u32>, Option<u32>) {
        let p = parse_pay(text).unwrap();
        (p.min, p.max)
    }

    #[test]
    fn reads_platform_pay_strings() {
        assert_eq!(pay("1-1.5万/月"), (Some(10_000), Some(15_000)));
        assert_eq!(pay("20-40万/年"), (Some(16_667), Some(33_333)));
        assert_eq!(pay("150元/天"), (Some(3_263), Some(3_263)));
        assert_eq!(pay("10k-20k"), (Some(10_000), Some(20_000)));
        assert_eq!(pay("10-15K·13薪"), (Some(10_833), Some(16_250)));
        assert_eq!(pay("8000-1万"), (Some(8_000), Some(10_000)));
        assert_eq!(pay("5000以上"), (Some(5_000), None));
        assert_eq!(pay("3000元以下"), (None, Some(3_000)));
        assert_eq!(pay("25元/小时"), (Some(4_350), Some(4_350)));
        assert_eq!(pay("４０００－６０００元"), (Some(4_000), Some(6_000)));
        assert_eq!(pay("面议"), (None, None));
        assert_eq!(pay(""), (None, None));
        // A piece rate has no monthly value: unstated, never 120 yuan a month.
        for piece in ["120元/次", "5元/单", "每件0.8元", "计件工资"] {
            assert_eq!(pay(piece), (None, None), "{piece}");
        }
    }

    #[test]
    fn rejects_text_without_amounts_and_absurd_amounts() {
        assert!(parse_pay("很高").is_err());
        assert!(parse_pay("1元/月").is_err());
        assert!(parse_pay("99999万/月").is_err());
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_min_below_max(text in "\\PC{0,20}") {
            if let Ok(p) = parse_pay(&text) {
                if let (Some(lo), Some(hi)) = (p.min, p.max) { prop_assert!(lo <= hi); }
            }
        }

        #[test]
        fn plain_monthly_ranges_round_trip(lo in 1_000u32..50_000, span in 0u32..20_000) {
            let p = parse_pay(&format!("{}-{}元/月", lo, lo + span)).unwrap();
            prop_assert_eq!(p.min, Some(lo));
            prop_assert_eq!(p.max, Some(lo + span));
        }
    }
}
