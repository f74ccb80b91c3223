//! How good is this posting for this student? Configuration, the compact catalog, features, the scorer and
//! the explanations.

mod affinity;
mod bound;
mod campaign;
mod campaign_marks;
mod catalog;
mod catalog_apply;
mod catalog_build;
mod catalog_fields;
mod catalog_search;
mod chunks;
mod codes;
mod config;
mod entry;
mod explain;
mod features;
mod profile;
mod row;
mod row_cache;
#[cfg(test)]
mod row_cache_tests;
mod row_codec;
mod said;
mod scorer;
mod text;
mod volunteer;

pub use campaign::Campaign;
pub use catalog::Catalog;
pub use config::{AllocationConfig, ScoringConfig, Thresholds, Weights, DEFAULT_CONFIG};

pub(crate) use explain::{explain, next as next_part};
pub(crate) use features::compute;
pub(crate) use profile::Profile;
pub(crate) use scorer::{Scored, Scorer};
pub use text::TextCache;
pub(crate) use text::{query_words, text_cache, text_hits, QueryHits};
