//! Title → 职业分类大典 occupation, for sources that give none. Matches the classification's own names,
//! their everyday forms and aliases (longest match wins, the head noun at the end of a title counts more),
//! then hand-written keywords, then character-bigram similarity with names and definitions.

use std::collections::HashMap;

use super::text::{is_word_char, push_lowercase};
use super::title_rules::KEYWORD_RULES;
use crate::model::OccupationCode;
use crate::taxonomy::{Occupation, OccupationTable};

/// How an entry of the dictionary came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Keyword,
    Alias,
    Name,
}

#[derive(Debug, Clone)]
struct Entry {
    code: OccupationCode,
    origin: Origin,
    level: u8,
}

/// A classification of one title, with how sure it is (0..=1).
#[derive(Debug, Clone, PartialEq)]
pub struct TitleMatch {
    /// The occupation.
    pub code: OccupationCode,
    /// Confidence: 1 for a full official name, lower for keywords and similarity.
    pub confidence: f32,
}

/// The classifier; build once, share freely.
#[derive(Debug, Clone)]
pub struct TitleClassifier {
    dictionary: HashMap<String, Entry>,
    longest: usize,
    bigrams: BigramIndex,
    codes: Vec<OccupationCode>,
}

const MIN_SIMILARITY: f32 = 0.18;

/// Words that say a rank or role in any trade ("经理", "专员"): alone they name no occupation, so they
/// never enter the dictionary (an alias "临床医学经理/专员" would otherwise send every 专员 to medicine).
const GENERIC_ROLES: &[&str] = &[
    "经理",
    "专员",
    "主管",
    "助理",
    "总监",
    "主任",
    "顾问",
    "代表",
    "负责人",
    "工程师",
    "技术员",
    "师傅",
    "学徒",
    "实习生",
    "管理员",
    "人员",
    "组长",
    "店长",
    "操作员",
    "总经理",
    "副总",
    "经理人",
    "合伙人",
    "储备干部",
    "管培生",
    "专家",
    "主播",
    "设计",
    "运营",
    "销售",
    "管理",
    "技术",
    "服务",
    "招聘",
    "经营",
    "业务",
];

/// Words that advertise rather than describe the job.
const NOISE: &[&str] =
    &["急招", "急聘", "诚聘", "高薪", "直招", "包吃住", "五险一金", "双休", "无经验", "可兼职", "长白班"];

impl TitleClassifier {
    /// Builds the dictionary and the bigram index from the classification.
    pub fn new(occupations: &OccupationTable) -> TitleClassifier {
        let mut dictionary: HashMap<String, Entry> = HashMap::new();
        let by_name: HashMap<&str, &Occupation> = occupations.all().map(|o| (o.name.as_str(), o)).collect();
        for occupation in occupations.all().filter(|o| o.level >= 2) {
            for (form, origin) in surface_forms(occupation) {
                insert(&mut dictionary, form, Entry { code: occupation.code.clone(), origin, level: occupation.level });
            }
        }
        for (keyword, name) in KEYWORD_RULES {
            if let Some(occupation) = by_name.get(name) {
                let entry = Entry { code: occupation.code.clone(), origin: Origin::Keyword, level: occupation.level };
                dictionary.entry((*keyword).to_string()).or_insert(entry);
            }
        }
        let longest = dictionary.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        let (bigrams, codes) = bigram_index(occupations);
        TitleClassifier { dictionary, longest, bigrams, codes }
    }

    /// The occupation of a title, or `None` when nothing in it points to one.
    pub fn classify(&self, title: &str) -> Option<TitleMatch> {
        let chars = clean_title(title);
        if chars.is_empty() {
            return None;
        }
        self.dictionary_match(&chars).or_else(|| self.similarity_match(&chars))
    }

    fn dictionary_match(&self, chars: &[char]) -> Option<TitleMatch> {
        let mut best: Option<(i32, &Entry, usize)> = None;
        let mut key = String::new();
        for start in 0..chars.len() {
            let max_len = self.longest.min(chars.len() - start);
            for len in (2..=max_len).rev() {
                key.clear();
                key.extend(&chars[start..start + len]);
                let Some(entry) = self.dictionary.get(key.as_str()) else {
                    continue;
                };
                let end = start + len;
                let score = match_score(len, end == chars.len(), entry);
                if best.as_ref().is_none_or(|(s, _, e)| score > *s || (score == *s && end > *e)) {
                    best = Some((score, entry, end));
                }
                break;
            }
        }
        best.map(|(score, entry, _)| TitleMatch {
            code: entry.code.clone(),
            confidence: (score as f32 / 60.0).min(1.0),
        })
    }

    fn similarity_match(&self, chars: &[char]) -> Option<TitleMatch> {
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let grams = bigrams_of(chars);
        let norm = (grams.len() as f32).sqrt().max(1.0);
        for gram in &grams {
            for (index, weight) in self.bigrams.get(gram).map_or(&[][..], Vec::as_slice) {
                *scores.entry(*index).or_default() += weight / norm;
            }
        }
        let (index, score) = scores.into_iter().max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
        (score >= MIN_SIMILARITY)
            .then(|| TitleMatch { code: self.codes[index as usize].clone(), confidence: score.min(1.0) * 0.5 })
    }
}

fn match_score(len: usize, at_end: bool, entry: &Entry) -> i32 {
    let origin_bonus = match entry.origin {
        Origin::Name => 3,
        Origin::Alias => 2,
        Origin::Keyword => 0,
    };
    // A 细类 is preferred to its 小类 for the same words: it is what platforms and analysts want.
    len as i32 * 10 + if at_end { 6 } else { 0 } + origin_bonus + i32::from(entry.level == 4)
}

