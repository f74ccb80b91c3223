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

/// A year of the paired students' case files (generated).
pub const CASE_EVENTS: &str = include_str!("../../data/sample/case_events.jsonl");

/// Ground-truth interactions of the sample's job seekers (from the generator's preference model).
pub const INTERACTIONS: &str = include_str!("../../data/sample/interactions.csv");

/// Ingests every sample file into `index` (committed, compacted into one segment so that BM25 scores are
/// the same on every run); returns each format's report.
pub fn ingest(
    taxonomy: &matcher_core::Taxonomy,
    index: &matcher_core::PostingIndex,
) -> Result<Vec<(Format, matcher_core::IngestReport)>, matcher_core::Error> {
    let mut ingestor = matcher_core::Ingestor::new(taxonomy, index)?;
    let mut reports = Vec::with_capacity(POSTINGS.len());
    for (format, bytes) in POSTINGS {
        let file = format!("data/sample/{}", format.sample_file());
        let text = matcher_core::Encoding::Auto.decode(bytes, &file)?;
        reports.push((format, ingestor.ingest_text(format, &text, &file)?));
    }
    ingestor.commit()?;
    drop(ingestor);
    index.compact()?;
    Ok(reports)
}

/// The day the sample describes (`matcher generate`'s default base date).
pub fn day() -> chrono::NaiveDate {
    matcher_core::SampleConfig::default().base_date
}

/// 西部计划 service posts with capacities (generated).
pub const WESTERN_POSTS: &str = include_str!("../../data/sample/western_posts.csv");

/// 西部计划 track quotas (generated).
pub const WESTERN_QUOTAS: &str = include_str!("../../data/sample/western_quotas.csv");

/// 西部计划 applications (generated; no real person).
pub const WESTERN_APPLICATIONS: &str = include_str!("../../data/sample/western_applications.jsonl");

/// 社区实践: the sample schools' League branches (generated).
pub const BRANCHES: &str = include_str!("../../data/sample/branches.csv");

/// 社区实践: community League organisations near the sample's schools (generated).
pub const COMMUNITIES: &str = include_str!("../../data/sample/communities.csv");

/// 创业帮扶: venture projects the sample's schools put forward (generated).
pub const PROJECTS: &str = include_str!("../../data/sample/projects.csv");

/// 创业导师: mentors over the province (generated).
pub const MENTORS: &str = include_str!("../../data/sample/mentors.csv");
