//! `Engine`: what the service does, in core types only (no tonic, no prost). It owns the posting index,
//! the store and the live catalog, which it rebuilds after postings change and adjusts after hires.
//! Every method blocks: the gRPC adapters call them through `spawn_blocking`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use matcher_core::{
    propose_pairings, read_cadres, read_pairings, read_students, Batch, Cadre, CadreId, Catalog, Encoding, FieldError,
    Format, Ingestor, Pairing, PairingProposal, Placed, Posting, PostingId, PostingIndex, RecommendOptions,
    Recommender, Reject, ScoringConfig, SearchHit, SearchQuery, Student, StudentId, Taxonomy, GENERIC_COLUMNS,
};

use super::config::Limits;
use super::error::ServiceError;
use super::live::{ListKey, Live};
use super::store::{Outcome, OutcomeKind, Store};
use crate::sample_data;

/// Distinct sets of words whose text look-ups the live catalog keeps (at most a few MB each at 1,000,000
/// postings; typically tens of KB).
const TEXT_LOOKUPS_KEPT: usize = 4096;

/// What became of one record of an upsert.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordOutcome {
    /// Stored under this id.
    Accepted(String),
    /// Folded into another posting.
    Merged {
        /// The posting it joined.
        into: String,
        /// Why the two are one opening.
        reason: String,
    },
    /// Not stored.
    Rejected(Vec<FieldError>),
}

/// One record's result, by its 1-based position in the request.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordResult {
    /// 1-based position.
    pub position: usize,
    /// The record's own id as sent.
    pub record_id: String,
    /// What became of it.
    pub outcome: RecordOutcome,
}

/// A batch's lists with the postings they name, from one catalog.
pub struct Lists {
    /// The students, in the order asked.
    pub students: Vec<Student>,
    /// Their lists.
    pub batch: Batch,
    /// Every posting recommended.
    pub postings: HashMap<PostingId, Arc<Posting>>,
}

/// The service's state.
pub struct Engine {
    taxonomy: &'static Taxonomy,
    index: PostingIndex,
    store: Store,
    scoring: ScoringConfig,
    limits: Limits,
    catalog: RwLock<Arc<Live>>,
    /// Serialises index writers and catalog replacements.
    writes: Mutex<()>,
}

impl Engine {
    /// Opens (or creates) the index and the store under `data_dir` and builds the catalog.
    pub fn open(data_dir: &Path, scoring: ScoringConfig, limits: Limits) -> Result<Engine, ServiceError> {
        std::fs::create_dir_all(data_dir).map_err(|e| ServiceError::store(data_dir.display(), e))?;
        let taxonomy = Taxonomy::embedded();
        let index = PostingIndex::open_or_create(&data_dir.join("index"))?;
        let store = Store::open(&data_dir.join("store.redb"))?;
        let catalog = build_catalog(taxonomy, &index, &store, &scoring)?;
        Ok(Engine {
            taxonomy,
            index,
            store,
            scoring,
            limits,
            catalog: RwLock::new(Arc::new(Live::new(catalog))),
            writes: Mutex::new(()),
        })
    }

    /// The request bounds.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Postings in the index.
    pub fn posting_count(&self) -> u64 {
        self.index.len()
    }

    /// Loads the embedded sample (postings, students, cadres, proposed pairings) when the index and the store
    /// hold nothing. Returns whether it did.
    pub fn seed_sample(&self) -> Result<bool, ServiceError> {
        if !self.index.is_empty() || !self.store.is_empty()? {
            return Ok(false);
        }
        {
            let _guard = self.lock_writes()?;
            let mut ingestor = Ingestor::new(self.taxonomy, &self.index)?;
            for (format, bytes) in sample_data::POSTINGS {
                let file = format!("data/sample/{}", format.sample_file());
                let text = Encoding::Auto.decode(bytes, &file)?;
                ingestor.ingest_text(format, &text, &file)?;
            }
            ingestor.commit()?;
        }
        let (students, _) = read_students(self.taxonomy, sample_data::STUDENTS, "data/sample/students.jsonl")?;
        let (cadres, _) = read_cadres(self.taxonomy, sample_data::CADRES, "data/sample/cadres.jsonl")?;
        self.store.put_students(&students)?;
        self.store.put_cadres(&cadres)?;
        let proposal = propose_pairings(&students, &cadres);
        self.store.set_pairs(&pairs_of(&proposal.pairings))?;
        self.rebuild_catalog()?;
        Ok(true)
    }

