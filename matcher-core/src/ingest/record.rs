//! `RawRecord`: one record as a source gave it, before any validation: its position in what was read (a
//! file's line, a record's place in a JSON list, or its place in a request) and its fields as text by the
//! source's own names. File containers and typed callers (the gRPC service) both produce these, and the same
//! adapters and readers validate them, so a record is checked the same way whichever way it came, and its
//! result comes back by its position.

use super::fields::FieldMap;

/// One record's position and fields, unvalidated.
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    pub(crate) position: usize,
    pub(crate) fields: FieldMap,
}

impl RawRecord {
    /// A record with no fields at `position` (1-based: the line, or the place in a list or request).
    pub fn new(position: usize) -> RawRecord {
        RawRecord { position, fields: FieldMap::default() }
    }

    pub(crate) fn from_fields(position: usize, fields: FieldMap) -> RawRecord {
        RawRecord { position, fields }
    }

    /// Sets a text field by the format's field name; a blank text leaves it absent.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> RawRecord {
        self.fields.insert_text(name, value.into());
        self
    }

    /// Sets a list field (kept as items, never joined into one text); blank items are dropped.
    pub fn list(mut self, name: &str, items: impl IntoIterator<Item = impl Into<String>>) -> RawRecord {
        self.fields.insert_list(name, items.into_iter().map(Into::into).collect());
        self
    }

    /// The record's position.
    pub fn position(&self) -> usize {
        self.position
    }

    /// A field as one text (a list's items joined with 、), when present.
    pub fn get(&self, name: &str) -> Option<String> {
        self.fields.get(name)
    }
}
