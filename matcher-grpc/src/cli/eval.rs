//! `matcher eval`: every method (random, popularity, BM25, rules, the engine without and with allocation)
//! ranks postings for the test students; ranking and market metrics, by group, as a table, JSON, CSV and
//! SVG plots. Without `--index` it runs on the embedded sample and its ground truth.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use matcher_core::{
    read_interactions, read_students, Catalog, Dataset, Harness, Interaction, Method, PostingIndex, Reject,
    ScoringConfig, Split, Student, Taxonomy,
};
use matcher_grpc::sample_data;

use super::{read_text, TaxonomyArgs};
use crate::evaluation::{self, Setup};

/// What an evaluation reads (shared with `matcher tune`).
#[derive(Debug, clap::Args)]
pub struct EvalInputs {
    /// Index folder (from `matcher ingest`); without it the embedded sample is ingested into OUT/index and
    /// judged against the sample's own ground truth.
    #[arg(long, value_name = "DIR", requires_all = ["students", "interactions"])]
    index: Option<PathBuf>,
    /// Students, JSON Lines or CSV (with `--index`).
    #[arg(long, value_name = "FILE", requires = "index")]
    students: Option<PathBuf>,
    /// Ground-truth interactions, `student,posting,label,day` CSV (with `--index`).
    #[arg(long, value_name = "FILE", requires = "index")]
    interactions: Option<PathBuf>,
    /// Scoring configuration (TOML); without it the built-in one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Train/test split: `student` (half the students held out), `student:SHARE`, or `time:YYYY-MM-DD`.
    #[arg(long, default_value = "student:0.5")]
    split: String,
    /// The day lists are made for; default the sample's day, or the last interaction's day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    day: Option<String>,
    /// Postings per list (metrics are reported at 1, 2, 5 and 10).
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Seed of the random baseline.
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "jinqiao-eval")]
    out: PathBuf,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

/// Arguments of `matcher eval`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  matcher eval                     # the embedded sample\n  matcher eval --index idx --students data/sample/students.jsonl --interactions data/sample/interactions.csv --day 2026-11-01 --out ev"
)]
pub struct EvalArgs {
    #[command(flatten)]
    inputs: EvalInputs,
    /// Also print the tables as Markdown.
    #[arg(long)]
    markdown: bool,
}

/// Everything read, before the harness borrows it.
pub(super) struct Loaded {
    pub taxonomy: &'static Taxonomy,
    pub config: ScoringConfig,
    /// The configuration's text (the built-in default or the file's).
    pub config_text: String,
    pub config_name: String,
    pub catalog: Catalog,
    pub students: Vec<Student>,
    pub interactions: Vec<Interaction>,
    pub interactions_file: String,
    pub rejects: Vec<Reject>,
    pub split: Split,
    pub day: chrono::NaiveDate,
    pub top: usize,
    pub seed: u64,
    pub out: PathBuf,
}

impl EvalInputs {
    /// The split as given.
    pub(super) fn split(&self) -> &str {
        &self.split
    }

    pub(super) fn load(&self) -> anyhow::Result<Loaded> {
        let taxonomy = self.taxonomy.load()?;
        let (config_text, config_name) = match &self.config {
            Some(path) => (
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
                path.display().to_string(),
            ),
            None => (matcher_core::DEFAULT_CONFIG.to_string(), "built-in".to_string()),
        };
        let config = ScoringConfig::from_toml(taxonomy, &config_text, &config_name)?;
        let split: Split = self.split.parse().map_err(|e| anyhow::anyhow!("--split: {e}"))?;
        let (index, students_text, students_file, interactions_text, interactions_file) = match &self.index {
            Some(dir) => {
                let index = PostingIndex::open(dir)?;
                if index.is_empty() {
                    anyhow::bail!("the index at {} holds no posting: run `matcher ingest` first", dir.display());
                }
                let (students, interactions) = (required(&self.students)?, required(&self.interactions)?);
                (
                    index,
                    read_text(students)?,
                    students.display().to_string(),
                    read_text(interactions)?,
                    interactions.display().to_string(),
                )
            }
            None => {
                let dir = self.out.join("index");
                super::demo::reset(&dir)?;
                let index = PostingIndex::open_or_create(&dir)?;
                sample_data::ingest(taxonomy, &index)?;
                let (students, interactions) =
                    (sample_data::STUDENTS.to_string(), sample_data::INTERACTIONS.to_string());
                (
                    index,
                    students,
                    "data/sample/students.jsonl".into(),
                    interactions,
                    "data/sample/interactions.csv".into(),
                )
            }
        };
        let (students, mut rejects) = read_students(taxonomy, &students_text, &students_file)?;
        let (interactions, interaction_rejects) = read_interactions(&interactions_text, &interactions_file)?;
        rejects.extend(interaction_rejects);
        if interactions.is_empty() {
            anyhow::bail!("{interactions_file}: no interaction could be read");
        }
        let day = match (&self.day, &self.index) {
            (Some(text), _) => matcher_core::parse_date(text).map_err(|e| anyhow::anyhow!("--day: {e}"))?,
            (None, None) => sample_data::day(),
            (None, Some(_)) => interactions.iter().map(|i| i.day).max().unwrap_or_else(sample_data::day),
        };
        let bar = super::bar::Bar::new();
        let catalog = Catalog::build_with_progress(taxonomy, index.snapshot(), &config, Some(bar.progress()))?;
        drop(bar);
        Ok(Loaded {
            taxonomy,
            config,
            config_text,
            config_name,
            catalog,
            students,
            interactions,
            interactions_file,
            rejects,
            split,
            day,
            top: self.top,
            seed: self.seed,
            out: self.out.clone(),
        })
    }
}

