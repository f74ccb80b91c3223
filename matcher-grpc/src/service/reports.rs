//! The `Reports` service: the monthly progress report for backends, as figures and, on request, as the same
//! file `matcher report` writes (JSON, XLSX or HTML).

use std::sync::Arc;

use matcher_core::{
    kind_names, source_names, Month, PostingKind, PostingsRow, ProgressReport, Row, Source, Tally, Targets,
};
use tonic::{Request, Response, Status};

use super::auth::require_backend;
use super::blocking;
use super::convert;
use super::engine::Engine;
use super::error::ServiceError;
use crate::pb;
use crate::progress::{self, ReportFormat};

/// Most bytes of TOML a request's targets may hold.
pub const MAX_TARGETS_TOML: usize = 64 * 1024;

/// The `Reports` adapter.
pub struct ReportsApi {
    engine: Arc<Engine>,
}

impl ReportsApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> ReportsApi {
        ReportsApi { engine }
    }
}

#[tonic::async_trait]
impl pb::reports_server::Reports for ReportsApi {
    async fn get_report(
        &self,
        request: Request<pb::GetReportRequest>,
    ) -> Result<Response<pb::GetReportResponse>, Status> {
        require_backend(&request, "read the province's report")?;
        let request = request.into_inner();
        let today = chrono::Local::now().date_naive();
        let as_of = report_day(&request.month, &request.day, today)?;
        let as_of = matcher_core::check_report_day(as_of, today).map_err(ServiceError::from)?;
        if request.targets_toml.len() > MAX_TARGETS_TOML {
            return Err(ServiceError::TooLarge(format!(
                "targets_toml holds {} bytes; at most {MAX_TARGETS_TOML}",
                request.targets_toml.len()
            ))
            .into());
        }
        let targets = if request.targets_toml.trim().is_empty() {
            Targets::builtin()
        } else {
            Targets::from_toml(&request.targets_toml, "targets_toml").map_err(ServiceError::from)?
        };
        let max_batch = self.engine.limits().max_batch;
        if request.quotas.len() > max_batch {
            let reason = format!("{} items, more than the limit of {max_batch}", request.quotas.len());
            return Err(ServiceError::invalid("quotas", reason).into());
        }
        let quotas = convert::quotas(self.engine.taxonomy(), &request.quotas)?;
        let format = match pb::ReportFormat::try_from(request.format) {
            Ok(pb::ReportFormat::Unspecified) => None,
            Ok(pb::ReportFormat::Json) => Some((ReportFormat::Json, "application/json", progress::JSON_FILE)),
            Ok(pb::ReportFormat::Xlsx) => Some((
                ReportFormat::Xlsx,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                progress::XLSX_FILE,
            )),
            Ok(pb::ReportFormat::Html) => Some((ReportFormat::Html, "text/html; charset=utf-8", progress::HTML_FILE)),
            Err(_) => return Err(ServiceError::invalid("format", format!("unknown format {}", request.format)).into()),
        };
        let engine = self.engine.clone();
        let (report, document) = blocking(move || {
            let report = engine.reports.report(as_of, &targets, quotas.as_ref())?;
            let document = match format {
                Some((format, _, _)) => progress::render(&report, format)?,
                None => Vec::new(),
            };
            Ok::<_, ServiceError>((report, document))
        })
        .await?;
        let mut response = message(&report);
        if let Some((_, media_type, file_name)) = format {
            response.document = document;
            response.media_type = media_type.to_string();
            response.file_name = file_name.to_string();
        }
        Ok(Response::new(response))
    }
}

