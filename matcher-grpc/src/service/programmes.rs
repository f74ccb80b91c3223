//! The `Programmes` service: the plan's other programmes (西部计划 recruitment, 社区实践 pairing, 创业帮扶
//! selection) on registers the service keeps. Backends replace registers and run the programmes; a school
//! token reads its own school's rows of a result; a cadre token nothing here.

use std::sync::Arc;

use chrono::Datelike;
use matcher_core::{Reject, SchoolCode};
use tonic::{Request, Response, Status};

use super::auth::{caller, require_backend};
use super::blocking;
use super::config::Principal;
use super::engine::{
    CommunityParams, CommunityResult, Engine, ProgrammeKind, RegisterKind, VentureOutcome, VentureParams,
    WesternParams, WesternResult,
};
use super::error::ServiceError;
use crate::pb;
use crate::tables::Table;

/// The 西部计划 lottery's seed when none is given (as `matcher western assign`).
pub const DEFAULT_SEED: u64 = 2026;
/// How far a 社区实践 branch travels when the request says nothing, km (as `matcher community pair`).
pub const DEFAULT_MAX_KM: f64 = 50.0;
/// The largest provincial total and budget a request may ask for.
const MAX_TOTAL: u32 = 100_000;
const MAX_BUDGET: u64 = 1_000_000_000;

/// The `Programmes` adapter.
pub struct ProgrammesApi {
    engine: Arc<Engine>,
}

impl ProgrammesApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> ProgrammesApi {
        ProgrammesApi { engine }
    }
}

/// A result's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xlsx,
}

fn format(value: i32) -> Result<Option<Format>, ServiceError> {
    match pb::ResultFormat::try_from(value) {
        Ok(pb::ResultFormat::Unspecified) => Ok(None),
        Ok(pb::ResultFormat::Json) => Ok(Some(Format::Json)),
        Ok(pb::ResultFormat::Xlsx) => Ok(Some(Format::Xlsx)),
        Err(_) => Err(ServiceError::invalid("format", format!("unknown format {value}"))),
    }
}

fn register_kind(value: i32) -> Result<RegisterKind, ServiceError> {
    Ok(match pb::Register::try_from(value) {
        Ok(pb::Register::WesternPosts) => RegisterKind::WesternPosts,
        Ok(pb::Register::WesternQuotas) => RegisterKind::WesternQuotas,
        Ok(pb::Register::WesternApplications) => RegisterKind::WesternApplications,
        Ok(pb::Register::Branches) => RegisterKind::Branches,
        Ok(pb::Register::Communities) => RegisterKind::Communities,
        Ok(pb::Register::Projects) => RegisterKind::Projects,
        Ok(pb::Register::Mentors) => RegisterKind::Mentors,
        Ok(pb::Register::Unspecified) | Err(_) => {
            return Err(ServiceError::invalid("register", "name a register (REGISTER_WESTERN_POSTS …)"))
        }
    })
}

fn programme_kind(value: i32) -> Result<ProgrammeKind, ServiceError> {
    Ok(match pb::Programme::try_from(value) {
        Ok(pb::Programme::Western) => ProgrammeKind::Western,
        Ok(pb::Programme::Community) => ProgrammeKind::Community,
        Ok(pb::Programme::Venture) => ProgrammeKind::Venture,
        Ok(pb::Programme::Unspecified) | Err(_) => {
            return Err(ServiceError::invalid("programme", "name a programme (PROGRAMME_WESTERN …)"))
        }
    })
}

/// The school a caller reads as: none for a backend (the province), its own for a school; a cadre is refused.
fn reader<T>(request: &Request<T>) -> Result<Option<SchoolCode>, ServiceError> {
    match caller(request)? {
        Principal::Backend => Ok(None),
        Principal::School(school) => Ok(Some(school)),
        Principal::Cadre(_) => {
            Err(ServiceError::PermissionDenied("a cadre token may not read the programmes' results".into()))
        }
    }
}

#[tonic::async_trait]
impl pb::programmes_server::Programmes for ProgrammesApi {
    async fn put_register(
        &self,
        request: Request<pb::PutRegisterRequest>,
    ) -> Result<Response<pb::PutRegisterResponse>, Status> {
        require_backend(&request, "replace a register")?;
        let request = request.into_inner();
        let kind = register_kind(request.register)?;
        let engine = self.engine.clone();
        let (accepted, rejects, dropped) =
            blocking(move || engine.programmes.put_register(kind, &request.content)).await?;
        tracing::info!(register = kind.name(), accepted, rejected = rejects.len(), "register replaced");
        Ok(Response::new(pb::PutRegisterResponse {
            accepted: n(accepted),
            rejected: reject_messages(&rejects),
            runs_dropped: dropped,
            rejected_rows: n(rejects.len()),
        }))
    }

