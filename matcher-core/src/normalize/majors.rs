//! Major requirements as platforms write them → catalogue codes: majors (`会计学、财务管理等相关专业`), 专业类
//! (`计算机类`), 门类 (`工学`, `理工科`), codes, a discipline word meaning the 专业类 of every catalogue that carry
//! it (`金融相关专业`: 本科 金融学类 and 高职 金融类; `通信或IT相关专业`), lists joined by `、，,；;/` and by
//! `和 与 及 以及 或` where a name does not hold them (`电子科学与技术` stays whole), headings (`电子与通信类：
//! 通信工程、…`), and `优先`: what a posting prefers, kept apart from what it requires.

use crate::model::{MajorCode, MajorRequirement};
use crate::taxonomy::MajorCatalogue;

/// What a posting asks of a candidate's major.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MajorRequirements {
    /// Majors, classes or categories required (empty: any major).
    pub required: Vec<MajorRequirement>,
    /// Preferred (`…优先`): a soft signal, never a filter.
    pub preferred: Vec<MajorRequirement>,
}

const ANY_MAJOR: &[&str] = &["不限", "专业不限", "不限专业", "无", "无要求", "any", "所有专业", "各专业", "全部专业"];
/// Words after the names that name nothing.
const TRAILING: &[&str] = &[
    "等相关专业",
    "及相关专业",
    "或相关专业",
    "相关专业",
    "等专业",
    "专业背景",
    "背景",
    "专业优先",
    "优先考虑",
    "优先",
    "专业毕业",
    "毕业",
    "专业",
    "相关",
    "方向",
    "等",
    "类似",
];
/// Words before the names that name nothing.
const LEADING: &[&str] = &["所学专业为", "所学专业", "主修", "具有", "要求", "限", "仅限", "以上"];
const BROAD: &[(&str, &[&str])] =
    &[("理工科", &["07", "08"]), ("理工类", &["07", "08"]), ("理工", &["07", "08"]), ("医学类", &["10"])];
/// Words platforms use for a discipline that no catalogue name carries, with the words that do.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("IT", &["计算机", "电子信息"]),
    ("it", &["计算机", "电子信息"]),
    ("互联网", &["计算机", "电子商务"]),
    ("财会", &["会计", "财务"]),
    ("财经", &["会计", "财务", "金融", "经济"]),
    ("法律", &["法学", "法律"]),
    ("文秘", &["文秘", "秘书"]),
    ("师范", &["教育"]),
    ("中文", &["汉语言", "中国语言文学"]),
    ("外语", &["外国语言文学", "英语", "日语"]),
    ("设计", &["设计"]),
];
/// A discipline word that matches more majors than this names their classes only.
const MAX_MAJORS_PER_WORD: usize = 24;

/// Reads what a posting asks of majors. Pieces naming nothing in the catalogues are skipped when others
/// resolve; text that names nothing at all (and says no `不限`) is an error.
pub fn parse_major_requirements(catalogue: &MajorCatalogue, text: &str) -> Result<MajorRequirements, String> {
    let trimmed = text.trim();
    let mut found = MajorRequirements::default();
    if trimmed.is_empty() || is_any(trimmed) {
        return Ok(found);
    }
    let mut said_any = false;
    for clause in trimmed.split(['；', ';', '。', '\n']) {
        // Inside a clause, a comma starts a new run: `会计学、财务管理等专业，有经验者优先` prefers nothing.
        for run in clause.split(['，', ',', '：', ':']) {
            let run = run.trim();
            let preferred = run.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '）').ends_with("优先")
                || run.contains("优先考虑");
            for piece in run.split(is_list_separator).map(str::trim).filter(|p| !p.is_empty()) {
                // `法律相关专业` asks for the discipline, not only the major named 法律.
                let related = piece.contains("相关");
                let piece = strip(piece);
                if is_any(piece) {
                    said_any = true;
                    continue;
                }
                let into = if preferred { &mut found.preferred } else { &mut found.required };
                let before = into.len();
                resolve_piece(catalogue, piece, into, 0);
                if related && into[before..].iter().all(|r| matches!(r, MajorRequirement::Major(_))) {
                    discipline(catalogue, piece, into);
                }
            }
        }
    }
    for list in [&mut found.required, &mut found.preferred] {
        list.sort();
        list.dedup();
    }
    found.preferred.retain(|p| !found.required.contains(p));
    if found.required.is_empty() && found.preferred.is_empty() && !said_any {
        return Err(format!("no major, 专业类 or 门类 of the catalogues is named in `{trimmed}`"));
    }
    Ok(found)
}

