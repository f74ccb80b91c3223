//! Tables as League offices file them: one set of tables written as an XLSX workbook (a title line,
//! Chinese headers, the header frozen with a filter, column widths, a bold totals row) and as CSV files (UTF-8
//! with a byte-order mark, for Excel and WPS), so that every output of a result shows the same figures.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::cell_text::fitted;

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

/// A cell: text, a count, or a number shown with one decimal.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(u64),
    /// A number (a score, a distance), one decimal.
    Decimal(f64),
}

impl Cell {
    /// The cell as CSV text: a text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or
    /// a carriage return first) is written with a leading `'`, so that opening the file runs nothing.
    fn text(&self) -> String {
        match self {
            Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Decimal(x) => format!("{x:.1}"),
        }
    }
}

/// The rejected records of a run, for a 退回记录 sheet: the file, line, record id, field and reason, so that no
/// record leaves the outputs unseen.
pub fn rejects(rejects: &[matcher_core::Reject]) -> Table {
    let rows = rejects
        .iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                vec![
                    text(r.file.as_str()),
                    Cell::Count(r.line as u64),
                    text(r.record_id.clone().unwrap_or_default()),
                    text(e.field.as_str()),
                    text(e.reason.as_str()),
                ]
            })
        })
        .collect();
    Table {
        sheet: "退回记录",
        file: "rejected.csv",
        columns: &[("文件", 30.0), ("行", 6.0), ("记录编号", 14.0), ("字段", 14.0), ("原因", 60.0)],
        rows,
        totals: None,
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
                    Cell::Text(t) => ws.write_string_with_format(r, col as u16, fitted(t), format)?,
                    Cell::Count(n) => ws.write_number_with_format(r, col as u16, *n as f64, format)?,
                    Cell::Decimal(x) => {
                        let decimal = format.clone().set_num_format("0.0");
                        ws.write_number_with_format(r, col as u16, (x * 10.0).round() / 10.0, &decimal)?
                    }
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

/// Writes a result into `dir` (private files): `json` as `json_name`, every table as CSV, and the workbook as
/// `workbook_name` headed `title`, with a 退回记录 sheet of the rejected records when there are any; returns the
/// paths written.
pub fn write_all(
    dir: &std::path::Path,
    json: &serde_json::Value,
    json_name: &str,
    mut tables: Vec<Table>,
    rejected: &[matcher_core::Reject],
    (title, workbook_name): (&str, &str),
) -> std::io::Result<Vec<std::path::PathBuf>> {
    crate::private::output_dir(dir)?;
    if !rejected.is_empty() {
        tables.push(rejects(rejected));
    }
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let path = dir.join(name);
        crate::private::replace(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    let mut text = serde_json::to_vec_pretty(json)?;
    text.push(b'\n');
    put(json_name, &text)?;
    for table in &tables {
        put(table.file, &csv(table).map_err(std::io::Error::other)?)?;
    }
    put(workbook_name, &workbook(title, &tables).map_err(std::io::Error::other)?)?;
    Ok(written)
}

/// Refuses an output folder that is an existing file, before any work is done.
pub fn check_out_dir(dir: &std::path::Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("--out {}: exists and is not a folder", dir.display()));
    }
    Ok(())
}

/// A school's name as League offices read it, or its code when the tables do not know it.
pub fn school_name(taxonomy: &matcher_core::Taxonomy, code: &matcher_core::SchoolCode) -> String {
    taxonomy.schools.get(code).map_or_else(|| code.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field longer than a cell holds (here 40,000 UTF-16 units of emoji) is cut; the workbook is written.
    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_not_an_error() {
        let rows = vec![vec![text("😀".repeat(20_000))]];
        let table = Table { sheet: "名单", file: "list.csv", columns: &[("备注", 20.0)], rows, totals: None };
        assert!(workbook("测试", &[table]).is_ok());
    }
}
