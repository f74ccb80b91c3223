//! Search latency at 100,000 postings: BM25 over jieba-analysed text, with and without filters.

use criterion::{criterion_group, criterion_main, Criterion};
use jinqiao_benches::{build_index, generate};
use matcher_core::{PostingKind, RegionCode, SearchQuery};

const POSTINGS: usize = 100_000;

fn search(c: &mut Criterion) {
    let data = tempfile::tempdir().expect("temp dir");
    generate(data.path(), POSTINGS, 12);
    let dir = tempfile::tempdir().expect("index dir");
    let index = build_index(data.path(), dir.path());
    eprintln!("search bench: {} postings indexed", index.len());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
    let changsha: RegionCode = "430100".parse().expect("code");
    let cases: [(&str, &str, Option<RegionCode>, Option<PostingKind>); 4] = [
        ("one_word", "会计", None, None),
        ("two_words", "软件开发", None, None),
        ("words_and_region", "销售 客户", Some(changsha), None),
        ("words_and_kind", "数据分析", None, Some(PostingKind::Internship)),
    ];
    let mut group = c.benchmark_group("search_100k");
    let everything = SearchQuery { text: "软件开发".to_string(), region: None, kind: None, top: 10, open_on: None };
    group.bench_function("two_words_including_expired", |b| {
        b.iter(|| std::hint::black_box(index.search(&everything).expect("search").len()))
    });
    for (name, text, region, kind) in cases {
        let query = SearchQuery { text: text.to_string(), region, kind, top: 10, open_on: day };
        group.bench_function(name, |b| b.iter(|| std::hint::black_box(index.search(&query).expect("search").len())));
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
