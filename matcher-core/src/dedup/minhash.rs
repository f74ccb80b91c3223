//! MinHash over character 3-gram shingles: a fixed-size signature whose agreement estimates the Jaccard
//! similarity of two descriptions. Character shingles suit Chinese, which has no spaces between words.

use crate::normalize::{is_word_char, push_lowercase};
use crate::stable_hash;

/// Hash functions in a signature; the estimate's standard error is about √(J(1−J)/32) ≤ 0.09.
pub const SIGNATURE_LEN: usize = 32;
const SHINGLE: usize = 3;

/// A description's signature.
pub type MinHashSignature = [u32; SIGNATURE_LEN];

/// Computes signatures; the same seed always gives the same signatures.
#[derive(Debug, Clone)]
pub struct MinHash {
    multipliers: [u64; SIGNATURE_LEN],
    offsets: [u64; SIGNATURE_LEN],
}

impl Default for MinHash {
    fn default() -> Self {
        MinHash::new(0x6a09_e667_f3bc_c908)
    }
}

impl MinHash {
    /// Hash functions drawn from `seed` by splitmix64.
    pub fn new(seed: u64) -> MinHash {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut multipliers = [0u64; SIGNATURE_LEN];
        let mut offsets = [0u64; SIGNATURE_LEN];
        for i in 0..SIGNATURE_LEN {
            multipliers[i] = next() | 1;
            offsets[i] = next();
        }
        MinHash { multipliers, offsets }
    }

    /// The signature of a text: letters and digits only, lower-cased, in 3-character shingles.
    pub fn signature(&self, text: &str) -> MinHashSignature {
        let chars = letters(text);
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512dq") {
                // SAFETY: the processor has the features the function is compiled for.
                return unsafe { self.shingles_avx512(&chars) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: as above.
                return unsafe { self.shingles_avx2(&chars) };
            }
        }
        self.shingles(&chars)
    }

    /// The signature of letters already filtered and lower-cased: for each shingle, 32 multiply-add hashes of
    /// 64 bits and their minimums, which vectorises only where the processor multiplies 64-bit lanes.
    #[inline(always)]
    fn shingles(&self, chars: &[char]) -> MinHashSignature {
        let mut signature = [u32::MAX; SIGNATURE_LEN];
        if chars.is_empty() {
            return signature;
        }
        let width = SHINGLE.min(chars.len());
        for shingle in chars.windows(width) {
            let base = fnv1a(shingle);
            for ((slot, multiplier), offset) in signature.iter_mut().zip(&self.multipliers).zip(&self.offsets) {
                let h = (base.wrapping_mul(*multiplier).wrapping_add(*offset) >> 32) as u32;
                *slot = (*slot).min(h);
            }
        }
        signature
    }

    /// [`MinHash::shingles`] compiled for AVX-512 (eight 64-bit products an instruction): the same
    /// signature.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq")]
    unsafe fn shingles_avx512(&self, chars: &[char]) -> MinHashSignature {
        self.shingles(chars)
    }

    /// [`MinHash::shingles`] compiled for AVX2: the same signature.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn shingles_avx2(&self, chars: &[char]) -> MinHashSignature {
        self.shingles(chars)
    }
}

/// The letters and digits of a text, lower-cased: what is shingled.
fn letters(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = Vec::with_capacity(text.len() / 2);
    for c in text.chars().filter(|c| is_word_char(*c)) {
        push_lowercase(&mut chars, c);
    }
    chars
}

/// Estimated Jaccard similarity of the texts behind two signatures, in [0, 1].
pub fn similarity(a: &MinHashSignature, b: &MinHashSignature) -> f64 {
    let agree = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count();
    agree as f64 / SIGNATURE_LEN as f64
}

/// A shingle's hash: FNV-1a over each character's four bytes.
fn fnv1a(chars: &[char]) -> u64 {
    chars.iter().fold(stable_hash::EMPTY, |hash, c| stable_hash::fnv1a(hash, &(*c as u32).to_le_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BASE: &str = "负责公司客户的日常维护与开发，完成销售目标；要求大专及以上学历，市场营销相关专业，沟通能力强，能吃苦耐劳，有驾照者优先，公司提供五险一金与住宿。";

    #[test]
    fn a_shingle_hashes_as_fnv1a_over_each_characters_four_bytes() {
        // Worked out apart, in Python, from FNV-1a's definition: signatures never change between builds.
        assert_eq!(fnv1a(&['a', 'b', 'c', '岗', '位']), 0x15d9_4638_4401_fc42);
        assert_eq!(fnv1a(&[]), stable_hash::EMPTY);
    }

    #[test]
    fn near_copies_are_close_and_different_texts_far() {
        let m = MinHash::default();
        let edited = BASE.replace("有驾照者优先，", "");
        let other = "负责幼儿园日常保育工作，照顾幼儿饮食起居，配合教师开展教学活动，持保育员证优先，女性，身体健康。";
        assert!(similarity(&m.signature(BASE), &m.signature(&edited)) > 0.7);
        assert!(similarity(&m.signature(BASE), &m.signature(other)) < 0.3);
        assert_eq!(similarity(&m.signature(BASE), &m.signature(BASE)), 1.0);
    }

    /// Every build of the fold gives the signature of the portable one, whatever this processor runs.
    #[test]
    fn vectorised_signatures_are_the_portable_ones() {
        let m = MinHash::default();
        let texts = [BASE, "", "ab", "Java开发工程师（应届）", "负责幼儿园日常保育工作，照顾幼儿饮食起居。"];
        for text in texts {
            let chars = letters(text);
            let portable = m.shingles(&chars);
            assert_eq!(m.signature(text), portable, "{text}");
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the processor has AVX2.
                    assert_eq!(unsafe { m.shingles_avx2(&chars) }, portable, "{text}");
                }
                if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512dq") {
                    // SAFETY: the processor has AVX-512F and AVX-512DQ.
                    assert_eq!(unsafe { m.shingles_avx512(&chars) }, portable, "{text}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn similarity_in_unit_interval_and_symmetric(a in "\\PC{0,40}", b in "\\PC{0,40}") {
            let m = MinHash::default();
            let (sa, sb) = (m.signature(&a), m.signature(&b));
            let s = similarity(&sa, &sb);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert_eq!(s, similarity(&sb, &sa));
        }
    }
}
