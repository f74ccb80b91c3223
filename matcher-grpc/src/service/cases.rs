//! The `Cases` service: case files (帮扶台账) of paired students: append an event, read a student's file with
//! the status timeline, a cadre's students in brief. A cadre token works on its own students only.

use std::sync::Arc;

use matcher_core::{Author, CaseEvent, CaseSummary, Event, EventKind, EventReader, RawRecord, StatusChange};
use tonic::{Request, Response, Status};

use super::auth::{caller, require_cadre};
use super::blocking;
use super::config::Principal;
use super::convert;
use super::engine::Engine;
use super::error::ServiceError;
use crate::pb;

/// The `Cases` adapter.
pub struct CasesApi {
    engine: Arc<Engine>,
}

impl CasesApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> CasesApi {
        CasesApi { engine }
    }
}

/// The author a caller writes as; a school token has no case files.
pub fn author_of(principal: &Principal) -> Result<Author, ServiceError> {
    match principal {
        Principal::Backend => Ok(Author::Backend),
        Principal::Cadre(id) => Ok(Author::Cadre(id.clone())),
        Principal::School(_) => Err(ServiceError::PermissionDenied("a school token has no case files".into())),
    }
}

#[tonic::async_trait]
impl pb::cases_server::Cases for CasesApi {
    async fn append_event(
        &self,
        request: Request<pb::AppendEventRequest>,
    ) -> Result<Response<pb::AppendEventResponse>, Status> {
        let author = author_of(&caller(&request)?)?;
        let message = request.into_inner().event.ok_or_else(|| ServiceError::invalid("event", "missing"))?;
        let today = chrono::Local::now().date_naive();
        let event = event_from(self.engine.taxonomy(), message, &author, today)?;
        let engine = self.engine.clone();
        let (event, appended) = blocking(move || {
            let appended = engine.cases.append(&author, event.clone())?;
            Ok::<_, ServiceError>((event, appended))
        })
        .await?;
        tracing::info!(kind = event.event.kind().code(), new = appended.new, "case event recorded");
        Ok(Response::new(pb::AppendEventResponse {
            event: Some(event_message(&event)),
            replayed: !appended.new,
            summary: Some(summary_message(&appended.summary)),
            headcount_left: appended.headcount_left,
        }))
    }

    async fn list_events(
        &self,
        request: Request<pb::ListEventsRequest>,
    ) -> Result<Response<pb::ListEventsResponse>, Status> {
        let author = author_of(&caller(&request)?)?;
        let id = convert::id("student_id", &request.into_inner().student_id)?;
        let engine = self.engine.clone();
        let (events, timeline, summary) = blocking(move || engine.cases.list(&author, &id)).await?;
        Ok(Response::new(pb::ListEventsResponse {
            events: events.iter().map(event_message).collect(),
            timeline: timeline.iter().map(change_message).collect(),
            summary: Some(summary_message(&summary)),
        }))
    }

    async fn cadre_students(
        &self,
        request: Request<pb::CadreStudentsRequest>,
    ) -> Result<Response<pb::CadreStudentsResponse>, Status> {
        let who = caller(&request)?;
        let cadre = convert::id("cadre_id", &request.into_inner().cadre_id)?;
        require_cadre(&who, &cadre)?;
        let engine = self.engine.clone();
        let lines = blocking(move || engine.cases.of_cadre(&cadre)).await?;
        let students = lines
            .iter()
            .map(|line| pb::CadreStudent {
                student_id: line.student.id.to_string(),
                college: line.student.college.clone(),
                major: line.student.major.to_string(),
                cohort: line.student.cohort.code().to_string(),
                intent: line.student.intent.code().to_string(),
                intention: line.student.intention.clone(),
                summary: Some(summary_message(&line.summary)),
            })
            .collect();
        Ok(Response::new(pb::CadreStudentsResponse { students }))
    }
}

