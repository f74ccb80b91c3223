//! `State`: what every domain of the engine shares: the taxonomy, the posting index, the store, the live
//! catalog, the scoring configuration and the request bounds, and the one lock that serialises writers.
//! The live catalog is replaced whole (readers clone the `Arc` and never wait for a writer).

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use matcher_core::{Catalog, PostingId, PostingIndex, ScoringConfig, Taxonomy};

use super::super::config::Limits;
use super::super::error::ServiceError;
use super::super::store::Store;
use super::live::Live;

/// Distinct sets of words whose text look-ups the live catalog keeps (at most a few MB each at 1,000,000
/// postings; typically tens of KB).
const TEXT_LOOKUPS_KEPT: usize = 4096;

/// The engine's shared state.
pub(crate) struct State {
    pub taxonomy: &'static Taxonomy,
    pub index: PostingIndex,
    pub store: Store,
    pub scoring: ScoringConfig,
    pub limits: Limits,
    catalog: RwLock<Arc<Live>>,
    /// Serialises index writers and catalog replacements.
    writes: Mutex<()>,
}

impl State {
    /// The state over an open index and store, with the catalog built from them.
    pub fn new(
        index: PostingIndex,
        store: Store,
        scoring: ScoringConfig,
        limits: Limits,
    ) -> Result<State, ServiceError> {
        let taxonomy = Taxonomy::embedded();
        let catalog = build_catalog(taxonomy, &index, &store, &scoring)?;
        let live = Live::new(catalog, limits.cache_bytes);
        Ok(State {
            taxonomy,
            index,
            store,
            scoring,
            limits,
            catalog: RwLock::new(Arc::new(live)),
            writes: Mutex::new(()),
        })
    }

    /// The live catalog now.
    pub fn catalog(&self) -> Result<Arc<Live>, ServiceError> {
        Ok(self.catalog.read().map_err(|_| poisoned())?.clone())
    }

    /// Replaces the live catalog. Call with the write lock held.
    pub fn replace_catalog(&self, catalog: Catalog) -> Result<(), ServiceError> {
        *self.catalog.write().map_err(|_| poisoned())? = Arc::new(Live::new(catalog, self.limits.cache_bytes));
        Ok(())
    }

    /// Takes in what an index write changed: the postings written and those deleted are applied to a copy of
    /// the live catalog (milliseconds, where a rebuild reads every posting), small segments merged first; a
    /// rebuild only when the copy cannot follow the index. Call with the write lock held, after the commit.
    pub fn update_catalog(&self, upserted: &[PostingId], removed: &[PostingId]) -> Result<(), ServiceError> {
        let started = std::time::Instant::now();
        self.index.merge_small_segments()?;
        let snapshot = self.index.snapshot();
        let mut changed = Vec::with_capacity(upserted.len());
        for id in upserted {
            if let Some(at) = snapshot.locate(id)? {
                changed.push((snapshot.load(at)?, at));
            }
        }
        let live = self.catalog()?;
        let Some(mut next) = live.catalog.apply(self.taxonomy, &self.scoring, snapshot, changed, removed)? else {
            return self.rebuild_catalog();
        };
        // A posting written again starts from its published headcount: the hires of it stay taken.
        let unspecified = self.scoring.allocation.unspecified_headcount;
        for (posting, taken) in self.store.hires()? {
            if upserted.contains(&posting) {
                match next.take_headcount(&posting, taken, unspecified) {
                    Ok(_) | Err(matcher_core::Error::NotFound { .. }) => {}
                    Err(other) => return Err(other.into()),
                }
            }
        }
        let ms = started.elapsed().as_millis() as u64;
        tracing::info!(
            upserted = upserted.len(),
            removed = removed.len(),
            postings = next.live(),
            ms,
            "catalog updated"
        );
        // The postings decoded for earlier answers stay decoded, but those written or deleted now.
        let changed: Vec<PostingId> = upserted.iter().chain(removed).cloned().collect();
        self.succeed_catalog(next, &changed)
    }

    /// Replaces the live catalog with one that differs in `changed` postings only (the decoded postings
    /// are kept but those). Call with the write lock held.
    pub fn succeed_catalog(&self, catalog: Catalog, changed: &[PostingId]) -> Result<(), ServiceError> {
        let next = self.catalog()?.succeeded_by(catalog, changed, self.limits.cache_bytes);
        *self.catalog.write().map_err(|_| poisoned())? = Arc::new(next);
        Ok(())
    }

    /// Rebuilds the catalog from the index as it is now, hires applied. Call with the write lock held.
    pub fn rebuild_catalog(&self) -> Result<(), ServiceError> {
        self.replace_catalog(build_catalog(self.taxonomy, &self.index, &self.store, &self.scoring)?)
    }

    /// The write lock.
    pub fn lock_writes(&self) -> Result<MutexGuard<'_, ()>, ServiceError> {
        self.writes.lock().map_err(|_| poisoned())
    }

    /// Refuses a batch over the limit, naming the request's field.
    pub fn check_batch(&self, field: &str, len: usize) -> Result<(), ServiceError> {
        if len > self.limits.max_batch {
            let reason = format!("{len} items, more than the limit of {}", self.limits.max_batch);
            return Err(ServiceError::invalid(field, reason));
        }
        Ok(())
    }
}

fn build_catalog(
    taxonomy: &Taxonomy,
    index: &PostingIndex,
    store: &Store,
    scoring: &ScoringConfig,
) -> Result<Catalog, ServiceError> {
    let started = std::time::Instant::now();
    let mut catalog = Catalog::build(taxonomy, index.snapshot(), scoring)?;
    catalog.keep_text_lookups(TEXT_LOOKUPS_KEPT);
    let unspecified = scoring.allocation.unspecified_headcount;
    for (posting, taken) in store.hires()? {
        // A hire of a posting deleted since has nothing left to take.
        match catalog.take_headcount(&posting, taken, unspecified) {
            Ok(_) | Err(matcher_core::Error::NotFound { .. }) => {}
            Err(other) => return Err(other.into()),
        }
    }
    tracing::info!(postings = catalog.live(), ms = started.elapsed().as_millis() as u64, "catalog built");
    Ok(catalog)
}

fn poisoned() -> ServiceError {
    ServiceError::Internal("a worker failed while holding the engine's state".into())
}
