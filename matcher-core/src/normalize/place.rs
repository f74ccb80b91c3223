//! Free-text places of all of China → GB/T 2260 codes, as platforms write them: `广州-天河区`, `深圳 南山区`,
//! `深圳南山`, `北京市朝阳区`, `湖南省长沙市岳麓区`, `湘西州`, a city or a province alone, a code, `全国` /
//! `多地` / `异地` (anywhere: 全国), and lists of places (`长沙/株洲`: the smallest region holding them all).
//!
//! A text is read as whole names one after another (never a name inside a longer one: `雨花台区` is never
//! 雨花区), which must nest (`天津-河北区` is 天津's 河北区, not 河北省); a name several places share is decided
//! by the others (`北京-朝阳区`), by its official form over a short one, and by the higher level of two
//! short forms (`长沙` is 长沙市, not 长沙县). A name that stays ambiguous is an error naming its candidates;
//! names that do not nest (`长沙市雁峰区`) are an error, not a guess.

use crate::model::RegionCode;
use crate::taxonomy::{NameKind, RegionTable};

/// Texts that mean "anywhere" or "several places".
const ANYWHERE: &[&str] = &[
    "全国",
    "全国各地",
    "全国范围",
    "多地",
    "异地",
    "不限",
    "地点不限",
    "工作地点不限",
    "各地",
    "远程",
    "远程办公",
    "线上",
];
/// Words a place text may carry after its names, which name nothing.
const NOISE: &[&str] = &["市区", "城区", "周边", "附近", "及周边", "等地", "省内", "境内", "全市", "全省", "辖区"];

/// Reads a place written as a code or as names; see the module's description.
pub fn resolve_place(regions: &RegionTable, text: &str) -> Result<RegionCode, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty place".to_string());
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return resolve_code(regions, trimmed);
    }
    let items: Vec<&str> = trimmed.split(is_list_separator).map(str::trim).filter(|p| !p.is_empty()).collect();
    if items.len() > 1 {
        // Several places: the smallest region holding them all (全国 when none does).
        let mut codes = Vec::with_capacity(items.len());
        for item in &items {
            codes.push(resolve_path(regions, item)?);
        }
        return Ok(common_container(regions, &codes));
    }
    resolve_path(regions, trimmed)
}

/// A path of names (`广州-天河区`, `湖南省长沙市岳麓区`): the most specific place, every name nesting.
fn resolve_path(regions: &RegionTable, text: &str) -> Result<RegionCode, String> {
    let whole: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if ANYWHERE.contains(&whole.as_str()) {
        return Ok(RegionCode::nationwide());
    }
    let mut names: Vec<Vec<(RegionCode, NameKind)>> = Vec::new();
    for part in text.split(is_path_separator).map(str::trim).filter(|p| !p.is_empty()) {
        // A province's one-character 简称 (湘, 粤) is a name only when it is the whole part.
        let one = if part.chars().nth(1).is_none() { regions.named(part) } else { &[] };
        if !one.is_empty() {
            names.push(one.to_vec());
            continue;
        }
        if ANYWHERE.contains(&part) {
            continue;
        }
        names.extend(split_names(regions, part));
    }
    if names.is_empty() {
        return Err(format!("no place of China is named in `{text}`"));
    }
    choose(regions, text, &names)
}

/// The names a part is written with, one after another from its start; what follows the last name that
/// reads (a street, 麓谷) is left. Where several names start at a position, the longest is taken.
fn split_names(regions: &RegionTable, part: &str) -> Vec<Vec<(RegionCode, NameKind)>> {
    let longest = regions.longest_name();
    // Where each character starts, and the part's end: names are looked up as slices of the part.
    let at: Vec<usize> = part.char_indices().map(|(i, _)| i).chain([part.len()]).collect();
    let char_count = at.len() - 1;
    let mut found = Vec::new();
    let mut start = 0;
    while start < char_count {
        let max_len = longest.min(char_count - start);
        let mut matched = None;
        for len in (2..=max_len).rev() {
            let named = regions.named(&part[at[start]..at[start + len]]);
            if !named.is_empty() {
                matched = Some((len, named.to_vec()));
                break;
            }
        }
        match matched {
            Some((len, named)) => {
                found.push(named);
                start += len;
            }
            None => {
                let rest = &part[at[start]..];
                if !NOISE.iter().any(|noise| rest.starts_with(noise)) && found.is_empty() {
                    // Text before any name: nothing this part names can be trusted to be a place.
                    return Vec::new();
                }
                break;
            }
        }
    }
    found
}

