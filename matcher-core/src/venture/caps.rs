//! The selection with per-school caps, as an integer program: one binary variable per eligible project,
//! maximise the total review score subject to the rules that are on (at least `min` projects, the priority
//! share, the budget in thousands) and each capped school's count. Solved by `microlp` (pure Rust: simplex with
//! branch and bound), which must prove the optimum within [`TIME_LIMIT`] and [`NODE_WORK_LIMIT`] (nodes × projects): branch and
//! bound can take exponential time and memory on registers of many equal scores, so an answer it cannot prove
//! optimal within them is refused rather than given as if it were, and no call runs or grows without bound.
//! The data are integers (scores in hundredths, grants in thousands), and the returned score is summed from the
//! chosen projects, not read from the solver's floating-point objective; `tests.rs` checks the optimum against
//! brute force and, with caps that do not bind, against the dynamic programme.

use std::collections::BTreeMap;
use std::time::Duration;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolutionStatus, SolveOptions};

use super::project::Project;
use crate::error::Error;
use crate::ingest::{FieldError, Reject};
use crate::model::SchoolCode;
use crate::people::records::{read_people, Fields};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

/// Most eligible projects the integer program takes on.
pub const MAX_CAPPED_PROJECTS: usize = 3000;
/// Longest one integer program may run.
pub const TIME_LIMIT: Duration = Duration::from_secs(5);
/// Most branch-and-bound nodes × projects one integer program may open: its memory grows with both (100–220 MB
/// measured at this bound on registers of tied scores), so a register of 900 projects gets 11,000 nodes and one
/// of 240 gets 41,000.
pub const NODE_WORK_LIMIT: u64 = 10_000_000;

/// Which rules bind the program.
#[derive(Debug, Clone, Copy)]
pub(super) struct On {
    /// At least this many projects.
    pub min: Option<usize>,
    /// At least this share of priority projects.
    pub share: Option<f64>,
    /// Within this many thousands of yuan.
    pub units: Option<u64>,
}

/// Most branch-and-bound nodes the program over `projects` projects may open ([`NODE_WORK_LIMIT`] shared out).
pub(super) fn node_limit(projects: usize) -> u64 {
    NODE_WORK_LIMIT / (projects as u64).max(1)
}

/// What the program found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Solved {
    /// The proven optimum: the total score and the indices chosen.
    Optimal(u64, Vec<usize>),
    /// No selection meets the rules.
    Infeasible,
    /// No proof within the limits.
    Undecided,
}

/// The best selection of `projects` (their grants in thousands in `weights`) under `on` and `caps`.
pub(super) fn solve(projects: &[&Project], weights: &[u64], on: On, caps: &BTreeMap<SchoolCode, u32>) -> Solved {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    // Scores are whole hundredths, so two selections differ by at least 1 or not at all. Each project's score
    // gets a distinct fraction below 1 / n (all of them together less than 1): the program's optimum is then
    // one of the true optima, and no two selections tie, which spares branch and bound the symmetric subtrees
    // of equal scores.
    let n = projects.len() as f64 + 1.0;
    let x: Vec<_> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| problem.add_binary_var(f64::from(p.score) + (i as f64 + 1.0) / (n * n)))
        .collect();
    if let Some(units) = on.units {
        let cost: Vec<_> = x.iter().zip(weights).map(|(v, w)| (*v, *w as f64)).collect();
        problem.add_constraint(cost.as_slice(), ComparisonOp::Le, units as f64);
    }
    if let Some(min) = on.min {
        let count: Vec<_> = x.iter().map(|v| (*v, 1.0)).collect();
        problem.add_constraint(count.as_slice(), ComparisonOp::Ge, min as f64);
    }
    if let Some(share) = on.share {
        // priority ≥ share × all  ⇔  (1 − share) × priority − share × others ≥ 0
        let balance: Vec<_> = projects
            .iter()
            .zip(&x)
            .map(|(p, v)| (*v, if p.field.is_priority() { 1.0 - share } else { -share }))
            .collect();
        problem.add_constraint(balance.as_slice(), ComparisonOp::Ge, 0.0);
    }
    for (school, cap) in caps {
        let members: Vec<_> =
            projects.iter().zip(&x).filter(|(p, _)| &p.school == school).map(|(_, v)| (*v, 1.0)).collect();
        if members.len() > *cap as usize {
            problem.add_constraint(members.as_slice(), ComparisonOp::Le, f64::from(*cap));
        }
    }
    let mut options = SolveOptions::default();
    options.time_limit = Some(TIME_LIMIT);
    options.node_limit = Some(node_limit(projects.len()));
    let solution = match problem.solve_with(options) {
        Ok(outcome) => match outcome.into_solution() {
            Ok(solution) if solution.status() == SolutionStatus::Optimal => solution,
            _ => return Solved::Undecided,
        },
        Err(microlp::Error::Infeasible) => return Solved::Infeasible,
        Err(_) => return Solved::Undecided,
    };
    let chosen: Vec<usize> = (0..projects.len()).filter(|&i| solution.var_value(x[i]) > 0.5).collect();
    let score = chosen.iter().map(|&i| u64::from(projects[i].score)).sum();
    Solved::Optimal(score, chosen)
}

