//! 匹配度: a recommendation's score as a cadre reads it (高 / 中 / 一般), not a number out of 100 that reads like
//! an exam grade. Every listed posting is suitable already; the level says how well it fits.

use serde::Serialize;

/// How well a suitable posting fits the student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchLevel {
    /// 一般: suitable, with few signals beyond the hard rules (score below 0.45).
    Fair,
    /// 中: fits on several counts (0.45 to 0.6).
    Medium,
    /// 高: fits major, intention and place (0.6 and above; about the best quarter on the sample).
    High,
}

impl MatchLevel {
    /// The level of a score in [0, 1].
    pub fn of(score: f32) -> MatchLevel {
        if score >= 0.6 {
            MatchLevel::High
        } else if score >= 0.45 {
            MatchLevel::Medium
        } else {
            MatchLevel::Fair
        }
    }

    /// 高, 中 or 一般.
    pub fn zh(self) -> &'static str {
        match self {
            MatchLevel::High => "高",
            MatchLevel::Medium => "中",
            MatchLevel::Fair => "一般",
        }
    }

    /// high, medium or fair.
    pub fn code(self) -> &'static str {
        match self {
            MatchLevel::High => "high",
            MatchLevel::Medium => "medium",
            MatchLevel::Fair => "fair",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_score() {
        assert_eq!(MatchLevel::of(0.9).zh(), "高");
        assert_eq!(MatchLevel::of(0.6).zh(), "高");
        assert_eq!(MatchLevel::of(0.5).zh(), "中");
        assert_eq!(MatchLevel::of(0.31).zh(), "一般");
        assert!(MatchLevel::of(0.7) > MatchLevel::of(0.5));
    }
}
