//! `DocFreqs`: the live document frequencies a snapshot has counted by walking postings (where a segment has
//! deletions, tantivy's own count includes the deleted documents). They never change in a snapshot, and
//! students share words, so each is counted once. Bounded by entries and by the terms' bytes (terms come from
//! students' text); when either bound is passed the whole table is emptied.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::Term;

/// Counts kept at most.
const MAX_TERMS: usize = 65_536;
/// Bytes of the kept terms at most.
const MAX_BYTES: usize = 4 << 20;

/// The kept counts of one snapshot (shared by its clones, never by another snapshot).
#[derive(Debug, Default)]
pub(crate) struct DocFreqs {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    counts: HashMap<Term, u64>,
    bytes: usize,
}

impl DocFreqs {
    /// The count kept for `term`, if any.
    pub(crate) fn get(&self, term: &Term) -> Option<u64> {
        self.kept.lock().ok()?.counts.get(term).copied()
    }

    /// Keeps the count of `term`.
    pub(crate) fn keep(&self, term: &Term, count: u64) {
        let Ok(mut kept) = self.kept.lock() else { return };
        let bytes = term.serialized_value_bytes().len();
        if kept.counts.len() >= MAX_TERMS || kept.bytes + bytes > MAX_BYTES {
            kept.counts.clear();
            kept.bytes = 0;
        }
        if kept.counts.insert(term.clone(), count).is_none() {
            kept.bytes += bytes;
        }
    }
}
