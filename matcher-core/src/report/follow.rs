//! `Follow`: one programme student as the report sees them: the student, their cadre, the day they were paired,
//! and their case file, with what it says as of any day (status, postings sent, contacts, applications).

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};

use crate::case::{timeline, Author, CaseEvent, Event, Status, StatusChange};
use crate::model::{CadreId, PostingId, Student};

/// A programme student and their case file.
pub(crate) struct Follow<'a> {
    /// The student's record.
    pub student: &'a Student,
    /// The cadre now paired with them; else the cadre who last wrote in their file.
    pub cadre: Option<CadreId>,
    /// Paired now (a pair in the pairings).
    pub paired_now: bool,
    /// The file's events, in the order they count.
    events: Vec<&'a CaseEvent>,
    timeline: Vec<StatusChange>,
}

impl<'a> Follow<'a> {
    /// A student with their events (any order) and their current cadre, if paired.
    pub fn new(student: &'a Student, mut events: Vec<&'a CaseEvent>, paired_with: Option<&CadreId>) -> Follow<'a> {
        events.sort_by_key(|e| e.day);
        let owned: Vec<CaseEvent> = events.iter().map(|e| (*e).clone()).collect();
        let timeline = timeline(&owned);
        let writer = events.iter().rev().find_map(|e| match &e.author {
            Author::Cadre(id) => Some(id.clone()),
            Author::Backend => None,
        });
        Follow { student, cadre: paired_with.cloned().or(writer), paired_now: paired_with.is_some(), events, timeline }
    }

    /// The day the pair began: the first event of the file (the plan's chain begins with a contact). None when
    /// the file is empty.
    pub fn paired_on(&self) -> Option<NaiveDate> {
        self.events.first().map(|e| e.day)
    }

    /// In the programme on `day`: the file began by then, or (for an empty file) paired now.
    pub fn in_programme(&self, day: NaiveDate) -> bool {
        match self.paired_on() {
            Some(first) => first <= day,
            None => self.paired_now,
        }
    }

    fn until(&self, day: NaiveDate) -> impl Iterator<Item = &&'a CaseEvent> + '_ {
        self.events.iter().take_while(move |e| e.day <= day)
    }

    /// The status at the end of `day`.
    pub fn status_on(&self, day: NaiveDate) -> Status {
        self.timeline.iter().take_while(|c| c.day <= day).last().map_or(Status::Seeking, |c| c.status)
    }

    /// Distinct postings sent by the end of `day`.
    pub fn sent_by(&self, day: NaiveDate) -> usize {
        let mut sent: BTreeSet<&PostingId> = BTreeSet::new();
        for event in self.until(day) {
            if let Event::PostingsSent { postings } = &event.event {
                sent.extend(postings.iter());
            }
        }
        sent.len()
    }

    /// Postings sent in the days `from..=to`.
    pub fn sent_between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &'a PostingId> + '_ {
        self.events
            .iter()
            .filter(move |e| e.day >= from && e.day <= to)
            .filter_map(|e| match &e.event {
                Event::PostingsSent { postings } => Some(postings.iter()),
                _ => None,
            })
            .flatten()
    }

    /// The last contact by the end of `day`.
    pub fn last_contact(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.until(day).filter(|e| e.is_contact()).map(|e| e.day).last()
    }

    /// Contacted in the `days` days ending with `day`.
    pub fn contacted_within(&self, day: NaiveDate, days: u32) -> bool {
        let from = day - Duration::days(i64::from(days) - 1);
        self.last_contact(day).is_some_and(|last| last >= from)
    }

    /// Contacted in the days `from..=to`.
    pub fn contacted_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.events.iter().any(|e| e.day >= from && e.day <= to && e.is_contact())
    }

    /// Applied for a posting by the end of `day`.
    pub fn applied_by(&self, day: NaiveDate) -> bool {
        self.until(day)
            .any(|e| matches!(e.event, Event::Applied { .. } | Event::Interviewed { .. } | Event::Hired { .. }))
    }

    /// Interviewed by the end of `day`.
    pub fn interviewed_by(&self, day: NaiveDate) -> bool {
        self.until(day).any(|e| matches!(e.event, Event::Interviewed { .. } | Event::Hired { .. }))
    }

    /// An intention interview recorded by the end of `day`.
    pub fn interviewed_for_intention_by(&self, day: NaiveDate) -> bool {
        self.until(day).any(|e| matches!(e.event, Event::IntentionInterview { .. }))
    }
}