/// Picks one region for each name so that they nest, preferring official names, then higher levels of short
/// forms; the most specific region of the best reading. Readings equally good whose results nest are read
/// as the larger (`吉林`: the province holds the city); others are ambiguous.
fn choose(regions: &RegionTable, text: &str, names: &[Vec<(RegionCode, NameKind)>]) -> Result<RegionCode, String> {
    // Every reading (one candidate per name), with its cost; few names and few candidates each.
    let mut readings: Vec<(Vec<RegionCode>, u32)> = vec![(Vec::new(), 0)];
    for candidates in names {
        let mut next = Vec::new();
        for (chosen, cost) in &readings {
            for &(code, kind) in candidates {
                let level = regions.get(code).map_or(0, |r| r.level as u32);
                // Official 0, short forms by level: a province's before a prefecture's before a county's.
                let kind_cost = match kind {
                    NameKind::Official => 0,
                    NameKind::Short => 1 + level,
                    NameKind::CountyShort => 4,
                };
                let mut path = chosen.clone();
                path.push(code);
                next.push((path, cost + kind_cost));
            }
        }
        if next.len() > 4096 {
            return Err(format!("`{text}` names too many places to read"));
        }
        readings = next;
    }
    let nested: Vec<(RegionCode, u32)> =
        readings.iter().filter_map(|(path, cost)| nest(regions, path).map(|most| (most, *cost))).collect();
    let Some(best) = nested.iter().map(|(_, cost)| *cost).min() else {
        let first: Vec<String> =
            names.iter().filter_map(|c| c.first()).map(|(code, _)| regions.path_name(*code)).collect();
        return Err(format!("`{text}` names places that do not contain each other ({})", first.join(", ")));
    };
    let mut results: Vec<RegionCode> = nested.iter().filter(|(_, cost)| *cost == best).map(|(c, _)| *c).collect();
    results.sort();
    results.dedup();
    if let Some(&outer) = results.iter().find(|&&outer| results.iter().all(|&r| regions.contains(outer, r))) {
        return Ok(outer);
    }
    let shown: Vec<String> = results.iter().map(|c| format!("{} ({c})", regions.path_name(*c))).collect();
    Err(format!("`{text}` may be any of {}: name the city or province too", shown.join(", ")))
}

/// The most specific region of a path whose regions all nest, or `None`.
fn nest(regions: &RegionTable, path: &[RegionCode]) -> Option<RegionCode> {
    let mut most = *path.first()?;
    for &code in &path[1..] {
        if regions.contains(most, code) {
            most = code;
        } else if !regions.contains(code, most) {
            return None;
        }
    }
    Some(most)
}

/// The smallest region holding every code (全国 when no province holds them all).
fn common_container(regions: &RegionTable, codes: &[RegionCode]) -> RegionCode {
    let Some(&first) = codes.first() else { return RegionCode::nationwide() };
    let mut candidate = Some(first);
    while let Some(outer) = candidate {
        if codes.iter().all(|&c| regions.contains(outer, c)) {
            return outer;
        }
        candidate = regions.get(outer).and_then(|r| r.parent);
    }
    RegionCode::nationwide()
}

fn resolve_code(regions: &RegionTable, digits: &str) -> Result<RegionCode, String> {
    let code: RegionCode = digits.parse().map_err(|e: crate::Error| e.to_string())?;
    if regions.get(code).is_some() {
        return Ok(code);
    }
    Err(format!("{code} is not a GB/T 2260 region code"))
}

/// What separates the levels of one place (`广州-天河区`, `长沙 岳麓区`).
fn is_path_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '－' | '—' | '–' | '·' | '•' | '>' | '＞' | '(' | ')' | '（' | '）' | '_' | '|')
}

