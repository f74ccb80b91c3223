//! `Catalog`: every posting of an index snapshot in a compact form the scorer walks (about 100 bytes each),
//! grouped by place (a Hunan prefecture or a province) and, inside a place, by signal: the majors a posting
//! asks for, its occupation 小类 and its industry 大类. A student's candidates are the lists of their signals
//! in the places they accept, plus the postings their words hit.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::affinity::Affinity;
use super::codes::{Interner, ShortCode, NONE};
use super::config::ScoringConfig;
use super::entry::{cohort_bit, day_number, Entry, Gate, ReqLevel, Requirement, Signal};
use crate::error::Error;
use crate::index::{DocRef, IndexSnapshot};
use crate::model::{Cohort, EducationLevel, MajorRequirement, Posting, PostingId, RegionCode};
use crate::taxonomy::{occupation_prefix, Taxonomy};

/// Every posting of a snapshot, compact, with candidate lists. Cloning copies the compact tables (tens of
/// megabytes at 100,000 postings) but shares the snapshot and the kept text look-ups.
#[derive(Clone)]
pub struct Catalog {
    pub(crate) entries: Vec<Entry>,
    pub(crate) gates: Vec<Gate>,
    pub(crate) ids: Vec<PostingId>,
    pub(crate) docs: Vec<DocRef>,
    pub(crate) requirements: Vec<Requirement>,
    /// Distinct posting places; `Entry::slot` indexes it.
    pub(crate) regions: Vec<RegionCode>,
    /// The bucket (prefecture or province) of each place.
    pub(crate) slot_bucket: Vec<u16>,
    /// Postings of each bucket.
    pub(crate) buckets: Vec<Vec<u32>>,
    /// (bucket, cohort bit, signal) → postings: a student walks only the lists of their own cohort.
    pub(crate) lists: HashMap<(u16, u8, Signal), Vec<u32>>,
    pub(crate) interner: Interner,
    pub(crate) affinity: Affinity,
    /// Every occupation 小类 postings have, interned.
    pub(crate) occupation_groups: Vec<(ShortCode, u32)>,
    /// 门类 letter → the interned 大类 of it that postings have.
    pub(crate) section_divisions: HashMap<u8, Vec<u32>>,
    /// Codes of the campaigns `Entry::campaigns` bits stand for.
    campaigns: Vec<String>,
    by_id: HashMap<PostingId, u32>,
    /// Per segment, document id → entry index (or `NONE`).
    doc_index: Vec<Vec<u32>>,
    snapshot: IndexSnapshot,
    /// Text look-ups kept across calls, when enabled.
    text_cache: Option<super::TextCache>,
}

