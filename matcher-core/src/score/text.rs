//! Text relevance: BM25 of a student's intention and skills against posting titles and descriptions, through
//! the index (its analyzer, statistics and field norms). Students share intentions, so each distinct set of
//! words is looked up once per batch.

use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::catalog::Catalog;
use super::config::ScoringConfig;
use crate::error::Error;
use crate::index::{terms, DocRef};
use crate::model::Student;

/// Words of every intention that say nothing about the work itself (希望从事……相关工作).
const STOP_WORDS: &[&str] = &[
    "希望", "从事", "相关", "工作", "岗位", "方向", "意向", "求职", "熟悉", "能够", "具备", "愿意", "一定", "以及",
    "的", "和", "与", "及", "或", "等", "有", "在", "能", "会", "了",
];

/// A word in more than this share of the postings (idf below ~3) is skipped: it would cost a walk over a
/// twentieth of the index and add little to the score (the word's occupation or industry usually carries it).
const MAX_SHARE: f64 = 0.05;
/// Below this many postings a word is always read: the walk is cheap there.
const ALWAYS_READ: u64 = 2_000;

/// Best matches kept per place (Hunan prefecture or province) for each set of words. A posting outside them
/// has no text relevance for those words: at 1,000,000 postings a common word would otherwise make a
/// third of a city's postings candidates of every student who uses it.
pub(crate) const PER_PLACE: usize = 200;

/// The matches of each distinct set of words.
pub(crate) type TextHits = HashMap<Vec<String>, Arc<QueryHits>>;

/// The matches of recently asked sets of words, kept for a service that recommends one student at a time:
/// students share intentions, and a look-up costs more than scoring. A look-up depends on the catalog's
/// snapshot (entries are its indices), the words and the title boost; copies of a catalog (which differ
/// only in openings left) share the cache, and asking with another title boost empties it.
#[derive(Clone)]
pub struct TextCache {
    recent: Arc<Mutex<Recent>>,
    capacity: NonZeroUsize,
    /// Postings changed since the look-ups were made (kept across small updates of the catalog).
    churn: Arc<std::sync::atomic::AtomicUsize>,
}

struct Recent {
    /// The title boost the kept look-ups were made with (`None` before the first).
    title_boost: Option<f32>,
    hits: lru::LruCache<Vec<String>, Arc<QueryHits>>,
}

impl TextCache {
    /// The cache for `catalog`, updated from the one these look-ups were made on by `changed` postings, of
    /// which `added` are new entries (index, document): each kept look-up gains the new postings its words
    /// match (BM25 with the updated index's statistics), those that gain none are kept as they are (closed
    /// postings in them are never eligible). Once the postings changed since the look-ups were first made
    /// pass a tenth of the catalog, an empty cache instead, so that drift in old scores stays small. Never the
    /// same cache: the old catalog may still be read, and the new look-ups hold entries it does not have.
    pub(crate) fn patched(
        &self,
        catalog: &Catalog,
        added: &[(u32, DocRef)],
        changed: usize,
    ) -> Result<TextCache, Error> {
        let churn = self.churn.load(std::sync::atomic::Ordering::Relaxed) + changed;
        let fresh = TextCache::new(self.capacity);
        fresh.churn.store(churn, std::sync::atomic::Ordering::Relaxed);
        if churn * 10 > catalog.live() {
            return Ok(TextCache::new(self.capacity));
        }
        let Ok(recent) = self.recent.lock() else { return Ok(TextCache::new(self.capacity)) };
        let Some(title_boost) = recent.title_boost else { return Ok(fresh) };
        let among: HashSet<DocRef> = added.iter().map(|(_, at)| *at).collect();
        let entry_of: HashMap<DocRef, u32> = added.iter().map(|(index, at)| (*at, *index)).collect();
        let max_doc_freq = max_doc_freq(catalog);
        let mut patched = Vec::with_capacity(recent.hits.len());
        // Least recent first, so that the new cache keeps the same order of use.
        for (words, hits) in recent.hits.iter().rev() {
            let mut new_hits: Vec<(u32, f32)> = Vec::new();
            let mut visit = |at: DocRef, score: f32| {
                if let Some(&index) = entry_of.get(&at) {
                    match new_hits.iter_mut().find(|(i, _)| *i == index) {
                        Some((_, sum)) => *sum += score,
                        None => new_hits.push((index, score)),
                    }
                }
            };
            catalog.snapshot().bm25_among(words, title_boost, max_doc_freq, &among, &mut visit)?;
            let hits = if new_hits.is_empty() {
                hits.clone()
            } else {
                let old = hits.buckets.iter().flat_map(|(_, hits)| hits.iter().copied());
                Arc::new(QueryHits::new(catalog, old.chain(new_hits)))
            };
            patched.push((words.clone(), hits));
        }
        drop(recent);
        if let Ok(mut next) = fresh.recent.lock() {
            next.title_boost = Some(title_boost);
            for (words, hits) in patched {
                next.hits.put(words, hits);
            }
        }
        Ok(fresh)
    }

