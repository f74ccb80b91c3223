//! 全国大学生实习服务平台: JSON shaped like its public list API, `{"code":200,"data":{"list":[...]}}`.
//!
//! Fields: `id`*, `jobName`*, `recName`* (employer), `areaCode`* (GB/T 2260), `jobContent`*, `lowMonthPay`,
//! `highMonthPay` (yuan a month; 0 or absent means not stated), `headCount`, `degreeName`, `majorName`,
//! `industryName` (GB/T 4754 name or code), `publishDate`* (date or epoch milliseconds), `endDate`.
//! Every record is an internship for enrolled students.

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPay, RawPosting};
use super::super::reject::FieldError;
use crate::model::{MonthlyPay, PostingKind, Source};

pub(crate) const NAMES: FieldNames = FieldNames {
    id: "id",
    kind: "",
    title: "jobName",
    employer: "recName",
    description: "jobContent",
    place: "areaCode",
    industry: "industryName",
    occupation: "",
    education: "degreeName",
    majors: "majorName",
    cohorts: "",
    headcount: "headCount",
    pay: "",
    posted: "publishDate",
    expires: "endDate",
    track: "",
};

/// A record's fields → a raw posting.
pub(crate) fn raw(map: &FieldMap, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let mut raw = super::common::read_common(map, NAMES, line, errors);
    raw.source = Some(Source::NationalInternship);
    raw.kind = Some(PostingKind::Internship);
    let low = month_pay(map.get("lowMonthPay"), "lowMonthPay", errors);
    let high = month_pay(map.get("highMonthPay"), "highMonthPay", errors);
    raw.pay = RawPay::Monthly(MonthlyPay { min: low, max: high });
    if let (Some(lo), Some(hi)) = (low, high) {
        if lo > hi {
            // Which of the two is wrong cannot be told: the pay is dropped, not guessed.
            errors.push(FieldError::new("lowMonthPay", format!("{lo} is above highMonthPay {hi}")));
            raw.pay = RawPay::Missing;
        }
    }
    raw
}

fn month_pay(value: Option<String>, field: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let text = value?;
    match text.trim().parse::<f64>() {
        Ok(0.0) => None,
        Ok(v) if (100.0..=2_000_000.0).contains(&v) => Some(v.round() as u32),
        Ok(v) => {
            errors.push(FieldError::new(field, format!("{v} yuan a month is not a plausible pay")));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, format!("`{text}` is not a number")));
            None
        }
    }
}
