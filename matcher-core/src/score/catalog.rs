//! `Catalog`: every posting of an index snapshot in a compact form the scorer walks (about 100 bytes each),
//! grouped by place (a prefecture; a province, a municipality or 全国 for postings placed there) and, inside a
//! place, by signal: the majors a posting
//! asks for, its occupation 小类 and its industry 大类. A student's candidates are the lists of their signals
//! in the places they accept, plus the postings their words hit.
//!
//! Its tables are stored in shared chunks, so a copy costs little and a change copies only what it touches:
//! a hire closes one posting in a copy (`take_headcount`); an upsert or a deletion applies to a copy
//! (`catalog_apply.rs`) instead of a rebuild of every posting (`catalog_build.rs`).

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::affinity::Affinity;
use super::chunks::Chunks;
use super::codes::{Interner, ShortCode, NONE};
use super::config::ScoringConfig;
use super::entry::{day_number, Entry, Gate, Requirement, Signal};
use crate::error::Error;
use crate::index::{DocRef, IndexSnapshot, SegmentId};
use crate::model::{Posting, PostingId, RegionCode};
use crate::taxonomy::GeoPoint;

/// A candidate list's key: place bucket, cohort bit, signal.
pub(crate) type ListKey = (u16, u8, Signal);

/// Shards of the id → entry map, so that a copy's change copies one shard.
pub(crate) const ID_SHARDS: usize = 256;

/// The candidate lists by key. The keys are numbers of ours alone, so they are hashed with Fx: a student
/// looks up dozens of lists.
pub(crate) type Lists = FxHashMap<ListKey, Arc<Vec<u32>>>;

/// Every posting of a snapshot, compact, with candidate lists. Cloning shares every table; a change copies
/// only the chunks, lists and shards it touches.
#[derive(Clone)]
pub struct Catalog {
    pub(crate) entries: Chunks<Entry>,
    pub(crate) gates: Chunks<Gate>,
    pub(crate) ids: Chunks<PostingId>,
    /// Where each entry's document is: (segment slot, document id).
    pub(crate) docs: Chunks<(u32, u32)>,
    pub(crate) requirements: Chunks<Requirement>,
    /// Distinct posting places; `Entry::slot` indexes it.
    pub(crate) regions: Vec<RegionCode>,
    /// The bucket (prefecture or province) of each place.
    pub(crate) slot_bucket: Vec<u16>,
    /// The centre of each place, when it has coordinates: every student measures every place from home.
    pub(crate) slot_points: Vec<Option<GeoPoint>>,
    /// Place → slot, and bucket code → bucket, for postings added later.
    pub(crate) slot_of: HashMap<RegionCode, u16>,
    pub(crate) bucket_of: HashMap<RegionCode, u16>,
    /// Live postings of each bucket.
    pub(crate) buckets: Vec<Arc<Vec<u32>>>,
    /// (bucket, cohort bit, signal) → live postings, newest first, equal days by posting id: a student walks
    /// only the lists of their own cohort.
    pub(crate) lists: Arc<Lists>,
    pub(crate) interner: Interner,
    pub(crate) affinity: Arc<Affinity>,
    /// Every occupation 小类 postings have, interned.
    pub(crate) occupation_groups: Vec<(ShortCode, u32)>,
    /// 门类 letter → the interned 大类 of it that postings have.
    pub(crate) section_divisions: HashMap<u8, Vec<u32>>,
    /// Codes of the campaigns `Entry::campaigns` bits stand for.
    pub(crate) campaigns: Vec<String>,
    pub(crate) by_id: Vec<Arc<HashMap<PostingId, u32>>>,
    /// Postings that are live (entries of deleted or replaced postings stay, closed, until a rebuild).
    pub(crate) live: usize,
    /// Entries below this index are the build's, in order of place bucket and then posting id (those added
    /// later follow them): among them, in one bucket, an entry's index orders it as its id does.
    pub(crate) in_id_order: u32,
    /// Segment of each slot (slots only grow).
    pub(crate) segments: Vec<SegmentId>,
    /// Ordinal in the snapshot of each slot (`NONE` when gone).
    pub(crate) ordinal_of: Vec<u32>,
    /// Per segment ordinal, document id → entry index (or `NONE`).
    pub(crate) doc_index: Vec<Arc<Vec<u32>>>,
    pub(crate) snapshot: IndexSnapshot,
    /// Text look-ups kept across calls, when enabled.
    pub(crate) text_cache: Option<super::TextCache>,
}

