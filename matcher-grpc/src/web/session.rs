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
/// Most sessions of one user (a phone, an office PC, a laptop …); their own one idle longest ends to make room.
/// Without it one token signing in 10,000 times ended everyone else's sessions.
const MAX_PER_PRINCIPAL: usize = 16;

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub principal: Principal,
    /// The token every form of this session must carry.
    pub csrf: String,
    seen: Instant,
    /// The order sessions were started in: of two seen at the same instant, the earlier ends first.
    serial: u64,
}

/// The sessions.
#[derive(Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Session>>,
    started: std::sync::atomic::AtomicU64,
}

/// A new random secret (32 characters, about 190 bits).
pub fn secret() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 32)
}

impl Sessions {
    /// Starts a session; returns its id. A user with [`MAX_PER_PRINCIPAL`] sessions loses their own one idle
    /// longest; when all sessions are taken, the one idle longest of anyone's ends.
    pub fn start(&self, principal: Principal) -> String {
        let id = secret();
        let serial = self.started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = Session { principal, csrf: secret(), seen: Instant::now(), serial };
        let Ok(mut sessions) = self.inner.lock() else { return id };
        sessions.retain(|_, s| s.seen.elapsed() < IDLE);
        let own = sessions.values().filter(|s| s.principal == session.principal).count();
        let only_own = own >= MAX_PER_PRINCIPAL;
        if only_own || sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .filter(|(_, s)| !only_own || s.principal == session.principal)
                .min_by_key(|(_, s)| (s.seen, s.serial))
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
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

    #[test]
    fn one_user_signing_in_again_and_again_ends_only_their_own_sessions() {
        let sessions = Sessions::default();
        let office = sessions.start(Principal::Backend);
        let cadre: Principal = Principal::Cadre("C00013".parse().unwrap());
        let first = sessions.start(cadre.clone());
        let ids: Vec<String> = (0..1_000).map(|_| sessions.start(cadre.clone())).collect();
        assert!(sessions.get(&office).is_some(), "another user's session survives");
        assert!(sessions.get(&first).is_none(), "the cadre's oldest session made room");
        assert!(ids[ids.len() - MAX_PER_PRINCIPAL..].iter().all(|id| sessions.get(id).is_some()));
        assert_eq!(ids.iter().filter(|id| sessions.get(id).is_some()).count(), MAX_PER_PRINCIPAL);
    }
}
