//! What a recommendation run gives: per student a ranked list with scores, breakdowns and explanations, or
//! the reason it is short; and a summary of the batch.

use std::collections::BTreeMap;

use serde::Serialize;

use super::kinds::KindNote;
use super::shortfall::Shortfall;
use crate::model::{PostingId, StudentId};

/// One feature's part in a score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Part {
    /// The feature's value, in [0, 1].
    pub value: f32,
    /// What it adds to the score (its normalised weight times the value; the campaign's boost).
    pub contribution: f32,
}

/// A score broken down by feature; the contributions sum to the score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Breakdown {
    /// 专业.
    pub major: Part,
    /// 意向.
    pub field: Part,
    /// 地区.
    pub region: Part,
    /// 文本.
    pub text: Part,
    /// 时效.
    pub freshness: Part,
    /// 薪酬.
    pub pay: Part,
    /// 专场.
    pub campaign: Part,
}

/// One recommended posting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// 1 for the best.
    pub rank: usize,
    /// The posting.
    pub posting: PostingId,
    /// Score: weighted mean of the features plus any campaign boost.
    pub score: f32,
    /// Per feature.
    pub breakdown: Breakdown,
    /// The reasons, in Chinese, joined by "；".
    pub explanation: String,
    /// The campaign that boosted it, if any.
    pub campaign: Option<String>,
    /// For a graduate's gig or internship: asked for, or filling a list nothing else fills.
    pub kind_note: Option<KindNote>,
}

/// One student's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentResult {
    /// The student.
    pub student: StudentId,
    /// Best first.
    pub recommendations: Vec<Recommendation>,
    /// Candidates that passed every hard filter.
    pub eligible: usize,
    /// Of those, the suitable ones (related, score at least the threshold).
    pub suitable: usize,
    /// `suitable` is a lower bound: at least as many as the allocation chooses from were found, and candidates
    /// that could not enter those were not scored (false: the exact count).
    pub suitable_at_least: bool,
    /// Why the list is shorter than the minimum, if it is.
    pub shortfall: Option<Shortfall>,
}

/// Figures of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Students in the batch.
    pub students: usize,
    /// Of those, looking for work.
    pub job_seekers: usize,
    /// The least number of postings every student should get (`allocation.min_per_student`).
    pub minimum: usize,
    /// Students given at least the minimum (2) suitable postings.
    pub with_two_or_more: usize,
    /// Students given fewer.
    pub shortfalls: usize,
    /// Shortfalls by reason code.
    pub shortfalls_by_reason: BTreeMap<String, usize>,
    /// Recommendations made.
    pub recommendations: usize,
    /// Distinct postings recommended.
    pub postings_used: usize,
    /// Of those, postings recommended to as many students as their cap allows.
    pub postings_at_cap: usize,
    /// `postings_at_cap / postings_used`: how scarce the suitable postings were.
    pub capacity_pressure: f64,
    /// Mean score of the recommendations.
    pub mean_score: f64,
    /// Campaigns that boosted this batch.
    pub campaigns: Vec<String>,
    /// The day the batch was computed for.
    pub day: String,
}

/// A recommendation run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    /// Per student, in the order given.
    pub students: Vec<StudentResult>,
    /// The figures.
    pub summary: Summary,
}
