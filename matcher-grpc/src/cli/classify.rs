//! `matcher classify-titles`: job titles → 职业分类大典 codes, one per line; `--eval` measures accuracy on a
//! labelled CSV (job_name, expected_code) at the 细类, 小类 and 中类 levels, `--cv K` by k-fold
//! cross-validation (the model learns from the other folds only), next to the rules alone.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use matcher_core::{occupation_prefix, LabelledTitle, OccupationTable, TitleClassifier, TitleMatch};
use rayon::prelude::*;

use super::TaxonomyArgs;

/// Arguments of `matcher classify-titles`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  printf \'Java开发工程师\\n客服专员\\n\' | matcher classify-titles\n  matcher classify-titles --eval data/reference/occupation_titles_labelled_dev.csv --cv 5"
)]
pub struct ClassifyArgs {
    /// Instead of reading stdin, score the classifier on a labelled CSV with columns job_name, expected_code.
    #[arg(long, value_name = "CSV")]
    eval: Option<PathBuf>,
    /// With --eval: k-fold cross-validation on that CSV; the model learns from the other k-1 folds only (and
    /// the classification's names), never from the built-in labelled titles.
    #[arg(long, value_name = "K", requires = "eval", value_parser = clap::value_parser!(u32).range(2..=20))]
    cv: Option<u32>,
    /// With --eval: print the figures as one JSON line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = args.taxonomy.load()?;
    if let Some(path) = &args.eval {
        let text = super::read_text(path)?;
        let labelled = LabelledTitle::read_csv(&path.display().to_string(), &text)?;
        let (rules, model) = match args.cv {
            Some(k) => cross_validate(&taxonomy.occupations, &labelled, k as usize),
            None => {
                let classifier = TitleClassifier::new(&taxonomy.occupations);
                let rules = Tally::of(&labelled, |t| classifier.classify_by_rules(t));
                (rules, Tally::of(&labelled, |t| classifier.classify(t)))
            }
        };
        report(&rules, &model, args.cv, args.json);
        return Ok(ExitCode::SUCCESS);
    }
    let classifier = TitleClassifier::new(&taxonomy.occupations);
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let title = line.context("reading stdin")?;
        let title = title.trim_end_matches('\r');
        let (code, name) = match classifier.classify(title) {
            Some(found) => {
                let name = taxonomy.occupations.get(found.code.as_str()).map(|o| o.name.clone()).unwrap_or_default();
                (found.code.to_string(), name)
            }
            None => (String::new(), String::new()),
        };
        writeln!(out, "{}\t{code}\t{name}", title.replace('\t', " "))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Titles seen, answered and right at 细类, 小类 and 中类.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    total: usize,
    answered: usize,
    correct: [usize; 3],
}

impl Tally {
    fn of(labelled: &[LabelledTitle], classify: impl Fn(&str) -> Option<TitleMatch>) -> Tally {
        let mut tally = Tally::default();
        for row in labelled {
            tally.total += 1;
            let Some(found) = classify(&row.title) else {
                continue;
            };
            tally.answered += 1;
            for (slot, level) in [(0, 4u8), (1, 3), (2, 2)] {
                if occupation_prefix(found.code.as_str(), level) == occupation_prefix(row.code.as_str(), level) {
                    tally.correct[slot] += 1;
                }
            }
        }
        tally
    }

    fn add(self, other: Tally) -> Tally {
        let mut correct = self.correct;
        correct.iter_mut().zip(other.correct).for_each(|(a, b)| *a += b);
        Tally { total: self.total + other.total, answered: self.answered + other.answered, correct }
    }

    fn share(&self, n: usize) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            n as f64 / self.total as f64
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "titles": self.total, "answered": self.share(self.answered),
            "xilei": self.share(self.correct[0]), "xiaolei": self.share(self.correct[1]),
            "zhonglei": self.share(self.correct[2]),
        })
    }
}

/// Folds by a hash of each row's position, so the split is the same on every run and machine.
fn cross_validate(occupations: &OccupationTable, labelled: &[LabelledTitle], k: usize) -> (Tally, Tally) {
    let fold_of = |i: usize| (((i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) % k as u64) as usize;
    let tallies: Vec<(Tally, Tally)> = (0..k)
        .into_par_iter()
        .map(|fold| {
            let (mut train, mut test) = (Vec::new(), Vec::new());
            for (i, row) in labelled.iter().enumerate() {
                if fold_of(i) == fold { &mut test } else { &mut train }.push(row.clone());
            }
            let classifier = TitleClassifier::with_labelled(occupations, &train);
            (Tally::of(&test, |t| classifier.classify_by_rules(t)), Tally::of(&test, |t| classifier.classify(t)))
        })
        .collect();
    tallies.into_iter().fold((Tally::default(), Tally::default()), |(r, m), (a, b)| (r.add(a), m.add(b)))
}

fn report(rules: &Tally, model: &Tally, cv: Option<u32>, json: bool) {
    if json {
        println!("{}", serde_json::json!({ "cv": cv, "rules": rules.json(), "model": model.json() }));
        return;
    }
    match cv {
        Some(k) => println!(
            "{} labelled titles, {k}-fold cross-validated (the model never sees the fold it is scored on)",
            model.total
        ),
        None => println!(
            "{} labelled titles, scored with the built-in model (titles it learned from score high)",
            model.total
        ),
    }
    println!("{:<22}{:>10}{:>10}{:>10}{:>10}", "", "answered", "细类", "小类", "中类");
    for (name, tally) in [("rules alone", rules), ("rules + model", model)] {
        println!(
            "{name:<22}{:>9.1}%{:>9.1}%{:>9.1}%{:>9.1}%",
            100.0 * tally.share(tally.answered),
            100.0 * tally.share(tally.correct[0]),
            100.0 * tally.share(tally.correct[1]),
            100.0 * tally.share(tally.correct[2]),
        );
    }
}
