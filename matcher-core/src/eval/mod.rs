//! Match-quality evaluation for analysts: ground-truth interactions and their train/test split, ranking
//! metrics as RecBole defines them, market metrics, baselines and the engine run through one harness, and a
//! coordinate search of the scorer's weights. docs/EVALUATION.md has the formulas and the data format.

mod baselines;
mod dataset;
mod harness;
mod interactions;
mod market;
mod measure;
mod method;
mod ranking;
mod setting;
mod split;
mod tune;

pub use dataset::Dataset;
pub use harness::Harness;
pub use interactions::{read_interactions, Interaction, Label, INTERACTION_COLUMNS};
pub use market::{congestion, coverage, gini, lorenz};
pub use measure::{GroupMetrics, MethodReport, Metrics, MIN_GROUP};
pub use method::Method;
pub use ranking::{at_k, bootstrap_interval, AtK, KS};
pub use split::{Folds, Split};
pub use tune::{rewrite_weights, tune, Trial, Tuning};
