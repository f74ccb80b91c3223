//! The containers the source formats use: JSON Lines, a JSON document holding a record list, and CSV.
//! Each streams its records to a sink, so a large export is never held parsed in memory. A file that is
//! not its container at all is one clear error; a bad record inside it is a reject.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fields::FieldMap;
use super::json_record::JsonRecord;
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
        match serde_json::from_str::<JsonRecord>(trimmed) {
            Ok(JsonRecord::Fields(fields)) => {
                seen_object = true;
                emit(Ok(RawRecord::from_fields(line_no, fields)))?;
            }
            Ok(_) if !seen_object => {
                return Err(bad_file(file, format, format!("line {line_no} is not a JSON object")))
            }
            Err(e) if !seen_object => return Err(bad_file(file, format, format!("line {line_no}: {e}"))),
            Ok(JsonRecord::Not(kind)) => {
                let reason = format!("not a JSON object but {kind}");
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
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        // An export of nothing holds no records, as an empty JSON Lines file does.
        return Ok(());
    }
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
        while let Some(item) = seq.next_element::<JsonRecord>()? {
            self.state.records += 1;
            let position = self.state.records;
            let record = match item {
                JsonRecord::Fields(fields) => Ok(RawRecord::from_fields(position, fields)),
                JsonRecord::Not(kind) => {
                    Err((position, FieldError::new("(record)", format!("not a JSON object but {kind}"))))
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

/// CSV with a header row that must hold every `required` column. Lines are counted from the bytes (a
/// CRLF file's lines are numbered as an editor numbers them); a quote left open at the end of the file
/// costs only the record it opens: the reading starts again on the next line.
pub(crate) fn csv_rows(
    text: &str,
    file: &str,
    format: &str,
    required: &[&str],
    emit: &mut Emit<'_>,
) -> Result<(), Error> {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        // An export of nothing (no header either) holds no records, as an empty JSON Lines file does.
        return Ok(());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body.as_bytes());
    let headers = reader.headers().map_err(|e| bad_file(file, format, format!("no header row: {e}")))?.clone();
    let missing: Vec<&str> =
        required.iter().copied().filter(|name| !headers.iter().any(|h| h.trim() == *name)).collect();
    if !missing.is_empty() {
        return Err(bad_file(file, format, format!("the header lacks required columns: {}", missing.join(", "))));
    }
    let mut lines = LineCounter::new(body);
    let mut offset = reader.position().byte() as usize;
    while offset < body.len() {
        offset = match csv_segment(body, offset, &headers, &mut lines, emit)? {
            Some(next) => next,
            None => break,
        };
    }
    Ok(())
}

/// Reads records from `offset` to the end; returns where to start again when a record opened a quote that
/// never closed (the line after its first).
fn csv_segment(
    body: &str,
    offset: usize,
    headers: &csv::StringRecord,
    lines: &mut LineCounter<'_>,
    emit: &mut Emit<'_>,
) -> Result<Option<usize>, Error> {
    let rest = &body[offset..];
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(rest.as_bytes());
    let mut row = csv::StringRecord::new();
    loop {
        let start = offset + reader.position().byte() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => return Ok(None),
            Ok(true) => {
                let mut record_start = offset + row.position().map_or(start - offset, |p| p.byte() as usize);
                // A CRLF terminator may be left half-read before the record: its line starts after it.
                while matches!(body.as_bytes().get(record_start), Some(b'\r' | b'\n')) {
                    record_start += 1;
                }
                let line = lines.line_at(record_start);
                let end = offset + reader.position().byte() as usize;
                let raw = &body[record_start..end.min(body.len())];
                // A quote left open swallows the lines after it: to the end of the file, or to the next quote,
                // which then leaves a record of the wrong shape spanning lines. Either way only this record is
                // lost; the lines it swallowed are read again.
                let open_to_the_end = end >= body.len() && raw.matches('"').count() % 2 == 1;
                let misshapen = row.len() != headers.len() || !well_quoted(raw);
                let misshapen_over_lines = misshapen && raw.trim_end().contains('\n');
                if open_to_the_end || misshapen_over_lines {
                    let error = FieldError::new("(record)", "a quote opened here is not closed where the record ends");
                    emit(Err((line, error)))?;
                    let next_line = body[record_start..].find('\n').map(|at| record_start + at + 1);
                    return Ok(next_line.filter(|&next| next < body.len()));
                }
                if row.len() != headers.len() {
                    let reason = format!("has {} fields, the header has {}", row.len(), headers.len());
                    emit(Err((line, FieldError::new("(record)", reason))))?;
                } else {
                    emit(Ok(RawRecord::from_fields(line, FieldMap::from_csv(headers, &row))))?;
                }
            }
            Err(e) => {
                let stop = e.is_io_error();
                emit(Err((lines.line_at(start).max(2), FieldError::new("(record)", e.to_string()))))?;
                if stop {
                    return Ok(None);
                }
            }
        }
    }
}

/// Whether every quoted field of a record's raw text closes where a field ends (before a comma, a line end or
/// the end), as RFC 4180 writes them; `"a"b` or an unclosed quote is not.
fn well_quoted(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        if field_start && bytes[i] == b'"' {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return false,
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        match bytes.get(i) {
                            None | Some(b',' | b'\r' | b'\n') => break,
                            Some(_) => return false,
                        }
                    }
                    Some(_) => i += 1,
                }
            }
            continue;
        }
        field_start = matches!(bytes[i], b',' | b'\n' | b'\r');
        i += 1;
    }
    true
}

