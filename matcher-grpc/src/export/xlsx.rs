//! The run as an Excel workbook: 推荐清单 (the rows, filterable, header frozen, with the columns a cadre ticks:
//! 已推送 / 已投递 / 已面试 / 已录用 and 跟进日期, read back by `matcher case import`), 未推足 (short lists with
//! reasons) and 汇总 (the figures).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::report::Report;
use super::rows::{Cell, HEADERS};

/// Most characters Excel holds in a cell is 32,767: longer text is cut with an ellipsis, never an error that
/// would stop the workbook for everyone.
const MAX_CELL_CHARS: usize = 32_000;

fn fitted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// A workbook whose list sheet is written a row at a time, straight to a temporary file (a batch of 100,000
/// students has half a million rows).
pub struct XlsxRows {
    workbook: Workbook,
    rows: u32,
    day: Format,
}

/// A day as Excel stores it (a date, so that it sorts and filters as one).
fn excel_day(day: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(day.year().clamp(1900, 9999) as u16, day.month() as u8, day.day() as u8)
}

impl XlsxRows {
    pub fn create() -> anyhow::Result<XlsxRows> {
        let mut workbook = Workbook::new();
        list_header(workbook.add_worksheet_with_constant_memory()?, &Format::new().set_bold())?;
        Ok(XlsxRows { workbook, rows: 0, day: day_format() })
    }

    pub fn write(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        self.rows += 1;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (col, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(text) => sheet.write_string(self.rows, col as u16, fitted(text))?,
                Cell::Number(n) => sheet.write_number(self.rows, col as u16, *n)?,
                Cell::Date(day) => {
                    sheet.write_datetime_with_format(self.rows, col as u16, excel_day(*day)?, &self.day)?
                }
                Cell::Empty => sheet,
            };
        }
        Ok(())
    }

    pub fn finish(mut self, path: &Path, report: &Report) -> anyhow::Result<()> {
        let bold = Format::new().set_bold();
        let sheet = self.workbook.worksheet_from_index(0)?;
        sheet.autofilter(0, 0, self.rows, (HEADERS.len() - 1) as u16)?;
        // The tick columns offer ✓ (typed ticks such as √ or 是 are read too); the day column takes dates.
        let ticks = DataValidation::new().allow_list_strings(&["✓"])?.ignore_blank(true);
        let first_tick = HEADERS.iter().position(|h| *h == "已推送").unwrap_or(HEADERS.len() - 5) as u16;
        sheet.add_data_validation(1, first_tick, self.rows.max(1), first_tick + 3, &ticks)?;
        shortfall_sheet(self.workbook.add_worksheet(), report, &bold)?;
        summary_sheet(self.workbook.add_worksheet(), report, &bold)?;
        // Deflate level 3: the workbook of 12,705 students (62,700 rows) was written in 1.11 s instead of 1.47 s
        // at the default level 6, 13.5 MB instead of 11.5 (level 1: 0.95 s but 18.2 MB). Excel and WPS read
        // any level.
        self.workbook.set_zip_compression_level(3);
        let file = matcher_grpc::private::create(path)?;
        self.workbook
            .save_to_writer(std::io::BufWriter::new(file))
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))
    }
}

/// How days show: 2026-12-01, as everywhere else in Jinqiao.
fn day_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn list_header(sheet: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("推荐清单")?;
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, bold)?;
        let width = match *header {
            "推荐理由" => 70.0,
            "岗位名称" | "用人单位" | "学校" | "求职意向" | "申请方式" => 24.0,
            "工作地点" | "专业" | "学院" | "薪酬" | "跟进日期" | "发布平台" => 16.0,
            "已推送" | "已投递" | "已面试" | "已录用" => 8.0,
            _ => 10.0,
        };
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn shortfall_sheet(sheet: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("未推足")?;
    for (col, header) in ["团干部", "学生编号", "专业", "已推荐", "原因"].iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, bold)?;
    }
    sheet.set_column_width(0, 14.0)?;
    sheet.set_column_width(1, 12.0)?;
    sheet.set_column_width(2, 16.0)?;
    sheet.set_column_width(4, 60.0)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut r = 1;
    for section in &report.cadres {
        for s in &section.students {
            if let Some(reason) = report.shortfall_text(s) {
                sheet.write_string(r, 0, section.cadre.name.as_str())?;
                sheet.write_string(r, 1, s.student.id.to_string())?;
                sheet.write_string(r, 2, report.major_name(s.student))?;
                sheet.write_number(r, 3, s.result.recommendations.len() as f64)?;
                sheet.write_string(r, 4, fitted(&reason))?;
                r += 1;
            }
        }
    }
    for (student, reason) in &report.unpaired {
        sheet.write_string(r, 0, "（未结对）")?;
        sheet.write_string(r, 1, student.id.to_string())?;
        sheet.write_string(r, 2, report.major_name(student))?;
        sheet.write_number(r, 3, 0.0)?;
        sheet.write_string(r, 4, fitted(reason))?;
        r += 1;
    }
    sheet.autofilter(0, 0, (r - 1).max(1), 4)?;
    Ok(())
}

fn summary_sheet(sheet: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("汇总")?;
    let s = report.summary;
    let figures: [(&str, f64); 9] = [
        ("结对学生数", s.students as f64),
        ("获得2个及以上岗位的学生", s.with_two_or_more as f64),
        ("未推足的学生", s.shortfalls as f64),
        ("推荐条数", s.recommendations as f64),
        ("涉及岗位数", s.postings_used as f64),
        ("推荐名额已满的岗位", s.postings_at_cap as f64),
        ("名额压力（已满岗位占比）", s.capacity_pressure),
        ("平均得分", s.mean_score),
        ("团干部数", report.cadres.len() as f64),
    ];
    sheet.write_string_with_format(0, 0, "指标", bold)?;
    sheet.write_string_with_format(0, 1, "数值", bold)?;
    sheet.set_column_width(0, 28.0)?;
    for (i, (name, value)) in figures.iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, *name)?;
        sheet.write_number(i as u32 + 1, 1, (*value * 1000.0).round() / 1000.0)?;
    }
    let mut r = figures.len() as u32 + 2;
    sheet.write_string_with_format(r, 0, "推荐日期", bold)?;
    match matcher_core::parse_date(&s.day) {
        Ok(day) => sheet.write_datetime_with_format(r, 1, excel_day(day)?, &day_format())?,
        Err(_) => sheet.write_string(r, 1, s.day.as_str())?,
    };
    r += 1;
    sheet.write_string_with_format(r, 0, "专场活动", bold)?;
    sheet.write_string(r, 1, if s.campaigns.is_empty() { "无".to_string() } else { s.campaigns.join("、") })?;
    r += 2;
    sheet.write_string_with_format(r, 0, "未推足原因", bold)?;
    sheet.write_string_with_format(r, 1, "人数", bold)?;
    for (reason, count) in &s.shortfalls_by_reason {
        r += 1;
        sheet.write_string(r, 0, matcher_core::Shortfall::label_of_code(reason))?;
        sheet.write_number(r, 1, *count as f64)?;
    }
    Ok(())
}
