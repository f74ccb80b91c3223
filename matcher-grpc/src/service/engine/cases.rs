//! Case files (帮扶台账): events appended with their effects (an intention interview updates the student's
//! intention fields; a destination found outside the index marks the student employed; seeking again lifts
//! that; outcomes on postings go through the outcomes domain), read back with the status over time, and a
//! cadre's students in brief. A cadre writes only the files of their own students, as themselves.

use std::sync::Arc;

use matcher_core::{Author, CadreId, CaseEvent, CaseSummary, Event, StatusChange, Student, StudentId};

use super::super::error::ServiceError;
use super::super::store::Outcome;
use super::outcomes::Outcomes;
use super::programmes::Programmes;
use super::state::State;

/// The case-files domain.
pub struct Cases {
    state: Arc<State>,
    outcomes: Outcomes,
    /// Judges 西部计划 stages against the kept assignment.
    programmes: Arc<Programmes>,
}

/// What appending an event did.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    /// False when the same event was in the file already (nothing changed).
    pub new: bool,
    /// The student's case file in brief after it.
    pub summary: CaseSummary,
    /// Openings the posting has left, after a hire.
    pub headcount_left: Option<u32>,
}

/// A paired student's case file in brief.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseLine {
    /// The student.
    pub student: Student,
    /// The file in brief.
    pub summary: CaseSummary,
}

impl Cases {
    pub(crate) fn new(state: Arc<State>, programmes: Arc<Programmes>) -> Cases {
        Cases { outcomes: Outcomes::new(state.clone()), state, programmes }
    }

    /// Appends an event written by `caller` (the backend, or a cadre: then only to their own students' files
    /// and as themselves), with its effects, durably.
    pub fn append(&self, caller: &Author, event: CaseEvent) -> Result<Appended, ServiceError> {
        let store = &self.state.store;
        let student = store
            .student(&event.student)?
            .ok_or_else(|| ServiceError::NotFound { what: "student", id: event.student.to_string() })?;
        if let Author::Cadre(cadre) = caller {
            if event.author != *caller {
                return Err(ServiceError::invalid("author", "a cadre token writes as its own cadre"));
            }
            self.check_own(cadre, &student.id)?;
        }
        let mut headcount_left = None;
        let new = if let Some(outcome) = Outcome::of(&event) {
            let (recorded, left) = self.outcomes.report_event(&outcome, None, &event)?;
            headcount_left = left;
            recorded.new
        } else {
            // Postings sent must be postings of the index (a mistyped id is refused, not kept).
            if let Event::PostingsSent { postings } = &event.event {
                let live = self.state.catalog()?;
                if let Some(unknown) = postings.iter().find(|p| !live.catalog.contains(p)) {
                    return Err(ServiceError::NotFound { what: "posting", id: unknown.to_string() });
                }
            }
            // A 西部计划 stage must follow from where the applicant stands in the kept assignment.
            self.programmes.check_volunteer_event(&event)?;
            let _guard = self.state.lock_writes()?;
            let changed = event.event.apply_to(&student);
            let new = store.append_case_events(&student.id, changed.as_ref(), std::slice::from_ref(&event))?[0];
            if new && changed.is_some() {
                self.state.catalog()?.forget(&student.id);
            }
            new
        };
        let summary = CaseSummary::of(&store.case_events(&student.id)?);
        Ok(Appended { new, summary, headcount_left })
    }

    /// A student's case file in recorded order, with the status timeline. A cadre reads their own students'.
    pub fn list(
        &self,
        caller: &Author,
        student: &StudentId,
    ) -> Result<(Vec<CaseEvent>, Vec<StatusChange>, CaseSummary), ServiceError> {
        let store = &self.state.store;
        store.student(student)?.ok_or_else(|| ServiceError::NotFound { what: "student", id: student.to_string() })?;
        if let Author::Cadre(cadre) = caller {
            self.check_own(cadre, student)?;
        }
        let events = store.case_events(student)?;
        let timeline = matcher_core::timeline(&events);
        let summary = CaseSummary::of(&events);
        Ok((events, timeline, summary))
    }

    /// A cadre's paired students with their case files in brief, by student id.
    pub fn of_cadre(&self, cadre: &CadreId) -> Result<Vec<CaseLine>, ServiceError> {
        let store = &self.state.store;
        store.cadre(cadre)?.ok_or_else(|| ServiceError::NotFound { what: "cadre", id: cadre.to_string() })?;
        let mut lines = Vec::new();
        let mut ids: Vec<StudentId> =
            store.pairs()?.into_iter().filter(|(_, owner)| owner == cadre).map(|(student, _)| student).collect();
        ids.sort();
        for id in ids {
            let Some(student) = store.student(&id)? else { continue };
            let summary = CaseSummary::of(&store.case_events(&id)?);
            lines.push(CaseLine { student, summary });
        }
        Ok(lines)
    }

    fn check_own(&self, cadre: &CadreId, student: &StudentId) -> Result<(), ServiceError> {
        if self.state.store.cadre_of(student)?.as_ref() != Some(cadre) {
            return Err(ServiceError::PermissionDenied(
                "a cadre token writes and reads only its own students' case files".into(),
            ));
        }
        Ok(())
    }
}
