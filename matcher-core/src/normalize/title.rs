//! Title → 职业分类大典 occupation, for sources that give none.
//!
//! Brands, campaigns, codes and tags are taken out of the title first (`title_clean`). What is left goes to
//! linear models over character n-grams learned from labelled titles and, with a small weight, from the
//! classification's own names and aliases (`title_model`): one for the 细类, one for the 小类 and one for the
//! 中类, a code's score the sum of its three. A title with no n-gram the models know falls back to the rules:
//! the longest name, alias or hand-written keyword in its job name (the head noun at the end counts more),
//! then character-bigram similarity with names and definitions. The rules do not override the models where
//! both answer: labellers disagree with a literal reading of the official names often enough that letting
//! an exact name decide lowered cross-validated accuracy (70.4% → 67.9% at 中类).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::title_clean::{job_name, job_words};
use super::title_learn::Learned;
use super::title_model_bytes;
use super::title_rules::KEYWORD_RULES;
use crate::error::Error;
use crate::memo::Memo;
use crate::model::OccupationCode;
use crate::taxonomy::{is_occupation_code, Occupation, OccupationTable, Table, Taxonomy};

/// The labelled titles the model learns from (see `data/SOURCES.md`).
const LABELLED_TITLES: &str = include_str!("../../../data/reference/occupation_titles_labelled_dev.csv");

/// How much one name or alias of the classification counts against one labelled title.
/// Names and aliases teach the model codes no labelled title has; counted fully they crowd out what platforms
/// really write (cross-validated: 0 → 70.4% at 中类, 0.1 → 70.7%, 0.3 → 69.9%, 0.5 → 67.9% without heads).
const NAME_WEIGHT: f32 = 0.1;

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
    /// Confidence: 1 for a full official name, lower for the model, keywords and similarity.
    pub confidence: f32,
}

/// A job title with the occupation it was labelled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledTitle {
    /// The title as a platform wrote it.
    pub title: String,
    /// Its occupation, at whatever level the labeller could tell (a 中类 code ends in `-00-00`).
    pub code: OccupationCode,
}

impl LabelledTitle {
    /// Reads a labelled CSV with columns `job_name` and `expected_code`; rows without a code are skipped.
    pub fn read_csv(name: &str, text: &str) -> Result<Vec<LabelledTitle>, Error> {
        let table = Table::parse(name, text)?;
        let (title, code) = (table.column("job_name")?, table.column("expected_code")?);
        let mut rows = Vec::new();
        for (line, row) in table.rows() {
            let expected = row.get(code).unwrap_or("").trim();
            if expected.is_empty() {
                continue;
            }
            if !is_occupation_code(expected) {
                return Err(
                    table.error(line, format!("`{expected}` is not shaped like a 职业分类大典 code (2-02-10-03)"))
                );
            }
            let code = OccupationCode(expected.to_string());
            rows.push(LabelledTitle { title: row.get(title).unwrap_or("").to_string(), code });
        }
        Ok(rows)
    }

    /// The labelled titles built into the binary.
    pub fn embedded() -> Vec<LabelledTitle> {
        LabelledTitle::read_csv("occupation_titles_labelled_dev.csv", LABELLED_TITLES).unwrap_or_default()
    }
}

/// The classifier; build once, share freely. The model is learned on the first title that needs it.
#[derive(Debug, Clone)]
pub struct TitleClassifier {
    dictionary: Arc<HashMap<String, Entry>>,
    longest: usize,
    bigrams: Arc<BigramIndex>,
    codes: Arc<Vec<OccupationCode>>,
    examples: Arc<Vec<(Vec<char>, OccupationCode, f32)>>,
    learned: Arc<OnceLock<Learned>>,
    /// The models learned from the built-in examples, as bytes ([`BUILT_MODELS`]): read instead of learned.
    built: Option<&'static [u8]>,
    preparing: Arc<AtomicBool>,
    /// The answers of titles classified before (see [`MEMO_TITLES`]).
    memo: Arc<Memo<Box<str>, Option<TitleMatch>>>,
}

const MIN_SIMILARITY: f32 = 0.18;

/// The models the built-in labelled titles and occupation names teach, learned once and kept as bytes
/// (`title_model_bytes`); a test keeps them equal to what learning gives.
static BUILT_MODELS: &[u8] = include_bytes!("../../../data/models/title_models.bin");

/// Titles whose answers are kept at most, and bytes of them (with the table and the answers, under ~14 MiB):
/// the postings that share a title (服务员, 普工, 销售代表: an export repeats its titles many times over, and the
/// service is sent the same postings again) are classified once. Titles are postings' text, never a student's.
const MEMO_TITLES: usize = 65_536;
const MEMO_BYTES: usize = 4 << 20;
/// Longest title whose answer is kept, in bytes; a longer one is classified each time it comes.
const MEMO_TITLE_BYTES: usize = 256;

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

