//! The Chinese analyzer: jieba's search mode (`segment/`; 农业 finds 中国农业发展银行), punctuation and spaces
//! dropped, letters lower-cased.

use tantivy::tokenizer::TextAnalyzer;

/// The name the analyzer is registered under.
pub const ANALYZER: &str = "zh_jieba";

/// Builds the analyzer.
pub fn chinese_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(super::segment::ChineseTokenizer)
}

/// The analyzed terms of a text, deduplicated, in first-seen order.
pub fn terms(text: &str) -> Vec<String> {
    let mut analyzer = chinese_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<String> = Vec::new();
    while let Some(token) = stream.next() {
        if !out.contains(&token.text) {
            out.push(token.text.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_mode_splits_compounds_and_drops_punctuation() {
        let t = terms("中国农业发展银行，招聘！Java 工程师");
        assert!(t.contains(&"农业".to_string()), "{t:?}");
        assert!(t.contains(&"银行".to_string()), "{t:?}");
        assert!(t.contains(&"java".to_string()), "{t:?}");
        assert!(t.iter().all(|w| w.chars().any(char::is_alphanumeric)), "{t:?}");
    }
}
