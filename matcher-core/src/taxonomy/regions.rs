//! GB/T 2260 regions: Hunan's 14 prefectures and 122 counties with coordinates, and the other provinces.

use std::collections::HashMap;

use serde::Serialize;

use super::table::{cell, Table};
use crate::error::Error;
use crate::model::RegionCode;

/// The level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省级.
    Province,
    /// 市州.
    Prefecture,
    /// 县区.
    County,
}

/// One region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// GB/T 2260 code.
    pub code: RegionCode,
    /// Official name (长沙市, 岳麓区).
    pub name: String,
    /// Level.
    pub level: RegionLevel,
    /// Longitude and latitude, where known (all of Hunan).
    pub coordinates: Option<(f64, f64)>,
}

/// All regions, with a name index for reading free-text places.
#[derive(Debug, Clone)]
pub struct RegionTable {
    by_code: HashMap<RegionCode, Region>,
    aliases: HashMap<String, RegionCode>,
    longest_alias: usize,
}

/// Ethnic words that autonomous counties and prefectures carry between the place name and 自治县/州.
const ETHNIC_MARKERS: &[&str] = &["土家族", "苗族", "侗族", "瑶族", "回族", "维吾尔", "壮族"];

impl RegionTable {
    pub(crate) fn load(hunan_csv: &str, provinces_csv: &str) -> Result<RegionTable, Error> {
        let mut by_code = HashMap::new();
        let hunan = Table::parse("hunan_regions.csv", hunan_csv)?;
        let (c_code, c_name, c_level) = (hunan.column("code")?, hunan.column("name")?, hunan.column("level")?);
        let (c_lon, c_lat) = (hunan.column("longitude")?, hunan.column("latitude")?);
        for (line, row) in hunan.rows() {
            let code: RegionCode = cell(row, c_code).parse().map_err(|e: Error| hunan.error(line, e.to_string()))?;
            let level = match cell(row, c_level) {
                "province" => RegionLevel::Province,
                "city" => RegionLevel::Prefecture,
                "county" => RegionLevel::County,
                other => return Err(hunan.error(line, format!("unknown level `{other}`"))),
            };
            let lon = cell(row, c_lon).parse::<f64>().ok();
            let lat = cell(row, c_lat).parse::<f64>().ok();
            let coordinates = lon.zip(lat);
            by_code.insert(code, Region { code, name: cell(row, c_name).to_string(), level, coordinates });
        }
        let provinces = Table::parse("provinces.csv", provinces_csv)?;
        let (p_code, p_name) = (provinces.column("code")?, provinces.column("name")?);
        for (line, row) in provinces.rows() {
            let code: RegionCode =
                cell(row, p_code).parse().map_err(|e: Error| provinces.error(line, e.to_string()))?;
            by_code.entry(code).or_insert_with(|| Region {
                code,
                name: cell(row, p_name).to_string(),
                level: RegionLevel::Province,
                coordinates: None,
            });
        }
        let aliases = build_aliases(&by_code);
        let longest_alias = aliases.keys().map(|a| a.chars().count()).max().unwrap_or(0);
        Ok(RegionTable { by_code, aliases, longest_alias })
    }

    /// The region with this code, if it is in the table.
    pub fn get(&self, code: RegionCode) -> Option<&Region> {
        self.by_code.get(&code)
    }

    /// True if `code` is a region of Hunan.
    pub fn is_hunan(&self, code: RegionCode) -> bool {
        code.province().get() == 430_000
    }

    /// The name to show for a code: the region's own name, or its province's for unlisted codes.
    pub fn display_name(&self, code: RegionCode) -> String {
        if let Some(region) = self.get(code) {
            return region.name.clone();
        }
        match self.get(code.province()) {
            Some(province) => format!("{}（{}）", province.name, code),
            None => code.to_string(),
        }
    }

    /// The names of a code with its parents, most general first (湖南省 长沙市 岳麓区).
    pub fn path_name(&self, code: RegionCode) -> String {
        let mut parts = Vec::new();
        for level in [code.province(), code.prefecture(), code] {
            if let Some(region) = self.get(level) {
                if parts.last() != Some(&region.name) {
                    parts.push(region.name.clone());
                }
            }
        }
        if parts.is_empty() {
            return self.display_name(code);
        }
        parts.join("")
    }

    /// Every Hunan region of a level, sorted by code.
    pub fn hunan(&self, level: RegionLevel) -> Vec<&Region> {
        let mut regions: Vec<&Region> =
            self.by_code.values().filter(|r| r.level == level && self.is_hunan(r.code)).collect();
        regions.sort_by_key(|r| r.code);
        regions
    }

    /// Great-circle distance between two regions in km, when both have coordinates.
    pub fn distance_km(&self, a: RegionCode, b: RegionCode) -> Option<f64> {
        let (lon1, lat1) = self.get(a)?.coordinates?;
        let (lon2, lat2) = self.get(b)?.coordinates?;
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        Some(2.0 * 6371.0 * h.sqrt().asin())
    }

    pub(crate) fn alias(&self, text: &str) -> Option<RegionCode> {
        self.aliases.get(text).copied()
    }

    pub(crate) fn longest_alias(&self) -> usize {
        self.longest_alias
    }
}

/// Names a place is written by: the official name, and a short form where it is unambiguous
/// (长沙市 → 长沙, 岳麓区 → 岳麓, 湘西土家族苗族自治州 → 湘西 / 湘西州, 新疆维吾尔自治区 → 新疆).
fn build_aliases(by_code: &HashMap<RegionCode, Region>) -> HashMap<String, RegionCode> {
    let mut aliases: HashMap<String, RegionCode> = HashMap::new();
    let mut short: HashMap<String, Vec<RegionCode>> = HashMap::new();
    for region in by_code.values() {
        aliases.insert(region.name.clone(), region.code);
        for form in short_forms(&region.name) {
            short.entry(form).or_default().push(region.code);
        }
    }
    // A short form is used only when one region claims it and no official name is spelled that way.
    let mut forms: Vec<(String, Vec<RegionCode>)> = short.into_iter().collect();
    forms.sort();
    for (form, codes) in forms {
        if codes.len() == 1 && !aliases.contains_key(&form) {
            aliases.insert(form, codes[0]);
        } else if codes.len() > 1 {
            // 长沙 is both 长沙市 and 长沙县: the prefecture wins, as people mean it.
            if let Some(prefecture) = codes.iter().copied().filter(|c| c.is_prefecture() || c.is_province()).min() {
                aliases.entry(form).or_insert(prefecture);
            }
        }
    }
    aliases
}

fn short_forms(name: &str) -> Vec<String> {
    let mut forms = Vec::new();
    let mut stem = name;
    for marker in ETHNIC_MARKERS {
        if let Some(at) = stem.find(marker) {
            stem = &stem[..at];
        }
    }
    for suffix in ["特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "州"] {
        if let Some(rest) = stem.strip_suffix(suffix) {
            stem = rest;
            break;
        }
    }
    if stem.chars().count() >= 2 && stem != name {
        forms.push(stem.to_string());
        if name.ends_with("自治州") {
            forms.push(format!("{stem}州"));
        }
    }
    forms
}
