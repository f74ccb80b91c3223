//! The Chinese analyzer: jieba in search mode (农业 finds 中国农业发展银行), punctuation and spaces dropped,
//! Latin letters lower-cased.

use tantivy::tokenizer::{LowerCaser, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// The name the analyzer is registered under.
pub const ANALYZER: &str = "zh_jieba";

/// Builds the analyzer.
pub fn chinese_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).filter(DropPunctuation).filter(LowerCaser).build()
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

/// Drops tokens without a letter or digit. Unlike `AlphaNumOnlyFilter` it keeps Chinese words.
#[derive(Clone, Copy)]
pub struct DropPunctuation;

impl TokenFilter for DropPunctuation {
    type Tokenizer<T: Tokenizer> = DropPunctuationTokenizer<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> DropPunctuationTokenizer<T> {
        DropPunctuationTokenizer(tokenizer)
    }
}

/// The tokenizer [`DropPunctuation`] wraps.
#[derive(Clone)]
pub struct DropPunctuationTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for DropPunctuationTokenizer<T> {
    type TokenStream<'a> = DropPunctuationStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DropPunctuationStream(self.0.token_stream(text))
    }
}

/// The token stream of [`DropPunctuation`].
pub struct DropPunctuationStream<S>(S);

impl<S: TokenStream> TokenStream for DropPunctuationStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if self.0.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }
    fn token(&self) -> &Token {
        self.0.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
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
