//! One log line and one metrics sample per request, for gRPC (a tower layer around every service) and for the
//! web workspace (an axum middleware): transport, method (the proto's method or the workspace's route), status,
//! latency, peer and request id. Never a token, a header's value, a URL's path parameters or a record's
//! contents: the method names what was called, not about whom.
//!
//! The request id is the caller's `x-request-id` when it is short and plain (so that a backend can follow its
//! calls), else one made here; it is returned in the answer's `x-request-id`.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{HeaderMap, HeaderValue, Request, Response};
use http_body::{Body, Frame};
use prost::Message;

use super::metrics::{global, Transport};

/// The answer's header carrying the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// Longest request id taken from a caller.
const MAX_ID_CHARS: usize = 64;

/// Every method path the server answers: the proto's, health's and reflection's.
static METHODS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut methods = vec![
        "/grpc.health.v1.Health/Check".to_string(),
        "/grpc.health.v1.Health/Watch".to_string(),
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo".to_string(),
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo".to_string(),
    ];
    if let Ok(set) = prost_types::FileDescriptorSet::decode(crate::pb::FILE_DESCRIPTOR_SET) {
        for file in set.file {
            let package = file.package.unwrap_or_default();
            for service in file.service {
                let service_name = service.name.unwrap_or_default();
                for method in service.method {
                    methods.push(format!("/{package}.{service_name}/{}", method.name.unwrap_or_default()));
                }
            }
        }
    }
    methods
});

/// The method a path names, if the server has it; `unknown` otherwise (the path is the client's text).
pub fn method_of(path: &str) -> &'static str {
    METHODS.iter().find(|m| m.as_str() == path).map_or("unknown", |m| m.as_str())
}

/// The caller's request id when it is plain, else a new one.
pub fn request_id(headers: &HeaderMap) -> String {
    let given = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::trim);
    match given {
        Some(id)
            if !id.is_empty()
                && id.len() <= MAX_ID_CHARS
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)) =>
        {
            id.to_string()
        }
        _ => new_id(),
    }
}

fn new_id() -> String {
    static NEXT: LazyLock<AtomicU64> = LazyLock::new(|| AtomicU64::new(rand::random::<u64>() >> 16));
    format!("{:012x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Writes the line and counts the sample.
pub fn finished(
    transport: Transport,
    method: &str,
    status: &str,
    started: Instant,
    peer: Option<SocketAddr>,
    id: &str,
) {
    let latency = started.elapsed();
    global().request(transport, method, status, latency);
    let peer = peer.map(|p| p.to_string()).unwrap_or_default();
    tracing::info!(
        target: "jinqiao::request",
        transport = transport.as_str(),
        method,
        status,
        latency_ms = (latency.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        peer = %peer,
        request_id = %id,
        "request"
    );
}

/// The layer for the gRPC server.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestLog;

impl<S> tower::Layer<S> for RequestLog {
    type Service = Logged<S>;
    fn layer(&self, inner: S) -> Logged<S> {
        Logged { inner }
    }
}

/// The service the layer wraps.
#[derive(Debug, Clone)]
pub struct Logged<S> {
    inner: S,
}

/// What is known of a request until its answer's body ends.
struct Pending {
    method: &'static str,
    started: Instant,
    peer: Option<SocketAddr>,
    id: String,
    /// The status once seen (in the headers of an answer without a body, or in the trailers).
    status: Option<String>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Without a grpc-status the stream ended early (the client went away, or a transport failure).
        let status = self.status.as_deref().unwrap_or("cancelled");
        finished(Transport::Grpc, self.method, status, self.started, self.peer, &self.id);
    }
}

fn grpc_status(headers: &HeaderMap) -> Option<String> {
    headers.get("grpc-status").and_then(|v| v.to_str().ok()).map(|v| v.chars().take(4).collect())
}

fn peer<B>(request: &Request<B>) -> Option<SocketAddr> {
    use tonic::transport::server::{TcpConnectInfo, TlsConnectInfo};
    let extensions = request.extensions();
    extensions
        .get::<TcpConnectInfo>()
        .and_then(|i| i.remote_addr())
        .or_else(|| extensions.get::<TlsConnectInfo<TcpConnectInfo>>().and_then(|i| i.get_ref().remote_addr()))
}

impl<S, B, R> tower::Service<Request<B>> for Logged<S>
where
    S: tower::Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    R: Body + Unpin,
{
    type Response = Response<LoggedBody<R>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<LoggedBody<R>>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let mut pending = Pending {
            method: method_of(request.uri().path()),
            started: Instant::now(),
            peer: peer(&request),
            id: request_id(request.headers()),
            status: None,
        };
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            let (mut parts, body) = response.into_parts();
            pending.status = grpc_status(&parts.headers);
            if pending.status.is_none() && !parts.status.is_success() {
                pending.status = Some(format!("http_{}", parts.status.as_u16()));
            }
            if let Ok(value) = HeaderValue::from_str(&pending.id) {
                parts.headers.insert(REQUEST_ID, value);
            }
            Ok(Response::from_parts(parts, LoggedBody { inner: body, pending: Some(pending) }))
        })
    }
}

/// An answer's body that logs its request when it ends.
pub struct LoggedBody<R> {
    inner: R,
    pending: Option<Pending>,
}

impl<R: Body + Unpin> Body for LoggedBody<R> {
    type Data = R::Data;
    type Error = R::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(status) = frame.trailers_ref().and_then(grpc_status) {
                    if let Some(pending) = self.pending.as_mut() {
                        pending.status = Some(status);
                    }
                }
            }
            Poll::Ready(None) => {
                // The end: log now rather than when the connection lets go of the body.
                self.pending.take();
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// An HTTP method as a label: the ones browsers send by name, any other (a client may send any token) as
/// `OTHER`, so that the number of labels stays bounded.
fn http_method(method: &http::Method) -> &'static str {
    match *method {
        http::Method::GET => "GET",
        http::Method::POST => "POST",
        http::Method::HEAD => "HEAD",
        http::Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// The web workspace's middleware: the route (e.g. `/students/{id}`, never the id), the HTTP status.
pub async fn web(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = format!("{} {route}", http_method(request.method()));
    let peer = request.extensions().get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0);
    let id = request_id(request.headers());
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    finished(Transport::Http, &method, response.status().as_str(), started, peer, &id);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_the_servers_and_ids_are_plain() {
        assert_eq!(method_of("/matcher.v1.Matching/Recommend"), "/matcher.v1.Matching/Recommend");
        assert_eq!(method_of("/matcher.v1.Matching/<script>"), "unknown");
        assert_eq!(method_of("/grpc.health.v1.Health/Check"), "/grpc.health.v1.Health/Check");
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID, HeaderValue::from_static("batch-7:42"));
        assert_eq!(request_id(&headers), "batch-7:42");
        headers.insert(REQUEST_ID, HeaderValue::from_static("a b"));
        let made = request_id(&headers);
        assert_eq!(made.len(), 12, "{made}");
        headers.insert(REQUEST_ID, HeaderValue::from_str(&"x".repeat(65)).unwrap());
        assert_ne!(request_id(&headers), "x".repeat(65));
        assert_eq!(http_method(&http::Method::GET), "GET");
        assert_eq!(http_method(&http::Method::from_bytes(b"BREW-1234").unwrap()), "OTHER");
    }
}