impl TitleClassifier {
    /// The classifier of the built-in labelled titles and the classification's names. With the built-in
    /// classification, every classifier of the process is one, built and learned once: an ingestor made per
    /// request (the service makes one per upsert) only clones its handles.
    pub fn new(occupations: &OccupationTable) -> TitleClassifier {
        static SHARED: OnceLock<TitleClassifier> = OnceLock::new();
        if std::ptr::eq(occupations, &Taxonomy::embedded().occupations) {
            let shared = SHARED.get_or_init(|| TitleClassifier {
                built: Some(BUILT_MODELS),
                ..TitleClassifier::with_labelled(&Taxonomy::embedded().occupations, &LabelledTitle::embedded())
            });
            return shared.clone();
        }
        TitleClassifier::with_labelled(occupations, &LabelledTitle::embedded())
    }

    /// Starts reading (or learning) the models on another thread, unless they are ready or being made, so that
    /// the first title that needs them does not wait as long.
    pub fn prepare_in_background(&self) {
        if self.learned.get().is_some() || self.preparing.swap(true, Ordering::AcqRel) {
            return;
        }
        let classifier = self.clone();
        let spawned = std::thread::Builder::new().name("title-model".into()).spawn(move || {
            classifier.models();
        });
        if spawned.is_err() {
            // No thread to be had: the models are made on first use instead.
            self.preparing.store(false, Ordering::Release);
        }
    }

    /// The classifier of these labelled titles and the classification's names (for cross-validation, or a
    /// deployment with labels of its own).
    pub fn with_labelled(occupations: &OccupationTable, labelled: &[LabelledTitle]) -> TitleClassifier {
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
        let mut examples: Vec<(Vec<char>, OccupationCode, f32)> = labelled
            .iter()
            .map(|l| (job_words(&l.title), l.code.clone(), 1.0))
            .filter(|(chars, _, _)| !chars.is_empty())
            .collect();
        for occupation in occupations.all().filter(|o| o.level == 4) {
            for (form, _) in surface_forms(occupation) {
                examples.push((form.chars().collect(), occupation.code.clone(), NAME_WEIGHT));
            }
        }
        TitleClassifier {
            dictionary: Arc::new(dictionary),
            longest,
            bigrams: Arc::new(bigrams),
            codes: Arc::new(codes),
            examples: Arc::new(examples),
            learned: Arc::new(OnceLock::new()),
            built: None,
            preparing: Arc::new(AtomicBool::new(false)),
            memo: Arc::new(Memo::new(MEMO_TITLES, MEMO_BYTES)),
        }
    }

    /// The occupation of a title, or `None` when nothing in it points to one. A title seen before is answered
    /// as it was then (`MEMO_TITLES`).
    pub fn classify(&self, title: &str) -> Option<TitleMatch> {
        if title.len() > MEMO_TITLE_BYTES {
            return self.classify_afresh(title);
        }
        if let Some(known) = self.memo.get(title) {
            return known;
        }
        let answer = self.classify_afresh(title);
        self.memo.keep(title.into(), answer.clone(), title.len());
        answer
    }

    fn classify_afresh(&self, title: &str) -> Option<TitleMatch> {
        let words = job_words(title);
        if words.is_empty() {
            return None;
        }
        self.model_match(&words).or_else(|| self.classify_by_rules(title))
    }

    /// The occupation the rules alone give (names, aliases, keywords, similarity): for comparison.
    pub fn classify_by_rules(&self, title: &str) -> Option<TitleMatch> {
        let chars = job_name(title);
        if chars.is_empty() {
            return None;
        }
        self.rules_on(&chars)
    }

    fn rules_on(&self, chars: &[char]) -> Option<TitleMatch> {
        self.dictionary_match(chars).or_else(|| self.similarity_match(chars))
    }

    fn model_match(&self, chars: &[char]) -> Option<TitleMatch> {
        let (code, confidence) = self.models().best(chars)?;
        Some(TitleMatch { code: code.clone(), confidence })
    }

