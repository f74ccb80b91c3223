//! Titles already classified, kept so that the postings that share a title (服务员, 普工, 销售代表: an export
//! repeats its titles many times over, and the service is sent the same postings again) are classified once.
//! Bounded: when full it is emptied and fills again. Titles are the postings' text, never a person's.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// Titles kept at most: a title and its answer take ~100 bytes (a few MiB when full), at most ~330 bytes
/// with the longest titles kept (~21 MiB).
pub(super) const MEMO_TITLES: usize = 65_536;

/// Longest title kept, in bytes; a longer one is classified each time it comes.
pub(super) const MEMO_TITLE_BYTES: usize = 256;

/// The answers (`A`) of titles classified before, shared by every clone of a classifier.
#[derive(Debug)]
pub(super) struct TitleMemo<A> {
    titles: Mutex<FxHashMap<Box<str>, A>>,
}

impl<A> Default for TitleMemo<A> {
    fn default() -> Self {
        TitleMemo { titles: Mutex::new(FxHashMap::default()) }
    }
}

impl<A: Clone> TitleMemo<A> {
    /// The answer kept for `title`, or `classify`'s, which is kept.
    pub(super) fn get_or(&self, title: &str, classify: impl FnOnce() -> A) -> A {
        if title.len() > MEMO_TITLE_BYTES {
            return classify();
        }
        // A lock poisoned by a panic elsewhere only costs the memo: the title is classified.
        if let Some(known) = self.titles.lock().ok().and_then(|titles| titles.get(title).cloned()) {
            return known;
        }
        let answer = classify();
        if let Ok(mut titles) = self.titles.lock() {
            if titles.len() >= MEMO_TITLES {
                titles.clear();
            }
            titles.insert(title.into(), answer.clone());
        }
        answer
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.titles.lock().map_or(0, |titles| titles.len())
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn answer(title: &str) -> Option<String> {
        (!title.ends_with('x')).then(|| format!("code of {title}"))
    }

    #[test]
    fn a_title_is_classified_once_and_answered_as_it_was() {
        let memo = TitleMemo::<Option<String>>::default();
        let calls = Cell::new(0);
        let classify = |title: &str| {
            calls.set(calls.get() + 1);
            answer(title)
        };
        for round in 0..3 {
            for title in ["会计", "焊工x", "会计", "服务员"] {
                assert_eq!(memo.get_or(title, || classify(title)), answer(title), "round {round}: {title}");
            }
        }
        assert_eq!(calls.get(), 3, "three distinct titles, each classified once (no answer is kept too)");
    }

    #[test]
    fn it_never_holds_more_than_its_bound() {
        let memo = TitleMemo::<Option<String>>::default();
        let calls = Cell::new(0);
        for i in 0..MEMO_TITLES + 10 {
            let title = format!("岗位{i}");
            memo.get_or(&title, || {
                calls.set(calls.get() + 1);
                answer(&title)
            });
            assert!(memo.len() <= MEMO_TITLES);
        }
        assert_eq!(memo.len(), 10, "emptied when full, then filled again");
        assert_eq!(calls.get(), MEMO_TITLES + 10);
        // A title longer than the bound is never kept, and still answered.
        let long = "长".repeat(MEMO_TITLE_BYTES);
        assert_eq!(memo.get_or(&long, || answer(&long)), answer(&long));
        assert_eq!(memo.len(), 10);
    }
}
