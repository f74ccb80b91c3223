//! The baselines: random, popularity, text-only BM25 and rules-only lists, from the open postings, leaving
//! out what each student already dealt with. None of them applies the engine's hard filters.

use std::collections::HashMap;

use rand::seq::IndexedRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::dataset::Dataset;
use super::setting::Setting;
use crate::eligibility::region_accepted;
use crate::error::Error;
use crate::index::SearchQuery;
use crate::model::{MajorRequirement, Posting, Student};

/// Open postings in a random order, seeded per student (the same whatever order the index holds them in).
pub(crate) fn random(h: &Setting, data: &Dataset) -> Vec<Vec<u32>> {
    data.students
        .par_iter()
        .zip(data.excluded.par_iter())
        .map(|(student, excluded)| {
            let pool: Vec<u32> = h.open.iter().copied().filter(|p| !excluded.contains(p)).collect();
            let mut rng = ChaCha8Rng::seed_from_u64(h.seed ^ fnv(student.id.as_str()));
            pool.choose_multiple(&mut rng, h.top).copied().collect()
        })
        .collect()
}

/// The most popular open postings (positive learned interactions, then newest, then id).
pub(crate) fn popularity(h: &Setting, data: &Dataset) -> Vec<Vec<u32>> {
    let mut order = h.open.clone();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&h.postings[a as usize], &h.postings[b as usize]);
        data.popularity[b as usize]
            .cmp(&data.popularity[a as usize])
            .then_with(|| pb.posted.cmp(&pa.posted))
            .then_with(|| pa.id.cmp(&pb.id))
    });
    data.excluded
        .iter()
        .map(|excluded| order.iter().copied().filter(|p| !excluded.contains(p)).take(h.top).collect())
        .collect()
}

/// Extra BM25 hits read so that ties at the list's end are broken by id, not by index layout.
const TIE_DEPTH: usize = 50;

/// BM25 of the student's intention and skills through the index (open postings only).
pub(crate) fn bm25(h: &Setting, data: &Dataset) -> Result<Vec<Vec<u32>>, Error> {
    data.students
        .par_iter()
        .zip(data.excluded.par_iter())
        .map(|(student, excluded)| {
            let query = SearchQuery {
                text: format!("{} {}", student.intention, student.skills),
                region: None,
                kind: None,
                // Deeper than needed: equal scores at the cut are ordered by id only among the hits returned,
                // and which of them the index returns depends on how it was written.
                top: h.top + excluded.len() + TIE_DEPTH,
                open_on: Some(h.day),
            };
            let mut hits = h.index.search(&query)?;
            // tantivy may add a posting's term scores in another order from run to run; the last bits of
            // the sum must not reorder near-equal postings, so scores are compared to four decimals.
            hits.sort_by_cached_key(|hit| {
                (std::cmp::Reverse((hit.score * 1e4).round() as i64), hit.posting.id.clone())
            });
            Ok(hits
                .iter()
                .filter_map(|hit| h.catalog.position(&hit.posting.id))
                .filter(|p| !excluded.contains(p) && h.is_open[*p as usize])
                .take(h.top)
                .collect())
        })
        .collect()
}

/// Region the student accepts, education they have, a major requirement they meet; ranked by how closely
/// the requirement names their major, then same prefecture as home, then newest.
pub(crate) fn rules(h: &Setting, data: &Dataset) -> Vec<Vec<u32>> {
    let requirements = Requirements::of(h);
    data.students
        .par_iter()
        .zip(data.excluded.par_iter())
        .map(|(student, excluded)| {
            let home = student.home_region.prefecture();
            let mut scored: Vec<(u8, bool, &Posting, u32)> = requirements
                .fits(h, student)
                .into_iter()
                .filter_map(|(p, fit)| {
                    let posting = &h.postings[p as usize];
                    let fits = student.education >= posting.min_education
                        && !excluded.contains(&p)
                        && region_accepted(&h.taxonomy.regions, student, posting.region);
                    fits.then_some((fit, posting.region.prefecture() == home, posting, p))
                })
                .collect();
            let order = |a: &(u8, bool, &Posting, u32), b: &(u8, bool, &Posting, u32)| {
                b.0.cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then_with(|| b.2.posted.cmp(&a.2.posted))
                    .then_with(|| a.2.id.cmp(&b.2.id))
            };
            if scored.len() > h.top {
                scored.select_nth_unstable_by(h.top, order);
                scored.truncate(h.top);
            }
            scored.sort_by(order);
            scored.into_iter().map(|(_, _, _, p)| p).collect()
        })
        .collect()
}

/// Open postings by the major, 专业类 or 门类 they ask for, and those open to any major: a student's
/// candidates are four look-ups instead of a pass over every posting.
struct Requirements<'h> {
    by_code: HashMap<(u8, &'h str), Vec<u32>>,
    any: Vec<u32>,
}

impl<'h> Requirements<'h> {
    fn of(h: &'h Setting) -> Requirements<'h> {
        let mut by_code: HashMap<(u8, &str), Vec<u32>> = HashMap::new();
        let mut any = Vec::new();
        for &p in &h.open {
            let posting = &h.postings[p as usize];
            if posting.majors.is_empty() {
                any.push(p);
            }
            for requirement in &posting.majors {
                let key = match requirement {
                    MajorRequirement::Major(code) => (3, code.as_str()),
                    MajorRequirement::Class(code) => (2, code.as_str()),
                    MajorRequirement::Category(code) => (1, code.as_str()),
                };
                by_code.entry(key).or_default().push(p);
            }
        }
        Requirements { by_code, any }
    }

    /// Each posting the student's major meets, with how closely: 3 names the major, 2 its 专业类, 1 its 门类
    /// or any major.
    fn fits(&self, h: &Setting, student: &Student) -> HashMap<u32, u8> {
        let major = h.taxonomy.majors.major(student.major.as_str());
        let mut fits: HashMap<u32, u8> = self.any.iter().map(|&p| (p, 1)).collect();
        let keys = [
            Some((3, student.major.as_str())),
            major.map(|m| (2, m.class.as_str())),
            major.map(|m| (1, m.category.as_str())),
        ];
        for key in keys.into_iter().flatten() {
            for &p in self.by_code.get(&key).map_or(&[][..], Vec::as_slice) {
                let fit = fits.entry(p).or_insert(0);
                *fit = (*fit).max(key.0);
            }
        }
        fits
    }
}

/// FNV-1a of a text: a seed per student that does not depend on the order of students.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}
