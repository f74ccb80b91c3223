//! The side-by-side tables: every method's headline figures, the low-income group's ranking figures, and
//! NDCG at every cut-off; plain text for the terminal or Markdown for the README.

use matcher_core::{Method, MethodReport, Metrics, KS};

/// Whether the engine as it serves beats every baseline, and keeps the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Baselines (random, popularity, BM25, rules) the full engine does not beat on NDCG@5.
    pub ndcg5_not_beaten: Vec<Method>,
    /// Baselines it does not beat on every ranking figure of the low-income group (P@5, R@5, NDCG@5, Hit@5,
    /// MRR@10, share with two relevant postings).
    pub low_income_not_beaten: Vec<Method>,
    /// Hard-filter plus headcount violations of the full engine.
    pub violations: usize,
}

impl Verdict {
    /// Every condition met.
    pub fn holds(&self) -> bool {
        self.ndcg5_not_beaten.is_empty() && self.low_income_not_beaten.is_empty() && self.violations == 0
    }
}

const BASELINES: [Method; 4] = [Method::Random, Method::Popularity, Method::Bm25, Method::Rules];

/// Judges the full engine against the four baselines.
pub fn verdict(reports: &[MethodReport]) -> Option<Verdict> {
    let full = reports.iter().find(|r| r.method == Method::Full)?;
    let low = |r: &MethodReport| {
        r.group("low_income", "low_income").map(|m| {
            let five = m.at(5);
            [five.precision, five.recall, five.ndcg, five.hit, m.at(10).mrr, m.with_two_relevant]
        })
    };
    let mut verdict = Verdict {
        ndcg5_not_beaten: Vec::new(),
        low_income_not_beaten: Vec::new(),
        violations: full.overall.hard_filter_violations + full.overall.headcount_violations,
    };
    for report in reports.iter().filter(|r| BASELINES.contains(&r.method)) {
        if full.overall.at(5).ndcg <= report.overall.at(5).ndcg {
            verdict.ndcg5_not_beaten.push(report.method);
        }
        let beaten = match (low(full), low(report)) {
            (Some(f), Some(b)) => f.iter().zip(b).all(|(f, b)| *f > b),
            _ => false,
        };
        if !beaten {
            verdict.low_income_not_beaten.push(report.method);
        }
    }
    Some(verdict)
}

/// The tables as text; `markdown` writes Markdown tables instead of aligned columns.
pub fn table(reports: &[MethodReport], top: usize, markdown: bool) -> String {
    let mut out = String::new();
    let headline = [
        "method",
        "P@5",
        "R@5",
        "NDCG@5",
        "Hit@5",
        "MRR@10",
        "NDCG@5 95% interval",
        "coverage",
        "congestion",
        "Gini",
        "scarce→low-income",
        "≥2 eligible",
        "hard-filter viol.",
        "headcount viol.",
    ];
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            let m = &r.overall;
            let mut row = ranking_cells(r, m);
            row.extend([
                m.ndcg5_interval.map_or("–".to_string(), |(low, high)| format!("{}–{}", f3(low), f3(high))),
                f3(m.coverage),
                f3(m.congestion),
                f3(m.gini),
                m.scarce_to_low_income
                    .map_or("–".to_string(), |share| format!("{} of {}", f3(share), m.scarce_recommendations)),
                f3(m.with_two_eligible),
                m.hard_filter_violations.to_string(),
                m.headcount_violations.to_string(),
            ]);
            row
        })
        .collect();
    if let Some(first) = reports.first() {
        out.push_str(&format!(
            "All {} test students ({} with a relevant posting; low-income share {:.1}%); lists of up to {top}:\n\n",
            first.overall.students,
            first.overall.ranked_students,
            first.overall.low_income_share * 100.0
        ));
    }
    out.push_str(&render(&headline, &rows, markdown));
    let low: Vec<(&MethodReport, &Metrics)> =
        reports.iter().filter_map(|r| r.group("low_income", "low_income").map(|m| (r, m))).collect();
    if let Some((_, first)) = low.first() {
        out.push_str(&format!(
            "\nLow-income students ({}, {} with a relevant posting):\n\n",
            first.students, first.ranked_students
        ));
        let header = ["method", "P@5", "R@5", "NDCG@5", "Hit@5", "MRR@10", "≥2 eligible", "≥2 relevant"];
        let rows: Vec<Vec<String>> = low
            .iter()
            .map(|(r, m)| {
                let mut row = ranking_cells(r, m);
                row.extend([f3(m.with_two_eligible), f3(m.with_two_relevant)]);
                row
            })
            .collect();
        out.push_str(&render(&header, &rows, markdown));
    }
    out.push_str("\nNDCG@5 by group (students in the group with a relevant posting):\n\n");
    out.push_str(&group_table(reports, markdown));
    out.push_str("\nNDCG@k (everyone):\n\n");
    let mut header = vec!["method".to_string()];
    header.extend(KS.iter().map(|k| format!("NDCG@{k}")));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            let mut row = vec![r.method.label().to_string()];
            row.extend(KS.iter().map(|&k| f3(r.overall.at(k).ndcg)));
            row
        })
        .collect();
    out.push_str(&render(&header, &rows, markdown));
    out
}