fn insert(dictionary: &mut HashMap<String, Entry>, form: String, entry: Entry) {
    if form.chars().count() < 2 || GENERIC_ROLES.contains(&form.as_str()) {
        return;
    }
    match dictionary.get(&form) {
        Some(existing) if (existing.origin, existing.level) >= (entry.origin, entry.level) => {}
        _ => {
            dictionary.insert(form, entry);
        }
    }
}

/// The name, its everyday forms (焊接工程技术人员 → 焊接工程师, 会计专业人员 → 会计) and the aliases.
fn surface_forms(occupation: &Occupation) -> Vec<(String, Origin)> {
    let mut forms = vec![(fold(&occupation.name), Origin::Name)];
    let name = occupation.name.as_str();
    let derived = [
        name.strip_suffix("工程技术人员").map(|s| format!("{s}工程师")),
        name.strip_suffix("专业人员").map(str::to_string),
        name.strip_suffix("人员").map(str::to_string),
        name.strip_suffix("员").filter(|s| s.chars().count() >= 2).map(str::to_string),
    ];
    forms.extend(derived.into_iter().flatten().filter(|s| s.chars().count() >= 2).map(|s| (fold(&s), Origin::Name)));
    for alias in &occupation.aliases {
        for part in alias.split(['/', '、']) {
            forms.push((fold(part), Origin::Alias));
        }
    }
    forms
}

/// Character bigram → (occupation index, tf-idf weight).
type BigramIndex = HashMap<(char, char), Vec<(u32, f32)>>;

fn bigram_index(occupations: &OccupationTable) -> (BigramIndex, Vec<OccupationCode>) {
    let entries: Vec<&Occupation> = occupations.all().filter(|o| o.level == 4).collect();
    let docs: Vec<Vec<(char, char)>> = entries
        .iter()
        .map(|o| {
            let text = format!("{} {} {}", o.name, o.aliases.join(" "), o.definition);
            bigrams_of(&fold(&text).chars().collect::<Vec<_>>())
        })
        .collect();
    let mut df: HashMap<(char, char), u32> = HashMap::new();
    for doc in &docs {
        for gram in doc {
            *df.entry(*gram).or_default() += 1;
        }
    }
    let total = docs.len() as f32;
    let mut index: HashMap<(char, char), Vec<(u32, f32)>> = HashMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let norm = (doc.len() as f32).sqrt().max(1.0);
        for gram in doc {
            let idf = (total / df[gram] as f32).ln();
            index.entry(*gram).or_default().push((i as u32, idf / norm));
        }
    }
    (index, entries.iter().map(|o| o.code.clone()).collect())
}

fn bigrams_of(chars: &[char]) -> Vec<(char, char)> {
    let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() && !c.is_ascii_digit()).flat_map(char::to_lowercase).collect()
}

/// The part of a title that names the job: no brackets, pay, places in brackets, emoji, punctuation or
/// advertising, and nothing before 招聘 ("某某公司招聘服务员").
fn clean_title(title: &str) -> Vec<char> {
    let mut chars = read_job_name(title);
    let text: String = chars.iter().collect();
    let mut cleaned = match text.rfind("招聘") {
        Some(at) if at + "招聘".len() < text.len() => text[at + "招聘".len()..].to_string(),
        _ => text,
    };
    for word in NOISE {
        if cleaned.contains(word) {
            cleaned = cleaned.replace(word, "");
        }
    }
    chars.clear();
    chars.extend(cleaned.chars());
    chars
}

fn read_job_name(title: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            '/' | '|' | '-' | '+' | '，' | ',' | ' ' | '!' | '！' if depth == 0 => {
                // A separator ends the job name when one has been read ("销售代表/不限经验/立即上岗").
                if out.len() >= 2 {
                    break;
                }
                out.clear();
            }
            _ if depth > 0 => {}
            _ if is_word_char(c) && !c.is_ascii_digit() => push_lowercase(&mut out, c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;
    use proptest::prelude::*;

    fn classifier() -> &'static TitleClassifier {
        static C: std::sync::OnceLock<TitleClassifier> = std::sync::OnceLock::new();
        C.get_or_init(|| TitleClassifier::new(&Taxonomy::embedded().occupations))
    }

    fn code(title: &str) -> String {
        classifier().classify(title).map(|m| m.code.to_string()).unwrap_or_default()
    }

    #[test]
    fn official_names_and_everyday_forms() {
        assert_eq!(code("焊接工程师"), "2-02-07-09");
        assert_eq!(code("Java开发工程师"), "2-02-10-03");
        assert_eq!(code("会计"), "2-06-03-00");
        assert_eq!(code("【长沙】急招客服专员（双休）"), "4-04-05-03");
        assert_eq!(code("模具设计工程技术人员"), "2-02-07-06");
    }

    #[test]
    fn every_keyword_rule_names_a_real_occupation() {
        let names: Vec<String> = Taxonomy::embedded().occupations.all().map(|o| o.name.clone()).collect();
        for (keyword, name) in KEYWORD_RULES {
            assert!(names.iter().any(|n| n == name), "rule {keyword} → {name}");
        }
    }

    #[test]
    fn nothing_to_go_on_gives_none() {
        assert_eq!(classifier().classify("!!!"), None);
        assert_eq!(classifier().classify(""), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_confidence_in_range(title in "\\PC{0,30}") {
            if let Some(m) = classifier().classify(&title) {
                prop_assert!((0.0..=1.0).contains(&m.confidence));
            }
        }
    }
}
