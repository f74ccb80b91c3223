//! Pairings (结对帮扶): rows set by a backend (each checked as a pairing file's row against the stored people
//! and the pairs that stay), read by cadre, or proposed from the stored people.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use matcher_core::{
    pairings_from_records, propose_pairings, settled_students, CadreId, Pairing, PairingInput, PairingProposal, Quotas,
    RawRecord, StudentId,
};

use super::super::error::ServiceError;
use super::records::{by_position, RecordOutcome, RecordResult};
use super::state::State;

/// The pairings domain.
pub struct Pairings {
    state: Arc<State>,
}

impl Pairings {
    pub(crate) fn new(state: Arc<State>) -> Pairings {
        Pairings { state }
    }

    /// Sets pairings (cadre, student), each row checked as in pairing files against the stored cadres and
    /// students and the pairs that stay; bad rows are rejected alone.
    pub fn set(&self, pairs: &[(String, String)], replace_all: bool) -> Result<Vec<RecordResult>, ServiceError> {
        let state = &self.state;
        state.check_batch("pairs", pairs.len())?;
        let _guard = state.lock_writes()?;
        let students = state.store.students()?;
        let cadres = state.store.cadres()?;
        let moved: HashSet<&str> = pairs.iter().map(|(_, student)| student.as_str()).collect();
        // Pairs that stay count toward each cadre's five and each student's one pair; they are kept as they
        // are even if they would not pass now (a school changed): an unrelated call drops nothing silently.
        let kept: Vec<(StudentId, CadreId)> = if replace_all {
            Vec::new()
        } else {
            state.store.pairs()?.into_iter().filter(|(student, _)| !moved.contains(student.as_str())).collect()
        };
        let records: Vec<RawRecord> = pairs
            .iter()
            .enumerate()
            .map(|(index, (cadre, student))| {
                RawRecord::new(index + 1).text("cadre", cadre.as_str()).text("student", student.as_str())
            })
            .collect();
        let (accepted, rejects) = pairings_from_records(records, "request", &cadres, &students, &kept);
        let mut all = kept;
        all.extend(accepted.iter().map(|(_, (cadre, student))| (student.clone(), cadre.clone())));
        // Stored by cadre, each cadre's students in the order they were paired.
        all.sort_by(|a, b| a.1.cmp(&b.1));
        state.store.set_pairs(&all)?;
        let record_ids: Vec<String> = pairs.iter().map(|(_, student)| student.clone()).collect();
        let accepted = accepted.into_iter().map(|(p, (_, student))| (p, RecordOutcome::Accepted(student.to_string())));
        by_position(&record_ids, rejects, accepted)
    }

    /// Every pairing (or one cadre's), by cadre id.
    pub fn get(&self, cadre: Option<&CadreId>) -> Result<Vec<Pairing>, ServiceError> {
        let store = &self.state.store;
        if let Some(cadre) = cadre {
            store.cadre(cadre)?.ok_or_else(|| ServiceError::NotFound { what: "cadre", id: cadre.to_string() })?;
        }
        let mut by_cadre: BTreeMap<CadreId, Vec<StudentId>> = BTreeMap::new();
        if let Some(cadre) = cadre {
            by_cadre.insert(cadre.clone(), Vec::new());
        }
        for (student, owner) in store.pairs()? {
            if cadre.is_none_or(|c| *c == owner) {
                by_cadre.entry(owner).or_default().push(student);
            }
        }
        Ok(by_cadre.into_iter().map(|(cadre, students)| Pairing::new(cadre, students)).collect())
    }

    /// Proposes pairings of every stored cadre and student by the plan's rules, keeping the pairs stored
    /// (stable re-pairing: only students without a cadre are placed, the settled are released), each school
    /// filled up to its quota when `quotas` has one; `apply` stores the result.
    pub fn propose(&self, apply: bool, quotas: Option<&Quotas>) -> Result<PairingProposal, ServiceError> {
        let state = &self.state;
        let _guard = state.lock_writes()?;
        let store = &state.store;
        let (students, cadres, existing) = (store.students()?, store.cadres()?, store.pairs()?);
        let settled = settled_students(store.all_case_events()?.values().flatten());
        let input = PairingInput {
            existing: &existing,
            settled: &settled,
            quotas,
            ..PairingInput::new(&students, &cadres, &state.taxonomy.schools)
        };
        let proposal = propose_pairings(&input);
        if apply {
            store.set_pairs(&pairs_of(&proposal.pairings))?;
        }
        Ok(proposal)
    }

    /// The cadre a student is paired with.
    pub fn cadre_of(&self, student: &StudentId) -> Result<Option<CadreId>, ServiceError> {
        self.state.store.cadre_of(student)
    }

    /// Every paired student's id, by id.
    pub fn paired(&self) -> Result<Vec<StudentId>, ServiceError> {
        let mut ids: Vec<StudentId> = self.state.store.pairs()?.into_iter().map(|(student, _)| student).collect();
        ids.sort();
        Ok(ids)
    }
}

/// Pairings as (student, cadre) pairs, in order.
pub(crate) fn pairs_of(pairings: &[Pairing]) -> Vec<(StudentId, CadreId)> {
    pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect()
}
