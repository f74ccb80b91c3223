//! Sessions of the web workspace: a token presented once at sign-in is exchanged for a random session id in an
//! HttpOnly, SameSite=Strict cookie; each session has its own CSRF token, which every form carries. Sessions
//! live in memory (a restart signs everyone out), end after eight idle hours, and are bounded in number.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::distr::{Alphanumeric, SampleString};

use crate::service::config::Principal;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "jq_session";
/// The sign-in form's CSRF cookie (before there is a session).
pub const SIGNIN_COOKIE: &str = "jq_signin";
/// A session idle this long ends.
const IDLE: Duration = Duration::from_secs(8 * 3600);
/// Most sessions at once; the one idle longest ends to make room.
const MAX_SESSIONS: usize = 10_000;

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub principal: Principal,
    /// The token every form of this session must carry.
    pub csrf: String,
    seen: Instant,
}

/// The sessions.
#[derive(Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Session>>,
}

/// A new random secret (32 characters, about 190 bits).
pub fn secret() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 32)
}

impl Sessions {
    /// Starts a session; returns its id.
    pub fn start(&self, principal: Principal) -> String {
        let id = secret();
        let session = Session { principal, csrf: secret(), seen: Instant::now() };
        let Ok(mut sessions) = self.inner.lock() else { return id };
        sessions.retain(|_, s| s.seen.elapsed() < IDLE);
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions.iter().min_by_key(|(_, s)| s.seen).map(|(k, _)| k.clone()) {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(id.clone(), session);
        id
    }

    /// The session of an id, if it is live (its idle time starts again).
    pub fn get(&self, id: &str) -> Option<Session> {
        let mut sessions = self.inner.lock().ok()?;
        let session = sessions.get_mut(id)?;
        if session.seen.elapsed() >= IDLE {
            sessions.remove(id);
            return None;
        }
        session.seen = Instant::now();
        Some(session.clone())
    }

    /// Ends a session.
    pub fn end(&self, id: &str) {
        if let Ok(mut sessions) = self.inner.lock() {
            sessions.remove(id);
        }
    }
}

/// Equal secrets, compared in time that depends only on their lengths.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cookie's value in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, the whole site; `Secure` when served over HTTPS.
pub fn set_cookie(name: &str, value: &str, secure: bool) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{}", if secure { "; Secure" } else { "" })
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(name: &str) -> String {
    format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_start_end_and_compare_secrets() {
        let sessions = Sessions::default();
        let id = sessions.start(Principal::Backend);
        let session = sessions.get(&id).expect("live");
        assert_eq!(session.principal, Principal::Backend);
        assert_eq!(session.csrf.len(), 32);
        sessions.end(&id);
        assert!(sessions.get(&id).is_none());
        assert!(
            same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("", "") && !same_secret("a", "ab")
        );
        assert_eq!(cookie("a=1; jq_session=xyz; b=2", SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie("jq_session_other=1", SESSION_COOKIE), None);
    }
}
