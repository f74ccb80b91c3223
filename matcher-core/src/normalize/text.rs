//! Normal forms of employer names and titles, so that the same opening on two platforms has the same key.

const EMPLOYER_SUFFIXES: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "分公司"];
const EMPLOYER_PREFIXES: &[&str] = &["湖南省", "湖南"];
const TITLE_NOISE: &[&str] =
    &["急招", "急聘", "诚聘", "高薪", "招聘", "直招", "名额有限", "包吃住", "五险一金", "双休", "热招", "火热招募"];

/// True for letters and digits (`char::is_alphanumeric`), with fast paths for what Chinese text is made of:
/// ASCII, the two CJK blocks in which every code point is an ideograph, and the CJK and full-width
/// punctuation between the words (the general Unicode tables are slow, and this runs for every character
/// ingested and analysed).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => true,
        // 、。〈〉《》「」『』【】〔〕〜; ‐–—‘’“”•…; the full-width ！（），：；？［］｛｝ and half-width ｡｢｣､･.
        '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{2010}'..='\u{2027}'
        | '\u{ff01}'..='\u{ff0f}'
        | '\u{ff1a}'..='\u{ff20}'
        | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff65}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Lower-cases a character into `out`, with the same fast path.
pub fn push_lowercase(out: &mut impl Extend<char>, c: char) {
    if c.is_ascii() {
        out.extend([c.to_ascii_lowercase()]);
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        out.extend([c]);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Drops brackets with their content, punctuation, spaces and case.
fn fold(text: &str) -> String {
    fold_keeping(text, &|_| false)
}

/// Like [`fold`], but the content of a round bracket for which `keep` holds stays (folded).
fn fold_keeping(text: &str, keep: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut inside = String::new();
    let mut round = false;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' | '<' | '《' => {
                if depth == 0 {
                    inside.clear();
                    round = matches!(c, '(' | '（');
                }
                depth += 1;
            }
            ')' | '）' | ']' | '】' | '〕' | '>' | '》' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && round && keep(&inside) {
                    out.push_str(&inside);
                }
            }
            _ if !is_word_char(c) => {}
            _ if depth > 0 => push_lowercase(&mut inside, c),
            _ => push_lowercase(&mut out, c),
        }
    }
    out
}

/// What a round bracket in a title says when it names one opening among several of an employer in one place:
/// a department, team, post, shop or workshop (`（一部）`, `（A岗）`, `（河西店）`), or an ordinal alone (`（二）`,
/// `（2）`, `（B）`). Anything else (`（双休）`, `（2026届）`, `（急招）`) is noise the same opening is written with.
fn names_an_opening(inside: &str) -> bool {
    const UNITS: &[&str] = &["部", "组", "岗", "科", "室", "店", "厂", "车间", "分公司", "校区", "中心"];
    let ordinal = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let lone = !inside.is_empty()
        && (inside.chars().all(ordinal)
            || (inside.chars().count() == 1 && inside.chars().all(|c| c.is_ascii_alphabetic())));
    lone || UNITS.iter().any(|unit| inside.ends_with(unit) && inside.chars().count() > unit.chars().count())
}

/// 湖南星辰科技有限公司 and 星辰科技（湖南）有限责任公司 both become 星辰科技.
pub fn normalize_employer(name: &str) -> String {
    let mut folded = fold(name);
    for prefix in EMPLOYER_PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix) {
            folded = rest.to_string();
            break;
        }
    }
    loop {
        let before = folded.len();
        for suffix in EMPLOYER_SUFFIXES {
            if let Some(rest) = folded.strip_suffix(suffix) {
                folded = rest.to_string();
            }
        }
        if folded.len() == before {
            break;
        }
    }
    folded
}

/// 【长沙】急招Java开发工程师（双休） becomes java开发工程师.
pub fn normalize_title(title: &str) -> String {
    let mut folded = fold_keeping(title, &names_an_opening);
    for noise in TITLE_NOISE {
        if folded.contains(noise) {
            folded = folded.replace(noise, "");
        }
    }
    folded
}

/// Jaccard similarity of the character bigrams of two strings (1.0 for two equal strings).
pub fn bigram_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let grams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let shared = ga.iter().filter(|g| gb.binary_search(g).is_ok()).count();
    shared as f64 / (ga.len() + gb.len() - shared) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_exactly_the_letters_and_digits() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn employer_forms_meet() {
        assert_eq!(normalize_employer("湖南星辰科技有限公司"), "星辰科技");
        assert_eq!(normalize_employer("星辰科技（湖南）有限责任公司"), "星辰科技");
        assert_eq!(normalize_employer("湖南建工集团有限公司"), "建工");
        assert_ne!(normalize_employer("星辰科技"), normalize_employer("星海科技"));
    }

    #[test]
    fn title_noise_is_dropped() {
        assert_eq!(normalize_title("【长沙】急招Java开发工程师（双休）"), "java开发工程师");
        assert_eq!(normalize_title("Java 开发工程师"), "java开发工程师");
        // Two openings of one employer in one place, told apart by a bracket, stay apart; noise in one does not.
        assert_ne!(normalize_title("会计（一部）"), normalize_title("会计（二部）"));
        assert_ne!(normalize_title("普工（A岗）"), normalize_title("普工（B岗）"));
        assert_ne!(normalize_title("店员（河西店）"), normalize_title("店员（星沙店）"));
        assert_ne!(normalize_title("文员（2）"), normalize_title("文员（1）"));
        for noisy in ["会计（双休）", "会计（2026届）", "会计(急招)", "【长沙】会计", "会计（部）"]
        {
            assert_eq!(normalize_title(noisy), "会计", "{noisy}");
        }
    }

    #[test]
    fn bigram_similarity_bounds() {
        assert_eq!(bigram_similarity("会计", "会计"), 1.0);
        assert_eq!(bigram_similarity("会计", "司机"), 0.0);
        let s = bigram_similarity("java开发工程师", "java后端开发工程师");
        assert!(s > 0.5 && s < 1.0, "{s}");
    }
}
