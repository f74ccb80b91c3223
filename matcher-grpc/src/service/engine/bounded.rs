//! A least-recently-used map bounded by the bytes of what it holds, not by how many entries: one long
//! intention or description must not let a cache grow without limit.

use std::hash::Hash;

/// An LRU map whose entries' weights (approximate bytes) never sum above its budget.
pub struct Bounded<K: Hash + Eq, V> {
    entries: lru::LruCache<K, (V, usize)>,
    bytes: usize,
    budget: usize,
}

impl<K: Hash + Eq, V> Bounded<K, V> {
    /// An empty map holding at most `budget` bytes.
    pub fn new(budget: usize) -> Bounded<K, V> {
        Bounded { entries: lru::LruCache::unbounded(), bytes: 0, budget }
    }

    /// The value of `key`, now the most recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.entries.get(key).map(|(value, _)| value)
    }

    /// Puts a value of `weight` bytes, evicting the least recently used until the budget holds; a value
    /// heavier than the whole budget is not kept.
    pub fn put(&mut self, key: K, value: V, weight: usize) {
        if let Some((_, old)) = self.entries.pop(&key) {
            self.bytes -= old;
        }
        if weight > self.budget {
            return;
        }
        while self.bytes + weight > self.budget {
            match self.entries.pop_lru() {
                Some((_, (_, old))) => self.bytes -= old,
                None => break,
            }
        }
        self.bytes += weight;
        self.entries.put(key, (value, weight));
    }

    /// Removes a key.
    pub fn pop(&mut self, key: &K) -> Option<V> {
        let (value, weight) = self.entries.pop(key)?;
        self.bytes -= weight;
        Some(value)
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_holds_whatever_is_put() {
        let mut map = Bounded::new(100);
        for i in 0..1000 {
            map.put(i, i, 7 + i % 13);
            assert!(map.bytes() <= 100);
        }
        assert!(map.get(&999).is_some(), "the newest is kept");
        assert!(map.get(&0).is_none(), "the oldest went");
        map.put(5000, 0, 1000);
        assert!(map.get(&5000).is_none(), "heavier than the budget: not kept");
        let before = map.bytes();
        map.put(999, 1, 7 + 999 % 13);
        assert_eq!(map.bytes(), before, "a replaced value's weight is not counted twice");
    }
}
