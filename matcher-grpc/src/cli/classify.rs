//! `matcher classify-titles`: job titles → 职业分类大典 codes, one per line; `--eval` measures accuracy on a
//! labelled CSV (job_name, expected_code) at the 细类, 小类 and 中类 levels.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use matcher_core::{occupation_prefix, TitleClassifier};

use super::TaxonomyArgs;

/// Arguments of `matcher classify-titles`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// Instead of reading stdin, score the classifier on a labelled CSV with columns job_name, expected_code.
    #[arg(long, value_name = "CSV")]
    eval: Option<PathBuf>,
    /// With --eval: print the figures as one JSON line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    taxonomy: TaxonomyArgs,
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = args.taxonomy.load()?;
    let classifier = TitleClassifier::new(&taxonomy.occupations);
    if let Some(path) = &args.eval {
        return evaluate(&classifier, path, args.json);
    }
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

fn evaluate(classifier: &TitleClassifier, path: &PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).with_context(|| format!("{}: no `{name}` column", path.display()))
    };
    let (title_col, code_col) = (column("job_name")?, column("expected_code")?);
    let (mut total, mut answered) = (0usize, 0usize);
    let mut correct = [0usize; 3];
    for row in reader.records() {
        let row = row?;
        let expected = row.get(code_col).unwrap_or("").trim();
        if expected.is_empty() {
            continue;
        }
        total += 1;
        let Some(found) = classifier.classify(row.get(title_col).unwrap_or("")) else {
            continue;
        };
        answered += 1;
        for (slot, level) in [(0, 4u8), (1, 3), (2, 2)] {
            if occupation_prefix(found.code.as_str(), level) == occupation_prefix(expected, level) {
                correct[slot] += 1;
            }
        }
    }
    let share = |n: usize| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    };
    if json {
        let figures = serde_json::json!({
            "titles": total, "answered": share(answered),
            "xilei": share(correct[0]), "xiaolei": share(correct[1]), "zhonglei": share(correct[2]),
        });
        println!("{figures}");
    } else {
        println!("{total} labelled titles, {:.1}% given a code", 100.0 * share(answered));
        println!("accuracy at 细类 (full code): {:.1}%", 100.0 * share(correct[0]));
        println!("accuracy at 小类 (d-dd-dd):   {:.1}%", 100.0 * share(correct[1]));
        println!("accuracy at 中类 (d-dd):      {:.1}%", 100.0 * share(correct[2]));
    }
    Ok(ExitCode::SUCCESS)
}