    fn new(capacity: NonZeroUsize) -> TextCache {
        let recent = Recent { title_boost: None, hits: lru::LruCache::new(capacity) };
        TextCache { recent: Arc::new(Mutex::new(recent)), capacity, churn: Arc::default() }
    }

    fn get(&self, words: &[String], title_boost: f32) -> Option<Arc<QueryHits>> {
        let mut recent = self.recent.lock().ok()?;
        (recent.title_boost == Some(title_boost)).then(|| recent.hits.get(words).cloned()).flatten()
    }

    fn put(&self, words: Vec<String>, hits: Arc<QueryHits>, title_boost: f32) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.title_boost != Some(title_boost) {
                recent.hits.clear();
                recent.title_boost = Some(title_boost);
            }
            recent.hits.put(words, hits);
        }
    }
}

impl std::fmt::Debug for TextCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextCache({})", self.capacity)
    }
}

/// A cache of `capacity` sets of words (None when 0).
pub(crate) fn text_cache(capacity: usize) -> Option<TextCache> {
    NonZeroUsize::new(capacity).map(TextCache::new)
}

/// BM25 scores by catalog entry, sorted by entry.
pub(crate) type Hits = Vec<(u32, f32)>;

/// The best matches of one set of words in each place.
#[derive(Debug, Default)]
pub(crate) struct QueryHits {
    /// By bucket, ascending; inside, by entry.
    buckets: Vec<(u16, Hits)>,
}

impl QueryHits {
    /// The matches in a place, by entry.
    pub(crate) fn in_bucket(&self, bucket: u16) -> &[(u32, f32)] {
        match self.buckets.binary_search_by_key(&bucket, |(b, _)| *b) {
            Ok(at) => &self.buckets[at].1,
            Err(_) => &[],
        }
    }

    /// The BM25 score of an entry in a place (0 when it is not among the best matches there).
    pub(crate) fn score(&self, bucket: u16, index: u32) -> f32 {
        let hits = self.in_bucket(bucket);
        hits.binary_search_by_key(&index, |(i, _)| *i).map_or(0.0, |at| hits[at].1)
    }

    fn new(catalog: &Catalog, scores: impl Iterator<Item = (u32, f32)>) -> QueryHits {
        // By bucket number (a catalog has a few hundred): no hashing per hit.
        let mut by_bucket: Vec<Hits> = Vec::new();
        for (index, score) in scores {
            let slot = catalog.gates[index as usize].slot;
            let bucket = usize::from(catalog.slot_bucket[usize::from(slot)]);
            if by_bucket.len() <= bucket {
                by_bucket.resize_with(bucket + 1, Vec::new);
            }
            by_bucket[bucket].push((index, score));
        }
        let buckets: Vec<(u16, Hits)> = by_bucket
            .into_iter()
            .enumerate()
            .filter(|(_, hits)| !hits.is_empty())
            .map(|(bucket, mut hits)| {
                catalog.keep_best_in_bucket(&mut hits, PER_PLACE);
                hits.sort_unstable_by_key(|(index, _)| *index);
                hits.shrink_to_fit();
                (bucket as u16, hits)
            })
            .collect();
        QueryHits { buckets }
    }
}

