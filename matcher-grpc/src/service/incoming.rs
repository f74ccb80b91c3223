//! Accepting connections without letting idle ones take the service down. Every connection counts against
//! a cap; one that sends nothing within the handshake timeout, or nothing at all for the idle timeout, is
//! closed; when the cap is reached, the connection idle the longest (one that never spoke first) is closed to
//! make room, so a new client is served even while the cap is full of idle sockets. Accept errors (out of
//! file descriptors) back off instead of spinning.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::server::{Connected, TcpConnectInfo};

/// How connections are bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Most connections open at once.
    pub max_connections: usize,
    /// A connection must send its first bytes within this.
    pub handshake_timeout: Duration,
    /// A connection that sends nothing for this long is closed (a client reconnects when it next calls).
    pub idle_timeout: Duration,
}

/// What the accept loop knows of one open connection.
struct Tracked {
    opened: Instant,
    /// Milliseconds after `opened` of the last bytes read from the client.
    last_read_ms: AtomicU64,
    spoke: AtomicBool,
    closed_for_room: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Tracked {
    fn idle_since(&self) -> Instant {
        self.opened + Duration::from_millis(self.last_read_ms.load(Ordering::Relaxed))
    }

    fn close_for_room(&self) {
        self.closed_for_room.store(true, Ordering::SeqCst);
        if let Some(waker) = self.waker.lock().ok().and_then(|mut w| w.take()) {
            waker.wake();
        }
    }
}

/// The open connections.
#[derive(Default)]
struct Registry {
    open: Mutex<HashMap<u64, Arc<Tracked>>>,
    next: AtomicU64,
}

impl Registry {
    fn open_count(&self) -> usize {
        self.open.lock().map_or(0, |open| open.len())
    }

    /// Closes the connection idle the longest, those that never spoke first.
    fn make_room(&self) {
        let Ok(open) = self.open.lock() else { return };
        let victim = open.values().min_by_key(|t| (t.spoke.load(Ordering::Relaxed), t.idle_since()));
        if let Some(victim) = victim {
            victim.close_for_room();
        }
    }

    fn track(self: &Arc<Self>) -> (u64, Arc<Tracked>) {
        let tracked = Arc::new(Tracked {
            opened: Instant::now(),
            last_read_ms: AtomicU64::new(0),
            spoke: AtomicBool::new(false),
            closed_for_room: AtomicBool::new(false),
            waker: Mutex::new(None),
        });
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut open) = self.open.lock() {
            open.insert(id, tracked.clone());
        }
        (id, tracked)
    }

    fn forget(&self, id: u64) {
        if let Ok(mut open) = self.open.lock() {
            open.remove(&id);
        }
    }
}

/// Open connections, for metrics.
#[derive(Clone, Default)]
pub struct OpenConnections(Arc<Registry>);

impl OpenConnections {
    /// How many are open now.
    pub fn count(&self) -> usize {
        self.0.open_count()
    }
}

/// Accepts from `listener` in a task of its own; the stream gives the guarded connections, counted in `open`.
pub fn guarded(
    listener: TcpListener,
    limits: ConnectionLimits,
    open: &OpenConnections,
) -> ReceiverStream<io::Result<Guarded>> {
    let registry = open.0.clone();
    let (sender, receiver) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(5);
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors or memory: wait for connections to close instead of spinning.
                    tracing::warn!(%error, "accept failed; backing off");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                    continue;
                }
            };
            backoff = Duration::from_millis(5);
            // Without TCP_NODELAY, small answers wait for delayed ACKs: a constant ~40 ms per call was measured.
            let _ = stream.set_nodelay(true);
            if registry.open_count() >= limits.max_connections {
                registry.make_room();
            }
            let (id, tracked) = registry.track();
            let guarded = Guarded {
                inner: stream,
                id,
                tracked,
                registry: registry.clone(),
                handshake: Box::pin(tokio::time::sleep(limits.handshake_timeout)),
                idle: Box::pin(tokio::time::sleep(limits.idle_timeout)),
                idle_timeout: limits.idle_timeout,
            };
            if sender.send(Ok(guarded)).await.is_err() {
                return; // the server stopped
            }
        }
    });
    ReceiverStream::new(receiver)
}

/// A connection under the limits: reads fail (and the connection closes) once it is out of time or room.
pub struct Guarded {
    inner: TcpStream,
    id: u64,
    tracked: Arc<Tracked>,
    registry: Arc<Registry>,
    handshake: Pin<Box<Sleep>>,
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
}

impl Guarded {
    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if self.tracked.closed_for_room.load(Ordering::SeqCst) {
            return Err(io::Error::new(io::ErrorKind::ConnectionAborted, "closed to make room"));
        }
        if let Ok(mut waker) = self.tracked.waker.lock() {
            *waker = Some(cx.waker().clone());
        }
        if !self.tracked.spoke.load(Ordering::Relaxed) && self.handshake.as_mut().poll(cx).is_ready() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "nothing sent within the handshake timeout"));
        }
        if self.idle.as_mut().poll(cx).is_ready() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "idle too long"));
        }
        Ok(())
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.registry.forget(self.id);
    }
}

impl AsyncRead for Guarded {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if let Err(error) = self.check(cx) {
            return Poll::Ready(Err(error));
        }
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            let tracked = &self.tracked;
            tracked.spoke.store(true, Ordering::Relaxed);
            tracked.last_read_ms.store(tracked.opened.elapsed().as_millis() as u64, Ordering::Relaxed);
            let deadline = tokio::time::Instant::now() + self.idle_timeout;
            self.idle.as_mut().reset(deadline);
        }
        result
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        if self.tracked.closed_for_room.load(Ordering::SeqCst) {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::ConnectionAborted, "closed to make room")));
        }
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

impl Connected for Guarded {
    type ConnectInfo = TcpConnectInfo;
    fn connect_info(&self) -> TcpConnectInfo {
        self.inner.connect_info()
    }
}

/// Raises this process's limit of open files to its hard limit (the common soft limit, 1,024, is below what a
/// service with a connection cap of hundreds needs); returns the limit now in force.
pub fn raise_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit read and write the struct given; no other memory is touched.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        Some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    None
}
