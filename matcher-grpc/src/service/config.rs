//! The server's configuration (TOML): address, data folder, tokens, limits, scoring configuration. Read
//! with unknown keys refused, then validated into [`ServeConfig`]; errors name the file and the key.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use matcher_core::{CadreId, ScoringConfig, Taxonomy};
use serde::Deserialize;

use super::tls::{check_plaintext, RawTls, TlsFiles};

/// Shortest token accepted: guessing one must be out of reach.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Who a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A platform backend: may do everything.
    Backend,
    /// A cadre: may read only their own students' lists.
    Cadre(CadreId),
    /// A school's League committee: may read only its own rows of the plan's other programmes (the
    /// Programmes service), and call no other service.
    School(matcher_core::SchoolCode),
}

/// Bounds on requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest request message, in bytes.
    pub max_message_bytes: usize,
    /// Most records in one upsert, pairs in one SetPairings, students in one BatchRecommend.
    pub max_batch: usize,
    /// Most bytes of records in one streamed upsert (the whole stream, as encoded).
    pub max_stream_bytes: usize,
    /// Deadline of a request when the client sets none (a client's shorter deadline wins).
    pub request_timeout: Duration,
    /// Most connections open at once; at the cap, the one idle the longest is closed to make room.
    pub max_connections: usize,
    /// A connection must send its first bytes within this.
    pub handshake_timeout: Duration,
    /// A connection that sends nothing for this long is closed.
    pub idle_timeout: Duration,
    /// Bytes of recent lists and decoded postings kept in memory.
    pub cache_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_message_bytes: default_max_message_bytes(),
            max_batch: default_max_batch(),
            max_stream_bytes: default_max_stream_bytes(),
            request_timeout: Duration::from_millis(default_request_timeout_ms()),
            max_connections: default_max_connections(),
            handshake_timeout: Duration::from_millis(default_handshake_timeout_ms()),
            idle_timeout: Duration::from_millis(default_idle_timeout_ms()),
            cache_bytes: default_cache_bytes(),
        }
    }
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on (port 0: any free port, printed at start).
    pub listen: SocketAddr,
    /// Folder of the index and the store.
    pub data_dir: PathBuf,
    /// Load the embedded sample when the data folder holds nothing yet.
    pub seed_sample: bool,
    /// Tokens and whom they belong to. Never logged.
    pub tokens: HashMap<String, Principal>,
    /// Request bounds.
    pub limits: Limits,
    /// Scoring and allocation.
    pub scoring: ScoringConfig,
    /// TLS files; `None` serves plaintext (loopback, or behind a TLS-terminating proxy).
    pub tls: Option<TlsFiles>,
    /// Plaintext on a non-loopback address is allowed (a TLS-terminating proxy is in front).
    pub allow_plaintext: bool,
    /// Address of the web workspace (HTTP; port 0: any free port, printed at start); `None`: no workspace.
    pub web_listen: Option<SocketAddr>,
    /// Address of the Prometheus endpoint (`GET /metrics`, plain HTTP, no personal data); `None`: none.
    pub metrics_listen: Option<SocketAddr>,
}

impl ServeConfig {
    /// Refuses a non-loopback address without TLS unless plaintext is allowed (checked again after the
    /// command line overrides the address).
    pub fn check_plaintext(&self) -> Result<(), ConfigError> {
        check_plaintext(self.listen, self.tls.is_some(), self.allow_plaintext)
            .and_then(|()| match self.web_listen {
                // The workspace speaks plain HTTP: beyond loopback, only behind a TLS-terminating proxy.
                Some(web) => check_plaintext(web, false, self.allow_plaintext).map_err(|r| format!("web_listen: {r}")),
                None => Ok(()),
            })
            .map_err(|reason| ConfigError { file: "configuration".to_string(), reason })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default = "default_listen")]
    listen: String,
    #[serde(default = "default_data_dir")]
    data_dir: PathBuf,
    #[serde(default)]
    seed_sample: bool,
    /// A scoring configuration file (`matcher config` prints the built-in one), relative to this file.
    scoring: Option<PathBuf>,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    tokens: Vec<RawToken>,
    tls: Option<RawTls>,
    #[serde(default)]
    allow_plaintext: bool,
    /// The web workspace's address; absent: no workspace.
    web_listen: Option<String>,
    /// The metrics endpoint's address; absent: none.
    metrics_listen: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    #[serde(default = "default_max_message_bytes")]
    max_message_bytes: usize,
    #[serde(default = "default_max_batch")]
    max_batch: usize,
    #[serde(default = "default_max_stream_bytes")]
    max_stream_bytes: usize,
    #[serde(default = "default_request_timeout_ms")]
    request_timeout_ms: u64,
    #[serde(default = "default_max_connections")]
    max_connections: usize,
    #[serde(default = "default_handshake_timeout_ms")]
    handshake_timeout_ms: u64,
    #[serde(default = "default_idle_timeout_ms")]
    idle_timeout_ms: u64,
    #[serde(default = "default_cache_bytes")]
    cache_bytes: usize,
}

