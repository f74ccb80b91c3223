//! One generated opening, before it is written in a source's format.

use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{
    Family, BENEFITS, COMMUNITIES, FAMILIES, GOV_HOSTS, PRACTICE_THEMES, REQUIREMENTS, SOES, STREETS, TOWNS,
    WESTERN_AREAS, WESTERN_BUREAUS,
};
use super::employers::EmployerPool;
use super::place::Place;
use crate::model::{PostingKind, RegionCode};
use std::collections::HashMap;

use crate::taxonomy::{Occupation, Region, RegionLevel, Taxonomy};

/// An opening as the generator imagines it.
#[derive(Debug, Clone)]
pub(crate) struct Opening {
    pub kind: PostingKind,
    pub title: String,
    pub employer: String,
    pub description: String,
    pub place: Place,
    pub industry: Option<String>,
    pub occupation: Option<String>,
    pub education: String,
    pub majors: String,
    pub headcount: Option<u32>,
    pub pay: (u32, u32),
    pub posted: NaiveDate,
    pub expires: NaiveDate,
    pub track: Option<String>,
    pub government: bool,
    /// What the opening is, beyond its wording: an employer offers one opening per role and place.
    pub role: String,
    /// Index of its family in `FAMILIES` (none for 西部计划 and 社区实践 posts): the ground truth's notion of
    /// what the work really is, never written into a record.
    pub family: Option<usize>,
}

pub(crate) struct OpeningMaker<'a> {
    taxonomy: &'a Taxonomy,
    counties: Vec<&'a Region>,
    base_date: NaiveDate,
    occupations: HashMap<&'a str, &'a Occupation>,
}

