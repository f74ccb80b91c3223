//! Why a student has fewer suitable postings than the minimum, in the words a cadre reads: the first filter
//! (in the order region, cohort, education, still open, related to the student, room left) that leaves too few.

use serde::Serialize;

use crate::model::{Intent, Student};
use crate::score::{Catalog, Profile};

/// The reason for a short list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Shortfall {
    /// 升学 or 出国.
    NotJobSeeking,
    /// Too few postings in the places the student accepts.
    Region {
        /// Postings there.
        found: usize,
    },
    /// Too few of those for the student's cohort.
    Cohort {
        /// Postings left.
        found: usize,
    },
    /// Too few of those the student's education meets.
    Education {
        /// Postings left.
        found: usize,
    },
    /// Too few of those still open (not closed, not declined, openings left).
    Closed {
        /// Postings left.
        found: usize,
    },
    /// Too few of those related to the student's major or intention with a score above the threshold.
    Unrelated {
        /// Suitable postings.
        found: usize,
    },
    /// Enough suitable postings, but their recommendation slots went to students of higher priority.
    Capacity {
        /// Suitable postings.
        found: usize,
        /// `found` is a lower bound: the postings the allocation chose from, when more were left unscored.
        at_least: bool,
    },
}

impl Shortfall {
    /// The reason named by a stable code ([`Shortfall::code`]) in a few Chinese words, for tables such as the
    /// workbook's 汇总 sheet; an unknown code is shown as it is.
    pub fn label_of_code(code: &str) -> &str {
        match code {
            "not_job_seeking" => "不求职（升学、出国或已就业）",
            "region" => "接受地区内岗位不足",
            "cohort" => "届别不符",
            "education" => "学历不符",
            "closed" => "相关岗位已截止或招满",
            "unrelated" => "无与专业或意向相关的岗位",
            "capacity" => "相关岗位推荐名额已满",
            other => other,
        }
    }

    /// The stable code of the reason.
    pub fn code(&self) -> &'static str {
        match self {
            Shortfall::NotJobSeeking => "not_job_seeking",
            Shortfall::Region { .. } => "region",
            Shortfall::Cohort { .. } => "cohort",
            Shortfall::Education { .. } => "education",
            Shortfall::Closed { .. } => "closed",
            Shortfall::Unrelated { .. } => "unrelated",
            Shortfall::Capacity { .. } => "capacity",
        }
    }

    /// The next step the reason suggests, as a cadre reads it.
    pub fn next_step(&self) -> &'static str {
        match self {
            Shortfall::NotJobSeeking => "学生计划升学或出国：确认去向后在台账中记录",
            Shortfall::Region { .. } => "建议学生接受邻近城市（如长沙）或扩大通勤半径，再重新推荐",
            Shortfall::Cohort { .. } => "可考虑见习基地岗位或面向往届生的岗位",
            Shortfall::Education { .. } => "可考虑见习岗位或学历要求较低的岗位，并加强求职指导",
            Shortfall::Closed { .. } => "相关岗位已截止或已招满：关注新发布的岗位，下周再推荐",
            Shortfall::Unrelated { .. } => "与学生沟通，补充意向职业或行业（摸清就业意向），或考虑见习岗位",
            Shortfall::Capacity { .. } => "热门岗位名额已满：可推荐其他城市或同类岗位，关注新岗位",
        }
    }

    /// The reason as a cadre reads it.
    pub fn zh(&self, student: &Student) -> String {
        match self {
            Shortfall::NotJobSeeking if student.intent == Intent::Employed => "学生已就业，不再推荐岗位".into(),
            Shortfall::NotJobSeeking => "学生选择升学或出国，不推荐就业岗位".into(),
            Shortfall::Region { found } => format!("学生接受的地区内仅有{found}个岗位"),
            Shortfall::Cohort { found } => {
                format!("所在地区面向{}学生的岗位仅{found}个", student.cohort.zh())
            }
            Shortfall::Education { found } => {
                format!("所在地区符合学历要求（{}）的岗位仅{found}个", student.education.zh())
            }
            Shortfall::Closed { found } => format!("所在地区符合条件且仍在招聘的岗位仅{found}个"),
            Shortfall::Unrelated { found } => format!("与专业或求职意向相符的岗位仅{found}个"),
            Shortfall::Capacity { found, at_least: false } => {
                format!("相符的{found}个岗位推荐名额已满（按低收入家庭学生优先的顺序分配）")
            }
            Shortfall::Capacity { found, at_least: true } => {
                format!(
                    "相符的岗位不少于{found}个，其中最相符的{found}个推荐名额已满（按低收入家庭学生优先的顺序分配）"
                )
            }
        }
    }
}