/// The most projects the caps let through: every uncapped school's, and each capped school's up to its cap.
pub(super) fn most_within_caps(projects: &[&Project], caps: &BTreeMap<SchoolCode, u32>) -> usize {
    let mut by_school: BTreeMap<&SchoolCode, usize> = BTreeMap::new();
    for p in projects {
        *by_school.entry(&p.school).or_default() += 1;
    }
    by_school.iter().map(|(school, n)| caps.get(*school).map_or(*n, |cap| (*cap as usize).min(*n))).sum()
}

/// Most projects any one school may have funded.
pub const MAX_SCHOOL_CAP: u32 = 10_000;

/// Reads a caps file: `school,cap` rows (CSV or JSON Lines), the school by its 学校标识码 or name. Bad rows are
/// rejected with line, field and reason; a school listed again (by code or by name) is rejected too, naming the
/// line that listed it first, since which of two caps was meant cannot be known.
pub fn read_school_caps(
    taxonomy: &Taxonomy,
    text: &str,
    file: &str,
) -> Result<(BTreeMap<SchoolCode, u32>, Vec<Reject>), Error> {
    let (rows, mut rejects) = read_people(text, file, "school caps", &["school", "cap"], &|map, errors| {
        let mut f = Fields { map, errors };
        let school = f.required("school", |t| Quotas::school(taxonomy, t));
        let cap = f.required("cap", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_SCHOOL_CAP => Ok(n),
            _ => Err(format!("`{}` is not a number of projects from 0 to {MAX_SCHOOL_CAP}", t.trim())),
        });
        Some((school?, cap?))
    })?;
    let mut caps = BTreeMap::new();
    let mut first_line: BTreeMap<SchoolCode, usize> = BTreeMap::new();
    for (line, (school, cap)) in rows {
        match first_line.get(&school) {
            Some(first) => rejects.push(Reject {
                source: "school caps".to_string(),
                file: file.to_string(),
                line,
                record_id: Some(school.to_string()),
                errors: vec![FieldError {
                    field: "school".to_string(),
                    reason: format!("listed again (first at line {first}): give each school one cap"),
                }],
            }),
            None => {
                first_line.insert(school.clone(), line);
                caps.insert(school, cap);
            }
        }
    }
    Ok((caps, rejects))
}

/// The caps of a selection: `listed` ones, and `uniform` for every other school of `projects`.
pub fn school_caps_for(
    projects: &[Project],
    uniform: Option<u32>,
    listed: &BTreeMap<SchoolCode, u32>,
) -> BTreeMap<SchoolCode, u32> {
    let mut caps = listed.clone();
    if let Some(cap) = uniform {
        for p in projects {
            caps.entry(p.school.clone()).or_insert(cap);
        }
    }
    caps
}
