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
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' | '〔' | '<' | '《' => depth += 1,
            ')' | '）' | ']' | '】' | '〕' | '>' | '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if is_word_char(c) => push_lowercase(&mut out, c),
            _ => {}
        }
    }
    out
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
    let mut folded = fold(title);
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
    }

    #[test]
    fn bigram_similarity_bounds() {
        assert_eq!(bigram_similarity("会计", "会计"), 1.0);
        assert_eq!(bigram_similarity("会计", "司机"), 0.0);
        let s = bigram_similarity("java开发工程师", "java后端开发工程师");
        assert!(s > 0.5 && s < 1.0, "{s}");
    }
}
