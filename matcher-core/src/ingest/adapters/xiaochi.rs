//! 小翅零工 gigs: CSV (UTF-8 or GBK) with a header row.
//!
//! Columns: `gig_id`*, `title`*, `employer`*, `location`*, `pay_amount`*, `pay_unit`* (小时, 天, 周, 月;
//! 次 or 单 for piece rates, which have no monthly value), `start_date`*, `end_date`, `headcount`,
//! `description`*, `publish_date`*. A gig expires when it ends (`end_date`, else `start_date`).

use super::super::fields::FieldMap;
use super::super::raw::{FieldNames, RawPay, RawPosting};
use super::super::reject::FieldError;
use crate::model::{PostingKind, Source};
use crate::normalize::{monthly_from_amount, PayPeriod};

pub(crate) const NAMES: FieldNames = FieldNames {
    id: "gig_id",
    kind: "",
    title: "title",
    employer: "employer",
    description: "description",
    place: "location",
    industry: "",
    occupation: "",
    education: "",
    majors: "",
    cohorts: "",
    headcount: "headcount",
    pay: "pay_amount",
    posted: "publish_date",
    expires: "end_date",
    track: "",
};

pub(crate) const REQUIRED: &[&str] = &["gig_id", "title", "employer", "location"];

/// A record's fields → a raw posting.
pub(crate) fn raw(map: &FieldMap, line: usize, errors: &mut Vec<FieldError>) -> RawPosting {
    let mut raw = super::common::read_common(map, NAMES, line, errors);
    raw.source = Some(Source::Xiaochi);
    raw.kind = Some(PostingKind::Gig);
    raw.expires = raw.expires.take().or(map.get("start_date"));
    raw.pay = RawPay::Missing;
    match (map.get("pay_amount"), map.get("pay_unit")) {
        (Some(amount), Some(unit)) => match gig_pay(&amount, &unit) {
            Ok(pay) => raw.pay = pay,
            Err(e) => errors.push(e),
        },
        (Some(_), None) => errors.push(FieldError::new("pay_unit", "missing: the amount has no unit")),
        _ => {}
    }
    raw
}

fn gig_pay(amount: &str, unit: &str) -> Result<RawPay, FieldError> {
    if matches!(unit.trim(), "次" | "单" | "件") {
        return Ok(RawPay::Missing);
    }
    let period = PayPeriod::parse(unit).ok_or_else(|| FieldError::new("pay_unit", format!("unknown unit `{unit}`")))?;
    let value: f64 = amount
        .trim()
        .trim_end_matches('元')
        .parse()
        .map_err(|_| FieldError::new("pay_amount", format!("`{amount}` is not a number")))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(FieldError::new("pay_amount", format!("`{amount}` must be above zero")));
    }
    monthly_from_amount(value, period).map(RawPay::Monthly).map_err(|reason| FieldError::new("pay_amount", reason))
}
