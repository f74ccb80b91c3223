//! The plan's other programmes in the store: each register as the text it was given (register name → UTF-8
//! text), and each programme's last run (programme name → its parameters and figures, JSON). Replacing a
//! register and dropping the runs that read it are one transaction, so a run never stands for registers it
//! did not see.

use redb::{ReadableDatabase, ReadableTable, TableDefinition};

use super::{Store, META};
use crate::service::error::ServiceError;

/// Register name → the register's text.
pub(super) const REGISTERS: TableDefinition<&str, &[u8]> = TableDefinition::new("registers");
/// The `META` key counting replacements of the registers a programme reads.
fn version_key(programme: &str) -> String {
    format!("register_version:{programme}")
}
/// Programme name → its last run (JSON).
pub(super) const RUNS: TableDefinition<&str, &[u8]> = TableDefinition::new("programme_runs");

impl Store {
    /// Replaces a register (empty text: removes it) and drops the runs named in `runs`; returns the runs that
    /// were there and are dropped.
    pub fn put_register(&self, name: &str, text: &str, runs: &[&str]) -> Result<Vec<String>, ServiceError> {
        let txn = self.begin_write()?;
        let mut dropped = Vec::new();
        {
            let mut registers = txn.open_table(REGISTERS).map_err(ServiceError::storage)?;
            if text.is_empty() {
                registers.remove(name).map_err(ServiceError::storage)?;
            } else {
                registers.insert(name, text.as_bytes()).map_err(ServiceError::storage)?;
            }
            let mut meta = txn.open_table(META).map_err(ServiceError::storage)?;
            for run in runs {
                let key = version_key(run);
                let version = meta.get(key.as_str()).map_err(ServiceError::storage)?.map_or(0, |v| v.value());
                meta.insert(key.as_str(), version + 1).map_err(ServiceError::storage)?;
            }
            let mut table = txn.open_table(RUNS).map_err(ServiceError::storage)?;
            for run in runs {
                if table.remove(*run).map_err(ServiceError::storage)?.is_some() {
                    dropped.push((*run).to_string());
                }
            }
        }
        self.commit(txn)?;
        Ok(dropped)
    }

    /// A register's text, if kept.
    pub fn register(&self, name: &str) -> Result<Option<String>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(REGISTERS).map_err(ServiceError::storage)?;
        let value = table.get(name).map_err(ServiceError::storage)?;
        value
            .map(|v| {
                String::from_utf8(v.value().to_vec())
                    .map_err(|e| ServiceError::Corrupt(format!("register {name}: {e}")))
            })
            .transpose()
    }

    /// How many times the registers `programme` reads were replaced: a run read at one version stands only
    /// while it holds.
    pub fn register_version(&self, programme: &str) -> Result<u64, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let meta = txn.open_table(META).map_err(ServiceError::storage)?;
        Ok(meta.get(version_key(programme).as_str()).map_err(ServiceError::storage)?.map_or(0, |v| v.value()))
    }

    /// Keeps a programme's run, computed from its registers at `version`; returns false, keeping nothing, when
    /// one of them was replaced since (the run no longer stands for them).
    pub fn put_run(&self, programme: &str, run: &serde_json::Value, version: u64) -> Result<bool, ServiceError> {
        let txn = self.begin_write()?;
        let current = {
            let meta = txn.open_table(META).map_err(ServiceError::storage)?;
            let current = meta.get(version_key(programme).as_str()).map_err(ServiceError::storage)?;
            current.map_or(0, |v| v.value())
        };
        if current != version {
            self.abort(txn)?;
            return Ok(false);
        }
        {
            let mut table = txn.open_table(RUNS).map_err(ServiceError::storage)?;
            table.insert(programme, super::encode(run)?.as_slice()).map_err(ServiceError::storage)?;
        }
        self.commit(txn)?;
        Ok(true)
    }

    /// A programme's last run, if kept.
    pub fn run(&self, programme: &str) -> Result<Option<serde_json::Value>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(RUNS).map_err(ServiceError::storage)?;
        let value = table.get(programme).map_err(ServiceError::storage)?;
        value.map(|v| super::decode(v.value())).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_computed_before_a_register_changed_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.redb")).unwrap();
        let run = serde_json::json!({ "parameters": { "seed": 1 }, "count": 3, "of": 9 });
        let version = store.register_version("western").unwrap();
        let venture = store.register_version("venture").unwrap();
        // A run began, then a register was replaced before it finished: it no longer stands for the registers.
        store.put_register("western_posts", "id,track,place,capacity\n", &["western"]).unwrap();
        assert!(!store.put_run("western", &run, version).unwrap());
        assert_eq!(store.run("western").unwrap(), None);
        // Another programme's run is not touched by it.
        assert!(store.put_run("venture", &run, venture).unwrap());
        let version = store.register_version("western").unwrap();
        assert!(store.put_run("western", &run, version).unwrap());
        assert_eq!(store.run("western").unwrap(), Some(run));
        // Replacing a register drops the runs that read it.
        assert_eq!(store.put_register("western_posts", "", &["western"]).unwrap(), ["western"]);
        assert_eq!(store.run("western").unwrap(), None);
    }
}
