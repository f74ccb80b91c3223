//! TLS for the service (rustls through tonic): the server's certificate chain and key as PEM files, and
//! optionally a CA whose client certificates are required (or accepted). Bearer tokens and student records
//! must not cross a network in plaintext: a non-loopback address without TLS is refused unless the
//! configuration says a TLS-terminating proxy stands in front (`allow_plaintext = true`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tonic::transport::{Certificate, Identity, ServerTlsConfig};

/// The `[tls]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTls {
    /// PEM certificate chain of the server.
    cert: PathBuf,
    /// PEM private key of the server.
    key: PathBuf,
    /// PEM certificates of the CA that signs client certificates.
    client_ca: Option<PathBuf>,
    /// With `client_ca`: accept clients without a certificate too (tokens still decide).
    #[serde(default)]
    client_auth_optional: bool,
}

/// The server's TLS files, read and checked.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    cert: Vec<u8>,
    key: Vec<u8>,
    client_ca: Option<Vec<u8>>,
    client_auth_optional: bool,
}

impl TlsFiles {
    /// Reads the files of the `[tls]` table, relative to `base`; errors name the key.
    pub(crate) fn read(raw: RawTls, base: &Path) -> Result<TlsFiles, String> {
        let read = |key: &str, path: &Path| -> Result<Vec<u8>, String> {
            let path = base.join(path);
            let bytes = std::fs::read(&path).map_err(|e| format!("key `tls.{key}`: {}: {e}", path.display()))?;
            if !String::from_utf8_lossy(&bytes).contains("-----BEGIN ") {
                return Err(format!("key `tls.{key}`: {} is not a PEM file", path.display()));
            }
            Ok(bytes)
        };
        let client_ca = raw.client_ca.as_deref().map(|path| read("client_ca", path)).transpose()?;
        if raw.client_auth_optional && client_ca.is_none() {
            return Err("key `tls.client_auth_optional`: only with `tls.client_ca`".to_string());
        }
        Ok(TlsFiles {
            cert: read("cert", &raw.cert)?,
            key: read("key", &raw.key)?,
            client_ca,
            client_auth_optional: raw.client_auth_optional,
        })
    }

    /// The configuration tonic serves with.
    pub fn server_config(&self) -> ServerTlsConfig {
        let mut config = ServerTlsConfig::new().identity(Identity::from_pem(&self.cert, &self.key));
        if let Some(ca) = &self.client_ca {
            config = config.client_ca_root(Certificate::from_pem(ca)).client_auth_optional(self.client_auth_optional);
        }
        config
    }
}

/// Refuses to listen in plaintext beyond this machine unless told a TLS-terminating proxy is in front.
pub fn check_plaintext(listen: SocketAddr, tls: bool, allow_plaintext: bool) -> Result<(), String> {
    if tls || allow_plaintext || listen.ip().is_loopback() {
        return Ok(());
    }
    Err(format!(
        "key `listen`: {listen} is reachable from other machines and tokens and student records would cross the \
         network in plaintext: configure [tls] (cert, key), or set allow_plaintext = true behind a TLS-terminating \
         proxy"
    ))
}
