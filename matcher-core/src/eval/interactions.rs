//! Ground-truth interactions: `student,posting,label,day` rows (CSV with that header). `posting` is any
//! `source:id` a posting was published under (a merged posting answers to every source's id); `label` is
//! `hired`, `applied`, `relevant` or `not_relevant`; `day` is when it happened (YYYY-MM-DD).
//! A bad row is rejected naming its line and field; the rows around it are kept.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::ingest::{FieldError, Reject};
use crate::model::StudentId;
use crate::normalize::parse_date;

/// The columns, in order.
pub const INTERACTION_COLUMNS: [&str; 4] = ["student", "posting", "label", "day"];

/// What a student did with a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Hired (录用).
    Hired,
    /// Applied (投递).
    Applied,
    /// Looked at and found suitable, did not apply.
    Relevant,
    /// Looked at and passed over.
    NotRelevant,
}

impl Label {
    /// The label as written in files.
    pub fn code(self) -> &'static str {
        match self {
            Label::Hired => "hired",
            Label::Applied => "applied",
            Label::Relevant => "relevant",
            Label::NotRelevant => "not_relevant",
        }
    }

    /// Hired, applied and relevant count as relevant (binary relevance, as in RecBole).
    pub fn is_positive(self) -> bool {
        self != Label::NotRelevant
    }

    fn parse(text: &str) -> Result<Label, String> {
        match text.trim() {
            "hired" => Ok(Label::Hired),
            "applied" => Ok(Label::Applied),
            "relevant" => Ok(Label::Relevant),
            "not_relevant" => Ok(Label::NotRelevant),
            other => Err(format!("`{other}` is not one of hired, applied, relevant, not_relevant")),
        }
    }
}

/// One interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    /// The student.
    pub student: StudentId,
    /// The posting, as `source:id` of any record of it.
    pub posting: String,
    /// What happened.
    pub label: Label,
    /// When.
    pub day: NaiveDate,
    /// Line in the file (for errors found later, such as a posting not in the index).
    pub line: usize,
}

/// Reads interactions; a missing column fails the file, a bad row is rejected and the others kept.
pub fn read_interactions(text: &str, file: &str) -> Result<(Vec<Interaction>, Vec<Reject>), Error> {
    let bad_file = |reason: String| Error::BadFile { path: file.to_string(), format: "interactions".into(), reason };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| bad_file(e.to_string()))?.clone();
    let mut columns = [0usize; 4];
    for (slot, name) in columns.iter_mut().zip(INTERACTION_COLUMNS) {
        *slot = header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
            .ok_or_else(|| bad_file(format!("no `{name}` column (expected {})", INTERACTION_COLUMNS.join(","))))?;
    }
    let mut kept = Vec::new();
    let mut rejects = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let reject = |errors: Vec<FieldError>, id: Option<String>| Reject {
            source: "interactions".into(),
            file: file.to_string(),
            line,
            record_id: id,
            errors,
        };
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                rejects.push(reject(vec![FieldError::new("row", e.to_string())], None));
                continue;
            }
        };
        let cell = |c: usize| row.get(columns[c]).unwrap_or("").trim();
        let mut errors = Vec::new();
        let student = cell(0).parse::<StudentId>().map_err(|e| errors.push(FieldError::new("student", e.to_string())));
        let posting = cell(1);
        if !posting.contains(':') || posting.starts_with(':') || posting.ends_with(':') {
            errors.push(FieldError::new("posting", format!("`{posting}` is not a `source:id`")));
        }
        let label = Label::parse(cell(2)).map_err(|e| errors.push(FieldError::new("label", e)));
        let day = parse_date(cell(3)).map_err(|e| errors.push(FieldError::new("day", e)));
        match (student, label, day) {
            (Ok(student), Ok(label), Ok(day)) if errors.is_empty() => {
                kept.push(Interaction { student, posting: posting.to_string(), label, day, line });
            }
            _ => rejects.push(reject(errors, Some(format!("{},{}", cell(0), posting)))),
        }
    }
    Ok((kept, rejects))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_rejected_naming_line_and_field_and_the_others_kept() {
        let text = "student,posting,label,day\n\
                    S0000001,tuantuan:TT1,hired,2026-10-01\n\
                    S0000001,tuantuan:TT2,liked,2026-10-01\n\
                    S0000002,TT3,applied,2026-13-01\n\
                    S0000002,generic:GN4,not_relevant,2026-10-02\n";
        let (kept, rejects) = read_interactions(text, "truth.csv").unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].label, Label::Hired);
        assert_eq!(kept[1].posting, "generic:GN4");
        assert_eq!(rejects.len(), 2);
        assert_eq!((rejects[0].line, rejects[0].errors[0].field.as_str()), (3, "label"));
        assert!(rejects[0].errors[0].reason.contains("liked"));
        let fields: Vec<&str> = rejects[1].errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!((rejects[1].line, fields), (4, vec!["posting", "day"]));
    }

    #[test]
    fn columns_may_come_in_any_order_after_a_byte_order_mark() {
        let text = "\u{feff}day,label,posting,student,note\n2026-10-01,applied,yangfan:YF1,S0000009,x\n";
        let (kept, rejects) = read_interactions(text, "excel.csv").unwrap();
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!((kept[0].student.as_str(), kept[0].posting.as_str()), ("S0000009", "yangfan:YF1"));
    }

    #[test]
    fn a_file_without_a_required_column_is_refused() {
        let message = read_interactions("student,posting,day\n", "truth.csv").unwrap_err().to_string();
        assert!(message.contains("truth.csv") && message.contains("`label`"), "{message}");
    }
}