/// An event message → a checked event; every bad field named by its path in the request (`event.…`).
pub fn event_from(
    taxonomy: &matcher_core::Taxonomy,
    message: pb::CaseEvent,
    author: &Author,
    today: chrono::NaiveDate,
) -> Result<CaseEvent, ServiceError> {
    let kind = message.kind.parse::<EventKind>().ok();
    if kind != Some(EventKind::PostingsSent) && message.posting_ids.len() > 1 {
        return Err(ServiceError::invalid("event.posting_ids", "one posting for this kind of event"));
    }
    let day = if message.day.trim().is_empty() { today.to_string() } else { message.day };
    let mut record = RawRecord::new(1)
        .text("student", message.student_id)
        .text("day", day)
        .text("kind", message.kind)
        .text("author", message.author)
        .text("employer", message.employer)
        .text("place", message.place)
        .text("employment", message.employment)
        .text("intent", message.intent)
        .text("intention", message.intention)
        .text("expected_pay", message.expected_pay)
        .text("text", message.text)
        .text("stage", message.volunteer_stage)
        .text("post", message.volunteer_post);
    for (name, items) in [
        ("accepted_regions", message.accepted_regions),
        ("intended_occupations", message.intended_occupations),
        ("intended_industries", message.intended_industries),
    ] {
        if !items.is_empty() {
            record = record.list(name, items);
        }
    }
    if kind == Some(EventKind::PostingsSent) {
        record = record.list("postings", message.posting_ids);
    } else if let Some(one) = message.posting_ids.into_iter().next() {
        record = record.text("posting", one);
    }
    let reader = EventReader { taxonomy, today, author };
    let (mut good, rejects) = reader.from_records(vec![record], "request");
    if let Some(reject) = rejects.into_iter().next() {
        let fields = reject.errors.into_iter().map(|e| (format!("event.{}", message_field(&e.field)), e.reason));
        return Err(ServiceError::Invalid(fields.collect()));
    }
    good.pop().map(|(_, event)| event).ok_or_else(|| ServiceError::Internal("an event read to nothing".into()))
}

/// The message's name of an events-file field.
fn message_field(field: &str) -> &str {
    match field {
        "student" => "student_id",
        "posting" | "postings" => "posting_ids",
        "stage" => "volunteer_stage",
        "post" => "volunteer_post",
        other => other,
    }
}

/// A stored event → its message.
pub fn event_message(event: &CaseEvent) -> pb::CaseEvent {
    let mut message = pb::CaseEvent {
        student_id: event.student.to_string(),
        day: event.day.to_string(),
        kind: event.event.kind().code().to_string(),
        author: event.author.to_string(),
        ..Default::default()
    };
    let ids = |ids: &[matcher_core::PostingId]| ids.iter().map(ToString::to_string).collect();
    match &event.event {
        Event::IntentionInterview { update, text } => {
            let codes = |items: &Option<Vec<String>>| items.clone().unwrap_or_default();
            message.intent = update.intent.map(|i| i.code().to_string()).unwrap_or_default();
            message.intention = update.intention.clone().unwrap_or_default();
            message.accepted_regions =
                codes(&update.accepted_regions.as_ref().map(|r| r.iter().map(ToString::to_string).collect()));
            message.intended_occupations =
                codes(&update.intended_occupations.as_ref().map(|r| r.iter().map(ToString::to_string).collect()));
            message.intended_industries =
                codes(&update.intended_industries.as_ref().map(|r| r.iter().map(ToString::to_string).collect()));
            message.expected_pay = update.expected_pay.map(|p| convert::pay_text(&p)).unwrap_or_default();
            message.text.clone_from(text);
        }
        Event::PostingsSent { postings } => message.posting_ids = ids(postings),
        Event::Applied { posting } | Event::Interviewed { posting } | Event::Declined { posting } => {
            message.posting_ids = vec![posting.to_string()];
        }
        Event::Hired { posting, employment } => {
            message.posting_ids = vec![posting.to_string()];
            message.employment = employment.code().to_string();
        }
        Event::EmployedElsewhere { employer, place, employment } => {
            message.employer.clone_from(employer);
            message.place = place.map(|p| p.to_string()).unwrap_or_default();
            message.employment = employment.code().to_string();
        }
        Event::SeekingAgain { text } | Event::Guidance { text } | Event::Note { text } => message.text.clone_from(text),
        Event::Volunteer { stage, post } => {
            message.volunteer_stage = stage.code().to_string();
            message.volunteer_post = post.as_ref().map(ToString::to_string).unwrap_or_default();
        }
    }
    message
}

/// A case file in brief → its message.
pub fn summary_message(summary: &CaseSummary) -> pb::CaseSummary {
    pb::CaseSummary {
        status: summary.status.code().to_string(),
        status_zh: summary.status.zh(),
        since: summary.since.map(|d| d.to_string()).unwrap_or_default(),
        last_contact: summary.last_contact.map(|d| d.to_string()).unwrap_or_default(),
        postings_sent: summary.postings_sent as u32,
        events: summary.events as u32,
    }
}

fn change_message(change: &StatusChange) -> pb::StatusChange {
    pb::StatusChange {
        day: change.day.to_string(),
        status: change.status.code().to_string(),
        status_zh: change.status.zh(),
    }
}
