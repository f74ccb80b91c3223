//! The one error type of matcher-core, split by cause, with a [`ErrorKind`] that the gRPC edge maps to a status.

use std::path::PathBuf;

/// What kind of failure an [`Error`] is; the service maps this to a status code in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller's input is wrong: fix it and try again.
    InvalidInput,
    /// The thing asked for does not exist.
    NotFound,
    /// A resource (index lock, disk) is not available now.
    Unavailable,
    /// A bug or a corrupted store: not the caller's fault.
    Internal,
    /// The caller's deadline passed before the work was done; it was stopped.
    DeadlineExceeded,
}

/// Errors of matcher-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A whole input file is not of the declared format (records inside it are reported as rejects instead).
    #[error("{path}: not a valid {format} file: {reason}")]
    BadFile {
        /// The file.
        path: String,
        /// The declared format.
        format: String,
        /// Why it is not.
        reason: String,
    },
    /// A value given by the caller (an argument, a code, an option) is invalid.
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidValue {
        /// What the value is (a field or argument name).
        what: &'static str,
        /// The value as given.
        value: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A reference table is malformed.
    #[error("reference table {table}, line {line}: {reason}")]
    Taxonomy {
        /// The table file name.
        table: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// No such record.
    #[error("no {what} with id `{id}`")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// Reading or writing a file failed.
    // The cause is in the message and deliberately not a `source`: a chain printer (anyhow's `{:#}`) would
    // print the OS error twice.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The index is locked by another writer.
    #[error("the index at {0} is being written by another process")]
    IndexLocked(String),
    /// The index on disk was written by an incompatible version.
    #[error("the index at {path} has schema version {found}, this build reads {expected}")]
    IndexVersion {
        /// The index folder.
        path: String,
        /// Version found on disk.
        found: u32,
        /// Version this build writes.
        expected: u32,
    },
    /// A configuration file is invalid: an unknown key, a value out of range, a malformed file.
    #[error("{file}: {reason}")]
    Config {
        /// The file (or `built-in default`).
        file: String,
        /// What is wrong, naming the key.
        reason: String,
    },
    /// A folder given as an index is not one (a file, a folder of other things), holds none yet where one
    /// was expected, or has lost part of it.
    #[error("{path}: {reason}")]
    NotAnIndex {
        /// The folder.
        path: String,
        /// What is wrong, and what to do.
        reason: String,
    },
    /// A stored document could not be decoded: the index is corrupted.
    #[error("corrupted index document: {0}")]
    CorruptDocument(String),
    /// The search engine failed.
    // The cause is in the message and deliberately not a `source`, as for `Io`.
    #[error("index: {0}")]
    Index(tantivy::TantivyError),
    /// The work was stopped because its deadline passed.
    #[error("stopped at the deadline after {done} of {total} {what}")]
    DeadlineExceeded {
        /// Items done.
        done: usize,
        /// Items asked for.
        total: usize,
        /// What they are ("students", "records").
        what: &'static str,
    },
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Error {
        Error::Index(error)
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::BadFile { .. } | Error::InvalidValue { .. } | Error::Config { .. } | Error::NotAnIndex { .. } => {
                ErrorKind::InvalidInput
            }
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::DeadlineExceeded { .. } => ErrorKind::DeadlineExceeded,
            Error::IndexLocked(_) => ErrorKind::Unavailable,
            Error::Io { cause, .. } if cause.kind() == std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            Error::Io { .. } => ErrorKind::Internal,
            Error::Taxonomy { .. } | Error::IndexVersion { .. } | Error::CorruptDocument(_) | Error::Index(_) => {
                ErrorKind::Internal
            }
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause: source }
    }

    pub(crate) fn invalid(what: &'static str, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidValue { what, value: value.into(), reason: reason.into() }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_split_user_errors_from_internal_ones() {
        assert_eq!(Error::invalid("region", "x", "unknown").kind(), ErrorKind::InvalidInput);
        assert_eq!(Error::NotFound { what: "posting", id: "a".into() }.kind(), ErrorKind::NotFound);
        assert_eq!(Error::CorruptDocument("x".into()).kind(), ErrorKind::Internal);
        let missing = Error::io("/nope", std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(missing.kind(), ErrorKind::NotFound);
    }
}