impl<'a> OpeningMaker<'a> {
    pub(crate) fn new(taxonomy: &'a Taxonomy, base_date: NaiveDate) -> OpeningMaker<'a> {
        let counties = taxonomy.regions.hunan(RegionLevel::County);
        let occupations = taxonomy.occupations.all().map(|o| (o.name.as_str(), o)).collect();
        OpeningMaker { taxonomy, counties, base_date, occupations }
    }

    pub(crate) fn make(&self, rng: &mut ChaCha8Rng, kind: PostingKind, employers: &mut EmployerPool) -> Opening {
        match kind {
            PostingKind::Volunteer => self.volunteer(rng),
            PostingKind::Practice => self.practice(rng),
            _ => self.work(rng, kind, employers),
        }
    }

    fn work(&self, rng: &mut ChaCha8Rng, kind: PostingKind, employers: &mut EmployerPool) -> Opening {
        let government = kind == PostingKind::Internship && rng.random_bool(0.25);
        // Indices, not references: a `const` table may live at several addresses, so identity is the index.
        let candidates: Vec<usize> = (0..FAMILIES.len())
            .filter(|&i| FAMILIES[i].kinds.contains(&kind) && (!government || FAMILIES[i].occupation == "行政办事员"))
            .collect();
        let family_index = candidates.choose(rng).copied().unwrap_or(0);
        let family = &FAMILIES[family_index];
        let place = self.place(rng);
        let soe = kind == PostingKind::Job && rng.random_bool(0.2);
        let family_role = format!("{}{}", family.occupation, kind.code());
        let (employer, title) = if government {
            let (host, title) = GOV_HOSTS.choose(rng).copied().unwrap_or(GOV_HOSTS[0]);
            (format!("{}{}", place.county.as_deref().unwrap_or(&place.prefecture), host), title.to_string())
        } else {
            let employer = if soe {
                SOES.choose(rng).copied().unwrap_or(SOES[0]).to_string()
            } else {
                employers.pick(rng, &place, family, &family_role)
            };
            let base = family.titles.choose(rng).copied().unwrap_or(family.titles[0]);
            let title = match kind {
                PostingKind::Internship => format!("{base}实习生"),
                PostingKind::Traineeship => format!("{base}（就业见习岗）"),
                PostingKind::Experience => format!("{base}职场体验活动"),
                _ => base.to_string(),
            };
            (employer, title)
        };
        let occupation = self.occupation_code(family, rng);
        let (low, high) = pay_for(rng, family, kind);
        let headcount = if rng.random_bool(0.1) {
            None
        } else {
            Some(rng.random_range(1..=if kind == PostingKind::Gig { 20 } else { 8 }))
        };
        let address = self.address(rng, &place);
        let description = self.description(rng, family, &title, kind, &address, (low, high), headcount);
        let posted = self.base_date - Duration::days(rng.random_range(0..60));
        let role = if government { title.clone() } else { family_role };
        Opening {
            kind,
            title,
            employer,
            description,
            place,
            industry: family.industries.choose(rng).map(|s| (*s).to_string()),
            occupation,
            education: family.education.to_string(),
            majors: family.majors.to_string(),
            headcount: if rng.random_bool(0.1) {
                None
            } else {
                Some(rng.random_range(1..=if kind == PostingKind::Gig { 20 } else { 8 }))
            },
            pay: (low, high),
            posted,
            expires: posted + Duration::days(rng.random_range(45..420)),
            track: None,
            government,
            role,
            family: Some(family_index),
        }
    }

    fn volunteer(&self, rng: &mut ChaCha8Rng) -> Opening {
        let (province, area) = WESTERN_AREAS.choose(rng).copied().unwrap_or(WESTERN_AREAS[0]);
        let (bureau, base_track, post) = WESTERN_BUREAUS.choose(rng).copied().unwrap_or(WESTERN_BUREAUS[0]);
        let track = match province {
            "新疆" if rng.random_bool(0.3) => "服务新疆",
            "西藏" if rng.random_bool(0.3) => "服务西藏",
            _ => base_track,
        };
        let town = TOWNS.choose(rng).copied().unwrap_or(TOWNS[0]);
        let host = format!("{area}{town}{bureau}");
        let title = format!("西部计划志愿者（{post}）");
        let place_text = if province == "湖南" { area.to_string() } else { format!("{province}{area}") };
        let code = crate::normalize::resolve_place(&self.taxonomy.regions, &place_text).unwrap_or(RegionCode::hunan());
        let posted = self.base_date - Duration::days(rng.random_range(0..30));
        let description = format!(
            "大学生志愿服务西部计划{track}专项，服务期1至3年。主要职责：协助服务单位开展{track}相关工作，深入基层一线，{}。要求：{}，身体健康，思想政治素质好。待遇：按国家西部计划标准发放生活补贴，办理人身意外伤害和住院医疗保险，服务期满考核合格者享受升学、就业相关优惠政策。",
            REQUIREMENTS.choose(rng).copied().unwrap_or(REQUIREMENTS[0]),
            "应届高校毕业生或在读研究生"
        );
        Opening {
            kind: PostingKind::Volunteer,
            title,
            employer: host,
            description,
            place: Place { code, prefecture: place_text.clone(), county: None, text: Some(place_text) },
            industry: Some("9221".to_string()),
            occupation: None,
            education: "本科及以上".to_string(),
            majors: "不限".to_string(),
            headcount: Some(rng.random_range(2..=10)),
            pay: (2500, 3500),
            posted,
            expires: posted + Duration::days(rng.random_range(60..200)),
            track: Some(track.to_string()),
            government: true,
            role: String::new(),
            family: None,
        }
    }

    fn practice(&self, rng: &mut ChaCha8Rng) -> Opening {
        let place = self.place(rng);
        let host = COMMUNITIES.choose(rng).copied().unwrap_or(COMMUNITIES[0]);
        let street = STREETS.choose(rng).copied().unwrap_or(STREETS[0]);
        let theme = PRACTICE_THEMES.choose(rng).copied().unwrap_or(PRACTICE_THEMES[0]);
        let posted = self.base_date - Duration::days(rng.random_range(0..45));
        let employer = format!("{}{street}{host}", place.county.as_deref().unwrap_or(&place.prefecture));
        let description = format!(
            "大学生社区实践计划岗位。在{}开展{theme}，参与社区治理和志愿服务，就近就便参与城乡社区实践，{}。{}。",
            employer,
            REQUIREMENTS.choose(rng).copied().unwrap_or(REQUIREMENTS[0]),
            BENEFITS.choose(rng).copied().unwrap_or(BENEFITS[0])
        );
        Opening {
            kind: PostingKind::Practice,
            title: format!("社区实践岗（{theme}）"),
            employer,
            description,
            place,
            industry: Some("8521".to_string()),
            occupation: None,
            education: "学历不限".to_string(),
            majors: "不限".to_string(),
            headcount: Some(rng.random_range(2..=6)),
            pay: (0, 0),
            posted,
            expires: posted + Duration::days(rng.random_range(30..180)),
            track: None,
            government: true,
            role: String::new(),
            family: None,
        }
    }

    /// A Hunan county, weighted towards Changsha as the province's postings are.
    pub(crate) fn place(&self, rng: &mut ChaCha8Rng) -> Place {
        let in_changsha = rng.random_bool(0.4);
        let pool: Vec<&&Region> =
            self.counties.iter().filter(|r| (r.code.prefecture().get() == 430_100) == in_changsha).collect();
        let county = pool.choose(rng).map(|r| **r).unwrap_or(self.counties[0]);
        let prefecture = self.taxonomy.regions.display_name(county.code.prefecture());
        Place { code: county.code, prefecture, county: Some(county.name.clone()), text: None }
    }

    fn occupation_code(&self, family: &Family, rng: &mut ChaCha8Rng) -> Option<String> {
        // Some platforms give an occupation code, most do not; the ingester infers the missing ones.
        let named = self.occupations.get(family.occupation)?;
        rng.random_bool(0.5).then(|| named.code.to_string())
    }

    /// A street address in the opening's county: distinct openings are at distinct addresses.
    fn address(&self, rng: &mut ChaCha8Rng, place: &Place) -> String {
        let street = STREETS.choose(rng).copied().unwrap_or(STREETS[0]);
        let area = place.county.as_deref().unwrap_or(&place.prefecture);
        format!("{}{area}{street}路{}号", place.prefecture, rng.random_range(1..=999))
    }

    #[allow(clippy::too_many_arguments)]
    fn description(
        &self,
        rng: &mut ChaCha8Rng,
        family: &Family,
        title: &str,
        kind: PostingKind,
        address: &str,
        pay: (u32, u32),
        headcount: Option<u32>,
    ) -> String {
        let occupation = self.occupations.get(family.occupation);
        let duty = occupation.map(|o| o.definition.trim_end_matches('。').to_string()).unwrap_or_default();
        let all_tasks: Vec<&str> = occupation.map(|o| o.tasks.split(' ').collect()).unwrap_or_default();
        let task_count = rng.random_range(2..=4);
        let mut tasks: Vec<&str> = all_tasks.choose_multiple(rng, task_count).copied().collect();
        tasks.sort_unstable();
        let openings = headcount.map_or("若干名".to_string(), |n| format!("{n}名"));
        let mut requirements: Vec<&str> = REQUIREMENTS.choose_multiple(rng, 2).copied().collect();
        requirements.sort_unstable();
        let benefits: Vec<&str> = BENEFITS.choose_multiple(rng, 2).copied().collect();
        let audience = match kind {
            PostingKind::Internship | PostingKind::Experience => "面向在校大学生",
            PostingKind::Gig => "时间灵活，适合学生兼职",
            _ => "面向应届及往届未就业高校毕业生",
        };
        format!(
            "{title}，{audience}，招聘{openings}，月薪{}-{}元，工作地点：{address}。岗位职责：{duty}。{}。任职要求：{}学历，{}专业；熟悉{}；{}。福利待遇：{}。",
            pay.0,
            pay.1,
            tasks.join("；"),
            family.education.trim_end_matches("及以上"),
            family.majors,
            family.skills,
            requirements.join("；"),
            benefits.join("；"),
        )
    }
}

fn pay_for(rng: &mut ChaCha8Rng, family: &Family, kind: PostingKind) -> (u32, u32) {
    let (low, high) = family.pay;
    let scale = match kind {
        PostingKind::Internship | PostingKind::Experience => 0.45,
        PostingKind::Traineeship => 0.6,
        _ => 1.0,
    };
    let jitter = rng.random_range(0.85..1.15);
    let round = |v: f64| ((v / 100.0).round() * 100.0) as u32;
    (round(f64::from(low) * scale * jitter).max(1000), round(f64::from(high) * scale * jitter).max(1500))
}
