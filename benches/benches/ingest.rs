//! Ingest throughput: a 团团微就业-format file of generated postings (~265-character descriptions) read,
//! normalised, de-duplicated, indexed with jieba and committed into a fresh on-disk index.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jinqiao_benches::generate;
use matcher_core::{Encoding, Format, Ingestor, PostingIndex, Taxonomy};

const POSTINGS: usize = 50_000;

fn ingest(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    let set = generate(data.path(), POSTINGS, 11);
    let taxonomy = Taxonomy::embedded();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    for format in [Format::Tuantuan, Format::Generic] {
        let file = data.path().join(format.sample_file());
        let records = set.files.iter().find(|(name, _, _)| name == format.name()).map_or(0, |(_, _, n)| *n);
        group.throughput(Throughput::Elements(records as u64));
        group.bench_function(format!("{}_{}_records", format.name(), records), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("index dir"),
                |dir| {
                    let index = PostingIndex::open_or_create(dir.path()).expect("index");
                    let mut ingestor = Ingestor::new(taxonomy, &index).expect("writer");
                    let report = ingestor.ingest_file(format, &file, Encoding::Auto, &mut |_, _| {}).expect("ingest");
                    ingestor.commit().expect("commit");
                    std::hint::black_box(report.accepted);
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
