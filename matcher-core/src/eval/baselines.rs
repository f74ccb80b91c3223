//! The baselines: random, popularity, text-only BM25 and rules-only lists, from the open postings, leaving
//! out what each student already dealt with. None of them applies the engine's hard filters.

use std::collections::{HashMap, HashSet};

use rand::seq::IndexedRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::dataset::Dataset;
use super::setting::Setting;
use crate::eligibility::region_accepted;
use crate::error::Error;
use crate::index::SearchQuery;
use crate::model::{MajorRequirement, RegionCode, Student};
use crate::score::query_words;

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

/// BM25 of the student's intention and skills through the index (open postings only), as the scorer reads
/// them: without the words it leaves out (希望, 从事, 相关, 工作 …: in most postings, they rank nothing and
/// cost most of the search), at most its first 48 distinct words. Students with the same words share one
/// search, as deep as the deepest of them needs; a deeper list can only bring in hits tied (to four
/// decimals) with the last one a shallower search would have returned, now ordered by id among all of them.
pub(crate) fn bm25(h: &Setting, data: &Dataset) -> Result<Vec<Vec<u32>>, Error> {
    let words: Vec<Vec<String>> = data.students.par_iter().map(query_words).collect();
    let mut depth: HashMap<&[String], usize> = HashMap::new();
    for (words, excluded) in words.iter().zip(&data.excluded) {
        if !words.is_empty() {
            // Deeper than needed: equal scores at the cut are ordered by id only among the hits returned,
            // and which of them the index returns depends on how it was written.
            let needed = h.top + excluded.len() + TIE_DEPTH;
            let deepest = depth.entry(words.as_slice()).or_insert(needed);
            *deepest = (*deepest).max(needed);
        }
    }
    let ranked: HashMap<&[String], Vec<u32>> = depth
        .into_par_iter()
        .map(|(words, top)| {
            let query = SearchQuery { text: String::new(), region: None, kind: None, top, open_on: Some(h.day) };
            // Ids from the catalog: no posting is read from the index's store.
            let mut hits = h.catalog.search_entries(words, &query)?;
            // tantivy may add a posting's term scores in another order from run to run; the last bits of
            // the sum must not reorder near-equal postings, so scores are compared to four decimals.
            let ids = &h.catalog.ids;
            hits.sort_by(|&(a, score_a), &(b, score_b)| {
                let (rounded_a, rounded_b) = ((score_a * 1e4).round() as i64, (score_b * 1e4).round() as i64);
                rounded_b.cmp(&rounded_a).then_with(|| ids[a as usize].cmp(&ids[b as usize]))
            });
            let positions = hits.iter().map(|&(index, _)| index).filter(|p| h.is_open[*p as usize]);
            Ok((words, positions.collect()))
        })
        .collect::<Result<_, Error>>()?;
    Ok(words
        .iter()
        .zip(&data.excluded)
        .map(|(words, excluded)| {
            let list = ranked.get(words.as_slice()).map_or(&[][..], Vec::as_slice);
            list.iter().copied().filter(|p| !excluded.contains(p)).take(h.top).collect()
        })
        .collect())
}

/// Region the student accepts, education they have, a major requirement they meet; ranked by how closely
/// the requirement names their major, then same prefecture as home, then newest.
pub(crate) fn rules(h: &Setting, data: &Dataset) -> Vec<Vec<u32>> {
    let requirements = Requirements::of(h);
    data.students
        .par_iter()
        .zip(data.excluded.par_iter())
        .map(|(student, excluded)| requirements.best(h, student, excluded))
        .collect()
}

/// Open postings by the major, 专业类 or 门类 they ask for, and those open to any major, each list newest
/// first (ties by id) and also split by prefecture: a student's list is read from the top of a few lists
/// and stops at `top`, where a pass over every posting open to any major took a millisecond a student.
struct Requirements<'h> {
    by_code: HashMap<(u8, &'h str), Ranked>,
    any: Ranked,
}

/// Postings newest first (ties by id), all of them and by prefecture.
#[derive(Default)]
struct Ranked {
    all: Vec<u32>,
    by_prefecture: HashMap<RegionCode, Vec<u32>>,
}

/// Newest first, ties by id.
fn newest_first(h: &Setting, a: u32, b: u32) -> std::cmp::Ordering {
    let (pa, pb) = (&h.postings[a as usize], &h.postings[b as usize]);
    pb.posted.cmp(&pa.posted).then_with(|| pa.id.cmp(&pb.id))
}

