//! The index's folder as tantivy sees it: tantivy's own memory-mapped folder, except that a folder this process
//! may read but not write (a read-only mount, a copy owned by another user, a backup) can still be read.
//!
//! Every reader takes tantivy's meta lock (`.tantivy-meta.lock`) while it opens a commit's files, so that a
//! writer's clean-up never deletes them under it. tantivy takes it by opening the lock file for writing, which
//! a folder that cannot be written refuses, and `matcher search` then failed with "Failed to acquire
//! Lockfile". Here, when that open is refused, the lock file is opened for reading and locked as tantivy
//! locks it (`flock` does not ask for write access), so that a writer with the right to write the folder is
//! still kept out. When that file cannot be opened either (no writer ever committed here, or it is not ours
//! to read), the reader goes on without the lock: at worst, a writer's clean-up running at that moment makes
//! the open fail, and it can be tried again. The writer's lock is never taken this way: a writer needs the
//! folder.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};

/// An index folder that readers may open without the right to write it.
#[derive(Clone, Debug)]
pub struct IndexFolder<D = MmapDirectory> {
    inner: D,
    root: PathBuf,
}

impl IndexFolder {
    /// The folder at `root`.
    pub fn open(root: &Path) -> Result<IndexFolder, OpenDirectoryError> {
        Ok(IndexFolder { inner: MmapDirectory::open(root)?, root: root.to_path_buf() })
    }
}

impl<D> IndexFolder<D> {
    /// `inner`'s folder, whose files are at `root` (for tests, with a directory of their own).
    #[cfg(test)]
    fn over(inner: D, root: &Path) -> IndexFolder<D> {
        IndexFolder { inner, root: root.to_path_buf() }
    }

    /// The meta lock, taken on the lock file opened for reading; without it when the file cannot be opened.
    fn read_only_meta_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let path = self.root.join(&lock.filepath);
        match File::open(&path) {
            Ok(file) => {
                file.lock().map_err(LockError::wrap_io_error)?;
                tracing::debug!(path = %path.display(), "the index's folder cannot be written: its meta lock is taken read-only");
                // The lock is held while the file is open, as tantivy's own is.
                Ok(DirectoryLock::from(Box::new(file)))
            }
            Err(error) => {
                tracing::debug!(path = %path.display(), %error, "the index's folder cannot be written and its meta lock cannot be read: read without it");
                Ok(DirectoryLock::from(Box::new(())))
            }
        }
    }
}

/// True when an error says the folder may not be written (rather than that it is busy or broken).
fn cannot_write(error: &LockError) -> bool {
    match error {
        LockError::IoError(cause) => refuses_writing(cause.kind()),
        LockError::LockBusy => false,
    }
}

/// True for the kinds of I/O error a folder that may not be written gives.
pub(super) fn refuses_writing(kind: io::ErrorKind) -> bool {
    matches!(kind, io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}

impl<D: Directory + Clone> Directory for IndexFolder<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(error) if lock.filepath == META_LOCK.filepath && cannot_write(&error) => self.read_only_meta_lock(lock),
            taken => taken,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::{RamDirectory, INDEX_WRITER_LOCK};

    /// A folder whose locks fail as a folder that cannot be written fails them.
    #[derive(Clone, Debug, Default)]
    struct Refusing {
        ram: RamDirectory,
        kind: Option<io::ErrorKind>,
    }

    impl Directory for Refusing {
        fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
            self.ram.get_file_handle(path)
        }
        fn delete(&self, path: &Path) -> Result<(), DeleteError> {
            self.ram.delete(path)
        }
        fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
            self.ram.exists(path)
        }
        fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
            self.ram.open_write(path)
        }
        fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
            self.ram.atomic_read(path)
        }
        fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
            self.ram.atomic_write(path, data)
        }
        fn sync_directory(&self) -> io::Result<()> {
            Ok(())
        }
        fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
            match self.kind {
                Some(kind) => Err(LockError::wrap_io_error(io::Error::from(kind))),
                None => Err(LockError::LockBusy),
            }
        }
        fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.ram.watch(watch_callback)
        }
    }

    fn folder(kind: Option<io::ErrorKind>, root: &Path) -> IndexFolder<Refusing> {
        IndexFolder::over(Refusing { kind, ..Refusing::default() }, root)
    }

    #[test]
    fn a_reader_of_a_folder_it_cannot_write_takes_the_meta_lock_on_the_file_read_only_or_goes_without() {
        let dir = tempfile::tempdir().unwrap();
        for kind in [io::ErrorKind::PermissionDenied, io::ErrorKind::ReadOnlyFilesystem] {
            // No lock file: no writer ever committed here.
            assert!(folder(Some(kind), dir.path()).acquire_lock(&META_LOCK).is_ok(), "{kind:?}");
        }
        std::fs::write(dir.path().join(&META_LOCK.filepath), b"").unwrap();
        let held = folder(Some(io::ErrorKind::PermissionDenied), dir.path()).acquire_lock(&META_LOCK).expect("taken");
        // A writer's process (another open file) cannot take it while the reader holds it.
        let other = File::open(dir.path().join(&META_LOCK.filepath)).unwrap();
        assert!(matches!(other.try_lock(), Err(std::fs::TryLockError::WouldBlock)), "the lock is really held");
        drop(held);
        assert!(other.try_lock().is_ok(), "and released with the reader's lock");
    }

    #[test]
    fn the_writers_lock_a_busy_lock_and_other_failures_are_not_taken_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let refused = folder(Some(io::ErrorKind::PermissionDenied), dir.path());
        assert!(
            matches!(refused.acquire_lock(&INDEX_WRITER_LOCK), Err(LockError::IoError(_))),
            "a writer needs the folder"
        );
        assert!(matches!(folder(None, dir.path()).acquire_lock(&META_LOCK), Err(LockError::LockBusy)));
        let broken = folder(Some(io::ErrorKind::Other), dir.path());
        assert!(matches!(broken.acquire_lock(&META_LOCK), Err(LockError::IoError(_))));
    }
}