    async fn assign_volunteers(
        &self,
        request: Request<pb::AssignVolunteersRequest>,
    ) -> Result<Response<pb::ProgrammeResult>, Status> {
        require_backend(&request, "run 西部计划 recruitment")?;
        let request = request.into_inner();
        let total = request.total.unwrap_or(matcher_core::Targets::builtin().western_plan_volunteers);
        if total > MAX_TOTAL {
            return Err(ServiceError::invalid("total", format!("{total}: at most {MAX_TOTAL}")).into());
        }
        let parameters = WesternParams { seed: request.seed.unwrap_or(DEFAULT_SEED), total };
        let format = format(request.format)?;
        let engine = self.engine.clone();
        let result = blocking(move || {
            let result = engine.programmes.western(Some(parameters))?;
            western_message(&engine, &result, None, format)
        })
        .await?;
        Ok(Response::new(result))
    }

    async fn pair_communities(
        &self,
        request: Request<pb::PairCommunitiesRequest>,
    ) -> Result<Response<pb::ProgrammeResult>, Status> {
        require_backend(&request, "run 社区实践 pairing")?;
        let request = request.into_inner();
        let max_km = request.max_km.unwrap_or(DEFAULT_MAX_KM);
        if !(max_km > 0.0 && max_km <= 5000.0) {
            return Err(
                ServiceError::invalid("max_km", format!("{max_km}: a distance above 0, at most 5000 km")).into()
            );
        }
        let format = format(request.format)?;
        let engine = self.engine.clone();
        let result = blocking(move || {
            let result = engine.programmes.community(Some(CommunityParams { max_km }))?;
            community_message(&engine, &result, None, format)
        })
        .await?;
        Ok(Response::new(result))
    }

    async fn select_ventures(
        &self,
        request: Request<pb::SelectVenturesRequest>,
    ) -> Result<Response<pb::ProgrammeResult>, Status> {
        require_backend(&request, "run 创业帮扶 selection")?;
        let request = request.into_inner();
        if request.budget == 0 || request.budget > MAX_BUDGET {
            let reason = format!("{}: the budget in yuan, above 0 and at most {MAX_BUDGET}", request.budget);
            return Err(ServiceError::invalid("budget", reason).into());
        }
        let year = request.year.unwrap_or_else(|| chrono::Local::now().year() as u32);
        if !(2000..=2100).contains(&year) {
            return Err(ServiceError::invalid("year", format!("{year}: a year from 2000 to 2100")).into());
        }
        let cap_bound = matcher_core::MAX_SCHOOL_CAP;
        if let Some(cap) = request.max_per_school.filter(|cap| *cap > cap_bound) {
            return Err(ServiceError::invalid("max_per_school", format!("{cap}: at most {cap_bound}")).into());
        }
        let max_batch = self.engine.limits().max_batch;
        if request.school_caps.len() > max_batch {
            let reason = format!("{} items, more than the limit of {max_batch}", request.school_caps.len());
            return Err(ServiceError::invalid("school_caps", reason).into());
        }
        let mut school_caps = std::collections::BTreeMap::new();
        let mut first = std::collections::BTreeMap::new();
        let mut invalid = Vec::new();
        for (i, item) in request.school_caps.iter().enumerate() {
            match matcher_core::Quotas::school(self.engine.taxonomy(), &item.school) {
                Ok(_) if item.cap > cap_bound => {
                    invalid.push((format!("school_caps[{i}].cap"), format!("{}: at most {cap_bound}", item.cap)))
                }
                Ok(school) => match first.get(&school) {
                    Some(j) => invalid.push((
                        format!("school_caps[{i}].school"),
                        format!("the school of school_caps[{j}] again: give each school one cap"),
                    )),
                    None => {
                        first.insert(school.clone(), i);
                        school_caps.insert(school, item.cap);
                    }
                },
                Err(reason) => invalid.push((format!("school_caps[{i}].school"), reason)),
            }
        }
        if !invalid.is_empty() {
            return Err(ServiceError::Invalid(invalid).into());
        }
        let parameters = VentureParams {
            budget: request.budget,
            year: year as u16,
            max_per_school: request.max_per_school,
            school_caps,
        };
        let format = format(request.format)?;
        let engine = self.engine.clone();
        let result = blocking(move || {
            let result = engine.programmes.venture(Some(parameters))?;
            venture_message(&engine, &result, None, format)
        })
        .await?;
        Ok(Response::new(result))
    }

