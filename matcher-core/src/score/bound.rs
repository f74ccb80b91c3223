//! `Bound`: the most a candidate can score, known before its posting is read. The features the candidate
//! lists and the gate already tell are taken exactly (the direct major match, the place's fit, the text
//! relevance); the others at their most: intended field, freshness and pay 1, the related-major fit at the
//! student's strongest learned affinity, the largest boost of a campaign running for the student. A
//! candidate whose bound is below the score of the `candidates_per_student`-th suitable posting already found
//! cannot enter the list the allocation chooses from, and is never scored.

use super::config::ScoringConfig;
use super::features::{text_relevance, MajorMatch, RELATED_OPEN};
use super::profile::Profile;

/// Added to a bound before it is compared: the bound sums in another order than the score, so the last bits
/// may differ; scores are below 2, where this is hundreds of times the rounding error.
pub(crate) const MARGIN: f32 = 1e-4;

/// One student's bound (the per-student constants).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    weights: [f32; 6],
    /// Major fit without a direct match: the related-major fit at its most.
    related: f32,
    /// The features at their most that neither lists nor gate tell, weighted, with the largest boost.
    rest: f32,
    text_saturation: f32,
}

impl Bound {
    /// The bound for `profile`, with the normalised `weights` the scorer uses.
    pub(crate) fn new(config: &ScoringConfig, weights: [f32; 6], profile: &Profile) -> Bound {
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
        let rest = weights[1] * field + weights[4] + weights[5] + boost;
        Bound { weights, related, rest, text_saturation: config.thresholds.text_saturation }
    }

    /// The most a candidate with direct major match `level` (0: none), place fit `place` and BM25 `bm25` can
    /// score, boost included.
    #[inline]
    pub(crate) fn of(&self, level: u8, place: f32, bm25: f32) -> f32 {
        let major = if level > 0 { MajorMatch::fit_of_level(level) } else { self.related };
        let text = text_relevance(bm25, self.text_saturation);
        let w = &self.weights;
        w[0] * major + w[2] * place + w[3] * text + self.rest
    }
}
