//! `RawPosting`: what an adapter read from its source, still as text, before normalisation.

use super::reject::FieldError;
use crate::model::{MonthlyPay, PostingKind, Source};

/// How a source states pay.
#[derive(Debug, Clone, Default)]
pub(crate) enum RawPay {
    /// Not given.
    #[default]
    Missing,
    /// A pay string ("1-1.5万/月", "150元/天").
    Text(String),
    /// Already monthly, from separate low/high fields.
    Monthly(MonthlyPay),
}

/// One record as the adapter read it. Each field keeps the source's own field name for error messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawPosting {
    pub line: usize,
    pub source: Option<Source>,
    pub source_id: Option<String>,
    pub kind: Option<PostingKind>,
    pub title: Option<String>,
    pub employer: Option<String>,
    pub description: Option<String>,
    pub place: Option<String>,
    pub industry: Option<String>,
    pub occupation: Option<String>,
    pub education: Option<String>,
    /// The majors asked for: a list's items, or the one text.
    pub majors: Option<Vec<String>>,
    /// The cohorts: a list's items, or the one text.
    pub cohorts: Option<Vec<String>>,
    pub headcount: Option<String>,
    pub pay: RawPay,
    pub posted: Option<String>,
    pub expires: Option<String>,
    pub track: Option<String>,
    /// A link to apply, with the field's name in the record (`url`, `link`, `apply_url`, `链接` …).
    pub url: Option<(&'static str, String)>,
    /// A contact to apply through, with the field's name in the record (`contact`, `联系方式`, `phone` …).
    pub contact: Option<(&'static str, String)>,
    /// The source's names for the fields above, for error messages.
    pub names: FieldNames,
    /// Fields the adapter could not read, with their values: dropped, the record kept.
    pub dropped: Vec<(FieldError, String)>,
}

/// The names a source format gives the canonical fields.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FieldNames {
    pub id: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    pub employer: &'static str,
    pub description: &'static str,
    pub place: &'static str,
    pub industry: &'static str,
    pub occupation: &'static str,
    pub education: &'static str,
    pub majors: &'static str,
    pub cohorts: &'static str,
    pub headcount: &'static str,
    pub pay: &'static str,
    pub posted: &'static str,
    pub expires: &'static str,
    pub track: &'static str,
}
