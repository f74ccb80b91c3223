//! The selection with per-school caps, as an integer program: one binary variable per eligible project,
//! maximise the total review score subject to the rules that are on (at least `min` projects, the priority
//! share, the budget in thousands) and each capped school's count. Solved by `good_lp` with the pure-Rust
//! `microlp` backend (simplex with branch and bound to optimality). The data are integers (scores in
//! hundredths, grants in thousands), and the returned score is summed from the chosen projects, not read from
//! the solver's floating-point objective; `tests.rs` checks the optimum against brute force and, with caps
//! that do not bind, against the dynamic programme.

use std::collections::BTreeMap;

use good_lp::{constraint, microlp, variable, variables, Expression, Solution, SolverModel};

use super::project::Project;
use crate::error::Error;
use crate::ingest::Reject;
use crate::model::SchoolCode;
use crate::people::records::{read_people, values, Fields};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

/// Most eligible projects the integer program takes on (beyond it, branch and bound may run for long).
pub const MAX_CAPPED_PROJECTS: usize = 3000;

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

/// The best selection of `projects` (their grants in thousands in `weights`) under `on` and `caps`: the total
/// score and the indices chosen, or `None` when nothing meets them.
pub(super) fn solve(
    projects: &[&Project],
    weights: &[u64],
    on: On,
    caps: &BTreeMap<SchoolCode, u32>,
) -> Option<(u64, Vec<usize>)> {
    let mut vars = variables!();
    let x: Vec<_> = projects.iter().map(|_| vars.add(variable().binary())).collect();
    let objective: Expression = projects.iter().zip(&x).map(|(p, v)| f64::from(p.score) * *v).sum();
    let mut model = vars.maximise(objective).using(microlp);
    if let Some(units) = on.units {
        let cost: Expression = weights.iter().zip(&x).map(|(w, v)| (*w as f64) * *v).sum();
        model = model.with(constraint!(cost <= units as f64));
    }
    if let Some(min) = on.min {
        let count: Expression = x.iter().map(|v| 1.0 * *v).sum();
        model = model.with(constraint!(count >= min as f64));
    }
    if let Some(share) = on.share {
        // priority ≥ share × all  ⇔  (1 − share) × priority − share × others ≥ 0
        let balance: Expression = projects
            .iter()
            .zip(&x)
            .map(|(p, v)| if p.field.is_priority() { (1.0 - share) * *v } else { -share * *v })
            .sum();
        model = model.with(constraint!(balance >= 0.0));
    }
    for (school, cap) in caps {
        let members: Vec<_> = projects.iter().zip(&x).filter(|(p, _)| &p.school == school).map(|(_, v)| *v).collect();
        if members.len() > *cap as usize {
            let count: Expression = members.iter().map(|v| 1.0 * *v).sum();
            model = model.with(constraint!(count <= f64::from(*cap)));
        }
    }
    let solution = model.solve().ok()?;
    let chosen: Vec<usize> = (0..projects.len()).filter(|&i| solution.value(x[i]) > 0.5).collect();
    let score = chosen.iter().map(|&i| u64::from(projects[i].score)).sum();
    Some((score, chosen))
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

/// Reads a caps file: `school,cap` rows (CSV or JSON Lines), the school by its 学校标识码 or name; a school
/// listed twice keeps its first row. Bad rows are rejected with line, field and reason.
pub fn read_school_caps(
    taxonomy: &Taxonomy,
    text: &str,
    file: &str,
) -> Result<(BTreeMap<SchoolCode, u32>, Vec<Reject>), Error> {
    let (rows, rejects) = values(read_people(text, file, "school caps", &["school", "cap"], &|map, errors| {
        let mut f = Fields { map, errors };
        let school = f.required("school", |t| Quotas::school(taxonomy, t));
        let cap = f.required("cap", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_SCHOOL_CAP => Ok(n),
            _ => Err(format!("`{}` is not a number of projects from 0 to {MAX_SCHOOL_CAP}", t.trim())),
        });
        Some((school?, cap?))
    })?);
    let mut caps = BTreeMap::new();
    for (school, cap) in rows {
        caps.entry(school).or_insert(cap);
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