impl Catalog {
    /// Reads every posting of the snapshot (in parallel) into the catalog.
    pub fn build(taxonomy: &Taxonomy, snapshot: IndexSnapshot, config: &ScoringConfig) -> Result<Catalog, Error> {
        let mut rows = snapshot.map_postings(|posting| Row::new(taxonomy, config, posting))?;
        // Entries in posting-id order: every order the catalog gives (lists, ties, interned codes, the
        // affinities learned) then depends on the postings alone, never on how the index was written.
        rows.par_sort_unstable_by(|a, b| a.1.id.cmp(&b.1.id));
        let mut catalog = Catalog {
            entries: Vec::with_capacity(rows.len()),
            gates: Vec::with_capacity(rows.len()),
            ids: Vec::with_capacity(rows.len()),
            docs: Vec::with_capacity(rows.len()),
            requirements: Vec::new(),
            regions: Vec::new(),
            slot_bucket: Vec::new(),
            buckets: Vec::new(),
            lists: HashMap::new(),
            interner: Interner::default(),
            affinity: Affinity::default(),
            section_divisions: HashMap::new(),
            occupation_groups: Vec::new(),
            campaigns: config.campaigns.iter().map(|c| c.code.clone()).collect(),
            by_id: HashMap::with_capacity(rows.len()),
            doc_index: snapshot.segment_sizes().into_iter().map(|n| vec![NONE; n as usize]).collect(),
            snapshot,
            text_cache: None,
        };
        let mut slots: HashMap<RegionCode, u16> = HashMap::new();
        let mut bucket_of: HashMap<RegionCode, u16> = HashMap::new();
        for (at, row) in rows {
            let index = catalog.entries.len() as u32;
            let slot = *slots.entry(row.region).or_insert_with(|| {
                let bucket_code =
                    if taxonomy.regions.is_hunan(row.region) { row.region.prefecture() } else { row.region.province() };
                let next = bucket_of.len() as u16;
                let bucket = *bucket_of.entry(bucket_code).or_insert(next);
                catalog.regions.push(row.region);
                catalog.slot_bucket.push(bucket);
                (catalog.regions.len() - 1) as u16
            });
            let bucket = catalog.slot_bucket[usize::from(slot)];
            let entry = catalog.add_row(taxonomy, &row, slot);
            let gate = Gate {
                slot,
                cohorts: row.cohorts.iter().fold(0u8, |bits, c| bits | cohort_bit(*c)),
                min_education: row.min_education,
                expires: if row.headcount == Some(0) { i32::MIN } else { row.expires },
            };
            catalog.index_signals(bucket, index, &entry, gate.cohorts);
            if catalog.buckets.len() <= usize::from(bucket) {
                catalog.buckets.resize_with(usize::from(bucket) + 1, Vec::new);
            }
            catalog.buckets[usize::from(bucket)].push(index);
            catalog.doc_index[at.segment as usize][at.doc as usize] = index;
            catalog.by_id.insert(row.id.clone(), index);
            catalog.ids.push(row.id);
            catalog.docs.push(at);
            catalog.gates.push(gate);
            catalog.entries.push(entry);
        }
        // Newest first, so that a student reads the freshest postings of a long list (`list_depth`); entries
        // are in posting-id order, so equal days are in id order.
        let entries = &catalog.entries;
        for list in catalog.lists.values_mut() {
            list.sort_unstable_by_key(|&i| (std::cmp::Reverse(entries[i as usize].posted), i));
        }
        catalog.affinity = Affinity::learn(&catalog.entries, &catalog.requirements);
        Ok(catalog)
    }

