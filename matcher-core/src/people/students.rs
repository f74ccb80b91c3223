//! Student files (JSON Lines or CSV), validated like postings: a bad record is reported with its line,
//! field and reason, the good ones around it are kept. Student records are personal data: nothing here
//! logs them.
//!
//! Fields: `id`*, `name` (the student's name: personal data, shown to their cadre only), `school`* (学校标识码), `college`*, `major`* (a code of the catalogues), `education`*,
//! `cohort`* (graduating, previous_unemployed, enrolled, in_service_postgraduate, or 中文), `graduation_year`*,
//! `low_income`* (true/false, 1/0, 是/否), `nominated` (推荐: the League branch nominated the student for
//! help; true/false, 1/0, 是/否; absent is false), `exempt_admission` (推免生, admitted to postgraduate study
//! without exam: offered 研究生支教团 posts; absent is false), `intent`* (employment, further_study, abroad, undecided, or 中文),
//! `home_region`* (code or name), `accepted_regions` (list), `accepted_radius_km`, `intended_industries`
//! (GB/T 4754 codes or names), `intended_occupations` (职业分类大典 codes), `intention`, `skills`,
//! `expected_pay` (pay text, or `{"min":…,"max":…}` in yuan a month), `declined` (posting ids). Lists are
//! JSON arrays or text separated by 、 , ; |.

use super::records::{parse_flag, people_from_records, read_people, values, Fields};
use crate::error::Error;
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, RawRecord, Reject};
use crate::model::{MonthlyPay, PostingId, SchoolCode, Student};
use crate::normalize::{parse_pay, resolve_place};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &[
    "id",
    "school",
    "college",
    "major",
    "education",
    "cohort",
    "graduation_year",
    "low_income",
    "intent",
    "home_region",
];

/// Reads students; returns the valid ones and a reject for each invalid one.
pub fn read_students(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Student>, Vec<Reject>), Error> {
    Ok(values(read_people(text, file, "students", REQUIRED, &|map, errors| student(taxonomy, map, errors))?))
}

/// Validates student records a typed caller built (fields named as in the student file); returns the valid
/// ones with their positions and a reject for each invalid one, `origin` naming where they came from.
pub fn students_from_records(
    taxonomy: &Taxonomy,
    records: Vec<RawRecord>,
    origin: &str,
) -> (Vec<(usize, Student)>, Vec<Reject>) {
    people_from_records(records, origin, "students", &|map, errors| student(taxonomy, map, errors))
}

fn student(taxonomy: &Taxonomy, map: &FieldMap, errors: &mut Vec<FieldError>) -> Option<Student> {
    let mut f = Fields { map, errors };
    let id = f.required("id", |t| t.parse().map_err(|e: Error| e.to_string()));
    let school = f.required("school", |t| school(taxonomy, t));
    let college = f.required("college", |t| Ok(crate::normalize::clean_line(t)));
    let major = f.required("major", |t| {
        taxonomy.majors.major(t.trim()).map(|m| m.code.clone()).ok_or_else(|| format!("`{t}` is not a major code"))
    });
    let education = f.required("education", crate::normalize::parse_education);
    let cohort = f.required("cohort", |t| t.parse().map_err(|e: Error| e.to_string()));
    let graduation_year = f.required("graduation_year", graduation_year);
    let yes_or_no = "not yes or no (true/false, 1/0, 是/否)";
    let low_income = f.required("low_income", withheld(parse_flag, yes_or_no));
    let nominated = f.optional("nominated", withheld(parse_flag, yes_or_no));
    let exempt_admission = f.optional("exempt_admission", parse_flag);
    let intent = f.required("intent", |t| t.parse().map_err(|e: Error| e.to_string()));
    let home_region = f.required(
        "home_region",
        withheld(|t| resolve_place(&taxonomy.regions, t), "not one place of China that can be read"),
    );
    // The places a student would work in can hint at the home: an unreadable one is not shown either.
    let accepted_regions = f.list(
        "accepted_regions",
        withheld(|t| resolve_place(&taxonomy.regions, t), "a place of China that cannot be read"),
    );
    let accepted_radius_km = f.optional("accepted_radius_km", radius);
    let intended_industries = f.list("intended_industries", |t| taxonomy.industries.resolve(t));
    let intended_occupations = f.list("intended_occupations", |t| taxonomy.occupations.resolve(t));
    let expected_pay = f.optional_object("expected_pay", expected_pay);
    let declined = f.list("declined", |t| t.parse::<PostingId>().map_err(|e| e.to_string()));
    let intention = f.text("intention");
    let name = f.optional("name", |t| {
        let name = crate::normalize::clean_line(t);
        if name.chars().count() > 50 {
            Err(format!("{} characters, at most 50", name.chars().count()))
        } else {
            Ok(name)
        }
    });
    let skills = f.text("skills");
    Some(Student {
        id: id?,
        name: name?.filter(|n| !n.is_empty()),
        school: school?,
        college: college?,
        major: major?,
        education: education?,
        cohort: cohort?,
        graduation_year: graduation_year?,
        low_income: low_income?,
        nominated: nominated?.unwrap_or(false),
        exempt_admission: exempt_admission?.unwrap_or(false),
        intent: intent?,
        home_region: home_region?,
        accepted_regions: accepted_regions?,
        accepted_radius_km: accepted_radius_km?,
        intended_industries: intended_industries?,
        intended_occupations: intended_occupations?,
        intention: intention?,
        skills: skills?,
        expected_pay: expected_pay?.unwrap_or_default(),
        declined: declined?,
    })
}

