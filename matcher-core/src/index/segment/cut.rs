//! jieba's default cut: text split into runs of "Han" characters (CJK, ASCII letters and digits, `+#&._%-`)
//! and the rest; a run segmented along the most probable route through the dictionary's words, where
//! the route leaves single characters that together are not a word, jieba's HMM joins them.
//!
//! The same tokens, offsets and tie-breaks as `jieba_rs::Jieba::cut(text, true)` with the default
//! dictionary; `tests` checks that against jieba-rs itself.

use std::cell::RefCell;
use std::sync::LazyLock;

use super::dictionary;
use super::Piece;

/// jieba-rs without a dictionary: only its HMM is used, for runs the dictionary does not know. Built on
/// first use; without a dictionary that is an empty trie (about half a megabyte), not a load.
static HMM: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::empty);

/// The characters of jieba's `RE_HAN_DEFAULT`: CJK ideographs, ASCII letters and digits, `+#&._%-`.
fn is_han_default(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2B73F}'
            | '\u{2B740}'..='\u{2B81F}'
            | '\u{2B820}'..='\u{2CEAF}'
            | '\u{2CEB0}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}')
    }
}

thread_local! {
    /// Each thread's buffers, kept between calls so that a cut does not allocate them again.
    static BUFFERS: RefCell<Block> = RefCell::new(Block::default());
}

/// Cuts `sentence`, handing each word to `emit` in order, with the dictionary words of its run when it
/// came from a run of Han characters (only those have dictionary words inside them).
pub(super) fn cut<'a>(sentence: &'a str, mut emit: impl FnMut(Piece<'a>, Option<Words<'_>>)) {
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut block) => cut_with(sentence, &mut block, &mut emit),
        // Only if `emit` itself cuts (nothing does): then with buffers of its own, whose step cache is
        // allocated anew (384 KiB) at the first step past a root.
        Err(_) => cut_with(sentence, &mut Block::default(), &mut emit),
    });
}

/// The dictionary words of the run a word was cut from, seen from the word's first character.
#[derive(Clone, Copy)]
pub(super) struct Words<'b> {
    block: &'b Block,
    at: usize,
}

impl Words<'_> {
    /// Whether the `len` characters from the word's character `i` are a dictionary word.
    pub fn has(self, i: usize, len: usize) -> bool {
        let from = self.at + i;
        from < self.block.chars.len() && self.block.edges_from(from).iter().any(|&(end, _)| end == from + len)
    }
}

fn cut_with<'a>(sentence: &'a str, block: &mut Block, emit: &mut impl FnMut(Piece<'a>, Option<Words<'_>>)) {
    let mut unicode = 0usize;
    let mut pos = 0usize;
    while let Some(rest) = sentence.get(pos..) {
        let mut chars = rest.char_indices();
        let Some((_, first)) = chars.next() else { break };
        let han = is_han_default(first);
        block.chars.clear();
        block.chars.push((0, first));
        let mut end = first.len_utf8();
        for (i, c) in chars {
            if is_han_default(c) != han {
                break;
            }
            block.chars.push((i, c));
            end = i + c.len_utf8();
        }
        let text = &rest[..end];
        if han {
            block.cut(text, pos, &mut unicode, emit);
        } else {
            let mut i = 0;
            while let Some(&(offset, c)) = block.chars.get(i) {
                let crlf = c == '\r' && matches!(block.chars.get(i + 1), Some(&(_, '\n')));
                let (len, count) = if crlf { (2, 2) } else { (c.len_utf8(), 1) };
                let word = &text[offset..offset + len];
                emit(Piece { word, start: unicode, end: unicode + count, byte_start: pos + offset }, None);
                unicode += count;
                i += count;
            }
        }
        pos += end;
    }
}

/// One run of Han characters and the buffers its segmentation reuses.
#[derive(Default)]
struct Block {
    /// Byte offset within the run, and character.
    chars: Vec<(usize, char)>,
    /// Dictionary words as (end character, `ln` of frequency), listed by start character…
    edges: Vec<(usize, f64)>,
    /// …from `edges[starts[i]]` to `edges[starts[i + 1]]`.
    starts: Vec<usize>,
    /// From each character: the log-probability of the rest of the run, and where the best word ends.
    route: Vec<(f64, usize)>,
    /// The dictionary's last answers.
    cache: dictionary::StepCache,
}

impl Block {
    fn byte(&self, text: &str, idx: usize) -> usize {
        self.chars.get(idx).map_or(text.len(), |&(offset, _)| offset)
    }