    fn add_row(&mut self, taxonomy: &Taxonomy, row: &Row, slot: u16) -> Entry {
        let start = self.requirements.len() as u32;
        for requirement in &row.majors {
            let (level, code) = match requirement {
                MajorRequirement::Major(c) => (ReqLevel::Major, c),
                MajorRequirement::Class(c) => (ReqLevel::Class, c),
                MajorRequirement::Category(c) => (ReqLevel::Category, c),
            };
            let (class, category) = match (level, taxonomy.majors.major(code.as_str())) {
                (ReqLevel::Major, Some(major)) => {
                    (major.class.as_str().to_string(), major.category.as_str().to_string())
                }
                (ReqLevel::Class, _) => (code.as_str().to_string(), code.as_str().chars().take(2).collect()),
                _ => (String::new(), code.as_str().to_string()),
            };
            let requirement = Requirement {
                level,
                code: self.interner.intern('m', code.as_str()),
                class: if class.is_empty() { NONE } else { self.interner.intern('m', &class) },
                category: self.interner.intern('m', &category),
            };
            self.requirements.push(requirement);
        }
        let occupation = row.occupation.as_deref().unwrap_or("");
        let industry = row.industry.as_deref().unwrap_or("");
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
            industry_division: match industry.get(..2) {
                Some(division) if industry.as_bytes()[0].is_ascii_digit() => self.interner.intern('i', division),
                _ => NONE,
            },
            requirements: start..self.requirements.len() as u32,
            headcount: row.headcount,
            pay_min: row.pay_min,
            pay_max: row.pay_max,
            posted: row.posted,
            campaigns: row.campaigns,
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

    fn index_signals(&mut self, bucket: u16, index: u32, entry: &Entry, cohorts: u8) {
        let mut signals: Vec<Signal> = Vec::new();
        for requirement in &self.requirements[entry.requirements.start as usize..entry.requirements.end as usize] {
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
            let divisions = self.section_divisions.entry(entry.industry_section).or_default();
            if !divisions.contains(&entry.industry_division) {
                divisions.push(entry.industry_division);
            }
        }
        signals.sort();
        signals.dedup();
        for signal in signals {
            for cohort in Cohort::ALL {
                let bit = cohort_bit(*cohort);
                if cohorts & bit != 0 {
                    self.lists.entry((bucket, bit, signal)).or_default().push(index);
                }
            }
        }
    }

    /// True when the catalog's campaign marks are those of `config` (it was built with the same campaigns).
    pub fn matches_campaigns(&self, config: &ScoringConfig) -> bool {
        self.campaigns.iter().eq(config.campaigns.iter().map(|c| &c.code))
    }

    /// Best first by score, equal scores by posting id, so that no order depends on the index layout.
    pub(crate) fn best_first(&self, a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
        b.1.total_cmp(&a.1).then_with(|| self.ids[a.0 as usize].cmp(&self.ids[b.0 as usize]))
    }

    /// How many postings the catalog holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry index of a posting id.
    pub(crate) fn position(&self, id: &PostingId) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The entry index of a document of the snapshot.
    pub(crate) fn at(&self, doc: DocRef) -> Option<u32> {
        let index = *self.doc_index.get(doc.segment as usize)?.get(doc.doc as usize)?;
        (index != NONE).then_some(index)
    }

    /// The full posting (read from the index).
    pub fn posting(&self, id: &PostingId) -> Result<Posting, Error> {
        let index = self.position(id).ok_or_else(|| Error::NotFound { what: "posting", id: id.to_string() })?;
        self.snapshot.load(self.docs[index as usize])
    }

    /// Takes `units` openings of a posting (hires reported after it was published): its headcount drops,
    /// 若干 counting as `unspecified`, and with none left it is closed. Returns the openings left.
    pub fn take_headcount(&mut self, id: &PostingId, units: u32, unspecified: u32) -> Result<u32, Error> {
        let index = self.position(id).ok_or_else(|| Error::NotFound { what: "posting", id: id.to_string() })?;
        let entry = &mut self.entries[index as usize];
        let left = entry.headcount.unwrap_or(unspecified).saturating_sub(units);
        entry.headcount = Some(left);
        if left == 0 {
            self.gates[index as usize].expires = i32::MIN;
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
        self.lists.get(&(bucket, cohort_bit, signal)).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn requirements_of(&self, entry: &Entry) -> &[Requirement] {
        entry.requirements_in(&self.requirements)
    }
}

/// The fields of a posting the catalog keeps, extracted in parallel.
struct Row {
    id: PostingId,
    region: RegionCode,
    cohorts: Vec<Cohort>,
    min_education: EducationLevel,
    industry: Option<String>,
    industry_section: u8,
    occupation: Option<String>,
    majors: Vec<MajorRequirement>,
    headcount: Option<u32>,
    pay_min: u32,
    pay_max: u32,
    posted: i32,
    expires: i32,
    campaigns: u8,
}

impl Row {
    fn new(taxonomy: &Taxonomy, config: &ScoringConfig, posting: Posting) -> Row {
        let campaigns = config
            .campaigns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.favours(taxonomy, &posting))
            .fold(0u8, |bits, (i, _)| bits | (1 << i));
        let industry_section = posting
            .industry
            .as_ref()
            .and_then(|code| taxonomy.industries.get(code.as_str()))
            .map_or(0, |i| i.section as u8);
        Row {
            region: posting.region,
            cohorts: posting.cohorts,
            min_education: posting.min_education,
            industry: posting.industry.map(|c| c.as_str().to_string()),
            industry_section,
            occupation: posting.occupation.map(|c| c.as_str().to_string()),
            majors: posting.majors,
            headcount: posting.headcount,
            pay_min: posting.pay.min.unwrap_or(0),
            pay_max: posting.pay.max.or(posting.pay.min).unwrap_or(0),
            posted: day_number(posting.posted),
            expires: posting.expires.map_or(i32::MAX, day_number),
            campaigns,
            id: posting.id,
        }
    }
}
