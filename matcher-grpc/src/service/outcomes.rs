//! The `Outcomes` service: what happened after a posting was brought to a student.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::auth::require_backend;
use super::blocking;
use super::convert;
use super::engine::Engine;
use super::store::Outcome;
use crate::pb;

/// The `Outcomes` adapter.
pub struct OutcomesApi {
    engine: Arc<Engine>,
}

impl OutcomesApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> OutcomesApi {
        OutcomesApi { engine }
    }
}

#[tonic::async_trait]
impl pb::outcomes_server::Outcomes for OutcomesApi {
    async fn report_outcome(
        &self,
        request: Request<pb::ReportOutcomeRequest>,
    ) -> Result<Response<pb::ReportOutcomeResponse>, Status> {
        require_backend(&request, "report outcomes")?;
        let request = request.into_inner();
        let outcome = Outcome {
            student: convert::id("student_id", &request.student_id)?,
            posting: convert::id("posting_id", &request.posting_id)?,
            kind: convert::outcome_kind(request.kind)?,
            day: convert::day("day", &request.day)?.to_string(),
        };
        let request_id = convert::request_id(&request.request_id)?;
        let engine = self.engine.clone();
        let (recorded, headcount_left) =
            blocking(move || engine.outcomes.report(&outcome, request_id.as_deref())).await?;
        tracing::info!(kind = ?recorded.outcome.kind, new = recorded.new, "outcome recorded");
        Ok(Response::new(pb::ReportOutcomeResponse {
            outcome: Some(convert::outcome(&recorded.outcome)),
            student_employed: recorded.employed,
            headcount_left,
            replayed: !recorded.new,
        }))
    }

    async fn list_outcomes(
        &self,
        request: Request<pb::ListOutcomesRequest>,
    ) -> Result<Response<pb::ListOutcomesResponse>, Status> {
        require_backend(&request, "read outcomes")?;
        let id = convert::id("student_id", &request.into_inner().student_id)?;
        let engine = self.engine.clone();
        let outcomes = blocking(move || engine.outcomes.list(&id)).await?;
        Ok(Response::new(pb::ListOutcomesResponse { outcomes: outcomes.iter().map(convert::outcome).collect() }))
    }
}
