//! The pairing against brute force on small instances: as many branches paired towards the targets as any
//! pairing could, at the least total distance, within every capacity, target, distance and theme.

use proptest::prelude::*;

use super::pairing::{candidates, fairness_cost, target, themes_meet};
use super::*;
use crate::model::RegionCode;
use crate::taxonomy::Taxonomy;

/// Places in and around 长沙 and one far away (吉首).
const PLACES: [&str; 5] = ["430104", "430102", "430121", "430181", "433101"];
const THEMES: [&str; 2] = ["助老", "支教"];

fn branch(i: usize, school: usize, place: usize, theme: Option<usize>) -> Branch {
    Branch {
        id: format!("B{i}").parse().unwrap(),
        school: format!("S{school}").parse().unwrap(),
        college: String::new(),
        members: None,
        region: PLACES[place].parse::<RegionCode>().unwrap(),
        themes: theme.map(|t| vec![THEMES[t].to_string()]).unwrap_or_default(),
    }
}

fn community(i: usize, place: usize, capacity: u32, theme: Option<usize>) -> Community {
    Community {
        id: format!("C{i}").parse().unwrap(),
        name: format!("社区{i}"),
        region: PLACES[place].parse::<RegionCode>().unwrap(),
        capacity,
        themes: theme.map(|t| vec![THEMES[t].to_string()]).unwrap_or_default(),
    }
}

/// Every assignment (each branch to nothing or a reachable community): the most pairs within the targets
/// and capacities, then the least cost: the fair share's cost of each school's pairs plus the distance in
/// tenths of a km.
fn brute_force(input: &CommunityInput<'_>) -> (u32, i64) {
    let regions = &Taxonomy::embedded().regions;
    let near = candidates(regions, input);
    let mut schools: Vec<&crate::model::SchoolCode> = input.branches.iter().map(|b| &b.school).collect();
    schools.sort();
    schools.dedup();
    let goal = |s: &crate::model::SchoolCode| {
        target(input.branches.iter().filter(|b| &b.school == s).count() as u32, input.share)
    };
    let mut best = (0u32, 0i64);
    let mut choice = vec![usize::MAX; input.branches.len()];
    fn walk(
        b: usize,
        input: &CommunityInput<'_>,
        near: &[Vec<(usize, f64)>],
        choice: &mut Vec<usize>,
        best: &mut (u32, i64),
        valid: &dyn Fn(&[usize]) -> bool,
        fairness: &dyn Fn(&[usize]) -> i64,
    ) {
        if b == input.branches.len() {
            if !valid(choice) {
                return;
            }
            let pairs = choice.iter().filter(|c| **c != usize::MAX).count() as u32;
            let distance: i64 = choice
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != usize::MAX)
                .map(|(i, c)| (near[i].iter().find(|(x, _)| x == c).unwrap().1 * 10.0).round() as i64)
                .sum();
            let cost = distance + fairness(choice);
            if pairs > best.0 || (pairs == best.0 && cost < best.1) {
                *best = (pairs, cost);
            }
            return;
        }
        choice[b] = usize::MAX;
        walk(b + 1, input, near, choice, best, valid, fairness);
        for &(c, _) in &near[b] {
            choice[b] = c;
            walk(b + 1, input, near, choice, best, valid, fairness);
        }
        choice[b] = usize::MAX;
    }
    let valid = |choice: &[usize]| {
        let caps_ok = input
            .communities
            .iter()
            .enumerate()
            .all(|(c, community)| choice.iter().filter(|x| **x == c).count() as u32 <= community.capacity);
        let targets_ok = schools.iter().all(|s| {
            let paired =
                input.branches.iter().zip(choice).filter(|(b, c)| &&b.school == s && **c != usize::MAX).count();
            paired as u32 <= goal(s)
        });
        caps_ok && targets_ok
    };
    let fairness = |choice: &[usize]| -> i64 {
        schools
            .iter()
            .map(|s| {
                let paired = input.branches.iter().zip(choice).filter(|(b, c)| &&b.school == s && **c != usize::MAX);
                (1..=paired.count() as u32).map(|j| fairness_cost(j, goal(s))).sum::<i64>()
            })
            .sum()
    };
    walk(0, input, &near, &mut choice, &mut best, &valid, &fairness);
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn as_many_as_any_pairing_and_the_nearest(
        branches in prop::collection::vec((0usize..3, 0usize..5, prop::option::of(0usize..2)), 1..8),
        communities in prop::collection::vec((0usize..5, 0u32..3, prop::option::of(0usize..2)), 1..4),
        share in prop_oneof![Just(0.25), Just(0.5), Just(1.0)],
        max_km in prop_oneof![Just(30.0), Just(80.0), Just(500.0)],
    ) {
        let branches: Vec<Branch> = branches.iter().enumerate().map(|(i, (s, p, t))| branch(i, *s, *p, *t)).collect();
        let communities: Vec<Community> =
            communities.iter().enumerate().map(|(i, (p, c, t))| community(i, *p, *c, *t)).collect();
        let input = CommunityInput { branches: &branches, communities: &communities, share, max_km, nearest: 10 };
        let result = pair_communities(&Taxonomy::embedded().regions, &input);
        let (pairs, cost) = brute_force(&input);
        prop_assert_eq!(result.paired, pairs);
        let distance: i64 = result.pairs.iter().map(|p| (p.km * 10.0).round() as i64).sum();
        let fair: i64 = result.schools.iter().map(|s| (1..=s.paired).map(|j| fairness_cost(j, s.target)).sum::<i64>()).sum();
        prop_assert_eq!(distance + fair, cost);
        for p in &result.pairs {
            let b = branches.iter().find(|b| b.id == p.branch).unwrap();
            let c = communities.iter().find(|c| c.id == p.community).unwrap();
            prop_assert!(p.km <= max_km && themes_meet(b, c));
        }
        for use_ in &result.communities {
            prop_assert!(use_.paired <= use_.capacity);
        }
        for school in &result.schools {
            prop_assert!(school.paired <= school.target);
            prop_assert_eq!(school.short.is_some(), school.paired < school.target);
        }
    }
}