impl Ranked {
    fn finish(&mut self, h: &Setting) {
        self.all.sort_by(|&a, &b| newest_first(h, a, b));
        self.all.dedup();
        for &p in &self.all {
            self.by_prefecture.entry(h.postings[p as usize].region.prefecture()).or_default().push(p);
        }
    }
}

impl<'h> Requirements<'h> {
    fn of(h: &'h Setting) -> Requirements<'h> {
        let mut by_code: HashMap<(u8, &str), Ranked> = HashMap::new();
        let mut any = Ranked::default();
        for &p in &h.open {
            let posting = &h.postings[p as usize];
            if posting.majors.is_empty() {
                any.all.push(p);
            }
            for requirement in &posting.majors {
                let key = match requirement {
                    MajorRequirement::Major(code) => (3, code.as_str()),
                    MajorRequirement::Class(code) => (2, code.as_str()),
                    MajorRequirement::Category(code) => (1, code.as_str()),
                };
                by_code.entry(key).or_default().all.push(p);
            }
        }
        any.finish(h);
        for ranked in by_code.values_mut() {
            ranked.finish(h);
        }
        Requirements { by_code, any }
    }

    /// The student's `top` postings: by fit (3 names the major, 2 its 专业类, 1 its 门类 or any major), then
    /// home prefecture first, then newest, then id; each posting at its closest fit.
    fn best(&self, h: &Setting, student: &Student, excluded: &HashSet<u32>) -> Vec<u32> {
        let major = h.taxonomy.majors.major(student.major.as_str());
        let named = self.by_code.get(&(3, student.major.as_str()));
        let class = major.and_then(|m| self.by_code.get(&(2, m.class.as_str())));
        let category = major.and_then(|m| self.by_code.get(&(1, m.category.as_str())));
        // How closely a posting's requirements name the student's major (any major: 1).
        let fit = |p: u32| {
            let named_as = |requirement: &MajorRequirement| match requirement {
                MajorRequirement::Major(code) if *code == student.major => 3,
                MajorRequirement::Class(code) if major.is_some_and(|m| m.class == *code) => 2,
                _ => 1,
            };
            h.postings[p as usize].majors.iter().map(named_as).max().unwrap_or(1)
        };
        let home = student.home_region.prefecture();
        let fits = |p: u32| {
            let posting = &h.postings[p as usize];
            student.education >= posting.min_education
                && !excluded.contains(&p)
                && region_accepted(&h.taxonomy.regions, student, posting.region)
        };
        let mut out: Vec<u32> = Vec::with_capacity(h.top);
        let levels: [(u8, Vec<&Ranked>); 3] = [
            (3, named.into_iter().collect()),
            (2, class.into_iter().collect()),
            (1, category.into_iter().chain([&self.any]).collect()),
        ];
        for (level, sources) in levels {
            // Postings that fit more closely were considered at their own level.
            let fitting = |p: u32| fit(p) == level && fits(p);
            for at_home in [true, false] {
                let needed = h.top - out.len();
                if needed == 0 {
                    return out;
                }
                // The newest `needed` of each source, then the newest `needed` of them all.
                let mut found: Vec<u32> = Vec::new();
                for ranked in &sources {
                    let list = if at_home {
                        ranked.by_prefecture.get(&home).map_or(&[][..], Vec::as_slice)
                    } else {
                        &ranked.all[..]
                    };
                    let away = |p: u32| at_home || h.postings[p as usize].region.prefecture() != home;
                    found.extend(list.iter().copied().filter(|&p| away(p) && fitting(p)).take(needed));
                }
                found.sort_by(|&a, &b| newest_first(h, a, b));
                out.extend(found.into_iter().take(needed));
            }
        }
        out
    }
}

/// FNV-1a of a text: a seed per student that does not depend on the order of students.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::Posting;
    use crate::normalize::parse_date;
    use crate::score::{Catalog, ScoringConfig};
    use crate::taxonomy::Taxonomy;
    use crate::test_support::{sample_index, sample_people};

