//! A search: words, filters, how many hits.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Posting, PostingKind, RegionCode};

/// What to search for. Words are analysed like the indexed text; any word may match (BM25 ranks).
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// Free text; empty lists every posting that passes the filters, newest first.
    pub text: String,
    /// Only postings in this region (a prefecture matches its counties, a province everything in it).
    pub region: Option<RegionCode>,
    /// Only postings of this kind.
    pub kind: Option<PostingKind>,
    /// At most this many hits.
    pub top: usize,
    /// Leave out postings that expired before this day (`None`: keep expired ones).
    pub open_on: Option<NaiveDate>,
}

impl SearchQuery {
    /// A query for `text`, 10 hits, postings still open today.
    pub fn new(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            region: None,
            kind: None,
            top: 10,
            open_on: Some(chrono::Local::now().date_naive()),
        }
    }
}

/// One hit: the posting and its score.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// BM25 score (1.0 for a listing without words).
    pub score: f32,
    /// The posting.
    #[serde(flatten)]
    pub posting: Posting,
}

impl std::ops::Deref for SearchHit {
    type Target = Posting;
    fn deref(&self) -> &Posting {
        &self.posting
    }
}
