//! The live catalog with what the service keeps beside it, all replaced whole when the catalog changes:
//! recently recommended postings, read from the index's document store once instead of once per request (a
//! stored document is a compressed block to decode); and recent single-student lists, so that a list asked
//! for again (a cadre reopening it, a backend polling) is not computed again. A student's lists are
//! forgotten when the student changes (upsert, delete, outcome). Both are bounded by the bytes they hold.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use matcher_core::{Batch, Catalog, Posting, PostingId, RecommendOptions, Student, StudentId};

use super::super::error::ServiceError;
use super::bounded::Bounded;
use super::shared_postings::SharedPostings;

/// Lists kept per student (each day, top and campaign asked for is one).
const LISTS_PER_STUDENT: usize = 4;

/// A batch's lists with the postings they name, from one catalog.
pub struct Lists {
    /// The students, in the order asked.
    pub students: Vec<Student>,
    /// Their lists.
    pub batch: Batch,
    /// Every posting recommended.
    pub postings: HashMap<PostingId, Arc<Decoded>>,
}

/// A posting decoded from the index once, with what an adapter made of it (the gRPC adapter keeps the
/// posting's listed message here: the same posting is recommended to many students, and a kept list is
/// asked for again).
pub struct Decoded {
    /// The posting.
    pub posting: Posting,
    /// The adapter's rendering of it.
    pub rendering: Rendering,
}

/// What an adapter made of a value, made once and kept with it. Its type is the adapter's (the engine
/// never reads it), so the engine stays free of the adapter's types.
#[derive(Default)]
pub struct Rendering(OnceLock<Arc<dyn Any + Send + Sync>>);

impl Rendering {
    /// The rendering: made by `make` the first time, the same value after; `None` if a rendering of another
    /// type was kept first.
    pub fn get_or_make<T: Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> Option<Arc<T>> {
        let kept = self.0.get_or_init(|| Arc::new(make()));
        kept.clone().downcast::<T>().ok()
    }
}

/// What a single-student list depends on besides the student and the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    /// Postings per student.
    pub top: usize,
    /// Campaign asked for.
    pub campaign: Option<String>,
    /// Day judged on.
    pub day: NaiveDate,
}

impl ListKey {
    /// What of these options a list depends on (`allocate` does not matter for one student).
    pub fn of(options: &RecommendOptions) -> ListKey {
        ListKey { top: options.top, campaign: options.campaign.clone(), day: options.day }
    }
}

/// A student's kept lists, oldest first.
type KeptLists = Vec<(ListKey, Arc<Lists>)>;

/// A catalog and what was recently read or computed through it.
pub struct Live {
    /// The catalog.
    pub catalog: Catalog,
    /// Shared with the live catalogs that follow this one (a posting decoded stays valid until it changes).
    postings: SharedPostings<PostingId, Arc<Decoded>>,
    /// Per student, their kept lists, oldest first.
    lists: Mutex<Bounded<StudentId, KeptLists>>,
    /// Bumped whenever a student is forgotten: a list computed across a change is not kept.
    changes: AtomicU64,
}

impl Live {
    /// A live catalog keeping at most `cache_bytes` of lists and of decoded postings, half each (a long
    /// description counts in full). Half, not a quarter, for the postings: a computed list names postings
    /// the cache had let go, and reading them from the store was 7% of a computed request's CPU.
    pub fn new(catalog: Catalog, cache_bytes: usize) -> Live {
        Live {
            catalog,
            postings: SharedPostings::new(postings_budget(cache_bytes)),
            lists: Mutex::new(Bounded::new(cache_bytes - postings_budget(cache_bytes))),
            changes: AtomicU64::new(0),
        }
    }

    /// Bytes its caches hold now (lists and decoded postings).
    pub fn cache_bytes(&self) -> usize {
        self.postings.bytes() + self.lists.lock().map_or(0, |l| l.bytes())
    }

