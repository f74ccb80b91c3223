//! Compiles jieba's dictionary (`data/jieba/dict.txt`) into a character trie the segmenter borrows from
//! the binary, so that no process parses 349,045 lines before its first word (that took ~120 ms).
//! The layout is in `src/index/segment/trie_layout.rs`; the table is written to `OUT_DIR` and included
//! with `include_bytes!` by `src/index/segment/dictionary.rs`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

include!("src/index/segment/trie_layout.rs");

/// A node of the trie being built.
#[derive(Default)]
struct Node {
    /// The word's frequency, when the node is a word.
    freq: Option<u64>,
    /// Some word is longer than the node's prefix.
    prefix: bool,
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dict_path = manifest.join("../data/jieba/dict.txt");
    println!("cargo:rerun-if-changed={}", dict_path.display());
    println!("cargo:rerun-if-changed=src/index/segment/trie_layout.rs");
    let text = std::fs::read_to_string(&dict_path).unwrap_or_else(|e| panic!("{}: {e}", dict_path.display()));

    // Node 0 is the empty prefix. A word listed twice keeps its last frequency and the total counts both,
    // as jieba does when it loads its default dictionary.
    let mut nodes: Vec<Node> = vec![Node::default()];
    let mut edges: Vec<(u32, char, u32)> = Vec::new();
    let mut children: HashMap<(u32, char), u32> = HashMap::new();
    let mut total: u64 = 0;
    let mut longest = 0usize;
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq: u64 = match fields.next() {
            Some(f) => f.parse().unwrap_or_else(|e| panic!("dict.txt line {}: frequency {f:?}: {e}", n + 1)),
            None => 0,
        };
        total += freq;
        longest = longest.max(word.chars().count());
        let mut node = 0u32;
        for c in word.chars() {
            nodes[node as usize].prefix = true;
            node = *children.entry((node, c)).or_insert_with(|| {
                let child = u32::try_from(nodes.len()).expect("under 4 billion nodes");
                nodes.push(Node::default());
                edges.push((node, c, child));
                child
            });
        }
        nodes[node as usize].freq = Some(freq);
    }
    assert!(nodes.len() < 1 << NODE_BITS, "{} nodes do not fit in {NODE_BITS} bits", nodes.len());

    let bits = (edges.len() * 2).next_power_of_two().trailing_zeros();
    let mut slots = vec![[0u8; SLOT_BYTES]; 1 << bits];
    // The root's edges are also kept by character, one slot each, for the first step of every walk.
    let mut root = vec![[0u8; SLOT_BYTES]; ROOT_SPAN];
    for &(parent, c, child) in &edges {
        let key = edge_key(parent, c);
        let node = &nodes[child as usize];
        let mut word = key | (u64::from(child) << CHILD_SHIFT);
        if node.prefix {
            word |= FLAG_PREFIX;
        }
        let log_freq = match node.freq {
            Some(freq) => {
                word |= FLAG_WORD;
                (freq as f64).ln()
            }
            None => 0.0,
        };
        let mut slot = home_slot(key, bits);
        while slots[slot] != [0u8; SLOT_BYTES] {
            slot = (slot + 1) & ((1 << bits) - 1);
        }
        slots[slot][..8].copy_from_slice(&word.to_le_bytes());
        slots[slot][8..].copy_from_slice(&log_freq.to_le_bytes());
        if parent == 0 && (c as usize) < ROOT_SPAN {
            root[c as usize] = slots[slot];
        }
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba_trie.bin"), slots.concat()).expect("write the trie");
    std::fs::write(out.join("jieba_root.bin"), root.concat()).expect("write the root table");
    let mut meta = String::new();
    writeln!(meta, "/// Sum of every listed word's frequency.\npub const TOTAL: u64 = {total};").unwrap();
    writeln!(meta, "/// The table has `1 << SLOT_BITS` slots.\npub const SLOT_BITS: u32 = {bits};").unwrap();
    writeln!(meta, "/// Nodes of the trie, the empty prefix included.\npub const NODES: usize = {};", nodes.len())
        .unwrap();
    writeln!(meta, "/// Characters of the longest word.\npub const LONGEST: usize = {longest};").unwrap();
    std::fs::write(out.join("jieba_meta.rs"), meta).expect("write meta");
}
