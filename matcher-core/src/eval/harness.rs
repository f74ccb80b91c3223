//! The harness: every method ranks the open postings of one catalog for the same students on the same day,
//! and the same code measures every list against the same interactions.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::baselines;
use super::dataset::Dataset;
use super::interactions::Interaction;
use super::measure::{measure, measure_overall, MethodReport, Metrics};
use super::method::Method;
use crate::error::Error;
use crate::index::PostingIndex;
use crate::ingest::Reject;
use crate::model::{Posting, Student};
use crate::recommend::{RecommendOptions, Recommender};
use crate::score::{Catalog, ScoringConfig};
use crate::taxonomy::Taxonomy;

/// What every method shares.
pub struct Harness<'a> {
    pub(crate) taxonomy: &'a Taxonomy,
    pub(crate) index: &'a PostingIndex,
    pub(crate) catalog: &'a Catalog,
    pub(crate) config: &'a ScoringConfig,
    pub(crate) day: NaiveDate,
    pub(crate) top: usize,
    pub(crate) seed: u64,
    /// Every posting of the catalog, in catalog order.
    pub(crate) postings: Vec<Posting>,
    /// Catalog positions of the postings open on `day` (not expired, places left), in posting-id order (catalog
    /// positions depend on how the index was written; ids do not).
    pub(crate) open: Vec<u32>,
    /// By catalog position: open on `day`.
    pub(crate) is_open: Vec<bool>,
    /// Posting id and every source's `source:id` → catalog position.
    by_key: HashMap<String, u32>,
}

impl<'a> Harness<'a> {
    /// A harness over `catalog` (built from `index` with `config`): lists of `top` postings on `day`;
    /// `seed` drives the random baseline.
    pub fn new(
        taxonomy: &'a Taxonomy,
        index: &'a PostingIndex,
        catalog: &'a Catalog,
        config: &'a ScoringConfig,
        day: NaiveDate,
        top: usize,
        seed: u64,
    ) -> Result<Harness<'a>, Error> {
        if top == 0 || top > crate::recommend::MAX_TOP {
            return Err(Error::invalid("top", top.to_string(), format!("must be 1 to {}", crate::recommend::MAX_TOP)));
        }
        let postings: Vec<Posting> =
            catalog.ids.par_iter().map(|id| catalog.posting(id)).collect::<Result<_, Error>>()?;
        let mut by_key = HashMap::with_capacity(postings.len() * 2);
        for (i, posting) in postings.iter().enumerate() {
            by_key.insert(posting.id.as_str().to_string(), i as u32);
            for source in &posting.sources {
                by_key.insert(source.key(), i as u32);
            }
        }
        let is_open: Vec<bool> = (0..postings.len() as u32).map(|i| catalog.is_open(i, day)).collect();
        let mut open: Vec<u32> = (0..postings.len() as u32).filter(|&i| is_open[i as usize]).collect();
        open.sort_by(|&a, &b| postings[a as usize].id.cmp(&postings[b as usize].id));
        Ok(Harness { taxonomy, index, catalog, config, day, top, seed, postings, open, is_open, by_key })
    }

    /// Postings in the catalog.
    pub fn postings(&self) -> usize {
        self.postings.len()
    }

    /// Postings open on the day.
    pub fn open_postings(&self) -> usize {
        self.open.len()
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
        let resolve = |key: &str| self.by_key.get(key).copied();
        let (mut data, rejects) = Dataset::build(students, judged, learned, self.postings.len(), &resolve, file);
        for (student, excluded) in data.students.iter_mut().zip(&data.excluded) {
            let mut ids: Vec<_> = excluded.iter().map(|&p| self.postings[p as usize].id.clone()).collect();
            ids.sort();
            student.declined.extend(ids);
        }
        (data, rejects)
    }

    /// Every method's lists, measured.
    pub fn evaluate(&self, data: &Dataset, methods: &[Method]) -> Result<Vec<MethodReport>, Error> {
        methods
            .iter()
            .map(|&method| {
                let started = std::time::Instant::now();
                let lists = self.lists(method, data)?;
                let listed = started.elapsed();
                let report = measure(self, method, data, &lists);
                tracing::info!(
                    method = method.code(),
                    list_ms = listed.as_millis() as u64,
                    measure_ms = (started.elapsed() - listed).as_millis() as u64,
                    "evaluated"
                );
                Ok(report)
            })
            .collect()
    }

    /// The engine under another configuration (weights, thresholds, allocation), measured.
    pub fn evaluate_config(&self, data: &Dataset, config: &ScoringConfig) -> Result<MethodReport, Error> {
        let lists = self.engine(data, config, true)?;
        Ok(measure(self, Method::Full, data, &lists))
    }

    /// The engine under another configuration, measured for everyone only (no groups): a search's trial.
    pub fn evaluate_config_overall(&self, data: &Dataset, config: &ScoringConfig) -> Result<Metrics, Error> {
        Ok(measure_overall(self, data, &self.engine(data, config, true)?))
    }

    /// Each student's list (catalog positions, best first).
    pub fn lists(&self, method: Method, data: &Dataset) -> Result<Vec<Vec<u32>>, Error> {
        match method {
            Method::Random => Ok(baselines::random(self, data)),
            Method::Popularity => Ok(baselines::popularity(self, data)),
            Method::Bm25 => baselines::bm25(self, data),
            Method::Rules => Ok(baselines::rules(self, data)),
            Method::FullWithoutAllocation => self.engine(data, self.config, false),
            Method::Full => self.engine(data, self.config, true),
        }
    }

    fn engine(&self, data: &Dataset, config: &ScoringConfig, allocate: bool) -> Result<Vec<Vec<u32>>, Error> {
        let options = RecommendOptions { day: self.day, top: self.top, campaign: None, allocate };
        let batch = Recommender::new(self.taxonomy, self.catalog, config).recommend(&data.students, &options)?;
        Ok(batch
            .students
            .iter()
            .map(|result| result.recommendations.iter().filter_map(|r| self.catalog.position(&r.posting)).collect())
            .collect())
    }
}
