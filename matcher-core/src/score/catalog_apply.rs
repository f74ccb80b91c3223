//! A catalog updated in place of rebuilt: postings upserted or deleted since it was made are applied to a
//! copy (which shares every table it does not touch), over the snapshot taken after them. A replaced or
//! deleted posting's entry is closed and leaves every list; a new one joins its lists where a fresh build
//! would put it (newest first, equal days by id); the affinities' counts follow. Candidates, text relevance
//! (the snapshot's live statistics) and scores are then those of a fresh build of the same index, except
//! text look-ups a service keeps: they gain the new postings their words match and keep their older scores
//! until a tenth of the postings changed (`TextCache::patched`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::campaign_marks::CampaignMarks;
use super::catalog::{shard, Catalog, Lists};
use super::catalog_fields::CatalogFields;
use super::codes::NONE;
use super::config::ScoringConfig;
use super::row::Row;
use crate::error::Error;
use crate::index::{DocRef, IndexSnapshot};
use crate::model::{Posting, PostingId};
use crate::taxonomy::Taxonomy;

/// Most postings found again by id after their segment was merged away, before a rebuild is cheaper (or a
/// tenth of the catalog, if more).
const MAX_MOVED: usize = 5_000;

impl Catalog {
    /// This catalog with `upserted` postings (each with where its document is in `snapshot`) added or
    /// replacing their earlier versions, and `removed` postings gone, over `snapshot`. Postings whose segment
    /// the index merged into another are found again by id; `None` when too many were (build anew then).
    pub fn apply(
        &self,
        taxonomy: &Taxonomy,
        config: &ScoringConfig,
        snapshot: IndexSnapshot,
        upserted: Vec<(Posting, DocRef)>,
        removed: &[PostingId],
    ) -> Result<Option<Catalog>, Error> {
        if !self.matches_campaigns(config) {
            let reason = "the catalog was built with other campaigns: build it with this configuration";
            return Err(Error::invalid("configuration", "campaigns", reason));
        }
        let segments = snapshot.segment_ids();
        let ordinal: HashMap<_, u32> = segments.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
        let gone: HashSet<&PostingId> = removed.iter().chain(upserted.iter().map(|(p, _)| &p.id)).collect();
        let changed = gone.len();
        // Postings whose segment was merged into another: found again by id, if they are few.
        let merged_away: HashSet<u32> = (0..self.segments.len() as u32)
            .filter(|&slot| !ordinal.contains_key(&self.segments[slot as usize]))
            .collect();
        let mut moved: Vec<u32> = Vec::new();
        if !merged_away.is_empty() {
            for (index, &(slot, _)) in self.docs.iter() {
                let id = &self.ids[index];
                if merged_away.contains(&slot) && self.position(id) == Some(index as u32) && !gone.contains(id) {
                    moved.push(index as u32);
                }
            }
            if moved.len() > MAX_MOVED.max(self.live / 10) {
                return Ok(None);
            }
        }
        let mut next = self.clone();
        let old_slot: HashMap<_, usize> = self.segments.iter().enumerate().map(|(slot, s)| (*s, slot)).collect();
        for segment in &segments {
            if !old_slot.contains_key(segment) {
                next.segments.push(*segment);
            }
        }
        next.ordinal_of = next.segments.iter().map(|s| ordinal.get(s).copied().unwrap_or(NONE)).collect();
        let sizes = snapshot.segment_sizes();
        next.doc_index = segments
            .iter()
            .zip(&sizes)
            .map(|(segment, &size)| match old_slot.get(segment) {
                Some(&slot) => self.doc_index[self.ordinal_of[slot] as usize].clone(),
                None => Arc::new(vec![NONE; size as usize]),
            })
            .collect();
        let slot_of_ordinal: Vec<u32> = {
            let mut by_ordinal = vec![NONE; segments.len()];
            for (slot, &ordinal) in next.ordinal_of.iter().enumerate() {
                if ordinal != NONE {
                    by_ordinal[ordinal as usize] = slot as u32;
                }
            }
            by_ordinal
        };
        let mut lists = Arc::clone(&next.lists);
        let mut affinity = (*self.affinity).clone();
        for index in moved {
            let id = self.ids[index as usize].clone();
            match snapshot.locate(&id)? {
                Some(at) => next.place_doc(index, at, &slot_of_ordinal),
                // Not in the index any more, though nobody said so: it leaves the catalog too.
                None => {
                    affinity.count(&next.entries[index as usize], &next.requirements, -1);
                    next.close(&id, &mut lists);
                }
            }
        }
        for id in gone {
            if let Some(index) = next.position(id) {
                affinity.count(&next.entries[index as usize], &next.requirements, -1);
            }
            next.close(id, &mut lists);
        }
        let mut added: Vec<(u32, DocRef)> = Vec::with_capacity(upserted.len());
        let marks = CampaignMarks::new(&config.campaigns);
        for (posting, at) in upserted {
            let row = Row::new(taxonomy, &marks, CatalogFields::of(posting));
            let (id, posted) = (row.id.clone(), row.posted);
            let (index, keys) = next.add(taxonomy, row, (slot_of_ordinal[at.segment as usize], at.doc));
            affinity.count(&next.entries[index as usize], &next.requirements, 1);
            next.place_doc(index, at, &slot_of_ordinal);
            added.push((index, at));
            let map = Arc::make_mut(&mut lists);
            for key in keys {
                let list = Arc::make_mut(map.entry(key).or_default());
                let at = list.partition_point(|&i| next.comes_before(i, posted, &id));
                list.insert(at, index);
            }
        }
        // A posting the index holds that no one reported (a document made visible by a merge the update did
        // not wait for, say) is out of a patch's reach: the catalog is built anew rather than miss it.
        if next.live as u64 != snapshot.len() {
            tracing::warn!(catalog = next.live, index = snapshot.len(), "postings no update reported: rebuilt");
            return Ok(None);
        }
        next.lists = lists;
        let codes = next.group_codes();
        affinity.derive(&|id| codes.get(&id).copied().unwrap_or_default());
        next.affinity = Arc::new(affinity);
        next.snapshot = snapshot;
        next.text_cache = match &self.text_cache {
            Some(cache) => Some(cache.patched(&next, &added, changed)?),
            None => None,
        };
        Ok(Some(next))
    }

