//! `Scorer`: a student's candidates (the catalog lists of their signals in the places they accept, and the
//! postings their words hit), the hard filters, the feature matrix (ndarray, one row per candidate, reused
//! scratch: no allocation per pair) and its product with the weights; the suitable postings, best first.

use std::cell::RefCell;
use std::cmp::Ordering;

use ndarray::{s, Array1, Array2};

use super::catalog::{Catalog, Signal};
use super::codes::NONE;
use super::config::ScoringConfig;
use super::features::compute;
use super::profile::Profile;
use crate::taxonomy::occupation_prefix;

/// One student's scored candidates.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scored {
    /// Suitable postings (eligible, related, score at least the threshold): (entry, total score), best first,
    /// ties by posting id; at most `candidates_per_student`.
    pub suitable: Vec<(u32, f32)>,
    /// How many suitable postings there were before the cut.
    pub suitable_count: usize,
    /// Candidates that passed the hard filters.
    pub eligible_count: usize,
}

/// Scores students against one catalog.
pub(crate) struct Scorer<'a> {
    catalog: &'a Catalog,
    config: &'a ScoringConfig,
    /// Weights divided by their sum: the weighted mean is a dot product.
    weights: Array1<f32>,
}

#[derive(Default)]
struct Scratch {
    stamp: Vec<u32>,
    generation: u32,
    text: Vec<f32>,
    candidates: Vec<u32>,
    matrix: Array2<f32>,
    keep: Vec<bool>,
    boost: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(catalog: &'a Catalog, config: &'a ScoringConfig) -> Scorer<'a> {
        let raw = config.weights.as_array();
        let sum: f32 = raw.iter().sum();
        Scorer { catalog, config, weights: Array1::from_iter(raw.iter().map(|w| w / sum)) }
    }

    /// The weights divided by their sum.
    pub(crate) fn normalised_weights(&self) -> [f32; 6] {
        let mut out = [0.0; 6];
        for (slot, w) in out.iter_mut().zip(self.weights.iter()) {
            *slot = *w;
        }
        out
    }

    /// Scores one student; `text_hits` are BM25 scores of the student's words by entry (sorted by entry).
    pub(crate) fn score(&self, profile: &Profile, text_hits: &[(u32, f32)]) -> Scored {
        if !profile.job_seeking {
            return Scored::default();
        }
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            self.score_with(&mut scratch, profile, text_hits)
        })
    }

    fn score_with(&self, scratch: &mut Scratch, profile: &Profile, text_hits: &[(u32, f32)]) -> Scored {
        let n = self.catalog.len();
        if scratch.stamp.len() != n {
            scratch.stamp = vec![0; n];
            scratch.text = vec![0.0; n];
            scratch.generation = 0;
        }
        scratch.generation = scratch.generation.wrapping_add(1);
        if scratch.generation == 0 {
            scratch.stamp.fill(0);
            scratch.generation = 1;
        }
        let generation = scratch.generation;
        scratch.candidates.clear();
        for &(index, bm25) in text_hits {
            scratch.text[index as usize] = bm25;
            let slot = self.catalog.entries[index as usize].slot;
            if profile.slots[usize::from(slot)].accepted && scratch.stamp[index as usize] != generation {
                scratch.stamp[index as usize] = generation;
                scratch.candidates.push(index);
            }
        }
        let signals = self.signals(profile);
        for &bucket in &profile.buckets {
            for &signal in &signals {
                for &index in self.catalog.list(bucket, signal) {
                    if scratch.stamp[index as usize] != generation {
                        scratch.stamp[index as usize] = generation;
                        scratch.candidates.push(index);
                    }
                }
            }
        }
        let count = scratch.candidates.len();
        if scratch.matrix.nrows() < count {
            scratch.matrix = Array2::zeros((count.next_power_of_two(), 6));
        }
        scratch.keep.clear();
        scratch.boost.clear();
        let mut eligible_count = 0;
        for (row, &index) in scratch.candidates.iter().enumerate() {
            let entry = &self.catalog.entries[index as usize];
            let mut out = scratch.matrix.row_mut(row);
            if !profile.eligible(index, entry) {
                out.fill(0.0);
                scratch.keep.push(false);
                scratch.boost.push(0.0);
                continue;
            }
            eligible_count += 1;
            let features = compute(self.catalog, self.config, profile, entry, scratch.text[index as usize]);
            for (cell, value) in out.iter_mut().zip(features.values) {
                *cell = value;
            }
            scratch.keep.push(features.relevant());
            scratch.boost.push(features.campaign);
        }
        let scores = scratch.matrix.slice(s![..count, ..]).dot(&self.weights);
        let threshold = self.config.thresholds.suitable;
        let mut suitable: Vec<(u32, f32)> = Vec::new();
        for (row, &index) in scratch.candidates.iter().enumerate() {
            if scratch.keep[row] && scores[row] >= threshold {
                suitable.push((index, scores[row] + scratch.boost[row]));
            }
        }
        for &(index, _) in text_hits {
            scratch.text[index as usize] = 0.0;
        }
        let suitable_count = suitable.len();
        let keep = self.config.allocation.candidates_per_student;
        if suitable.len() > keep {
            suitable.select_nth_unstable_by(keep - 1, |a, b| self.order(a, b));
            suitable.truncate(keep);
        }
        suitable.sort_by(|a, b| self.order(a, b));
        Scored { suitable, suitable_count, eligible_count }
    }

    /// Best first; equal scores by posting id, so that the order never depends on the index layout.
    pub(crate) fn order(&self, a: &(u32, f32), b: &(u32, f32)) -> Ordering {
        b.1.total_cmp(&a.1).then_with(|| self.catalog.ids[a.0 as usize].cmp(&self.catalog.ids[b.0 as usize]))
    }

    /// The catalog lists a student's candidates come from.
    fn signals(&self, profile: &Profile) -> Vec<Signal> {
        let catalog = self.catalog;
        let mut signals = Vec::new();
        for id in [profile.major, profile.class, profile.category] {
            if id != NONE {
                signals.push(Signal::Major(id));
            }
        }
        signals.extend(profile.related.iter().map(|(group, _)| *group));
        for occupation in &profile.student.intended_occupations {
            let group = catalog.interner.get('o', occupation_prefix(occupation.as_str(), 2));
            if group != NONE {
                signals.push(Signal::Occupation(group));
            }
        }
        for industry in &profile.student.intended_industries {
            let code = industry.as_str();
            match code.as_bytes().first() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    let divisions = catalog.section_divisions.get(&letter.to_ascii_uppercase());
                    signals.extend(divisions.into_iter().flatten().map(|d| Signal::Industry(*d)));
                }
                _ => {
                    let division = catalog.interner.get('i', code.get(..2).unwrap_or(code));
                    if division != NONE {
                        signals.push(Signal::Industry(division));
                    }
                }
            }
        }
        signals.sort_unstable();
        signals.dedup();
        signals
    }
}
