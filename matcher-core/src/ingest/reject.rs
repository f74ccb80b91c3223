//! A rejected record: which source, file, line and field, and why. Rejects are reported, never dropped.

use serde::{Deserialize, Serialize};

use crate::normalize::printable;

/// One field that failed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field, by its name in the source's own format.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, reason: impl Into<String>) -> FieldError {
        FieldError { field: field.to_string(), reason: reason.into() }
    }
}

/// A record that was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The source format (yangfan, xiaochi, tuantuan, national, generic).
    pub source: String,
    /// The file it came from.
    pub file: String,
    /// Line in the file (JSON Lines, CSV) or 1-based position in the record list (JSON).
    pub line: usize,
    /// The record's own id, when it could be read.
    pub record_id: Option<String>,
    /// Every field that failed.
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Everything here may be a platform's text: escaped, so that printing it cannot drive a terminal.
        write!(f, "{} {}:{}", self.source, printable(&self.file), self.line)?;
        if let Some(id) = &self.record_id {
            write!(f, " [{}]", printable(id))?;
        }
        let reasons: Vec<String> =
            self.errors.iter().map(|e| format!("{}: {}", printable(&e.field), printable(&e.reason))).collect();
        write!(f, " {}", reasons.join("; "))
    }
}

/// A field of a kept record that could not be read: the record is kept without it (a field that cannot be
/// read costs the field, never the record), and the loss is reported like a reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The source format.
    pub source: String,
    /// The file it came from.
    pub file: String,
    /// Line in the file, or position in the record list or request.
    pub line: usize,
    /// The record's own id.
    pub record_id: Option<String>,
    /// The field, by its name in the source's own format.
    pub field: String,
    /// The value as the source wrote it (cut to 200 characters).
    pub value: String,
    /// Why it could not be read.
    pub reason: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}:{}", self.source, printable(&self.file), self.line)?;
        if let Some(id) = &self.record_id {
            write!(f, " [{}]", printable(id))?;
        }
        write!(f, " {} `{}` dropped: {}", printable(&self.field), printable(&self.value), printable(&self.reason))
    }
}
