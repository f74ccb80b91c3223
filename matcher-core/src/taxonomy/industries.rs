//! GB/T 4754-2017 国民经济行业分类: 门类 letters and 大类/中类/小类 digit codes.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::table::{cell, Table};
use crate::error::Error;
use crate::model::IndustryCode;
use crate::stable_hash;

/// One industry entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Industry {
    /// Code (I, 65, 651, 6510).
    pub code: IndustryCode,
    /// 1 = 门类, 2 = 大类, 3 = 中类, 4 = 小类.
    pub level: u8,
    /// Name.
    pub name: String,
    /// The 门类 letter it belongs to.
    pub section: char,
}

/// The industry classification.
#[derive(Debug, Clone, Default)]
pub struct IndustryTable {
    by_code: HashMap<String, Industry>,
    by_name: HashMap<String, IndustryCode>,
    /// Labels as job sites and platforms write them (计算机软件, 互联网/电子商务), by their folded form.
    labels: HashMap<String, IndustryCode>,
    /// The codes' levels and sections, hashed when first asked for: what was derived from them and kept in a
    /// file is known to be stale when the table changes.
    fingerprint: OnceLock<u64>,
}

impl IndustryTable {
    pub(crate) fn load(text: &str) -> Result<IndustryTable, Error> {
        let table = Table::parse("industry_gbt4754_2017_full.csv", text)?;
        let (c_code, c_level, c_name, c_section) =
            (table.column("code")?, table.column("level")?, table.column("name")?, table.column("section")?);
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        for (line, row) in table.rows() {
            let code = cell(row, c_code).to_string();
            let level: u8 = cell(row, c_level).parse().map_err(|_| table.error(line, "level is not a number"))?;
            let section = cell(row, c_section).chars().next().ok_or_else(|| table.error(line, "no section"))?;
            let name = cell(row, c_name).to_string();
            // The coarsest entry keeps a name shared by several levels (a 中类 folded into its 小类).
            by_name.entry(name.clone()).or_insert_with(|| IndustryCode(code.clone()));
            let existing_level = by_code.get(&code).map(|i: &Industry| i.level);
            if existing_level.is_none_or(|l| l > level) {
                by_code.insert(code.clone(), Industry { code: IndustryCode(code), level, name, section });
            }
        }
        Ok(IndustryTable { by_code, by_name, labels: HashMap::new(), fingerprint: OnceLock::new() })
    }

    /// A hash of every code with its level and section (stable across processes): what a code's section and
    /// lineage depend on. Names and labels are not in it.
    pub(crate) fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            let mut entries: Vec<&Industry> = self.by_code.values().collect();
            entries.sort_unstable_by(|a, b| a.code.cmp(&b.code));
            entries.iter().fold(stable_hash::EMPTY, |hash, entry| {
                let hash = stable_hash::fnv1a_part(hash, entry.code.as_str());
                let hash = stable_hash::fnv1a(hash, &[entry.level]);
                stable_hash::fnv1a(hash, &u32::from(entry.section).to_le_bytes())
            })
        })
    }

    /// Adds the platforms' labels (`industry_labels.csv`: label, code).
    pub(crate) fn load_labels(&mut self, text: &str) -> Result<(), Error> {
        let table = Table::parse("industry_labels.csv", text)?;
        let (c_label, c_code) = (table.column("label")?, table.column("code")?);
        for (line, row) in table.rows() {
            let code = cell(row, c_code);
            let entry = self.by_code.get(code).ok_or_else(|| table.error(line, format!("no industry {code}")))?;
            self.labels.insert(fold(cell(row, c_label)), entry.code.clone());
        }
        Ok(())
    }

    /// The industry a platform's label stands for (计算机软件 → 65), compared without spaces, brackets or case.
    pub fn label(&self, text: &str) -> Option<IndustryCode> {
        self.labels.get(&fold(text)).cloned()
    }

    /// The entry with this code; accepts a 门类 prefix on digit codes (I6513 → 6513).
    pub fn get(&self, code: &str) -> Option<&Industry> {
        let trimmed = code.trim();
        if let Some(found) = self.by_code.get(trimmed) {
            return Some(found);
        }
        let mut chars = trimmed.chars();
        let first = chars.next()?;
        let rest = chars.as_str();
        let entry = self.by_code.get(rest)?;
        (first.to_ascii_uppercase() == entry.section).then_some(entry)
    }

    /// The entry with exactly this name.
    pub fn named(&self, name: &str) -> Option<&Industry> {
        self.by_name.get(name.trim()).and_then(|code| self.by_code.get(code.as_str()))
    }

    /// The code of an industry given by code (I6513, 6513) or by exact name, or the reason it is none.
    pub fn resolve(&self, text: &str) -> Result<IndustryCode, String> {
        let found = self.get(text).or_else(|| self.named(text));
        found.map(|i| i.code.clone()).ok_or_else(|| format!("`{}` is not a GB/T 4754-2017 code or name", text.trim()))
    }

    /// The code and its ancestors, most general first (6513 → I, 65, 651, 6513).
    pub fn lineage(&self, code: &IndustryCode) -> Vec<IndustryCode> {
        let Some(entry) = self.by_code.get(code.as_str()) else {
            return vec![code.clone()];
        };
        let mut out = vec![IndustryCode(entry.section.to_string())];
        let digits = if entry.level == 1 { "" } else { code.as_str() };
        for len in 2..=digits.len() {
            let prefix = &digits[..len];
            if self.by_code.contains_key(prefix) {
                out.push(IndustryCode(prefix.to_string()));
            }
        }
        out.dedup();
        out
    }

    /// Every entry of a level, in code order.
    pub fn at_level(&self, level: u8) -> Vec<&Industry> {
        let mut all: Vec<&Industry> = self.by_code.values().filter(|i| i.level == level).collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        all
    }
}

/// A label folded for comparison: no spaces, full-width forms as ASCII, lower case.
fn fold(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            '，' => ',',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_codes_levels_and_sections_not_row_order_or_names() {
        let table = |text: &str| IndustryTable::load(text).expect("table").fingerprint();
        let header = "code,level,name,section\n";
        let base = table(&format!("{header}I,1,信息,I\n65,2,软件,I\n651,3,软件开发,I\n"));
        assert_eq!(base, table(&format!("{header}651,3,软件开发,I\n65,2,软件,I\nI,1,信息,I\n")));
        assert_eq!(base, table(&format!("{header}I,1,信息传输,I\n65,2,软件和信息技术服务业,I\n651,3,软件开发,I\n")));
        assert_ne!(base, table(&format!("{header}I,1,信息,I\n65,2,软件,J\n651,3,软件开发,I\n")));
        assert_ne!(base, table(&format!("{header}I,1,信息,I\n65,2,软件,I\n")));
        assert_ne!(base, table(&format!("{header}I,1,信息,I\n65,2,软件,I\n651,4,软件开发,I\n")));
    }
}
