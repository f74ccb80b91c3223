//! The embedded sample, loaded into an empty data folder (`matcher serve` with no arguments).

use matcher_core::{propose_pairings, read_cadres, read_students, Encoding, Ingestor};

use super::super::error::ServiceError;
use super::pairings::pairs_of;
use super::state::State;
use crate::sample_data;

/// Loads the sample's postings, students, cadres and proposed pairings when the index and the store hold
/// nothing. Returns whether it did.
pub(crate) fn seed_sample(state: &State) -> Result<bool, ServiceError> {
    if !state.index.is_empty() || !state.store.is_empty()? {
        return Ok(false);
    }
    let _guard = state.lock_writes()?;
    let mut ingestor = Ingestor::new(state.taxonomy, &state.index)?;
    for (format, bytes) in sample_data::POSTINGS {
        let file = format!("data/sample/{}", format.sample_file());
        let text = Encoding::Auto.decode(bytes, &file)?;
        ingestor.ingest_text(format, &text, &file)?;
    }
    ingestor.commit()?;
    drop(ingestor);
    let (students, _) = read_students(state.taxonomy, sample_data::STUDENTS, "data/sample/students.jsonl")?;
    let (cadres, _) = read_cadres(state.taxonomy, sample_data::CADRES, "data/sample/cadres.jsonl")?;
    state.store.put_students(&students)?;
    state.store.put_cadres(&cadres)?;
    let proposal = propose_pairings(&students, &cadres);
    state.store.set_pairs(&pairs_of(&proposal.pairings))?;
    state.rebuild_catalog()?;
    Ok(true)
}
