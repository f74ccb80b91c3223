//! `search-loop`: BM25 searches in one process, one thread, with the latency of each: Jinqiao's side of the
//! comparison with the bm25s peer (`py_bm25.py`, which times each query in its own process the same way).
//! Prints one JSON object: queries, latency median / p90 / max in ms, queries per second.
//!
//! `search-loop --index DIR --queries FILE [--day 2026-11-01] [--top 10] [--repeat 5] [--ids]`
//!
//! By default each hit's posting is read from the index's store and decoded (what `matcher search` shows);
//! with `--ids` the catalog is built first (untimed, as the peer's index is) and the searches answer ids and
//! scores (`Catalog::search_ids`: what bm25s returns, and what the evaluation's BM25 baseline ranks).

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use matcher_core::{parse_date, Catalog, PostingIndex, ScoringConfig, SearchQuery, Taxonomy};

#[derive(Debug, Parser)]
struct Args {
    /// Index folder (from `matcher ingest`).
    #[arg(long)]
    index: PathBuf,
    /// One query a line.
    #[arg(long)]
    queries: PathBuf,
    /// Postings expired before this day are left out, as `matcher search --as-of` does.
    #[arg(long, default_value = "2026-11-01")]
    day: String,
    /// Hits per query.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Answer the whole list this many times (the first pass counts like the others).
    #[arg(long, default_value_t = 5)]
    repeat: usize,
    /// Ids and scores from the catalog instead of each hit's posting read from the store.
    #[arg(long)]
    ids: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let day = parse_date(&args.day).map_err(|e| anyhow::anyhow!("--day: {e}"))?;
    let index = PostingIndex::open(&args.index)?;
    let catalog = match args.ids {
        true => Some(Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin())?),
        false => None,
    };
    let queries: Vec<String> = std::fs::read_to_string(&args.queries)?.lines().map(str::to_string).collect();
    anyhow::ensure!(!queries.is_empty(), "{}: no query", args.queries.display());
    let mut latencies = Vec::with_capacity(queries.len() * args.repeat);
    let mut hits = 0usize;
    for _ in 0..args.repeat.max(1) {
        for text in &queries {
            let query = SearchQuery { text: text.clone(), region: None, kind: None, top: args.top, open_on: Some(day) };
            let started = Instant::now();
            hits += match &catalog {
                Some(catalog) => catalog.search_ids(&query)?.len(),
                None => index.search(&query)?.len(),
            };
            latencies.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    let total: f64 = latencies.iter().sum();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let report = serde_json::json!({
        "mode": if args.ids { "ids" } else { "postings" },
        "queries": latencies.len(),
        "hits": hits,
        "lat_ms_median": at(0.5),
        "lat_ms_p90": at(0.9),
        "lat_ms_max": at(1.0),
        "queries_per_s": latencies.len() as f64 / (total / 1e3),
    });
    println!("{report}");
    Ok(())
}
