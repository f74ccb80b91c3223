//! Pruning by score bounds changes no list: for every student of the sample and of random profiles, under
//! several configurations (short lists to choose from, so that pruning starts early; a campaign's boost;
//! weights that lean on text, freshness or pay), the suitable postings the allocation chooses from are
//! exactly, score for score, those of scoring every candidate, and so are the batch's lists.

use chrono::NaiveDate;

use super::*;
use crate::model::Student;
use crate::score::{query_words, text_hits, Catalog, Profile, Scored, Scorer, ScoringConfig, Weights};
use crate::taxonomy::Taxonomy;
use crate::test_support::{sample_index, sample_people};

fn day() -> NaiveDate {
    crate::normalize::parse_date("2026-11-01").unwrap()
}

/// Each student scored with and without pruning.
fn both(catalog: &Catalog, config: &ScoringConfig, students: &[Student], campaigns: u8) -> Vec<(Scored, Scored)> {
    let taxonomy = Taxonomy::embedded();
    let words: Vec<Vec<String>> = students.iter().map(query_words).collect();
    let hits = text_hits(catalog, config, words.iter().map(Vec::as_slice)).unwrap();
    let pruning = Scorer::new(catalog, config);
    let exhaustive = Scorer::new(catalog, config).exhaustive();
    students
        .iter()
        .zip(&words)
        .map(|(student, words)| {
            let profile = Profile::new(taxonomy, catalog, config, student, day(), campaigns, None);
            let text = hits.get(words).map(|h| &**h);
            (pruning.score(&profile, text), exhaustive.score(&profile, text))
        })
        .collect()
}

/// (name, configuration, campaigns running, whether bounds leave candidates out in the sample).
fn configs() -> Vec<(&'static str, ScoringConfig, u8, bool)> {
    let builtin = ScoringConfig::builtin();
    let short = |n: usize| {
        let mut config = builtin.clone();
        config.allocation.candidates_per_student = n;
        config
    };
    let weighted = |w: [f32; 6]| {
        let mut config = short(8);
        config.weights = Weights::from_array(w);
        config
    };
    vec![
        ("built-in", builtin.clone(), 0, false),
        ("3 to choose from", short(3), 0, true),
        ("10 to choose from, every campaign running", short(10), 0b1111, true),
        ("text first", weighted([0.1, 0.1, 0.1, 0.6, 0.05, 0.05]), 0, true),
        ("freshness and pay first", weighted([0.1, 0.1, 0.1, 0.1, 0.3, 0.3]), 0b0010, true),
        ("major alone", weighted([1.0, 0.0, 0.0, 0.0, 0.0, 0.0]), 0, true),
    ]
}

#[test]
fn pruning_keeps_every_list_of_exhaustive_scoring() {
    let taxonomy = Taxonomy::embedded();
    let (students, _) = sample_people();
    for (name, config, campaigns, prunes) in configs() {
        let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
        let (mut pruned_students, mut computed, mut eligible) = (0, 0, 0);
        for (student, (pruned, all)) in students.iter().zip(both(&catalog, &config, &students, campaigns)) {
            let bits = |s: &Scored| s.suitable.iter().map(|(i, score)| (*i, score.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&pruned), bits(&all), "{name}: {}", student.id);
            assert_eq!(pruned.eligible_count, all.eligible_count, "{name}: {}", student.id);
            assert!(!all.pruned && all.scored_count == all.eligible_count, "{name}: exhaustive scores all");
            if pruned.pruned {
                pruned_students += 1;
                let keep = config.allocation.candidates_per_student;
                assert!(pruned.suitable_count >= keep && pruned.suitable_count <= all.suitable_count);
            } else {
                assert_eq!(pruned.suitable_count, all.suitable_count, "{name}: {}", student.id);
            }
            computed += pruned.scored_count;
            eligible += pruned.eligible_count;
        }
        eprintln!("{name}: {pruned_students} students pruned, {computed} of {eligible} eligible candidates scored");
        // The test means something only where pruning happened.
        if prunes {
            assert!(pruned_students > 0 && computed < eligible, "{name}: nothing pruned ({computed} of {eligible})");
        }
    }
}

#[test]
fn a_pruned_batch_gives_the_lists_of_an_exhaustive_one() {
    let taxonomy = Taxonomy::embedded();
    let (students, _) = sample_people();
    let mut config = ScoringConfig::builtin();
    config.allocation.candidates_per_student = 6;
    let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
    let options = RecommendOptions { day: day(), top: 5, campaign: Some("乡村振兴".into()), allocate: true };
    let pruned = Recommender::new(taxonomy, &catalog, &config).recommend(&students, &options).unwrap();
    let all = Recommender::new(taxonomy, &catalog, &config).exhaustive().recommend(&students, &options).unwrap();
    assert_eq!(pruned.summary, all.summary);
    let mut lower_bounds = 0;
    for (p, a) in pruned.students.iter().zip(&all.students) {
        assert_eq!((&p.student, &p.recommendations, p.eligible), (&a.student, &a.recommendations, a.eligible));
        // The same reason; a capacity shortfall's count may be a lower bound (what the allocation chose from).
        assert_eq!(p.shortfall.as_ref().map(|s| s.code()), a.shortfall.as_ref().map(|s| s.code()), "{}", p.student);
        assert!(!a.suitable_at_least);
        if p.suitable_at_least {
            lower_bounds += 1;
            assert!(p.suitable >= 6 && p.suitable <= a.suitable, "{}", p.student);
        } else {
            assert_eq!(p.suitable, a.suitable, "{}", p.student);
        }
    }
    assert!(lower_bounds > 0, "some counts are lower bounds");
}

#[test]
fn a_capacity_shortfall_says_when_its_count_is_a_lower_bound() {
    let (students, _) = sample_people();
    let exact = Shortfall::Capacity { found: 4, at_least: false }.zh(&students[0]);
    let bound = Shortfall::Capacity { found: 60, at_least: true }.zh(&students[0]);
    assert!(exact.contains("相符的4个岗位推荐名额已满") && !exact.contains("不少于"), "{exact}");
    assert!(bound.contains("不少于60个") && bound.contains("最相符的60个推荐名额已满"), "{bound}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// Random profiles (any major, home, accepted places, cohort, education, intention, expected pay), with
    /// three postings to choose from so that pruning starts early: the same lists, score for score.
    #[test]
    fn random_profiles_get_the_lists_of_exhaustive_scoring(
        students in proptest::collection::vec(super::tests::student_strategy(), 1..30),
    ) {
        let mut config = ScoringConfig::builtin();
        config.allocation.candidates_per_student = 3;
        let catalog = Catalog::build(Taxonomy::embedded(), sample_index().snapshot(), &config).unwrap();
        for (student, (pruned, all)) in students.iter().zip(both(&catalog, &config, &students, 0)) {
            let bits = |s: &Scored| s.suitable.iter().map(|(i, score)| (*i, score.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(&pruned), bits(&all), "{}", student.id);
            proptest::prop_assert_eq!(pruned.eligible_count, all.eligible_count);
        }
    }
}