impl Catalog {
    /// True when the catalog's campaign marks are those of `config` (it was built with the same campaigns).
    pub fn matches_campaigns(&self, config: &ScoringConfig) -> bool {
        self.campaigns.iter().eq(config.campaigns.iter().map(|c| &c.code))
    }

    /// Best first by score, equal scores by posting id, so that no order depends on the index layout.
    pub(crate) fn best_first(&self, a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
        b.1.total_cmp(&a.1).then_with(|| self.ids[a.0 as usize].cmp(&self.ids[b.0 as usize]))
    }

    /// Keeps the `k` first of `hits` in [`Catalog::best_first`]'s order, in no order: the `k` highest scores by
    /// score alone, posting ids compared only among the scores tied at the cut (comparing ids is what made
    /// the full comparison slow where many hits score alike).
    pub(crate) fn keep_best(&self, hits: &mut Vec<(u32, f32)>, k: usize) {
        self.keep_best_of(hits, k, false);
    }

    fn keep_best_of(&self, hits: &mut Vec<(u32, f32)>, k: usize, one_bucket: bool) {
        if hits.len() <= k {
            return;
        }
        if k == 0 {
            hits.clear();
            return;
        }
        hits.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1));
        let cut = hits[k - 1].1;
        let mut ties: Vec<(u32, f32)> = Vec::new();
        hits.retain(|hit| match hit.1.total_cmp(&cut) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => {
                ties.push(*hit);
                false
            }
            std::cmp::Ordering::Less => false,
        });
        // Fewer than `k` score above the cut (the `k`-th itself does not): the rest are the ties of lowest id.
        let room = k - hits.len();
        if ties.len() > room {
            if one_bucket && ties.iter().all(|&(index, _)| index < self.in_id_order) {
                // The build's entries of one bucket: their indices order them as their ids do, and no id
                // need be read (thousands of postings can tie at a place's cut).
                ties.select_nth_unstable_by_key(room - 1, |&(index, _)| index);
            } else {
                ties.select_nth_unstable_by(room - 1, |a, b| self.best_first(a, b));
            }
            ties.truncate(room);
        }
        hits.extend(ties);
    }

    /// [`Catalog::keep_best`] of hits that all lie in one place bucket (in another's, ties would be broken
    /// by index where the ids disagree with it).
    pub(crate) fn keep_best_in_bucket(&self, hits: &mut Vec<(u32, f32)>, k: usize) {
        let bucket = |&(index, _): &(u32, f32)| self.slot_bucket[usize::from(self.gates[index as usize].slot)];
        debug_assert!(hits.first().is_none_or(|first| hits.iter().all(|hit| bucket(hit) == bucket(first))));
        self.keep_best_of(hits, k, true);
    }

    /// How many entries the catalog holds (entry indices run below it; some may be closed for good).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.len() == 0
    }

    /// How many postings are live.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Ids of the live postings, in entry order.
    pub fn live_ids(&self) -> impl Iterator<Item = &PostingId> + '_ {
        self.ids.iter().filter(|(i, id)| self.position(id) == Some(*i as u32)).map(|(_, id)| id)
    }

    /// The entry index of a posting id.
    pub(crate) fn position(&self, id: &PostingId) -> Option<u32> {
        self.by_id[shard(id)].get(id).copied()
    }

    /// The entry index of a document of the snapshot.
    pub(crate) fn at(&self, doc: DocRef) -> Option<u32> {
        let index = *self.doc_index.get(doc.segment as usize)?.get(doc.doc as usize)?;
        (index != NONE).then_some(index)
    }

    /// Where an entry's document is in the snapshot.
    pub(crate) fn doc_ref(&self, index: u32) -> Option<DocRef> {
        let (slot, doc) = *self.docs.get(index as usize)?;
        let segment = *self.ordinal_of.get(slot as usize)?;
        (segment != NONE).then_some(DocRef { segment, doc })
    }

    /// True when the catalog holds a posting of this id (no document is read).
    pub fn contains(&self, id: &PostingId) -> bool {
        self.position(id).is_some_and(|index| self.doc_ref(index).is_some())
    }

    /// The full posting (read from the index).
    pub fn posting(&self, id: &PostingId) -> Result<Posting, Error> {
        let not_found = || Error::NotFound { what: "posting", id: id.to_string() };
        let index = self.position(id).ok_or_else(not_found)?;
        self.snapshot.load(self.doc_ref(index).ok_or_else(not_found)?)
    }

    /// The full postings of `ids`, in that order (read from the index in store order: see
    /// [`IndexSnapshot::load_many`]). An id the catalog does not hold is an error naming it.
    pub fn postings(&self, ids: &[&PostingId]) -> Result<Vec<Posting>, Error> {
        let at = ids
            .iter()
            .map(|id| {
                let index = self.position(id);
                index
                    .and_then(|index| self.doc_ref(index))
                    .ok_or_else(|| Error::NotFound { what: "posting", id: id.to_string() })
            })
            .collect::<Result<Vec<DocRef>, Error>>()?;
        self.snapshot.load_many(&at)
    }

    /// Takes `units` openings of a posting (hires reported after it was published): its headcount drops,
    /// 若干 counting as `unspecified`, and with none left it is closed. Returns the openings left.
    pub fn take_headcount(&mut self, id: &PostingId, units: u32, unspecified: u32) -> Result<u32, Error> {
        let not_found = || Error::NotFound { what: "posting", id: id.to_string() };
        let index = self.position(id).ok_or_else(not_found)? as usize;
        let entry = self.entries.get_mut(index).ok_or_else(not_found)?;
        let left = entry.headcount.unwrap_or(unspecified).saturating_sub(units);
        entry.headcount = Some(left);
        if left == 0 {
            if let Some(gate) = self.gates.get_mut(index) {
                gate.expires = i32::MIN;
            }
        }
        Ok(left)
    }

    /// Openings a posting has left (若干 counting as `unspecified`), or `None` when it is not in the catalog.
    pub fn openings_left(&self, id: &PostingId, unspecified: u32) -> Option<u32> {
        let index = self.position(id)?;
        Some(self.entries[index as usize].headcount.unwrap_or(unspecified))
    }

    /// Whether the posting at `index` takes applications on `day` (not expired, an opening left): the
    /// gate the scorer's eligibility reads.
    pub(crate) fn is_open(&self, index: u32, day: NaiveDate) -> bool {
        self.gates[index as usize].expires >= day_number(day)
    }

    /// Keeps the text look-ups of the last `capacity` distinct sets of words (0: none, the default), for
    /// services that recommend for one student at a time. A hit skips the look-up; results are the same.
    pub fn keep_text_lookups(&mut self, capacity: usize) {
        self.text_cache = super::text_cache(capacity);
    }

    pub(crate) fn text_cache(&self) -> Option<&super::TextCache> {
        self.text_cache.as_ref()
    }

    pub(crate) fn snapshot(&self) -> &IndexSnapshot {
        &self.snapshot
    }

    pub(crate) fn list(&self, bucket: u16, cohort_bit: u8, signal: Signal) -> &[u32] {
        self.lists.get(&(bucket, cohort_bit, signal)).map_or(&[], |list| list.as_slice())
    }

    pub(crate) fn requirements_of(&self, entry: &Entry) -> &[Requirement] {
        entry.requirements_in(&self.requirements)
    }
}

