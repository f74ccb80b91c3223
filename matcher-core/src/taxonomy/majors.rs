//! The Ministry of Education's major catalogues: 本科, 高职专科 and 职业本科, each with 门类 and 专业类.

use std::collections::HashMap;

use serde::Serialize;

use super::table::{cell, Table};
use crate::error::Error;
use crate::model::MajorCode;

/// Which catalogue a major belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Catalogue {
    /// 普通高等学校本科专业目录.
    Undergraduate,
    /// 职业教育专业目录, 高职专科.
    VocationalAssociate,
    /// 职业教育专业目录, 职业本科.
    VocationalBachelor,
}

/// One major.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Major {
    /// Major code.
    pub code: MajorCode,
    /// Name.
    pub name: String,
    /// Catalogue.
    pub catalogue: Catalogue,
    /// 门类 (or 大类) code.
    pub category: MajorCode,
    /// 专业类 code.
    pub class: MajorCode,
}

/// A 专业类 or 门类: a group of majors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MajorGroup {
    /// Code.
    pub code: MajorCode,
    /// Name (计算机类, 工学).
    pub name: String,
}

/// The three catalogues, with lookups by code and name.
#[derive(Debug, Clone, Default)]
pub struct MajorCatalogue {
    majors: HashMap<MajorCode, Major>,
    groups: HashMap<MajorCode, MajorGroup>,
    by_name: HashMap<String, Vec<MajorCode>>,
    classes_by_name: HashMap<String, Vec<MajorCode>>,
    categories_by_name: HashMap<String, Vec<MajorCode>>,
}

impl MajorCatalogue {
    pub(crate) fn load(&mut self, table_name: &str, text: &str, catalogue: Catalogue) -> Result<(), Error> {
        let table = Table::parse(table_name, text)?;
        let cols = ["major_code", "major_name", "category_code", "category_name", "class_code", "class_name"]
            .map(|name| table.column(name));
        let [c_code, c_name, c_cat, c_cat_name, c_class, c_class_name] = cols;
        let (c_code, c_name, c_cat, c_cat_name, c_class, c_class_name) =
            (c_code?, c_name?, c_cat?, c_cat_name?, c_class?, c_class_name?);
        for (line, row) in table.rows() {
            let code = cell(row, c_code);
            if code.is_empty() {
                return Err(table.error(line, "empty major code"));
            }
            let major = Major {
                code: MajorCode(code.to_string()),
                name: cell(row, c_name).to_string(),
                catalogue,
                category: MajorCode(cell(row, c_cat).to_string()),
                class: MajorCode(cell(row, c_class).to_string()),
            };
            add_group(&mut self.groups, &mut self.classes_by_name, &major.class, cell(row, c_class_name));
            add_group(&mut self.groups, &mut self.categories_by_name, &major.category, cell(row, c_cat_name));
            push_unique(self.by_name.entry(major.name.clone()).or_default(), &major.code);
            self.majors.insert(major.code.clone(), major);
        }
        Ok(())
    }

    /// The major with this code.
    pub fn major(&self, code: &str) -> Option<&Major> {
        self.majors.get(code)
    }

    /// The 专业类 or 门类 with this code.
    pub fn group(&self, code: &str) -> Option<&MajorGroup> {
        self.groups.get(code)
    }

    /// Majors with exactly this name (one per catalogue at most).
    pub fn majors_named(&self, name: &str) -> &[MajorCode] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// 专业类 with exactly this name (计算机类).
    pub fn classes_named(&self, name: &str) -> &[MajorCode] {
        self.classes_by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// 专业类 of every catalogue whose name holds `word` (金融 → 金融学类, 金融类), by code.
    pub fn classes_containing(&self, word: &str) -> Vec<MajorCode> {
        let mut found: Vec<MajorCode> =
            self.classes_by_name.iter().filter(|(name, _)| name.contains(word)).flat_map(|(_, c)| c.clone()).collect();
        found.sort();
        found
    }

    /// Majors of every catalogue whose name holds `word`, by code.
    pub fn majors_containing(&self, word: &str) -> Vec<MajorCode> {
        let mut found: Vec<MajorCode> =
            self.by_name.iter().filter(|(name, _)| name.contains(word)).flat_map(|(_, c)| c.clone()).collect();
        found.sort();
        found
    }

    /// 门类 with exactly this name (工学).
    pub fn categories_named(&self, name: &str) -> &[MajorCode] {
        self.categories_by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every major, in code order.
    pub fn majors(&self) -> Vec<&Major> {
        let mut all: Vec<&Major> = self.majors.values().collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        all
    }

    /// Every 专业类 name, for free-text matching.
    pub fn class_names(&self) -> impl Iterator<Item = &str> {
        self.classes_by_name.keys().map(String::as_str)
    }

    /// Every major name, for free-text matching.
    pub fn major_names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
}

fn add_group(
    groups: &mut HashMap<MajorCode, MajorGroup>,
    by_name: &mut HashMap<String, Vec<MajorCode>>,
    code: &MajorCode,
    name: &str,
) {
    if code.0.is_empty() || name.is_empty() {
        return;
    }
    groups.entry(code.clone()).or_insert_with(|| MajorGroup { code: code.clone(), name: name.to_string() });
    push_unique(by_name.entry(name.to_string()).or_default(), code);
}

fn push_unique(codes: &mut Vec<MajorCode>, code: &MajorCode) {
    if !codes.contains(code) {
        codes.push(code.clone());
        codes.sort();
    }
}
