//! Case files in the store: each student's events as one key range (`student \x1f sequence`), in the order
//! they were recorded; appended in one transaction with the student record they change.

use std::collections::BTreeMap;

use matcher_core::{CaseEvent, Student, StudentId};
use redb::{ReadableDatabase, ReadableTable, WriteTransaction};

use super::{decode, encode, student_range, Store, CASES, META, SEPARATOR, STUDENTS};
use crate::service::error::ServiceError;

/// Appends one event inside a write transaction.
pub(super) fn append(txn: &WriteTransaction, event: &CaseEvent) -> Result<(), ServiceError> {
    let mut meta = txn.open_table(META).map_err(ServiceError::storage)?;
    let sequence = meta.get("case_sequence").map_err(ServiceError::storage)?.map_or(0, |v| v.value()) + 1;
    meta.insert("case_sequence", sequence).map_err(ServiceError::storage)?;
    let mut cases = txn.open_table(CASES).map_err(ServiceError::storage)?;
    let key = format!("{}{SEPARATOR}{sequence:020}", event.student);
    cases.insert(key.as_str(), encode(event)?.as_slice()).map_err(ServiceError::storage)?;
    Ok(())
}

impl Store {
    /// Appends a student's events, and stores the student's record as changed by them (when given), in one
    /// transaction. An event equal to one already in the file (same day, author and content) is not appended
    /// again: a retried call or a list imported twice changes nothing. Returns, per event, whether it was new.
    pub fn append_case_events(
        &self,
        student: &StudentId,
        changed: Option<&Student>,
        events: &[CaseEvent],
    ) -> Result<Vec<bool>, ServiceError> {
        let txn = self.begin_write()?;
        let mut new = Vec::with_capacity(events.len());
        {
            let mut file: Vec<CaseEvent> = Vec::new();
            {
                let cases = txn.open_table(CASES).map_err(ServiceError::storage)?;
                let (from, to) = student_range(student);
                for row in cases.range(from.as_str()..to.as_str()).map_err(ServiceError::storage)? {
                    file.push(decode(row.map_err(ServiceError::storage)?.1.value())?);
                }
            }
            for event in events {
                let is_new = !file.contains(event);
                if is_new {
                    append(&txn, event)?;
                    file.push(event.clone());
                }
                new.push(is_new);
            }
            if let Some(changed) = changed.filter(|_| new.iter().any(|n| *n)) {
                let mut students = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
                students.insert(changed.id.as_str(), encode(changed)?.as_slice()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)?;
        Ok(new)
    }

    /// A student's case file, in recorded order.
    pub fn case_events(&self, student: &StudentId) -> Result<Vec<CaseEvent>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(CASES).map_err(ServiceError::storage)?;
        let (from, to) = student_range(student);
        let mut events = Vec::new();
        for row in table.range(from.as_str()..to.as_str()).map_err(ServiceError::storage)? {
            events.push(decode(row.map_err(ServiceError::storage)?.1.value())?);
        }
        Ok(events)
    }

    /// Every case file, by student id.
    pub fn all_case_events(&self) -> Result<BTreeMap<StudentId, Vec<CaseEvent>>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(CASES).map_err(ServiceError::storage)?;
        let mut files: BTreeMap<StudentId, Vec<CaseEvent>> = BTreeMap::new();
        for row in table.iter().map_err(ServiceError::storage)? {
            let event: CaseEvent = decode(row.map_err(ServiceError::storage)?.1.value())?;
            files.entry(event.student.clone()).or_default().push(event);
        }
        Ok(files)
    }
}

impl Store {
    /// Loads whole case files at once, in one transaction: the events, the outcomes they tell (applied,
    /// interviewed, declined, hired), the openings hires took, and the students as the events left them.
    /// For the embedded sample, into an empty store.
    pub fn load_case_files(
        &self,
        students: &[Student],
        events: &[CaseEvent],
        outcomes: &[super::Outcome],
        hires: &BTreeMap<matcher_core::PostingId, u32>,
    ) -> Result<(), ServiceError> {
        let txn = self.begin_write()?;
        {
            for event in events {
                append(&txn, event)?;
            }
            let mut table = txn.open_table(super::OUTCOMES).map_err(ServiceError::storage)?;
            let mut meta = txn.open_table(META).map_err(ServiceError::storage)?;
            let mut sequence = meta.get("outcome_sequence").map_err(ServiceError::storage)?.map_or(0, |v| v.value());
            for outcome in outcomes {
                sequence += 1;
                let key = format!("{}{SEPARATOR}{sequence:020}", outcome.student);
                table.insert(key.as_str(), encode(outcome)?.as_slice()).map_err(ServiceError::storage)?;
            }
            meta.insert("outcome_sequence", sequence).map_err(ServiceError::storage)?;
            let mut taken = txn.open_table(super::HIRES).map_err(ServiceError::storage)?;
            for (posting, count) in hires {
                let before = taken.get(posting.as_str()).map_err(ServiceError::storage)?.map_or(0, |v| v.value());
                taken.insert(posting.as_str(), before + count).map_err(ServiceError::storage)?;
            }
            let mut table = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
            for student in students {
                table.insert(student.id.as_str(), encode(student)?.as_slice()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)
    }
}
