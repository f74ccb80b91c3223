//! `IndexSnapshot`: one committed state of the index, read whole (to build the in-memory catalog the scorer
//! walks) or term by term (BM25 of a student's intention and skills), always against the same segments.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::store::StoreReader;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::schema::Fields;
use super::search_query::SearchQuery;
use super::stored;
use crate::error::Error;
use crate::memo::Memo;
use crate::model::Posting;

/// Documents read from the store per parallel task.
const CHUNK: u32 = 16_384;
/// Decompressed store blocks kept per segment for postings loaded one at a time (tantivy's searcher keeps
/// as many).
const STORE_CACHE_BLOCKS: usize = 100;
/// Postings read in store order by one task of [`IndexSnapshot::load_many`].
const LOAD_RUN: usize = 256;

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
    pub(super) searcher: Searcher,
    pub(super) fields: Fields,
    /// Mean field norm of titles and descriptions over the live documents, computed on first use.
    average_norms: Arc<OnceLock<[f32; 2]>>,
    /// Each segment's document store, opened on the first posting loaded (`None`: one could not be opened,
    /// and postings are read through the searcher). The searcher's own are out of reach, and read a stored
    /// posting a byte at a time.
    stores: Arc<OnceLock<Option<Vec<StoreReader>>>>,
    /// Live document frequencies counted by walking postings (where a segment has deletions, tantivy's own
    /// count includes the deleted documents), kept for the snapshot's life, shared by its clones and never by
    /// another snapshot: they never change in a snapshot, and students share words.
    doc_freqs: Arc<Memo<Term, u64>>,
    /// The folder of the index on disk (`None` for one held in memory).
    dir: Option<Arc<Path>>,
}

/// Document frequencies a snapshot keeps at most, and bytes of their terms (terms come from students' text).
const DOC_FREQS_KEPT: usize = 65_536;
const DOC_FREQS_BYTES: usize = 4 << 20;

impl IndexSnapshot {
    pub(crate) fn new(searcher: Searcher, fields: Fields, dir: Option<Arc<Path>>) -> IndexSnapshot {
        IndexSnapshot {
            dir,
            searcher,
            fields,
            average_norms: Arc::new(OnceLock::new()),
            stores: Arc::new(OnceLock::new()),
            doc_freqs: Arc::new(Memo::new(DOC_FREQS_KEPT, DOC_FREQS_BYTES)),
        }
    }

