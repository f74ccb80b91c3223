//! Writing a recommendation run for people: per-cadre lists as JSON, CSV and XLSX (Chinese headers), a
//! printable HTML page per cadre, and the summary. No output carries a student's low-income flag.

mod csv_out;
mod formats;
mod html;
mod json_doc;
mod pieces;
mod report;
mod rows;
mod xlsx;
mod xlsx_cells;
mod xlsx_package;

pub use formats::{Format, Formats};
pub use report::Report;

use std::path::{Path, PathBuf};

use anyhow::Context;
use matcher_grpc::private;
use rayon::prelude::*;

/// The files written into the output folder.
pub const JSON_FILE: &str = "recommendations.json";
/// One row per recommendation.
pub const CSV_FILE: &str = "recommendations.csv";
/// The same rows, a summary sheet and a shortfall sheet.
pub const XLSX_FILE: &str = "recommendations.xlsx";
/// The batch's figures.
pub const SUMMARY_FILE: &str = "summary.json";
/// Folder of the printable pages, one per cadre, named by the cadre's id (ids keep to a safe alphabet).
pub const PAGES_DIR: &str = "cadres";
/// The page listing every cadre's page, beside the folder (a cadre may be called `index`).
pub const INDEX_PAGE: &str = "index.html";

/// Writes the summary and the outputs of `report` in `formats` into `dir`, each format on its own thread
/// (the workbook's compression alone took as long as all the others together), the cadres' pages spread
/// over the cores. Returns the files of formats not asked for that an earlier run left in `dir`: they are
/// kept (a workbook may hold a cadre's ticks), and the caller says they are stale.
pub fn write_all(report: &Report, dir: &Path, formats: Formats) -> anyhow::Result<Vec<PathBuf>> {
    private::create_dir_all(dir)?;
    if formats.has(Format::Html) {
        private::create_dir_all(&dir.join(PAGES_DIR))?;
    }
    write(&dir.join(SUMMARY_FILE), &serde_json::to_vec_pretty(&report.summary)?)?;
    let wanted: Vec<Format> = formats.listed().collect();
    let written: Vec<anyhow::Result<()>> = wanted
        .par_iter()
        .map(|format| match format {
            Format::Json => write_json(report, dir),
            Format::Csv => write_csv(report, dir),
            Format::Xlsx => write_xlsx(report, dir),
            Format::Html => write_html(report, dir),
        })
        .collect();
    // The first failure in the listed order, whichever thread met it first.
    written.into_iter().collect::<anyhow::Result<()>>()?;
    let stale = Format::ALL.into_iter().filter(|&f| !formats.has(f)).map(|f| dir.join(f.file()));
    Ok(stale.filter(|path| path.exists()).collect())
}

fn write_json(report: &Report, dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(JSON_FILE);
    let mut out = std::io::BufWriter::new(private::create(&path)?);
    report.write_json(&mut out)?;
    std::io::Write::flush(&mut out).with_context(|| format!("writing {}", path.display()))
}

fn write_csv(report: &Report, dir: &Path) -> anyhow::Result<()> {
    let path = dir.join(CSV_FILE);
    let mut csv = csv_out::CsvFile::create(&path)?;
    let render = |piece: &pieces::Piece| csv_out::render(report, piece.sections);
    pieces::render_in_order(&pieces::pieces(&report.cadres), render, |rows| csv.write(&rows))
        .and_then(|()| csv.finish())
        .with_context(|| format!("writing {}", path.display()))
}

fn write_xlsx(report: &Report, dir: &Path) -> anyhow::Result<()> {
    xlsx::write(report, &dir.join(XLSX_FILE))
}

fn write_html(report: &Report, dir: &Path) -> anyhow::Result<()> {
    report.cadres.par_iter().try_for_each(|section| {
        let page = html::page(report, section);
        write(&dir.join(PAGES_DIR).join(format!("{}.html", section.cadre.id)), page.as_bytes())
    })?;
    write(&dir.join(INDEX_PAGE), html::index(report).as_bytes())
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(private::write(path, bytes)?)
}
