//! `Profile`: a student seen from the catalog: interned major ids, learned related groups, the places they
//! accept with the region fit of each, and everything eligibility needs, computed once per student.

use super::catalog::Catalog;
use super::codes::{ShortCode, NONE};
use super::config::ScoringConfig;
use super::entry::{cohort_bit, day_number, Gate, Signal, EXEMPT_BIT};
use super::volunteer::exempt;
use super::volunteer::VolunteerInterest;
use crate::eligibility::region_accepted_with;
use crate::model::{EducationLevel, Student};
use crate::taxonomy::Taxonomy;

/// How a posting's place relates to the student.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    /// The student's home county.
    SameCounty,
    /// The student's home prefecture.
    SameCity,
    /// The prefecture of the student's school.
    SchoolCity,
    /// A place the student named among the places they accept (新疆 for a 西部计划 volunteer): never
    /// penalised for its distance.
    Chosen,
    /// Anywhere (全国, 多地): no distance to weigh.
    Anywhere,
    /// Elsewhere, this far from home (km).
    Away(u16),
}

/// A posting place as one student sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotView {
    pub accepted: bool,
    pub fit: f32,
    pub place: Place,
}

/// A student prepared for scoring against one catalog.
pub(crate) struct Profile<'a> {
    pub student: &'a Student,
    pub major: u32,
    pub class: u32,
    pub category: u32,
    pub related: &'a [(Signal, f32)],
    pub industries: Vec<ShortCode>,
    pub occupations: Vec<ShortCode>,
    pub slots: Vec<SlotView>,
    pub buckets: Vec<u16>,
    /// The gate bits the student may take: their cohort's when they seek work, the 推免 bit when they are a
    /// 推免生. Candidate lists are walked for each.
    pub cohort_bits: u8,
    pub education: EducationLevel,
    pub declined: Vec<u32>,
    pub day: i32,
    pub expected_pay: u32,
    pub job_seeking: bool,
    /// Bit i: campaign i runs (or was asked for).
    pub campaigns: u8,
    /// What the student asked of 西部计划.
    pub volunteer: VolunteerInterest,
}

/// A place the student does not accept (or that was not asked for): never a candidate, its fit never read.
const REFUSED: SlotView = SlotView { accepted: false, fit: 0.0, place: Place::Away(u16::MAX) };

impl<'a> Profile<'a> {
    /// The student's profile. With `slots`, the places of `slots` alone are seen as the student sees them,
    /// every other one refused: enough to score and explain postings in those places, at a fraction of the
    /// cost (a catalog has thousands of places; a list is in a few). `None`: every place.
    pub(crate) fn new(
        taxonomy: &Taxonomy,
        catalog: &'a Catalog,
        config: &ScoringConfig,
        student: &'a Student,
        day: chrono::NaiveDate,
        campaigns: u8,
        slots: Option<&[u16]>,
    ) -> Profile<'a> {
        let major = taxonomy.majors.major(student.major.as_str());
        let class_code = major.map(|m| m.class.as_str());
        let category_code = major.map(|m| m.category.as_str());
        let class = class_code.map_or(NONE, |c| catalog.interner.get('m', c));
        let school_city = taxonomy.schools.get(&student.school).map(|s| s.city);
        let decay = config.thresholds.distance_decay_km;
        let home = taxonomy.regions.point(student.home_region);
        let view = |slot: usize| {
            let (region, point) = (catalog.regions[slot], catalog.slot_points[slot]);
            let pair = home.zip(point);
            // The distance from home, found at most once (`None`: a place without coordinates).
            let mut km_found = None;
            let mut km = || *km_found.get_or_insert_with(|| pair.map(|(home, point)| home.distance_km(&point)));
            // A place its latitude alone puts beyond the radius is refused with no trigonometry.
            let within = |radius: f64| {
                pair.is_some_and(|(home, point)| !home.surely_beyond(&point, radius))
                    && km().is_some_and(|d| d <= radius)
            };
            if !region_accepted_with(student, region, within) {
                return REFUSED;
            }
            let regions = &taxonomy.regions;
            // Asked only when nearer places do not apply (a look-up per region named).
            let chosen = || {
                student
                    .accepted_regions
                    .iter()
                    .any(|&accepted| !accepted.is_nationwide() && regions.contains(accepted, region))
            };
            let place = if region.is_nationwide() {
                Place::Anywhere
            } else if region == student.home_region {
                Place::SameCounty
            } else if region.prefecture() == student.home_region.prefecture() {
                Place::SameCity
            } else if Some(region.prefecture()) == school_city {
                Place::SchoolCity
            } else if chosen() {
                Place::Chosen
            } else {
                let km = km().unwrap_or(f64::from(u16::MAX));
                Place::Away(km.min(f64::from(u16::MAX)) as u16)
            };
            let fit = match place {
                Place::SameCounty => 1.0,
                Place::SameCity => 0.8,
                Place::SchoolCity => 0.7,
                Place::Chosen => 0.6,
                Place::Anywhere => 0.5,
                Place::Away(km) => 0.6 * (-f32::from(km) / decay).exp(),
            };
            SlotView { accepted: true, fit, place }
        };
        let slots: Vec<SlotView> = match slots {
            None => (0..catalog.regions.len()).map(view).collect(),
            Some(wanted) => {
                let mut views = vec![REFUSED; catalog.regions.len()];
                for slot in wanted.iter().map(|&slot| usize::from(slot)) {
                    if slot < views.len() {
                        views[slot] = view(slot);
                    }
                }
                views
            }
        };
        let mut buckets: Vec<u16> =
            slots.iter().zip(&catalog.slot_bucket).filter(|(v, _)| v.accepted).map(|(_, b)| *b).collect();
        buckets.sort_unstable();
        buckets.dedup();
        let mut declined: Vec<u32> = student.declined.iter().filter_map(|id| catalog.position(id)).collect();
        declined.sort_unstable();
        Profile {
            student,
            major: catalog.interner.get('m', student.major.as_str()),
            class,
            category: category_code.map_or(NONE, |c| catalog.interner.get('m', c)),
            related: if class == NONE { &[] } else { catalog.affinity.related(class) },
            industries: student.intended_industries.iter().map(|c| ShortCode::new(c.as_str())).collect(),
            occupations: student.intended_occupations.iter().map(|c| ShortCode::new(c.as_str())).collect(),
            slots,
            buckets,
            cohort_bits: if student.intent.seeks_work() { cohort_bit(student.cohort) } else { 0 }
                | if exempt(student) { EXEMPT_BIT } else { 0 },
            education: student.education,
            declined,
            day: day_number(day),
            expected_pay: student.expected_pay.min.or(student.expected_pay.max).unwrap_or(0),
            job_seeking: student.intent.seeks_work(),
            campaigns,
            volunteer: VolunteerInterest::of(student),
        }
    }

    /// The hard rules of `check_eligibility`, on the posting's gate, plus capacity (a posting with no opening
    /// left is never offered). The tests on the gate are all made (`&`, not `&&`): many of a student's
    /// candidates fail one, unpredictably, and a loop over them should not branch on each test (the declined
    /// postings are looked up only for a student who declined any).
    #[inline]
    pub(crate) fn eligible(&self, index: u32, gate: &Gate) -> bool {
        let cohort = gate.cohorts & self.cohort_bits != 0;
        let place = self.slots[usize::from(gate.slot)].accepted;
        let education = self.education >= gate.min_education;
        let open = gate.expires >= self.day;
        (cohort & place & education & open)
            && (self.declined.is_empty() || self.declined.binary_search(&index).is_err())
    }
}
