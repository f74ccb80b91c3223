//! Ingestion: source formats, encodings, normalisation, rejects, and the pipeline into the index.

mod adapters;
mod compose;
pub(crate) mod container;
mod encoding;
pub(crate) mod fields;
mod ingestor;
mod json_record;
mod logs;
mod normaliser;
mod raw;
mod record;
mod reject;

pub use adapters::{Format, GENERIC_COLUMNS};
pub use encoding::Encoding;
pub use ingestor::{
    IngestReport, Ingestor, Merge, Placed, MAX_SOURCES, MERGES_FILE, REJECTS_FILE, REPORT_KEEPS, WARNINGS_FILE,
};
pub(crate) use normaliser::parse_track;
pub use record::RawRecord;
pub use reject::{FieldError, Reject, Warning};
