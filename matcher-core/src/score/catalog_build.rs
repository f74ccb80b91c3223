//! Building a catalog from every posting of a snapshot, and adding one posting to a catalog (which a build
//! and an update share).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::affinity::Affinity;
use super::campaign_marks::CampaignMarks;
use super::catalog::{shard, Catalog, ListKey, ID_SHARDS};
use super::catalog_fields::CatalogFields;
use super::chunks::Chunks;
use super::codes::{Interner, ShortCode, NONE};
use super::config::ScoringConfig;
use super::entry::{gate_bits, gate_cohorts, Entry, Gate, ReqLevel, Requirement, Signal};
use super::features::offered_pay;
use super::row::Row;
use super::row_cache::RowCache;
use crate::error::Error;
use crate::index::{DocRef, IndexSnapshot};
use crate::model::{MajorRequirement, PostingId, PostingKind, RegionCode};
use crate::progress::{stage, tick, Progress};
use crate::taxonomy::{occupation_prefix, Taxonomy};

/// Most major requirements kept of one posting (the rest add nothing a student could use).
const MAX_REQUIREMENTS: usize = 256;

impl Catalog {
    /// Reads every posting of the snapshot (in parallel) into the catalog.
    pub fn build(taxonomy: &Taxonomy, snapshot: IndexSnapshot, config: &ScoringConfig) -> Result<Catalog, Error> {
        Catalog::build_with_progress(taxonomy, snapshot, config, None)
    }

    /// [`Catalog::build`], reporting the postings read to `progress`.
    pub fn build_with_progress(
        taxonomy: &Taxonomy,
        snapshot: IndexSnapshot,
        config: &ScoringConfig,
        progress: Option<&Progress>,
    ) -> Result<Catalog, Error> {
        stage(progress, "reading postings", snapshot.len() as usize);
        let started = std::time::Instant::now();
        let (mut rows, kept) = read_rows(taxonomy, &snapshot, config, progress)?;
        // Entries by place, then posting id: every order the catalog gives (lists, ties, interned codes, the
        // affinities learned) then depends on the postings alone, never on how the index was written; and a
        // student, who accepts a few places, walks a few compact stretches of the tables instead of reading
        // all over them.
        let read = started.elapsed();
        rows.par_sort_unstable_by(|a, b| (a.1.region.prefecture(), &a.1.id).cmp(&(b.1.region.prefecture(), &b.1.id)));
        let sorted_at = started.elapsed();
        let segments = snapshot.segment_ids();
        let mut doc_index: Vec<Vec<u32>> =
            snapshot.segment_sizes().into_iter().map(|n| vec![NONE; n as usize]).collect();
        let mut catalog = Catalog {
            entries: Chunks::default(),
            gates: Chunks::default(),
            ids: Chunks::default(),
            docs: Chunks::default(),
            requirements: Chunks::default(),
            regions: Vec::new(),
            slot_bucket: Vec::new(),
            slot_points: Vec::new(),
            slot_of: HashMap::new(),
            bucket_of: HashMap::new(),
            buckets: Vec::new(),
            lists: Arc::default(),
            interner: Interner::default(),
            affinity: Arc::new(Affinity::default()),
            section_divisions: HashMap::new(),
            occupation_groups: Vec::new(),
            campaigns: config.campaigns.iter().map(|c| c.code.clone()).collect(),
            by_id: Vec::new(),
            live: 0,
            in_id_order: 0,
            ordinal_of: (0..segments.len() as u32).collect(),
            segments,
            doc_index: Vec::new(),
            snapshot,
            text_cache: None,
        };
        let mut lists: rustc_hash::FxHashMap<ListKey, Vec<u32>> = Default::default();
        for (at, row) in rows {
            let (index, keys) = catalog.add_unindexed(taxonomy, row, (at.segment, at.doc));
            doc_index[at.segment as usize][at.doc as usize] = index;
            for key in keys {
                lists.entry(key).or_default().push(index);
            }
        }
        catalog.in_id_order = catalog.entries.len() as u32;
        catalog.doc_index = doc_index.into_iter().map(Arc::new).collect();
        catalog.by_id = index_ids(&catalog.ids);
        let added = started.elapsed();
        // Newest first, so that a student reads the freshest postings of a long list (`list_depth`); a list's
        // entries share a place bucket (a prefecture), in which entries are in posting-id order, so equal days
        // are in id order. Each list is sorted on its own, on every core.
        let entries = &catalog.entries;
        let mut lists: Vec<(ListKey, Vec<u32>)> = lists.into_iter().collect();
        lists.par_iter_mut().for_each(|(_, list)| {
            list.sort_unstable_by_key(|&i| (std::cmp::Reverse(entries[i as usize].posted), i));
        });
        catalog.lists = Arc::new(lists.into_iter().map(|(key, list)| (key, Arc::new(list))).collect());
        let listed = started.elapsed();
        let codes = catalog.group_codes();
        catalog.affinity = Arc::new(Affinity::learn(&catalog.entries, &catalog.requirements, &|id| {
            codes.get(&id).copied().unwrap_or_default()
        }));
        let ms = |d: std::time::Duration| d.as_millis() as u64;
        tracing::debug!(
            read = ms(read),
            segments_kept = kept,
            sorted = ms(sorted_at - read),
            added = ms(added - sorted_at),
            listed = ms(listed - added),
            learned = ms(started.elapsed() - listed),
            "catalog built"
        );
        Ok(catalog)
    }

