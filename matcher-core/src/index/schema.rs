//! The index schema: analysed text for title, employer and description; exact-match and fast fields for filters.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

use super::analyzer::ANALYZER;
use crate::dedup::block_key;
use crate::model::Posting;
use crate::taxonomy::occupation_prefix;

/// Bumped whenever the schema or the stored document changes; an index of another version is refused.
pub const SCHEMA_VERSION: u32 = 1;

/// Field handles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub source_ref: Field,
    pub block: Field,
    pub kind: Field,
    pub title: Field,
    pub employer: Field,
    pub description: Field,
    pub region: Field,
    pub industry: Field,
    pub occupation: Field,
    pub education: Field,
    pub cohort: Field,
    pub posted: Field,
    pub expires: Field,
    pub headcount: Field,
    pub document: Field,
}

/// Day number stored for postings that never expire.
pub(crate) const NEVER: i64 = i64::MAX;

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqs),
    );
    let number = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        source_ref: builder.add_text_field("source_ref", STRING),
        block: builder.add_text_field("block", STRING),
        kind: builder.add_text_field("kind", STRING),
        title: builder.add_text_field("title", text.clone()),
        employer: builder.add_text_field("employer", text.clone()),
        description: builder.add_text_field("description", text),
        region: builder.add_text_field("region", STRING),
        industry: builder.add_text_field("industry", STRING),
        occupation: builder.add_text_field("occupation", STRING),
        education: builder.add_u64_field("education", number.clone()),
        cohort: builder.add_text_field("cohort", STRING),
        posted: builder.add_i64_field("posted", number.clone()),
        expires: builder.add_i64_field("expires", number),
        headcount: builder.add_u64_field("headcount", FAST | INDEXED),
        document: builder.add_bytes_field("document", STORED),
    };
    (builder.build(), fields)
}

pub(crate) fn day_number(date: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date))
}

/// The document for a posting; the posting itself is stored whole, as JSON.
pub(crate) fn to_document(fields: &Fields, posting: &Posting) -> tantivy::Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, posting.id.as_str());
    for source in &posting.sources {
        doc.add_text(fields.source_ref, source.key());
    }
    doc.add_text(fields.block, block_key(posting));
    doc.add_text(fields.kind, posting.kind.code());
    doc.add_text(fields.title, &posting.title);
    if let Some(track) = posting.track {
        // The 西部计划 track is what people search volunteer posts by.
        doc.add_text(fields.title, track.zh());
    }
    doc.add_text(fields.employer, &posting.employer);
    doc.add_text(fields.description, &posting.description);
    let mut regions = vec![posting.region, posting.region.prefecture(), posting.region.province()];
    regions.dedup();
    for region in regions {
        doc.add_text(fields.region, region.to_string());
    }
    if let Some(industry) = &posting.industry {
        let code = industry.as_str();
        for len in 2..=code.len() {
            doc.add_text(fields.industry, &code[..len]);
        }
        if code.len() == 1 {
            doc.add_text(fields.industry, code);
        }
    }
    if let Some(occupation) = &posting.occupation {
        for level in 2..=4 {
            doc.add_text(fields.occupation, occupation_prefix(occupation.as_str(), level));
        }
    }
    doc.add_u64(fields.education, posting.min_education as u64);
    for cohort in &posting.cohorts {
        doc.add_text(fields.cohort, cohort.code());
    }
    doc.add_i64(fields.posted, day_number(posting.posted));
    doc.add_i64(fields.expires, posting.expires.map_or(NEVER, day_number));
    doc.add_u64(fields.headcount, u64::from(posting.headcount.unwrap_or(0)));
    let json = serde_json::to_vec(posting).map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    doc.add_bytes(fields.document, &json);
    Ok(doc)
}
