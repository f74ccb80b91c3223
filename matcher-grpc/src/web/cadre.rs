//! A cadre's pages: their students (status, last contact, postings sent), and one student's ranked postings
//! (platform, how to apply, 匹配度 with the reasons), case file and the forms that record what happened. A
//! cadre sees and writes only their own students: the engine refuses any other before reading anything.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::page;
use super::session::{same_secret, Session};
use super::{blocking, failure, to_sign_in, Web};
use crate::pb;
use crate::service::config::Principal;
use crate::service::engine::{CaseLine, Lists};
use crate::service::error::ServiceError;
use matcher_core::{
    Author, CaseEvent, CaseSummary, EmploymentKind, Event, MatchLevel, MonthlyPay, Posting, RecommendOptions, Status,
    StatusChange, Student, StudentId, Taxonomy,
};

fn author(session: &Session) -> Result<Author, ServiceError> {
    crate::service::cases::author_of(&session.principal)
}

/// A student as their cadre names them: the name when the backend gave one, with the id.
fn who(student: &Student) -> String {
    match &student.name {
        Some(name) => format!("{name}（{}）", student.id),
        None => format!("学生 {}", student.id),
    }
}

fn status_badge(status: Status) -> Markup {
    html! { span class={ "status" @if !status.is_settled() { " seeking" } } { (status.zh()) } }
}

fn pay(pay: &MonthlyPay) -> String {
    match (pay.min, pay.max) {
        (Some(a), Some(b)) if a == b => format!("{a}元/月"),
        (Some(a), Some(b)) => format!("{a}-{b}元/月"),
        (Some(a), None) => format!("{a}元/月起"),
        (None, Some(b)) => format!("最高{b}元/月"),
        (None, None) => "面议".to_string(),
    }
}