/// What separates several places (`长沙/株洲`, `长沙、株洲`).
fn is_list_separator(c: char) -> bool {
    matches!(c, '/' | '／' | ',' | '，' | '、' | ';' | '；' | '+')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{RegionLevel, Taxonomy};
    use proptest::prelude::*;

    fn place(text: &str) -> Result<String, String> {
        resolve_place(&Taxonomy::embedded().regions, text).map(|c| c.to_string())
    }

    #[test]
    fn reads_the_ways_places_are_written() {
        for (text, code) in [
            ("长沙-岳麓区", "430104"),
            ("岳麓区", "430104"),
            ("长沙市", "430100"),
            ("长沙", "430100"),
            ("湘西州", "433100"),
            ("湘西土家族苗族自治州吉首市", "433101"),
            ("湖南省长沙市岳麓区", "430104"),
            ("长沙县", "430121"),
            ("湖南省", "430000"),
            ("新疆", "650000"),
            ("西藏自治区", "540000"),
            ("430104", "430104"),
            ("城步", "430529"),
            ("广州-天河区", "440106"),
            ("深圳-南山区", "440305"),
            ("广州", "440100"),
            ("上海-浦东新区", "310115"),
            ("南京-雨花台区", "320114"),
            ("天津-河北区", "120105"),
            ("深圳南山", "440305"),
            ("北京市朝阳区", "110105"),
            ("北京-朝阳区", "110105"),
            ("深圳 南山区", "440305"),
            // Names followed by characters of other widths, which are left.
            ("长沙市A座", "430100"),
            ("长沙市岳麓区B2栋", "430104"),
            ("湖南省·长沙市", "430100"),
            ("全国", "000000"),
            ("多地", "000000"),
            ("异地", "000000"),
            ("株洲县", "430212"),
            ("户县", "610118"),
            ("长沙市麓谷", "430104"),
            // Areas that are no division but that postings name as their place.
            ("湘江新区", "430100"),
            ("湖南湘江新区", "430100"),
            ("长沙市湘江新区", "430100"),
            ("长沙-湘江新区-麓谷", "430104"),
            ("岳麓区麓谷", "430104"),
            ("星沙", "430121"),
            ("长沙县星沙街道", "430121"),
            ("长沙暮云", "430103"),
            ("马栏山", "430105"),
            ("广州-天河区-珠江新城", "440106"),
            ("湘", "430000"),
            ("长沙/株洲", "430000"),
            ("北京/上海", "000000"),
            ("吉林", "220000"),
            ("吉林-船营区", "220204"),
            ("河北", "130000"),
            ("仙桃", "429004"),
            ("内蒙", "150000"),
            ("440106", "440106"),
        ] {
            assert_eq!(place(text).as_deref(), Ok(code), "{text}");
        }
    }

    #[test]
    fn rejects_unknown_contradictory_and_ambiguous_places() {
        assert!(place("").is_err());
        assert!(place("火星").is_err());
        assert!(place("长沙市雁峰区").unwrap_err().contains("do not contain"));
        assert!(place("439999").is_err());
        assert!(place("12").is_err());
        let ambiguous = place("朝阳区").unwrap_err();
        assert!(ambiguous.contains("110105") && ambiguous.contains("220104"), "{ambiguous}");
        assert!(place("鼓楼区").unwrap_err().contains("name the city"));
    }

    #[test]
    fn every_county_is_found_under_its_city_and_never_inside_a_longer_name() {
        let regions = &Taxonomy::embedded().regions;
        let mut wrong = Vec::new();
        let counties: Vec<_> = regions.all().into_iter().filter(|r| r.level == RegionLevel::County).collect();
        assert!(counties.len() > 2800);
        for county in counties {
            let Some(parent) = county.parent.and_then(|p| regions.get(p)) else {
                continue;
            };
            for text in [format!("{}{}", parent.name, county.name), format!("{}-{}", parent.name, county.name)] {
                match resolve_place(regions, &text) {
                    Ok(code) if code == county.code => {}
                    other => wrong.push(format!("{text} → {other:?}, expected {}", county.code)),
                }
            }
            // Alone, a county's full name is itself or reported as ambiguous: never another division.
            if let Ok(code) = resolve_place(regions, &county.name) {
                if code != county.code {
                    wrong.push(format!("{} → {code}, expected {}", county.name, county.code));
                }
            }
        }
        assert!(wrong.is_empty(), "{} wrong, e.g. {:#?}", wrong.len(), &wrong[..wrong.len().min(20)]);
    }

    proptest! {
        #[test]
        fn never_panics_and_answers_only_known_codes(text in "\\PC{0,24}") {
            let regions = &Taxonomy::embedded().regions;
            if let Ok(code) = resolve_place(regions, &text) {
                prop_assert!(regions.get(code).is_some());
            }
        }
    }
}
