//! `Posting`: one opening, normalised to codes, possibly published by several platforms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::enums::{Cohort, EducationLevel, PostingKind, Source, VolunteerTrack};
use super::ids::{IndustryCode, MajorCode, OccupationCode, PostingId, RegionCode};

/// Where one platform published a posting: the platform and its own id for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    /// The platform.
    pub source: Source,
    /// The platform's id of the record.
    pub source_id: String,
}

impl SourceRef {
    /// `source:source_id`, the key under which the index finds this reference.
    pub fn key(&self) -> String {
        format!("{}:{}", self.source.code(), self.source_id)
    }
}

/// Monthly pay in yuan; either bound may be unknown (面议, "5000以上").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyPay {
    /// Lower bound, yuan per month.
    pub min: Option<u32>,
    /// Upper bound, yuan per month.
    pub max: Option<u32>,
}

impl MonthlyPay {
    /// True when nothing is known (面议).
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// What a posting asks of a candidate's major: a major, a 专业类, or a 门类 of the catalogues.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum MajorRequirement {
    /// A single major (080901 计算机科学与技术).
    Major(MajorCode),
    /// A 专业类 (0809 计算机类).
    Class(MajorCode),
    /// A 门类 (08 工学).
    Category(MajorCode),
}

/// One opening, validated and normalised. Built only by the ingestion normaliser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    /// Jinqiao's id: the first source's `source:source_id`.
    pub id: PostingId,
    /// Every platform that published this opening (at least one).
    pub sources: Vec<SourceRef>,
    /// The kind of opening.
    pub kind: PostingKind,
    /// Title as published.
    pub title: String,
    /// Employer as published.
    pub employer: String,
    /// Description as published.
    pub description: String,
    /// Where the work is: a county, a prefecture or (outside Hunan) a province.
    pub region: RegionCode,
    /// GB/T 4754 industry, when known.
    pub industry: Option<IndustryCode>,
    /// 职业分类大典 occupation, given by the source or inferred from the title.
    pub occupation: Option<OccupationCode>,
    /// True when `occupation` was inferred from the title.
    pub occupation_inferred: bool,
    /// Minimum education.
    pub min_education: EducationLevel,
    /// Majors required; empty means any major.
    pub majors: Vec<MajorRequirement>,
    /// Majors preferred (`…优先`): a soft signal for matching, never a filter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_majors: Vec<MajorRequirement>,
    /// Cohorts eligible for it.
    pub cohorts: Vec<Cohort>,
    /// Openings; `None` when the source says 若干 (unspecified).
    pub headcount: Option<u32>,
    /// Pay, per month.
    pub pay: MonthlyPay,
    /// When it was published.
    pub posted: NaiveDate,
    /// When applications close, if the source says.
    pub expires: Option<NaiveDate>,
    /// The 西部计划 track, for volunteer posts.
    pub track: Option<VolunteerTrack>,
    /// Where to apply online, when the source gives a link (http or https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whom to contact to apply (a phone, an e-mail, a name), when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// What each source of a merged posting said of the fields a merge may fill (the posting's own source
    /// first), so that reading any of its records again recomposes the same posting; empty until a second
    /// source is merged in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributions: Vec<Contribution>,
}

/// The fields one source gave a merged posting that another source may fill when it lacks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The source's `source:source_id`.
    pub source: String,
    /// Its industry.
    pub industry: Option<IndustryCode>,
    /// Its occupation, and whether it was inferred from the title.
    pub occupation: Option<OccupationCode>,
    /// True when `occupation` was inferred.
    pub occupation_inferred: bool,
    /// Its pay.
    pub pay: MonthlyPay,
    /// Its headcount.
    pub headcount: Option<u32>,
    /// Its closing date.
    pub expires: Option<NaiveDate>,
    /// Its majors.
    pub majors: Vec<MajorRequirement>,
}

impl Posting {
    /// True if the posting no longer takes applications on `day`.
    pub fn is_expired(&self, day: NaiveDate) -> bool {
        self.expires.is_some_and(|expires| expires < day)
    }

    /// Adds a platform's reference unless it is already there; returns whether it was added.
    pub fn add_source(&mut self, source: SourceRef) -> bool {
        if self.sources.contains(&source) {
            return false;
        }
        self.sources.push(source);
        self.sources.sort();
        true
    }
}

impl Posting {
    /// How to apply, as far as the sources say: each platform that published it with its own id (a cadre
    /// finds the posting there by that id), in the order they were merged.
    pub fn how_to_apply(&self) -> String {
        let ways: Vec<String> =
            self.sources.iter().map(|s| format!("{}（岗位编号 {}）", s.source.zh(), s.source_id)).collect();
        let mut how = format!("在{}上申请", ways.join("或"));
        if let Some(url) = &self.url {
            how.push_str(&format!("；网址 {url}"));
        }
        if let Some(contact) = &self.contact {
            how.push_str(&format!("；联系 {contact}"));
        }
        how
    }

    /// The platforms that published it, in Chinese.
    pub fn platforms(&self) -> String {
        let mut names: Vec<&str> = self.sources.iter().map(|s| s.source.zh()).collect();
        names.dedup();
        names.join("、")
    }
}
