//! The run as an Excel workbook: 推荐清单 (the rows, filterable, header frozen, with the columns a cadre ticks:
//! 已推送 / 已投递 / 已面试 / 已录用 and 跟进日期, read back by `matcher case import`), 未推足 (short lists with
//! reasons) and 汇总 (the figures).

use std::path::Path;

use anyhow::Context;
use rust_xlsxwriter::{DataValidation, DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::pieces::{self, Piece};
use super::report::Report;
use super::rows::{self, HEADERS};
use matcher_grpc::cell_text::fitted;

use super::xlsx_cells::{excel_day, RowWriter};
use super::xlsx_package::{self, Deflated, Package};

/// The list sheet's part in the package.
const LIST_PART: &str = "xl/worksheets/sheet1.xml";
/// Most rows a sheet has (Excel's limit), the header's included.
const MAX_ROWS: usize = 1_048_576;

/// Writes the run's workbook to `path`. rust_xlsxwriter writes the workbook with the list sheet's header and
/// one probe row (a day, to learn the date style); the list's rows are then written here as XML in pieces,
/// deflated on every core, and put in the probe row's place in the package.
pub fn write(report: &Report, path: &Path) -> anyhow::Result<()> {
    let pieces = pieces::pieces(&report.cadres);
    let rows: usize = pieces.iter().map(|piece| piece.rows).sum();
    anyhow::ensure!(
        rows < MAX_ROWS,
        "the list has {rows} rows, more than a sheet holds ({}): write it as CSV or JSON (--formats)",
        MAX_ROWS - 1
    );
    let template = template(report, rows as u32)?;
    let (head, date_style, tail) = split_list_sheet(&template, rows)?;
    let path_text = path.display();
    let mut out = std::io::BufWriter::new(matcher_grpc::private::create(path)?);
    let mut package = Package::begin(&template, LIST_PART, &mut out)?;
    package.append(&xlsx_package::deflate(head.as_bytes(), false)?)?;
    let render = |piece: &Piece, rendering: &mut SheetPiece| {
        let mut writer = RowWriter::new(HEADERS.len(), date_style, piece.rows_before as u32 + 2);
        rows::for_each_row(report, piece.sections, &mut |row| writer.write(&mut rendering.xml, row))?;
        xlsx_package::deflate_into(&rendering.xml, false, &mut rendering.deflated)
    };
    pieces::render_in_order(&pieces, render, |rendering| package.append(&rendering.deflated))
        .and_then(|()| package.append(&xlsx_package::deflate(tail.as_bytes(), true)?))
        .and_then(|()| package.finish())
        .and_then(|()| Ok(std::io::Write::flush(&mut out)?))
        .with_context(|| format!("writing {path_text}"))
}

/// A piece of the list sheet: its rows' XML and the XML deflated, kept from piece to piece.
#[derive(Default)]
struct SheetPiece {
    xml: Vec<u8>,
    deflated: Deflated,
}

impl pieces::Rendering for SheetPiece {
    /// The XML emptied; the deflated bytes are emptied when the next piece is deflated into them.
    fn clear(&mut self) {
        self.xml.clear();
    }
}

/// The workbook as rust_xlsxwriter writes it, the list sheet with its header, a probe day in row 2, and
/// filters and tick lists over the `rows` to come.
fn template(report: &Report, rows: u32) -> anyhow::Result<Vec<u8>> {
    let bold = Format::new().set_bold();
    let mut workbook = Workbook::new();
    // Created on the run's day rather than at the clock's second, so that the same run writes the same bytes.
    if let Ok(day) = matcher_core::parse_date(&report.summary.day) {
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&excel_day(day)?));
    }
    let sheet = workbook.add_worksheet();
    list_header(sheet, &bold)?;
    sheet.write_datetime_with_format(1, 0, &rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?, &day_format())?;
    sheet.autofilter(0, 0, rows, (HEADERS.len() - 1) as u16)?;
    // The tick columns offer ✓ (typed ticks such as √ or 是 are read too); the day column takes dates.
    let ticks = DataValidation::new().allow_list_strings(&["✓"])?.ignore_blank(true);
    let first_tick = HEADERS.iter().position(|h| *h == "已推送").unwrap_or(HEADERS.len() - 5) as u16;
    sheet.add_data_validation(1, first_tick, rows.max(1), first_tick + 3, &ticks)?;
    shortfall_sheet(workbook.add_worksheet(), report, &bold)?;
    summary_sheet(workbook.add_worksheet(), report, &bold)?;
    workbook.save_to_buffer().map_err(|e| anyhow::anyhow!("writing the workbook: {e}"))
}

/// The list sheet's XML of the template, split where the probe row was: what comes before the `rows` (its
/// dimension made to cover them), the probe's date style, and what comes after.
fn split_list_sheet(template: &[u8], rows: usize) -> anyhow::Result<(String, u32, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).context("reading the workbook")?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(LIST_PART)?, &mut xml)?;
    let unexpected = || anyhow::anyhow!("rust_xlsxwriter wrote the list sheet in a way not known here");
    let probe = xml.find(r#"<row r="2""#).ok_or_else(unexpected)?;
    let probe_end = probe + xml[probe..].find("</row>").ok_or_else(unexpected)? + "</row>".len();
    let style = &xml[probe..probe_end];
    let style = style.split(r#" s=""#).nth(1).and_then(|s| s.split('"').next()).ok_or_else(unexpected)?;
    let date_style: u32 = style.parse().map_err(|_| unexpected())?;
    let mut head = xml[..probe].to_string();
    let dimension = head.find(r#"<dimension ref=""#).ok_or_else(unexpected)? + r#"<dimension ref=""#.len();
    let dimension_end = dimension + head[dimension..].find('"').ok_or_else(unexpected)?;
    let last_column = super::xlsx_cells::column_name(HEADERS.len() - 1);
    head.replace_range(dimension..dimension_end, &format!("A1:{last_column}{}", rows + 1));
    Ok((head, date_style, xml[probe_end..].to_string()))
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