/// Line numbers of byte offsets, counted once through the text: a line ends at `\n`, or at a `\r` not
/// followed by one.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter { bytes: text.as_bytes(), at: 0, line: 1 }
    }

    /// The 1-based line of byte `offset`; offsets must not go backwards (earlier ones are answered from
    /// the start again).
    fn line_at(&mut self, offset: usize) -> usize {
        if offset < self.at {
            self.at = 0;
            self.line = 1;
        }
        let end = offset.min(self.bytes.len());
        while self.at < end {
            match self.bytes[self.at] {
                b'\n' => self.line += 1,
                b'\r' if self.bytes.get(self.at + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
        self.line
    }
}

pub(crate) fn to_reject(format: &str, file: &str, line: usize, error: FieldError) -> Reject {
    Reject { source: format.to_string(), file: file.to_string(), line, record_id: None, errors: vec![error] }
}

fn bad_file(file: &str, format: &str, reason: String) -> Error {
    Error::BadFile { path: file.to_string(), format: format.to_string(), reason }
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
    fn an_empty_export_in_any_container_is_no_records_not_a_bad_file() {
        for empty in ["", "\u{feff}", " \r\n\n"] {
            assert_eq!(list(empty).unwrap().len(), 0, "{empty:?}");
            assert!(rows(empty).is_empty(), "{empty:?}");
            let mut lines = 0;
            json_lines(empty, "f.jsonl", "yangfan", &mut |_| {
                lines += 1;
                Ok(())
            })
            .unwrap();
            assert_eq!(lines, 0);
        }
        assert!(list("[]\n").unwrap().is_empty());
        assert!(list(" x").is_err(), "text that is not JSON is still a bad file");
    }

    #[test]
    fn a_truncated_document_keeps_the_records_before_the_break() {
        let records = list(r#"{"data":{"list":[{"id":"1"},{"id":"2"},{"id":"#).unwrap();
        assert_eq!(records.len(), 3);
        assert!(
            matches!(&records[2], Err((3, e)) if e.field == "(document)" && e.reason.contains("breaks off after record 2"))
        );
    }

    fn rows(text: &str) -> Vec<Result<(usize, Option<String>), usize>> {
        let mut out = Vec::new();
        csv_rows(text, "f.csv", "generic", &["id"], &mut |r| {
            out.push(r.map(|record| (record.position, record.fields.get("title"))).map_err(|(line, _)| line));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn crlf_files_report_the_right_lines() {
        let got = rows("id,title\r\nA,x\r\nB\r\nC,\"two\r\nlines\"\r\nD\r\nE,z\r\n");
        assert_eq!(
            got,
            [
                Ok((2, Some("x".into()))),
                Err(3),
                Ok((4, Some("two\r\nlines".into()))),
                Err(6),
                Ok((7, Some("z".into())))
            ]
        );
    }

    #[test]
    fn an_unterminated_quote_costs_its_own_record_only() {
        let got = rows("id,title\nA,\"x\nB,y\nC,z\n");
        assert_eq!(got, [Err(2), Ok((3, Some("y".into()))), Ok((4, Some("z".into())))]);
        // Closed by a later record's quote: the record takes the wrong shape; the lines between are read again.
        let got = rows("id,title\nA,\"x\nB,y\nC,\"z\"\nD,w\n");
        assert_eq!(got, [Err(2), Ok((3, Some("y".into()))), Ok((4, Some("z".into()))), Ok((5, Some("w".into())))]);
        // A quoted field that legitimately spans lines is one record.
        let got = rows("id,title\nA,\"x\ny\"\nB,z\n");
        assert_eq!(got, [Ok((2, Some("x\ny".into()))), Ok((4, Some("z".into())))]);
    }
}
