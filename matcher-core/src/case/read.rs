//! Reading case-file events: from an events file (JSON Lines or CSV, the fields below) or from typed callers
//! as [`RawRecord`]s; each record checked field by field, a bad one rejected with its line, field and reason,
//! the good ones kept.
//!
//! Fields: `student`*, `day`* (a date, not after today), `kind`* (an [`EventKind`] code or its Chinese name),
//! `author` (`backend` or `cadre:<id>`; absent: the caller's), and by kind: `intention_interview`: any of
//! `intent`, `intention`, `accepted_regions`, `intended_occupations`, `intended_industries`, `expected_pay`
//! (as in the student file; each given replaces the student's), `text`; `postings_sent`: `postings` (a list)
//! or `posting`; `applied`, `interviewed`, `declined`: `posting`*; `hired`: `posting`*, `employment`
//! (absent: 协议就业); `employed_elsewhere`: `employer`*, `employment`*, `place`; `guidance` and `note`:
//! `text`*; `seeking_again`: `text`; `volunteer` (西部计划): `stage`* (派遣, 在岗, 期满 or 退出), `post`. Fields
//! another kind uses are ignored.

use chrono::NaiveDate;

use super::event::{Author, CaseEvent, Event, IntentionUpdate};
use crate::error::Error;
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, RawRecord, Reject};
use crate::model::{EmploymentKind, EventKind, PostingId, StudentId, VolunteerPostId, VolunteerStage};
use crate::normalize::{parse_date, resolve_place};
use crate::people::records::{people_from_records, read_people, Fields, Read};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["student", "day", "kind"];

/// How events are read: against which taxonomy, up to which day, written by whom when a record does not say.
#[derive(Debug, Clone, Copy)]
pub struct EventReader<'a> {
    /// The code lists.
    pub taxonomy: &'a Taxonomy,
    /// No event may be dated after this day.
    pub today: NaiveDate,
    /// The author of records without one.
    pub author: &'a Author,
}

