//! Bearer-token authentication (an interceptor on every `matcher.v1` service) and the permission checks
//! the adapters make. Tokens are compared, never logged.

use std::collections::HashMap;
use std::sync::Arc;

use matcher_core::CadreId;
use tonic::{Request, Status};

use super::config::Principal;
use super::error::ServiceError;

/// Resolves `authorization: Bearer <token>` to a [`Principal`] and attaches it to the request.
#[derive(Clone)]
pub struct Authenticator {
    tokens: Arc<HashMap<String, Principal>>,
}

impl Authenticator {
    /// An authenticator knowing these tokens.
    pub fn new(tokens: HashMap<String, Principal>) -> Authenticator {
        Authenticator { tokens: Arc::new(tokens) }
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
        self.tokens.get(token.trim()).cloned().ok_or(ServiceError::Unauthenticated("unknown token"))
    }
}

impl tonic::service::Interceptor for Authenticator {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let principal = self.principal(&request)?;
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
    }
}

/// A cadre token may read only its own lists; a backend token anyone's.
pub fn require_cadre(caller: &Principal, cadre: &CadreId) -> Result<(), ServiceError> {
    match caller {
        Principal::Backend => Ok(()),
        Principal::Cadre(own) if own == cadre => Ok(()),
        Principal::Cadre(_) => Err(ServiceError::PermissionDenied("a cadre token reads only its own students".into())),
    }
}
