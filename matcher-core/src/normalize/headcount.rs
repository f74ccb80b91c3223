//! Headcounts as platforms write them ("3", "5人", "招3名", "2-3人", "10人以上", "三名", "若干") → the number of
//! openings, or `None` when the text names no number (若干, 不限, 数名).

/// The most openings one posting may announce.
pub const MAX_HEADCOUNT: u32 = 100_000;

/// Words that say the number is open.
const OPEN: &[&str] = &["若干", "不限", "数", "多", "几"];

/// Reads a headcount: a number (half- or full-width, or in Chinese numerals up to 九十九), with 人 or 名 after
/// it and 招, 约 or 共 before it; of a range (2-3人) the larger, since a posting hires up to it; 以上 and + are
/// read as the number they follow.
pub fn parse_headcount(text: &str) -> Result<Option<u32>, String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '～' | '~' | '至' | '—' | '－' | '–' | '到' => '-',
            _ => c,
        })
        .collect();
    let mut core = compact.as_str();
    while let Some(rest) =
        ["招聘", "人数", "名额", "招", "约", "共", "需", "：", ":"].iter().find_map(|p| core.strip_prefix(p))
    {
        core = rest;
    }
    let core = core.trim_end_matches(['人', '名', '位', '个']);
    let core = core.strip_suffix("以上").or_else(|| core.strip_suffix('+')).unwrap_or(core);
    let core = core.trim_end_matches(['人', '名', '位', '个']);
    if core.is_empty() || OPEN.iter().any(|w| core.starts_with(w)) {
        return Ok(None);
    }
    let number = match core.rsplit_once('-') {
        Some((low, high)) if !low.is_empty() => {
            let (low, high) = (count(low), count(high));
            match (low, high) {
                (Some(low), Some(high)) if low <= high => Some(high),
                _ => None,
            }
        }
        _ => count(core),
    };
    match number {
        Some(n) if (1..=i64::from(MAX_HEADCOUNT)).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(format!("{n} is not between 1 and {MAX_HEADCOUNT}")),
        None => Err(format!("`{}` is not a number of openings", text.trim())),
    }
}

/// A whole number in digits ("3", "3.0" as a spreadsheet writes it, "-2") or in Chinese numerals (三, 两, 十二).
fn count(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    if let Some(whole) = text.strip_suffix(".0").or_else(|| text.strip_suffix(".00")) {
        return whole.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).or((c == '两').then_some(2));
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        [one] if *one == '十' => 10,
        [one] => digit(*one)?,
        ['十', units] => 10 + digit(*units)?,
        [tens, '十'] => digit(*tens)? * 10,
        [tens, '十', units] => digit(*tens)? * 10 + digit(*units)?,
        _ => return None,
    };
    Some(value as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_ways_headcounts_are_written() {
        for (text, expected) in [
            ("3", Some(3)),
            ("5人", Some(5)),
            ("招3名", Some(3)),
            ("招聘5人", Some(5)),
            ("人数：8", Some(8)),
            ("人数不限", None),
            ("2-3人", Some(3)),
            ("2～3名", Some(3)),
            ("10人以上", Some(10)),
            ("10+", Some(10)),
            ("三名", Some(3)),
            ("两人", Some(2)),
            ("十二人", Some(12)),
            ("二十", Some(20)),
            ("１０", Some(10)),
            ("4.0", Some(4)),
            ("若干", None),
            ("若干名", None),
            ("数名", None),
            ("不限", None),
            ("", None),
        ] {
            assert_eq!(parse_headcount(text), Ok(expected), "{text}");
        }
        for text in ["0", "-2", "3-2人", "很多人啊", "200000", "2.5"] {
            assert!(parse_headcount(text).is_err(), "{text}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,16}") {
            let _ = parse_headcount(&text);
        }
    }
}
