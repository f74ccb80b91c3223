//! Major requirements in free text ("计算机类", "会计学、财务管理等相关专业", "理工科") → catalogue codes.

use crate::model::{MajorCode, MajorRequirement};
use crate::taxonomy::MajorCatalogue;

const ANY_MAJOR: &[&str] = &["不限", "专业不限", "不限专业", "无", "无要求", "any"];
const TRAILING: &[&str] =
    &["等相关专业", "及相关专业", "相关专业", "等专业", "专业优先", "优先", "专业", "相关", "等", "方向"];
const BROAD: &[(&str, &[&str])] = &[("理工科", &["07", "08"]), ("理工类", &["07", "08"]), ("医学类", &["10"])];

/// Reads a list of majors, 专业类 and 门类. Pieces naming nothing in the catalogues are skipped when others
/// resolve; text that names nothing at all is an error.
pub fn parse_major_requirements(catalogue: &MajorCatalogue, text: &str) -> Result<Vec<MajorRequirement>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || ANY_MAJOR.iter().any(|w| trimmed.eq_ignore_ascii_case(w)) {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for piece in trimmed.split(is_list_separator) {
        resolve_piece(catalogue, strip_trailing(piece.trim()), &mut found);
    }
    if found.is_empty() {
        return Err(format!("no major, 专业类 or 门类 of the catalogues is named in `{trimmed}`"));
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn resolve_piece(catalogue: &MajorCatalogue, piece: &str, found: &mut Vec<MajorRequirement>) {
    if piece.is_empty() {
        return;
    }
    if piece.bytes().all(|b| b.is_ascii_alphanumeric()) {
        if catalogue.major(piece).is_some() {
            found.push(MajorRequirement::Major(MajorCode(piece.to_string())));
        } else if catalogue.group(piece).is_some() {
            let code = MajorCode(piece.to_string());
            found.push(if piece.len() <= 2 { MajorRequirement::Category(code) } else { MajorRequirement::Class(code) });
        }
        return;
    }
    if let Some((_, codes)) = BROAD.iter().find(|(word, _)| *word == piece) {
        found.extend(codes.iter().map(|c| MajorRequirement::Category(MajorCode((*c).to_string()))));
        return;
    }
    let majors = catalogue.majors_named(piece);
    if !majors.is_empty() {
        found.extend(majors.iter().cloned().map(MajorRequirement::Major));
        return;
    }
    let class_name = if piece.ends_with('类') { piece.to_string() } else { format!("{piece}类") };
    let classes = catalogue.classes_named(&class_name);
    if !classes.is_empty() {
        found.extend(classes.iter().cloned().map(MajorRequirement::Class));
        return;
    }
    let categories = catalogue.categories_named(piece);
    found.extend(categories.iter().cloned().map(MajorRequirement::Category));
}

fn strip_trailing(piece: &str) -> &str {
    let mut rest = piece;
    loop {
        let before = rest;
        for suffix in TRAILING {
            if let Some(stripped) = rest.strip_suffix(suffix) {
                rest = stripped;
            }
        }
        if rest == before {
            return rest;
        }
    }
}

fn is_list_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／' | '|' | '或')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;
    use proptest::prelude::*;

    fn codes(text: &str) -> Vec<String> {
        let reqs = parse_major_requirements(&Taxonomy::embedded().majors, text).unwrap();
        reqs.iter()
            .map(|r| match r {
                MajorRequirement::Major(c) => format!("m{c}"),
                MajorRequirement::Class(c) => format!("c{c}"),
                MajorRequirement::Category(c) => format!("g{c}"),
            })
            .collect()
    }

    #[test]
    fn reads_majors_classes_and_categories() {
        assert!(codes("计算机类").contains(&"c0809".to_string()));
        assert!(codes("计算机相关专业").contains(&"c0809".to_string()));
        let acc = codes("会计学、财务管理等相关专业");
        assert!(acc.contains(&"m120203K".to_string()), "{acc:?}");
        assert!(acc.contains(&"m120204".to_string()), "{acc:?}");
        assert_eq!(codes("理工科"), ["g07", "g08"]);
        assert_eq!(codes("工学"), ["g08"]);
        assert_eq!(codes("080901"), ["m080901"]);
        assert!(codes("专业不限").is_empty());
    }

    #[test]
    fn text_naming_no_major_is_an_error() {
        assert!(parse_major_requirements(&Taxonomy::embedded().majors, "吃苦耐劳").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,20}") {
            let _ = parse_major_requirements(&Taxonomy::embedded().majors, &text);
        }
    }
}
