//! Matching: lists for students allocated together on the live catalog, and single stored students' lists
//! kept until the student or the catalog changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use matcher_core::{RecommendOptions, Recommender, Student, StudentId};

use super::super::error::ServiceError;
use super::live::{ListKey, Lists, Live};
use super::state::State;

/// The matching domain.
pub struct Matching {
    state: Arc<State>,
}

impl Matching {
    pub(crate) fn new(state: Arc<State>) -> Matching {
        Matching { state }
    }

    /// Lists for students allocated together, with the postings they name; the work stops at `deadline`.
    /// The callers bound what a client controls (ids asked for); every paired student at once is the
    /// server's own batch.
    pub fn recommend(
        &self,
        students: Vec<Student>,
        options: &RecommendOptions,
        deadline: Instant,
    ) -> Result<Lists, ServiceError> {
        self.recommend_with(&*self.state.catalog()?, students, options, deadline)
    }

    /// A stored student's list if it was computed before on the live catalog and nothing changed since.
    pub fn kept_list(&self, id: &StudentId, options: &RecommendOptions) -> Result<Option<Arc<Lists>>, ServiceError> {
        Ok(self.state.catalog()?.list(id, &ListKey::of(options)))
    }

    /// A stored student's list, from the lists kept for the live catalog when asked before.
    pub fn recommend_stored(
        &self,
        student: Student,
        options: &RecommendOptions,
        deadline: Instant,
    ) -> Result<Arc<Lists>, ServiceError> {
        let live = self.state.catalog()?;
        let key = ListKey::of(options);
        if let Some(lists) = live.list(&student.id, &key) {
            return Ok(lists);
        }
        let changes = live.changes();
        let id = student.id.clone();
        let lists = Arc::new(self.recommend_with(&live, vec![student], options, deadline)?);
        live.keep_list(&id, key, lists.clone(), changes);
        Ok(lists)
    }

    fn recommend_with(
        &self,
        live: &Live,
        students: Vec<Student>,
        options: &RecommendOptions,
        deadline: Instant,
    ) -> Result<Lists, ServiceError> {
        let state = &self.state;
        let batch = Recommender::new(state.taxonomy, &live.catalog, &state.scoring)
            .until(deadline)
            .recommend(&students, options)
            .map_err(|e| ServiceError::from(e).under("options"))?;
        let mut postings = HashMap::new();
        for result in &batch.students {
            for recommendation in &result.recommendations {
                if !postings.contains_key(&recommendation.posting) {
                    postings.insert(recommendation.posting.clone(), live.posting(&recommendation.posting)?);
                }
            }
        }
        Ok(Lists { students, batch, postings })
    }
}
