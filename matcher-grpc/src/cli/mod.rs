//! Command-line arguments and their dispatch; each subcommand lives in its own file.

mod admin;
mod bar;
mod case;
mod classify;
mod community;
mod config;
mod demo;
mod eval;
mod generate;
mod health;
mod ingest;
pub mod output;
mod pair;
mod programmes;
mod recommend;
mod report;
mod search;
mod serve;
mod tune;
mod venture;
mod western;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Jinqiao (金桥): job–student matching for the Hunan Communist Youth League's graduate employment programme.
#[derive(Debug, Parser)]
#[command(name = "matcher", version, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log format on stderr: text, json, or auto (JSON for `serve` when stderr is not a terminal).
    #[arg(long, global = true, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub log_format: matcher_grpc::telemetry::logs::LogFormat,
}

impl Cli {
    /// Whether the command is `matcher serve` (request lines logged at info).
    pub fn is_serve(&self) -> bool {
        matches!(self.command, Command::Serve(_))
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gRPC service (matcher.v1). With no arguments: the embedded sample at 127.0.0.1:50051.
    Serve(serve::ServeArgs),
    /// Ask a running service whether it serves (grpc.health.v1), for health checks.
    Health(health::HealthArgs),
    /// Ingest the embedded sample of every source into an index, show what was kept, merged and rejected,
    /// and search it in Chinese.
    Demo(demo::DemoArgs),
    /// Ingest posting files of one source into an index.
    Ingest(ingest::IngestArgs),
    /// Search the index (BM25 with filters).
    Search(search::SearchArgs),
    /// Read one title per line on stdin, write `title<TAB>code<TAB>name`; or measure accuracy with --eval.
    ClassifyTitles(classify::ClassifyArgs),
    /// Write a deterministic sample in every source's native format, with students and cadres.
    Generate(generate::GenerateArgs),
    /// Propose pairings of cadres with 3–5 job-seeking graduates of their school by the plan's rules.
    Pair(pair::PairArgs),
    /// Case files: show a student's, list a cadre's students, add an event, import ticked lists.
    Case(case::CaseArgs),
    /// Recommend postings to every paired student: ranked, explained, allocated; per-cadre JSON, CSV, XLSX, HTML.
    Recommend(recommend::RecommendArgs),
    /// The monthly progress report: 结对帮扶 against the plan's targets by city, school, college and cadre,
    /// month over month; XLSX, HTML with charts, JSON, CSV.
    Report(report::ReportArgs),
    /// Measure match quality: ranking and market metrics of the engine and four baselines against
    /// ground-truth interactions, by group; table, JSON, CSV and SVG plots.
    Eval(eval::EvalArgs),
    /// Search the scorer's weights on the train split (NDCG@5, rules held); write the tuned configuration.
    Tune(tune::TuneArgs),
    /// Print the built-in scoring configuration (TOML), or check a configuration file.
    Config(config::ConfigArgs),
    /// 西部计划 recruitment: place applicants on service posts within every quota (deferred acceptance).
    Western(western::WesternArgs),
    /// 社区实践: pair university League branches with community organisations near them (at least 25% of
    /// every school's branches where the communities allow it).
    Community(community::CommunityArgs),
    /// 创业帮扶: select the projects to fund, exactly, within the budget and the plan's rules.
    Venture(venture::VentureArgs),
    /// Delete postings by id.
    Delete(admin::DeleteArgs),
    /// Delete postings that expired before a day.
    Expire(admin::ExpireArgs),
}

/// Options shared by commands that read reference tables.
#[derive(Debug, clap::Args)]
pub struct TaxonomyArgs {
    /// Folder of reference tables laid out like data/reference (default: the tables built in).
    #[arg(long, value_name = "DIR")]
    taxonomy: Option<PathBuf>,
}

impl TaxonomyArgs {
    fn load(&self) -> anyhow::Result<&'static matcher_core::Taxonomy> {
        match &self.taxonomy {
            None => Ok(matcher_core::Taxonomy::embedded()),
            // Leaked on purpose: the tables live as long as the process, like the built-in ones.
            Some(dir) => Ok(Box::leak(Box::new(matcher_core::Taxonomy::from_dir(dir)?))),
        }
    }
}

/// A count given on the command line: `low..=high`, so that 0 is refused rather than read as 1.
fn count_in(text: &str, low: usize, high: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} is out of range: give {low} to {high}")),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

/// `recommend --top`: postings per student, 1 to 1,000.
fn list_length(text: &str) -> Result<usize, String> {
    count_in(text, 1, 1000)
}

/// `search --top`: hits, 1 to 1,000,000.
fn hit_count(text: &str) -> Result<usize, String> {
    count_in(text, 1, 1_000_000)
}

/// Reads a text file, UTF-8 or GBK (detected).
fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    Ok(matcher_core::Encoding::Auto.decode(&bytes, &path.display().to_string())?.into_owned())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Health(args) => health::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => search::run(args),
        Command::ClassifyTitles(args) => classify::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Pair(args) => pair::run(args),
        Command::Case(args) => case::run(args),
        Command::Recommend(args) => recommend::run(args),
        Command::Report(args) => report::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Tune(args) => tune::run(args),
        Command::Config(args) => config::run(args),
        Command::Western(args) => western::run(args),
        Command::Community(args) => community::run(args),
        Command::Venture(args) => venture::run(args),
        Command::Delete(args) => admin::delete(args),
        Command::Expire(args) => admin::expire(args),
    }
}
