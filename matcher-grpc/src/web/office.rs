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
    /// The page of a long table, from 1.
    page: Option<usize>,
}

/// Rows of a long table on one page: pages stay small on a phone at any size of province.
const PER_PAGE: usize = 100;

/// One page of a sheet's rows (the totals row on every page), with the page's number and how many there are.
fn paged(sheet: &Sheet, page: Option<usize>, per: usize) -> (Sheet, usize, usize) {
    let pages = sheet.rows.len().div_ceil(per).max(1);
    let page = page.unwrap_or(1).clamp(1, pages);
    let rows = sheet.rows.iter().skip((page - 1) * per).take(per).cloned().collect();
    (Sheet { rows, ..sheet.clone() }, page, pages)
}

fn pager(path: &str, report: &ProgressReport, page: usize, pages: usize) -> Markup {
    html! {
        @if pages > 1 {
            p.actions {
                @if page > 1 { a href={ (path) "?month=" (report.month) "&page=" (page - 1) } { "上一页" } }
                span.muted { "第 " (page) " / " (pages) " 页" }
                @if page < pages { a href={ (path) "?month=" (report.month) "&page=" (page + 1) } { "下一页" } }
            }
        }
    }
}

fn office_session(web: &Web, headers: &HeaderMap) -> Result<Session, Box<Response>> {
    let Some((_, session)) = web.session(headers) else { return Err(Box::new(to_sign_in())) };
    match session.principal {
        Principal::Backend => Ok(session),
        Principal::Cadre(_) | Principal::School(_) => Err(Box::new(failure(
            ServiceError::PermissionDenied("the province's report is the League office's".into()),
            Some(&session),
        ))),
    }
}

async fn report(web: &Web, which: &Which) -> Result<Arc<ProgressReport>, ServiceError> {
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
        @if let Some(s) = find("超期未联系") {
            (table(&paged(s, Some(1), 30).0))
            @if s.rows.len() > 30 { p { a href={ "/office/quiet?month=" (report.month) } { "全部 " (s.rows.len()) " 名 →" } } }
        }
        p { a href={ "/office/cadres?month=" (report.month) } { "全部团干部的进度 →" } }
    };
    Html(page("进度报表", Some(&session), body).into_string()).into_response()
}

/// `/office/cadres`: the cadre table, a hundred cadres a page.
pub async fn cadres(State(web): State<Arc<Web>>, headers: HeaderMap, Query(which): Query<Which>) -> Response {
    long_table(
        &web,
        &headers,
        &which,
        "按团干部",
        "团干部进度",
        "/office/cadres",
        "学生仅以编号出现；低收入家庭学生不在本表中显示。",
    )
    .await
}

/// `/office/quiet`: every cadre with students out of touch, a hundred a page.
pub async fn quiet(State(web): State<Arc<Web>>, headers: HeaderMap, Query(which): Query<Which>) -> Response {
    long_table(
        &web,
        &headers,
        &which,
        "超期未联系",
        "超期未联系的团干部",
        "/office/quiet",
        "仍在求职、超过规定天数未联系的结对学生，按团干部列出。",
    )
    .await
}

async fn long_table(
    web: &Web,
    headers: &HeaderMap,
    which: &Which,
    sheet: &str,
    title: &str,
    path: &str,
    note: &str,
) -> Response {
    let session = match office_session(web, headers) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let report = match report(web, which).await {
        Ok(report) => report,
        Err(e) => return failure(e, Some(&session)),
    };
    let all = sheets(&report);
    let Some(found) = all.iter().find(|s| s.name == sheet) else {
        return failure(ServiceError::Internal(format!("no sheet {sheet}")), Some(&session));
    };
    let (shown, page, pages) = paged(found, which.page, PER_PAGE);
    let body = html! {
        h1 { (title) " · " (report.month.zh()) }
        p.muted { (note) }
        (pager(path, &report, page, pages))
        (table(&shown))
        (pager(path, &report, page, pages))
    };
    Html(page_markup(title, &session, body)).into_response()
}

fn page_markup(title: &str, session: &Session, body: Markup) -> String {
    page(title, Some(session), body).into_string()
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
