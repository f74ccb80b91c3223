//! The run as CSV: UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it as UTF-8.

use std::path::Path;

use anyhow::Context;

use super::rows::{Cell, HEADERS};

pub fn write(path: &Path, rows: &[Vec<Cell>]) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    std::io::Write::write_all(&mut out, "\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADERS)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }))?;
    }
    writer.flush()?;
    Ok(())
}
