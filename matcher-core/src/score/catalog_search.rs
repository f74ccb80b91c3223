//! BM25 search answered from the catalog: the postings' ids and scores, where `PostingIndex::search` reads
//! and decodes each hit's stored posting. For callers that rank ids (the evaluation's BM25 baseline) or
//! hold the postings already.

use super::catalog::Catalog;
use crate::error::Error;
use crate::index::{terms, SearchQuery};
use crate::model::PostingId;

impl Catalog {
    /// The best postings for the query, as `PostingIndex::search` finds them (the same filters, scores and
    /// order: best first, equal scores by id), by id; no posting is read.
    pub fn search_ids(&self, query: &SearchQuery) -> Result<Vec<(PostingId, f32)>, Error> {
        let found = self.search_entries(&terms(&query.text), query)?;
        Ok(found.into_iter().map(|(index, score)| (self.ids[index as usize].clone(), score)).collect())
    }

    /// The best entries for words already analysed like the index (`query.text` is not read), best first,
    /// equal scores by posting id.
    pub(crate) fn search_entries(&self, words: &[String], query: &SearchQuery) -> Result<Vec<(u32, f32)>, Error> {
        let found = self.snapshot.best_documents(words, query)?;
        let mut out: Vec<(u32, f32)> =
            found.into_iter().filter_map(|(score, at)| self.at(at).map(|index| (index, score))).collect();
        out.sort_by(|a, b| self.best_first(a, b));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::index::SearchQuery;
    use crate::normalize::parse_date;
    use crate::score::{Catalog, ScoringConfig};
    use crate::taxonomy::Taxonomy;

    #[test]
    fn ids_from_the_catalog_are_the_postings_the_index_search_loads() {
        let index = crate::test_support::sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin()).unwrap();
        let changsha = "430100".parse().ok();
        let internship = Some(crate::model::PostingKind::Internship);
        let mut compared = 0;
        for text in ["会计", "软件开发", "销售 客户", "农业", "乡村教育", "java", "实习 长沙", "护士", ""]
        {
            for day in [None, Some("2026-11-01"), Some("2027-09-01")] {
                for (region, kind) in [(None, None), (changsha, None), (None, internship)] {
                    for top in [1, 5, 40] {
                        let open_on = day.map(|d| parse_date(d).unwrap());
                        let query = SearchQuery { text: text.to_string(), region, kind, top, open_on };
                        let loaded: Vec<(String, f32)> =
                            index.search(&query).unwrap().iter().map(|h| (h.id.to_string(), h.score)).collect();
                        let ids: Vec<(String, f32)> = catalog
                            .search_ids(&query)
                            .unwrap()
                            .into_iter()
                            .map(|(id, score)| (id.to_string(), score))
                            .collect();
                        assert_eq!(ids, loaded, "{text:?} open on {day:?} in {region:?} of {kind:?}, top {top}");
                        compared += ids.len();
                    }
                }
            }
        }
        assert!(compared > 500, "the sample gives hits to compare: {compared}");
    }

    /// A caller may ask for any number of hits: the answer is every hit there is, not an overflow or an
    /// allocation the size of the number asked.
    #[test]
    fn a_huge_top_is_bounded_by_the_postings() {
        let index = crate::test_support::sample_index();
        let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &ScoringConfig::builtin()).unwrap();
        let day = parse_date("2026-11-01").ok();
        for (text, open_on) in [("会计", day), ("会计", None), ("", day)] {
            let query = SearchQuery { text: text.into(), region: None, kind: None, top: usize::MAX, open_on };
            let all = catalog.search_ids(&query).unwrap();
            assert!(!all.is_empty() && all.len() <= catalog.live(), "{text:?}: {}", all.len());
            assert_eq!(index.search(&query).unwrap().len(), all.len());
        }
    }
}
