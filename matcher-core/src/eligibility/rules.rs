//! Hard eligibility (DESIGN.md, Candidates): the rules a recommendation may never break, each with the
//! reason a cadre reads when a posting is not for a student. Capacity is the allocator's to check.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Cohort, Posting, RegionCode, Student, VolunteerTrack};
use crate::taxonomy::RegionTable;

/// Why a posting is not open to a student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ineligible {
    /// 升学 or 出国: not looking for work.
    NotJobSeeking,
    /// Outside the regions and radius the student accepts.
    Region,
    /// The student's education is below the posting's minimum.
    Education,
    /// The posting is not for the student's cohort (internships for enrolled students, jobs for graduates,
    /// 西部计划 for graduating students and in-service postgraduates, its 研究生支教团 for 推免生 only).
    Cohort,
    /// Applications closed.
    Expired,
    /// The student declined it.
    Declined,
}

impl Ineligible {
    /// The reason as cadres read it.
    pub fn zh(self) -> &'static str {
        match self {
            Ineligible::NotJobSeeking => "学生选择升学或出国，或已就业",
            Ineligible::Region => "不在学生接受的地区范围内",
            Ineligible::Education => "学历未达到岗位要求",
            Ineligible::Cohort => "岗位不面向该学生所在届别",
            Ineligible::Expired => "岗位已截止",
            Ineligible::Declined => "学生已婉拒该岗位",
        }
    }
}

/// Every rule the posting breaks for the student on `day` (empty: eligible).
pub fn check_eligibility(
    regions: &RegionTable,
    student: &Student,
    posting: &Posting,
    day: NaiveDate,
) -> Vec<Ineligible> {
    let mut broken = Vec::new();
    // 研究生支教团 recruits 推免生 (graduating, admitted to postgraduate study without exam): for them going on
    // to study is no bar, and nobody else may take its posts.
    let teaching = posting.track == Some(VolunteerTrack::GraduateTeaching);
    if !teaching && !student.intent.seeks_work() {
        broken.push(Ineligible::NotJobSeeking);
    }
    if !region_accepted(regions, student, posting.region) {
        broken.push(Ineligible::Region);
    }
    if student.education < posting.min_education {
        broken.push(Ineligible::Education);
    }
    let cohort = posting.cohorts.contains(&student.cohort);
    if !cohort || (teaching && !(student.exempt_admission && student.cohort == Cohort::Graduating)) {
        broken.push(Ineligible::Cohort);
    }
    if posting.is_expired(day) {
        broken.push(Ineligible::Expired);
    }
    if student.declined.contains(&posting.id) {
        broken.push(Ineligible::Declined);
    }
    broken
}

/// True when the student accepts the posting's place: no stated regions means anywhere; a region accepts
/// everything inside it; a radius accepts places whose centre is that close to home.
pub fn region_accepted(regions: &RegionTable, student: &Student, place: RegionCode) -> bool {
    let within = |km| regions.distance_km(student.home_region, place).is_some_and(|d| d <= km);
    region_accepted_with(student, place, within)
}

