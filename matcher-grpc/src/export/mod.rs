//! Writing a recommendation run for people: per-cadre lists as JSON, CSV and XLSX (Chinese headers), a
//! printable HTML page per cadre, and the summary. No output carries a student's low-income flag.

mod csv_out;
mod formats;
mod html;
mod json_doc;
mod pieces;
mod report;
mod rows;
mod staging;
mod write;
mod xlsx;
mod xlsx_cells;
mod xlsx_package;

pub use formats::{Format, Formats};
pub use report::Report;
pub use staging::OutputFolder;
pub use write::write_all;

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
