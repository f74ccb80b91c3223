//! The generic CSV, for 省属企业订单 positions, 见习基地 traineeships, 西部计划 posts, 社区实践 posts and any
//! other platform: the kind of every row is explicit.
//!
//! Columns: `id`*, `kind`* (job, internship, gig, traineeship, volunteer, practice, experience, or the Chinese
//! names), `source` (soe_order, traineeship_base, western_plan, community_practice, other; default from the
//! kind), `title`*, `employer`*, `region`* (place text or code), `description`*, `industry`, `occupation`,
//! `education`, `majors`, `cohorts`, `headcount`, `pay` (pay text), `posted`*, `expires`, `track` (西部计划
//! 专项: 乡村教育 …), `url` (a link to apply, http or https) and `contact` (whom to contact to apply); every
//! format reads these two under any of the names platforms use (`link`, `apply_url`, `链接`; `联系方式`,
//! `phone`, `email` …).

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPosting};
use super::super::reject::FieldError;
use crate::model::{PostingKind, Source};

/// Every column of the generic format, in the order the generator writes them.
pub const GENERIC_COLUMNS: [&str; 17] = [
    "id",
    "kind",
    "source",
    "title",
    "employer",
    "region",
    "industry",
    "occupation",
    "education",
    "majors",
    "cohorts",
    "headcount",
    "pay",
    "posted",
    "expires",
    "description",
    "track",
];

pub(crate) const NAMES: FieldNames = FieldNames {
    id: "id",
    kind: "kind",
    title: "title",
    employer: "employer",
    description: "description",
    place: "region",
    industry: "industry",
    occupation: "occupation",
    education: "education",
    majors: "majors",
    cohorts: "cohorts",
    headcount: "headcount",
    pay: "pay",
    posted: "posted",
    expires: "expires",
    track: "track",
};

pub(crate) const REQUIRED: &[&str] = &["id", "title", "employer", "region"];

/// A record's fields → a raw posting.
pub(crate) fn raw(map: &FieldMap, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let mut raw = super::common::read_common(map, NAMES, line, errors);
    let source = match map.get("source").map(|s| s.parse::<Source>()) {
        Some(Ok(source)) => Some(source),
        Some(Err(e)) => {
            errors.push(FieldError::new("source", format!("{e} (taken as other)")));
            Some(Source::Other)
        }
        None => None,
    };
    raw.kind = match map.get(NAMES.kind).map(|k| k.parse::<PostingKind>()) {
        Some(Ok(kind)) => Some(kind),
        unreadable => {
            let kind = source.map_or(PostingKind::Job, default_kind);
            let reason = match unreadable {
                Some(Err(e)) => e.to_string(),
                _ => "missing".to_string(),
            };
            errors.push(FieldError::new(NAMES.kind, format!("{reason} (taken for {})", kind.code())));
            Some(kind)
        }
    };
    raw.source = source.or(Some(default_source(raw.kind)));
    raw
}

/// The kind a source's postings have when a record does not say.
fn default_kind(source: Source) -> PostingKind {
    match source {
        Source::TraineeshipBase => PostingKind::Traineeship,
        Source::WesternPlan => PostingKind::Volunteer,
        Source::CommunityPractice => PostingKind::Practice,
        Source::Yangfan | Source::NationalInternship => PostingKind::Internship,
        Source::Xiaochi => PostingKind::Gig,
        _ => PostingKind::Job,
    }
}

fn default_source(kind: Option<PostingKind>) -> Source {
    match kind {
        Some(PostingKind::Traineeship) => Source::TraineeshipBase,
        Some(PostingKind::Volunteer) => Source::WesternPlan,
        Some(PostingKind::Practice) => Source::CommunityPractice,
        Some(PostingKind::Job) => Source::SoeOrder,
        _ => Source::Other,
    }
}
