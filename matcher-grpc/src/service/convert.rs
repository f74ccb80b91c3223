//! Conversions between `matcher.v1` messages and core types. Input records become the raw records the
//! core's readers validate (so a record sent over gRPC is checked exactly like a record of a file, and its
//! result comes back by its position); core results become messages.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use matcher_core::{
    Batch, Cadre, MajorRequirement, Posting, PostingId, RawRecord, RecommendOptions, Recommendation, Student,
    StudentResult, Summary, Taxonomy, MAX_TOP,
};
use serde_json::Value;

use super::engine::{Decoded, RecordOutcome, RecordResult};
use super::error::ServiceError;
use super::store::{Outcome, OutcomeKind};
use crate::pb;

/// Postings per student when a request says 0.
pub const DEFAULT_TOP: usize = 10;
/// Most search hits a request may ask for.
pub const MAX_SEARCH_TOP: usize = 100;

/// A posting message at `position` of its request → a raw record in the generic format's field names.
pub fn posting_record(position: usize, input: pb::PostingInput) -> RawRecord {
    RawRecord::new(position)
        .text("source", input.source)
        .text("id", input.id)
        .text("kind", input.kind)
        .text("title", input.title)
        .text("employer", input.employer)
        .text("region", input.region)
        .text("description", input.description)
        .text("industry", input.industry)
        .text("occupation", input.occupation)
        .text("education", input.education)
        .list("majors", input.majors)
        .list("cohorts", input.cohorts)
        .text("headcount", input.headcount.map(|h| h.to_string()).unwrap_or_default())
        .text("pay", input.pay)
        .text("posted", input.posted)
        .text("expires", input.expires)
        .text("track", input.track)
        .text("url", input.url)
        .text("contact", input.contact)
}

/// Characters of a description a list gives (search hits, recommendations): 100 hits stay well under a
/// client's default 4 MiB.
pub const LISTED_DESCRIPTION_CHARS: usize = 500;

/// A posting → its message in full, with the full place name (GetPosting).
pub fn posting(taxonomy: &Taxonomy, posting: &Posting) -> pb::Posting {
    posting_message(taxonomy, posting, usize::MAX)
}

/// A posting → its message as a list gives it: the description cut to [`LISTED_DESCRIPTION_CHARS`].
pub fn listed_posting(taxonomy: &Taxonomy, posting: &Posting) -> pb::Posting {
    posting_message(taxonomy, posting, LISTED_DESCRIPTION_CHARS)
}

/// A decoded posting's listed message, made once and kept with it as the bytes it encodes to.
fn kept_listed_posting(taxonomy: &Taxonomy, decoded: &Decoded) -> pb::Posting {
    let encoded = || pb::Posting::encoded(&listed_posting(taxonomy, &decoded.posting));
    match decoded.rendering.get_or_make(encoded) {
        Some(message) => pb::Posting::clone(&message),
        None => listed_posting(taxonomy, &decoded.posting),
    }
}

fn posting_message(taxonomy: &Taxonomy, posting: &Posting, max_description: usize) -> pb::Posting {
    let (description, description_shortened) = match posting.description.char_indices().nth(max_description) {
        Some((cut, _)) => (format!("{}…", &posting.description[..cut]), true),
        None => (posting.description.clone(), false),
    };
    pb::Posting::new(pb::plain::Posting {
        id: posting.id.to_string(),
        sources: posting.sources.iter().map(|s| s.key()).collect(),
        kind: posting.kind.code().to_string(),
        title: posting.title.clone(),
        employer: posting.employer.clone(),
        description,
        description_shortened,
        region_code: posting.region.to_string(),
        region_name: taxonomy.regions.path_name(posting.region),
        industry: posting.industry.as_ref().map(ToString::to_string).unwrap_or_default(),
        occupation: posting.occupation.as_ref().map(ToString::to_string).unwrap_or_default(),
        occupation_inferred: posting.occupation_inferred,
        min_education: posting.min_education.code().to_string(),
        majors: posting.majors.iter().map(requirement).collect(),
        preferred_majors: posting.preferred_majors.iter().map(requirement).collect(),
        cohorts: posting.cohorts.iter().map(|c| c.code().to_string()).collect(),
        headcount: posting.headcount,
        pay_min: posting.pay.min.unwrap_or(0),
        pay_max: posting.pay.max.unwrap_or(0),
        posted: posting.posted.to_string(),
        expires: posting.expires.map(|d| d.to_string()).unwrap_or_default(),
        track: posting.track.map(|t| t.code().to_string()).unwrap_or_default(),
        platforms: posting.platforms(),
        url: posting.url.clone().unwrap_or_default(),
        contact: posting.contact.clone().unwrap_or_default(),
        how_to_apply: posting.how_to_apply(),
    })
}

