//! `Recommender`: a batch of students → scored candidates (in parallel) → the allocation pass → ranked,
//! explained lists, with the reason wherever a list is short.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::batch::{Batch, Breakdown, Part, Recommendation, StudentResult, Summary};
use super::kinds::KindPolicy;
use super::shortfall::{diagnose, Shortfall};
use crate::allocate::{allocate, Demand};
use crate::error::Error;
use crate::model::Student;
use crate::people::Need;
use crate::progress::{stage, tick, Progress};
use crate::score::{
    compute, explain, next_part, query_words, text_hits, Catalog, Profile, QueryHits, Scored, Scorer, ScoringConfig,
};
use crate::taxonomy::Taxonomy;

/// Longest list a student can be given.
pub const MAX_TOP: usize = 50;

/// How a batch is run.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendOptions {
    /// The day eligibility (expiry) and freshness are judged on, and campaigns run on.
    pub day: NaiveDate,
    /// Postings per student, at most.
    pub top: usize,
    /// A campaign (name or code) to boost whatever the day.
    pub campaign: Option<String>,
    /// False ranks each student alone (no caps, no priority): for comparison only.
    pub allocate: bool,
}

/// Recommends postings of one catalog under one configuration.
pub struct Recommender<'a> {
    taxonomy: &'a Taxonomy,
    catalog: &'a Catalog,
    config: &'a ScoringConfig,
    deadline: Option<Instant>,
    progress: Option<&'a Progress>,
    exhaustive: bool,
}

/// The students' distinct texts (intention and skills), as the index of the first student with each, and the
/// text of each student (an index into the first list).
fn distinct_texts(students: &[Student]) -> (Vec<usize>, Vec<usize>) {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    let mut texts = Vec::new();
    let text_of = students
        .iter()
        .enumerate()
        .map(|(i, student)| {
            *seen.entry((student.intention.as_str(), student.skills.as_str())).or_insert_with(|| {
                texts.push(i);
                texts.len() - 1
            })
        })
        .collect();
    (texts, text_of)
}

impl<'a> Recommender<'a> {
    /// A recommender over `catalog`, which must have been built with the same `config` (its campaigns).
    pub fn new(taxonomy: &'a Taxonomy, catalog: &'a Catalog, config: &'a ScoringConfig) -> Recommender<'a> {
        Recommender { taxonomy, catalog, config, deadline: None, progress: None, exhaustive: false }
    }

    /// Reports the batch's progress (students scored, then explained) to `progress`.
    pub fn with_progress(mut self, progress: &'a Progress) -> Recommender<'a> {
        self.progress = Some(progress);
        self
    }

    /// Stops a batch when `deadline` passes (between students), with [`Error::DeadlineExceeded`]: a caller
    /// who stopped waiting does not keep the cores busy.
    pub fn until(mut self, deadline: Instant) -> Recommender<'a> {
        self.deadline = Some(deadline);
        self
    }

    /// Scores every candidate, even those that cannot enter a student's list: the same lists, exact counts
    /// of suitable postings, slower. For comparison (benches, tests).
    pub fn exhaustive(mut self) -> Recommender<'a> {
        self.exhaustive = true;
        self
    }

    fn past_deadline(&self) -> bool {
        self.deadline.is_some_and(|deadline| Instant::now() >= deadline)
    }

