//! Generated students and cadres. Names and ids are synthetic; no real person is described.

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{FAMILIES, GIVEN_CHARS, SURNAMES};
use crate::model::{
    Cadre, CadreKind, CadreLevel, Cohort, EducationLevel, Intent, MonthlyPay, RegionCode, School, Student,
};
use crate::taxonomy::{Catalogue, Major, Region, Taxonomy};

pub(crate) fn student(
    rng: &mut ChaCha8Rng,
    taxonomy: &Taxonomy,
    index: usize,
    schools: &[&School],
    counties: &[&Region],
    majors_by_catalogue: &[(Catalogue, Vec<&Major>)],
    base_year: u16,
) -> Option<(Student, usize)> {
    let priority: Vec<&&School> = schools.iter().filter(|s| !s.double_first_class).collect();
    let school = if rng.random_bool(0.85) { **priority.choose(rng)? } else { *schools.choose(rng)? };
    let catalogue = if school.undergraduate { Catalogue::Undergraduate } else { Catalogue::VocationalAssociate };
    let majors = &majors_by_catalogue.iter().find(|(c, _)| *c == catalogue)?.1;
    let major = *majors.choose(rng)?;
    let class_name = taxonomy.majors.group(major.class.as_str()).map_or("综合", |g| g.name.as_str());
    let cohort = match rng.random_range(0..100) {
        0..=59 => Cohort::Graduating,
        60..=74 => Cohort::PreviousUnemployed,
        _ => Cohort::Enrolled,
    };
    let graduation_year = match cohort {
        Cohort::PreviousUnemployed => base_year - 1,
        Cohort::Enrolled => base_year + rng.random_range(1..=2),
        _ => base_year,
    };
    let home = *counties.choose(rng)?;
    let family_index = FAMILIES
        .iter()
        .position(|f| f.majors.contains(class_name.trim_end_matches('类')))
        .unwrap_or_else(|| rng.random_range(0..FAMILIES.len()));
    let family = &FAMILIES[family_index];
    let occupation = taxonomy.occupations.all().find(|o| o.name == family.occupation).map(|o| o.code.clone());
    let industry = family.industries.first().and_then(|c| taxonomy.industries.get(c)).map(|i| i.code.clone());
    let mut accepted = vec![home.code.prefecture(), RegionCode::changsha()];
    if school.city != home.code.prefecture() {
        accepted.push(school.city);
    }
    accepted.sort();
    accepted.dedup();
    let student = Student {
        id: format!("S{index:07}").parse().ok()?,
        name: Some(student_name(index)),
        school: school.code.clone(),
        college: format!("{}学院", class_name.trim_end_matches('类')),
        major: major.code.clone(),
        education: if school.undergraduate { EducationLevel::Bachelor } else { EducationLevel::Associate },
        cohort,
        graduation_year,
        low_income: rng.random_bool(0.35),
        // From the index, not the generator's stream: adding the flag changed no other field of the sample.
        nominated: nominated(index),
        exempt_admission: false,
        intent: match rng.random_range(0..100) {
            0..=74 => Intent::Employment,
            75..=84 => Intent::Undecided,
            85..=94 => Intent::FurtherStudy,
            _ => Intent::Abroad,
        },
        home_region: home.code,
        accepted_regions: accepted,
        accepted_radius_km: rng.random_bool(0.3).then(|| rng.random_range(50..=200)),
        intended_industries: industry.into_iter().collect(),
        intended_occupations: occupation.into_iter().collect(),
        intention: format!("希望从事{}相关工作", family.titles[0]),
        skills: family.skills.to_string(),
        expected_pay: MonthlyPay { min: Some(family.pay.0 / 100 * 90), max: None },
        declined: Vec::new(),
    };
    Some((student, family_index))
}

/// A number drawn from the student's index alone (splitmix64), so that a field added later leaves every
/// other field of the sample as it was.
fn mix(index: usize, salt: u64) -> u64 {
    let mut x = (index as u64).wrapping_add(salt).wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// About one student in four is nominated by their League branch (团支部推荐).
fn nominated(index: usize) -> bool {
    mix(index, 0).is_multiple_of(4)
}

/// A made-up name (surname and one or two characters): the sample's backend supplies names.
fn student_name(index: usize) -> String {
    let x = mix(index, 0x6e61_6d65);
    let pick = |n: u64, of: usize| (n % of as u64) as usize;
    let surname = SURNAMES[pick(x, SURNAMES.len())];
    let first = GIVEN_CHARS[pick(x >> 16, GIVEN_CHARS.len())];
    if (x >> 48).is_multiple_of(3) {
        format!("{surname}{first}")
    } else {
        format!("{surname}{first}{}", GIVEN_CHARS[pick(x >> 32, GIVEN_CHARS.len())])
    }
}

pub(crate) fn cadre(rng: &mut ChaCha8Rng, index: usize, school: &School, college: Option<String>) -> Option<Cadre> {
    let surname = SURNAMES.choose(rng)?;
    let given: String = GIVEN_CHARS.choose_multiple(rng, 2).copied().collect();
    Some(Cadre {
        id: format!("C{index:05}").parse().ok()?,
        name: format!("{surname}{given}"),
        school: school.code.clone(),
        level: if college.is_some() { CadreLevel::College } else { CadreLevel::School },
        college,
        kind: *[CadreKind::FullTime, CadreKind::Seconded, CadreKind::PartTime, CadreKind::Counsellor].choose(rng)?,
    })
}
