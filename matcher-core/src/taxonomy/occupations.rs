//! 中华人民共和国职业分类大典 (2022): 大类 / 中类 / 小类 / 细类 with definitions, tasks and common titles.

use std::collections::HashMap;

use serde::Serialize;

use super::table::{cell, Table};
use crate::error::Error;
use crate::model::OccupationCode;

/// One occupation entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occupation {
    /// Code `d-dd-dd-dd`.
    pub code: OccupationCode,
    /// 1 = 大类, 2 = 中类, 3 = 小类, 4 = 细类.
    pub level: u8,
    /// Name, without the edition's S (数字职业) / L (绿色职业) marks.
    pub name: String,
    /// Definition (细类 only).
    pub definition: String,
    /// Main tasks (细类 only).
    pub tasks: String,
    /// Titles the occupation is published under (设备工程师, PLC工程师 …).
    pub aliases: Vec<String>,
}

/// The occupational classification.
#[derive(Debug, Clone, Default)]
pub struct OccupationTable {
    by_code: HashMap<String, Occupation>,
    order: Vec<String>,
}

impl OccupationTable {
    pub(crate) fn load(text: &str) -> Result<OccupationTable, Error> {
        let table = Table::parse("occupations_csco2022.csv", text)?;
        let cols = ["level", "code", "name", "definition", "tasks", "alias"].map(|c| table.column(c));
        let [c_level, c_code, c_name, c_def, c_tasks, c_alias] = cols;
        let (c_level, c_code, c_name, c_def, c_tasks, c_alias) =
            (c_level?, c_code?, c_name?, c_def?, c_tasks?, c_alias?);
        let mut by_code = HashMap::new();
        let mut order = Vec::new();
        for (line, row) in table.rows() {
            let code = cell(row, c_code).to_string();
            if !is_occupation_code(&code) {
                return Err(table.error(line, format!("bad occupation code `{code}`")));
            }
            let level: u8 = cell(row, c_level).parse().map_err(|_| table.error(line, "level is not a number"))?;
            let name = strip_edition_mark(cell(row, c_name)).to_string();
            let aliases = cell(row, c_alias)
                .split(',')
                .map(|a| strip_edition_mark(a.trim()).to_string())
                .filter(|a| !a.is_empty() && *a != name)
                .collect();
            let occupation = Occupation {
                code: OccupationCode(code.clone()),
                level,
                name,
                definition: cell(row, c_def).to_string(),
                tasks: cell(row, c_tasks).to_string(),
                aliases,
            };
            if by_code.insert(code.clone(), occupation).is_none() {
                order.push(code);
            }
        }
        Ok(OccupationTable { by_code, order })
    }

    /// The entry with this code.
    pub fn get(&self, code: &str) -> Option<&Occupation> {
        self.by_code.get(code.trim())
    }

    /// The code of an occupation given by code, or the reason it is none.
    pub fn resolve(&self, text: &str) -> Result<OccupationCode, String> {
        let trimmed = text.trim();
        if !is_occupation_code(trimmed) {
            return Err(format!("`{trimmed}` is not shaped like a 职业分类大典 code (2-02-10-03)"));
        }
        self.get(trimmed).map(|o| o.code.clone()).ok_or_else(|| format!("`{trimmed}` is not in the 2022 职业分类大典"))
    }

    /// Every entry, in the classification's order.
    pub fn all(&self) -> impl Iterator<Item = &Occupation> {
        self.order.iter().filter_map(|code| self.by_code.get(code))
    }
}

/// True for a code shaped `d-dd-dd-dd`.
pub fn is_occupation_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if matches!(i, 1 | 4 | 7) { *b == b'-' } else { b.is_ascii_digit() })
}

/// The code cut to a level: 2 keeps `d-dd`, 3 keeps `d-dd-dd`, 4 keeps the whole code.
pub fn occupation_prefix(code: &str, level: u8) -> &str {
    let len = match level {
        1 => 1,
        2 => 4,
        3 => 7,
        _ => 10,
    };
    code.get(..len).unwrap_or(code)
}

fn strip_edition_mark(name: &str) -> &str {
    name.strip_suffix('S').or_else(|| name.strip_suffix('L')).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_and_cut_by_level() {
        assert!(is_occupation_code("2-02-10-03"));
        assert!(!is_occupation_code("2-02-10-3"));
        assert!(!is_occupation_code("2-02-10-0x"));
        assert_eq!(occupation_prefix("2-02-10-03", 3), "2-02-10");
        assert_eq!(occupation_prefix("2-02-10-03", 2), "2-02");
    }
}
