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
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        std::io::Write::write_all(&mut out, "\u{feff}".as_bytes())?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(HEADERS)?;
        Ok(CsvRows { writer })
    }

    pub fn write(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        self.writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }))?;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}
