//! Idle connections cannot take the service down: with the connection cap full of sockets that never speak,
//! a real client still gets answers, and the idle sockets are closed.

use std::io::Read;
use std::time::{Duration, Instant};

use jinqiao_tests::server::{write_config, Clients, Server, BACKEND};
use matcher_grpc::pb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_is_served_while_idle_sockets_fill_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "[limits]\nmax_connections = 8\nhandshake_timeout_ms = 1500\nidle_timeout_ms = 60000");
    let server = Server::start(dir.path());
    let address = server.url.trim_start_matches("http://").to_string();
    // Far more idle sockets than the cap: they connect and never send a byte.
    let idle: Vec<std::net::TcpStream> =
        (0..40).map(|_| std::net::TcpStream::connect(&address).expect("connect")).collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let mut api = Clients::new(server.channel().await, Some(BACKEND));
    let request = pb::SearchPostingsRequest { query: "会计".into(), ..Default::default() };
    let answer = tokio::time::timeout(Duration::from_secs(10), api.postings.search_postings(request)).await;
    assert!(matches!(answer, Ok(Ok(_))), "a real client is answered: {answer:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "and promptly: {:?}", started.elapsed());
    // The idle ones are closed: by the cap at once, or by the handshake timeout.
    // (The server greets each connection with its HTTP/2 settings; then it must close it.)
    for mut socket in idle {
        socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buffer = [0u8; 256];
        loop {
            match socket.read(&mut buffer) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    panic!("an idle socket is still open after 5 s")
                }
                Err(_) => break,
            }
        }
    }
    // The client that spoke is still served.
    let request = pb::SearchPostingsRequest { query: "销售".into(), ..Default::default() };
    assert!(api.postings.search_postings(request).await.is_ok());
}
