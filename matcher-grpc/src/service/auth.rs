//! Bearer-token authentication (an interceptor on every `matcher.v1` service) and the permission checks
//! the adapters make. Tokens are compared, never logged.

use std::collections::HashMap;
use std::sync::Arc;

use matcher_core::CadreId;
use tonic::{Request, Status};

use super::config::{Principal, MIN_TOKEN_CHARS};
use super::error::ServiceError;

/// Resolves `authorization: Bearer <token>` to a [`Principal`] and attaches it to the request.
#[derive(Clone)]
pub struct Authenticator {
    /// Known tokens too short to be safe are never kept (the configuration refuses them too).
    tokens: Arc<Vec<(Vec<u8>, Principal)>>,
    /// Whether school tokens pass (the Programmes service only).
    schools: bool,
}

impl Authenticator {
    /// An authenticator knowing these tokens.
    pub fn new(tokens: HashMap<String, Principal>) -> Authenticator {
        let tokens = tokens
            .into_iter()
            .filter(|(token, _)| token.chars().count() >= MIN_TOKEN_CHARS)
            .map(|(token, principal)| (token.into_bytes(), principal))
            .collect();
        Authenticator { tokens: Arc::new(tokens), schools: false }
    }

    /// The same tokens, school tokens passing too: for the Programmes service, the only one a school may call.
    pub fn with_schools(&self) -> Authenticator {
        Authenticator { tokens: self.tokens.clone(), schools: true }
    }

    /// The principal of a presented token. Empty and short tokens are refused before any comparison; every
    /// known token is compared in full, in time that depends only on the lengths, so that the time taken
    /// tells nothing of how much of a token was right.
    pub fn resolve(&self, presented: &str) -> Option<Principal> {
        if presented.chars().count() < MIN_TOKEN_CHARS {
            return None;
        }
        let mut found = None;
        for (known, principal) in self.tokens.iter() {
            if constant_time_eq(known, presented.as_bytes()) {
                found = Some(principal.clone());
            }
        }
        found
    }

    fn principal(&self, request: &Request<()>) -> Result<Principal, ServiceError> {
        let header = request
            .metadata()
            .get("authorization")
            .ok_or(ServiceError::Unauthenticated("no `authorization: Bearer <token>` header"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
            .ok_or(ServiceError::Unauthenticated("the authorization header is not `Bearer <token>`"))?;
        self.resolve(token.trim()).ok_or(ServiceError::Unauthenticated("unknown token"))
    }
}

impl tonic::service::Interceptor for Authenticator {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let principal = self.principal(&request)?;
        if matches!(principal, Principal::School(_)) && !self.schools {
            let reason = "a school token may call only the Programmes service".to_string();
            return Err(ServiceError::PermissionDenied(reason).into());
        }
        request.extensions_mut().insert(principal);
        Ok(request)
    }
}

/// The caller, as the interceptor found it.
pub fn caller<T>(request: &Request<T>) -> Result<Principal, ServiceError> {
    request.extensions().get::<Principal>().cloned().ok_or(ServiceError::Unauthenticated("not authenticated"))
}

/// Only backend tokens may do this.
pub fn require_backend<T>(request: &Request<T>, what: &str) -> Result<(), ServiceError> {
    match caller(request)? {
        Principal::Backend => Ok(()),
        Principal::Cadre(_) => Err(ServiceError::PermissionDenied(format!("a cadre token may not {what}"))),
        Principal::School(_) => Err(ServiceError::PermissionDenied(format!("a school token may not {what}"))),
    }
}

/// A cadre token may read only its own lists; a backend token anyone's.
pub fn require_cadre(caller: &Principal, cadre: &CadreId) -> Result<(), ServiceError> {
    match caller {
        Principal::Backend => Ok(()),
        Principal::Cadre(own) if own == cadre => Ok(()),
        Principal::Cadre(_) => Err(ServiceError::PermissionDenied("a cadre token reads only its own students".into())),
        Principal::School(_) => Err(ServiceError::PermissionDenied("a school token reads no student's lists".into())),
    }
}

/// Equality of two byte strings without an early exit on the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut difference = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        difference |= usize::from(x ^ y);
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_short_and_near_tokens_are_refused() {
        let token = "b4ckend-t0ken-0123456789".to_string();
        let mut tokens = HashMap::new();
        tokens.insert(token.clone(), Principal::Backend);
        tokens.insert(String::new(), Principal::Backend);
        tokens.insert("short".to_string(), Principal::Backend);
        let auth = Authenticator::new(tokens);
        assert_eq!(auth.resolve(&token), Some(Principal::Backend));
        for wrong in ["", "short", "b4ckend-t0ken-012345678", "b4ckend-t0ken-01234567890", "B4ckend-t0ken-0123456789"] {
            assert_eq!(auth.resolve(wrong), None, "{wrong:?}");
        }
        assert!(
            constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd") && !constant_time_eq(b"ab", b"abc")
        );
    }
}
