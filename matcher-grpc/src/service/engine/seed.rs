//! The embedded sample, loaded into an empty data folder (`matcher serve` with no arguments).

use std::collections::{BTreeMap, HashMap};

use matcher_core::{
    in_order, propose_pairings, read_cadres, read_students, Author, Encoding, EventReader, Ingestor, PairingInput,
    Student,
};

use super::super::error::ServiceError;
use super::super::store::{Outcome, OutcomeKind};
use super::pairings::pairs_of;
use super::state::State;
use crate::sample_data;

/// Loads the sample's postings, students, cadres, proposed pairings and case files when the index and the
/// store hold nothing. Returns whether it did.
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
    let proposal = propose_pairings(&PairingInput::new(&students, &cadres, &state.taxonomy.schools));
    state.store.set_pairs(&pairs_of(&proposal.pairings))?;
    load_case_files(state, students)?;
    state.rebuild_catalog()?;
    Ok(true)
}

/// The sample's case files with their effects (students' records, outcomes, openings taken), in one write.
fn load_case_files(state: &State, students: Vec<Student>) -> Result<(), ServiceError> {
    let today = chrono::Local::now().date_naive();
    let reader = EventReader { taxonomy: state.taxonomy, today, author: &Author::Backend };
    let (events, _) = reader.read(sample_data::CASE_EVENTS, "data/sample/case_events.jsonl")?;
    let mut people: HashMap<_, Student> = students.into_iter().map(|s| (s.id.clone(), s)).collect();
    let mut changed = BTreeMap::new();
    let mut outcomes = Vec::new();
    let mut hires = BTreeMap::new();
    for event in in_order(&events) {
        let Some(student) = people.get_mut(&event.student) else { continue };
        if let Some(next) = event.event.apply_to(student) {
            *student = next;
            changed.insert(student.id.clone(), student.clone());
        }
        if let Some(outcome) = Outcome::of(event) {
            if outcome.kind == OutcomeKind::Hired {
                *hires.entry(outcome.posting.clone()).or_insert(0) += 1;
            }
            outcomes.push(outcome);
        }
    }
    let changed: Vec<Student> = changed.into_values().collect();
    state.store.load_case_files(&changed, &events, &outcomes, &hires)
}
