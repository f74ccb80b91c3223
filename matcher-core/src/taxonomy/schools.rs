//! Hunan's higher-education institutions, with the 双一流 flag that marks the programme's non-priority schools.

use std::collections::HashMap;

use super::regions::RegionTable;
use super::table::{cell, Table};
use crate::error::Error;
use crate::model::{School, SchoolCode};

/// Hunan's schools by code.
#[derive(Debug, Clone, Default)]
pub struct SchoolTable {
    by_code: HashMap<SchoolCode, School>,
}

impl SchoolTable {
    pub(crate) fn load(text: &str, regions: &RegionTable) -> Result<SchoolTable, Error> {
        let table = Table::parse("hunan_universities.csv", text)?;
        let cols = ["school_code", "name", "level", "city", "double_first_class"].map(|c| table.column(c));
        let [c_code, c_name, c_level, c_city, c_dfc] = cols;
        let (c_code, c_name, c_level, c_city, c_dfc) = (c_code?, c_name?, c_level?, c_city?, c_dfc?);
        let mut by_code = HashMap::new();
        for (line, row) in table.rows() {
            // 国防科技大学 is a military academy without a Ministry of Education code: its name stands in.
            let raw_code = if cell(row, c_code).is_empty() { cell(row, c_name) } else { cell(row, c_code) };
            let code: SchoolCode = raw_code.parse().map_err(|e: Error| table.error(line, e.to_string()))?;
            let city_name = cell(row, c_city);
            // Hunan's schools: the city is a prefecture of Hunan, by its name or short name.
            let city = regions
                .named(city_name)
                .iter()
                .map(|(code, _)| *code)
                .find(|code| regions.is_hunan(*code) && code.is_prefecture())
                .ok_or_else(|| table.error(line, format!("unknown city `{city_name}`")))?;
            let school = School {
                code: code.clone(),
                name: cell(row, c_name).to_string(),
                undergraduate: cell(row, c_level) == "本科",
                city,
                double_first_class: cell(row, c_dfc) == "是",
            };
            by_code.insert(code, school);
        }
        Ok(SchoolTable { by_code })
    }

    /// The school with this code.
    pub fn get(&self, code: &SchoolCode) -> Option<&School> {
        self.by_code.get(code)
    }

    /// The school with this name (exactly, spaces trimmed).
    pub fn named(&self, name: &str) -> Option<&School> {
        let name = name.trim();
        self.by_code.values().find(|s| s.name == name)
    }

    /// Every school, in code order.
    pub fn all(&self) -> Vec<&School> {
        let mut all: Vec<&School> = self.by_code.values().collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        all
    }
}
