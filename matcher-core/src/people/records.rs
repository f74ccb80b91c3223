//! Reading people records: from files (JSON Lines or CSV, told apart by their first character) or from typed
//! callers as [`RawRecord`]s, each record's fields as text, with rejects that name the origin, position,
//! field and reason, as for postings.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::ingest::container::{csv_rows, json_lines, to_reject, Record};
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, RawRecord, Reject};

/// What a record's fields become: a value, or `None` with field errors.
pub(crate) type MapRecord<'a, T> = dyn Fn(&FieldMap, &mut Vec<FieldError>) -> Option<T> + 'a;

/// The valid records with their positions, and a reject for each invalid one.
pub(crate) type Read<T> = (Vec<(usize, T)>, Vec<Reject>);

/// Reads every record of a people file; `map` turns fields into a value or field errors.
pub(crate) fn read_people<T>(
    text: &str,
    file: &str,
    kind: &str,
    required: &[&str],
    map: &MapRecord<'_, T>,
) -> Result<Read<T>, Error> {
    let mut people = People::new(kind, file, map);
    let mut emit = |record: Record| -> Result<(), Error> {
        people.take(record);
        Ok(())
    };
    let first = text.trim_start_matches('\u{feff}').trim_start().chars().next();
    if first == Some('{') {
        json_lines(text, file, kind, &mut emit)?;
    } else {
        csv_rows(text, file, kind, required, &mut emit)?;
    }
    Ok(people.done())
}

/// Reads records a typed caller built; `origin` names them in rejects.
pub(crate) fn people_from_records<T>(
    records: Vec<RawRecord>,
    origin: &str,
    kind: &str,
    map: &MapRecord<'_, T>,
) -> Read<T> {
    let mut people = People::new(kind, origin, map);
    for record in records {
        people.take(Ok(record));
    }
    people.done()
}

/// Collects the valid records and the rejects of one read.
struct People<'m, 'a, T> {
    kind: &'a str,
    origin: &'a str,
    map: &'m MapRecord<'m, T>,
    good: Vec<(usize, T)>,
    rejects: Vec<Reject>,
}

impl<'m, 'a, T> People<'m, 'a, T> {
    fn new(kind: &'a str, origin: &'a str, map: &'m MapRecord<'m, T>) -> Self {
        People { kind, origin, map, good: Vec::new(), rejects: Vec::new() }
    }

    fn take(&mut self, record: Record) {
        match record {
            Err((line, error)) => self.rejects.push(to_reject(self.kind, self.origin, line, error)),
            Ok(RawRecord { position, fields }) => {
                let mut errors = Vec::new();
                match (self.map)(&fields, &mut errors) {
                    Some(value) if errors.is_empty() => self.good.push((position, value)),
                    _ => self.rejects.push(Reject {
                        source: self.kind.to_string(),
                        file: self.origin.to_string(),
                        line: position,
                        record_id: fields.get("id"),
                        errors,
                    }),
                }
            }
        }
    }

    fn done(self) -> Read<T> {
        (self.good, self.rejects)
    }
}

/// Keeps the first row of each id; a later one is rejected naming the line of the first.
pub(crate) fn first_rows<T>(
    rows: Vec<(usize, T)>,
    mut rejects: Vec<Reject>,
    file: &str,
    kind: &str,
    id: impl Fn(&T) -> String,
) -> (Vec<T>, Vec<Reject>) {
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let key = id(&row);
        if let Some(earlier) = first.get(&key) {
            rejects.push(Reject {
                source: kind.to_string(),
                file: file.to_string(),
                line,
                record_id: Some(key),
                errors: vec![FieldError::new("id", format!("listed before at line {earlier}; the first row is kept"))],
            });
            continue;
        }
        first.insert(key, line);
        kept.push(row);
    }
    (kept, rejects)
}

/// The values of a read without their positions.
pub(crate) fn values<T>(read: Read<T>) -> (Vec<T>, Vec<Reject>) {
    (read.0.into_iter().map(|(_, value)| value).collect(), read.1)
}

/// Longest value of a field holding a code, a number or a short phrase.
pub(crate) const MAX_FIELD_CHARS: usize = 200;
/// Longest running text (an intention, skills).
pub(crate) const MAX_TEXT_CHARS: usize = 2_000;
/// Most items of a list field (accepted regions, intended industries, declined postings).
pub(crate) const MAX_LIST_ITEMS: usize = 200;

/// Collects field errors of one record. Every field is bounded: a value over its bound is an error and is
/// not parsed.
pub(crate) struct Fields<'a> {
    pub map: &'a FieldMap,
    pub errors: &'a mut Vec<FieldError>,
}

impl Fields<'_> {
    /// A required field, parsed.
    pub(crate) fn required<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        self.not_object(name)?;
        let text = self.map.require(name, self.errors)?;
        let text = self.bounded(name, text, MAX_FIELD_CHARS)?;
        self.check(name, parse(&text))
    }

    /// An optional field, parsed; `None` when absent.
    pub(crate) fn optional<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<Option<T>> {
        self.not_object(name)?;
        self.optional_object(name, parse)
    }

    /// An optional field that may be given as a JSON object (an expected pay `{"min":…,"max":…}`), parsed
    /// from the object's JSON text; `None` when absent.
    pub(crate) fn optional_object<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        match self.map.get(name) {
            None => Some(None),
            Some(text) => {
                let text = self.bounded(name, text, MAX_FIELD_CHARS)?;
                self.check(name, parse(&text)).map(Some)
            }
        }
    }

    /// An optional running text (an intention), cleaned of controls and invisibles, at most
    /// [`MAX_TEXT_CHARS`]; empty when absent.
    pub(crate) fn text(&mut self, name: &str) -> Option<String> {
        self.not_object(name)?;
        let Some(text) = self.map.get(name) else { return Some(String::new()) };
        self.bounded(name, crate::normalize::clean_text(&text), MAX_TEXT_CHARS)
    }

    /// A list field ("a、b、c", "a,b", a JSON array or a list of a request), each item parsed; empty when
    /// absent.
    pub(crate) fn list<T>(&mut self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<Vec<T>> {
        self.not_object(name)?;
        let Some(items) = self.map.items(name) else { return Some(Vec::new()) };
        if items.len() > MAX_LIST_ITEMS {
            let reason = format!("{} items, at most {MAX_LIST_ITEMS} allowed", items.len());
            return self.check(name, Err(reason));
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let item = self.bounded(name, item, MAX_FIELD_CHARS)?;
            // Every item parser names the item in its reason.
            out.push(self.check(name, parse(&item))?);
        }
        Some(out)
    }

    /// An error when the field holds a JSON object, which would otherwise be read as its JSON text (a name
    /// `{"family":"张"}`); the error does not show it, since it may hold personal data.
    fn not_object(&mut self, name: &str) -> Option<()> {
        if self.map.is_object(name) {
            return self.check(name, Err("an object, where text, a number or a list is wanted".to_string()));
        }
        Some(())
    }

    fn bounded(&mut self, name: &str, text: String, max: usize) -> Option<String> {
        let count = text.chars().count();
        if count > max {
            return self.check(name, Err(format!("{count} characters, at most {max} allowed")));
        }
        Some(text)
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

/// An id of a register that names no file (a project, a mentor): 1 to 64 characters, no spaces.
pub(crate) fn plain_id(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 64 || t.chars().any(char::is_whitespace) {
        Err(format!("`{t}` is not an id (1 to 64 characters, no spaces)"))
    } else {
        Ok(t.to_string())
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
