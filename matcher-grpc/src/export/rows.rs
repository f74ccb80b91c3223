//! The flat table of a run (one row per recommendation, one per short list), shared by CSV and XLSX.

use super::report::{CadreSection, Report};

/// A cell: text, a number or a day (a date cell in the workbook, `YYYY-MM-DD` in CSV).
pub enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    Date(chrono::NaiveDate),
    Empty,
}

/// Column headers, in Chinese, as cadres and analysts read them.
/// The last five are for the cadre to fill in (ticks and the day); `matcher case import` reads them back.
pub const HEADERS: [&str; 36] = [
    "团干部编号",
    "团干部",
    "学校",
    "学生编号",
    "学生姓名",
    "学院",
    "专业",
    "学历",
    "届别",
    "求职意向",
    "排名",
    "岗位编号",
    "岗位名称",
    "用人单位",
    "岗位类型",
    "发布平台",
    "工作地点",
    "薪酬",
    "截止日期",
    "招聘人数",
    "申请方式",
    "匹配度",
    "得分",
    "专业分",
    "意向分",
    "地区分",
    "文本分",
    "时效分",
    "薪酬分",
    "专场加分",
    "推荐理由",
    "已推送",
    "已投递",
    "已面试",
    "已录用",
    "跟进日期",
];

/// Columns left empty for the cadre: the four ticks and the day.
const TO_FILL: usize = 5;

/// How many rows a cadre's section has: one per recommendation, one per short list.
pub fn rows_of(section: &CadreSection) -> usize {
    section.students.iter().map(|s| s.result.recommendations.len() + usize::from(s.result.shortfall.is_some())).sum()
}

/// Hands every row of the cadres' `sections` of the run to `emit`, in order (rows are never all held at
/// once: a batch of 100,000 students has half a million). Cells borrow what the report holds.
pub fn for_each_row(
    report: &Report,
    sections: &[CadreSection],
    emit: &mut dyn FnMut(&[Cell]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for section in sections {
        let school = report.school_name(&section.cadre.school);
        for s in &section.students {
            let student = s.student;
            let major = report.major_name(student);
            let head = || {
                let mut row = Vec::with_capacity(HEADERS.len());
                row.extend([
                    Cell::Text(section.cadre.id.as_str().into()),
                    Cell::Text(section.cadre.name.as_str().into()),
                    Cell::Text(school.as_str().into()),
                    Cell::Text(student.id.as_str().into()),
                    student.name.as_deref().map_or(Cell::Empty, |n| Cell::Text(n.into())),
                    Cell::Text(student.college.as_str().into()),
                    Cell::Text(major.as_str().into()),
                    Cell::Text(student.education.zh().into()),
                    Cell::Text(student.cohort.zh().into()),
                    Cell::Text(student.intention.as_str().into()),
                ]);
                row
            };
            for r in &s.result.recommendations {
                let mut row = head();
                let posting = report.postings.get(&r.posting);
                let b = &r.breakdown;
                row.extend([
                    Cell::Number(r.rank as f64),
                    Cell::Text(r.posting.as_str().into()),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.title.as_str().into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.employer.as_str().into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.kind.zh().into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.platforms.as_str().into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.place.as_str().into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.pay.as_str().into())),
                    match posting.map(|p| p.expires) {
                        Some(Some(day)) => Cell::Date(day),
                        Some(None) => Cell::Text("长期".into()),
                        None => Cell::Empty,
                    },
                    posting.and_then(|p| p.headcount).map_or(Cell::Text("若干".into()), |h| Cell::Number(h.into())),
                    posting.map_or(Cell::Empty, |p| Cell::Text(p.how_to_apply.as_str().into())),
                    Cell::Text(matcher_core::MatchLevel::of(r.score).zh().into()),
                    Cell::Number(round(r.score)),
                    Cell::Number(round(b.major.contribution)),
                    Cell::Number(round(b.field.contribution)),
                    Cell::Number(round(b.region.contribution)),
                    Cell::Number(round(b.text.contribution)),
                    Cell::Number(round(b.freshness.contribution)),
                    Cell::Number(round(b.pay.contribution)),
                    Cell::Number(round(b.campaign.contribution)),
                    Cell::Text(r.explanation.as_str().into()),
                ]);
                row.extend((0..TO_FILL).map(|_| Cell::Empty));
                emit(&row)?;
            }
            if let Some(reason) = report.shortfall_text(s) {
                let mut row = head();
                row.extend((0..20).map(|_| Cell::Empty));
                row.push(Cell::Text(format!("未推足{}个：{reason}", report.summary.minimum).into()));
                row.extend((0..TO_FILL).map(|_| Cell::Empty));
                emit(&row)?;
            }
        }
    }
    Ok(())
}

fn round(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}
