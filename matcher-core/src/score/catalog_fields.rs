//! The fields of a stored posting the catalog keeps, read from its stored JSON without the rest: its text
//! borrowed (kept only long enough to mark the campaigns), its sources, employer, contacts and merge history
//! skipped. Decoding every posting in full took most of a catalog's load, in allocations of text the catalog
//! drops at once.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::Error;
use crate::model::{
    Cohort, EducationLevel, IndustryCode, MajorRequirement, MonthlyPay, OccupationCode, Posting, PostingId,
    PostingKind, RegionCode, VolunteerTrack,
};

/// A posting's fields the catalog reads (named and typed as in [`Posting`], whose stored JSON they are read
/// from).
#[derive(Deserialize)]
pub(crate) struct CatalogFields<'a> {
    pub id: PostingId,
    pub kind: PostingKind,
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(borrow)]
    pub description: Cow<'a, str>,
    pub region: RegionCode,
    pub industry: Option<IndustryCode>,
    pub occupation: Option<OccupationCode>,
    pub min_education: EducationLevel,
    pub majors: Vec<MajorRequirement>,
    #[serde(default)]
    pub preferred_majors: Vec<MajorRequirement>,
    pub cohorts: Vec<Cohort>,
    pub headcount: Option<u32>,
    pub pay: MonthlyPay,
    pub posted: NaiveDate,
    pub expires: Option<NaiveDate>,
    pub track: Option<VolunteerTrack>,
}

impl CatalogFields<'_> {
    /// The fields of a stored posting's JSON.
    pub(crate) fn read(json: &[u8]) -> Result<CatalogFields<'_>, Error> {
        serde_json::from_str(crate::index::utf8(json)?).map_err(|e| Error::CorruptDocument(e.to_string()))
    }

    /// The fields of a posting in full.
    pub(crate) fn of(posting: Posting) -> CatalogFields<'static> {
        CatalogFields {
            id: posting.id,
            kind: posting.kind,
            title: Cow::Owned(posting.title),
            description: Cow::Owned(posting.description),
            region: posting.region,
            industry: posting.industry,
            occupation: posting.occupation,
            min_education: posting.min_education,
            majors: posting.majors,
            preferred_majors: posting.preferred_majors,
            cohorts: posting.cohorts,
            headcount: posting.headcount,
            pay: posting.pay,
            posted: posting.posted,
            expires: posting.expires,
            track: posting.track,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::campaign_marks::CampaignMarks;
    use crate::score::row::Row;
    use crate::score::ScoringConfig;
    use crate::taxonomy::Taxonomy;

    /// Every sample posting, and one whose text holds escapes (which cannot be borrowed), gives the catalog
    /// the same row read from its stored JSON as decoded in full.
    #[test]
    fn the_fields_read_from_stored_json_make_the_row_a_full_posting_makes() {
        let taxonomy = Taxonomy::embedded();
        let config = ScoringConfig::builtin();
        let marks = CampaignMarks::new(&config.campaigns);
        let index = crate::test_support::sample_index();
        let row = |fields: CatalogFields<'_>| Row::new(taxonomy, &marks, fields);
        let pairs = index
            .snapshot()
            .map_stored(
                |json| {
                    let full: Posting = serde_json::from_slice(json).unwrap();
                    Ok((row(CatalogFields::read(json)?), row(CatalogFields::of(full.clone())), full))
                },
                |_| panic!("the sample is stored in the layout known"),
            )
            .unwrap();
        assert!(pairs.len() >= 500, "{}", pairs.len());
        for (_, (read, decoded, _)) in &pairs {
            assert_eq!(read, decoded);
        }
        let mut escaped = pairs[0].1 .2.clone();
        escaped.title = "直播\"带货\"主播\\助农".into();
        escaped.description = "负责直播带货\n\t参与芯片研发".into();
        // Fields the sample leaves at their defaults.
        escaped.preferred_majors = vec![MajorRequirement::Class(crate::model::MajorCode("0809".into()))];
        escaped.track = Some(VolunteerTrack::RuralEducation);
        let json = serde_json::to_vec(&escaped).unwrap();
        let read = CatalogFields::read(&json).unwrap();
        assert_eq!(
            (read.title.as_ref(), read.description.as_ref()),
            (escaped.title.as_str(), escaped.description.as_str())
        );
        assert_eq!(row(read), row(CatalogFields::of(escaped)));
        assert!(CatalogFields::read(b"{\"id\": 7}").is_err(), "a document that is not a posting is an error");
        let mut broken = json.clone();
        let lead = &"直".as_bytes()[..2];
        let at = broken.windows(2).position(|w| w == lead).expect("直 is in the title");
        broken[at + 1] = 0xff;
        let error = CatalogFields::read(&broken).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("UTF-8"), "bytes that are not UTF-8 are named: {error}");
    }
}
