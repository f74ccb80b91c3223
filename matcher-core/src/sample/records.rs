//! An opening written as one record of a source's native format (a JSON object; CSV rows are made from it).

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use super::opening::Opening;
use crate::ingest::Format;
use crate::model::PostingKind;
use crate::normalize::WORKING_DAYS_PER_MONTH;

/// CSV headers of the two CSV formats, in column order.
pub(crate) const XIAOCHI_HEADER: &[&str] = &[
    "gig_id",
    "title",
    "employer",
    "location",
    "pay_amount",
    "pay_unit",
    "start_date",
    "end_date",
    "headcount",
    "description",
    "publish_date",
];
pub(crate) const GENERIC_HEADER: &[&str] = &crate::ingest::GENERIC_COLUMNS;

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub(crate) fn record(format: Format, o: &Opening, id: &str, rng: &mut ChaCha8Rng) -> Map<String, Value> {
    let county = o.place.county.clone().unwrap_or_default();
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    match format {
        Format::Yangfan => object(json!({
            "id": id,
            "type": if o.government { "政务实习" } else { "企业实习" },
            "title": o.title,
            "org": o.employer,
            "city": if rng.random_bool(0.5) { format!("{}{}", o.place.prefecture, county) } else { format!("{}-{}", o.place.prefecture, county) },
            "desc": o.description,
            "major_req": o.majors,
            "edu": o.education,
            "quota": o.headcount,
            "stipend": if rng.random_bool(0.5) { format!("{}元/天", (f64::from(o.pay.0) / WORKING_DAYS_PER_MONTH).round()) } else { format!("{}-{}元/月", o.pay.0, o.pay.1) },
            "industry": o.industry,
            "publish_date": date(o.posted),
            "deadline": date(o.expires),
        })),
        Format::Xiaochi => {
            let hourly = rng.random_bool(0.3);
            let daily = f64::from(o.pay.0) / WORKING_DAYS_PER_MONTH;
            let amount = if hourly { (daily / 8.0).round() } else { daily.round() };
            object(json!({
                "gig_id": id,
                "title": o.title,
                "employer": o.employer,
                "location": if rng.random_bool(0.5) { county.clone() } else { format!("{} {}", o.place.prefecture.trim_end_matches('市'), county) },
                "pay_amount": amount.to_string(),
                "pay_unit": if hourly { "小时" } else { "天" },
                "start_date": date(o.posted + chrono::Duration::days(7)),
                "end_date": date(o.expires),
                "headcount": o.headcount.map_or("若干".to_string(), |h| h.to_string()),
                "description": o.description,
                "publish_date": date(o.posted),
            }))
        }
        Format::Tuantuan => object(json!({
            "jobId": id,
            "jobTitle": o.title,
            "companyName": o.employer,
            "workCity": format!("湖南省{}{}", o.place.prefecture, county),
            "jobType": match o.kind { PostingKind::Internship => "实习", PostingKind::Gig => "兼职", PostingKind::Traineeship => "见习", _ => "全职" },
            "salary": tuantuan_salary(o, rng),
            "education": o.education,
            "majors": o.majors,
            "recruitNum": o.headcount,
            "industryCode": o.industry,
            "occupationCode": o.occupation,
            "jobDesc": o.description,
            "publishTime": format!("{} 09:30:00", date(o.posted)),
            "endTime": date(o.expires),
        })),
        Format::National => object(json!({
            "id": id,
            "jobName": o.title,
            "recName": o.employer,
            "lowMonthPay": o.pay.0,
            "highMonthPay": o.pay.1,
            "headCount": o.headcount.unwrap_or(1),
            "degreeName": o.education.trim_end_matches("及以上"),
            "areaCode": o.place.code.to_string(),
            "areaName": format!("{}{}", o.place.prefecture, county),
            "jobContent": o.description,
            "majorName": o.majors,
            "publishDate": date(o.posted),
            "endDate": date(o.expires),
        })),
        Format::Generic => object(json!({
            "id": id,
            "kind": o.kind.code(),
            "source": generic_source(o.kind),
            "title": o.title,
            "employer": o.employer,
            "region": o.place.text.clone().unwrap_or_else(|| format!("{}{}", o.place.prefecture, county)),
            "industry": o.industry,
            "occupation": o.occupation,
            "education": o.education,
            "majors": o.majors,
            "cohorts": "",
            "headcount": o.headcount,
            "pay": if o.pay.0 == 0 { "面议".to_string() } else { format!("{}-{}元/月", o.pay.0, o.pay.1) },
            "posted": date(o.posted),
            "expires": date(o.expires),
            "description": o.description,
            "track": o.track,
        })),
    }
}

