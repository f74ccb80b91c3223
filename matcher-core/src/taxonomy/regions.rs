//! GB/T 2260 regions of all of China: 34 provinces, 333 prefectures, 2,846 counties, with coordinates, the
//! hierarchy, and every name a place is written by: official names, short forms (长沙, 湘西, 南山), the
//! provinces' 简称 (湘, 粤), common forms (内蒙) and former names still in use (株洲县 → 渌口区). A name several
//! places share keeps all of them: the reader of a place text picks the one the other names agree with.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::geo::GeoPoint;
use super::table::{cell, Table};
use crate::error::Error;
use crate::model::RegionCode;

/// The level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省级 (and 全国, the code for "anywhere").
    Province,
    /// 地级: 市, 地区, 自治州, 盟.
    Prefecture,
    /// 县级: 区, 县, 县级市, 旗.
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
    /// The region it belongs to (a municipality's districts belong to the municipality).
    pub parent: Option<RegionCode>,
    /// Longitude and latitude.
    pub coordinates: Option<(f64, f64)>,
}

/// How a name names a region: its official name beats a short form, a higher level's short form beats a
/// lower level's (长沙 is 长沙市 before 长沙县).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NameKind {
    /// The official name, or a former official name.
    Official,
    /// A short form of a province or prefecture (广西, 长沙, 湘西州), or a province's 简称 or common form.
    Short,
    /// A short form of a county (岳麓, 南山).
    CountyShort,
}

/// All regions, with a name index for reading free-text places.
#[derive(Debug, Clone)]
pub struct RegionTable {
    /// By code, with a fast hash of the code's number (the codes are the table's own, not a client's): every
    /// student's view of every posting place looks regions up here.
    by_code: FxHashMap<RegionCode, Region>,
    names: FxHashMap<String, Vec<(RegionCode, NameKind)>>,
    longest_name: usize,
}

/// Ethnic words that autonomous areas carry between the place name and 自治州/县/旗.
const ETHNIC_MARKERS: &[&str] = &[
    "土家族",
    "苗族",
    "侗族",
    "瑶族",
    "回族",
    "维吾尔",
    "壮族",
    "彝族",
    "藏族",
    "蒙古族",
    "哈萨克",
    "傣族",
    "白族",
    "哈尼族",
    "布依族",
    "朝鲜族",
    "满族",
    "黎族",
    "羌族",
    "傈僳族",
    "景颇族",
    "柯尔克孜",
    "达斡尔族",
    "仫佬族",
    "毛南族",
    "仡佬族",
    "水族",
    "土族",
    "撒拉族",
    "东乡族",
    "保安族",
    "裕固族",
    "锡伯族",
    "鄂温克族",
    "鄂伦春",
    "畲族",
    "拉祜族",
    "佤族",
    "纳西族",
    "普米族",
    "怒族",
    "独龙族",
    "各族",
];

impl RegionTable {
    /// Reads the regions (`china_regions.csv`), their short forms (`china_region_aliases.csv`) and former
    /// names (`region_former_names.csv`).
    pub(crate) fn load(regions_csv: &str, aliases_csv: &str, former_csv: &str) -> Result<RegionTable, Error> {
        let mut by_code = FxHashMap::default();
        let table = Table::parse("china_regions.csv", regions_csv)?;
        let (c_code, c_name, c_level) = (table.column("code")?, table.column("name")?, table.column("level")?);
        let c_parent = table.column("parent_code")?;
        let (c_lon, c_lat) = (table.column("longitude")?, table.column("latitude")?);
        for (line, row) in table.rows() {
            let code: RegionCode = cell(row, c_code).parse().map_err(|e: Error| table.error(line, e.to_string()))?;
            let level = match cell(row, c_level) {
                "province" => RegionLevel::Province,
                "city" => RegionLevel::Prefecture,
                "county" => RegionLevel::County,
                other => return Err(table.error(line, format!("unknown level `{other}`"))),
            };
            let parent = match cell(row, c_parent) {
                "" => None,
                text => Some(text.parse().map_err(|e: Error| table.error(line, e.to_string()))?),
            };
            let lon = cell(row, c_lon).parse::<f64>().ok();
            let lat = cell(row, c_lat).parse::<f64>().ok();
            let region = Region { code, name: cell(row, c_name).to_string(), level, parent, coordinates: lon.zip(lat) };
            by_code.insert(code, region);
        }
        let nationwide = RegionCode::nationwide();
        let region = Region {
            code: nationwide,
            name: "全国".to_string(),
            level: RegionLevel::Province,
            parent: None,
            coordinates: None,
        };
        by_code.insert(nationwide, region);
        let mut names: FxHashMap<String, Vec<(RegionCode, NameKind)>> = FxHashMap::default();
        let mut add = |name: &str, code: RegionCode, kind: NameKind| {
            let entry = names.entry(name.to_string()).or_default();
            match entry.iter_mut().find(|(c, _)| *c == code) {
                Some((_, known)) => *known = (*known).min(kind),
                None => entry.push((code, kind)),
            }
        };
        for region in by_code.values() {
            if region.code == nationwide {
                continue;
            }
            add(&region.name, region.code, NameKind::Official);
            let kind = if region.level == RegionLevel::County { NameKind::CountyShort } else { NameKind::Short };
            for form in short_forms(&region.name) {
                add(&form, region.code, kind);
            }
        }
        let aliases = Table::parse("china_region_aliases.csv", aliases_csv)?;
        let (a_code, a_alias) = (aliases.column("code")?, aliases.column("alias")?);
        for (line, row) in aliases.rows() {
            let code: RegionCode = cell(row, a_code).parse().map_err(|e: Error| aliases.error(line, e.to_string()))?;
            let level = by_code.get(&code).map(|r| r.level).ok_or_else(|| aliases.error(line, "no such region"))?;
            let kind = if level == RegionLevel::County { NameKind::CountyShort } else { NameKind::Short };
            add(cell(row, a_alias), code, kind);
        }
        let former = Table::parse("region_former_names.csv", former_csv)?;
        let (f_name, f_code) = (former.column("former_name")?, former.column("code")?);
        for (line, row) in former.rows() {
            let code: RegionCode = cell(row, f_code).parse().map_err(|e: Error| former.error(line, e.to_string()))?;
            if !by_code.contains_key(&code) {
                return Err(former.error(line, format!("no region {code}")));
            }
            add(cell(row, f_name), code, NameKind::Official);
        }
        let longest_name = names.keys().map(|a| a.chars().count()).max().unwrap_or(0);
        Ok(RegionTable { by_code, names, longest_name })
    }