fn is_any(text: &str) -> bool {
    ANY_MAJOR.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// Resolves one piece; `depth` bounds the splitting at conjunctions.
fn resolve_piece(catalogue: &MajorCatalogue, piece: &str, found: &mut Vec<MajorRequirement>, depth: u8) {
    if piece.chars().count() < 2 && !piece.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return;
    }
    if piece.bytes().all(|b| b.is_ascii_alphanumeric()) {
        if catalogue.major(piece).is_some() {
            found.push(MajorRequirement::Major(MajorCode(piece.to_string())));
            return;
        } else if catalogue.group(piece).is_some() {
            let code = MajorCode(piece.to_string());
            found.push(if piece.len() <= 2 { MajorRequirement::Category(code) } else { MajorRequirement::Class(code) });
            return;
        }
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
    // A 专业类 by its name. A bare word is not looked up as word + 类: that finds only the catalogues
    // whose class is named so (金融 → 高职 金融类, never 本科 金融学类); `discipline` finds them all.
    if piece.ends_with('类') {
        let classes = catalogue.classes_named(piece);
        if !classes.is_empty() {
            found.extend(classes.iter().cloned().map(MajorRequirement::Class));
            return;
        }
    }
    let categories = catalogue.categories_named(piece);
    if !categories.is_empty() {
        found.extend(categories.iter().cloned().map(MajorRequirement::Category));
        return;
    }
    // Names joined by a conjunction that no name holds: `通信工程与计算机科学`, `计算机及统计`.
    if depth < 3 {
        for conjunction in ["以及", "与", "及", "和", "或"] {
            if piece.contains(conjunction) {
                let before = found.len();
                for part in piece.split(conjunction).map(|p| strip(p.trim())).filter(|p| !p.is_empty()) {
                    resolve_piece(catalogue, part, found, depth + 1);
                }
                if found.len() > before {
                    return;
                }
            }
        }
    }
    discipline(catalogue, piece, found);
}

/// A discipline word: the 专业类 of every catalogue whose name carries it (金融 → 金融学类, 金融类), and the majors
/// that do when they are few (会计 → 会计学, 大数据与会计 …); its synonyms' when the word itself names none.
fn discipline(catalogue: &MajorCatalogue, word: &str, found: &mut Vec<MajorRequirement>) {
    let word = word.trim_end_matches('类');
    if word.chars().count() < 2 && !(word.len() >= 2 && word.is_ascii()) {
        return;
    }
    let words: Vec<&str> = match SYNONYMS.iter().find(|(w, _)| *w == word) {
        Some((_, means)) => means.to_vec(),
        None => vec![word],
    };
    let before = found.len();
    for word in words {
        let classes = catalogue.classes_containing(word);
        found.extend(classes.into_iter().map(MajorRequirement::Class));
        let majors = catalogue.majors_containing(word);
        if majors.len() <= MAX_MAJORS_PER_WORD {
            found.extend(majors.into_iter().map(MajorRequirement::Major));
        }
    }
    // Two discipline words run together (`计算机软件`, `电子商务物流`): the longest head that names
    // something, then the rest.
    if found.len() == before {
        let chars: Vec<char> = word.chars().collect();
        for split in (2..chars.len().saturating_sub(1)).rev() {
            let head: String = chars[..split].iter().collect();
            let mark = found.len();
            discipline_word(catalogue, &head, found);
            if found.len() > mark {
                let rest: String = chars[split..].iter().collect();
                discipline_word(catalogue, &rest, found);
                return;
            }
        }
    }
}

/// One discipline word as it stands, without splitting it.
fn discipline_word(catalogue: &MajorCatalogue, word: &str, found: &mut Vec<MajorRequirement>) {
    if word.chars().count() < 2 {
        return;
    }
    found.extend(catalogue.classes_containing(word).into_iter().map(MajorRequirement::Class));
    let majors = catalogue.majors_containing(word);
    if majors.len() <= MAX_MAJORS_PER_WORD {
        found.extend(majors.into_iter().map(MajorRequirement::Major));
    }
}

fn strip(piece: &str) -> &str {
    let mut rest =
        piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '（' | '）' | '(' | ')' | '“' | '”' | '"'));
    loop {
        let before = rest;
        for suffix in TRAILING {
            if let Some(stripped) = rest.strip_suffix(suffix) {
                rest = stripped;
            }
        }
        for prefix in LEADING {
            if let Some(stripped) = rest.strip_prefix(prefix) {
                rest = stripped;
            }
        }
        if rest == before {
            return rest.trim();
        }
    }
}

