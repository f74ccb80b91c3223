//! 社区实践: university League branches (团支部) paired with community League organisations (城乡基层团组织)
//! near their campus, so that at least the plan's share of every school's branches take part.

mod branch;
mod organisation;
mod pairing;
#[cfg(test)]
mod tests;

pub use branch::{read_branches, Branch};
pub use organisation::{read_communities, Community, MAX_COMMUNITY_CAPACITY};
pub use pairing::{
    pair_communities, BranchPair, CommunityInput, CommunityPairing, CommunityUse, CoverageShort, SchoolCoverage,
};
