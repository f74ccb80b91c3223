//! The `matcher.v1` gRPC service: configuration, the engine over matcher-core and the embedded store, the
//! one error mapping, authentication, conversions, one adapter per proto service, and the server.

pub mod auth;
pub mod cases;
pub mod config;
pub mod convert;
pub mod engine;
pub mod error;
pub mod incoming;
pub mod matching;
pub mod outcomes;
pub mod people;
pub mod postings;
pub mod programmes;
pub mod reports;
pub mod server;
pub mod statuses;
pub mod store;
pub mod tls;

use std::time::{Duration, Instant};

use tonic::Status;

use error::ServiceError;

/// When a request's work must stop: the client's deadline (`grpc-timeout`) or the server's own request
/// timeout, whichever comes first.
pub(crate) fn deadline<T>(request: &tonic::Request<T>, server_timeout: Duration) -> Instant {
    let now = Instant::now();
    let client = request.metadata().get("grpc-timeout").and_then(|v| v.to_str().ok()).and_then(grpc_timeout);
    now + client.map_or(server_timeout, |timeout| timeout.min(server_timeout))
}

/// A `grpc-timeout` value: up to 8 digits and a unit (H, M, S, m, u, n).
fn grpc_timeout(text: &str) -> Option<Duration> {
    let (digits, unit) = text.split_at(text.len().checked_sub(1)?);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(value * 3600),
        "M" => Duration::from_secs(value * 60),
        "S" => Duration::from_secs(value),
        "m" => Duration::from_millis(value),
        "u" => Duration::from_micros(value),
        "n" => Duration::from_nanos(value),
        _ => return None,
    })
}

/// Runs CPU-bound engine work (scoring) as a rayon job: the engine's own parallel loops then run inside the
/// pool instead of being handed to it from outside, and requests queue for the cores instead of
/// oversubscribing them. A panic becomes INTERNAL instead of ending the process.
pub(crate) async fn computed<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, Status> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let _ = sender.send(result);
    });
    match receiver.await {
        Ok(Ok(result)) => result.map_err(Status::from),
        Ok(Err(_)) => Err(ServiceError::Internal("worker failed".into()).into()),
        Err(_) => Err(ServiceError::Internal("worker went away".into()).into()),
    }
}

/// Runs blocking engine work on tokio's blocking pool (the engine parallelises with rayon), never on the
/// runtime's own threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, Status> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(Status::from),
        Err(error) => Err(ServiceError::Internal(format!("worker failed: {error}")).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_are_read_in_every_unit() {
        assert_eq!(grpc_timeout("5S"), Some(Duration::from_secs(5)));
        assert_eq!(grpc_timeout("250m"), Some(Duration::from_millis(250)));
        assert_eq!(grpc_timeout("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(grpc_timeout("100u"), Some(Duration::from_micros(100)));
        for bad in ["", "S", "123456789S", "5x", "-5S"] {
            assert_eq!(grpc_timeout(bad), None, "{bad}");
        }
    }
}
