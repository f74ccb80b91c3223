//! Outcomes: what happened after a posting was brought to a student, stored with its effects at once (a
//! declined posting never returns; a hire marks the student employed and takes one opening of the posting)
//! and with its event in the student's case file.

use std::sync::Arc;

use matcher_core::{Author, CaseEvent, Catalog, EmploymentKind, Event, StudentId};

use super::super::error::ServiceError;
use super::super::store::{Outcome, OutcomeKind, Recorded};
use super::state::State;

/// The outcomes domain.
pub struct Outcomes {
    state: Arc<State>,
}

impl Outcomes {
    pub(crate) fn new(state: Arc<State>) -> Outcomes {
        Outcomes { state }
    }

    /// Records an outcome with its effects (once per student, posting and kind; a request id makes a retry
    /// answer as the first call did). Returns what was recorded and, for a hire, the openings the posting has
    /// left.
    pub fn report(&self, outcome: &Outcome, request_id: Option<&str>) -> Result<(Recorded, Option<u32>), ServiceError> {
        let day =
            outcome.day.parse().map_err(|_| ServiceError::invalid("day", format!("`{}` is not a day", outcome.day)))?;
        let posting = outcome.posting.clone();
        let event = match outcome.kind {
            OutcomeKind::Applied => Event::Applied { posting },
            OutcomeKind::Interviewed => Event::Interviewed { posting },
            OutcomeKind::Declined => Event::Declined { posting },
            OutcomeKind::Hired => Event::Hired { posting, employment: EmploymentKind::Agreement },
        };
        let event = CaseEvent { student: outcome.student.clone(), day, author: Author::Backend, event };
        self.report_event(outcome, request_id, &event)
    }

    /// Records an outcome as [`Outcomes::report`] does, with the case event that tells it.
    pub(crate) fn report_event(
        &self,
        outcome: &Outcome,
        request_id: Option<&str>,
        event: &CaseEvent,
    ) -> Result<(Recorded, Option<u32>), ServiceError> {
        let state = &self.state;
        let _guard = state.lock_writes()?;
        let live = state.catalog()?;
        live.posting(&outcome.posting)?;
        let recorded = state.store.record_outcome(outcome, request_id, Some(event))?;
        let unspecified = state.scoring.allocation.unspecified_headcount;
        if recorded.outcome.kind != OutcomeKind::Hired {
            if recorded.new {
                live.forget(&outcome.student);
            }
            return Ok((recorded, None));
        }
        if !recorded.new {
            return Ok((recorded, live.catalog.openings_left(&outcome.posting, unspecified)));
        }
        live.forget(&outcome.student);
        // The copy shares the kept text look-ups: they do not depend on openings left.
        let mut adjusted = Catalog::clone(&live.catalog);
        let left = adjusted.take_headcount(&outcome.posting, 1, unspecified)?;
        state.succeed_catalog(adjusted, &[])?;
        Ok((recorded, Some(left)))
    }

    /// A student's outcomes, oldest first.
    pub fn list(&self, student: &StudentId) -> Result<Vec<Outcome>, ServiceError> {
        let store = &self.state.store;
        store.student(student)?.ok_or_else(|| ServiceError::NotFound { what: "student", id: student.to_string() })?;
        store.outcomes(student)
    }
}
