//! Reading a reference CSV table: named columns, errors that name the table and line.

use crate::error::Error;

/// One reference table: its header and rows, with access by column name.
pub(crate) struct Table {
    name: String,
    headers: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    pub(crate) fn parse(name: &str, text: &str) -> Result<Table, Error> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| Error::Taxonomy { table: name.to_string(), line: 1, reason: e.to_string() })?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let mut rows = Vec::new();
        for (index, row) in reader.records().enumerate() {
            let row =
                row.map_err(|e| Error::Taxonomy { table: name.to_string(), line: index + 2, reason: e.to_string() })?;
            rows.push(row);
        }
        Ok(Table { name: name.to_string(), headers, rows })
    }

    pub(crate) fn column(&self, header: &str) -> Result<usize, Error> {
        self.headers.iter().position(|h| h == header).ok_or_else(|| Error::Taxonomy {
            table: self.name.clone(),
            line: 1,
            reason: format!("no column `{header}`"),
        })
    }

    /// Rows with their 1-based line numbers.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (usize, &csv::StringRecord)> {
        self.rows.iter().enumerate().map(|(i, row)| (i + 2, row))
    }

    pub(crate) fn error(&self, line: usize, reason: impl Into<String>) -> Error {
        Error::Taxonomy { table: self.name.clone(), line, reason: reason.into() }
    }
}

/// The text of column `index` of `row` (empty when absent).
pub(crate) fn cell(row: &csv::StringRecord, index: usize) -> &str {
    row.get(index).unwrap_or("").trim()
}
