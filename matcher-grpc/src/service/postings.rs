//! The `Postings` service: upsert (client stream), delete, get, search.

use std::sync::Arc;

use matcher_core::{PostingId, SearchQuery};
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};

use super::auth::require_backend;
use super::convert::{self, MAX_SEARCH_TOP};
use super::engine::Engine;
use super::error::ServiceError;
use super::{blocking, deadline};
use crate::pb;

/// The `Postings` adapter.
pub struct PostingsApi {
    engine: Arc<Engine>,
}

impl PostingsApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> PostingsApi {
        PostingsApi { engine }
    }
}

#[tonic::async_trait]
impl pb::postings_server::Postings for PostingsApi {
    async fn upsert_postings(
        &self,
        request: Request<Streaming<pb::PostingInput>>,
    ) -> Result<Response<pb::UpsertPostingsResponse>, Status> {
        require_backend(&request, "write postings")?;
        let (max, max_bytes) = (self.engine.limits().max_batch, self.engine.limits().max_stream_bytes);
        let deadline = deadline(&request, self.engine.limits().request_timeout);
        let mut stream = request.into_inner();
        let mut records = Vec::new();
        let mut bytes = 0usize;
        while let Some(input) = stream.next().await {
            if records.len() == max {
                let reason = format!("more than the limit of {max} records in one stream");
                return Err(ServiceError::invalid("records", reason).into());
            }
            let input = input?;
            bytes += prost::Message::encoded_len(&input);
            if bytes > max_bytes {
                let reason =
                    format!("the stream holds more than {max_bytes} bytes of records (limits.max_stream_bytes)");
                return Err(ServiceError::TooLarge(reason).into());
            }
            records.push(convert::posting_record(records.len() + 1, input));
        }
        let engine = self.engine.clone();
        let results = blocking(move || engine.postings.upsert(records, deadline)).await?;
        let results = convert::record_results(results);
        let (accepted, merged, rejected) = convert::tally(&results);
        let warnings = results.iter().map(|r| r.warnings.len() as u32).sum();
        tracing::info!(accepted, merged, rejected, warnings, "postings upserted");
        Ok(Response::new(pb::UpsertPostingsResponse { results, accepted, merged, rejected, warnings }))
    }

    async fn delete_postings(
        &self,
        request: Request<pb::DeletePostingsRequest>,
    ) -> Result<Response<pb::DeletePostingsResponse>, Status> {
        require_backend(&request, "delete postings")?;
        let ids: Vec<PostingId> =
            request.into_inner().ids.iter().map(|id| convert::id("ids", id)).collect::<Result<_, _>>()?;
        let engine = self.engine.clone();
        let (deleted, missing) = blocking(move || engine.postings.delete(&ids)).await?;
        Ok(Response::new(pb::DeletePostingsResponse {
            deleted: deleted as u32,
            not_found: missing.iter().map(ToString::to_string).collect(),
        }))
    }

    async fn get_posting(&self, request: Request<pb::GetPostingRequest>) -> Result<Response<pb::Posting>, Status> {
        require_backend(&request, "read postings")?;
        let id: PostingId = convert::id("id", &request.into_inner().id)?;
        let engine = self.engine.clone();
        let posting = blocking(move || engine.postings.get(&id)).await?;
        Ok(Response::new(convert::posting(matcher_core::Taxonomy::embedded(), &posting)))
    }

    async fn search_postings(
        &self,
        request: Request<pb::SearchPostingsRequest>,
    ) -> Result<Response<pb::SearchPostingsResponse>, Status> {
        require_backend(&request, "search postings")?;
        let request = request.into_inner();
        let taxonomy = matcher_core::Taxonomy::embedded();
        let top = match request.top as usize {
            0 => 10,
            top if top > MAX_SEARCH_TOP => {
                return Err(ServiceError::invalid("top", format!("{top} is more than {MAX_SEARCH_TOP}")).into());
            }
            top => top,
        };
        let region = match request.region.trim() {
            "" => None,
            text => Some(
                matcher_core::resolve_place(&taxonomy.regions, text).map_err(|e| ServiceError::invalid("region", e))?,
            ),
        };
        let kind = match request.kind.trim() {
            "" => None,
            text => Some(convert::id("kind", text)?),
        };
        let query = SearchQuery {
            text: request.query,
            region,
            kind,
            top,
            open_on: Some(convert::day("open_on", &request.open_on)?),
        };
        let engine = self.engine.clone();
        let hits = blocking(move || engine.postings.search(&query)).await?;
        let hits = hits
            .iter()
            .map(|hit| pb::SearchHit {
                score: hit.score,
                posting: Some(convert::listed_posting(taxonomy, &hit.posting)),
            })
            .collect();
        Ok(Response::new(pb::SearchPostingsResponse { hits }))
    }
}
