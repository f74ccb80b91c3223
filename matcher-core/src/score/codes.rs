//! Fixed-width codes for the hot path: industry and occupation codes as bytes, compared by shared prefix,
//! and an interner giving major, occupation and industry groups small integer ids.

use rustc_hash::FxHashMap;

/// An ASCII code of at most 10 bytes (an occupation `2-02-10-03`, an industry `6513`), stored inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ShortCode {
    bytes: [u8; 10],
    len: u8,
}

impl ShortCode {
    pub(crate) fn new(code: &str) -> ShortCode {
        let mut bytes = [0u8; 10];
        let len = code.len().min(10);
        bytes[..len].copy_from_slice(&code.as_bytes()[..len]);
        ShortCode { bytes, len: len as u8 }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.len)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len()]).unwrap_or("")
    }

    /// How many leading bytes the two codes share.
    pub(crate) fn shared(&self, other: &ShortCode) -> usize {
        self.bytes[..self.len()].iter().zip(&other.bytes[..other.len()]).take_while(|(a, b)| a == b).count()
    }

    /// True when `self` is `other` or one of its ancestors.
    pub(crate) fn covers(&self, other: &ShortCode) -> bool {
        !self.is_empty() && self.len <= other.len && self.shared(other) == self.len()
    }
}

/// Small ids for codes of several vocabularies (`m:` majors and groups, `o:` occupation groups, `i:` industry
/// divisions, `p:` occupation divisions), numbered in the order first seen across all of them. One map per
/// vocabulary, so that a look-up borrows the code instead of building a `prefix:code` key (a catalog build
/// interned half a million of them, a quarter of its sequential time).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    /// One map per vocabulary (FxHash: codes are short, and a catalog build looks up several per posting).
    vocabularies: Vec<(char, FxHashMap<Box<str>, u32>)>,
    len: u32,
}

/// An id no code has.
pub(crate) const NONE: u32 = u32::MAX;

impl Interner {
    pub(crate) fn intern(&mut self, prefix: char, code: &str) -> u32 {
        let at = match self.vocabularies.iter().position(|(p, _)| *p == prefix) {
            Some(at) => at,
            None => {
                self.vocabularies.push((prefix, FxHashMap::default()));
                self.vocabularies.len() - 1
            }
        };
        let ids = &mut self.vocabularies[at].1;
        if let Some(&id) = ids.get(code) {
            return id;
        }
        let id = self.len;
        self.len += 1;
        ids.insert(code.into(), id);
        id
    }

    pub(crate) fn get(&self, prefix: char, code: &str) -> u32 {
        self.vocabularies.iter().find(|(p, _)| *p == prefix).and_then(|(_, ids)| ids.get(code).copied()).unwrap_or(NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_prefixes_and_ancestry() {
        let (software, data) = (ShortCode::new("2-02-10-03"), ShortCode::new("2-02-10-09"));
        assert_eq!(software.shared(&data), 9);
        assert!(ShortCode::new("2-02").covers(&software));
        assert!(!software.covers(&ShortCode::new("2-02")));
        assert!(!ShortCode::default().covers(&software));
        assert_eq!(ShortCode::new("6513").as_str(), "6513");
    }

    #[test]
    fn ids_are_numbered_across_vocabularies_in_the_order_first_seen() {
        let mut interner = Interner::default();
        assert_eq!(interner.intern('m', "0809"), 0);
        assert_eq!(interner.intern('o', "0809"), 1, "the same code in another vocabulary is another code");
        assert_eq!(interner.intern('m', "080901"), 2);
        assert_eq!(interner.intern('m', "0809"), 0);
        assert_eq!(interner.get('o', "0809"), 1);
        assert_eq!(interner.get('i', "0809"), NONE);
        assert_eq!(interner.get('m', "08"), NONE);
    }
}
