//! The segmenter against jieba-rs with its default dictionary: the same tokens, offsets and order, on
//! every line of the sample's files, on hostile text, and on random mixtures.

use std::sync::LazyLock;

use proptest::prelude::*;

use super::{cut::cut, cut_for_search, dictionary, Piece};

static ORACLE: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

type Cut<'a> = Vec<(&'a str, usize, usize, usize)>;

fn ours(text: &str, search: bool) -> Cut<'_> {
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    if search {
        cut_for_search(text, |p| pieces.push(p));
    } else {
        cut(text, |p, _| pieces.push(p));
    }
    pieces.into_iter().map(|p| (p.word, p.start, p.end, p.byte_start)).collect()
}

fn oracle(text: &str, search: bool) -> Cut<'_> {
    let tokens = if search { ORACLE.cut_for_search(text, true) } else { ORACLE.cut(text, true) };
    tokens.into_iter().map(|t| (t.word, t.start, t.end, t.byte_start)).collect()
}

fn assert_same(text: &str) {
    assert_eq!(ours(text, false), oracle(text, false), "default cut of {text:?}");
    assert_eq!(ours(text, true), oracle(text, true), "search cut of {text:?}");
}

#[test]
fn the_compiled_dictionary_holds_every_word_and_prefix() {
    let (nodes, longest) = dictionary::size();
    assert!(nodes > 349_000, "{nodes} nodes");
    assert!(longest >= 10, "longest key {longest} characters");
    for word in ["中国", "农业", "发展", "银行", "中华人民共和国", "工程师", "会计"] {
        assert!(dictionary::is_word(word), "{word}");
    }
    assert!(!dictionary::is_word("中华人民共"), "a prefix is not a word");
    assert!(!dictionary::is_word(""), "the empty key is not a word");
}

#[test]
fn hostile_text_is_cut_as_jieba_cuts_it() {
    for text in [
        "",
        " ",
        "\r\n",
        "a\r\nb\n\r",
        "中国农业发展银行，招聘！Java 工程师",
        "我来到北京清华大学",
        "他来到了网易杭研大厦",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "WES-5.4.5 版本，C++/C# 开发，薪资 8k-12k，五险一金 100%",
        "-.-_ ... ---abc--def__ghi..",
        "𠀀𠀁𠀂 扩展B区 𪚥 﨑 㐀",
        "emoji 👩‍💻 工程师🙂 ",
        "ＡＢＣ全角１２３　全角空格",
        "湖南省长沙市岳麓区麓山南路932号",
        "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长",
        "\u{0}\u{7f}\u{200b}\u{feff}零宽字符",
        "e\u{301}te\u{301} 组合字符",
        "不想参加西部计划，想去芙蓉花开；熟练使用 Excel、PPT、Python3.11",
    ] {
        assert_same(text);
    }
}

#[test]
fn every_line_of_the_sample_is_cut_as_jieba_cuts_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
    let mut lines = 0usize;
    for entry in std::fs::read_dir(&dir).expect("data/sample") {
        let path = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for line in text.lines() {
            assert_same(line);
            lines += 1;
        }
    }
    assert!(lines > 10_000, "only {lines} lines read");
}

fn mixture() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "中",
        "国",
        "农业",
        "发展",
        "银行",
        "工程",
        "师",
        "会计",
        "湖南",
        "长沙",
        "市",
        "的",
        "了",
        "不",
        "想",
        "西部",
        "计划",
        "软件",
        "开发",
        "实习",
        "生",
        "岗位",
        "招聘",
        "龘",
        "䶮",
        "𠀀",
        "a",
        "Z",
        "7",
        "42",
        ".",
        "_",
        "-",
        "+",
        "#",
        "&",
        "%",
        " ",
        "\r\n",
        "\n",
        "，",
        "。",
        "（",
        "）",
        "👩‍💻",
        "ｅ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn random_mixtures_are_cut_as_jieba_cuts_them(text in mixture()) {
        prop_assert_eq!(ours(&text, false), oracle(&text, false));
        prop_assert_eq!(ours(&text, true), oracle(&text, true));
    }
}