/// The day the figures stand at: `day`, or the last day of `month` (today for the current month), or the last
/// day of the month before today's.
fn report_day(month: &str, day: &str, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, ServiceError> {
    match (month.trim(), day.trim()) {
        ("", "") => Ok(Month::of(today).previous().last_day()),
        (month, "") => {
            let month: Month =
                month.parse().map_err(|e: matcher_core::Error| ServiceError::invalid("month", e.to_string()))?;
            Ok(if month == Month::of(today) { today } else { month.last_day() })
        }
        ("", day) => {
            day.parse().map_err(|_| ServiceError::invalid("day", format!("`{day}` is not a day such as 2026-11-15")))
        }
        _ => Err(ServiceError::invalid("day", "give month or day, not both")),
    }
}

fn n(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn figures(t: &Tally) -> pb::ReportFigures {
    pb::ReportFigures {
        paired: n(t.paired),
        new_pairs: n(t.new_pairs),
        no_record: n(t.no_record),
        sent_enough: n(t.sent_enough),
        contacted: n(t.contacted),
        applied: n(t.applied),
        interviewed: n(t.interviewed),
        settled: n(t.settled),
        employed: n(t.employed),
        new_employed: n(t.new_employed),
        seeking: n(t.seeking),
        low_income: t.low_income.map(n),
        low_income_employed: t.low_income_employed.map(n),
    }
}

fn row(r: &Row) -> pb::ReportRow {
    pb::ReportRow {
        key: r.key.clone(),
        name: r.name.clone(),
        within: r.within.clone(),
        figures: Some(figures(&r.tally)),
        quota: r.quota.map(n),
    }
}

fn postings(r: &PostingsRow) -> pb::PostingsCollected {
    let counts = |codes: Vec<&str>, names: Vec<&str>, values: &[usize]| -> Vec<pb::NamedCount> {
        codes
            .iter()
            .zip(names)
            .zip(values)
            .map(|((code, name), &count)| pb::NamedCount {
                key: code.to_string(),
                name: name.to_string(),
                count: n(count),
                withheld: false,
            })
            .collect()
    };
    pb::PostingsCollected {
        key: r.key.clone(),
        name: r.name.clone(),
        collected: n(r.collected),
        by_source: counts(Source::ALL.iter().map(|s| s.code()).collect(), source_names(), &r.by_source),
        by_kind: counts(PostingKind::ALL.iter().map(|k| k.code()).collect(), kind_names(), &r.by_kind),
        sent: n(r.sent),
    }
}

/// The report as its message (no document).
pub fn message(report: &ProgressReport) -> pb::GetReportResponse {
    pb::GetReportResponse {
        month: report.month.to_string(),
        as_of: report.as_of.to_string(),
        start: report.start.to_string(),
        deadline: report.deadline.to_string(),
        targets: report
            .targets
            .iter()
            .map(|t| pb::TargetProgress {
                key: t.key.to_string(),
                name: t.name.to_string(),
                target: t.target,
                achieved: t.achieved,
                share: t.share,
                months_left: t.months_left,
                needed_per_month: t.needed_per_month,
                pace_per_month: t.pace_per_month,
                projected: t.projected,
                on_track: t.on_track,
                note: t.note.clone().unwrap_or_default(),
            })
            .collect(),
        totals: Some(figures(&report.totals)),
        composition: report
            .composition
            .iter()
            .map(|c| pb::NamedCount {
                key: c.key.clone(),
                name: c.name.clone(),
                count: c.students.map_or(0, n),
                withheld: c.students.is_none(),
            })
            .collect(),
        destinations: report
            .destinations
            .iter()
            .map(|d| pb::ReportDestination {
                kind: d.kind.code().to_string(),
                name: d.name.to_string(),
                counts_as_employed: d.counts_as_employed,
                students: n(d.students),
            })
            .collect(),
        by_city: report.by_city.iter().map(row).collect(),
        by_school: report.by_school.iter().map(row).collect(),
        by_college: report.by_college.iter().map(row).collect(),
        by_cadre: report.by_cadre.iter().map(row).collect(),
        months: report
            .months
            .iter()
            .map(|m| pb::ReportMonth {
                month: m.month.to_string(),
                until: m.until.to_string(),
                new_pairs: n(m.new_pairs),
                paired: n(m.paired),
                contacted: n(m.contacted),
                new_employed: n(m.new_employed),
                employed: n(m.employed),
                // Old clients read this field: 0 when withheld (the new field says so).
                #[allow(deprecated)]
                low_income_employed: m.low_income_employed.map_or(0, n),
                released_low_income_employed: m.low_income_employed.map(n),
                postings_collected: n(m.postings_collected),
                postings_sent: n(m.postings_sent),
            })
            .collect(),
        quiet_cadres: report
            .quiet_cadres
            .iter()
            .map(|q| pb::QuietCadre {
                cadre_id: q.cadre.clone(),
                name: q.name.clone(),
                school: q.school.clone(),
                seeking: n(q.seeking),
                not_contacted: q.not_contacted.clone(),
                last_contact: q.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        short: report
            .short
            .iter()
            .map(|s| pb::ShortStudent {
                student_id: s.student.clone(),
                cadre_id: s.cadre.clone(),
                school: s.school.clone(),
                sent: n(s.sent),
                reason: s.reason.code().to_string(),
                reason_zh: s.reason.zh().to_string(),
            })
            .collect(),
        postings: report.postings.iter().map(postings).collect(),
        postings_total: Some(postings(&report.postings_total)),
        contact_days: report.contact_days,
        postings_per_student: n(report.postings_per_student),
        document: Vec::new(),
        media_type: String::new(),
        file_name: String::new(),
    }
}
