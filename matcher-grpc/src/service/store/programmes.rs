//! The plan's other programmes in the store: each register as the text it was given (register name → UTF-8
//! text), and each programme's last run (programme name → its parameters and figures, JSON). Replacing a
//! register and dropping the runs that read it are one transaction, so a run never stands for registers it
//! did not see.

use redb::{ReadableDatabase, TableDefinition};

use super::Store;
use crate::service::error::ServiceError;

/// Register name → the register's text.
pub(super) const REGISTERS: TableDefinition<&str, &[u8]> = TableDefinition::new("registers");
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

    /// Keeps a programme's run.
    pub fn put_run(&self, programme: &str, run: &serde_json::Value) -> Result<(), ServiceError> {
        let txn = self.begin_write()?;
        {
            let mut table = txn.open_table(RUNS).map_err(ServiceError::storage)?;
            table.insert(programme, super::encode(run)?.as_slice()).map_err(ServiceError::storage)?;
        }
        self.commit(txn)
    }

    /// A programme's last run, if kept.
    pub fn run(&self, programme: &str) -> Result<Option<serde_json::Value>, ServiceError> {
        let txn = self.db.begin_read().map_err(ServiceError::storage)?;
        let table = txn.open_table(RUNS).map_err(ServiceError::storage)?;
        let value = table.get(programme).map_err(ServiceError::storage)?;
        value.map(|v| super::decode(v.value())).transpose()
    }
}
