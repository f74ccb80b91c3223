//! `Affinity` between a 专业类 and the occupation 小类 of a posting, learned from the
//! postings themselves: among the postings of an occupation group that name the
//! majors they want, the share that accept the class. A posting open to any major is then related to a
//! student whose class that kind of work usually asks for. Nothing else (no hand-made table) feeds it.
//!
//! The counts are kept, so that a catalog updated in place (postings added or closed) learns exactly what a
//! fresh build would.

use std::collections::HashMap;

use super::chunks::Chunks;
use super::codes::{ShortCode, NONE};
use super::entry::{Entry, ReqLevel, Requirement, Signal};

/// Postings of a group needed (naming majors) before its affinities are trusted.
const MIN_SUPPORT: u32 = 5;
/// Shares below this are noise.
const MIN_SHARE: f32 = 0.15;
/// Related groups kept per class, best first.
const KEEP: usize = 5;

/// Learned affinities: for each 专业类 (interned), the related groups with their share in (0, 1].
#[derive(Debug, Clone, Default)]
pub(crate) struct Affinity {
    /// Postings naming majors, per occupation group.
    totals: HashMap<Signal, u32>,
    /// Of those, the ones accepting a class, per (class, group).
    pairs: HashMap<(u32, Signal), u32>,
    by_class: HashMap<u32, Vec<(Signal, f32)>>,
}

impl Affinity {
    /// Learns from every entry; `group_code` names an occupation group (ties between equal shares are broken
    /// by code, never by interned id, which depends on the order postings came in).
    pub(crate) fn learn(
        entries: &Chunks<Entry>,
        requirements: &Chunks<Requirement>,
        group_code: &dyn Fn(u32) -> ShortCode,
    ) -> Affinity {
        let mut affinity = Affinity::default();
        for (_, entry) in entries.iter() {
            affinity.count(entry, requirements, 1);
        }
        affinity.derive(group_code);
        affinity
    }

    /// Counts an entry in (`sign` 1) or out (`sign` -1); call [`Affinity::derive`] after a batch of changes.
    pub(crate) fn count(&mut self, entry: &Entry, requirements: &Chunks<Requirement>, sign: i32) {
        // Occupation 小类 only: an industry 大类 mixes every kind of work (a software company's sales staff).
        if entry.occupation_group == NONE {
            return;
        }
        let mut classes: Vec<u32> = entry
            .requirements_in(requirements)
            .iter()
            .filter(|r| !r.preferred && r.level != ReqLevel::Category && r.class != NONE)
            .map(|r| r.class)
            .collect();
        if classes.is_empty() {
            return;
        }
        classes.sort_unstable();
        classes.dedup();
        let group = Signal::Occupation(entry.occupation_group);
        let bump = |count: &mut u32| *count = count.saturating_add_signed(sign);
        bump(self.totals.entry(group).or_default());
        for class in classes {
            bump(self.pairs.entry((class, group)).or_default());
        }
    }

    /// The related groups of every class, from the counts.
    pub(crate) fn derive(&mut self, group_code: &dyn Fn(u32) -> ShortCode) {
        let mut by_class: HashMap<u32, Vec<(Signal, f32)>> = HashMap::new();
        for (&(class, group), &count) in &self.pairs {
            let total = self.totals.get(&group).copied().unwrap_or(0);
            let share = count as f32 / total.max(1) as f32;
            if total >= MIN_SUPPORT && share >= MIN_SHARE {
                by_class.entry(class).or_default().push((group, share));
            }
        }
        let code = |signal: &Signal| match signal {
            Signal::Occupation(id) => group_code(*id),
            _ => ShortCode::default(),
        };
        for related in by_class.values_mut() {
            related.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| code(&a.0).as_str().cmp(code(&b.0).as_str())));
            related.truncate(KEEP);
        }
        self.by_class = by_class;
    }

    /// The groups related to a class, best first.
    pub(crate) fn related(&self, class: u32) -> &[(Signal, f32)] {
        self.by_class.get(&class).map_or(&[], Vec::as_slice)
    }
}
