//! Writing a recommendation run for people: per-cadre lists as JSON, CSV and XLSX (Chinese headers), a
//! printable HTML page per cadre, and the summary. No output carries a student's low-income flag.

mod csv_out;
mod html;
mod report;
mod rows;
mod xlsx;

pub use report::Report;

use std::path::Path;

use anyhow::Context;
use matcher_grpc::private;

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

/// Writes every output of `report` into `dir`.
pub fn write_all(report: &Report, dir: &Path) -> anyhow::Result<()> {
    private::create_dir_all(&dir.join(PAGES_DIR))?;
    let path = dir.join(JSON_FILE);
    let file = private::create(&path)?;
    let mut out = std::io::BufWriter::new(file);
    report.write_json(&mut out)?;
    std::io::Write::flush(&mut out).with_context(|| format!("writing {}", path.display()))?;
    write(&dir.join(SUMMARY_FILE), &serde_json::to_vec_pretty(&report.summary)?)?;
    let mut csv = csv_out::CsvRows::create(&dir.join(CSV_FILE))?;
    let mut xlsx = xlsx::XlsxRows::create()?;
    rows::for_each_row(report, &mut |row| {
        csv.write(row)?;
        xlsx.write(row)
    })?;
    csv.finish()?;
    xlsx.finish(&dir.join(XLSX_FILE), report)?;
    for section in &report.cadres {
        let page = html::page(report, section);
        write(&dir.join(PAGES_DIR).join(format!("{}.html", section.cadre.id)), page.as_bytes())?;
    }
    write(&dir.join(INDEX_PAGE), html::index(report).as_bytes())?;
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(private::write(path, bytes)?)
}
