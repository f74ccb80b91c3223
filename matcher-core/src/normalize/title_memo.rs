//! Titles already classified, kept so that the postings that share a title (服务员, 普工, 销售代表: an export
//! repeats its titles many times over, and the service is sent the same postings again) are classified once.
//! Bounded: when full it is emptied and fills again. Titles are the postings' text, never a student's; they
//! come from clients, so the table hashes with a random key (a fixed one would let a client send titles that
//! all collide).

use std::collections::HashMap;
use std::sync::Mutex;

/// Titles kept at most.
pub(super) const MEMO_TITLES: usize = 65_536;

/// Bytes of titles kept at most: with the table itself and the answers, the memo stays under ~14 MiB.
pub(super) const MEMO_BYTES: usize = 4 << 20;

/// Longest title kept, in bytes; a longer one is classified each time it comes.
pub(super) const MEMO_TITLE_BYTES: usize = 256;

/// The answers (`A`) of titles classified before, shared by every clone of a classifier.
pub(super) struct TitleMemo<A> {
    kept: Mutex<Kept<A>>,
}

struct Kept<A> {
    titles: HashMap<Box<str>, A>,
    bytes: usize,
}

impl<A> Default for TitleMemo<A> {
    fn default() -> Self {
        TitleMemo { kept: Mutex::new(Kept { titles: HashMap::new(), bytes: 0 }) }
    }
}

/// Says how many titles are kept, never which: a `{:?}` of a classifier shows no posting's text.
impl<A> std::fmt::Debug for TitleMemo<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let titles = self.kept.lock().map_or(0, |kept| kept.titles.len());
        f.debug_struct("TitleMemo").field("titles", &titles).finish()
    }
}

impl<A: Clone> TitleMemo<A> {
    /// The answer kept for `title`, or `classify`'s, which is kept.
    pub(super) fn get_or(&self, title: &str, classify: impl FnOnce() -> A) -> A {
        if title.len() > MEMO_TITLE_BYTES {
            return classify();
        }
        // A lock poisoned by a panic elsewhere only costs the memo: the title is classified.
        if let Some(known) = self.kept.lock().ok().and_then(|kept| kept.titles.get(title).cloned()) {
            return known;
        }
        let answer = classify();
        let mut emptied = None;
        if let Ok(mut kept) = self.kept.lock() {
            if kept.titles.len() >= MEMO_TITLES || kept.bytes + title.len() > MEMO_BYTES {
                // Freed once the lock is let go, not while other titles wait for it.
                emptied = Some(std::mem::take(&mut kept.titles));
                kept.bytes = 0;
            }
            if kept.titles.insert(title.into(), answer.clone()).is_none() {
                kept.bytes += title.len();
            }
        }
        drop(emptied);
        answer
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.titles.len())
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
        assert_eq!(format!("{memo:?}"), "TitleMemo { titles: 3 }", "no title shows");
    }

    #[test]
    fn it_never_holds_more_than_its_bounds() {
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
        // The longest title kept is kept; one byte more, and it is answered but never kept.
        let longest = "a".repeat(MEMO_TITLE_BYTES);
        assert_eq!(memo.get_or(&longest, || answer(&longest)), answer(&longest));
        assert_eq!(memo.len(), 11);
        let longer = "a".repeat(MEMO_TITLE_BYTES + 1);
        assert_eq!(memo.get_or(&longer, || answer(&longer)), answer(&longer));
        assert_eq!(memo.len(), 11);
        // Long titles fill it by their bytes before their number.
        let memo = TitleMemo::<Option<String>>::default();
        for i in 0..MEMO_BYTES / 200 + 10 {
            let title = format!("{i:0>200}");
            memo.get_or(&title, || answer(&title));
        }
        assert!(memo.len() <= MEMO_BYTES / 200, "{}", memo.len());
    }
}