    // ---- postings ----------------------------------------------------------------------------------

    /// Upserts posting records (generic columns → values); durable and visible to matching on return.
    pub fn upsert_postings(
        &self,
        records: &[HashMap<&'static str, String>],
    ) -> Result<Vec<RecordResult>, ServiceError> {
        self.check_batch("postings", records.len())?;
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let (text, line_of) = generic_csv(records)?;
        let report = {
            let _guard = self.lock_writes()?;
            let mut ingestor = Ingestor::new(self.taxonomy, &self.index)?;
            ingestor.keep_placed();
            let report = ingestor.ingest_text(Format::Generic, &text, "grpc:UpsertPostings")?;
            ingestor.commit()?;
            drop(ingestor);
            self.rebuild_catalog()?;
            report
        };
        let rejects: HashMap<usize, &Reject> = report.rejects.iter().map(|r| (r.line, r)).collect();
        let mut placed = report.placed.into_iter();
        let mut results = Vec::with_capacity(records.len());
        for (position, record) in records.iter().enumerate() {
            let record_id = record.get("id").cloned().unwrap_or_default();
            let outcome = match rejects.get(&line_of[position]) {
                Some(reject) => RecordOutcome::Rejected(reject.errors.clone()),
                None => match placed.next() {
                    Some(Placed::Accepted(id)) => RecordOutcome::Accepted(id.to_string()),
                    Some(Placed::Merged(merge)) => {
                        RecordOutcome::Merged { into: merge.into.to_string(), reason: merge.reason }
                    }
                    None => return Err(ServiceError::Unavailable("ingestion lost track of a record".into())),
                },
            };
            results.push(RecordResult { position: position + 1, record_id, outcome });
        }
        Ok(results)
    }

    /// Deletes postings; returns how many were deleted and the ids that were not there.
    pub fn delete_postings(&self, ids: &[PostingId]) -> Result<(usize, Vec<PostingId>), ServiceError> {
        self.check_batch("ids", ids.len())?;
        let _guard = self.lock_writes()?;
        let (mut present, mut missing) = (Vec::new(), Vec::new());
        for id in ids {
            match self.index.get(id)? {
                Some(_) => present.push(id.clone()),
                None => missing.push(id.clone()),
            }
        }
        if present.is_empty() {
            return Ok((0, missing));
        }
        let deleted = self.index.delete(&present)?;
        self.rebuild_catalog()?;
        Ok((deleted, missing))
    }

    /// One posting.
    pub fn posting(&self, id: &PostingId) -> Result<Posting, ServiceError> {
        self.index.get(id)?.ok_or_else(|| ServiceError::NotFound { what: "posting", id: id.to_string() })
    }

    /// A search of the index.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ServiceError> {
        Ok(self.index.search(query)?)
    }

    // ---- students and cadres ----------------------------------------------------------------------

    /// Validates student records (JSON objects with the student file's fields) and stores the valid ones.
    pub fn upsert_students(&self, records: &[serde_json::Value]) -> Result<Vec<RecordResult>, ServiceError> {
        self.check_batch("students", records.len())?;
        let (students, rejects) = read_students(self.taxonomy, &json_lines(records)?, "request")?;
        self.store.put_students(&students)?;
        let live = self.catalog()?;
        students.iter().for_each(|s| live.forget(&s.id));
        let ids = students.into_iter().map(|s| s.id.to_string());
        Ok(record_results(records, ids, &rejects))
    }

    /// A student.
    pub fn student(&self, id: &StudentId) -> Result<Student, ServiceError> {
        self.store.student(id)?.ok_or_else(|| ServiceError::NotFound { what: "student", id: id.to_string() })
    }

    /// Reads one inline profile (not stored): the fields of the student file.
    pub fn inline_student(&self, record: &serde_json::Value) -> Result<Student, ServiceError> {
        let (mut students, rejects) =
            read_students(self.taxonomy, &json_lines(std::slice::from_ref(record))?, "profile")?;
        if let Some(reject) = rejects.into_iter().next() {
            let violations = reject.errors.into_iter().map(|e| (format!("profile.{}", e.field), e.reason)).collect();
            return Err(ServiceError::Invalid(violations));
        }
        students.pop().ok_or_else(|| ServiceError::invalid("profile", "missing"))
    }