/// The method's name and its P@5, R@5, NDCG@5, Hit@5 and MRR@10.
fn ranking_cells(report: &MethodReport, m: &Metrics) -> Vec<String> {
    let five = m.at(5);
    vec![
        report.method.label().to_string(),
        f3(five.precision),
        f3(five.recall),
        f3(five.ndcg),
        f3(five.hit),
        f3(m.at(10).mrr),
    ]
}

/// NDCG@5 of every group (rows) by method (columns).
fn group_table(reports: &[MethodReport], markdown: bool) -> String {
    let Some(first) = reports.first() else { return String::new() };
    let mut header = vec!["group".to_string(), "n".to_string()];
    header.extend(reports.iter().map(|r| r.method.label().to_string()));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = first
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![format!("{}: {}", g.dimension, g.group), g.metrics.ranked_students.to_string()];
            row.extend(reports.iter().map(|r| r.group(g.dimension, &g.group).map_or("–".into(), |m| f3(m.at(5).ndcg))));
            row
        })
        .collect();
    let mut out = render(&header, &rows, markdown);
    if !first.suppressed.is_empty() {
        let hidden: Vec<String> = first.suppressed.iter().map(|(d, n)| format!("{d} {n}")).collect();
        out.push_str(&format!(
            "\n(groups of fewer than {} students are not reported; their students: {})\n",
            matcher_core::MIN_GROUP,
            hidden.join(", ")
        ));
    }
    out
}

/// Three decimals; a mean of nothing is −0.0 in Rust's float sum, printed as 0.000.
fn f3(value: f64) -> String {
    format!("{:.3}", value + 0.0)
}

fn render(header: &[&str], rows: &[Vec<String>], markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str(&format!(
            "|{}\n",
            header.iter().enumerate().map(|(i, _)| if i == 0 { "---|" } else { "---:|" }).collect::<String>()
        ));
        for row in rows {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        return out;
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| width(&r[c])).chain([width(header[c])]).max().unwrap_or(0))
        .collect();
    let line = |cells: Vec<&str>| {
        let mut text = String::from("  ");
        for (c, cell) in cells.iter().enumerate() {
            let pad = widths[c].saturating_sub(width(cell));
            if c == 0 {
                text.push_str(&format!("{cell}{}  ", " ".repeat(pad)));
            } else {
                text.push_str(&format!("{}{cell}  ", " ".repeat(pad)));
            }
        }
        text.trim_end().to_string() + "\n"
    };
    out.push_str(&line(header.to_vec()));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// Columns a text takes in a terminal: CJK characters take two.
fn width(text: &str) -> usize {
    text.chars().map(|c| if u32::from(c) >= 0x2E80 { 2 } else { 1 }).sum()
}
