//! The setting every method is run and judged in: one catalog, its postings, those open on the day, and how
//! an interaction's posting id (any source's) finds its posting.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::dataset::Dataset;
use super::interactions::Interaction;
use crate::error::Error;
use crate::ingest::Reject;
use crate::model::{Posting, Student};
use crate::score::{Catalog, ScoringConfig};
use crate::taxonomy::Taxonomy;

/// What every method shares.
pub(crate) struct Setting<'a> {
    pub(crate) taxonomy: &'a Taxonomy,
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

impl<'a> Setting<'a> {
    /// A setting over `catalog` (built from the index with `config`): lists of `top` postings on `day`;
    /// `seed` drives the random baseline.
    pub(crate) fn new(
        taxonomy: &'a Taxonomy,
        catalog: &'a Catalog,
        config: &'a ScoringConfig,
        day: NaiveDate,
        top: usize,
        seed: u64,
    ) -> Result<Setting<'a>, Error> {
        if top == 0 || top > crate::recommend::MAX_TOP {
            return Err(Error::invalid("top", top.to_string(), format!("must be 1 to {}", crate::recommend::MAX_TOP)));
        }
        if catalog.live() != catalog.len() {
            let reason = "evaluate a catalog built from the index, not one updated since";
            return Err(Error::invalid("catalog", "updated", reason));
        }
        let ids: Vec<&crate::model::PostingId> = (0..catalog.len()).map(|i| &catalog.ids[i]).collect();
        let postings: Vec<Posting> = catalog.postings(&ids)?;
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
        Ok(Setting { taxonomy, catalog, config, day, top, seed, postings, open, is_open, by_key })
    }

    /// Postings in the catalog.
    pub(crate) fn posting_count(&self) -> usize {
        self.postings.len()
    }

    /// Postings open on the day.
    pub(crate) fn open_count(&self) -> usize {
        self.open.len()
    }

    /// The dataset judged on `judged` with `learned` as what methods may learn from; rejects name every
    /// interaction whose student or posting is unknown.
    pub(crate) fn dataset(
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
}