impl Default for RawLimits {
    fn default() -> RawLimits {
        RawLimits {
            max_message_bytes: default_max_message_bytes(),
            max_batch: default_max_batch(),
            max_stream_bytes: default_max_stream_bytes(),
            request_timeout_ms: default_request_timeout_ms(),
            max_connections: default_max_connections(),
            handshake_timeout_ms: default_handshake_timeout_ms(),
            idle_timeout_ms: default_idle_timeout_ms(),
            cache_bytes: default_cache_bytes(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToken {
    /// The token itself, or
    token: Option<String>,
    /// the environment variable holding it.
    token_env: Option<String>,
    /// `backend`, `cadre` or `school`.
    role: String,
    /// For `cadre`: the cadre id.
    cadre: Option<String>,
    /// For `school`: the school's code (学校标识码) or name.
    school: Option<String>,
}

/// An address to listen on: `127.0.0.1:50051`, `[::1]:50051` or a host name with a port (`localhost:50051`,
/// looked up once, an IPv4 address preferred).
pub fn address(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if let Ok(address) = text.parse::<SocketAddr>() {
        return Ok(address);
    }
    let Some((host, port)) = text.rsplit_once(':') else {
        return Err(format!("`{text}` is not an address: give host:port, e.g. 127.0.0.1:50051"));
    };
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(format!("`{text}` is not an address: give host:port with a port of 0 to 65535"));
    }
    let found: Vec<SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(text)
        .map_err(|e| format!("`{text}`: the host name cannot be looked up: {e}"))?
        .collect();
    found
        .iter()
        .find(|a| a.is_ipv4())
        .or(found.first())
        .copied()
        .ok_or_else(|| format!("`{text}`: the host name has no address"))
}

fn default_listen() -> String {
    "127.0.0.1:50051".to_string()
}
fn default_data_dir() -> PathBuf {
    PathBuf::from("jinqiao-serve-data")
}
fn default_max_message_bytes() -> usize {
    4 * 1024 * 1024
}
fn default_max_batch() -> usize {
    10_000
}
fn default_max_stream_bytes() -> usize {
    64 * 1024 * 1024
}
fn default_request_timeout_ms() -> u64 {
    30_000
}
fn default_max_connections() -> usize {
    512
}
fn default_handshake_timeout_ms() -> u64 {
    10_000
}
fn default_idle_timeout_ms() -> u64 {
    300_000
}
fn default_cache_bytes() -> usize {
    512 << 20
}

/// A configuration error: the file and what is wrong, naming the key.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct ConfigError {
    file: String,
    reason: String,
}

impl ServeConfig {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<ServeConfig, ConfigError> {
        let file = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| ConfigError { file: file.clone(), reason: e.to_string() })?;
        let base = path.parent().unwrap_or(Path::new("."));
        ServeConfig::parse(&text, &file, base)
    }

    /// Validates configuration text; `base` resolves relative paths.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<ServeConfig, ConfigError> {
        let fail = |reason: String| ConfigError { file: file.to_string(), reason };
        let raw: RawConfig = toml::from_str(text).map_err(|e| fail(e.to_string().trim().to_string()))?;
        let listen = address(&raw.listen).map_err(|e| fail(format!("key `listen`: {e}")))?;
        let scoring = match raw.scoring {
            None => ScoringConfig::builtin(),
            Some(path) => {
                let path = base.join(path);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| fail(format!("key `scoring`: {}: {e}", path.display())))?;
                ScoringConfig::from_toml(Taxonomy::embedded(), &text, &path.display().to_string())
                    .map_err(|e| fail(format!("key `scoring`: {e}")))?
            }
        };
        let limits = &raw.limits;
        if !(1024..=256 * 1024 * 1024).contains(&limits.max_message_bytes) {
            return Err(fail("key `limits.max_message_bytes`: must be 1024 to 268435456".to_string()));
        }
        if !(1..=1_000_000).contains(&limits.max_batch) {
            return Err(fail("key `limits.max_batch`: must be 1 to 1000000".to_string()));
        }
        if !(1024..=4 * 1024 * 1024 * 1024).contains(&limits.max_stream_bytes) {
            return Err(fail("key `limits.max_stream_bytes`: must be 1024 to 4294967296".to_string()));
        }
        if !(100..=3_600_000).contains(&limits.request_timeout_ms) {
            return Err(fail("key `limits.request_timeout_ms`: must be 100 to 3600000".to_string()));
        }
        if !(1..=100_000).contains(&limits.max_connections) {
            return Err(fail("key `limits.max_connections`: must be 1 to 100000".to_string()));
        }
        if !(100..=600_000).contains(&limits.handshake_timeout_ms) {
            return Err(fail("key `limits.handshake_timeout_ms`: must be 100 to 600000".to_string()));
        }
        if !(1_000..=86_400_000).contains(&limits.idle_timeout_ms) {
            return Err(fail("key `limits.idle_timeout_ms`: must be 1000 to 86400000".to_string()));
        }
        if !(1 << 20..=1 << 36).contains(&limits.cache_bytes) {
            return Err(fail("key `limits.cache_bytes`: must be 1048576 to 68719476736".to_string()));
        }
        let mut tokens = HashMap::new();
        for (number, token) in raw.tokens.into_iter().enumerate() {
            let at = format!("tokens[{number}]");
            let secret = match (token.token, token.token_env) {
                (Some(secret), None) => secret,
                (None, Some(var)) => std::env::var(&var)
                    .map_err(|_| fail(format!("key `{at}.token_env`: environment variable `{var}` is not set")))?,
                _ => return Err(fail(format!("key `{at}`: give exactly one of `token` and `token_env`"))),
            };
            if secret.chars().count() < MIN_TOKEN_CHARS || secret.chars().any(char::is_whitespace) {
                let reason = format!("key `{at}.token`: at least {MIN_TOKEN_CHARS} characters, no spaces");
                return Err(fail(reason));
            }
            let principal = match (token.role.as_str(), token.cadre, token.school) {
                ("backend", None, None) => Principal::Backend,
                ("cadre", Some(cadre), None) => Principal::Cadre(
                    cadre.parse().map_err(|e: matcher_core::Error| fail(format!("key `{at}.cadre`: {e}")))?,
                ),
                ("school", None, Some(school)) => Principal::School(
                    matcher_core::Quotas::school(matcher_core::Taxonomy::embedded(), &school)
                        .map_err(|e| fail(format!("key `{at}.school`: {e}")))?,
                ),
                ("cadre", None, _) => return Err(fail(format!("key `{at}.cadre`: missing for role `cadre`"))),
                ("school", _, None) => return Err(fail(format!("key `{at}.school`: missing for role `school`"))),
                ("backend" | "school", Some(_), _) => {
                    return Err(fail(format!("key `{at}.cadre`: only for role `cadre`")))
                }
                ("backend" | "cadre", _, Some(_)) => {
                    return Err(fail(format!("key `{at}.school`: only for role `school`")))
                }
                (other, _, _) => {
                    return Err(fail(format!("key `{at}.role`: `{other}` is none of backend, cadre and school")))
                }
            };
            if tokens.insert(secret, principal).is_some() {
                return Err(fail(format!("key `{at}.token`: the same token is given twice")));
            }
        }
        if tokens.is_empty() {
            return Err(fail("key `tokens`: at least one token is needed (every call is authenticated)".to_string()));
        }
        let tls = raw.tls.map(|tls| TlsFiles::read(tls, base)).transpose().map_err(fail)?;
        check_plaintext(listen, tls.is_some(), raw.allow_plaintext).map_err(fail)?;
        let web_listen = match raw.web_listen.as_deref() {
            None | Some("") => None,
            Some(text) => {
                let web = address(text).map_err(|e| fail(format!("key `web_listen`: {e}")))?;
                check_plaintext(web, false, raw.allow_plaintext).map_err(|r| fail(format!("key `web_listen`: {r}")))?;
                Some(web)
            }
        };
        let metrics_listen = match raw.metrics_listen.as_deref() {
            None | Some("") => None,
            Some(text) => Some(address(text).map_err(|e| fail(format!("key `metrics_listen`: {e}")))?),
        };
        Ok(ServeConfig {
            web_listen,
            metrics_listen,
            listen,
            tls,
            allow_plaintext: raw.allow_plaintext,
            data_dir: if raw.data_dir.is_absolute() { raw.data_dir } else { base.join(raw.data_dir) },
            seed_sample: raw.seed_sample,
            tokens,
            limits: Limits {
                max_message_bytes: limits.max_message_bytes,
                max_batch: limits.max_batch,
                max_stream_bytes: limits.max_stream_bytes,
                request_timeout: Duration::from_millis(limits.request_timeout_ms),
                max_connections: limits.max_connections,
                handshake_timeout: Duration::from_millis(limits.handshake_timeout_ms),
                idle_timeout: Duration::from_millis(limits.idle_timeout_ms),
                cache_bytes: limits.cache_bytes,
            },
            scoring,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "b4ckend-t0ken-0123456789";

    #[test]
    fn reads_tokens_limits_and_refuses_mistakes_naming_the_key() {
        let text = format!(
            "listen = \"127.0.0.1:0\"\n[limits]\nmax_batch = 5\n[[tokens]]\ntoken = \"{TOKEN}\"\nrole = \"backend\"\n\
             [[tokens]]\ntoken = \"cadre-token-abcdefgh\"\nrole = \"cadre\"\ncadre = \"C0001\"\n\
             [[tokens]]\ntoken = \"school-token-abcdefgh\"\nrole = \"school\"\nschool = \"湘潭大学\"\n"
        );
        let config = ServeConfig::parse(&text, "serve.toml", Path::new("/srv")).unwrap();
        assert_eq!(config.limits.max_batch, 5);
        assert_eq!(config.tokens[TOKEN], Principal::Backend);
        assert_eq!(config.tokens["cadre-token-abcdefgh"], Principal::Cadre("C0001".parse().unwrap()));
        assert_eq!(config.tokens["school-token-abcdefgh"], Principal::School("4143010530".parse().unwrap()));
        assert_eq!(config.data_dir, Path::new("/srv/jinqiao-serve-data"));

        let error = |text: &str| ServeConfig::parse(text, "serve.toml", Path::new(".")).unwrap_err().to_string();
        let token = format!("[[tokens]]\ntoken = \"{TOKEN}\"\nrole = \"backend\"\n");
        assert!(error(&format!("lisen = \"x\"\n{token}")).contains("lisen"));
        assert!(error(&format!("listen = \"nowhere\"\n{token}")).contains("`listen`"));
        let named = ServeConfig::parse(&format!("listen = \"localhost:0\"\n{token}"), "t.toml", Path::new("."));
        assert!(named.is_ok_and(|c| c.listen.ip().is_loopback()));
        assert!(error(&format!("[limits]\nmax_batch = 0\n{token}")).contains("limits.max_batch"));
        assert!(error("[[tokens]]\ntoken = \"short\"\nrole = \"backend\"\n").contains("tokens[0]"));
        assert!(error(&format!("[[tokens]]\ntoken = \"{TOKEN}\"\nrole = \"cadre\"\n")).contains("tokens[0].cadre"));
        let school = |rest: &str| format!("[[tokens]]\ntoken = \"{TOKEN}\"\nrole = \"school\"\n{rest}");
        assert!(error(&school("")).contains("tokens[0].school"));
        assert!(error(&school("school = \"无此学校\"\n")).contains("tokens[0].school"));
        assert!(error(&school("school = \"湘潭大学\"\ncadre = \"C0001\"\n")).contains("tokens[0].cadre"));
        assert!(error("").contains("at least one token"));
        assert!(error(&format!("{token}{token}")).contains("twice"));
    }
}
