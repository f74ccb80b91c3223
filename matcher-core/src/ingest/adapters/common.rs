//! What the adapters share: reading the simply-mapped fields of a record by the source's names.

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPay, RawPosting};
use super::super::reject::FieldError;

/// Fills the fields every format maps one-to-one; id, title, employer and place add an error when missing (a
/// posting cannot be used without them), a description that is not text one the record survives.
/// The names platforms give a link to apply; the first present is read.
const URL_FIELDS: [&str; 6] = ["url", "link", "apply_url", "job_url", "链接", "申请链接"];
/// The names platforms give a contact to apply through; the first present is read.
const CONTACT_FIELDS: [&str; 6] = ["contact", "联系方式", "phone", "email", "联系电话", "联系人"];

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
        description: if map.get(names.description).is_some() {
            map.require_text(names.description, errors)
        } else {
            None
        },
        place: map.require(names.place, errors),
        industry: optional(names.industry),
        occupation: optional(names.occupation),
        education: optional(names.education),
        majors: pieces(names.majors),
        cohorts: pieces(names.cohorts),
        headcount: optional(names.headcount),
        pay: optional(names.pay).map_or(RawPay::Missing, RawPay::Text),
        posted: optional(names.posted),
        expires: optional(names.expires),
        track: optional(names.track),
        url: URL_FIELDS.iter().find_map(|name| map.get(name).filter(|v| !v.trim().is_empty()).map(|v| (*name, v))),
        contact: CONTACT_FIELDS
            .iter()
            .find_map(|name| map.get(name).filter(|v| !v.trim().is_empty()).map(|v| (*name, v))),
        names,
        dropped: Vec::new(),
    }
}
