//! `Engine`: what the service does, in core types only (no tonic, no prost), one domain per file over one
//! shared [`State`] (the index, the store, the live catalog, the limits): postings, people, pairings,
//! matching, outcomes, case files, reports and the plan's other programmes. Every method blocks: the gRPC adapters call them through `spawn_blocking` or rayon.

mod bounded;
mod cases;
mod disk;
mod live;
mod matching;
mod outcomes;
mod pairings;
mod people;
mod postings;
mod programmes;
mod records;
mod reports;
mod seed;
mod shared_postings;
mod state;

use std::path::Path;
use std::sync::Arc;

use matcher_core::{PostingIndex, ScoringConfig};

pub use cases::{Appended, CaseLine, Cases};
pub use live::{Decoded, ListKey, Lists, Live};
pub use matching::Matching;
pub use outcomes::Outcomes;
pub use pairings::Pairings;
pub use people::People;
pub use postings::Postings;
pub use programmes::{
    CommunityParams, CommunityResult, ProgrammeKind, Programmes, RegisterKind, VentureOutcome, VentureParams,
    WesternParams, WesternResult, NEAREST,
};
pub use records::{RecordOutcome, RecordResult};
pub use reports::Reports;

use super::config::Limits;
use super::error::ServiceError;
use super::store::Store;
use state::State;

/// Written into a data folder when it is first used: from then on its store and index must be there.
const MARKER_FILE: &str = "jinqiao-data.json";

/// The service's engine: its domains over one shared state.
pub struct Engine {
    /// Postings: upsert, delete, get, search.
    pub postings: Postings,
    /// Students and cadres.
    pub people: People,
    /// Pairings of cadres and students.
    pub pairings: Pairings,
    /// Recommendation.
    pub matching: Matching,
    /// Outcomes and their effects.
    pub outcomes: Outcomes,
    /// Case files.
    pub cases: Cases,
    /// Progress reports.
    pub reports: Reports,
    /// The plan's other programmes.
    pub programmes: Arc<Programmes>,
    state: Arc<State>,
    data_dir: std::path::PathBuf,
}

/// Figures of the engine for metrics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Vitals {
    /// Postings in the live catalog.
    pub catalog_postings: u64,
    /// Bytes of the store file.
    pub store_bytes: u64,
    /// Bytes of the posting index's files, the catalog's rows kept in its folder included.
    pub index_bytes: u64,
    /// Bytes the live catalog's caches hold.
    pub cache_bytes: u64,
}

impl Engine {
    /// Opens (or creates) the index and the store under `data_dir` and builds the catalog. A folder that held
    /// data (it has the marker file) but lost its store or its index is refused, never started empty.
    pub fn open(data_dir: &Path, scoring: ScoringConfig, limits: Limits) -> Result<Engine, ServiceError> {
        // The error names the folder already.
        crate::private::create_dir_all(data_dir).map_err(|e| ServiceError::Store(e.to_string()))?;
        let (marker, store_path, index_dir) =
            (data_dir.join(MARKER_FILE), data_dir.join("store.redb"), data_dir.join("index"));
        if marker.exists() {
            let store_len = std::fs::metadata(&store_path).map(|m| m.len()).unwrap_or(0);
            let lost = if store_len == 0 {
                Some("store.redb (students, cadres, pairings, outcomes) is missing or empty")
            } else if !index_dir.join("meta.json").exists() {
                Some("the posting index (index/meta.json) is missing")
            } else {
                None
            };
            if let Some(lost) = lost {
                let reason = format!(
                    "this data folder held data ({MARKER_FILE}) but {lost}: restore it from a backup, or move the \
                     folder away to start empty"
                );
                return Err(ServiceError::store(data_dir.display(), reason));
            }
        }
        let index = PostingIndex::open_or_create(&index_dir)?;
        let store = Store::open(&store_path)?;
        if !marker.exists() {
            let stamp = serde_json::json!({ "format": 1 }).to_string();
            crate::private::write(&marker, stamp.as_bytes()).map_err(|e| ServiceError::Store(e.to_string()))?;
        }
        let state = Arc::new(State::new(index, store, scoring, limits)?);
        let programmes = Arc::new(Programmes::new(state.clone()));
        Ok(Engine {
            postings: Postings::new(state.clone()),
            people: People::new(state.clone()),
            pairings: Pairings::new(state.clone()),
            matching: Matching::new(state.clone()),
            outcomes: Outcomes::new(state.clone()),
            reports: Reports::new(state.clone(), programmes.clone()),
            cases: Cases::new(state.clone(), programmes.clone()),
            programmes,
            state,
            data_dir: data_dir.to_path_buf(),
        })
    }

    /// The code lists.
    pub fn taxonomy(&self) -> &'static matcher_core::Taxonomy {
        self.state.taxonomy
    }

    /// The request bounds.
    pub fn limits(&self) -> &Limits {
        &self.state.limits
    }

    /// The engine's figures now (sizes on disk are read from the folder; the index's includes the catalog's
    /// rows kept beside it).
    pub fn vitals(&self) -> Vitals {
        let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
        let index_bytes = disk::folder_bytes(&self.data_dir.join("index"));
        let cache_bytes = self.state.catalog().map_or(0, |live| live.cache_bytes() as u64);
        Vitals {
            catalog_postings: self.postings.count(),
            store_bytes: size(&self.data_dir.join("store.redb")),
            index_bytes,
            cache_bytes,
        }
    }

    /// Pays the first-use costs before the first person waits for them: the word segmenter's dictionary and
    /// the index's term dictionaries (a search), the text look-ups and scoring of a stored student's list (not
    /// kept), and the report's postings facts and people (the office's first page). Run on a thread of its own
    /// after the service listens; nothing is written. Returns how long it took.
    pub fn warm(&self, day: chrono::NaiveDate) -> Result<std::time::Duration, ServiceError> {
        let started = std::time::Instant::now();
        let mut query = matcher_core::SearchQuery::new("会计 软件开发");
        query.open_on = Some(day);
        self.postings.search(&query)?;
        if let Some(student) = self.state.store.students_shared()?.first().cloned() {
            let options = matcher_core::RecommendOptions { day, top: 5, campaign: None, allocate: true };
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            self.matching.recommend(vec![student], &options, deadline)?;
        }
        self.reports.report(day, &matcher_core::Targets::builtin(), None)?;
        Ok(started.elapsed())
    }

    pub fn seed_sample(&self) -> Result<bool, ServiceError> {
        seed::seed_sample(&self.state)
    }
}