    /// The code of each interned occupation group.
    pub(crate) fn group_codes(&self) -> HashMap<u32, ShortCode> {
        self.occupation_groups.iter().map(|(code, id)| (*id, *code)).collect()
    }

    /// Adds a posting's row as a new live entry (document at `(segment slot, doc)`); returns its index and
    /// the candidate lists it belongs in, which the caller fills (in order).
    pub(crate) fn add(&mut self, taxonomy: &Taxonomy, row: Row, at: (u32, u32)) -> (u32, Vec<ListKey>) {
        let id = row.id.clone();
        let (index, keys) = self.add_unindexed(taxonomy, row, at);
        Arc::make_mut(&mut self.by_id[shard(&id)]).insert(id, index);
        (index, keys)
    }

    /// [`Catalog::add`] but for indexing the posting's id (a build indexes them all at once, in parallel).
    fn add_unindexed(&mut self, taxonomy: &Taxonomy, row: Row, at: (u32, u32)) -> (u32, Vec<ListKey>) {
        let slot = self.slot(taxonomy, row.region);
        let bucket = self.slot_bucket[usize::from(slot)];
        let entry = self.entry_of(taxonomy, &row, slot);
        let gate = Gate {
            slot,
            cohorts: gate_cohorts(&row.cohorts, entry.track),
            min_education: row.min_education,
            expires: if row.headcount == Some(0) { i32::MIN } else { row.expires },
            posted: entry.posted,
            offered: offered_pay(&entry),
        };
        let keys = self.list_keys(bucket, &entry, gate.cohorts);
        let index = self.entries.push(entry) as u32;
        self.gates.push(gate);
        self.docs.push(at);
        self.ids.push(row.id);
        if self.buckets.len() <= usize::from(bucket) {
            self.buckets.resize_with(usize::from(bucket) + 1, Default::default);
        }
        Arc::make_mut(&mut self.buckets[usize::from(bucket)]).push(index);
        self.live += 1;
        (index, keys)
    }

    /// The slot of a place, made on first sight (with its bucket: its prefecture, or itself for a province, a
    /// municipality or 全国).
    fn slot(&mut self, taxonomy: &Taxonomy, region: RegionCode) -> u16 {
        if let Some(&slot) = self.slot_of.get(&region) {
            return slot;
        }
        let bucket_code = region.prefecture();
        let next = self.bucket_of.len() as u16;
        let bucket = *self.bucket_of.entry(bucket_code).or_insert(next);
        self.regions.push(region);
        self.slot_bucket.push(bucket);
        self.slot_points.push(taxonomy.regions.point(region));
        let slot = (self.regions.len() - 1) as u16;
        self.slot_of.insert(region, slot);
        slot
    }