    /// How many postings the snapshot holds.
    pub fn len(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// True when the snapshot holds no posting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The segments, by ordinal.
    pub(crate) fn segment_ids(&self) -> Vec<SegmentId> {
        self.searcher.segment_readers().iter().map(|r| r.segment_id()).collect()
    }

    /// The same snapshot as if its index were held in memory (no folder).
    #[cfg(test)]
    pub(crate) fn without_dir(mut self) -> IndexSnapshot {
        self.dir = None;
        self
    }

    /// The folder of the index, when it is on disk.
    pub(crate) fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// True when document `doc` of the segment at `segment` is deleted (or out of its range).
    pub(crate) fn is_deleted(&self, segment: u32, doc: u32) -> bool {
        let reader = self.searcher.segment_reader(segment);
        doc >= reader.max_doc() || reader.is_deleted(doc)
    }

    /// The live documents of the segment at `segment`.
    pub(crate) fn live_docs(&self, segment: u32) -> u32 {
        self.searcher.segment_reader(segment).num_docs()
    }

    /// Where the live document of a posting is.
    pub fn locate(&self, id: &crate::model::PostingId) -> Result<Option<DocRef>, Error> {
        let term = Term::from_field_text(self.fields.id, id.as_str());
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            let inverted = reader.inverted_index(self.fields.id)?;
            let Some(mut postings) =
                inverted.read_postings(&term, IndexRecordOption::Basic).map_err(|e| Error::Index(e.into()))?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !reader.is_deleted(doc) {
                    return Ok(Some(DocRef { segment: segment as u32, doc }));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
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
        self.map_stored(|json| decode_json(json).map(&f), &f)
    }

    /// Reads every live posting's stored JSON and maps it with `from_json`, in parallel (a posting stored
    /// in a layout not known here is decoded in full and mapped with `from_posting`); the result is in
    /// (segment, doc) order.
    pub(crate) fn map_stored<T, J, P>(&self, from_json: J, from_posting: P) -> Result<Vec<(DocRef, T)>, Error>
    where
        T: Send,
        J: Fn(&[u8]) -> Result<T, Error> + Sync,
        P: Fn(Posting) -> T + Sync,
    {
        self.map_stored_in(&|_| true, from_json, from_posting)
    }

    /// [`IndexSnapshot::map_stored`] of the segments (by ordinal) that `wanted` holds.
    pub(crate) fn map_stored_in<T, J, P>(
        &self,
        wanted: &dyn Fn(u32) -> bool,
        from_json: J,
        from_posting: P,
    ) -> Result<Vec<(DocRef, T)>, Error>
    where
        T: Send,
        J: Fn(&[u8]) -> Result<T, Error> + Sync,
        P: Fn(Posting) -> T + Sync,
    {
        let mut tasks = Vec::new();
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            if !wanted(segment as u32) {
                continue;
            }
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
                    let bytes = store.get_document_bytes(doc)?;
                    let mapped = match stored::bytes_of(&bytes, self.fields.document.field_id()) {
                        Some(json) => from_json(json)?,
                        None => from_posting(self.decode(&store.get::<TantivyDocument>(doc)?)?),
                    };
                    out.push((DocRef { segment, doc }, mapped));
                }
                Ok(out)
            })
            .collect::<Result<_, Error>>()?;
        Ok(chunks.into_iter().flatten().collect())
    }

    /// The best documents for words already analysed like the index, under the query's filters (its text
    /// is not read): BM25 as `PostingIndex::search` scores them, no document read.
    pub(crate) fn best_documents(&self, words: &[String], query: &SearchQuery) -> Result<Vec<(f32, DocRef)>, Error> {
        let found = super::text_search::best_documents(&self.searcher, &self.fields, words, query)?;
        Ok(found.into_iter().map(|(score, at)| (score, DocRef { segment: at.segment_ord, doc: at.doc_id })).collect())
    }

    /// The posting at `at`.
    pub fn load(&self, at: DocRef) -> Result<Posting, Error> {
        let stores = self.stores.get_or_init(|| {
            let readers = self.searcher.segment_readers().iter();
            readers.map(|reader| reader.get_store_reader(STORE_CACHE_BLOCKS).ok()).collect()
        });
        if let Some(store) = stores.as_ref().and_then(|stores| stores.get(at.segment as usize)) {
            let bytes = store.get_document_bytes(at.doc)?;
            if let Some(json) = stored::bytes_of(&bytes, self.fields.document.field_id()) {
                return decode_json(json);
            }
        }
        let document: TantivyDocument = self.searcher.doc(DocAddress::new(at.segment, at.doc))?;
        self.decode(&document)
    }

    /// The postings at `at`, in that order. They are read in store order, a run of neighbours per task
    /// with a store reader of its own, so that a block of the store holding several of them is decompressed
    /// once (read one by one in any order, each posting cost a block's decompression: half the time of
    /// reading the 15,736 postings a batch of 12,705 students names at 100,000 postings).
    pub fn load_many(&self, at: &[DocRef]) -> Result<Vec<Posting>, Error> {
        let mut order: Vec<usize> = (0..at.len()).collect();
        order.sort_unstable_by_key(|&i| (at[i].segment, at[i].doc));
        let runs: Vec<Vec<(usize, Posting)>> = order
            .par_chunks(LOAD_RUN)
            .map(|run| {
                let mut store: Option<(u32, StoreReader)> = None;
                let mut out = Vec::with_capacity(run.len());
                for &i in run {
                    let doc = at[i];
                    if store.as_ref().is_none_or(|(segment, _)| *segment != doc.segment) {
                        let reader = self.searcher.segment_readers().get(doc.segment as usize).ok_or_else(|| {
                            Error::CorruptDocument(format!("no segment {} in the snapshot", doc.segment))
                        })?;
                        store = Some((doc.segment, reader.get_store_reader(1).map_err(|e| Error::Index(e.into()))?));
                    }
                    let Some((_, reader)) = store.as_ref() else { unreachable!("a store reader was just opened") };
                    let bytes = reader.get_document_bytes(doc.doc)?;
                    let posting = match stored::bytes_of(&bytes, self.fields.document.field_id()) {
                        Some(json) => decode_json(json)?,
                        None => self.decode(&reader.get::<TantivyDocument>(doc.doc)?)?,
                    };
                    out.push((i, posting));
                }
                Ok(out)
            })
            .collect::<Result<_, Error>>()?;
        let mut slots: Vec<Option<Posting>> = std::iter::repeat_with(|| None).take(at.len()).collect();
        for (i, posting) in runs.into_iter().flatten() {
            slots[i] = Some(posting);
        }
        Ok(slots.into_iter().flatten().collect())
    }

    /// BM25 as [`IndexSnapshot::bm25`] gives it, of the words against the documents `among` only (newly
    /// written ones), with the statistics of the whole snapshot: what a look-up made before they were written
    /// lacks. Words none of them holds cost a look-up in their segments only.
    pub(crate) fn bm25_among(
        &self,
        words: &[String],
        title_boost: f32,
        max_doc_freq: u64,
        among: &std::collections::HashSet<DocRef>,
        visit: &mut dyn FnMut(DocRef, f32),
    ) -> Result<(), Error> {
        let total_docs = self.searcher.num_docs();
        if total_docs == 0 || among.is_empty() {
            return Ok(());
        }
        let mut segments: Vec<u32> = among.iter().map(|d| d.segment).collect();
        segments.sort_unstable();
        segments.dedup();
        let norms = self.average_norms()?;
        let fields = [(self.fields.title, title_boost, norms[0]), (self.fields.description, 1.0, norms[1])];
        for (field, boost, average_norm) in fields {
            for word in words {
                let term = Term::from_field_text(field, word);
                let mut found: Vec<(DocRef, u8, u32)> = Vec::new();
                for &segment in &segments {
                    let reader = self.searcher.segment_reader(segment);
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
                        let at = DocRef { segment, doc };
                        if among.contains(&at) {
                            found.push((at, norms.fieldnorm_id(doc), postings.term_freq()));
                        }
                        doc = postings.advance();
                    }
                }
                if found.is_empty() {
                    continue;
                }
                let doc_freq = self.live_doc_freq(field, &term)?;
                if doc_freq == 0 || doc_freq > max_doc_freq {
                    continue;
                }
                let weight =
                    tantivy::query::Bm25Weight::for_one_term_without_explain(doc_freq, total_docs, average_norm)
                        .boost_by(boost);
                for (at, fieldnorm_id, term_freq) in found {
                    visit(at, weight.score(fieldnorm_id, term_freq));
                }
            }
        }
        Ok(())
    }

    /// How many live documents hold `term`: tantivy's count where a segment has no deletes, a walk over the
    /// postings where it has (a count that needed a walk is kept for the snapshot's life).
    pub(super) fn live_doc_freq(&self, field: Field, term: &Term) -> Result<u64, Error> {
        if let Some(kept) = self.doc_freqs.get(term) {
            return Ok(kept);
        }
        let (doc_freq, walked) = self.count_live_doc_freq(field, term)?;
        if walked {
            self.doc_freqs.keep(term.clone(), doc_freq, term.serialized_value_bytes().len());
        }
        Ok(doc_freq)
    }

    /// The live count of `term`'s documents, and whether a segment's postings had to be walked for it.
    fn count_live_doc_freq(&self, field: Field, term: &Term) -> Result<(u64, bool), Error> {
        let (mut doc_freq, mut walked) = (0u64, false);
        for reader in self.searcher.segment_readers() {
            let inverted = reader.inverted_index(field)?;
            let Some(alive) = reader.alive_bitset() else {
                doc_freq += u64::from(inverted.doc_freq(term).map_err(|e| Error::Index(e.into()))?);
                continue;
            };
            if let Some(postings) =
                inverted.read_postings(term, IndexRecordOption::Basic).map_err(|e| Error::Index(e.into()))?
            {
                doc_freq += u64::from(postings.doc_freq_given_deletes(alive));
                walked = true;
            }
        }
        Ok((doc_freq, walked))
    }

    /// The mean field norm of titles and of descriptions over the live documents.
    pub(super) fn average_norms(&self) -> Result<[f32; 2], Error> {
        if let Some(norms) = self.average_norms.get() {
            return Ok(*norms);
        }
        let mut norms = [0.0f32; 2];
        for (slot, field) in [self.fields.title, self.fields.description].into_iter().enumerate() {
            let (mut sum, mut count) = (0u64, 0u64);
            for reader in self.searcher.segment_readers() {
                let fieldnorms = reader.get_fieldnorms_reader(field)?;
                for doc in reader.doc_ids_alive() {
                    sum += u64::from(FieldNormReader::id_to_fieldnorm(fieldnorms.fieldnorm_id(doc)));
                    count += 1;
                }
            }
            norms[slot] = if count == 0 { 1.0 } else { (sum as f64 / count as f64) as f32 };
        }
        Ok(*self.average_norms.get_or_init(|| norms))
    }

    fn decode(&self, document: &TantivyDocument) -> Result<Posting, Error> {
        let bytes = document
            .get_first(self.fields.document)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| Error::CorruptDocument("a document without its stored posting".into()))?;
        decode_json(bytes)
    }
}

