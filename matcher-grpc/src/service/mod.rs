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
pub mod store;

use tonic::Status;

use error::ServiceError;

/// Runs blocking engine work on tokio's blocking pool (the engine parallelises with rayon), never on the
/// runtime's own threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, Status> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(Status::from),
        Err(error) => Err(ServiceError::Unavailable(format!("worker failed: {error}")).into()),
    }
}
