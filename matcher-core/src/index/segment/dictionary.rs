//! jieba's dictionary, compiled by `build.rs` into a character trie (`trie_layout.rs`) and borrowed from
//! the binary (a 16 MiB table: 2^20 slots of 16 bytes, under half of them used): nothing is parsed or
//! allocated when a process starts, and a step of a walk is a probe or two of the table. The first
//! step of every walk, from the root, is read from a second table indexed by character (640 KiB), which
//! stays in the cache where the large one cannot: the analyzer ~11% faster on ingest's text. The steps after
//! it go through a thread's [`StepCache`] of the large table's last answers: ~12% faster again.

use super::trie_layout::{
    edge_key, home_slot, CHILD_SHIFT, FLAG_PREFIX, FLAG_WORD, KEY_MASK, NODE_BITS, ROOT_SPAN, SLOT_BYTES,
};

// `NODES` and `LONGEST` are read by the tests only.
#[allow(dead_code)]
mod meta {
    include!(concat!(env!("OUT_DIR"), "/jieba_meta.rs"));
}

/// `1 << SLOT_BITS` slots of `SLOT_BYTES` bytes; an all-zero slot is empty.
static TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_trie.bin"));

/// The root's edges by character, for characters below `ROOT_SPAN`: the same slots, an empty one where no
/// word starts with the character.
static ROOT_EDGES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_root.bin"));

/// The trie's root: the empty prefix.
pub(super) const ROOT: u32 = 0;

/// One step of a walk down the trie.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    /// The node reached.
    pub node: u32,
    /// `ln` of its frequency, when it is a word.
    pub log_freq: f64,
    flags: u64,
}

impl Step {
    /// The prefix walked so far is a word of the dictionary.
    pub fn is_word(self) -> bool {
        self.flags & FLAG_WORD != 0
    }

    /// A longer word starts with the prefix walked so far.
    pub fn is_prefix(self) -> bool {
        self.flags & FLAG_PREFIX != 0
    }
}

fn slot(table: &[u8], index: usize) -> Option<(u64, f64)> {
    let bytes = table.get(index * SLOT_BYTES..(index + 1) * SLOT_BYTES)?;
    let (word, log_freq) = bytes.split_at(8);
    Some((u64::from_le_bytes(word.try_into().ok()?), f64::from_le_bytes(log_freq.try_into().ok()?)))
}

/// The node reached from `node` by `c`, if some word goes on that way (the segmenter asks through a
/// [`StepCache`]).
#[cfg(test)]
pub(super) fn step(node: u32, c: char) -> Option<Step> {
    if node == ROOT && (c as usize) < ROOT_SPAN {
        return root_step(c);
    }
    probe(edge_key(node, c)).map(|(word, log_freq)| found(word, log_freq))
}

/// The first step of a walk, from the character's own slot of the root table: its edge, or empty.
#[inline]
fn root_step(c: char) -> Option<Step> {
    let (word, log_freq) = slot(ROOT_EDGES, c as usize)?;
    (word != 0).then(|| found(word, log_freq))
}

/// The slot holding the edge `key` in the hashed table, where every edge is.
#[inline]
fn probe(key: u64) -> Option<(u64, f64)> {
    let mask = (1usize << meta::SLOT_BITS) - 1;
    let mut index = home_slot(key, meta::SLOT_BITS);
    loop {
        let (word, log_freq) = slot(TRIE, index)?;
        if word == 0 {
            return None;
        }
        if word & KEY_MASK == key {
            return Some((word, log_freq));
        }
        index = (index + 1) & mask;
    }
}

/// Bits of a [`StepCache`]: 16,384 entries of 24 bytes (384 KiB), which stay in a core's L2 cache where the
/// 16 MiB table cannot. (8,192 entries: the analyzer ~5% slower on ingest's text.)
const CACHE_BITS: u32 = 14;

/// Marks a cache entry as filled (no edge key reaches bit 63).
const CACHED: u64 = 1 << 63;

/// One answer of the hashed table: the edge's key with [`CACHED`], and its slot (a zero word: no edge).
#[derive(Clone, Copy, Default)]
struct Cached {
    key: u64,
    word: u64,
    log_freq: f64,
}

/// The hashed table's last answers, one per cache slot: the steps after the first go to the 16 MiB table,
/// and the load of the slot probed there was ~30% of the segmenter's time. Text repeats its common words,
/// so most steps find their answer here. A thread keeps one (the segmenter's buffers); its answers are the
/// tables' own, absent edges included.
#[derive(Default)]
pub(super) struct StepCache {
    /// `1 << CACHE_BITS` entries, allocated at the first step that needs them.
    entries: Vec<Cached>,
}