    /// Deletes students (with pairing and outcomes); returns the ids that were not stored.
    pub fn delete_students(&self, ids: &[StudentId]) -> Result<Vec<StudentId>, ServiceError> {
        self.check_batch("ids", ids.len())?;
        let missing = self.store.delete_students(ids)?;
        let live = self.catalog()?;
        ids.iter().for_each(|id| live.forget(id));
        Ok(missing)
    }

    /// Validates cadre records and stores the valid ones.
    pub fn upsert_cadres(&self, records: &[serde_json::Value]) -> Result<Vec<RecordResult>, ServiceError> {
        self.check_batch("cadres", records.len())?;
        let (cadres, rejects) = read_cadres(self.taxonomy, &json_lines(records)?, "request")?;
        self.store.put_cadres(&cadres)?;
        let ids = cadres.into_iter().map(|c| c.id.to_string());
        Ok(record_results(records, ids, &rejects))
    }

    /// A cadre.
    pub fn cadre(&self, id: &CadreId) -> Result<Cadre, ServiceError> {
        self.store.cadre(id)?.ok_or_else(|| ServiceError::NotFound { what: "cadre", id: id.to_string() })
    }

    /// Deletes cadres (their students become unpaired); returns the ids that were not stored.
    pub fn delete_cadres(&self, ids: &[CadreId]) -> Result<Vec<CadreId>, ServiceError> {
        self.check_batch("ids", ids.len())?;
        self.store.delete_cadres(ids)
    }

    // ---- pairings -----------------------------------------------------------------------------------

    /// Sets pairings, each row checked as in pairing files against the stored cadres and students and the
    /// pairs that stay; bad rows are rejected alone.
    pub fn set_pairings(
        &self,
        pairs: &[(String, String)],
        replace_all: bool,
    ) -> Result<Vec<RecordResult>, ServiceError> {
        self.check_batch("pairs", pairs.len())?;
        let _guard = self.lock_writes()?;
        let students = self.store.students()?;
        let cadres = self.store.cadres()?;
        let moved: HashSet<&str> = pairs.iter().map(|(_, student)| student.as_str()).collect();
        let kept: Vec<(StudentId, CadreId)> = if replace_all {
            Vec::new()
        } else {
            self.store.pairs()?.into_iter().filter(|(student, _)| !moved.contains(student.as_str())).collect()
        };
        // The pairs that stay come first, so that a new row is checked against them (five per cadre).
        let mut rows: Vec<serde_json::Value> =
            kept.iter().map(|(s, c)| serde_json::json!({"cadre": c.as_str(), "student": s.as_str()})).collect();
        rows.extend(pairs.iter().map(|(cadre, student)| serde_json::json!({"cadre": cadre, "student": student})));
        let (pairings, rejects) = read_pairings(&json_lines(&rows)?, "request", &cadres, &students)?;
        let mut all: Vec<(StudentId, CadreId)> = pairs_of(&pairings);
        // Pairs that stay but no longer pass (a school changed) are kept as they were: nothing is dropped
        // silently by an unrelated call.
        let accepted: HashSet<&StudentId> = all.iter().map(|(s, _)| s).collect();
        let stale: Vec<(StudentId, CadreId)> = kept.iter().filter(|(s, _)| !accepted.contains(s)).cloned().collect();
        all.extend(stale);
        self.store.set_pairs(&all)?;
        let by_line: HashMap<usize, &Reject> = rejects.iter().map(|r| (r.line, r)).collect();
        let results = pairs
            .iter()
            .enumerate()
            .map(|(position, (_, student))| {
                let line = kept.len() + position + 1;
                let outcome = match by_line.get(&line) {
                    Some(reject) => RecordOutcome::Rejected(reject.errors.clone()),
                    None => RecordOutcome::Accepted(student.clone()),
                };
                RecordResult { position: position + 1, record_id: student.clone(), outcome }
            })
            .collect();
        Ok(results)
    }

    /// Every pairing (or one cadre's), by cadre id.
    pub fn pairings(&self, cadre: Option<&CadreId>) -> Result<Vec<Pairing>, ServiceError> {
        if let Some(cadre) = cadre {
            self.cadre(cadre)?;
        }
        let mut by_cadre: std::collections::BTreeMap<CadreId, Vec<StudentId>> = std::collections::BTreeMap::new();
        if let Some(cadre) = cadre {
            by_cadre.insert(cadre.clone(), Vec::new());
        }
        for (student, owner) in self.store.pairs()? {
            if cadre.is_none_or(|c| *c == owner) {
                by_cadre.entry(owner).or_default().push(student);
            }
        }
        Ok(by_cadre.into_iter().map(|(cadre, students)| Pairing { cadre, students }).collect())
    }