#[test]
fn targets_round_up_and_a_short_school_is_told_why() {
    assert_eq!((target(10, 0.25), target(8, 0.25), target(1, 0.25), target(0, 0.25)), (3, 2, 1, 0));
    // School 0 (长沙, 4 branches → 1) and school 1 (吉首, 4 branches → 1); one community in 岳麓区 with one place,
    // one in 长沙县 full of nothing: school 1 has no community near, school 0 is paired in its own district.
    let branches: Vec<Branch> = (0..8).map(|i| branch(i, i / 4, if i < 4 { 0 } else { 4 }, None)).collect();
    let communities = vec![community(0, 0, 1, None), community(1, 2, 0, None)];
    let input =
        CommunityInput { branches: &branches, communities: &communities, share: 0.25, max_km: 50.0, nearest: 10 };
    let result = pair_communities(&Taxonomy::embedded().regions, &input);
    assert_eq!(result.paired, 1);
    assert_eq!(result.pairs[0].km, 0.0);
    assert_eq!(result.schools[0].short, None);
    assert_eq!(result.schools[1].short, Some(CoverageShort::NoneNear));
    // Two schools near one community with one place: one of them is short because it is full.
    let branches: Vec<Branch> = (0..2).map(|i| branch(i, i, 0, None)).collect();
    let communities = vec![community(0, 1, 1, None)];
    let input =
        CommunityInput { branches: &branches, communities: &communities, share: 0.25, max_km: 50.0, nearest: 10 };
    let result = pair_communities(&Taxonomy::embedded().regions, &input);
    let shorts: Vec<Option<CoverageShort>> = result.schools.iter().map(|s| s.short).collect();
    assert_eq!(shorts, [None, Some(CoverageShort::CommunitiesFull)]);

    // Scarce places are shared: two schools of 8 branches (target 2 each) and two places near both: one each,
    // not both to the school whose branches come first.
    let branches: Vec<Branch> = (0..16).map(|i| branch(i, i / 8, 0, None)).collect();
    let communities = vec![community(0, 0, 1, None), community(1, 1, 1, None)];
    let input =
        CommunityInput { branches: &branches, communities: &communities, share: 0.25, max_km: 50.0, nearest: 10 };
    let result = pair_communities(&Taxonomy::embedded().regions, &input);
    let paired: Vec<u32> = result.schools.iter().map(|s| s.paired).collect();
    assert_eq!(paired, [1, 1]);

    // A small school is not left out for a large one: 4 branches (target 1) and 40 (target 10), five places.
    let branches: Vec<Branch> = (0..44).map(|i| branch(i, usize::from(i >= 4), 0, None)).collect();
    let communities = vec![community(0, 0, 5, None)];
    let input =
        CommunityInput { branches: &branches, communities: &communities, share: 0.25, max_km: 50.0, nearest: 10 };
    let result = pair_communities(&Taxonomy::embedded().regions, &input);
    let paired: Vec<(u32, u32)> = result.schools.iter().map(|s| (s.paired, s.target)).collect();
    assert_eq!(paired, [(1, 1), (4, 10)]);
}