fn requirement(requirement: &MajorRequirement) -> String {
    match requirement {
        MajorRequirement::Major(code) => format!("major:{code}"),
        MajorRequirement::Class(code) => format!("class:{code}"),
        MajorRequirement::Category(code) => format!("category:{code}"),
    }
}

/// A student message at `position` of its request → a raw record in the student file's field names.
pub fn student_record(position: usize, student: pb::Student) -> RawRecord {
    let record = RawRecord::new(position)
        .text("id", student.id)
        .text("name", student.name)
        .text("school", student.school)
        .text("college", student.college)
        .text("major", student.major)
        .text("education", student.education)
        .text("cohort", student.cohort)
        .text("intent", student.intent)
        .text("home_region", student.home_region)
        .text("intention", student.intention)
        .text("skills", student.skills)
        .text("expected_pay", student.expected_pay)
        .text("low_income", student.low_income.to_string())
        .text("nominated", student.nominated.to_string())
        .text("exempt_admission", student.exempt_admission.to_string())
        .text("accepted_radius_km", student.accepted_radius_km.map(|km| km.to_string()).unwrap_or_default())
        .list("accepted_regions", student.accepted_regions)
        .list("intended_industries", student.intended_industries)
        .list("intended_occupations", student.intended_occupations)
        .list("declined", student.declined);
    match student.graduation_year {
        0 => record,
        year => record.text("graduation_year", year.to_string()),
    }
}

/// A stored student → its message.
pub fn student(student: &Student) -> pb::Student {
    let pay = &student.expected_pay;
    pb::Student {
        id: student.id.to_string(),
        school: student.school.to_string(),
        college: student.college.clone(),
        major: student.major.to_string(),
        education: student.education.code().to_string(),
        cohort: student.cohort.code().to_string(),
        graduation_year: u32::from(student.graduation_year),
        low_income: student.low_income,
        intent: student.intent.code().to_string(),
        home_region: student.home_region.to_string(),
        accepted_regions: student.accepted_regions.iter().map(ToString::to_string).collect(),
        accepted_radius_km: student.accepted_radius_km,
        intended_industries: student.intended_industries.iter().map(ToString::to_string).collect(),
        intended_occupations: student.intended_occupations.iter().map(ToString::to_string).collect(),
        intention: student.intention.clone(),
        skills: student.skills.clone(),
        expected_pay: pay_text(pay),
        declined: student.declined.iter().map(ToString::to_string).collect(),
        nominated: student.nominated,
        exempt_admission: student.exempt_admission,
        name: student.name.clone().unwrap_or_default(),
    }
}

/// Pay as text that reads back as the same range (`5000-7000`, `5000以上`, `7000以下`, or empty).
pub fn pay_text(pay: &matcher_core::MonthlyPay) -> String {
    match (pay.min, pay.max) {
        (Some(min), Some(max)) => format!("{min}-{max}"),
        (Some(min), None) => format!("{min}以上"),
        (None, Some(max)) => format!("{max}以下"),
        (None, None) => String::new(),
    }
}

/// A cadre message at `position` of its request → a raw record in the cadre file's field names.
pub fn cadre_record(position: usize, cadre: pb::Cadre) -> RawRecord {
    RawRecord::new(position)
        .text("id", cadre.id)
        .text("name", cadre.name)
        .text("school", cadre.school)
        .text("college", cadre.college)
        .text("level", cadre.level)
        .text("kind", cadre.kind)
}

/// A stored cadre → its message.
pub fn cadre(cadre: &Cadre) -> pb::Cadre {
    let code = |value: Value| value.as_str().unwrap_or_default().to_string();
    pb::Cadre {
        id: cadre.id.to_string(),
        name: cadre.name.clone(),
        school: cadre.school.to_string(),
        college: cadre.college.clone().unwrap_or_default(),
        level: code(serde_json::to_value(cadre.level).unwrap_or_default()),
        kind: code(serde_json::to_value(cadre.kind).unwrap_or_default()),
    }
}

