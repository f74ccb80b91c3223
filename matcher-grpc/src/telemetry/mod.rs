//! Operating the service: logs (text or JSON), one line and one metrics sample per request, and the
//! Prometheus endpoint (`metrics_listen`). Below the service: it knows nothing of the engine; whoever serves
//! the metrics passes a function that reads the gauges.

pub mod logs;
pub mod metrics;
pub mod requests;

use std::future::Future;
use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// Serves `GET /metrics` on `listener` until `stop` completes; `gauges` is called (on a blocking thread: it may
/// read files) at every scrape.
pub async fn serve_metrics(
    gauges: Arc<dyn Fn() -> metrics::Gauges + Send + Sync>,
    listener: tokio::net::TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = axum::Router::new().route(
        "/metrics",
        get(move || {
            let gauges = gauges.clone();
            async move {
                let now = tokio::task::spawn_blocking(move || gauges()).await.unwrap_or_default();
                ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], metrics::global().render(&now))
                    .into_response()
            }
        }),
    );
    axum::serve(listener, router).with_graceful_shutdown(stop).await
}