fn generic_source(kind: PostingKind) -> &'static str {
    match kind {
        PostingKind::Job => "soe_order",
        PostingKind::Traineeship => "traineeship_base",
        PostingKind::Volunteer => "western_plan",
        PostingKind::Practice => "community_practice",
        _ => "other",
    }
}

fn tuantuan_salary(o: &Opening, rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..10) {
        0 => "面议".to_string(),
        1 | 2 => {
            format!("{:.1}-{:.1}万/年", f64::from(o.pay.0) * 12.0 / 10_000.0, f64::from(o.pay.1) * 12.0 / 10_000.0)
        }
        _ => format!("{}-{}K", o.pay.0 / 1000, (o.pay.1 / 1000).max(o.pay.0 / 1000 + 1)),
    }
}

/// The same opening as another platform publishes it: decorated title, another form of the employer's
/// name, a slightly edited description.
pub(crate) fn republish(o: &Opening, rng: &mut ChaCha8Rng) -> Opening {
    let mut copy = o.clone();
    copy.title = match rng.random_range(0..3) {
        0 => format!("【急招】{}", o.title),
        1 => format!("{}（{}）", o.title, o.place.prefecture),
        _ => o.title.clone(),
    };
    copy.employer = match rng.random_range(0..3) {
        0 if !o.employer.starts_with("湖南") => format!("湖南{}", o.employer),
        1 => o.employer.replace("有限责任公司", "有限公司"),
        _ => o.employer.clone(),
    };
    copy.description = o.description.replacen("。", "！", 1);
    copy
}

/// A broken copy of a record: exactly one field made invalid, as platforms' exports occasionally are.
pub(crate) fn corrupt(
    format: Format,
    mut record: Map<String, Value>,
    id: &str,
    rng: &mut ChaCha8Rng,
) -> (Map<String, Value>, &'static str) {
    let id_field = match format {
        Format::Xiaochi => "gig_id",
        Format::Tuantuan => "jobId",
        _ => "id",
    };
    record.insert(id_field.to_string(), json!(id));
    let (place, title, posted, headcount, pay) = match format {
        Format::Yangfan => ("city", "title", "publish_date", "quota", "stipend"),
        Format::Xiaochi => ("location", "title", "publish_date", "headcount", "pay_amount"),
        Format::Tuantuan => ("workCity", "jobTitle", "publishTime", "recruitNum", "salary"),
        Format::National => ("areaCode", "jobName", "publishDate", "headCount", "lowMonthPay"),
        Format::Generic => ("region", "title", "posted", "headcount", "pay"),
    };
    let choices: [(&'static str, &str, Value); 5] = [
        ("unknown place", place, json!(if format == Format::National { "999999" } else { "火星市" })),
        ("missing title", title, json!("")),
        ("impossible date", posted, json!("2026-13-45")),
        ("negative headcount", headcount, json!("-3")),
        ("unreadable pay", pay, json!("很高")),
    ];
    let (what, field, value) = choices.choose(rng).cloned().unwrap_or_else(|| choices[0].clone());
    record.insert(field.to_string(), value);
    (record, what)
}
