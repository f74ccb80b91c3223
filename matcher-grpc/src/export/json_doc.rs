//! The records of `recommendations.json`, serialised straight from the report: a cadre, their students and
//! each student's postings, borrowing their text, with no tree of values in between (building one took most
//! of the file's time). Keys come in the order the file has always had (alphabetical, as a map of values
//! wrote them), so readers see the same document; numbers are written as the engine holds them (0.1, not
//! 0.10000000149011612).

use chrono::NaiveDate;
use matcher_core::{Breakdown, CadreId, Cohort, EducationLevel, KindNote, MatchLevel, Part, PostingId, PostingKind};
use matcher_core::{Student, StudentId};
use serde::Serialize;

use super::report::{CadreSection, Report, StudentSection};

/// One cadre with their students.
#[derive(Serialize)]
pub struct CadreDoc<'a> {
    cadre: &'a CadreId,
    college: &'a Option<String>,
    name: &'a str,
    school: String,
    students: Vec<StudentDoc<'a>>,
}

#[derive(Serialize)]
struct StudentDoc<'a> {
    cohort: Cohort,
    college: &'a str,
    education: EducationLevel,
    eligible: usize,
    intention: &'a str,
    major: String,
    name: &'a Option<String>,
    recommendations: Vec<RecommendationDoc<'a>>,
    shortfall: Option<ShortfallDoc>,
    student: &'a StudentId,
    suitable: usize,
    suitable_at_least: bool,
}

#[derive(Serialize)]
struct ShortfallDoc {
    code: &'static str,
    next_step: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct RecommendationDoc<'a> {
    breakdown: BreakdownDoc,
    campaign: &'a Option<String>,
    employer: Option<&'a str>,
    expires: Option<NaiveDate>,
    explanation: &'a str,
    headcount: Option<u32>,
    how_to_apply: Option<&'a str>,
    kind: Option<PostingKind>,
    kind_note: Option<KindNote>,
    match_level: MatchLevel,
    match_level_zh: &'static str,
    pay: Option<&'a str>,
    place: Option<&'a str>,
    platforms: Option<&'a str>,
    posting: &'a PostingId,
    rank: usize,
    score: f32,
    sources: Option<&'a [String]>,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct BreakdownDoc {
    campaign: PartDoc,
    field: PartDoc,
    freshness: PartDoc,
    major: PartDoc,
    pay: PartDoc,
    region: PartDoc,
    text: PartDoc,
}

#[derive(Serialize)]
struct PartDoc {
    contribution: f32,
    value: f32,
}

impl From<Part> for PartDoc {
    fn from(part: Part) -> PartDoc {
        PartDoc { contribution: part.contribution, value: part.value }
    }
}

impl From<Breakdown> for BreakdownDoc {
    fn from(b: Breakdown) -> BreakdownDoc {
        BreakdownDoc {
            campaign: b.campaign.into(),
            field: b.field.into(),
            freshness: b.freshness.into(),
            major: b.major.into(),
            pay: b.pay.into(),
            region: b.region.into(),
            text: b.text.into(),
        }
    }
}

/// A student without a cadre and why.
#[derive(Serialize)]
pub struct UnpairedDoc<'a> {
    reason: &'a str,
    student: &'a StudentId,
}

impl<'a> UnpairedDoc<'a> {
    /// `student`, left unpaired for `reason`.
    pub fn new(student: &'a Student, reason: &'a str) -> UnpairedDoc<'a> {
        UnpairedDoc { reason, student: &student.id }
    }
}

impl<'a> CadreDoc<'a> {
    /// A cadre's section of `report`.
    pub fn new(report: &'a Report, section: &'a CadreSection) -> CadreDoc<'a> {
        CadreDoc {
            cadre: &section.cadre.id,
            college: &section.cadre.college,
            name: &section.cadre.name,
            school: report.school_name(&section.cadre.school),
            students: section.students.iter().map(|s| student(report, s)).collect(),
        }
    }
}

fn student<'a>(report: &'a Report, s: &'a StudentSection) -> StudentDoc<'a> {
    let recommendations = s
        .result
        .recommendations
        .iter()
        .map(|r| {
            let posting = report.postings.get(&r.posting);
            RecommendationDoc {
                breakdown: r.breakdown.into(),
                campaign: &r.campaign,
                employer: posting.map(|p| p.employer.as_str()),
                expires: posting.and_then(|p| p.expires),
                explanation: &r.explanation,
                headcount: posting.and_then(|p| p.headcount),
                how_to_apply: posting.map(|p| p.how_to_apply.as_str()),
                kind: posting.map(|p| p.kind),
                kind_note: r.kind_note,
                match_level: MatchLevel::of(r.score),
                match_level_zh: MatchLevel::of(r.score).zh(),
                pay: posting.map(|p| p.pay.as_str()),
                place: posting.map(|p| p.place.as_str()),
                platforms: posting.map(|p| p.platforms.as_str()),
                posting: &r.posting,
                rank: r.rank,
                score: r.score,
                sources: posting.map(|p| p.sources.as_slice()),
                title: posting.map(|p| p.title.as_str()),
            }
        })
        .collect();
    StudentDoc {
        cohort: s.student.cohort,
        college: &s.student.college,
        education: s.student.education,
        eligible: s.result.eligible,
        intention: &s.student.intention,
        major: report.major_name(s.student),
        name: &s.student.name,
        recommendations,
        shortfall: s.result.shortfall.as_ref().map(|f| ShortfallDoc {
            code: f.code(),
            next_step: f.next_step(),
            reason: f.zh(s.student),
        }),
        student: &s.student.id,
        suitable: s.result.suitable,
        suitable_at_least: s.result.suitable_at_least,
    }
}
