//! The 创业帮扶 selection as the League files it and reports it to the foundation: 推报名单 (the funded
//! projects with field, score, grant and competitions), 未入选 with the reason, 规则 (each rule, whether it
//! binds, the score it costs) and 导师匹配 (each funded project's mentor): an XLSX workbook, CSV files and one
//! JSON document from the same tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use matcher_core::{Mentor, MentorAssignment, Project, Taxonomy, VentureSelection};

use crate::tables::{text, Cell, Table};

/// What the outputs show.
#[derive(Debug, Clone, Copy)]
pub struct VentureResult<'a> {
    /// The register.
    pub projects: &'a [Project],
    /// The selection.
    pub selection: &'a VentureSelection,
    /// The mentors and their assignment, when a mentor register was given.
    pub mentors: Option<(&'a [Mentor], &'a MentorAssignment)>,
}

/// The selection's tables.
pub fn tables(taxonomy: &Taxonomy, result: &VentureResult<'_>) -> Vec<Table> {
    let (projects, selection) = (result.projects, result.selection);
    let by_id: HashMap<&str, &Project> = projects.iter().map(|p| (p.id.as_str(), p)).collect();
    let school = |code: &matcher_core::SchoolCode| crate::tables::school_name(taxonomy, code);
    let funded = selection
        .funded
        .iter()
        .map(|f| {
            let project = by_id.get(f.project.as_str());
            vec![
                text(f.project.as_str()),
                text(project.map(|p| p.name.clone()).unwrap_or_default()),
                text(school(&f.school)),
                text(f.field.zh()),
                text(project.map(|p| p.stage.clone()).unwrap_or_default()),
                Cell::Decimal(f.score),
                Cell::Count(f.grant),
                text(project.map(|p| p.competitions.join("、")).unwrap_or_default()),
            ]
        })
        .collect();
    let not_funded = selection
        .not_funded
        .iter()
        .map(|(id, reason)| {
            let project = by_id.get(id.as_str());
            vec![
                text(id.as_str()),
                text(project.map(|p| p.name.clone()).unwrap_or_default()),
                text(project.map(|p| school(&p.school)).unwrap_or_default()),
                project.map_or_else(|| text(""), |p| Cell::Decimal(f64::from(p.score) / 100.0)),
                text(reason.zh()),
            ]
        })
        .collect();
    let rules = selection
        .rules
        .iter()
        .map(|r| vec![text(r.rule.zh()), text(if r.binding { "是" } else { "否" }), Cell::Decimal(r.cost)])
        .collect();
    let mut tables = vec![
        Table {
            sheet: "推报名单",
            file: "funded.csv",
            columns: &[
                ("项目编号", 10.0),
                ("项目名称", 24.0),
                ("学校", 24.0),
                ("领域", 10.0),
                ("阶段", 8.0),
                ("评审得分", 10.0),
                ("资助金额（元）", 14.0),
                ("赛事经历", 20.0),
            ],
            rows: funded,
            totals: Some(vec![
                text(format!("合计 {} 个项目", selection.funded.len())),
                text(format!("硬核科技和乡村振兴 {} 个", selection.priority)),
                text(""),
                text(""),
                text(""),
                Cell::Decimal(selection.total_score),
                Cell::Count(selection.granted),
                text(""),
            ]),
        },
        Table {
            sheet: "未入选",
            file: "not_funded.csv",
            columns: &[("项目编号", 10.0), ("项目名称", 24.0), ("学校", 24.0), ("评审得分", 10.0), ("原因", 44.0)],
            rows: not_funded,
            totals: None,
        },
        Table {
            sheet: "规则",
            file: "rules.csv",
            columns: &[("规则", 40.0), ("是否影响入选", 12.0), ("该规则使总分减少", 18.0)],
            rows: rules,
            totals: None,
        },
    ];
    if let Some((mentors, assignment)) = result.mentors {
        let name: HashMap<&str, &str> = mentors.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
        let mut rows: Vec<Vec<Cell>> = assignment
            .assigned
            .iter()
            .map(|m| {
                vec![
                    text(m.project.as_str()),
                    text(by_id.get(m.project.as_str()).map(|p| p.name.clone()).unwrap_or_default()),
                    text(m.mentor.as_str()),
                    text(name.get(m.mentor.as_str()).copied().unwrap_or_default()),
                    text(if m.field_match { "是" } else { "否" }),
                    Cell::Decimal(m.km),
                ]
            })
            .collect();
        rows.extend(assignment.without.iter().map(|id| {
            vec![
                text(id.as_str()),
                text(by_id.get(id.as_str()).map(|p| p.name.clone()).unwrap_or_default()),
                text(""),
                text("导师名额已满，待补充"),
                text(""),
                text(""),
            ]
        }));
        tables.push(Table {
            sheet: "导师匹配",
            file: "mentors.csv",
            columns: &[
                ("项目编号", 10.0),
                ("项目名称", 24.0),
                ("导师编号", 10.0),
                ("导师", 14.0),
                ("领域相符", 10.0),
                ("距离（公里）", 12.0),
            ],
            rows,
            totals: None,
        });
    }
    tables
}

/// Writes `selection.json`, every table as CSV and `venture.xlsx` (with the rejected records, if any) into
/// `dir`; returns their paths.
pub fn write_all(
    dir: &Path,
    taxonomy: &Taxonomy,
    result: &VentureResult<'_>,
    rejected: &[matcher_core::Reject],
) -> std::io::Result<Vec<PathBuf>> {
    let tables = tables(taxonomy, result);
    crate::tables::write_all(dir, &json(result), JSON_FILE, tables, rejected, (TITLE, XLSX_FILE))
}

/// The JSON file's name.
pub const JSON_FILE: &str = "selection.json";
/// The workbook's name.
pub const XLSX_FILE: &str = "venture.xlsx";
/// The workbook's title.
pub const TITLE: &str = "大学生创业帮扶计划 项目遴选";

/// The JSON document: the selection and the mentors' assignment.
pub fn json(result: &VentureResult<'_>) -> serde_json::Value {
    serde_json::json!({
        "selection": result.selection,
        "mentors": result.mentors.map(|(_, assignment)| assignment),
    })
}
