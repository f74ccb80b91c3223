//! The segmenter as a tantivy tokenizer: jieba's search-mode tokens, without the ones that have no letter
//! or digit (punctuation, spaces), lower-cased; byte offsets, and positions in characters (as
//! tantivy-jieba gave them, so indexes written before stay readable).
//!
//! Dropping and lower-casing happen here rather than in tantivy's filters: Chinese words have no case,
//! and checking that costs a range test where `LowerCaser` rebuilt every non-ASCII token.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::{cut_for_search, Piece};
use crate::normalize::{is_word_char, push_lowercase};

/// Tokenizes Chinese (and mixed) text in jieba's search mode.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChineseTokenizer;

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = PieceStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PieceStream<'a> {
        let mut pieces = Vec::new();
        cut_for_search(text, |piece| {
            if piece.word.chars().any(is_word_char) {
                pieces.push(piece);
            }
        });
        PieceStream { pieces, next: 0, token: Token::default() }
    }
}

/// The token stream of [`ChineseTokenizer`].
pub struct PieceStream<'a> {
    pieces: Vec<Piece<'a>>,
    next: usize,
    token: Token,
}

impl TokenStream for PieceStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(piece) = self.pieces.get(self.next) else { return false };
        self.next += 1;
        self.token.offset_from = piece.byte_start;
        self.token.offset_to = piece.byte_start + piece.word.len();
        self.token.position = piece.start;
        self.token.position_length = piece.end - piece.start;
        self.token.text.clear();
        // Lower-cased character by character (`char::to_lowercase`, as tantivy's `LowerCaser`).
        for c in piece.word.chars() {
            push_lowercase(&mut self.token.text, c);
        }
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the analyzer is specified to give: the search-mode pieces with a letter or digit, each
    /// lower-cased by `char::to_lowercase`.
    /// (text, byte offsets, character position and length) of each token.
    type Tokens = Vec<(String, usize, usize, usize, usize)>;

    fn specified(text: &str) -> Tokens {
        let mut out = Vec::new();
        cut_for_search(text, |p| {
            if p.word.chars().any(char::is_alphanumeric) {
                let lower = p.word.chars().flat_map(char::to_lowercase).collect();
                out.push((lower, p.byte_start, p.byte_start + p.word.len(), p.start, p.word.chars().count()));
            }
        });
        out
    }

    fn tokens(text: &str) -> Tokens {
        let mut tokenizer = ChineseTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position, t.position_length));
        }
        out
    }

    #[test]
    fn punctuation_is_dropped_and_every_script_lower_cased() {
        let text = "Java工程师，ΣΑΣ ǅ Ǆ ДЖ İstanbul Ⅻ ① ＡＢＣ！—— 𠀀扩展 \u{2A6E0} \u{FA6E}\u{FA6F} 㐀䶿";
        assert_eq!(tokens(text), specified(text));
        let words: Vec<String> = tokens(text).into_iter().map(|t| t.0).collect();
        assert!(words.contains(&"java".to_string()), "{words:?}");
        assert!(!words.iter().any(|w| w == "，" || w == "！"), "{words:?}");
        // Each token's offsets cut its own text out of the original, whatever lower-casing did to it.
        for (word, from, to, _, _) in tokens(text) {
            assert_eq!(text[from..to].to_lowercase().replace('σ', "ς"), word.replace('σ', "ς"));
        }
    }

    proptest! {
        #[test]
        fn tokens_are_the_specified_ones(text in "[a-zA-Z0-9中国农业发展银行ΣσÀàǅДжİⅫ①Ａ，。！ .\\-_%\u{2A6E0}\u{FA6E}\u{FA70}㐀]{0,30}") {
            prop_assert_eq!(tokens(&text), specified(&text));
        }
    }
}
