//! Selection of venture projects to fund, exactly: the most total review score subject to the plan's rules
//! (at least `min_projects` projects, at least `priority_share` of them 硬核科技 or 乡村振兴, each grant at least
//! `min_grant` yuan), the budget and, when given, each school's cap.
//!
//! Grants are whole thousands of yuan: a project's request rounded up, and at least the minimum. The problem
//! is a knapsack with two counting rules; it is solved exactly by dynamic programming: for the priority
//! projects and for the others apart, the best score of exactly k projects within b thousand yuan, then the
//! best pair (k priority, m others, budget split) that meets the rules. The same tables give the optimum with
//! a rule left out, so the cost of each rule (the score it takes away) is exact too. Work and memory grow with
//! projects² × budget in thousands; inputs beyond [`MAX_WORK`] are refused rather than run for hours. Caps per
//! school couple the two groups, so with caps the selection is an integer program (`caps.rs`), and the dynamic
//! programme gives the optimum without them (the caps' cost) and names the rules when the plan is impossible.

use std::collections::BTreeMap;

use serde::Serialize;

use super::caps::{self, most_within_caps, On, Solved, MAX_CAPPED_PROJECTS, TIME_LIMIT};
use super::field::Field;
use super::project::Project;
use crate::model::SchoolCode;

/// The largest projects × projects × budget (thousands) accepted (the decision bits kept for the answer).
pub const MAX_WORK: u64 = 1_000_000_000;

/// What the selection is given.
#[derive(Debug, Clone, Copy)]
pub struct SelectionInput<'a> {
    /// The register.
    pub projects: &'a [Project],
    /// The plan's year (whose graduates are 应届; leads graduated in the two years before are funded too).
    pub year: u16,
    /// Projects to fund at least (the plan: 100).
    pub min_projects: u32,
    /// Least share of 硬核科技 and 乡村振兴 projects (the plan: 0.5).
    pub priority_share: f64,
    /// Least grant, yuan (the plan: 5,000).
    pub min_grant: u64,
    /// The budget, yuan.
    pub budget: u64,
    /// Most projects funded per school, for the schools named (none: no cap).
    pub school_caps: &'a BTreeMap<SchoolCode, u32>,
}

/// A plan rule (or the budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// At least `min_projects` projects.
    MinProjects,
    /// At least `priority_share` of them 硬核科技 or 乡村振兴.
    PriorityShare,
    /// Within the budget.
    Budget,
    /// At most each school's cap.
    SchoolCaps,
}

impl Rule {
    /// The rule as the plan says it.
    pub fn zh(self) -> &'static str {
        match self {
            Rule::MinProjects => "资助项目不少于规定数量",
            Rule::PriorityShare => "硬核科技和乡村振兴领域项目占比不少于规定比例",
            Rule::Budget => "资助总额不超过预算",
            Rule::SchoolCaps => "每所学校入选项目不超过上限",
        }
    }
}

/// A project funded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funded {
    /// The project's id.
    pub project: String,
    /// Its school.
    pub school: SchoolCode,
    /// Its field.
    pub field: Field,
    /// Its review score (points).
    pub score: f64,
    /// Its grant, yuan.
    pub grant: u64,
}

/// Why a project was not funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotFunded {
    /// Its lead is neither graduating, enrolled nor graduated within two years.
    Lead,
    /// Eligible, but the best selection within the rules and the budget leaves it out.
    Outscored,
}

impl NotFunded {
    /// The reason as a League office reads it.
    pub fn zh(self) -> &'static str {
        match self {
            NotFunded::Lead => "负责人不属资助对象（应届毕业生、毕业2年内的大学生或在校大学生）",
            NotFunded::Outscored => "在预算和比例要求下未入选（入选组合总分更高）",
        }
    }
}

/// What a rule costs: the best total score without it, less the best with every rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCost {
    /// The rule.
    pub rule: Rule,
    /// Whether it changes the selection (its cost is above zero).
    pub binding: bool,
    /// Score points the rule takes away (0: it costs nothing).
    pub cost: f64,
}

/// The selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VentureSelection {
    /// Funded projects, by id.
    pub funded: Vec<Funded>,
    /// The others with the reason, by id.
    pub not_funded: Vec<(String, NotFunded)>,
    /// Total review score of the funded projects.
    pub total_score: f64,
    /// Yuan granted.
    pub granted: u64,
    /// Funded projects in 硬核科技 or 乡村振兴.
    pub priority: u32,
    /// What each rule costs, and whether it binds.
    pub rules: Vec<RuleCost>,
}