/// Results per record → messages.
pub fn record_results(results: Vec<RecordResult>) -> Vec<pb::RecordResult> {
    results
        .into_iter()
        .map(|result| pb::RecordResult {
            position: result.position as u32,
            record_id: result.record_id,
            warnings: result
                .warnings
                .into_iter()
                .map(|e| pb::FieldViolation { field: e.field, reason: e.reason })
                .collect(),
            outcome: Some(match result.outcome {
                RecordOutcome::Accepted(id) => pb::record_result::Outcome::Accepted(id),
                RecordOutcome::Merged { into, reason } => {
                    pb::record_result::Outcome::Merged(pb::Merge { into, reason })
                }
                RecordOutcome::Rejected(errors) => pb::record_result::Outcome::Rejected(pb::Rejection {
                    violations: errors
                        .into_iter()
                        .map(|e| pb::FieldViolation { field: e.field, reason: e.reason })
                        .collect(),
                }),
            }),
        })
        .collect()
}

/// Counts of accepted, merged and rejected results.
pub fn tally(results: &[pb::RecordResult]) -> (u32, u32, u32) {
    let mut counts = (0, 0, 0);
    for result in results {
        match result.outcome {
            Some(pb::record_result::Outcome::Accepted(_)) => counts.0 += 1,
            Some(pb::record_result::Outcome::Merged(_)) => counts.1 += 1,
            _ => counts.2 += 1,
        }
    }
    counts
}

/// Request options → the core's, with defaults (top 10, today, the day's campaign).
pub fn options(options: Option<pb::RecommendOptions>) -> Result<RecommendOptions, ServiceError> {
    let options = options.unwrap_or_default();
    let top = match options.top as usize {
        0 => DEFAULT_TOP,
        top if top > MAX_TOP => {
            return Err(ServiceError::invalid("options.top", format!("{top} is more than {MAX_TOP}")));
        }
        top => top,
    };
    let campaign = Some(options.campaign.trim().to_string()).filter(|c| !c.is_empty());
    Ok(RecommendOptions { day: day("options.day", &options.day)?, top, campaign, allocate: true })
}

/// Days a request may name.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// An ISO day between 1900 and 2200, or today when empty.
pub fn day(field: &str, text: &str) -> Result<NaiveDate, ServiceError> {
    if text.trim().is_empty() {
        return Ok(chrono::Local::now().date_naive());
    }
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ServiceError::invalid(field, format!("`{text}` is not a day like 2026-11-01")))?;
    if !YEARS.contains(&chrono::Datelike::year(&day)) {
        return Err(ServiceError::invalid(field, format!("`{text}` is not between the years 1900 and 2200")));
    }
    Ok(day)
}

/// Longest client request id.
pub const MAX_REQUEST_ID_CHARS: usize = 128;

/// An optional client request id: printable ASCII without spaces, at most 128 characters; empty means none.
pub fn request_id(text: &str) -> Result<Option<String>, ServiceError> {
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_REQUEST_ID_CHARS || !text.bytes().all(|b| b.is_ascii_graphic()) {
        let reason = format!("at most {MAX_REQUEST_ID_CHARS} printable ASCII characters without spaces");
        return Err(ServiceError::invalid("request_id", reason));
    }
    Ok(Some(text.to_string()))
}

/// An id of the core's kinds, or an InvalidArgument naming the field.
pub fn id<T: std::str::FromStr<Err = matcher_core::Error>>(field: &str, text: &str) -> Result<T, ServiceError> {
    text.parse().map_err(|e: matcher_core::Error| ServiceError::invalid(field, e.to_string()))
}

/// One student's list → its message. Each posting's listed message is made once and kept with the decoded
/// posting (a posting is recommended to many students, and kept lists are asked for again).
pub fn student_result(
    taxonomy: &Taxonomy,
    student: &Student,
    result: &StudentResult,
    postings: &HashMap<PostingId, Arc<Decoded>>,
) -> pb::StudentRecommendations {
    pb::StudentRecommendations {
        student_id: result.student.to_string(),
        recommendations: result.recommendations.iter().map(|r| recommendation(taxonomy, r, postings)).collect(),
        eligible: result.eligible as u32,
        suitable: result.suitable as u32,
        suitable_at_least: result.suitable_at_least,
        shortfall: result.shortfall.as_ref().map(|s| s.code().to_string()).unwrap_or_default(),
        shortfall_zh: result.shortfall.as_ref().map(|s| s.zh(student)).unwrap_or_default(),
        shortfall_next_step: result.shortfall.as_ref().map(|s| s.next_step().to_string()).unwrap_or_default(),
    }
}

