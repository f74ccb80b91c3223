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
/// Words before a mention, in its clause and at most [`REACH`] characters back, that turn it down.
const BEFORE: [&str; 7] = ["不", "没", "无意", "拒绝", "放弃", "别", "勿"];
/// Words with 不 that turn nothing down.
const NOT_NEGATIONS: [&str; 14] =
    ["毫不", "不怕", "不辞", "不畏", "不惜", "不远", "不限", "不论", "不管", "不错", "不仅", "不但", "不得不", "不断"];
/// Words after a mention, in its clause and at most [`REACH_AFTER`] characters on, that turn it down.
const AFTER: [&str; 12] =
    ["不考虑", "不参加", "不去", "不想", "不报", "不要", "算了", "没兴趣", "不感兴趣", "免谈", "除外", "放弃"];
/// Words after a mention with a refusal in them that refuse nothing.
const AFTER_NOT: [&str; 3] = ["不想错过", "不想放弃", "不要错过"];
/// Right after a mention: the refusal is of everything else (不想参加西部计划以外的项目).
const OTHERS: [&str; 3] = ["以外", "之外", "外的"];
/// How far back a negation reaches, and how far on a refusal, in characters.
const REACH: usize = 6;
const REACH_AFTER: usize = 8;

/// How `text` speaks of `word`: the most asking of its mentions.
pub(crate) fn said(text: &str, word: &str) -> Said {
    let mut best = Said::Not;
    for (at, _) in text.match_indices(word) {
        best = best.max(mention(text, at, word.len()));
    }
    best
}

/// One mention, at byte `at`, `len` bytes long.
fn mention(text: &str, at: usize, len: usize) -> Said {
    let start = text[..at].rfind(BREAKS).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let skip = text[start..at].chars().count().saturating_sub(REACH);
    let mut before: String = text[start..at].chars().skip(skip).collect();
    let rest = &text[at + len..];
    let after: String = rest[..rest.find(BREAKS).unwrap_or(rest.len())].chars().take(REACH_AFTER).collect();
    if OTHERS.iter().any(|w| after.starts_with(w)) || (before.contains('非') && after.contains('不')) {
        return Said::Asked;
    }
    for word in NOT_NEGATIONS {
        before = before.replace(word, "");
    }
    let mut after = after;
    for word in AFTER_NOT {
        after = after.replace(word, "");
    }
    let refused = BEFORE.iter().any(|n| before.contains(n)) || AFTER.iter().any(|n| after.contains(n));
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
        ] {
            assert_eq!(said(asked, word), Said::Asked, "{asked}");
        }
        assert_eq!(said("想在长沙做会计", word), Said::Not);
        assert_eq!(said("不想参加西部计划，后来又想参加西部计划了", word), Said::Asked, "asking once is enough");
    }
}
