//! The explanation a cadre reads, in Chinese, built from a pair's features and what they rest on, e.g.
//! "专业对口（计算机科学与技术，岗位要求计算机类）；同在长沙市岳麓区；意向行业相符（软件开发）；3天前发布".

use std::fmt::Write;

use super::catalog::Catalog;
use super::config::ScoringConfig;
use super::entry::Entry;
use super::features::Features;
use super::features::{offered_pay, FieldMatch, MajorMatch};
use super::profile::Place;
use crate::model::{RegionCode, Student};
use crate::taxonomy::Taxonomy;

/// Parts of an explanation are joined by this.
pub(crate) const SEPARATOR: &str = "；";

/// The explanation, its parts most important first, written into one string (a cadre's list has tens of
/// thousands: a string per part was most of their cost).
pub(crate) fn explain(
    taxonomy: &Taxonomy,
    catalog: &Catalog,
    config: &ScoringConfig,
    student: &Student,
    entry: &Entry,
    features: &Features,
) -> String {
    let mut out = String::with_capacity(192);
    major_part(&mut out, taxonomy, student, features.major);
    field_part(&mut out, taxonomy, student, entry, features.field);
    if features.values[3] > 0.0 {
        next(&mut out);
        out.push_str(if features.values[3] >= 0.5 {
            "求职意向与岗位内容高度相关"
        } else {
            "求职意向与岗位内容相关"
        });
    }
    next(&mut out);
    place_part(&mut out, taxonomy, catalog.regions[usize::from(entry.slot)], features.place);
    next(&mut out);
    match features.age_days {
        0 => out.push_str("今天发布"),
        days => {
            let _ = write!(out, "{days}天前发布");
        }
    }
    if student.expected_pay.min.is_some() && offered_pay(entry) > 0 {
        next(&mut out);
        out.push_str(if features.values[5] >= 1.0 { "薪酬达到期望" } else { "薪酬低于期望" });
    }
    if let Some(campaign) = features.campaign_index.and_then(|i| config.campaigns.get(usize::from(i))) {
        next(&mut out);
        let _ = write!(out, "“{}”专场岗位", campaign.name);
    }
    out
}

/// Starts a part: the separator after any part before it.
pub(crate) fn next(out: &mut String) {
    if !out.is_empty() {
        out.push_str(SEPARATOR);
    }
}

fn major_part(out: &mut String, taxonomy: &Taxonomy, student: &Student, found: MajorMatch) {
    if found == MajorMatch::None {
        return;
    }
    let major = taxonomy.majors.major(student.major.as_str());
    let own = major.map_or(student.major.as_str(), |m| m.name.as_str());
    let group = |code: Option<&str>| code.and_then(|c| taxonomy.majors.group(c)).map(|g| g.name.as_str());
    let own_class = group(major.map(|m| m.class.as_str()));
    let class_name = own_class.unwrap_or(own);
    next(out);
    let _ = match found {
        MajorMatch::Exact => write!(out, "专业对口（{own}）"),
        MajorMatch::InClass => write!(out, "专业对口（{own}，岗位要求{class_name}）"),
        MajorMatch::SameClass => write!(out, "专业相近（同属{class_name}）"),
        MajorMatch::InCategory => {
            let own_category = group(major.map(|m| m.category.as_str())).unwrap_or_default();
            write!(out, "专业门类相符（{own}，岗位要求{own_category}）")
        }
        MajorMatch::Related { open: true, .. } => write!(out, "不限专业，{class_name}毕业生常从事此类工作"),
        MajorMatch::Related { open: false, .. } => write!(out, "专业相关（此类岗位常招{class_name}）"),
        MajorMatch::None => Ok(()),
    };
}

fn field_part(out: &mut String, taxonomy: &Taxonomy, student: &Student, entry: &Entry, found: FieldMatch) {
    let fit = |exact: bool| if exact { "相符" } else { "相近" };
    match found {
        FieldMatch::Industry(i, exact) => {
            let Some(code) = student.intended_industries.get(i) else { return };
            let name = taxonomy.industries.get(code.as_str()).map_or(code.as_str(), |i| i.name.as_str());
            next(out);
            let _ = write!(out, "意向行业{}（{name}）", fit(exact));
        }
        FieldMatch::Occupation(i, exact) => {
            let Some(code) = student.intended_occupations.get(i) else { return };
            let name = taxonomy.occupations.get(code.as_str()).map_or(code.as_str(), |o| o.name.as_str());
            next(out);
            let _ = write!(out, "意向职业{}（{name}）", fit(exact));
        }
        FieldMatch::Volunteer => {
            next(out);
            out.push_str("学生有意参加西部计划，岗位为西部计划志愿服务");
            if let Some(track) = entry.track {
                let _ = write!(out, "（{}）", track.zh());
            }
        }
        FieldMatch::None => {}
    }
}