    /// Proposes pairings of every stored cadre and student; `apply` stores them.
    pub fn propose_pairings(&self, apply: bool) -> Result<PairingProposal, ServiceError> {
        let _guard = self.lock_writes()?;
        let proposal = propose_pairings(&self.store.students()?, &self.store.cadres()?);
        if apply {
            self.store.set_pairs(&pairs_of(&proposal.pairings))?;
        }
        Ok(proposal)
    }

    /// The cadre a student is paired with.
    pub fn cadre_of(&self, student: &StudentId) -> Result<Option<CadreId>, ServiceError> {
        self.store.cadre_of(student)
    }

    // ---- matching -----------------------------------------------------------------------------------

    /// Lists for students allocated together, with the postings they name.
    pub fn recommend(&self, students: Vec<Student>, options: &RecommendOptions) -> Result<Lists, ServiceError> {
        self.check_batch("students", students.len())?;
        self.recommend_with(&*self.catalog()?, students, options)
    }

    fn recommend_with(
        &self,
        live: &Live,
        students: Vec<Student>,
        options: &RecommendOptions,
    ) -> Result<Lists, ServiceError> {
        let batch = Recommender::new(self.taxonomy, &live.catalog, &self.scoring).recommend(&students, options)?;
        let mut postings = HashMap::new();
        for result in &batch.students {
            for recommendation in &result.recommendations {
                if !postings.contains_key(&recommendation.posting) {
                    postings.insert(recommendation.posting.clone(), live.posting(&recommendation.posting)?);
                }
            }
        }
        Ok(Lists { students, batch, postings })
    }

    /// A stored student's list if it was computed before on the live catalog and nothing changed since.
    pub fn kept_list(&self, id: &StudentId, options: &RecommendOptions) -> Result<Option<Arc<Lists>>, ServiceError> {
        Ok(self.catalog()?.list(id, &ListKey::of(options)))
    }

    /// A stored student's list, from the lists kept for the live catalog when asked before.
    pub fn recommend_stored(&self, id: &StudentId, options: &RecommendOptions) -> Result<Arc<Lists>, ServiceError> {
        let live = self.catalog()?;
        let key = ListKey::of(options);
        if let Some(lists) = live.list(id, &key) {
            return Ok(lists);
        }
        let changes = live.changes();
        let lists = Arc::new(self.recommend_with(&live, vec![self.student(id)?], options)?);
        live.keep_list(id, key, lists.clone(), changes);
        Ok(lists)
    }

    /// Stored students by id, in the order given (NotFound for the first unknown one).
    pub fn students(&self, ids: &[StudentId]) -> Result<Vec<Student>, ServiceError> {
        self.check_batch("student_ids", ids.len())?;
        ids.iter().map(|id| self.student(id)).collect()
    }

    /// Every paired student, by id.
    pub fn paired_students(&self) -> Result<Vec<Student>, ServiceError> {
        let pairs = self.store.pairs()?;
        pairs.iter().map(|(student, _)| self.student(student)).collect()
    }

    // ---- outcomes -----------------------------------------------------------------------------------

    /// Records an outcome with its effects. Returns whether the student is now employed and, for a hire,
    /// the openings the posting has left.
    pub fn report_outcome(&self, outcome: &Outcome) -> Result<(bool, Option<u32>), ServiceError> {
        let _guard = self.lock_writes()?;
        let live = self.catalog()?;
        live.posting(&outcome.posting)?;
        let employed = self.store.record_outcome(outcome)?;
        live.forget(&outcome.student);
        if outcome.kind != OutcomeKind::Hired {
            return Ok((employed, None));
        }
        // The copy shares the kept text look-ups: they do not depend on openings left.
        let mut adjusted = Catalog::clone(&live.catalog);
        let unspecified = self.scoring.allocation.unspecified_headcount;
        let left = adjusted.take_headcount(&outcome.posting, 1, unspecified)?;
        *self.catalog.write().map_err(|_| poisoned())? = Arc::new(Live::new(adjusted));
        Ok((true, Some(left)))
    }

    /// A student's outcomes, oldest first.
    pub fn outcomes(&self, student: &StudentId) -> Result<Vec<Outcome>, ServiceError> {
        self.student(student)?;
        self.store.outcomes(student)
    }