impl StepCache {
    /// The node reached from `node` by `c`, if some word goes on that way: the first step from the root
    /// table, the others from the cache when it holds the edge, else from the hashed table.
    #[inline]
    pub fn step(&mut self, node: u32, c: char) -> Option<Step> {
        if node == ROOT && (c as usize) < ROOT_SPAN {
            return root_step(c);
        }
        if self.entries.is_empty() {
            self.entries = vec![Cached::default(); 1 << CACHE_BITS];
        }
        let key = edge_key(node, c);
        // The mask keeps the index inside the entries (a power of two of them) whatever `home_slot` gives.
        let mask = self.entries.len() - 1;
        let entry = &mut self.entries[home_slot(key, CACHE_BITS) & mask];
        if entry.key != key | CACHED {
            let (word, log_freq) = probe(key).unwrap_or((0, 0.0));
            *entry = Cached { key: key | CACHED, word, log_freq };
        }
        (entry.word != 0).then(|| found(entry.word, entry.log_freq))
    }
}

/// The step a slot holding the edge sought leads to.
#[inline]
fn found(word: u64, log_freq: f64) -> Step {
    let child = ((word >> CHILD_SHIFT) & ((1 << NODE_BITS) - 1)) as u32;
    Step { node: child, log_freq, flags: word & (FLAG_WORD | FLAG_PREFIX) }
}

/// Whether `word` is a word of the dictionary (the tests ask; the segmenter reads the words of a run).
#[cfg(test)]
pub(super) fn is_word(word: &str) -> bool {
    let mut last: Option<Step> = None;
    for c in word.chars() {
        match step(last.map_or(ROOT, |s| s.node), c) {
            Some(s) => last = Some(s),
            None => return false,
        }
    }
    last.is_some_and(Step::is_word)
}

/// `ln` of the sum of every word's frequency: what a word's frequency is divided by.
pub(super) fn log_total() -> f64 {
    (meta::TOTAL as f64).ln()
}

/// Nodes of the trie and the longest word's characters, for the tests.
#[cfg(test)]
pub(super) fn size() -> (usize, usize) {
    (meta::NODES, meta::LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_table_answers_as_the_hashed_table_does() {
        let view = |s: Option<Step>| s.map(|s| (s.node, s.log_freq.to_bits(), s.flags));
        let mut starts = 0;
        for c in (0..ROOT_SPAN as u32).filter_map(char::from_u32) {
            let direct = step(ROOT, c);
            let hashed = probe(edge_key(ROOT, c)).map(|(word, log_freq)| found(word, log_freq));
            assert_eq!(view(direct), view(hashed), "{c:?} (U+{:04X})", c as u32);
            starts += usize::from(direct.is_some());
        }
        // Words start with most of the CJK ideographs, and with a few capitals (AA制, B超).
        assert!(starts > 10_000, "{starts} characters start a word");
        assert!(step(ROOT, '中').is_some_and(|s| s.is_prefix()) && step(ROOT, 'A').is_some());
    }

    /// Walks of many words and of steps no word takes, asked twice in different orders: far more edges
    /// than the cache has entries, so answers are evicted, replaced and asked again.
    #[test]
    fn the_step_cache_answers_as_the_table_does() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/jieba/dict.txt");
        let text = std::fs::read_to_string(path).unwrap();
        let words: Vec<Vec<char>> = text
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .take(60_000)
            .map(|w| w.chars().collect())
            .collect();
        let view = |s: Option<Step>| s.map(|s| (s.node, s.log_freq.to_bits(), s.flags));
        let mut cache = StepCache::default();
        let (mut asked, mut absent) = (0usize, 0usize);
        for pass in 0..2 {
            let order: Box<dyn Iterator<Item = &Vec<char>>> =
                if pass == 0 { Box::new(words.iter()) } else { Box::new(words.iter().rev()) };
            for word in order {
                let mut node = ROOT;
                // Each prefix of the word, then a step off it that no word takes (U+E000 is for private use).
                for &c in word.iter().chain(std::iter::once(&'\u{E000}')) {
                    let expected = step(node, c);
                    assert_eq!(view(cache.step(node, c)), view(expected), "{word:?}: {c:?} from node {node}");
                    asked += 1;
                    match expected {
                        Some(s) => node = s.node,
                        None => {
                            absent += 1;
                            break;
                        }
                    }
                }
            }
        }
        assert!(asked > 200_000 && absent > 100_000, "{asked} steps asked, {absent} of them absent");
        // A first step on a character past the root table's span goes through the cache too.
        for c in ['\u{A000}', '\u{AC00}', '\u{F900}', '\u{FF21}', '\u{20000}', '\u{2A6E0}', '\u{10FFFF}'] {
            assert_eq!(view(cache.step(ROOT, c)), view(step(ROOT, c)), "{c:?}");
            assert_eq!(view(cache.step(ROOT, c)), view(step(ROOT, c)), "{c:?}, asked again");
        }
    }
}
