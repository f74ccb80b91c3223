//! The rejects, merges and warnings logs beside the index, kept true to what the index holds: lines are
//! appended to a pending file beside each log as records are placed (a file of a million bad lines is
//! streamed, never held), and moved into the log only once the index has committed the records they speak
//! of. A run that fails, or is stopped, before its commit leaves no line in the logs; what it left pending is
//! removed by the next writer.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;

/// A log is rotated (to `NAME.1`, replacing the one before) when it passes this size.
const ROTATE_BYTES: u64 = 16 << 20;

/// One log and its pending lines.
pub(super) struct Log {
    path: PathBuf,
    pending: PathBuf,
    /// Open once lines are pending; `None` while nothing is.
    writer: Option<BufWriter<File>>,
}

impl Log {
    /// The log at `path`. Lines a writer left pending and never committed (it failed or was stopped) are
    /// removed: only the index's only writer may call this.
    pub(super) fn open(path: PathBuf) -> Result<Log, Error> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let pending = path.with_file_name(format!(".{name}.pending"));
        match std::fs::remove_file(&pending) {
            Ok(()) => tracing::warn!(log = %path.display(), "lines of an ingest that never committed were dropped"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&pending, e)),
        }
        Ok(Log { path, pending, writer: None })
    }

    /// Appends one JSON line per item to the pending lines.
    pub(super) fn append<T: Serialize>(&mut self, items: &[T]) -> Result<(), Error> {
        if items.is_empty() {
            return Ok(());
        }
        let pending = &self.pending;
        let writer = match &mut self.writer {
            Some(writer) => writer,
            None => {
                let file = OpenOptions::new()
                    .create(true)
                    .truncate(true)
                    .write(true)
                    .open(pending)
                    .map_err(|e| Error::io(pending, e))?;
                self.writer.insert(BufWriter::new(file))
            }
        };
        for item in items {
            serde_json::to_writer(&mut *writer, item).map_err(|e| Error::CorruptDocument(e.to_string()))?;
            writer.write_all(b"\n").map_err(|e| Error::io(pending, e))?;
        }
        Ok(())
    }

    /// Moves the pending lines to the end of the log: call once the index has committed their records.
    pub(super) fn publish(&mut self) -> Result<(), Error> {
        let Some(writer) = self.writer.take() else { return Ok(()) };
        let pending = &self.pending;
        writer.into_inner().map_err(|e| Error::io(pending, e.into_error()))?;
        if std::fs::metadata(&self.path).is_ok_and(|m| m.len() >= ROTATE_BYTES) {
            let mut rotated = self.path.as_os_str().to_owned();
            rotated.push(".1");
            std::fs::rename(&self.path, &rotated).map_err(|e| Error::io(&self.path, e))?;
        }
        if std::fs::metadata(&self.path).is_err() {
            // Nothing to add to: the pending file becomes the log.
            return std::fs::rename(pending, &self.path).map_err(|e| Error::io(&self.path, e));
        }
        let mut from = File::open(pending).map_err(|e| Error::io(pending, e))?;
        let mut to = OpenOptions::new().append(true).open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        std::io::copy(&mut from, &mut to).map_err(|e| Error::io(&self.path, e))?;
        std::fs::remove_file(pending).map_err(|e| Error::io(pending, e))
    }
}

impl Drop for Log {
    /// Lines still pending are dropped: their records were never committed.
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.pending);
        }
    }
}

/// The three logs of an ingest.
pub(super) struct Logs {
    pub(super) rejects: Log,
    pub(super) merges: Log,
    pub(super) warnings: Log,
}

impl Logs {
    /// The logs in the index's folder `dir`.
    pub(super) fn open(dir: &Path, rejects: &str, merges: &str, warnings: &str) -> Result<Logs, Error> {
        Ok(Logs {
            rejects: Log::open(dir.join(rejects))?,
            merges: Log::open(dir.join(merges))?,
            warnings: Log::open(dir.join(warnings))?,
        })
    }

    /// Moves every pending line into its log.
    pub(super) fn publish(&mut self) -> Result<(), Error> {
        self.rejects.publish()?;
        self.merges.publish()?;
        self.warnings.publish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path).map(|s| s.lines().map(str::to_string).collect()).unwrap_or_default()
    }

    #[test]
    fn lines_reach_the_log_only_when_published() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.jsonl");
        std::fs::write(&path, "\"before\"\n").unwrap();
        let mut log = Log::open(path.clone()).unwrap();
        log.append(&["a", "b"]).unwrap();
        log.append(&["c"]).unwrap();
        assert_eq!(lines(&path), ["\"before\""], "nothing is in the log before the commit");
        log.publish().unwrap();
        assert_eq!(lines(&path), ["\"before\"", "\"a\"", "\"b\"", "\"c\""]);
        log.append(&["d"]).unwrap();
        log.publish().unwrap();
        assert_eq!(lines(&path).len(), 5);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no pending file is left");
    }

    #[test]
    fn lines_never_published_are_dropped_even_after_a_kill() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("merges.jsonl");
        {
            let mut log = Log::open(path.clone()).unwrap();
            log.append(&["dropped"]).unwrap();
        }
        assert!(lines(&path).is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "a dropped log removes its pending lines");
        // A process killed while lines were pending leaves them; the next writer removes them.
        let mut log = Log::open(path.clone()).unwrap();
        log.append(&["left"]).unwrap();
        log.writer.take().unwrap().flush().unwrap();
        drop(log);
        let mut log = Log::open(path.clone()).unwrap();
        log.publish().unwrap();
        assert!(lines(&path).is_empty(), "a killed run's lines never reach the log");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_large_log_is_rotated_when_lines_are_published() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("warnings.jsonl");
        std::fs::write(&path, vec![b'\n'; ROTATE_BYTES as usize]).unwrap();
        let mut log = Log::open(path.clone()).unwrap();
        log.append(&["new"]).unwrap();
        log.publish().unwrap();
        assert_eq!(lines(&path), ["\"new\""]);
        assert_eq!(std::fs::metadata(dir.path().join("warnings.jsonl.1")).unwrap().len(), ROTATE_BYTES);
    }
}
