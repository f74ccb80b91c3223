//! BM25 of a set of words, summed by document: every word's postings read a window of a segment's documents
//! at a time, so that the sums being added to stay in the core's cache (summed over a whole index, they were
//! a table of megabytes at a million postings, and a cache miss for most postings read).

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Term, TERMINATED};

use super::snapshot::{DocRef, IndexSnapshot};
use crate::error::Error;

/// Documents of a segment summed at a time (128 KiB of sums).
const WINDOW: u32 = 1 << 15;

/// A word in one field, with its weight there.
struct WeightedTerm {
    field: Field,
    term: Term,
    weight: Bm25Weight,
}

impl IndexSnapshot {
    /// BM25 (tantivy's formula: k1 = 1.2, b = 0.75, its field norms) of the words against titles and
    /// descriptions, a title match weighing `title_boost` times a description match. Calls `visit(at, sum)`
    /// once for each live document holding any of the words, in no particular order, with the sum of its
    /// scores added title first, then description, each in the words' order (the order in which a walk of
    /// each word's postings in turn adds them). Words in more than `max_doc_freq` live documents of a field
    /// are skipped there.
    ///
    /// The statistics are those of the live documents only (their number, how many hold the word, their mean
    /// field norm), so that scores depend on which postings there are and never on the index's history: a
    /// deleted or replaced posting stays in tantivy's own counts until its segment is merged away.
    pub fn bm25(
        &self,
        words: &[String],
        title_boost: f32,
        max_doc_freq: u64,
        visit: &mut dyn FnMut(DocRef, f32),
    ) -> Result<(), Error> {
        self.bm25_in_windows(words, title_boost, max_doc_freq, WINDOW, visit)
    }

    fn bm25_in_windows(
        &self,
        words: &[String],
        title_boost: f32,
        max_doc_freq: u64,
        window: u32,
        visit: &mut dyn FnMut(DocRef, f32),
    ) -> Result<(), Error> {
        let terms = self.weighted_terms(words, title_boost, max_doc_freq)?;
        if terms.is_empty() {
            return Ok(());
        }
        let mut sums = vec![0.0f32; window as usize];
        let mut touched: Vec<u32> = Vec::new();
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            let mut cursors = Vec::with_capacity(terms.len());
            for weighted in &terms {
                let postings: Option<SegmentPostings> = reader
                    .inverted_index(weighted.field)?
                    .read_postings(&weighted.term, IndexRecordOption::WithFreqs)
                    .map_err(|e| Error::Index(e.into()))?;
                if let Some(postings) = postings {
                    cursors.push((postings, reader.get_fieldnorms_reader(weighted.field)?, &weighted.weight));
                }
            }
            loop {
                let first = cursors.iter().map(|(postings, _, _)| postings.doc()).min().unwrap_or(TERMINATED);
                if first == TERMINATED {
                    break;
                }
                let start = first - first % window;
                let end = start.saturating_add(window).min(TERMINATED);
                // Each term's postings in the window, in the terms' order: a document's sum is added to in
                // that order, as a walk of each term's postings in turn adds to it.
                for (postings, norms, weight) in &mut cursors {
                    let mut doc = postings.doc();
                    while doc < end {
                        if !reader.is_deleted(doc) {
                            let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                            let sum = &mut sums[(doc - start) as usize];
                            if *sum == 0.0 {
                                touched.push(doc - start);
                            }
                            *sum += score;
                        }
                        doc = postings.advance();
                    }
                }
                for &slot in &touched {
                    // Taken, so that the window's sums are zero again (a slot touched twice is visited once).
                    let sum = std::mem::take(&mut sums[slot as usize]);
                    if sum != 0.0 {
                        visit(DocRef { segment: segment as u32, doc: start + slot }, sum);
                    }
                }
                touched.clear();
            }
        }
        Ok(())
    }

    /// The (field, word) terms a look-up reads, in the order their scores are added: title first, then
    /// description, each in the words' order; a word in no live document of a field, or in more than
    /// `max_doc_freq`, is left out there.
    fn weighted_terms(
        &self,
        words: &[String],
        title_boost: f32,
        max_doc_freq: u64,
    ) -> Result<Vec<WeightedTerm>, Error> {
        let total_docs = self.searcher.num_docs();
        if total_docs == 0 {
            return Ok(Vec::new());
        }
        let norms = self.average_norms()?;
        let fields = [(self.fields.title, title_boost, norms[0]), (self.fields.description, 1.0, norms[1])];
        let mut terms = Vec::new();
        for (field, boost, average_norm) in fields {
            for word in words {
                let term = Term::from_field_text(field, word);
                let doc_freq = self.live_doc_freq(field, &term)?;
                if doc_freq == 0 || doc_freq > max_doc_freq {
                    continue;
                }
                let weight =
                    Bm25Weight::for_one_term_without_explain(doc_freq, total_docs, average_norm).boost_by(boost);
                terms.push(WeightedTerm { field, term, weight });
            }
        }
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Each term's postings walked in turn over the whole index, each score added to its document's sum: what
    /// the windows must give, bit for bit.
    fn summed_term_by_term(snapshot: &IndexSnapshot, words: &[String], boost: f32) -> HashMap<DocRef, f32> {
        let mut sums: HashMap<DocRef, f32> = HashMap::new();
        for weighted in snapshot.weighted_terms(words, boost, u64::MAX).unwrap() {
            for (segment, reader) in snapshot.searcher.segment_readers().iter().enumerate() {
                let inverted = reader.inverted_index(weighted.field).unwrap();
                let Some(mut postings) = inverted.read_postings(&weighted.term, IndexRecordOption::WithFreqs).unwrap()
                else {
                    continue;
                };
                let norms = reader.get_fieldnorms_reader(weighted.field).unwrap();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !reader.is_deleted(doc) {
                        let score = weighted.weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                        *sums.entry(DocRef { segment: segment as u32, doc }).or_default() += score;
                    }
                    doc = postings.advance();
                }
            }
        }
        sums
    }

    /// Over several segments with deleted postings, windows of any size (one document, a few, more than a
    /// segment) give each live document holding a word once, with the sum term by term gives, bit for bit.
    #[test]
    fn windows_sum_as_each_term_in_turn_does() {
        let (_dir, index) = crate::test_support::index_with_deletions(4);
        let snapshot = index.snapshot();
        let mut compared = 0;
        for words in [vec!["销售"], vec!["客户", "负责", "销售"], vec!["会展", "活动", "执行"], vec!["没有的词"]]
        {
            let words: Vec<String> = words.into_iter().map(String::from).collect();
            let expected = summed_term_by_term(&snapshot, &words, 3.0);
            for window in [1, 2, 7, 64, WINDOW] {
                let mut found: HashMap<DocRef, f32> = HashMap::new();
                let mut visit = |at: DocRef, sum: f32| assert!(found.insert(at, sum).is_none(), "{at:?} visited twice");
                snapshot.bm25_in_windows(&words, 3.0, u64::MAX, window, &mut visit).unwrap();
                assert_eq!(found.len(), expected.len(), "{words:?}, window {window}");
                for (at, sum) in &expected {
                    assert_eq!(found.get(at).map(|s| s.to_bits()), Some(sum.to_bits()), "{words:?} {at:?} {window}");
                }
            }
            compared += expected.len();
        }
        assert!(compared > 50, "the words have hits: {compared}");
    }
}
