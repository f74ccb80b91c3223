//! The server: the four `matcher.v1` services behind token authentication, health and reflection (v1 and
//! v1alpha, for grpcurl 1.8), request bounds, and a graceful stop on SIGTERM or Ctrl-C.

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Server;

use super::auth::Authenticator;
use super::cases::CasesApi;
use super::config::ServeConfig;
use super::engine::Engine;
use super::incoming::{guarded, ConnectionLimits, OpenConnections};
use super::matching::MatchingApi;
use super::outcomes::OutcomesApi;
use super::people::PeopleApi;
use super::postings::PostingsApi;
use super::programmes::ProgrammesApi;
use super::reports::ReportsApi;
use crate::pb;

/// Serves `engine` on `listener` until `stop` completes, then finishes the requests in flight and returns.
/// Connections still open a grace period (the request timeout) after `stop` are closed: a client that
/// neither sends nor answers cannot hold the server up.
pub async fn serve(
    engine: Arc<Engine>,
    config: &ServeConfig,
    listener: TcpListener,
    open: &OpenConnections,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), tonic::transport::Error> {
    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<pb::postings_server::PostingsServer<PostingsApi>>().await;
    health.set_serving::<pb::people_server::PeopleServer<PeopleApi>>().await;
    health.set_serving::<pb::matching_server::MatchingServer<MatchingApi>>().await;
    health.set_serving::<pb::outcomes_server::OutcomesServer<OutcomesApi>>().await;
    health.set_serving::<pb::cases_server::CasesServer<CasesApi>>().await;
    health.set_serving::<pb::reports_server::ReportsServer<ReportsApi>>().await;
    health.set_serving::<pb::programmes_server::ProgrammesServer<ProgrammesApi>>().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| tracing::error!(error = %e, "reflection v1"))
        .ok();
    let reflection_alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .map_err(|e| tracing::error!(error = %e, "reflection v1alpha"))
        .ok();
    let auth = Authenticator::new(config.tokens.clone());
    let max = config.limits.max_message_bytes;
    let postings =
        pb::postings_server::PostingsServer::new(PostingsApi::new(engine.clone())).max_decoding_message_size(max);
    let people = pb::people_server::PeopleServer::new(PeopleApi::new(engine.clone())).max_decoding_message_size(max);
    let matching =
        pb::matching_server::MatchingServer::new(MatchingApi::new(engine.clone())).max_decoding_message_size(max);
    let outcomes =
        pb::outcomes_server::OutcomesServer::new(OutcomesApi::new(engine.clone())).max_decoding_message_size(max);
    let cases = pb::cases_server::CasesServer::new(CasesApi::new(engine.clone())).max_decoding_message_size(max);
    let reports =
        pb::reports_server::ReportsServer::new(ReportsApi::new(engine.clone())).max_decoding_message_size(max);
    let programmes =
        pb::programmes_server::ProgrammesServer::new(ProgrammesApi::new(engine.clone())).max_decoding_message_size(max);
    let stopping = health.clone();
    let (stopped, mut on_stop) = tokio::sync::watch::channel(false);
    let mut grace_start = on_stop.clone();
    tokio::spawn(async move {
        stop.await;
        tracing::info!("stopping: no new connections; finishing requests in flight");
        stopping.set_not_serving::<pb::postings_server::PostingsServer<PostingsApi>>().await;
        stopping.set_not_serving::<pb::people_server::PeopleServer<PeopleApi>>().await;
        stopping.set_not_serving::<pb::matching_server::MatchingServer<MatchingApi>>().await;
        stopping.set_not_serving::<pb::outcomes_server::OutcomesServer<OutcomesApi>>().await;
        stopping.set_not_serving::<pb::cases_server::CasesServer<CasesApi>>().await;
        stopping.set_not_serving::<pb::reports_server::ReportsServer<ReportsApi>>().await;
        stopping.set_not_serving::<pb::programmes_server::ProgrammesServer<ProgrammesApi>>().await;
        stopping.set_service_status("", tonic_health::ServingStatus::NotServing).await;
        let _ = stopped.send(true);
    });
    let grace = config.limits.request_timeout;
    let grace_over = async move {
        let _ = grace_start.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(grace).await;
        tracing::warn!("grace period over: closing the connections still open");
    };
    let stop = async move {
        let _ = on_stop.wait_for(|stopped| *stopped).await;
    };
    let limits = &config.limits;
    let capped = super::incoming::raise_file_limit()
        .map_or(limits.max_connections, |files| limits.max_connections.min(files.saturating_sub(64).max(1) as usize));
    let connection_limits = ConnectionLimits {
        max_connections: capped,
        handshake_timeout: limits.handshake_timeout,
        idle_timeout: limits.idle_timeout,
    };
    let incoming = guarded(listener, connection_limits, open);
    let mut builder = Server::builder();
    if let Some(tls) = &config.tls {
        builder = builder.tls_config(tls.server_config())?;
    }
    let server = builder
        // Outermost: the request's line and sample see the status the client gets.
        .layer(crate::telemetry::requests::RequestLog)
        .layer(super::statuses::TransportStatuses)
        .timeout(config.limits.request_timeout)
        .add_service(health_service)
        .add_optional_service(reflection)
        .add_optional_service(reflection_alpha)
        .add_service(InterceptedService::new(postings, auth.clone()))
        .add_service(InterceptedService::new(people, auth.clone()))
        .add_service(InterceptedService::new(matching, auth.clone()))
        .add_service(InterceptedService::new(outcomes, auth.clone()))
        .add_service(InterceptedService::new(cases, auth.clone()))
        .add_service(InterceptedService::new(programmes, auth.with_schools()))
        .add_service(InterceptedService::new(reports, auth))
        .serve_with_incoming_shutdown(incoming, stop);
    tokio::select! {
        result = server => result,
        () = grace_over => Ok(()),
    }
}

/// Registers for SIGTERM and Ctrl-C (SIGINT) at once and returns a future that completes on either. Registered
/// before the server says it listens, a signal sent the moment it does still stops it gracefully (registered
/// in a task that had not run yet, such a SIGTERM killed the process: a race seen under load).
pub fn termination() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let signals = signal(SignalKind::terminate()).and_then(|term| Ok((term, signal(SignalKind::interrupt())?)));
        async move {
            match signals {
                Ok((mut term, mut interrupt)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
