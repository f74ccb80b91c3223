//! The containers the source formats use: JSON Lines, a JSON document holding a record list, and CSV.
//! Each streams its records to a sink, so a large export is never held parsed in memory. A file that is
//! not its container at all is one clear error; a bad record inside it is a reject.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::fields::FieldMap;
use super::record::RawRecord;
use super::reject::{FieldError, Reject};
use crate::error::Error;

/// A record with its line (or position), or the line and the reason it could not be read.
pub(crate) type Record = Result<RawRecord, (usize, FieldError)>;

/// Where a container sends its records; an error stops the reading.
pub(crate) type Emit<'a> = dyn FnMut(Record) -> Result<(), Error> + 'a;

pub(crate) fn json_lines(text: &str, file: &str, format: &str, emit: &mut Emit<'_>) -> Result<(), Error> {
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
                emit(Ok(RawRecord::from_fields(line_no, FieldMap::from_json(&object))))?;
            }
            Ok(_) if !seen_object => {
                return Err(bad_file(file, format, format!("line {line_no} is not a JSON object")))
            }
            Err(e) if !seen_object => return Err(bad_file(file, format, format!("line {line_no}: {e}"))),
            Ok(other) => {
                let reason = format!("not a JSON object but {}", kind_of(&other));
                emit(Err((line_no, FieldError::new("(record)", reason))))?;
            }
            Err(e) => emit(Err((line_no, FieldError::new("(record)", format!("not JSON: {e}")))))?,
        }
    }
    Ok(())
}

/// A JSON document whose record list sits at `path` (e.g. `["data", "list"]`); a bare array is accepted
/// too. Records are read one at a time. A document that breaks off after some records keeps those and
/// reports the break as a reject; one that breaks before any is not JSON at all.
pub(crate) fn json_list(text: &str, file: &str, format: &str, path: &[&str], emit: &mut Emit<'_>) -> Result<(), Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text.trim_start_matches('\u{feff}'));
    let mut state = ListState { emit, records: 0, failure: None };
    let result = ListSeed { path, state: &mut state }.deserialize(&mut deserializer).and_then(|found| {
        deserializer.end()?;
        Ok(found)
    });
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    let wanted = path.join(".");
    match result {
        Ok(true) => Ok(()),
        Ok(false) => Err(bad_file(file, format, format!("no `{wanted}` record list"))),
        Err(e) if state.records == 0 => Err(bad_file(file, format, format!("not JSON: {e}"))),
        Err(e) => {
            let reason = format!("the JSON breaks off after record {}: {e}", state.records);
            (state.emit)(Err((state.records + 1, FieldError::new("(document)", reason))))
        }
    }
}

struct ListState<'s, 'e> {
    emit: &'s mut Emit<'e>,
    records: usize,
    failure: Option<Error>,
}

/// Walks down `path` through objects to a list, then hands each element to the sink.
struct ListSeed<'p, 'a, 's, 'e> {
    path: &'p [&'p str],
    state: &'a mut ListState<'s, 'e>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object holding `{}`, or a list of records", self.path.join("."))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            self.state.records += 1;
            let position = self.state.records;
            let record = match item {
                Value::Object(object) => Ok(RawRecord::from_fields(position, FieldMap::from_json(&object))),
                other => {
                    Err((position, FieldError::new("(record)", format!("not a JSON object but {}", kind_of(&other)))))
                }
            };
            if let Err(failure) = (self.state.emit)(record) {
                self.state.failure = Some(failure);
                return Err(serde::de::Error::custom("reading stopped"));
            }
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let Some((wanted, rest)) = self.path.split_first() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(false);
        };
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == *wanted && !found {
                found = map.next_value_seed(ListSeed { path: rest, state: &mut *self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// CSV with a header row that must hold every `required` column.
pub(crate) fn csv_rows(
    text: &str,
    file: &str,
    format: &str,
    required: &[&str],
    emit: &mut Emit<'_>,
) -> Result<(), Error> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| bad_file(file, format, format!("no header row: {e}")))?.clone();
    let missing: Vec<&str> =
        required.iter().copied().filter(|name| !headers.iter().any(|h| h.trim() == *name)).collect();
    if !missing.is_empty() {
        return Err(bad_file(file, format, format!("the header lacks required columns: {}", missing.join(", "))));
    }
    let mut row = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line() as usize);
                if row.len() != headers.len() {
                    let reason = format!("has {} fields, the header has {}", row.len(), headers.len());
                    emit(Err((line, FieldError::new("(record)", reason))))?;
                } else {
                    emit(Ok(RawRecord::from_fields(line, FieldMap::from_csv(&headers, &row))))?;
                }
            }
            Err(e) => {
                let stop = e.is_io_error();
                emit(Err((line.max(2), FieldError::new("(record)", e.to_string()))))?;
                if stop {
                    break;
                }
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> Result<Vec<Record>, Error> {
        let mut out = Vec::new();
        json_list(text, "f.json", "national", &["data", "list"], &mut |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn streams_a_nested_list_and_skips_other_keys() {
        let records =
            list(r#"{"code":200,"msg":{"a":[1,2]},"data":{"total":2,"list":[{"id":"1"},{"id":"2"},3]}}"#).unwrap();
        assert_eq!(records.len(), 3);
        assert!(matches!(&records[0], Ok(r) if r.position == 1));
        assert!(matches!(&records[2], Err((3, e)) if e.reason.contains("a number")));
        assert_eq!(list(r#"[{"id":"1"}]"#).unwrap().len(), 1, "a bare list is accepted");
    }

    #[test]
    fn a_document_without_the_list_or_not_json_is_a_bad_file() {
        assert!(list(r#"{"code":200,"data":{}}"#).unwrap_err().to_string().contains("no `data.list` record list"));
        assert!(list("id,title\n1,x").unwrap_err().to_string().contains("not JSON"));
    }

    #[test]
    fn a_truncated_document_keeps_the_records_before_the_break() {
        let records = list(r#"{"data":{"list":[{"id":"1"},{"id":"2"},{"id":"#).unwrap();
        assert_eq!(records.len(), 3);
        assert!(
            matches!(&records[2], Err((3, e)) if e.field == "(document)" && e.reason.contains("breaks off after record 2"))
        );
    }
}
