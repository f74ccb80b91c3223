//! The 西部计划 assignment as the 项目管理办公室 files it: one set of tables (派遣名单, 未派遣, 专项名额,
//! 学校, 剔除志愿) written as an XLSX workbook (Chinese headers, frozen header, totals), CSV files and one
//! JSON document. Every output is built from the same tables, so their figures agree; placements are
//! personal data, so every file is private.

use std::path::{Path, PathBuf};

use matcher_core::{Assignment, Taxonomy};

use crate::tables::{text, Cell, Table};

/// The assignment's tables.
pub fn tables(taxonomy: &Taxonomy, assignment: &Assignment) -> Vec<Table> {
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
    ]
}

/// Writes `assignment.json`, every table as CSV and `western.xlsx` (with the rejected records, if any) into
/// `dir` (private files); returns their paths.
pub fn write_all(
    dir: &Path,
    taxonomy: &Taxonomy,
    assignment: &Assignment,
    rejected: &[matcher_core::Reject],
) -> std::io::Result<Vec<PathBuf>> {
    let json = serde_json::to_value(assignment)?;
    let tables = tables(taxonomy, assignment);
    crate::tables::write_all(
        dir,
        &json,
        "assignment.json",
        tables,
        rejected,
        ("大学生志愿服务西部计划", "western.xlsx"),
    )
}