    /// Every dictionary word of the run, by start character.
    fn words(&mut self) {
        let n = self.chars.len();
        self.edges.clear();
        self.starts.clear();
        for pos in 0..n {
            self.starts.push(self.edges.len());
            let mut node = dictionary::ROOT;
            for next in pos..n {
                let Some(step) = self.cache.step(node, self.chars[next].1) else { break };
                if step.is_word() {
                    self.edges.push((next + 1, step.log_freq));
                }
                if !step.is_prefix() {
                    break;
                }
                node = step.node;
            }
        }
        self.starts.push(self.edges.len());
    }

    fn edges_from(&self, idx: usize) -> &[(usize, f64)] {
        &self.edges[self.starts[idx]..self.starts[idx + 1]]
    }

    /// The most probable route, computed from the run's end; ties go to the longer word, as in jieba.
    fn route(&mut self) {
        let n = self.chars.len();
        let log_total = dictionary::log_total();
        let log_one = 0.0f64 - log_total;
        self.route.clear();
        self.route.resize(n + 1, (0.0, n));
        for idx in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            for &(end, log_freq) in self.edges_from(idx) {
                let prob = log_freq - log_total + self.route[end].0;
                match best {
                    Some((p, e)) if !(prob > p || (prob == p && end > e)) => {}
                    _ => best = Some((prob, end)),
                }
            }
            self.route[idx] = best.unwrap_or((log_one + self.route[idx + 1].0, idx + 1));
        }
    }

    /// Segments the run `text`, which starts at byte `base` of the sentence and at character `*unicode`.
    fn cut<'a>(
        &mut self,
        text: &'a str,
        base: usize,
        unicode: &mut usize,
        emit: &mut impl FnMut(Piece<'a>, Option<Words<'_>>),
    ) {
        self.words();
        self.route();
        let n = self.chars.len();
        let mut span = |x: usize, y: usize, unicode: &mut usize| {
            let from = self.byte(text, x);
            let word = &text[from..self.byte(text, y)];
            emit(
                Piece { word, start: *unicode, end: *unicode + (y - x), byte_start: base + from },
                Some(Words { block: self, at: x }),
            );
            *unicode += y - x;
        };
        let mut x = 0;
        let mut left: Option<usize> = None;
        while x < n {
            let y = self.route[x].1;
            if y - x == 1 {
                left.get_or_insert(x);
            } else {
                if let Some(start) = left.take() {
                    self.singles(text, start, x, unicode, &mut span);
                }
                span(x, y, unicode);
            }
            x = y;
        }
        if let Some(start) = left {
            self.singles(text, start, n, unicode, &mut span);
        }
    }

    /// Characters `x..y` the route left one by one: a single character stays one; a run that is a word
    /// stays single characters (the route preferred them); any other run goes to the HMM.
    fn singles(
        &self,
        text: &str,
        x: usize,
        y: usize,
        unicode: &mut usize,
        span: &mut impl FnMut(usize, usize, &mut usize),
    ) {
        if y - x == 1 {
            span(x, y, unicode);
        } else if self.edges_from(x).iter().any(|&(end, _)| end == y) {
            for k in x..y {
                span(k, k + 1, unicode);
            }
        } else {
            let from = self.byte(text, x);
            let run = &text[from..self.byte(text, y)];
            for token in HMM.cut(run, true) {
                let count = token.end - token.start;
                // `span` works in characters of this run; the HMM's words are contiguous and in order.
                let start = x + token.start;
                span(start, start + count, unicode);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two routes of exactly equal probability: jieba takes the one whose first word is longer. Real text
    /// rarely ties exactly, so the rule is checked on made-up words whose sums are exact in binary.
    #[test]
    fn an_exact_tie_goes_to_the_longer_word() {
        let total = dictionary::log_total();
        let c = -7.0;
        let mut block = Block { chars: vec![(0, '甲'), (3, '乙')], ..Block::default() };
        // From 甲: 甲 (then 乙, which scores exactly 0 once `total` is taken off) or 甲乙, the same score.
        block.edges = vec![(1, c), (2, c), (2, total)];
        block.starts = vec![0, 2, 3];
        block.route();
        assert_eq!(block.route[1], (0.0, 2), "乙 alone scores ln(total) - ln(total)");
        assert_eq!(block.route[0].0, c - total, "both routes score the same");
        assert_eq!(block.route[0].1, 2, "the tie goes to 甲乙");
    }
}