fn is_list_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '/' | '／' | '|' | '或')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;
    use proptest::prelude::*;

    fn code(r: &MajorRequirement) -> String {
        match r {
            MajorRequirement::Major(c) => format!("m{c}"),
            MajorRequirement::Class(c) => format!("c{c}"),
            MajorRequirement::Category(c) => format!("g{c}"),
        }
    }

    fn codes(text: &str) -> Vec<String> {
        parse_major_requirements(&Taxonomy::embedded().majors, text).unwrap().required.iter().map(code).collect()
    }

    fn preferred(text: &str) -> Vec<String> {
        parse_major_requirements(&Taxonomy::embedded().majors, text).unwrap().preferred.iter().map(code).collect()
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
    fn discipline_words_reach_every_catalogue() {
        let finance = codes("金融相关专业");
        assert!(finance.contains(&"c0203".to_string()), "本科 金融学类: {finance:?}");
        assert!(finance.iter().any(|c| c.starts_with("c53")), "高职 金融类: {finance:?}");
        assert!(codes("统计相关专业").contains(&"c0712".to_string()), "统计学类");
        let telecom = codes("通信或IT相关专业");
        assert!(telecom.contains(&"m080703".to_string()), "通信工程: {telecom:?}");
        assert!(telecom.contains(&"c0809".to_string()), "IT → 计算机类: {telecom:?}");
        assert!(codes("会计相关专业").contains(&"m120203K".to_string()));
        assert!(codes("计算机软件或相关专业").contains(&"c0809".to_string()));
    }

    #[test]
    fn conjunctions_split_only_where_no_name_holds_them() {
        let both = codes("通信工程与计算机科学相关专业");
        assert!(both.contains(&"m080703".to_string()) && both.contains(&"m080901".to_string()), "{both:?}");
        let two = codes("计算机及统计相关专业");
        assert!(two.contains(&"c0809".to_string()) && two.contains(&"c0712".to_string()), "{two:?}");
        assert_eq!(codes("电子科学与技术"), ["m080702"], "a name holding 与 stays whole");
        assert!(codes("机械设计制造及其自动化").contains(&"m080202".to_string()));
        let headed = codes("电子与通信类：电子科学与技术、通信工程");
        assert!(headed.contains(&"m080702".to_string()) && headed.contains(&"m080703".to_string()), "{headed:?}");
    }

    #[test]
    fn preferences_are_kept_apart() {
        assert!(codes("专业不限，计算机相关专业优先").is_empty());
        assert!(preferred("专业不限，计算机相关专业优先").contains(&"c0809".to_string()));
        let kept =
            parse_major_requirements(&Taxonomy::embedded().majors, "会计学、财务管理等专业，有经验者优先").unwrap();
        assert!(kept.required.len() >= 2 && kept.preferred.is_empty(), "{kept:?}");
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