fn recommendation(
    taxonomy: &Taxonomy,
    recommendation: &Recommendation,
    postings: &HashMap<PostingId, Arc<Decoded>>,
) -> pb::Recommendation {
    let b = &recommendation.breakdown;
    let parts = [
        ("major", b.major),
        ("field", b.field),
        ("region", b.region),
        ("text", b.text),
        ("freshness", b.freshness),
        ("pay", b.pay),
        ("campaign", b.campaign),
    ];
    pb::Recommendation {
        rank: recommendation.rank as u32,
        score: recommendation.score,
        posting: postings.get(&recommendation.posting).map(|decoded| kept_listed_posting(taxonomy, decoded)),
        breakdown: parts
            .into_iter()
            .map(|(feature, part)| pb::FeatureContribution {
                feature: feature.to_string(),
                value: part.value,
                contribution: part.contribution,
            })
            .collect(),
        explanation: recommendation.explanation.clone(),
        campaign: recommendation.campaign.clone().unwrap_or_default(),
        kind_note: recommendation.kind_note.map(|n| n.code().to_string()).unwrap_or_default(),
        match_level: matcher_core::MatchLevel::of(recommendation.score).code().to_string(),
        match_level_zh: matcher_core::MatchLevel::of(recommendation.score).zh().to_string(),
    }
}

/// A batch's summary → its message.
pub fn summary(batch: &Batch) -> pb::BatchSummary {
    let s: &Summary = &batch.summary;
    pb::BatchSummary {
        students: s.students as u32,
        job_seekers: s.job_seekers as u32,
        with_two_or_more: s.with_two_or_more as u32,
        shortfalls: s.shortfalls as u32,
        recommendations: s.recommendations as u32,
        postings_used: s.postings_used as u32,
        postings_at_cap: s.postings_at_cap as u32,
        mean_score: s.mean_score,
        campaigns: s.campaigns.clone(),
        day: s.day.clone(),
    }
}

/// An outcome kind from its message (UNSPECIFIED is invalid).
pub fn outcome_kind(value: i32) -> Result<OutcomeKind, ServiceError> {
    match pb::OutcomeKind::try_from(value) {
        Ok(pb::OutcomeKind::Applied) => Ok(OutcomeKind::Applied),
        Ok(pb::OutcomeKind::Interviewed) => Ok(OutcomeKind::Interviewed),
        Ok(pb::OutcomeKind::Hired) => Ok(OutcomeKind::Hired),
        Ok(pb::OutcomeKind::Declined) => Ok(OutcomeKind::Declined),
        _ => Err(ServiceError::invalid("kind", "must be APPLIED, INTERVIEWED, HIRED or DECLINED")),
    }
}

/// An outcome → its message.
pub fn outcome(outcome: &Outcome) -> pb::Outcome {
    let kind = match outcome.kind {
        OutcomeKind::Applied => pb::OutcomeKind::Applied,
        OutcomeKind::Interviewed => pb::OutcomeKind::Interviewed,
        OutcomeKind::Hired => pb::OutcomeKind::Hired,
        OutcomeKind::Declined => pb::OutcomeKind::Declined,
    };
    pb::Outcome {
        student_id: outcome.student.to_string(),
        posting_id: outcome.posting.to_string(),
        kind: kind as i32,
        day: outcome.day.clone(),
    }
}

/// The request's quota plan, each school checked (`quotas[i].school`); none when the request has none.
pub fn quotas(
    taxonomy: &matcher_core::Taxonomy,
    quotas: &[pb::Quota],
) -> Result<Option<matcher_core::Quotas>, ServiceError> {
    if quotas.is_empty() {
        return Ok(None);
    }
    let mut rows = Vec::with_capacity(quotas.len());
    let mut invalid = Vec::new();
    for (i, quota) in quotas.iter().enumerate() {
        match matcher_core::Quotas::school(taxonomy, &quota.school) {
            Ok(school) if quota.pairs <= 100_000 => rows.push((school, quota.pairs as usize)),
            Ok(_) => invalid.push((format!("quotas[{i}].pairs"), format!("{} is more than 100000", quota.pairs))),
            Err(reason) => invalid.push((format!("quotas[{i}].school"), reason)),
        }
    }
    if !invalid.is_empty() {
        return Err(ServiceError::Invalid(invalid));
    }
    Ok(Some(matcher_core::Quotas::new(rows)))
}
