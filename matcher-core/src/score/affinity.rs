//! `Affinity` between a 专业类 and the occupation 小类 of a posting, learned from the
//! postings themselves: among the postings of an occupation group that name the
//! majors they want, the share that accept the class. A posting open to any major is then related to a
//! student whose class that kind of work usually asks for. Nothing else (no hand-made table) feeds it.

use std::collections::HashMap;

use super::codes::NONE;
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
    by_class: HashMap<u32, Vec<(Signal, f32)>>,
}

impl Affinity {
    pub(crate) fn learn(entries: &[Entry], requirements: &[Requirement]) -> Affinity {
        let mut totals: HashMap<Signal, u32> = HashMap::new();
        let mut pairs: HashMap<(u32, Signal), u32> = HashMap::new();
        let mut classes: Vec<u32> = Vec::new();
        for entry in entries {
            classes.clear();
            for requirement in entry.requirements_in(requirements) {
                if requirement.level != ReqLevel::Category && requirement.class != NONE {
                    classes.push(requirement.class);
                }
            }
            if classes.is_empty() {
                continue;
            }
            classes.sort_unstable();
            classes.dedup();
            // Occupation 小类 only: an industry 大类 mixes every kind of work (a software company's sales staff).
            if entry.occupation_group != NONE {
                let group = Signal::Occupation(entry.occupation_group);
                *totals.entry(group).or_default() += 1;
                for class in &classes {
                    *pairs.entry((*class, group)).or_default() += 1;
                }
            }
        }
        let mut by_class: HashMap<u32, Vec<(Signal, f32)>> = HashMap::new();
        for ((class, group), count) in pairs {
            let total = totals.get(&group).copied().unwrap_or(0);
            let share = count as f32 / total.max(1) as f32;
            if total >= MIN_SUPPORT && share >= MIN_SHARE {
                by_class.entry(class).or_default().push((group, share));
            }
        }
        for related in by_class.values_mut() {
            related.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            related.truncate(KEEP);
        }
        Affinity { by_class }
    }

    /// The groups related to a class, best first.
    pub(crate) fn related(&self, class: u32) -> &[(Signal, f32)] {
        self.by_class.get(&class).map_or(&[], Vec::as_slice)
    }
}
