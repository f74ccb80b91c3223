//! The run as CSV: UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it as UTF-8.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context;

use super::rows::{Cell, HEADERS};

/// A CSV file being written a row at a time.
pub struct CsvRows {
    writer: csv::Writer<BufWriter<File>>,
}

impl CsvRows {
    pub fn create(path: &Path) -> anyhow::Result<CsvRows> {
        let file = matcher_grpc::private::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        std::io::Write::write_all(&mut out, "\u{feff}".as_bytes())?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(HEADERS)?;
        Ok(CsvRows { writer })
    }

    pub fn write(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        self.writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => inert(text),
            Cell::Number(n) => n.to_string(),
            Cell::Date(day) => day.to_string(),
            Cell::Empty => String::new(),
        }))?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// Text a spreadsheet will not run: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// taken for a formula by Excel and WPS (a title like `=HYPERLINK(…)` would become a link, or worse), so it
/// is written with a leading apostrophe, which they show as text.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
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
