//! The 社区实践 pairing as a League office files it: 结对名单 (branch, school, college, community, distance),
//! 学校覆盖 (branches, target, paired, share, why short) with the province's total, and 基层团组织 (places and
//! pairs): an XLSX workbook, CSV files and one JSON document built from the same tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use matcher_core::{Branch, BranchId, Community, CommunityId, CommunityPairing, Taxonomy};

use crate::tables::{text, Cell, Table};

/// The pairing's tables.
pub fn tables(
    taxonomy: &Taxonomy,
    branches: &[Branch],
    communities: &[Community],
    pairing: &CommunityPairing,
) -> Vec<Table> {
    let school = |code: &matcher_core::SchoolCode| crate::tables::school_name(taxonomy, code);
    let by_branch: HashMap<&BranchId, &Branch> = branches.iter().map(|b| (&b.id, b)).collect();
    let by_community: HashMap<&CommunityId, &Community> = communities.iter().map(|c| (&c.id, c)).collect();
    let branch = |id: &BranchId| by_branch.get(id).copied();
    let community = |id: &CommunityId| by_community.get(id).copied();
    let pairs = pairing
        .pairs
        .iter()
        .map(|p| {
            let college = branch(&p.branch).map(|b| b.college.clone()).unwrap_or_default();
            let (name, place) = community(&p.community)
                .map(|c| (c.name.clone(), taxonomy.regions.path_name(c.region)))
                .unwrap_or_default();
            vec![
                text(p.branch.as_str()),
                text(school(&p.school)),
                text(college),
                text(p.community.as_str()),
                text(name),
                text(place),
                Cell::Decimal(p.km),
            ]
        })
        .collect();
    let percent = |paired: u32, of: u32| {
        if of == 0 {
            text("—")
        } else {
            text(format!("{:.1}%", f64::from(paired) * 100.0 / f64::from(of)))
        }
    };
    let schools = pairing
        .schools
        .iter()
        .map(|s| {
            vec![
                text(school(&s.school)),
                text(s.school.as_str()),
                Cell::Count(u64::from(s.branches)),
                Cell::Count(u64::from(s.target)),
                Cell::Count(u64::from(s.paired)),
                percent(s.paired, s.branches),
                Cell::Count(u64::from(s.target - s.paired.min(s.target))),
                text(s.short.map(|r| r.zh()).unwrap_or("")),
            ]
        })
        .collect();
    let target: u32 = pairing.schools.iter().map(|s| s.target).sum();
    let places = pairing
        .communities
        .iter()
        .map(|u| {
            let (name, place) = community(&u.community)
                .map(|c| (c.name.clone(), taxonomy.regions.path_name(c.region)))
                .unwrap_or_default();
            vec![
                text(u.community.as_str()),
                text(name),
                text(place),
                Cell::Count(u64::from(u.capacity)),
                Cell::Count(u64::from(u.paired)),
            ]
        })
        .collect();
    let capacity: u64 = pairing.communities.iter().map(|u| u64::from(u.capacity)).sum();
    vec![
        Table {
            sheet: "结对名单",
            file: "pairs.csv",
            columns: &[
                ("团支部", 12.0),
                ("学校", 24.0),
                ("学院", 18.0),
                ("基层团组织", 10.0),
                ("名称", 24.0),
                ("所在地", 30.0),
                ("距离（公里）", 12.0),
            ],
            rows: pairs,
            totals: None,
        },
        Table {
            sheet: "学校覆盖",
            file: "schools.csv",
            columns: &[
                ("学校", 24.0),
                ("学校标识码", 14.0),
                ("团支部数", 10.0),
                ("结对目标", 10.0),
                ("已结对", 8.0),
                ("覆盖率", 8.0),
                ("差额", 6.0),
                ("未达标原因", 30.0),
            ],
            rows: schools,
            totals: Some(vec![
                text("全省合计"),
                text(""),
                Cell::Count(u64::from(pairing.branches)),
                Cell::Count(u64::from(target)),
                Cell::Count(u64::from(pairing.paired)),
                percent(pairing.paired, pairing.branches),
                Cell::Count(u64::from(target - pairing.paired.min(target))),
                text(""),
            ]),
        },
        Table {
            sheet: "基层团组织",
            file: "communities.csv",
            columns: &[("编号", 10.0), ("名称", 24.0), ("所在地", 30.0), ("结对名额", 10.0), ("已结对", 8.0)],
            rows: places,
            totals: Some(vec![
                text("合计"),
                text(""),
                text(""),
                Cell::Count(capacity),
                Cell::Count(u64::from(pairing.paired)),
            ]),
        },
    ]
}

/// Writes `pairing.json`, every table as CSV and `community.xlsx` (with the rejected records, if any) into
/// `dir` (private files); returns their paths.
pub fn write_all(
    dir: &Path,
    taxonomy: &Taxonomy,
    branches: &[Branch],
    communities: &[Community],
    pairing: &CommunityPairing,
    rejected: &[matcher_core::Reject],
) -> std::io::Result<Vec<PathBuf>> {
    let json = serde_json::to_value(pairing)?;
    let tables = tables(taxonomy, branches, communities, pairing);
    crate::tables::write_all(dir, &json, JSON_FILE, tables, rejected, (TITLE, XLSX_FILE))
}

/// The JSON file's name (the pairing, serialised).
pub const JSON_FILE: &str = "pairing.json";
/// The workbook's name.
pub const XLSX_FILE: &str = "community.xlsx";
/// The workbook's title.
pub const TITLE: &str = "高校团支部与城乡基层团组织结对（社区实践）";
