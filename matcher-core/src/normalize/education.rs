//! Education requirements ("大专及以上", "本科", "硕士", "学历不限") → the minimum level.

use crate::model::EducationLevel;

const WORDS: &[(&str, EducationLevel)] = &[
    ("博士", EducationLevel::Doctorate),
    ("硕士", EducationLevel::Master),
    ("研究生", EducationLevel::Master),
    ("本科", EducationLevel::Bachelor),
    ("学士", EducationLevel::Bachelor),
    ("大专", EducationLevel::Associate),
    ("专科", EducationLevel::Associate),
    ("高职", EducationLevel::Associate),
    ("中专", EducationLevel::Secondary),
    ("中技", EducationLevel::Secondary),
    ("职高", EducationLevel::Secondary),
    ("高中", EducationLevel::Secondary),
    ("初中", EducationLevel::Any),
];

const NO_REQUIREMENT: &[&str] = &["不限", "无要求", "无", "any"];

/// The lowest level the text accepts: "专科、本科均可" accepts 专科.
pub fn parse_education(text: &str) -> Result<EducationLevel, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || NO_REQUIREMENT.iter().any(|w| trimmed.eq_ignore_ascii_case(w) || trimmed.contains("不限"))
    {
        return Ok(EducationLevel::Any);
    }
    if let Ok(level) = trimmed.parse::<EducationLevel>() {
        return Ok(level);
    }
    WORDS
        .iter()
        .filter(|(word, _)| trimmed.contains(word))
        .map(|(_, level)| *level)
        .min()
        .ok_or_else(|| format!("no education level in `{trimmed}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_requirements() {
        assert_eq!(parse_education("大专及以上").unwrap(), EducationLevel::Associate);
        assert_eq!(parse_education("本科").unwrap(), EducationLevel::Bachelor);
        assert_eq!(parse_education("硕士研究生及以上").unwrap(), EducationLevel::Master);
        assert_eq!(parse_education("学历不限").unwrap(), EducationLevel::Any);
        assert_eq!(parse_education("专科、本科均可").unwrap(), EducationLevel::Associate);
        assert_eq!(parse_education("bachelor").unwrap(), EducationLevel::Bachelor);
        assert_eq!(parse_education("").unwrap(), EducationLevel::Any);
        assert!(parse_education("名校优先").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,16}") {
            let _ = parse_education(&text);
        }
    }
}
