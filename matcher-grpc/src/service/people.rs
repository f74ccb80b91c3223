//! The `People` service: students, cadres, pairings.

use std::sync::Arc;

use matcher_core::{CadreId, StudentId};
use tonic::{Request, Response, Status};

use super::auth::{caller, require_backend, require_cadre};
use super::blocking;
use super::convert;
use super::engine::{Engine, RecordResult};
use crate::pb;

/// The `People` adapter.
pub struct PeopleApi {
    engine: Arc<Engine>,
}

impl PeopleApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> PeopleApi {
        PeopleApi { engine }
    }
}

fn people_response(results: Vec<RecordResult>) -> pb::UpsertPeopleResponse {
    let results = convert::record_results(results);
    let (accepted, _, rejected) = convert::tally(&results);
    pb::UpsertPeopleResponse { results, accepted, rejected }
}

#[tonic::async_trait]
impl pb::people_server::People for PeopleApi {
    async fn upsert_students(
        &self,
        request: Request<pb::UpsertStudentsRequest>,
    ) -> Result<Response<pb::UpsertPeopleResponse>, Status> {
        require_backend(&request, "write students")?;
        let students = request.into_inner().students.into_iter();
        let records: Vec<_> = students.enumerate().map(|(i, s)| convert::student_record(i + 1, s)).collect();
        let engine = self.engine.clone();
        let results = blocking(move || engine.people.upsert_students(records)).await?;
        Ok(Response::new(people_response(results)))
    }

    async fn get_student(&self, request: Request<pb::GetStudentRequest>) -> Result<Response<pb::Student>, Status> {
        require_backend(&request, "read student profiles")?;
        let id: StudentId = convert::id("id", &request.into_inner().id)?;
        let engine = self.engine.clone();
        let student = blocking(move || engine.people.student(&id)).await?;
        Ok(Response::new(convert::student(&student)))
    }

    async fn delete_students(
        &self,
        request: Request<pb::DeleteStudentsRequest>,
    ) -> Result<Response<pb::DeletePeopleResponse>, Status> {
        require_backend(&request, "delete students")?;
        let ids: Vec<StudentId> =
            request.into_inner().ids.iter().map(|id| convert::id("ids", id)).collect::<Result<_, _>>()?;
        let count = ids.len();
        let engine = self.engine.clone();
        let missing = blocking(move || engine.people.delete_students(&ids)).await?;
        Ok(Response::new(pb::DeletePeopleResponse {
            deleted: (count - missing.len()) as u32,
            not_found: missing.iter().map(ToString::to_string).collect(),
        }))
    }

    async fn upsert_cadres(
        &self,
        request: Request<pb::UpsertCadresRequest>,
    ) -> Result<Response<pb::UpsertPeopleResponse>, Status> {
        require_backend(&request, "write cadres")?;
        let cadres = request.into_inner().cadres.into_iter();
        let records: Vec<_> = cadres.enumerate().map(|(i, c)| convert::cadre_record(i + 1, c)).collect();
        let engine = self.engine.clone();
        let results = blocking(move || engine.people.upsert_cadres(records)).await?;
        Ok(Response::new(people_response(results)))
    }

    async fn get_cadre(&self, request: Request<pb::GetCadreRequest>) -> Result<Response<pb::Cadre>, Status> {
        let id: CadreId = convert::id("id", &request.get_ref().id)?;
        require_cadre(&caller(&request)?, &id)?;
        let engine = self.engine.clone();
        let cadre = blocking(move || engine.people.cadre(&id)).await?;
        Ok(Response::new(convert::cadre(&cadre)))
    }

    async fn delete_cadres(
        &self,
        request: Request<pb::DeleteCadresRequest>,
    ) -> Result<Response<pb::DeletePeopleResponse>, Status> {
        require_backend(&request, "delete cadres")?;
        let ids: Vec<CadreId> =
            request.into_inner().ids.iter().map(|id| convert::id("ids", id)).collect::<Result<_, _>>()?;
        let count = ids.len();
        let engine = self.engine.clone();
        let missing = blocking(move || engine.people.delete_cadres(&ids)).await?;
        Ok(Response::new(pb::DeletePeopleResponse {
            deleted: (count - missing.len()) as u32,
            not_found: missing.iter().map(ToString::to_string).collect(),
        }))
    }

