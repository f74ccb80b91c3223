//! The baselines: random, popularity, text-only BM25 and rules-only lists, from the open postings, leaving
//! out what each student already dealt with. None of them applies the engine's hard filters.

use rand::seq::IndexedRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::dataset::Dataset;
use super::harness::Harness;
use crate::eligibility::region_accepted;
use crate::error::Error;
use crate::index::SearchQuery;
use crate::model::{MajorRequirement, Posting, Student};

/// Open postings in a random order, seeded per student (the same whatever order the index holds them in).
pub(crate) fn random(h: &Harness, data: &Dataset) -> Vec<Vec<u32>> {
    data.students
        .iter()
        .zip(&data.excluded)
        .map(|(student, excluded)| {
            let pool: Vec<u32> = h.open_by_id.iter().copied().filter(|p| !excluded.contains(p)).collect();
            let mut rng = ChaCha8Rng::seed_from_u64(h.seed ^ fnv(student.id.as_str()));
            pool.choose_multiple(&mut rng, h.top).copied().collect()
        })
        .collect()
}

/// The most popular open postings (positive learned interactions, then newest, then id).
pub(crate) fn popularity(h: &Harness, data: &Dataset) -> Vec<Vec<u32>> {
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
pub(crate) fn bm25(h: &Harness, data: &Dataset) -> Result<Vec<Vec<u32>>, Error> {
    data.students
        .iter()
        .zip(&data.excluded)
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
                .filter(|p| !excluded.contains(p) && h.open.binary_search(p).is_ok())
                .take(h.top)
                .collect())
        })
        .collect()
}

/// Region the student accepts, education they have, a major requirement they meet; ranked by how closely
/// the requirement names their major, then same prefecture as home, then newest.
pub(crate) fn rules(h: &Harness, data: &Dataset) -> Vec<Vec<u32>> {
    data.students
        .iter()
        .zip(&data.excluded)
        .map(|(student, excluded)| {
            let mut scored: Vec<(u8, bool, &Posting, u32)> = h
                .open
                .iter()
                .filter(|p| !excluded.contains(p))
                .filter_map(|&p| {
                    let posting = &h.postings[p as usize];
                    let fit = major_fit(h, student, posting)?;
                    let fits = region_accepted(&h.taxonomy.regions, student, posting.region)
                        && student.education >= posting.min_education;
                    fits.then_some((fit, posting.region.prefecture() == student.home_region.prefecture(), posting, p))
                })
                .collect();
            scored.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then_with(|| b.2.posted.cmp(&a.2.posted))
                    .then_with(|| a.2.id.cmp(&b.2.id))
            });
            scored.into_iter().take(h.top).map(|(_, _, _, p)| p).collect()
        })
        .collect()
}

/// 3: names the major; 2: its 专业类; 1: its 门类 or any major; `None`: asks for other majors.
fn major_fit(h: &Harness, student: &Student, posting: &Posting) -> Option<u8> {
    if posting.majors.is_empty() {
        return Some(1);
    }
    let major = h.taxonomy.majors.major(student.major.as_str());
    posting
        .majors
        .iter()
        .filter_map(|requirement| match requirement {
            MajorRequirement::Major(code) => (*code == student.major).then_some(3),
            MajorRequirement::Class(code) => major.is_some_and(|m| m.class == *code).then_some(2),
            MajorRequirement::Category(code) => major.is_some_and(|m| m.category == *code).then_some(1),
        })
        .max()
}

/// FNV-1a of a text: a seed per student that does not depend on the order of students.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}
