//! `IndexSnapshot`: one committed state of the index, read whole (to build the in-memory catalog the scorer
//! walks) or term by term (BM25 of a student's intention and skills), always against the same segments.

use rayon::prelude::*;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::schema::Fields;
use crate::error::Error;
use crate::model::Posting;

/// Documents read from the store per parallel task.
const CHUNK: u32 = 16_384;

/// Where a posting lives in a snapshot: segment ordinal and document id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRef {
    /// Segment ordinal in the snapshot.
    pub segment: u32,
    /// Document id inside the segment.
    pub doc: u32,
}

/// A committed state of the index.
#[derive(Clone)]
pub struct IndexSnapshot {
    searcher: Searcher,
    fields: Fields,
}

impl IndexSnapshot {
    pub(crate) fn new(searcher: Searcher, fields: Fields) -> IndexSnapshot {
        IndexSnapshot { searcher, fields }
    }

    /// How many postings the snapshot holds.
    pub fn len(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// True when the snapshot holds no posting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of document slots of each segment (live or deleted), for dense look-up tables.
    pub fn segment_sizes(&self) -> Vec<u32> {
        self.searcher.segment_readers().iter().map(|r| r.max_doc()).collect()
    }

    /// Reads every live posting and maps it with `f`, in parallel; the result is in (segment, doc) order.
    pub fn map_postings<T, F>(&self, f: F) -> Result<Vec<(DocRef, T)>, Error>
    where
        T: Send,
        F: Fn(Posting) -> T + Sync,
    {
        let mut tasks = Vec::new();
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            let mut start = 0;
            while start < reader.max_doc() {
                tasks.push((segment as u32, start, (start + CHUNK).min(reader.max_doc())));
                start += CHUNK;
            }
        }
        let chunks: Vec<Vec<(DocRef, T)>> = tasks
            .into_par_iter()
            .map(|(segment, start, end)| {
                let reader = self.searcher.segment_reader(segment);
                let store = reader.get_store_reader(4).map_err(|e| Error::Index(e.into()))?;
                let mut out = Vec::new();
                for doc in start..end {
                    if reader.is_deleted(doc) {
                        continue;
                    }
                    let document: TantivyDocument = store.get(doc)?;
                    out.push((DocRef { segment, doc }, f(self.decode(&document)?)));
                }
                Ok(out)
            })
            .collect::<Result<_, Error>>()?;
        Ok(chunks.into_iter().flatten().collect())
    }

    /// The posting at `at`.
    pub fn load(&self, at: DocRef) -> Result<Posting, Error> {
        let document: TantivyDocument = self.searcher.doc(DocAddress::new(at.segment, at.doc))?;
        self.decode(&document)
    }

    /// BM25 (tantivy's: k1 = 1.2, b = 0.75, the index's own statistics and field norms) of the words against
    /// titles and descriptions, a title match weighing `title_boost` times a description match. Calls
    /// `visit(at, score)` once per (word, field, posting) where the word occurs: the caller sums. Words in more
    /// than `max_doc_freq` documents of a field are skipped there.
    pub fn bm25(
        &self,
        words: &[String],
        title_boost: f32,
        max_doc_freq: u64,
        visit: &mut dyn FnMut(DocRef, f32),
    ) -> Result<(), Error> {
        let total_docs = self.searcher.num_docs().max(1);
        for (field, boost) in [(self.fields.title, title_boost), (self.fields.description, 1.0)] {
            let total_tokens = self.searcher.segment_readers().iter().try_fold(0u64, |sum, reader| {
                reader.inverted_index(field).map(|inverted| sum + inverted.total_num_tokens())
            })?;
            let average_norm = total_tokens as f32 / total_docs as f32;
            for word in words {
                let term = Term::from_field_text(field, word);
                let doc_freq = self.searcher.doc_freq(&term)?;
                if doc_freq == 0 || doc_freq > max_doc_freq {
                    continue;
                }
                let weight =
                    tantivy::query::Bm25Weight::for_one_term_without_explain(doc_freq, total_docs, average_norm)
                        .boost_by(boost);
                for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
                    let inverted = reader.inverted_index(field)?;
                    let Some(mut postings) = inverted
                        .read_postings(&term, IndexRecordOption::WithFreqs)
                        .map_err(|e| Error::Index(e.into()))?
                    else {
                        continue;
                    };
                    let norms = reader.get_fieldnorms_reader(field)?;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        if !reader.is_deleted(doc) {
                            let score = weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                            visit(DocRef { segment: segment as u32, doc }, score);
                        }
                        doc = postings.advance();
                    }
                }
            }
        }
        Ok(())
    }

    fn decode(&self, document: &TantivyDocument) -> Result<Posting, Error> {
        let bytes = document
            .get_first(self.fields.document)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| Error::CorruptDocument("a document without its stored posting".into()))?;
        serde_json::from_slice(bytes).map_err(|e| Error::CorruptDocument(e.to_string()))
    }
}
