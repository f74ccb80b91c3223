//! 西部计划 applications (报名): who applies, from which school and cohort, whether they were admitted to
//! postgraduate study without exam (推免, which the 研究生支教团 track recruits), their ranked preferences over
//! posts, and the school's selection (选拔) result. A file of rows with the fields `id`, `school`, `cohort`,
//! `preferences` (post ids, most wanted first: a JSON array or `P1、P2`), `selection` (a score from 0 to
//! 100, `通过`/`pass`, `未通过`/`fail`; absent: not yet selected) and `exempt_admission` (推免, yes/no;
//! absent: no). An applicant listed twice keeps the first row.

use crate::error::Error;
use crate::ingest::Reject;
use crate::model::{Cohort, SchoolCode, StudentId, VolunteerPostId};
use crate::people::records::{first_rows, parse_flag, read_people, Fields};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "school", "cohort", "preferences"];

/// The school's selection (选拔) of an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Selected with a score, in hundredths of a point (0 to 10,000): a higher score is placed first.
    Scored(u32),
    /// Selected without a score: placed after every scored applicant.
    Passed,
    /// Not selected: never placed.
    Failed,
    /// Not yet selected: never placed until the school reports.
    Pending,
}

impl Selection {
    /// Reads a selection as schools write it.
    pub fn parse(text: &str) -> Result<Selection, String> {
        let text = text.trim();
        match text.to_lowercase().as_str() {
            "通过" | "合格" | "入选" | "pass" | "passed" => return Ok(Selection::Passed),
            "未通过" | "不通过" | "不合格" | "落选" | "fail" | "failed" => return Ok(Selection::Failed),
            "待选拔" | "pending" => return Ok(Selection::Pending),
            _ => {}
        }
        match text.parse::<f64>() {
            Ok(score) if (0.0..=100.0).contains(&score) => Ok(Selection::Scored((score * 100.0).round() as u32)),
            _ => Err(format!("`{text}` is neither a score from 0 to 100 nor 通过/未通过 (pass/fail)")),
        }
    }

    /// The score in points, if scored.
    pub fn score(self) -> Option<f64> {
        match self {
            Selection::Scored(hundredths) => Some(f64::from(hundredths) / 100.0),
            _ => None,
        }
    }
}

/// One application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Application {
    /// The applicant (their student id).
    pub applicant: StudentId,
    /// Their school.
    pub school: SchoolCode,
    /// Their cohort.
    pub cohort: Cohort,
    /// Admitted to postgraduate study without exam (推免生).
    pub exempt_admission: bool,
    /// Posts wanted, most wanted first.
    pub preferences: Vec<VolunteerPostId>,
    /// The school's selection.
    pub selection: Selection,
}

/// Reads an application file: the valid applications in file order, and a reject for each bad row.
pub fn read_applications(
    taxonomy: &Taxonomy,
    text: &str,
    file: &str,
) -> Result<(Vec<Application>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "applications", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let applicant = f.required("id", |t| t.parse::<StudentId>().map_err(|e| e.to_string()));
        let school = f.required("school", |t| Quotas::school(taxonomy, t));
        let cohort = f.required("cohort", |t| t.trim().parse::<Cohort>().map_err(|e| e.to_string()));
        let preferences = f.list("preferences", |t| t.parse::<VolunteerPostId>().map_err(|e| format!("`{t}`: {e}")));
        let selection = f.optional("selection", Selection::parse);
        let exempt = f.optional("exempt_admission", parse_flag);
        if preferences.as_ref().is_some_and(Vec::is_empty) {
            // An application wants at least one post (a students file sent as applications has none).
            let reason = "missing: the posts wanted, most wanted first".to_string();
            f.errors.push(crate::ingest::FieldError { field: "preferences".into(), reason });
            return None;
        }
        Some(Application {
            applicant: applicant?,
            school: school?,
            cohort: cohort?,
            exempt_admission: exempt?.unwrap_or(false),
            preferences: preferences?,
            selection: selection?.unwrap_or(Selection::Pending),
        })
    })?;
    Ok(first_rows(rows, rejects, file, "applications", |a: &Application| a.applicant.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_read_as_schools_write_them() {
        assert_eq!(Selection::parse(" 87.5 "), Ok(Selection::Scored(8750)));
        assert_eq!(Selection::parse("通过"), Ok(Selection::Passed));
        assert_eq!(Selection::parse("FAIL"), Ok(Selection::Failed));
        assert!(Selection::parse("101").is_err());
        assert!(Selection::parse("NaN").is_err());
        assert!(Selection::Scored(9000) < Selection::Passed, "scored applicants come first");
    }

    #[test]
    fn reads_rows_and_rejects_bad_fields_by_name() {
        let jsonl = concat!(
            r#"{"id":"S1","school":"4143010531","cohort":"应届毕业生","preferences":["P1","P2"],"selection":88}"#,
            "\n",
            r#"{"id":"S2","school":"4143010531","cohort":"graduating","preferences":"P2、P1","exempt_admission":"是"}"#,
            "\n",
            r#"{"id":"S3","school":"不存在大学","cohort":"graduating","preferences":["P1"],"selection":"通过"}"#,
            "\n",
            r#"{"id":"S1","school":"4143010531","cohort":"graduating","preferences":["P3"],"selection":"通过"}"#,
            "\n",
            r#"{"id":"S5","school":"4143010531","cohort":"graduating"}"#,
            "\n",
        );
        let (applications, rejects) = read_applications(Taxonomy::embedded(), jsonl, "a.jsonl").unwrap();
        assert_eq!(applications.len(), 2, "{rejects:?}");
        assert_eq!(applications[0].selection, Selection::Scored(8800));
        assert_eq!(applications[1].preferences, ["P2".parse().unwrap(), "P1".parse().unwrap()] as [VolunteerPostId; 2]);
        assert!(applications[1].exempt_admission);
        assert_eq!(applications[1].selection, Selection::Pending);
        assert_eq!(rejects.len(), 3, "{rejects:?}");
        let named: Vec<(usize, &str)> = rejects.iter().map(|r| (r.line, r.errors[0].field.as_str())).collect();
        assert!(named.contains(&(3, "school")) && named.contains(&(4, "id")), "{named:?}");
        assert!(named.contains(&(5, "preferences")), "an application names the posts it wants: {named:?}");
    }
}
