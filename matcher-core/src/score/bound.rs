//! `Bound`: the most a candidate can score, known before its posting is read. The features the candidate
//! lists and the gate already tell are taken exactly (the direct major match, the place's fit, the text
//! relevance, freshness and pay); the others at their most: intended field 1, the related-major fit at the
//! student's strongest learned affinity, the largest boost of a campaign running for the student. A
//! candidate whose bound is below the score of the `candidates_per_student`-th suitable posting already found
//! cannot enter the list the allocation chooses from, and is never scored.

use super::config::ScoringConfig;
use super::entry::Gate;
use super::features::{freshness, pay_fit, text_relevance, MajorMatch, RELATED_OPEN};
use super::profile::Profile;

/// Added to a bound before it is compared: the bound sums in another order than the score, so the last bits
/// may differ; scores are below 2, where this is hundreds of times the rounding error.
pub(crate) const MARGIN: f32 = 1e-4;

/// Ages in days whose freshness [`Freshness`] holds; an older posting is bounded by the last.
const AGES: usize = 512;

/// Freshness by age in days, computed as the features compute it (so the bound takes it bit for bit), once
/// per scorer: an `exp` per candidate would cost more than the scoring it saves.
pub(crate) struct Freshness(Box<[f32; AGES]>);

impl Freshness {
    pub(crate) fn new(config: &ScoringConfig) -> Freshness {
        let half_life = config.thresholds.freshness_half_life_days;
        let mut table = Box::new([0.0; AGES]);
        for (age, slot) in table.iter_mut().enumerate() {
            *slot = freshness(age as i32, half_life);
        }
        Freshness(table)
    }

    /// The freshness of a posting `age_days` old (negative: posted later than the day, counted fresh), or at
    /// least it: freshness falls with age, so the oldest age the table holds bounds every older one.
    #[inline]
    fn at_most(&self, age_days: i32) -> f32 {
        self.0[(age_days.max(0) as usize).min(AGES - 1)]
    }
}

/// One student's bound (the per-student constants).
#[derive(Clone, Copy)]
pub(crate) struct Bound<'a> {
    weights: [f32; 6],
    /// Major fit without a direct match: the related-major fit at its most.
    related: f32,
    /// The intended field at its most, weighted, with the largest boost.
    rest: f32,
    text_saturation: f32,
    day: i32,
    expected_pay: u32,
    freshness: &'a Freshness,
}

impl<'a> Bound<'a> {
    /// The bound for `profile`, with the normalised `weights` the scorer uses.
    pub(crate) fn new(
        config: &ScoringConfig,
        weights: [f32; 6],
        freshness: &'a Freshness,
        profile: &Profile,
    ) -> Bound<'a> {
        let share = profile.related.iter().map(|(_, share)| *share).fold(0.0f32, f32::max);
        let related = RELATED_OPEN * share.clamp(0.0, 1.0);
        let no_field = profile.industries.is_empty() && profile.occupations.is_empty() && !profile.volunteer.asked;
        let field = if no_field { 0.0 } else { 1.0 };
        let boost = config
            .campaigns
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 8 && profile.campaigns & (1 << i) != 0)
            .map(|(_, campaign)| campaign.boost)
            .fold(0.0f32, f32::max);
        Bound {
            weights,
            related,
            rest: weights[1] * field + boost,
            text_saturation: config.thresholds.text_saturation,
            day: profile.day,
            expected_pay: profile.expected_pay,
            freshness,
        }
    }

    /// The most a candidate with direct major match `level` (0: none), place fit `place`, BM25 `bm25` and
    /// `gate` can score, boost included.
    #[inline]
    pub(crate) fn of(&self, level: u8, place: f32, bm25: f32, gate: &Gate) -> f32 {
        let major = if level > 0 { MajorMatch::fit_of_level(level) } else { self.related };
        let text = text_relevance(bm25, self.text_saturation);
        let fresh = self.freshness.at_most(self.day.saturating_sub(gate.posted));
        let pay = pay_fit(self.expected_pay, gate.offered);
        let w = &self.weights;
        w[0] * major + w[2] * place + w[3] * text + w[4] * fresh + w[5] * pay + self.rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::parse_date;
    use crate::score::features::{compute, direct_major_level};
    use crate::score::{Catalog, Profile, Scorer};
    use crate::taxonomy::Taxonomy;
    use crate::test_support::{sample_index, sample_people};

    /// Within the table a posting's freshness is taken bit for bit; past it, and for any age a date can give,
    /// the table's last is at least the freshness; a posting dated after the day counts as new.
    #[test]
    fn freshness_by_age_is_exact_in_the_table_and_at_least_it_past_it() {
        for half_life in [1.0, 30.0, 365.0, 3650.0] {
            let mut config = ScoringConfig::builtin();
            config.thresholds.freshness_half_life_days = half_life;
            let table = Freshness::new(&config);
            for age in (0..AGES as i32).chain([512, 513, 1_000, 40_000, 3_000_000, i32::MAX]) {
                let exact = freshness(age, half_life);
                let held = table.at_most(age);
                if (age as usize) < AGES {
                    assert_eq!(held.to_bits(), exact.to_bits(), "{half_life}: {age}");
                } else {
                    assert!(held >= exact, "{half_life}: {age}: {held} < {exact}");
                }
            }
            assert_eq!(table.at_most(-5), 1.0);
            assert_eq!(table.at_most(i32::MIN), 1.0);
        }
    }

    /// The bound leaves room for what it cannot know (the intended field) and for nothing else: for every
    /// eligible candidate of the sample's students with a direct major match, it is the score with the field
    /// at its most, to rounding. Taking freshness or pay at their most instead would leave up to their weights
    /// over, and pruning would score candidates it need not.
    #[test]
    fn the_bound_is_the_score_with_the_field_at_its_most() {
        let taxonomy = Taxonomy::embedded();
        let config = ScoringConfig::builtin();
        let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
        let scorer = Scorer::new(&catalog, &config);
        let weights = scorer.normalised_weights();
        let freshness = Freshness::new(&config);
        let day = parse_date("2026-11-01").unwrap();
        let (students, _) = sample_people();
        let (mut checked, mut gaps) = (0, 0.0f32);
        for student in &students {
            let profile = Profile::new(taxonomy, &catalog, &config, student, day, 0, None);
            let bound = Bound::new(&config, weights, &freshness, &profile);
            let field_most = bound.rest / weights[1].max(f32::MIN_POSITIVE);
            for index in 0..catalog.len() as u32 {
                let (gate, entry) = (&catalog.gates[index as usize], &catalog.entries[index as usize]);
                let level = direct_major_level(&catalog, &profile, entry);
                if !profile.eligible(index, gate) || level == 0 || entry.kind == crate::model::PostingKind::Volunteer {
                    continue;
                }
                let place = profile.slots[usize::from(gate.slot)].fit;
                let features = compute(&catalog, &config, &profile, entry, 0.0, Some(level));
                let score = scorer.weighted(&features) + features.campaign;
                let most = bound.of(level, place, 0.0, gate);
                let left = most - score - weights[1] * (field_most - features.values[1]);
                assert!(left.abs() < 1e-5, "{}: bound {most}, score {score}, field {:?}", student.id, features.field);
                checked += 1;
                gaps += (most - score).max(0.0);
            }
        }
        assert!(checked > 300, "the sample gives candidates to check: {checked}");
        eprintln!("{checked} candidates; mean room {}", gaps / checked as f32);
    }
}