impl Loaded {
    pub(super) fn harness(&self) -> anyhow::Result<Harness<'_>> {
        Ok(Harness::new(self.taxonomy, &self.catalog, &self.config, self.day, self.top, self.seed)?)
    }

    /// The train dataset (judged on the train fold), the test dataset (judged on the test fold, learning
    /// from the train fold), the set-up, and every rejected row (of the files and of the datasets).
    pub(super) fn datasets(&self, harness: &Harness) -> (Dataset, Dataset, Setup, Vec<Reject>) {
        let folds = self.split.apply(&self.interactions);
        let (test, rejects) = harness.dataset(&self.students, &folds.test, &folds.train, &self.interactions_file);
        let (train, _) = harness.dataset(&self.students, &folds.train, &[], &self.interactions_file);
        let rejects = [self.rejects.clone(), rejects].concat();
        let setup = Setup {
            day: self.day.to_string(),
            top: self.top,
            split: self.split,
            postings: harness.postings(),
            open_postings: harness.open_postings(),
            students: self.students.len(),
            interactions: self.interactions.len(),
            train_interactions: folds.train.len(),
            test_interactions: folds.test.len(),
            rejected: rejects.len(),
            config: self.config_name.clone(),
        };
        (train, test, setup, rejects)
    }
}

/// Prints the first rejected rows and how many more there are.
pub(super) fn print_rejects(rejects: &[Reject]) {
    for reject in rejects.iter().take(20) {
        println!("  rejected: {reject}");
    }
    if rejects.len() > 20 {
        println!("  … and {} more rejected rows", rejects.len() - 20);
    }
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let loaded = args.inputs.load()?;
    let started = std::time::Instant::now();
    let bar = super::bar::Bar::new();
    let harness = loaded.harness()?.with_progress(bar.progress());
    let (_, test, setup, rejects) = loaded.datasets(&harness);
    let reports = harness.evaluate(&test, &Method::ALL)?;
    let elapsed = started.elapsed();
    bar.finish();
    println!(
        "{} postings ({} open on {}), {} interactions ({} train, {} test, split {}); {} methods in {:.2} s",
        setup.postings,
        setup.open_postings,
        setup.day,
        setup.interactions,
        setup.train_interactions,
        setup.test_interactions,
        args.inputs.split,
        reports.len(),
        elapsed.as_secs_f64()
    );
    print_rejects(&rejects);
    println!();
    print!("{}", evaluation::table(&reports, setup.top, false));
    if args.markdown {
        println!();
        print!("{}", evaluation::table(&reports, setup.top, true));
    }
    let written = evaluation::write_all(&loaded.out, &setup, &reports)?;
    println!();
    if let Some(verdict) = evaluation::verdict(&reports) {
        print_verdict(&verdict);
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("written: {}", names.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn print_verdict(verdict: &evaluation::Verdict) {
    let list = |methods: &[Method]| methods.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ");
    if verdict.ndcg5_not_beaten.is_empty() {
        println!("the full engine beats every baseline on NDCG@5");
    } else {
        println!("the full engine does NOT beat on NDCG@5: {}", list(&verdict.ndcg5_not_beaten));
    }
    if verdict.low_income_not_beaten.is_empty() {
        println!(
            "the full engine beats every baseline on the low-income group's P@5, R@5, NDCG@5, Hit@5, MRR@10 and \
             share with two relevant postings"
        );
    } else {
        println!("on the low-income group the full engine does NOT beat: {}", list(&verdict.low_income_not_beaten));
    }
    println!("hard-filter and headcount violations of the full engine: {}", verdict.violations);
    println!("done-when criteria: {}", if verdict.holds() { "met" } else { "NOT met" });
}

fn required(path: &Option<PathBuf>) -> anyhow::Result<&Path> {
    path.as_deref().context("--index needs --students and --interactions")
}
