//! How a student's text speaks of a word: not at all, only to turn it down, or asking for it. Chinese puts the
//! refusal before the word in its clause (不想参加西部计划, 暂不考虑西部计划, 对西部计划没兴趣 after it) or right after
//! it (西部计划不考虑, 西部计划就不参加了, 西部计划：不考虑). Words with 不 that refuse nothing (毫不犹豫, 不怕苦,
//! 不限地区) are not negations; "非 X 不去" and "不想参加 X 以外的" ask for X; "X 不想错过" asks too.

/// How a text speaks of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Said {
    /// Not at all.
    Not,
    /// Only to turn it down.
    Refused,
    /// Asking for it (once is enough).
    Asked,
}

/// Clause breaks: a negation before one does not reach past it, nor a refusal after one.
const BREAKS: &[char] = &['，', ',', '。', '；', ';', '！', '!', '\n', '、'];
/// Contrast words: what is refused on one side of them is not what is asked on the other (想参加西部计划但不去西藏).
const CONTRASTS: [&str; 5] = ["但是", "可是", "不过", "但", "而是"];
/// Words before a mention, in its clause and at most [`REACH`] characters back, that turn it down.
const BEFORE: [&str; 12] = ["不", "没", "未", "无意", "拒绝", "放弃", "别", "勿", "don't", "do not", "not ", "no "];
/// Words with 不 that turn nothing down.
const NOT_NEGATIONS: [&str; 14] =
    ["毫不", "不怕", "不辞", "不畏", "不惜", "不远", "不限", "不论", "不管", "不错", "不仅", "不但", "不得不", "不断"];
/// Two negations that ask (不是不想参加, 并非不想).
const DOUBLE: [&str; 3] = ["不是不", "并非不", "非不"];
/// Words after a mention, in its clause and at most [`REACH_AFTER`] characters on, that turn it down.
const AFTER: [&str; 14] = [
    "不考虑",
    "不参加",
    "不去",
    "不想",
    "不报",
    "不要",
    "不了",
    "免了",
    "算了",
    "没兴趣",
    "不感兴趣",
    "免谈",
    "除外",
    "放弃",
];
/// Words after a mention with a refusal in them that refuse nothing.
const AFTER_NOT: [&str; 3] = ["不想错过", "不想放弃", "不要错过"];
/// Right after a mention: the refusal is of everything else (不想参加西部计划以外的项目).
const OTHERS: [&str; 3] = ["以外", "之外", "外的"];
/// How far back a negation reaches, and how far on a refusal, in characters.
const REACH: usize = 6;
const REACH_AFTER: usize = 8;

/// [`said_in`] of a text not yet [`read`] (the tests ask one word at a time).
#[cfg(test)]
pub(crate) fn said(text: &str, word: &str) -> Said {
    said_in(&read(text), word)
}