/// The parser of a field whose value is sensitive personal data (low income, the League branch's nomination,
/// the home's place and the places that hint at it): its error says what is wrong with `reason` and never shows the value, since rejects are
/// printed and written to files (PIPL).
fn withheld<T>(parse: impl Fn(&str) -> Result<T, String>, reason: &'static str) -> impl Fn(&str) -> Result<T, String> {
    move |text| parse(text).map_err(|_| format!("{reason}; the value is not shown (personal data)"))
}

pub(crate) fn school(taxonomy: &Taxonomy, text: &str) -> Result<SchoolCode, String> {
    let code: SchoolCode = text.parse().map_err(|e: Error| e.to_string())?;
    taxonomy.schools.get(&code).map(|s| s.code.clone()).ok_or_else(|| format!("`{text}` is not a Hunan school code"))
}

fn graduation_year(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(year) if (2000..=2100).contains(&year) => Ok(year),
        _ => Err(format!("`{}` is not a year between 2000 and 2100", text.trim())),
    }
}

fn radius(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(km) if (1..=3000).contains(&km) => Ok(km),
        _ => Err(format!("`{}` is not a distance between 1 and 3000 km", text.trim())),
    }
}

/// Pay text, or the model's own `{"min":…,"max":…}`.
pub(crate) fn expected_pay(text: &str) -> Result<MonthlyPay, String> {
    if text.trim_start().starts_with('{') {
        let pay: MonthlyPay = serde_json::from_str(text).map_err(|e| format!("not a pay range: {e}"))?;
        if let (Some(lo), Some(hi)) = (pay.min, pay.max) {
            if lo > hi {
                return Err(format!("min {lo} is above max {hi}"));
            }
        }
        return Ok(pay);
    }
    parse_pay(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_sample_students_are_all_valid() {
        let text = include_str!("../../../data/sample/students.jsonl");
        let (students, rejects) = read_students(Taxonomy::embedded(), text, "students.jsonl").unwrap();
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(students.len(), 400);
    }

    #[test]
    fn csv_students_with_bad_fields_are_rejected_and_the_rest_kept() {
        let csv = "id,school,college,major,education,cohort,graduation_year,low_income,intent,home_region,accepted_regions,expected_pay\n\
                   S1,4143010531,文学院,050101,本科,应届毕业生,2026,是,就业,吉首市,湘西州、长沙市,4000-6000元/月\n\
                   S2,9999999999,文学院,050101,本科,应届,2026,否,就业,吉首市,,\n\
                   S3,4143010531,文学院,999999,本科,应届,1850,maybe,就业,火星,,\n";
        let (students, rejects) = read_students(Taxonomy::embedded(), csv, "s.csv").unwrap();
        assert_eq!(students.len(), 1);
        let s1 = &students[0];
        assert!(s1.low_income);
        assert_eq!(s1.accepted_regions.len(), 2);
        assert_eq!(s1.expected_pay.min, Some(4000));
        assert_eq!(rejects.len(), 2);
        assert_eq!((rejects[0].line, rejects[0].record_id.as_deref()), (3, Some("S2")));
        assert_eq!(rejects[0].errors[0].field, "school");
        let fields: Vec<&str> = rejects[1].errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["major", "graduation_year", "low_income", "home_region"]);
    }

    #[test]
    fn a_reject_never_shows_the_value_of_a_sensitive_field() {
        let csv = "id,school,college,major,education,cohort,graduation_year,low_income,nominated,intent,home_region,accepted_regions\n\
                   S1,4143010531,文学院,050101,本科,应届,2026,建档立卡贫困户,是,就业,长沙市,\n\
                   S2,4143010531,文学院,050101,本科,应届,2026,否,团支部推荐困难生,就业,幸福村十二组,\n\
                   S3,4143010531,文学院,050101,本科,应届,2026,否,否,就业,长沙市,长沙市、老家桃花村附近\n";
        let (students, rejects) = read_students(Taxonomy::embedded(), csv, "s.csv").unwrap();
        assert!(students.is_empty());
        let shown = format!("{rejects:?}");
        for value in ["建档立卡", "团支部推荐困难生", "幸福村", "桃花村"] {
            assert!(!shown.contains(value), "`{value}` shown in {shown}");
        }
        let fields: Vec<&str> = rejects.iter().flat_map(|r| r.errors.iter().map(|e| e.field.as_str())).collect();
        assert_eq!(fields, ["low_income", "nominated", "home_region", "accepted_regions"]);
        assert!(rejects[0].errors[0].reason.contains("not yes or no"), "{:?}", rejects[0]);
        assert!(rejects[1].errors[1].reason.contains("not one place"), "{:?}", rejects[1]);
    }

    #[test]
    fn a_json_object_is_never_read_as_a_name_or_any_other_field() {
        let text = include_str!("../../../data/sample/students.jsonl");
        let mut lines: Vec<serde_json::Value> =
            text.lines().take(3).map(|l| serde_json::from_str(l).unwrap()).collect();
        lines[0]["name"] = serde_json::json!({"family": "欧阳", "given": "娜娜"});
        lines[1]["college"] = serde_json::json!({"code": 12});
        let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let (students, rejects) = read_students(Taxonomy::embedded(), &body.join("\n"), "s.jsonl").unwrap();
        assert_eq!(students.len(), 1, "the record around them is kept");
        let fields: Vec<(&str, &str)> =
            rejects.iter().flat_map(|r| r.errors.iter().map(|e| (e.field.as_str(), e.reason.as_str()))).collect();
        assert_eq!(fields.iter().map(|f| f.0).collect::<Vec<_>>(), ["name", "college"]);
        assert!(fields[0].1.starts_with("an object"), "{fields:?}");
        assert!(!format!("{rejects:?}").contains("欧阳"), "a name is never shown in a reject");
    }

    #[test]
    fn every_text_field_is_bounded_and_a_long_one_costs_only_its_record() {
        let text = include_str!("../../../data/sample/students.jsonl");
        let mut lines: Vec<serde_json::Value> =
            text.lines().take(3).map(|l| serde_json::from_str(l).unwrap()).collect();
        lines[1]["intention"] = serde_json::json!("软件开发".repeat(10_000));
        lines[2]["accepted_regions"] = serde_json::json!(vec!["长沙市"; 500]);
        let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let (students, rejects) = read_students(Taxonomy::embedded(), &body.join("\n"), "s.jsonl").unwrap();
        assert_eq!(students.len(), 1);
        assert_eq!(rejects[0].errors[0].field, "intention");
        assert!(rejects[0].errors[0].reason.contains("at most 2000"), "{:?}", rejects[0]);
        assert_eq!(rejects[1].errors[0].field, "accepted_regions");
    }
}
