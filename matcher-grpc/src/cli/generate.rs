//! `matcher generate`: deterministic sample data in every source's native format.

use std::path::PathBuf;
use std::process::ExitCode;

use matcher_core::{parse_date, SampleConfig, SampleGenerator, Taxonomy};

/// Arguments of `matcher generate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher generate --out sample\n  matcher generate --out big --postings 100000 --students 20000 --seed 7"
)]
pub struct GenerateArgs {
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Distinct openings.
    #[arg(long, default_value_t = SampleConfig::default().postings)]
    postings: usize,
    /// Students.
    #[arg(long, default_value_t = SampleConfig::default().students)]
    students: usize,
    /// Seed.
    #[arg(long, default_value_t = SampleConfig::default().seed)]
    seed: u64,
    /// Share of openings published on a second platform too.
    #[arg(long, default_value_t = SampleConfig::default().duplicate_rate)]
    duplicate_rate: f64,
    /// Share of records followed by a malformed copy.
    #[arg(long, default_value_t = SampleConfig::default().malformed_rate)]
    malformed_rate: f64,
    /// Postings are published in the 60 days before this date.
    #[arg(long, default_value_t = SampleConfig::default().base_date.to_string())]
    base_date: String,
}

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    for (name, rate) in [("--duplicate-rate", args.duplicate_rate), ("--malformed-rate", args.malformed_rate)] {
        if !(0.0..=1.0).contains(&rate) {
            anyhow::bail!("{name} must be between 0 and 1, not {rate}");
        }
    }
    let base_date = parse_date(&args.base_date).map_err(|reason| anyhow::anyhow!("--base-date: {reason}"))?;
    let config = SampleConfig {
        seed: args.seed,
        postings: args.postings,
        students: args.students,
        duplicate_rate: args.duplicate_rate,
        malformed_rate: args.malformed_rate,
        base_date,
    };
    let bar = super::bar::Bar::new();
    let set = SampleGenerator::new(Taxonomy::embedded(), config).with_progress(bar.progress()).write(&args.out)?;
    drop(bar);
    println!(
        "{} openings, {} repeated on a second platform, {} malformed records:",
        set.openings, set.duplicates, set.malformed
    );
    for (format, path, count) in &set.files {
        println!("  {format:<9} {count:>8} records  {}", path.display());
    }
    for path in
        [&set.students, &set.cadres, &set.interactions, &set.case_events].into_iter().flatten().chain(&set.programmes)
    {
        println!("  {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