/// A text as [`said_in`] reads it: English refusals are matched in lower case (Don't …); a text without
/// capitals is read as it is. Read once for the many words asked of one text.
pub(crate) fn read(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// How a text already [`read`] speaks of `word`: the most asking of its mentions.
pub(crate) fn said_in(text: &str, word: &str) -> Said {
    let mut best = Said::Not;
    for (at, _) in text.match_indices(word) {
        best = best.max(mention(text, at, word.len()));
    }
    best
}

/// The part of a clause after its last contrast word.
fn after_contrast(clause: &str) -> &str {
    CONTRASTS.iter().filter_map(|c| clause.rfind(c).map(|i| i + c.len())).max().map_or(clause, |i| &clause[i..])
}

/// The part of a clause before its first contrast word.
fn before_contrast(clause: &str) -> &str {
    CONTRASTS.iter().filter_map(|c| clause.find(c)).min().map_or(clause, |i| &clause[..i])
}

/// One mention, at byte `at`, `len` bytes long.
fn mention(text: &str, at: usize, len: usize) -> Said {
    let start = text[..at].rfind(BREAKS).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let mut before = after_contrast(&text[start..at]).to_string();
    let rest = &text[at + len..];
    let end = rest.find(BREAKS).unwrap_or(rest.len());
    let clause_after = before_contrast(&rest[..end]);
    let mut after: String = clause_after.chars().take(REACH_AFTER).collect();
    if OTHERS.iter().any(|w| after.starts_with(w))
        || (before.contains('非') && after.contains('不'))
        || DOUBLE.iter().any(|w| before.contains(w) || after.contains(w))
    {
        return Said::Asked;
    }
    // A mention that is its clause alone (西部计划，不考虑) is answered by the next clause's first words.
    let filler = |c: char| c.is_whitespace() || "：:？?（）()".contains(c);
    if text[start..at].trim_matches(filler).is_empty()
        && clause_after.trim_matches(filler).is_empty()
        && end < rest.len()
    {
        let next = rest[end..].trim_start_matches(BREAKS).trim_start();
        after = next.chars().take(REACH_AFTER).collect();
    }
    for word in NOT_NEGATIONS {
        before = before.replace(word, "");
    }
    // The window counts a Chinese character as one and a Latin letter as a third (a word's worth of letters).
    let mut weight = 0.0;
    let kept: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| {
            weight += if c.is_ascii() { 1.0 / 3.0 } else { 1.0 };
            weight <= REACH as f64 + 1e-9
        })
        .collect();
    let before: String = kept.into_iter().rev().collect();
    for word in AFTER_NOT {
        after = after.replace(word, "");
    }
    let after = after.trim_start_matches(|c: char| c.is_whitespace() || "：:？?（）()也就暂还".contains(c));
    let refused = BEFORE.iter().any(|n| before.contains(n)) || AFTER.iter().any(|n| after.contains(n)) || after == "不";
    if refused {
        Said::Refused
    } else {
        Said::Asked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_before_and_after_and_words_that_refuse_nothing() {
        let word = "西部计划";
        for refused in [
            "不想参加西部计划",
            "我不太想去西部计划",
            "暂不考虑西部计划，想在长沙做会计",
            "没有报名西部计划的打算",
            "对西部计划没兴趣",
            "西部计划不考虑",
            "西部计划暂不考虑",
            "西部计划也不考虑",
            "西部计划就不参加了",
            "西部计划志愿者不考虑",
            "西部计划 不考虑",
            "西部计划：不考虑",
            "西部计划（不考虑）",
            "西部计划？不考虑",
            "西部计划，不考虑",
            "西部计划，不去",
            "西部计划？不了",
            "西部计划免了",
            "西部计划不",
            "从未考虑过西部计划",
            "don't want 西部计划",
            "no 西部计划",
            "西部计划就算了",
        ] {
            assert_eq!(said(refused, word), Said::Refused, "{refused}");
        }
        for asked in [
            "想参加西部计划",
            "工作地点不限，想参加西部计划",
            "不限地区西部计划也可以",
            "不管在哪都愿意参加西部计划",
            "不想做销售，想参加西部计划",
            "毫不犹豫参加西部计划",
            "不怕苦参加西部计划",
            "西部计划不想错过",
            "非西部计划不去",
            "不想参加西部计划以外的项目",
            "毫不犹豫地参加西部计划",
            "想参加西部计划但不去西藏",
            "想参加西部计划但是不去西藏",
            "想参加西部计划，但不去西藏",
            "不是不想参加西部计划",
            "并非不想参加西部计划",
            "西部计划不是不考虑",
            "不想做销售但想参加西部计划",
        ] {
            assert_eq!(said(asked, word), Said::Asked, "{asked}");
        }
        assert_eq!(said("想在长沙做会计", word), Said::Not);
        assert_eq!(said("不想参加西部计划，后来又想参加西部计划了", word), Said::Asked, "asking once is enough");
    }
}
