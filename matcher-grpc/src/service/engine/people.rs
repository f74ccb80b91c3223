//! Students and cadres: validated as the core validates a file's records (typed records, positions kept),
//! stored durably. A student's kept lists are forgotten when the student changes.

use std::sync::Arc;

use matcher_core::{cadres_from_records, students_from_records, Cadre, CadreId, RawRecord, Student, StudentId};

use super::super::error::ServiceError;
use super::records::{by_position, ids_of, RecordOutcome, RecordResult};
use super::state::State;

/// The people domain.
pub struct People {
    state: Arc<State>,
}

impl People {
    pub(crate) fn new(state: Arc<State>) -> People {
        People { state }
    }

    /// Validates student records (the student file's fields) and stores the valid ones.
    pub fn upsert_students(&self, records: Vec<RawRecord>) -> Result<Vec<RecordResult>, ServiceError> {
        let state = &self.state;
        state.check_batch("students", records.len())?;
        let record_ids = ids_of(&records);
        let (students, rejects) = students_from_records(state.taxonomy, records, "request");
        let valid: Vec<Student> = students.iter().map(|(_, s)| s.clone()).collect();
        state.store.put_students(&valid)?;
        let live = state.catalog()?;
        valid.iter().for_each(|s| live.forget(&s.id));
        let accepted = students.into_iter().map(|(p, s)| (p, RecordOutcome::Accepted(s.id.to_string())));
        by_position(&record_ids, rejects, accepted)
    }

    /// A student.
    pub fn student(&self, id: &StudentId) -> Result<Student, ServiceError> {
        self.state.store.student(id)?.ok_or_else(|| ServiceError::NotFound { what: "student", id: id.to_string() })
    }

    /// Stored students by id, in the order given (NotFound for the first unknown one).
    pub fn students(&self, ids: &[StudentId]) -> Result<Vec<Student>, ServiceError> {
        self.state.check_batch("student_ids", ids.len())?;
        ids.iter().map(|id| self.student(id)).collect()
    }

    /// Reads one inline profile (not stored): the fields of the student file.
    pub fn inline_student(&self, record: RawRecord) -> Result<Student, ServiceError> {
        let (mut students, rejects) = students_from_records(self.state.taxonomy, vec![record], "profile");
        if let Some(reject) = rejects.into_iter().next() {
            let violations = reject.errors.into_iter().map(|e| (format!("profile.{}", e.field), e.reason)).collect();
            return Err(ServiceError::Invalid(violations));
        }
        students.pop().map(|(_, student)| student).ok_or_else(|| ServiceError::invalid("profile", "missing"))
    }

    /// Deletes students (with pairing and outcomes); returns the ids that were not stored.
    pub fn delete_students(&self, ids: &[StudentId]) -> Result<Vec<StudentId>, ServiceError> {
        let state = &self.state;
        state.check_batch("ids", ids.len())?;
        let missing = state.store.delete_students(ids)?;
        let live = state.catalog()?;
        ids.iter().for_each(|id| live.forget(id));
        Ok(missing)
    }

    /// Validates cadre records and stores the valid ones.
    pub fn upsert_cadres(&self, records: Vec<RawRecord>) -> Result<Vec<RecordResult>, ServiceError> {
        let state = &self.state;
        state.check_batch("cadres", records.len())?;
        let record_ids = ids_of(&records);
        let (cadres, rejects) = cadres_from_records(state.taxonomy, records, "request");
        let valid: Vec<Cadre> = cadres.iter().map(|(_, c)| c.clone()).collect();
        state.store.put_cadres(&valid)?;
        let accepted = cadres.into_iter().map(|(p, c)| (p, RecordOutcome::Accepted(c.id.to_string())));
        by_position(&record_ids, rejects, accepted)
    }

    /// A cadre.
    pub fn cadre(&self, id: &CadreId) -> Result<Cadre, ServiceError> {
        self.state.store.cadre(id)?.ok_or_else(|| ServiceError::NotFound { what: "cadre", id: id.to_string() })
    }

    /// Deletes cadres (their students become unpaired); returns the ids that were not stored.
    pub fn delete_cadres(&self, ids: &[CadreId]) -> Result<Vec<CadreId>, ServiceError> {
        self.state.check_batch("ids", ids.len())?;
        self.state.store.delete_cadres(ids)
    }
}
