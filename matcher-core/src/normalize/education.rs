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
    // A level named only as preferred (硕士优先, 研究生学历优先) is no requirement: "本科及以上，硕士优先" asks
    // for 本科, and "硕士优先" alone asks for none.
    let preferred = |end: usize| {
        let rest = trimmed[end..].trim_start_matches(['学', '历', '及', '以', '上', '者']);
        rest.starts_with("优先")
    };
    let required = WORDS
        .iter()
        .filter(|(word, _)| trimmed.match_indices(word).any(|(at, _)| !preferred(at + word.len())))
        .map(|(_, level)| *level)
        .min();
    match required {
        Some(level) => Ok(level),
        None if WORDS.iter().any(|(word, _)| trimmed.contains(word)) => Ok(EducationLevel::Any),
        None => Err(format!("no education level in `{trimmed}`")),
    }
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
        assert_eq!(parse_education("本科及以上，硕士优先").unwrap(), EducationLevel::Bachelor);
        assert_eq!(parse_education("硕士优先").unwrap(), EducationLevel::Any, "a preference is no requirement");
        assert_eq!(parse_education("研究生学历优先").unwrap(), EducationLevel::Any);
        assert_eq!(parse_education("大专以上学历，本科以上优先").unwrap(), EducationLevel::Associate);
        assert_eq!(parse_education("统招本科及以上").unwrap(), EducationLevel::Bachelor);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,16}") {
            let _ = parse_education(&text);
        }
    }
}