    async fn set_pairings(
        &self,
        request: Request<pb::SetPairingsRequest>,
    ) -> Result<Response<pb::SetPairingsResponse>, Status> {
        require_backend(&request, "set pairings")?;
        let request = request.into_inner();
        let pairs: Vec<(String, String)> = request.pairs.into_iter().map(|p| (p.cadre_id, p.student_id)).collect();
        let engine = self.engine.clone();
        let results = blocking(move || engine.pairings.set(&pairs, request.replace_all)).await?;
        let results = convert::record_results(results);
        let (accepted, _, rejected) = convert::tally(&results);
        Ok(Response::new(pb::SetPairingsResponse { results, accepted, rejected }))
    }

    async fn get_pairings(
        &self,
        request: Request<pb::GetPairingsRequest>,
    ) -> Result<Response<pb::GetPairingsResponse>, Status> {
        let who = caller(&request)?;
        let cadre = match request.into_inner().cadre_id.trim() {
            "" => None,
            text => Some(convert::id::<CadreId>("cadre_id", text)?),
        };
        match &cadre {
            Some(cadre) => require_cadre(&who, cadre)?,
            None if who != super::config::Principal::Backend => {
                return Err(super::error::ServiceError::PermissionDenied(
                    "a cadre token must name its own cadre_id".into(),
                )
                .into());
            }
            None => {}
        }
        let engine = self.engine.clone();
        let pairings = blocking(move || engine.pairings.get(cadre.as_ref())).await?;
        Ok(Response::new(pb::GetPairingsResponse { pairings: pairings.iter().map(pairing).collect() }))
    }

    async fn propose_pairings(
        &self,
        request: Request<pb::ProposePairingsRequest>,
    ) -> Result<Response<pb::ProposePairingsResponse>, Status> {
        require_backend(&request, "propose pairings")?;
        let request = request.into_inner();
        let apply = request.apply;
        let quotas = convert::quotas(self.engine.taxonomy(), &request.quotas)?;
        let engine = self.engine.clone();
        let proposal = blocking(move || engine.pairings.propose(apply, quotas.as_ref())).await?;
        let unpaired = proposal
            .unpaired
            .iter()
            .map(|(student, why)| pb::Unpaired {
                student_id: student.to_string(),
                reason: why.code().to_string(),
                reason_zh: why.zh().to_string(),
            })
            .collect();
        let released = proposal
            .released
            .iter()
            .map(|(student, cadre, why)| pb::Released {
                student_id: student.to_string(),
                cadre_id: cadre.to_string(),
                reason: why.code().to_string(),
                reason_zh: why.zh().to_string(),
            })
            .collect();
        let quotas = proposal
            .quotas
            .iter()
            .map(|q| pb::QuotaProgress {
                school: q.school.to_string(),
                quota: q.quota as u32,
                paired: q.paired as u32,
                short: q
                    .short
                    .map(|s| {
                        serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                    })
                    .unwrap_or_default(),
                short_zh: q.short.map(|s| s.zh().to_string()).unwrap_or_default(),
            })
            .collect();
        Ok(Response::new(pb::ProposePairingsResponse {
            pairings: proposal.pairings.iter().map(pairing).collect(),
            unpaired,
            applied: apply,
            released,
            kept: proposal.kept as u32,
            new_pairs: proposal.new as u32,
            quotas,
        }))
    }
}

fn pairing(pairing: &matcher_core::Pairing) -> pb::Pairing {
    pb::Pairing {
        cadre_id: pairing.cadre.to_string(),
        student_ids: pairing.students.iter().map(ToString::to_string).collect(),
    }
}