/// The shard of the id map an id lives in.
pub(crate) fn shard(id: &PostingId) -> usize {
    let hash =
        id.as_str().bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (hash % ID_SHARDS as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    /// Postings read many at once are those read one by one, in the order asked; an id the catalog does not
    /// hold is named.
    #[test]
    fn postings_read_together_are_those_read_alone_in_the_order_asked() {
        let index = crate::test_support::sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin()).unwrap();
        let mut ids: Vec<&PostingId> = catalog.live_ids().collect();
        ids.reverse();
        ids.push(ids[0]);
        let many = catalog.postings(&ids).unwrap();
        assert_eq!(many.len(), ids.len());
        for (id, posting) in ids.iter().zip(&many) {
            assert_eq!(&posting.id, *id);
            assert_eq!(&catalog.posting(id).unwrap(), posting);
        }
        let unknown: PostingId = "nowhere:404".parse().unwrap();
        ids.insert(1, &unknown);
        let error = catalog.postings(&ids).unwrap_err().to_string();
        assert!(error.contains("nowhere:404"), "{error}");
    }

    /// What keeping the best of one bucket rests on: a built catalog's entries of one bucket are in posting-id
    /// order, so that ties at a place's cut are broken by index as they are by id; and with ties in one bucket
    /// the best kept are those of a full sort, for every cut.
    #[test]
    fn a_buckets_entries_are_in_id_order_and_its_best_kept_are_a_full_sorts() {
        let index = crate::test_support::sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin()).unwrap();
        assert_eq!(catalog.in_id_order as usize, catalog.len());
        let bucket = |i: u32| catalog.slot_bucket[usize::from(catalog.gates[i as usize].slot)];
        let mut by_bucket: HashMap<u16, Vec<u32>> = HashMap::new();
        for i in 0..catalog.len() as u32 {
            by_bucket.entry(bucket(i)).or_default().push(i);
        }
        assert!(by_bucket.values().any(|entries| entries.len() >= 20), "a bucket with many postings");
        for entries in by_bucket.values() {
            for pair in entries.windows(2) {
                assert!(catalog.ids[pair[0] as usize] < catalog.ids[pair[1] as usize], "{pair:?}");
            }
        }
        let mut state = 11u64;
        let mut next = |bound: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        let mut buckets: Vec<&Vec<u32>> = by_bucket.values().collect();
        buckets.sort();
        for round in 0..200 {
            let entries = buckets[next(buckets.len() as u64) as usize];
            let alike = 1 + next(4);
            // Distinct entries, in no order, scores much alike.
            let mut hits: Vec<(u32, f32)> = Vec::new();
            for &i in entries {
                if next(3) > 0 {
                    hits.push((i, next(alike) as f32 * 0.5));
                }
            }
            hits.reverse();
            let mut sorted = hits.clone();
            sorted.sort_by(|a, b| catalog.best_first(a, b));
            let len = hits.len();
            for k in [1, 2, 5, len / 2, len.saturating_sub(1), len, len + 3] {
                let mut kept = hits.clone();
                catalog.keep_best_in_bucket(&mut kept, k);
                kept.sort_by(|a, b| catalog.best_first(a, b));
                assert_eq!(kept, sorted[..k.min(len)], "round {round}, {len} hits, k {k}");
            }
        }
    }

    /// The best hits kept by score first and ids among ties at the cut are those a full sort by score and id
    /// keeps, with many scores alike (as in generated and templated postings), for every cut.
    #[test]
    fn the_best_kept_are_those_of_a_full_sort() {
        let index = crate::test_support::sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin()).unwrap();
        let n = catalog.len() as u32;
        let mut state = 7u64;
        let mut next = |bound: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for round in 0..200 {
            let len = next(80) as usize;
            let alike = 1 + next(6);
            let hits: Vec<(u32, f32)> =
                (0..len).map(|_| (next(u64::from(n)) as u32, next(alike) as f32 * 0.25)).collect();
            let mut sorted = hits.clone();
            sorted.sort_by(|a, b| catalog.best_first(a, b));
            for k in [0, 1, 2, 5, len / 2, len.saturating_sub(1), len, len + 3] {
                let mut kept = hits.clone();
                catalog.keep_best(&mut kept, k);
                kept.sort_by(|a, b| catalog.best_first(a, b));
                assert_eq!(kept, sorted[..k.min(len)], "round {round}, {len} hits, k {k}");
            }
        }
    }
}
