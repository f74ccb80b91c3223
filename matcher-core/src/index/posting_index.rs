//! `PostingIndex`: the postings on disk in tantivy. Everything committed survives a restart; searches see
//! the last commit.

use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analyzer::{chinese_analyzer, terms, ANALYZER};
use super::folder::{refuses_writing, IndexFolder};
use super::schema::{build_schema, day_number, to_document, Fields, SCHEMA_VERSION};
use super::search_query::{SearchHit, SearchQuery};
use super::snapshot::IndexSnapshot;
use super::text_search::best_documents;
use crate::error::Error;
use crate::model::{Posting, PostingId};

const VERSION_FILE: &str = "jinqiao-index.json";
const WRITER_MEMORY: usize = 192 * 1024 * 1024;
/// Small segments that are merged together.
pub const SMALL_SEGMENTS: usize = 8;

/// The posting index in one folder.
pub struct PostingIndex {
    dir: Arc<Path>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl PostingIndex {
    /// Opens the index in `dir`, creating the folder and an empty index when there is none. A path that is
    /// a file, a folder holding other things, or an index that lost its `meta.json` is refused: an index that
    /// held postings never silently starts empty.
    pub fn open_or_create(dir: &Path) -> Result<PostingIndex, Error> {
        let refuse = |reason: String| Error::NotAnIndex { path: dir.display().to_string(), reason };
        if dir.exists() && !dir.is_dir() {
            return Err(refuse("is a file, not an index folder".to_string()));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (schema, fields) = build_schema();
        let version_path = dir.join(VERSION_FILE);
        let has_meta = dir.join("meta.json").exists();
        if !has_meta && version_path.exists() {
            return Err(refuse(format!(
                "this index has lost its meta.json (its {VERSION_FILE} is there): restore the folder from a backup, \
                 or move it away to start an empty index"
            )));
        }
        if !has_meta && std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
            return Err(refuse("holds other files and no index: give an empty or new folder".to_string()));
        }
        let mut index = if has_meta {
            check_version(dir, &version_path)?;
            let folder = IndexFolder::open(dir).map_err(|e| Error::Index(e.into()))?;
            let index = Index::open(folder)?;
            if index.schema() != schema {
                return Err(Error::IndexVersion {
                    path: dir.display().to_string(),
                    found: 0,
                    expected: SCHEMA_VERSION,
                });
            }
            index
        } else {
            let index = Index::create_in_dir(dir, schema)?;
            let stamp = serde_json::json!({ "schema_version": SCHEMA_VERSION }).to_string();
            std::fs::write(&version_path, stamp).map_err(|e| Error::io(&version_path, e))?;
            index
        };
        // Each indexing thread compresses its own blocks of stored documents. Handed to a thread of their own,
        // every 16 KiB block woke it: ~5,300 context switches in `matcher ingest` of 39,073 records, kernel
        // time 0.19 → 0.16 s (medians of eight pairs) without them. The store's files are the same; meta.json
        // records the setting at the next commit (tantivy 0.27 reads it either way).
        index.settings_mut().docstore_compress_dedicated_thread = false;
        index.tokenizers().register(ANALYZER, chinese_analyzer());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(PostingIndex { dir: Arc::from(dir), index, reader, fields })
    }

    /// Opens the index that is in `dir`; refuses a folder with none (a mistyped path must not become a new,
    /// empty index for a command that reads one).
    pub fn open(dir: &Path) -> Result<PostingIndex, Error> {
        if !dir.join("meta.json").exists() {
            let reason = "no index here (`matcher ingest --index DIR …` makes one)".to_string();
            if dir.is_dir() || !dir.exists() {
                return Err(Error::NotAnIndex { path: dir.display().to_string(), reason });
            }
        }
        PostingIndex::open_or_create(dir)
    }

    /// The folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A writer; only one may exist at a time, across processes.
    pub(crate) fn writer(&self) -> Result<IndexWriter, Error> {
        self.index.writer(WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(LockError::IoError(cause), _) if refuses_writing(cause.kind()) => {
                Error::Io {
                    path: self.dir.to_path_buf(),
                    cause: std::io::Error::new(cause.kind(), format!("the index cannot be written here: {cause}")),
                }
            }
            tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
                Error::IndexLocked(self.dir.display().to_string())
            }
            other => Error::Index(other),
        })
    }

    /// Merges every segment into one without deleted postings and waits for it: BM25 statistics then count
    /// only live postings, so scores no longer depend on how the index was written (for evaluations).
    pub fn compact(&self) -> Result<(), Error> {
        let segments = self.index.searchable_segment_ids()?;
        let mut writer = self.writer()?;
        if !segments.is_empty() {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        self.reload()
    }

    /// Merges the small segments into one when there are [`SMALL_SEGMENTS`] of them (under a tenth of the
    /// largest, or under 10,000 postings): every write commits a segment of its own, and every search reads
    /// every segment. Returns whether it merged.
    pub fn merge_small_segments(&self) -> Result<bool, Error> {
        let searcher = self.reader.searcher();
        let sizes: Vec<_> = searcher.segment_readers().iter().map(|r| (r.segment_id(), r.max_doc())).collect();
        let largest = sizes.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let small: Vec<_> = sizes.iter().filter(|(_, n)| *n < (largest / 10).max(10_000)).map(|(id, _)| *id).collect();
        if small.len() < SMALL_SEGMENTS {
            return Ok(false);
        }
        let mut writer = self.writer()?;
        writer.merge(&small).wait()?;
        writer.wait_merging_threads()?;
        self.reload()?;
        Ok(true)
    }

    /// Makes the last commit visible to searches.
    pub fn reload(&self) -> Result<(), Error> {
        self.reader.reload().map_err(Error::from)
    }

    /// The last commit as a consistent snapshot (for the recommender's catalog and text relevance).
    pub fn snapshot(&self) -> IndexSnapshot {
        IndexSnapshot::new(self.reader.searcher(), self.fields, Some(Arc::clone(&self.dir)))
    }

    /// How many postings the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when the index holds no posting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The posting with this id.
    pub fn get(&self, id: &PostingId) -> Result<Option<Posting>, Error> {
        let term = Term::from_field_text(self.fields.id, id.as_str());
        Ok(self.by_term(term, 1)?.into_iter().next())
    }

    /// The posting holding this `source:source_id` reference.
    pub fn find_by_source_ref(&self, key: &str) -> Result<Option<Posting>, Error> {
        let term = Term::from_field_text(self.fields.source_ref, key);
        Ok(self.by_term(term, 1)?.into_iter().next())
    }

    /// Every posting of a de-duplication block.
    pub(crate) fn block(&self, key: &str) -> Result<Vec<Posting>, Error> {
        let term = Term::from_field_text(self.fields.block, key);
        self.by_term(term, usize::MAX / 2)
    }

    /// Writes a posting, replacing any with the same id (not yet committed).
    pub(crate) fn stage_upsert(&self, writer: &IndexWriter, posting: &Posting) -> Result<(), Error> {
        writer.delete_term(Term::from_field_text(self.fields.id, posting.id.as_str()));
        self.stage_new(writer, posting)
    }

    /// Writes a posting the caller knows no document of the index, committed or staged, holds: without the
    /// delete an upsert asks for, which tantivy would look up in every segment at the commit.
    pub(crate) fn stage_new(&self, writer: &IndexWriter, posting: &Posting) -> Result<(), Error> {
        writer.add_document(to_document(&self.fields, posting)?)?;
        Ok(())
    }

    /// Deletes postings by id and commits; returns how many of them existed.
    pub fn delete(&self, ids: &[PostingId]) -> Result<usize, Error> {
        let mut writer = self.writer()?;
        let mut found = 0;
        for id in ids {
            if self.get(id)?.is_some() {
                found += 1;
            }
            writer.delete_term(Term::from_field_text(self.fields.id, id.as_str()));
        }
        writer.commit()?;
        self.reload()?;
        Ok(found)
    }

    /// Deletes every posting that expired before `day` and commits; returns their ids.
    pub fn delete_expired(&self, day: NaiveDate) -> Result<Vec<PostingId>, Error> {
        let expired = RangeQuery::new(
            Bound::Unbounded,
            Bound::Excluded(Term::from_field_i64(self.fields.expires, day_number(day))),
        );
        let searcher = self.reader.searcher();
        let count = searcher.search(&expired, &Count)?;
        let mut ids = Vec::with_capacity(count);
        if count > 0 {
            for (_, address) in searcher.search(&expired, &TopDocs::with_limit(count).order_by_score())? {
                ids.push(self.load(&searcher, address)?.id);
            }
        }
        let mut writer = self.writer()?;
        writer.delete_query(Box::new(expired))?;
        writer.commit()?;
        self.reload()?;
        ids.sort();
        Ok(ids)
    }

    /// BM25 search with filters.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
        self.search_words(&terms(&query.text), query)
    }

    /// BM25 search for words already analysed like the index (`query.text` is not read): a caller that
    /// leaves some words out (the scorer's stop words) searches for exactly the rest.
    pub(crate) fn search_words(&self, words: &[String], query: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
        let searcher = self.reader.searcher();
        let hits = best_documents(&searcher, &self.fields, words, query)?;
        let mut out = Vec::with_capacity(hits.len());
        for (score, address) in hits {
            out.push(SearchHit { score, posting: self.load(&searcher, address)? });
        }
        // Equal scores come out in segment order, which a merge can change: ids make the order stable.
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.posting.id.cmp(&b.posting.id)));
        Ok(out)
    }

    fn by_term(&self, term: Term, limit: usize) -> Result<Vec<Posting>, Error> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let count = searcher.search(&query, &Count)?;
        if count == 0 {
            return Ok(Vec::new());
        }
        let addresses = searcher.search(&query, &TopDocs::with_limit(count.min(limit)).order_by_score())?;
        addresses.into_iter().map(|(_, address)| self.load(&searcher, address)).collect()
    }

    fn load(&self, searcher: &Searcher, address: tantivy::DocAddress) -> Result<Posting, Error> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let bytes = doc
            .get_first(self.fields.document)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| Error::CorruptDocument("a document without its stored posting".into()))?;
        serde_json::from_slice(bytes).map_err(|e| Error::CorruptDocument(e.to_string()))
    }
}

