//! The monthly progress report (`matcher_core::progress_report`) for people and backends: an XLSX workbook,
//! CSV files, a printable HTML page with SVG charts and JSON, all written from the same tables so that their
//! figures agree, and all byte-identical for the same data and day.

pub(crate) mod charts;
mod csv;
mod html;
mod tables;
mod xlsx;

pub use charts::{escape, escape_into};
pub use tables::{sheets, Cell, Sheet};

use matcher_core::ProgressReport;

use crate::service::error::ServiceError;

/// The workbook's file name.
pub const XLSX_FILE: &str = "report.xlsx";
/// The page's file name.
pub const HTML_FILE: &str = "index.html";
/// The JSON document's file name.
pub const JSON_FILE: &str = "report.json";
/// The folder of the CSV files.
pub const CSV_DIR: &str = "csv";

/// A format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JSON (`ProgressReport` serialised).
    Json,
    /// The XLSX workbook.
    Xlsx,
    /// The printable HTML page.
    Html,
}

/// The report's JSON document.
pub fn json(report: &ProgressReport) -> Result<Vec<u8>, ServiceError> {
    let mut bytes =
        serde_json::to_vec_pretty(report).map_err(|e| ServiceError::Internal(format!("report JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The report in one format.
pub fn render(report: &ProgressReport, format: ReportFormat) -> Result<Vec<u8>, ServiceError> {
    match format {
        ReportFormat::Json => json(report),
        ReportFormat::Xlsx => {
            xlsx::workbook(report).map_err(|e| ServiceError::Internal(format!("report workbook: {e}")))
        }
        ReportFormat::Html => Ok(html::page(report).into_bytes()),
    }
}

/// Every file of the report, by its path in the output folder: the workbook, the page, the JSON and one CSV
/// per table under `csv/`.
pub fn files(report: &ProgressReport) -> Result<Vec<(String, Vec<u8>)>, ServiceError> {
    let mut files = vec![
        (XLSX_FILE.to_string(), render(report, ReportFormat::Xlsx)?),
        (HTML_FILE.to_string(), render(report, ReportFormat::Html)?),
        (JSON_FILE.to_string(), json(report)?),
    ];
    for (name, bytes) in csv::files(report).map_err(|e| ServiceError::Internal(format!("report CSV: {e}")))? {
        files.push((format!("{CSV_DIR}/{name}"), bytes));
    }
    Ok(files)
}