/// The reason `student` got `given` postings when `minimum` were wanted, `suitable` of them suitable (at least,
/// when `at_least`: candidates that could not enter the allocation's choice were not scored).
pub(crate) fn diagnose(
    catalog: &Catalog,
    profile: &Profile,
    suitable: usize,
    at_least: bool,
    minimum: usize,
) -> Shortfall {
    if !profile.job_seeking {
        return Shortfall::NotJobSeeking;
    }
    let (mut region, mut cohort, mut education, mut open) = (0, 0, 0, 0);
    // Each count is at least the next, and a count is only told when it is below the minimum: once `minimum`
    // open postings are found, none of these filters is the reason, and the rest need not be counted (a
    // student who accepts all of Hunan would otherwise walk every posting of the province).
    'places: for &bucket in &profile.buckets {
        for &index in catalog.buckets[usize::from(bucket)].iter() {
            if open >= minimum {
                break 'places;
            }
            let gate = &catalog.gates[index as usize];
            if !profile.slots[usize::from(gate.slot)].accepted {
                continue;
            }
            region += 1;
            if gate.cohorts & profile.cohort_bits == 0 {
                continue;
            }
            cohort += 1;
            if profile.education < gate.min_education {
                continue;
            }
            education += 1;
            if profile.eligible(index, gate) {
                open += 1;
            }
        }
    }
    if region < minimum {
        Shortfall::Region { found: region }
    } else if cohort < minimum {
        Shortfall::Cohort { found: cohort }
    } else if education < minimum {
        Shortfall::Education { found: education }
    } else if open < minimum {
        Shortfall::Closed { found: open }
    } else if suitable < minimum {
        Shortfall::Unrelated { found: suitable }
    } else {
        Shortfall::Capacity { found: suitable, at_least }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::ScoringConfig;
    use crate::taxonomy::Taxonomy;
    use crate::test_support::{sample_index, sample_people};

    /// The diagnosis from every posting of the student's places counted, each filter in turn.
    fn counting_every_posting(catalog: &Catalog, profile: &Profile, suitable: usize, minimum: usize) -> Shortfall {
        let mut counts = [0usize; 4];
        for &bucket in &profile.buckets {
            for &index in catalog.buckets[usize::from(bucket)].iter() {
                let gate = &catalog.gates[index as usize];
                let passed = [
                    profile.slots[usize::from(gate.slot)].accepted,
                    gate.cohorts & profile.cohort_bits != 0,
                    profile.education >= gate.min_education,
                    profile.eligible(index, gate),
                ];
                for (count, _) in counts.iter_mut().zip(passed.iter().take_while(|p| **p)) {
                    *count += 1;
                }
            }
        }
        let [region, cohort, education, open] = counts;
        match () {
            _ if region < minimum => Shortfall::Region { found: region },
            _ if cohort < minimum => Shortfall::Cohort { found: cohort },
            _ if education < minimum => Shortfall::Education { found: education },
            _ if open < minimum => Shortfall::Closed { found: open },
            _ if suitable < minimum => Shortfall::Unrelated { found: suitable },
            _ => Shortfall::Capacity { found: suitable, at_least: false },
        }
    }

    /// Counting stops once enough open postings are found; the reason and the count it tells are those of
    /// counting every posting, for twelve minimums from one to more than the sample holds.
    #[test]
    fn a_diagnosis_that_stops_early_is_the_full_count() {
        let config = ScoringConfig::builtin();
        let index = sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
        let (students, _) = sample_people();
        let day = crate::normalize::parse_date("2026-11-01").unwrap();
        let mut reasons = std::collections::HashSet::new();
        for student in students.iter().filter(|s| s.intent.seeks_work()).take(40) {
            let profile = Profile::new(Taxonomy::embedded(), &catalog, &config, student, day, 0, None);
            for minimum in [1, 2, 3, 5, 8, 20, 50, 100, 200, 400, 1_000, 100_000] {
                for suitable in [0, 4, 1_000_000] {
                    let full = counting_every_posting(&catalog, &profile, suitable, minimum);
                    assert_eq!(diagnose(&catalog, &profile, suitable, false, minimum), full, "{minimum} {suitable}");
                    reasons.insert(std::mem::discriminant(&full));
                }
            }
        }
        assert!(reasons.len() >= 5, "the cases reach most reasons: {}", reasons.len());
    }
}
