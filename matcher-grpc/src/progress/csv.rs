//! The report as CSV files, one per breakdown (the same tables as the workbook's sheets): UTF-8 with a
//! byte-order mark for Excel on Chinese Windows, the totals row last, text a spreadsheet would run as a
//! formula written inert.

use matcher_core::ProgressReport;

use super::tables::{sheets, Cell};

/// Each CSV file's name and bytes.
pub fn files(report: &ProgressReport) -> Result<Vec<(&'static str, Vec<u8>)>, csv::Error> {
    let mut out = Vec::new();
    for sheet in sheets(report) {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(&sheet.headers)?;
            for row in sheet.rows.iter().chain(sheet.totals.iter()) {
                writer.write_record(row.iter().map(text))?;
            }
            writer.flush()?;
        }
        out.push((sheet.file, bytes));
    }
    Ok(out)
}

fn text(cell: &Cell) -> String {
    let text = cell.text();
    if matches!(cell, Cell::Text(_)) && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}
