//! 社区实践 pairing: university League branches with community League organisations "就近就便".
//!
//! The plan: "全年不少于25%的高校团支部与城乡基层团组织结对". Each school is to pair its share of its branches
//! (rounded up: 25% of 10 branches is 3), and no more, so that the communities' places go round the schools.
//! A branch may go to a community within `max_km` of its campus (straight-line distance between the
//! regions' centres; the same county is 0 km) whose themes meet the branch's when both give themes, up to
//! each community's capacity. Among all pairings the one chosen pairs the most branches towards the schools'
//! targets (so every school reaches its target whenever any pairing could reach them all); among those, the
//! one that shares scarce places fairly (schools short of their targets come out at like shares of their
//! targets, rather than one school taking every place near it); among those, the least total distance. It is
//! a minimum-cost maximum flow: source → school by one unit edge per branch of its target, the j-th costing
//! in proportion to (j − 1) / target, the share reached before it (a convex cost, so each place goes to the
//! school furthest behind its target, small schools as much as large ones) and more than any
//! distance; school → branch; branch → community, costed by distance; community → sink, capped at its
//! capacity. A school short of its target is told why: too few of its branches have a community within
//! reach, or the communities within reach are full.

use std::collections::BTreeMap;

use serde::Serialize;

use super::branch::Branch;
use super::organisation::Community;
use crate::flow::Network;
use crate::model::{BranchId, CommunityId, SchoolCode};
use crate::taxonomy::RegionTable;

/// What the pairing is given.
#[derive(Debug, Clone, Copy)]
pub struct CommunityInput<'a> {
    /// The branches.
    pub branches: &'a [Branch],
    /// The community organisations.
    pub communities: &'a [Community],
    /// The share of each school's branches to pair (the plan: 0.25).
    pub share: f64,
    /// The farthest a branch travels, in km.
    pub max_km: f64,
    /// The nearest communities considered per branch (bounds the work; communities farther than these are
    /// never chosen).
    pub nearest: usize,
}

/// A branch paired with a community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BranchPair {
    /// The branch.
    pub branch: BranchId,
    /// Its school.
    pub school: SchoolCode,
    /// The community organisation.
    pub community: CommunityId,
    /// Distance between the two places, km (one decimal).
    pub km: f64,
}

/// Why a school is short of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageShort {
    /// Fewer of its branches than the target have a community (with room and matching themes) within reach.
    NoneNear,
    /// Enough of its branches have communities within reach, but their places went to other schools' branches.
    CommunitiesFull,
}

impl CoverageShort {
    /// The reason as a League office reads it.
    pub fn zh(self) -> &'static str {
        match self {
            CoverageShort::NoneNear => "校区附近没有主题相符的城乡基层团组织",
            CoverageShort::CommunitiesFull => "附近的城乡基层团组织结对名额已满",
        }
    }
}

/// A school's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolCoverage {
    /// The school.
    pub school: SchoolCode,
    /// Its branches.
    pub branches: u32,
    /// Branches to pair (the share, rounded up).
    pub target: u32,
    /// Branches paired.
    pub paired: u32,
    /// Its branches with at least one community within reach.
    pub reachable: u32,
    /// Why it is short of its target, if it is.
    pub short: Option<CoverageShort>,
}

/// A community's places and how many were taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommunityUse {
    /// The organisation.
    pub community: CommunityId,
    /// Branches it takes.
    pub capacity: u32,
    /// Branches paired with it.
    pub paired: u32,
}

/// The pairing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunityPairing {
    /// The pairs, by branch id.
    pub pairs: Vec<BranchPair>,
    /// Coverage per school, by school code.
    pub schools: Vec<SchoolCoverage>,
    /// Places per community, in the register's order.
    pub communities: Vec<CommunityUse>,
    /// All branches.
    pub branches: u32,
    /// Branches paired.
    pub paired: u32,
    /// The total distance of the pairs, km.
    pub total_km: f64,
}

/// Distances are costed in tenths of a km.
pub(crate) fn cost(km: f64) -> i64 {
    (km * 10.0).round() as i64
}

/// The cost of a school's `j`-th pair (1-based) towards `target`: in proportion to the share of its target
/// the school had reached before it, in whole percent (so the next place goes to the school furthest behind,
/// whatever its size), each percent above any distance a pair can have (5,000 km is 50,000 tenths).
pub(crate) fn fairness_cost(j: u32, target: u32) -> i64 {
    // In whole percent of the target: fewer distinct path costs, so fewer rounds of the flow.
    const PERCENT: i64 = 1_000_000;
    PERCENT * (100 * i64::from(j.saturating_sub(1)) / i64::from(target.max(1)))
}

