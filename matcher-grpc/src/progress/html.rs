//! The report as one printable HTML page (A4, no script, nothing fetched): the targets, the months and the
//! cities, each with its chart, then the province's figures and every other table of the workbook.

use std::fmt::Write;

use matcher_core::ProgressReport;

use super::charts::{self, escape};
use super::tables::{sheets, Cell, Sheet, WITHHELD_NOTE};

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;color:#1f2933;\
margin:24px auto;max-width:1100px;padding:0 16px;line-height:1.5}h1{font-size:22px;margin:0}h2{font-size:17px;\
border-left:4px solid #c8102e;padding-left:8px;margin-top:28px}.meta{color:#52606d;font-size:13px}\
table{border-collapse:collapse;font-size:12px;margin:8px 0;width:100%}th,td{border:1px solid #cbd2d9;padding:3px 6px}\
th{background:#ddebf7;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\
tr.total td{font-weight:700;background:#f5f7fa}.note{font-size:12px;color:#52606d}.scroll{overflow-x:auto}\
svg{max-width:100%;height:auto}@media print{body{margin:0;max-width:none}h2{break-after:avoid}\
table{break-inside:auto}tr{break-inside:avoid}.chart{break-inside:avoid}}@page{size:A4;margin:12mm}";

fn table(out: &mut String, sheet: &Sheet) {
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for header in &sheet.headers {
        let _ = write!(out, "<th>{}</th>", escape(header));
    }
    out.push_str("</tr></thead><tbody>");
    let mut row = |cells: &Vec<Cell>, class: &str| {
        let _ = write!(out, "<tr{class}>");
        for cell in cells {
            let numeric = matches!(cell, Cell::Count(_) | Cell::Decimal(_) | Cell::Share(_) | Cell::Withheld);
            let _ = write!(out, "<td{}>{}</td>", if numeric { " class=\"n\"" } else { "" }, escape(&cell.text()));
        }
        out.push_str("</tr>");
    };
    for cells in &sheet.rows {
        row(cells, "");
    }
    if let Some(totals) = &sheet.totals {
        row(totals, " class=\"total\"");
    }
    out.push_str("</tbody></table></div>");
    if sheet.rows.is_empty() {
        out.push_str("<p class=\"note\">（无）</p>");
    }
    if sheet.has_withheld() {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(WITHHELD_NOTE));
    }
}

/// The page.
pub fn page(report: &ProgressReport) -> String {
    let title = format!("结对帮扶就业工作月报 · {}", report.month.zh());
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"meta\">共青团湖南省委“金桥行动”· 统计截至 {} · 年度 {} 至 {} · 由结对名单与帮扶台账计算，\
         指标口径见 docs/REPORTS.md</p>",
        escape(&title),
        report.as_of,
        report.start,
        report.deadline
    );
    let sheets = sheets(report);
    let find = |name: &str| sheets.iter().find(|s| s.name == name);
    let section = |out: &mut String, heading: &str, chart: Option<String>, sheet: Option<&Sheet>| {
        let _ = write!(out, "<h2>{}</h2>", escape(heading));
        if let Some(svg) = chart {
            let _ = write!(out, "<div class=\"chart\">{svg}</div>");
        }
        if let Some(sheet) = sheet {
            table(out, sheet);
        }
    };
    section(&mut out, "一、目标进度", Some(charts::targets(report)), find("目标进度"));
    section(&mut out, "二、逐月进展", Some(charts::months(report)), find("逐月进展"));
    section(&mut out, "三、按市州（学校所在地）", Some(charts::cities(report)), find("按市州"));
    section(&mut out, "四、全省汇总", None, find("全省汇总"));
    section(&mut out, "五、按学校", None, find("按学校"));
    section(&mut out, "六、按学院", None, find("按学院"));
    section(&mut out, "七、按团干部", None, find("按团干部"));
    let quiet = format!("八、结对学生超过{}天未联系的团干部", report.contact_days);
    section(&mut out, &quiet, None, find("超期未联系"));
    let short = format!("九、推送岗位不足{}个的求职学生", report.postings_per_student);
    section(&mut out, &short, None, find("推送不足"));
    section(&mut out, &format!("十、{}岗位信息汇总", report.month.zh()), None, find("岗位收集"));
    out.push_str("</body></html>\n");
    out
}
