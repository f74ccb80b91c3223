//! De-duplication across sources: MinHash signatures and the block-wise matcher.

mod deduper;
mod minhash;

pub(crate) use deduper::{block_key, Deduper, Fingerprint};
pub use minhash::{MinHash, MinHashSignature};
