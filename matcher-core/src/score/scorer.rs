//! `Scorer`: a student's candidates (the catalog lists of their signals in the places they accept, and the
//! postings their words hit), the hard filters, then the features of each eligible candidate (reused scratch:
//! no allocation per pair) and their product with the weights; the suitable postings, best first.
//!
//! Pruning: once `candidates_per_student` suitable postings are found, a candidate whose [`Bound`] is below
//! the last of them cannot enter the list the allocation chooses from and is not scored. Candidates with
//! the highest bounds are scored first, so the bar rises early. The list is the one scoring every candidate
//! gives (a test holds them equal); the count of suitable postings then counts those scored, a lower bound
//! (`Scored::pruned`).

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use ndarray::{Array1, ArrayView1};

use super::bound::{Bound, Freshness, MARGIN};
use super::catalog::Catalog;
use super::codes::NONE;
use super::config::ScoringConfig;
use super::entry::{gate_bits, Signal};
use super::features::{compute, Features, MajorMatch};
use super::profile::Profile;
use super::text::QueryHits;
use crate::taxonomy::occupation_prefix;

/// One student's scored candidates.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scored {
    /// Suitable postings (eligible, related, score at least the threshold): (entry, total score), best first,
    /// ties by posting id; at most `candidates_per_student`.
    pub suitable: Vec<(u32, f32)>,
    /// How many suitable postings there were before the cut (among those scored: see `pruned`).
    pub suitable_count: usize,
    /// Candidates were left unscored because they could not enter `suitable`: `suitable_count` is a lower
    /// bound of the suitable postings.
    pub pruned: bool,
    /// Candidates that passed the hard filters.
    pub eligible_count: usize,
    /// Candidates examined: postings of the lists walked, and text hits the student may take.
    pub candidate_count: usize,
    /// Candidates whose features were computed.
    pub scored_count: usize,
}

/// Scores students against one catalog.
pub(crate) struct Scorer<'a> {
    catalog: &'a Catalog,
    config: &'a ScoringConfig,
    /// Weights divided by their sum: the weighted mean is a dot product.
    weights: Array1<f32>,
    /// Leave out candidates that cannot enter the list (false: score every candidate).
    prune: bool,
    /// Freshness by age, for the candidates' bounds.
    freshness: Freshness,
}

/// Bits of a [`Scratch::seen`] mark below the walk's generation: a bit per direct major match level found
/// (bit `level - 1`: the lists of several levels may hold a posting, and the best counts) and [`TEXT_HIT`].
const LEVEL_BITS: u32 = 8;
/// The mark of a text hit: its BM25 is in [`Scratch::text`].
const TEXT_HIT: u32 = 0x80;
/// Generations a scratch counts before its marks are cleared (they share a `u32` with the level).
const GENERATIONS: u32 = 1 << (32 - LEVEL_BITS);

#[derive(Default)]
struct Scratch {
    /// By catalog entry: the walk's generation above the direct major matches from the lists walked and
    /// whether it is a text hit, so that a candidate costs one 4-byte read and write (four candidates in the
    /// space one took with its BM25 beside it) and each list adds its level with one `or`. A mark below
    /// the current generation's is not a candidate.
    seen: Vec<u32>,
    /// By catalog entry: BM25 of the student's words, set for the student's text hits only and cleared
    /// after them (0: not a text hit).
    text: Vec<f32>,
    generation: u32,
    candidates: Vec<u32>,
    /// Eligible candidates with their bounds.
    eligible: Vec<(f32, u32)>,
    /// The best `candidates_per_student` totals found so far, as bits (totals are positive, so their bits
    /// order as they do), least on top.
    best: BinaryHeap<Reverse<u32>>,
    suitable: Vec<(u32, f32)>,
}

/// How many candidates ahead the loop asks the processor to fetch: their gates and entries are scattered
/// over the catalog, and waiting for each in turn was most of the time.
const PREFETCH: usize = 8;