    /// The live catalog that follows this one when `catalog` replaces it with `changed` postings written or
    /// deleted: the decoded postings are kept but those (lists are not: any may change). From then on this one,
    /// still answering the requests that began on it, neither reads nor fills the shared postings.
    pub fn succeeded_by(&self, catalog: Catalog, changed: &[PostingId], cache_bytes: usize) -> Live {
        Live {
            catalog,
            postings: self.postings.succeeded_by(changed),
            lists: Mutex::new(Bounded::new(cache_bytes - postings_budget(cache_bytes))),
            changes: AtomicU64::new(0),
        }
    }

    /// The change counter, read before computing a list.
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    /// A kept list.
    pub fn list(&self, student: &StudentId, key: &ListKey) -> Option<Arc<Lists>> {
        let mut kept = self.lists.lock().ok()?;
        kept.get(student)?.iter().find(|(k, _)| k == key).map(|(_, lists)| lists.clone())
    }

    /// Keeps a list computed when the counter read `changes`, unless a student changed since; a student
    /// keeps their last few lists.
    pub fn keep_list(&self, student: &StudentId, key: ListKey, lists: Arc<Lists>, changes: u64) {
        let Ok(mut kept) = self.lists.lock() else { return };
        if self.changes.load(Ordering::SeqCst) != changes {
            return;
        }
        let mut entries = kept.pop(student).unwrap_or_default();
        entries.retain(|(k, _)| *k != key);
        entries.push((key, lists));
        if entries.len() > LISTS_PER_STUDENT {
            entries.remove(0);
        }
        let weight = entries.iter().map(|(_, lists)| lists_bytes(lists)).sum();
        kept.put(student.clone(), entries, weight);
    }

    /// Forgets a student's lists (the student changed).
    pub fn forget(&self, student: &StudentId) {
        if let Ok(mut kept) = self.lists.lock() {
            self.changes.fetch_add(1, Ordering::SeqCst);
            kept.pop(student);
        }
    }

    /// A posting of the catalog, decoded once.
    pub fn posting(&self, id: &PostingId) -> Result<Arc<Decoded>, ServiceError> {
        if let Some(posting) = self.postings.get(id) {
            return Ok(posting);
        }
        let posting = Arc::new(Decoded { posting: self.catalog.posting(id)?, rendering: Rendering::default() });
        self.postings.put(id.clone(), posting.clone(), posting_bytes(&posting.posting));
        Ok(posting)
    }
}

/// The decoded postings' part of the cache's budget (the lists have the rest).
fn postings_budget(cache_bytes: usize) -> usize {
    cache_bytes / 2
}

/// About what a posting holds in memory, with an adapter's rendering of it (the gRPC message repeats its
/// text, the description cut to 500 characters).
fn posting_bytes(posting: &Posting) -> usize {
    let text = posting.title.len() + posting.employer.len() + posting.description.len();
    let sources: usize = posting.sources.iter().map(|s| s.source_id.len() + 16).sum();
    let rendered = 512 + posting.title.len() + posting.employer.len() + posting.description.len().min(1_500);
    512 + text + sources + posting.majors.len() * 32 + rendered
}

/// About what kept lists hold beyond their postings (which the posting cache counts).
fn lists_bytes(lists: &Lists) -> usize {
    let students: usize =
        lists.students.iter().map(|s| 512 + s.intention.len() + s.skills.len() + s.college.len()).sum();
    let results: usize = lists
        .batch
        .students
        .iter()
        .flat_map(|r| &r.recommendations)
        .map(|r| 256 + r.explanation.len() + r.posting.as_str().len())
        .sum();
    students + results + lists.postings.len() * 64
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    #[test]
    fn a_rendering_is_made_once_and_kept() {
        let rendering = Rendering::default();
        let made = AtomicUsize::new(0);
        let make = || {
            made.fetch_add(1, Ordering::SeqCst);
            vec!["message".to_string()]
        };
        let first = rendering.get_or_make(make).expect("made");
        let again = rendering.get_or_make(make).expect("kept");
        assert!(Arc::ptr_eq(&first, &again), "the same rendering, not a new one");
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert!(rendering.get_or_make(|| 7u32).is_none(), "a rendering of another type is not mistaken for it");
    }
}