/// Why no selection meets the rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Infeasible {
    /// The rules that cannot be met together (with the budget).
    pub rules: Vec<Rule>,
    /// What the data allow, in words.
    pub detail: String,
}

impl std::fmt::Display for Infeasible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rules: Vec<&str> = self.rules.iter().map(|r| r.zh()).collect();
        write!(f, "no selection meets {}: {}", rules.join(" + "), self.detail)
    }
}

/// A project's grant in thousands of yuan.
fn grant_units(project: &Project, min_grant: u64) -> u64 {
    project.request.max(min_grant).div_ceil(1000)
}

/// Best score of exactly k items within b units, for every k and b (`None`: impossible), and how to get it.
struct Table {
    best: Vec<Vec<Option<u64>>>,
    /// take[i][k * (units + 1) + b]: item i is taken at (k, b).
    take: Vec<Vec<u64>>,
    units: usize,
}

impl Table {
    fn build(items: &[(u64, u64)], units: usize) -> Table {
        let n = items.len();
        let width = units + 1;
        let mut best: Vec<Vec<Option<u64>>> = vec![vec![None; width]; n + 1];
        best[0] = vec![Some(0); width];
        let words = ((n + 1) * width).div_ceil(64);
        let mut take = Vec::with_capacity(n);
        for (i, &(w, s)) in items.iter().enumerate() {
            let mut bits = vec![0u64; words];
            let w = w as usize;
            for k in (1..=i + 1).rev() {
                for b in (w..=units).rev() {
                    if let Some(before) = best[k - 1][b - w] {
                        let with = before + s;
                        if best[k][b].is_none_or(|now| with > now) {
                            best[k][b] = Some(with);
                            let at = k * width + b;
                            bits[at / 64] |= 1 << (at % 64);
                        }
                    }
                }
            }
            take.push(bits);
        }
        Table { best, take, units }
    }

    /// The items taken for exactly `k` within `b` units.
    fn items(&self, mut k: usize, mut b: usize, weights: &[u64]) -> Vec<usize> {
        let width = self.units + 1;
        let mut chosen = Vec::new();
        for i in (0..self.take.len()).rev() {
            if k == 0 {
                break;
            }
            let at = k * width + b;
            if self.take[i][at / 64] >> (at % 64) & 1 == 1 {
                chosen.push(i);
                k -= 1;
                b -= weights[i] as usize;
            }
        }
        chosen
    }
}

/// The best (score, k, m, b) over the pairs `allowed` admits.
fn best_pair(
    p: &Table,
    o: &Table,
    units: usize,
    allowed: &dyn Fn(usize, usize) -> bool,
) -> Option<(u64, usize, usize, usize)> {
    let mut best: Option<(u64, usize, usize, usize)> = None;
    for k in 0..p.best.len() {
        for m in 0..o.best.len() {
            if !allowed(k, m) {
                continue;
            }
            for b in 0..=units {
                let (Some(x), Some(y)) = (p.best[k][b], o.best[m][units - b]) else { continue };
                if best.is_none_or(|(s, ..)| x + y > s) {
                    best = Some((x + y, k, m, b));
                }
            }
        }
    }
    best
}

