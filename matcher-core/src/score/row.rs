//! `Row`: the fields of a posting a catalog keeps, made from its stored fields (in parallel, when a catalog is
//! built) and kept in a segment's file of rows (`row_cache.rs`).

use super::campaign_marks::CampaignMarks;
use super::catalog_fields::CatalogFields;
use super::entry::day_number;
use crate::model::{Cohort, EducationLevel, MajorRequirement, PostingId, PostingKind, RegionCode, VolunteerTrack};
use crate::taxonomy::Taxonomy;

/// The fields of a posting the catalog keeps, extracted in parallel.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct Row {
    pub(super) id: PostingId,
    pub(super) region: RegionCode,
    pub(super) cohorts: Vec<Cohort>,
    pub(super) min_education: EducationLevel,
    pub(super) industry: Option<String>,
    pub(super) industry_section: u8,
    pub(super) occupation: Option<String>,
    pub(super) majors: Vec<MajorRequirement>,
    pub(super) preferred_majors: Vec<MajorRequirement>,
    pub(super) headcount: Option<u32>,
    pub(super) pay_min: u32,
    pub(super) pay_max: u32,
    pub(super) posted: i32,
    pub(super) expires: i32,
    pub(super) campaigns: u8,
    pub(super) kind: PostingKind,
    pub(super) track: Option<VolunteerTrack>,
}

impl Row {
    /// The row of a posting's fields, its campaigns marked by `marks`.
    pub(crate) fn new(taxonomy: &Taxonomy, marks: &CampaignMarks, posting: CatalogFields) -> Row {
        let campaigns = marks.of(taxonomy, posting.industry.as_ref(), &posting.title, &posting.description);
        let industry_section = posting
            .industry
            .as_ref()
            .and_then(|code| taxonomy.industries.get(code.as_str()))
            .map_or(0, |i| i.section as u8);
        Row {
            region: posting.region,
            cohorts: posting.cohorts,
            min_education: posting.min_education,
            industry: posting.industry.map(|c| c.as_str().to_string()),
            industry_section,
            occupation: posting.occupation.map(|c| c.as_str().to_string()),
            majors: posting.majors,
            preferred_majors: posting.preferred_majors,
            headcount: posting.headcount,
            pay_min: posting.pay.min.unwrap_or(0),
            pay_max: posting.pay.max.or(posting.pay.min).unwrap_or(0),
            posted: day_number(posting.posted),
            expires: posting.expires.map_or(i32::MAX, day_number),
            campaigns,
            kind: posting.kind,
            track: posting.track,
            id: posting.id,
        }
    }
}
