//! Text relevance: BM25 of a student's intention and skills against posting titles and descriptions, through
//! the index (its analyzer, statistics and field norms). Students share intentions, so each distinct set of
//! words is looked up once per batch.

use std::collections::HashMap;

use rayon::prelude::*;

use super::catalog::Catalog;
use super::config::ScoringConfig;
use crate::error::Error;
use crate::index::terms;
use crate::model::Student;

/// Words of every intention that say nothing about the work itself (希望从事……相关工作).
const STOP_WORDS: &[&str] = &[
    "希望", "从事", "相关", "工作", "岗位", "方向", "意向", "求职", "熟悉", "能够", "具备", "愿意", "一定", "以及",
    "的", "和", "与", "及", "或", "等", "有", "在", "能", "会", "了",
];

/// A word in more than this share of the postings (idf below ~2.4) is skipped: it would cost a walk over a
/// tenth of the index and add almost nothing to the score.
const MAX_SHARE: f64 = 0.1;

/// BM25 scores by catalog entry, sorted by entry, for each distinct set of words.
pub(crate) type TextHits = HashMap<Vec<String>, Hits>;

/// BM25 scores by catalog entry, sorted by entry.
pub(crate) type Hits = Vec<(u32, f32)>;

/// The words a student's text is searched by: analysed like the index, stop words dropped, sorted, unique.
pub(crate) fn query_words(student: &Student) -> Vec<String> {
    let mut words = terms(&format!("{} {}", student.intention, student.skills));
    words.retain(|w| !STOP_WORDS.contains(&w.as_str()));
    words.sort();
    words.dedup();
    words
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
    let max_doc_freq = ((catalog.len() as f64 * MAX_SHARE).ceil() as u64).max(1);
    let found: Vec<(Vec<String>, Hits)> = distinct
        .into_par_iter()
        .map(|words| {
            let mut scores: HashMap<u32, f32> = HashMap::new();
            let mut visit = |at, score: f32| {
                if let Some(index) = catalog.at(at) {
                    *scores.entry(index).or_default() += score;
                }
            };
            catalog.snapshot().bm25(words, config.thresholds.title_boost, max_doc_freq, &mut visit)?;
            let mut hits: Vec<(u32, f32)> = scores.into_iter().collect();
            hits.sort_unstable_by_key(|(index, _)| *index);
            Ok((words.to_vec(), hits))
        })
        .collect::<Result<_, Error>>()?;
    Ok(found.into_iter().collect())
}
