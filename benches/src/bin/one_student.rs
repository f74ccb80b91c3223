//! `one-student`: recommendations for one student at a time, as the service answers them, with the latency of
//! each: the percentiles the speed goal for a single student is stated in (criterion's `*_one_student`
//! groups give means). Prints one JSON object per pass: students, latency median / p90 / p99 / max in ms.
//!
//! `one-student --index DIR --students FILE [--day 2026-11-01] [--top 5] [--count 1000] [--passes 2]
//! [--keep-lookups 4096]`
//!
//! The catalog is built first (not timed). Each student is recommended alone, allocated as a batch of one,
//! explained. With `--keep-lookups N` the catalog keeps the text look-ups of the last N distinct sets of words,
//! as `matcher serve` does: the first pass makes them as students come, later passes find them kept.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use matcher_core::{
    parse_date, read_students, Catalog, PostingIndex, RecommendOptions, Recommender, ScoringConfig, Student, Taxonomy,
};

#[derive(Debug, Parser)]
struct Args {
    /// Index folder (from `matcher ingest`).
    #[arg(long)]
    index: PathBuf,
    /// Students, one JSON object a line (`matcher generate`'s students.jsonl); job seekers are taken in order.
    #[arg(long)]
    students: PathBuf,
    /// The day postings are open on.
    #[arg(long, default_value = "2026-11-01")]
    day: String,
    /// Postings per student.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Job seekers recommended, one at a time, in each pass (at most 1,000,000).
    #[arg(long, default_value_t = 1_000)]
    count: usize,
    /// Passes over the same students (at most 100).
    #[arg(long, default_value_t = 2)]
    passes: usize,
    /// Text look-ups the catalog keeps (0: none, each student's words looked up anew; at most 1,000,000).
    #[arg(long, default_value_t = 0)]
    keep_lookups: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!((1..=1_000_000).contains(&args.count), "--count must be 1 to 1000000");
    anyhow::ensure!((1..=100).contains(&args.passes), "--passes must be 1 to 100");
    anyhow::ensure!(args.keep_lookups <= 1_000_000, "--keep-lookups must be at most 1000000");
    let day = parse_date(&args.day).map_err(|e| anyhow::anyhow!("--day: {e}"))?;
    let taxonomy = Taxonomy::embedded();
    let config = ScoringConfig::builtin();
    let index = PostingIndex::open(&args.index)?;
    let mut catalog = Catalog::build(taxonomy, index.snapshot(), &config)?;
    catalog.keep_text_lookups(args.keep_lookups);
    let text = std::fs::read_to_string(&args.students)?;
    let (students, _) = read_students(taxonomy, &text, &args.students.display().to_string())?;
    let students: Vec<Student> = students.into_iter().filter(|s| s.intent.seeks_work()).take(args.count).collect();
    anyhow::ensure!(!students.is_empty(), "{}: no job seeker", args.students.display());
    let recommender = Recommender::new(taxonomy, &catalog, &config);
    let options = RecommendOptions { day, top: args.top, campaign: None, allocate: true };
    for pass in 1..=args.passes {
        let mut latencies = Vec::with_capacity(students.len());
        let mut listed = 0usize;
        for student in &students {
            let started = Instant::now();
            let batch = recommender.recommend(std::slice::from_ref(student), &options)?;
            latencies.push(started.elapsed().as_secs_f64() * 1e3);
            listed += batch.summary.recommendations;
        }
        latencies.sort_by(f64::total_cmp);
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
        let report = serde_json::json!({
            "pass": pass,
            "postings": catalog.live(),
            "students": latencies.len(),
            "kept_lookups": args.keep_lookups,
            "recommendations": listed,
            "lat_ms_median": at(0.5),
            "lat_ms_p90": at(0.9),
            "lat_ms_p99": at(0.99),
            "lat_ms_max": at(1.0),
            "lat_ms_mean": latencies.iter().sum::<f64>() / latencies.len() as f64,
        });
        println!("{report}");
    }
    Ok(())
}
