//! Ingest throughput: a 团团微就业-format file of generated postings (~265-character descriptions) read,
//! normalised, de-duplicated, indexed with jieba and committed into a fresh on-disk index.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jinqiao_benches::generate;
use matcher_core::{chinese_analyzer, Encoding, Format, Ingestor, PostingIndex, Taxonomy};
use tantivy::tokenizer::TokenStream;

const POSTINGS: usize = 50_000;

fn ingest(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let set = generate(data.path(), POSTINGS, 11);
    let taxonomy = Taxonomy::embedded();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    // Baseline measured in the same run: only the Chinese analysis of the same records' text, the floor
    // that any jieba-indexing ingest pays (ratios against it survive a noisy machine).
    let texts = tuantuan_texts(&data.path().join(Format::Tuantuan.sample_file()));
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function(format!("baseline_jieba_only_tuantuan_{}_records", texts.len()), |b| {
        let mut analyzer = chinese_analyzer();
        b.iter(|| {
            let mut tokens = 0usize;
            for text in &texts {
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    tokens += 1;
                }
            }
            std::hint::black_box(tokens)
        });
    });
    // The same text through jieba-rs itself (search mode, HMM, its dictionary loaded once outside the timed
    // code): what the analyzer's own segmenter, which cuts identically, is compared with.
    group.bench_function(format!("jieba_rs_search_mode_tuantuan_{}_records", texts.len()), |b| {
        let jieba = jieba_rs::Jieba::new();
        b.iter(|| {
            let mut tokens = 0usize;
            for text in &texts {
                tokens += jieba.cut_for_search(text, true).len();
            }
            std::hint::black_box(tokens)
        });
    });
    for format in [Format::Tuantuan, Format::Generic] {
        let file = data.path().join(format.sample_file());
        let records = set.files.iter().find(|(name, _, _)| name == format.name()).map_or(0, |(_, _, n)| *n);
        group.throughput(Throughput::Elements(records as u64));
        group.bench_function(format!("{}_{}_records", format.name(), records), |b| {
            // Timed by hand so that freeing the ingestor's memory and removing the temporary index come after
            // the clock stops: `matcher ingest` pays neither (it commits with `commit_before_exit`, which
            // leaves that memory to the process's exit, and it keeps its index).
            b.iter_custom(|iterations| {
                let mut timed = Duration::ZERO;
                for _ in 0..iterations {
                    let dir = tempfile::tempdir().expect("index dir");
                    let started = Instant::now();
                    let index = PostingIndex::open_or_create(dir.path()).expect("index");
                    let mut ingestor = Ingestor::new(taxonomy, &index).expect("writer");
                    let report = ingestor.ingest_file(format, &file, Encoding::Auto, &mut |_, _| {}).expect("ingest");
                    ingestor.commit().expect("commit");
                    std::hint::black_box(report.accepted);
                    timed += started.elapsed();
                    drop(ingestor);
                }
                timed
            });
        });
    }
    group.finish();
}

/// Title, employer and description of every record of a tuantuan file, as the index analyses them.
fn tuantuan_texts(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read");
    let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let field = |job: &serde_json::Value, name: &str| job[name].as_str().unwrap_or("").to_string();
    document["jobs"]
        .as_array()
        .map(|jobs| {
            jobs.iter()
                .map(|j| [field(j, "jobTitle"), field(j, "companyName"), field(j, "jobDesc")].join(" "))
                .collect()
        })
        .unwrap_or_default()
}

criterion_group!(benches, ingest);
criterion_main!(benches);
