// The layout of the compiled dictionary, shared word for word by the build script (`build.rs` includes
// this file) and the lookup (`dictionary.rs`), so the two cannot disagree.
//
// The dictionary is a trie of characters: node 0 is the empty prefix, every word and every prefix of a
// word is a node. Its edges live in an open-addressing hash table of `1 << SLOT_BITS` slots of 16 bytes:
// a little-endian u64 holding the edge's key (parent node and character), the child node and two flags,
// then the little-endian f64 `ln` of the child's frequency when the child is a word.

/// Characters below this have their edge from the root (the first step of every walk) in a table of its
/// own, one slot per character: ASCII and the CJK blocks up to U+9FFF, where nearly every word starts, read
/// with one load from 640 KiB instead of a probe into the 16 MiB table. (Every word of jieba's dictionary
/// starts below it; a character past it is looked up in the hashed table as before.)
pub const ROOT_SPAN: usize = 0xA000;

/// Bytes of one slot.
pub const SLOT_BYTES: usize = 16;

/// Bits of a character (every Unicode scalar value fits).
const CHAR_BITS: u32 = 21;

/// Nodes are numbered below `1 << NODE_BITS`.
pub const NODE_BITS: u32 = 20;

/// The low bits of a slot's u64: parent node and character.
pub const KEY_MASK: u64 = (1 << (NODE_BITS + CHAR_BITS)) - 1;

/// Where the child node's number starts in a slot's u64.
pub const CHILD_SHIFT: u32 = NODE_BITS + CHAR_BITS;

/// The child is a word of the dictionary.
pub const FLAG_WORD: u64 = 1 << 61;

/// The child is a prefix of a longer word, so a walk must go on past it.
pub const FLAG_PREFIX: u64 = 1 << 62;

/// The key of the edge from `parent` by `c`.
#[inline]
pub fn edge_key(parent: u32, c: char) -> u64 {
    (u64::from(parent) << CHAR_BITS) | u64::from(u32::from(c))
}

/// The first slot an edge's key probes: the high bits after a multiplicative mix.
#[inline]
pub fn home_slot(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}
