//! Shared fixtures of the unit tests: the committed sample, ingested once per test binary.

use std::path::Path;
use std::sync::OnceLock;

use crate::index::PostingIndex;
use crate::ingest::{Encoding, Format, Ingestor};
use crate::model::{Cadre, Student};
use crate::taxonomy::Taxonomy;

/// The day the fixtures read the sample on: a posting without a readable date counts from it, not from the
/// day the tests run, so that no result depends on that day.
fn reading_day() -> chrono::NaiveDate {
    crate::normalize::parse_date("2026-11-01").unwrap()
}

/// The committed sample's postings in an index.
pub(crate) fn sample_index() -> &'static PostingIndex {
    static INDEX: OnceLock<(tempfile::TempDir, PostingIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = PostingIndex::open_or_create(dir.path()).unwrap();
            let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
            ingestor.reading_on(reading_day());
            let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
            for format in Format::ALL {
                ingestor
                    .ingest_file(format, &sample.join(format.sample_file()), Encoding::Auto, &mut |_, _| {})
                    .unwrap();
            }
            ingestor.commit().unwrap();
            drop(ingestor);
            (dir, index)
        })
        .1
}

/// One of the committed sample's files ingested into `index` and committed (a segment of its own).
pub(crate) fn ingest_sample(index: &PostingIndex, format: Format) -> crate::ingest::IngestReport {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), index).unwrap();
    ingestor.reading_on(reading_day());
    let report =
        ingestor.ingest_file(format, &sample.join(format.sample_file()), Encoding::Auto, &mut |_, _| {}).unwrap();
    ingestor.commit().unwrap();
    report
}

/// A fresh index of the sample's tuantuan and generic postings, every `step`-th live posting deleted: several
/// segments, with deletions in them (what look-ups must count around). The folder lives as long as the guard.
pub(crate) fn index_with_deletions(step: usize) -> (tempfile::TempDir, PostingIndex) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = PostingIndex::open_or_create(dir.path()).expect("index");
    for format in [Format::Tuantuan, Format::Generic] {
        ingest_sample(&index, format);
    }
    let config = crate::score::ScoringConfig::builtin();
    let catalog = crate::score::Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).expect("catalog");
    let ids: Vec<_> = catalog.live_ids().step_by(step).cloned().collect();
    assert!(index.delete(&ids).expect("delete") > 10, "postings deleted");
    assert!(index.snapshot().segment_sizes().len() >= 2, "several segments");
    (dir, index)
}

/// The committed sample's students and cadres.
pub(crate) fn sample_people() -> (Vec<Student>, Vec<Cadre>) {
    let taxonomy = Taxonomy::embedded();
    let students = include_str!("../../data/sample/students.jsonl");
    let cadres = include_str!("../../data/sample/cadres.jsonl");
    let (students, _) = crate::people::read_students(taxonomy, students, "students.jsonl").unwrap();
    let (cadres, _) = crate::people::read_cadres(taxonomy, cadres, "cadres.jsonl").unwrap();
    (students, cadres)
}
