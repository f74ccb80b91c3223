//! The service's embedded store (redb): students, cadres, pairings, outcomes, hires, case files
//! (`cases.rs`) and the other programmes' registers and runs (`programmes.rs`). Every write is one
//! ACID transaction committed durably before the call that made it returns, so nothing acknowledged is
//! lost to a crash. Records are JSON of the core types, so the store needs no schema of its own.

mod cases;
mod kept;
mod programmes;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use matcher_core::{Cadre, CadreId, CaseEvent, Event, PostingId, Student, StudentId};
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};

use super::error::ServiceError;
use kept::{read_kept, Kept};

const STUDENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("students");
const CADRES: TableDefinition<&str, &[u8]> = TableDefinition::new("cadres");
/// student id → `cadre id \x1f order`: a cadre's students keep the order they were paired in (the
/// proposal's priority order).
const PAIRS: TableDefinition<&str, &str> = TableDefinition::new("pairs");
/// `student \x1f sequence` → outcome JSON: a student's outcomes are one key range, oldest first.
const OUTCOMES: TableDefinition<&str, &[u8]> = TableDefinition::new("outcomes");
/// posting id → openings taken by hires.
const HIRES: TableDefinition<&str, u32> = TableDefinition::new("hires");
/// A client's request id → the key of what that request wrote: a retried request is answered, not repeated.
const REQUESTS: TableDefinition<&str, &str> = TableDefinition::new("requests");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// `student \x1f sequence` → case event JSON: a student's case file is one key range, in recorded order.
const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");

const SEPARATOR: char = '\u{1f}';

/// What happened after a posting was brought to a student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The student applied.
    Applied,
    /// The student was interviewed.
    Interviewed,
    /// The student was hired.
    Hired,
    /// The student declined the posting.
    Declined,
}

/// One reported outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The student.
    pub student: StudentId,
    /// The posting.
    pub posting: PostingId,
    /// What happened.
    pub kind: OutcomeKind,
    /// The day it happened (ISO).
    pub day: String,
}

impl Outcome {
    /// The outcome a case event tells, for events on a posting (applied, interviewed, declined, hired).
    pub fn of(event: &CaseEvent) -> Option<Outcome> {
        let kind = match &event.event {
            Event::Applied { .. } => OutcomeKind::Applied,
            Event::Interviewed { .. } => OutcomeKind::Interviewed,
            Event::Declined { .. } => OutcomeKind::Declined,
            Event::Hired { .. } => OutcomeKind::Hired,
            _ => return None,
        };
        let posting = event.event.posting()?.clone();
        Some(Outcome { student: event.student.clone(), posting, kind, day: event.day.to_string() })
    }
}

/// What recording an outcome did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The outcome as stored (the first record, when it was reported before).
    pub outcome: Outcome,
    /// Whether the student is employed now.
    pub employed: bool,
    /// False when nothing changed: the same outcome, or the same request, was recorded before.
    pub new: bool,
}

/// The store, one redb file.
pub struct Store {
    db: Database,
    /// Counts write transactions begun and committed: a figure computed from the store is current while this
    /// has not moved since before it was read.
    generation: AtomicU64,
    /// The students, cadres and case events as last read whole (for reports), decoded again row by row only
    /// where they changed.
    students_kept: Mutex<Kept<Student>>,
    cadres_kept: Mutex<Kept<Cadre>>,
    cases_kept: Mutex<Kept<CaseEvent>>,
}

