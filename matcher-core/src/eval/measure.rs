//! Measuring one method's lists: ranking metrics against the judged interactions, market metrics over the
//! exposure of open postings, the programme's rules (≥ 2 suitable postings, no hard-filter or headcount
//! violation), for everyone and for each group of students.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dataset::Dataset;
use super::market::{congestion, coverage, gini, lorenz};
use super::method::Method;
use super::ranking::{at_k, bootstrap_interval, mean, AtK, KS};
use super::setting::Setting;
use crate::eligibility::check_eligibility;
use crate::model::Student;

/// Every metric of a set of students' lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Students in the set.
    pub students: usize,
    /// Of them, students with at least one relevant posting (the ranking metrics average over these).
    pub ranked_students: usize,
    /// Ranking metrics at each cut-off of `KS`.
    pub ranking: Vec<AtK>,
    /// 95% bootstrap interval of NDCG@5 over the students (how far the mean could move with other students).
    pub ndcg5_interval: Option<(f64, f64)>,
    /// Share of open postings recommended to someone in the set.
    pub coverage: f64,
    /// 1 − normalised entropy of the recommendation shares over open postings.
    pub congestion: f64,
    /// Gini coefficient of exposure over open postings.
    pub gini: f64,
    /// Of the recommendations of postings whose slots ran out (recommended to as many students as their
    /// cap allows, or more), the share given to low-income students; `None` when there is none.
    pub scarce_to_low_income: Option<f64>,
    /// Recommendations of postings whose slots ran out (the count the share above is of).
    pub scarce_recommendations: usize,
    /// Share of low-income students in the set (what the line above compares with).
    pub low_income_share: f64,
    /// Share of students with at least `min_per_student` (2) recommendations that break no hard filter
    /// (the engine lists only postings it judges suitable, so for it this is the share given two suitable).
    pub with_two_eligible: f64,
    /// Share of students (with a relevant posting) with at least two relevant postings in their list.
    pub with_two_relevant: f64,
    /// Recommendations that break a hard filter (region, education, cohort, expired, declined).
    pub hard_filter_violations: usize,
    /// Recommendations of postings recommended to more students than their headcount cap allows.
    pub headcount_violations: usize,
    /// Recommendations made.
    pub recommendations: usize,
}

impl Metrics {
    /// The ranking metrics at cut-off `k` (zeros if `k` is not one of `KS`).
    pub fn at(&self, k: usize) -> AtK {
        self.ranking.iter().copied().find(|a| a.k == k).unwrap_or(AtK { k, ..AtK::default() })
    }
}

/// The metrics of one group of students (a value of one dimension).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMetrics {
    /// `low_income`, `cohort`, `school_tier` or `city`.
    pub dimension: &'static str,
    /// The group: `low_income`/`other`, a cohort code, `double_first_class`/`other`, a city's name.
    pub group: String,
    /// Its metrics.
    pub metrics: Metrics,
}

/// Groups smaller than this are not reported: with a handful of students a group's figures (its low-income
/// share above all) would describe individuals. Their students still count in every larger set.
pub const MIN_GROUP: usize = 5;

/// One method's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodReport {
    /// The method.
    pub method: Method,
    /// Everyone.
    pub overall: Metrics,
    /// By group (groups of at least `MIN_GROUP` students).
    pub groups: Vec<GroupMetrics>,
    /// Students of groups too small to report, by dimension (the groups are not named).
    pub suppressed: Vec<(&'static str, usize)>,
    /// Lorenz curve of exposure over open postings (share of postings, share of recommendations).
    pub lorenz: Vec<(f64, f64)>,
}

impl MethodReport {
    /// The metrics of one group, if it has students.
    pub fn group(&self, dimension: &str, group: &str) -> Option<&Metrics> {
        self.groups.iter().find(|g| g.dimension == dimension && g.group == group).map(|g| &g.metrics)
    }
}

/// What each recommendation and posting was, computed once for all groups.
struct Judged<'l> {
    lists: &'l [Vec<u32>],
    /// Per student, per recommendation: breaks a hard filter.
    broken: Vec<Vec<bool>>,
    /// Per posting: recommended at least its cap (slots ran out) / more than its cap.
    at_cap: Vec<bool>,
    over_cap: Vec<bool>,
}

/// Measures one method's lists (one per student of `data`, catalog positions).
pub(crate) fn measure(h: &Setting, method: Method, data: &Dataset, lists: &[Vec<u32>]) -> MethodReport {
    let (judged, exposure) = judge(h, data, lists);
    let everyone: Vec<usize> = (0..data.students.len()).collect();
    let overall = metrics(h, data, &judged, &everyone);
    let mut groups = Vec::new();
    let mut suppressed = Vec::new();
    for (dimension, key) in dimensions(h) {
        let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, student) in data.students.iter().enumerate() {
            members.entry(key(student)).or_default().push(i);
        }
        let mut hidden = 0;
        for (group, members) in members {
            if members.len() < MIN_GROUP {
                hidden += members.len();
                continue;
            }
            groups.push(GroupMetrics { dimension, group, metrics: metrics(h, data, &judged, &members) });
        }
        if hidden > 0 {
            suppressed.push((dimension, hidden));
        }
    }
    let open_exposure: Vec<u32> = h.open.iter().map(|&p| exposure[p as usize]).collect();
    MethodReport { method, overall, groups, suppressed, lorenz: lorenz(&open_exposure, 100) }
}

