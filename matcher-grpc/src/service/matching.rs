//! The `Matching` service: one student, one cadre's students, or a batch (server stream).

use std::sync::Arc;

use matcher_core::{CadreId, CaseEvent, Event, StudentId, Taxonomy};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::auth::{caller, require_backend, require_cadre};
use super::config::Principal;
use super::convert;
use super::engine::{Engine, Lists};
use super::error::ServiceError;
use super::{blocking, computed, deadline};
use crate::pb;

/// The `Matching` adapter.
pub struct MatchingApi {
    engine: Arc<Engine>,
}

impl MatchingApi {
    /// An adapter over `engine`.
    pub fn new(engine: Arc<Engine>) -> MatchingApi {
        MatchingApi { engine }
    }
}

/// Records each stored student's list as sent (推荐岗位) in their case file, written by the caller, today.
async fn deliver(engine: &Arc<Engine>, who: &Principal, lists: &Arc<Lists>) -> Result<(), Status> {
    let author = super::cases::author_of(who)?;
    let (engine, lists) = (engine.clone(), lists.clone());
    blocking(move || {
        let day = chrono::Local::now().date_naive();
        for result in &lists.batch.students {
            let postings: Vec<_> = result.recommendations.iter().map(|r| r.posting.clone()).collect();
            if postings.is_empty() {
                continue;
            }
            let event = Event::PostingsSent { postings };
            let event = CaseEvent { student: result.student.clone(), day, author: author.clone(), event };
            engine.cases.append(&author, event)?;
        }
        Ok(())
    })
    .await
}

fn student_messages(lists: &Lists) -> Vec<pb::StudentRecommendations> {
    let taxonomy = Taxonomy::embedded();
    lists
        .students
        .iter()
        .zip(&lists.batch.students)
        .map(|(student, result)| convert::student_result(taxonomy, student, result, &lists.postings))
        .collect()
}

#[tonic::async_trait]
impl pb::matching_server::Matching for MatchingApi {
    async fn recommend(
        &self,
        request: Request<pb::RecommendRequest>,
    ) -> Result<Response<pb::StudentRecommendations>, Status> {
        let who = caller(&request)?;
        let deadline = deadline(&request, self.engine.limits().request_timeout);
        let request = request.into_inner();
        let options = convert::options(request.options)?;
        let engine = self.engine.clone();
        let stored = matches!(request.who, Some(pb::recommend_request::Who::StudentId(_)));
        let lists = match request.who {
            Some(pb::recommend_request::Who::StudentId(id)) => {
                let id: StudentId = convert::id("student_id", &id)?;
                if let Principal::Cadre(own) = &who {
                    let (engine, id) = (engine.clone(), id.clone());
                    let cadre = blocking(move || engine.pairings.cadre_of(&id)).await?;
                    if cadre.as_ref() != Some(own) {
                        let reason = "a cadre token reads only its own students".to_string();
                        return Err(ServiceError::PermissionDenied(reason).into());
                    }
                }
                // A list asked for before comes back without leaving this thread.
                match engine.matching.kept_list(&id, &options)? {
                    Some(lists) => lists,
                    None => {
                        computed(move || {
                            engine.matching.recommend_stored(engine.people.student(&id)?, &options, deadline)
                        })
                        .await?
                    }
                }
            }
            Some(pb::recommend_request::Who::Profile(profile)) => {
                if who != Principal::Backend {
                    return Err(ServiceError::PermissionDenied("a cadre token may not send profiles".into()).into());
                }
                let record = convert::student_record(1, profile);
                let lists = computed(move || {
                    engine.matching.recommend(vec![engine.people.inline_student(record)?], &options, deadline)
                })
                .await?;
                Arc::new(lists)
            }
            None => return Err(ServiceError::invalid("who", "give student_id or profile").into()),
        };
        if request.deliver && stored {
            deliver(&self.engine, &who, &lists).await?;
        }
        let message = student_messages(&lists).pop().ok_or_else(|| ServiceError::Internal("no result".into()))?;
        Ok(Response::new(message))
    }

    async fn recommend_for_cadre(
        &self,
        request: Request<pb::RecommendForCadreRequest>,
    ) -> Result<Response<pb::CadreRecommendations>, Status> {
        let who = caller(&request)?;
        let deadline = deadline(&request, self.engine.limits().request_timeout);
        let request = request.into_inner();
        let cadre_id: CadreId = convert::id("cadre_id", &request.cadre_id)?;
        require_cadre(&who, &cadre_id)?;
        let options = convert::options(request.options)?;
        let engine = self.engine.clone();
        let (cadre, lists) = computed(move || {
            let cadre = engine.people.cadre(&cadre_id)?;
            let pairings = engine.pairings.get(Some(&cadre_id))?;
            let ids: Vec<StudentId> = pairings.into_iter().flat_map(|p| p.students).collect();
            let students = engine.people.students(&ids)?;
            Ok((cadre, Arc::new(engine.matching.recommend(students, &options, deadline)?)))
        })
        .await?;
        if request.deliver {
            deliver(&self.engine, &who, &lists).await?;
        }
        Ok(Response::new(pb::CadreRecommendations {
            cadre: Some(convert::cadre(&cadre)),
            students: student_messages(&lists),
        }))
    }

    type BatchRecommendStream = ReceiverStream<Result<pb::BatchRecommendResponse, Status>>;

    async fn batch_recommend(
        &self,
        request: Request<pb::BatchRecommendRequest>,
    ) -> Result<Response<Self::BatchRecommendStream>, Status> {
        require_backend(&request, "recommend in batches")?;
        let deadline = deadline(&request, self.engine.limits().request_timeout);
        let request = request.into_inner();
        let options = convert::options(request.options)?;
        let ids: Vec<StudentId> =
            request.student_ids.iter().map(|id| convert::id("student_ids", id)).collect::<Result<_, _>>()?;
        let engine = self.engine.clone();
        let lists = computed(move || {
            let students = if ids.is_empty() {
                let paired = engine.pairings.paired()?;
                paired.iter().map(|id| engine.people.student(id)).collect::<Result<_, _>>()?
            } else {
                engine.people.students(&ids)?
            };
            engine.matching.recommend(students, &options, deadline)
        })
        .await?;
        let (sender, receiver) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            let summary = convert::summary(&lists.batch);
            for message in student_messages(&lists) {
                let item =
                    pb::BatchRecommendResponse { item: Some(pb::batch_recommend_response::Item::Student(message)) };
                if sender.send(Ok(item)).await.is_err() {
                    return; // the client went away
                }
            }
            let item = pb::BatchRecommendResponse { item: Some(pb::batch_recommend_response::Item::Summary(summary)) };
            let _ = sender.send(Ok(item)).await;
        });
        Ok(Response::new(ReceiverStream::new(receiver)))
    }
}