    async fn get_programme_result(
        &self,
        request: Request<pb::GetProgrammeResultRequest>,
    ) -> Result<Response<pb::ProgrammeResult>, Status> {
        let school = reader(&request)?;
        let request = request.into_inner();
        let programme = programme_kind(request.programme)?;
        let format = format(request.format)?;
        let engine = self.engine.clone();
        let result = blocking(move || match programme {
            ProgrammeKind::Western => {
                let result = scoped(engine.programmes.western(None)?, school.as_ref(), |r, s| r.for_school(s));
                western_message(&engine, &result, school.as_ref(), format)
            }
            ProgrammeKind::Community => {
                let result = scoped(engine.programmes.community(None)?, school.as_ref(), |r, s| r.for_school(s));
                community_message(&engine, &result, school.as_ref(), format)
            }
            ProgrammeKind::Venture => {
                let result = scoped(engine.programmes.venture(None)?, school.as_ref(), |r, s| r.for_school(s));
                venture_message(&engine, &result, school.as_ref(), format)
            }
        })
        .await?;
        Ok(Response::new(result))
    }
}

/// A result as `school` may read it (none: the province's, whole).
fn scoped<T>(result: T, school: Option<&SchoolCode>, cut: impl FnOnce(T, &SchoolCode) -> T) -> T {
    match school {
        Some(school) => cut(result, school),
        None => result,
    }
}

fn n(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The most rejected fields an answer lists: a register of 200,000 bad rows would otherwise answer with tens
/// of megabytes, past what a client receives, after the register was replaced. `rejected_rows` counts them all.
const LISTED_REJECTS: usize = 1_000;
/// The longest reason listed (a reason may quote the row's value).
const LISTED_REASON_BYTES: usize = 512;

fn reject_messages(rejects: &[Reject]) -> Vec<pb::RegisterReject> {
    let cut = |text: &str| super::error::bounded(text, LISTED_REASON_BYTES);
    rejects
        .iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| pb::RegisterReject {
                line: n(r.line),
                record_id: cut(r.record_id.as_deref().unwrap_or_default()),
                field: e.field.clone(),
                reason: cut(&e.reason),
            })
        })
        .take(LISTED_REJECTS)
        .collect()
}

/// What every result message shares.
struct Shared<'a> {
    programme: pb::Programme,
    count: u32,
    of: u32,
    school: Option<&'a SchoolCode>,
    summary: Vec<String>,
    parameters: String,
}

/// The message, with the document in `format` (JSON as the command writes it; the workbook with the rejected
/// rows, if any, on a 退回记录 sheet).
fn message(
    shared: Shared<'_>,
    format: Option<Format>,
    json: impl FnOnce() -> serde_json::Result<serde_json::Value>,
    mut tables: Vec<Table>,
    rejects: &[Reject],
    (title, json_file, xlsx_file): (&str, &str, &str),
) -> Result<pb::ProgrammeResult, ServiceError> {
    let internal = |e: &dyn std::fmt::Display| ServiceError::Internal(e.to_string());
    let (document, media_type, file_name) = match format {
        None => (Vec::new(), String::new(), String::new()),
        Some(Format::Json) => {
            let mut bytes = serde_json::to_vec_pretty(&json().map_err(|e| internal(&e))?).map_err(|e| internal(&e))?;
            bytes.push(b'\n');
            (bytes, "application/json".to_string(), json_file.to_string())
        }
        Some(Format::Xlsx) => {
            if !rejects.is_empty() {
                tables.push(crate::tables::rejects(rejects));
            }
            let bytes = crate::tables::workbook(title, &tables).map_err(|e| internal(&e))?;
            let media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            (bytes, media.to_string(), xlsx_file.to_string())
        }
    };
    Ok(pb::ProgrammeResult {
        programme: shared.programme as i32,
        count: shared.count,
        of: shared.of,
        school: shared.school.map(ToString::to_string).unwrap_or_default(),
        summary: shared.summary,
        parameters: shared.parameters,
        document,
        media_type,
        file_name,
    })
}

