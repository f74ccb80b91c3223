//! The harness: every method ranks the open postings of one catalog for the same students on the same day,
//! and the same code measures every list against the same interactions.

use chrono::NaiveDate;

use super::baselines;
use super::dataset::Dataset;
use super::interactions::Interaction;
use super::measure::{measure, measure_overall, MethodReport, Metrics};
use super::method::Method;
use super::setting::Setting;
use crate::error::Error;
use crate::ingest::Reject;
use crate::model::Student;
use crate::progress::{stage, tick, Progress};
use crate::recommend::{RecommendOptions, Recommender};
use crate::score::{Catalog, ScoringConfig};
use crate::taxonomy::Taxonomy;

/// Runs every method in one setting and measures it.
pub struct Harness<'a> {
    setting: Setting<'a>,
    progress: Option<&'a Progress>,
}

impl<'a> Harness<'a> {
    /// A harness over `catalog` (built from the index with `config`): lists of `top` postings on `day`;
    /// `seed` drives the random baseline.
    pub fn new(
        taxonomy: &'a Taxonomy,
        catalog: &'a Catalog,
        config: &'a ScoringConfig,
        day: NaiveDate,
        top: usize,
        seed: u64,
    ) -> Result<Harness<'a>, Error> {
        Ok(Harness { setting: Setting::new(taxonomy, catalog, config, day, top, seed)?, progress: None })
    }

    /// Reports the methods evaluated (and a search's trials) to `progress`.
    pub fn with_progress(mut self, progress: &'a Progress) -> Harness<'a> {
        self.progress = Some(progress);
        self
    }

    /// The progress reported to, if any.
    pub(crate) fn progress(&self) -> Option<&'a Progress> {
        self.progress
    }

    /// Postings in the catalog.
    pub fn postings(&self) -> usize {
        self.setting.posting_count()
    }

    /// Postings open on the day.
    pub fn open_postings(&self) -> usize {
        self.setting.open_count()
    }

    /// The dataset judged on `judged` with `learned` as what methods may learn from; rejects name every
    /// interaction whose student or posting is unknown.
    pub fn dataset(
        &self,
        students: &[Student],
        judged: &[Interaction],
        learned: &[Interaction],
        file: &str,
    ) -> (Dataset, Vec<Reject>) {
        self.setting.dataset(students, judged, learned, file)
    }

    /// Every method's lists, measured.
    pub fn evaluate(&self, data: &Dataset, methods: &[Method]) -> Result<Vec<MethodReport>, Error> {
        stage(self.progress, "evaluating methods", methods.len());
        methods
            .iter()
            .map(|&method| {
                let started = std::time::Instant::now();
                let lists = self.lists(method, data)?;
                let listed = started.elapsed();
                let report = measure(&self.setting, method, data, &lists);
                tracing::info!(
                    method = method.code(),
                    list_ms = listed.as_millis() as u64,
                    measure_ms = (started.elapsed() - listed).as_millis() as u64,
                    "evaluated"
                );
                tick(self.progress, 1);
                Ok(report)
            })
            .collect()
    }

    /// The engine under another configuration (weights, thresholds, allocation), measured.
    pub fn evaluate_config(&self, data: &Dataset, config: &ScoringConfig) -> Result<MethodReport, Error> {
        let lists = self.engine(data, config, true)?;
        Ok(measure(&self.setting, Method::Full, data, &lists))
    }

    /// The engine under another configuration, measured for everyone only (no groups): a search's trial.
    pub fn evaluate_config_overall(&self, data: &Dataset, config: &ScoringConfig) -> Result<Metrics, Error> {
        Ok(measure_overall(&self.setting, data, &self.engine(data, config, true)?))
    }

    /// Each student's list (catalog positions, best first).
    pub fn lists(&self, method: Method, data: &Dataset) -> Result<Vec<Vec<u32>>, Error> {
        let setting = &self.setting;
        match method {
            Method::Random => Ok(baselines::random(setting, data)),
            Method::Popularity => Ok(baselines::popularity(setting, data)),
            Method::Bm25 => baselines::bm25(setting, data),
            Method::Rules => Ok(baselines::rules(setting, data)),
            Method::FullWithoutAllocation => self.engine(data, setting.config, false),
            Method::Full => self.engine(data, setting.config, true),
        }
    }

    fn engine(&self, data: &Dataset, config: &ScoringConfig, allocate: bool) -> Result<Vec<Vec<u32>>, Error> {
        let s = &self.setting;
        let options = RecommendOptions { day: s.day, top: s.top, campaign: None, allocate };
        let batch = Recommender::new(s.taxonomy, s.catalog, config).recommend(&data.students, &options)?;
        Ok(batch
            .students
            .iter()
            .map(|result| result.recommendations.iter().filter_map(|r| s.catalog.position(&r.posting)).collect())
            .collect())
    }
}