#[inline(always)]
fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it reads nothing and cannot fault, and the pointer is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((item as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// The mark bit of a direct major match level (1 to 4; 0: none).
#[inline]
fn level_bit(level: u8) -> u32 {
    if level == 0 {
        0
    } else {
        1 << (level - 1)
    }
}

/// The best direct major match level and the BM25 of a candidate's mark.
#[inline]
fn read_mark(mark: u32, text: &[f32], index: u32) -> (u8, f32) {
    let levels = mark & 0x0f;
    let level = (u32::BITS - levels.leading_zeros()) as u8;
    let bm25 = if mark & TEXT_HIT != 0 { text[index as usize] } else { 0.0 };
    (level, bm25)
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(catalog: &'a Catalog, config: &'a ScoringConfig) -> Scorer<'a> {
        let raw = config.weights.as_array();
        let sum: f32 = raw.iter().sum();
        let weights = Array1::from_iter(raw.iter().map(|w| w / sum));
        Scorer { catalog, config, weights, prune: true, freshness: Freshness::new(config) }
    }

    /// A scorer that scores every candidate: the reference pruning is held equal to, and its baseline.
    pub(crate) fn exhaustive(mut self) -> Scorer<'a> {
        self.prune = false;
        self
    }

    /// The weights divided by their sum.
    pub(crate) fn normalised_weights(&self) -> [f32; 6] {
        let mut out = [0.0; 6];
        for (slot, w) in out.iter_mut().zip(self.weights.iter()) {
            *slot = *w;
        }
        out
    }

    /// A candidate's score before any campaign boost: its features' weighted mean (ndarray's dot of one
    /// row: the same sum, in the same order, as its matrix product gave). Whether a posting is suitable is
    /// decided on exactly this number; anything that counts suitable postings another way must use it too.
    #[inline]
    pub(crate) fn weighted(&self, features: &Features) -> f32 {
        ArrayView1::from(&features.values[..]).dot(&self.weights)
    }

    /// Scores one student; `text_hits` are the best BM25 matches of the student's words in each place.
    pub(crate) fn score(&self, profile: &Profile, text_hits: Option<&QueryHits>) -> Scored {
        if profile.cohort_bits == 0 {
            return Scored::default();
        }
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            self.score_with(&mut scratch, profile, text_hits)
        })
    }

    fn score_with(&self, scratch: &mut Scratch, profile: &Profile, text_hits: Option<&QueryHits>) -> Scored {
        let n = self.catalog.len();
        if scratch.seen.len() != n {
            scratch.seen = vec![0; n];
            scratch.text = vec![0.0; n];
            scratch.generation = 0;
        }
        scratch.generation += 1;
        if scratch.generation == GENERATIONS {
            scratch.seen.fill(0);
            scratch.generation = 1;
        }
        let base = scratch.generation << LEVEL_BITS;
        let Scratch { seen, text, candidates, .. } = &mut *scratch;
        candidates.clear();
        let text_in = |bucket: u16| text_hits.map_or(&[][..], |hits| hits.in_bucket(bucket));
        for &bucket in &profile.buckets {
            for &(index, bm25) in text_in(bucket) {
                // A hit the student may not take (another cohort's, a place they do not accept, above their
                // education …) is not a candidate: its gate is read here anyway.
                if profile.eligible(index, &self.catalog.gates[index as usize]) {
                    let mark = &mut seen[index as usize];
                    if *mark < base {
                        candidates.push(index);
                        *mark = base;
                    }
                    *mark |= TEXT_HIT;
                    text[index as usize] = bm25;
                }
            }
        }
        let text_hit_count = candidates.len();
        let signals = self.signals(profile);
        let depth = self.config.thresholds.list_depth;
        // The lists the student walks: their cohort's, and the 推免 lists (at most two), found once.
        let (mut bits, mut walked) = ([0u8; 2], 0);
        for bit in gate_bits().filter(|bit| profile.cohort_bits & bit != 0).take(2) {
            bits[walked] = bit;
            walked += 1;
        }
        let mut lists: Vec<(&[u32], u32)> = Vec::new();
        for &bucket in &profile.buckets {
            for &(signal, level) in &signals {
                for &bit in &bits[..walked] {
                    let list = self.catalog.list(bucket, bit, signal);
                    if !list.is_empty() {
                        lists.push((&list[..list.len().min(depth)], base | level_bit(level)));
                    }
                }
            }
        }
        // Room for a list's entries before it is walked, so that a candidate is written without a check of
        // capacity and counted without a branch (the room left over is given back after each list: the
        // buffer never holds more than the candidates and one list).
        let mut count = candidates.len();
        for (list, mark) in lists {
            candidates.resize(count + list.len(), 0);
            for &index in list {
                let old = seen[index as usize];
                candidates[count] = index;
                let new = old < base;
                count += usize::from(new);
                // A mark of an earlier walk is replaced, one of this walk's gains the level.
                seen[index as usize] = if new { mark } else { old | mark };
            }
            candidates.truncate(count);
        }
        let keep = self.config.allocation.candidates_per_student;
        let bound = Bound::new(self.config, self.normalised_weights(), &self.freshness, profile);
        // The hard filters on every candidate (the eligible count stays exact), with each one's bound.
        // Every candidate is written and the eligible ones counted, without a branch on the gate's tests (many
        // fail, unpredictably).
        scratch.eligible.clear();
        scratch.eligible.resize(scratch.candidates.len(), (0.0, 0));
        let mut eligible_count = 0;
        for (row, &index) in scratch.candidates.iter().enumerate() {
            if let Some(&ahead) = scratch.candidates.get(row + PREFETCH) {
                prefetch(&self.catalog.gates[ahead as usize]);
            }
            let gate = &self.catalog.gates[index as usize];
            let (major, bm25) = read_mark(scratch.seen[index as usize], &scratch.text, index);
            let place = profile.slots[usize::from(gate.slot)].fit;
            scratch.eligible[eligible_count] = (bound.of(major, place, bm25, gate), index);
            eligible_count += usize::from(profile.eligible(index, gate));
        }
        scratch.eligible.truncate(eligible_count);
        // The highest bounds first (twice the list's length, unordered among themselves): the bar they set
        // leaves most of the rest out.
        let first = keep.saturating_mul(2);
        if self.prune && eligible_count > first {
            scratch.eligible.select_nth_unstable_by(first, |a, b| b.0.total_cmp(&a.0));
        }
        let threshold = self.config.thresholds.suitable;
        let mut all = std::mem::take(&mut scratch.suitable);
        all.clear();
        scratch.best.clear();
        let (mut scored_count, mut pruned) = (0, false);
        for (at, &(most, index)) in scratch.eligible.iter().enumerate() {
            // The total a candidate must reach to enter the list (none until `keep` suitable are found).
            let bar = match scratch.best.peek() {
                Some(Reverse(bits)) if self.prune && scratch.best.len() == keep => f32::from_bits(*bits),
                _ => f32::MIN,
            };
            // Only a posting that may be scored is fetched ahead: most are left out once the bar is set.
            if let Some(&(ahead_most, ahead)) = scratch.eligible.get(at + PREFETCH) {
                if ahead_most + MARGIN >= bar {
                    prefetch(&self.catalog.entries[ahead as usize]);
                }
            }
            if most + MARGIN < bar {
                pruned = true;
                continue;
            }
            scored_count += 1;
            let (major, bm25) = read_mark(scratch.seen[index as usize], &scratch.text, index);
            let entry = &self.catalog.entries[index as usize];
            let features = compute(self.catalog, self.config, profile, entry, bm25, Some(major));
            let score = self.weighted(&features);
            // The bound is what pruning rests on: every test run checks it on every candidate scored.
            debug_assert!(score + features.campaign <= most + MARGIN, "bound {most} below {score} for {index}");
            if features.relevant() && score >= threshold {
                let total = score + features.campaign;
                all.push((index, total));
                scratch.best.push(Reverse(if total > 0.0 { total.to_bits() } else { 0 }));
                if scratch.best.len() > keep {
                    scratch.best.pop();
                }
            }
        }
        // The text hits' BM25 cleared for the next student (the other candidates' were never set).
        for &index in &scratch.candidates[..text_hit_count] {
            scratch.text[index as usize] = 0.0;
        }
        let suitable_count = all.len();
        self.catalog.keep_best(&mut all, keep);
        all.sort_by(|a, b| self.catalog.best_first(a, b));
        // A list of exactly its length: a batch keeps one per student.
        let suitable = all.clone();
        scratch.suitable = all;
        Scored { suitable, suitable_count, pruned, eligible_count, candidate_count: count, scored_count }
    }

    /// The catalog lists a student's candidates come from, each with the direct major match it implies.
    fn signals(&self, profile: &Profile) -> Vec<(Signal, u8)> {
        let catalog = self.catalog;
        let mut signals = Vec::new();
        let majors = [
            (profile.major, Signal::Major as fn(u32) -> Signal, MajorMatch::EXACT),
            (profile.class, Signal::Class, MajorMatch::IN_CLASS),
            (profile.class, Signal::MajorOfClass, MajorMatch::SAME_CLASS),
            (profile.category, Signal::Category, MajorMatch::IN_CATEGORY),
        ];
        for (id, signal, level) in majors {
            if id != NONE {
                signals.push((signal(id), level));
            }
        }
        let mut others: Vec<Signal> = profile.related.iter().map(|(group, _)| *group).collect();
        for wanted in &profile.occupations {
            if wanted.len() >= 4 {
                let division = catalog.interner.get('p', occupation_prefix(wanted.as_str(), 2));
                if division != NONE {
                    others.push(Signal::OccupationDivision(division));
                }
            }
            if wanted.len() >= 7 {
                let group = catalog.interner.get('o', occupation_prefix(wanted.as_str(), 3));
                if group != NONE {
                    others.push(Signal::Occupation(group));
                }
            } else {
                // A 大类 or 中类 named as the intention: every 小类 under it.
                let under = catalog.occupation_groups.iter().filter(|(code, _)| wanted.covers(code));
                others.extend(under.map(|(_, id)| Signal::Occupation(*id)));
            }
        }
        for industry in &profile.student.intended_industries {
            let code = industry.as_str();
            match code.as_bytes().first() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    let divisions = catalog.section_divisions.get(&letter.to_ascii_uppercase());
                    others.extend(divisions.into_iter().flatten().map(|d| Signal::Industry(*d)));
                }
                _ => {
                    let division = catalog.interner.get('i', code.get(..2).unwrap_or(code));
                    if division != NONE {
                        others.push(Signal::Industry(division));
                    }
                }
            }
        }
        if profile.volunteer.asked {
            others.push(Signal::Volunteer);
        }
        others.sort_unstable();
        others.dedup();
        signals.extend(others.into_iter().map(|signal| (signal, 0)));
        signals
    }
}
