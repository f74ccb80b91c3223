//! Cadre files (JSON Lines or CSV), validated like postings.
//!
//! Fields: `id`*, `name`*, `school`* (学校标识码), `college` (for college-level cadres), `level`* (school or
//! college, 校 or 院), `kind`* (full_time, seconded, part_time, counsellor, or 专职, 挂职, 兼职, 辅导员).

use super::records::{people_from_records, read_people, values, Fields};
use super::students::school;
use crate::error::Error;
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, RawRecord, Reject};
use crate::model::{Cadre, CadreKind, CadreLevel};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "name", "school", "level", "kind"];

/// Reads cadres; returns the valid ones and a reject for each invalid one.
pub fn read_cadres(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Cadre>, Vec<Reject>), Error> {
    Ok(values(read_people(text, file, "cadres", REQUIRED, &|map, errors| cadre(taxonomy, map, errors))?))
}

/// Validates cadre records a typed caller built (fields named as in the cadre file); returns the valid ones
/// with their positions and a reject for each invalid one.
pub fn cadres_from_records(
    taxonomy: &Taxonomy,
    records: Vec<RawRecord>,
    origin: &str,
) -> (Vec<(usize, Cadre)>, Vec<Reject>) {
    people_from_records(records, origin, "cadres", &|map, errors| cadre(taxonomy, map, errors))
}

fn cadre(taxonomy: &Taxonomy, map: &FieldMap, errors: &mut Vec<FieldError>) -> Option<Cadre> {
    let mut f = Fields { map, errors };
    let id = f.required("id", |t| t.parse().map_err(|e: Error| e.to_string()));
    let name = f.required("name", |t| Ok(crate::normalize::clean_line(t)));
    let school = f.required("school", |t| school(taxonomy, t));
    let college = f.optional("college", |t| Ok(crate::normalize::clean_line(t)));
    let level = f.required("level", level);
    let kind = f.required("kind", kind);
    let (level, college) = (level?, college?);
    if level == CadreLevel::College && college.is_none() {
        f.errors.push(FieldError::new("college", "missing for a college-level cadre"));
    }
    Some(Cadre { id: id?, name: name?, school: school?, college, level, kind: kind? })
}

fn level(text: &str) -> Result<CadreLevel, String> {
    match text.trim() {
        "school" | "校" | "校级" => Ok(CadreLevel::School),
        "college" | "院" | "院级" | "系" | "院（系）" => Ok(CadreLevel::College),
        other => Err(format!("`{other}` is neither school (校) nor college (院)")),
    }
}

fn kind(text: &str) -> Result<CadreKind, String> {
    match text.trim() {
        "full_time" | "专职" => Ok(CadreKind::FullTime),
        "seconded" | "挂职" => Ok(CadreKind::Seconded),
        "part_time" | "兼职" => Ok(CadreKind::PartTime),
        "counsellor" | "辅导员" | "毕业班辅导员" => Ok(CadreKind::Counsellor),
        other => Err(format!("`{other}` is not full_time, seconded, part_time or counsellor")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_sample_and_rejects_bad_levels() {
        let text = include_str!("../../../data/sample/cadres.jsonl");
        let (cadres, rejects) = read_cadres(Taxonomy::embedded(), text, "cadres.jsonl").unwrap();
        assert!(rejects.is_empty(), "{rejects:?}");
        assert!(!cadres.is_empty());
        let csv = "id,name,school,college,level,kind\nC1,李文,4143010531,文学院,院,专职\nC2,王博,4143010531,,院,兼职\nC3,张杰,4143010531,,省,专职\n";
        let (cadres, rejects) = read_cadres(Taxonomy::embedded(), csv, "c.csv").unwrap();
        assert_eq!(cadres.len(), 1);
        assert_eq!(rejects[0].errors[0].field, "college");
        assert_eq!(rejects[1].errors[0].field, "level");
    }
}
