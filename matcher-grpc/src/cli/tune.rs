//! `matcher tune`: a coordinate search of the scorer's weights on the train split (NDCG@5 of the engine as
//! it serves, with the ≥ 2 rule and the headcount caps held), the tuned configuration written as TOML, and
//! the engine's figures before and after, on train and test side by side.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use matcher_core::{rewrite_weights, tune, Dataset, ScoringConfig, Weights};

use super::eval::EvalInputs;

/// Arguments of `matcher tune`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  matcher tune --out ev            # the embedded sample; ev/tuned.toml")]
pub struct TuneArgs {
    #[command(flatten)]
    inputs: EvalInputs,
    /// Rounds of the search at most (each tries every weight; it stops after a round without gain).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Where to write the tuned configuration (default OUT/tuned.toml).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

pub fn run(args: TuneArgs) -> anyhow::Result<ExitCode> {
    if args.rounds == 0 {
        anyhow::bail!("--rounds must be at least 1");
    }
    let loaded = args.inputs.load()?;
    let bar = super::bar::Bar::new();
    let harness = loaded.harness()?.with_progress(bar.progress());
    let (train, test, setup, rejects) = loaded.datasets(&harness);
    super::eval::print_rejects(&rejects);
    let started = std::time::Instant::now();
    let (tuned, tuning) = tune(&harness, &train, &loaded.config, args.rounds)?;
    bar.finish();
    println!(
        "searched {} configurations in {} rounds ({:.1} s) on {} train students; split {}",
        tuning.trials.len(),
        tuning.rounds,
        started.elapsed().as_secs_f64(),
        train.students.len(),
        args.inputs.split()
    );
    println!("  {:<10} {:>8} {:>8}", "weight", "before", "after");
    for (i, name) in Weights::NAMES.iter().enumerate() {
        println!("  {:<10} {:>8.3} {:>8.3}", name, tuning.start[i], tuning.best[i]);
    }
    let figures = |data: &Dataset, config: &ScoringConfig| harness.evaluate_config(data, config);
    let rows = [
        ("train", figures(&train, &loaded.config)?, figures(&train, &tuned)?),
        ("test", figures(&test, &loaded.config)?, figures(&test, &tuned)?),
    ];
    println!();
    println!(
        "  {:<6} {:<8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>12} {:>12} {:>11}",
        "fold", "config", "P@5", "R@5", "NDCG@5", "Hit@5", "MRR@10", "NDCG@5 low-", "≥2 eligible", "violations"
    );
    for (fold, before, after) in &rows {
        for (name, report) in [("given", before), ("tuned", after)] {
            let m = &report.overall;
            let five = m.at(5);
            let low =
                report.group("low_income", "low_income").map_or("–".to_string(), |l| format!("{:.3}", l.at(5).ndcg));
            println!(
                "  {:<6} {:<8} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>12} {:>12.3} {:>11}",
                fold,
                name,
                five.precision,
                five.recall,
                five.ndcg,
                five.hit,
                m.at(10).mrr,
                low,
                m.with_two_eligible,
                m.hard_filter_violations + m.headcount_violations
            );
        }
    }
    let path = args.write.clone().unwrap_or_else(|| loaded.out.join("tuned.toml"));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let text = rewrite_weights(loaded.taxonomy, &loaded.config_text, &tuned.weights, &path.display().to_string())?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    let trials = loaded.out.join("tuning.json");
    std::fs::create_dir_all(&loaded.out)?;
    let document = serde_json::json!({ "setup": setup, "tuning": tuning });
    std::fs::write(&trials, serde_json::to_vec_pretty(&document)?)
        .with_context(|| format!("writing {}", trials.display()))?;
    println!("\nwritten: {} (use with --config), {}", path.display(), trials.display());
    Ok(ExitCode::SUCCESS)
}
