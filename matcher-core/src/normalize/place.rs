//! Free-text places ("长沙-岳麓区", "湘西州", "湖南省长沙市", "430104") → GB/T 2260 codes.

use crate::model::RegionCode;
use crate::taxonomy::RegionTable;

/// Reads a place written as a code or as names, most specific level wins; names that disagree
/// ("长沙市雁峰区": 雁峰区 is in 衡阳市) are an error, not a guess.
pub fn resolve_place(regions: &RegionTable, text: &str) -> Result<RegionCode, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty place".to_string());
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return resolve_code(regions, trimmed);
    }
    let chars: Vec<char> = trimmed.chars().filter(|c| !is_place_separator(*c)).collect();
    let matches = scan_names(regions, &chars);
    let Some(most_specific) = matches.iter().copied().max_by_key(|code| specificity(*code)) else {
        return Err(format!("no Hunan county, prefecture or province is named in `{trimmed}`"));
    };
    for code in &matches {
        let contains =
            *code == most_specific.province() || *code == most_specific.prefecture() || *code == most_specific;
        if !contains {
            let (a, b) = (regions.display_name(*code), regions.display_name(most_specific));
            return Err(format!("`{trimmed}` names places that do not contain each other ({a}, {b})"));
        }
    }
    Ok(most_specific)
}

fn resolve_code(regions: &RegionTable, digits: &str) -> Result<RegionCode, String> {
    let code: RegionCode = digits.parse().map_err(|e: crate::Error| e.to_string())?;
    if regions.get(code).is_some() {
        return Ok(code);
    }
    if regions.is_hunan(code) {
        return Err(format!("{code} is not a Hunan region code"));
    }
    if regions.get(code.province()).is_none() {
        return Err(format!("{code} is not in any province"));
    }
    // Outside Hunan only provinces are listed: a finer code keeps its own value, trusted by its province.
    Ok(code)
}

/// Longest names first, left to right; a position inside a matched name is not matched again.
fn scan_names(regions: &RegionTable, chars: &[char]) -> Vec<RegionCode> {
    let longest = regions.longest_alias();
    let mut found = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let max_len = longest.min(chars.len() - start);
        let mut matched = 0;
        for len in (2..=max_len).rev() {
            let candidate: String = chars[start..start + len].iter().collect();
            if let Some(code) = regions.alias(&candidate) {
                found.push(code);
                matched = len;
                break;
            }
        }
        start += matched.max(1);
    }
    found
}

fn specificity(code: RegionCode) -> u8 {
    if code.is_province() {
        0
    } else if code.is_prefecture() {
        1
    } else {
        2
    }
}

fn is_place_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '－' | '—' | '·' | '/' | '／' | ',' | '，' | '、' | '|' | '>' | '(' | ')' | '（' | '）')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;
    use proptest::prelude::*;

    fn place(text: &str) -> Result<String, String> {
        resolve_place(&Taxonomy::embedded().regions, text).map(|c| c.to_string())
    }

    #[test]
    fn reads_the_ways_places_are_written() {
        assert_eq!(place("长沙-岳麓区").unwrap(), "430104");
        assert_eq!(place("岳麓区").unwrap(), "430104");
        assert_eq!(place("长沙市").unwrap(), "430100");
        assert_eq!(place("长沙").unwrap(), "430100");
        assert_eq!(place("湘西州").unwrap(), "433100");
        assert_eq!(place("湘西土家族苗族自治州吉首市").unwrap(), "433101");
        assert_eq!(place("湖南省长沙市岳麓区").unwrap(), "430104");
        assert_eq!(place("长沙县").unwrap(), "430121");
        assert_eq!(place("湖南省").unwrap(), "430000");
        assert_eq!(place("新疆").unwrap(), "650000");
        assert_eq!(place("西藏自治区").unwrap(), "540000");
        assert_eq!(place("430104").unwrap(), "430104");
        assert_eq!(place("城步").unwrap(), "430529");
    }

    #[test]
    fn rejects_unknown_and_contradictory_places() {
        assert!(place("").is_err());
        assert!(place("火星").is_err());
        assert!(place("长沙市雁峰区").unwrap_err().contains("do not contain"));
        assert!(place("439999").is_err());
        assert!(place("12").is_err());
    }

    proptest! {
        #[test]
        fn never_panics_and_answers_only_known_codes(text in "\\PC{0,24}") {
            let regions = &Taxonomy::embedded().regions;
            if let Ok(code) = resolve_place(regions, &text) {
                prop_assert!(regions.get(code).is_some() || !regions.is_hunan(code));
            }
        }
    }
}
