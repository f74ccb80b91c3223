//! `SharedPostings`: decoded postings kept across successive live catalogs. A catalog that follows another
//! keeps what was decoded but the postings that changed; the one it replaced may still be answering
//! requests, and must neither fill the cache with its own (now stale) version of a changed posting nor read
//! the new version of one: each live catalog holds the generation it was made in, and only the current
//! generation reads or fills the cache. Checked and written under one lock, so no interleaving lets a stale
//! posting in.

use std::hash::Hash;
use std::sync::{Arc, Mutex};

use super::bounded::Bounded;

/// The kept values and the generation allowed to use them.
struct Kept<K: Hash + Eq, V> {
    generation: u64,
    values: Bounded<K, V>,
}

/// One live catalog's handle on the values shared with the catalogs before and after it.
pub struct SharedPostings<K: Hash + Eq, V> {
    kept: Arc<Mutex<Kept<K, V>>>,
    generation: u64,
}

impl<K: Hash + Eq + Clone, V: Clone> SharedPostings<K, V> {
    /// An empty cache of at most `budget` bytes.
    pub fn new(budget: usize) -> SharedPostings<K, V> {
        SharedPostings {
            kept: Arc::new(Mutex::new(Kept { generation: 0, values: Bounded::new(budget) })),
            generation: 0,
        }
    }

    /// The handle of the catalog that replaces this one, `changed` keys written or deleted: what was kept is
    /// kept but those, and from now on this handle neither reads nor fills the cache.
    pub fn succeeded_by(&self, changed: &[K]) -> SharedPostings<K, V> {
        let Ok(mut kept) = self.kept.lock() else {
            // A worker failed holding the lock: start afresh rather than share a cache in an unknown state.
            return SharedPostings::new(0);
        };
        for key in changed {
            kept.values.pop(key);
        }
        kept.generation += 1;
        SharedPostings { kept: self.kept.clone(), generation: kept.generation }
    }

    /// A kept value, if this handle is current.
    pub fn get(&self, key: &K) -> Option<V> {
        let mut kept = self.kept.lock().ok()?;
        if kept.generation != self.generation {
            return None;
        }
        kept.values.get(key).cloned()
    }

    /// Keeps a value of about `weight` bytes, if this handle is still current.
    pub fn put(&self, key: K, value: V, weight: usize) {
        let Ok(mut kept) = self.kept.lock() else { return };
        if kept.generation == self.generation {
            kept.values.put(key, value, weight);
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.values.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_catalog_neither_fills_nor_reads_the_cache() {
        let old: SharedPostings<&str, &str> = SharedPostings::new(1_000);
        old.put("TT1", "old text", 10);
        old.put("TT2", "unchanged", 10);
        let next = old.succeeded_by(&["TT1"]);
        assert_eq!(next.get(&"TT1"), None, "a changed posting is decoded again");
        assert_eq!(next.get(&"TT2"), Some("unchanged"), "the others are kept");
        // A request still running on the old catalog decodes its own version and offers it: not kept.
        old.put("TT1", "old text", 10);
        assert_eq!(next.get(&"TT1"), None, "the replaced catalog's stale posting never reaches the new one");
        next.put("TT1", "new text", 10);
        assert_eq!(old.get(&"TT1"), None, "nor does the new version reach the old catalog");
        assert_eq!(next.get(&"TT1"), Some("new text"));
        let third = next.succeeded_by(&[]);
        next.put("TT3", "late", 10);
        assert_eq!(third.get(&"TT3"), None);
        assert_eq!(third.get(&"TT1"), Some("new text"), "kept through a change of nothing");
    }
}