    /// The rules baseline as first written: every open posting the student's major meets, sorted. The
    /// lists read from the top must equal it.
    /// Region the student accepts, education they have, a major requirement they meet; ranked by how closely
    /// the requirement names their major, then same prefecture as home, then newest.
    fn rules_exhaustive(h: &Setting, data: &Dataset) -> Vec<Vec<u32>> {
        let requirements = Exhaustive::of(h);
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
    struct Exhaustive<'h> {
        by_code: HashMap<(u8, &'h str), Vec<u32>>,
        any: Vec<u32>,
    }

    impl<'h> Exhaustive<'h> {
        fn of(h: &'h Setting) -> Exhaustive<'h> {
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
            Exhaustive { by_code, any }
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

    #[test]
    fn rules_read_from_the_top_equal_the_exhaustive_ranking() {
        let taxonomy = Taxonomy::embedded();
        let config = ScoringConfig::builtin();
        let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
        let (students, _) = sample_people();
        for (day, top, overlap) in [("2026-11-01", 10, false), ("2026-09-01", 3, false), ("2026-11-01", 40, true)] {
            let mut setting = Setting::new(taxonomy, &catalog, &config, parse_date(day).unwrap(), top, 1).unwrap();
            if overlap {
                // Postings that name a major and also its 专业类 and 门类 (or only the two): each must be
                // listed once, at its closest fit.
                let known = students.iter().filter_map(|s| taxonomy.majors.major(s.major.as_str()).map(|m| (s, m)));
                for ((student, major), &p) in known.zip(setting.open.clone().iter().step_by(4)) {
                    let majors = &mut setting.postings[p as usize].majors;
                    majors.clear();
                    if p % 2 == 0 {
                        majors.push(MajorRequirement::Major(student.major.clone()));
                    }
                    majors.push(MajorRequirement::Class(major.class.clone()));
                    if p % 3 == 0 {
                        // The same requirement written twice.
                        majors.push(MajorRequirement::Class(major.class.clone()));
                    }
                    majors.push(MajorRequirement::Category(major.category.clone()));
                }
            }
            // Every third student has already dealt with a few postings, so some lists skip them.
            let excluded: Vec<HashSet<u32>> = (0..students.len())
                .map(|i| {
                    if i % 3 == 0 {
                        setting.open.iter().copied().skip(i % 7).step_by(5).take(40).collect()
                    } else {
                        HashSet::new()
                    }
                })
                .collect();
            let data = Dataset { students: students.clone(), excluded, ..Dataset::default() };
            let fast = rules(&setting, &data);
            let exhaustive = rules_exhaustive(&setting, &data);
            assert!(fast.iter().filter(|l| l.len() == top).count() > students.len() / 4, "most lists are full");
            for (i, (a, b)) in fast.iter().zip(&exhaustive).enumerate() {
                assert_eq!(a, b, "student {} on {day}, top {top}", students[i].id.as_str());
            }
        }
    }

    #[test]
    fn bm25_searches_the_words_the_scorer_reads() {
        let taxonomy = Taxonomy::embedded();
        let config = ScoringConfig::builtin();
        let catalog = Catalog::build(taxonomy, sample_index().snapshot(), &config).unwrap();
        let day = parse_date("2026-11-01").unwrap();
        let setting = Setting::new(taxonomy, &catalog, &config, day, 10, 1).unwrap();
        let (students, _) = sample_people();
        let asking = |intention: &str| {
            let mut student = students[0].clone();
            intention.clone_into(&mut student.intention);
            student.skills.clear();
            student
        };
        let people = vec![asking("希望从事相关工作"), asking("希望从事会计相关工作"), asking("会计"), asking("会计")];
        let mut excluded = vec![HashSet::new(); people.len()];
        let data = Dataset { students: people.clone(), excluded: excluded.clone(), ..Dataset::default() };
        let lists = bm25(&setting, &data).unwrap();
        assert!(lists[0].is_empty(), "words that say nothing of the work match nothing: {:?}", lists[0]);
        assert!(!lists[2].is_empty(), "会计 finds postings");
        assert_eq!(lists[1], lists[2], "希望从事……相关工作 ranks as its work alone");
        // A student who already dealt with the first hit gets the others, in the same order.
        excluded[3].insert(lists[2][0]);
        let data = Dataset { students: people, excluded, ..Dataset::default() };
        let lists = bm25(&setting, &data).unwrap();
        let shared = lists[3].len().min(lists[2].len() - 1);
        assert_eq!(lists[3][..shared], lists[2][1..=shared], "{lists:?}");
        assert!(!lists[3].contains(&lists[2][0]));
    }
}