    fn entry_of(&mut self, taxonomy: &Taxonomy, row: &Row, slot: u16) -> Entry {
        let mut requirements = Vec::with_capacity(row.majors.len().min(MAX_REQUIREMENTS));
        let asked = row.majors.iter().map(|r| (r, false)).chain(row.preferred_majors.iter().map(|r| (r, true)));
        for (requirement, preferred) in asked.take(MAX_REQUIREMENTS) {
            let (level, code) = match requirement {
                MajorRequirement::Major(c) => (ReqLevel::Major, c),
                MajorRequirement::Class(c) => (ReqLevel::Class, c),
                MajorRequirement::Category(c) => (ReqLevel::Category, c),
            };
            let code_text = code.as_str();
            let (class, category): (&str, &str) = match (level, taxonomy.majors.major(code_text)) {
                (ReqLevel::Major, Some(major)) => (major.class.as_str(), major.category.as_str()),
                (ReqLevel::Class, _) => (code_text, first_chars(code_text, 2)),
                _ => ("", code_text),
            };
            requirements.push(Requirement {
                level,
                code: self.interner.intern('m', code.as_str()),
                class: if class.is_empty() { NONE } else { self.interner.intern('m', class) },
                category: self.interner.intern('m', category),
                preferred,
            });
        }
        let occupation = row.occupation.as_deref().unwrap_or("");
        let industry = row.industry.as_deref().unwrap_or("");
        let industry_division = match industry.get(..2) {
            Some(division) if industry.as_bytes()[0].is_ascii_digit() => self.interner.intern('i', division),
            _ => NONE,
        };
        if industry_division != NONE {
            let divisions = self.section_divisions.entry(row.industry_section).or_default();
            if !divisions.contains(&industry_division) {
                divisions.push(industry_division);
            }
        }
        Entry {
            slot,
            industry: ShortCode::new(industry),
            industry_section: row.industry_section,
            occupation: ShortCode::new(occupation),
            occupation_division: if occupation.is_empty() {
                NONE
            } else {
                self.interner.intern('p', occupation_prefix(occupation, 2))
            },
            occupation_group: if occupation.is_empty() {
                NONE
            } else {
                self.intern_group(occupation_prefix(occupation, 3))
            },
            industry_division,
            open: row.majors.is_empty(),
            requirements: self.requirements.push_run(&requirements),
            headcount: row.headcount,
            pay_min: row.pay_min,
            pay_max: row.pay_max,
            posted: row.posted,
            campaigns: row.campaigns,
            kind: row.kind,
            track: row.track,
        }
    }

    fn intern_group(&mut self, group: &str) -> u32 {
        let known = self.interner.get('o', group);
        if known != NONE {
            return known;
        }
        let id = self.interner.intern('o', group);
        self.occupation_groups.push((ShortCode::new(group), id));
        id
    }

    /// The candidate lists an entry belongs in: each signal it carries, for each cohort it takes.
    pub(crate) fn list_keys(&self, bucket: u16, entry: &Entry, cohorts: u8) -> Vec<ListKey> {
        let mut signals: Vec<Signal> = Vec::new();
        for requirement in self.requirements_of(entry) {
            signals.push(match requirement.level {
                ReqLevel::Major => Signal::Major(requirement.code),
                ReqLevel::Class => Signal::Class(requirement.code),
                ReqLevel::Category => Signal::Category(requirement.code),
            });
            if requirement.level == ReqLevel::Major && requirement.class != NONE {
                signals.push(Signal::MajorOfClass(requirement.class));
            }
        }
        if entry.occupation_group != NONE {
            signals.push(Signal::Occupation(entry.occupation_group));
            signals.push(Signal::OccupationDivision(entry.occupation_division));
        }
        if entry.industry_division != NONE {
            signals.push(Signal::Industry(entry.industry_division));
        }
        if entry.kind == PostingKind::Volunteer {
            signals.push(Signal::Volunteer);
        }
        signals.sort();
        signals.dedup();
        let mut keys = Vec::with_capacity(signals.len() * 2);
        for signal in signals {
            for bit in gate_bits() {
                if cohorts & bit != 0 {
                    keys.push((bucket, bit, signal));
                }
            }
        }
        keys
    }
}

