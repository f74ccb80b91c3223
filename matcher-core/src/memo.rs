//! `Memo`: answers kept so that the same question is not worked out twice (a title's occupation, a word's
//! live document frequency), shared by the clones that hold it. Keys may come from clients and students, so
//! it is bounded by entries and by the bytes its keys hold: when either bound would be passed it is emptied
//! (the old table freed outside its lock) and fills again; its keys hash with a random key (a fixed one would
//! let a client send keys that all collide), and `Debug` shows how many it keeps, never which.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Kept answers `V` by key `K`, at most `entries` of them and `bytes` of keys.
pub(crate) struct Memo<K, V> {
    kept: Mutex<Kept<K, V>>,
    entries: usize,
    bytes: usize,
}

struct Kept<K, V> {
    answers: HashMap<K, V>,
    bytes: usize,
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// An empty memo of at most `entries` answers and `bytes` bytes of keys.
    pub(crate) fn new(entries: usize, bytes: usize) -> Memo<K, V> {
        Memo { kept: Mutex::new(Kept { answers: HashMap::new(), bytes: 0 }), entries, bytes }
    }

    /// The answer kept for `key`, if any. A lock poisoned by a panic elsewhere only costs the memo.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.kept.lock().ok()?.answers.get(key).cloned()
    }

    /// Keeps `answer` for `key`, whose bytes count `bytes` against the bound.
    pub(crate) fn keep(&self, key: K, answer: V, bytes: usize) {
        let mut emptied = None;
        if let Ok(mut kept) = self.kept.lock() {
            if kept.answers.len() >= self.entries || kept.bytes + bytes > self.bytes {
                // Freed once the lock is let go, not while others wait for it.
                emptied = Some(std::mem::take(&mut kept.answers));
                kept.bytes = 0;
            }
            if kept.answers.insert(key, answer).is_none() {
                kept.bytes += bytes;
            }
        }
        drop(emptied);
    }

    /// How many answers are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.answers.len())
    }
}

/// Says how many answers are kept, never which: a `{:?}` of what holds a memo shows no key.
impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().map_or(0, |kept| kept.answers.len());
        f.debug_struct("Memo").field("kept", &kept).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_and_given_back() {
        let memo: Memo<Box<str>, Option<String>> = Memo::new(10, 100);
        assert_eq!(memo.get("会计"), None);
        memo.keep("会计".into(), Some("2-06-03-00".into()), 6);
        memo.keep("焊工x".into(), None, 7);
        assert_eq!(memo.get("会计"), Some(Some("2-06-03-00".into())));
        assert_eq!(memo.get("焊工x"), Some(None), "no answer is an answer too");
        assert_eq!(format!("{memo:?}"), "Memo { kept: 2 }", "no key shows");
    }

    #[test]
    fn it_never_holds_more_than_its_bounds() {
        let memo: Memo<String, usize> = Memo::new(1_000, usize::MAX);
        for i in 0..1_010 {
            memo.keep(format!("岗位{i}"), i, 8);
            assert!(memo.len() <= 1_000);
        }
        assert_eq!(memo.len(), 10, "emptied when full, then filled again");
        assert_eq!(memo.get("岗位1009"), Some(1_009));
        // Long keys fill it by their bytes before their number.
        let memo: Memo<String, usize> = Memo::new(1_000, 4_000);
        for i in 0..30 {
            memo.keep(format!("{i:0>200}"), i, 200);
        }
        assert_eq!(memo.len(), 10, "20 keys of 200 bytes fill 4,000 bytes; the 21st empties it");
    }
}