    /// The learned models: read from the built-in bytes where this classifier has them, learned otherwise
    /// (once; also where the bytes cannot be read, with a warning).
    fn models(&self) -> &Learned {
        self.learned.get_or_init(|| {
            if let Some(bytes) = self.built {
                match title_model_bytes::read(bytes) {
                    Some(learned) => return learned,
                    None => tracing::warn!("the built-in title models cannot be read: learning them instead"),
                }
            }
            Learned::learn(&self.examples)
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{occupation_prefix, Taxonomy};
    use proptest::prelude::*;

    fn classifier() -> &'static TitleClassifier {
        static C: std::sync::OnceLock<TitleClassifier> = std::sync::OnceLock::new();
        C.get_or_init(|| TitleClassifier::new(&Taxonomy::embedded().occupations))
    }

    /// The committed bytes are the models the built-in examples teach, and the built-in classifier reads them
    /// (so that changing the labelled titles, the names or the learning without writing them again fails here).
    /// `JINQIAO_WRITE_TITLE_MODELS=1 cargo test -p matcher-core --lib built_title_models` writes them.
    #[test]
    fn built_title_models_are_what_learning_gives() {
        let labelled = TitleClassifier::with_labelled(&Taxonomy::embedded().occupations, &LabelledTitle::embedded());
        let bytes = title_model_bytes::write(&Learned::learn(&labelled.examples));
        if std::env::var_os("JINQIAO_WRITE_TITLE_MODELS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/models/title_models.bin");
            std::fs::write(path, &bytes).expect("write the models");
        }
        assert!(
            BUILT_MODELS == bytes.as_slice(),
            "data/models/title_models.bin ({} bytes) is not what learning gives ({} bytes): write it with \
             JINQIAO_WRITE_TITLE_MODELS=1 cargo test -p matcher-core --lib built_title_models",
            BUILT_MODELS.len(),
            bytes.len()
        );
        let built = classifier();
        assert_eq!(built.built, Some(BUILT_MODELS), "the built-in classifier reads the bytes");
        assert_eq!(title_model_bytes::write(built.models()), bytes, "and its models are the learned ones");
    }

    fn code(title: &str) -> String {
        classifier().classify(title).map(|m| m.code.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_title_classified_again_gets_the_answer_it_had() {
        let classifier = TitleClassifier::new(&Taxonomy::embedded().occupations);
        let titles: Vec<String> = LabelledTitle::embedded()
            .into_iter()
            .map(|l| l.title)
            .chain(["", "!!!", "【急招】服务员"].map(String::from))
            .collect();
        for title in titles.iter().chain(&titles) {
            assert_eq!(classifier.classify(title), classifier.classify_afresh(title), "{title}");
        }
    }

    #[test]
    fn the_answer_of_a_title_up_to_the_bound_is_kept_and_of_a_longer_one_never() {
        // A classifier of its own (of the classification's names alone), so no other test fills its memo.
        let classifier = TitleClassifier::with_labelled(&Taxonomy::embedded().occupations, &[]);
        let longest = format!("{}会计", "a".repeat(MEMO_TITLE_BYTES - 6));
        assert_eq!(classifier.classify(&longest), classifier.classify_afresh(&longest));
        assert_eq!(classifier.memo.len(), 1);
        let longer = format!("a{longest}");
        assert_eq!(classifier.classify(&longer), classifier.classify_afresh(&longer));
        assert_eq!(classifier.memo.len(), 1, "{} bytes: not kept", longer.len());
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
    fn platform_prefixes_and_tags_do_not_decide() {
        // 贝壳 is a brand of estate agencies, not a seashell (工艺画制作工 6-09-03-10).
        let store = code("贝壳-房产店长/店经理");
        assert!(store.starts_with("4-"), "{store}");
        // A campaign prefix leaves a developer title a developer's code, not 商务数据分析师 (4-07-02-05).
        for title in ["2020校招-大数据开发工程师", "大数据开发工程师", "校园招聘-大数据开发工程师（武汉）-ZNYF"]
        {
            let found = code(title);
            assert!(found.starts_with("2-02-"), "{title} → {found}");
        }
        assert_eq!(code("Java开发工程师-ZNYF"), code("Java开发工程师"));
    }

    #[test]
    fn the_model_beats_the_rules_on_titles_it_never_saw() {
        let labelled = LabelledTitle::embedded();
        assert!(labelled.len() > 3000);
        let (train, test): (Vec<_>, Vec<_>) = labelled.iter().cloned().enumerate().partition(|(i, _)| i % 4 != 0);
        let train: Vec<LabelledTitle> = train.into_iter().map(|(_, l)| l).collect();
        let classifier = TitleClassifier::with_labelled(&Taxonomy::embedded().occupations, &train);
        let accuracy = |classify: &dyn Fn(&str) -> Option<TitleMatch>, level: u8| {
            let right = test
                .iter()
                .filter(|(_, l)| {
                    classify(&l.title).is_some_and(|m| {
                        occupation_prefix(m.code.as_str(), level) == occupation_prefix(l.code.as_str(), level)
                    })
                })
                .count();
            right as f64 / test.len() as f64
        };
        for level in [2, 3, 4] {
            let rules = accuracy(&|t| classifier.classify_by_rules(t), level);
            let model = accuracy(&|t| classifier.classify(t), level);
            assert!(model > rules + 0.05, "level {level}: model {model:.3}, rules {rules:.3}");
        }
        assert!(accuracy(&|t| classifier.classify(t), 2) > 0.68);
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