    /// Records that entry `index`'s document is at `at` of the snapshot.
    fn place_doc(&mut self, index: u32, at: DocRef, slot_of_ordinal: &[u32]) {
        if let Some(doc) = self.docs.get_mut(index as usize) {
            *doc = (slot_of_ordinal[at.segment as usize], at.doc);
        }
        if let Some(slot) = Arc::make_mut(&mut self.doc_index[at.segment as usize]).get_mut(at.doc as usize) {
            *slot = index;
        }
    }

    /// Whether entry `i` comes before a posting of day `posted` and id `id` in a candidate list.
    fn comes_before(&self, i: u32, posted: i32, id: &PostingId) -> bool {
        let entry_posted = self.entries[i as usize].posted;
        entry_posted > posted || (entry_posted == posted && self.ids[i as usize] < *id)
    }

    /// Closes a posting's entry for good: out of every list, its bucket and the id map, and never eligible.
    fn close(&mut self, id: &PostingId, lists: &mut Arc<Lists>) {
        let Some(index) = self.position(id) else { return };
        let entry = self.entries[index as usize].clone();
        let gate = self.gates[index as usize];
        let bucket = self.slot_bucket[usize::from(gate.slot)];
        let map = Arc::make_mut(lists);
        for key in self.list_keys(bucket, &entry, gate.cohorts) {
            if let Some(list) = map.get_mut(&key) {
                let at = list.partition_point(|&i| self.comes_before(i, entry.posted, id));
                if list.get(at) == Some(&index) {
                    Arc::make_mut(list).remove(at);
                }
            }
        }
        if let Some(members) = self.buckets.get_mut(usize::from(bucket)) {
            Arc::make_mut(members).retain(|&i| i != index);
        }
        if let Some(gate) = self.gates.get_mut(index as usize) {
            gate.expires = i32::MIN;
            gate.cohorts = 0;
        }
        Arc::make_mut(&mut self.by_id[shard(id)]).remove(id);
        self.live -= 1;
    }
}
