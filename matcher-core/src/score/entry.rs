//! The compact forms the catalog keeps of a posting: its entry (codes, pay, dates), its eligibility gate, its
//! major requirements, and the signals candidate lists are keyed by. They depend on nothing else of the
//! scorer, so the catalog and what is learned from it (affinities) both build on them.

use chrono::NaiveDate;

use super::chunks::Chunks;
use super::codes::ShortCode;
use crate::model::{Cohort, EducationLevel, PostingKind, VolunteerTrack};

/// What a posting asks of a major, with the groups it belongs to (interned ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub level: ReqLevel,
    pub code: u32,
    pub class: u32,
    pub category: u32,
    /// Preferred (`…优先`), not required: a match counts, its absence does not.
    pub preferred: bool,
}

/// The level of a major requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReqLevel {
    Major,
    Class,
    Category,
}

/// One posting, compact.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Index into `Catalog::regions` (as the gate's).
    pub slot: u16,
    pub industry: ShortCode,
    pub industry_section: u8,
    pub occupation: ShortCode,
    /// Interned 小类 of the occupation and 大类 of the industry (or `NONE`).
    pub occupation_group: u32,
    /// Interned 中类 of the occupation (or `NONE`).
    pub occupation_division: u32,
    pub industry_division: u32,
    /// Required and preferred majors (see `Requirement::preferred`).
    pub requirements: std::ops::Range<u32>,
    /// No major is required (any major may apply).
    pub open: bool,
    /// `None` for 若干.
    pub headcount: Option<u32>,
    pub pay_min: u32,
    pub pay_max: u32,
    /// Days from the common era, as `NaiveDate::num_days_from_ce`.
    pub posted: i32,
    /// Bit i: campaign i of the configuration favours it.
    pub campaigns: u8,
    /// Job, internship, gig …: a graduate gets gigs and internships only when asked or when nothing else suits.
    pub kind: PostingKind,
    /// The 西部计划 track of a volunteer post.
    pub track: Option<VolunteerTrack>,
}

/// What eligibility and a candidate's bound read of a posting, 16 bytes, kept apart from the entries so that
/// the hard filters and bounds of a student's candidates run in cache and only the candidates scored touch
/// their entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gate {
    /// Index into `Catalog::regions`.
    pub slot: u16,
    /// Bit `1 << cohort as u8` for each eligible cohort; a 研究生支教团 post has [`EXEMPT_BIT`] alone.
    pub cohorts: u8,
    pub min_education: EducationLevel,
    /// Last day it takes applications (days from the common era); `i32::MIN` when it has no opening
    /// (headcount 0): closed either way.
    pub expires: i32,
    /// The entry's `posted`: the bound takes its freshness exactly.
    pub posted: i32,
    /// The most it pays (the larger of the entry's pay bounds; 0 unknown): the bound takes its pay fit
    /// exactly.
    pub offered: u32,
}

const _: () = assert!(std::mem::size_of::<Gate>() == 16);

/// A signal a candidate list is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Signal {
    /// A major the posting asks for.
    Major(u32),
    /// A 专业类 the posting asks for as a whole.
    Class(u32),
    /// A 专业类 one of whose majors the posting asks for.
    MajorOfClass(u32),
    /// A 门类 the posting asks for as a whole.
    Category(u32),
    /// The occupation 小类.
    Occupation(u32),
    /// The occupation 中类 (2-08 教学人员).
    OccupationDivision(u32),
    /// A 西部计划 volunteer post (read only for students who asked for one).
    Volunteer,
    /// The industry 大类.
    Industry(u32),
}

/// The bit of a cohort in `Gate::cohorts`.
pub(crate) fn cohort_bit(cohort: Cohort) -> u8 {
    1 << (cohort as u8)
}

/// The bit of 推免生 (graduating students admitted to postgraduate study without exam) in `Gate::cohorts`:
/// the only one a 研究生支教团 post has, whatever the student's intent.
pub(crate) const EXEMPT_BIT: u8 = 1 << 7;

/// Every bit a gate's cohorts may hold, in the order candidate lists are keyed.
pub(crate) fn gate_bits() -> impl Iterator<Item = u8> {
    Cohort::ALL.iter().map(|c| cohort_bit(*c)).chain(std::iter::once(EXEMPT_BIT))
}

/// A posting's gate cohorts: its cohorts' bits, or for 研究生支教团 the 推免 bit when it takes graduating
/// students.
pub(crate) fn gate_cohorts(cohorts: &[Cohort], track: Option<VolunteerTrack>) -> u8 {
    if track == Some(VolunteerTrack::GraduateTeaching) {
        return if cohorts.contains(&Cohort::Graduating) { EXEMPT_BIT } else { 0 };
    }
    cohorts.iter().fold(0u8, |bits, c| bits | cohort_bit(*c))
}

/// Day number of a date, as stored in entries.
pub(crate) fn day_number(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

impl Entry {
    /// This entry's major requirements, out of the catalog's table of them.
    pub(crate) fn requirements_in<'r>(&self, requirements: &'r Chunks<Requirement>) -> &'r [Requirement] {
        requirements.run(self.requirements.clone())
    }
}