    /// Every division, in code order.
    pub fn all(&self) -> Vec<&Region> {
        let mut all: Vec<&Region> = self.by_code.values().collect();
        all.sort_by_key(|r| r.code);
        all
    }

    /// The region with this code, if it is in the table.
    pub fn get(&self, code: RegionCode) -> Option<&Region> {
        self.by_code.get(&code)
    }

    /// True if `code` is a region of Hunan.
    pub fn is_hunan(&self, code: RegionCode) -> bool {
        code.province().get() == 430_000
    }

    /// True when `outer` is `inner` or holds it (全国 holds every place).
    pub fn contains(&self, outer: RegionCode, inner: RegionCode) -> bool {
        if outer == inner || outer == RegionCode::nationwide() {
            return true;
        }
        let mut at = self.get(inner).and_then(|r| r.parent);
        while let Some(code) = at {
            if code == outer {
                return true;
            }
            at = self.get(code).and_then(|r| r.parent);
        }
        false
    }

    /// The name to show for a code.
    pub fn display_name(&self, code: RegionCode) -> String {
        match self.get(code) {
            Some(region) => region.name.clone(),
            None => code.to_string(),
        }
    }

    /// The names of a code with its parents, most general first (湖南省长沙市岳麓区).
    pub fn path_name(&self, code: RegionCode) -> String {
        let mut out = String::new();
        self.write_path_name(code, &mut out);
        out
    }

    /// [`RegionTable::path_name`], written at the end of `out`.
    pub fn write_path_name(&self, code: RegionCode, out: &mut String) {
        // A code has at most three levels above the country; the bound keeps a malformed table finite.
        let mut names: [&str; 8] = [""; 8];
        let mut depth = 0;
        let mut at = Some(code);
        while let Some(current) = at {
            let Some(region) = self.get(current) else { break };
            if depth == names.len() {
                break;
            }
            names[depth] = &region.name;
            depth += 1;
            at = region.parent;
        }
        if depth == 0 {
            out.push_str(&self.display_name(code));
        }
        for name in names[..depth].iter().rev() {
            out.push_str(name);
        }
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
        Some(self.point(a)?.distance_km(&self.point(b)?))
    }

    /// A region's centre ready for distances, when it has coordinates.
    pub fn point(&self, code: RegionCode) -> Option<GeoPoint> {
        let (lon, lat) = self.get(code)?.coordinates?;
        Some(GeoPoint::new(lon, lat))
    }

    /// The regions a name may mean, with how it names each.
    pub(crate) fn named(&self, name: &str) -> &[(RegionCode, NameKind)] {
        self.names.get(name).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn longest_name(&self) -> usize {
        self.longest_name
    }
}

/// Short forms of an official name: without the ethnic words and the suffix (岳麓区 → 岳麓, 湘西土家族苗族自治州
/// → 湘西 and 湘西州, 新疆维吾尔自治区 → 新疆), when at least two characters are left.
fn short_forms(name: &str) -> Vec<String> {
    let mut forms = Vec::new();
    let mut stem = name;
    for suffix in [
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "地区",
        "林区",
        "特区",
        "省",
        "市",
        "区",
        "县",
        "州",
        "盟",
        "旗",
    ] {
        if let Some(rest) = stem.strip_suffix(suffix) {
            stem = rest;
            break;
        }
    }
    let mut cut = stem.len();
    for marker in ETHNIC_MARKERS {
        if let Some(at) = stem.find(marker) {
            cut = cut.min(at);
        }
    }
    let stem = &stem[..cut];
    if stem.chars().count() >= 2 && stem != name {
        forms.push(stem.to_string());
        if name.ends_with("自治州") {
            forms.push(format!("{stem}州"));
        }
    }
    forms
}
