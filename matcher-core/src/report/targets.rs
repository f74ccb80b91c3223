//! `Targets`: the plan's targets, their dates and the definitions the report counts by, from TOML merged over
//! the built-in plan (`default_targets.toml`). Unknown keys and values out of range are refused, naming the key.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::EmploymentKind;

/// The built-in targets, as a commented TOML file.
pub const DEFAULT_TARGETS: &str = include_str!("default_targets.toml");

/// The plan's targets and the report's definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Targets {
    /// The first day of the plan's year (none: 1 January of the report's year).
    pub start: Option<NaiveDate>,
    /// The day the targets are due (none: 31 December of the start's year).
    pub deadline: Option<NaiveDate>,
    /// Students helped into work.
    pub employed: u32,
    /// Low-income students helped into work (结对帮扶).
    pub low_income_employed: u32,
    /// 西部计划 volunteers.
    pub western_plan_volunteers: u32,
    /// 创业 projects.
    pub venture_projects: u32,
    /// Share of university League branches in 社区实践.
    pub community_branch_share: f64,
    /// Destinations that count as employed.
    pub employed_kinds: Vec<EmploymentKind>,
    /// Days a contact counts for.
    pub contact_days: u32,
    /// Postings each student should be sent.
    pub postings_per_student: usize,
    /// Days a pair counts as new.
    pub new_pair_days: u32,
    /// Least low-income and other students of a row for its low-income counts to show.
    pub low_income_min_count: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    #[serde(default)]
    period: RawPeriod,
    #[serde(default)]
    targets: RawGoals,
    #[serde(default)]
    definitions: RawDefinitions,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: Option<toml::value::Datetime>,
    deadline: Option<toml::value::Datetime>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoals {
    employed: Option<i64>,
    low_income_employed: Option<i64>,
    western_plan_volunteers: Option<i64>,
    venture_projects: Option<i64>,
    community_branch_share: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinitions {
    employed_kinds: Option<Vec<String>>,
    contact_days: Option<i64>,
    postings_per_student: Option<i64>,
    new_pair_days: Option<i64>,
    low_income_min_count: Option<i64>,
}

/// The least `low_income_min_count` a targets file may set (the built-in value).
pub const MIN_LOW_INCOME_COUNT: u32 = 5;

impl Targets {
    /// The built-in plan.
    pub fn builtin() -> Targets {
        // The built-in file is tested to read; should it ever not, the plan's figures stand in.
        Targets::from_toml(DEFAULT_TARGETS, "built-in targets").unwrap_or(Targets {
            start: None,
            deadline: None,
            employed: 10_000,
            low_income_employed: 4_600,
            western_plan_volunteers: 700,
            venture_projects: 100,
            community_branch_share: 0.25,
            employed_kinds: EmploymentKind::ALL
                .iter()
                .copied()
                .filter(|k| *k != EmploymentKind::FurtherStudy)
                .collect(),
            contact_days: 30,
            postings_per_student: 2,
            new_pair_days: 14,
            low_income_min_count: MIN_LOW_INCOME_COUNT as usize,
        })
    }

    /// Targets from a TOML file: the keys it gives replace the built-in plan's.
    pub fn from_toml(text: &str, file: &str) -> Result<Targets, Error> {
        let error = |reason: String| Error::Config { file: file.to_string(), reason };
        let raw: RawTargets = toml::from_str(text).map_err(|e| error(e.to_string().trim_end().to_string()))?;
        let base = if file == "built-in targets" { None } else { Some(Targets::builtin()) };
        let count = |key: &str, value: Option<i64>, fallback: Option<u32>, low: i64, high: i64| match (value, fallback)
        {
            (Some(v), _) if (low..=high).contains(&v) => Ok(v as u32),
            (Some(v), _) => Err(error(format!("{key} = {v} is outside {low}..={high}"))),
            (None, Some(f)) => Ok(f),
            (None, None) => Err(error(format!("{key} is missing"))),
        };
        let b = base.as_ref();
        let goals = &raw.targets;
        let defs = &raw.definitions;
        let employed = count("targets.employed", goals.employed, b.map(|b| b.employed), 0, 10_000_000)?;
        let low_income_employed = count(
            "targets.low_income_employed",
            goals.low_income_employed,
            b.map(|b| b.low_income_employed),
            0,
            10_000_000,
        )?;
        let western_plan_volunteers = count(
            "targets.western_plan_volunteers",
            goals.western_plan_volunteers,
            b.map(|b| b.western_plan_volunteers),
            0,
            1_000_000,
        )?;
        let venture_projects =
            count("targets.venture_projects", goals.venture_projects, b.map(|b| b.venture_projects), 0, 1_000_000)?;
        let community_branch_share = match (goals.community_branch_share, b) {
            (Some(v), _) if v.is_finite() && (0.0..=1.0).contains(&v) => v,
            (Some(v), _) => return Err(error(format!("targets.community_branch_share = {v} is outside [0, 1]"))),
            (None, Some(b)) => b.community_branch_share,
            (None, None) => return Err(error("targets.community_branch_share is missing".into())),
        };
        let employed_kinds = match (&defs.employed_kinds, b) {
            (Some(kinds), _) => {
                let mut parsed = Vec::with_capacity(kinds.len());
                for kind in kinds {
                    let kind = EmploymentKind::from_str(kind)
                        .map_err(|_| error(format!("definitions.employed_kinds: unknown employment kind `{kind}`")))?;
                    if !parsed.contains(&kind) {
                        parsed.push(kind);
                    }
                }
                if parsed.is_empty() {
                    return Err(error("definitions.employed_kinds must name at least one kind".into()));
                }
                parsed
            }
            (None, Some(b)) => b.employed_kinds.clone(),
            (None, None) => return Err(error("definitions.employed_kinds is missing".into())),
        };
        let contact_days = count("definitions.contact_days", defs.contact_days, b.map(|b| b.contact_days), 1, 366)?;
        let postings_per_student = count(
            "definitions.postings_per_student",
            defs.postings_per_student,
            b.map(|b| b.postings_per_student as u32),
            1,
            50,
        )? as usize;
        let new_pair_days = count("definitions.new_pair_days", defs.new_pair_days, b.map(|b| b.new_pair_days), 0, 366)?;
        let low_income_min_count = count(
            "definitions.low_income_min_count",
            defs.low_income_min_count,
            b.map(|b| b.low_income_min_count as u32),
            // Raised, never lowered: a smaller count could point at a person, whoever asks for it.
            i64::from(MIN_LOW_INCOME_COUNT),
            1000,
        )? as usize;
        let day = |key: &str, value: &Option<toml::value::Datetime>| -> Result<Option<NaiveDate>, Error> {
            match value {
                None => Ok(None),
                Some(v) => match (&v.date, &v.time) {
                    (Some(d), None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                        .map(Some)
                        .ok_or_else(|| error(format!("{key} = {v} is not a day"))),
                    _ => Err(error(format!("{key} = {v}: expected a day such as 2026-12-31"))),
                },
            }
        };
        let start = day("period.start", &raw.period.start)?.or(b.and_then(|b| b.start));
        let deadline = day("period.deadline", &raw.period.deadline)?.or(b.and_then(|b| b.deadline));
        if let (Some(s), Some(d)) = (start, deadline) {
            if d < s {
                return Err(error(format!("period.deadline = {d} is before period.start = {s}")));
            }
        }
        Ok(Targets {
            start,
            deadline,
            employed,
            low_income_employed,
            western_plan_volunteers,
            venture_projects,
            community_branch_share,
            employed_kinds,
            contact_days,
            postings_per_student,
            new_pair_days,
            low_income_min_count,
        })
    }

    /// The plan's year for a report on `day`: its first day and its deadline.
    pub fn period(&self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        let start = self.start.unwrap_or_else(|| NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day));
        let deadline =
            self.deadline.unwrap_or_else(|| NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start)).max(start);
        (start, deadline)
    }

    /// True when a destination counts as employed.
    pub fn counts(&self, kind: EmploymentKind) -> bool {
        self.employed_kinds.contains(&kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_plan_reads_and_holds_the_plans_figures() {
        let t = Targets::from_toml(DEFAULT_TARGETS, "built-in targets").expect("built-in targets");
        assert_eq!(
            (t.employed, t.low_income_employed, t.western_plan_volunteers, t.venture_projects),
            (10_000, 4_600, 700, 100)
        );
        assert!((t.community_branch_share - 0.25).abs() < 1e-9);
        assert!(!t.counts(EmploymentKind::FurtherStudy));
        assert!(t.counts(EmploymentKind::Flexible));
        assert_eq!(t, Targets::builtin());
    }

    #[test]
    fn a_partial_file_changes_only_its_keys() {
        let t = Targets::from_toml("[targets]\nemployed = 12000\n[period]\ndeadline = 2027-06-30\n", "t.toml").unwrap();
        assert_eq!(t.employed, 12_000);
        assert_eq!(t.low_income_employed, 4_600);
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(
            t.period(day),
            (NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 6, 30).unwrap())
        );
        let kinds = Targets::from_toml("[definitions]\nemployed_kinds = [\"协议就业\", \"升学\"]\n", "t.toml").unwrap();
        assert!(kinds.counts(EmploymentKind::FurtherStudy));
        assert!(!kinds.counts(EmploymentKind::Flexible));
    }

    #[test]
    fn bad_files_are_refused_naming_the_key() {
        for (text, key) in [
            ("[targets]\nemployd = 3\n", "employd"),
            ("[targets]\nemployed = -1\n", "targets.employed"),
            ("[targets]\ncommunity_branch_share = 25\n", "targets.community_branch_share"),
            ("[definitions]\nemployed_kinds = [\"打工\"]\n", "definitions.employed_kinds"),
            ("[definitions]\ncontact_days = 0\n", "definitions.contact_days"),
            ("[period]\nstart = 2026-12-01\ndeadline = 2026-01-01\n", "period.deadline"),
            ("[period]\nstart = \"soon\"\n", "start"),
            ("[plan]\n", "plan"),
            // A caller may raise the least count a low-income cell shows, never lower it.
            ("[definitions]\nlow_income_min_count = 1\n", "definitions.low_income_min_count"),
            ("[definitions]\nlow_income_min_count = 4\n", "definitions.low_income_min_count"),
        ] {
            let err = Targets::from_toml(text, "t.toml").expect_err(text).to_string();
            assert!(err.contains(key), "{text}: {err}");
            assert!(err.contains("t.toml"), "{err}");
        }
    }
}