fn place_part(out: &mut String, taxonomy: &Taxonomy, region: RegionCode, place: Place) {
    let regions = &taxonomy.regions;
    let local = |out: &mut String| {
        let city = regions.get(region.prefecture()).map_or("", |r| r.name.as_str());
        out.push_str(city);
        if !region.is_prefecture() {
            let own = regions.get(region).map(|r| r.name.as_str());
            match own {
                Some(own) if own == city => {}
                Some(own) => out.push_str(own),
                None => {
                    let _ = write!(out, "{region}");
                }
            }
        }
    };
    match place {
        Place::SameCounty => {
            out.push_str("同在");
            local(out);
        }
        Place::SameCity => {
            out.push_str("与家同在");
            local(out);
        }
        Place::SchoolCity => {
            out.push_str("在学校所在地");
            local(out);
        }
        Place::Chosen => {
            out.push_str("在学生愿意去的");
            regions.write_path_name(region, out);
        }
        Place::Anywhere => out.push_str("工作地点不限（全国多地）"),
        Place::Away(km) => {
            out.push('在');
            regions.write_path_name(region, out);
            if km < u16::MAX {
                let _ = write!(out, "，距家约{km}公里");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VolunteerTrack;
    use crate::score::features::MajorMatch;
    use crate::score::ScoringConfig;
    use crate::test_support::{sample_index, sample_people};

    fn features(major: MajorMatch, field: FieldMatch, place: Place, age_days: i32) -> Features {
        Features {
            values: [0.0, 0.0, 0.5, 0.0, 1.0, 0.0],
            campaign: 0.0,
            campaign_index: None,
            major,
            field,
            place,
            age_days,
            text_related: false,
        }
    }

    /// Every kind of part reads as the plan's cadres should read it, joined by "；" in order of importance.
    #[test]
    fn every_part_of_an_explanation_reads_as_written() {
        let taxonomy = Taxonomy::embedded();
        let config = ScoringConfig::builtin();
        let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
        let (students, _) = sample_people();
        let mut student =
            students.iter().find(|s| taxonomy.majors.major(s.major.as_str()).is_some()).expect("a known major").clone();
        // Pay is said only of a student who gave what they expect.
        student.expected_pay.min = None;
        let student = &student;
        let major = taxonomy.majors.major(student.major.as_str()).unwrap();
        let class = &taxonomy.majors.group(major.class.as_str()).unwrap().name;
        let category = &taxonomy.majors.group(major.category.as_str()).unwrap().name;
        let own = &major.name;
        let mut entry = catalog.entries[0].clone();
        entry.track = Some(VolunteerTrack::RuralEducation);
        let slot_region = catalog.regions[usize::from(entry.slot)];
        let majors = [
            (MajorMatch::Exact, format!("专业对口（{own}）")),
            (MajorMatch::InClass, format!("专业对口（{own}，岗位要求{class}）")),
            (MajorMatch::SameClass, format!("专业相近（同属{class}）")),
            (MajorMatch::InCategory, format!("专业门类相符（{own}，岗位要求{category}）")),
            (MajorMatch::Related { share: 0.5, open: true }, format!("不限专业，{class}毕业生常从事此类工作")),
            (MajorMatch::Related { share: 0.5, open: false }, format!("专业相关（此类岗位常招{class}）")),
        ];
        let path = taxonomy.regions.path_name(slot_region);
        for (found, expected) in majors {
            let f = features(found, FieldMatch::Volunteer, Place::Away(120), 3);
            let text = explain(taxonomy, &catalog, &config, student, &entry, &f);
            let whole = format!("{expected}；学生有意参加西部计划，岗位为西部计划志愿服务（乡村教育）；在{path}，距家约120公里；3天前发布");
            assert_eq!(text, whole);
        }
        let mut f = features(MajorMatch::None, FieldMatch::None, Place::Anywhere, 0);
        f.values[3] = 0.6;
        f.campaign_index = Some(0);
        assert_eq!(
            explain(taxonomy, &catalog, &config, student, &entry, &f),
            format!(
                "求职意向与岗位内容高度相关；工作地点不限（全国多地）；今天发布；“{}”专场岗位",
                config.campaigns[0].name
            )
        );
        let place = |region: &str, place: Place| {
            let mut out = String::new();
            place_part(&mut out, taxonomy, region.parse().unwrap(), place);
            out
        };
        assert_eq!(place("430102", Place::SameCounty), "同在长沙市芙蓉区");
        assert_eq!(place("430100", Place::SameCity), "与家同在长沙市");
        assert_eq!(place("430102", Place::SchoolCity), "在学校所在地长沙市芙蓉区");
        assert_eq!(place("430102", Place::Chosen), "在学生愿意去的湖南省长沙市芙蓉区");
        assert_eq!(place("430102", Place::Away(u16::MAX)), "在湖南省长沙市芙蓉区");
        assert_eq!(place("430102", Place::Away(35)), "在湖南省长沙市芙蓉区，距家约35公里");
    }
}