impl Store {
    /// Opens (or creates) the store at `path`, with every table present.
    pub fn open(path: &Path) -> Result<Store, ServiceError> {
        let db = Database::create(path).map_err(|e| ServiceError::store(path.display(), e))?;
        let txn = db.begin_write().map_err(ServiceError::storage)?;
        {
            txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
            txn.open_table(CADRES).map_err(ServiceError::storage)?;
            txn.open_table(PAIRS).map_err(ServiceError::storage)?;
            txn.open_table(OUTCOMES).map_err(ServiceError::storage)?;
            txn.open_table(HIRES).map_err(ServiceError::storage)?;
            txn.open_table(REQUESTS).map_err(ServiceError::storage)?;
            txn.open_table(META).map_err(ServiceError::storage)?;
            txn.open_table(CASES).map_err(ServiceError::storage)?;
            txn.open_table(programmes::REGISTERS).map_err(ServiceError::storage)?;
            txn.open_table(programmes::RUNS).map_err(ServiceError::storage)?;
        }
        txn.commit().map_err(ServiceError::storage)?;
        Ok(Store {
            db,
            generation: AtomicU64::new(0),
            students_kept: Mutex::default(),
            cadres_kept: Mutex::default(),
            cases_kept: Mutex::default(),
        })
    }

    /// The number of writes begun and finished so far (see `generation`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Begins a write (the generation moves before and after, so nothing read during it is kept as current).
    pub(super) fn begin_write(&self) -> Result<WriteTransaction, ServiceError> {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.db.begin_write().map_err(ServiceError::storage)
    }

    /// Abandons a write begun with `begin_write`.
    pub(super) fn abort(&self, txn: WriteTransaction) -> Result<(), ServiceError> {
        let done = txn.abort().map_err(ServiceError::storage);
        self.generation.fetch_add(1, Ordering::SeqCst);
        done
    }

    /// Commits a write begun with `begin_write`.
    pub(super) fn commit(&self, txn: WriteTransaction) -> Result<(), ServiceError> {
        let done = txn.commit().map_err(ServiceError::storage);
        self.generation.fetch_add(1, Ordering::SeqCst);
        done
    }

