//! A venture project's field (领域): 硬核科技 (hard technology), 乡村振兴 (rural revitalisation) or another, as
//! stated, or read from its industry and its words by a documented mapping:
//!
//! - 硬核科技: GB/T 4754 大类 27 (医药), 34–40 (通用、专用设备, 汽车, 铁路船舶航空航天, 电气机械, 计算机通信电子,
//!   仪器仪表), 63–65 (电信, 互联网, 软件和信息技术服务), 73 (研究和试验发展), 75 (科技推广和应用服务); or the
//!   words of [`HARD_TECH_WORDS`].
//! - 乡村振兴: 大类 01–05 (农、林、牧、渔业 and their services); or the words of [`RURAL_WORDS`].
//!
//! Words are read in the project's name and summary; where both fields' words appear, the industry decides,
//! and without an industry 硬核科技 is taken (the plan names it first).

use serde::Serialize;

/// Words that make a project 硬核科技.
pub const HARD_TECH_WORDS: [&str; 22] = [
    "人工智能",
    "芯片",
    "半导体",
    "集成电路",
    "机器人",
    "无人机",
    "新材料",
    "新能源",
    "储能",
    "生物医药",
    "基因",
    "量子",
    "智能制造",
    "工业软件",
    "大数据",
    "算法",
    "传感器",
    "航天",
    "激光",
    "5G",
    "物联网",
    "自动驾驶",
];
/// Words that make a project 乡村振兴.
pub const RURAL_WORDS: [&str; 16] = [
    "乡村振兴",
    "农业",
    "农产品",
    "助农",
    "种植",
    "养殖",
    "乡村旅游",
    "民宿",
    "非遗",
    "农村",
    "茶叶",
    "稻",
    "果蔬",
    "渔",
    "林下",
    "合作社",
];

/// A project's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 硬核科技.
    HardTech,
    /// 乡村振兴.
    Rural,
    /// Any other.
    Other,
}

impl Field {
    /// The field in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Field::HardTech => "硬核科技",
            Field::Rural => "乡村振兴",
            Field::Other => "其他",
        }
    }

    /// The fields the plan counts towards its 50%.
    pub fn is_priority(self) -> bool {
        matches!(self, Field::HardTech | Field::Rural)
    }

    /// Reads a stated field.
    pub fn parse(text: &str) -> Result<Field, String> {
        match text.trim().to_lowercase().as_str() {
            "硬核科技" | "科技" | "hard_tech" => Ok(Field::HardTech),
            "乡村振兴" | "rural" => Ok(Field::Rural),
            "其他" | "other" => Ok(Field::Other),
            other => Err(format!("`{other}` is not 硬核科技, 乡村振兴 or 其他 (hard_tech, rural, other)")),
        }
    }

    /// The field of an industry (GB/T 4754 code) and words, by the mapping above.
    pub fn classify(industry: Option<&str>, words: &str) -> Field {
        let division = industry.and_then(|code| code.get(..2)).and_then(|d| d.parse::<u32>().ok());
        match division {
            Some(27 | 34..=40 | 63..=65 | 73 | 75) => return Field::HardTech,
            Some(1..=5) => return Field::Rural,
            _ => {}
        }
        if HARD_TECH_WORDS.iter().any(|w| words.contains(w)) {
            Field::HardTech
        } else if RURAL_WORDS.iter().any(|w| words.contains(w)) {
            Field::Rural
        } else {
            Field::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industries_decide_then_words() {
        assert_eq!(Field::classify(Some("6513"), "校园外卖"), Field::HardTech);
        assert_eq!(Field::classify(Some("0141"), "智能温室"), Field::Rural, "the industry decides");
        assert_eq!(Field::classify(None, "基于机器人的果蔬采摘"), Field::HardTech);
        assert_eq!(Field::classify(None, "湘西土家织锦非遗文创"), Field::Rural);
        assert_eq!(Field::classify(Some("7241"), "校园咖啡"), Field::Other);
        assert_eq!(Field::parse("乡村振兴"), Ok(Field::Rural));
        assert!(Field::parse("文创").is_err());
    }
}
