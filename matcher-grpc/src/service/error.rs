//! The service's one error type, and the one place where errors become gRPC statuses.

use matcher_core::ErrorKind;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// Errors of the service.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// An error of the engine.
    #[error(transparent)]
    Core(#[from] matcher_core::Error),
    /// The request is invalid: every field with its reason.
    #[error("invalid request: {}", describe(.0))]
    Invalid(Vec<(String, String)>),
    /// No such record.
    #[error("no {what} with id `{id}`")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// No bearer token, or an unknown one.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// The token may not do this.
    #[error("{0}")]
    PermissionDenied(String),
    /// The embedded store failed.
    #[error("store: {0}")]
    Store(String),
    /// A stored record could not be read back: the store is corrupted.
    #[error("corrupted store record: {0}")]
    Corrupt(String),
    /// The request cannot be done in the state things are in (a programme never run, a stage that does not
    /// follow): the caller must change that state first.
    #[error("{0}")]
    FailedPrecondition(String),
    /// A request holds more than the server takes at once (a stream over its byte limit).
    #[error("too large: {0}")]
    TooLarge(String),
    /// Something failed inside the service (a worker, a lost result): not the caller's fault, and not worth
    /// retrying blindly.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// One invalid field.
    pub fn invalid(field: &str, reason: impl Into<String>) -> ServiceError {
        ServiceError::Invalid(vec![(field.to_string(), reason.into())])
    }

    /// A store error while opening `path`.
    pub fn store(path: impl std::fmt::Display, error: impl std::fmt::Display) -> ServiceError {
        ServiceError::Store(format!("{path}: {error}"))
    }

    /// This error with the request path of the message its fields belong to: a core error about `campaign`
    /// raised for `options` names `options.campaign`, as the caller wrote it.
    pub fn under(self, message: &str) -> ServiceError {
        match self {
            ServiceError::Core(matcher_core::Error::InvalidValue { what, reason, value }) => {
                ServiceError::Invalid(vec![(format!("{message}.{what}"), format!("`{value}`: {reason}"))])
            }
            other => other,
        }
    }

    /// Any redb error.
    pub fn storage(error: impl Into<redb::Error>) -> ServiceError {
        ServiceError::Store(error.into().to_string())
    }
}

fn describe(violations: &[(String, String)]) -> String {
    violations.iter().map(|(field, reason)| format!("{field}: {reason}")).collect::<Vec<_>>().join("; ")
}

/// Longest message a status carries: it travels in a header, and clients refuse headers past 16 KiB (a
/// request quoting a value of 100,000 characters back would reach the client as "Stream removed").
const MAX_MESSAGE_BYTES: usize = 1_024;
/// Longest field or reason of one violation in the details.
const MAX_VIOLATION_BYTES: usize = 512;
/// The most bytes of violations the details carry (base64-encoded in a header too); the rest are counted.
const MAX_DETAILS_BYTES: usize = 6 * 1_024;

/// `text` cut at a character boundary to at most `max` bytes, saying how much was left out.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub(40);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes)", &text[..end], text.len() - end)
}

/// The one mapping from errors to statuses; handlers never build a status by hand.
impl From<ServiceError> for Status {
    fn from(error: ServiceError) -> Status {
        let message = bounded(&error.to_string(), MAX_MESSAGE_BYTES);
        match error {
            ServiceError::Core(core) => match core.kind() {
                ErrorKind::InvalidInput => {
                    let field = match &core {
                        matcher_core::Error::InvalidValue { what, .. } => what.to_string(),
                        _ => "request".to_string(),
                    };
                    bad_request(message, &[(field, core.to_string())])
                }
                ErrorKind::NotFound => Status::new(Code::NotFound, message),
                ErrorKind::Unavailable => Status::new(Code::Unavailable, message),
                ErrorKind::Internal => internal(message),
                ErrorKind::DeadlineExceeded => Status::new(Code::DeadlineExceeded, message),
            },
            ServiceError::Invalid(violations) => bad_request(message, &violations),
            ServiceError::NotFound { .. } => Status::new(Code::NotFound, message),
            ServiceError::Unauthenticated(_) => Status::new(Code::Unauthenticated, message),
            ServiceError::TooLarge(_) => Status::new(Code::ResourceExhausted, message),
            ServiceError::PermissionDenied(_) => Status::new(Code::PermissionDenied, message),
            ServiceError::FailedPrecondition(_) => Status::new(Code::FailedPrecondition, message),
            ServiceError::Store(_) | ServiceError::Corrupt(_) | ServiceError::Internal(_) => internal(message),
        }
    }
}

fn bad_request(message: String, violations: &[(String, String)]) -> Status {
    let mut details = ErrorDetails::new();
    let mut bytes = 0;
    for (i, (field, reason)) in violations.iter().enumerate() {
        let (field, reason) = (bounded(field, MAX_VIOLATION_BYTES), bounded(reason, MAX_VIOLATION_BYTES));
        bytes += field.len() + reason.len();
        if bytes > MAX_DETAILS_BYTES {
            let more = format!("{} more violations are not listed", violations.len() - i);
            details.add_bad_request_violation("request", more);
            break;
        }
        details.add_bad_request_violation(field, reason);
    }
    Status::with_error_details(Code::InvalidArgument, message, details)
}

fn internal(message: String) -> Status {
    tracing::error!(error = %message, "internal error");
    Status::new(Code::Internal, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_quoting_a_huge_value_stays_small_enough_for_a_header() {
        let huge = "长".repeat(30_000);
        let many: Vec<(String, String)> =
            (0..10_000).map(|i| (format!("quotas[{i}].school"), format!("`{huge}` is not a school"))).collect();
        let status = Status::from(ServiceError::Invalid(many));
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(status.message().len() <= MAX_MESSAGE_BYTES, "{}", status.message().len());
        assert!(status.message().starts_with("invalid request: quotas[0].school: `长"));
        assert!(status.message().ends_with("more bytes)"));
        // The details travel base64-encoded beside the message: well under the 16 KiB clients take.
        assert!(status.details().len() < 8 * 1_024, "{}", status.details().len());
        let details = status.get_error_details();
        let violations = &details.bad_request().unwrap().field_violations;
        let listed = violations.len() - 1;
        assert!(listed >= 5, "the first violations are listed: {listed}");
        assert_eq!(
            violations.last().unwrap().description,
            format!("{} more violations are not listed", 10_000 - listed)
        );
        let not_found = Status::from(ServiceError::NotFound { what: "posting", id: "x".repeat(100_000) });
        assert!(not_found.message().len() <= MAX_MESSAGE_BYTES);
    }
}
