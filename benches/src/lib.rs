//! Inputs the benchmarks share: generated postings in every source format, and indexes built from them.

pub mod answer_bytes;

/// The allocator the `matcher` binary runs with (matcher-grpc's `main.rs`): what the benches time is what it
/// runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;

use matcher_core::{Encoding, Format, Ingestor, PostingIndex, SampleConfig, SampleGenerator, SampleSet, Taxonomy};

/// Generates `postings` openings (with the usual repeats and malformed records) into `dir`.
pub fn generate(dir: &Path, postings: usize, seed: u64) -> SampleSet {
    let config = SampleConfig { seed, postings, students: 10, ..SampleConfig::default() };
    SampleGenerator::new(Taxonomy::embedded(), config).write(dir).expect("generate benchmark data")
}

/// Ingests every generated file of `data` into a new index at `index`.
pub fn build_index(data: &Path, index: &Path) -> PostingIndex {
    let posting_index = PostingIndex::open_or_create(index).expect("open index");
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &posting_index).expect("writer");
    for format in Format::ALL {
        ingestor.ingest_file(format, &data.join(format.sample_file()), Encoding::Auto, &mut |_, _| {}).expect("ingest");
    }
    ingestor.commit().expect("commit");
    drop(ingestor);
    posting_index
}