impl EventReader<'_> {
    /// Reads an events file; returns the valid events and a reject for each invalid record.
    pub fn read(&self, text: &str, file: &str) -> Result<(Vec<CaseEvent>, Vec<Reject>), Error> {
        let (good, rejects) = self.read_lines(text, file)?;
        Ok((good.into_iter().map(|(_, e)| e).collect(), rejects))
    }

    /// Reads an events file; returns the valid events with their lines and a reject for each invalid record.
    pub fn read_lines(&self, text: &str, file: &str) -> Result<Read<CaseEvent>, Error> {
        read_people(text, file, "events", REQUIRED, &|map, errors| self.event(map, errors))
    }

    /// Reads records a typed caller built (fields named as in the events file): the valid events with their
    /// positions, and a reject for each invalid one.
    pub fn from_records(&self, records: Vec<RawRecord>, origin: &str) -> Read<CaseEvent> {
        people_from_records(records, origin, "events", &|map, errors| self.event(map, errors))
    }

    fn event(&self, map: &FieldMap, errors: &mut Vec<FieldError>) -> Option<CaseEvent> {
        let taxonomy = self.taxonomy;
        let mut f = Fields { map, errors };
        let student = f.required("student", |t| t.trim().parse::<StudentId>().map_err(|e| e.to_string()));
        let today = self.today;
        let day = f.required("day", |t| {
            let day = parse_date(t)?;
            if day > today {
                return Err(format!("{day} is after today ({today})"));
            }
            Ok(day)
        });
        let kind = f.required("kind", |t| t.parse::<EventKind>().map_err(|e| e.to_string()));
        let author = f.optional("author", |t| t.parse::<Author>().map_err(|e| e.to_string()));
        let posting =
            |f: &mut Fields| f.required("posting", |t| t.trim().parse::<PostingId>().map_err(|e| e.to_string()));
        let employment = |t: &str| t.parse::<EmploymentKind>().map_err(|e| e.to_string());
        let event = match kind? {
            EventKind::IntentionInterview => {
                let given = |f: &Fields, name: &str| f.map.get(name).is_some();
                let intent = f.optional("intent", |t| t.parse().map_err(|e: Error| e.to_string()));
                let intention = if given(&f, "intention") { f.text("intention").map(Some) } else { Some(None) };
                let regions = |t: &str| resolve_place(&taxonomy.regions, t);
                let accepted_regions = if given(&f, "accepted_regions") {
                    f.list("accepted_regions", regions).map(Some)
                } else {
                    Some(None)
                };
                let intended_occupations = if given(&f, "intended_occupations") {
                    f.list("intended_occupations", |t| taxonomy.occupations.resolve(t)).map(Some)
                } else {
                    Some(None)
                };
                let intended_industries = if given(&f, "intended_industries") {
                    f.list("intended_industries", |t| taxonomy.industries.resolve(t)).map(Some)
                } else {
                    Some(None)
                };
                let expected_pay = f.optional_object("expected_pay", crate::people::expected_pay);
                let text = f.text("text");
                Event::IntentionInterview {
                    update: IntentionUpdate {
                        intent: intent?,
                        intention: intention?,
                        accepted_regions: accepted_regions?,
                        intended_occupations: intended_occupations?,
                        intended_industries: intended_industries?,
                        expected_pay: expected_pay?,
                    },
                    text: text?,
                }
            }
            EventKind::PostingsSent => {
                let mut postings = f.list("postings", |t| t.trim().parse::<PostingId>().map_err(|e| e.to_string()))?;
                if let Some(one) =
                    f.optional("posting", |t| t.trim().parse::<PostingId>().map_err(|e| e.to_string()))?
                {
                    postings.push(one);
                }
                postings.sort();
                postings.dedup();
                if postings.is_empty() {
                    f.errors.push(FieldError { field: "postings".into(), reason: "no posting named".into() });
                    return None;
                }
                Event::PostingsSent { postings }
            }
            EventKind::Applied => Event::Applied { posting: posting(&mut f)? },
            EventKind::Interviewed => Event::Interviewed { posting: posting(&mut f)? },
            EventKind::Declined => Event::Declined { posting: posting(&mut f)? },
            EventKind::Hired => {
                let posting = posting(&mut f);
                let kind = f.optional("employment", employment);
                Event::Hired { posting: posting?, employment: kind?.unwrap_or(EmploymentKind::Agreement) }
            }
            EventKind::EmployedElsewhere => {
                let employer = f.required("employer", |t| {
                    let name = crate::normalize::clean_line(t);
                    if name.is_empty() {
                        Err("empty".to_string())
                    } else {
                        Ok(name)
                    }
                });
                let place = f.optional("place", |t| resolve_place(&taxonomy.regions, t));
                let kind = f.required("employment", employment);
                Event::EmployedElsewhere { employer: employer?, place: place?, employment: kind? }
            }
            EventKind::SeekingAgain => Event::SeekingAgain { text: f.text("text")? },
            EventKind::Guidance => Event::Guidance { text: required_text(&mut f)? },
            EventKind::Note => Event::Note { text: required_text(&mut f)? },
            EventKind::Volunteer => {
                let stage = f.required("stage", |t| {
                    let stage = t.parse::<VolunteerStage>().map_err(|e| e.to_string())?;
                    if stage.is_recorded() {
                        Ok(stage)
                    } else {
                        Err(format!(
                            "{} follows from the registers and the assignment; a case file records 派遣 \
                             (dispatched), 在岗 (serving), 期满 (completed) or 退出 (withdrawn)",
                            stage.zh()
                        ))
                    }
                });
                let post = f.optional("post", |t| t.trim().parse::<VolunteerPostId>().map_err(|e| e.to_string()));
                Event::Volunteer { stage: stage?, post: post? }
            }
        };
        Some(CaseEvent { student: student?, day: day?, author: author?.unwrap_or_else(|| self.author.clone()), event })
    }
}

fn required_text(f: &mut Fields) -> Option<String> {
    let text = f.text("text")?;
    if text.trim().is_empty() {
        f.errors.push(FieldError { field: "text".into(), reason: "missing: say what it was about".into() });
        return None;
    }
    Some(text)
}