/// A posting from the JSON the index stores.
fn decode_json(bytes: &[u8]) -> Result<Posting, Error> {
    serde_json::from_str(utf8(bytes)?).map_err(|e| Error::CorruptDocument(e.to_string()))
}

/// A stored document's text, checked as UTF-8 at once with SIMD (decoded from bytes, serde_json checked
/// each string on its own, a tenth of reading a catalog's 100,000 postings).
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| Error::CorruptDocument("a stored posting that is not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot keeps the live document frequencies it counted by walking postings (its index had a
    /// deletion), and a later snapshot counts its own: a posting deleted in between is not counted there, and
    /// is still counted by the snapshot before.
    #[test]
    fn kept_document_frequencies_are_those_of_their_own_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let index = crate::index::PostingIndex::open_or_create(dir.path()).unwrap();
        crate::test_support::ingest_sample(&index, crate::ingest::Format::Tuantuan);
        let first = index.snapshot();
        let field = first.fields.description;
        let term = ["负责", "工作", "客户", "公司"]
            .into_iter()
            .map(|word| Term::from_field_text(field, word))
            .find(|term| first.count_live_doc_freq(field, term).unwrap().0 >= 3)
            .expect("a word of several descriptions");
        let reader = &first.searcher.segment_readers()[0];
        let mut postings = reader
            .inverted_index(field)
            .unwrap()
            .read_postings(&term, IndexRecordOption::Basic)
            .unwrap()
            .expect("the word is in the first segment");
        let mut holders = Vec::new();
        for _ in 0..2 {
            holders.push(first.load(DocRef { segment: 0, doc: postings.doc() }).unwrap().id);
            postings.advance();
        }
        assert_eq!(index.delete(&holders[..1]).unwrap(), 1);
        let before = index.snapshot();
        let (counted, walked) = before.count_live_doc_freq(field, &term).unwrap();
        assert!(walked, "a segment with a deletion is walked");
        assert_eq!(before.live_doc_freq(field, &term).unwrap(), counted, "counted and kept");
        assert_eq!(before.doc_freqs.get(&term), Some(counted), "kept");
        assert_eq!(index.delete(&holders[1..]).unwrap(), 1);
        let after = index.snapshot();
        assert_eq!(after.live_doc_freq(field, &term).unwrap(), counted - 1, "the later snapshot counts its own");
        assert_eq!(before.live_doc_freq(field, &term).unwrap(), counted, "the earlier one is unchanged");
    }

    /// Every stored document of the sample is read the fast way, to the very bytes tantivy reads.
    #[test]
    fn stored_postings_are_read_straight_from_the_store_as_tantivy_reads_them() {
        let snapshot = crate::test_support::sample_index().snapshot();
        let field = snapshot.fields.document;
        let mut read = 0;
        for reader in snapshot.searcher.segment_readers() {
            let store = reader.get_store_reader(1).unwrap();
            for doc in reader.doc_ids_alive() {
                let bytes = store.get_document_bytes(doc).unwrap();
                let fast = stored::bytes_of(&bytes, field.field_id()).expect("the layout is known");
                let document: TantivyDocument = store.get(doc).unwrap();
                assert_eq!(Some(fast), document.get_first(field).and_then(|v| v.as_bytes()));
                read += 1;
            }
        }
        assert_eq!(read, snapshot.len());
        let postings = snapshot.map_postings(|p| p).unwrap();
        assert_eq!(postings.len() as u64, read);
        for (at, posting) in &postings {
            let document: TantivyDocument = snapshot.searcher.doc(DocAddress::new(at.segment, at.doc)).unwrap();
            assert_eq!(&snapshot.decode(&document).unwrap(), posting, "read through tantivy");
            assert_eq!(&snapshot.load(*at).unwrap(), posting, "loaded one at a time");
        }
        // Many at once, in any order, one twice: the postings asked for, in the order asked.
        let mut asked: Vec<DocRef> = postings.iter().rev().map(|(at, _)| *at).collect();
        asked.insert(3, postings[0].0);
        let many = snapshot.load_many(&asked).unwrap();
        assert_eq!(many.len(), asked.len());
        for (at, posting) in asked.iter().zip(&many) {
            assert_eq!(&snapshot.load(*at).unwrap(), posting, "{at:?}");
        }
        assert!(snapshot.load_many(&[]).unwrap().is_empty());
    }
}
