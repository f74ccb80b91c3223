//! The selection against brute force on small registers: the same best total score, every rule met, the same
//! cost of each rule, and infeasibility exactly when no subset meets the rules.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::model::SchoolCode;

fn project(i: usize, field: Field, request: u64, score: u32, lead: LeadStatus) -> Project {
    Project {
        id: format!("V{i:02}"),
        name: format!("项目{i}"),
        school: "4143010531".parse::<SchoolCode>().unwrap(),
        lead,
        field,
        field_stated: true,
        stage: String::new(),
        request,
        score,
        competitions: Vec::new(),
        region: None,
    }
}

/// Best score over every subset meeting the rules (None: none does), with the share or the minimum waived.
fn brute(input: &SelectionInput<'_>, waive_share: bool, waive_min: bool) -> Option<u64> {
    brute_capped(input, waive_share, waive_min, true)
}

/// [`brute`], the schools' caps kept or not.
fn brute_capped(input: &SelectionInput<'_>, waive_share: bool, waive_min: bool, capped: bool) -> Option<u64> {
    let eligible: Vec<&Project> = input.projects.iter().filter(|p| p.lead.eligible(input.year)).collect();
    let mut best = None;
    for mask in 0u32..(1 << eligible.len()) {
        let chosen: Vec<&Project> = (0..eligible.len()).filter(|i| mask >> i & 1 == 1).map(|i| eligible[i]).collect();
        let cost: u64 = chosen.iter().map(|p| p.request.max(input.min_grant).div_ceil(1000) * 1000).sum();
        let k = chosen.iter().filter(|p| p.field.is_priority()).count();
        let n = chosen.len();
        let within_caps = !capped
            || input
                .school_caps
                .iter()
                .all(|(school, cap)| chosen.iter().filter(|p| &p.school == school).count() <= *cap as usize);
        let ok = cost <= input.budget
            && within_caps
            && (waive_min || n >= input.min_projects as usize)
            && (waive_share || k as f64 + 1e-9 >= input.priority_share * n as f64);
        if ok {
            let score: u64 = chosen.iter().map(|p| u64::from(p.score)).sum();
            best = best.max(Some(score));
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn optimal_against_brute_force(
        rows in prop::collection::vec((0usize..3, 1u64..25, 0u32..100, 0usize..4), 0..11),
        min_projects in 0u32..6,
        budget in 0u64..90,
    ) {
        let fields = [Field::HardTech, Field::Rural, Field::Other];
        let leads = [LeadStatus::Graduating, LeadStatus::Enrolled, LeadStatus::Graduated(2025), LeadStatus::Graduated(2020)];
        let projects: Vec<Project> = rows
            .iter()
            .enumerate()
            .map(|(i, (f, r, s, l))| project(i, fields[*f], r * 1000 - 500 * (*r % 2), s * 100, leads[*l]))
            .collect();
        let input = SelectionInput {
            projects: &projects,
            year: 2026,
            min_projects,
            priority_share: 0.5,
            min_grant: 5000,
            budget: budget * 1000,
            school_caps: &BTreeMap::new(),
        };
        match (select_projects(&input), brute(&input, false, false)) {
            (Ok(selection), Some(best)) => {
                prop_assert_eq!((selection.total_score * 100.0).round() as u64, best);
                prop_assert!(selection.granted <= input.budget);
                prop_assert!(selection.funded.len() as u32 >= min_projects);
                prop_assert!(selection.priority as f64 * 2.0 >= selection.funded.len() as f64);
                prop_assert!(selection.funded.iter().all(|f| f.grant >= 5000));
                let funded_score: f64 = selection.funded.iter().map(|f| f.score).sum();
                prop_assert!((funded_score - selection.total_score).abs() < 1e-6);
                let cost = |rule: Rule| selection.rules.iter().find(|r| r.rule == rule).unwrap().cost;
                let without_share = brute(&input, true, false).unwrap();
                let without_min = brute(&input, false, true).unwrap();
                prop_assert_eq!((cost(Rule::PriorityShare) * 100.0).round() as u64, without_share - best);
                prop_assert_eq!((cost(Rule::MinProjects) * 100.0).round() as u64, without_min - best);
                let unlimited = SelectionInput { budget: u64::MAX / 4, ..input };
                if let Some(without_budget) = brute(&unlimited, false, false) {
                    prop_assert_eq!((cost(Rule::Budget) * 100.0).round() as u64, without_budget - best);
                }
                prop_assert!(selection.rules.iter().all(|r| r.binding == (r.cost > 0.0)));
                prop_assert_eq!(selection.funded.len() + selection.not_funded.len(), projects.len());
            }
            (Err(infeasible), None) => prop_assert!(!infeasible.rules.is_empty()),
            (ours, theirs) => prop_assert!(false, "ours {:?}, brute force {:?}", ours, theirs),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn optimal_with_school_caps_against_brute_force(
        rows in prop::collection::vec((0usize..3, 1u64..25, 0u32..100, 0usize..3, 0usize..3), 0..11),
        caps in prop::collection::vec(prop::option::of(0u32..4), 3),
        min_projects in 0u32..6,
        budget in 0u64..90,
    ) {
        let fields = [Field::HardTech, Field::Rural, Field::Other];
        let leads = [LeadStatus::Graduating, LeadStatus::Enrolled, LeadStatus::Graduated(2020)];
        let schools: Vec<SchoolCode> =
            ["4143010531", "4143010532", "4143010533"].iter().map(|s| s.parse().unwrap()).collect();
        let projects: Vec<Project> = rows
            .iter()
            .enumerate()
            .map(|(i, (f, r, s, l, school))| Project {
                school: schools[*school].clone(),
                ..project(i, fields[*f], r * 1000 - 500 * (*r % 2), s * 100, leads[*l])
            })
            .collect();
        let school_caps: BTreeMap<SchoolCode, u32> =
            schools.iter().zip(&caps).filter_map(|(s, c)| c.map(|c| (s.clone(), c))).collect();
        let input = SelectionInput {
            projects: &projects,
            year: 2026,
            min_projects,
            priority_share: 0.5,
            min_grant: 5000,
            budget: budget * 1000,
            school_caps: &school_caps,
        };
        match (select_projects(&input), brute(&input, false, false)) {
            (Ok(selection), Some(best)) => {
                prop_assert_eq!((selection.total_score * 100.0).round() as u64, best);
                prop_assert!(selection.granted <= input.budget);
                prop_assert!(selection.funded.len() as u32 >= min_projects);
                prop_assert!(selection.priority as f64 * 2.0 >= selection.funded.len() as f64);
                for (school, cap) in &school_caps {
                    prop_assert!(selection.funded.iter().filter(|f| &f.school == school).count() <= *cap as usize);
                }
                let cost = |rule: Rule| selection.rules.iter().find(|r| r.rule == rule).map(|r| r.cost);
                let price = |without: Option<u64>| without.map(|w| w - best);
                let points = |c: Option<f64>| c.map(|c| (c * 100.0).round() as u64);
                prop_assert_eq!(points(cost(Rule::PriorityShare)), price(brute(&input, true, false)));
                prop_assert_eq!(points(cost(Rule::MinProjects)), price(brute(&input, false, true)));
                if !school_caps.is_empty() {
                    prop_assert_eq!(points(cost(Rule::SchoolCaps)), price(brute_capped(&input, false, false, false)));
                }
                prop_assert!(selection.rules.iter().all(|r| r.binding == (r.cost > 0.0)));
                prop_assert_eq!(selection.funded.len() + selection.not_funded.len(), projects.len());
            }
            (Err(infeasible), None) => prop_assert!(!infeasible.rules.is_empty()),
            (ours, theirs) => prop_assert!(false, "ours {:?}, brute force {:?}", ours, theirs),
        }
    }
}

#[test]
fn a_school_over_its_cap_gives_way_and_the_cap_has_a_price() {
    let other: SchoolCode = "4143010532".parse().unwrap();
    let mut projects = vec![
        project(1, Field::HardTech, 5000, 9000, LeadStatus::Enrolled),
        project(2, Field::HardTech, 5000, 8800, LeadStatus::Enrolled),
        project(3, Field::HardTech, 5000, 8000, LeadStatus::Enrolled),
    ];
    projects[2].school = other.clone();
    let caps = BTreeMap::from([("4143010531".parse::<SchoolCode>().unwrap(), 1)]);
    let input = SelectionInput {
        projects: &projects,
        year: 2026,
        min_projects: 2,
        priority_share: 0.5,
        min_grant: 5000,
        budget: 10_000,
        school_caps: &caps,
    };
    let s = select_projects(&input).unwrap();
    let ids: Vec<&str> = s.funded.iter().map(|f| f.project.as_str()).collect();
    assert_eq!(ids, ["V01", "V03"], "one of the capped school's, the next best of another");
    let cap = s.rules.iter().find(|r| r.rule == Rule::SchoolCaps).unwrap();
    assert!(cap.binding && (cap.cost - 8.0).abs() < 1e-9, "{cap:?}");
    let tight = BTreeMap::from([("4143010531".parse::<SchoolCode>().unwrap(), 0), (other, 1)]);
    let err = select_projects(&SelectionInput { school_caps: &tight, ..input }).unwrap_err();
    assert_eq!(err.rules, [Rule::SchoolCaps, Rule::MinProjects], "{err}");
}

#[test]
fn the_rules_have_a_price_and_infeasibility_names_the_rule() {
    // Two others score high; the share forces a weak priority project in.
    let projects = vec![
        project(1, Field::Other, 5000, 9000, LeadStatus::Enrolled),
        project(2, Field::Other, 5000, 8800, LeadStatus::Enrolled),
        project(3, Field::HardTech, 5000, 6000, LeadStatus::Graduating),
        project(4, Field::Rural, 5000, 5000, LeadStatus::Graduated(2020)),
    ];
    let input = SelectionInput {
        projects: &projects,
        year: 2026,
        min_projects: 2,
        priority_share: 0.5,
        min_grant: 5000,
        budget: 10_000,
        school_caps: &BTreeMap::new(),
    };
    let s = select_projects(&input).unwrap();
    let ids: Vec<&str> = s.funded.iter().map(|f| f.project.as_str()).collect();
    assert_eq!(ids, ["V01", "V03"]);
    let share = s.rules.iter().find(|r| r.rule == Rule::PriorityShare).unwrap();
    assert!(share.binding);
    assert!((share.cost - 28.0).abs() < 1e-9, "{share:?}");
    assert!(s.not_funded.contains(&("V04".to_string(), NotFunded::Lead)), "graduated six years before");

    let too_many = SelectionInput { min_projects: 3, ..input };
    let err = select_projects(&too_many).unwrap_err();
    assert_eq!(err.rules, [Rule::MinProjects, Rule::Budget], "{err}");
    let no_priority = SelectionInput { projects: &projects[..2], min_projects: 1, budget: 100_000, ..input };
    let err = select_projects(&no_priority).unwrap_err();
    assert_eq!(err.rules, [Rule::MinProjects, Rule::PriorityShare], "{err}");
}
