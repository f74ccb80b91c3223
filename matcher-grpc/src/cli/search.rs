//! `matcher search`: BM25 over title, employer and description, with region, kind and expiry filters.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use matcher_core::{parse_date, resolve_place, PostingIndex, PostingKind, SearchHit, SearchQuery, Taxonomy};

/// Arguments of `matcher search`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher search --index idx 农业\n  matcher search --index idx --region 长沙市 --kind internship --top 5 会计"
)]
pub struct SearchArgs {
    /// Index folder.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Only postings in this region: a GB/T 2260 code or a name (a city also matches its counties).
    #[arg(long, value_name = "CODE")]
    region: Option<String>,
    /// Only postings of this kind (job, internship, gig, traineeship, volunteer, practice, experience).
    #[arg(long)]
    kind: Option<PostingKind>,
    /// How many hits (1 to 1,000,000).
    #[arg(long, default_value_t = 10, value_parser = super::hit_count)]
    top: usize,
    /// Print a JSON array of {"id","title","employer","region_code","kind","score",…}.
    #[arg(long)]
    json: bool,
    /// Leave out postings expired before this day (default: today).
    #[arg(long, value_name = "DATE", conflicts_with = "include_expired")]
    as_of: Option<String>,
    /// Keep expired postings.
    #[arg(long)]
    include_expired: bool,
    /// Words to search for, in Chinese or not; empty lists the newest postings.
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,
}

pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let index = PostingIndex::open(&args.index)?;
    let taxonomy = Taxonomy::embedded();
    let region = match &args.region {
        None => None,
        Some(text) => {
            Some(resolve_place(&taxonomy.regions, text).map_err(|reason| anyhow::anyhow!("--region: {reason}"))?)
        }
    };
    let open_on = if args.include_expired {
        None
    } else {
        Some(match &args.as_of {
            Some(text) => parse_date(text).map_err(|reason| anyhow::anyhow!("--as-of: {reason}"))?,
            None => chrono::Local::now().date_naive(),
        })
    };
    let query = SearchQuery { text: args.query.clone(), region, kind: args.kind, top: args.top, open_on };
    let hits = index.search(&query).context("searching")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits_json(&hits, taxonomy))?);
    } else {
        print_hits(&hits, taxonomy, open_on);
    }
    Ok(ExitCode::SUCCESS)
}

fn hits_json(hits: &[SearchHit], taxonomy: &Taxonomy) -> serde_json::Value {
    hits.iter()
        .map(|hit| {
            serde_json::json!({
                "id": hit.id,
                "title": hit.title,
                "employer": hit.employer,
                "region_code": hit.region.to_string(),
                "region": taxonomy.regions.path_name(hit.region),
                "kind": hit.kind.code(),
                "score": hit.score,
                "sources": hit.sources.iter().map(|s| s.key()).collect::<Vec<_>>(),
                "occupation": hit.occupation,
                "pay": hit.pay,
                "posted": hit.posted,
                "expires": hit.expires,
                "how_to_apply": hit.how_to_apply(),
                "url": hit.url,
                "contact": hit.contact,
            })
        })
        .collect()
}

fn print_hits(hits: &[SearchHit], taxonomy: &Taxonomy, open_on: Option<NaiveDate>) {
    if hits.is_empty() {
        let note = open_on.map(|d| format!(" open on {d}")).unwrap_or_default();
        println!("no posting{note} matches");
        return;
    }
    for (rank, hit) in hits.iter().enumerate() {
        let pay = match (hit.pay.min, hit.pay.max) {
            (Some(lo), Some(hi)) if lo == hi => format!("{lo}元/月"),
            (Some(lo), Some(hi)) => format!("{lo}-{hi}元/月"),
            (Some(lo), None) => format!("{lo}元/月起"),
            (None, Some(hi)) => format!("至{hi}元/月"),
            (None, None) => "面议".to_string(),
        };
        let sources: Vec<&str> = hit.sources.iter().map(|s| s.source.zh()).collect();
        println!(
            "{:>2}. {:.2}  {}｜{}｜{}｜{}｜{}  [{}; {}]",
            rank + 1,
            hit.score,
            hit.title,
            hit.employer,
            taxonomy.regions.path_name(hit.region),
            hit.kind.zh(),
            pay,
            hit.id,
            sources.join("、")
        );
    }
}