    /// Recommends for every student of the batch.
    pub fn recommend(&self, students: &[Student], options: &RecommendOptions) -> Result<Batch, Error> {
        if !self.catalog.matches_campaigns(self.config) {
            let reason = "the catalog was built with other campaigns: build it with this configuration";
            return Err(Error::invalid("configuration", "campaigns", reason));
        }
        if options.top == 0 || options.top > MAX_TOP {
            return Err(Error::invalid("top", options.top.to_string(), format!("must be 1 to {MAX_TOP}")));
        }
        let campaigns = self.running_campaigns(options)?;
        let stopped = |done: usize| Error::DeadlineExceeded { done, total: students.len(), what: "students" };
        let started = std::time::Instant::now();
        // Students share intentions: each distinct text is cut into words and looked up once.
        let (texts, text_of) = distinct_texts(students);
        let words: Vec<Vec<String>> = texts.par_iter().map(|&i| query_words(&students[i])).collect();
        let hits = text_hits(self.catalog, self.config, words.iter().map(Vec::as_slice))?;
        if self.past_deadline() {
            return Err(stopped(0));
        }
        let hits_of: Vec<Option<&QueryHits>> = words.iter().map(|w| hits.get(w).map(|h| &**h)).collect();
        tracing::debug!(queries = hits.len(), ms = started.elapsed().as_millis() as u64, "text look-ups");
        let started = std::time::Instant::now();
        let scorer = match self.exhaustive {
            true => Scorer::new(self.catalog, self.config).exhaustive(),
            false => Scorer::new(self.catalog, self.config),
        };
        let done = AtomicUsize::new(0);
        stage(self.progress, "scoring students", students.len());
        let scored: Vec<Option<Scored>> = students
            .par_iter()
            .zip(&text_of)
            .map(|(student, &text)| {
                if self.past_deadline() {
                    return None;
                }
                done.fetch_add(1, Ordering::Relaxed);
                tick(self.progress, 1);
                let profile = self.profile(student, options.day, campaigns, None);
                Some(scorer.score(&profile, hits_of[text]))
            })
            .collect();
        let Some(mut scored) = scored.into_iter().collect::<Option<Vec<Scored>>>() else {
            return Err(stopped(done.load(Ordering::Relaxed)));
        };
        // A graduate's gigs and internships come after what they need first, unless asked for.
        let entries = &self.catalog.entries;
        for (student, scored) in students.iter().zip(&mut scored) {
            KindPolicy::of(student).reorder(&mut scored.suitable, |&(index, _)| entries[index as usize].kind);
        }
        let candidates: usize = scored.iter().map(|s| s.candidate_count).sum();
        let eligible: usize = scored.iter().map(|s| s.eligible_count).sum();
        let computed: usize = scored.iter().map(|s| s.scored_count).sum();
        tracing::debug!(
            students = students.len(),
            candidates,
            eligible,
            computed,
            ms = started.elapsed().as_millis() as u64,
            "scored"
        );
        let started = std::time::Instant::now();
        let chosen = self.choose(students, &scored, options);
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "allocated");
        let started = std::time::Instant::now();
        let minimum = self.config.allocation.min_per_student.min(options.top);
        stage(self.progress, "explaining lists", students.len());
        let results: Vec<StudentResult> = students
            .par_iter()
            .zip(&text_of)
            .zip(&scored)
            .zip(&chosen)
            .map(|(((student, &text), scored), chosen)| {
                // A full list is explained from the places of its postings alone; a short one is diagnosed
                // against every place.
                let places: Option<Vec<u16>> = (chosen.len() >= minimum)
                    .then(|| chosen.iter().map(|&(index, _)| self.catalog.entries[index as usize].slot).collect());
                let profile = self.profile(student, options.day, campaigns, places.as_deref());
                tick(self.progress, 1);
                self.result(&scorer, &profile, hits_of[text], scored, chosen, minimum)
            })
            .collect();
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "explained");
        let summary = self.summarise(students, &results, &chosen, options, campaigns, minimum);
        Ok(Batch { students: results, summary })
    }

    /// The student's profile; with `slots`, of those places alone.
    fn profile<'s>(
        &'s self,
        student: &'s Student,
        day: NaiveDate,
        campaigns: u8,
        slots: Option<&[u16]>,
    ) -> Profile<'s> {
        Profile::new(self.taxonomy, self.catalog, self.config, student, day, campaigns, slots)
    }

    fn running_campaigns(&self, options: &RecommendOptions) -> Result<u8, Error> {
        let mut bits = 0u8;
        for (i, campaign) in self.config.campaigns.iter().enumerate() {
            if campaign.runs_on(options.day) {
                bits |= 1 << i;
            }
        }
        if let Some(name) = &options.campaign {
            let names: Vec<&str> = self.config.campaigns.iter().map(|c| c.name.as_str()).collect();
            let (i, _) = self.config.campaign(name).ok_or_else(|| {
                Error::invalid("campaign", name.clone(), format!("expected one of {}", names.join(", ")))
            })?;
            bits |= 1 << i;
        }
        Ok(bits)
    }

    /// Entry indices chosen for each student, best first.
    fn choose(&self, students: &[Student], scored: &[Scored], options: &RecommendOptions) -> Vec<Vec<(u32, f32)>> {
        if !options.allocate {
            return scored.iter().map(|s| s.suitable.iter().take(options.top).copied().collect()).collect();
        }
        let demands: Vec<Demand> = scored.iter().map(|s| s.suitable.as_slice()).collect();
        let mut order: Vec<usize> = (0..students.len()).collect();
        order.sort_by_cached_key(|&i| (self.tier(&students[i]), &students[i].id));
        let allocation = &self.config.allocation;
        let capacity = |index: u32| allocation.cap(self.catalog.entries[index as usize].headcount);
        let chosen = allocate(&demands, &order, &capacity, allocation.min_per_student, options.top);
        chosen.iter().zip(&demands).map(|(positions, demand)| positions.iter().map(|&p| demand[p]).collect()).collect()
    }

    /// Priority for scarce postings: the plan's groups (low-income students of ordinary schools, last year's
    /// unemployed graduates, other low-income students, nominated students, the rest).
    fn tier(&self, student: &Student) -> Need {
        Need::of(student, &self.taxonomy.schools)
    }

    fn result(
        &self,
        scorer: &Scorer,
        profile: &Profile,
        text: Option<&QueryHits>,
        scored: &Scored,
        chosen: &[(u32, f32)],
        minimum: usize,
    ) -> StudentResult {
        let weights = scorer.normalised_weights();
        let kinds = KindPolicy::of(profile.student);
        let recommendations = chosen
            .iter()
            .enumerate()
            .map(|(rank, &(index, score))| {
                let entry = &self.catalog.entries[index as usize];
                let bucket = self.catalog.slot_bucket[usize::from(entry.slot)];
                let bm25 = text.map_or(0.0, |hits| hits.score(bucket, index));
                let features = compute(self.catalog, self.config, profile, entry, bm25, None);
                let part = |i: usize| Part { value: features.values[i], contribution: features.values[i] * weights[i] };
                let breakdown = Breakdown {
                    major: part(0),
                    field: part(1),
                    region: part(2),
                    text: part(3),
                    freshness: part(4),
                    pay: part(5),
                    campaign: Part { value: f32::from(features.campaign > 0.0), contribution: features.campaign },
                };
                let mut explanation =
                    explain(self.taxonomy, self.catalog, self.config, profile.student, entry, &features);
                let kind_note = kinds.note(entry.kind);
                if let Some(note) = kind_note {
                    next_part(&mut explanation);
                    explanation.push_str(&note.zh(entry.kind));
                }
                Recommendation {
                    rank: rank + 1,
                    posting: self.catalog.ids[index as usize].clone(),
                    score,
                    breakdown,
                    explanation,
                    campaign: features
                        .campaign_index
                        .and_then(|i| self.config.campaigns.get(usize::from(i)))
                        .map(|c| c.name.clone()),
                    kind_note,
                }
            })
            .collect::<Vec<_>>();
        let shortfall: Option<Shortfall> = (recommendations.len() < minimum)
            .then(|| diagnose(self.catalog, profile, scored.suitable_count, scored.pruned, minimum));
        StudentResult {
            student: profile.student.id.clone(),
            recommendations,
            eligible: scored.eligible_count,
            suitable: scored.suitable_count,
            suitable_at_least: scored.pruned,
            shortfall,
        }
    }

    fn summarise(
        &self,
        students: &[Student],
        results: &[StudentResult],
        chosen: &[Vec<(u32, f32)>],
        options: &RecommendOptions,
        campaigns: u8,
        minimum: usize,
    ) -> Summary {
        let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
        for result in results {
            if let Some(shortfall) = &result.shortfall {
                *by_reason.entry(shortfall.code().to_string()).or_default() += 1;
            }
        }
        // Uses of each posting, by entry index (each result's recommendations are its chosen entries).
        let mut uses: FxHashMap<u32, u32> = FxHashMap::default();
        let mut total_score = 0.0f64;
        for &(index, score) in chosen.iter().flatten() {
            *uses.entry(index).or_default() += 1;
            total_score += f64::from(score);
        }
        let at_cap = uses
            .iter()
            .filter(|(&index, &count)| {
                count >= self.config.allocation.cap(self.catalog.entries[index as usize].headcount)
            })
            .count();
        let recommendations: usize = results.iter().map(|r| r.recommendations.len()).sum();
        Summary {
            students: students.len(),
            minimum,
            job_seekers: students.iter().filter(|s| s.intent.seeks_work()).count(),
            with_two_or_more: results.iter().filter(|r| r.recommendations.len() >= minimum).count(),
            shortfalls: results.iter().filter(|r| r.shortfall.is_some()).count(),
            shortfalls_by_reason: by_reason,
            recommendations,
            postings_used: uses.len(),
            postings_at_cap: at_cap,
            capacity_pressure: if uses.is_empty() { 0.0 } else { at_cap as f64 / uses.len() as f64 },
            mean_score: if recommendations == 0 { 0.0 } else { total_score / recommendations as f64 },
            campaigns: self
                .config
                .campaigns
                .iter()
                .enumerate()
                .filter(|(i, _)| campaigns & (1 << i) != 0)
                .map(|(_, c)| c.name.clone())
                .collect(),
            day: options.day.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::distinct_texts;
    use crate::test_support::sample_people;

    /// Students share a text only when both their intention and their skills are the same: one that differs in
    /// either is cut and looked up on its own.
    #[test]
    fn a_text_is_shared_only_by_the_same_intention_and_skills() {
        let (sample, _) = sample_people();
        let mut students = vec![sample[0].clone(), sample[0].clone(), sample[0].clone(), sample[0].clone()];
        students[1].id = "S-same".parse().unwrap();
        students[2].skills = format!("{} 焊接", students[2].skills);
        students[3].intention = format!("{}，愿意下基层", students[3].intention);
        let (texts, text_of) = distinct_texts(&students);
        assert_eq!(texts, vec![0, 2, 3]);
        assert_eq!(text_of, vec![0, 0, 1, 2]);
        let (texts, text_of) = distinct_texts(&sample);
        assert!(texts.len() < sample.len(), "the sample's students share intentions");
        for (student, &text) in sample.iter().zip(&text_of) {
            let first = &sample[texts[text]];
            assert_eq!((&first.intention, &first.skills), (&student.intention, &student.skills));
        }
    }
}
