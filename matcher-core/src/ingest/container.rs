//! The containers the source formats use: JSON Lines, a JSON document holding a record list, and CSV.
//! A file that is not its container at all is one clear error; a bad record inside it is a reject.

use serde_json::Value;

use super::fields::FieldMap;
use super::reject::{FieldError, Reject};
use crate::error::Error;

/// A record's fields with its line (or position), or the reason it could not be read.
pub(crate) type Record = Result<(usize, FieldMap), (usize, FieldError)>;

pub(crate) fn json_lines(text: &str, file: &str, format: &str) -> Result<Vec<Record>, Error> {
    let mut records = Vec::new();
    let mut seen_object = false;
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Object(object)) => {
                seen_object = true;
                records.push(Ok((line_no, FieldMap::from_json(&object))));
            }
            Ok(_) if !seen_object => {
                return Err(bad_file(file, format, format!("line {line_no} is not a JSON object")))
            }
            Err(e) if !seen_object => return Err(bad_file(file, format, format!("line {line_no}: {e}"))),
            Ok(other) => records.push(Err((
                line_no,
                FieldError::new("(record)", format!("not a JSON object but {}", kind_of(&other))),
            ))),
            Err(e) => records.push(Err((line_no, FieldError::new("(record)", format!("not JSON: {e}"))))),
        }
    }
    Ok(records)
}

/// A JSON document whose record list sits at `path` (e.g. `["data", "list"]`); a bare array is accepted too.
pub(crate) fn json_list(text: &str, file: &str, format: &str, path: &[&str]) -> Result<Vec<Record>, Error> {
    let document: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| bad_file(file, format, format!("not JSON: {e}")))?;
    let mut list = &document;
    if !document.is_array() {
        for key in path {
            list =
                list.get(key).ok_or_else(|| bad_file(file, format, format!("no `{}` record list", path.join("."))))?;
        }
    }
    let Value::Array(items) = list else {
        return Err(bad_file(file, format, format!("`{}` is not a list", path.join("."))));
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::Object(object) => Ok((index + 1, FieldMap::from_json(object))),
            other => Err((index + 1, FieldError::new("(record)", format!("not a JSON object but {}", kind_of(other))))),
        })
        .collect())
}

/// CSV with a header row that must hold every `required` column.
pub(crate) fn csv_rows(text: &str, file: &str, format: &str, required: &[&str]) -> Result<Vec<Record>, Error> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| bad_file(file, format, format!("no header row: {e}")))?.clone();
    let missing: Vec<&str> =
        required.iter().copied().filter(|name| !headers.iter().any(|h| h.trim() == *name)).collect();
    if !missing.is_empty() {
        return Err(bad_file(file, format, format!("the header lacks required columns: {}", missing.join(", "))));
    }
    let mut records = Vec::new();
    let mut row = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line() as usize);
                if row.len() != headers.len() {
                    let reason = format!("has {} fields, the header has {}", row.len(), headers.len());
                    records.push(Err((line, FieldError::new("(record)", reason))));
                } else {
                    records.push(Ok((line, FieldMap::from_csv(&headers, &row))));
                }
            }
            Err(e) => {
                records.push(Err((line.max(2), FieldError::new("(record)", e.to_string()))));
                if e.is_io_error() {
                    break;
                }
            }
        }
    }
    Ok(records)
}

pub(crate) fn to_reject(format: &str, file: &str, line: usize, error: FieldError) -> Reject {
    Reject { source: format.to_string(), file: file.to_string(), line, record_id: None, errors: vec![error] }
}

fn bad_file(file: &str, format: &str, reason: String) -> Error {
    Error::BadFile { path: file.to_string(), format: format.to_string(), reason }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
