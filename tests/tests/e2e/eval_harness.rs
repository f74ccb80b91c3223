//! The evaluation harness as a library: the engine never reads the ground truth, and no method recommends a
//! posting the student already dealt with in the train fold.

use matcher_core::{
    read_interactions, read_students, Catalog, Harness, Interaction, Label, Method, PostingIndex, ScoringConfig, Split,
    Taxonomy,
};
use matcher_grpc::sample_data;

struct Fixture {
    _dir: tempfile::TempDir,
    catalog: Catalog,
    config: ScoringConfig,
}

fn fixture() -> Fixture {
    let dir = jinqiao_tests::temp();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    sample_data::ingest(Taxonomy::embedded(), &index).unwrap();
    let config = ScoringConfig::builtin();
    let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
    Fixture { _dir: dir, catalog, config }
}

fn sample() -> (Vec<matcher_core::Student>, Vec<Interaction>) {
    let (students, rejects) = read_students(Taxonomy::embedded(), sample_data::STUDENTS, "students.jsonl").unwrap();
    assert!(rejects.is_empty());
    let (interactions, rejects) = read_interactions(sample_data::INTERACTIONS, "interactions.csv").unwrap();
    assert!(rejects.is_empty());
    (students, interactions)
}

#[test]
fn the_engine_lists_are_the_same_whatever_the_interactions_say() {
    let f = fixture();
    let harness = Harness::new(Taxonomy::embedded(), &f.catalog, &f.config, sample_data::day(), 10, 7).unwrap();
    let (students, interactions) = sample();
    let folds = Split::default().apply(&interactions);
    let (data, rejects) = harness.dataset(&students, &folds.test, &folds.train, "interactions.csv");
    assert!(rejects.is_empty());
    // The train fold turned upside down: what was relevant is not, and the reverse.
    let flipped: Vec<Interaction> = folds
        .train
        .iter()
        .map(|i| Interaction {
            label: if i.label.is_positive() { Label::NotRelevant } else { Label::Hired },
            ..i.clone()
        })
        .collect();
    let (other, _) = harness.dataset(&students, &folds.test, &flipped, "interactions.csv");
    for method in [Method::Full, Method::FullWithoutAllocation, Method::Bm25, Method::Rules, Method::Random] {
        assert_eq!(harness.lists(method, &data).unwrap(), harness.lists(method, &other).unwrap(), "{method:?}");
    }
    // Popularity learns from the train fold, so the same check sees it change.
    assert_ne!(harness.lists(Method::Popularity, &data).unwrap(), harness.lists(Method::Popularity, &other).unwrap());
}

#[test]
fn with_a_time_split_no_method_recommends_what_the_student_already_dealt_with() {
    let f = fixture();
    let harness = Harness::new(Taxonomy::embedded(), &f.catalog, &f.config, sample_data::day(), 10, 7).unwrap();
    let (students, interactions) = sample();
    let folds = "time:2026-10-20".parse::<Split>().unwrap().apply(&interactions);
    let (data, _) = harness.dataset(&students, &folds.test, &folds.train, "interactions.csv");
    let dealt: usize = data.excluded.iter().map(|e| e.len()).sum();
    assert!(dealt > 1000, "the train fold names {dealt} postings of test students");
    for method in Method::ALL {
        let lists = harness.lists(method, &data).unwrap();
        for ((list, excluded), student) in lists.iter().zip(&data.excluded).zip(&data.students) {
            assert!(list.iter().all(|p| !excluded.contains(p)), "{method:?} gave {} a posting seen before", student.id);
        }
    }
    let reports = harness.evaluate(&data, &[Method::Full]).unwrap();
    assert_eq!(reports[0].overall.hard_filter_violations + reports[0].overall.headcount_violations, 0);
}