/// Selects the projects to fund.
pub fn select_projects(input: &SelectionInput<'_>) -> Result<VentureSelection, Infeasible> {
    let mut order: Vec<&Project> = input.projects.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    let (eligible, ineligible): (Vec<&Project>, Vec<&Project>) =
        order.into_iter().partition(|p| p.lead.eligible(input.year));
    // A budget beyond every eligible grant together never binds: the tables need go no further.
    let all_grants: u64 = eligible.iter().map(|p| grant_units(p, input.min_grant)).sum();
    let units = (input.budget / 1000).min(all_grants) as usize;
    let (priority, others): (Vec<&Project>, Vec<&Project>) = eligible.iter().partition(|p| p.field.is_priority());
    let work = (priority.len().max(others.len()) as u64 + 1).pow(2) * (units as u64 + 1);
    if work > MAX_WORK {
        return Err(Infeasible {
            rules: vec![Rule::Budget],
            detail: format!(
                "{} eligible projects with {} thousand yuan to share is beyond what is solved exactly here (projects² × \
                 thousands of yuan above {MAX_WORK})",
                eligible.len(),
                units
            ),
        });
    }
    let weights = |group: &[&Project]| -> Vec<u64> { group.iter().map(|p| grant_units(p, input.min_grant)).collect() };
    let (wp, wo) = (weights(&priority), weights(&others));
    let items = |group: &[&Project], w: &[u64]| -> Vec<(u64, u64)> {
        group.iter().zip(w).map(|(p, w)| (*w, u64::from(p.score))).collect()
    };
    let p = Table::build(&items(&priority, &wp), units);
    let o = Table::build(&items(&others, &wo), units);
    let min = input.min_projects as usize;
    let share = input.priority_share.clamp(0.0, 1.0);
    let enough = |k: usize, m: usize| k + m >= min;
    let shared = |k: usize, m: usize| (k as f64) + 1e-9 >= share * ((k + m) as f64);
    let all = best_pair(&p, &o, units, &|k, m| enough(k, m) && shared(k, m));
    let Some((score, k, m, b)) = all else {
        return Err(infeasible(input, &p, &o, units, &shared, eligible.len(), priority.len()));
    };
    let without_share = best_pair(&p, &o, units, &enough).map_or(score, |x| x.0);
    let without_min = best_pair(&p, &o, units, &shared).map_or(score, |x| x.0);
    let without_budget = unlimited_best(&priority, &others, share).max(score);
    let points = |x: u64| x as f64 / 100.0;
    let rule = |rule, without: u64, with: u64| RuleCost { rule, binding: without > with, cost: points(without - with) };

    let (score, chosen, rules) = if input.school_caps.is_empty() {
        let mut chosen: Vec<(&Project, u64)> = Vec::new();
        chosen.extend(p.items(k, b, &wp).into_iter().map(|i| (priority[i], wp[i])));
        chosen.extend(o.items(m, units - b, &wo).into_iter().map(|i| (others[i], wo[i])));
        let rules = vec![
            rule(Rule::MinProjects, without_min, score),
            rule(Rule::PriorityShare, without_share, score),
            rule(Rule::Budget, without_budget, score),
        ];
        (score, chosen, rules)
    } else {
        let on = |with_min: bool, with_share: bool, with_budget: bool| On {
            min: with_min.then_some(min),
            share: with_share.then_some(share),
            units: with_budget.then_some(units as u64),
        };
        school_capped(input, &eligible, score, &on)?
    };
    let mut funded: Vec<Funded> = chosen
        .iter()
        .map(|(project, w)| Funded {
            project: project.id.clone(),
            school: project.school.clone(),
            field: project.field,
            score: f64::from(project.score) / 100.0,
            grant: w * 1000,
        })
        .collect();
    funded.sort_by(|a, b| a.project.cmp(&b.project));
    let granted: u64 = funded.iter().map(|f| f.grant).sum();
    let priority_funded = funded.iter().filter(|f| f.field.is_priority()).count() as u32;
    let chosen: std::collections::BTreeSet<&str> = funded.iter().map(|f| f.project.as_str()).collect();
    let mut not_funded: Vec<(String, NotFunded)> = ineligible.iter().map(|p| (p.id.clone(), NotFunded::Lead)).collect();
    not_funded.extend(
        eligible.iter().filter(|p| !chosen.contains(p.id.as_str())).map(|p| (p.id.clone(), NotFunded::Outscored)),
    );
    not_funded.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(VentureSelection { total_score: points(score), granted, priority: priority_funded, funded, not_funded, rules })
}

/// A selection: its total score, the projects with their grants in thousands, and each rule's cost.
type Chosen<'p> = (u64, Vec<(&'p Project, u64)>, Vec<RuleCost>);

/// Which rules a capped program keeps: (min projects, priority share, budget) → the program's `On`.
type Rules<'f> = &'f dyn Fn(bool, bool, bool) -> On;

