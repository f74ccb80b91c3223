//! The posting index: tantivy on disk with a Chinese analyzer.

mod analyzer;
mod bm25;
mod folder;
mod posting_index;
mod schema;
mod search_query;
mod segment;
mod snapshot;
mod stored;
mod text_search;

pub use analyzer::{chinese_analyzer, terms, ANALYZER};
pub use posting_index::PostingIndex;
pub use search_query::{SearchHit, SearchQuery};
pub(crate) use snapshot::utf8;
pub use snapshot::{DocRef, IndexSnapshot};
pub(crate) use tantivy::index::SegmentId;