    // ---- internals ----------------------------------------------------------------------------------

    fn catalog(&self) -> Result<Arc<Live>, ServiceError> {
        Ok(self.catalog.read().map_err(|_| poisoned())?.clone())
    }

    /// Rebuilds the catalog from the index as it is now, hires applied. Call with the write lock held.
    fn rebuild_catalog(&self) -> Result<(), ServiceError> {
        let catalog = build_catalog(self.taxonomy, &self.index, &self.store, &self.scoring)?;
        *self.catalog.write().map_err(|_| poisoned())? = Arc::new(Live::new(catalog));
        Ok(())
    }

    fn lock_writes(&self) -> Result<std::sync::MutexGuard<'_, ()>, ServiceError> {
        self.writes.lock().map_err(|_| poisoned())
    }

    fn check_batch(&self, field: &str, len: usize) -> Result<(), ServiceError> {
        if len > self.limits.max_batch {
            let reason = format!("{len} items, more than the limit of {}", self.limits.max_batch);
            return Err(ServiceError::invalid(field, reason));
        }
        Ok(())
    }
}

fn build_catalog(
    taxonomy: &Taxonomy,
    index: &PostingIndex,
    store: &Store,
    scoring: &ScoringConfig,
) -> Result<Catalog, ServiceError> {
    let started = std::time::Instant::now();
    let mut catalog = Catalog::build(taxonomy, index.snapshot(), scoring)?;
    catalog.keep_text_lookups(TEXT_LOOKUPS_KEPT);
    let unspecified = scoring.allocation.unspecified_headcount;
    for (posting, taken) in store.hires()? {
        // A hire of a posting deleted since has nothing left to take.
        match catalog.take_headcount(&posting, taken, unspecified) {
            Ok(_) | Err(matcher_core::Error::NotFound { .. }) => {}
            Err(other) => return Err(other.into()),
        }
    }
    tracing::info!(postings = catalog.len(), ms = started.elapsed().as_millis() as u64, "catalog built");
    Ok(catalog)
}

fn poisoned() -> ServiceError {
    ServiceError::Unavailable("a worker failed while holding the engine's state".into())
}

fn pairs_of(pairings: &[Pairing]) -> Vec<(StudentId, CadreId)> {
    pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect()
}

/// The records as a generic CSV, with the line each record starts on (a description may hold newlines).
fn generic_csv(records: &[HashMap<&'static str, String>]) -> Result<(String, Vec<usize>), ServiceError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut lines = Vec::with_capacity(records.len());
    writer.write_record(GENERIC_COLUMNS).map_err(csv_error)?;
    let mut line = 2;
    for record in records {
        lines.push(line);
        let row: Vec<&str> = GENERIC_COLUMNS.iter().map(|c| record.get(c).map_or("", String::as_str)).collect();
        line += row.iter().map(|cell| cell.matches('\n').count()).sum::<usize>() + 1;
        writer.write_record(&row).map_err(csv_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv_error(e.into_error()))?;
    let text = String::from_utf8(bytes).map_err(|e| ServiceError::invalid("record", e.to_string()))?;
    Ok((text, lines))
}

fn csv_error(error: impl std::fmt::Display) -> ServiceError {
    ServiceError::Unavailable(format!("writing records: {error}"))
}

fn json_lines(records: &[serde_json::Value]) -> Result<String, ServiceError> {
    let mut text = String::new();
    for record in records {
        text.push_str(&serde_json::to_string(record).map_err(|e| ServiceError::invalid("record", e.to_string()))?);
        text.push('\n');
    }
    Ok(text)
}

/// Results per record of a JSON Lines read: line i + 1 is record i; the valid ones come in order.
fn record_results(
    records: &[serde_json::Value],
    accepted: impl Iterator<Item = String>,
    rejects: &[Reject],
) -> Vec<RecordResult> {
    let by_line: HashMap<usize, &Reject> = rejects.iter().map(|r| (r.line, r)).collect();
    let mut accepted = accepted;
    records
        .iter()
        .enumerate()
        .map(|(position, record)| {
            let record_id = record.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let outcome = match by_line.get(&(position + 1)) {
                Some(reject) => RecordOutcome::Rejected(reject.errors.clone()),
                None => RecordOutcome::Accepted(accepted.next().unwrap_or_default()),
            };
            RecordResult { position: position + 1, record_id, outcome }
        })
        .collect()
}
