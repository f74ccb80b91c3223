//! Students, cadres and schools: the people side of the programme. Student data is personal data.

use serde::{Deserialize, Serialize};

use super::enums::{Cohort, EducationLevel, Intent};
use super::ids::{CadreId, IndustryCode, MajorCode, OccupationCode, PostingId, RegionCode, SchoolCode, StudentId};
use super::posting::MonthlyPay;

/// A job-seeking (or enrolled) student. `low_income` is sensitive: never log it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Student {
    /// Id.
    pub id: StudentId,
    /// The student's name, when the backend supplies one (personal data: shown to their cadre and in their
    /// cadre's lists, never logged). Absent in older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// School.
    pub school: SchoolCode,
    /// College (学院) within the school.
    pub college: String,
    /// Major, a code of the catalogue of the school's level.
    pub major: MajorCode,
    /// Education attained (or being attained).
    pub education: EducationLevel,
    /// Cohort.
    pub cohort: Cohort,
    /// Year of graduation.
    pub graduation_year: u16,
    /// 低收入家庭学生: the priority group.
    pub low_income: bool,
    /// Nominated by the League branch (团支部推荐出需要帮助的学生): helped after the plan's priority groups.
    /// Sensitive like `low_income`. Absent in older records: false.
    #[serde(default)]
    pub nominated: bool,
    /// Admitted to postgraduate study without exam (推免生): the 研究生支教团 track of 西部计划 recruits them,
    /// and for its posts going on to study is no bar. Absent: false (and left out when written).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exempt_admission: bool,
    /// What the student intends after graduating.
    pub intent: Intent,
    /// Home region.
    pub home_region: RegionCode,
    /// Regions the student accepts (a prefecture also accepts its counties); empty means anywhere.
    pub accepted_regions: Vec<RegionCode>,
    /// Radius around home accepted as well, in km.
    pub accepted_radius_km: Option<u32>,
    /// Intended industries.
    pub intended_industries: Vec<IndustryCode>,
    /// Intended occupations.
    pub intended_occupations: Vec<OccupationCode>,
    /// Free-text intention (求职意向).
    pub intention: String,
    /// Skills, free text.
    pub skills: String,
    /// Expected pay.
    pub expected_pay: MonthlyPay,
    /// Postings the student declined.
    pub declined: Vec<PostingId>,
}

/// The level a cadre serves at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadreLevel {
    /// 校级.
    School,
    /// 院（系）级.
    College,
}

/// How a cadre holds the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadreKind {
    /// 专职.
    FullTime,
    /// 挂职.
    Seconded,
    /// 兼职.
    PartTime,
    /// 毕业班专职辅导员 holding a League post.
    Counsellor,
}

/// A League cadre (团干部), paired with 3–5 students.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cadre {
    /// Id.
    pub id: CadreId,
    /// Display name (generated in samples; a real name in production, personal data).
    pub name: String,
    /// School.
    pub school: SchoolCode,
    /// College, for college-level cadres.
    pub college: Option<String>,
    /// Level.
    pub level: CadreLevel,
    /// Kind.
    pub kind: CadreKind,
}

/// A higher-education institution in Hunan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    /// 学校标识码.
    pub code: SchoolCode,
    /// Name.
    pub name: String,
    /// True for 本科 institutions, false for 专科 (高职).
    pub undergraduate: bool,
    /// Prefecture the school is in.
    pub city: RegionCode,
    /// On the 双一流 list (a non-priority school for the programme).
    pub double_first_class: bool,
}