/// Measures lists for everyone only (no groups, no Lorenz curve): what a search over configurations reads.
pub(crate) fn measure_overall(h: &Setting, data: &Dataset, lists: &[Vec<u32>]) -> Metrics {
    let (judged, _) = judge(h, data, lists);
    metrics(h, data, &judged, &(0..data.students.len()).collect::<Vec<_>>())
}

/// Judges every recommendation (hard filters) and posting (caps) once; returns the exposure of each posting.
fn judge<'l>(h: &Setting, data: &Dataset, lists: &'l [Vec<u32>]) -> (Judged<'l>, Vec<u32>) {
    let mut exposure = vec![0u32; h.postings.len()];
    for list in lists {
        for &p in list {
            exposure[p as usize] += 1;
        }
    }
    let cap = |p: usize| h.config.allocation.cap(h.postings[p].headcount);
    let judged = Judged {
        lists,
        broken: data
            .students
            .iter()
            .zip(lists)
            .map(|(student, list)| {
                list.iter()
                    .map(|&p| {
                        !check_eligibility(&h.taxonomy.regions, student, &h.postings[p as usize], h.day).is_empty()
                    })
                    .collect()
            })
            .collect(),
        at_cap: exposure.iter().enumerate().map(|(p, &e)| e > 0 && e >= cap(p)).collect(),
        over_cap: exposure.iter().enumerate().map(|(p, &e)| e > cap(p)).collect(),
    };
    (judged, exposure)
}

type GroupKey<'h> = Box<dyn Fn(&Student) -> String + 'h>;

/// The dimensions students are grouped by, with each student's group.
fn dimensions<'h>(h: &'h Setting) -> Vec<(&'static str, GroupKey<'h>)> {
    vec![
        ("low_income", Box::new(|s: &Student| if s.low_income { "low_income" } else { "other" }.to_string())),
        ("cohort", Box::new(|s: &Student| s.cohort.code().to_string())),
        (
            "school_tier",
            Box::new(move |s: &Student| {
                let top = h.taxonomy.schools.get(&s.school).is_some_and(|school| school.double_first_class);
                if top { "double_first_class" } else { "other" }.to_string()
            }),
        ),
        ("city", Box::new(move |s: &Student| h.taxonomy.regions.display_name(s.home_region.prefecture()))),
    ]
}

fn metrics(h: &Setting, data: &Dataset, judged: &Judged, members: &[usize]) -> Metrics {
    let mut exposure = vec![0u32; h.postings.len()];
    let mut per_k: Vec<Vec<AtK>> = vec![Vec::new(); KS.len()];
    let (mut scarce, mut scarce_low_income) = (0usize, 0usize);
    let (mut with_two, mut two_relevant, mut hard, mut headcount, mut recommendations) = (0, 0, 0, 0, 0);
    let minimum = h.config.allocation.min_per_student.min(h.top);
    for &i in members {
        let (student, list, broken) = (&data.students[i], &judged.lists[i], &judged.broken[i]);
        let relevant = &data.relevant[i];
        let hits: Vec<bool> = list.iter().map(|p| relevant.contains(p)).collect();
        if !relevant.is_empty() {
            for (slot, &k) in per_k.iter_mut().zip(&KS) {
                slot.push(at_k(&hits, relevant.len(), k));
            }
            two_relevant += usize::from(hits.iter().filter(|h| **h).count() >= 2);
        }
        for (&p, &bad) in list.iter().zip(broken) {
            exposure[p as usize] += 1;
            if judged.at_cap[p as usize] {
                scarce += 1;
                scarce_low_income += usize::from(student.low_income);
            }
            headcount += usize::from(judged.over_cap[p as usize]);
            hard += usize::from(bad);
        }
        with_two += usize::from(broken.iter().filter(|b| !**b).count() >= minimum);
        recommendations += list.len();
    }
    let ranked = per_k[0].len();
    let five = KS.iter().position(|&k| k == 5).map_or(Vec::new(), |i| per_k[i].iter().map(|a| a.ndcg).collect());
    let open_exposure: Vec<u32> = h.open.iter().map(|&p| exposure[p as usize]).collect();
    let share = |count: usize, of: usize| if of == 0 { 0.0 } else { count as f64 / of as f64 };
    Metrics {
        students: members.len(),
        ranked_students: ranked,
        ranking: KS.iter().zip(&per_k).map(|(&k, lists)| mean(k, lists)).collect(),
        ndcg5_interval: bootstrap_interval(&five, 0x6e64_6367),
        coverage: coverage(&open_exposure),
        congestion: congestion(&open_exposure),
        gini: gini(&open_exposure),
        scarce_to_low_income: (scarce > 0).then(|| share(scarce_low_income, scarce)),
        scarce_recommendations: scarce,
        low_income_share: share(members.iter().filter(|&&i| data.students[i].low_income).count(), members.len()),
        with_two_eligible: share(with_two, members.len()),
        with_two_relevant: share(two_relevant, ranked),
        hard_filter_violations: hard,
        headcount_violations: headcount,
        recommendations,
    }
}
