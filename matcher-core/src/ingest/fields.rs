//! One record's fields as text, whether it came from a JSON object or a CSV row, with errors that name the field.

use std::collections::HashMap;

use serde_json::Value;

use super::reject::FieldError;

/// The fields of one record, by their names in the source format. Empty values count as absent.
#[derive(Debug, Default)]
pub(crate) struct FieldMap {
    values: HashMap<String, String>,
}

impl FieldMap {
    pub(crate) fn from_json(object: &serde_json::Map<String, Value>) -> FieldMap {
        let mut values = HashMap::with_capacity(object.len());
        for (key, value) in object {
            if let Some(text) = json_text(value) {
                values.insert(key.clone(), text);
            }
        }
        FieldMap { values }
    }

    pub(crate) fn from_csv(headers: &csv::StringRecord, row: &csv::StringRecord) -> FieldMap {
        let mut values = HashMap::with_capacity(headers.len());
        for (header, cell) in headers.iter().zip(row.iter()) {
            let trimmed = cell.trim();
            if !trimmed.is_empty() {
                values.insert(header.trim().to_string(), trimmed.to_string());
            }
        }
        FieldMap { values }
    }

    /// The value of an optional field.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
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

fn json_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().filter_map(json_text).collect::<Vec<_>>().join("、"),
        Value::Object(_) => value.to_string(),
    };
    (!text.is_empty()).then_some(text)
}
