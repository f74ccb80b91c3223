//! What became of each record of a write, by its position in the request: the answer every upsert and
//! SetPairings gives, record by record.

use matcher_core::{FieldError, RawRecord, Reject};

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
    /// Fields of a kept record that could not be read and were dropped.
    pub warnings: Vec<FieldError>,
}

/// Results in request order: each record's outcome found by its position among the rejects (whose `line` is
/// the position) and the accepted ones. A position in neither is an internal failure.
pub(crate) fn by_position(
    record_ids: &[String],
    rejects: Vec<Reject>,
    accepted: impl IntoIterator<Item = (usize, RecordOutcome)>,
) -> Result<Vec<RecordResult>, super::super::error::ServiceError> {
    let mut outcomes: Vec<Option<RecordOutcome>> = vec![None; record_ids.len()];
    let mut put = |position: usize, outcome: RecordOutcome| {
        if let Some(slot) = position.checked_sub(1).and_then(|i| outcomes.get_mut(i)) {
            *slot = Some(outcome);
        }
    };
    for reject in rejects {
        put(reject.line, RecordOutcome::Rejected(reject.errors));
    }
    for (position, outcome) in accepted {
        put(position, outcome);
    }
    record_ids
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(index, (record_id, outcome))| {
            let outcome = outcome.ok_or_else(|| {
                super::super::error::ServiceError::Internal(format!("no result for record {}", index + 1))
            })?;
            Ok(RecordResult { position: index + 1, record_id: record_id.clone(), outcome, warnings: Vec::new() })
        })
        .collect()
}

/// Each record's own id as sent (empty when it has none).
pub(crate) fn ids_of(records: &[RawRecord]) -> Vec<String> {
    records.iter().map(|r| r.get("id").unwrap_or_default()).collect()
}