/// The first two lines' worth of a description (about 80 characters).
fn summary_of(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// `/students`: the signed-in cadre's students.
pub async fn students(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    let Some((_, session)) = web.session(&headers) else { return to_sign_in() };
    let Principal::Cadre(cadre) = session.principal.clone() else { return Redirect::to("/office").into_response() };
    let engine = web.engine.clone();
    let lines = match blocking(move || engine.cases.of_cadre(&cadre)).await {
        Ok(lines) => lines,
        Err(e) => return failure(e, Some(&session)),
    };
    let body = html! {
        h1 { "我的结对学生" }
        p.muted { "共 " (lines.len()) " 名。点开学生查看推荐岗位与帮扶台账，并记录跟进情况。" }
        ul.list {
            @for line in &lines { (student_item(line)) }
        }
    };
    Html(page("我的结对学生", Some(&session), body).into_string()).into_response()
}

fn student_item(line: &CaseLine) -> Markup {
    let s = &line.summary;
    html! {
        li {
            a href={ "/students/" (line.student.id.as_str()) } {
                strong { (who(&line.student)) } " " (status_badge(s.status))
                div.muted {
                    (line.student.college) " · 已推送岗位 " (s.postings_sent) " 个 · 最近联系 "
                    (s.last_contact.map_or_else(|| "尚无".to_string(), |d| d.to_string()))
                }
            }
        }
    }
}

/// `/students/{id}`: one student's postings, case file and forms.
pub async fn student(State(web): State<Arc<Web>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let Some((_, session)) = web.session(&headers) else { return to_sign_in() };
    let Ok(id) = id.parse::<StudentId>() else {
        return failure(ServiceError::NotFound { what: "student", id: id.chars().take(40).collect() }, Some(&session));
    };
    let by = match author(&session) {
        Ok(by) => by,
        Err(error) => return failure(error, Some(&session)),
    };
    let (engine, day) = (web.engine.clone(), web.day());
    let found = blocking(move || {
        // The case file first: it refuses a cadre's request for another cadre's student.
        let (events, timeline, summary) = engine.cases.list(&by, &id)?;
        let student = engine.people.student(&id)?;
        let lists = if summary.status.is_settled() {
            None
        } else {
            let options = RecommendOptions { day, top: 5, campaign: None, allocate: true };
            let deadline = Instant::now() + Duration::from_secs(20);
            Some(engine.matching.recommend_stored(student.clone(), &options, deadline)?)
        };
        Ok((student, events, timeline, summary, lists))
    })
    .await;
    let (student, events, timeline, summary, lists) = match found {
        Ok(found) => found,
        Err(e) => return failure(e, Some(&session)),
    };
    let taxonomy = web.engine.taxonomy();
    let body = html! {
        h1 { (who(&student)) }
        div.card {
            div { (status_badge(summary.status)) " 自 " (summary.since.map_or_else(|| "—".to_string(), |d| d.to_string())) }
            div.muted {
                (student.college) " · " (taxonomy.majors.major(student.major.as_str()).map_or("", |m| m.name.as_str()))
                " · " (student.education.zh()) " · " (student.cohort.zh())
            }
            div { "求职意向：" (student.intention) }
            div.muted { "最近联系：" (summary.last_contact.map_or_else(|| "尚无".to_string(), |d| d.to_string()))
                " · 已推送岗位 " (summary.postings_sent) " 个" }
        }
        @if let Some(lists) = &lists { (postings(taxonomy, &student, lists, &session, day)) }
        @else { p.muted { "学生已落实去向，不再推荐岗位。如重新求职，请在下方记录“重新求职”。" } }
        (forms(&student, &session))
        (case_file(&events, &timeline, &summary))
    };
    Html(page(&who(&student), Some(&session), body).into_string()).into_response()
}

fn action(student: &StudentId, session: &Session, kind: &str, posting: &str, label: &str) -> Markup {
    html! {
        form method="post" action={ "/students/" (student.as_str()) "/events" } {
            input type="hidden" name="csrf" value=(session.csrf);
            input type="hidden" name="kind" value=(kind);
            input type="hidden" name="posting" value=(posting);
            button type="submit" { (label) }
        }
    }
}

fn postings(taxonomy: &Taxonomy, student: &Student, lists: &Lists, session: &Session, day: NaiveDate) -> Markup {
    let result = lists.batch.students.iter().find(|r| r.student == student.id);
    html! {
        h2 { "推荐岗位" span.muted { "（" (day) "）" } }
        @if let Some(result) = result {
            @for r in &result.recommendations {
                @if let Some(p) = lists.postings.get(&r.posting) { (posting_card(taxonomy, student, &p.posting, r, session)) }
            }
            @if let Some(short) = &result.shortfall {
                div.short {
                    strong { "仅推荐 " (result.recommendations.len()) " 个岗位：" } (short.zh(student))
                    div { "下一步：" (short.next_step()) }
                }
            }
        }
    }
}

fn posting_card(
    taxonomy: &Taxonomy,
    student: &Student,
    p: &Posting,
    r: &matcher_core::Recommendation,
    session: &Session,
) -> Markup {
    let level = MatchLevel::of(r.score);
    let id = p.id.to_string();
    html! {
        div.card {
            div { strong { (r.rank) ". " (p.title) } " " span class={ "level " (level.code()) } { "匹配度 " (level.zh()) } }
            div { (p.employer) " · " (taxonomy.regions.path_name(p.region)) " · " (p.kind.zh()) }
            div.muted { (pay(&p.pay)) " · 截止 " (p.expires.map_or_else(|| "长期".to_string(), |d| d.to_string()))
                " · 发布平台：" (p.platforms()) }
            div.muted { (summary_of(&p.description)) }
            div.why { "推荐理由：" (r.explanation) }
            div.apply {
                "申请方式：" (p.how_to_apply())
                // Links are http or https only (the normaliser drops any other); opened without a referrer.
                @if let Some(url) = &p.url { " " a href=(url) rel="noopener noreferrer" target="_blank" { "打开申请网址" } }
            }
            div.actions {
                (action(&student.id, session, "postings_sent", &id, "已推送"))
                (action(&student.id, session, "applied", &id, "已投递"))
                (action(&student.id, session, "interviewed", &id, "已面试"))
                (action(&student.id, session, "hired", &id, "已录用"))
                (action(&student.id, session, "declined", &id, "放弃"))
            }
        }
    }
}

fn forms(student: &Student, session: &Session) -> Markup {
    let to = format!("/students/{}/events", student.id);
    html! {
        h2 { "记录帮扶" }
        div.card {
            form method="post" action=(to) {
                input type="hidden" name="csrf" value=(session.csrf);
                input type="hidden" name="kind" value="employed_elsewhere";
                strong { "落实去向（推荐清单以外找到的工作、升学、参军等）" }
                label for="employer" { "单位（或学校、项目）" }
                input id="employer" name="employer" required maxlength="200";
                label for="employment" { "去向类型" }
                select id="employment" name="employment" {
                    @for kind in EmploymentKind::ALL { option value=(kind.code()) { (kind.zh()) } }
                }
                label for="place" { "地点（可选，如 湘潭市）" }
                input id="place" name="place" maxlength="200";
                div.actions { button.primary type="submit" { "记录去向" } }
            }
        }
        div.card {
            form method="post" action=(to) {
                input type="hidden" name="csrf" value=(session.csrf);
                label for="kind" { "记录类型" }
                select id="kind" name="kind" {
                    option value="intention_interview" { "摸清就业意向" }
                    option value="guidance" { "就业指导" }
                    option value="note" { "备注" }
                    option value="seeking_again" { "重新求职" }
                }
                label for="text" { "内容" }
                textarea id="text" name="text" rows="2" maxlength="2000" {}
                div.actions { button type="submit" { "记录" } }
            }
        }
    }
}

fn case_file(events: &[CaseEvent], timeline: &[StatusChange], summary: &CaseSummary) -> Markup {
    html! {
        h2 id="file" { "帮扶台账" span.muted { "（" (summary.events) " 条）" } }
        div.card {
            div.muted { "状态变化：" @for (i, c) in timeline.iter().enumerate() { @if i > 0 { " → " } (c.day) " " (c.status.zh()) } }
            ul.timeline {
                // Newest first by day (events are stored in the order they were written, which an imported
                // ticked list or a late entry does not keep); the same day keeps its written order, newest first.
                @for e in by_day_newest_first(events) {
                    li { (e.day) " · " strong { (e.event.kind().zh()) } " · " (detail(&e.event)) span.muted { " （" (e.author) "）" } }
                }
            }
        }
    }
}

fn detail(event: &Event) -> String {
    match event {
        Event::IntentionInterview { text, .. } | Event::Guidance { text } | Event::Note { text } => text.clone(),
        Event::SeekingAgain { text } => text.clone(),
        Event::PostingsSent { postings } => postings.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        Event::Applied { posting } | Event::Interviewed { posting } | Event::Declined { posting } => {
            posting.to_string()
        }
        Event::Hired { posting, employment } => format!("{posting}（{}）", employment.zh()),
        Event::EmployedElsewhere { employer, employment, .. } => format!("{employer}（{}）", employment.zh()),
        Event::Volunteer { stage, post: Some(post) } => format!("{}（岗位 {post}）", stage.zh()),
        Event::Volunteer { stage, post: None } => stage.zh().to_string(),
    }
}

/// A form recording one event.
#[derive(Deserialize)]
pub struct Record {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    posting: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    employment: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    text: String,
}

/// `POST /students/{id}/events`: records one event, dated today, written by the signed-in cadre.
pub async fn record(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Record>,
) -> Response {
    let Some((_, session)) = web.session(&headers) else { return to_sign_in() };
    if !same_secret(&session.csrf, &form.csrf) {
        return failure(
            ServiceError::PermissionDenied("the form's CSRF token is missing or wrong".into()),
            Some(&session),
        )
        .into_response();
    }
    let Ok(student) = id.parse::<StudentId>() else {
        return failure(ServiceError::NotFound { what: "student", id: id.chars().take(40).collect() }, Some(&session));
    };
    let today = chrono::Local::now().date_naive();
    let message = pb::CaseEvent {
        student_id: student.to_string(),
        day: today.to_string(),
        kind: form.kind,
        posting_ids: if form.posting.is_empty() { Vec::new() } else { vec![form.posting] },
        employer: form.employer,
        employment: form.employment,
        place: form.place,
        text: form.text,
        ..Default::default()
    };
    let by = match author(&session) {
        Ok(by) => by,
        Err(error) => return failure(error, Some(&session)),
    };
    let engine = web.engine.clone();
    let done = blocking(move || {
        let event = crate::service::cases::event_from(engine.taxonomy(), message, &by, today)?;
        engine.cases.append(&by, event)
    })
    .await;
    match done {
        Ok(_) => Redirect::to(&format!("/students/{student}#file")).into_response(),
        Err(e) => failure(e, Some(&session)),
    }
}

/// The events newest first by day; those of one day newest written first.
fn by_day_newest_first(events: &[CaseEvent]) -> Vec<&CaseEvent> {
    let mut sorted: Vec<&CaseEvent> = events.iter().rev().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.day));
    sorted
}
