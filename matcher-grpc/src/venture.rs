//! The 创业帮扶 selection as the League files it and reports it to the foundation: 推报名单 (the funded
//! projects with field, score, grant and competitions), 未入选 with the reason, and 规则 (each rule, whether
//! it binds, the score it costs): an XLSX workbook, CSV files and one JSON document from the same tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use matcher_core::{Project, Taxonomy, VentureSelection};

use crate::tables::{csv, text, workbook, Cell, Table};

/// The selection's tables.
pub fn tables(taxonomy: &Taxonomy, projects: &[Project], selection: &VentureSelection) -> Vec<Table> {
    let by_id: HashMap<&str, &Project> = projects.iter().map(|p| (p.id.as_str(), p)).collect();
    let school = |code: &matcher_core::SchoolCode| {
        taxonomy.schools.get(code).map_or_else(|| code.to_string(), |s| s.name.clone())
    };
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
                text(format!("{:.1}", f.score)),
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
                text(project.map(|p| format!("{:.1}", f64::from(p.score) / 100.0)).unwrap_or_default()),
                text(reason.zh()),
            ]
        })
        .collect();
    let rules = selection
        .rules
        .iter()
        .map(|r| vec![text(r.rule.zh()), text(if r.binding { "是" } else { "否" }), text(format!("{:.1}", r.cost))])
        .collect();
    vec![
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
                text(format!("{:.1}", selection.total_score)),
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
            columns: &[("规则", 40.0), ("是否用足", 10.0), ("该规则使总分减少", 18.0)],
            rows: rules,
            totals: None,
        },
    ]
}

/// Writes `selection.json`, every table as CSV and `venture.xlsx` into `dir`; returns their paths.
pub fn write_all(
    dir: &Path,
    taxonomy: &Taxonomy,
    projects: &[Project],
    selection: &VentureSelection,
) -> std::io::Result<Vec<PathBuf>> {
    crate::private::create_dir_all(dir)?;
    let tables = tables(taxonomy, projects, selection);
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let path = dir.join(name);
        crate::private::write(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    let mut json = serde_json::to_vec_pretty(selection)?;
    json.push(b'\n');
    put("selection.json", &json)?;
    for table in &tables {
        put(table.file, &csv(table).map_err(std::io::Error::other)?)?;
    }
    put("venture.xlsx", &workbook("大学生创业帮扶计划 项目遴选", &tables).map_err(std::io::Error::other)?)?;
    Ok(written)
}
