//! TLS: the service over rustls with a certificate made for the test (rcgen), client certificates when a CA
//! is configured, and no plaintext on an address other machines can reach unless allowed.

use std::path::Path;

use jinqiao_tests::server::{Server, Token, BACKEND};
use jinqiao_tests::{matcher, temp};
use matcher_grpc::pb;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

/// A test CA and a certificate it signed for `names`, as PEM (certificate, key).
struct Pki {
    ca_pem: String,
    ca_params: CertificateParams,
    ca_key: KeyPair,
}

impl Pki {
    fn new() -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "Jinqiao test CA");
        let ca_pem = ca_params.self_signed(&ca_key).unwrap().pem();
        Pki { ca_pem, ca_params, ca_key }
    }

    fn issue(&self, names: &[&str]) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        (params.signed_by(&key, &issuer).unwrap().pem(), key.serialize_pem())
    }
}

fn write_tls_config(dir: &Path, pki: &Pki, mutual: bool) {
    let (cert, key) = pki.issue(&["localhost", "127.0.0.1"]);
    std::fs::write(dir.join("server.crt"), cert).unwrap();
    std::fs::write(dir.join("server.key"), key).unwrap();
    std::fs::write(dir.join("ca.crt"), &pki.ca_pem).unwrap();
    let client_ca = if mutual { "client_ca = \"ca.crt\"\n" } else { "" };
    jinqiao_tests::server::write_config(
        dir,
        &format!("[tls]\ncert = \"server.crt\"\nkey = \"server.key\"\n{client_ca}"),
    );
}

async fn tls_channel(server: &Server, pki: &Pki, identity: Option<(String, String)>) -> Result<Channel, String> {
    let port = server.url.rsplit(':').next().unwrap();
    let mut tls = ClientTlsConfig::new().ca_certificate(Certificate::from_pem(&pki.ca_pem)).domain_name("localhost");
    if let Some((cert, key)) = identity {
        tls = tls.identity(Identity::from_pem(cert, key));
    }
    let endpoint = Channel::from_shared(format!("https://127.0.0.1:{port}")).unwrap().tls_config(tls).unwrap();
    endpoint.connect().await.map_err(|e| format!("{e:?}"))
}

async fn search(channel: Channel) -> Result<usize, tonic::Status> {
    let mut client = pb::postings_client::PostingsClient::with_interceptor(channel, Token(Some(BACKEND)));
    let request = pb::SearchPostingsRequest { query: "会计".into(), ..Default::default() };
    Ok(client.search_postings(request).await?.into_inner().hits.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_speaks_tls_and_refuses_plaintext_clients() {
    let dir = temp();
    let pki = Pki::new();
    write_tls_config(dir.path(), &pki, false);
    let server = Server::start(dir.path());
    let hits = search(tls_channel(&server, &pki, None).await.unwrap()).await.unwrap();
    assert!(hits > 0);
    // A plaintext client gets nothing from a TLS port.
    let plain = Channel::from_shared(server.url.clone()).unwrap().connect().await;
    let refused = match plain {
        Ok(channel) => search(channel).await.is_err(),
        Err(_) => true,
    };
    assert!(refused, "plaintext must not work against TLS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_client_ca_only_clients_with_its_certificates_are_served() {
    let dir = temp();
    let pki = Pki::new();
    write_tls_config(dir.path(), &pki, true);
    let server = Server::start(dir.path());
    let without = match tls_channel(&server, &pki, None).await {
        Ok(channel) => search(channel).await.is_err(),
        Err(_) => true,
    };
    assert!(without, "a client without a certificate is refused");
    let client = pki.issue(&["backend.example"]);
    assert!(search(tls_channel(&server, &pki, Some(client)).await.unwrap()).await.unwrap() > 0);
}

#[test]
fn plaintext_beyond_loopback_is_refused_unless_allowed() {
    let dir = temp();
    jinqiao_tests::server::write_config(dir.path(), "");
    let config = dir.path().join("serve.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("127.0.0.1:0", "0.0.0.0:0");
    std::fs::write(&config, &text).unwrap();
    let output = matcher(&["serve", "--config", config.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("[tls]") && stderr.contains("allow_plaintext"), "{stderr}");
    // The command line cannot slip past it either.
    jinqiao_tests::server::write_config(dir.path(), "");
    let output = matcher(&["serve", "--config", config.to_str().unwrap(), "--listen", "0.0.0.0:0"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("allow_plaintext"));
}
