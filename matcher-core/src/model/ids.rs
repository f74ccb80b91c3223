//! Newtype ids: a posting id is never confused with a student id, and each is validated once, on creation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Longest id accepted from any source.
pub const MAX_ID_LEN: usize = 64;

fn check_id(what: &'static str, raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(what, raw, "must not be empty"));
    }
    if trimmed.chars().count() > MAX_ID_LEN {
        return Err(Error::invalid(what, raw, format!("longer than {MAX_ID_LEN} characters")));
    }
    // Invisible characters too: a right-to-left override (U+202E) or a zero-width space makes an id that shows as
    // another one wherever it is printed.
    let invisible = crate::invisible::is_invisible;
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control() || invisible(c)) {
        return Err(Error::invalid(what, raw, "must not contain spaces, control or invisible characters"));
    }
    Ok(trimmed.to_string())
}

/// People's ids may name files (a cadre's page, a token file), so they keep to a safe alphabet:
/// ASCII letters, digits, `_`, `-` and `.`, not starting with `.` or `-` (no `/`, no `..` path, no option).
fn check_safe_id(what: &'static str, raw: &str) -> Result<String, Error> {
    let id = check_id(what, raw)?;
    let safe = id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !safe || id.starts_with(['.', '-']) {
        let reason = "only ASCII letters, digits, `_`, `-` and `.` (not first) are allowed";
        return Err(Error::invalid(what, raw, reason));
    }
    Ok(id)
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        string_id!($(#[$doc])* $name, $what, check_id);
    };
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(raw: &str) -> Result<Self, Error> {
                $check($what, raw).map($name)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(raw: String) -> Result<Self, Error> {
                raw.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// A posting's id in Jinqiao: `source:source_id` of the first source that published it.
    PostingId,
    "posting id"
);
string_id!(
    /// A student's id (ASCII letters, digits, `_`, `-`, `.`).
    StudentId,
    "student id",
    check_safe_id
);
string_id!(
    /// A cadre's id (ASCII letters, digits, `_`, `-`, `.`).
    CadreId,
    "cadre id",
    check_safe_id
);
string_id!(
    /// A 西部计划 service post's id, as the 项目管理办公室's allocation names it.
    VolunteerPostId,
    "volunteer post id"
);
string_id!(
    /// A university League branch's id (团支部).
    BranchId,
    "branch id"
);
string_id!(
    /// A community League organisation's id (城乡基层团组织).
    CommunityId,
    "community id"
);
string_id!(
    /// A school's code (the Ministry of Education's 10-digit 学校标识码; a military academy outside that
    /// list goes by its name).
    SchoolCode,
    "school code"
);

/// A GB/T 2260 administrative division code, six digits (430104 = 岳麓区).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(u32);

impl RegionCode {
    pub(crate) const fn hunan() -> RegionCode {
        RegionCode(430_000)
    }

    pub(crate) const fn changsha() -> RegionCode {
        RegionCode(430_100)
    }

    /// 000000, 全国: a posting open anywhere or in several places (`全国`, `多地`, `异地`), which every place
    /// a student accepts holds.
    pub const fn nationwide() -> RegionCode {
        RegionCode(0)
    }

    /// True for 全国.
    pub fn is_nationwide(self) -> bool {
        self.0 == 0
    }

    /// The code as a number.
    pub fn get(self) -> u32 {
        self.0
    }
    /// The province this code belongs to (430104 → 430000).
    pub fn province(self) -> RegionCode {
        RegionCode(self.0 / 10_000 * 10_000)
    }
    /// The prefecture-level division this code belongs to (430104 → 430100); a province is its own, and so is
    /// a municipality's district's (110105 → 110000) and a county-level unit directly under its province (仙桃
    /// 429004, the grouping codes xx90xx of GB/T 2260, is its own).
    pub fn prefecture(self) -> RegionCode {
        if self.is_province() {
            return self;
        }
        if matches!(self.0 / 10_000, 11 | 12 | 31 | 50) {
            return self.province();
        }
        if (self.0 / 100) % 100 == 90 {
            return self;
        }
        RegionCode(self.0 / 100 * 100)
    }
    /// True for a province-level code (xx0000).
    pub fn is_province(self) -> bool {
        self.0.is_multiple_of(10_000)
    }
    /// True for a prefecture-level code (xxyy00, yy ≠ 00).
    pub fn is_prefecture(self) -> bool {
        !self.is_province() && self.0.is_multiple_of(100)
    }
}

impl FromStr for RegionCode {
    type Err = Error;
    fn from_str(raw: &str) -> Result<Self, Error> {
        let trimmed = raw.trim();
        if trimmed.len() != 6 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("region code", raw, "expected six digits (GB/T 2260)"));
        }
        let value: u32 = trimmed.parse().map_err(|_| Error::invalid("region code", raw, "not a number"))?;
        RegionCode::from_number(value).ok_or_else(|| Error::invalid("region code", raw, "no province has this prefix"))
    }
}

impl RegionCode {
    /// The code of six digits `value` stands for, when some province could have it (000000 is 全国).
    pub(crate) fn from_number(value: u32) -> Option<RegionCode> {
        (value == 0 || (110_000..=999_999).contains(&value)).then_some(RegionCode(value))
    }
}

impl TryFrom<String> for RegionCode {
    type Error = Error;
    fn try_from(raw: String) -> Result<Self, Error> {
        raw.parse()
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> String {
        code.to_string()
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

/// A code of a reference catalogue (major, industry, occupation), as the catalogue writes it.
macro_rules! catalogue_code {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub(crate) String);

        impl $name {
            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // Hash and Eq are the String's, so maps keyed by the code can be searched with a `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

catalogue_code!(
    /// A code of the Ministry of Education's major catalogues: a major (080901), a 专业类 (0809) or a 门类 (08).
    MajorCode
);
catalogue_code!(
    /// A GB/T 4754-2017 industry code: 门类 letter (I) or 大类/中类/小类 digits (65, 651, 6510).
    IndustryCode
);
catalogue_code!(
    /// A 职业分类大典 (2022) code, `d-dd-dd-dd` (2-02-10-03).
    OccupationCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_code_hierarchy() {
        let yuelu: RegionCode = "430104".parse().unwrap();
        assert_eq!(yuelu.prefecture().to_string(), "430100");
        assert_eq!(yuelu.province().to_string(), "430000");
        assert!(yuelu.prefecture().is_prefecture());
        assert!(yuelu.province().is_province());
        assert_eq!(yuelu.province().prefecture(), yuelu.province());
    }

    #[test]
    fn region_code_rejects_non_codes() {
        for bad in ["", "4301", "43010a", "4301044", "010000", "长沙"] {
            assert!(bad.parse::<RegionCode>().is_err(), "{bad}");
        }
        assert!("000000".parse::<RegionCode>().unwrap().is_nationwide(), "全国");
    }

    #[test]
    fn municipalities_and_province_administered_counties_are_their_own_prefecture() {
        let code = |c: &str| c.parse::<RegionCode>().unwrap();
        assert_eq!(code("110105").prefecture(), code("110000"), "北京's 朝阳区 is under 北京 itself");
        assert_eq!(code("500112").prefecture(), code("500000"));
        assert_eq!(code("429004").prefecture(), code("429004"), "仙桃 is under 湖北 directly");
        assert_eq!(code("440305").prefecture(), code("440300"));
    }

    #[test]
    fn string_ids_are_trimmed_and_checked() {
        let id: PostingId = " yangfan:1 ".parse().unwrap();
        assert_eq!(id.as_str(), "yangfan:1");
        assert!("".parse::<PostingId>().is_err());
        assert!("a b".parse::<StudentId>().is_err());
        for spoofed in ["yangfan:1\u{202e}2", "yangfan:\u{200b}1", "\u{2066}yangfan:1"] {
            assert!(spoofed.parse::<PostingId>().is_err(), "{spoofed:?}: shows as another id");
        }
        for unsafe_id in ["../../../escaped_cadre", "/etc/passwd", "a/b", ".hidden", "-rf", "张三", "C1\u{202e}"] {
            assert!(unsafe_id.parse::<CadreId>().is_err(), "{unsafe_id}");
            assert!(unsafe_id.parse::<StudentId>().is_err(), "{unsafe_id}");
        }
        for fine in ["C00001", "S0000075", "2023-04.7_b", "index"] {
            assert!(fine.parse::<CadreId>().is_ok(), "{fine}");
        }
        assert!("x".repeat(65).parse::<CadreId>().is_err());
    }
}
