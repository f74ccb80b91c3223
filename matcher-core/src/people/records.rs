//! Reading people files: JSON Lines or CSV (told apart by their first character), each record's fields as
//! text, with rejects that name the file, line, field and reason, as for postings.

use crate::error::Error;
use crate::ingest::container::{csv_rows, json_lines, to_reject};
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, Reject};

/// Reads every record of a people file; `map` turns fields into a value or field errors.
pub(crate) fn read_people<T>(
    text: &str,
    file: &str,
    kind: &str,
    required: &[&str],
    map: &dyn Fn(&FieldMap, &mut Vec<FieldError>) -> Option<T>,
) -> Result<(Vec<T>, Vec<Reject>), Error> {
    let mut good = Vec::new();
    let mut rejects = Vec::new();
    let mut emit = |record: crate::ingest::container::Record| -> Result<(), Error> {
        match record {
            Err((line, error)) => rejects.push(to_reject(kind, file, line, error)),
            Ok((line, fields)) => {
                let mut errors = Vec::new();
                match map(&fields, &mut errors) {
                    Some(value) if errors.is_empty() => good.push(value),
                    _ => rejects.push(Reject {
                        source: kind.to_string(),
                        file: file.to_string(),
                        line,
                        record_id: fields.get("id"),
                        errors,
                    }),
                }
            }
        }
        Ok(())
    };
    let first = text.trim_start_matches('\u{feff}').trim_start().chars().next();
    if first == Some('{') {
        json_lines(text, file, kind, &mut emit)?;
    } else {
        csv_rows(text, file, kind, required, &mut emit)?;
    }
    Ok((good, rejects))
}

/// Collects field errors of one record.
pub(crate) struct Fields<'a> {
    pub map: &'a FieldMap,
    pub errors: &'a mut Vec<FieldError>,
}

impl Fields<'_> {
    /// A required field, parsed.
    pub(crate) fn required<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let text = self.map.require(name, self.errors)?;
        self.check(name, parse(&text))
    }

    /// An optional field, parsed; `None` when absent.
    pub(crate) fn optional<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<Option<T>> {
        match self.map.get(name) {
            None => Some(None),
            Some(text) => self.check(name, parse(&text)).map(Some),
        }
    }

    /// A list field ("a、b、c", "a,b", a JSON array), each item parsed; empty when absent.
    pub(crate) fn list<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<Vec<T>> {
        let Some(text) = self.map.get(name) else { return Some(Vec::new()) };
        let mut out = Vec::new();
        for item in text.split(['、', ',', '，', ';', '；', '|']).map(str::trim).filter(|s| !s.is_empty()) {
            // Every item parser names the item in its reason.
            out.push(self.check(name, parse(item))?);
        }
        Some(out)
    }

    fn check<T>(&mut self, name: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.errors.push(FieldError { field: name.to_string(), reason });
                None
            }
        }
    }
}

/// Yes/no as files write it: true/false, 1/0, 是/否, yes/no.
pub(crate) fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" => Ok(true),
        "false" | "0" | "no" | "n" | "否" => Ok(false),
        other => Err(format!("`{other}` is not yes or no (true/false, 1/0, 是/否)")),
    }
}