    /// True when no student and no cadre is stored.
    pub fn is_empty(&self) -> Result<bool, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let students = txn.open_table(STUDENTS).map_err(ServiceError::storage)?.len().map_err(ServiceError::storage)?;
        let cadres = txn.open_table(CADRES).map_err(ServiceError::storage)?.len().map_err(ServiceError::storage)?;
        Ok(students == 0 && cadres == 0)
    }

    /// Stores students, replacing earlier versions; postings a student declined before stay declined, and
    /// a student reported hired stays employed.
    pub fn put_students(&self, students: &[Student]) -> Result<(), ServiceError> {
        let txn = self.begin_write()?;
        {
            let mut table = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
            for student in students {
                let mut record = student.clone();
                let earlier = table.get(student.id.as_str()).map_err(ServiceError::storage)?;
                let earlier: Option<Student> = earlier.map(|v| decode(v.value())).transpose()?;
                if let Some(earlier) = earlier {
                    for declined in earlier.declined {
                        if !record.declined.contains(&declined) {
                            record.declined.push(declined);
                        }
                    }
                    if earlier.intent == matcher_core::Intent::Employed {
                        record.intent = matcher_core::Intent::Employed;
                    }
                }
                table.insert(student.id.as_str(), encode(&record)?.as_slice()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)
    }

    /// A student by id.
    pub fn student(&self, id: &StudentId) -> Result<Option<Student>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
        let value = table.get(id.as_str()).map_err(ServiceError::storage)?;
        value.map(|v| decode(v.value())).transpose()
    }

    /// Every student, by id.
    pub fn students(&self) -> Result<Vec<Student>, ServiceError> {
        all(&self.db, STUDENTS)
    }

    /// Every student, by id, shared: decoded only where the table changed since the last call.
    pub fn students_shared(&self) -> Result<Arc<Vec<Student>>, ServiceError> {
        read_kept(&self.db, STUDENTS, &self.students_kept)
    }

    /// Every cadre, by id, shared: decoded only where the table changed since the last call.
    pub fn cadres_shared(&self) -> Result<Arc<Vec<Cadre>>, ServiceError> {
        read_kept(&self.db, CADRES, &self.cadres_kept)
    }

    /// Every case event, by student and then in recorded order, shared: decoded only where the table changed
    /// since the last call.
    pub fn case_events_shared(&self) -> Result<Arc<Vec<CaseEvent>>, ServiceError> {
        read_kept(&self.db, CASES, &self.cases_kept)
    }

    /// Every cadre, by id.
    pub fn cadres(&self) -> Result<Vec<Cadre>, ServiceError> {
        all(&self.db, CADRES)
    }

    /// Deletes students with their pairing, outcomes and case file; returns the ids that were not stored.
    pub fn delete_students(&self, ids: &[StudentId]) -> Result<Vec<StudentId>, ServiceError> {
        let txn = self.begin_write()?;
        let mut missing = Vec::new();
        {
            let mut students = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
            let mut pairs = txn.open_table(PAIRS).map_err(ServiceError::storage)?;
            let mut outcomes = txn.open_table(OUTCOMES).map_err(ServiceError::storage)?;
            let mut cases = txn.open_table(CASES).map_err(ServiceError::storage)?;
            for id in ids {
                if students.remove(id.as_str()).map_err(ServiceError::storage)?.is_none() {
                    missing.push(id.clone());
                    continue;
                }
                pairs.remove(id.as_str()).map_err(ServiceError::storage)?;
                let (from, to) = student_range(id);
                outcomes.retain_in(from.as_str()..to.as_str(), |_, _| false).map_err(ServiceError::storage)?;
                cases.retain_in(from.as_str()..to.as_str(), |_, _| false).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)?;
        Ok(missing)
    }

    /// Stores cadres, replacing earlier versions.
    pub fn put_cadres(&self, cadres: &[Cadre]) -> Result<(), ServiceError> {
        let txn = self.begin_write()?;
        {
            let mut table = txn.open_table(CADRES).map_err(ServiceError::storage)?;
            for cadre in cadres {
                table.insert(cadre.id.as_str(), encode(cadre)?.as_slice()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)
    }

    /// A cadre by id.
    pub fn cadre(&self, id: &CadreId) -> Result<Option<Cadre>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(CADRES).map_err(ServiceError::storage)?;
        let value = table.get(id.as_str()).map_err(ServiceError::storage)?;
        value.map(|v| decode(v.value())).transpose()
    }

    /// Deletes cadres and their pairings; returns the ids that were not stored.
    pub fn delete_cadres(&self, ids: &[CadreId]) -> Result<Vec<CadreId>, ServiceError> {
        let txn = self.begin_write()?;
        let mut missing = Vec::new();
        {
            let mut cadres = txn.open_table(CADRES).map_err(ServiceError::storage)?;
            let mut pairs = txn.open_table(PAIRS).map_err(ServiceError::storage)?;
            for id in ids {
                if cadres.remove(id.as_str()).map_err(ServiceError::storage)?.is_none() {
                    missing.push(id.clone());
                    continue;
                }
                pairs.retain(|_, value| cadre_part(value) != id.as_str()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)?;
        Ok(missing)
    }

    /// Every pair as (student, cadre), in the order they were written.
    pub fn pairs(&self) -> Result<Vec<(StudentId, CadreId)>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(PAIRS).map_err(ServiceError::storage)?;
        let mut pairs = Vec::new();
        for row in table.iter().map_err(ServiceError::storage)? {
            let (student, value) = row.map_err(ServiceError::storage)?;
            let value = value.value();
            let order = value.rsplit_once(SEPARATOR).map_or("", |(_, order)| order).to_string();
            pairs.push((order, parse_id(student.value())?, parse_id(cadre_part(value))?));
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(pairs.into_iter().map(|(_, student, cadre)| (student, cadre)).collect())
    }

    /// The cadre a student is paired with.
    pub fn cadre_of(&self, student: &StudentId) -> Result<Option<CadreId>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(PAIRS).map_err(ServiceError::storage)?;
        let value = table.get(student.as_str()).map_err(ServiceError::storage)?;
        value.map(|v| parse_id(cadre_part(v.value()))).transpose()
    }

    /// Replaces every pair with `pairs` (student, cadre), keeping their order.
    pub fn set_pairs(&self, pairs: &[(StudentId, CadreId)]) -> Result<(), ServiceError> {
        let txn = self.begin_write()?;
        {
            let mut table = txn.open_table(PAIRS).map_err(ServiceError::storage)?;
            table.retain(|_, _| false).map_err(ServiceError::storage)?;
            for (order, (student, cadre)) in pairs.iter().enumerate() {
                let value = format!("{cadre}{SEPARATOR}{order:010}");
                table.insert(student.as_str(), value.as_str()).map_err(ServiceError::storage)?;
            }
        }
        self.commit(txn)
    }

    /// Records an outcome in one transaction with its effects: a declined posting joins the student's
    /// declined list; a hire marks the student employed and counts one opening taken of the posting.
    ///
    /// Each (student, posting, kind) is recorded once: the same outcome reported again (a retry after a lost
    /// answer, a double click) changes nothing and answers with the first record. A `request_id` names the
    /// request: repeated, it answers with what it recorded the first time; reused for another outcome, it is
    /// refused.
    ///
    /// The outcome's case event, when given, is appended to the student's case file in the same transaction
    /// (only when the outcome is new).
    pub fn record_outcome(
        &self,
        outcome: &Outcome,
        request_id: Option<&str>,
        event: Option<&CaseEvent>,
    ) -> Result<Recorded, ServiceError> {
        let txn = self.begin_write()?;
        let recorded;
        {
            let mut students = txn.open_table(STUDENTS).map_err(ServiceError::storage)?;
            let stored = students.get(outcome.student.as_str()).map_err(ServiceError::storage)?;
            let stored: Option<Student> = stored.map(|v| decode(v.value())).transpose()?;
            let Some(mut student) = stored else {
                return Err(ServiceError::NotFound { what: "student", id: outcome.student.to_string() });
            };
            let mut outcomes = txn.open_table(OUTCOMES).map_err(ServiceError::storage)?;
            let mut requests = txn.open_table(REQUESTS).map_err(ServiceError::storage)?;
            let earlier = match request_id {
                Some(id) => requests.get(id).map_err(ServiceError::storage)?.map(|key| key.value().to_string()),
                None => None,
            };
            if let Some(key) = earlier {
                let first: Option<Outcome> = outcomes
                    .get(key.as_str())
                    .map_err(ServiceError::storage)?
                    .map(|v| decode(v.value()))
                    .transpose()?;
                let first = first.ok_or_else(|| ServiceError::Corrupt(format!("request of a lost outcome {key}")))?;
                if (&first.student, &first.posting, first.kind) != (&outcome.student, &outcome.posting, outcome.kind) {
                    let reason = "already used by a request for another outcome".to_string();
                    return Err(ServiceError::invalid("request_id", reason));
                }
                let employed = student.intent == matcher_core::Intent::Employed;
                return Ok(Recorded { outcome: first, employed, new: false });
            }
            let (from, to) = student_range(&outcome.student);
            let mut same = None;
            for row in outcomes.range(from.as_str()..to.as_str()).map_err(ServiceError::storage)? {
                let (key, value) = row.map_err(ServiceError::storage)?;
                let existing: Outcome = decode(value.value())?;
                if existing.posting == outcome.posting && existing.kind == outcome.kind {
                    same = Some((key.value().to_string(), existing));
                    break;
                }
            }
            if let Some((key, first)) = same {
                if let Some(id) = request_id {
                    requests.insert(id, key.as_str()).map_err(ServiceError::storage)?;
                }
                let employed = student.intent == matcher_core::Intent::Employed;
                recorded = Recorded { outcome: first, employed, new: false };
            } else {
                match outcome.kind {
                    OutcomeKind::Declined if !student.declined.contains(&outcome.posting) => {
                        student.declined.push(outcome.posting.clone());
                    }
                    OutcomeKind::Hired => {
                        student.intent = matcher_core::Intent::Employed;
                        let mut hires = txn.open_table(HIRES).map_err(ServiceError::storage)?;
                        let before =
                            hires.get(outcome.posting.as_str()).map_err(ServiceError::storage)?.map(|v| v.value());
                        hires
                            .insert(outcome.posting.as_str(), before.unwrap_or(0) + 1)
                            .map_err(ServiceError::storage)?;
                    }
                    _ => {}
                }
                let employed = student.intent == matcher_core::Intent::Employed;
                students.insert(student.id.as_str(), encode(&student)?.as_slice()).map_err(ServiceError::storage)?;
                let mut meta = txn.open_table(META).map_err(ServiceError::storage)?;
                let sequence =
                    meta.get("outcome_sequence").map_err(ServiceError::storage)?.map_or(0, |v| v.value()) + 1;
                meta.insert("outcome_sequence", sequence).map_err(ServiceError::storage)?;
                drop(meta);
                let key = format!("{}{SEPARATOR}{sequence:020}", outcome.student);
                outcomes.insert(key.as_str(), encode(outcome)?.as_slice()).map_err(ServiceError::storage)?;
                if let Some(id) = request_id {
                    requests.insert(id, key.as_str()).map_err(ServiceError::storage)?;
                }
                if let Some(event) = event {
                    cases::append(&txn, event)?;
                }
                recorded = Recorded { outcome: outcome.clone(), employed, new: true };
            }
        }
        self.commit(txn)?;
        Ok(recorded)
    }

    /// A student's outcomes, oldest first.
    pub fn outcomes(&self, student: &StudentId) -> Result<Vec<Outcome>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(OUTCOMES).map_err(ServiceError::storage)?;
        let (from, to) = student_range(student);
        let mut outcomes = Vec::new();
        for row in table.range(from.as_str()..to.as_str()).map_err(ServiceError::storage)? {
            let (_, value) = row.map_err(ServiceError::storage)?;
            outcomes.push(decode(value.value())?);
        }
        Ok(outcomes)
    }

    /// Openings taken by hires, per posting.
    pub fn hires(&self) -> Result<Vec<(PostingId, u32)>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(HIRES).map_err(ServiceError::storage)?;
        let mut hires = Vec::new();
        for row in table.iter().map_err(ServiceError::storage)? {
            let (posting, taken) = row.map_err(ServiceError::storage)?;
            hires.push((parse_id(posting.value())?, taken.value()));
        }
        Ok(hires)
    }
}

fn cadre_part(value: &str) -> &str {
    value.split_once(SEPARATOR).map_or(value, |(cadre, _)| cadre)
}

fn student_range(student: &StudentId) -> (String, String) {
    // Keys of this student are `id \x1f …`; `\x20` is the next character, so the range holds exactly them.
    (format!("{student}{SEPARATOR}"), format!("{student}\u{20}"))
}

fn all<T: serde::de::DeserializeOwned>(
    db: &Database,
    definition: TableDefinition<&str, &[u8]>,
) -> Result<Vec<T>, ServiceError> {
    let txn = db.begin_read().map_err(ServiceError::storage)?;
    let table = txn.open_table(definition).map_err(ServiceError::storage)?;
    let mut records = Vec::new();
    for row in table.iter().map_err(ServiceError::storage)? {
        let (_, value) = row.map_err(ServiceError::storage)?;
        records.push(decode(value.value())?);
    }
    Ok(records)
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, ServiceError> {
    serde_json::to_vec(value).map_err(|e| ServiceError::Corrupt(e.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ServiceError> {
    serde_json::from_slice(bytes).map_err(|e| ServiceError::Corrupt(e.to_string()))
}

fn parse_id<T: std::str::FromStr>(text: &str) -> Result<T, ServiceError> {
    text.parse().map_err(|_| ServiceError::Corrupt(format!("stored id `{text}` is not valid")))
}
