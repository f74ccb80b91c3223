//! The committed sample (`data/sample`), built into the binary: the demo and `matcher serve` with no
//! arguments run on it.

use matcher_core::Format;

/// Postings of every source, in each platform's own format.
pub const POSTINGS: [(Format, &[u8]); 5] = [
    (Format::Yangfan, include_bytes!("../../data/sample/yangfan.jsonl")),
    (Format::Xiaochi, include_bytes!("../../data/sample/xiaochi.csv")),
    (Format::Tuantuan, include_bytes!("../../data/sample/tuantuan.json")),
    (Format::National, include_bytes!("../../data/sample/national.json")),
    (Format::Generic, include_bytes!("../../data/sample/generic.csv")),
];

/// Students (generated; no real person).
pub const STUDENTS: &str = include_str!("../../data/sample/students.jsonl");

/// Cadres (generated).
pub const CADRES: &str = include_str!("../../data/sample/cadres.jsonl");

/// The day the sample describes (`matcher generate`'s default base date).
pub fn day() -> chrono::NaiveDate {
    matcher_core::SampleConfig::default().base_date
}
