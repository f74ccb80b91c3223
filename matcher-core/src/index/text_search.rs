//! The BM25 search of words with filters over one searcher: where the best documents are and their scores,
//! no document read. `PostingIndex::search` loads the postings found; the catalog, which holds them,
//! answers with ids alone.

use tantivy::collector::{FilterCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::schema::{day_number, Fields};
use super::search_query::SearchQuery;
use crate::error::Error;

/// A title match weighs three description matches; an employer match two.
const TITLE_BOOST: f32 = 3.0;
const EMPLOYER_BOOST: f32 = 2.0;

/// The best documents for `words` (already analysed like the index) under the query's filters (`query.text`
/// is not read), at most `query.top`, best first or in segment order among equal scores.
pub(crate) fn best_documents(
    searcher: &Searcher,
    fields: &Fields,
    words: &[String],
    query: &SearchQuery,
) -> Result<Vec<(f32, DocAddress)>, Error> {
    // A caller's `top` is bounded by the postings there are: a huge one must not overflow or allocate.
    let top = query.top.clamp(1, usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX).max(1));
    let open_from = query.open_on.map_or(i64::MIN, day_number);
    let plain_text = !words.is_empty() && query.region.is_none() && query.kind.is_none();
    let pruned = if plain_text { search_pruned(searcher, fields, words, top, open_from)? } else { None };
    match pruned {
        Some(hits) => Ok(hits),
        None => search_filtered(searcher, fields, query, words, top, open_from),
    }
}

/// Words and filters in one boolean query; expiry is checked on the fast field of each candidate (as a
/// range query it would first build the set of every open posting, which costs more than the words).
pub(crate) fn search_filtered(
    searcher: &Searcher,
    fields: &Fields,
    query: &SearchQuery,
    words: &[String],
    top: usize,
    open_from: i64,
) -> Result<Vec<(f32, DocAddress)>, Error> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !words.is_empty() {
        clauses.push((Occur::Must, Box::new(text_query(fields, words))));
    }
    if let Some(region) = query.region {
        clauses.push((Occur::Must, term_query(Term::from_field_text(fields.region, &region.to_string()))));
    }
    if let Some(kind) = query.kind {
        clauses.push((Occur::Must, term_query(Term::from_field_text(fields.kind, kind.code()))));
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let boolean = BooleanQuery::new(clauses);
    let is_open = move |expires: i64| expires >= open_from;
    if words.is_empty() {
        let by_date = TopDocs::with_limit(top).order_by_fast_field::<i64>("posted", tantivy::Order::Desc);
        let filtered = FilterCollector::new("expires".to_string(), is_open, by_date);
        return Ok(searcher.search(&boolean, &filtered)?.into_iter().map(|(_, addr)| (1.0, addr)).collect());
    }
    let filtered = FilterCollector::new("expires".to_string(), is_open, TopDocs::with_limit(top).order_by_score());
    Ok(searcher.search(&boolean, &filtered)?)
}

/// Words alone: a bare disjunction of term queries lets tantivy prune with block-max WAND, about twice as
/// fast. Expired postings are dropped afterwards from a deeper list; when at least `top` open ones remain
/// they are exactly the best open ones, otherwise `None` asks for the full search.
fn search_pruned(
    searcher: &Searcher,
    fields: &Fields,
    words: &[String],
    top: usize,
    open_from: i64,
) -> Result<Option<Vec<(f32, DocAddress)>>, Error> {
    let depth = if open_from == i64::MIN { top } else { top.saturating_mul(3).saturating_add(10) };
    let candidates = searcher.search(&text_query(fields, words), &TopDocs::with_limit(depth).order_by_score())?;
    if open_from == i64::MIN {
        return Ok(Some(candidates));
    }
    let exhausted = candidates.len() < depth;
    let mut open = Vec::with_capacity(top);
    for (score, address) in candidates {
        let column = searcher.segment_reader(address.segment_ord).fast_fields().i64("expires")?;
        if column.first(address.doc_id).is_some_and(|expires| expires >= open_from) {
            open.push((score, address));
            if open.len() == top {
                return Ok(Some(open));
            }
        }
    }
    Ok(exhausted.then_some(open))
}

fn text_query(fields: &Fields, words: &[String]) -> BooleanQuery {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in words {
        for (field, boost) in
            [(fields.title, TITLE_BOOST), (fields.employer, EMPLOYER_BOOST), (fields.description, 1.0)]
        {
            let query = TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
            should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(query), boost))));
        }
    }
    BooleanQuery::new(should)
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}
