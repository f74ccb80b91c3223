//! The explanation a cadre reads, in Chinese, built from a pair's features and what they rest on, e.g.
//! "专业对口（计算机科学与技术，岗位要求计算机类）；同在长沙市岳麓区；意向行业相符（软件开发）；3天前发布".

use super::catalog::Catalog;
use super::config::ScoringConfig;
use super::entry::Entry;
use super::features::Features;
use super::features::{FieldMatch, MajorMatch};
use super::profile::Place;
use crate::model::{RegionCode, Student};
use crate::taxonomy::Taxonomy;

/// The parts of the explanation, most important first.
pub(crate) fn explain(
    taxonomy: &Taxonomy,
    catalog: &Catalog,
    config: &ScoringConfig,
    student: &Student,
    entry: &Entry,
    features: &Features,
) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(part) = major_part(taxonomy, student, features.major) {
        parts.push(part);
    }
    if let Some(part) = field_part(taxonomy, student, entry, features.field) {
        parts.push(part);
    }
    if features.values[3] > 0.0 {
        parts.push(
            if features.values[3] >= 0.5 {
                "求职意向与岗位内容高度相关"
            } else {
                "求职意向与岗位内容相关"
            }
            .into(),
        );
    }
    parts.push(place_part(taxonomy, catalog.regions[usize::from(entry.slot)], features.place));
    parts.push(match features.age_days {
        0 => "今天发布".to_string(),
        days => format!("{days}天前发布"),
    });
    if student.expected_pay.min.is_some() && entry.pay_max.max(entry.pay_min) > 0 {
        parts.push(if features.values[5] >= 1.0 { "薪酬达到期望" } else { "薪酬低于期望" }.into());
    }
    if let Some(campaign) = features.campaign_index.and_then(|i| config.campaigns.get(usize::from(i))) {
        parts.push(format!("“{}”专场岗位", campaign.name));
    }
    parts
}

fn major_part(taxonomy: &Taxonomy, student: &Student, found: MajorMatch) -> Option<String> {
    let major = taxonomy.majors.major(student.major.as_str());
    let own = major.map_or_else(|| student.major.to_string(), |m| m.name.clone());
    let group = |code: Option<&str>| code.and_then(|c| taxonomy.majors.group(c)).map(|g| g.name.clone());
    let own_class = group(major.map(|m| m.class.as_str()));
    let own_category = group(major.map(|m| m.category.as_str()));
    let class_name = own_class.clone().unwrap_or_else(|| own.clone());
    Some(match found {
        MajorMatch::Exact => format!("专业对口（{own}）"),
        MajorMatch::InClass => format!("专业对口（{own}，岗位要求{class_name}）"),
        MajorMatch::SameClass => format!("专业相近（同属{class_name}）"),
        MajorMatch::InCategory => format!("专业门类相符（{own}，岗位要求{}）", own_category.unwrap_or_default()),
        MajorMatch::Related { open: true, .. } => {
            format!("不限专业，{}毕业生常从事此类工作", own_class.unwrap_or(own))
        }
        MajorMatch::Related { open: false, .. } => format!("专业相关（此类岗位常招{}）", own_class.unwrap_or(own)),
        MajorMatch::None => return None,
    })
}

fn field_part(taxonomy: &Taxonomy, student: &Student, entry: &Entry, found: FieldMatch) -> Option<String> {
    Some(match found {
        FieldMatch::Industry(i, exact) => {
            let code = student.intended_industries.get(i)?;
            let name = taxonomy.industries.get(code.as_str()).map_or(code.as_str(), |i| i.name.as_str());
            format!("意向行业{}（{name}）", if exact { "相符" } else { "相近" })
        }
        FieldMatch::Occupation(i, exact) => {
            let code = student.intended_occupations.get(i)?;
            let name = taxonomy.occupations.get(code.as_str()).map_or(code.as_str(), |o| o.name.as_str());
            format!("意向职业{}（{name}）", if exact { "相符" } else { "相近" })
        }
        FieldMatch::Volunteer => {
            let track = entry.track.map_or(String::new(), |t| format!("（{}）", t.zh()));
            format!("学生有意参加西部计划，岗位为西部计划志愿服务{track}")
        }
        FieldMatch::None => return None,
    })
}

fn place_part(taxonomy: &Taxonomy, region: RegionCode, place: Place) -> String {
    let regions = &taxonomy.regions;
    let local = || {
        let city = regions.get(region.prefecture()).map(|r| r.name.clone()).unwrap_or_default();
        let own = regions.display_name(region);
        if region.is_prefecture() || own == city {
            city
        } else {
            format!("{city}{own}")
        }
    };
    match place {
        Place::SameCounty => format!("同在{}", local()),
        Place::SameCity => format!("与家同在{}", local()),
        Place::SchoolCity => format!("在学校所在地{}", local()),
        Place::Chosen => format!("在学生愿意去的{}", regions.path_name(region)),
        Place::Anywhere => "工作地点不限（全国多地）".to_string(),
        Place::Away(km) if km < u16::MAX => format!("在{}，距家约{}公里", regions.path_name(region), km),
        Place::Away(_) => format!("在{}", regions.path_name(region)),
    }
}
