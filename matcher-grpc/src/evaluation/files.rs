//! The evaluation's files: JSON (everything), long-format CSV (one figure per row), a Markdown table and the
//! SVG plots.

use std::path::{Path, PathBuf};

use anyhow::Context;
use matcher_core::{MethodReport, Metrics, Split};
use serde::Serialize;

/// Every figure, with the set-up.
pub const JSON_FILE: &str = "evaluation.json";
/// `method,dimension,group,metric,k,value` rows.
pub const CSV_FILE: &str = "evaluation.csv";
/// The tables in Markdown.
pub const MARKDOWN_FILE: &str = "evaluation.md";

/// What was evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    /// The day lists were made for.
    pub day: String,
    /// Postings per list.
    pub top: usize,
    /// The train/test split.
    pub split: Split,
    /// Postings in the catalog, and of them open on the day.
    pub postings: usize,
    /// Open postings (the universe of every method and of the market metrics).
    pub open_postings: usize,
    /// Students read.
    pub students: usize,
    /// Interactions read, and in each fold.
    pub interactions: usize,
    /// Train interactions.
    pub train_interactions: usize,
    /// Test interactions.
    pub test_interactions: usize,
    /// Rows of the input files rejected (students, interactions).
    pub rejected: usize,
    /// The scoring configuration file, or `built-in`.
    pub config: String,
}

#[derive(Serialize)]
struct Document<'a> {
    setup: &'a Setup,
    methods: &'a [MethodReport],
}

/// Writes JSON, CSV, Markdown and the plots into `dir`; returns the paths written.
pub fn write_all(dir: &Path, setup: &Setup, reports: &[MethodReport]) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    let json = dir.join(JSON_FILE);
    write(&json, &serde_json::to_vec_pretty(&Document { setup, methods: reports })?)?;
    written.push(json);
    let csv = dir.join(CSV_FILE);
    write(&csv, csv_text(reports)?.as_bytes())?;
    written.push(csv);
    let markdown = dir.join(MARKDOWN_FILE);
    write(&markdown, super::table(reports, setup.top, true).as_bytes())?;
    written.push(markdown);
    written.extend(super::plots::write_all(dir, reports)?);
    Ok(written)
}

fn csv_text(reports: &[MethodReport]) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["method", "dimension", "group", "metric", "k", "value"])?;
    for report in reports {
        let groups = std::iter::once(("all", "all", &report.overall))
            .chain(report.groups.iter().map(|g| (g.dimension, g.group.as_str(), &g.metrics)));
        for (dimension, group, metrics) in groups {
            for (metric, k, value) in figures(metrics) {
                let k = k.map_or(String::new(), |k| k.to_string());
                let value = value.map_or(String::new(), |v| format!("{v:.6}"));
                out.write_record([report.method.code(), dimension, group, metric, &k, &value])?;
            }
        }
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

/// Every figure of a set of metrics: name, cut-off, value (`None`: not defined for this set).
fn figures(m: &Metrics) -> Vec<(&'static str, Option<usize>, Option<f64>)> {
    let mut rows = Vec::new();
    for a in &m.ranking {
        for (name, value) in
            [("precision", a.precision), ("recall", a.recall), ("ndcg", a.ndcg), ("hit_rate", a.hit), ("mrr", a.mrr)]
        {
            rows.push((name, Some(a.k), Some(value)));
        }
    }
    rows.extend([
        ("ndcg5_interval_low", Some(5), m.ndcg5_interval.map(|i| i.0)),
        ("ndcg5_interval_high", Some(5), m.ndcg5_interval.map(|i| i.1)),
        ("students", None, Some(m.students as f64)),
        ("ranked_students", None, Some(m.ranked_students as f64)),
        ("coverage", None, Some(m.coverage)),
        ("congestion", None, Some(m.congestion)),
        ("gini", None, Some(m.gini)),
        ("scarce_to_low_income", None, m.scarce_to_low_income),
        ("scarce_recommendations", None, Some(m.scarce_recommendations as f64)),
        ("low_income_share", None, Some(m.low_income_share)),
        ("with_two_eligible", None, Some(m.with_two_eligible)),
        ("with_two_relevant", None, Some(m.with_two_relevant)),
        ("hard_filter_violations", None, Some(m.hard_filter_violations as f64)),
        ("headcount_violations", None, Some(m.headcount_violations as f64)),
        ("recommendations", None, Some(m.recommendations as f64)),
    ]);
    rows
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