fn western_message(
    engine: &Engine,
    r: &WesternResult,
    school: Option<&SchoolCode>,
    format: Option<Format>,
) -> Result<pb::ProgrammeResult, ServiceError> {
    let a = &r.assignment;
    let mut summary = vec![format!(
        "报名 {} 人，派遣名单 {} 人（全省名额 {}，抽签种子 {}）",
        r.applications.len(),
        a.placed.len(),
        r.parameters.total,
        r.parameters.seed
    )];
    if school.is_none() {
        for t in &a.tracks {
            let quota = t.quota.map_or_else(|| "不限".to_string(), |q| q.to_string());
            summary.push(format!("{}：派遣 {}（专项名额 {quota}，岗位 {}）", t.track.zh(), t.placed, t.posts_capacity));
        }
    }
    let stages: Vec<String> = r.pipeline.stages.iter().map(|(s, k)| format!("{} {k}", s.zh())).collect();
    summary.push(format!("阶段：{}；计入全年志愿者（推荐至期满）{} 人", stages.join("、"), r.pipeline.counted));
    if !r.pipeline.issues.is_empty() {
        summary.push(format!("台账中未采用的阶段记录 {} 条（见 台账问题）", r.pipeline.issues.len()));
    }
    if !r.rejects.is_empty() {
        summary.push(format!("登记表退回 {} 行（见 退回记录）", r.rejects.len()));
    }
    let taxonomy = engine.taxonomy();
    let shared = Shared {
        programme: pb::Programme::Western,
        count: r.pipeline.counted,
        of: n(r.applications.len()),
        school,
        summary,
        parameters: serde_json::to_string(&r.parameters).unwrap_or_default(),
    };
    message(
        shared,
        format,
        || crate::western::json(a, &r.pipeline),
        crate::western::tables(taxonomy, a, &r.pipeline),
        &r.rejects,
        (crate::western::TITLE, crate::western::JSON_FILE, crate::western::XLSX_FILE),
    )
}

fn community_message(
    engine: &Engine,
    r: &CommunityResult,
    school: Option<&SchoolCode>,
    format: Option<Format>,
) -> Result<pb::ProgrammeResult, ServiceError> {
    let p = &r.pairing;
    let share = if p.branches > 0 { f64::from(p.paired) * 100.0 / f64::from(p.branches) } else { 0.0 };
    let met = p.schools.iter().filter(|s| s.short.is_none()).count();
    let summary = vec![
        format!("团支部 {} 个，已结对 {} 个（{share:.1}%），{} 公里以内", p.branches, p.paired, r.parameters.max_km),
        format!("达到目标的学校 {met} 所，未达到 {} 所（原因见 学校覆盖）", p.schools.len() - met),
    ];
    let taxonomy = engine.taxonomy();
    let shared = Shared {
        programme: pb::Programme::Community,
        count: p.paired,
        of: p.branches,
        school,
        summary,
        parameters: serde_json::to_string(&r.parameters).unwrap_or_default(),
    };
    message(
        shared,
        format,
        || serde_json::to_value(p),
        crate::community::tables(taxonomy, &r.branches, &r.communities, p),
        &r.rejects,
        (crate::community::TITLE, crate::community::JSON_FILE, crate::community::XLSX_FILE),
    )
}

fn venture_message(
    engine: &Engine,
    r: &VentureOutcome,
    school: Option<&SchoolCode>,
    format: Option<Format>,
) -> Result<pb::ProgrammeResult, ServiceError> {
    let s = &r.selection;
    let mut summary = vec![format!(
        "项目 {} 个，入选 {} 个，其中硬核科技、乡村振兴 {} 个，资助 {} 元（全省预算 {} 元），评审总分 {:.1}",
        r.projects.len(),
        s.funded.len(),
        s.priority,
        s.granted,
        r.parameters.budget,
        s.total_score
    )];
    for rule in &s.rules {
        let binding = if rule.binding { "影响入选" } else { "不影响入选" };
        summary.push(format!("{}：{binding}，使总分减少 {:.1}", rule.rule.zh(), rule.cost));
    }
    if let Some((_, m)) = &r.mentors {
        summary.push(format!("导师：{} 个项目已匹配，{} 个待补充", m.assigned.len(), m.without.len()));
    }
    let taxonomy = engine.taxonomy();
    let shared = Shared {
        programme: pb::Programme::Venture,
        count: n(s.funded.len()),
        of: n(r.projects.len()),
        school,
        summary,
        parameters: serde_json::to_string(&r.parameters).unwrap_or_default(),
    };
    let result = crate::venture::VentureResult {
        projects: &r.projects,
        selection: s,
        mentors: r.mentors.as_ref().map(|(mentors, assignment)| (mentors.as_slice(), assignment)),
    };
    message(
        shared,
        format,
        || Ok(crate::venture::json(&result)),
        crate::venture::tables(taxonomy, &result),
        &r.rejects,
        (crate::venture::TITLE, crate::venture::JSON_FILE, crate::venture::XLSX_FILE),
    )
}
