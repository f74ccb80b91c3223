//! What does each student get? Batches of students → ranked, explained lists, allocated across the batch.

mod batch;
mod kinds;
mod level;
mod recommender;
mod shortfall;

pub use batch::{Batch, Breakdown, Part, Recommendation, StudentResult, Summary};
pub use kinds::KindNote;
pub use level::MatchLevel;
pub use recommender::{RecommendOptions, Recommender, MAX_TOP};
pub use shortfall::Shortfall;

#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod pruning_tests;
#[cfg(test)]
mod tests;
