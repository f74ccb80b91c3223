//! Tables as League offices file them: one set of tables written as an XLSX workbook (a title line,
//! Chinese headers, the header frozen with a filter, column widths, a bold totals row) and as CSV files (UTF-8
//! with a byte-order mark, for Excel and WPS), so that every output of a result shows the same figures.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// One table: its sheet name, the CSV file's name, headers with column widths, rows and an optional totals row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name.
    pub sheet: &'static str,
    /// The CSV file's name.
    pub file: &'static str,
    /// Column headers and widths.
    pub columns: &'static [(&'static str, f64)],
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// The totals row.
    pub totals: Option<Vec<Cell>>,
}

/// A cell: text or a count.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(u64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// A text cell.
pub fn text(t: impl Into<String>) -> Cell {
    Cell::Text(t.into())
}

/// The workbook's bytes; `title` heads every sheet.
pub fn workbook(title: &str, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_align(FormatAlign::Center).set_background_color("DDEBF7");
    let bold = Format::new().set_bold();
    for table in tables {
        let ws = workbook.add_worksheet();
        ws.set_name(table.sheet)?;
        ws.write_string_with_format(0, 0, format!("{title} · {}", table.sheet), &bold)?;
        let top = 2u32;
        for (col, (name, width)) in table.columns.iter().enumerate() {
            ws.write_string_with_format(top, col as u16, *name, &header)?;
            ws.set_column_width(col as u16, *width)?;
        }
        let mut r = top;
        let plain = Format::new();
        let rows = table.rows.iter().map(|row| (row, &plain)).chain(table.totals.iter().map(|row| (row, &bold)));
        for (row, format) in rows {
            r += 1;
            for (col, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, col as u16, t, format)?,
                    Cell::Count(n) => ws.write_number_with_format(r, col as u16, *n as f64, format)?,
                };
            }
        }
        ws.set_freeze_panes(top + 1, 0)?;
        ws.autofilter(top, 0, r.max(top + 1), table.columns.len().saturating_sub(1) as u16)?;
    }
    workbook.save_to_buffer()
}

/// One table as CSV (UTF-8 with a byte-order mark, so that Excel and WPS read the Chinese).
pub fn csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(table.columns.iter().map(|(name, _)| *name))?;
    for row in table.rows.iter().chain(&table.totals) {
        out.write_record(row.iter().map(Cell::text))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
