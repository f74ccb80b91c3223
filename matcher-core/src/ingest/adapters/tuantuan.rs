//! 团团微就业: a JSON document `{"jobs": [...]}` (a bare array is accepted too).
//!
//! Job fields: `jobId`*, `jobTitle`*, `companyName`*, `workCity`* (place text or code), `jobDesc`*,
//! `jobType` (全职, 实习, 兼职, 见习; default 全职), `salary` (pay text), `education`, `majors`,
//! `recruitNum`, `industryCode`, `occupationCode` (职业分类大典), `targets` (eligible cohorts),
//! `publishTime`*, `endTime`.

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPosting};
use super::super::reject::FieldError;
use crate::model::{PostingKind, Source};

pub(crate) const NAMES: FieldNames = FieldNames {
    id: "jobId",
    kind: "jobType",
    title: "jobTitle",
    employer: "companyName",
    description: "jobDesc",
    place: "workCity",
    industry: "industryCode",
    occupation: "occupationCode",
    education: "education",
    majors: "majors",
    cohorts: "targets",
    headcount: "recruitNum",
    pay: "salary",
    posted: "publishTime",
    expires: "endTime",
    track: "",
};

/// A record's fields → a raw posting.
pub(crate) fn raw(map: &FieldMap, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let mut raw = super::common::read_common(map, NAMES, line, errors);
    raw.source = Some(Source::Tuantuan);
    raw.kind = match map.get(NAMES.kind).as_deref() {
        None | Some("全职") => Some(PostingKind::Job),
        Some(other) => match other.parse::<PostingKind>() {
            Ok(kind) => Some(kind),
            Err(e) => {
                errors.push(FieldError::new(NAMES.kind, format!("{e} (taken for a job)")));
                Some(PostingKind::Job)
            }
        },
    };
    raw
}
