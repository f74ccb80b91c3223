//! Whole tables decoded once and kept: a row is decoded again only when its stored bytes changed, so that a
//! report read after one write decodes that write, not every student of the province. Exact: each row is
//! compared byte for byte with the bytes it was decoded from (no counter a write path could forget to move,
//! no hash that could collide); an unchanged table is answered with the same shared rows.

use std::sync::{Arc, Mutex};

use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};

use super::decode;
use crate::service::error::ServiceError;

/// A table's rows as last read: each row's key and stored bytes (in key order) and what they decoded to.
pub(super) struct Kept<T> {
    raw: Vec<(Box<str>, Box<[u8]>)>,
    rows: Arc<Vec<T>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept { raw: Vec::new(), rows: Arc::new(Vec::new()) }
    }
}

/// Every row of `definition`, in key order, decoding only the rows whose bytes differ from `kept`'s.
pub(super) fn read_kept<T: serde::de::DeserializeOwned + Clone>(
    db: &Database,
    definition: TableDefinition<&str, &[u8]>,
    kept: &Mutex<Kept<T>>,
) -> Result<Arc<Vec<T>>, ServiceError> {
    let txn = db.begin_read().map_err(ServiceError::storage)?;
    let table = txn.open_table(definition).map_err(ServiceError::storage)?;
    // A poisoned lock only means a reader failed half-way: what it left is replaced whole below.
    let mut guard = kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let count = table.len().map_err(ServiceError::storage)? as usize;
    if count == guard.raw.len() {
        let mut same = true;
        for (row, (key, value)) in table.iter().map_err(ServiceError::storage)?.zip(&guard.raw) {
            let (k, v) = row.map_err(ServiceError::storage)?;
            if k.value() != &**key || v.value() != &**value {
                same = false;
                break;
            }
        }
        if same {
            return Ok(guard.rows.clone());
        }
    }
    let old = &*guard;
    let mut raw = Vec::with_capacity(count);
    let mut rows = Vec::with_capacity(count);
    let mut at = 0;
    for row in table.iter().map_err(ServiceError::storage)? {
        let (k, v) = row.map_err(ServiceError::storage)?;
        let (key, value) = (k.value(), v.value());
        // Both sides are in key order: walk the kept rows alongside.
        while at < old.raw.len() && &*old.raw[at].0 < key {
            at += 1;
        }
        let unchanged = old.raw.get(at).is_some_and(|(k, v)| &**k == key && &**v == value);
        rows.push(if unchanged { old.rows[at].clone() } else { decode(value)? });
        raw.push((Box::from(key), Box::from(value)));
    }
    *guard = Kept { raw, rows: Arc::new(rows) };
    Ok(guard.rows.clone())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use matcher_core::{read_students, Taxonomy};

    use super::super::Store;

    #[test]
    fn rows_are_shared_while_unchanged_and_follow_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.redb")).unwrap();
        let (mut students, _) =
            read_students(Taxonomy::embedded(), crate::sample_data::STUDENTS, "students.jsonl").unwrap();
        students.truncate(50);
        store.put_students(&students[..40]).unwrap();
        let first = store.students_shared().unwrap();
        assert_eq!(first.len(), 40);
        assert!(Arc::ptr_eq(&first, &store.students_shared().unwrap()), "unchanged: the same rows, not decoded");

        // One changed, ten added (some between kept keys), one deleted: exactly what the table holds.
        let mut changed = students[5].clone();
        changed.college = "改过的学院".to_string();
        store.put_students(&[changed.clone()]).unwrap();
        store.put_students(&students[40..]).unwrap();
        store.delete_students(&[students[7].id.clone()]).unwrap();
        let after = store.students_shared().unwrap();
        let mut expected = store.students().unwrap();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(*after, expected);
        assert_eq!(after.len(), 49);
        assert!(after.iter().any(|s| s.id == changed.id && s.college == "改过的学院"));
        assert!(!after.iter().any(|s| s.id == students[7].id));
    }
}
