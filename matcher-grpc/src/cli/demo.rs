//! `matcher demo`: the main job on the embedded default data. Ingests the sample of every source into an
//! index, shows what was accepted, merged and rejected, reopens the index as after a restart, and searches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use matcher_core::{
    Encoding, Format, IngestReport, Ingestor, PostingIndex, PostingKind, SampleConfig, SearchQuery, Taxonomy,
};

use super::ingest::print_report;

/// The committed sample (data/sample), built into the binary.
const SAMPLE: [(Format, &[u8]); 5] = [
    (Format::Yangfan, include_bytes!("../../../data/sample/yangfan.jsonl")),
    (Format::Xiaochi, include_bytes!("../../../data/sample/xiaochi.csv")),
    (Format::Tuantuan, include_bytes!("../../../data/sample/tuantuan.json")),
    (Format::National, include_bytes!("../../../data/sample/national.json")),
    (Format::Generic, include_bytes!("../../../data/sample/generic.csv")),
];

/// Arguments of `matcher demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Index folder; an earlier demo index there is replaced.
    #[arg(long, value_name = "DIR", default_value = "jinqiao-demo-index")]
    index: PathBuf,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    reset(&args.index)?;
    let taxonomy = Taxonomy::embedded();
    println!("== 1. ingest the embedded sample of every source into {}", args.index.display());
    {
        let index = PostingIndex::open_or_create(&args.index)?;
        let mut ingestor = Ingestor::new(taxonomy, &index)?;
        let mut all = IngestReport::default();
        for (format, bytes) in SAMPLE {
            let file = format!("data/sample/{}", format.sample_file());
            let text = Encoding::Auto.decode(bytes, &file)?;
            let report = ingestor.ingest_text(format, &text, &file)?;
            println!(
                "  {:<9} {:>4} records: {:>4} accepted, {:>3} merged, {:>2} rejected",
                format.name(),
                report.total,
                report.accepted,
                report.merged,
                report.rejected
            );
            all.absorb(report);
        }
        ingestor.commit()?;
        drop(ingestor);
        println!("\n== 2. what happened");
        print_report(&all, &index, 8, 0.0);
    }
    println!("\n== 3. reopen the index, as after a restart");
    let index = PostingIndex::open_or_create(&args.index)?;
    println!("  {} postings on disk", index.len());
    // Searches run as of the day the committed sample describes (`matcher generate`'s default base date),
    // so the demo shows the same postings whatever today's date.
    let day = SampleConfig::default().base_date;
    println!("\n== 4. search in Chinese (as of {day})");
    let changsha = matcher_core::resolve_place(&taxonomy.regions, "长沙市").map_err(anyhow::Error::msg)?;
    let searches = [
        ("农业", None, None),
        ("软件开发", Some(changsha), None),
        ("会计", None, Some(PostingKind::Internship)),
        ("乡村教育", None, Some(PostingKind::Volunteer)),
    ];
    for (text, region, kind) in searches {
        let query = SearchQuery { text: text.to_string(), region, kind, top: 3, open_on: Some(day) };
        let filters = [region.map(|r| format!("--region {r}")), kind.map(|k| format!("--kind {k}"))];
        let filters: Vec<String> = filters.into_iter().flatten().collect();
        println!("  matcher search --index {} {} {text}", args.index.display(), filters.join(" "));
        for hit in index.search(&query)? {
            println!(
                "    {:.2}  {}｜{}｜{}｜{}  [{}]",
                hit.score,
                hit.title,
                hit.employer,
                taxonomy.regions.path_name(hit.region),
                hit.kind.zh(),
                hit.id
            );
        }
    }
    let all = SearchQuery { text: "农业".to_string(), region: None, kind: None, top: 10_000, open_on: Some(day) };
    let hits = index.search(&all)?;
    if let Some(rank) = hits.iter().position(|h| h.employer.starts_with("中国农业发展银行")) {
        let hit = &hits[rank];
        println!(
            "  农业 also finds {} ({}): hit {} of {}, through jieba's search mode (中国农业发展银行 → 中国/农业/发展/银行)",
            hit.employer,
            hit.title,
            rank + 1,
            hits.len()
        );
    }
    println!("\nnext: matcher search --index {} --as-of {day} 销售", args.index.display());
    Ok(ExitCode::SUCCESS)
}

/// Removes an earlier demo index, and only an index: a folder with anything else in it is left alone.
fn reset(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join("jinqiao-index.json").exists() {
        anyhow::bail!("{} exists and is not a Jinqiao index; choose another --index", dir.display());
    }
    std::fs::remove_dir_all(dir)?;
    Ok(())
}