/// `region_accepted` with whether the place is within a radius (km) of home given (asked only if the
/// student's radius decides; false when either place has no coordinates).
pub(crate) fn region_accepted_with(student: &Student, place: RegionCode, within: impl FnOnce(f64) -> bool) -> bool {
    if student.accepted_regions.is_empty() && student.accepted_radius_km.is_none() {
        return true;
    }
    // A posting open anywhere (全国, 多地) can be taken wherever the student wants to work.
    if place.is_nationwide() {
        return true;
    }
    let inside = |accepted: RegionCode| {
        accepted == place
            || accepted.is_nationwide()
            || (accepted.is_province() && place.province() == accepted)
            || (accepted.is_prefecture() && place.prefecture() == accepted)
    };
    if student.accepted_regions.iter().copied().any(inside) {
        return true;
    }
    match student.accepted_radius_km {
        Some(radius) => within(f64::from(radius)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EducationLevel, Intent, MonthlyPay, PostingKind, Source, SourceRef};
    use crate::taxonomy::{RegionLevel, Taxonomy};
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        crate::normalize::parse_date(text).unwrap()
    }

    fn posting(kind: PostingKind, region: &str, education: EducationLevel, expires: Option<&str>) -> Posting {
        Posting {
            id: "tuantuan:T1".parse().unwrap(),
            sources: vec![SourceRef { source: Source::Tuantuan, source_id: "T1".into() }],
            kind,
            title: "会计".into(),
            employer: "长沙星辰财务咨询有限公司".into(),
            description: "做账".into(),
            region: region.parse().unwrap(),
            industry: None,
            occupation: None,
            occupation_inferred: false,
            min_education: education,
            majors: vec![],
            preferred_majors: vec![],
            cohorts: kind.default_cohorts().to_vec(),
            headcount: Some(1),
            pay: MonthlyPay::default(),
            posted: day("2026-10-01"),
            expires: expires.map(day),
            track: None,
            url: None,
            contact: None,
            contributions: Vec::new(),
        }
    }

    fn student(cohort: Cohort, education: EducationLevel, accepted: &[&str], radius: Option<u32>) -> Student {
        Student {
            id: "S1".parse().unwrap(),
            name: None,
            school: "4143010531".parse().unwrap(),
            college: "文学院".into(),
            major: crate::model::MajorCode("050101".into()),
            education,
            cohort,
            graduation_year: 2026,
            low_income: true,
            nominated: false,
            exempt_admission: false,
            intent: Intent::Employment,
            home_region: "433101".parse().unwrap(),
            accepted_regions: accepted.iter().map(|c| c.parse().unwrap()).collect(),
            accepted_radius_km: radius,
            intended_industries: vec![],
            intended_occupations: vec![],
            intention: String::new(),
            skills: String::new(),
            expected_pay: MonthlyPay::default(),
            declined: vec![],
        }
    }

    use crate::model::Cohort;

    fn check(s: &Student, p: &Posting) -> Vec<Ineligible> {
        check_eligibility(&Taxonomy::embedded().regions, s, p, day("2026-11-01"))
    }

    #[test]
    fn each_rule_with_its_reason() {
        let graduate = student(Cohort::Graduating, EducationLevel::Associate, &["430100"], None);
        let job = posting(PostingKind::Job, "430104", EducationLevel::Associate, Some("2027-01-01"));
        assert!(check(&graduate, &job).is_empty(), "a city accepts its counties");
        let internship = posting(PostingKind::Internship, "430104", EducationLevel::Any, None);
        assert_eq!(check(&graduate, &internship), [Ineligible::Cohort], "internships are for enrolled students");
        let bachelor_job = posting(PostingKind::Job, "430104", EducationLevel::Bachelor, None);
        assert_eq!(check(&graduate, &bachelor_job), [Ineligible::Education]);
        let elsewhere = posting(PostingKind::Job, "430202", EducationLevel::Any, None);
        assert_eq!(check(&graduate, &elsewhere), [Ineligible::Region]);
        let expired = posting(PostingKind::Job, "430104", EducationLevel::Any, Some("2026-10-15"));
        assert_eq!(check(&graduate, &expired), [Ineligible::Expired]);
        let mut declining = graduate.clone();
        declining.declined.push(job.id.clone());
        assert_eq!(check(&declining, &job), [Ineligible::Declined]);
        let mut studying = graduate.clone();
        studying.intent = Intent::FurtherStudy;
        assert_eq!(check(&studying, &job), [Ineligible::NotJobSeeking]);
        let enrolled = student(Cohort::Enrolled, EducationLevel::Bachelor, &[], None);
        let volunteer = posting(PostingKind::Volunteer, "650000", EducationLevel::Any, None);
        assert_eq!(check(&enrolled, &volunteer), [Ineligible::Cohort], "西部计划 is not for enrolled students");
        assert!(Ineligible::Cohort.zh().contains("届别"));
    }

    #[test]
    fn graduate_teaching_is_for_exempt_admitted_students_whatever_their_intent() {
        let mut teaching = posting(PostingKind::Volunteer, "540102", EducationLevel::Bachelor, None);
        teaching.track = Some(crate::model::VolunteerTrack::GraduateTeaching);
        let mut exempt = student(Cohort::Graduating, EducationLevel::Bachelor, &[], None);
        exempt.intent = Intent::FurtherStudy;
        exempt.exempt_admission = true;
        assert!(check(&exempt, &teaching).is_empty(), "going on to study is no bar for 研究生支教团");
        let job = posting(PostingKind::Job, "430104", EducationLevel::Any, None);
        assert_eq!(check(&exempt, &job), [Ineligible::NotJobSeeking], "nor a way into other postings");
        let graduate = student(Cohort::Graduating, EducationLevel::Bachelor, &[], None);
        assert_eq!(check(&graduate, &teaching), [Ineligible::Cohort], "推免生 only");
        let mut rural = teaching.clone();
        rural.track = Some(crate::model::VolunteerTrack::RuralEducation);
        assert_eq!(check(&exempt, &rural), [Ineligible::NotJobSeeking], "the other tracks take job seekers");
    }

    #[test]
    fn a_radius_around_home_is_accepted_too() {
        // Home 吉首市 (433101); 凤凰县 (433123) is ~40 km away, 长沙 ~330 km.
        let near = student(Cohort::Graduating, EducationLevel::Associate, &[], Some(60));
        let fenghuang = posting(PostingKind::Job, "433123", EducationLevel::Any, None);
        let changsha = posting(PostingKind::Job, "430104", EducationLevel::Any, None);
        assert!(check(&near, &fenghuang).is_empty());
        assert_eq!(check(&near, &changsha), [Ineligible::Region]);
    }

    proptest! {
        #[test]
        fn eligible_exactly_when_no_rule_is_broken(
            county in 0usize..122,
            accepted in 0usize..122,
            radius in prop::option::of(10u32..500),
            education in 0usize..6,
            required in 0usize..6,
            kind in 0usize..7,
            cohort in 0usize..4,
            expires_in in -30i64..30,
        ) {
            let regions = &Taxonomy::embedded().regions;
            let counties = regions.hunan(RegionLevel::County);
            let (place, accept) = (counties[county].code, counties[accepted].code);
            let mut s = student(Cohort::ALL[cohort], EducationLevel::ALL[education], &[], radius);
            s.accepted_regions = vec![accept.prefecture()];
            let mut p = posting(PostingKind::ALL[kind], &place.to_string(), EducationLevel::ALL[required], None);
            let today = day("2026-11-01");
            p.expires = Some(today + chrono::Duration::days(expires_in));
            let broken = check_eligibility(regions, &s, &p, today);
            let in_region = place.prefecture() == accept.prefecture()
                || radius.is_some_and(|r| regions.distance_km(s.home_region, place).is_some_and(|d| d <= f64::from(r)));
            prop_assert_eq!(broken.contains(&Ineligible::Region), !in_region);
            prop_assert_eq!(broken.contains(&Ineligible::Education), s.education < p.min_education);
            prop_assert_eq!(broken.contains(&Ineligible::Cohort), !p.cohorts.contains(&s.cohort));
            prop_assert_eq!(broken.contains(&Ineligible::Expired), expires_in < 0);
            prop_assert!(!broken.contains(&Ineligible::Declined));
        }
    }
}
