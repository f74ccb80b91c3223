//! 扬帆潇湘 internships: JSON Lines, one internship per line.
//!
//! Fields: `id`*, `type`* (政务实习 or 企业实习), `title`*, `org`* (host organisation), `city`* (place text),
//! `desc`*, `major_req`, `edu`, `grade` (eligible cohorts; default 在校生), `quota` (headcount), `stipend`
//! (pay text), `industry` (GB/T 4754 code or name), `publish_date`*, `deadline`. (* required)

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPosting};
use super::super::reject::FieldError;
use crate::model::{PostingKind, Source};

pub(crate) const NAMES: FieldNames = FieldNames {
    id: "id",
    kind: "type",
    title: "title",
    employer: "org",
    description: "desc",
    place: "city",
    industry: "industry",
    occupation: "",
    education: "edu",
    majors: "major_req",
    cohorts: "grade",
    headcount: "quota",
    pay: "stipend",
    posted: "publish_date",
    expires: "deadline",
    track: "",
};

/// A record's fields → a raw posting.
pub(crate) fn raw(map: &FieldMap, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let mut raw = super::common::read_common(map, NAMES, line, errors);
    raw.source = Some(Source::Yangfan);
    // 扬帆潇湘 publishes internships only: an unreadable type costs the type, never the posting.
    raw.kind = Some(PostingKind::Internship);
    match map.get(NAMES.kind).as_deref() {
        Some("政务实习") | Some("企业实习") => {}
        None => errors.push(FieldError::new(NAMES.kind, "missing (an internship, as every 扬帆潇湘 posting)")),
        Some(other) => errors.push(FieldError::new(NAMES.kind, format!("`{other}` is neither 政务实习 nor 企业实习"))),
    }
    raw
}
