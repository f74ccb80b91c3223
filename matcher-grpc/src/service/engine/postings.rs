//! Postings: upsert (through the core's ingestion, as typed records), delete, get and search. Every write
//! is committed to the index and the live catalog rebuilt before it returns.

use std::sync::Arc;
use std::time::Instant;

use matcher_core::{FieldError, Format, Ingestor, Placed, Posting, PostingId, RawRecord, SearchHit, SearchQuery};

use super::super::error::ServiceError;
use super::records::{by_position, ids_of, RecordOutcome, RecordResult};
use super::state::State;
use crate::telemetry::metrics::Ingested;

/// Where records of a request come from, in rejects and the rejects log.
const ORIGIN: &str = "grpc:UpsertPostings";

/// The postings domain.
pub struct Postings {
    state: Arc<State>,
}

impl Postings {
    pub(crate) fn new(state: Arc<State>) -> Postings {
        Postings { state }
    }

    /// Postings in the index.
    pub fn count(&self) -> u64 {
        self.state.index.len()
    }

    /// Upserts posting records in the generic format's field names, validated as a generic file's lines
    /// would be; durable and visible to matching on return. One result per record, by position. Past
    /// `deadline` the work stops and nothing of it is kept.
    pub fn upsert(&self, records: Vec<RawRecord>, deadline: Instant) -> Result<Vec<RecordResult>, ServiceError> {
        let state = &self.state;
        state.check_batch("postings", records.len())?;
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let record_ids = ids_of(&records);
        let report = {
            let _guard = state.lock_writes()?;
            let started = std::time::Instant::now();
            let mut ingestor = Ingestor::new(state.taxonomy, &state.index)?;
            ingestor.keep_placed();
            ingestor.until(deadline);
            let report = ingestor.ingest_records(Format::Generic, records, ORIGIN)?;
            let ingested = started.elapsed();
            ingestor.commit()?;
            let touched = ingestor.touched();
            drop(ingestor);
            let committed = started.elapsed();
            state.update_catalog(&touched, &[])?;
            tracing::debug!(
                ingest_ms = ingested.as_millis() as u64,
                commit_ms = (committed - ingested).as_millis() as u64,
                catalog_ms = (started.elapsed() - committed).as_millis() as u64,
                "postings upserted"
            );
            report
        };
        let metrics = crate::telemetry::metrics::global();
        metrics.ingested(Ingested::Accepted, report.accepted as u64);
        metrics.ingested(Ingested::Merged, report.merged as u64);
        metrics.ingested(Ingested::Rejected, report.rejected as u64);
        let placed = report.placed.into_iter().map(|(position, placed)| {
            let outcome = match placed {
                Placed::Accepted(id) => RecordOutcome::Accepted(id.to_string()),
                Placed::Merged(merge) => RecordOutcome::Merged { into: merge.into.to_string(), reason: merge.reason },
            };
            (position, outcome)
        });
        let mut results = by_position(&record_ids, report.rejects, placed)?;
        for warning in report.warning_list {
            if let Some(result) = warning.line.checked_sub(1).and_then(|i| results.get_mut(i)) {
                result.warnings.push(FieldError { field: warning.field, reason: warning.reason });
            }
        }
        Ok(results)
    }

    /// Deletes postings; returns how many were deleted and the ids that were not there.
    pub fn delete(&self, ids: &[PostingId]) -> Result<(usize, Vec<PostingId>), ServiceError> {
        let state = &self.state;
        state.check_batch("ids", ids.len())?;
        let _guard = state.lock_writes()?;
        let (mut present, mut missing) = (Vec::new(), Vec::new());
        for id in ids {
            match state.index.get(id)? {
                Some(_) => present.push(id.clone()),
                None => missing.push(id.clone()),
            }
        }
        if present.is_empty() {
            return Ok((0, missing));
        }
        let deleted = state.index.delete(&present)?;
        state.update_catalog(&[], &present)?;
        Ok((deleted, missing))
    }

    /// One posting.
    pub fn get(&self, id: &PostingId) -> Result<Posting, ServiceError> {
        self.state.index.get(id)?.ok_or_else(|| ServiceError::NotFound { what: "posting", id: id.to_string() })
    }

    /// A search of the index.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ServiceError> {
        Ok(self.state.index.search(query)?)
    }
}
