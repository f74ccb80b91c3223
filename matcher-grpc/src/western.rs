//! The 西部计划 assignment as the 项目管理办公室 files it: one set of tables (派遣名单, 未派遣, 专项名额,
//! 学校, 剔除志愿, and each applicant's stage: 进度, 阶段, 台账问题) written as an XLSX workbook (Chinese headers, frozen header, totals), CSV files and one
//! JSON document. Every output is built from the same tables, so their figures agree; placements are
//! personal data, so every file is private.

use std::path::{Path, PathBuf};

use matcher_core::{Assignment, Pipeline, Taxonomy};

use crate::tables::{text, Cell, Table};

/// The assignment's tables, with every applicant's stage.
pub fn tables(taxonomy: &Taxonomy, assignment: &Assignment, pipeline: &Pipeline) -> Vec<Table> {
    let school = |code: &matcher_core::SchoolCode| crate::tables::school_name(taxonomy, code);
    let placed = assignment
        .placed
        .iter()
        .map(|p| {
            vec![
                text(p.applicant.as_str()),
                text(school(&p.school)),
                text(p.post.as_str()),
                text(p.track.zh()),
                text(taxonomy.regions.path_name(p.region)),
                Cell::Count(p.choice as u64),
            ]
        })
        .collect();
    let unplaced = assignment
        .unplaced
        .iter()
        .map(|u| vec![text(u.applicant.as_str()), text(school(&u.school)), text(u.reason.zh()), text(u.reason.code())])
        .collect();
    let tracks: Vec<Vec<Cell>> = assignment
        .tracks
        .iter()
        .map(|t| {
            vec![
                text(t.track.zh()),
                t.quota.map_or_else(|| text("不限"), |q| Cell::Count(u64::from(q))),
                Cell::Count(u64::from(t.posts_capacity)),
                Cell::Count(u64::from(t.placed)),
            ]
        })
        .collect();
    let placed_total: u64 = assignment.tracks.iter().map(|t| u64::from(t.placed)).sum();
    let capacity_total: u64 = assignment.tracks.iter().map(|t| u64::from(t.posts_capacity)).sum();
    let schools = assignment
        .schools
        .iter()
        .map(|s| {
            vec![
                text(school(&s.school)),
                text(s.school.as_str()),
                Cell::Count(u64::from(s.applicants)),
                Cell::Count(u64::from(s.selected)),
                Cell::Count(u64::from(s.placed)),
            ]
        })
        .collect();
    let sum =
        |f: fn(&matcher_core::SchoolUse) -> u32| Cell::Count(assignment.schools.iter().map(|s| u64::from(f(s))).sum());
    let dropped = assignment
        .dropped
        .iter()
        .map(|d| vec![text(d.applicant.as_str()), text(d.post.as_str()), text(d.reason.zh())])
        .collect();
    let progress = pipeline
        .applicants
        .iter()
        .map(|a| {
            vec![
                text(a.applicant.as_str()),
                text(school(&a.school)),
                text(a.stage.zh()),
                text(a.post.as_ref().map(|p| p.as_str()).unwrap_or("")),
                text(a.since.map(|d| d.to_string()).unwrap_or_default()),
            ]
        })
        .collect();
    let stages = pipeline.stages.iter().map(|(stage, n)| vec![text(stage.zh()), Cell::Count(u64::from(*n))]).collect();
    let issues = pipeline
        .issues
        .iter()
        .map(|i| vec![text(i.applicant.as_str()), text(i.day.to_string()), text(i.stage.zh()), text(i.reason.as_str())])
        .collect();
    vec![
        Table {
            sheet: "派遣名单",
            file: "placements.csv",
            columns: &[
                ("报名人", 14.0),
                ("学校", 24.0),
                ("岗位", 10.0),
                ("专项", 14.0),
                ("服务地", 36.0),
                ("志愿序号", 10.0),
            ],
            rows: placed,
            totals: None,
        },
        Table {
            sheet: "未派遣",
            file: "unplaced.csv",
            columns: &[("报名人", 14.0), ("学校", 24.0), ("原因", 36.0), ("原因代码", 24.0)],
            rows: unplaced,
            totals: None,
        },
        Table {
            sheet: "专项名额",
            file: "tracks.csv",
            columns: &[("专项", 16.0), ("专项名额", 10.0), ("岗位容量", 10.0), ("已派遣", 10.0)],
            rows: tracks,
            totals: Some(vec![
                text(format!("合计（全省名额 {}）", assignment.total)),
                text(""),
                Cell::Count(capacity_total),
                Cell::Count(placed_total),
            ]),
        },
        Table {
            sheet: "学校",
            file: "schools.csv",
            columns: &[("学校", 24.0), ("学校标识码", 14.0), ("报名", 8.0), ("通过选拔", 10.0), ("派遣", 8.0)],
            rows: schools,
            totals: Some(vec![text("合计"), text(""), sum(|s| s.applicants), sum(|s| s.selected), sum(|s| s.placed)]),
        },
        Table {
            sheet: "剔除志愿",
            file: "dropped_preferences.csv",
            columns: &[("报名人", 14.0), ("所填岗位", 12.0), ("原因", 28.0)],
            rows: dropped,
            totals: None,
        },
        Table {
            sheet: "进度",
            file: "progress.csv",
            columns: &[("报名人", 14.0), ("学校", 24.0), ("阶段", 10.0), ("岗位", 10.0), ("日期", 12.0)],
            rows: progress,
            totals: None,
        },
        Table {
            sheet: "阶段",
            file: "stages.csv",
            columns: &[("阶段", 12.0), ("人数", 10.0)],
            rows: stages,
            totals: Some(vec![
                text(format!("计入全年志愿者（推荐至期满）{} 人", pipeline.counted)),
                Cell::Count(pipeline.applicants.len() as u64),
            ]),
        },
        Table {
            sheet: "台账问题",
            file: "stage_issues.csv",
            columns: &[("报名人", 14.0), ("日期", 12.0), ("所记阶段", 10.0), ("原因", 48.0)],
            rows: issues,
            totals: None,
        },
    ]
}

/// Writes `assignment.json` (the assignment with its `pipeline`), every table as CSV and `western.xlsx` (with
/// the rejected records, if any) into `dir` (private files); returns their paths.
pub fn write_all(
    dir: &Path,
    taxonomy: &Taxonomy,
    assignment: &Assignment,
    pipeline: &Pipeline,
    rejected: &[matcher_core::Reject],
) -> std::io::Result<Vec<PathBuf>> {
    let json = json(assignment, pipeline)?;
    let tables = tables(taxonomy, assignment, pipeline);
    crate::tables::write_all(dir, &json, JSON_FILE, tables, rejected, (TITLE, XLSX_FILE))
}

/// The JSON file's name.
pub const JSON_FILE: &str = "assignment.json";
/// The workbook's name.
pub const XLSX_FILE: &str = "western.xlsx";
/// The workbook's title.
pub const TITLE: &str = "大学生志愿服务西部计划";

/// The JSON document: the assignment with its `pipeline`.
pub fn json(assignment: &Assignment, pipeline: &Pipeline) -> serde_json::Result<serde_json::Value> {
    let mut json = serde_json::to_value(assignment)?;
    if let Some(object) = json.as_object_mut() {
        object.insert("pipeline".to_string(), serde_json::to_value(pipeline)?);
    }
    Ok(json)
}