/// Do the themes meet (either side giving none counts as meeting)?
pub(crate) fn themes_meet(branch: &Branch, community: &Community) -> bool {
    branch.themes.is_empty()
        || community.themes.is_empty()
        || branch.themes.iter().any(|t| community.themes.iter().any(|c| c == t))
}

/// Each branch's candidate communities: (community position, km), nearest first, ties by position.
pub(crate) fn candidates(regions: &RegionTable, input: &CommunityInput<'_>) -> Vec<Vec<(usize, f64)>> {
    input
        .branches
        .iter()
        .map(|branch| {
            let mut near: Vec<(usize, f64)> = input
                .communities
                .iter()
                .enumerate()
                .filter(|(_, c)| c.capacity > 0 && themes_meet(branch, c))
                .filter_map(|(i, c)| {
                    let km = if c.region == branch.region {
                        Some(0.0)
                    } else {
                        regions.distance_km(branch.region, c.region)
                    };
                    km.filter(|km| *km <= input.max_km).map(|km| (i, (km * 10.0).round() / 10.0))
                })
                .collect();
            near.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            near.truncate(input.nearest);
            near
        })
        .collect()
}

/// The share of `branches` to pair, rounded up.
pub(crate) fn target(branches: u32, share: f64) -> u32 {
    let share = share.clamp(0.0, 1.0);
    // Rounded up, with a small allowance so that 0.25 × 8 is 2, not 3 after a rounding error.
    ((f64::from(branches) * share) - 1e-9).ceil().max(0.0) as u32
}

/// Pairs branches with communities.
pub fn pair_communities(regions: &RegionTable, input: &CommunityInput<'_>) -> CommunityPairing {
    let near = candidates(regions, input);
    let mut schools: BTreeMap<&SchoolCode, Vec<usize>> = BTreeMap::new();
    for (i, branch) in input.branches.iter().enumerate() {
        schools.entry(&branch.school).or_default().push(i);
    }
    // Nodes: source, sink, schools, branches, communities.
    let (source, sink) = (0, 1);
    let school_node = |k: usize| 2 + k;
    let branch_node = |b: usize| 2 + schools.len() + b;
    let community_node = |c: usize| 2 + schools.len() + input.branches.len() + c;
    let mut net = Network::new(2 + schools.len() + input.branches.len() + input.communities.len());
    let mut targets = Vec::with_capacity(schools.len());
    for (k, members) in schools.values().enumerate() {
        let goal = target(members.len() as u32, input.share);
        targets.push(goal);
        for j in 1..=goal {
            net.add(source, school_node(k), 1, fairness_cost(j, goal));
        }
        for &b in members {
            net.add(school_node(k), branch_node(b), 1, 0);
        }
    }
    let mut arcs = Vec::new();
    for (b, list) in near.iter().enumerate() {
        for &(c, km) in list {
            arcs.push((b, c, km, net.add(branch_node(b), community_node(c), 1, cost(km))));
        }
    }
    for (c, community) in input.communities.iter().enumerate() {
        net.add(community_node(c), sink, community.capacity, 0);
    }
    net.run(source, sink);

    let mut pairs: Vec<BranchPair> = arcs
        .iter()
        .filter(|(_, _, _, arc)| net.flow(*arc) > 0)
        .map(|&(b, c, km, _)| BranchPair {
            branch: input.branches[b].id.clone(),
            school: input.branches[b].school.clone(),
            community: input.communities[c].id.clone(),
            km,
        })
        .collect();
    pairs.sort_by(|a, b| a.branch.cmp(&b.branch));
    let mut used = vec![0u32; input.communities.len()];
    let mut is_paired = vec![false; input.branches.len()];
    for &(b, c, _, arc) in &arcs {
        used[c] += net.flow(arc);
        is_paired[b] |= net.flow(arc) > 0;
    }
    let coverage = schools
        .iter()
        .zip(&targets)
        .map(|((school, members), &target)| {
            let paired = members.iter().filter(|&&b| is_paired[b]).count() as u32;
            let reachable = members.iter().filter(|&&b| !near[b].is_empty()).count() as u32;
            let short = (paired < target).then_some(if reachable < target {
                CoverageShort::NoneNear
            } else {
                CoverageShort::CommunitiesFull
            });
            SchoolCoverage {
                school: (*school).clone(),
                branches: members.len() as u32,
                target,
                paired,
                reachable,
                short,
            }
        })
        .collect();
    let total_km = (pairs.iter().map(|p| p.km).sum::<f64>() * 10.0).round() / 10.0;
    CommunityPairing {
        paired: pairs.len() as u32,
        total_km,
        pairs,
        schools: coverage,
        communities: input
            .communities
            .iter()
            .zip(used)
            .map(|(c, paired)| CommunityUse { community: c.id.clone(), capacity: c.capacity, paired })
            .collect(),
        branches: input.branches.len() as u32,
    }
}
