//! What the adapters share: reading the simply-mapped fields of a record by the source's names.

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPay, RawPosting};
use super::super::reject::FieldError;

/// Fills the fields every format maps one-to-one; required ones add an error when missing.
pub(crate) fn read_common(map: &FieldMap, names: FieldNames, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let optional = |name: &'static str| if name.is_empty() { None } else { map.get(name) };
    let pieces = |name: &'static str| if name.is_empty() { None } else { map.pieces(name) };
    RawPosting {
        line,
        source: None,
        source_id: map.require(names.id, errors),
        kind: None,
        title: map.require_text(names.title, errors),
        employer: map.require_text(names.employer, errors),
        description: map.require_text(names.description, errors),
        place: map.require(names.place, errors),
        industry: optional(names.industry),
        occupation: optional(names.occupation),
        education: optional(names.education),
        majors: pieces(names.majors),
        cohorts: pieces(names.cohorts),
        headcount: optional(names.headcount),
        pay: optional(names.pay).map_or(RawPay::Missing, RawPay::Text),
        posted: map.require(names.posted, errors),
        expires: optional(names.expires),
        track: optional(names.track),
        names,
    }
}
