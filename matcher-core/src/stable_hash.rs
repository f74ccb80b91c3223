//! A hash that is the same in every process and on every machine (FNV-1a, 64 bits), for fingerprints kept
//! in files. Not for hash tables: it is slow and anyone can make it collide.

/// FNV-1a's offset basis: the hash of nothing.
pub(crate) const EMPTY: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// `bytes` hashed on from `hash` (start from [`EMPTY`]).
pub(crate) fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

/// `text` hashed on from `hash`, ended by its length, so that ("ab", "c") and ("a", "bc") differ.
pub(crate) fn fnv1a_part(hash: u64, text: &str) -> u64 {
    fnv1a(fnv1a(hash, text.as_bytes()), &(text.len() as u64).to_le_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_gives_the_published_values() {
        // From the FNV reference's test vectors (64-bit FNV-1a).
        assert_eq!(fnv1a(EMPTY, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(EMPTY, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(EMPTY, b"foobar"), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a_part(fnv1a_part(EMPTY, "ab"), "c"), fnv1a_part(fnv1a_part(EMPTY, "a"), "bc"));
    }
}
