//! Batch recommendation throughput (students/s) and per-student latency. The posting count comes from
//! `JINQIAO_BENCH_POSTINGS` (default 100,000; the goals are at 100,000 and 1,000,000), or an existing
//! index from `JINQIAO_BENCH_INDEX` with students from `JINQIAO_BENCH_STUDENTS`.
//!
//! Baselines measured in the same run: the same batch ranked without the allocation pass, the same batch
//! scoring every candidate (`pruning_*`: candidates that cannot enter a student's list left out, against
//! `Recommender::exhaustive`, which gives the same lists), and a plain BM25 search of each student's intention
//! (what a search box gives, with none of the scoring). For the 1,000,000-posting figures:
//! `JINQIAO_BENCH_POSTINGS=1000000 cargo bench -p jinqiao-benches --bench recommend` (it builds the index
//! first, ~10 minutes).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jinqiao_benches::build_index;
use matcher_core::{
    read_students, Catalog, PostingIndex, RecommendOptions, Recommender, ScoringConfig, SearchQuery, Student, Taxonomy,
};

const BATCH: usize = 5_000;

fn setup() -> (Vec<tempfile::TempDir>, PostingIndex, Vec<Student>) {
    let taxonomy = Taxonomy::embedded();
    if let (Ok(index), Ok(students)) = (std::env::var("JINQIAO_BENCH_INDEX"), std::env::var("JINQIAO_BENCH_STUDENTS")) {
        let index = PostingIndex::open_or_create(&PathBuf::from(index)).expect("open the given index");
        let text = std::fs::read_to_string(students).expect("read the given students");
        let (students, _) = read_students(taxonomy, &text, "students").expect("students");
        return (Vec::new(), index, students);
    }
    let postings: usize = std::env::var("JINQIAO_BENCH_POSTINGS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let data = tempfile::tempdir().expect("temp dir");
    let config = matcher_core::SampleConfig { seed: 31, postings, students: BATCH, ..Default::default() };
    matcher_core::SampleGenerator::new(taxonomy, config).write(data.path()).expect("generate");
    let dir = tempfile::tempdir().expect("index dir");
    let index = build_index(data.path(), dir.path());
    let text = std::fs::read_to_string(data.path().join("students.jsonl")).expect("students");
    let (students, _) = read_students(taxonomy, &text, "students.jsonl").expect("students");
    (vec![data, dir], index, students)
}

fn recommend(c: &mut Criterion) {
    let taxonomy = Taxonomy::embedded();
    let (_dirs, index, all) = setup();
    let students: Vec<Student> = all.into_iter().filter(|s| s.intent.seeks_work()).take(BATCH).collect();
    let config = ScoringConfig::builtin();
    let started = std::time::Instant::now();
    let catalog = Catalog::build(taxonomy, index.snapshot(), &config).expect("catalog");
    eprintln!(
        "recommend bench: {} postings, catalog built in {:.2} s; {} job seekers",
        catalog.len(),
        started.elapsed().as_secs_f64(),
        students.len()
    );
    let recommender = Recommender::new(taxonomy, &catalog, &config);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let options = RecommendOptions { day, top: 5, campaign: None, allocate: true };
    let size = format!("{}k", catalog.len() / 1000);

    let mut group = c.benchmark_group(format!("recommend_{size}"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(students.len() as u64));
    group.bench_function(BenchmarkId::new("batch_allocated", students.len()), |b| {
        b.iter(|| {
            std::hint::black_box(recommender.recommend(&students, &options).expect("batch").summary.recommendations)
        })
    });
    let alone = RecommendOptions { allocate: false, ..options.clone() };
    group.bench_function(BenchmarkId::new("batch_ranked_alone", students.len()), |b| {
        b.iter(|| {
            std::hint::black_box(recommender.recommend(&students, &alone).expect("batch").summary.recommendations)
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("pruning_{size}"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(students.len() as u64));
    let exhaustive = Recommender::new(taxonomy, &catalog, &config).exhaustive();
    group.bench_function(BenchmarkId::new("ranked_pruned", students.len()), |b| {
        b.iter(|| {
            std::hint::black_box(recommender.recommend(&students, &alone).expect("batch").summary.recommendations)
        })
    });
    group.bench_function(BenchmarkId::new("ranked_exhaustive", students.len()), |b| {
        b.iter(|| std::hint::black_box(exhaustive.recommend(&students, &alone).expect("batch").summary.recommendations))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("recommend_{size}_one_student"));
    let few: Vec<&Student> = students.iter().step_by((students.len() / 50).max(1)).take(50).collect();
    group.throughput(Throughput::Elements(few.len() as u64));
    group.bench_function("recommend", |b| {
        b.iter(|| {
            for student in &few {
                let one = std::slice::from_ref(*student);
                std::hint::black_box(recommender.recommend(one, &options).expect("one").summary.recommendations);
            }
        })
    });
    group.bench_function("recommend_exhaustive", |b| {
        b.iter(|| {
            for student in &few {
                let one = std::slice::from_ref(*student);
                std::hint::black_box(exhaustive.recommend(one, &options).expect("one").summary.recommendations);
            }
        })
    });
    group.bench_function("baseline_bm25_search", |b| {
        b.iter(|| {
            for student in &few {
                let text = format!("{} {}", student.intention, student.skills);
                let query = SearchQuery { text, region: None, kind: None, top: 5, open_on: Some(day) };
                std::hint::black_box(index.search(&query).expect("search").len());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, recommend);
criterion_main!(benches);
