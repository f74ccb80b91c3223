//! Reading back a per-cadre list a cadre filled in: the tick columns 已推送 / 已投递 / 已面试 / 已录用 of each
//! row (a student and a posting) become events of that student's case file, dated by the row's 跟进日期 or the
//! day of the import. A tick is ✓ √ ✔ ☑ ■ 是 1 x yes true; empty, ☐ × 否 0 no false are not; anything else
//! makes the row bad. Rows without a posting (the 未推足 rows) may carry no tick. Each bad row is reported
//! with its line and the column at fault; the good rows around it are kept.

use chrono::NaiveDate;

use super::event::{Author, CaseEvent, Event};
use crate::error::Error;
use crate::ingest::{FieldError, Reject};
use crate::model::{EmploymentKind, PostingId, StudentId};
use crate::normalize::parse_date;
use crate::people::records::Read;

/// The cadre column: the author of a row's events when the import names none.
pub const CADRE_COLUMN: &str = "团干部编号";
/// The student column.
pub const STUDENT_COLUMN: &str = "学生编号";
/// The posting column.
pub const POSTING_COLUMN: &str = "岗位编号";
/// The optional date column.
pub const DATE_COLUMN: &str = "跟进日期";
/// The tick columns, in the order their events are recorded.
pub const TICK_COLUMNS: [&str; 4] = ["已推送", "已投递", "已面试", "已录用"];

/// A table as a spreadsheet or CSV gives it: the header row, then rows with their line numbers (1-based,
/// the header's line included).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// (line, cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads CSV text (a BOM is skipped).
    pub fn from_csv(text: &str, file: &str) -> Result<Table, Error> {
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut table = Table::default();
        for (index, row) in reader.records().enumerate() {
            let row = row.map_err(|e| Error::BadFile {
                path: file.to_string(),
                format: "list".into(),
                reason: format!("line {}: {e}", index + 1),
            })?;
            let line = row.position().map_or(index + 1, |p| p.line() as usize);
            let cells: Vec<String> = row.iter().map(str::to_string).collect();
            if index == 0 {
                table.header = cells;
            } else {
                table.rows.push((line, cells));
            }
        }
        Ok(table)
    }
}

/// The events the ticks of a filled-in list record, each with the line it came from; a reject per bad row.
/// Written by `author`, or where none is given by the row's cadre (团干部编号), or else by the backend.
pub fn events_from_ticks(
    table: &Table,
    file: &str,
    author: Option<&Author>,
    day: NaiveDate,
) -> Result<Read<CaseEvent>, Error> {
    let column = |name: &str| table.header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name);
    let bad_file = |reason: String| Error::BadFile { path: file.to_string(), format: "list".into(), reason };
    let student_at = column(STUDENT_COLUMN).ok_or_else(|| bad_file(format!("no column {STUDENT_COLUMN}")))?;
    let posting_at = column(POSTING_COLUMN);
    let date_at = column(DATE_COLUMN);
    let cadre_at = column(CADRE_COLUMN).filter(|_| author.is_none());
    let ticks_at: Vec<(usize, &str)> =
        TICK_COLUMNS.iter().filter_map(|name| column(name).map(|at| (at, *name))).collect();
    if ticks_at.is_empty() {
        return Err(bad_file(format!("no tick column ({})", TICK_COLUMNS.join(" / "))));
    }
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    for (line, cells) in &table.rows {
        let cell = |at: Option<usize>| at.and_then(|i| cells.get(i)).map_or("", |c| c.trim());
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut errors = Vec::new();
        let mut error = |field: &str, reason: String| errors.push(FieldError { field: field.to_string(), reason });
        let mut ticked = Vec::new();
        for (at, name) in &ticks_at {
            match tick(cell(Some(*at))) {
                Ok(true) => ticked.push(*name),
                Ok(false) => {}
                Err(reason) => error(name, reason),
            }
        }
        let student = cell(Some(student_at));
        let student: Option<StudentId> = match student.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                error(STUDENT_COLUMN, e.to_string());
                None
            }
        };
        let posting_text = cell(posting_at);
        let posting: Option<PostingId> = if ticked.is_empty() {
            None
        } else if posting_text.is_empty() {
            error(POSTING_COLUMN, "a tick needs a posting: this row names none".to_string());
            None
        } else {
            match posting_text.parse() {
                Ok(id) => Some(id),
                Err(e) => {
                    error(POSTING_COLUMN, format!("{e}"));
                    None
                }
            }
        };
        let row_author = match (author, cadre_at) {
            (Some(author), _) => Some(author.clone()),
            (None, Some(_)) => match cell(cadre_at).parse() {
                Ok(id) => Some(Author::Cadre(id)),
                Err(e) => {
                    error(CADRE_COLUMN, e.to_string());
                    None
                }
            },
            (None, None) => Some(Author::Backend),
        };
        let date_text = cell(date_at);
        let row_day = if date_text.is_empty() {
            Some(day)
        } else {
            match parse_date(date_text) {
                Ok(d) if d <= day => Some(d),
                Ok(d) => {
                    error(DATE_COLUMN, format!("{d} is after the import's day ({day})"));
                    None
                }
                Err(reason) => {
                    error(DATE_COLUMN, reason);
                    None
                }
            }
        };
        if !errors.is_empty() {
            rejects.push(Reject {
                source: "list".to_string(),
                file: file.to_string(),
                line: *line,
                record_id: student.as_ref().map(|s| s.to_string()),
                errors,
            });
            continue;
        }
        let (Some(student), Some(row_day), Some(author)) = (student, row_day, row_author) else { continue };
        let Some(posting) = posting else { continue };
        for name in ticked {
            let event = match name {
                "已推送" => Event::PostingsSent { postings: vec![posting.clone()] },
                "已投递" => Event::Applied { posting: posting.clone() },
                "已面试" => Event::Interviewed { posting: posting.clone() },
                _ => Event::Hired { posting: posting.clone(), employment: EmploymentKind::Agreement },
            };
            events.push((*line, CaseEvent { student: student.clone(), day: row_day, author: author.clone(), event }));
        }
    }
    Ok((events, rejects))
}

/// Whether a cell is ticked.
fn tick(cell: &str) -> Result<bool, String> {
    match cell.to_lowercase().as_str() {
        "✓" | "√" | "✔" | "☑" | "■" | "是" | "1" | "x" | "yes" | "y" | "true" | "已" => Ok(true),
        "" | "☐" | "□" | "×" | "✗" | "否" | "0" | "no" | "n" | "false" => Ok(false),
        other => Err(format!("`{other}` is not a tick (✓ √ 是 1 x, or empty)")),
    }
}
