//! The `matcher.v1` gRPC service: configuration, the engine over matcher-core and the embedded store, the
//! one error mapping, authentication, conversions, one adapter per proto service, and the server.

pub mod auth;
pub mod config;
pub mod convert;
pub mod engine;
pub mod error;
pub mod matching;
pub mod outcomes;
pub mod people;
pub mod postings;
pub mod server;
pub mod statuses;
pub mod store;

use tonic::Status;

use error::ServiceError;

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
