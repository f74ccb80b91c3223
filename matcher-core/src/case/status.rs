//! A student's status over time, read from the case file: seeking work until an event settles them (a hire,
//! or a destination found outside the index), seeking again after `seeking_again`. Events count in the
//! order of their days; events of one day in the order they were recorded.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::event::{CaseEvent, Event};
use crate::model::{EmploymentKind, PostingId, StudentId};

/// Where a student stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "employment")]
pub enum Status {
    /// 求职中.
    Seeking,
    /// 已落实去向: employed, further study, a volunteer post … (the kind says which).
    Settled(EmploymentKind),
}

impl Status {
    /// The status as cadres read it.
    pub fn zh(self) -> String {
        match self {
            Status::Seeking => "求职中".to_string(),
            Status::Settled(kind) => format!("已落实去向（{}）", kind.zh()),
        }
    }

    /// The status's code: `seeking`, or the employment kind's code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Seeking => "seeking",
            Status::Settled(kind) => kind.code(),
        }
    }

    /// True once the student is settled.
    pub fn is_settled(self) -> bool {
        matches!(self, Status::Settled(_))
    }
}

/// The day a status began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The day.
    pub day: NaiveDate,
    /// The status from that day on.
    pub status: Status,
}

/// Events in the order they count: by day, then as recorded.
pub fn in_order(events: &[CaseEvent]) -> Vec<&CaseEvent> {
    let mut ordered: Vec<&CaseEvent> = events.iter().collect();
    ordered.sort_by_key(|e| e.day);
    ordered
}

/// The status timeline: seeking from the first event's day, then each change with its day (an event that
/// leaves the status as it was adds nothing). Empty for an empty case file.
pub fn timeline(events: &[CaseEvent]) -> Vec<StatusChange> {
    let ordered = in_order(events);
    let Some(first) = ordered.first() else { return Vec::new() };
    let mut changes = vec![StatusChange { day: first.day, status: Status::Seeking }];
    for event in ordered {
        let next = match &event.event {
            Event::SeekingAgain { .. } => Status::Seeking,
            other => match other.settles() {
                Some(kind) => Status::Settled(kind),
                None => continue,
            },
        };
        if changes.last().map(|c| c.status) != Some(next) {
            changes.push(StatusChange { day: event.day, status: next });
        }
    }
    changes
}

/// The students whose case files say they are settled now (events of any students, in any order).
pub fn settled_students<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> BTreeSet<StudentId> {
    let mut files: BTreeMap<&StudentId, Vec<CaseEvent>> = BTreeMap::new();
    for event in events {
        files.entry(&event.student).or_default().push(event.clone());
    }
    files.into_iter().filter(|(_, file)| CaseSummary::of(file).status.is_settled()).map(|(s, _)| s.clone()).collect()
}

/// A case file in brief: status and since when, the last contact, postings sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// The status now (seeking when the file is empty).
    pub status: Status,
    /// The day the status began (none for an empty file).
    pub since: Option<NaiveDate>,
    /// The last contact ([`CaseEvent::is_contact`]).
    pub last_contact: Option<NaiveDate>,
    /// Distinct postings sent.
    pub postings_sent: usize,
    /// Events in the file.
    pub events: usize,
}

impl CaseSummary {
    /// The summary of a student's events.
    pub fn of(events: &[CaseEvent]) -> CaseSummary {
        let timeline = timeline(events);
        let now = timeline.last();
        let mut sent: Vec<&PostingId> = events
            .iter()
            .filter_map(|e| match &e.event {
                Event::PostingsSent { postings } => Some(postings.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        sent.sort();
        sent.dedup();
        CaseSummary {
            status: now.map_or(Status::Seeking, |c| c.status),
            since: now.map(|c| c.day),
            last_contact: events.iter().filter(|e| e.is_contact()).map(|e| e.day).max(),
            postings_sent: sent.len(),
            events: events.len(),
        }
    }
}