/// The rows of every live posting of `snapshot`, in (segment, document) order, and how many segments' rows
/// came from their files: a segment with no usable file is read from the store, and its file written.
pub(super) fn read_rows(
    taxonomy: &Taxonomy,
    snapshot: &IndexSnapshot,
    config: &ScoringConfig,
    progress: Option<&Progress>,
) -> Result<(Vec<(DocRef, Row)>, usize), Error> {
    let cache = snapshot.dir().map(|dir| RowCache::new(dir, taxonomy, &config.campaigns));
    let segments = snapshot.segment_ids();
    let sizes = snapshot.segment_sizes();
    let kept: Vec<Option<Vec<(DocRef, Row)>>> = (0..segments.len() as u32)
        .into_par_iter()
        .map(|ordinal| {
            let cache = cache.as_ref()?;
            let live = snapshot.live_docs(ordinal);
            if live == 0 {
                return Some(Vec::new());
            }
            let at = ordinal as usize;
            let deleted = |doc| snapshot.is_deleted(ordinal, doc);
            let rows = cache.read(segments[at], ordinal, sizes[at], live, &deleted)?;
            tick(progress, rows.len() as u64);
            Some(rows)
        })
        .collect();
    let marks = CampaignMarks::new(&config.campaigns);
    let read = snapshot.map_stored_in(
        &|ordinal| kept[ordinal as usize].is_none(),
        |json| {
            tick(progress, 1);
            Ok(Row::new(taxonomy, &marks, CatalogFields::read(json)?))
        },
        |posting| {
            tick(progress, 1);
            Row::new(taxonomy, &marks, CatalogFields::of(posting))
        },
    )?;
    if let Some(cache) = &cache {
        let by_segment: Vec<&[(DocRef, Row)]> = read.chunk_by(|a, b| a.0.segment == b.0.segment).collect();
        by_segment.into_par_iter().for_each(|rows| {
            let at = rows[0].0.segment as usize;
            cache.write(segments[at], sizes[at], rows);
        });
        cache.sweep(&segments);
    }
    let kept_count = kept.iter().filter(|rows| rows.is_some()).count();
    let mut from_store = read.into_iter().peekable();
    let mut rows = Vec::with_capacity(snapshot.len() as usize);
    for (ordinal, kept) in kept.into_iter().enumerate() {
        match kept {
            Some(kept) => rows.extend(kept),
            None => {
                while let Some(row) = from_store.next_if(|(at, _)| at.segment == ordinal as u32) {
                    rows.push(row);
                }
            }
        }
    }
    Ok((rows, kept_count))
}

/// The id shards of the entries' ids, each shard's map built apart on any core (an id twice: its last entry).
fn index_ids(ids: &Chunks<PostingId>) -> Vec<Arc<HashMap<PostingId, u32>>> {
    let shard_of: Vec<usize> = (0..ids.len()).into_par_iter().map(|index| shard(&ids[index])).collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); ID_SHARDS];
    for (index, &of) in shard_of.iter().enumerate() {
        members[of].push(index as u32);
    }
    members
        .into_par_iter()
        .map(|indexes| Arc::new(indexes.into_iter().map(|index| (ids[index as usize].clone(), index)).collect()))
        .collect()
}

/// The first `n` characters of `text` (all of it when shorter).
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(end, _)| &text[..end])
}
