//! The part of a posting title that names the job, as platforms write titles: without tags in brackets
//! (`（武汉）`, `(MJ001441)`, `【急招】`), pay, advertising, the employer before 招聘 (`某某公司招聘服务员`),
//! and the segments around it that are a brand, a campaign or a code (`贝壳-`, `2020校招-`, `校园招聘-`,
//! `-ZNYF`). Of the segments left, the first that ends in a job's head noun (店长, 工程师, 专员 …) is the job
//! name the rules read; the model reads all of them.

use super::text::{is_word_char, push_lowercase};

/// Words that advertise rather than describe the job.
const NOISE: &[&str] = &[
    "急招",
    "急聘",
    "诚聘",
    "高薪",
    "直招",
    "包吃住",
    "五险一金",
    "双休",
    "无经验",
    "可兼职",
    "长白班",
    "不限经验",
    "经验不限",
    "立即上岗",
    "可实习",
];

/// Segments that say how or when the job is advertised, never what it is.
const TAGS: &[&str] = &[
    "校招",
    "校园招聘",
    "秋招",
    "春招",
    "社招",
    "社会招聘",
    "实习招聘",
    "届",
    "应届",
    "应届生",
    "急招",
    "全职",
    "兼职",
    "热招",
    "招聘",
    "内推",
    "管培",
];

/// The last characters of job names: the head noun that says what the person is.
const HEAD_ENDINGS: &[char] = &[
    '员', '师', '工', '长', '手', '生', '家', '官', '匠', '者', '理', '管', '表', '问', '监', '任', '编', '导', '护',
    '妹', '哥', '姐', '嫂', '探', '计', '纳', '服', '医', '警', '士', '司', '务', '机',
];

/// The job name of a title, lowercased, as characters; empty when nothing in it is a word.
pub(crate) fn job_name(title: &str) -> Vec<char> {
    let segments = segments(title);
    let kept: Vec<&Vec<char>> = segments.iter().filter(|s| !is_tag(s)).collect();
    let chosen = kept
        .iter()
        .find(|s| s.len() >= 2 && s.last().is_some_and(|c| HEAD_ENDINGS.contains(c)))
        .or_else(|| kept.iter().find(|s| s.len() >= 2))
        .or_else(|| kept.first())
        .copied()
        .or_else(|| segments.first());
    chosen.cloned().unwrap_or_default()
}

/// Every segment of the title that is not a tag, joined: what the model reads (the words around the job
/// name, such as 房产 in `贝壳-房产店长/店经理`, still say something about it).
pub(crate) fn job_words(title: &str) -> Vec<char> {
    segments(title).iter().filter(|s| !is_tag(s)).flatten().copied().collect()
}

/// The title cut into segments at separators outside brackets, each without noise words and digits.
fn segments(title: &str) -> Vec<Vec<char>> {
    let title = after_last_zhaopin(title);
    let mut segments = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' | '<' | '《' | '「' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' | '>' | '》' | '」' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '/' | '|' | '-' | '—' | '_' | '+' | '，' | ',' | '、' | ' ' | '!' | '！' | '·' | '｜' | '～' | '~'
            | ':' | '：' | '\t' => {
                push_segment(&mut segments, &mut current);
            }
            _ if is_word_char(c) && !c.is_ascii_digit() => push_lowercase(&mut current, c),
            _ => {}
        }
    }
    push_segment(&mut segments, &mut current);
    segments
}

fn push_segment(segments: &mut Vec<Vec<char>>, current: &mut Vec<char>) {
    if current.is_empty() {
        return;
    }
    let mut text: String = current.drain(..).collect();
    for word in NOISE {
        if text.contains(word) {
            text = text.replace(word, "");
        }
    }
    if !text.is_empty() {
        segments.push(text.chars().collect());
    }
}

/// Nothing before 招聘 names the job (`某某公司招聘服务员`), unless nothing follows it.
fn after_last_zhaopin(title: &str) -> &str {
    match title.rfind("招聘") {
        Some(at) if title[at + "招聘".len()..].chars().any(|c| is_word_char(c) && !c.is_ascii_digit()) => {
            &title[at + "招聘".len()..]
        }
        _ => title,
    }
}

/// A campaign tag (`校招`, `2020届` read as `届`), or a code in Latin capitals read lowercased (`znyf`,
/// `mj`) that is not a known word of trade such as `java` or `ui`.
fn is_tag(segment: &[char]) -> bool {
    let text: String = segment.iter().collect();
    if TAGS.iter().any(|t| text == *t || (text.ends_with(t) && text.chars().count() <= t.chars().count() + 1)) {
        return true;
    }
    segment.iter().all(|c| c.is_ascii_lowercase()) && !is_trade_word(&text)
}

fn is_trade_word(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "java",
        "python",
        "php",
        "ui",
        "ux",
        "web",
        "ios",
        "android",
        "c",
        "go",
        "golang",
        "net",
        "hr",
        "hrbp",
        "it",
        "ai",
        "cad",
        "plc",
        "seo",
        "sem",
        "qa",
        "qc",
        "dba",
        "erp",
        "sap",
        "cnc",
        "ue",
        "ae",
        "pr",
        "app",
        "linux",
        "unity",
        "cto",
        "cfo",
        "ceo",
        "bd",
        "kol",
        "sqe",
        "pe",
        "me",
        "ie",
        "fae",
        "rd",
        "devops",
        "test",
        "sales",
        "designer",
        "engineer",
        "developer",
        "manager",
        "assistant",
        "html",
        "js",
        "javascript",
    ];
    WORDS.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(title: &str) -> String {
        job_name(title).into_iter().collect()
    }

    #[test]
    fn brand_campaign_and_code_segments_are_not_the_job() {
        assert_eq!(name("贝壳-房产店长/店经理"), "房产店长");
        assert_eq!(name("2020校招-大数据开发工程师"), "大数据开发工程师");
        assert_eq!(name("校园招聘-财务管培生"), "财务管培生");
        assert_eq!(name("Java开发工程师-ZNYF"), "java开发工程师");
        assert_eq!(name("销售顾问(MJ001441)"), "销售顾问");
        assert_eq!(name("行政专员（武汉）"), "行政专员");
        assert_eq!(name("某某科技有限公司招聘前台接待"), "前台接待");
        assert_eq!(name("【长沙】急招客服专员（双休）"), "客服专员");
        assert_eq!(name("销售代表/不限经验/立即上岗"), "销售代表");
        assert_eq!(name("UI设计师"), "ui设计师");
        assert_eq!(name("会计/出纳"), "会计");
        let words: String = job_words("2020校招-大数据开发工程师-ZNYF").into_iter().collect();
        assert_eq!(words, "大数据开发工程师");
    }

    #[test]
    fn nothing_readable_is_empty() {
        assert!(job_name("").is_empty());
        assert!(job_name("!!! 123").is_empty());
        assert!(job_name("招聘").len() == 2);
    }
}
