//! `Chunks`: a vector stored in shared chunks of 4,096, so that a copy of a catalog costs a few pointers and
//! changing one element copies one chunk (copy on write). Indexing is a shift and a mask away from a plain
//! vector's. A run of elements pushed with [`Chunks::push_run`] never straddles two chunks, so it can be read
//! back as one slice (a posting's major requirements).

use std::ops::Index;
use std::sync::Arc;

const BITS: usize = 12;
/// Elements per chunk.
pub(crate) const CHUNK: usize = 1 << BITS;
const MASK: usize = CHUNK - 1;

/// A vector in shared chunks. Positions are `chunk << 12 | offset`; after [`Chunks::push_run`] some
/// positions may be unused (the end of a chunk skipped so that a run stays whole).
#[derive(Debug, Clone)]
pub(crate) struct Chunks<T: Clone> {
    chunks: Vec<Arc<Vec<T>>>,
    /// Elements stored (not counting skipped positions).
    count: usize,
}

impl<T: Clone> Default for Chunks<T> {
    fn default() -> Self {
        Chunks { chunks: Vec::new(), count: 0 }
    }
}

impl<T: Clone> Chunks<T> {
    /// Elements stored.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The position the next pushed element will have.
    pub(crate) fn next_position(&self) -> usize {
        match self.chunks.last() {
            None => 0,
            Some(last) if last.len() == CHUNK => self.chunks.len() << BITS,
            Some(last) => ((self.chunks.len() - 1) << BITS) | last.len(),
        }
    }

    /// Appends an element; returns its position.
    pub(crate) fn push(&mut self, item: T) -> usize {
        let position = self.next_position();
        if position >> BITS == self.chunks.len() {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(item);
        }
        self.count += 1;
        position
    }

    /// Appends a run of at most [`CHUNK`] elements inside one chunk (starting a new one if the last cannot
    /// hold it); returns the positions it takes.
    pub(crate) fn push_run(&mut self, items: &[T]) -> std::ops::Range<u32> {
        let items = &items[..items.len().min(CHUNK)];
        let start = self.next_position();
        let fits = (start & MASK) + items.len() <= CHUNK;
        let start = if fits || start & MASK == 0 {
            start
        } else {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
            (self.chunks.len() - 1) << BITS
        };
        for item in items {
            self.push(item.clone());
        }
        start as u32..(start + items.len()) as u32
    }

    /// The elements at `range` (one run).
    pub(crate) fn run(&self, range: std::ops::Range<u32>) -> &[T] {
        if range.is_empty() {
            return &[];
        }
        let (start, end) = (range.start as usize, range.end as usize);
        match self.chunks.get(start >> BITS) {
            Some(chunk) => chunk.get(start & MASK..((end - 1) & MASK) + 1).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The element at `position`, if there is one.
    pub(crate) fn get(&self, position: usize) -> Option<&T> {
        self.chunks.get(position >> BITS)?.get(position & MASK)
    }

    /// The element at `position`, to change: its chunk is copied first if another catalog shares it.
    pub(crate) fn get_mut(&mut self, position: usize) -> Option<&mut T> {
        Arc::make_mut(self.chunks.get_mut(position >> BITS)?).get_mut(position & MASK)
    }

    /// Every element with its position.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &T)> + '_ {
        self.chunks
            .iter()
            .enumerate()
            .flat_map(|(c, chunk)| chunk.iter().enumerate().map(move |(i, item)| ((c << BITS) | i, item)))
    }
}

impl<T: Clone> Index<usize> for Chunks<T> {
    type Output = T;
    #[inline]
    fn index(&self, position: usize) -> &T {
        &self.chunks[position >> BITS][position & MASK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_until_written_and_runs_stay_whole() {
        let mut base = Chunks::default();
        for i in 0..10_000u32 {
            assert_eq!(base.push(i), i as usize);
        }
        assert_eq!((base.len(), base[9_999], base[4_096]), (10_000, 9_999, 4_096));
        let mut copy = base.clone();
        *copy.get_mut(5).unwrap() = 42;
        assert_eq!((base[5], copy[5]), (5, 42), "the copy's write does not show in the original");
        let at = copy.push(7);
        assert_eq!((at, copy[at], copy.len()), (10_000, 7, 10_001));
        // 10,001 positions used; a run of 3,000 does not fit in the 2,287 left of the third chunk.
        let run: Vec<u32> = (0..3_000).collect();
        let range = copy.push_run(&run);
        assert_eq!(range.start as usize % CHUNK, 0, "starts a chunk");
        assert_eq!(copy.run(range.clone()), run.as_slice());
        assert_eq!(copy.run(3..3), &[] as &[u32]);
        let small = copy.push_run(&[1, 2]);
        assert_eq!(copy.run(small), &[1, 2]);
        assert_eq!(copy.iter().count(), copy.len());
    }
}
