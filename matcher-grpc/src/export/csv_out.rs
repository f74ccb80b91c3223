//! The run as CSV: UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it as UTF-8.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use super::report::{CadreSection, Report};
use super::rows::{self, Cell, HEADERS};

/// A CSV file being written, its header first, then rows rendered elsewhere (`render`).
pub struct CsvFile {
    out: BufWriter<File>,
}

impl CsvFile {
    pub fn create(path: &Path) -> anyhow::Result<CsvFile> {
        let file = matcher_grpc::private::create(path).context("creating the file")?;
        let mut out = BufWriter::new(file);
        out.write_all("\u{feff}".as_bytes())?;
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(HEADERS)?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        Ok(CsvFile { out })
    }

    /// Appends rows rendered by `render`.
    pub fn write(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        Ok(self.out.write_all(rows)?)
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        Ok(self.out.flush()?)
    }
}

/// Appends the rows of the cadres' `sections` as CSV to `out`.
pub fn render(report: &Report, sections: &[CadreSection], out: &mut Vec<u8>) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut number = String::new();
    rows::for_each_row(report, sections, &mut |row| {
        for cell in row {
            match cell {
                Cell::Text(text) => writer.write_field(inert(text).as_bytes())?,
                Cell::Number(n) => {
                    number.clear();
                    write!(number, "{n}")?;
                    writer.write_field(number.as_bytes())?
                }
                Cell::Date(day) => {
                    number.clear();
                    write!(number, "{day}")?;
                    writer.write_field(number.as_bytes())?
                }
                Cell::Empty => writer.write_field([])?,
            }
        }
        writer.write_record(None::<&[u8]>)?;
        Ok(())
    })?;
    writer.flush()?;
    Ok(())
}

/// Text a spreadsheet will not run: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// taken for a formula by Excel and WPS (a title like `=HYPERLINK(…)` would become a link, or worse), so it
/// is written with a leading apostrophe, which they show as text.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text() {
        for formula in ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"] {
            assert!(inert(formula).starts_with('\''), "{formula}");
        }
        assert_eq!(inert("会计助理"), "会计助理");
        assert_eq!(inert("5-8千"), "5-8千");
    }
}
