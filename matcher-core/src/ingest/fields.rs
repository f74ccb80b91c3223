//! One record's fields, whether they came from a JSON object, a CSV row or a typed request: text, or a list of
//! texts (a JSON array, a repeated field), by the source's own field names, with errors that name the field.

use foldhash::{HashMap, HashMapExt};

use serde_json::Value;

use super::reject::FieldError;

/// The separator a list is shown with where one text is wanted (the Chinese enumeration comma).
const LIST_JOIN: &str = "、";

/// What a JSON object given as a field's value is called in errors.
pub(crate) const OBJECT: &str = "an object";

/// A field's value as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldValue {
    /// One text.
    Text(String),
    /// Several items, kept apart (never joined and split again).
    List(Vec<String>),
    /// A JSON number, boolean or object, as text; a field that must be text refuses it.
    Other {
        /// The value as JSON writes it.
        text: String,
        /// What it is ("a number").
        kind: &'static str,
    },
}

impl FieldValue {
    /// A text, trimmed; `None` when blank (an absent field).
    pub(crate) fn text(text: String) -> Option<FieldValue> {
        trimmed(text).map(FieldValue::Text)
    }

    /// A list, its items trimmed and the blank ones dropped; `None` when none is left.
    pub(crate) fn list(items: Vec<String>) -> Option<FieldValue> {
        let items: Vec<String> = items.into_iter().filter_map(trimmed).collect();
        (!items.is_empty()).then_some(FieldValue::List(items))
    }
}

/// A text without its surrounding blanks (the same string when it has none); `None` when nothing is left.
fn trimmed(text: String) -> Option<String> {
    let trimmed = text.trim();
    match trimmed.len() {
        0 => None,
        len if len == text.len() => Some(text),
        _ => Some(trimmed.to_string()),
    }
}

/// The fields of one record, by their names in the source format. Empty values count as absent.
#[derive(Debug, Default, Clone)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct FieldMap {
    values: HashMap<String, FieldValue>,
}

impl FieldMap {
    /// The fields of a parsed object: what a record read straight (`JsonRecord`) is held equal to.
    #[cfg(test)]
    pub(crate) fn from_json(object: &serde_json::Map<String, Value>) -> FieldMap {
        let mut map = FieldMap { values: HashMap::with_capacity(object.len()) };
        for (key, value) in object {
            match value {
                Value::Array(items) => map.insert_list(key, items.iter().filter_map(json_text).collect()),
                Value::String(text) => map.insert_text(key, text.clone()),
                Value::Null => {}
                other => {
                    let kind = match other {
                        Value::Number(_) => "a number",
                        Value::Bool(_) => "a boolean",
                        _ => OBJECT,
                    };
                    map.values.insert(key.clone(), FieldValue::Other { text: other.to_string(), kind });
                }
            }
        }
        map
    }

    /// An empty map with room for `fields`.
    pub(crate) fn with_capacity(fields: usize) -> FieldMap {
        FieldMap { values: HashMap::with_capacity(fields) }
    }

    /// Sets a field to `value`, or leaves it absent (`None`), whatever it held before.
    pub(crate) fn set(&mut self, name: String, value: Option<FieldValue>) {
        match value {
            Some(value) => {
                self.values.insert(name, value);
            }
            None => {
                self.values.remove(&name);
            }
        }
    }

    pub(crate) fn from_csv(headers: &csv::StringRecord, row: &csv::StringRecord) -> FieldMap {
        let mut map = FieldMap { values: HashMap::with_capacity(headers.len()) };
        for (header, cell) in headers.iter().zip(row.iter()) {
            map.insert_text(header.trim(), cell.to_string());
        }
        map
    }

    /// Sets a text field; an empty (or blank) text leaves the field absent.
    pub(crate) fn insert_text(&mut self, name: &str, text: String) {
        if let Some(value) = FieldValue::text(text) {
            self.values.insert(name.to_string(), value);
        }
    }

    /// Sets a list field; blank items are dropped and an empty list leaves the field absent.
    pub(crate) fn insert_list(&mut self, name: &str, items: Vec<String>) {
        if let Some(value) = FieldValue::list(items) {
            self.values.insert(name.to_string(), value);
        }
    }

    /// Whether the field holds a JSON object: a value no field of a person or a programme's record is given
    /// as (a name, a place, a flag or a list), which must not be taken as its JSON text.
    pub(crate) fn is_object(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(FieldValue::Other { kind: OBJECT, .. }))
    }

    /// The value of an optional field as one text (a list's items joined with 、).
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        match self.values.get(name)? {
            FieldValue::Text(text) | FieldValue::Other { text, .. } => Some(text.clone()),
            FieldValue::List(items) => Some(items.join(LIST_JOIN)),
        }
    }

    /// The value of a required text field (a title, a name): missing, a list or a number is an error.
    pub(crate) fn require_text(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<String> {
        match self.values.get(name) {
            Some(FieldValue::Text(text)) => Some(text.clone()),
            Some(FieldValue::List(_)) => {
                errors.push(FieldError::new(name, "a list, not text"));
                None
            }
            Some(FieldValue::Other { kind, .. }) => {
                errors.push(FieldError::new(name, format!("{kind}, not text")));
                None
            }
            None => {
                errors.push(FieldError::new(name, "missing"));
                None
            }
        }
    }

    /// The value of an optional field as pieces: a list's items, or the one text (for the caller to split
    /// as its format does).
    pub(crate) fn pieces(&self, name: &str) -> Option<Vec<String>> {
        match self.values.get(name)? {
            FieldValue::Text(text) | FieldValue::Other { text, .. } => Some(vec![text.clone()]),
            FieldValue::List(items) => Some(items.clone()),
        }
    }

    /// The value of an optional field as items: a list's items, or the text split on the separators lists
    /// are written with (、 , ， ; ； |).
    pub(crate) fn items(&self, name: &str) -> Option<Vec<String>> {
        match self.values.get(name)? {
            FieldValue::Text(text) | FieldValue::Other { text, .. } => Some(
                text.split(['、', ',', '，', ';', '；', '|'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            ),
            FieldValue::List(items) => Some(items.clone()),
        }
    }

    /// The value of a required field, or an error naming it.
    pub(crate) fn require(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<String> {
        let value = self.get(name);
        if value.is_none() {
            errors.push(FieldError::new(name, "missing"));
        }
        value
    }
}

pub(crate) fn json_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().filter_map(json_text).collect::<Vec<_>>().join(LIST_JOIN),
        Value::Object(_) => value.to_string(),
    };
    (!text.is_empty()).then_some(text)
}