/// Most distinct words a student's text is searched by: an intention says what it means in far fewer, and
/// each word is a walk over the index.
pub(crate) const MAX_QUERY_WORDS: usize = 48;

/// The words a student's text is searched by: analysed like the index, stop words dropped, the first
/// [`MAX_QUERY_WORDS`] distinct ones, sorted.
pub(crate) fn query_words(student: &Student) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in terms(&format!("{} {}", student.intention, student.skills)) {
        if words.len() == MAX_QUERY_WORDS {
            break;
        }
        if !STOP_WORDS.contains(&word.as_str()) && !words.contains(&word) {
            words.push(word);
        }
    }
    words.sort();
    words
}

/// Documents holding more of the postings than this are skipped by look-ups (see [`MAX_SHARE`]).
fn max_doc_freq(catalog: &Catalog) -> u64 {
    ((catalog.live() as f64 * MAX_SHARE).ceil() as u64).max(ALWAYS_READ)
}

/// Looks up every distinct set of words once, in parallel.
pub(crate) fn text_hits<'s>(
    catalog: &Catalog,
    config: &ScoringConfig,
    queries: impl Iterator<Item = &'s [String]>,
) -> Result<TextHits, Error> {
    let mut distinct: Vec<&[String]> = queries.filter(|q| !q.is_empty()).collect();
    distinct.sort();
    distinct.dedup();
    let mut found: TextHits = HashMap::new();
    if let Some(cache) = catalog.text_cache() {
        distinct.retain(|words| match cache.get(words, config.thresholds.title_boost) {
            Some(hits) => {
                found.insert(words.to_vec(), hits);
                false
            }
            None => true,
        });
    }
    let max_doc_freq = max_doc_freq(catalog);
    let looked_up: Vec<(Vec<String>, Arc<QueryHits>)> = distinct
        .into_par_iter()
        .map(|words| {
            let mut scores: Vec<(u32, f32)> = Vec::new();
            let mut visit = |at: DocRef, sum: f32| {
                if let Some(index) = catalog.at(at) {
                    scores.push((index, sum));
                }
            };
            catalog.snapshot().bm25(words, config.thresholds.title_boost, max_doc_freq, &mut visit)?;
            let hits = QueryHits::new(catalog, scores.into_iter());
            Ok((words.to_vec(), Arc::new(hits)))
        })
        .collect::<Result<_, Error>>()?;
    for (words, hits) in looked_up {
        if let Some(cache) = catalog.text_cache() {
            cache.put(words.clone(), hits.clone(), config.thresholds.title_boost);
        }
        found.insert(words, hits);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    /// Sums by document, over several segments with deleted documents, are the sums by catalog entry: the
    /// same best hits in every place, score for score.
    #[test]
    fn sums_by_document_are_the_sums_by_entry() {
        let (_dir, index) = crate::test_support::index_with_deletions(5);
        let config = ScoringConfig::builtin();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
        let mut compared = 0;
        for words in [vec!["销售"], vec!["客户", "负责"], vec!["会展", "活动", "执行"], vec!["开发", "软件"]]
        {
            let words: Vec<String> = words.into_iter().map(String::from).collect();
            let found = text_hits(&catalog, &config, std::iter::once(words.as_slice())).unwrap();
            let mut by_entry: HashMap<u32, f32> = HashMap::new();
            let mut visit = |at, score: f32| {
                if let Some(index) = catalog.at(at) {
                    *by_entry.entry(index).or_default() += score;
                }
            };
            let max = max_doc_freq(&catalog);
            catalog.snapshot().bm25(&words, config.thresholds.title_boost, max, &mut visit).unwrap();
            let expected = QueryHits::new(&catalog, by_entry.into_iter());
            let hits = found.get(&words).expect("looked up");
            assert_eq!(hits.buckets, expected.buckets, "{words:?}");
            compared += expected.buckets.iter().map(|(_, hits)| hits.len()).sum::<usize>();
        }
        assert!(compared > 50, "the words have hits: {compared}");
    }
}
