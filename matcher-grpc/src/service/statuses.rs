//! A layer that gives transport-level failures the status the proto documents, where tonic decides otherwise
//! before a handler runs: a message that does not decode (bad protobuf, a string that is not UTF-8) is the
//! caller's error, INVALID_ARGUMENT, not INTERNAL; a message over `max_message_bytes` is RESOURCE_EXHAUSTED,
//! not OUT_OF_RANGE; the server's request timeout is DEADLINE_EXCEEDED, not CANCELLED (which the README keeps for
//! a client that went away). Only answers that carry their status in the headers (no body was sent) are
//! touched.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{HeaderValue, Request, Response};
use tonic::Code;

/// The layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransportStatuses;

impl<S> tower::Layer<S> for TransportStatuses {
    type Service = Rewrite<S>;
    fn layer(&self, inner: S) -> Rewrite<S> {
        Rewrite { inner }
    }
}

/// The service the layer wraps.
#[derive(Debug, Clone)]
pub struct Rewrite<S> {
    inner: S,
}

impl<S, B, R> tower::Service<Request<B>> for Rewrite<S>
where
    S: tower::Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<R>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            rewrite(response.headers_mut());
            Ok(response)
        })
    }
}

/// The status a transport failure should carry, by tonic's code and message.
fn corrected(code: Code, message: &str) -> Option<Code> {
    match code {
        Code::Internal if message.starts_with("failed to decode Protobuf message") => Some(Code::InvalidArgument),
        Code::OutOfRange if message.starts_with("Error, decoded message length too large") => {
            Some(Code::ResourceExhausted)
        }
        Code::Cancelled if message == "Timeout expired" => Some(Code::DeadlineExceeded),
        _ => None,
    }
}

fn rewrite(headers: &mut http::HeaderMap) {
    let Some(code) = headers.get("grpc-status").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<i32>().ok())
    else {
        return;
    };
    let message = headers.get("grpc-message").and_then(|v| v.to_str().ok()).map(percent_decoded).unwrap_or_default();
    if let Some(better) = corrected(Code::from_i32(code), &message) {
        headers.insert("grpc-status", HeaderValue::from(better as i32));
    }
}

/// `grpc-message` is percent-encoded (spaces too).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_size_failures_get_the_documented_codes() {
        let mut headers = http::HeaderMap::new();
        headers.insert("grpc-status", HeaderValue::from(Code::Internal as i32));
        headers.insert("grpc-message", HeaderValue::from_static("failed%20to%20decode%20Protobuf%20message: invalid"));
        rewrite(&mut headers);
        assert_eq!(headers["grpc-status"], HeaderValue::from(Code::InvalidArgument as i32));
        headers.insert("grpc-status", HeaderValue::from(Code::OutOfRange as i32));
        headers.insert("grpc-message", HeaderValue::from_static("Error, decoded message length too large: found 9"));
        rewrite(&mut headers);
        assert_eq!(headers["grpc-status"], HeaderValue::from(Code::ResourceExhausted as i32));
        headers.insert("grpc-status", HeaderValue::from(Code::Internal as i32));
        headers.insert("grpc-message", HeaderValue::from_static("store: disk full"));
        rewrite(&mut headers);
        assert_eq!(headers["grpc-status"], HeaderValue::from(Code::Internal as i32), "a real internal error stays");
        headers.insert("grpc-status", HeaderValue::from(Code::Cancelled as i32));
        headers.insert("grpc-message", HeaderValue::from_static("Timeout%20expired"));
        rewrite(&mut headers);
        assert_eq!(headers["grpc-status"], HeaderValue::from(Code::DeadlineExceeded as i32), "the server's timeout");
    }
}
