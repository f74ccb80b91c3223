//! Ranking metrics with RecBole's definitions (the ones RecBole-PJF's person–job fit tables use), for one
//! student's list: `hits[i]` says whether the posting at rank i + 1 is relevant, `relevant` counts the
//! student's relevant postings in the test data (|R|). Relevance is binary, as in RecBole.
//!
//! ```text
//! Hit@k       = 1 if |R ∩ L_k| > 0, else 0
//! Precision@k = |R ∩ L_k| / k                      (k, not |L_k|: a short list is not rewarded)
//! Recall@k    = |R ∩ L_k| / |R|
//! NDCG@k      = DCG@k / IDCG@k,  DCG@k = Σ_{i ≤ k, L_i ∈ R} 1 / log2(i + 1),
//!               IDCG@k = Σ_{i ≤ min(|R|, k)} 1 / log2(i + 1)
//! MRR@k       = 1 / (rank of the first relevant posting in L_k), 0 if there is none
//! ```
//!
//! A method's figure is the mean over the test students with at least one relevant posting.

use serde::Serialize;

/// The cut-offs reported.
pub const KS: [usize; 4] = [1, 2, 5, 10];

/// The ranking metrics of one list (or their mean over students) at one cut-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AtK {
    /// The cut-off.
    pub k: usize,
    /// Precision@k.
    pub precision: f64,
    /// Recall@k.
    pub recall: f64,
    /// NDCG@k.
    pub ndcg: f64,
    /// HitRate@k.
    pub hit: f64,
    /// MRR@k.
    pub mrr: f64,
}

/// The metrics of one list at cut-off `k`; `relevant` must be at least the hits in the list (0 gives 0s).
pub fn at_k(hits: &[bool], relevant: usize, k: usize) -> AtK {
    let top = &hits[..hits.len().min(k)];
    let found = top.iter().filter(|h| **h).count();
    if relevant == 0 || k == 0 {
        return AtK { k, ..AtK::default() };
    }
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = top.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| discount(i)).sum();
    let idcg: f64 = (0..relevant.min(k)).map(discount).sum();
    AtK {
        k,
        precision: found as f64 / k as f64,
        recall: found as f64 / relevant as f64,
        ndcg: dcg / idcg,
        hit: if found > 0 { 1.0 } else { 0.0 },
        mrr: top.iter().position(|h| *h).map_or(0.0, |i| 1.0 / (i + 1) as f64),
    }
}

/// The mean of per-student metrics at one cut-off (zeros when there are none).
pub fn mean(k: usize, lists: &[AtK]) -> AtK {
    if lists.is_empty() {
        return AtK { k, ..AtK::default() };
    }
    let n = lists.len() as f64;
    let sum = |f: fn(&AtK) -> f64| lists.iter().map(f).sum::<f64>() / n;
    AtK {
        k,
        precision: sum(|a| a.precision),
        recall: sum(|a| a.recall),
        ndcg: sum(|a| a.ndcg),
        hit: sum(|a| a.hit),
        mrr: sum(|a| a.mrr),
    }
}

/// A 95% percentile-bootstrap interval of the mean of `values` (1,000 resamples, seeded: the same values give
/// the same interval); `None` for fewer than two values.
pub fn bootstrap_interval(values: &[f64], seed: u64) -> Option<(f64, f64)> {
    use rand::{Rng, SeedableRng};
    if values.len() < 2 {
        return None;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let n = values.len();
    let mut means: Vec<f64> =
        (0..1000).map(|_| (0..n).map(|_| values[rng.random_range(0..n)]).sum::<f64>() / n as f64).collect();
    means.sort_by(f64::total_cmp);
    Some((means[24], means[974]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn a_list_with_hits_at_ranks_two_and_four_of_three_relevant() {
        // L = [miss, hit, miss, hit, miss], |R| = 3.
        let hits = [false, true, false, true, false];
        let one = at_k(&hits, 3, 1);
        assert_eq!((one.precision, one.recall, one.ndcg, one.hit, one.mrr), (0.0, 0.0, 0.0, 0.0, 0.0));
        let two = at_k(&hits, 3, 2);
        close(two.precision, 0.5);
        close(two.recall, 1.0 / 3.0);
        // DCG = 1/log2(3) = 0.63093; IDCG = 1 + 1/log2(3) = 1.63093.
        close(two.ndcg, 0.630_929_753_571_457_4 / 1.630_929_753_571_457_4);
        close(two.hit, 1.0);
        close(two.mrr, 0.5);
        let five = at_k(&hits, 3, 5);
        close(five.precision, 0.4);
        close(five.recall, 2.0 / 3.0);
        // DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068; IDCG = 1 + 0.63093 + 0.5.
        close(five.ndcg, (0.630_929_753_571_457_4 + 0.430_676_558_073_393) / 2.130_929_753_571_457_4);
        close(five.mrr, 0.5);
    }

    #[test]
    fn precision_divides_by_k_even_when_the_list_is_shorter() {
        let ten = at_k(&[true, true], 2, 10);
        close(ten.precision, 0.2);
        close(ten.recall, 1.0);
        close(ten.ndcg, 1.0);
        close(ten.mrr, 1.0);
    }

    #[test]
    fn the_ideal_dcg_stops_at_k_when_more_are_relevant() {
        // Hit at rank 1 of 2 with 5 relevant: IDCG@2 = 1 + 1/log2(3), DCG = 1.
        let two = at_k(&[true, false], 5, 2);
        close(two.ndcg, 1.0 / 1.630_929_753_571_457_4);
        close(two.recall, 0.2);
    }

    #[test]
    fn no_relevant_posting_scores_zero_and_the_mean_averages_students() {
        assert_eq!(at_k(&[true], 0, 1), AtK { k: 1, ..AtK::default() });
        let m = mean(1, &[at_k(&[true], 1, 1), at_k(&[false], 1, 1)]);
        close(m.precision, 0.5);
        close(m.hit, 0.5);
        close(m.mrr, 0.5);
        assert_eq!(mean(5, &[]).ndcg, 0.0);
    }

    #[test]
    fn the_bootstrap_interval_brackets_the_mean_and_narrows_with_more_students() {
        let few: Vec<f64> = (0..20).map(|i| f64::from(i % 2)).collect();
        let many: Vec<f64> = (0..2000).map(|i| f64::from(i % 2)).collect();
        let (low, high) = bootstrap_interval(&few, 1).unwrap();
        assert!(low < 0.5 && 0.5 < high, "{low}..{high}");
        let (low_many, high_many) = bootstrap_interval(&many, 1).unwrap();
        assert!(high_many - low_many < (high - low) / 4.0);
        assert_eq!(bootstrap_interval(&few, 1), bootstrap_interval(&few, 1));
        assert_eq!(bootstrap_interval(&[0.5], 1), None);
        assert_eq!(bootstrap_interval(&[0.3, 0.3, 0.3], 9), Some((0.3, 0.3)));
    }
}
