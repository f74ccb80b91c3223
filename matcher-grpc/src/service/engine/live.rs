//! The live catalog with what the service keeps beside it, all replaced whole when the catalog changes:
//! recently recommended postings, read from the index's document store once instead of once per request (a
//! stored document is a compressed block to decode); and recent single-student lists, so that a list asked
//! for again (a cadre reopening it, a backend polling) is not computed again. A student's lists are
//! forgotten when the student changes (upsert, delete, outcome).

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use matcher_core::{Batch, Catalog, Posting, PostingId, RecommendOptions, Student, StudentId};

use super::super::error::ServiceError;

/// Postings kept decoded (a few KB each).
const POSTINGS_KEPT: usize = 20_000;
/// Students whose recent lists are kept (a few KB each).
const STUDENTS_KEPT: usize = 20_000;

/// A batch's lists with the postings they name, from one catalog.
pub struct Lists {
    /// The students, in the order asked.
    pub students: Vec<Student>,
    /// Their lists.
    pub batch: Batch,
    /// Every posting recommended.
    pub postings: HashMap<PostingId, Arc<Posting>>,
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

/// A catalog and what was recently read or computed through it.
pub struct Live {
    /// The catalog.
    pub catalog: Catalog,
    postings: Mutex<lru::LruCache<PostingId, Arc<Posting>>>,
    lists: Mutex<lru::LruCache<StudentId, HashMap<ListKey, Arc<Lists>>>>,
    /// Bumped whenever a student is forgotten: a list computed across a change is not kept.
    changes: AtomicU64,
}

impl Live {
    /// A live catalog with nothing read yet.
    pub fn new(catalog: Catalog) -> Live {
        let postings = NonZeroUsize::new(POSTINGS_KEPT).unwrap_or(NonZeroUsize::MIN);
        let students = NonZeroUsize::new(STUDENTS_KEPT).unwrap_or(NonZeroUsize::MIN);
        Live {
            catalog,
            postings: Mutex::new(lru::LruCache::new(postings)),
            lists: Mutex::new(lru::LruCache::new(students)),
            changes: AtomicU64::new(0),
        }
    }

    /// The change counter, read before computing a list.
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    /// A kept list.
    pub fn list(&self, student: &StudentId, key: &ListKey) -> Option<Arc<Lists>> {
        self.lists.lock().ok()?.get(student)?.get(key).cloned()
    }

    /// Keeps a list computed when the counter read `changes`, unless a student changed since.
    pub fn keep_list(&self, student: &StudentId, key: ListKey, lists: Arc<Lists>, changes: u64) {
        let Ok(mut kept) = self.lists.lock() else { return };
        if self.changes.load(Ordering::SeqCst) == changes {
            kept.get_or_insert_mut(student.clone(), HashMap::new).insert(key, lists);
        }
    }

    /// Forgets a student's lists (the student changed).
    pub fn forget(&self, student: &StudentId) {
        if let Ok(mut kept) = self.lists.lock() {
            self.changes.fetch_add(1, Ordering::SeqCst);
            kept.pop(student);
        }
    }

    /// A posting of the catalog, decoded once.
    pub fn posting(&self, id: &PostingId) -> Result<Arc<Posting>, ServiceError> {
        if let Some(posting) = self.postings.lock().ok().and_then(|mut kept| kept.get(id).cloned()) {
            return Ok(posting);
        }
        let posting = Arc::new(self.catalog.posting(id)?);
        if let Ok(mut kept) = self.postings.lock() {
            kept.put(id.clone(), posting.clone());
        }
        Ok(posting)
    }
}
