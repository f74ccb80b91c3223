//! The domain model: postings, people, their ids and vocabularies.

mod enums;
mod ids;
mod people;
mod posting;

pub use enums::{
    Cohort, EducationLevel, EmploymentKind, EventKind, Intent, PostingKind, Source, VolunteerStage, VolunteerTrack,
};
pub use ids::{
    BranchId, CadreId, CommunityId, IndustryCode, MajorCode, OccupationCode, PostingId, RegionCode, SchoolCode,
    StudentId, VolunteerPostId, MAX_ID_LEN,
};
pub use people::{Cadre, CadreKind, CadreLevel, School, Student};
pub use posting::{Contribution, MajorRequirement, MonthlyPay, Posting, SourceRef};
