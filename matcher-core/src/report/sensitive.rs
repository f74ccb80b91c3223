//! The report's sensitive counts (low-income students, those of them employed, students nominated for help)
//! by province, 市州, school and school tier, as released at month ends (see [`super::release`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::follow::Follow;
use super::month::Month;
use super::release::{released, Count, Groups};
use crate::taxonomy::Taxonomy;

/// The group of the whole province.
const PROVINCE: &str = "province";

/// The sensitive counts of every group at every month end of the report.
pub(super) struct Sensitive {
    /// Group keys (`province`, `city:430100`, `school:4143010531`, `tier:dfc`) → their index.
    index: BTreeMap<String, usize>,
    /// The month ends counts are released at, up to the report's day.
    ends: Vec<NaiveDate>,
    /// `[end][group]`.
    low_income: Vec<Vec<Option<usize>>>,
    low_income_employed: Vec<Vec<Option<usize>>>,
    /// The province only.
    nominated: Vec<Vec<Option<usize>>>,
}

/// The month ends from the month of `start` up to `as_of`: the days counts may be released at.
pub(super) fn month_ends(start: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut month = Month::of(start);
    while month.last_day() <= as_of {
        ends.push(month.last_day());
        month = month.next();
    }
    ends
}

impl Sensitive {
    /// Computes the counts of `follows` (every student the programme followed), grouped by their school's
    /// city, school and tier; `employed` says whether a student counts as employed on a day.
    pub(super) fn new(
        follows: &[Follow],
        taxonomy: &Taxonomy,
        min: usize,
        ends: Vec<NaiveDate>,
        employed: &dyn Fn(&Follow, NaiveDate) -> bool,
    ) -> Sensitive {
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut group = |key: String, members: &mut Vec<Vec<usize>>| -> usize {
            *index.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            })
        };
        let province = group(PROVINCE.to_string(), &mut members);
        let mut cities: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut tiers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, f) in follows.iter().enumerate() {
            let school = taxonomy.schools.get(&f.student.school);
            let city = school.map_or_else(|| "unknown".to_string(), |s| s.city.to_string());
            let tier = if school.is_some_and(|s| s.double_first_class) { "dfc" } else { "non_dfc" };
            let c = group(format!("city:{city}"), &mut members);
            let s = group(format!("school:{}", f.student.school), &mut members);
            let t = group(format!("tier:{tier}"), &mut members);
            for g in [province, c, s, t] {
                members[g].push(i);
            }
            for (whole, parts) in [(&mut cities, c), (&mut tiers, t)] {
                let schools = whole.entry(parts).or_default();
                if !schools.contains(&s) {
                    schools.push(s);
                }
            }
        }
        let mut sums: Vec<(usize, Vec<usize>)> =
            vec![(province, cities.keys().copied().collect()), (province, tiers.keys().copied().collect())];
        sums.extend(cities.into_iter().chain(tiers));
        let mut keys = vec![String::new(); members.len()];
        for (key, &g) in &index {
            keys[g] = key.clone();
        }
        let groups = Groups { members: &members, keys: &keys, sums: &sums, min };
        let in_programme = |f: &Follow, day: NaiveDate| f.in_programme(day);
        let low_income = |f: &Follow| f.student.low_income;
        let nominated = |f: &Follow| f.student.nominated;
        let province_only = Groups { members: &members[province..=province], keys: &keys[..1], sums: &[], min };
        Sensitive {
            low_income: released(follows, &groups, &Count { among: &in_programme, counts: &low_income }, &ends),
            low_income_employed: released(follows, &groups, &Count { among: employed, counts: &low_income }, &ends),
            nominated: released(follows, &province_only, &Count { among: &in_programme, counts: &nominated }, &ends),
            index,
            ends,
        }
    }

    /// The last month end counts are released at (none before the first month of the year ends).
    pub(super) fn as_of(&self) -> Option<NaiveDate> {
        self.ends.last().copied()
    }

    fn at_last(&self, counts: &[Vec<Option<usize>>], key: &str) -> Option<usize> {
        let g = *self.index.get(key)?;
        counts.last()?.get(g).copied().flatten()
    }

    /// Low-income students in the programme of a group (`province`, `city:…`, `school:…`, `tier:…`) at the
    /// last month end, when released.
    pub(super) fn low_income(&self, key: &str) -> Option<usize> {
        self.at_last(&self.low_income, key)
    }

    /// Low-income students employed, likewise.
    pub(super) fn low_income_employed(&self, key: &str) -> Option<usize> {
        self.at_last(&self.low_income_employed, key)
    }

    /// Students nominated for help in the province, likewise.
    pub(super) fn nominated(&self) -> Option<usize> {
        self.at_last(&self.nominated, PROVINCE)
    }

    /// The province's low-income students employed at each month end, when released there.
    pub(super) fn province_low_income_employed(&self) -> Vec<(NaiveDate, Option<usize>)> {
        self.ends.iter().zip(&self.low_income_employed).map(|(&end, counts)| (end, counts[0])).collect()
    }
}

/// The key of a city's group.
pub(super) fn city_group(city_key: &str) -> String {
    format!("city:{city_key}")
}

/// The key of a school's group.
pub(super) fn school_group(school: &str) -> String {
    format!("school:{school}")
}

/// The key of the province's group, and of the schools outside 双一流.
pub(super) const PROVINCE_GROUP: &str = PROVINCE;
pub(super) const NON_DFC_GROUP: &str = "tier:non_dfc";