fn check_version(dir: &Path, version_path: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(version_path).map_err(|e| Error::io(version_path, e))?;
    let found = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("schema_version").and_then(serde_json::Value::as_u64))
        .unwrap_or(0) as u32;
    if found != SCHEMA_VERSION {
        return Err(Error::IndexVersion { path: dir.display().to_string(), found, expected: SCHEMA_VERSION });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::text_search::search_filtered;
    use super::*;

    #[test]
    fn pruned_search_returns_exactly_what_the_full_search_returns() {
        let index = crate::test_support::sample_index();
        let searcher = index.reader.searcher();
        for text in ["会计", "软件开发", "销售 客户", "农业", "乡村教育", "java", "实习 长沙", "护士"]
        {
            for day in ["2026-11-01", "2027-03-01", "2027-09-01", "2028-01-01"] {
                for top in [1, 3, 10, 50] {
                    let open_on = crate::normalize::parse_date(day).ok();
                    let query = SearchQuery { text: text.to_string(), region: None, kind: None, top, open_on };
                    let fast: Vec<(f32, String)> =
                        index.search(&query).unwrap().iter().map(|h| (h.score, h.id.to_string())).collect();
                    let words = terms(text);
                    let open_from = day_number(open_on.unwrap());
                    let full = search_filtered(&searcher, &index.fields, &query, &words, top, open_from);
                    let full: Vec<(f32, String)> = full
                        .unwrap()
                        .into_iter()
                        .map(|(s, a)| (s, index.load(&searcher, a).unwrap().id.to_string()))
                        .collect();
                    let context = format!("{text} open on {day}, top {top}");
                    assert_eq!(fast.len(), full.len(), "{context}");
                    // Scores agree up to the order of float additions; hits above the cut-off score are the same.
                    let mut full_scores: Vec<f32> = full.iter().map(|(s, _)| *s).collect();
                    full_scores.sort_by(|a, b| b.total_cmp(a));
                    for ((a, _), b) in fast.iter().zip(&full_scores) {
                        assert!((a - b).abs() < 1e-3, "{context}: {a} vs {b}");
                    }
                    let cut = full_scores.last().copied().unwrap_or(0.0) + 1e-3;
                    let above = |hits: &[(f32, String)]| {
                        let mut ids: Vec<String> =
                            hits.iter().filter(|(s, _)| *s > cut).map(|(_, id)| id.clone()).collect();
                        ids.sort();
                        ids
                    };
                    assert_eq!(above(&fast), above(&full), "{context}");
                }
            }
        }
    }

    #[test]
    fn search_respects_filters_and_expiry() {
        let index = crate::test_support::sample_index();
        let day = crate::normalize::parse_date("2027-03-01").unwrap();
        let changsha: crate::model::RegionCode = "430100".parse().unwrap();
        let query =
            SearchQuery { text: "工程师".into(), region: Some(changsha), kind: None, top: 100, open_on: Some(day) };
        let hits = index.search(&query).unwrap();
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.region.prefecture() == changsha && !h.is_expired(day)));
    }
}
