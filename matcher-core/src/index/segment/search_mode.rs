//! jieba's search mode: besides each word of the default cut, the 2- and 3-character dictionary words
//! inside it (中国农业发展银行 also gives 农业, 银行 …), and the parts of a code joined by `.`, `_` or `-`
//! (WES-5.4.5 also gives WES). The same tokens, in the same order, as `jieba_rs::Jieba::cut_for_search`.

use super::cut::cut;
use super::Piece;

fn is_connector(c: char) -> bool {
    matches!(c, '.' | '_' | '-')
}

/// Cuts `sentence` in search mode, handing each token to `emit` in order.
pub fn cut_for_search<'a>(sentence: &'a str, mut emit: impl FnMut(Piece<'a>)) {
    let mut offsets: Vec<usize> = Vec::new();
    cut(sentence, |piece, words| {
        let word = piece.word;
        if word.contains(is_connector) {
            let mut offset = 0;
            for part in word.split(is_connector) {
                // Only parts a user could search on their own: with a letter, and longer than one character.
                if part.len() >= 2 && part.bytes().any(|b| b.is_ascii_alphabetic()) {
                    let start = piece.start + word[..offset].chars().count();
                    let end = start + part.chars().count();
                    emit(Piece { word: part, start, end, byte_start: piece.byte_start + offset });
                }
                offset += part.len() + 1;
            }
        }
        let count = piece.end - piece.start;
        if let Some(words) = words.filter(|_| count > 2) {
            offsets.clear();
            offsets.extend(word.char_indices().map(|(i, _)| i));
            offsets.push(word.len());
            for len in [2, 3] {
                if count <= len {
                    continue;
                }
                for i in 0..=count - len {
                    if words.has(i, len) {
                        let (from, to) = (offsets[i], offsets[i + len]);
                        let start = piece.start + i;
                        emit(Piece {
                            word: &word[from..to],
                            start,
                            end: start + len,
                            byte_start: piece.byte_start + from,
                        });
                    }
                }
            }
        }
        emit(piece);
    });
}
