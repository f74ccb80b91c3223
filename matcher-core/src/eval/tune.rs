//! `tune`: a coordinate search of the scorer's weights on the train data, maximising the engine's NDCG@5
//! while the programme's rules hold (the share of students with two suitable postings does not fall, no
//! hard-filter or headcount violation), and the tuned weights written back into the configuration's TOML.

use serde::Serialize;

use super::dataset::Dataset;
use super::harness::Harness;
use super::measure::Metrics;
use crate::error::Error;
use crate::progress::{stage, tick};
use crate::score::{ScoringConfig, Weights};
use crate::taxonomy::Taxonomy;

/// An improvement smaller than this is noise, not a better configuration.
const MIN_GAIN: f64 = 1e-4;

/// One configuration tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Round (from 1) and the weight changed.
    pub round: usize,
    /// The weight changed.
    pub weight: &'static str,
    /// The weights tried.
    pub weights: [f32; 6],
    /// The engine's NDCG@5 on the train data.
    pub ndcg5: f64,
    /// Share of students with two suitable postings.
    pub with_two_eligible: f64,
    /// Hard-filter plus headcount violations.
    pub violations: usize,
    /// Whether it became the current best.
    pub kept: bool,
}

/// What the search did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tuning {
    /// The weights it started from and their NDCG@5 on the train data.
    pub start: [f32; 6],
    /// NDCG@5 at the start.
    pub start_ndcg5: f64,
    /// The weights it ended with.
    pub best: [f32; 6],
    /// NDCG@5 at the end.
    pub best_ndcg5: f64,
    /// The least share of students with two suitable postings a trial had to keep (the start's).
    pub min_with_two_eligible: f64,
    /// Rounds run (a round tries every weight; the search stops after a round without gain).
    pub rounds: usize,
    /// Every configuration tried.
    pub trials: Vec<Trial>,
}

/// Searches the weights of `config` on `train`, at most `rounds` rounds; returns the tuned configuration.
pub fn tune(
    h: &Harness,
    train: &Dataset,
    config: &ScoringConfig,
    rounds: usize,
) -> Result<(ScoringConfig, Tuning), Error> {
    let judge = |weights: [f32; 6]| -> Result<Metrics, Error> {
        let mut trial = config.clone();
        trial.weights = Weights::from_array(weights);
        h.evaluate_config_overall(train, &trial)
    };
    let start = config.weights.as_array();
    let first = judge(start)?;
    let floor = first.with_two_eligible;
    let mut best = (start, first.at(5).ndcg);
    let mut tuning = Tuning {
        start,
        start_ndcg5: best.1,
        best: start,
        best_ndcg5: best.1,
        min_with_two_eligible: floor,
        rounds: 0,
        trials: Vec::new(),
    };
    for round in 1..=rounds {
        tuning.rounds = round;
        let before = best.1;
        let trials: usize = (0..Weights::NAMES.len()).map(|j| candidates(best.0[j]).len()).sum();
        stage(h.progress(), "trying weights", trials);
        for (j, name) in Weights::NAMES.iter().enumerate() {
            for value in candidates(best.0[j]) {
                let mut weights = best.0;
                weights[j] = value;
                if weights.iter().sum::<f32>() <= 0.0 {
                    continue;
                }
                let m = judge(weights)?;
                tick(h.progress(), 1);
                let violations = m.hard_filter_violations + m.headcount_violations;
                let ndcg5 = m.at(5).ndcg;
                let kept = violations == 0 && m.with_two_eligible >= floor - 1e-12 && ndcg5 > best.1 + MIN_GAIN;
                if kept {
                    best = (weights, ndcg5);
                }
                tuning.trials.push(Trial {
                    round,
                    weight: name,
                    weights,
                    ndcg5,
                    with_two_eligible: m.with_two_eligible,
                    violations,
                    kept,
                });
            }
        }
        if best.1 <= before + MIN_GAIN {
            break;
        }
    }
    tuning.best = best.0;
    tuning.best_ndcg5 = best.1;
    let mut tuned = config.clone();
    tuned.weights = Weights::from_array(best.0);
    Ok((tuned, tuning))
}

/// Values tried for a weight now at `w`: off, halved to doubled, and small values for a weight that is off.
fn candidates(w: f32) -> Vec<f32> {
    let mut values: Vec<f32> = [0.0, w * 0.5, w * 0.75, w * 1.25, w * 1.5, w * 2.0, 0.05, 0.1]
        .into_iter()
        .map(|v| (v.clamp(0.0, 1.0) * 1000.0).round() / 1000.0)
        .filter(|v| (v - w).abs() > 1e-6)
        .collect();
    values.sort_by(f32::total_cmp);
    values.dedup();
    values
}

/// The configuration text with its `[weights]` values replaced (comments and every other line kept), checked
/// by reading it back.
pub fn rewrite_weights(taxonomy: &Taxonomy, text: &str, weights: &Weights, file: &str) -> Result<String, Error> {
    let values = weights.as_array();
    let mut table = String::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            table = trimmed.trim_end().to_string();
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        match Weights::NAMES.iter().position(|n| *n == key).filter(|_| table == "[weights]" && trimmed.contains('=')) {
            Some(j) => {
                let number = format!("{:?}", values[j]);
                let comment = line.find('#').map_or(String::new(), |at| {
                    let value = format!("{key} = {number}");
                    format!("{}{}", " ".repeat(at.saturating_sub(value.len()).max(1)), &line[at..])
                });
                out.push_str(&format!("{key} = {number}{comment}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    let check = ScoringConfig::from_toml(taxonomy, &out, file)?;
    if check.weights != *weights {
        return Err(Error::invalid("configuration", file, "the [weights] table could not be rewritten"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::DEFAULT_CONFIG;

    #[test]
    fn rewritten_weights_read_back_and_everything_else_is_kept() {
        let weights = Weights { major: 0.4, field: 0.2, region: 0.125, text: 0.15, freshness: 0.0, pay: 0.1 };
        let text = rewrite_weights(Taxonomy::embedded(), DEFAULT_CONFIG, &weights, "tuned.toml").unwrap();
        let config = ScoringConfig::from_toml(Taxonomy::embedded(), &text, "tuned.toml").unwrap();
        assert_eq!(config.weights, weights);
        assert_eq!(config.campaigns, ScoringConfig::builtin().campaigns);
        assert!(text.contains("major = 0.4       # 专业对口") && text.contains("freshness = 0.0 "), "{text}");
        assert_eq!(text.lines().count(), DEFAULT_CONFIG.lines().count());
    }

    #[test]
    fn candidates_stay_in_range_and_leave_out_the_current_value() {
        assert_eq!(candidates(0.0), vec![0.05, 0.1]);
        let around = candidates(0.6);
        assert!(around.iter().all(|v| (0.0..=1.0).contains(v) && (*v - 0.6).abs() > 1e-6), "{around:?}");
        assert!(around.contains(&1.0) && around.contains(&0.0));
    }
}