/// The selection under the schools' caps (an integer program), with each rule's cost, the caps' included (the
/// uncapped optimum `uncapped` less the capped one).
fn school_capped<'p>(
    input: &SelectionInput<'_>,
    eligible: &[&'p Project],
    uncapped: u64,
    on: Rules<'_>,
) -> Result<Chosen<'p>, Infeasible> {
    if eligible.len() > MAX_CAPPED_PROJECTS {
        return Err(Infeasible {
            rules: vec![Rule::SchoolCaps],
            detail: format!(
                "{} eligible projects with caps per school is beyond what is solved exactly here (at most {MAX_CAPPED_PROJECTS})",
                eligible.len()
            ),
        });
    }
    let weights: Vec<u64> = eligible.iter().map(|p| grant_units(p, input.min_grant)).collect();
    let solve = |on: On| caps::solve(eligible, &weights, on, input.school_caps);
    let undecided = || Infeasible {
        rules: vec![Rule::SchoolCaps],
        detail: format!(
            "the selection under the schools' caps could not be proven optimal within {} s and {} \
             branch-and-bound nodes (many equal scores make it hard); loosen or drop the caps",
            TIME_LIMIT.as_secs(),
            caps::node_limit(eligible.len())
        ),
    };
    let (score, chosen) = match solve(on(true, true, true)) {
        Solved::Optimal(score, chosen) => (score, chosen),
        Solved::Undecided => return Err(undecided()),
        Solved::Infeasible => {
            let most = most_within_caps(eligible, input.school_caps);
            let detail = if most < input.min_projects as usize {
                format!(
                    "the schools' caps let at most {most} eligible projects through, for at least {}",
                    input.min_projects
                )
            } else {
                "with the schools' caps, no selection meets the number, the share and the budget together".to_string()
            };
            return Err(Infeasible { rules: vec![Rule::SchoolCaps, Rule::MinProjects], detail });
        }
    };
    // Each rule's cost needs the optimum without it, proven too.
    let without = |min, share, budget| match solve(on(min, share, budget)) {
        Solved::Optimal(s, _) => Ok(s.max(score)),
        Solved::Infeasible => Ok(score),
        Solved::Undecided => Err(undecided()),
    };
    let points = |x: u64| x as f64 / 100.0;
    let rule = |rule, without: u64| RuleCost { rule, binding: without > score, cost: points(without - score) };
    let rules = vec![
        rule(Rule::MinProjects, without(false, true, true)?),
        rule(Rule::PriorityShare, without(true, false, true)?),
        rule(Rule::Budget, without(true, true, false)?),
        rule(Rule::SchoolCaps, uncapped.max(score)),
    ];
    Ok((score, chosen.into_iter().map(|i| (eligible[i], weights[i])).collect(), rules))
}

/// The best score with every rule and no budget: every priority project (each can only help), and the best
/// others the share allows.
fn unlimited_best(priority: &[&Project], others: &[&Project], share: f64) -> u64 {
    let k = priority.len();
    let allowed =
        if share <= 0.0 { others.len() } else { ((k as f64) * (1.0 - share) / share + 1e-9).floor() as usize };
    let mut scores: Vec<u64> = others.iter().map(|p| u64::from(p.score)).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    priority.iter().map(|p| u64::from(p.score)).sum::<u64>() + scores.iter().take(allowed).sum::<u64>()
}

/// Names the rules that cannot be met together, and what the data allow.
#[allow(clippy::too_many_arguments)]
fn infeasible(
    input: &SelectionInput<'_>,
    p: &Table,
    o: &Table,
    units: usize,
    shared: &dyn Fn(usize, usize) -> bool,
    eligible: usize,
    priority: usize,
) -> Infeasible {
    let most = best_count(p, o, units, &|_, _| true);
    let most_shared = best_count(p, o, units, shared);
    if (eligible as u32) < input.min_projects {
        return Infeasible {
            rules: vec![Rule::MinProjects],
            detail: format!("only {eligible} eligible projects for at least {}", input.min_projects),
        };
    }
    if most < input.min_projects as usize {
        return Infeasible {
            rules: vec![Rule::MinProjects, Rule::Budget],
            detail: format!("the budget funds at most {most} projects at their grants"),
        };
    }
    Infeasible {
        rules: vec![Rule::MinProjects, Rule::PriorityShare],
        detail: format!(
            "{priority} eligible projects are 硬核科技 or 乡村振兴; with the share kept, the budget funds at most {most_shared} projects"
        ),
    }
}

/// The most projects any pair `allowed` admits within the budget.
fn best_count(p: &Table, o: &Table, units: usize, allowed: &dyn Fn(usize, usize) -> bool) -> usize {
    let mut most = 0;
    for k in 0..p.best.len() {
        for m in 0..o.best.len() {
            if k + m > most
                && allowed(k, m)
                && (0..=units).any(|b| p.best[k][b].is_some() && o.best[m][units - b].is_some())
            {
                most = k + m;
            }
        }
    }
    most
}
