//! Chinese word segmentation: jieba's algorithm over jieba's dictionary, compiled into the binary at
//! build time (`build.rs`), so a process segments its first word without loading anything. jieba-rs
//! is kept for its HMM (which needs no dictionary) and, in the tests, as the oracle the cuts must equal.

mod cut;
mod dictionary;
mod search_mode;
mod tokenizer;
mod trie_layout;

pub use search_mode::cut_for_search;
pub use tokenizer::ChineseTokenizer;

/// One token: a slice of the text, with its place in characters and in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The token's text.
    pub word: &'a str,
    /// Its first character's index in the text.
    pub start: usize,
    /// The index after its last character.
    pub end: usize,
    /// Its first byte's offset in the text.
    pub byte_start: usize,
}

#[cfg(test)]
mod tests;
