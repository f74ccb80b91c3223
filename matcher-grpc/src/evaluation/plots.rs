//! SVG plots: ranking metrics at k per method (four panels), and the Lorenz curve of exposure per method.

use std::path::{Path, PathBuf};

use matcher_core::{AtK, MethodReport, KS};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Precision, recall, NDCG and hit rate at each k, one line per method.
pub const METRICS_FILE: &str = "metrics_at_k.svg";
/// Lorenz curves of exposure, one per method, with the line of equality.
pub const LORENZ_FILE: &str = "lorenz.svg";
/// NDCG@5 of each group of students (low-income, cohort, school tier), a bar per method.
pub const GROUPS_FILE: &str = "ndcg5_by_group.svg";

/// One colour per method, in `Method::ALL` order (distinguishable, colour-blind safe: Okabe–Ito).
const COLOURS: [RGBColor; 6] = [
    RGBColor(153, 153, 153),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(213, 94, 0),
];

type Plot = anyhow::Result<()>;

/// A panel: its title and the figure it reads.
type Panel = (&'static str, fn(&AtK) -> f64);

/// Writes both plots into `dir`.
pub fn write_all(dir: &Path, reports: &[MethodReport]) -> anyhow::Result<Vec<PathBuf>> {
    let metrics = dir.join(METRICS_FILE);
    metrics_at_k(&metrics, reports)?;
    let lorenz = dir.join(LORENZ_FILE);
    lorenz_curves(&lorenz, reports)?;
    let groups = dir.join(GROUPS_FILE);
    groups_bars(&groups, reports)?;
    Ok(vec![metrics, lorenz, groups])
}

/// A chart of these plots: SVG, f64 on both axes.
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The legend, the same in every plot but for where it sits and its font size.
fn legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>, position: SeriesLabelPosition, size: u32) -> Plot {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", size))
        .draw()?;
    Ok(())
}

fn colour(report: &MethodReport) -> RGBColor {
    let i = matcher_core::Method::ALL.iter().position(|m| *m == report.method).unwrap_or(0);
    COLOURS[i % COLOURS.len()]
}

fn metrics_at_k(path: &Path, reports: &[MethodReport]) -> Plot {
    let root = SVGBackend::new(path, (1100, 820)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled("Ranking metrics at k, test students (RecBole definitions)", ("sans-serif", 24))?;
    let panels: [Panel; 4] = [
        ("Precision@k", |a| a.precision),
        ("Recall@k", |a| a.recall),
        ("NDCG@k", |a| a.ndcg),
        ("HitRate@k", |a| a.hit),
    ];
    for (area, (name, value)) in root.split_evenly((2, 2)).iter().zip(panels) {
        // Head-room above the highest line for the legend.
        let top = reports.iter().flat_map(|r| KS.iter().map(move |&k| value(&r.overall.at(k)))).fold(0.0f64, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(name, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(48)
            .build_cartesian_2d(0.5f64..10.5f64, 0f64..(top * 1.65).max(0.05))?;
        chart
            .configure_mesh()
            .x_desc("k")
            .x_labels(10)
            .x_label_formatter(&|k| format!("{k:.0}"))
            .y_label_formatter(&|v| format!("{v:.2}"))
            .light_line_style(WHITE)
            .draw()?;
        for report in reports {
            let c = colour(report);
            let points: Vec<(f64, f64)> = KS.iter().map(|&k| (k as f64, value(&report.overall.at(k)))).collect();
            chart
                .draw_series(LineSeries::new(points.clone(), c.stroke_width(2)))?
                .label(report.method.label())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
            chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, c.filled())))?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, 12)?;
    }
    root.present()?;
    Ok(())
}

fn lorenz_curves(path: &Path, reports: &[MethodReport]) -> Plot {
    let root = SVGBackend::new(path, (760, 700)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption("Exposure of open postings: Lorenz curves (Gini in the legend)", ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..1f64, 0f64..1f64)?;
    chart
        .configure_mesh()
        .x_desc("share of open postings, least recommended first")
        .y_desc("share of recommendations")
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .light_line_style(WHITE)
        .draw()?;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], BLACK.mix(0.4).stroke_width(1)))?
        .label("equal exposure")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.mix(0.4)));
    for report in reports {
        let c = colour(report);
        chart
            .draw_series(LineSeries::new(report.lorenz.iter().copied(), c.stroke_width(2)))?
            .label(format!("{} (Gini {:.2})", report.method.label(), report.overall.gini))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft, 13)?;
    root.present()?;
    Ok(())
}

fn groups_bars(path: &Path, reports: &[MethodReport]) -> Plot {
    let Some(first) = reports.first() else { return Ok(()) };
    let groups: Vec<(String, &str, &str)> = std::iter::once(("everyone".to_string(), "all", "all"))
        .chain(
            first
                .groups
                .iter()
                .filter(|g| g.dimension != "city")
                .map(|g| (group_name(g.dimension, &g.group), g.dimension, g.group.as_str())),
        )
        .collect();
    let value = |report: &MethodReport, dimension: &str, group: &str| {
        let metrics = if dimension == "all" { Some(&report.overall) } else { report.group(dimension, group) };
        metrics.map_or(0.0, |m| m.at(5).ndcg)
    };
    let slot = reports.len() + 1;
    let width = (groups.len() * slot) as f64;
    let top = reports.iter().flat_map(|r| groups.iter().map(move |(_, d, g)| value(r, d, g))).fold(0.0f64, f64::max);
    let root = SVGBackend::new(path, (1100, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption("NDCG@5 by group of test students", ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..width, 0f64..(top * 1.45).max(0.05))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|_| String::new())
        .y_desc("NDCG@5")
        .y_label_formatter(&|v| format!("{v:.2}"))
        .light_line_style(WHITE)
        .draw()?;
    // Each group's name above its bars.
    chart.draw_series(groups.iter().enumerate().map(|(g, (name, dimension, group))| {
        let highest = reports.iter().map(|r| value(r, dimension, group)).fold(0.0f64, f64::max);
        let centre = (g * slot) as f64 + 0.5 + reports.len() as f64 / 2.0;
        let style = ("sans-serif", 13).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Bottom));
        Text::new(name.clone(), (centre, highest + top * 0.03), style)
    }))?;
    for (m, report) in reports.iter().enumerate() {
        let c = colour(report);
        let bars = groups.iter().enumerate().filter(|(_, (_, d, g))| value(report, d, g) > 0.0).map(
            |(g, (_, dimension, group))| {
                let x = (g * slot + m) as f64 + 0.5;
                Rectangle::new([(x, 0.0), (x + 0.9, value(report, dimension, group))], c.filled())
            },
        );
        chart
            .draw_series(bars)?
            .label(report.method.label())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], c.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, 12)?;
    root.present()?;
    Ok(())
}

/// A group's name for a reader: the dimension is needed to tell `other` from `other`.
fn group_name(dimension: &str, group: &str) -> String {
    match (dimension, group) {
        ("low_income", "low_income") => "low-income".into(),
        ("low_income", _) => "not low-income".into(),
        ("school_tier", "double_first_class") => "双一流 school".into(),
        ("school_tier", _) => "other schools".into(),
        (_, group) => group.replace('_', " "),
    }
}
