//! The League office's pages (a backend token): the progress report of the month (`matcher report`'s content)
//! with its charts: targets, months, cities, schools, the cadres out of touch; the cadre table on a page of its
//! own; the workbook to download.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::layout::page;
use super::session::Session;
use super::{blocking, failure, to_sign_in, Web};
use crate::progress::{self, charts, sheets, Cell, Sheet};
use crate::service::config::Principal;
use crate::service::error::ServiceError;
use matcher_core::{Month, ProgressReport, Targets};

#[derive(Deserialize)]
pub struct Which {
    /// 2026-10; default: this month so far.
    month: Option<String>,
}

fn office_session(web: &Web, headers: &HeaderMap) -> Result<Session, Box<Response>> {
    let Some((_, session)) = web.session(headers) else { return Err(Box::new(to_sign_in())) };
    match session.principal {
        Principal::Backend => Ok(session),
        Principal::Cadre(_) => Err(Box::new(failure(
            ServiceError::PermissionDenied("the province's report is the League office's".into()),
            Some(&session),
        ))),
    }
}

async fn report(web: &Web, which: &Which) -> Result<ProgressReport, ServiceError> {
    let today = chrono::Local::now().date_naive();
    let as_of = match which.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => today,
        Some(month) => {
            let month: Month =
                month.parse().map_err(|e: matcher_core::Error| ServiceError::invalid("month", e.to_string()))?;
            if month >= Month::of(today) {
                today
            } else {
                month.last_day()
            }
        }
    };
    let engine = web.engine.clone();
    blocking(move || engine.reports.report(as_of, &Targets::builtin(), None)).await
}

fn table(sheet: &Sheet) -> Markup {
    html! {
        div.scroll { table {
            thead { tr { @for h in &sheet.headers { th { (h) } } } }
            tbody {
                @for row in &sheet.rows { tr { @for c in row { (cell(c)) } } }
                @if let Some(totals) = &sheet.totals { tr.total { @for c in totals { (cell(c)) } } }
            }
        } }
        @if sheet.rows.is_empty() { p.muted { "（无）" } }
    }
}

fn cell(c: &Cell) -> Markup {
    let numeric = matches!(c, Cell::Count(_) | Cell::Decimal(_) | Cell::Share(_) | Cell::Withheld);
    html! { td class=[numeric.then_some("n")] { (c.text()) } }
}

/// `/office`: the month's report.
pub async fn overview(State(web): State<Arc<Web>>, headers: HeaderMap, Query(which): Query<Which>) -> Response {
    let session = match office_session(&web, &headers) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let report = match report(&web, &which).await {
        Ok(report) => report,
        Err(e) => return failure(e, Some(&session)),
    };
    let all = sheets(&report);
    let find = |name: &str| all.iter().find(|s| s.name == name);
    let t = &report.totals;
    let body = html! {
        h1 { "结对帮扶进度 · " (report.month.zh()) }
        p.muted { "统计截至 " (report.as_of) "，年度 " (report.start) " 至 " (report.deadline) "。"
            a href={ "/office/report.xlsx?month=" (report.month) } { "下载报表（XLSX）" } }
        div.card {
            "结对学生 " strong { (t.paired) } " · 已就业 " strong { (t.employed) } "（本月新增 " (t.new_employed) "）· 仍在求职 "
            strong { (t.seeking) } " · 近" (report.contact_days) "天有联系 " (t.contacted)
        }
        h2 { "目标进度" }
        div.card { (PreEscaped(charts::targets(&report))) }
        @if let Some(s) = find("目标进度") { (table(s)) }
        h2 { "逐月进展" }
        div.card { (PreEscaped(charts::months(&report))) }
        h2 { "按市州（学校所在地）" }
        div.card { (PreEscaped(charts::cities(&report))) }
        @if let Some(s) = find("按市州") { (table(s)) }
        h2 { "按学校" }
        @if let Some(s) = find("按学校") { (table(s)) }
        h2 { "结对学生超过" (report.contact_days) "天未联系的团干部" }
        @if let Some(s) = find("超期未联系") { (table(s)) }
        p { a href="/office/cadres" { "全部团干部的进度 →" } }
    };
    Html(page("进度报表", Some(&session), body).into_string()).into_response()
}

/// `/office/cadres`: the cadre table.
pub async fn cadres(State(web): State<Arc<Web>>, headers: HeaderMap, Query(which): Query<Which>) -> Response {
    let session = match office_session(&web, &headers) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let report = match report(&web, &which).await {
        Ok(report) => report,
        Err(e) => return failure(e, Some(&session)),
    };
    let all = sheets(&report);
    let body = html! {
        h1 { "团干部进度 · " (report.month.zh()) }
        p.muted { "学生仅以编号出现；低收入家庭学生不在本表中显示。" }
        @if let Some(s) = all.iter().find(|s| s.name == "按团干部") { (table(s)) }
    };
    Html(page("团干部进度", Some(&session), body).into_string()).into_response()
}

/// `/office/report.xlsx`: the month's workbook.
pub async fn workbook(State(web): State<Arc<Web>>, headers: HeaderMap, Query(which): Query<Which>) -> Response {
    let session = match office_session(&web, &headers) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let bytes = match report(&web, &which).await.and_then(|r| progress::render(&r, progress::ReportFormat::Xlsx)) {
        Ok(bytes) => bytes,
        Err(e) => return failure(e, Some(&session)),
    };
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"report.xlsx\""),
        ],
        bytes,
    )
        .into_response()
}
