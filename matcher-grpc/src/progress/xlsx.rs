//! The report as a workbook in the style a League office files: one sheet per breakdown, Chinese headers, a
//! bold totals row, the header frozen with a filter, column widths, days as dates, shares as percentages. The
//! document's dates are the report's day, so the same data and day give the same bytes.

use chrono::Datelike;
use matcher_core::ProgressReport;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::tables::{sheets, Cell, Sheet, WITHHELD_NOTE};

/// The workbook's bytes.
pub fn workbook(report: &ProgressReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let d = report.as_of;
    let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    let title = format!("共青团湖南省委 结对帮扶就业工作月报（{}）", report.month.zh());
    workbook
        .set_properties(&DocProperties::new().set_title(&title).set_author("金桥 Jinqiao").set_creation_datetime(&day));
    for sheet in sheets(report) {
        write_sheet(workbook.add_worksheet(), &sheet, &title, report)?;
    }
    workbook.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, title: &str, report: &ProgressReport) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color("DDEBF7");
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let share = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let total_date = Format::new().set_bold().set_num_format("yyyy-mm-dd");
    ws.set_name(sheet.name)?;
    // A title line and the day above the table, as offices print them.
    ws.write_string_with_format(0, 0, format!("{title} · {}", sheet.name), &bold)?;
    ws.write_string(1, 0, format!("统计截至 {}（年度：{} 至 {}）", report.as_of, report.start, report.deadline))?;
    let top = 3u32;
    for (col, (name, width)) in sheet.headers.iter().zip(&sheet.widths).enumerate() {
        ws.write_string_with_format(top, col as u16, name, &header)?;
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_row_height(top, 30)?;
    let mut r = top;
    for row in &sheet.rows {
        r += 1;
        for (col, cell) in row.iter().enumerate() {
            write_cell(ws, r, col as u16, cell, None, &date, &share, &decimal)?;
        }
    }
    let last_col = sheet.headers.len().saturating_sub(1) as u16;
    ws.set_freeze_panes(top + 1, 0)?;
    ws.autofilter(top, 0, r.max(top + 1), last_col)?;
    if let Some(totals) = &sheet.totals {
        r += 1;
        for (col, cell) in totals.iter().enumerate() {
            write_cell(ws, r, col as u16, cell, Some(&bold), &total_date, &share, &decimal)?;
        }
    }
    if sheet.has_withheld() {
        ws.write_string(r + 2, 0, WITHHELD_NOTE)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    bold: Option<&Format>,
    date: &Format,
    share: &Format,
    decimal: &Format,
) -> Result<(), XlsxError> {
    let plain = Format::new();
    let base = bold.unwrap_or(&plain);
    match cell {
        Cell::Text(t) => ws.write_string_with_format(r, c, crate::cell_text::fitted(t), base)?,
        Cell::Count(n) => ws.write_number_with_format(r, c, *n as f64, base)?,
        Cell::Decimal(x) => ws.write_number_with_format(r, c, (x * 10.0).round() / 10.0, decimal)?,
        Cell::Share(x) => ws.write_number_with_format(r, c, (x * 1000.0).round() / 1000.0, share)?,
        Cell::Day(d) => {
            let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, c, &day, date)?
        }
        Cell::Withheld => ws.write_string_with_format(r, c, "*", base)?,
        Cell::Empty => ws,
    };
    Ok(())
}
