//! Market metrics over the exposure of postings: how many students each open posting was recommended to.
//!
//! ```text
//! coverage   = |{p : e_p > 0}| / N                        (N open postings)
//! congestion = 1 + Σ_p s_p·ln s_p / ln N,  s_p = e_p / Σ e   (0: spread evenly over all N; 1: one posting)
//! Gini       = Σ_i (2i − N − 1)·e_(i) / (N·Σ e),  e_(1) ≤ … ≤ e_(N)
//! ```
//!
//! Congestion is the issue's "Σ s·log s / log N" (the negated normalised entropy, in [−1, 0]) shifted by one,
//! so that it reads like the Gini coefficient: higher is more congested.

/// Share of the postings recommended at least once.
pub fn coverage(exposure: &[u32]) -> f64 {
    if exposure.is_empty() {
        return 0.0;
    }
    exposure.iter().filter(|e| **e > 0).count() as f64 / exposure.len() as f64
}

/// One minus the normalised entropy of the recommendation shares (0 with no recommendation).
pub fn congestion(exposure: &[u32]) -> f64 {
    let total: f64 = exposure.iter().map(|e| f64::from(*e)).sum();
    if total == 0.0 || exposure.len() < 2 {
        return 0.0;
    }
    let sum: f64 = exposure
        .iter()
        .filter(|e| **e > 0)
        .map(|e| {
            let s = f64::from(*e) / total;
            s * s.ln()
        })
        .sum();
    1.0 + sum / (exposure.len() as f64).ln()
}

/// The Gini coefficient of exposure (0: equal; towards 1: a few postings take every recommendation).
pub fn gini(exposure: &[u32]) -> f64 {
    let mut sorted: Vec<f64> = exposure.iter().map(|e| f64::from(*e)).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let total: f64 = sorted.iter().sum();
    if total == 0.0 {
        return 0.0;
    }
    let weighted: f64 = sorted.iter().enumerate().map(|(i, e)| (2.0 * (i + 1) as f64 - n - 1.0) * e).sum();
    weighted / (n * total)
}

/// The Lorenz curve of exposure: (share of postings, share of recommendations they hold), from (0, 0) to
/// (1, 1), postings taken from the least exposed; at most `points` + 1 points.
pub fn lorenz(exposure: &[u32], points: usize) -> Vec<(f64, f64)> {
    let mut sorted: Vec<f64> = exposure.iter().map(|e| f64::from(*e)).collect();
    sorted.sort_by(f64::total_cmp);
    let total: f64 = sorted.iter().sum();
    let n = sorted.len();
    let mut curve = vec![(0.0, 0.0)];
    if n == 0 || total == 0.0 {
        curve.push((1.0, 1.0));
        return curve;
    }
    let step = n.div_ceil(points.max(1));
    let mut cumulative = 0.0;
    for (i, e) in sorted.iter().enumerate() {
        cumulative += e;
        if (i + 1) % step == 0 || i + 1 == n {
            curve.push(((i + 1) as f64 / n as f64, cumulative / total));
        }
    }
    curve
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn even_exposure_is_uncongested_and_equal() {
        let even = [2, 2, 2, 2];
        close(coverage(&even), 1.0);
        close(congestion(&even), 0.0);
        close(gini(&even), 0.0);
        assert_eq!(lorenz(&even, 4), vec![(0.0, 0.0), (0.25, 0.25), (0.5, 0.5), (0.75, 0.75), (1.0, 1.0)]);
    }

    #[test]
    fn everything_on_one_posting_is_fully_congested() {
        let one = [0, 0, 0, 8];
        close(coverage(&one), 0.25);
        close(congestion(&one), 1.0);
        // Gini = (2·4 − 4 − 1)·8 / (4·8) = 3/4 = (N − 1)/N.
        close(gini(&one), 0.75);
    }

    #[test]
    fn a_hand_computed_uneven_case() {
        // e = [1, 3], s = [1/4, 3/4]: Σ s ln s = −0.562335, ln 2 = 0.693147 → congestion = 0.188722.
        close(congestion(&[1, 3]), 1.0 - 0.562_335_144_618_414_6 / std::f64::consts::LN_2);
        // Gini = ((2 − 3)·1 + (4 − 3)·3) / (2·4) = 0.25.
        close(gini(&[3, 1]), 0.25);
        close(coverage(&[0, 3, 1]), 2.0 / 3.0);
        assert_eq!(lorenz(&[3, 1], 2), vec![(0.0, 0.0), (0.5, 0.25), (1.0, 1.0)]);
    }

    #[test]
    fn no_recommendation_at_all_is_zero_not_nan() {
        close(congestion(&[0, 0]), 0.0);
        close(gini(&[0, 0]), 0.0);
        close(coverage(&[]), 0.0);
    }
}
